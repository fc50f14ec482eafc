"""Bounded cost on untrusted input, through the command: what is too large to read is said in one
line (a finding, or an input error naming the file and line), the rest is still checked, and a
TMX file's entities are refused before anything is expanded. Speed and memory are bench/size.py's;
no test here times anything."""

import pytest
from conftest import l10n

from sphinx_l10n.checks.consistency import LISTED
from sphinx_l10n.checks.size import MAX_MESSAGE
from sphinx_l10n.markup import rst

HEADER = ('msgid ""\nmsgstr ""\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n')


def _quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", '\\n"\n"') + '"'


def _catalog(pairs):
    return HEADER + "".join(f"#: index.rst:{n}\nmsgid {_quoted(i)}\nmsgstr {_quoted(s)}\n\n" for n, (i, s) in enumerate(pairs, 1))


def _write(folder, pairs, name="index.po"):
    path = folder / "de" / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_catalog(pairs), encoding="utf-8")
    return path


def _check(*paths):
    return l10n("check", *paths, "--source-lang", "en", "--no-cache")


def _lines(result, check):
    return [line for line in result.stdout.splitlines() if f"[{check}]" in line]


def _line_of(path, msgid):
    """The line of the entry of msgid (its "#:" line, where it starts)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line == f"msgid {_quoted(msgid)}") - 1


def test_a_translation_beyond_what_the_checks_read_is_one_error_and_the_rest_is_checked(tmp_path):
    huge = "Ein Satz. " * (MAX_MESSAGE // 10 + 1)
    path = _write(tmp_path, [("Short source.", huge), ("Version 3.12 is out.", "Version 3.11 ist erschienen.")])
    other = _write(tmp_path, [("Release 2.7.", "Ausgabe 2.6.")], "other.po")
    result = _check(path, other)
    assert result.returncode == 1
    size = _lines(result, "size")
    assert len(size) == 1 and size[0].startswith(f"{path}:{_line_of(path, 'Short source.')}: error: [size] ")
    assert f"{len(huge):,} characters, more than the {MAX_MESSAGE:,}" in size[0]
    # No other check read it; the next entry and the other catalog were checked as usual.
    assert not [line for line in result.stdout.splitlines()
                if line.startswith(f"{path}:{_line_of(path, 'Short source.')}:") and "[size]" not in line]
    numbers = _lines(result, "numbers")
    assert any(line.startswith(f"{path}:{_line_of(path, 'Version 3.12 is out.')}:") for line in numbers)
    assert any(line.startswith(f"{other}:") for line in numbers)


def test_a_myst_message_is_read_up_to_docutils_bound(tmp_path):
    """markdown-it-py reads a MyST message whole, at up to 50 µs a character of some markup."""
    path = _write(tmp_path, [("A paragraph.", "![a" * (rst.DOCUTILS_MAX_CHARS // 3 + 1))])
    path.write_text(path.read_text(encoding="utf-8").replace("index.rst", "page.md"), encoding="utf-8")
    size = _lines(_check(path), "size")
    assert len(size) == 1 and f"more than the {rst.DOCUTILS_MAX_CHARS:,} the checks read of a MyST message" in size[0]


def test_docutils_is_not_given_a_translation_too_long_for_it_and_says_so_once(tmp_path):
    unclosed = "Text" + " *open" * (rst.DOCUTILS_MAX_CHARS // 6 + 1)  # longer than docutils is given
    path = _write(tmp_path, [("A paragraph with *emphasis*.", unclosed)])
    result = _check(path)
    size = _lines(result, "size")
    assert len(size) == 1 and "docutils is not given the translation" in size[0]
    assert f"more than the {rst.DOCUTILS_MAX_CHARS:,} docutils is given" in size[0]
    # What docutils would have said is not guessed: no dropped, sphinx-warning or markup finding.
    assert not (_lines(result, "dropped") or _lines(result, "sphinx-warning") or _lines(result, "markup"))


def test_markup_docutils_would_read_too_many_times_over_is_not_given_to_it(tmp_path):
    dense = "Text" + " *x" * 2000  # 6 KB, within the length, but 2,000 start-strings left open in one paragraph
    assert len(dense) < rst.DOCUTILS_MAX_CHARS
    result = _check(_write(tmp_path, [("A paragraph.", dense)]))
    size = _lines(result, "size")
    assert len(size) == 1 and "times over, more than 256" in size[0]


def test_what_docutils_is_not_given_is_still_checked_for_unsafe_content(tmp_path):
    """A bound is no way round the security checks: those read the text without docutils."""
    padded = "<script>alert(1)</script> " + " *x" * 2000
    result = _check(_write(tmp_path, [("A paragraph.", padded)]))
    assert _lines(result, "size") and any("raw HTML" in line for line in _lines(result, "unsafe"))
    assert result.returncode == 1


def test_a_translator_comment_cannot_silence_the_size_check(tmp_path):
    path = tmp_path / "de" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + f"# l10n: ignore size all\nmsgid \"Short.\"\nmsgstr {_quoted('x' * (MAX_MESSAGE + 1))}\n",
                    encoding="utf-8")
    result = _check(path)
    assert result.returncode == 1
    assert len(_lines(result, "size")) == 1 and "cannot be silenced" in _lines(result, "size")[0]


def test_one_check_lists_at_most_64_findings_on_one_entry_then_one_line_for_the_rest(tmp_path):
    source = " ".join(f"item {n}" for n in range(1, 201))
    target = " ".join(f"Punkt {n}" for n in range(1001, 1201))
    result = _check(_write(tmp_path, [(source, target)]))
    numbers = _lines(result, "numbers")
    assert len(numbers) == 65
    assert numbers[-1].endswith("error: [numbers] more than 64 findings of this check on this entry: the others are not listed")


def test_many_differing_literals_are_said_once_each_way(tmp_path):
    source = " ".join(f"``old{n}``" for n in range(100))
    target = " ".join(f"``neu{n}``" for n in range(100))
    markup = _lines(_check(_write(tmp_path, [(source, target)])), "markup")
    assert len(markup) == 2
    assert "100 pieces of markup of the source are missing from the translation: ``old0``, ``old1``, ``old10`` and 97 more" \
        in markup[0]
    assert "100 pieces of markup are in the translation but not in the source" in markup[1]


def _project(folder, pairs):
    """A project whose German catalog holds the pairs, and its template."""
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    (folder / "conf.py").write_text('project = "t"\nlanguage = "en"\nlocale_dirs = ["../locales"]\n', encoding="utf-8")
    (folder / "pyproject.toml").write_text('[tool.sphinx-l10n]\nsource_dir = "source"\n\n[tool.sphinx-l10n.languages]\n'
                                           'de = "in-progress"\n', encoding="utf-8")
    (folder / "build" / "gettext").mkdir(parents=True)
    (folder / "build" / "gettext" / "index.pot").write_text(_catalog([(msgid, "") for msgid, _ in pairs]).replace(
        '"Language: de\\n"\n', ""), encoding="utf-8")
    return _write(folder / "locales", pairs)


def test_near_duplicate_entries_name_a_bounded_number_of_other_translations(tmp_path):
    count = LISTED + 30
    _project(tmp_path, [("Save the file." + " " * n, f"Speichern Sie die Datei ({n}).") for n in range(count)])
    result = l10n("check", "--no-cache", cwd=tmp_path)
    inconsistent = _lines(result, "inconsistent")
    assert len(inconsistent) == count - 1  # every entry but the first is told, once
    for line in inconsistent:
        assert line.count("«Speichern Sie die Datei") == LISTED
        assert line.endswith(f"; and {count - 1 - LISTED} other translations")


def test_update_keeps_a_paragraph_too_long_to_align_whole_and_fuzzy(tmp_path):
    old = " ".join(f"Sentence {n} says what step {n} does." for n in range(150))
    translation = " ".join(f"Satz {n} sagt, was Schritt {n} tut." for n in range(150))
    path = _project(tmp_path, [(old, translation)])
    template = tmp_path / "build" / "gettext" / "index.pot"
    template.write_text(template.read_text(encoding="utf-8").replace("Sentence 75 says", "Sentence 75 now says"),
                        encoding="utf-8")
    l10n("update", cwd=tmp_path, check=True)
    catalog = path.read_text(encoding="utf-8")
    assert "#, fuzzy" in catalog and "Satz 149 sagt" in catalog
    assert "# l10n-update: 150 sentences, more than the 100 update aligns: the whole old translation is kept to edit" \
        in catalog


# (The project's source language is French.)
TMX = ('<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tmx version="1.4">\n<header srclang="fr" segtype="sentence" '
       'o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/>\n<body>\n'
       '<tu><tuv xml:lang="fr"><seg>Enregistrer {ref}</seg></tuv><tuv xml:lang="de"><seg>Speichern {ref}</seg></tuv></tu>\n'
       '</body>\n</tmx>\n')


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE tmx [\n<!ENTITY e "the file">\n]>\n',  # one entity, named over and over
    '<!DOCTYPE tmx [\n<!ENTITY a "aaaa">\n<!ENTITY e "&a;&a;&a;&a;">\n]>\n',  # nested, the billion laughs
    '<!DOCTYPE tmx [\n<!ENTITY e SYSTEM "file:///etc/passwd">\n]>\n',  # external: a file of the machine
    '<!DOCTYPE tmx [\n<!ENTITY % p "x">\n<!ENTITY e "y">\n]>\n',  # a parameter entity
])
def test_tm_import_refuses_a_tmx_file_that_declares_an_entity_in_one_line(project_copy, doctype):
    tmx = project_copy / "hostile.tmx"
    tmx.write_text(TMX.format(doctype=doctype, ref="&e;"), encoding="utf-8")
    result = l10n("tm", "import", tmx, "--lang", "de", cwd=project_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmx}:3: declares the entity ")
    assert not (project_copy / "translation-memory" / "de" / "hostile.po").exists()


def test_tm_import_reads_a_tmx_file_with_a_doctype_and_no_entity(project_copy):
    tmx = project_copy / "plain.tmx"
    tmx.write_text(TMX.format(doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n', ref="&amp; more"), encoding="utf-8")
    result = l10n("tm", "import", tmx, "--lang", "de", cwd=project_copy, check=True)
    assert "imported 1 translations" in result.stdout
    compendium = (project_copy / "translation-memory" / "de" / "plain.po").read_text(encoding="utf-8")
    assert 'msgid "Enregistrer & more"' in compendium and 'msgstr "Speichern & more"' in compendium


def test_format_refuses_in_one_line_a_word_babels_wrapping_takes_the_square_of(tmp_path):
    word = "x" * 1000  # Babel's normalize reads it again from each of its characters
    path = _write(tmp_path, [("Short.", "Kurz."), ("A word.", word)])
    other = _write(tmp_path, [("Short.", "Kurz " * 30 + "und gut.")], "other.po")
    result = l10n("format", "--layout", "babel", path, other)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"{path}:{_line_of(path, 'A word.')}: msgstr holds a run of more than 256 letters or marks with no space, which "
        "the babel layout (Babel's wrapping) takes the square of its length to write; shorten it"]
    assert f"formatted {other}" in result.stdout  # the other catalog is written all the same


def test_the_build_does_not_give_sphinx_a_translation_beyond_docutils_bounds(project_copy, tmp_path):
    """Sphinx reads a translation with docutils, whose time grows with the square of some markup: the
    build leaves out what docutils would not be given, says so in one line, and the page shows the source."""
    from sphinx_l10n import catalogs
    path = project_copy / "locales" / "en" / "LC_MESSAGES" / "index.po"
    po = catalogs.load(path)
    entry = next(e for e in po if e.msgid.startswith("Le CPTO") and not e.obsolete)
    kept = next(e for e in po if e is not entry and e.msgstr and len(e.msgid) > 80 and "\n" not in e.msgid and "`" not in e.msgid)
    entry.msgstr = "Padding " * (rst.DOCUTILS_MAX_CHARS // 8 + 1)
    catalogs.write(po, path)
    line = catalogs.load(path).find(entry.msgid).linenum
    result = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "en", cwd=project_copy)
    left_out = [out for out in result.stdout.splitlines() if "translation not used" in out]
    assert [out.replace(f"{project_copy}/", "") for out in left_out] == [
        f"locales/en/LC_MESSAGES/index.po:{line}: translation not used, the page shows the source: "
        f"{len(entry.msgstr):,} characters, more than the {rst.DOCUTILS_MAX_CHARS:,} docutils is given"], result.stdout
    page = (tmp_path / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Padding Padding" not in page and "CPTO" in page
    assert kept.msgstr.split()[0] in page  # the other translations are used


def test_docutils_is_not_given_a_source_too_long_for_it_and_says_so(tmp_path):
    """A source docutils is not given leaves the entry's Sphinx verdict unknown: named, not guessed."""
    long_source = "Text" + " *open" * (rst.DOCUTILS_MAX_CHARS // 6 + 1)  # markup the lexer cannot vouch for
    path = _write(tmp_path, [(long_source, "Texte" + " *ouvert" * 10)])
    result = _check(path)
    size = _lines(result, "size")
    assert len(size) == 1 and "docutils is not given the source" in size[0], size
    assert not (_lines(result, "dropped") or _lines(result, "sphinx-warning"))
