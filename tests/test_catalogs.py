"""Catalog loading, merging and writing: errors name file and line, nothing is lost."""

import os

import polib
import pytest
from conftest import l10n

from sphinx_l10n import L10nError, catalogs, fileio

POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: ../../source/index.rst:5
msgid "{first}"
msgstr ""

#: ../../source/index.rst:7
msgid "Pourquoi avoir un CPTO ?"
msgstr ""
"""

OLD_FIRST = "Un avis partagé par Benoit Bouffart, CTPO de e.Voyageurs SNCF."
NEW_FIRST = "Un avis partagé par Benoît Bouffart, CTPO de e.Voyageurs SNCF."


def _catalog(text):
    return polib.pofile(text)


def _po(first_translation="A view shared by Benoit Bouffart, CTPO of e.Voyageurs SNCF."):
    po = _catalog(POT.format(first=OLD_FIRST))
    po[0].msgstr = first_translation
    po[1].msgstr = "Why have a CPTO?"
    return po


def test_unchanged_source_keeps_translations():
    merged = catalogs.merge(_po(), _catalog(POT.format(first=OLD_FIRST)))
    assert [e.msgstr for e in merged] == [_po()[0].msgstr, "Why have a CPTO?"]
    assert not any(e.fuzzy for e in merged)


def test_corrected_source_keeps_translation_as_fuzzy_with_previous_msgid():
    merged = catalogs.merge(_po(), _catalog(POT.format(first=NEW_FIRST)))
    entry = merged.find(NEW_FIRST)
    assert entry.msgstr == _po()[0].msgstr
    assert entry.fuzzy and entry.previous_msgid == OLD_FIRST
    assert "#| msgid" in catalogs.render(merged)
    assert merged.find("Pourquoi avoir un CPTO ?").msgstr == "Why have a CPTO?"


def test_removed_source_is_kept_as_obsolete():
    pot = _catalog(POT.format(first="Une phrase entièrement nouvelle, sans rapport aucun avec la précédente."))
    merged = catalogs.merge(_po(), pot)
    obsolete = [e for e in merged if e.obsolete]
    assert [e.msgstr for e in obsolete] == [_po()[0].msgstr]
    assert merged.find(pot[0].msgid).msgstr == ""


def test_merge_twice_changes_nothing():
    pot = _catalog(POT.format(first=NEW_FIRST))
    once = catalogs.render(catalogs.merge(_po(), pot))
    twice = catalogs.render(catalogs.merge(_catalog(once), pot))
    assert once == twice


@pytest.mark.parametrize("content, message", [
    (b'msgid "a"\nmsgstr "b\n', "invalid catalog"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr b"\n', "5: invalid catalog: expected a quoted string: b\""),
    (b'msgid ""\nmsgstr ""\n\nmsgstr "b"\n', "4: invalid catalog: msgstr cannot follow msgstr"),
    (b'msgid ""\nmsgstr ""\n\n# note\n"b"\n', "5: invalid catalog: a continued string cannot follow a comment"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "\xe9t\xe9"\n', "5: not valid UTF-8"),
    (b'msgid "a"\x00\nmsgstr "b"\n', "NUL byte"),
    (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "b"\n', "charset ISO-8859-1"),
])
def test_bad_catalog_is_one_line_error_with_file_and_line(tmp_path, content, message):
    path = tmp_path / "bad.po"
    path.write_bytes(content)
    with pytest.raises(L10nError) as error:
        catalogs.load(path)
    text = str(error.value)
    assert text.startswith(f"{path}:") and text.split(":")[1].isdigit() and message in text and "\n" not in text


def test_write_is_atomic_and_canonical(tmp_path):
    path = tmp_path / "x.po"
    catalogs.write(_po(), path)
    assert path.read_text(encoding="utf-8") == catalogs.render(_po())
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_update_creates_catalogs_with_babel_headers(project_copy):
    (project_copy / "pyproject.toml").write_text(
        (project_copy / "pyproject.toml").read_text(encoding="utf-8").replace("[tool.sphinx-l10n.languages]\n", '[tool.sphinx-l10n.languages]\npl = "in-progress"\n'),
        encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    result = l10n("update", cwd=project_copy, check=True)
    assert "created locales/pl/LC_MESSAGES/index.po" in result.stdout
    po = catalogs.load(project_copy / "locales/pl/LC_MESSAGES/index.po")
    assert po.metadata["Language"] == "pl"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert "catalogs already up to date" in l10n("update", cwd=project_copy, check=True).stdout


def test_source_correction_keeps_every_translation(project_copy):
    """Correcting "Benoit" to "Benoît" keeps the translations: fuzzy, previous msgid shown."""
    index = project_copy / "source" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("Benoit Bouffart", "Benoît Bouffart"), encoding="utf-8")
    before = catalogs.load(project_copy / "locales/en/LC_MESSAGES/index.po")
    changed = [e for e in before if "Benoit Bouffart" in e.msgid]
    assert changed
    l10n("extract", cwd=project_copy, check=True)
    l10n("update", cwd=project_copy, check=True)
    after = catalogs.load(project_copy / "locales/en/LC_MESSAGES/index.po")
    for old in changed:
        entry = after.find(old.msgid.replace("Benoit Bouffart", "Benoît Bouffart"))
        assert entry.msgstr == old.msgstr and entry.fuzzy and entry.previous_msgid == old.msgid


def test_read_bytes_reads_whole_files_and_refuses_directories(tmp_path):
    for content in (b"", b"x", b'msgid "a"\n' * 50000):
        path = tmp_path / "f.po"
        path.write_bytes(content)
        assert fileio.read_bytes(path) == content
    with pytest.raises(L10nError, match=r"holds no \.po catalog"):
        fileio.read_bytes(tmp_path)


def test_only_regular_files_within_the_limit_are_read(tmp_path, monkeypatch):
    """A FIFO would block every command until a writer comes; /dev/zero would never end."""
    fifo = tmp_path / "fifo.po"
    os.mkfifo(fifo)
    (tmp_path / "zero.po").symlink_to("/dev/zero")
    for path in (fifo, tmp_path / "zero.po"):
        with pytest.raises(L10nError, match=r":0: not a regular file"):
            catalogs.load(path)
    monkeypatch.setenv("L10N_MAX_CATALOG_MB", "0.001")
    (tmp_path / "big.po").write_bytes(b"#" * 5000)
    with pytest.raises(L10nError, match=r"big.po:1: catalog is 0.00477 MB, over the 0.000999 MB limit"):
        catalogs.load(tmp_path / "big.po")


PLURAL_POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, python-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

#, python-format
msgid "Hello %s"
msgstr ""
"""


def test_merge_keeps_comments_flags_and_plural_forms():
    po = _catalog(PLURAL_POT)
    po[0].msgstr_plural = {0: "%d Datei", 1: "%d Dateien"}
    po[0].tcomment = "l10n: ignore numbers"
    po[1].msgstr, po[1].flags = "Hallo %s", ["python-format", "fuzzy"]
    po[1].tcomment = "Translator: check the greeting"
    merged = catalogs.merge(po, _catalog(PLURAL_POT))
    plural, hello = merged.find("%d file"), merged.find("Hello %s")
    assert plural.msgstr_plural == {0: "%d Datei", 1: "%d Dateien"} and plural.tcomment == "l10n: ignore numbers"
    assert "python-format" in plural.flags and not plural.fuzzy
    assert hello.msgstr == "Hallo %s" and hello.fuzzy and "python-format" in hello.flags
    assert hello.tcomment == "Translator: check the greeting"


def test_a_fuzzy_match_keeps_the_comment_of_the_entry_it_came_from():
    po = _po()
    po[0].tcomment = "l10n: ignore all"
    merged = catalogs.merge(po, _catalog(POT.format(first=NEW_FIRST)))
    assert merged.find(NEW_FIRST).tcomment == "l10n: ignore all"


# Faults seeded into the merge; each must make the catalog tests fail.
MUTATIONS = {
    "none (the control: the copy passes)": [],
    "drop translator comments": [("entry.tcomment = old.tcomment", "entry.tcomment = ''")],
    "drop flags": [('flags=[f for f in template.flags if f != "fuzzy"],', "flags=[],"),
                   ("entry.flags += [flag for flag in old.flags if flag not in entry.flags]", "pass")],
    "drop the previous msgid": [("entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid "
                                 "else old.msgid", "entry.previous_msgid = None")],
    "drop obsolete entries": [("        merged.append(gone)\n", "")],
    "drop plural forms": [("entry.msgstr_plural = dict(old.msgstr_plural)",
                           "entry.msgstr_plural = {0: old.msgstr_plural.get(0, '')}")],
}


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_the_catalog_tests_catch_a_faulty_merge(tmp_path, mutation):
    import os
    import pathlib
    import shutil
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parent.parent
    copy = tmp_path / "mutant"
    shutil.copytree(root / "sphinx_l10n", copy / "sphinx_l10n", ignore=shutil.ignore_patterns("__pycache__"))
    module = copy / "sphinx_l10n" / "catalogs" / "merging.py"
    text = module.read_text(encoding="utf-8")
    for old, new in MUTATIONS[mutation]:
        assert old in text, f"the merge changed: update the mutation {mutation!r}"
        text = text.replace(old, new)
    module.write_text(text, encoding="utf-8")
    tests = [str(root / "tests" / "test_catalogs.py") + "::" + name for name in (
        "test_unchanged_source_keeps_translations", "test_corrected_source_keeps_translation_as_fuzzy_with_previous_msgid",
        "test_removed_source_is_kept_as_obsolete", "test_merge_twice_changes_nothing",
        "test_merge_keeps_comments_flags_and_plural_forms", "test_a_fuzzy_match_keeps_the_comment_of_the_entry_it_came_from")]
    env = {**os.environ, "PYTHONPATH": str(copy)}
    probe = subprocess.run([sys.executable, "-c", "import sphinx_l10n.catalogs.merging as m; print(m.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert probe.stdout.strip() == str(module)  # the tests below import the mutant
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    if MUTATIONS[mutation]:
        assert result.returncode == 1 and " failed" in result.stdout, result.stdout
    else:
        assert result.returncode == 0, result.stdout


# Escape sequences as catalogs carry them, and what msgfmt makes of each.
ESCAPES = [r"\x41", r"\x4a\x4B", r"\101", r"\7", r"\177", r"\1234", r"\303\251", r"\xC3\xA9", r"\a", r"\b", r"\f",
           r"\v", r"\r", r"\t", r"\n", r"\\", r"\"", r"\'", r"\?", r"\e", r"\8", r"\u0041", r"\xz", r"\x"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_reader_agrees_with_msgfmt_on_every_escape(tmp_path, escape):
    """Accepted by both or refused by both; when accepted, the same string as the compiled catalog holds."""
    import gettext
    import subprocess

    po = tmp_path / "e.po"
    po.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "k"\nmsgstr "<{escape}>"\n')
    compiled = subprocess.run(["msgfmt", "-o", str(tmp_path / "e.mo"), str(po)], capture_output=True, text=True)
    if compiled.returncode != 0:
        with pytest.raises(L10nError, match=r"e\.po:5: invalid catalog: invalid escape sequence"):
            catalogs.load(po)
        return
    with open(tmp_path / "e.mo", "rb") as mo:
        expected = gettext.GNUTranslations(mo).gettext("k")
    read = catalogs.load(po).find("k").msgstr
    assert read == expected
    assert catalogs.parse(catalogs.render(catalogs.load(po))).find("k").msgstr == expected  # written back, same string


@pytest.mark.parametrize(("escape", "reason"), [(r"\0", "a NUL escape"), (r"\351", "not UTF-8")])
def test_reader_refuses_escapes_msgfmt_would_corrupt(tmp_path, escape, reason):
    """msgfmt cuts the string at NUL, and msgunfmt cannot read a lone byte back: refused, with the line."""
    po = tmp_path / "e.po"
    po.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "k"\nmsgstr "<{escape}>"\n')
    with pytest.raises(L10nError, match=rf"e\.po:5: invalid catalog: .*{reason}"):
        catalogs.load(po)


# `sphinx-l10n update` of a small project: its template (as extract writes it) and de's catalog.
UPDATE_CONF = 'project = "Tiny"\nlanguage = "fr"\nlocale_dirs = ["locales"]\ngettext_compact = False\n'
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def _project_for_update(root, catalog):
    """A project whose template is written by _template and whose de catalog holds these entries (as written)."""
    root.mkdir()
    (root / "conf.py").write_text(UPDATE_CONF, encoding="utf-8")
    (root / "sphinx-l10n.toml").write_text('[languages]\nde = "in-progress"\n', encoding="utf-8")
    (root / "index.rst").write_text("Tiny\n====\n", encoding="utf-8")
    folder = root / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "index.po").write_text(HEADER + '"Language: de\\n"\n' + catalog, encoding="utf-8")
    return folder / "index.po"


def _update(root, template):
    """Run `sphinx-l10n update` against this template (its entries, as written); the de catalog it leaves."""
    pot = root / "build" / "gettext" / "index.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    pot.write_text(HEADER + template, encoding="utf-8")
    l10n("--build-dir", root / "build", "update", cwd=root, check=True)
    return catalogs.load(root / "locales" / "de" / "LC_MESSAGES" / "index.po")


def _entry(catalog, msgid, msgctxt=None, obsolete=False):
    found = [e for e in catalog if e.msgid == msgid and e.msgctxt == msgctxt and e.obsolete == obsolete]
    assert len(found) == 1, catalogs.render(catalog)
    return found[0]


UNDERRATED, RESPACED = "Un rôle sous-estimé,mal compris.", "Un rôle sous-estimé, mal compris."
SHARED, SPACED_SHARED = "Un avis partagé,puis oublié.", "Un avis partagé, puis oublié."


def test_a_fuzzy_entry_stays_fuzzy_when_its_source_is_only_respaced(tmp_path):
    """A change of spacing alone keeps an entry translated, but only one that was: a fuzzy entry's
    translation is unreviewed, and stays so."""
    root = tmp_path / "project"
    _project_for_update(root, f'\n#, fuzzy\nmsgid "{UNDERRATED}"\nmsgstr "An underrated, misunderstood role."\n'
                              f'\nmsgid "{SHARED}"\nmsgstr "A view shared, then forgotten."\n')
    merged = _update(root, f'\nmsgid "{RESPACED}"\nmsgstr ""\n\nmsgid "{SPACED_SHARED}"\nmsgstr ""\n')
    fuzzy = _entry(merged, RESPACED)
    assert fuzzy.msgstr == "An underrated, misunderstood role." and fuzzy.fuzzy
    kept = _entry(merged, SPACED_SHARED)  # the reviewed one stays translated
    assert kept.msgstr == "A view shared, then forgotten." and not kept.fuzzy


def test_an_obsolete_translation_comes_back_with_its_source(tmp_path):
    root = tmp_path / "project"
    _project_for_update(root, f'\nmsgid "{SHARED}"\nmsgstr "A view shared, then forgotten."\n'
                              '\n#~ msgid "Le CPTO revient."\n#~ msgstr "The CPTO is back."\n')
    merged = _update(root, f'\nmsgid "{SHARED}"\nmsgstr ""\n\nmsgid "Le CPTO revient."\nmsgstr ""\n')
    back = _entry(merged, "Le CPTO revient.")
    assert back.msgstr == "The CPTO is back." and not back.fuzzy
    assert not [e for e in merged if e.obsolete], catalogs.render(merged)


PARAGRAPH = "Le CPTO est un rôle hybride. Il réunit le produit et la technique."
TRANSLATED = "The CPTO is a hybrid role. It unites product and technology."


def test_updates_notes_go_once_the_translator_has_confirmed_the_entry(tmp_path):
    root = tmp_path / "project"
    po = _project_for_update(root, f'\n# Anna: checked\nmsgid "{PARAGRAPH}"\nmsgstr "{TRANSLATED}"\n')
    changed = PARAGRAPH.replace("le produit et la technique", "le produit, la technique et le design")
    template = f'\nmsgid "{changed}"\nmsgstr ""\n'
    entry = _entry(_update(root, template), changed)
    assert entry.fuzzy and "l10n-update: sentence 2 of 2 changed" in entry.tcomment
    entry = _entry(_update(root, template), changed)  # not confirmed yet: the note stays
    assert entry.fuzzy and "l10n-update: sentence 2 of 2 changed" in entry.tcomment
    catalog = catalogs.load(po)  # the translator edits the translation and removes the fuzzy mark
    edited = _entry(catalog, changed)
    edited.msgstr = "The CPTO is a hybrid role. It unites product, technology and design."
    edited.flags.remove("fuzzy")
    edited.previous_msgid = None
    catalogs.write(catalog, po)
    entry = _entry(_update(root, template), changed)
    assert not entry.fuzzy and entry.msgstr.endswith("technology and design.")
    assert entry.tcomment == "Anna: checked"  # update's notes gone, the translator's own comment kept


def test_a_translation_is_never_matched_to_a_message_of_another_context(tmp_path):
    """msgmerge's rule: a fuzzy match is of the same msgctxt. The old message of another context
    is kept as obsolete, its translation never given to the new one as its former self (the
    translation memory may propose it, saying where it comes from)."""
    root = tmp_path / "project"
    _project_for_update(root, '\nmsgctxt "menu"\nmsgid "Ouvrir le fichier"\nmsgstr "Open the file"\n'
                              '\nmsgctxt "bouton"\nmsgid "Enregistrer sous un autre nom"\nmsgstr "Save under another name"\n')
    merged = _update(root, '\nmsgctxt "bouton"\nmsgid "Ouvrir le fichier !"\nmsgstr ""\n'
                           '\nmsgctxt "bouton"\nmsgid "Enregistrer sous un autre nom !"\nmsgstr ""\n')
    new = _entry(merged, "Ouvrir le fichier !", "bouton")
    assert new.previous_msgctxt is None, catalogs.render(merged)
    assert not new.msgstr or (new.fuzzy and "l10n-update: from the translation memory" in new.tcomment)
    assert _entry(merged, "Ouvrir le fichier", "menu", obsolete=True).msgstr == "Open the file"
    same = _entry(merged, "Enregistrer sous un autre nom !", "bouton")  # in its own context, it is matched
    assert same.fuzzy and same.previous_msgid == "Enregistrer sous un autre nom" and same.msgstr == "Save under another name"


def test_a_fuzzy_entry_changed_again_keeps_the_source_its_translation_was_made_for(tmp_path):
    """#| msgctxt and #| msgid say what the translator translated: a second change of the source
    keeps them (the context included), as msgmerge --previous does."""
    root = tmp_path / "project"
    _project_for_update(root, '\n#, fuzzy\n#| msgctxt "menu"\n#| msgid "Ouvrir le fichier"\nmsgctxt "bouton"\n'
                              'msgid "Ouvrir le fichier !"\nmsgstr "Open the file"\n')
    merged = _update(root, '\nmsgctxt "bouton"\nmsgid "Ouvrir le fichier !!"\nmsgstr ""\n')
    entry = _entry(merged, "Ouvrir le fichier !!", "bouton")
    assert entry.fuzzy and entry.msgstr == "Open the file", catalogs.render(merged)
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("menu", "Ouvrir le fichier"), catalogs.render(merged)


@pytest.mark.parametrize(("line", "reason"), [
    ('"an unterminated continuation', "unterminated string"),
    ('"' + "closed\" and then forty-one characters, this one too: xyz", "text after the closing quote"),
])
def test_a_continuation_line_gettext_refuses_is_refused_with_its_line(tmp_path, line, reason):
    """msgfmt refuses a continued string without its closing quote, or with text after it; so does
    the reader, naming the line (the short way for plain lines must not take either for a string)."""
    import subprocess

    po = tmp_path / "c.po"
    po.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "k"\nmsgstr ""\n{line}\n')
    assert subprocess.run(["msgfmt", "-o", str(tmp_path / "c.mo"), str(po)], capture_output=True).returncode != 0
    with pytest.raises(L10nError, match=rf"c\.po:6: invalid catalog: {reason}") as error:
        catalogs.load(po)
    if "closing quote" in reason:  # the text is shown, forty characters of it
        assert str(error.value).endswith(": " + ' and then forty-one characters, this one'[:40])


def test_update_gives_a_shortened_paragraph_the_translation_holding_most_of_its_sentences():
    """A new paragraph unlike any old one as a whole is given the translation of the old paragraph
    that holds the largest share of its sentences (more than half), whichever comes first."""
    sentences = [f"Sentence number {word} says something of its own." for word in
                 "one two three four five six seven eight nine ten eleven twelve".split()]
    new = " ".join(sentences[:4])
    some = " ".join([*sentences[:3], *sentences[6:12]])  # three of the new paragraph's four sentences
    most = " ".join([*sentences[:4], *sentences[6:12]])  # all four
    po = catalogs.parse(HEADER + '"Language: de\\n"\n\n' + "".join(
        f'msgid "{msgid}"\nmsgstr "Übersetzung {number}"\n\n' for number, msgid in enumerate([some, most])))
    pot = catalogs.parse(HEADER + f'\nmsgid "{new}"\nmsgstr ""\n')
    merged = catalogs.merge(po, pot, source_lang="en")
    entry = merged.find(new)
    assert entry is not None and entry.fuzzy and entry.previous_msgid == most
    po_first_most = catalogs.parse(HEADER + '"Language: de\\n"\n\n' + "".join(
        f'msgid "{msgid}"\nmsgstr "Übersetzung {number}"\n\n' for number, msgid in enumerate([most, some])))
    assert catalogs.merge(po_first_most, pot, source_lang="en").find(new).previous_msgid == most


def test_a_catalog_that_cannot_be_read_is_reported_once_and_the_others_are_still_compared(tmp_path):
    """The project's checks read every catalog of a language (consistency across catalogs): one
    that cannot be read is left out of them, reported once as an input error, never the end of
    the checks that read the others."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "conf.py").write_text(UPDATE_CONF, encoding="utf-8")
    (root / "sphinx-l10n.toml").write_text('[languages]\nde = "in-progress"\n', encoding="utf-8")
    sentence = "Return the value of the setting."
    documents = {"a": "Gib den Wert der Einstellung zurück.", "b": "Gib den Wert der Einstellung zurück.",
                 "c": "Liefert den Wert der Einstellung."}
    (root / "index.rst").write_text("Tiny\n====\n\n.. toctree::\n\n   a\n   b\n   c\n   d\n", encoding="utf-8")
    for name in [*documents, "d"]:
        (root / f"{name}.rst").write_text(f"{name.upper()}\n=\n\n{sentence}\n", encoding="utf-8")
    l10n("extract", cwd=root, check=True)
    folder = root / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name, translation in documents.items():
        (folder / f"{name}.po").write_text(HEADER + f'"Language: de\\n"\n\nmsgid "{sentence}"\nmsgstr "{translation}"\n',
                                           encoding="utf-8")
    (folder / "d.po").write_text(HEADER + '"Language: de\\n"\n\nmsgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    result = l10n("check", cwd=root)
    assert result.returncode == 2
    assert (result.stdout + result.stderr).count("d.po:") == 1, result.stdout + result.stderr
    assert "[inconsistent]" in result.stdout and "c.po" in result.stdout, result.stdout
