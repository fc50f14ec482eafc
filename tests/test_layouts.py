"""Catalogs written as each platform writes them, proven against the platforms' own writers:
msgcat (gettext, Weblate's width, no wrapping), Babel's write_po and polib's writer (Transifex's),
byte for byte, and against real catalogs Transifex wrote."""

import ctypes.util
import io
import pathlib
import shutil
import subprocess

import polib
import pytest
from babel.messages import pofile as babel_pofile
from conftest import DATA, ROOT, l10n

from sphinx_l10n import catalogs
from sphinx_l10n.catalogs import writing as catalog_writer

LONG = "Un texte assez long pour que chaque outil le coupe sur plusieurs lignes, ce qui montre où il le coupe."
# Strings where writers disagree: escapes, printf directives, URLs, roles, wide and combining characters.
STRINGS = [
    LONG,
    'Il dit "bonjour" puis \\ encore, avec\tune tabulation et un saut\nde ligne au milieu, puis une fin.\n',
    "Decoding short ASCII strings with UTF-8 and ascii codecs is now about 15% faster.  (Contributed by Inada Naoki).",
    "Various benchmarks show speedups of between 50% and 150% for long integer divisions and modulo operations.",
    "Voir https://docs.python.org/3/library/functions.html#open et :c:func:`PyIter_Next` puis ``C:\\foo\\bar``.",
    "いったいこの奇妙な存在は何者なのでしょうか？Chief Product Officer（CPO）だけでもなく、両方を同時に担う存在です。",
    "이 장에서 설명하는 모듈들은 마크업 언어가 아니고 전자 메일과 무관한 다양한 파일 형식을 구문 분석합니다.",
    "Contributed by Srinivas Reddy Thatiparthy (శ్రీనివాస్  రెడ్డి తాటిపర్తి) in :issue:`41137` for the module.",
    "def move_first_element_to_last[T, *Ts](tup: tuple[T, *Ts]) -> tuple[*Ts, T]:\n    return (*tup[1:], tup[0])",
    "# Error because re.match() returns None, which doesn't have a group() method:\n>>> pair.match(\"718ak\")\n",
    'the string ``"error:"`` and prints everything to stderr, the first element will be ``"-"`` and the current',
    "Une ligne courte.",
    # Spaces after an opening bracket, where UAX #14 forbids a break: at the wrapping column, once and twice.
    "Les « ( » et « [ » s’ouvrent : voir la fonction f( x ) et la liste [  premier, second  ] dans l’exemple ci-dessous.",
    "Les « ( » et « [ » s’ouvrent : voir la fonction f( x ) et la liste g(   premier, second  ) dans l’exemple qui suit.",
    "Une phrase écrite pour que la parenthèse tombe juste à la colonne où msgcat coupe (  ici, deux espaces) puis la fin.",
    # One line each, of every length around the width: the first line starts after `msgid "` or `msgstr "`.
    *(f"{length} mots courts pour finir pile à la colonne {'x' * 40}"[:length] for length in range(66, 76)),
]


# Words of every length, so that some line of the obsolete entry ends right at the wrapping column.
_OBSOLETE_WORDS = [[(k * 7 + shift) % 11 + 1 for k in range(40)] for shift in range(8)]


def _fixture() -> str:
    header = ('# Titre du catalogue. \n# , une ligne qui commence par une virgule\n#\nmsgid ""\nmsgstr ""\n"Language: fr\\n"\n"Project-Id-Version: demo \\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n')
    entries = []
    for number, text in enumerate(STRINGS):
        places = " ".join(f"../../source/chapitre-{number}/section-{k}.rst:{k * 17}" for k in range(1, 4 + number))
        flags = "#, python-format\n" if "%" in text else ""
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
        entries.append(f'# note {number}\n#. extrait\n#: {places}\n{flags}msgid "{escaped}"\nmsgstr "{escaped}"\n')
    for length in range(60, 80):  # one reference list of every length around the width
        entries.append(f'#: {"r" * (length - 13)}.rst:1 b.rst:2\nmsgid "ref {length}"\nmsgstr ""\n')
    entries.append('#, fuzzy\n#| msgid "ancien texte, assez long pour occuper plus d\'une ligne une fois écrit par msgcat"\n'
                   'msgid "nouveau"\nmsgstr "new"\n')
    entries.append('msgid "un fichier"\nmsgid_plural "des fichiers, écrits ici assez longuement pour être coupés en deux"\n'
                   'msgstr[0] "a file"\nmsgstr[1] "files"\n')
    entries.append('#~ msgid "disparu, une phrase qui ne figure plus dans les sources mais que l\'on garde ici"\n'
                   '#~ msgstr "gone"\n')
    # Obsolete, over several lines: its later lines are wrapped after the "#~ " prefix.
    portions = "\\n".join(" ".join("x" * n for n in lengths) for lengths in _OBSOLETE_WORDS)
    entries.append(f'#~ msgid "parti"\n#~ msgstr "{portions}"\n')
    return header + "\n" + "\n".join(entries)


def _msgcat(tmp_path: pathlib.Path, text: str, *options: str) -> str:
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    return subprocess.run(["msgcat", *options, str(source)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("layout", "options"), [("gettext", ()), ("weblate", ("--width=77",)), ("nowrap", ("--no-wrap",))])
def test_layout_is_msgcats_own_output(tmp_path, layout, options):
    written = _msgcat(tmp_path, _fixture(), *options)
    assert "\n\"" in written and "#~ msgid" in written  # wrapped strings and an obsolete entry: a real test
    assert catalogs.render(catalogs.parse(written), catalogs.LAYOUTS[layout]) == written


def test_project_catalogs_are_in_msgcats_layout(tmp_path):
    for path in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        written = _msgcat(tmp_path, path.read_text(encoding="utf-8"))
        assert catalogs.render(catalogs.parse(written, path)) == written, path


def test_babel_layout_is_babels_write_po():
    catalog = babel_pofile.read_po(io.StringIO(_fixture()), abort_invalid=True)
    out = io.BytesIO()
    babel_pofile.write_po(out, catalog, width=76, include_previous=True)
    written = out.getvalue().decode("utf-8")
    assert catalogs.render(catalogs.parse(written), catalogs.LAYOUTS["babel"]) == written


def test_transifex_layout_is_polibs_writer():
    """Transifex writes entries as polib does (wrapwidth 78, Python's textwrap): every entry of
    the fixture, obsolete, fuzzy with its previous msgid and plural ones included."""
    layout = catalogs.LAYOUTS["transifex"]
    entries = list(catalogs.parse(_fixture()))
    assert any(entry.obsolete for entry in entries) and any(entry.previous_msgid for entry in entries)
    for entry in entries:
        assert catalogs.render_entry(entry, layout) + "\n" == entry.__unicode__(78), entry.msgid


def test_transifex_layout_writes_the_header_as_polib_does():
    """The header's comment lines too: polib writes one that starts with a comma against the "#"."""
    written = catalogs.render(catalogs.parse(_fixture()), catalogs.LAYOUTS["transifex"])
    header = written.split('msgid ""', 1)[0]
    polibs = str(polib.pofile(_fixture(), wrapwidth=78)).split('msgid ""', 1)[0]
    assert "\n#, une ligne qui commence par une virgule\n" in header
    assert "\n#, une ligne qui commence par une virgule\n" in polibs


TRANSIFEX = sorted((DATA / "transifex").glob("*.po"))


@pytest.mark.parametrize("path", TRANSIFEX, ids=[path.stem for path in TRANSIFEX])
def test_transifex_layout_writes_transifex_catalogs_byte_for_byte(path):
    written = path.read_text(encoding="utf-8")
    assert catalogs.render(catalogs.parse(written, path), catalogs.LAYOUTS["transifex"]) == written
    others = [name for name, layout in catalogs.LAYOUTS.items() if name != "transifex"
              and catalogs.render(catalogs.parse(written, path), layout) == written]
    assert not others, others  # a real test: no other layout writes it so


def test_transifex_layout_keeps_multiline_strings_unwrapped():
    """polib cuts a string of several lines only after its newlines, however long each line."""
    long_line = "x " * 60
    entry = polib.POEntry(msgid=f"{long_line}\nend", msgstr="")
    lines = catalogs.render_entry(entry, catalogs.LAYOUTS["transifex"]).split("\n")
    assert lines[:3] == ['msgid ""', f'"{long_line}\\n"', '"end"']


def test_without_libunistring_lines_stay_within_width_and_escapes_whole(monkeypatch):
    monkeypatch.setattr(catalog_writer, "_libunistring", lambda: None)
    text = catalogs.render(catalogs.parse(_fixture()))
    for line in text.split("\n"):
        if line.startswith('"') and " " in line.strip('"'):  # a line with a break opportunity fits
            assert len(line) <= 79 or "\u0c30" in line, line
        assert not line.rstrip('"').endswith("\\") or line.rstrip('"').endswith("\\\\"), line  # no escape cut in two
    assert catalogs.parse(text).find(LONG).msgstr == LONG  # what is written reads back the same


def test_without_libunistring_the_fixture_breaks_where_gettext_breaks_it(monkeypatch):
    """The coarse UAX #14 reading finds the break opportunities libunistring finds, on the classes it knows:
    the fixture (French, English, code, Japanese, Korean, Telugu) is written the same either way."""
    catalog = catalogs.parse(_fixture())
    assert ctypes.util.find_library("unistring")  # gettext's library, installed with msgcat: else both are the fallback
    with_library = [catalogs.render_entry(entry, catalogs.LAYOUTS["gettext"]) for entry in catalog]
    monkeypatch.setattr(catalog_writer, "_libunistring", lambda: None)
    assert [catalogs.render_entry(entry, catalogs.LAYOUTS["gettext"]) for entry in catalog] == with_library


def test_header_keeps_its_field_order_and_spaces():
    text = catalogs.render(catalogs.parse(_fixture()))
    assert text.index("Language: fr") < text.index("Project-Id-Version: demo \\n") < text.index("Content-Type")
    assert text.startswith("# Titre du catalogue. \n# , une ligne qui commence par une virgule\n#\n")


def test_format_check_accepts_msgcat_output_and_names_the_layout(tmp_path):
    written = tmp_path / "fr" / "LC_MESSAGES" / "demo.po"
    written.parent.mkdir(parents=True)
    written.write_text(_msgcat(tmp_path, _fixture()), encoding="utf-8")
    assert l10n("format", "--check", str(written), cwd=tmp_path).returncode == 0
    result = l10n("format", "--check", "--layout", "nowrap", str(written), cwd=tmp_path)
    assert result.returncode == 1 and f"{written}:1: not in the nowrap layout" in result.stdout


def test_update_writes_new_entries_in_the_configured_layout(project_copy):
    settings = project_copy / "pyproject.toml"
    settings.write_text(settings.read_text().replace("[tool.sphinx-l10n]\n", '[tool.sphinx-l10n]\ncatalog_layout = "crowdin"\n'))
    source = project_copy / "source" / "index.rst"
    source.write_text(source.read_text(encoding="utf-8") + "\n" + LONG + "\n", encoding="utf-8")
    assert l10n("extract", cwd=project_copy).returncode == 0
    assert l10n("update", cwd=project_copy).returncode == 0
    catalog = (project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po").read_text(encoding="utf-8")
    assert f'msgid "{LONG}"\nmsgstr ""\n' in catalog  # Crowdin's: one line, however long


def test_unknown_layout_is_one_line(project_copy):
    settings = project_copy / "pyproject.toml"
    settings.write_text(settings.read_text().replace("[tool.sphinx-l10n]\n", '[tool.sphinx-l10n]\ncatalog_layout = "poedit"\n'))
    result = l10n("stats", cwd=project_copy)
    assert result.returncode == 2 and "catalog_layout 'poedit' is not one of gettext" in result.stderr
    assert "Traceback" not in result.stderr


def test_msgcat_is_on_this_machine():
    assert shutil.which("msgcat"), "the layout tests compare with GNU gettext's msgcat: install gettext"


# Babel's old layout (the space at the start of a continued line), as sphinx-intl wrote it for years.
OLD_BABEL = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"POT-Creation-Date: 2016-09-08 16:34-0700\\n"

#: ../../admin/index.rst:5
msgid ""
"Below you'll find an outline of the chapters in the administrator manual,"
" and a set of links to each chapter's main sections."
msgstr ""
"Vous trouverez ci-dessous un aperçu des chapitres du manuel de"
" l'administrateur, et des liens vers leurs sections principales."

#: ../../admin/index.rst:9
msgid "Install the tool first."
msgstr "Installez d'abord l'outil."
'''


def test_update_keeps_the_strings_of_an_entry_whose_line_moved():
    """A source line moved: the #: line changes, the strings keep the platform's wrapping byte for byte."""
    old = catalogs.parse(OLD_BABEL)
    pot = catalogs.parse(OLD_BABEL.replace("index.rst:5", "index.rst:7").replace("index.rst:9", "index.rst:11")
                         .replace("Install the tool first.", "Install the tool before anything else."))
    for entry in pot:
        entry.msgstr = ""
    after = catalogs.render_update(OLD_BABEL, old, catalogs.merge(old, pot), catalogs.GETTEXT)
    removed = [line for line in OLD_BABEL.splitlines() if line not in after.splitlines()]
    assert removed == ["#: ../../admin/index.rst:5", "#: ../../admin/index.rst:9", 'msgid "Install the tool first."'], removed
    assert '" and a set of links to each chapter\'s main sections."' in after  # Babel's own line, kept


def test_update_without_previous_msgid_writes_what_msgmerge_writes():
    old = catalogs.parse(OLD_BABEL)
    pot = catalogs.parse(OLD_BABEL.replace("Install the tool first.", "Install the tool before anything else."))
    with_previous = catalogs.merge(old, pot).find("Install the tool before anything else.")
    without = catalogs.merge(old, pot, previous=False).find("Install the tool before anything else.")
    assert with_previous.fuzzy and with_previous.previous_msgid == "Install the tool first."
    assert without.fuzzy and without.previous_msgid is None and without.msgstr == "Installez d'abord l'outil."


def test_a_changed_entry_keeps_the_lines_of_its_unchanged_translation():
    """The msgid changed (fuzzy): its msgstr, unchanged, keeps the platform's wrapping."""
    old = catalogs.parse(OLD_BABEL)
    pot = catalogs.parse(OLD_BABEL.replace("chapter's main sections.", "chapter's main sections, and more."))
    for entry in pot:
        entry.msgstr = ""
    after = catalogs.render_update(OLD_BABEL, old, catalogs.merge(old, pot, previous=False), catalogs.GETTEXT)
    assert '"Vous trouverez ci-dessous un aperçu des chapitres du manuel de"\n" l\'administrateur, et des liens' in after
    removed = [line for line in OLD_BABEL.splitlines() if line not in after.splitlines()]
    assert all("Below you" in line or "a set of links" in line for line in removed), removed  # the msgid's lines only


# ---- A platform whose layout none of the layouts reproduces -----------------------------

WIDE = ("A sentence long enough to be wrapped by every writer that wraps, here cut at fifty columns "
        "as no platform l10n knows would cut it.")


def _catalog(lang, text_lines):
    """A catalog whose one long entry is cut as given (text_lines: its msgid's quoted lines)."""
    body = "\n".join(f'"{line}"' for line in text_lines)
    return ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {lang}\\n"\n\n#: index.rst:3\nmsgid ""\n{body}\nmsgstr ""\n')


def _docs(root, catalogs_by_lang):
    """A Sphinx project made in root: conf.py, index.rst and these catalogs in locale/."""
    root.mkdir(exist_ok=True)
    (root / "conf.py").write_text("project = 'Docs'\nlanguage = 'en'\nlocale_dirs = ['locale/']\n", encoding="utf-8")
    (root / "index.rst").write_text(f"Docs\n====\n\n{WIDE}\n", encoding="utf-8")
    for lang, text in catalogs_by_lang.items():
        folder = root / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "index.po").write_text(text, encoding="utf-8")


def _cut_at(width):
    words, lines = WIDE.split(" "), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + len(word) + 1 > width:
            lines.append("")
        lines[-1] += word + " "
    lines[-1] = lines[-1].rstrip()
    return lines


def _settings(root):
    return (root / "sphinx-l10n.toml").read_text(encoding="utf-8")


def test_init_names_no_layout_when_none_writes_the_catalogs_and_format_leaves_them_alone(tmp_path):
    unknown = _catalog("de", _cut_at(50))
    _docs(tmp_path, {"de": unknown, "fr": unknown.replace("Language: de", "Language: fr")})
    result = l10n("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "catalog layout: no known layout (2 catalogs read; written exactly so: gettext 0, weblate 0" in result.stdout
    assert 'catalog_layout = "platform"' in _settings(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*.po")}

    check = l10n("format", "--check", cwd=tmp_path)
    assert check.returncode == 0 and check.stderr == ""
    assert check.stdout.splitlines() == [
        f"{tmp_path / 'sphinx-l10n.toml'}:3: catalog_layout is 'platform', the platform's own layout: nothing checked"]
    rewrite = l10n("format", cwd=tmp_path)
    assert rewrite.returncode == 2 and rewrite.stdout == "" and len(rewrite.stderr.splitlines()) == 1
    assert rewrite.stderr.startswith(f"{tmp_path / 'sphinx-l10n.toml'}:3: catalog_layout is 'platform'")
    assert "Traceback" not in rewrite.stderr
    assert {path: path.read_bytes() for path in tmp_path.rglob("*.po")} == before  # nothing rewrapped
    named = l10n("format", "--check", "--layout", "gettext", cwd=tmp_path)  # a layout named: checked in it
    assert named.returncode == 1 and "not in the gettext layout" in named.stdout


def test_init_takes_a_layout_only_when_it_writes_most_catalogs(tmp_path):
    """One catalog of two in gettext's layout is not most: no layout is guessed."""
    gettext_cut = catalogs.render(catalogs.parse(_catalog("de", _cut_at(50))))
    _docs(tmp_path / "half", {"de": gettext_cut, "fr": _catalog("fr", _cut_at(50))})
    half = l10n("init", cwd=tmp_path / "half")
    assert "no known layout (2 catalogs read; written exactly so: gettext 1," in half.stdout
    assert 'catalog_layout = "platform"' in _settings(tmp_path / "half")
    transifex_cut = catalogs.render(catalogs.parse(_catalog("de", _cut_at(50))), catalogs.LAYOUTS["transifex"])
    _docs(tmp_path / "most", {"de": transifex_cut, "es": transifex_cut.replace("Language: de", "Language: es"),
                              "fr": _catalog("fr", _cut_at(50))})
    most = l10n("init", cwd=tmp_path / "most")
    assert "catalog layout: transifex (2 of 3 catalogs read are written exactly so)" in most.stdout
    assert 'catalog_layout = "transifex"' in _settings(tmp_path / "most")


def test_update_writes_new_entries_in_gettexts_layout_for_the_platforms_own(project_copy):
    settings = project_copy / "pyproject.toml"
    settings.write_text(settings.read_text().replace("[tool.sphinx-l10n]\n", '[tool.sphinx-l10n]\ncatalog_layout = "platform"\n'))
    source = project_copy / "source" / "index.rst"
    source.write_text(source.read_text(encoding="utf-8") + "\n" + LONG + "\n", encoding="utf-8")
    assert l10n("extract", cwd=project_copy).returncode == 0
    assert l10n("update", cwd=project_copy).returncode == 0
    catalog = (project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po").read_text(encoding="utf-8")
    new = polib.POEntry(msgid=LONG, msgstr="")
    assert catalogs.render_entry(new, catalogs.GETTEXT) in catalog  # cut as msgcat cuts it
