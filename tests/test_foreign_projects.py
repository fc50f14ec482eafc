"""Projects as they come: catalogs written by platforms (header-only pulls, unreviewed entries left
out, locations relative to where the project writes its own templates), flags the platform uses,
and text removed from the source. Every command completes, and its numbers are the truth."""

import json
import shutil
import textwrap

import polib
from conftest import l10n

INDEX = """\
Title
=====

First paragraph stays.

Second paragraph goes away.

Third one %s with format.

Fourth paragraph, never reviewed.
"""

HEADER = """\
# Translators:
# Jean Dupont <jean@example.org>, 2024
msgid ""
msgstr ""
"Project-Id-Version: Tiny\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def _project(tmp_path, settings=""):
    """docs/conf.py (English), docs/index.rst, locales/<lang> beside them; templates extracted."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text('project = "Tiny"\nlanguage = "en"\nlocale_dirs = ["locales"]\n', encoding="utf-8")
    (docs / "index.rst").write_text(INDEX, encoding="utf-8")
    (docs / "sphinx-l10n.toml").write_text(settings, encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    return docs


def _catalog(docs, lang, entries=""):
    path = docs / "locales" / lang / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(lang=lang) + textwrap.dedent(entries), encoding="utf-8")
    return path


def _settings(languages):
    return "[languages]\n" + "".join(f'{code} = "in-progress"\n' for code in languages)


DE = """
#: ../../index.rst:1
msgid "Title"
msgstr "Titel"

#: ../../index.rst:4
msgid "First paragraph stays."
msgstr "Erster Absatz bleibt."

#: ../../index.rst:6
msgid "Second paragraph goes away."
msgstr "Zweiter Absatz geht."

#: ../../index.rst:8
#, python-format
msgid "Third one %s with format."
msgstr "Dritter %s mit Format."

#: ../../index.rst:10
msgid "Fourth paragraph, never reviewed."
msgstr "Vierter Absatz."
"""


def test_a_catalog_of_its_header_alone_is_updated_and_keeps_its_credits(tmp_path):
    docs = _project(tmp_path, _settings(["fr"]))
    path = _catalog(docs, "fr")  # a Transifex `onlyreviewed` pull of a language with nothing reviewed
    result = l10n("update", cwd=docs)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    catalog = polib.pofile(str(path))
    assert "Jean Dupont <jean@example.org>, 2024" in catalog.header
    assert [entry.msgid for entry in catalog] == ["Title", "First paragraph stays.", "Second paragraph goes away.",
                                                  "Third one %s with format.", "Fourth paragraph, never reviewed."]
    assert l10n("update", cwd=docs).stdout.strip().endswith("up to date")


def test_removed_source_text_becomes_obsolete_and_stops_counting(tmp_path):
    docs = _project(tmp_path, _settings(["de"]))
    path = _catalog(docs, "de", DE)
    (docs / "index.rst").write_text(INDEX.replace("Second paragraph goes away.\n\n", ""), encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    assert l10n("update", cwd=docs).returncode == 0
    catalog = polib.pofile(str(path))
    gone = [entry for entry in catalog if entry.msgid == "Second paragraph goes away."]
    assert len(gone) == 1 and gone[0].obsolete and gone[0].msgstr == "Zweiter Absatz geht."
    assert '#~ msgid "Second paragraph goes away."' in path.read_text(encoding="utf-8")
    assert l10n("update", cwd=docs).stdout.strip().endswith("up to date")
    stats = l10n("stats", "--format", "json", cwd=docs)
    counts = json.loads(stats.stdout)["de"]["documents"]["index"]
    assert (counts["translated"], counts["obsolete"], counts["total"]) == (4, 1, 4)


def test_the_catalogs_flags_survive_an_update(tmp_path):
    docs = _project(tmp_path, _settings(["de"]))
    path = _catalog(docs, "de", DE.replace("Zweiter Absatz geht.", "Zweiter Absatz geht weg."))
    (docs / "index.rst").write_text("Intro added.\n\n" + INDEX, encoding="utf-8")  # every line moves
    l10n("extract", cwd=docs, check=True)
    assert l10n("update", cwd=docs).returncode == 0
    third = polib.pofile(str(path)).find("Third one %s with format.")
    assert third is not None and third.flags == ["python-format"] and third.msgstr == "Dritter %s mit Format."


def test_completion_is_measured_against_the_templates(tmp_path):
    """A platform that leaves unreviewed entries out (Transifex's onlyreviewed) writes catalogs
    where every entry present is translated: 2 of the 5 messages here, not 100%."""
    docs = _project(tmp_path, _settings(["de"]))
    entries = DE.split("\n\n")
    _catalog(docs, "de", "\n\n".join(entries[:3]) + "\n")
    stats = l10n("stats", "--format", "json", cwd=docs)
    language = json.loads(stats.stdout)["de"]
    assert (language["translated"], language["untranslated"], language["percent"]) == (3, 2, 60.0)
    # A document the language has no catalog for counts whole.
    (docs / "guide.rst").write_text(":orphan:\n\nGuide\n=====\n\nRead this first.\n", encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    language = json.loads(l10n("stats", "--format", "json", cwd=docs).stdout)["de"]
    assert language["documents"]["guide"]["untranslated"] == 2 and language["untranslated"] == 4


def test_init_measures_completion_against_templates_it_extracts(tmp_path):
    docs = _project(tmp_path)
    (docs / "sphinx-l10n.toml").unlink()
    shutil.rmtree(docs / "_build")  # no templates yet: init extracts them
    entries = DE.split("\n\n")
    _catalog(docs, "de", "\n\n".join(entries[:3]) + "\n")
    result = l10n("init", cwd=docs)
    assert result.returncode == 0, result.stderr
    assert "de: 60.0% translated -> in-progress" in result.stdout


def test_an_update_that_moves_only_locations_leaves_the_catalog_untouched(tmp_path):
    docs = _project(tmp_path, _settings(["de"]))
    path = _catalog(docs, "de", DE)
    l10n("update", cwd=docs, check=True)
    before = path.read_bytes()
    (docs / "index.rst").write_text(INDEX.replace("First paragraph stays.", "First paragraph\nstays."),
                                    encoding="utf-8")  # same messages, later lines
    l10n("extract", cwd=docs, check=True)
    result = l10n("update", cwd=docs, check=True)
    assert path.read_bytes() == before and "up to date" in result.stdout


def test_locations_follow_the_catalogs_own_folder_and_the_add_location_setting(tmp_path):
    """packaging.python.org writes its templates into locales/: its catalogs say
    `#: ../index.rst:4`, and stay so; add_location = "file" writes file names alone."""
    docs = _project(tmp_path, 'add_location = "file"\n' + _settings(["de"]))
    path = _catalog(docs, "de", DE.replace("../../index.rst", "../index.rst"))
    (docs / "index.rst").write_text(INDEX + "\nA new paragraph.\n", encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    l10n("update", cwd=docs, check=True)
    occurrences = {entry.msgid: entry.occurrences for entry in polib.pofile(str(path)) if not entry.obsolete}
    assert occurrences["A new paragraph."] == [("../index.rst", "")]
    assert occurrences["Title"] == [("../index.rst", "")]
    (docs / "sphinx-l10n.toml").write_text('add_location = "never"\n' + _settings(["de"]), encoding="utf-8")
    (docs / "index.rst").write_text(INDEX + "\nAnother new paragraph.\n", encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    l10n("update", cwd=docs, check=True)
    assert "#:" not in path.read_text(encoding="utf-8")


def test_language_codes_cldr_has_no_data_for_are_languages_all_the_same(tmp_path):
    """ars, frc, lzh: ISO 639-3 codes that Weblate and Sphinx take (packaging.python.org has
    them); jp is a country, and init names the fix."""
    docs = _project(tmp_path)
    (docs / "sphinx-l10n.toml").unlink()
    for code in ("ars", "frc", "lzh", "jp"):
        _catalog(docs, code, DE.split("\n\n")[0] + "\n")
    result = l10n("init", cwd=docs)
    assert result.returncode == 0, result.stderr
    for code in ("ars", "frc", "lzh"):
        assert f"  {code}: 20.0% translated -> in-progress" in result.stdout
    assert "jp: not a language code" in result.stdout and "jp -> ja" in result.stdout
    stats = json.loads(l10n("stats", "--format", "json", "--lang", "ars", cwd=docs).stdout)
    assert stats["ars"]["translated"] == 1


def test_a_memory_proposal_never_changes_a_link_target_or_a_literal(tmp_path):
    """A new entry 90% like a translated one is offered its translation, fuzzy: unless the two
    differ in a link's target, a reference or a literal, which the proposal would carry over."""
    linked = "Read :doc:`the installation guide <install>` before you install the package on a server."
    docs = _project(tmp_path, _settings(["de"]))
    (docs / "index.rst").write_text(INDEX + f"\n{linked}\n", encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    path = _catalog(docs, "de", DE + f'\nmsgid "{linked}"\nmsgstr "Lesen Sie :doc:`die Installationsanleitung '
                                      '<install>`, bevor Sie das Paket auf einem Server installieren."\n')
    elsewhere = linked.replace("<install>", "<upgrade>")
    reworded = linked.replace("on a server", "on a host")
    literal = linked + " Run ``pip check``."
    (docs / "index.rst").write_text(INDEX + f"\n{linked}\n\n{elsewhere}\n\n{reworded}\n\n{literal}\n", encoding="utf-8")
    l10n("extract", cwd=docs, check=True)
    l10n("update", cwd=docs, check=True)
    catalog = polib.pofile(str(path))
    assert catalog.find(reworded).fuzzy and "<install>" in catalog.find(reworded).msgstr
    assert "<install>" not in catalog.find(elsewhere).msgstr
    assert "<install>" not in catalog.find(literal).msgstr or "pip check" in catalog.find(literal).msgstr


def test_init_names_the_platform_that_writes_the_catalogs(tmp_path):
    docs = _project(tmp_path)
    (docs / "sphinx-l10n.toml").unlink()
    path = _catalog(docs, "de", DE)
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: de\\n"\n', '"Language: de\\n"\n'
                                                             '"X-Generator: Weblate 5.14-dev\\n"\n'), encoding="utf-8")
    result = l10n("init", cwd=docs)
    assert "platform: Weblate (1 of 1 catalogs say so)" in result.stdout and "leave update and format" in result.stdout
