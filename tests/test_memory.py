"""Sentences, their alignment with the translation's, and `update` keeping the translation of
every sentence an author did not change."""

import pytest
from conftest import l10n
from replay_edits import replay

from sphinx_l10n import catalogs, memory
from sphinx_l10n import config as configuration

PROJECT = configuration.load()


def test_sentences_end_at_end_marks_not_at_abbreviations_or_inside_markup():
    french = ("Mais quel est donc cet être étrange ? Ni seulement CPO, affirme M. Fabrice des Mazery. "
              "Voir `la page <https://example.org/a.b. C.html>`_. Et voilà !")
    assert memory.sentences(french, "fr") == [
        "Mais quel est donc cet être étrange ?", "Ni seulement CPO, affirme M. Fabrice des Mazery.",
        "Voir `la page <https://example.org/a.b. C.html>`_.", "Et voilà !"]
    german = "„Operativ ja“, antwortet er. „Aber für die Teams wäre es schwer.“ Das ist z.B. so."
    assert len(memory.sentences(german, "de")) == 3
    japanese = "いったい何者なのでしょうか？Chief Product Officer（CPO）だけでもありません。2022年2月時点です。"
    assert len(memory.sentences(japanese, "ja")) == 3


def test_the_article_aligns_sentence_by_sentence():
    entry = next(e for e in catalogs.load(PROJECT.catalog_dir("de") / "index.po") if e.msgid.startswith("Tout d’abord"))
    alignment = memory.align(entry.msgid, entry.msgstr, "fr", "de")
    assert alignment.sure and alignment.groups == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert alignment.target[3] == "Jetzt haben sie eine Stimme im Produkt.“"


def test_a_translation_that_does_not_match_is_not_aligned_surely():
    source = "Le CPTO est apparu en 2021. Il dirige le produit et la tech. Il rend compte au CEO."
    assert not memory.align(source, "Le CPTO.", "fr", "en").sure  # one short sentence for three
    swapped = memory.align(source, "He reports to the CEO. He runs product and tech. The CPTO appeared in 2021.", "fr", "en")
    assert not swapped.sure  # 2021 and CPTO are in the last sentence: the pairs in order lose them


def test_a_change_of_spacing_keeps_the_translation():
    carried = memory.carry_over("Dans le passé,sous-estimée. “Oui.”", "In the past, underestimated. “Yes.”",
                                "Dans le passé, sous-estimée. « Oui. »", "fr", "en")
    assert carried is not None and carried.translated and carried.msgstr == "In the past, underestimated. “Yes.”"
    assert carried.notes and carried.notes[0].startswith(memory.NOTE)


def test_a_changed_sentence_is_named_and_the_others_are_kept():
    old = "Le CPTO est rare. Il dirige la tech. Il dirige aussi le produit."
    translation = "The CPTO is rare. He runs tech. He also runs product."
    carried = memory.carry_over(old, translation, "Le CPTO est rare. Il dirige la technique. Il dirige aussi le produit. "
                                "Et il recrute.", "fr", "en")
    assert carried is not None and not carried.translated
    assert carried.msgstr == "The CPTO is rare. He runs tech. He also runs product. Et il recrute."
    assert any("sentence 2 of 4 changed" in note and "Il dirige la technique." in note for note in carried.notes)
    assert any("sentence 4 of 4 is new" in note for note in carried.notes)


@pytest.mark.parametrize("lang", list(PROJECT.languages))
def test_replayed_edits_keep_the_unchanged_sentences_and_never_publish_a_stale_one(lang):
    pairs = [(e.msgid, e.msgstr) for e in catalogs.load(PROJECT.catalog_dir(lang) / "index.po") if catalogs.is_translated(e)]
    result = replay(pairs, PROJECT.source_language, lang)
    assert result.edits > 50 and result.unchanged > 100
    assert result.kept / result.unchanged >= 0.95
    assert result.published_stale == []
    assert result.spacing_kept == result.spacing > 10


def test_update_brings_translations_over_sentence_by_sentence(project_copy):
    source = project_copy / "source" / "index.rst"
    text = source.read_text(encoding="utf-8")
    reworded = "Fabrice des Mazery se montre lui aussi sceptique."
    assert "passé,sous-estimée" in text and reworded in text
    text = text.replace("passé,sous-estimée", "passé, sous-estimée").replace(reworded, "Fabrice des Mazery se montre lui aussi très sceptique.")
    source.write_text(text, encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    l10n("update", cwd=project_copy, check=True)
    german = catalogs.load(project_copy / PROJECT.catalog_dir("de").relative_to(PROJECT.root) / "index.po")
    spaced = next(e for e in german if "passé, sous-estimée" in e.msgid)
    assert catalogs.is_translated(spaced) and memory.NOTE in spaced.tcomment
    changed = next(e for e in german if e.msgid.startswith("Fabrice des Mazery se montre lui aussi très"))
    assert changed.fuzzy and "sentence 1 of 5 changed" in changed.tcomment
    old = next(e for e in catalogs.load(PROJECT.catalog_dir("de") / "index.po") if e.msgid.startswith(reworded))
    assert changed.msgstr == old.msgstr  # every sentence's translation kept, the changed one's to edit


def test_update_offers_new_entries_the_memorys_translations(project_copy):
    """A new paragraph gets a close match's translation, or those of the sentences the memory
    has (the others in the source language): fuzzy, each with its origin."""
    german_path = project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po"
    old = {e.msgid: e for e in catalogs.load(german_path)}
    skeptic = next(msgid for msgid in old if msgid.startswith("Fabrice des Mazery se montre lui aussi sceptique."))
    first = memory.sentences(skeptic, "fr")[0]
    close = skeptic.replace("sceptique.", "sceptique, lui aussi.")
    source = project_copy / "source" / "index.rst"
    alone = first.replace(" se montre ", " se montre, ").replace(" aussi ", " aussi, ")  # one sentence, close to one
    source.write_text(source.read_text(encoding="utf-8") + f"\n\n{close}\n\n{first} Et il le dit.\n\n{alone}\n",
                      encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    l10n("update", cwd=project_copy, check=True)
    german = catalogs.load(german_path)
    near = german.find(close)
    assert near.fuzzy and near.msgstr == old[skeptic].msgstr and near.previous_msgid == skeptic
    assert "from the translation memory (9" in near.tcomment and "locales/de/LC_MESSAGES/index.po:" in near.tcomment
    composed = german.find(f"{first} Et il le dit.")
    assert composed.fuzzy and composed.msgstr == f"{memory.sentences(old[skeptic].msgstr, 'de')[0]} Et il le dit."
    assert "sentence 1 of 2 from the translation memory" in composed.tcomment
    single = german.find(alone)  # a sentence of the memory's, as a whole match: its own ratio, not composed
    assert single.fuzzy and single.msgstr == memory.sentences(old[skeptic].msgstr, "de")[0], catalogs.render_entry(single)
    assert "from the translation memory (9" in single.tcomment and "sentence 1 of 1" not in single.tcomment


def test_tmx_export_and_import_round_trip(project_copy):
    exported = project_copy / "all.tmx"
    l10n("tm", "export", "-o", exported, cwd=project_copy, check=True)
    source_lang, found = memory.read_tmx(exported.read_bytes(), str(exported))
    german = [e for e in catalogs.load(project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po")
              if catalogs.is_translated(e)]
    assert source_lang == "fr" and len(found["de"]) == len(german) and len(found) == len(PROJECT.languages)
    assert (german[1].msgid, german[1].msgstr) in found["de"]
    result = l10n("tm", "import", exported, "--lang", "de", cwd=project_copy, check=True)
    compendium = project_copy / "translation-memory" / "de" / "all.po"
    assert "imported" in result.stdout and catalogs.load(compendium).find(german[1].msgid).msgstr == german[1].msgstr


def test_a_file_that_is_not_tmx_is_one_line_error(project_copy):
    bad = project_copy / "bad.tmx"
    bad.write_text("<tmx version='1.4'>\n<body><tu>\n</tmx>", encoding="utf-8")
    result = l10n("tm", "import", bad, cwd=project_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:3: not well-formed XML") and len(result.stderr.splitlines()) == 1


def test_a_typo_fix_keeps_the_translation_only_under_the_opt_in_rule():
    old, new = "Le syndrôme de l’imposteur est fréquent.", "Le syndrome de l’imposteur est fréquent."
    translation = "Das Hochstapler-Syndrom ist häufig."
    words = frozenset({"le", "syndrome", "de", "l", "imposteur", "est", "fréquent", "la", "fréquente"})
    kept = memory.carry_over(old, translation, new, "fr", "de", words)
    assert kept is not None and kept.translated and kept.msgstr == translation
    assert "«syndrôme» → «syndrome»" in kept.notes[0]
    without_words = memory.carry_over(old, translation, new, "fr", "de")
    assert without_words is None or not without_words.translated  # the rule is opt-in
    # A real word replaced by another ("est fréquent" -> "est fréquente" is a change of meaning), or more than two edits.
    assert memory.typo_fixes("Il est fréquent.", "Il est fréquente.", words) is None
    assert memory.typo_fixes("Le syndrôme.", "Le syndromique.", words) is None


def test_update_applies_the_typo_rule_with_the_projects_word_list(project_copy):
    (project_copy / "words.txt").write_text("le\nsyndrome\nde\nl\nimposteur\n", encoding="utf-8")
    settings = project_copy / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("[tool.sphinx-l10n]\n", '[tool.sphinx-l10n]\ntypo_words = "words.txt"\n', 1),
                        encoding="utf-8")
    source = project_copy / "source" / "index.rst"
    source.write_text(source.read_text(encoding="utf-8").replace("Le syndrôme de l’imposteur", "Le syndrome de l’imposteur"),
                      encoding="utf-8")
    l10n("extract", cwd=project_copy, check=True)
    l10n("update", cwd=project_copy, check=True)
    title = catalogs.load(project_copy / "locales" / "de" / "LC_MESSAGES" / "index.po").find("Le syndrome de l’imposteur")
    assert catalogs.is_translated(title) and "fixed a typo («syndrôme» → «syndrome»)" in title.tcomment
