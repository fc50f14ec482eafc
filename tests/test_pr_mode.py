"""Pull-request mode: a team with old findings gates only on what a pull request changed."""

import json
import re
import subprocess

import pytest
from conftest import l10n

from sphinx_l10n import catalogs


def _git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, check=True,
                   capture_output=True)


def _damage(catalog_path, skip=0):
    """Change a year in a translation (a numbers or dates error) of the skip-th entry that has one; its msgid."""
    po = catalogs.load(catalog_path)
    entry = [e for e in po if not e.obsolete and re.search(r"\b20\d\d\b", e.msgstr)][skip]
    entry.msgstr = re.sub(r"\b20(\d\d)\b", r"19\1", entry.msgstr)
    catalogs.write(po, catalog_path)
    return entry.msgid


def _findings(project, *options):
    result = l10n("check", "--format", "json", *options, cwd=project)
    return result, json.loads(result.stdout)["findings"] if result.stdout.strip() else []


@pytest.fixture
def repository(project_copy):
    assert l10n("extract", cwd=project_copy).returncode == 0
    (project_copy / ".gitignore").write_text("/build/\n", encoding="utf-8")
    _git(project_copy, "init", "-q", "-b", "main")
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-q", "-m", "start")
    return project_copy


def test_changed_since_reports_only_the_entries_a_pull_request_changed(repository):
    de = repository / "locales" / "de" / "LC_MESSAGES" / "index.po"
    old = _damage(de, 0)
    _git(repository, "commit", "-q", "-am", "an old mistake")
    new = _damage(de, 1)
    _, everything = _findings(repository)
    assert {old, new} <= {f["msgid"] for f in everything}
    result, changed = _findings(repository, "--changed-since", "HEAD")
    assert {f["msgid"] for f in changed} == {new}, changed
    assert result.returncode == 1  # the new mistake still fails the pull request
    _git(repository, "commit", "-q", "-am", "the new one")
    result, changed = _findings(repository, "--changed-since", "HEAD")
    assert changed == [] and result.returncode == 0


def test_a_baseline_silences_known_findings_and_only_those(repository):
    de = repository / "locales" / "de" / "LC_MESSAGES" / "index.po"
    _damage(de, 0)
    result = l10n("check", "--baseline", "known.json", "--write-baseline", cwd=repository)
    assert result.returncode == 0 and "recorded" in result.stdout
    recorded = json.loads((repository / "known.json").read_text(encoding="utf-8"))
    assert recorded["findings"] and not any(f["file"].startswith("/") for f in recorded["findings"])  # portable
    result, left = _findings(repository, "--baseline", "known.json")
    assert left == [] and result.returncode == 0
    new = _damage(de, 1)
    result, left = _findings(repository, "--baseline", "known.json")
    assert {f["msgid"] for f in left} == {new} and result.returncode == 1


@pytest.mark.parametrize(("options", "message"), [
    (("--changed-since", "no-such-ref"), "--changed-since: no commit 'no-such-ref' here"),
    (("--baseline", "missing.json"), "missing.json"),
    (("--baseline", "pyproject.toml"), "pyproject.toml:1: not an l10n baseline"),
    (("--write-baseline",), "--write-baseline needs --baseline FILE"),
])
def test_pull_request_mode_errors_are_one_line(repository, options, message):
    result = l10n("check", *options, cwd=repository)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_changed_since_outside_git_is_one_line(project_copy):
    result = l10n("check", "--changed-since", "HEAD", cwd=project_copy)
    assert result.returncode == 2 and "--changed-since needs a git repository" in result.stderr
