"""The check command as CI and editors use it: formats, exit codes, silencing."""

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, l10n

from sphinx_l10n import catalogs

EN = ROOT / "locales" / "en" / "LC_MESSAGES" / "index.po"


@pytest.fixture
def broken_en(tmp_path):
    """A copy of the English catalog with one lost quotation and one changed number."""
    po = catalogs.load(EN)
    quote = next(e for e in po if e.msgstr.count("“") == 1 and "Cinguino" in e.msgstr)
    quote.msgstr = quote.msgstr.replace("“", "").replace("”", "")
    number = next(e for e in po if "250" in e.msgstr)
    number.msgstr = number.msgstr.replace("250", "520")
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    catalogs.write(po, path)
    return path


def test_clean_catalog_exits_0():
    result = l10n("check", "--lang", "en")
    assert result.returncode == 0, result.stdout


def test_errors_exit_1_with_file_line_severity_check(broken_en):
    result = l10n("check", broken_en)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert any("[quotes]" in line for line in lines) and any("[numbers]" in line for line in lines)
    for line in lines:
        path, number, _rest = line.split(":", 2)
        assert path == str(broken_en) and number.isdigit()


def test_json_report(broken_en):
    data = json.loads(l10n("check", broken_en, "--format", "json").stdout)
    assert data["files"] == 1 and data["entries"] == 63
    assert {"file", "line", "lang", "check", "severity", "message", "msgid"} <= set(data["findings"][0])
    assert {f["check"] for f in data["findings"] if f["severity"] == "error"} == {"quotes", "numbers"}
    assert all(f["lang"] == "en" for f in data["findings"])


def test_junit_report(broken_en):
    root = ET.fromstring(l10n("check", broken_en, "--format", "junit").stdout)
    failed = {case.get("name") for case in root.iter("testcase") if case.find("failure") is not None}
    assert failed == {"quotes", "numbers"}


def test_markdown_report(broken_en):
    text = l10n("check", broken_en, "--format", "markdown").stdout
    assert "| en | quotes | 1 |" in text


def test_translator_comment_silences_one_check(broken_en):
    po = catalogs.load(broken_en)
    entry = next(e for e in po if "520" in e.msgstr)
    entry.tcomment = "l10n: ignore numbers"
    catalogs.write(po, broken_en)
    data = json.loads(l10n("check", broken_en, "--format", "json").stdout)
    assert {f["check"] for f in data["findings"] if f["severity"] == "error"} == {"quotes"}
    assert data["silenced"] == 2  # the missing 250 (error) and the extra 520 (warning)


def test_unreadable_input_exits_2_and_others_are_still_checked(broken_en, tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    result = l10n("check", broken_en, bad)
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stdout + result.stderr
    assert "[quotes]" in result.stdout
    assert "Traceback" not in result.stderr


def test_english_source_catalogs_are_checked_with_source_lang(tmp_path):
    po = tmp_path / "es.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Released on February 3, 2022 with 1,000 fixes."\nmsgstr "Publicado el 3 de marzo de 2022 con 1.000 correcciones."\n',
                  encoding="utf-8")
    data = json.loads(l10n("check", po, "--source-lang", "en", "--format", "json").stdout)
    assert [f["check"] for f in data["findings"]] == ["dates"]


def test_invalid_language_code_is_refused():
    result = l10n("check", "--lang", "../../etc")
    assert result.returncode == 2 and "invalid language code" in result.stderr and "Traceback" not in result.stderr


def test_source_problems_are_reported_not_hidden():
    """The source keeps the author's text; check names its inconsistencies and slips."""
    data = json.loads(l10n("check", "--lang", "en", "--format", "json").stdout)
    source = {(f["check"], f["message"].split(": ", 1)[-1]) for f in data["findings"] if f["lang"] == ""}
    assert {m for c, m in source if c == "source-variants"} == {
        "Benoit / Benoît", "Deezer / deezer", "LiveMentor / Livementor", "syndrome / syndrôme"}
    slips = " | ".join(sorted(m for c, m in source if c == "source-typography"))
    assert slips.count("|") == 1 and "passé,sous-estimée" in slips and "“ Cela" in slips
    assert all(f["severity"] == "warning" for f in data["findings"] if f["lang"] == "")
    assert all(f["file"] == "source/index.rst" for f in data["findings"] if f["lang"] == "")


def test_result_cache_gives_the_same_report_and_follows_edits(broken_en, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("L10N_CACHE_DIR", str(tmp_path / "cache"))
    first = l10n("check", broken_en, "--format", "json").stdout
    with sqlite3.connect(tmp_path / "cache" / "check.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone() == (1,)
    assert l10n("check", broken_en, "--format", "json").stdout == first  # from the cache
    # An edit changes the content hash: the catalog is checked again.
    po = catalogs.load(broken_en)
    entry = next(e for e in po if "520" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("520", "250")
    catalogs.write(po, broken_en)
    after = json.loads(l10n("check", broken_en, "--format", "json").stdout)
    assert not any(f["check"] == "numbers" and f["severity"] == "error" for f in after["findings"])


def test_a_damaged_cache_only_costs_time(broken_en, tmp_path, monkeypatch):
    monkeypatch.setenv("L10N_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "check.sqlite").write_bytes(b"not a database" * 100)
    result = l10n("check", broken_en)
    assert result.returncode == 1 and "[numbers]" in result.stdout and "Traceback" not in result.stderr


def test_junit_holds_every_error_of_the_text_report(project_copy):
    """A completeness error is on a path relative to the project: it still fails a test case."""
    path = project_copy / "locales" / "en" / "LC_MESSAGES" / "index.po"
    po = catalogs.load(path)
    next(e for e in po if e.msgstr).msgstr = ""
    catalogs.write(po, path)
    l10n("extract", cwd=project_copy, check=True)
    text = l10n("check", "--lang", "en", cwd=project_copy).stdout
    root = ET.fromstring(l10n("check", "--lang", "en", "--format", "junit", cwd=project_copy).stdout)
    failed = {case.get("name") for case in root.iter("testcase") if case.find("failure") is not None}
    assert "[completeness]" in text and "completeness" in failed
    assert int(root.find("testsuite").get("failures")) == len(failed) >= 1


def test_catalogs_outside_the_project_are_checked_without_its_conventions(tmp_path):
    """The showcase makes typography an error for its own catalogs; a catalog elsewhere keeps the default."""
    po = tmp_path / "es.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
                  'msgid "Why?"\nmsgstr "¿Por qué ?"\n', encoding="utf-8")
    outside = l10n("check", po, "--source-lang", "en", "--format", "json")
    assert [f["severity"] for f in json.loads(outside.stdout)["findings"] if f["check"] == "typography"] == ["warning"]


# Translations whose markup Sphinx cannot read, or which it does not read as a paragraph at all.
BROKEN = {
    "Lancez ``make html`` puis ouvrez la page.": ("Run ``make html then open the page.", "sphinx-warning"),
    "Lisez *le guide* puis lancez ``make``.": ("Read *the guide then run ``make``.", "sphinx-warning"),
    "Lancez ``make pdf`` puis ouvrez le fichier.": (".. Run ``make pdf then open the file.", "dropped"),
    "Lancez ``make epub`` puis ouvrez le livre.": (".. Run ``make epub`` then open the book.", "dropped"),
    "Voir :pep:`8` et ``make``.": (".. See :pep:`9`.", "dropped"),
    "Lancez ``make`` une fois.": ("- Run ``make once.", "dropped"),  # a list item, whose markup Sphinx warns of too
}


def test_a_broken_translation_gets_one_error_and_one_that_starts_as_a_comment_gets_its_own(tmp_path):
    """Each finding once: unclosed markup is Sphinx's warning, not the markup check's too; a
    translation that starts with ".. " is a comment to docutils (the page shows the source),
    whatever its markup."""
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    entries = "".join(f'\nmsgid "{source}"\nmsgstr "{target}"\n' for source, (target, _) in BROKEN.items())
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n' + entries,
                    encoding="utf-8")
    result = l10n("check", path, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [(f["msgid"], f["check"]) for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert sorted(errors) == sorted((source, check) for source, (_, check) in BROKEN.items()), result.stdout
    commented = {source for source, (target, _) in BROKEN.items() if target.startswith(".. ")}
    said = [f["message"] for f in json.loads(result.stdout)["findings"] if f["msgid"] in commented and f["severity"] == "error"]
    assert len(said) == 3 and all(message.startswith("Sphinx reads the translation as comment, not a paragraph")
                                  for message in said)
