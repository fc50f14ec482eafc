"""`sphinx-l10n build` on a small foreign project (no l10n extension in its conf.py): incremental
builds, per-language settings, PDFs named from latex_documents, warnings told apart, and
two CI shards assembled into the same site as one machine's build."""

import contextlib
import filecmp
import itertools
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import textwrap
import time

import pytest
from conftest import l10n

from sphinx_l10n.site import build, sphinx_warnings

CONF = """\
import os
project = "Tiny"
author = "Someone"
language = "en"
locale_dirs = ["locales"]
gettext_compact = False
html_title = os.environ.get("TINY_TITLE", "Tiny")
latex_documents = [("index", "tiny.tex", "Tiny", "Someone", "howto")]
"""
SOURCES = {
    "index.rst": "Tiny\n====\n\nThe first page.\n\n.. toctree::\n\n   a\n   b\n",
    "a.rst": "Alpha\n=====\n\nAlpha text, see :ref:`nowhere`.\n",
    "b.rst": "Beta\n====\n\nBeta text, see `the site <https://example.org/>`_.\n",
}
TRANSLATIONS = {
    "de": {"Tiny": "Winzig", "The first page.": "Die erste Seite.", "Alpha": "Alpha",
           "Alpha text, see :ref:`nowhere`.": "Alpha-Text, siehe :ref:`nowhere`.", "Beta": "Beta",
           "Beta text, see `the site <https://example.org/>`_.": "Beta-Text, siehe `die Seite <https://example.org/>`_."},
    "fr": {"Tiny": "Minuscule", "The first page.": "La première page."},
}
SETTINGS = """\
[languages]
de = "release"
fr = "in-progress"

[build]
targets = ["html", "pdf"]
env = { TINY_TITLE = "Tiny ({language})" }

[build.languages.fr]
targets = ["html"]
define = { html_title = "Mini ({language})" }
"""


def _po(messages):
    entries = "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in messages.items())
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries


def _catalog(lang, document):
    """Every message of the document (de's are all of them), translated where lang has a translation."""
    return {msgid: TRANSLATIONS[lang].get(msgid, "") for msgid in TRANSLATIONS["de"] if msgid in SOURCES[document]}


@pytest.fixture
def tiny(tmp_path):
    project = tmp_path / "tiny"
    project.mkdir()
    (project / "conf.py").write_text(CONF)
    (project / "sphinx-l10n.toml").write_text(SETTINGS)
    for name, text in SOURCES.items():
        (project / name).write_text(text)
    for lang in TRANSLATIONS:
        folder = project / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for name in SOURCES:
            document = name.removesuffix(".rst")
            (folder / f"{document}.po").write_text(_po(_catalog(lang, name)))
    return project


def _states(output):
    """{(lang, target): "up to date" | "ok" | "FAILED"} from build's progress lines."""
    found = {}
    for line in output.splitlines():
        if line.startswith("["):
            _, target, lang, *state = line.split()
            found[(lang.rstrip(":"), target)] = " ".join(state).rsplit(" (", 1)[0]
    return found


def test_a_foreign_project_builds_every_language_with_its_settings(tiny):
    result = l10n("build", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    build = tiny / "_build"
    # PDFs named from the project's own latex_documents; fr builds no PDF (its own targets)
    assert sorted(p.name for p in (build / "pdf").glob("*.pdf")) == ["tiny-de.pdf", "tiny-en.pdf"]
    page = (build / "html" / "de" / "b.html").read_text()
    assert "Beta-Text" in page and "<title>Beta &#8212; Tiny (de)</title>" in page  # its environment variable
    assert "Mini (fr)</title>" in (build / "html" / "fr" / "index.html").read_text()  # its own -D, over the env
    # The switcher and hreflang, put into pages of a theme that has no place for them
    assert '<a href="../fr/b.html" hreflang="fr" lang="fr">Français</a>' in page
    assert '<link rel="alternate" hreflang="en" href="../en/b.html">' in page
    assert 'href="../pdf/tiny-de.pdf"' in page and "pdf/tiny-fr.pdf" not in page
    banner = "Cette traduction est en cours\u202f: 33\u00a0% traduit."  # l10n's own French catalog, CLDR's percent
    assert banner in (build / "html" / "fr" / "a.html").read_text()


def test_one_changed_catalog_rebuilds_only_its_language_and_its_page(tiny):
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    po = tiny / "locales" / "de" / "LC_MESSAGES" / "b.po"
    po.write_text(po.read_text().replace("Beta-Text", "Beta-Abschnitt"))
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 0, result.stdout
    assert _states(result.stdout) == {("de", "html"): "ok", ("en", "html"): "up to date", ("fr", "html"): "up to date"}
    record = json.loads((tiny / "_build" / "stamps" / "de-html.record").read_text())
    assert list(record["read"]) == ["b"]  # Sphinx's own incremental build: one document read again
    assert "Beta-Abschnitt" in _page_text(tiny / "_build" / "html" / "de" / "b.html")
    nothing = l10n("build", "--html", cwd=tiny)
    assert set(_states(nothing.stdout).values()) == {"up to date"}


def test_a_source_warning_does_not_fail_a_translation_and_a_translation_warning_does(tiny):
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 0, result.stdout  # a.rst's undefined label warns in every language
    assert "de html: 0 warning(s) from the translation, 1 from the source" in result.stdout
    assert "a.rst:4: WARNING: undefined label: 'nowhere'" in result.stdout
    po = tiny / "locales" / "de" / "LC_MESSAGES" / "b.po"
    po.write_text(po.read_text().replace("Seite <https://example.org/>`_.", "Seite <https://example.org/>`_, :ref:`anderswo`."))
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 1
    de = next(line for line in result.stdout.splitlines() if line.startswith("de "))
    assert "FAILED" in de and "b.rst:4" in de and "WARNING: " in de  # file:line, as Sphinx said it
    assert "[from the translation]" in de
    fr = next(line for line in result.stdout.splitlines() if line.startswith("fr "))
    assert " ok " in fr  # the others build as usual
    again = l10n("build", "--html", cwd=tiny)  # nothing changed: the failure stands, without a rebuild
    assert again.returncode == 1 and "b.rst:4" in again.stdout and "up to date" in again.stdout


def _page_text(path):
    """A page's HTML, which holds no soft hyphen: the browser hyphenates by the page's lang (l10n.css)."""
    text = path.read_text(encoding="utf-8")
    assert "\u00ad" not in text
    return text


def _pdf_text(path):
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return text, next(line for line in pages.splitlines() if line.startswith("Pages:"))


def test_two_shards_assembled_make_the_site_of_one_machine(tiny, tmp_path):
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

    def run(*args):
        result = subprocess.run([*l10n_command(), *map(str, args)], cwd=tiny, capture_output=True, text=True, env=environment)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    matrix = json.loads(run("ci-matrix", "2").stdout)
    shards = [job["shard"] for job in matrix["include"]]
    assert shards == ["1/2", "2/2"]
    assert sorted(" ".join(job["languages"] for job in matrix["include"]).split()) == ["de", "en", "fr"]
    one = tmp_path / "one"
    run("--build-dir", one, "build")
    merged = tmp_path / "merged"
    for index, shard in enumerate(shards):
        folder = tmp_path / f"shard{index}"
        run("--build-dir", folder, "build", "--shard", shard)
        for part in ("html", "pdf", "manifest"):  # what each CI job uploads
            if (folder / part).is_dir():
                shutil.copytree(folder / part, merged / part, dirs_exist_ok=True)
    run("--build-dir", merged, "assemble")
    different = _differences(one / "html", merged / "html")
    assert different == []
    for pdf in sorted((one / "pdf").glob("*.pdf")):
        assert _pdf_text(pdf) == _pdf_text(merged / "pdf" / pdf.name)


def _differences(left, right):
    comparison = filecmp.dircmp(left, right)
    found = [*comparison.left_only, *comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for name in comparison.common_dirs:
        found += [f"{name}/{item}" for item in _differences(pathlib.Path(left, name), pathlib.Path(right, name))]
    return found


def l10n_command():
    import sys

    return [sys.executable, "-m", "sphinx_l10n"]


def test_shards_split_by_measured_cost():

    config = _config_stub()
    assert build.shard(config, ["fr", "de", "ja", "es"], 1, 2) == ["ja"]
    assert build.shard(config, ["fr", "de", "ja", "es"], 2, 2) == ["fr", "de", "es"]


def _config_stub():
    """A configuration whose last build measured ja as the slowest language."""
    import tempfile

    from sphinx_l10n import config as configuration

    folder = pathlib.Path(tempfile.mkdtemp())
    (folder / "conf.py").write_text('language = "fr"\n')
    (folder / "sphinx-l10n.toml").write_text(textwrap.dedent("""\
        [languages]
        de = "release"
        ja = "in-progress"
        es = "release"
        """))
    config = configuration.load(folder)
    (config.build_dir / "stamps").mkdir(parents=True)
    (config.build_dir / "stamps" / "durations.json").write_text(json.dumps(
        {"ja-pdf": 20.0, "ja-html": 1.0, "fr-pdf": 3.0, "fr-html": 1.0, "de-pdf": 4.0, "de-html": 1.0, "es-pdf": 3.0}))
    return config


def test_a_page_read_again_for_the_pdf_is_still_written_for_the_site(tiny):
    """The language's builders share its Sphinx environment: after the PDF build read a changed
    document, the site build reads nothing new, and must write that page all the same."""
    assert l10n("build", cwd=tiny).returncode == 0
    po = tiny / "locales" / "de" / "LC_MESSAGES" / "b.po"
    po.write_text(po.read_text().replace("Beta-Text", "Beta-Abschnitt"))
    assert _states(l10n("build", "--pdf", cwd=tiny).stdout)[("de", "pdf")] == "ok"
    assert "Beta-Abschnitt" in _pdf_text(tiny / "_build" / "pdf" / "tiny-de.pdf")[0]
    assert _states(l10n("build", "--html", cwd=tiny).stdout)[("de", "html")] == "ok"
    assert "Beta-Abschnitt" in _page_text(tiny / "_build" / "html" / "de" / "b.html")


def test_a_language_may_build_dirhtml_and_epub(tiny):
    settings = (tiny / "sphinx-l10n.toml").read_text().replace('[build.languages.fr]', '[build.languages.de]\ntargets = ["dirhtml", "epub"]\n\n[build.languages.fr]')
    (tiny / "sphinx-l10n.toml").write_text(settings)
    result = l10n("build", "--lang", "de", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Beta-Text" in (tiny / "_build" / "html" / "de" / "b" / "index.html").read_text()
    manifest = json.loads((tiny / "_build" / "manifest" / "de.json").read_text())
    assert manifest["epub"] == ["Tiny.epub"] and (tiny / "_build" / "epub" / "de" / "Tiny.epub").is_file()
    assert "b/index.html" in manifest["site"] and manifest["pdf"] == []


def test_hreflang_and_canonical_urls_are_absolute_under_html_baseurl(tiny):
    settings = (tiny / "sphinx-l10n.toml").read_text().replace('env = { TINY_TITLE', 'define = { html_baseurl = "https://docs.example.org/" }\nenv = { TINY_TITLE')
    (tiny / "sphinx-l10n.toml").write_text(settings)
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    page = (tiny / "_build" / "html" / "de" / "b.html").read_text()
    assert '<link rel="alternate" hreflang="en" href="https://docs.example.org/en/b.html">' in page
    assert '<link rel="canonical" href="https://docs.example.org/de/b.html"' in page  # with the language's folder
    assert '<link rel="alternate" hreflang="x-default" href="https://docs.example.org/">' in page  # the chooser


def test_without_html_baseurl_x_default_is_the_chooser(tiny):
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    page = (tiny / "_build" / "html" / "de" / "b.html").read_text()
    assert '<link rel="alternate" hreflang="x-default" href="../index.html">' in page
    assert '<link rel="alternate" hreflang="fr" href="../fr/b.html">' in page



# Extensions that start processes of their own, as sphinx-sitemap does (a Manager's queue, made
# in builder-inited, filled as pages are written, read when the build ends): the build must end.
MANAGER = """\
import multiprocessing

def _inited(app):
    app.l10n_test_pages = multiprocessing.Manager().Queue()

def _page(app, pagename, templatename, context, doctree):
    app.l10n_test_pages.put(pagename)

def _finished(app, exception):
    pages = []
    while not app.l10n_test_pages.empty():
        pages.append(app.l10n_test_pages.get())
    with open(app.outdir + "/pages.txt", "w") as file:
        file.write(" ".join(sorted(pages)))
"""
POOL = """\
import multiprocessing

def _square(number):
    return number * number

def _inited(app):
    app.l10n_test_pool = multiprocessing.Pool(2)  # never closed: the interpreter's exit ends it

def _page(app, pagename, templatename, context, doctree):
    pass

def _finished(app, exception):
    with open(app.outdir + "/pages.txt", "w") as file:
        file.write(" ".join(map(str, app.l10n_test_pool.map(_square, [1, 2, 3]))))
"""
SETUP = """
def setup(app):
    app.connect("builder-inited", _inited)
    app.connect("html-page-context", _page)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True}
"""


@pytest.mark.parametrize(("code", "written"), [(MANAGER, "a b genindex index search"), (POOL, "1 4 9")],
                         ids=["manager", "pool"])
def test_an_extension_that_starts_processes_does_not_hang_the_build(tiny, code, written):
    (tiny / "processes.py").write_text(code + SETUP)
    with (tiny / "conf.py").open("a") as conf:
        conf.write('import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\nextensions = ["processes"]\n')
    result, left = _run_in_session([*l10n_command(), "build", "--html"], cwd=tiny, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(_states(result.stdout).values()) == {"ok"}
    assert (tiny / "_build" / "html" / "de" / "pages.txt").read_text() == written  # the extension did its work
    assert left == []  # no process of the build outlives it (the Manager's, the pool's workers)


def _run_in_session(command, cwd, timeout):
    """Run command in a session of its own; its result, and the processes of that session still
    running once it has ended (each a "pid command" string). A command that does not end in
    timeout seconds fails the test, and its session is killed."""
    if not os.path.isdir("/proc"):
        pytest.skip("needs /proc to find the processes a command left")
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_session(process.pid)
        process.communicate()
        pytest.fail(f"{' '.join(command)} did not end in {timeout} s")
    deadline = time.monotonic() + 5
    while _session(process.pid) and time.monotonic() < deadline:  # an orphan being reaped by init
        time.sleep(0.1)
    left = _session(process.pid)
    _kill_session(process.pid)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), left


def _session(sid):
    found = []
    for name in os.listdir("/proc"):
        try:
            if name.isdigit() and os.getsid(int(name)) == sid:
                state = pathlib.Path(f"/proc/{name}/stat").read_text().rpartition(")")[2].split()[0]
                if state != "Z":
                    found.append(f"{name} {pathlib.Path(f'/proc/{name}/cmdline').read_text().replace(chr(0), ' ')}")
        except OSError:  # ended meanwhile
            continue
    return found


def _kill_session(sid):
    for entry in _session(sid):
        with contextlib.suppress(OSError):
            os.kill(int(entry.split()[0]), signal.SIGKILL)


def test_a_run_whose_server_dies_fails_and_the_build_still_ends(tiny):
    """conf.py kills the warm server that forked its run: that run fails with a reason, the others
    run as processes of their own, and nothing is left running."""
    with (tiny / "conf.py").open("a") as conf:
        conf.write("import os, signal\n"
                   "with open(f'/proc/{os.getppid()}/cmdline') as parent:\n"
                   "    if '--serve' in parent.read():\n"
                   "        os.kill(os.getppid(), signal.SIGKILL)\n")
    result, left = _run_in_session([*l10n_command(), "build", "--html", "--jobs", "1"], cwd=tiny, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line for line in result.stdout.splitlines() if " FAILED " in line and not line.startswith("[")]
    assert len(failed) == 1 and "the warm Sphinx server died before this run ended" in failed[0]
    assert list(_states(result.stdout).values()).count("ok") == 2
    assert left == []


# Extensions that fail: when Sphinx imports them, and in a handler of theirs.
FAILING = {
    "import": ('import os\n\nraise RuntimeError("broken needs its API key (set BROKEN_KEY)")\n',
               3, "RuntimeError: broken needs its API key (set BROKEN_KEY)"),
    "handler": ('def _inited(app):\n    settings = {}\n    return settings["colour"]\n\n\n'
                'def setup(app):\n    app.connect("builder-inited", _inited)\n',
                3, "Extension error (broken): KeyError: 'colour'"),
}


@pytest.mark.parametrize("failure", FAILING, ids=lambda failure: f"at-{failure}")
def test_a_failing_extension_is_one_line_naming_its_frame_and_message(tiny, failure):
    code, line, message = FAILING[failure]
    (tiny / "broken.py").write_text(code)
    with (tiny / "conf.py").open("a") as conf:
        conf.write('import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\nextensions = ["broken"]\n')
    where = f"{tiny / 'broken.py'}:{line}: "
    extract = l10n("extract", cwd=tiny)
    assert extract.returncode == 2 and "Traceback" not in extract.stdout + extract.stderr
    assert extract.stderr.splitlines() == [f"{where}extraction failed: {message}"]
    build = l10n("build", "--html", "--lang", "en", "--lang", "de", cwd=tiny)
    assert build.returncode == 1 and "Traceback" not in build.stdout + build.stderr
    failed = [line for line in build.stdout.splitlines() if line.startswith(("en ", "de "))]
    assert len(failed) == 2 and all(re.search(rf"FAILED +[\d.]+  {re.escape(where + message)}$", line) for line in failed)


def test_a_pdf_whose_font_lacks_characters_names_each_and_is_withheld_unless_published_with_a_warning(tiny):
    """xelatex logs each character FreeSerif (Sphinx's font for xelatex) has no glyph for: the build
    names each one (itself, code point, Unicode name, times set) under its font, with the log, and
    withholds the PDF by default; pdf_missing_glyphs = "warning" publishes it with the same lines."""
    settings = tiny / "sphinx-l10n.toml"
    settings.write_text(SETTINGS.replace('[build]\n', '[build]\nlatex_engine = "xelatex"\n'))
    po = tiny / "locales" / "de" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text().replace('"Die erste Seite."', '"Die erste Seite: 漢字, 漢 und 🙂."'))
    log = tiny / "_build" / "latex" / "de" / "tiny.log"
    lacks = ("FreeSerif.otf lacks 漢 U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ×2, 字 U+5B57 CJK UNIFIED IDEOGRAPH-5B57, "
             "🙂 U+1F642 SLIGHTLY SMILING FACE")
    withheld = l10n("build", "--pdf", "--lang", "de", cwd=tiny)
    assert withheld.returncode == 1, withheld.stdout + withheld.stderr
    row, font = _row_and_next(withheld.stdout, "de ")
    assert row.startswith("de        pdf     FAILED") and row.endswith(
        f"{log}: a font lacks 3 characters, set 4 times: the PDF would show gaps, so it is withheld; choose fonts "
        "that have them (conf.py's latex_elements[\"fontpkg\"]) or change the translation, or publish it with the "
        "gaps: pdf_missing_glyphs = \"warning\"")
    assert font.strip() == lacks
    assert not (tiny / "_build" / "pdf" / "tiny-de.pdf").exists()

    settings.write_text(settings.read_text() + '\n[build.languages.de]\npdf_missing_glyphs = "warning"\n')
    published = l10n("build", "--pdf", "--lang", "de", cwd=tiny)
    assert published.returncode == 0, published.stdout + published.stderr
    row, font = _row_and_next(published.stdout, "de ")
    assert re.match(r"de +pdf +ok ", row) and row.endswith(
        f"{log}: warning: a font lacks 3 characters, set 4 times: the PDF is published with gaps (pdf_missing_glyphs "
        "= \"warning\"); choose fonts that have them (conf.py's latex_elements[\"fontpkg\"]) or change the translation")
    assert font.strip() == lacks
    assert "Die erste Seite" in _pdf_text(tiny / "_build" / "pdf" / "tiny-de.pdf")[0]
    again = l10n("build", "--pdf", "--lang", "de", cwd=tiny)  # nothing changed: still said
    assert again.returncode == 0 and "pdf de: up to date" in again.stdout
    said, lines = _row_and_next(again.stdout, "de ")
    assert said.endswith(row.partition(f"{log}:")[2]) and lines == font


def _row_and_next(output, start):
    """The summary's row that starts so, and the line after it."""
    lines = output.splitlines()
    index = next(number for number, line in enumerate(lines) if line.startswith(start))
    return lines[index], lines[index + 1]


def test_every_form_of_a_missing_character_in_a_latex_log_is_read_as_its_character():
    """The forms TeX Live 2022's xetex, luatex and pdftex log: a code point after the character,
    or none (pdftex: a message per byte); TeX's ^^ escapes; lines cut at 79 characters or bytes.
    The font without its features ("/B", XeTeX's bold, is a font of its own)."""
    from sphinx_l10n.site.pdf import missing_glyphs

    log = "\n".join([
        "(./tiny.toc)",
        "Missing character: There is no 漢 (U+6F22) in font [FreeSerif.otf]/OT:script=lat",  # xelatex, cut at 79
        "n;language=DEU;!",
        "Missing character: There is no 🙂 (U+1F642) in font name:FreeSerif:mode=node;script=latn;language=dflt;+tlig;!",
        "Missing character: There is no ^^F (U+0006) in font [/usr/share/fonts/opentype/freefont/FreeSans.otf]/OT:!",
        'Missing character: There is no é ("E9) in font cmr10!',  # xelatex, a TFM font
        "Missing character: There is no ^^e2 in font ec-lmr10!",  # pdflatex: ≥, a byte a message
        "Missing character: There is no ^^89 in font ec-lmr10!",
        "Missing character: There is no ^^a5 in font ec-lmr10!",
        "Missing character: There is no ^^e2^^80^^94 in font ec-lmr10!",  # —, escaped in one message
        "Missing character: There is no ^^^^2318 in font FreeSerif/OT:script=latn;language=dflt;mapping=tex-text;!",
        "Missing character: There is no ^^^^^^01f642 in font FreeSerif/B/OT:script=latn;!",
        "Overfull \\hbox (1.2pt too wide) in paragraph at lines 9--10",
    ]).encode()
    # pdfTeX cuts at 79 bytes, inside a character too
    cut = "Missing character: There is no ᚠ (U+16A0) in font [FreeSerif.otf]/OT:script=latn;language=DEU;!".encode()
    log += b"\n" + cut[:79] + b"\n" + cut[79:] + b"\n"
    assert missing_glyphs(log) == {
        "FreeSerif.otf": {"漢": 1, "ᚠ": 1}, "FreeSerif": {"🙂": 1, "⌘": 1}, "FreeSerif/B": {"🙂": 1},
        "FreeSans.otf": {"\x06": 1},
        "cmr10": {"é": 1}, "ec-lmr10": {"≥": 1, "—": 1},
    }

def _one_catalog(project, occurrences=True):
    """The project with one catalog per language for every document (gettext_compact as a name, as
    packaging.python.org and fpm-docs have it), its entries placed as msgmerge keeps them."""
    conf = project / "conf.py"
    conf.write_text(conf.read_text().replace("gettext_compact = False", 'gettext_compact = "docs"'))
    for lang in TRANSLATIONS:
        folder = project / "locales" / lang / "LC_MESSAGES"
        for path in folder.glob("*.po"):
            path.unlink()
        entries = "".join(
            (f"\n#: ../{name}:1\n" if occurrences else "\n") + f'msgid "{msgid}"\nmsgstr "{TRANSLATIONS[lang].get(msgid, "")}"\n'
            for name in SOURCES for msgid in TRANSLATIONS["de"] if msgid in SOURCES[name])
        (folder / "docs.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries)
    return project / "locales" / "de" / "LC_MESSAGES" / "docs.po"


def _times(folder):
    return {path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*.html")}


def test_one_edit_in_a_catalog_of_many_documents_reads_and_rewrites_only_its_page(tiny):
    """Sphinx alone reads every document a changed catalog serves again; the build knows which
    documents hold the changed translations, and assemble rewrites only the pages that changed."""
    po = _one_catalog(tiny)
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    site = tiny / "_build" / "html"
    before = _times(site)
    po.write_text(po.read_text().replace("Beta-Text", "Beta-Abschnitt"))
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 0, result.stdout
    record = json.loads((tiny / "_build" / "stamps" / "de-html.record").read_text())
    assert list(record["read"]) == ["b"]
    assert "Beta-Abschnitt" in _page_text(site / "de" / "b.html")
    after = _times(site)
    rewritten = sorted(page for page in after if after[page] != before.get(page))
    # Sphinx writes b, the page whose toctree shows it, and its index pages anew; not a, nor any
    # page of another language.
    assert rewritten == ["de/b.html", "de/genindex.html", "de/index.html", "de/search.html"], rewritten


def test_a_changed_translation_of_unknown_place_reads_every_document_again(tiny):
    po = _one_catalog(tiny, occurrences=False)
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    po.write_text(po.read_text().replace("Beta-Text", "Beta-Abschnitt"))
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    record = json.loads((tiny / "_build" / "stamps" / "de-html.record").read_text())
    assert sorted(record["read"]) == ["a", "b", "index"]
    assert "Beta-Abschnitt" in _page_text(tiny / "_build" / "html" / "de" / "b.html")


def test_the_build_says_what_each_language_is_doing_as_it_goes(tiny):
    result = l10n("build", "--html", "--lang", "de", cwd=tiny)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    said = [line for line in lines if line.startswith("html de: ")]
    assert said == ["html de: reading 3 document(s)", "html de: writing (html)"], result.stdout
    assert lines.index(said[-1]) < next(i for i, line in enumerate(lines) if line.startswith("[1/1] html de: ok"))
    po = tiny / "locales" / "de" / "LC_MESSAGES" / "b.po"
    po.write_text(po.read_text().replace("Beta-Text", "Beta-Abschnitt"))
    again = l10n("build", "--html", "--lang", "de", cwd=tiny)
    assert "html de: reading 1 document(s)" in again.stdout.splitlines()


def _edit(tiny, lang, document, old, new):
    po = tiny / "locales" / lang / "LC_MESSAGES" / f"{document}.po"
    text = po.read_text()
    assert old in text
    po.write_text(text.replace(old, new))


def _said(result, lang):
    """The summary's row of lang."""
    return next(line for line in result.stdout.splitlines() if line.startswith(f"{lang} "))


def test_a_failed_build_is_never_up_to_date_and_is_built_again_from_nothing(tiny):
    """Sphinx failed (here the guard refused a translation, once the pages were written): the next
    run, with nothing changed, fails again rather than report the language up to date; once the
    translation is fixed, the language's environment is read again from nothing (-E)."""
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    _edit(tiny, "de", "b", "Beta-Text, siehe", "Beta-Text, :download:`hier <conf.py>`, siehe")
    failed = l10n("build", "--html", cwd=tiny)
    assert failed.returncode == 1 and "unsafe translation refused" in _said(failed, "de"), failed.stdout
    again = l10n("build", "--html", cwd=tiny)
    assert again.returncode == 1, again.stdout
    assert _states(again.stdout)[("de", "html")] == "FAILED" and "unsafe translation refused" in _said(again, "de")
    _edit(tiny, "de", "b", "Beta-Text, :download:`hier <conf.py>`, siehe", "Beta-Text, siehe")
    fixed = l10n("build", "--html", cwd=tiny)
    assert fixed.returncode == 0, fixed.stdout
    assert "html de: reading 3 document(s)" in fixed.stdout.splitlines()  # from nothing, not b alone
    assert "Beta-Text, siehe" in _page_text(tiny / "_build" / "html" / "de" / "b.html")


def test_a_translation_warning_that_was_fixed_no_longer_fails_the_build(tiny):
    _edit(tiny, "de", "b", "Seite <https://example.org/>`_.", "Seite <https://example.org/>`_, :ref:`anderswo`.")
    failed = l10n("build", "--html", cwd=tiny)
    assert failed.returncode == 1 and "[from the translation]" in _said(failed, "de"), failed.stdout
    _edit(tiny, "de", "b", "Seite <https://example.org/>`_, :ref:`anderswo`.", "Seite <https://example.org/>`_.")
    fixed = l10n("build", "--html", cwd=tiny)
    assert fixed.returncode == 0, fixed.stdout
    assert "html de: reading 1 document(s)" in fixed.stdout.splitlines()  # Sphinx's incremental build: b alone
    assert "de html: 0 warning(s) from the translation, 1 from the source" in fixed.stdout


def _banner(tiny, lang, page):
    text = _page_text(tiny / "_build" / "html" / lang / page)
    return re.search(r"Cette traduction est en cours\u202f: ([\d,]+)\u00a0% traduit\.", text)[1]


def test_the_manifest_and_the_banner_follow_the_completion_of_the_last_build(tiny):
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    manifest = tiny / "_build" / "manifest" / "fr.json"
    assert json.loads(manifest.read_text())["stats"]["translated"] == 2
    assert _banner(tiny, "fr", "b.html") == "33"
    _edit(tiny, "fr", "a", 'msgid "Alpha"\nmsgstr ""', 'msgid "Alpha"\nmsgstr "Alpha"')
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    assert json.loads(manifest.read_text())["stats"]["translated"] == 3
    assert _banner(tiny, "fr", "b.html") == "50"  # a page whose own translation did not change too
    assert _banner(tiny, "fr", "a.html") == "50"


# An extension that holds the run once Sphinx has written the pages, when $TINY_HANG names a file
# (which it writes then): the moment a build is killed, with the new pages written.
HANG = """\
import os
import time


def _hang(app, exception):
    if os.environ.get("TINY_HANG"):
        with open(os.environ["TINY_HANG"], "w") as file:
            file.write(app.builder.name)
        time.sleep(120)


def setup(app):
    app.connect("build-finished", _hang)
    return {"parallel_read_safe": True}
"""


def test_a_build_killed_halfway_leaves_nothing_the_next_build_trusts(tiny, tmp_path):
    """kill -9 of the build's processes once Sphinx has written the new pages: the catalog is then
    put back as it was, so its inputs are those of the last good build; the next build still
    builds the language again, and the site is the catalog's."""
    (tiny / "hang.py").write_text(HANG)
    with (tiny / "conf.py").open("a") as conf:
        conf.write('import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\nextensions = ["hang"]\n')
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    page = tiny / "_build" / "html" / "de" / "b.html"
    _edit(tiny, "de", "b", "Beta-Text", "Beta-Abschnitt")
    held = tmp_path / "held"
    process = subprocess.Popen([*l10n_command(), "build", "--html", "--lang", "de"], cwd=tiny, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TINY_HANG": str(held)})
    try:
        deadline = time.monotonic() + 60
        while not held.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert held.exists(), "the build never reached the moment it is killed at"
        assert "Beta-Abschnitt" in _page_text(page)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the build, its warm Sphinx server and the run it forked
        process.wait()
    _edit(tiny, "de", "b", "Beta-Abschnitt", "Beta-Text")
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _states(result.stdout) == {("de", "html"): "ok", ("en", "html"): "up to date", ("fr", "html"): "up to date"}
    assert "Beta-Abschnitt" not in _page_text(page) and "Beta-Text" in _page_text(page)


def test_the_server_started_with_the_command_line_is_used_or_stopped(tiny):
    """`build` starts Sphinx's server as the command line is read: a build takes it over, and one with
    nothing to build (or that stops at an input error) leaves no process of it behind."""
    built, left = _run_in_session([*l10n_command(), "build", "--html", "--lang", "de"], cwd=tiny, timeout=120)
    assert built.returncode == 0 and _states(built.stdout) == {("de", "html"): "ok"}, built.stdout + built.stderr
    assert left == []
    nothing, left = _run_in_session([*l10n_command(), "--build-dir", "_build", "build", "--html", "--lang", "de"],
                                    cwd=tiny, timeout=60)
    assert _states(nothing.stdout) == {("de", "html"): "up to date"} and left == []
    refused, left = _run_in_session([*l10n_command(), "build", "--lang", "xx"], cwd=tiny, timeout=60)
    assert refused.returncode == 2 and left == [], refused.stderr


def test_a_banner_l10n_cannot_say_in_the_pages_language_is_english_throughout(tiny):
    """No interface catalog for Polish: the banner is in English, the source language named in English."""
    settings = tiny / "sphinx-l10n.toml"
    settings.write_text(settings.read_text().replace('fr = "in-progress"', 'fr = "in-progress"\npl = "in-progress"'))
    folder = tiny / "locales" / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "index.po").write_text(_po({"Tiny": "Malutki", "The first page.": ""}))
    result = l10n("build", "--html", "--lang", "pl", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tiny / "_build" / "html" / "pl" / "index.html").read_text(encoding="utf-8")
    banner = page[page.index('<div class="l10n-banner"'):]
    banner = banner[:banner.index("</div>")]
    assert ' lang="en"' in banner and "shown in the original English." in banner, banner


def test_the_status_chart_draws_each_languages_bars_in_proportion(tiny):
    """The badge's bars: translated and unreviewed (fuzzy) entries, each as long as its share of the track."""
    import xml.etree.ElementTree as ET

    index = tiny / "locales" / "fr" / "LC_MESSAGES" / "index.po"
    index.write_text(index.read_text().replace('msgid "The first page."', '#, fuzzy\nmsgid "The first page."')
                     + '\nmsgid "A seventh message."\nmsgstr ""\n')  # 1 of 7: a share no whole number of pixels draws
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    svg = ET.parse(tiny / "_build" / "html" / "l10n-status.svg").getroot()
    rects = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    track = float(next(r for r in rects if r.get("fill") == "#e6e6e6").get("width"))
    fuzzy = [float(r.get("width")) for r in rects if r.get("fill") == "#f9a825"]
    counts = json.loads((tiny / "_build" / "manifest" / "fr.json").read_text())["stats"]
    assert counts["fuzzy"] == 1 and track % counts["total"]
    assert fuzzy == [pytest.approx(track * counts["fuzzy"] / counts["total"], abs=0.05)]
    # As tall as its rows, with the margin below the last bar that the first has above it.
    bottom, top = max(float(r.get("y")) + float(r.get("height")) for r in rects), min(float(r.get("y")) for r in rects)
    assert top <= float(svg.get("height")) - bottom <= 3 * top
    # Each language's name and figure on its own bar's row.
    texts = [float(t.get("y")) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    bars = sorted({float(r.get("y")) for r in rects})
    assert len(texts) == 2 * len(bars) and all(bar < y < bar + 20 for bar, y in zip(bars, texts[::2], strict=True))
    assert texts[::2] == texts[1::2] and all(b - a > 20 for a, b in itertools.pairwise(bars))  # no overlap


def test_a_warnings_continuation_lines_stay_with_it():
    """Sphinx's warnings file: a message over several lines is one warning, of its own file."""
    text = "a.rst:1: WARNING: one\n  said on\nb.rst:2: WARNING: two\n  said on too\n\nc.rst: WARNING: three\n"
    assert sphinx_warnings.read_warnings(text) == [("a.rst", "a.rst:1: WARNING: one\n  said on"),
                                         ("b.rst", "b.rst:2: WARNING: two\n  said on too"),
                                         ("c.rst", "c.rst: WARNING: three")]


def test_a_pdf_latex_cannot_make_fails_the_build_with_latexs_own_words(tiny):
    """LaTeX stops at an error of the project's preamble: the PDF target fails, and says LaTeX's line."""
    (tiny / "conf.py").write_text(CONF + 'latex_elements = {"preamble": r"\\UndefinedInThePreamble"}\n')
    result = l10n("build", "--pdf", "--lang", "en", cwd=tiny)
    assert result.returncode != 0, result.stdout
    assert "LaTeX failed: ! Undefined control sequence." in result.stdout + result.stderr, result.stdout + result.stderr
    assert not list((tiny / "_build").rglob("*.pdf"))


@pytest.mark.parametrize("lang", ["ca", "pl"])  # before and after the source language (en) in the alphabet
def test_a_language_without_catalogs_is_refused_not_built_in_the_source_language(tiny, lang):
    settings = tiny / "sphinx-l10n.toml"
    settings.write_text(settings.read_text().replace('fr = "in-progress"', f'fr = "in-progress"\n{lang} = "in-progress"'))
    result = l10n("build", "--html", "--lang", lang, cwd=tiny)
    assert result.returncode != 0 and f"no catalogs for {lang}: run `sphinx-l10n update`" in result.stdout + result.stderr
    assert not (tiny / "_build" / "html" / lang / "index.html").exists()


def test_a_changed_interface_catalog_shows_its_new_words_on_every_page(tiny):
    """sphinx.po's words are on every page (a heading's link title): changing one rewrites them all."""
    interface = tiny / "locales" / "de" / "LC_MESSAGES" / "sphinx.po"
    titles = ("Link to this heading", "Permalink to this heading", "Permalink to this headline")  # Sphinx 7, 5.1, 4
    interface.write_text(_po(dict.fromkeys(titles, "Link zu dieser Überschrift")))
    assert l10n("build", "--html", "--lang", "de", cwd=tiny).returncode == 0
    interface.write_text(_po(dict.fromkeys(titles, "Verweis auf diese Überschrift")))
    result = l10n("build", "--html", "--lang", "de", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index", "a", "b"):
        text = (tiny / "_build" / "html" / "de" / f"{page}.html").read_text(encoding="utf-8")
        assert "Verweis auf diese Überschrift" in text and "Link zu dieser" not in text, page


def test_a_changed_build_setting_sphinx_cannot_see_rebuilds_the_language_from_nothing(tiny):
    """[build] env reaches what conf.py's own code reads while Sphinx parses, which Sphinx's environment
    does not record: a change there builds the language from nothing, not from its cached doctrees."""
    (tiny / "conf.py").write_text(CONF + textwrap.dedent("""
        def setup(app):
            from docutils import nodes

            def word(name, rawtext, text, lineno, inliner, options=None, content=None):
                return [nodes.Text(os.environ.get("TINY_WORD", "?"))], []

            app.add_role("word", word)
        """))
    (tiny / "a.rst").write_text("Alpha\n=====\n\nAlpha text, see :ref:`nowhere`.\n\nThe word is :word:`x`.\n")
    settings = tiny / "sphinx-l10n.toml"
    original = settings.read_text()
    for word in ("first", "second"):
        settings.write_text(original.replace('env = { TINY_TITLE = "Tiny ({language})" }',
                                             f'env = {{ TINY_TITLE = "Tiny ({{language}})", TINY_WORD = "{word}" }}'))
        result = l10n("build", "--html", "--lang", "de", cwd=tiny)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"The word is {word}." in (tiny / "_build" / "html" / "de" / "a.html").read_text(encoding="utf-8")
