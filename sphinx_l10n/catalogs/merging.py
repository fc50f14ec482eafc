"""Merging templates into catalogs without losing a translator's work: a changed source keeps
its translation as fuzzy with the previous msgid, removed entries become obsolete and come back
with their source, and the translation memory proposes what the catalogs lack."""

import collections
import copy
import difflib
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet

import polib
from babel.messages.plurals import get_plural

from sphinx_l10n import memory
from sphinx_l10n.catalogs.layouts import WRAP_WIDTH
from sphinx_l10n.catalogs.reading import has_translation, plural_forms
from sphinx_l10n.languages import babel_locale

# A previous translation is offered (as fuzzy) for a changed source string
# when they are at least this similar; msgmerge's own threshold is close.
FUZZY_SIMILARITY = 0.6
def new_header(project: str, lang: str, pot_creation_date: str = "") -> dict[str, str]:
    plural = get_plural(babel_locale(lang))
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": pot_creation_date,
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural.plural_forms,
    }


def merge(po: polib.POFile, pot: polib.POFile, *, previous: bool = True, source_lang: str | None = None,
          translations: Callable[[], memory.Memory] | None = None, words: AbstractSet[str] = frozenset()) -> polib.POFile:
    """Bring po up to date with pot, in pot's order; return the merged catalog.

    Nothing translated is lost: an entry whose source string changed is
    attached to the closest new string as fuzzy, with its previous msgid
    (``#| msgid``, as ``msgmerge --previous``, unless previous is false); one
    that no longer matches anything is kept as obsolete (``#~``). Given the
    source language, the translation is brought over sentence by sentence
    (sphinx_l10n.memory.carry_over): the unchanged sentences keep theirs, a translator
    comment names the changed ones, and a change of spacing or quotation marks
    alone keeps the entry translated, and so does a typo fixed where the project
    gave its source language's word list (words; opt-in). A new entry gets the translation memory's
    (translations: made when first needed) exact or close match, else the
    translations it has of the entry's sentences, fuzzy, with their origin in a
    translator comment.
    """
    merged = polib.POFile(wrapwidth=WRAP_WIDTH)
    merged.header = po.header
    merged.metadata = dict(po.metadata)
    merged.metadata_is_fuzzy = po.metadata_is_fuzzy
    current = {_key(e): e for e in po if not e.obsolete}
    obsolete = {_key(e): e for e in po if e.obsolete}
    # As msgmerge: the catalog's number of plural forms (load has read its header).
    nplurals = plural_forms(po.metadata["Plural-Forms"])[0] if po.metadata.get("Plural-Forms") else 2
    unmatched = _merge_templates(pot, merged, current, obsolete, nplurals)
    leftovers = [e for e in current.values() if has_translation(e)]
    lang = po.metadata.get("Language")
    used = _match_changed(unmatched, leftovers, previous, source_lang, lang, translations, words)
    _keep_obsolete(merged, [*leftovers, *obsolete.values()], used)
    if _msgids(po) != _msgids(merged) and pot.metadata.get("POT-Creation-Date"):
        merged.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    return merged


def _merge_templates(pot: polib.POFile, merged: polib.POFile, current: dict[tuple[str | None, str], polib.POEntry],
                     obsolete: dict[tuple[str | None, str], polib.POEntry], nplurals: int) -> list[polib.POEntry]:
    """Each template's entry into merged, in the template's order, with the translation of the same
    source where the catalog has it (taken out of current or obsolete); the others, returned."""
    unmatched: list[polib.POEntry] = []
    for template in pot:
        if template.obsolete:
            continue
        key = _key(template)
        old = current.pop(key, None) or obsolete.pop(key, None)
        entry = _from_template(template, nplurals)
        if old is not None:
            _keep_translation(old, entry)
        else:
            unmatched.append(entry)
        merged.append(entry)
    return unmatched


def _keep_translation(old: polib.POEntry, entry: polib.POEntry) -> None:
    """The translation of an unchanged source, with its flags, previous msgid and notes as they were."""
    _copy_translation(old, entry)
    # The catalog's own flags stay (Weblate's python-format, a translator's no-wrap); fuzzy as it was.
    entry.flags += [flag for flag in old.flags if flag not in entry.flags]
    entry.previous_msgctxt = old.previous_msgctxt
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural
    # update's notes on a changed source last until the translator has confirmed the entry.
    entry.tcomment = old.tcomment if old.fuzzy or not old.msgstr else _without_notes(old.tcomment)


def _match_changed(unmatched: list[polib.POEntry], leftovers: list[polib.POEntry], previous: bool,
                   source_lang: str | None, lang: str | None, translations: Callable[[], memory.Memory] | None,
                   words: AbstractSet[str]) -> set[int]:
    """Each new entry gets the translation of the closest changed source (the ids of those used are
    returned), else the translation memory's proposal."""
    used: set[int] = set()
    sentences_of: dict[int, set[str]] = {}  # each leftover's, cut once
    for entry in unmatched:
        old = _closest(entry, leftovers) or (_holding_its_sentences(entry, leftovers, source_lang, sentences_of)
                                             if source_lang else None)
        if old is None:
            if translations is not None and not entry.msgid_plural:
                _from_memory(entry, translations(), previous, source_lang, lang)
            continue
        used.add(id(old))
        _copy_translation(old, entry)
        entry.tcomment = _without_notes(old.tcomment)
        if not _carried_over(old, entry, source_lang, lang, words):
            _mark_changed(old, entry, previous)
    return used


def _mark_changed(old: polib.POEntry, entry: polib.POEntry, previous: bool) -> None:
    """A translation whose source changed: fuzzy, with the source it translated (msgmerge --previous)."""
    entry.flags.append("fuzzy")
    if not previous:
        return
    entry.previous_msgctxt = old.previous_msgctxt if old.fuzzy and old.previous_msgid else old.msgctxt
    entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
    if old.msgid_plural:
        entry.previous_msgid_plural = old.previous_msgid_plural or old.msgid_plural


def _keep_obsolete(merged: polib.POFile, olds: list[polib.POEntry], used: set[int]) -> None:
    """The entries no template has any more, at the end as obsolete (#~): those obsolete already, as
    the file has them, and those that just went, if translated."""
    for old in olds:
        if id(old) in used or (not old.obsolete and not has_translation(old)):
            continue
        gone = copy.copy(old)  # old stays as read: render_update tells the changed entries by it
        gone.obsolete, gone.occurrences = True, []
        merged.append(gone)


def _without_notes(comment: str) -> str:
    return "\n".join(line for line in comment.splitlines() if not line.startswith(memory.NOTE))


def _add_notes(entry: polib.POEntry, notes: Iterable[str]) -> None:
    """Add update's notes to the entry's translator comment (Poedit and Weblate show it)."""
    entry.tcomment = "\n".join(filter(None, [entry.tcomment, *notes]))


def _carried_over(old: polib.POEntry, entry: polib.POEntry, source_lang: str | None, lang: str | None,
                  words: AbstractSet[str]) -> bool:
    """Bring old's translation to entry's changed source sentence by sentence (sphinx_l10n.memory), with
    notes for the translator; whether it stays translated. A fuzzy old entry's translation is of
    its previous msgid, and stays fuzzy."""
    if not source_lang or not lang or entry.msgid_plural or old.msgid_plural or not old.msgstr:
        return False
    translated_source = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
    carried = memory.carry_over(translated_source, old.msgstr, entry.msgid, source_lang, lang, words)
    if carried is None:
        return False
    entry.msgstr = carried.msgstr
    _add_notes(entry, carried.notes)
    return carried.translated and not old.fuzzy


def _from_memory(entry: polib.POEntry, translations: memory.Memory, previous: bool, source_lang: str | None,
                 lang: str | None) -> None:
    found = translations.lookup(entry.msgid)
    if found is not None and found[0].sentence and found[1] < 1.0 and source_lang \
            and len(memory.sentences(entry.msgid, source_lang)) > 1:
        found = None  # a paragraph close to one sentence: its sentences are matched one by one
    if found is not None and _code_and_links(found[0].source, entry) != _code_and_links(entry.msgid, entry):
        found = None  # its translation would carry another literal, link target or reference
    if found is None:
        composed = memory.compose(entry.msgid, translations, source_lang, lang) if source_lang and lang else None
        if composed is not None:
            entry.msgstr = composed.msgstr
            entry.flags.append("fuzzy")
            _add_notes(entry, composed.notes)
        return
    unit, ratio = found
    entry.msgstr = unit.target
    entry.flags.append("fuzzy")
    match = "exact match" if ratio == 1.0 else f"{ratio:.0%} match"
    _add_notes(entry, [f"{memory.NOTE}from the translation memory ({match}): {unit.origin}"])
    if previous and ratio < 1.0:
        entry.previous_msgid = unit.source  # Poedit and Weblate show what differs


def _code_and_links(text: str, entry: polib.POEntry) -> tuple[object, ...]:
    """What a proposal must not change, read in the markup of the entry's document: literals,
    roles and their targets, references, substitutions, footnotes, URLs."""
    from sphinx_l10n.markup import myst, rst  # markup readers: loaded only when the memory proposes

    markdown = any(path.endswith(".md") for path, _ in entry.occurrences)
    read = myst.scan(text) if markdown else rst.scan(text)
    return tuple(sorted(read.signature.items())), tuple(sorted(read.urls))


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _msgids(catalog: polib.POFile) -> list[tuple[tuple[str | None, str], bool]]:
    return [(_key(e), e.obsolete) for e in catalog]


def _from_template(template: polib.POEntry, nplurals: int) -> polib.POEntry:
    return polib.POEntry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in range(nplurals)} if template.msgid_plural else {},
        occurrences=list(template.occurrences),
        comment=template.comment,
        flags=[f for f in template.flags if f != "fuzzy"],
    )


def _copy_translation(old: polib.POEntry, entry: polib.POEntry) -> None:
    if entry.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = dict(old.msgstr_plural)
        else:
            entry.msgstr_plural = {0: old.msgstr}
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")


def _closest(entry: polib.POEntry, candidates: Iterable[polib.POEntry]) -> polib.POEntry | None:
    best: polib.POEntry | None
    best, best_ratio = None, FUZZY_SIMILARITY
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(entry.msgid)
    counts = collections.Counter(entry.msgid)
    for old in candidates:
        if old.msgctxt != entry.msgctxt:
            continue
        matcher.set_seq1(old.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        if not memory.comparable(counts, old.msgid):
            continue  # matched by its sentences, if at all (_holding_its_sentences)
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = old, ratio
    return best


def _holding_its_sentences(entry: polib.POEntry, candidates: Iterable[polib.POEntry], lang: str,
                           sentences_of: dict[int, set[str]]) -> polib.POEntry | None:
    """The old entry that holds at least half of the new source's sentences: a paragraph cut
    short is too unlike its old self for a similarity ratio, yet most of it is translated."""
    new = {memory.normal(s) for s in memory.sentences(entry.msgid, lang)}
    best: polib.POEntry | None = None
    best_share = 0.5
    for old in candidates:
        if old.msgctxt != entry.msgctxt:
            continue
        if id(old) not in sentences_of:
            sentences_of[id(old)] = {memory.normal(s) for s in memory.sentences(old.msgid, lang)}
        shared = new & sentences_of[id(old)]
        share = len(shared) / len(new) if new else 0.0
        if share >= best_share and sum(map(len, shared)) >= 20 and (best is None or share > best_share):
            best, best_share = old, share
    return best
