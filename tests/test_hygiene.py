"""Catalog hygiene and CI gates: freshness, canonical format, orphans, stats."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, install_plugin, l10n

from sphinx_l10n import catalogs
from sphinx_l10n import config as configuration


def _freshness(project):
    data = json.loads(l10n("check", "--format", "json", cwd=project).stdout)
    return [f for f in data["findings"] if f["check"] == "freshness"]


def test_source_edit_fails_freshness_until_make_update(project_copy):
    index = project_copy / "source" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "Pourquoi avoir un CPTO ?\n========================\n",
        "Pourquoi avoir un CPTO ?\n========================\n\nUne phrase ajoutée à la source.\n"), encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    result = l10n("check", cwd=project_copy)
    assert result.returncode == 1
    stale = _freshness(project_copy)
    assert {f["lang"] for f in stale} == set(configuration.load(project_copy).languages)
    assert all("`sphinx-l10n update`" in f["message"] for f in stale)
    subprocess.run(["make", "-s", "update", f"PY={sys.executable}"], cwd=project_copy, check=True, capture_output=True)
    assert _freshness(project_copy) == []


def test_orphan_catalog_is_reported_and_pruned_only_when_asked(project_copy):
    orphan = project_copy / "locales" / "en" / "LC_MESSAGES" / "removed-page.po"
    orphan.write_text((project_copy / "locales/en/LC_MESSAGES/index.po").read_text(encoding="utf-8"), encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    assert any("orphan" in f["message"] for f in _freshness(project_copy))
    assert "orphan catalog" in l10n("update", cwd=project_copy, check=True).stdout
    assert orphan.exists()
    l10n("update", "--prune", cwd=project_copy, check=True)
    assert not orphan.exists()


def test_format_check_catches_an_editors_rewrapping(tmp_path):
    po = tmp_path / "index.po"
    catalog = catalogs.load(ROOT / "locales/en/LC_MESSAGES/index.po")
    catalog.wrapwidth = 0  # an editor that never wraps
    po.write_text(str(catalog), encoding="utf-8")
    result = l10n("format", "--check", po)
    assert result.returncode == 1 and f"{po}:1: not in the gettext layout" in result.stdout
    assert l10n("format", po).returncode == 0
    assert po.read_text(encoding="utf-8") == (ROOT / "locales/en/LC_MESSAGES/index.po").read_text(encoding="utf-8")
    assert l10n("format", "--check", po).returncode == 0


def test_project_catalogs_are_canonical():
    assert l10n("format", "--check").returncode == 0


def test_update_twice_changes_nothing(project_copy):
    l10n("extract", cwd=project_copy, check=True)
    assert "catalogs already up to date" in l10n("update", cwd=project_copy, check=True).stdout


def test_stats_never_count_fuzzy_as_translated(tmp_path):
    po = catalogs.load(ROOT / "locales/en/LC_MESSAGES/index.po")
    po[0].flags.append("fuzzy")
    po[1].msgstr = ""
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    catalogs.write(po, path)
    data = json.loads(l10n("stats", path, "--format", "json").stdout)["en"]
    total = len([e for e in po if not e.obsolete])
    assert (data["translated"], data["fuzzy"], data["untranslated"], data["total"]) == (total - 2, 1, 1, total)
    assert data["percent"] == round(100 * (total - 2) / total, 1)
    assert data["documents"]["index"]["fuzzy"] == 1
    assert data["words"]["translated"] < data["words"]["total"]


def test_release_language_with_a_gap_fails_check_naming_it(project_copy):
    po_path = project_copy / "locales/de/LC_MESSAGES/index.po"
    po = catalogs.load(po_path)
    po[3].msgstr = ""
    catalogs.write(po, po_path)
    l10n("extract", cwd=project_copy, check=True)
    result = l10n("check", cwd=project_copy)
    assert result.returncode == 1
    assert "de is a release language but index has 1 untranslated and 0 fuzzy entries" in result.stdout


def test_right_to_left_language_gets_dir_rtl(project_copy, tmp_path):
    pyproject = project_copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        "[tool.sphinx-l10n.languages]\n", '[tool.sphinx-l10n.languages]\nar = "in-progress"\n'), encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    l10n("update", "--lang", "ar", cwd=project_copy, check=True)
    l10n("--build-dir", tmp_path, "build", "--html", "--lang", "ar", "--lang", "en", cwd=project_copy, check=True)
    assert '<html lang="ar" dir="rtl"' in (tmp_path / "html" / "ar" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr"' in (tmp_path / "html" / "en" / "index.html").read_text(encoding="utf-8")


def _with_check_policy(project, table):
    """The project's [tool.sphinx-l10n.check] replaced by table (a TOML fragment)."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace("[tool.sphinx-l10n.check]\n", "[tool.article-check]\n")
    pyproject.write_text(text + f"\n[tool.sphinx-l10n.check]\n{table}\n", encoding="utf-8")


def test_catalog_and_source_checks_follow_the_project_policy_like_entry_checks(project_copy):
    """One registry: completeness, freshness and the source checks are turned off or re-graded as any check is."""
    catalog = project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po"
    po = catalogs.load(catalog)
    next(e for e in po if e.msgid and not e.obsolete).msgstr = ""
    catalogs.write(po, catalog)
    l10n("extract", cwd=project_copy, check=True)
    found = json.loads(l10n("check", "--format", "json", cwd=project_copy).stdout)["findings"]
    assert {"completeness", "source-variants"} <= {f["check"] for f in found}
    _with_check_policy(project_copy, 'disable = ["completeness", "source-variants"]\nseverity = { source-typography = "error" }')
    result = l10n("check", "--format", "json", cwd=project_copy)
    found = json.loads(result.stdout)["findings"]
    assert {f["check"] for f in found} & {"completeness", "source-variants"} == set()
    assert {f["severity"] for f in found if f["check"] == "source-typography"} == {"error"}
    assert result.returncode == 1


def test_plug_ins_add_catalog_and_source_checks_through_the_entry_point_group(project_copy, tmp_path):
    code = ("from sphinx_l10n.checks import CatalogCheck, SourceCheck\n\n"
            "class Readme(CatalogCheck):\n"
            "    id = 'readme'\n    name = 'A README per language'\n    description = 'House rule.'\n\n"
            "    def check(self, project):\n"
            "        for lang in project.languages:\n"
            "            folder = project.config.locale_dir / lang\n"
            "            if not (folder / 'README').exists():\n"
            "                yield self.finding(project, folder, 0, lang, self.problem('no README for the team'))\n\n"
            "class NoShouting(SourceCheck):\n"
            "    id = 'no-shouting'\n    name = 'No capitals'\n    description = 'House style.'\n\n"
            "    def check(self, source):\n"
            "        for msgid in source.messages:\n"
            "            if 'CPTO' in msgid:\n"
            "                yield self.finding(source, msgid, 'an acronym in the source')\n"
            "                return\n")
    plugin = tmp_path / "plugin"
    install_plugin(plugin, "house_rules", code, {"rules": "house_rules:Readme", "style": "house_rules:NoShouting"})
    l10n("extract", cwd=project_copy, check=True)
    env = {**os.environ, "PYTHONPATH": str(plugin)}
    run = lambda *args: subprocess.run([sys.executable, "-m", "sphinx_l10n", "check", *args], cwd=project_copy,
                                       capture_output=True, text=True, env=env)
    found = json.loads(run("--format", "json").stdout)["findings"]
    readme = [f for f in found if f["check"] == "readme"]
    assert {f["lang"] for f in readme} == set(configuration.load(project_copy).languages)
    assert all(f["file"].startswith("locales") and f["severity"] == "error" for f in readme)
    (shouting,) = [f for f in found if f["check"] == "no-shouting"]
    assert shouting["file"] == "source/index.rst" and shouting["line"] > 0 and shouting["severity"] == "warning"
    junit = run("--format", "junit").stdout
    assert 'name="readme"' in junit and 'name="no-shouting"' in junit
    (project_copy / "locales" / "de" / "README").write_text("Team: de\n", encoding="utf-8")
    assert "de" not in {f["lang"] for f in json.loads(run("--format", "json").stdout)["findings"] if f["check"] == "readme"}


def _with_release_policy(project, table):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + f"\n[tool.sphinx-l10n.release]\n{table}\n", encoding="utf-8")


def _completeness(project):
    result = l10n("check", "--format", "json", cwd=project)
    return [f["message"] for f in json.loads(result.stdout)["findings"] if f["check"] == "completeness" and f["lang"] == "de"]


def test_release_rule_is_the_projects_threshold_and_key_documents(project_copy):
    """100% by default; a threshold lets a language publish with a few entries left, unless a key
    document is incomplete; a language may have its own threshold; a key document must exist."""
    catalog = project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po"
    po = catalogs.load(catalog)
    next(e for e in po if e.msgid and not e.obsolete).msgstr = ""
    catalogs.write(po, catalog)
    assert any("index has 1 untranslated" in message for message in _completeness(project_copy))
    _with_release_policy(project_copy, "threshold = 95")
    assert _completeness(project_copy) == []
    pyproject = project_copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("threshold = 95", 'threshold = 95\nkey_documents = ["index", "tutorial/*"]'))
    messages = _completeness(project_copy)
    assert any("the key document index has 1 untranslated" in message for message in messages), messages
    assert any("the key document tutorial/* has no catalog" in message for message in messages), messages
    pyproject.write_text(text.replace("threshold = 95", "threshold = 95\nlanguages = { de = 100 }"))
    assert any("index has 1 untranslated" in message for message in _completeness(project_copy))
    pyproject.write_text(text.replace("threshold = 95", "threshold = 99.9"))
    assert any("under its release threshold of 99.9%" in message for message in _completeness(project_copy))


@pytest.mark.parametrize(("table", "message"), [
    ("threshold = 150", "[tool.sphinx-l10n.release] threshold must be a percentage from 0 to 100"),
    ('languages = { xx-nowhere = 90 }', "xx-nowhere"),
    ("key_documents = 'index'", "key_documents must be a list"),
    ("minimum = 3", "[tool.sphinx-l10n.release] has no setting minimum"),
])
def test_release_rule_errors_are_one_line(project_copy, table, message):
    _with_release_policy(project_copy, table)
    result = l10n("stats", cwd=project_copy)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


MOVED_CONF = """\
import os
here = os.path.dirname(os.path.abspath(__file__))
project = "Moved"
language = "en"
locale_dirs = [os.path.join(here, "locales")]
gettext_compact = False

def setup(app):
    app.srcdir = os.path.join(here, "content")  # the sources are not beside conf.py, whatever sphinx-build is told
"""


def test_freshness_reads_the_sources_where_conf_py_setup_moved_them(tmp_path):
    (tmp_path / "conf.py").write_text(MOVED_CONF, encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.rst").write_text("Moved\n=====\n\nThe first page.\n\n.. toctree::\n\n   guide\n", encoding="utf-8")
    (content / "guide.rst").write_text("Guide\n=====\n\nHow to use it.\n", encoding="utf-8")
    (tmp_path / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
    l10n("extract", cwd=tmp_path, check=True)
    l10n("update", cwd=tmp_path, check=True)
    assert (tmp_path / "locales" / "de" / "LC_MESSAGES" / "guide.po").is_file()
    assert _freshness(tmp_path) == []  # not every template "for a document that no longer exists"
    (content / "guide.rst").unlink()
    stale = _freshness(tmp_path)  # the real sources are still read: a removed page is seen
    assert [(os.path.basename(f["file"]), f["message"]) for f in stale] == [
        ("guide.pot", "template for a document that no longer exists: run `sphinx-l10n extract`")]
