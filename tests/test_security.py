"""Translations are untrusted input: hostile catalogs, real builds, a canary that must never be published.

Every attack goes into a real catalog of a copy of the project; the real
`sphinx-l10n build` builds it. Canary files with unique tokens lie outside the
source folder (in the project's top folder, beside the project, and behind
a symbolic link inside the source folder); no output file may hold a token.
"""

import json
import os
import pathlib
import re
import subprocess
import xml.etree.ElementTree as ET

import polib
import pytest
from conftest import copy_project, l10n

from sphinx_l10n import catalogs, safety
from sphinx_l10n import config as configuration
from sphinx_l10n.site.runner import sphinx_command

TOKEN_TOP = "CANARY-TOP-4b1f0c"  # project/secret.txt, beside conf.py
TOKEN_OUT = "CANARY-OUT-9d2e7a"  # ../outside/canary.txt, beside the project
EN = "locales/en/LC_MESSAGES/index.po"
TITLE = "Le CPTO, un rôle hybride"

# Entry index in the English catalog -> the hostile msgstr, and what the guard must say of it.
ATTACKS = {
    1: ("{0} :download:`the data <../secret.txt>`", "download the source does not have"),
    2: ("{0} :download:`more <../../outside/canary.txt>`", "download the source does not have"),
    3: (".. include:: ../secret.txt\n   :literal:", "tries to open"),
    4: (".. literalinclude:: ../../outside/canary.txt", "tries to open"),
    5: (".. csv-table:: Data\n   :file: ../secret.txt", "tries to open"),
    7: (".. raw:: html\n   :file: ../../outside/canary.txt", "tries to open"),
    8: (".. include:: leak.txt\n   :literal:", "tries to open"),  # a link inside source/ to a file outside
    9: ("{0} `here <\x01javascript:alert(1)>`_", "'javascript' scheme"),
    11: ("{0} `here <java\tscript:alert(2)>`_", "'javascript' scheme"),
    12: ("{0} `here <data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==>`_", "'data' scheme"),
    14: ("{0} javascript:alert(4)", "'javascript' scheme"),
    15: ("{0} `here <VBScript:msgbox(5)>`_", "'vbscript' scheme"),
    16: ("{0} `here <&#106;avascript:alert(6)>`_", "'javascript' scheme"),
    17: (".. role:: rawx(raw)\n   :format: html\n\n{0}", None),  # defines a raw role for the next entry
    18: ("{0} :rawx:`<script>alert(7)</script>`", "raw html"),
    19: (".. include:: /proc/self/environ", "tries to open"),
    21: ("{0} `x <https://example.org/>`_ `y <JAVA\nSCRIPT:alert(8)>`_", "'javascript' scheme"),
    22: (".. raw:: html\n   :url: http://127.0.0.1:9/secret", "tries to urllib.Request"),
    23: (".. csv-table:: Data\n   :url: file:///etc/passwd", "tries to urllib.Request"),
    # No scheme, yet another host: a browser reads a network-path reference, backslashes as slashes.
    6: ("{0} `here <//evil.example/x>`_", "another host without a scheme"),
    10: ("{0} `here <" + "\\" * 4 + "evil.example/x>`_", "another host without a scheme"),  # reST: two
    13: ("{0} `here </" + "\\" * 2 + "evil.example/x>`_", "another host without a scheme"),  # reST: one
}


def _article(catalog):
    """The article's entries, from its title on (before it: the page's meta fields, plain text)."""
    entries = [e for e in catalog if not e.obsolete and e.msgid]
    return entries[next(i for i, e in enumerate(entries) if e.msgid.startswith(TITLE)):]


def _entries(path):
    return _article(catalogs.load(path))


def _poison(project_dir, attacks=ATTACKS, comment=None):
    """Write the attacks into the English catalog; return each one's line there."""
    path = project_dir / EN
    po = catalogs.load(path)
    entries = _article(po)
    for index, (template, _why) in attacks.items():
        entries[index].msgstr = template.format(entries[index].msgstr)
        if comment:
            entries[index].tcomment = comment
    catalogs.write(po, path)
    return {index: _entries(path)[index].linenum for index in attacks}


def _plant_canaries(project_dir, outside):
    (project_dir / "secret.txt").write_text(TOKEN_TOP + "\n", encoding="utf-8")
    outside.mkdir()
    (outside / "canary.txt").write_text(TOKEN_OUT + "\n", encoding="utf-8")
    (project_dir / "source" / "leak.txt").symlink_to(outside / "canary.txt")


@pytest.fixture
def hostile(project_copy, tmp_path):
    """The project with every attack in its English catalog, and the canaries in place."""
    _plant_canaries(project_copy, tmp_path / "outside")
    return project_copy, _poison(project_copy)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """`sphinx-l10n build` of English (every attack) and German: (result, build folder)."""
    base = tmp_path_factory.mktemp("hostile")
    project_dir = copy_project(base / "project")
    _plant_canaries(project_dir, base / "outside")
    _poison(project_dir)
    build_dir = base / "build"
    return l10n("--build-dir", build_dir, "build", "--lang", "en", "--lang", "de", cwd=project_dir), build_dir


def _guard_errors(project_dir, build_dir, lang="en", builder="html"):
    """The guard's error lines from a Sphinx run as `sphinx-l10n build` starts it."""
    config = configuration.load(project_dir)
    command = sphinx_command(config, builder, build_dir / builder / lang, lang=lang, doctrees=build_dir / "doctrees" / lang)
    # FORCE_COLOR as some CI runners set it: l10n must still read Sphinx's lines back.
    env = {**os.environ, "FORCE_COLOR": "1"}
    result = subprocess.run(command, cwd=project_dir, capture_output=True, text=True, env=env)
    return result, [line for line in result.stderr.splitlines() if ": ERROR: unsafe translation refused: " in line]


def _files_holding(folder, tokens):
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if path.suffix == ".pdf":
                data = subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout
            found += [f"{path}: {token}" for token in tokens if token.encode() in data]
    return found


def test_every_attack_is_refused_with_its_catalog_line(hostile, tmp_path):
    project_dir, lines = hostile
    result, errors = _guard_errors(project_dir, tmp_path / "build")
    assert result.returncode != 0
    for index, (_template, why) in ATTACKS.items():
        if why is None:
            continue
        mine = [e for e in errors if e.startswith(f"{EN}:{lines[index]}: ")]
        assert mine and any(why in e for e in mine), (index, why, errors)
    assert len(errors) <= 3 * len(ATTACKS)  # one line per reason, not per parse


def test_the_hostile_language_fails_alone_and_no_canary_is_published(hostile_site):
    result, build_dir = hostile_site
    assert result.returncode == 1
    rows = {" ".join(line.split()[:2]): line for line in result.stdout.splitlines() if line[:2] in ("en", "de")}
    assert "FAILED" in rows["en html"] and "FAILED" in rows["en pdf"]
    assert re.search(rf"{EN}:\d+: ERROR: unsafe translation refused", rows["en html"])
    assert " ok " in rows["de html"] and " ok " in rows["de pdf"]
    assert (build_dir / "html" / "en" / "index.html").exists()  # written, with the source where refused
    assert _files_holding(build_dir, [TOKEN_TOP, TOKEN_OUT]) == []
    page = (build_dir / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"(?i)(href|src)=\"[\x00-\x20]*(javascript|vbscript|data):", page)
    assert "alert(7)" not in page and "_downloads" not in page


def clicked_dialogs(site_folder, page_path):
    """Open page_path of a site in Chromium, click every link on it; return the dialogs that opened."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/{page_path}"
    dialogs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(accept_downloads=False)
            context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            # No network: a click on an outside link gets an empty answer and stays on the page.
            context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.fulfill(status=204))
            page = context.new_page()
            page.goto(url)
            protocols = page.eval_on_selector_all(
                "a[href], area[href], iframe[src], img[src], script[src]",
                "els => els.map(e => new URL(e.getAttribute('href') ?? e.getAttribute('src'), location.href).protocol)")
            count = page.locator("a[href]").count()
            for index in range(count):
                page.goto(url)
                link = page.locator("a[href]").nth(index)
                if link.is_visible():
                    link.click(timeout=3000)
                    page.wait_for_load_state()
            browser.close()
    finally:
        httpd.shutdown()
    return dialogs, protocols, count


def test_no_link_of_the_poisoned_page_runs_script_in_a_browser(hostile_site):
    _result, build_dir = hostile_site
    dialogs, protocols, count = clicked_dialogs(build_dir / "html", "en/index.html")
    assert count > 20 and set(protocols) <= {"http:", "https:", "mailto:"}, set(protocols)
    assert dialogs == []


def test_the_browser_test_sees_a_script_link(tmp_path):
    """The test above can fail: a page with the links the guard refuses opens dialogs when clicked."""
    (tmp_path / "page.html").write_text('<!DOCTYPE html><a href="\x01javascript:alert(1)">one</a> '
                                        '<a href="java\tscript:alert(2)">two</a> <a href="https://example.org">x</a>')
    dialogs, protocols, count = clicked_dialogs(tmp_path, "page.html")
    assert count == 3 and dialogs == ["1", "2"] and "javascript:" in protocols


def test_a_silencing_comment_cannot_hide_the_attack(project_copy, tmp_path):
    attacks = {9: ATTACKS[9], 18: ("{0} <script>alert(1)</script>", None), 20: ("{0}\u202e evil", None)}
    _poison(project_copy, attacks, comment="l10n: ignore all\nl10n: ignore unsafe hidden")
    data = json.loads(l10n("check", EN, "--format", "json", cwd=project_copy).stdout)
    security = [f for f in data["findings"] if f["check"] in ("unsafe", "hidden")]
    assert {f["check"] for f in security} == {"unsafe", "hidden"}
    assert all("cannot be silenced" in f["message"] and f["severity"] == "error" for f in security)
    assert len({f["line"] for f in security}) == 3
    build = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "en", cwd=project_copy)
    assert build.returncode == 1  # the comment silences nothing in the build either


def test_hidden_characters_the_source_lacks_are_reported_unless_the_script_needs_them():
    from sphinx_l10n.checks import Unit
    from sphinx_l10n.checks.security import Hidden

    def problems(target, lang, allowed=None):
        return list(Hidden(allowed).check(Unit("Plain text.", target, "en", lang)))

    # Invisible in prose: a warning; in code or a link, what a reader copies differs: an error.
    assert [p.severity for p in problems("Texte\u200b caché.", "fr")] == ["warning"]
    assert [p.severity for p in problems("Texte ``ca\u200bché``.", "fr")] == ["error"]
    assert [p.severity for p in problems("Voir https://exa\u200bmple.org.", "fr")] == ["error"]
    assert [p.severity for p in problems("Texte\u202e caché.", "fr")] == ["error"]  # reorders what is shown
    assert problems("\u202eTexte.", "fr")
    assert problems("\ufeffTexte.", "de")
    assert not problems("می\u200cخواهم", "fa")  # Persian needs the zero-width non-joiner
    assert problems("می\u200bخواهم", "fa")  # but not a zero-width space
    assert not problems("ภาษา\u200bไทย", "th")  # Thai, written without spaces, marks word breaks with it
    assert not problems("\u200fשלום\u200f", "he")  # Hebrew: right-to-left marks
    assert problems("\u202eשלום", "he")  # but no override
    assert not problems("\u2060x", "fr", {"fr": "\u2060"})  # what the project allows
    assert problems("\u2060x", "de", {"fr": "\u2060"})
    # A sequence the page shows as one sign needs its hidden character only within it.
    assert not problems("👩\u200d💻", "fr") and problems("👩\u200dx", "fr") and problems("x\u200d💻", "fr")
    tags = "\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert not problems("\U0001f3f4" + tags, "fr") and problems("\U0001f408" + tags, "fr")  # only a flag has tags
    assert not problems("ᠮᠣᠩᠭᠣᠯ\u180b", "mn")  # a Mongolian letter's variant
    assert problems("中\u180b", "zh") and problems("a\u180b", "fr")  # after any other letter, nothing to vary


@pytest.mark.parametrize("expression, why", [
    ("(" * 25 + "n != 1" + ")" * 25, "too complex"),
    ("(n != 1) + 0" * 100, "too long"),
    ("__import__('os').system('touch pwned')", "cannot be compiled"),
])
def test_a_plural_expression_gettext_cannot_compile_is_an_input_error(project_copy, tmp_path, expression, why):
    path = project_copy / EN
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"Plural-Forms: [^"]*"', f'"Plural-Forms: nplurals=2; plural={expression};\\\\n"', text),
                    encoding="utf-8")
    check = l10n("check", EN, cwd=project_copy)
    assert check.returncode == 2 and f"{EN}:" in check.stdout + check.stderr and why in check.stdout + check.stderr
    build = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "en", "--lang", "de", cwd=project_copy)
    assert build.returncode == 2 and "Plural-Forms" in build.stderr and "Traceback" not in build.stderr
    assert (tmp_path / "html" / "de" / "index.html").exists()


def test_the_guard_refuses_an_extension_that_runs_a_program_or_opens_a_path(project_copy, tmp_path):
    """Directives and roles the guard knows nothing of, from a project's own extension."""
    (project_copy / "_ext").mkdir()
    marker = tmp_path / "ran"
    (project_copy / "_ext" / "hostile_ext.py").write_text('''
import subprocess
from docutils import nodes
from docutils.parsers.rst import Directive


class RunCommand(Directive):  # as sphinxcontrib-programoutput does
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        output = subprocess.run(self.arguments[0], shell=True, capture_output=True, text=True).stdout
        return [nodes.literal_block(output, output)]


def read_role(name, rawtext, text, lineno, inliner, options={}, content=[]):
    with open(text) as f:  # a role with a path argument
        return [nodes.literal(f.read(), f.read())], []


def setup(app):
    app.add_directive("run-command", RunCommand)
    app.add_role("readfile", read_role)
''', encoding="utf-8")
    conf = project_copy / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('extensions = ["sphinx_l10n.sphinxext"]',
                    'sys.path.insert(0, os.path.join(os.path.dirname(__file__), "_ext"))\n'
                    'extensions = ["sphinx_l10n.sphinxext", "hostile_ext"]'), encoding="utf-8")
    (tmp_path / "outside.txt").write_text(TOKEN_OUT, encoding="utf-8")
    lines = _poison(project_copy, {
        3: (f".. run-command:: touch {marker}", None),
        5: (f"{{0}} :readfile:`{tmp_path / 'outside.txt'}`", None),
    })
    result, errors = _guard_errors(project_copy, tmp_path / "build")
    assert result.returncode != 0 and not marker.exists()
    assert any(e.startswith(f"{EN}:{lines[3]}: ") and "subprocess.Popen" in e for e in errors), errors
    assert any(e.startswith(f"{EN}:{lines[5]}: ") and "outside.txt" in e for e in errors), errors
    assert _files_holding(tmp_path / "build", [TOKEN_OUT]) == []


def test_reports_stay_well_formed_whatever_a_finding_holds(project_copy, tmp_path):
    _poison(project_copy, {9: ("{0} `x <\x01\x02javascript:alert(1)>`_ \x1b[31m\u202e", None)})
    weird = tmp_path / "fr\udcff" / "LC_MESSAGES"  # a folder name that is not valid UTF-8
    weird.mkdir(parents=True)
    (weird / "index.po").write_bytes((project_copy / EN).read_bytes())
    for fmt in ("junit", "json", "markdown", "text"):
        result = l10n("check", project_copy / EN, weird / "index.po", "--lang", "en", "--format", fmt, cwd=project_copy)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x01" not in result.stdout
        if fmt == "junit":
            ET.fromstring(result.stdout)
        elif fmt == "json":
            json.loads(result.stdout)


PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.mark.parametrize("target, allowed", [("../../outside/secret.png", False), ("pic-de.png", True)])
def test_a_translated_image_may_only_point_inside_the_source_folder(tmp_path, target, allowed):
    """With gettext_additional_targets = ["image"], translators may localise images: inside source/ only."""
    import base64
    import shutil

    from conftest import DATA

    project_dir = tmp_path / "mini"
    shutil.copytree(DATA / "mini-project", project_dir)
    (project_dir / "source" / "index.rst").write_text(
        (project_dir / "source" / "index.rst").read_text(encoding="utf-8") + "\n.. image:: pic.png\n", encoding="utf-8")
    pixel = base64.b64decode(PIXEL)
    (project_dir / "source" / "pic.png").write_bytes(pixel)
    (project_dir / "source" / "pic-de.png").write_bytes(pixel + b"de")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.png").write_bytes(pixel + TOKEN_OUT.encode())
    with open(project_dir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('gettext_additional_targets = ["image"]\n')
    l10n("extract", cwd=project_dir, check=True)
    l10n("update", cwd=project_dir, check=True)
    path = project_dir / "locales" / "de" / "LC_MESSAGES" / "index.po"
    po = catalogs.load(path)
    entry = next(e for e in po if e.msgid == ".. image:: pic.png")
    entry.msgstr, entry.flags = f".. image:: {target}", []
    catalogs.write(po, path)
    result = l10n("build", "--html", "--lang", "de", cwd=project_dir)
    images = {p.name for p in (project_dir / "build" / "html" / "de" / "_images").iterdir()}
    if allowed:
        assert result.returncode == 0 and "pic-de.png" in images
    else:
        assert result.returncode == 1 and "image outside the source folder" in result.stdout
        assert images == {"pic.png"} and _files_holding(project_dir / "build", [TOKEN_OUT]) == []


def test_a_hostile_pdf_subject_is_printed_not_run(project_copy):
    """The meta description reaches the PDF's metadata as text: LaTeX in it is printed, never run."""
    _plant_canaries(project_copy, project_copy.parent / "outside")
    path = project_copy / EN
    po = catalogs.load(path)
    meta = next(e for e in po if e.msgid.startswith("Ni seulement CPO"))
    meta.msgstr = "A}\\input{../secret.txt}\\immediate\\write18{touch pwned}{%"
    catalogs.write(po, path)
    result = l10n("build", "--pdf", "--lang", "en", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = project_copy / "build" / "pdf" / "cpto-en.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Subject:         A}\\input{../secret.txt}\\immediate\\write18{touch pwned}{%" in info
    assert _files_holding(project_copy / "build", [TOKEN_TOP, TOKEN_OUT]) == []
    assert not list(project_copy.rglob("pwned"))


# Second round: links and hidden characters, by Unicode's properties

def test_every_format_and_default_ignorable_character_is_hidden():
    """Unicode's category Cf (as the installed tables say) and Default_Ignorable_Code_Point, between
    two Latin letters, where no emoji, Han or Mongolian sequence needs them."""
    import sys
    import unicodedata

    from sphinx_l10n import safety

    format_characters = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    ignorable = [chr(c) for start, end in ((0x115F, 0x1160), (0x17B4, 0x17B5), (0xFE00, 0xFE0F), (0x3164, 0x3164),
                                           (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF), (0x180B, 0x180D))
                 for c in range(start, end + 1)]
    missed = [f"U+{ord(c):04X}" for c in format_characters + ignorable if c not in safety.hidden_characters(f"a{c}b")]
    assert len(format_characters) > 150 and missed == []


HIDDEN_ATTACKS = {  # entry index -> a translation hiding something, by class
    1: "{0}\U000e0049\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065",  # tag characters: hidden ASCII text
    2: "{0} pay\ufe0fpal",  # a variation selector where no variant exists
    3: "{0} \u206ainhibit\u206b",  # deprecated format characters
    4: "{0} \ufff9CPTO\ufffaannotation\ufffb",  # interlinear annotation
    5: "{0} Benoit\u180b",  # a Mongolian free variation selector after a Latin letter
}
SHOWN_SEQUENCES = {  # what the page shows as one sign: no finding
    7: "{0} ❤️ 👩\u200d💻 \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
}


def test_hidden_characters_are_errors_that_no_comment_silences_and_emoji_sequences_are_not(project_copy):
    lines = _poison(project_copy, {**{i: (t, None) for i, t in HIDDEN_ATTACKS.items()},
                                   **{i: (t, None) for i, t in SHOWN_SEQUENCES.items()}},
                    comment="l10n: ignore hidden")
    data = json.loads(l10n("check", EN, "--format", "json", "--no-cache", cwd=project_copy).stdout)
    hidden = {f["line"]: f for f in data["findings"] if f["check"] == "hidden"}
    for index in HIDDEN_ATTACKS:
        assert hidden[lines[index]]["severity"] == "error", (index, hidden.get(lines[index]))
    assert all(lines[index] not in hidden for index in SHOWN_SEQUENCES), hidden


def test_a_link_to_another_host_without_a_scheme_is_unsafe():
    from sphinx_l10n.checks import Unit
    from sphinx_l10n.checks.security import Unsafe

    source = "See `the guide <https://example.org/guide>`_."
    # As docutils reads them: "\\\\" is one backslash, so four make two.
    for link in ("//evil.example/x", "\\" * 4 + "evil.example/x", "/\\\\evil.example/x", " //evil.example",
                 "&#47;/evil.example"):
        found = list(Unsafe().check(Unit(source, f"Voir `le guide <{link}>`_.", "en", "fr")))
        assert [p.message.split(":")[0] for p in found] == ["a link to another host without a scheme"], link
    assert list(Unsafe().check(Unit(source, "Voir `le guide </fr/guide.html>`_.", "en", "fr"))) == []
    assert list(Unsafe().check(Unit(source, "Voir `le guide <\\\\\\evil.example>`_.", "en", "fr"))) == []  # one
    defined = "Voir `le guide`_.\n\n.. _le guide: //evil.example/x"  # a target defined apart
    assert [p.message.split(":")[0] for p in Unsafe().check(Unit(source, defined, "en", "fr"))] == [
        "a link to another host without a scheme"]


def test_an_invisible_character_is_an_error_in_the_word_of_a_link_and_a_warning_in_the_prose_around_it():
    """Whether a zero-width space stands in what a reader copies or follows is told by its own
    word, wherever links stand before or after it in the sentence."""
    from sphinx_l10n.checks import Unit
    from sphinx_l10n.checks.security import Hidden

    def severities(target, source="Plain text."):
        return [p.severity for p in Hidden().check(Unit(source, target, "en", "fr"))]

    assert severities("Un texte assez long, puis le lien https://exa\u200bmple.org.") == ["error"]
    assert severities("Un texte assez long avec https://x.org et du texte\u200b caché.") == ["warning"]
    assert severities("Texte\u200b caché, puis le lien https://x.org et www.x.org.") == ["warning"]
    assert severities("https://x.org\u200b https://x.org") == ["error"]
    assert severities("Texte\u200b caché.", source="Plain\u2060 text.") == ["warning"]  # only what it adds


def test_the_markdown_report_shows_what_a_translation_wrote_and_renders_none_of_it(project_copy):
    """The README's CI recipe posts the Markdown report as a pull-request comment: a translation's
    HTML, links and @mentions in a finding are shown as text, never rendered."""
    attack = "</details><img src=x onerror=alert(1)> @octocat [here](javascript:alert(2)) **bold**"
    po = catalogs.load(project_copy / EN)
    entry = next(e for e in _article(po) if "``" not in e.msgid)
    entry.msgstr += f" {attack}"
    catalogs.write(po, project_copy / EN)
    report = l10n("check", EN, "--format", "markdown", "--no-cache", cwd=project_copy).stdout
    line = next(line for line in report.splitlines() if "**unsafe**" in line)  # it quotes what it found
    assert "&lt;img" in line and "<img" not in report
    assert report.count("</details>") == report.count("<details>")  # the report's own folds only
    from sphinx_l10n.report import markdown_text  # how every message is written into the comment

    assert markdown_text(attack) == ("&lt;/details&gt;&lt;img src=x onerror=alert\\(1\\)&gt; \\@octocat "
                                     "\\[here\\]\\(javascript:alert\\(2\\)\\) \\*\\*bold\\*\\*")

# Second round: the gate and the manifests

def _git(folder, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder, check=True,
                   capture_output=True)


def _accept_everything(project_dir, baseline, *paths):
    """What a pull request can write: a baseline that lists every finding of today's check, security ones too."""
    findings = json.loads(l10n("check", *paths, "--format", "json", cwd=project_dir).stdout)["findings"]
    fields = ("file", "lang", "check", "msgid", "message")
    known = [{**{key: f[key] for key in fields}, "file": os.path.relpath(os.path.join(project_dir, f["file"]), project_dir)}
             for f in findings]
    (project_dir / baseline).write_text(json.dumps({"version": 1, "findings": known}), encoding="utf-8")
    return findings


def test_a_baseline_never_hides_a_security_finding(project_copy):
    _poison(project_copy, {9: ATTACKS[9], 20: ("{0}\u202e evil", None)})
    accepted = _accept_everything(project_copy, "known.json", EN)
    assert {"unsafe", "hidden"} <= {f["check"] for f in accepted}
    result = l10n("check", EN, "--baseline", "known.json", "--format", "json", cwd=project_copy)
    reported = json.loads(result.stdout)["findings"]
    assert result.returncode == 1 and {f["check"] for f in reported} == {"unsafe", "hidden"}, result.stdout
    assert "never accepts" in result.stderr and "known.json" in result.stderr
    # Nor does --write-baseline record one as accepted: it says so, and names them.
    written = l10n("check", EN, "--baseline", "again.json", "--write-baseline", cwd=project_copy)
    security = [f for f in accepted if f["check"] in ("unsafe", "hidden")]
    assert written.returncode == 0, written.stdout + written.stderr
    assert re.search(rf"^{len(security)} security finding\(s\) \(hidden, (size, )?unsafe\) not recorded", written.stdout, re.M)
    assert f"{EN}:" in written.stdout
    recorded = json.loads((project_copy / "again.json").read_text(encoding="utf-8"))["findings"]
    assert not {f["check"] for f in recorded} & {"unsafe", "hidden"}


def _break_a_number(project_dir, lang):
    """A numbers error (not a security one) in the first translation holding a year."""
    path = project_dir / "locales" / lang / "LC_MESSAGES" / "index.po"
    po = catalogs.load(path)
    entry = next(e for e in po if not e.obsolete and re.search(r"\b20\d\d\b", e.msgstr))
    entry.msgstr = re.sub(r"\b20(\d\d)\b", r"19\1", entry.msgstr)
    catalogs.write(po, path)


def _errors_by_language(result):
    return {f["lang"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"}


def test_the_gate_reads_the_baseline_of_the_base_not_the_pull_requests(project_copy):
    l10n("extract", cwd=project_copy, check=True)
    (project_copy / ".gitignore").write_text("/build/\n", encoding="utf-8")
    _break_a_number(project_copy, "de")  # a finding the team accepted
    assert l10n("check", "--baseline", "l10n-baseline.json", "--write-baseline", cwd=project_copy).returncode == 0
    _git(project_copy, "init", "-q", "-b", "main")
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-q", "-m", "base")
    _git(project_copy, "checkout", "-q", "-b", "pull-request")
    _break_a_number(project_copy, "es")
    _accept_everything(project_copy, "l10n-baseline.json")  # the pull request approves its own mistake
    _git(project_copy, "commit", "-q", "-am", "a new mistake, and a baseline that accepts it")
    result = l10n("check", "--baseline", "l10n-baseline.json", "--format", "json", cwd=project_copy)
    assert result.returncode == 0  # read from the pull request, the baseline hides it
    gate = l10n("check", "--baseline", "l10n-baseline.json", "--baseline-ref", "main", "--format", "json", cwd=project_copy)
    assert gate.returncode == 1 and _errors_by_language(gate) == {"es"}, gate.stdout + gate.stderr
    # A baseline the base does not have yet accepts nothing; a ref that is not there is an input error.
    gate = l10n("check", "--baseline", "new-baseline.json", "--baseline-ref", "main", "--format", "json", cwd=project_copy)
    # (Every finding then: the two mistakes, and any the project's own catalogs give with this Sphinx.)
    assert gate.returncode == 1 and {"de", "es"} <= _errors_by_language(gate) and "is not in main" in gate.stderr
    for options, message in [(("--baseline-ref", "main"), "--baseline-ref needs --baseline FILE"),
                             (("--baseline", "l10n-baseline.json", "--baseline-ref", "nowhere"), "no commit 'nowhere'"),
                             (("--baseline", "l10n-baseline.json", "--baseline-ref", "main", "--write-baseline"),
                              "--write-baseline writes FILE in the work tree")]:
        result = l10n("check", *options, cwd=project_copy)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """`sphinx-l10n build --html` of English and German: (project, build folder)."""
    base = tmp_path_factory.mktemp("sites")
    project_dir = copy_project(base / "project")
    l10n("--build-dir", base / "build", "build", "--html", "--lang", "en", "--lang", "de", cwd=project_dir, check=True)
    return project_dir, base / "build"


def _artifacts(two_sites, folder):
    """The sites and manifests as CI jobs upload them, downloaded into folder/build."""
    import shutil

    for part in ("html", "manifest"):
        shutil.copytree(two_sites[1] / part, folder / "build" / part, symlinks=True)
    return folder / "build"


def _edit_manifest(build, lang, change):
    path = build / "manifest" / f"{lang}.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return path


def _tree(folder):
    return {path: os.readlink(path) if path.is_symlink() else path.read_bytes()
            for path in folder.rglob("*") if path.is_file() or path.is_symlink()}


VICTIM = "<!DOCTYPE html><html><head></head><body>a page of someone else's</body></html>\n"


@pytest.mark.parametrize("field, value, why", [
    ("language", 'de" onmouseover="alert(1)', "is not a language code"),
    ("language", "en", "'en' in the manifest of 'de'"),
    ("name", ["Deutsch"], "not a language's name"),
    ("direction", 'ltr" onclick="alert(1)', "not one of ltr, rtl"),
    ("status", 'release" onclick="alert(1)', "is not de's"),
    ("baseurl", "javascript:alert(1)//de/", "nor an http(s) URL"),
    ("stats", {"translated": 1, "fuzzy": 0, "total": 1, "percent": '1" onclick="alert(1)', "documents": {}}, "percent"),
    ("site", ["index.html", "../../../victim.html"], "not a relative path"),
    ("site", ["index.html", "/tmp/victim.html"], "not a relative path"),
    ("site", ["index.html", "leak.html"], "it leads to"),  # a symbolic link out of the site
    ("site", ["index.html", 'x" onclick="alert(1)" y=".html'], "is not a page in"),
    ("pdf", ["../../../victim.pdf"], "not a .pdf file's name"),
])
def test_assemble_refuses_a_crafted_manifest_in_one_line_and_writes_nothing(two_sites, tmp_path, field, value, why):
    build = _artifacts(two_sites, tmp_path)
    (tmp_path / "victim.html").write_text(VICTIM, encoding="utf-8")
    (build / "html" / "de" / "leak.html").symlink_to(tmp_path / "victim.html")
    path = _edit_manifest(build, "de", lambda manifest: manifest.__setitem__(field, value))
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(f' "{field}":'))
    before = _tree(tmp_path)
    result = l10n("--build-dir", build, "assemble", cwd=two_sites[0])
    errors = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert errors[0].startswith(f"{path}:{line}: {field}: ") and why in errors[0], errors[0]
    assert _tree(tmp_path) == before  # nothing written, outside build/ or in it


def _text_in_browser(path):
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(path.as_uri())
        text = page.inner_text("body")
        browser.close()
    return text


def test_what_a_manifest_names_is_shown_as_text_and_runs_no_script_in_a_browser(two_sites, tmp_path):
    """A page's file name and the language's name are text a manifest may hold (a file name may have
    a quote): assembled into links and labels, they are escaped for where they go."""
    import shutil
    from urllib.parse import quote

    build = _artifacts(two_sites, tmp_path)
    odd = 'q" onclick="alert(1)" x=".html'
    for lang in ("en", "de"):
        shutil.copy(build / "html" / lang / "index.html", build / "html" / lang / odd)
        _edit_manifest(build, lang, lambda manifest: manifest["site"].append(odd))
    name, document = 'Deutsch"><img src=x onerror=alert(2)>', "<script>alert(3)</script>"

    def poison(manifest):
        manifest["name"] = name
        manifest["stats"]["documents"][document] = manifest["stats"]["documents"]["index"]

    _edit_manifest(build, "de", poison)
    result = l10n("--build-dir", build, "assemble", cwd=two_sites[0])
    assert result.returncode == 0, result.stdout + result.stderr
    for page in (f"en/{quote(odd)}", "de/status.html"):
        dialogs, _protocols, count = clicked_dialogs(build / "html", page)
        assert count > 2 and dialogs == [], (page, dialogs)
    assert name in _text_in_browser(build / "html" / "en" / odd)  # the switcher names German as the manifest does
    status = _text_in_browser(build / "html" / "de" / "status.html")
    assert name in status and document in status


def test_assemble_writes_through_no_link_an_artifact_holds(two_sites, tmp_path):
    """A site from a CI artifact may hold symbolic links where assemble writes its temporary files."""
    build = _artifacts(two_sites, tmp_path)
    (tmp_path / "victim.html").write_text(VICTIM, encoding="utf-8")
    for page in ("index.html", "status.html"):
        (build / "html" / "de" / f"{page}.tmp").symlink_to(tmp_path / "victim.html")
    _edit_manifest(build, "en", lambda manifest: manifest.__setitem__("name", "English (UK)"))  # every page changes
    result = l10n("--build-dir", build, "assemble", cwd=two_sites[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "victim.html").read_text(encoding="utf-8") == VICTIM
    page = build / "html" / "de" / "index.html"
    assert not page.is_symlink() and "English (UK)" in page.read_text(encoding="utf-8")


def test_the_settings_cannot_turn_the_security_checks_off(project_copy):
    """A pull request may rewrite pyproject.toml with the catalogs: unsafe and hidden are not the policy's."""
    pyproject = project_copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    for setting in ('disable = ["unsafe"]', 'disable = ["hidden"]'):
        pyproject.write_text(text.replace("[tool.sphinx-l10n.check]\n", f"[tool.sphinx-l10n.check]\n{setting}\n"),
                             encoding="utf-8")
        result = l10n("check", "--lang", "en", cwd=project_copy)
        assert result.returncode == 2 and "cannot be turned off or down" in result.stdout + result.stderr, setting
    pyproject.write_text(text.replace('severity = { typography = "error" }', 'severity = { hidden = "warning" }'),
                         encoding="utf-8")
    result = l10n("check", "--lang", "en", cwd=project_copy)
    assert result.returncode == 2 and "cannot be turned off or down" in result.stdout + result.stderr


# Second round: headers, files that are not catalogs ------------------------------------------------------------------


def _error_line(result, path):
    """The error a command gives on path (relative to the project; a project-wide command names it
    absolute, and its completeness check may say it again): "path:line: message", no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    lines = [line[line.index(f"{path}:"):] for line in output.splitlines() if f"{path}:" in line]
    assert lines and re.match(rf"{re.escape(str(path))}:\d+: \S", lines[0]), output
    assert len({line.split(": ")[0] for line in lines}) == 1, output  # one place, said once per reader
    return lines[0]


def test_a_second_header_entry_is_refused_by_every_command_that_reads_catalogs(project_copy, tmp_path):
    """polib would take the last header, msgfmt refuses the file: a header appended at the end
    must not switch the catalog's language or plural forms."""
    path = project_copy / EN
    text = path.read_text(encoding="utf-8")
    second = text.count("\n") + 2
    path.write_text(text + '\nmsgid ""\nmsgstr ""\n"Language: ar\\n"\n"Plural-Forms: nplurals=6; plural=0;\\n"\n',
                    encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    commands = [["check"], ["stats"], ["format", "--check"], ["update"],
                ["--build-dir", tmp_path, "build", "--html", "--lang", "en", "--lang", "de"]]
    for command in commands:
        result = l10n(*command, cwd=project_copy)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert _error_line(result, EN).startswith(f"{EN}:{second}: a second header entry"), command
    assert (tmp_path / "html" / "de" / "index.html").exists()  # the other languages are still built


def test_a_language_header_naming_another_language_than_its_folder_is_an_input_error(project_copy):
    """Language: ar in locales/en/ would check the English catalog by Arabic rules (Sphinx builds it as English)."""
    path = project_copy / EN
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index('"Language: en\\n"') + 1
    path.write_text(text.replace('"Language: en\\n"', '"Language: ar\\n"'), encoding="utf-8")
    ja = project_copy / "locales" / "ja" / "LC_MESSAGES" / "index.po"  # a region of its own language, as editors write
    ja.write_text(ja.read_text(encoding="utf-8").replace('"Language: ja\\n"', '"Language: ja_JP\\n"'), encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    check = l10n("check", "--format", "json", cwd=project_copy)
    assert check.returncode == 2
    assert _error_line(check, EN).startswith(f"{EN}:{line}: the Language header says 'ar'")
    report = json.loads(check.stdout)
    assert all(EN in error for error in report["input_errors"])  # ja_JP in ja/ is not one
    assert report["files"] == 6  # de, es and ja, their documents and interfaces, still checked
    assert {finding["lang"] for finding in report["findings"]} <= {"", "de", "es", "ja"}  # "": the source's
    stats = l10n("stats", "--format", "json", cwd=project_copy)
    assert stats.returncode == 2 and _error_line(stats, EN).startswith(f"{EN}:{line}: ")
    assert {"de", "es", "ja"} <= set(json.loads(stats.stdout))  # the others still counted


DE_UI = "locales/de/LC_MESSAGES/sphinx.po"  # German's interface catalog: Sphinx's words, its search page's too


def _set_header(path, field, value):
    """Set a header field written on one line, as a hand would: return the line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith(f'"{field}: '))
    lines[number] = f'"{field}: {value}\\n"'
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def searched(site_folder, page_path):
    """Search in Chromium as a reader does (page_path: a search page and its ?q=); return the
    dialogs that opened and the count line the page wrote (with the plural expression's form)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{page_path}")
            # The results' count line uses the plural expression; a script in it breaks the line.
            page.wait_for_function("document.querySelector('#search-results ul.search li')", timeout=15000)
            page.wait_for_timeout(500)
            summary = page.inner_text("#search-results p.search-summary")
            browser.close()
    finally:
        httpd.shutdown()
    return dialogs, summary


# Python's gettext compiles only what lies between the first two semicolons: the rest once
# reached the search page's translations.js verbatim, and ran there (a dialog, in Chromium).
HOSTILE_PLURAL_FORMS = "nplurals=2 plural=alert(document.domain)||/; plural=n/(1);"


def test_a_plural_forms_header_not_in_gettexts_grammar_is_an_input_error(project_copy, tmp_path):
    line = _set_header(project_copy / DE_UI, "Plural-Forms", HOSTILE_PLURAL_FORMS)
    for command in (["check", DE_UI], ["stats", DE_UI]):
        result = l10n(*command, cwd=project_copy)
        assert result.returncode == 2 and _error_line(result, DE_UI).startswith(f"{DE_UI}:{line}: Plural-Forms ")
    build = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "de", "--lang", "en", cwd=project_copy)
    assert build.returncode == 2 and _error_line(build, DE_UI).startswith(f"{DE_UI}:{line}: Plural-Forms ")
    assert not (tmp_path / "html" / "de").exists() and (tmp_path / "html" / "en" / "index.html").exists()


def test_the_search_page_runs_only_the_plural_expression_gettext_reads_in_a_browser(project_copy, tmp_path):
    """Sphinx's search page runs translations.js's plural expression as JavaScript: written anew
    from the tokens gettext reads, never copied from the header."""
    path = project_copy / DE_UI
    _set_header(path, "Plural-Forms", "nplurals=2;plural=( n!=01 )")  # gettext's grammar, loosely written
    build = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "de", cwd=project_copy)
    assert build.returncode == 0, build.stdout + build.stderr
    script = tmp_path / "html" / "de" / "_static" / "translations.js"
    assert json.loads(script.read_text(encoding="utf-8").partition("(")[2].rpartition(")")[0])["plural_expr"] \
        == "+((n != 1))"
    dialogs, summary = searched(tmp_path / "html", "de/search.html?q=CPTO")
    assert dialogs == [] and summary.startswith("Suche beendet")

    # The browser sees a script there: the same page with the expression the header once gave.
    text = script.read_text(encoding="utf-8")
    hostile = HOSTILE_PLURAL_FORMS.partition("plural=")[2].rstrip(";")
    script.write_text(text.replace('"+((n != 1))"', f'"+({hostile})"'), encoding="utf-8")
    assert searched(tmp_path / "html", "de/search.html?q=CPTO")[0] == ["127.0.0.1"]


def _compiled(po, folder, edit):
    """A .mo in folder, as msgfmt compiles po once edit (a function of its catalog) has changed it."""
    catalog = catalogs.load(po)
    edit(catalog)
    source = folder / po.name
    folder.mkdir(parents=True, exist_ok=True)
    catalogs.write(catalog, source)
    subprocess.run(["msgfmt", "-o", str(source.with_suffix(".mo")), str(source)], check=True)
    return source


def test_the_build_never_reads_a_compiled_catalog_from_the_project(project_copy, tmp_path):
    """*.mo is git-ignored, so a committed one is unseen in review: Sphinx's templates write its
    words into every page unescaped, and gettext reads it for de even from de_DE/."""
    folder = project_copy / "locales" / "de" / "LC_MESSAGES"
    script = "<script>alert(9)</script>"
    # sphinx.mo alone, its .po deleted: the search box's title holds a script.
    _compiled(folder / "sphinx.po", folder, lambda po: po.append(polib.POEntry(msgid="Quick search", msgstr=script))
              ).unlink()
    # index.mo beside its .po, newer than it; and one in de_DE/, which gettext reads first for de.
    retitled = lambda po: setattr(next(e for e in po if e.msgid.startswith(TITLE)), "msgstr", "PLANTED TITLE")
    index = folder / "index.po"
    planted = _compiled(index, tmp_path / "planted" / "LC_MESSAGES", retitled).with_suffix(".mo")
    planted.replace(folder / "index.mo")
    _compiled(index, project_copy / "locales" / "de_DE" / "LC_MESSAGES", retitled).unlink()
    os.utime(index, (0, 0))
    build = l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", cwd=project_copy)
    assert build.returncode == 0, build.stdout + build.stderr
    assert _error_line(build, "locales/de/LC_MESSAGES/sphinx.mo").endswith(": a compiled catalog without its .po: "
                                                                          "not used (the build compiles each .po itself)")
    site = tmp_path / "build" / "html" / "de"
    pages = {path.name: path.read_text(encoding="utf-8") for path in site.glob("*.html")}
    assert {"index.html", "search.html", "genindex.html"} <= set(pages)
    assert not [name for name, page in pages.items() if "alert(9)" in page or "PLANTED" in page]
    assert "Der CPTO" in pages["index.html"] and "Schnell" in pages["index.html"]  # its own .po, compiled by the build


SECRET = "SECRET-LINE-5c8e1f"  # the first line of a file outside the project


def test_a_catalog_or_setting_linked_out_of_the_project_is_not_read(project_copy, tmp_path):
    """A link committed in locales/ would have check, stats and build quote the first line of
    whatever it leads to, into the report a CI posts."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} = 1\nmore\n", encoding="utf-8")
    (outside / "names.toml").write_text(f'names = ["{SECRET}"]\n', encoding="utf-8")

    def refused(link, commands):
        for command in commands:
            result = l10n(*command, cwd=project_copy)
            assert result.returncode == 2, (command, result.stdout, result.stderr)
            assert SECRET not in result.stdout + result.stderr, command
            assert ": a symbolic link out of the project" in _error_line(result, link), command

    l10n("extract", cwd=project_copy, check=True)
    index, names = "locales/de/LC_MESSAGES/index.po", "locales/names.toml"
    (project_copy / index).unlink()
    (project_copy / index).symlink_to(outside / "secret.txt")
    refused(index, [["check", "--format", "markdown"], ["check", index], ["stats"], ["stats", index],
                    ["--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", "--lang", "en"]])
    assert (tmp_path / "build" / "html" / "en" / "index.html").exists()  # the other languages are still built
    assert not [path for path in (tmp_path / "build").rglob("*") if path.is_file() and SECRET.encode() in path.read_bytes()]
    (project_copy / names).unlink()
    (project_copy / names).symlink_to(outside / "names.toml")
    refused(names, [["names"], ["check"]])


def test_update_and_tm_import_write_nothing_out_of_the_project_through_a_link(project_copy, tmp_path):
    """update merged into, and tm import wrote over, whatever file a committed link led to."""
    outside = tmp_path / "outside"
    outside.mkdir()
    l10n("extract", cwd=project_copy, check=True)
    l10n("tm", "export", "-o", tmp_path / "pairs.tmx", cwd=project_copy, check=True)
    index = project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po"
    catalog = catalogs.load(index)
    catalog.remove(next(e for e in catalog if e.msgid.startswith(TITLE)))  # update would add it back, writing
    catalogs.write(catalog, outside / "index.po")
    (outside / "precious.txt").write_text("precious\n", encoding="utf-8")
    memory = project_copy / "translation-memory" / "de"
    memory.mkdir(parents=True)
    index.unlink()
    index.symlink_to(outside / "index.po")
    (memory / "pairs.po").symlink_to(outside / "precious.txt")
    before = {path: path.read_bytes() for path in outside.iterdir()}
    update = l10n("update", cwd=project_copy)
    assert update.returncode == 2 and ": a symbolic link out of the project" in _error_line(update, "locales/de/LC_MESSAGES/index.po")
    imported = l10n("tm", "import", tmp_path / "pairs.tmx", cwd=project_copy)
    assert imported.returncode == 2
    assert ": a symbolic link out of the project" in _error_line(imported, "translation-memory/de/pairs.po")
    assert "imported" in imported.stdout and (project_copy / "translation-memory" / "es" / "pairs.po").is_file()  # the others
    assert {path: path.read_bytes() for path in outside.iterdir()} == before


def test_a_hostile_interface_translation_refuses_its_language_in_one_line_and_is_never_published(project_copy, tmp_path):
    """Sphinx's templates print sphinx.po's words into the HTML unescaped (the heading's permalink
    title): the build refuses the language whose interface catalog brings markup or a quote."""
    path = project_copy / DE_UI
    text = path.read_text(encoding="utf-8")
    hostile = 'Link\\" onmouseover=\\"alert(7)'
    path.write_text(text.replace('msgstr "Link zu dieser Überschrift"', f'msgstr "{hostile}"'), encoding="utf-8")
    line = text[:text.index('msgid "Link to this heading"')].count("\n")  # where the entry starts: its #: line
    build = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "de", "--lang", "en", cwd=project_copy)
    assert build.returncode == 2, build.stdout + build.stderr
    assert len(build.stderr.splitlines()) == 1 and DE_UI in build.stderr  # one line, for the language
    assert _error_line(build, DE_UI).startswith(f"{DE_UI}:{line}: unsafe translation refused: ")
    assert not (tmp_path / "html" / "de").exists() and (tmp_path / "html" / "en" / "index.html").exists()
    assert not [path for path in tmp_path.rglob("*.html") if b"alert(7)" in path.read_bytes()]


# Third round: each guard proven on a published page --------------------------------------------------------------------


def _elements(page):
    """Every start tag of an HTML page and its attributes, as a browser's parser reads them."""
    from html.parser import HTMLParser

    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

        handle_startendtag = handle_starttag

    Reader(convert_charrefs=True).feed(page)
    return found


# conf.py's "improve this translation" links, as a Weblate instance takes them: every field in use.
EDIT_URL = "https://translate.example.org/translate/cpto/{domain}/{lang}/?q={msgid}&file={path}#L{line}"
# A paragraph whose text reads as markup and URL syntax, as a page about HTML has: its message is the link's q.
MARKUP_TEXT = 'Le balisage "<img src=x onerror=alert(1)>" & le fragment #L1 ?q=1, 100 % sûr.'
# Where a link committed in locales/ leads the English catalog: a file of the project, its name URL syntax.
ODD_CATALOG = 'upstream/en #1?&"<b>.po'


@pytest.fixture(scope="module")
def head_site(tmp_path_factory):
    """`sphinx-l10n build` of English, site and PDF, with edit links on: its meta fields translated
    as HTML and LaTeX that would leave their place, three translations that bring their own
    `.. meta::`, a paragraph whose message reads as markup, the catalog a link to ODD_CATALOG.
    (project, build folder, {meta field: its translation})."""
    base = tmp_path_factory.mktemp("head")
    project_dir = copy_project(base / "project")
    _plant_canaries(project_dir, base / "outside")
    canary = base / "outside" / "canary.txt"
    with open(project_dir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(f"l10n_edit_url = {EDIT_URL!r}\n")
    source = project_dir / "source" / "index.rst"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{MARKUP_TEXT}\n", encoding="utf-8")
    po = catalogs.load(project_dir / EN)
    po.append(polib.POEntry(msgid=MARKUP_TEXT, msgstr=MARKUP_TEXT.replace("alert(1)", "alert(2)"),
                                     occurrences=[("../source/index.rst", "1")]))
    # Each closes the PDF's \hypersetup{pdfsubject={...}} and would \input a file there, were it LaTeX.
    meta = {
        "description": 'Summary"><script>alert(3)</script><meta http-equiv="refresh" content="0;url=javascript:alert(4)">'
                       f"}}}}\\input{{{canary}}}\\hypersetup{{pdfauthor={{x",
        "keywords": f'CPTO" http-equiv="refresh" content="0;url=javascript:alert(5)}}}}\\input{{{canary}}}'
                    "\\hypersetup{pdfcreator={y",
    }
    fields = [e for e in po if not e.obsolete and e.msgid][:2]  # the page's meta description and keywords
    for entry, value in zip(fields, meta.values(), strict=True):
        entry.msgstr = value
    title, first, second = _article(po)[:3]
    title.msgstr = f".. meta::\n   :http-equiv=refresh: 0;url=javascript:alert(6)\n\n{title.msgstr}"
    first.msgstr += "\n\n.. meta::\n   :http-equiv=refresh: 0;url=javascript:alert(7)\n   :description: INJECTED"
    second.msgstr = ".. meta::\n   :http-equiv=refresh: 0;url=javascript:alert(8)\n   :keywords: INJECTED"
    target = project_dir / ODD_CATALOG
    target.parent.mkdir()
    catalogs.write(po, target)
    (project_dir / EN).unlink()
    (project_dir / EN).symlink_to(os.path.relpath(target, (project_dir / EN).parent))
    build_dir = base / "build"
    result = l10n("--build-dir", build_dir, "build", "--lang", "en", cwd=project_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return project_dir, build_dir, meta


def test_a_translated_meta_field_is_an_attribute_value_and_a_translation_adds_nothing_to_the_head(head_site):
    """The page's head holds the meta fields its source has, their translations as text; no
    `.. meta::` a translation brings, and no attribute of l10n's own (the edit links' note)."""
    _project, build_dir, meta = head_site
    page = (build_dir / "html" / "en" / "index.html").read_text(encoding="utf-8")
    metas = [attributes for tag, attributes in _elements(page) if tag == "meta"]
    for name, value in meta.items():
        assert [m["content"] for m in metas if m.get("name") == name] == [value], name
    assert {key for m in metas for key in m} <= {"charset", "name", "content", "translated"}  # translated: Sphinx's
    assert "INJECTED" not in page and not re.search(r"alert\([678]\)", page)
    assert "<script>alert" not in page and page.count("alert(3)") == 1  # in the description's value only
    assert "Mais quel est donc cet être étrange" in page  # a paragraph that brought `.. meta::` shows its source


def test_a_translated_meta_field_is_pdf_metadata_printed_as_written_and_runs_no_latex(head_site):
    _project, build_dir, meta = head_site
    info = subprocess.run(["pdfinfo", str(build_dir / "pdf" / "cpto-en.pdf")], capture_output=True, text=True,
                          check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Subject"].strip() == meta["description"]
    assert fields["Keywords"].strip() == meta["keywords"]
    assert (fields["Author"].strip(), fields["Creator"].strip()) == ("Thiga", "LaTeX with hyperref")
    assert _files_holding(build_dir, [TOKEN_TOP, TOKEN_OUT]) == []


def test_an_edit_link_quotes_the_message_and_the_catalog_path_into_the_projects_url_and_adds_no_markup(head_site):
    import urllib.parse

    project_dir, build_dir, _meta = head_site
    page = (build_dir / "html" / "en" / "index.html").read_text(encoding="utf-8")
    elements = _elements(page)
    links = [attributes for tag, attributes in elements if tag == "a" and "l10n-edit" in attributes.get("class", "")]
    lines = {e.msgid: e.linenum for e in catalogs.load(project_dir / ODD_CATALOG) if e.msgid}
    assert len(links) > 20
    for link in links:
        assert set(link) == {"class", "href", "title", "aria-label"}, link
        url = urllib.parse.urlsplit(link["href"])
        assert (url.scheme, url.netloc, url.path) == ("https", "translate.example.org", "/translate/cpto/index/en/"), url
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True, strict_parsing=True)
        assert set(query) == {"q", "file"} and query["file"] == [ODD_CATALOG], query
        assert query["q"][0] in lines and url.fragment == f"L{lines[query['q'][0]]}", url
    assert [link for link in links if MARKUP_TEXT in link["href"] or "alert(1)" in link["href"]] == []
    assert sum(urllib.parse.parse_qs(urllib.parse.urlsplit(link["href"]).query)["q"] == [MARKUP_TEXT] for link in links) == 1
    assert not [tag for tag, attributes in elements if tag == "img" or any(key.startswith("on") for key in attributes)]


DE = "locales/de/LC_MESSAGES/index.po"
TMX_DOCUMENT = ('<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tmx version="1.4">\n<header srclang="fr" segtype="paragraph" '
                'o-tmf="PO" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/>\n<body>\n'
                '<tu><tuv xml:lang="fr"><seg>{source}</seg></tuv><tuv xml:lang="de-DE"><seg>{target}</seg></tuv></tu>\n'
                '</body>\n</tmx>\n')


def test_a_hostile_translation_from_a_tmx_file_is_only_proposed_and_once_confirmed_is_refused_by_the_build(project_copy,
                                                                                                             tmp_path):
    """A TMX file from outside (a vendor, another project) is untrusted: one that declares an entity
    is refused in one line; an imported translation reaches a catalog fuzzy, unpublished, and
    when a translator confirms it, the build's guard refuses it."""
    from xml.sax.saxutils import escape, quoteattr

    path = project_copy / DE
    po = catalogs.load(path)
    victim = next(e for e in _article(po) if e.msgid.startswith("Nous qui nous"))
    hostile = f"{victim.msgstr} `mehr <javascript:alert(11)>`_"
    po.remove(victim)  # a paragraph new to German: update asks the translation memory for it
    catalogs.write(po, path)

    declared = tmp_path / "declared.tmx"
    declared.write_text(TMX_DOCUMENT.format(doctype=f"<!DOCTYPE tmx [\n<!ENTITY e {quoteattr(hostile)}>\n]>\n",
                                            source=escape(victim.msgid), target="&e;"), encoding="utf-8")
    result = l10n("tm", "import", declared, cwd=project_copy)
    assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr.splitlines() == [f"{declared}:3: declares the entity 'e': TMX needs none, and entities are "
                                          "text repeated at will; not imported"]
    assert not (project_copy / "translation-memory").exists()

    plain = tmp_path / "vendor.tmx"
    plain.write_text(TMX_DOCUMENT.format(doctype="", source=escape(victim.msgid), target=escape(hostile)), encoding="utf-8")
    assert "imported 1 translations" in l10n("tm", "import", plain, cwd=project_copy, check=True).stdout
    l10n("extract", cwd=project_copy, check=True)
    l10n("update", "--lang", "de", cwd=project_copy, check=True)
    proposed = catalogs.load(path).find(victim.msgid)
    assert proposed.msgstr == hostile and proposed.fuzzy
    assert "from the translation memory (exact match): translation-memory/de/vendor.po:" in proposed.tcomment

    page = tmp_path / "build" / "html" / "de" / "index.html"
    build = l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", cwd=project_copy)
    assert build.returncode == 0, build.stdout + build.stderr  # fuzzy: not published, the source is
    assert "alert(11)" not in page.read_text(encoding="utf-8")
    assert "Nous qui nous sommes toujours intéressés" in page.read_text(encoding="utf-8")

    po = catalogs.load(path)
    po.find(victim.msgid).flags.remove("fuzzy")  # a translator confirms the proposal
    catalogs.write(po, path)
    line = catalogs.load(path).find(victim.msgid).linenum
    build = l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", cwd=project_copy)
    assert build.returncode == 1, build.stdout + build.stderr
    assert f"{DE}:{line}: ERROR: unsafe translation refused: it holds a link with the 'javascript' scheme" in build.stdout
    assert "alert(11)" not in page.read_text(encoding="utf-8")


OPENING_EXTENSION = '''
"""Directives that open what they are told to with os.open's flags (as some extensions' write an
image, a cache or a log where they are used), and one that connects with http.client (as a
directive built on requests does), each showing what it did in a paragraph."""
import http.client
import os

from docutils import nodes
from docutils.parsers.rst import Directive

FLAGS = {"read": os.O_RDONLY, "rdwr": os.O_RDWR, "create": os.O_WRONLY | os.O_CREAT, "append": os.O_APPEND,
         "make": os.O_RDONLY | os.O_CREAT, "empty": os.O_RDONLY | os.O_TRUNC}


class OpenFile(Directive):
    required_arguments = 2

    def run(self):
        how, path = self.arguments
        os.close(os.open(path, FLAGS[how]))
        return [nodes.paragraph("", f"opened to {how}")]


class Fetch(Directive):
    required_arguments = 1

    def run(self):
        http.client.HTTPConnection(self.arguments[0], 9, timeout=1).connect()
        return [nodes.paragraph("", "connected")]


def setup(app):
    app.add_directive("open-file", OpenFile)
    app.add_directive("fetch", Fetch)
    return {"parallel_read_safe": True}
'''


def test_a_translations_parse_may_read_with_os_open_but_not_open_for_writing_nor_connect(project_copy, tmp_path):
    """The sandbox tells a read from a write by open's flags: the compiled catalog a parse may
    read, it may not open read-write, for appending, to empty it, nor create beside it (even
    read-only); a read of Python's own files is the parse's to make, and a German page shows it
    made. A parse that fails on its own is Sphinx's to report, as it would without the guard."""
    (project_copy / "opening_ext.py").write_text(OPENING_EXTENSION, encoding="utf-8")
    with open(project_copy / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('extensions.append("opening_ext")\n')  # conf.py puts its folder on sys.path
    compiled = pathlib.Path(os.path.realpath(project_copy / "locales" / "en" / "LC_MESSAGES")) / "index.mo"
    created, made = compiled.with_name("created.mo"), compiled.with_name("made.mo")
    attacks = {  # entry index -> translation, and what the guard says of it (None: nothing)
        1: (f".. open-file:: read {os.__file__}", None),
        2: (f".. open-file:: read {compiled}", None),
        3: (f".. open-file:: rdwr {compiled}", f"it tries to open {compiled}"),
        4: (f".. open-file:: create {created}", f"it tries to open {created}"),
        5: (f".. open-file:: append {compiled}", f"it tries to open {compiled}"),
        6: (".. fetch:: 127.0.0.1", "it tries to http.client.connect "),
        7: (f".. open-file:: make {made}", f"it tries to open {made}"),
        8: (f".. open-file:: empty {compiled}", f"it tries to open {compiled}"),
    }
    lines = _poison(project_copy, {index: (text, None) for index, (text, _why) in attacks.items()})
    result, errors = _guard_errors(project_copy, tmp_path / "sphinx")  # Sphinx compiles `compiled` as it starts
    assert result.returncode != 0
    for index, (_text, why) in attacks.items():
        said = [e.split(f"{safety.UNSAFE_REFUSED}: ", 1)[1] for e in errors if e.startswith(f"{EN}:{lines[index]}: ")]
        assert (all(s.startswith(why) for s in said) and said) if why else said == [], (index, said)
    assert [e for e in errors if e.startswith(f"{EN}:{lines[6]}: ") and e.endswith(" 127.0.0.1")]  # where to
    assert not created.exists() and not made.exists()

    german = catalogs.load(project_copy / DE)
    _article(german)[1].msgstr = f".. open-file:: read {os.__file__}"
    catalogs.write(german, project_copy / DE)
    build = l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", cwd=project_copy)
    assert build.returncode == 0, build.stdout + build.stderr
    assert "<p>opened to read</p>" in (tmp_path / "build" / "html" / "de" / "index.html").read_text(encoding="utf-8")

    _article(german)[1].msgstr = f".. open-file:: peek {os.__file__}"  # no such way: the directive fails
    catalogs.write(german, project_copy / DE)
    build = l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", cwd=project_copy)
    assert build.returncode != 0 and "unsafe translation refused" not in build.stdout + build.stderr
    assert "KeyError" in build.stdout + build.stderr


def test_python_caching_a_module_a_translation_imports_is_not_taken_for_an_attack(project_copy, tmp_path, monkeypatch):
    """A directive imports its module when a translation first uses it; Python then caches its
    bytecode (here in PYTHONPYCACHEPREFIX, as in a venv never compiled): the sandbox refuses that
    write, and importlib goes on without it. The translation is not refused for what Python did."""
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path / "pycache"))
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    lines = _poison(project_copy, {1: (".. contents::", None), 3: (".. include:: ../secret.txt", None),
                                   5: (".. include:: ../cache.pyc", None)})
    _result, errors = _guard_errors(project_copy, tmp_path / "sphinx")
    assert not [e for e in errors if e.startswith(f"{EN}:{lines[1]}: ")], errors
    assert [e for e in errors if e.startswith(f"{EN}:{lines[3]}: ") and "tries to open" in e], errors
    assert [e for e in errors if e.startswith(f"{EN}:{lines[5]}: ") and "tries to open" in e], errors  # not a cache


def test_a_link_the_source_itself_has_is_the_sources_to_keep_however_the_guard_reads_it(project_copy, tmp_path):
    """The guard judges what a translation adds: a network-path link the source has, kept by the
    translation, is the author's, and the page shows it (in a translation only, it is refused: ATTACKS)."""
    with open(project_copy / "source" / "index.rst", "a", encoding="utf-8") as source:
        source.write("\nVoir `le miroir <//mirror.example/cpto>`_.\n")
    for command in (["extract"], ["update", "--lang", "en"]):
        assert l10n(*command, cwd=project_copy).returncode == 0
    po = catalogs.load(project_copy / EN)
    next(e for e in po if e.msgid.startswith("Voir `le miroir")).msgstr = "See `the mirror <//mirror.example/cpto>`_."
    catalogs.write(po, project_copy / EN)
    built = l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "en", cwd=project_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    assert 'href="//mirror.example/cpto"' in (tmp_path / "build" / "html" / "en" / "index.html").read_text(encoding="utf-8")


def test_a_refusal_names_the_catalog_of_the_document_it_was_found_in(project_copy, tmp_path):
    """With a catalog per document, each refusal points into its own document's catalog."""
    (project_copy / "source" / "annexe.rst").write_text(":orphan:\n\nAnnexe\n======\n\nUne annexe.\n",
                                                        encoding="utf-8")
    for command in (["extract"], ["update", "--lang", "en"]):
        assert l10n(*command, cwd=project_copy).returncode == 0
    annexe = project_copy / "locales" / "en" / "LC_MESSAGES" / "annexe.po"
    po = catalogs.load(annexe)
    entry = next(e for e in po if e.msgid == "Une annexe.")
    entry.msgstr = ".. include:: ../secret.txt"
    catalogs.write(po, annexe)
    lines = _poison(project_copy, {3: (".. include:: ../secret.txt", None)})
    _result, errors = _guard_errors(project_copy, tmp_path / "sphinx")
    annexe_line = next(e for e in catalogs.load(annexe) if e.msgid == "Une annexe.").linenum
    assert [e for e in errors if e.startswith(f"locales/en/LC_MESSAGES/annexe.po:{annexe_line}: ")], errors
    assert [e for e in errors if e.startswith(f"{EN}:{lines[3]}: ")], errors


def test_the_extension_under_plain_sphinx_build_stops_on_a_catalog_gettext_would_ignore(project_copy, tmp_path):
    """Run by sphinx-build itself (which compiles the catalogs), the extension names the catalog
    Python's gettext cannot load, at its Plural-Forms line: its plural expression, or the empty
    file Sphinx leaves when it cannot write a catalog. Either would be published in the source
    language without a word."""
    path = project_copy / EN
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"Plural-Forms: [^"]*"', '"Plural-Forms: nplurals=2; plural=n != ;\\\\n"', text),
                    encoding="utf-8")
    plural_line = next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                       if line.startswith('"Plural-Forms:'))
    result, _errors = _guard_errors(project_copy, tmp_path / "plural")
    assert result.returncode != 0
    assert f"{EN}:{plural_line}: ERROR: Python's gettext cannot load this catalog" in result.stderr, result.stderr

    path.write_text(text.replace("charset=UTF-8", "charset=no-such-charset"), encoding="utf-8")  # Babel fails: no .mo
    (project_copy / "locales" / "en" / "LC_MESSAGES" / "index.mo").unlink(missing_ok=True)
    result, _errors = _guard_errors(project_copy, tmp_path / "broken")
    assert result.returncode != 0
    assert f"{EN}:{plural_line}: ERROR: Python's gettext cannot load this catalog" in result.stderr, result.stderr


def test_the_extension_under_plain_sphinx_build_names_a_catalog_sphinx_could_not_compile(project_copy, tmp_path):
    """A catalog Babel cannot read (a byte that is not UTF-8) leaves no compiled file at all:
    Sphinx only warns, and would publish the page untranslated; the extension stops the build."""
    path = project_copy / EN
    path.write_bytes(path.read_bytes().replace(b'msgstr "', b'msgstr "\xff', 1))
    (project_copy / "locales" / "en" / "LC_MESSAGES" / "index.mo").unlink(missing_ok=True)
    result, _errors = _guard_errors(project_copy, tmp_path / "unreadable")
    assert result.returncode != 0
    assert f"{EN}:1: ERROR: Sphinx could not compile this catalog" in result.stderr, result.stderr


def test_a_build_that_fails_for_its_own_reason_reports_that_reason_not_the_refusals(project_copy, tmp_path):
    """The refusals stop a build that went well; a build an extension broke reports the breakage."""
    _poison(project_copy, {3: (".. include:: ../secret.txt", None)})
    with open(project_copy / "conf.py", "a", encoding="utf-8") as conf:
        conf.write("\n\ndef _fail(app, doctree, docname):\n    raise RuntimeError('the project extension broke')\n\n\n"
                   "def setup(app):\n    app.connect('doctree-resolved', _fail)\n")
    result, _errors = _guard_errors(project_copy, tmp_path / "broken")
    assert result.returncode != 0
    assert "the project extension broke" in result.stderr, result.stderr
    assert "unsafe translation(s) refused" not in result.stderr, result.stderr


def test_a_refused_address_is_shown_whole_up_to_eighty_characters_then_cut(project_copy, tmp_path):
    """A refusal names what the parse tried, cut after 80 characters so one line stays one line."""
    whole = "http://127.0.0.1:9/" + "a" * (80 - len("http://127.0.0.1:9/"))
    longer = "http://127.0.0.1:9/" + "b" * (81 - len("http://127.0.0.1:9/"))
    _poison(project_copy, {22: (f".. raw:: html\n   :url: {whole}", None), 23: (f".. raw:: html\n   :url: {longer}", None)})
    _result, errors = _guard_errors(project_copy, tmp_path / "sphinx")
    assert [e for e in errors if e.endswith(f"it tries to urllib.Request {whole}")], errors
    assert [e for e in errors if e.endswith(f"it tries to urllib.Request {longer[:80]}...")], errors
