"""The project's own conf.py first: l10n reads it with Sphinx's loader, finds it in the usual
layouts, and [tool.sphinx-l10n] (or sphinx-l10n.toml) only says what conf.py cannot."""

import json
import re
import textwrap

import pytest
from conftest import l10n

from sphinx_l10n import L10nError, languages
from sphinx_l10n import config as configuration


def _no_traceback(result):
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def _po(lang, entries):
    body = "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in entries)
    return (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
            f'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n{body}')


def docs_project(root, conf="", pyproject="[project]\nname = 'tool'\n"):
    """A repository as many are: pyproject.toml at the top (for the code), the docs in docs/,
    their catalogs in docs/locale (Sphinx's gettext_compact default: one catalog per top folder)."""
    docs = root / "docs"
    (docs / "guide").mkdir(parents=True)
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (docs / "conf.py").write_text("project = 'Tool Docs'\nlanguage = 'en'\nlocale_dirs = ['locale/']\n" + conf,
                                  encoding="utf-8")
    (docs / "index.rst").write_text("Tool\n====\n\nThe tool reads files.\n\n.. toctree::\n\n   guide/start\n",
                                    encoding="utf-8")
    (docs / "guide" / "start.rst").write_text("Start\n=====\n\nInstall the tool first.\n", encoding="utf-8")
    for lang, done in (("de", True), ("ja", False)):
        folder = docs / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        text = "Das Werkzeug liest Dateien." if done else ""
        (folder / "index.po").write_text(_po(lang, [("Tool", "Tool" if done else ""), ("The tool reads files.", text)]),
                                         encoding="utf-8")
        if done:
            (folder / "guide.po").write_text(_po(lang, [("Start", "Start"), ("Install the tool first.",
                                                                           "Installieren Sie zuerst das Werkzeug.")]),
                                             encoding="utf-8")
    return docs


def test_settings_conf_py_leaves_out_are_sphinxs_defaults(tmp_path):
    """Sphinx is the oracle: what l10n reads of a conf.py that sets nothing is what a real Sphinx application has."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    app = Sphinx(tmp_path, tmp_path, tmp_path / "out", tmp_path / "doctrees", "gettext", status=None, warning=None)
    ours = configuration.read_conf(tmp_path / "conf.py")
    assert ours.language == app.config.language
    assert list(ours.locale_dirs) == list(app.config.locale_dirs)
    assert ours.gettext_compact == app.config.gettext_compact
    assert list(ours.gettext_additional_targets) == list(app.config.gettext_additional_targets)
    assert set(ours.source_suffixes) == set(app.config.source_suffix)
    assert ours.domain("guide/start") == "guide"  # gettext_compact's default: a catalog per top folder


def test_a_docs_folder_project_is_found_set_up_and_run_from_its_top(tmp_path):
    docs = docs_project(tmp_path)
    result = _no_traceback(l10n("init", cwd=tmp_path))
    assert result.returncode == 0, result.stderr
    assert "docs/conf.py" in result.stdout and "source language (conf.py's language): en" in result.stdout
    assert "de: 100.0% translated -> release" in result.stdout and "ja: 0.0% translated -> in-progress" in result.stdout
    settings = configuration.read_toml(tmp_path / "pyproject.toml")
    assert settings["project"] == {"name": "tool"}  # the file's own content is kept
    assert settings["tool"]["sphinx-l10n"]["languages"] == {"de": "release", "ja": "in-progress"}
    again = _no_traceback(l10n("init", cwd=tmp_path))
    assert again.returncode == 2 and "already set up" in again.stderr
    config = configuration.load(tmp_path)
    assert (config.conf_dir, config.source_dir, config.locale_dir) == (docs, docs, docs / "locale")
    assert config.build_dir == tmp_path / "build" and config.project == "Tool-Docs"
    _no_traceback(l10n("extract", cwd=tmp_path, check=True))
    # Sphinx's compaction, and the interface template (Sphinx's own messages)
    assert sorted(p.name for p in config.pot_dir.glob("*.pot")) == ["guide.pot", "index.pot", "sphinx.pot"]
    _assert_sphinx_messages(config.pot_dir / "sphinx.pot")
    _no_traceback(l10n("update", cwd=tmp_path, check=True))
    assert (docs / "locale" / "ja" / "LC_MESSAGES" / "guide.po").is_file()
    for command in (["stats"], ["check", "--format", "json"], ["format", "--check"]):
        assert _no_traceback(l10n(*command, cwd=docs)).returncode in (0, 1), command
    report = json.loads(l10n("check", "--format", "json", cwd=tmp_path).stdout)
    assert not [f for f in report["findings"] if f["check"] == "freshness"], report["findings"]


def _assert_sphinx_messages(path):
    """The interface template holds the installed Sphinx's page messages, found in its own files
    (Sphinx before 9 names them sphinx/roles.py, 9 roles.py), under one header of unique fields."""
    from sphinx_l10n import catalogs

    text = path.read_text(encoding="utf-8")
    fields = re.findall(r'^"([\w-]+): ', text.split("\n\n", 1)[0], re.MULTILINE)
    assert fields and len(fields) == len(set(fields)), fields
    assert text.count('msgid ""\nmsgstr ""\n"') == 1  # one header
    template = catalogs.load(path)
    assert {"Search", "Table of Contents"} <= {entry.msgid for entry in template}
    files = {file for entry in template for file, _ in entry.occurrences}
    assert files and all(file.startswith("sphinx/") and not file.startswith("sphinx/sphinx/") for file in files)


def test_l10n_toml_beside_conf_py_is_read_from_the_top_and_from_docs(tmp_path):
    docs = docs_project(tmp_path, pyproject="")
    (tmp_path / "pyproject.toml").unlink()
    assert _no_traceback(l10n("init", cwd=tmp_path)).returncode == 0
    assert (docs / "sphinx-l10n.toml").is_file()
    assert configuration.load(tmp_path).languages == configuration.load(docs / "guide").languages == {
        "de": "release", "ja": "in-progress"}


def test_extract_removes_the_templates_of_removed_documents(tmp_path):
    docs = docs_project(tmp_path, conf="gettext_compact = False\n")
    (docs / "old.rst").write_text("Old\n===\n\nA page soon gone.\n", encoding="utf-8")
    (docs / "index.rst").write_text((docs / "index.rst").read_text(encoding="utf-8") + "   old\n", encoding="utf-8")
    l10n("extract", cwd=tmp_path, check=True)
    pot_dir = configuration.load(tmp_path).pot_dir
    assert (pot_dir / "old.pot").is_file()
    kept = (pot_dir / "guide" / "start.pot").stat().st_mtime_ns
    (docs / "old.rst").unlink()
    l10n("extract", cwd=tmp_path, check=True)
    assert not (pot_dir / "old.pot").exists()
    assert (pot_dir / "guide" / "start.pot").stat().st_mtime_ns == kept  # an unchanged template is not rewritten
    l10n("update", cwd=tmp_path, check=True)
    assert not (docs / "locale" / "ja" / "LC_MESSAGES" / "old.po").exists()


@pytest.mark.parametrize("table, message", [
    ('source_language = "fr"', "set language in conf.py"),
    ('locale_dir = "po"', "set locale_dirs in conf.py"),
    ('sourcedir = "docs"', "no setting 'sourcedir'"),
    ('conf_dir = "nowhere"', "nowhere/conf.py: not found"),
])
def test_l10n_settings_never_say_twice_what_conf_py_says(tmp_path, table, message):
    docs_project(tmp_path, pyproject=f"[tool.sphinx-l10n]\n{table}\n")
    result = _no_traceback(l10n("stats", cwd=tmp_path))
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_language_folder_that_is_no_language_code_is_named_not_a_crash(tmp_path):
    docs = docs_project(tmp_path)
    (docs / "locale" / "ja").rename(docs / "locale" / "jp")  # a real Weblate project's folder
    result = _no_traceback(l10n("init", cwd=tmp_path))
    assert result.returncode == 0 and "jp: not a language code (ISO 639)" in result.stdout


def test_a_conf_py_language_that_is_no_language_code_is_one_line(tmp_path):
    docs = docs_project(tmp_path)
    (docs / "conf.py").write_text("language = 'jp'\n", encoding="utf-8")
    with pytest.raises(L10nError, match=r"conf.py: language: unknown language code 'jp'"):
        configuration.load(tmp_path)
    result = _no_traceback(l10n("stats", cwd=tmp_path))
    assert result.returncode == 2


def test_a_conf_py_is_read_once_by_sphinxs_loader_with_its_own_folder_as_working_directory(tmp_path):
    docs = docs_project(tmp_path, conf=textwrap.dedent("""
        import pathlib
        version = pathlib.Path('VERSION').read_text().strip()  # relative to conf.py, as Sphinx runs it
        project = 'Tool ' + version
    """))
    (docs / "VERSION").write_text("2.1\n", encoding="utf-8")
    assert configuration.load(tmp_path).project == "Tool-2.1"


MISSING_IMPORTS = textwrap.dedent("""
    import not_installed_theme
    from missing_pkg.sub import thing
    extensions = ["missing_ext"]
    html_theme_path = [not_installed_theme.get_html_theme_path()]
""")
STUB_WARNING = "docs/conf.py: warning: not installed, read as stubs: not_installed_theme, missing_pkg\n"


def test_a_conf_py_importing_what_is_not_installed_is_read_with_stubs(tmp_path):
    """pre-commit's venv holds only sphinx-l10n: the hooks read conf.py with stubs for the project's
    theme and extensions, and say so in one line; its extensions list matters only to Sphinx."""
    docs_project(tmp_path, conf=MISSING_IMPORTS)
    catalog = "docs/locale/de/LC_MESSAGES/index.po"
    for command in (["format", "--check"], ["check", "--severity", "error", catalog], ["check", catalog]):
        result = _no_traceback(l10n(*command, cwd=tmp_path))
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stderr == STUB_WARNING


def test_extract_names_the_modules_sphinx_needs_and_conf_py_lacks(tmp_path):
    docs = docs_project(tmp_path, conf=MISSING_IMPORTS)
    result = _no_traceback(l10n("extract", cwd=tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["docs/conf.py:5: not installed: not_installed_theme, missing_pkg, missing_ext; "
                                          "`sphinx-l10n extract` runs Sphinx, which imports them: install the "
                                          "documentation's requirements"]
    # Installed imports, an extension missing: only Sphinx would import it, so only extract fails.
    (docs / "conf.py").write_text("language = 'en'\nlocale_dirs = ['locale/']\nextensions = [\n    'missing_ext',\n]\n",
                                  encoding="utf-8")
    assert "not installed" not in _no_traceback(l10n("stats", cwd=tmp_path)).stderr
    result = _no_traceback(l10n("extract", cwd=tmp_path))
    assert result.returncode == 2 and result.stderr.startswith("docs/conf.py:4: not installed: missing_ext; "), result.stderr
    # An extension of a package conf.py imports is named once, as the package.
    (docs / "conf.py").write_text("import missing_pkg.sub\nextensions = ['missing_pkg.sub']\n", encoding="utf-8")
    result = _no_traceback(l10n("extract", cwd=tmp_path))
    assert result.returncode == 2 and result.stderr.startswith("docs/conf.py:1: not installed: missing_pkg; "), result.stderr


def test_a_conf_py_that_falls_back_on_import_error_is_read_as_sphinx_reads_it(tmp_path):
    """Only what conf.py cannot do without is stubbed: its own fallback still decides."""
    docs_project(tmp_path, conf=textwrap.dedent("""
        try:
            import missing_markdown_parser
            extensions = ["myst_parser"]
        except ImportError:
            extensions = []
        import missing_theme
    """))
    config = configuration.load(tmp_path)
    assert config.sphinx.source_suffixes == (".rst",) and config.sphinx.stubbed == (("missing_theme", 10),)


def test_the_readme_documents_every_key():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in configuration.KEYS:
        assert f"| `{key}` |" in readme or f"| `[{key}]` |" in readme, key
    # [build]'s settings, each in the README's example with its default or a value it may take
    for key in (*configuration._LANGUAGE_BUILD_KEYS, "source_warnings"):
        assert re.search(rf"^{key} = ", readme, re.MULTILINE), key
    assert 'pdf_missing_glyphs = "error"' in readme  # the default: a PDF with gaps is withheld


@pytest.mark.parametrize("table", ["[tool.sphinx-l10n.build]", "[tool.sphinx-l10n.build.languages.de]"])
def test_an_unknown_missing_glyphs_policy_is_one_line_naming_the_settings_file(tmp_path, table):
    docs_project(tmp_path, pyproject=f'{table}\npdf_missing_glyphs = "ignore"\n')
    result = _no_traceback(l10n("stats", cwd=tmp_path))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert f"pyproject.toml:1: [tool.sphinx-l10n]: {table}: pdf_missing_glyphs 'ignore' is not one of error, warning" \
        in result.stderr


WEBLATE_PO = '''# Weblate wrote this file.
msgid ""
msgstr ""
"Project-Id-Version: Tool\\n"
"Language: de\\n"
"POT-Creation-Date: 2024-01-01 00:00+0000\\n"
"X-Generator: Weblate 5.4\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=n != 1;\\n"

#: ../../index.rst:4
msgid ""
"The tool reads files from every folder it is given, and from the folders "
"below them too."
msgstr ""
"Das Werkzeug liest Dateien aus jedem Ordner, den es erhält, und auch aus den "
"Ordnern darunter."

#: ../../index.rst:7
msgid "Install the tool first."
msgstr "Installieren Sie zuerst das Werkzeug."

#: ../../index.rst:9
msgid "A sentence whose translation is on one long line, as Transifex writes them without wrapping."
msgstr "Ein Satz, dessen Übersetzung auf einer langen Zeile steht, wie Transifex sie ohne Umbruch schreibt."

#~ msgid "An old sentence nobody translated."
#~ msgstr ""
'''


def test_update_changes_only_the_entries_that_changed_in_a_platforms_catalog(tmp_path):
    """A catalog as Weblate wraps it (77 columns), with its own header order and one long line:
    after a source edit, update touches the edited entry and POT-Creation-Date, nothing else."""
    from sphinx_l10n import catalogs

    before = WEBLATE_PO
    old = catalogs.parse(before)
    pot = catalogs.parse(before.replace("Install the tool first.", "Install the tool before anything else.")
                         .replace("2024-01-01 00:00+0000", "2024-02-02 00:00+0000").replace("Das Werkzeug", "X"))
    for entry in pot:
        entry.msgstr = ""
    weblate = catalogs.LAYOUTS["weblate"]
    after = catalogs.render_update(before, old, catalogs.merge(old, pot), weblate)
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == ['"POT-Creation-Date: 2024-01-01 00:00+0000\\n"', 'msgid "Install the tool first."'], removed
    assert "#| msgid \"Install the tool first.\"" in after and "#, fuzzy" in after
    assert catalogs.render_update(before, old, catalogs.merge(old, old), weblate) == before  # nothing changed: nothing written


def test_init_goes_on_past_a_catalog_it_cannot_read(tmp_path):
    """A broken catalog is reported with the statistics and left out of the layout detection: init still writes."""
    docs = docs_project(tmp_path)
    (docs / "locale" / "ja" / "LC_MESSAGES" / "index.po").write_text('msgid "unterminated\n', encoding="utf-8")
    result = _no_traceback(l10n("init", cwd=tmp_path))
    assert result.returncode == 0, result.stderr
    assert "unreadable catalog (counted as missing)" in result.stdout and "2 of 2 catalogs read" in result.stdout
    assert configuration.read_toml(tmp_path / "pyproject.toml")["tool"]["sphinx-l10n"]["languages"]["de"] == "release"


@pytest.mark.parametrize(("code", "paper"), [("en", "letter"), ("en_GB", "a4"), ("en-CA", "letter"), ("fr", "a4"),
                                             ("fr_CA", "letter"), ("es", "a4"), ("es_MX", "letter"), ("pt_BR", "a4"),
                                             ("ja", "a4"), ("zh_Hant", "a4")])
def test_the_paper_is_the_locales(code, paper):
    """CLDR: A4 unless the territory (said, or the language's likely one) uses US Letter."""
    assert languages.paper_size(code) == paper
