"""Bad catalogs, lost work, injected content: what translators must be able to trust."""

import re
import shutil

import pytest
from conftest import DATA, ROOT, l10n

from sphinx_l10n import catalogs

BAD = sorted((DATA / "bad").glob("*.po"))
GOOD = ROOT / "locales" / "en" / "LC_MESSAGES" / "index.po"


def _one_line_error(result, path):
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.startswith(f"{path}:")]
    assert len(lines) == 1, output
    assert re.match(re.escape(str(path)) + r":\d+: \S", lines[0])
    return lines[0]


def test_the_bad_corpus_covers_every_kind():
    assert {p.stem for p in BAD} == {
        "truncated", "invalid-escape", "unterminated-string", "charset-lies", "latin1", "bom", "crlf",
        "duplicate-msgid", "missing-header", "binary-garbage", "nul-byte"}


@pytest.fixture
def good_copy(tmp_path):
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    shutil.copy(GOOD, path)
    return path


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", [["check"], ["stats"], ["format", "--check"]], ids=lambda c: c[0])
def test_reading_commands_report_bad_catalogs_and_go_on(command, bad, good_copy):
    result = l10n(*command, bad, good_copy)
    assert result.returncode == 2
    _one_line_error(result, bad)
    if command == ["check"]:
        assert "1 file(s), 63 entries checked" in result.stdout
    elif command == ["stats"]:
        assert re.search(r"^en\s+63\b", result.stdout, re.M)


def test_a_50_mb_catalog_is_refused_in_one_line(tmp_path, good_copy):
    huge = tmp_path / "huge.po"
    text = GOOD.read_text(encoding="utf-8")
    header, _body = text.split("\n\n", 1)
    with open(huge, "w", encoding="utf-8") as f:
        f.write(header + "\n\n")
        n = 0
        while f.tell() < 50 * 1024 * 1024:
            f.write(f'msgid "Entry {n} of a generated catalog, long enough to fill it quickly."\nmsgstr ""\n\n')
            n += 1
    for command in (["check"], ["stats"], ["format", "--check"]):
        result = l10n(*command, huge, good_copy)
        assert result.returncode == 2
        assert "over the 20 MB limit" in _one_line_error(result, huge)


@pytest.fixture(scope="module")
def extracted_project(tmp_path_factory):
    """A project copy whose source gained a sentence, templates extracted once."""
    copy = tmp_path_factory.mktemp("reliability") / "project"
    copy.mkdir()
    for name in ("source", "locales", "conf.py", "pyproject.toml"):
        src = ROOT / name
        (shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("*.mo")) if src.is_dir() else shutil.copy(src, copy / name))
    (copy / "sphinx_l10n").symlink_to(ROOT / "sphinx_l10n")
    index = copy / "source" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase ajoutée à la fin de l’article.\n", encoding="utf-8")
    l10n("extract", cwd=copy, check=True)
    return copy


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_update_reports_a_bad_catalog_and_updates_the_others(bad, extracted_project):
    target = extracted_project / "locales" / "en" / "LC_MESSAGES" / "index.po"
    other = extracted_project / "locales" / "de" / "LC_MESSAGES" / "index.po"
    original_other = other.read_bytes()
    shutil.copy(bad, target)
    try:
        result = l10n("update", cwd=extracted_project)
        assert result.returncode == 2
        _one_line_error(result, target)
        assert target.read_bytes() == bad.read_bytes(), "a catalog that cannot be read is never rewritten"
        assert "Une phrase ajoutée" in other.read_text(encoding="utf-8")
    finally:
        shutil.copy(GOOD, target)
        other.write_bytes(original_other)


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_build_fails_the_bad_language_alone(bad, extracted_project, tmp_path):
    target = extracted_project / "locales" / "en" / "LC_MESSAGES" / "index.po"
    shutil.copy(bad, target)
    try:
        result = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "en", "--lang", "de", cwd=extracted_project)
        assert result.returncode == 2
        _one_line_error(result, target)
        assert (tmp_path / "html" / "de" / "index.html").exists()
        assert re.search(r"^de\s+html\s+ok\b", result.stdout, re.M), result.stdout
        assert not (tmp_path / "html" / "en" / "index.html").exists()
    finally:
        shutil.copy(GOOD, target)


POISON = {
    "Pourquoi avoir un CPTO ?": "Why have a CPTO?<script>alert('pwned')</script>",
    "Une relative solitude": "`A relative solitude <javascript:alert(1)>`_",
    "Le syndrôme de l’imposteur": "Impostor syndrome :raw-html:`<img src=x onerror=alert(2)>`",
}


def test_injected_content_is_an_error_and_never_reaches_the_page(project_copy, tmp_path):
    pyproject = project_copy / "pyproject.toml"
    # In progress, so the build goes ahead despite the errors: the guard must hold there too.
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('en = "release"', 'en = "in-progress"'), encoding="utf-8")
    path = project_copy / "locales" / "en" / "LC_MESSAGES" / "index.po"
    po = catalogs.load(path)
    for entry in po:
        if entry.msgid in POISON:
            entry.msgstr = POISON[entry.msgid]
    catalogs.write(po, path)
    l10n("extract", cwd=project_copy, check=True)
    result = l10n("check", "--lang", "en", cwd=project_copy)
    assert result.returncode == 1
    unsafe = [line for line in result.stdout.splitlines() if "[unsafe]" in line]
    assert len(unsafe) >= 3, result.stdout
    # The guard refuses the link even on an in-progress language: the build fails, naming the catalog line.
    build = l10n("--build-dir", tmp_path, "build", "--html", "--lang", "en", cwd=project_copy)
    assert build.returncode == 1 and "unsafe translation refused" in build.stdout
    page = (tmp_path / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "javascript:" not in page.lower()
    assert "<img src=x" not in page
    assert "Une relative solitude" in page  # the refused translation's place holds the source


def test_language_codes_are_validated_before_touching_paths():
    for command in (["check", "--lang", "../../etc"], ["update", "--lang", "../x"], ["build", "--lang", "xx/../../"],
                    ["stats", "--lang", "zz"]):
        result = l10n(*command)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "language code" in result.stderr
