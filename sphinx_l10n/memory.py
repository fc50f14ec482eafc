"""Sentences of a paragraph, aligned with its translation's: what lets `update` keep the
translation of every sentence an author did not change.

Sphinx makes one message per paragraph. A paragraph is cut into sentences at its end marks
(Latin . ! ? … followed by a space and a capital, an opening quote or a digit; CJK 。！？
with no space needed), never inside inline markup, a URL or after an initial or an
abbreviation with inner stops (M., z.B., e.g.). The sentences of a msgid and of its msgstr
are then paired by dynamic programming over one-to-one, one-to-two and two-to-one groups,
scored by length (Gale and Church's idea: a sentence and its translation have proportional
lengths) and by anchors: the numbers, names, URLs and markup a sentence and its translation
share verbatim. An alignment says how sure it is; one it is not sure of is not used.
"""

from __future__ import annotations

import collections
import dataclasses
import difflib
import math
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from sphinx_l10n.languages import base_language, language_tag

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# Languages whose sentences end with 。！？ and need no space after (Korean spaces its words and
# ends sentences as Latin scripts do).
CJK = frozenset("ja zh".split())
_WIDE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Inline markup, roles, substitutions and URLs: a stop inside them ends no sentence.
_PROTECTED = re.compile(r"``.+?``|:[\w.+-]+:`[^`]+`|`[^`]+`_{0,2}|\|[^|\s][^|]*\||<[^<>\s]+>|https?://\S+|\[[^\]]*\]")
# A sentence starts with a capital, a digit, a letter of a caseless script or an opening mark.
_STARTS = r"[\"“‘«»„‚›¿¡(\[*]?[\dA-ZÀ-ÖØ-Þ\u0370-\u03ff\u0400-\u04ff\u1100-\u11ff\u3040-\u9fff\uac00-\ud7af]"
# From the first mark of a run only, at once: a run of stops is read once, not from each of them.
_LATIN_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»«“)\]]*+(?=\s+" + _STARTS + ")")
_CJK_END = re.compile(r"[。！？]+[」』）”’]*|[.!?](?=[\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7af])")
# "M.", "J.-P.", "z.B.", "e.g.", "U.S.": a stop after an initial or inside an abbreviation.
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[^\W\d_]|[^\W\d_]+\.[^\W\d_.]+)\.$")
_ANCHOR = re.compile(r"\d+(?:[.,]\d+)*|https?://\S+|``[^`]+``|`[^`]+`|\b[A-Z][\w-]*[A-Z0-9][\w-]*\b|\b[A-Z]\w{2,}")
# Costs of a group of sentences, as in Gale and Church: a one-to-one pair is the rule.
# A sentence left out or added by the translator costs most, and always gives a path.
_GROUP_COST = {(1, 1): 0.0, (1, 2): 2.0, (2, 1): 2.0, (2, 2): 4.0, (1, 0): 6.0, (0, 1): 6.0}
# Sure enough: every group one-to-one or explained by shared anchors, lengths in proportion.
MIN_CONFIDENCE = 0.5
# Sentences of a paragraph aligned at most (six real sources: 47): the alignment weighs every
# pair of a paragraph's and its translation's sentences, a cost that grows with their product.
# A longer paragraph is not aligned: `update` handles it as msgmerge does.
MAX_ALIGNED = 100


def _protected(text: str) -> list[tuple[int, int]]:
    # A "[" after the last "]" opens nothing, but its pattern would read on to the text's end,
    # again from each one: read as a plain character (no other pattern sees it otherwise).
    last = text.rfind("]")
    if "[" in text[last + 1:]:
        text = text[:last + 1] + text[last + 1:].replace("[", "\x01")
    return [match.span() for match in _PROTECTED.finditer(text)]


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where each sentence of text starts and ends (its trailing space excluded)."""
    protected = _protected(text)
    ends = set()
    pattern = _CJK_END if base_language(lang) in CJK else _LATIN_END
    for match in pattern.finditer(text):
        end = match.end()
        if any(start < end <= stop for start, stop in protected):
            continue
        mark = match.start()
        if text[mark] == "." and _ABBREVIATION.search(text[max(0, mark - 20):mark + 1]):
            continue
        ends.add(end)
    if base_language(lang) not in CJK:  # a CJK text may hold Latin sentences
        ends |= {m.end() for m in _CJK_END.finditer(text)}
    spans, start = [], 0
    for end in sorted(ends):
        if text[start:end].strip():
            spans.append(_trimmed(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str, lang: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, lang)]


def anchors(text: str) -> list[str]:
    """What a sentence and its translation share verbatim: numbers, URLs, code, names, acronyms."""
    return _ANCHOR.findall(text)


@dataclasses.dataclass
class Alignment:
    """Groups of source sentences (indexes) paired with groups of target sentences."""

    source: list[str]
    target: list[str]
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]]
    confidence: float

    @property
    def sure(self) -> bool:
        return bool(self.groups) and self.confidence >= MIN_CONFIDENCE


def _weight(text: str) -> float:
    """A length comparable across scripts: a Han, kana or Hangul character says about as much as
    three Latin ones."""
    return float(len(text) + 2 * len(_WIDE.findall(text))) + 1.0


@dataclasses.dataclass
class _Side:
    texts: list[str]
    weights: list[float]


def _missing_anchors(source: list[str], target: list[str], shared: set[str]) -> int:
    """The anchors both paragraphs share that the source group has and the target group lacks."""
    return _missing(anchors(" ".join(source)), " ".join(target), shared)


def _missing(source_anchors: Sequence[str], target_text: str, shared: set[str]) -> int:
    return sum(1 for a in source_anchors if a in shared and a not in target_text)


def _group_score(length_ratio: float, missing: int) -> float:
    """How plausible a pairing is: 1.0 for lengths within half again of each other and every
    shared anchor kept, less the further off (a factor of 2 scores about 0.56), halved per anchor lost."""
    return math.exp(-2.0 * max(0.0, abs(math.log(length_ratio)) - 0.4)) * 0.5 ** missing


def align(source: str, target: str, source_lang: str, target_lang: str) -> Alignment:
    """The sentences of source paired with those of its translation, and how sure that is."""
    src, tgt = sentences(source, source_lang), sentences(target, target_lang)
    if not src or not tgt or len(src) > MAX_ALIGNED or len(tgt) > MAX_ALIGNED:
        return Alignment(src, tgt, [], 0.0)
    src_side = _Side(src, [_weight(s) for s in src])
    tgt_side = _Side(tgt, [_weight(t) for t in tgt])
    shared = {a for a in anchors(source) if a in target}
    ratio = sum(tgt_side.weights) / sum(src_side.weights)
    groups = _best_path(src_side, tgt_side, ratio, shared)
    if any(not s or not t for s, t in groups):  # a sentence with no counterpart: no sure pairing
        return Alignment(src, tgt, groups, 0.0)
    # As sure as its weakest pairing.
    confidence = min(_group_score(_length_ratio(src_side, tgt_side, s, t, ratio),
                                  _missing_anchors([src[i] for i in s], [tgt[j] for j in t], shared)) for s, t in groups)
    return Alignment(src, tgt, groups, confidence)


def _length_ratio(src: _Side, tgt: _Side, source: Sequence[int], target: Sequence[int], ratio: float) -> float:
    """A group's target length against what its source length predicts (1.0: as expected)."""
    return (sum(tgt.weights[j] for j in target) + 1.0) / (sum(src.weights[i] for i in source) * ratio + 1.0)


def _best_path(src: _Side, tgt: _Side, ratio: float, shared: set[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Dynamic programming over the groups of _GROUP_COST: the cheapest alignment's groups."""
    rows, columns = len(src.texts), len(tgt.texts)
    best = [[math.inf] * (columns + 1) for _ in range(rows + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    # Each group of one or two sentences read once, not once per pair it is weighed in.
    source_anchors = {(i, di): anchors(" ".join(src.texts[i:i + di])) for i in range(rows + 1) for di in (0, 1, 2)}
    target_texts = {(j, dj): " ".join(tgt.texts[j:j + dj]) for j in range(columns + 1) for dj in (0, 1, 2)}
    for i in range(rows + 1):
        for j in range(columns + 1):
            if best[i][j] == math.inf:
                continue
            for (di, dj), prior in _GROUP_COST.items():
                if i + di > rows or j + dj > columns:
                    continue
                length_ratio = _length_ratio(src, tgt, range(i, i + di), range(j, j + dj), ratio)
                missing = _missing(source_anchors[i, di], target_texts[j, dj], shared)
                cost = best[i][j] + prior + 3.0 * abs(math.log(length_ratio)) + 2.0 * missing
                if cost < best[i + di][j + dj]:
                    best[i + di][j + dj] = cost
                    back[(i + di, j + dj)] = (i, j)
    groups = []
    i, j = rows, columns
    while (i, j) != (0, 0):
        pi, pj = back[(i, j)]
        groups.append((tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return groups[::-1]


# What `update` writes in a translator comment (Poedit and Weblate show these) about a source
# that changed; each `update` rewrites its own lines and leaves the translator's.
NOTE = "l10n-update: "
_QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟«»「」『』‹›‚‘’'"})
_SPACED_MARK = re.compile(r" ?([,.;:!?\"()]) ?")


def normal(text: str) -> str:
    """A text without what changes no translation: spacing, space before or after punctuation
    (“passé,sous-estimée” and “passé, sous-estimée”), the kind of quotation marks."""
    # Spacing made one space first: the spaces around a mark are then one each side, read once
    # (a run of them, tried from each of its spaces, would be read again from each).
    text = " ".join(text.translate(_QUOTE_MARKS).split())
    return _SPACED_MARK.sub(r"\1", text)


@dataclasses.dataclass
class Carried:
    """A translation brought to a changed source: its text, the notes for the translator, and
    whether it is still a finished translation (only spacing or quotation marks changed)."""

    msgstr: str
    notes: list[str]
    translated: bool


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein's distance between two words, or limit + 1 once it is beyond limit. Only the
    cells within limit of the diagonal are computed (the others are beyond it): a long word costs
    its length, not its square."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    beyond = limit + 1
    previous = {j: j for j in range(min(len(b), limit) + 1)}
    for i, char in enumerate(a, 1):
        current = {j: beyond for j in range(max(0, i - limit), min(len(b), i + limit) + 1)}
        for j in current:
            if j == 0:
                current[j] = i
                continue
            current[j] = min(previous.get(j, beyond) + 1, current.get(j - 1, beyond) + 1,
                             previous.get(j - 1, beyond) + (char != b[j - 1]))
        if min(current.values()) > limit:
            return beyond
        previous = current
    return min(previous.get(len(b), beyond), beyond)


def typo_fixes(old: str, new: str, words: AbstractSet[str]) -> list[tuple[str, str]] | None:
    """The words the author corrected, when old and new differ by nothing else: each old form
    within two edits of its correction and not a word of the language (words: its word list,
    lower case). None when anything else changed."""
    before, after = re.split(r"(\w+)", normal(old)), re.split(r"(\w+)", normal(new))
    if len(before) != len(after):
        return None
    fixed = []
    for index, (was, now) in enumerate(zip(before, after, strict=True)):
        if was == now:
            continue
        if index % 2 == 0 or was.lower() in words or _distance(was, now, 2) > 2:
            return None  # not a word, a real word replaced, or more than a slip
        fixed.append((was, now))
    return fixed or None


def carry_over(old_source: str, translation: str, new_source: str, source_lang: str, target_lang: str,
               words: AbstractSet[str] = frozenset()) -> Carried | None:
    """The translation of old_source brought to new_source, sentence by sentence; None where
    the sentences cannot be aligned surely (the caller keeps the whole translation, fuzzy).
    words: the source language's word list, where the project opted in to the typo rule."""
    if normal(old_source) == normal(new_source):
        return Carried(translation, [NOTE + "the source changed only in spacing or quotation marks; "
                                     "the translation is kept as it was"], True)
    fixes = typo_fixes(old_source, new_source, words) if words else None
    if fixes:
        said = ", ".join(f"«{was}» → «{now}»" for was, now in fixes)
        return Carried(translation, [f"{NOTE}the source fixed a typo ({said}); the translation is kept as it was"], True)
    alignment = align(old_source, translation, source_lang, target_lang)
    longest = max(len(alignment.source), len(alignment.target))
    if longest > MAX_ALIGNED:
        return Carried(translation, [f"{NOTE}{longest:,} sentences, more than the {MAX_ALIGNED} update aligns: the whole "
                                     "old translation is kept to edit"], False)
    if not alignment.sure:
        return None
    new = sentences(new_source, source_lang)
    group_of = {i: n for n, (source, _) in enumerate(alignment.groups) for i in source}
    matcher = difflib.SequenceMatcher(a=[normal(s) for s in alignment.source], b=[normal(s) for s in new],
                                      autojunk=False)
    parts: list[str] = []
    emitted: set[int] = set()
    notes: list[str] = []

    def emit(old_index: int) -> None:
        group = group_of[old_index]
        if group not in emitted:
            emitted.add(group)
            parts.append(_joined([alignment.target[j] for j in alignment.groups[group][1]], target_lang))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i in range(i1, i2):
                emit(i)
        if tag in ("replace", "delete"):  # old sentences beyond the new ones that replace them are gone
            gone = range(i1 + (j2 - j1 if tag == "replace" else 0), i2)
            notes += [f"{NOTE}removed from the source: «{alignment.source[i]}»" for i in gone]
        if tag == "replace":
            for offset, j in enumerate(range(j1, j2)):
                if i1 + offset < i2:
                    notes.append(f"{NOTE}sentence {j + 1} of {len(new)} changed: was «{alignment.source[i1 + offset]}», "
                                 f"now «{new[j]}»; its old translation is kept to edit")
                    emit(i1 + offset)
                else:
                    notes.append(_new_sentence(j + 1, new))
                    parts.append(new[j])
        if tag == "insert":
            for j in range(j1, j2):
                notes.append(_new_sentence(j + 1, new))
                parts.append(new[j])
    for group, (_, targets) in enumerate(alignment.groups):  # nothing a translator wrote is lost
        if group not in emitted:
            removed = _joined([alignment.target[j] for j in targets], target_lang)
            notes.append(f"{NOTE}the translation of the removed text, kept here: «{removed}»")
    return Carried(_joined(parts, target_lang), notes, False)


def _new_sentence(number: int, sentences: list[str]) -> str:
    """The note on a sentence new in the source: left in the source language, to translate."""
    return f"{NOTE}sentence {number} of {len(sentences)} is new, left in the source language: «{sentences[number - 1]}»"


def _joined(parts: list[str], lang: str) -> str:
    return ("" if base_language(lang) in CJK else " ").join(part for part in parts if part)


# A translation memory -------------------------------------------------------------------------
#
# Every finished translation of one language: the project's catalogs (all documents) and the
# compendia in its memory folder (msgmerge --compendium's catalogs, or TMX imported there).
# An exact match is the same source but for spacing and quotation marks; a close one shares
# the source's rarest words and is at least CLOSE_MATCH alike by difflib's ratio.

CLOSE_MATCH = 0.75
# difflib's ratio looks, for each character of one text, at each place of the other that holds
# the same character: its time grows with the sum of those products, which it may read several
# times over. Beyond FUZZY_WORK (every paragraph of six real sources but Python's grammar keeps
# below 12 million) two texts are not compared character by character.
FUZZY_WORK = 1 << 24


def comparable(counts: collections.Counter[str], text: str) -> bool:
    """Whether difflib compares text with the text of these character counts within FUZZY_WORK."""
    return sum(count * counts[char] for char, count in collections.Counter(text).items()) <= FUZZY_WORK
_RAREST_WORDS = 4  # of a query's words, those looked up in the index
_CANDIDATES = 4  # entries compared in full, those sharing most of the rarest words
_WORD = re.compile(r"\w+")


@dataclasses.dataclass(frozen=True)
class Unit:
    source: str
    target: str
    origin: str  # "file:line" of the catalog it came from
    sentence: bool = False  # one sentence of that entry (aligned surely), not the entry


def _words(text: str) -> set[str]:
    """The words of a source: Latin words, and character pairs in scripts without spaces."""
    found: set[str] = set()
    for word in _WORD.findall(normal(text).lower()):
        if _WIDE.search(word) and len(word) > 2:
            found.update(word[i:i + 2] for i in range(len(word) - 1))
        else:
            found.add(word)
    return found


class Memory:
    """The translation units of one language, found again by their source."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self._exact: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.units)

    def add(self, source: str, target: str, origin: str, sentence: bool = False) -> None:
        if not target:
            return
        index = len(self.units)
        self.units.append(Unit(source, target, origin, sentence))
        self._exact.setdefault(normal(source), index)  # the first translation is offered (the project's come first)
        for word in _words(source):
            self._postings.setdefault(word, []).append(index)

    def lookup(self, source: str) -> tuple[Unit, float] | None:
        """The best unit for source: an exact match (1.0), else a close one, else None."""
        exact = self._exact.get(normal(source))
        if exact is not None:
            return self.units[exact], 1.0
        words = sorted((w for w in _words(source) if w in self._postings), key=lambda w: len(self._postings[w]))
        hits: dict[int, int] = {}
        for word in words[:_RAREST_WORDS]:
            for index in self._postings[word]:
                hits[index] = hits.get(index, 0) + 1
        best: tuple[Unit, float] | None = None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(source)
        counts = collections.Counter(source)
        for index in sorted(hits, key=hits.__getitem__, reverse=True)[:_CANDIDATES]:
            unit = self.units[index]
            matcher.set_seq1(unit.source)
            if matcher.quick_ratio() < CLOSE_MATCH or not comparable(counts, unit.source):
                continue
            ratio = matcher.ratio()
            if ratio >= CLOSE_MATCH and (best is None or ratio > best[1]):
                best = (unit, ratio)
        return best


def sentence_pairs(source: str, translation: str, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
    """A paragraph's sentences paired one to one with their translations, where it aligns surely."""
    alignment = align(source, translation, source_lang, target_lang)
    if not alignment.sure or len(alignment.groups) < 2:
        return []
    return [(alignment.source[s[0]], alignment.target[t[0]]) for s, t in alignment.groups if len(s) == len(t) == 1]


def compose(source: str, translations: Memory, source_lang: str, target_lang: str) -> Carried | None:
    """A translation of source put together from the memory's translations of its sentences (the
    others left in the source language), or None if the memory has none of them."""
    parts, notes, found = [], [], 0
    new = sentences(source, source_lang)
    if len(new) > MAX_ALIGNED:
        return None  # (each sentence looked up: a paragraph this long is offered no memory)
    for number, sentence in enumerate(new, 1):
        match = translations.lookup(sentence)
        if match is not None and match[1] == 1.0:
            parts.append(match[0].target)
            notes.append(f"{NOTE}sentence {number} of {len(new)} from the translation memory: {match[0].origin}")
            found += 1
        else:
            parts.append(sentence)
            notes.append(_new_sentence(number, new))
    if not found or len(new) < 2:
        return None
    return Carried(_joined(parts, target_lang), notes, False)


# TMX 1.4, the exchange format Poedit, OmegaT, Weblate and memoQ read --------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tmx(units: Mapping[str, Sequence[Unit]], source_lang: str, tool_version: str) -> bytes:
    """One TMX document of every language's units ({lang: units}); a source translated into
    several languages is one translation unit with a variant per language."""
    import xml.etree.ElementTree as ET

    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {"creationtool": "sphinx-l10n", "creationtoolversion": tool_version, "segtype": "paragraph",
                                   "o-tmf": "PO", "datatype": "plaintext", "adminlang": "en",
                                   "srclang": language_tag(source_lang)})
    body = ET.SubElement(root, "body")
    variants: dict[str, list[tuple[str, Unit]]] = {}
    for lang, found in units.items():
        for unit in found:
            variants.setdefault(unit.source, []).append((lang, unit))
    for source, translations in variants.items():
        tu = ET.SubElement(body, "tu")
        ET.SubElement(ET.SubElement(tu, "tuv", {_XML_LANG: language_tag(source_lang)}), "seg").text = source
        for lang, unit in sorted(translations, key=lambda pair: pair[0]):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: language_tag(lang)})
            ET.SubElement(tuv, "note").text = unit.origin
            ET.SubElement(tuv, "seg").text = unit.target
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _segment_text(tuv: Element) -> str:
    """A variant's text, its inline tags (bpt, ept, ph) read as the text they hold."""
    segment = tuv.find("seg")
    return "".join(segment.itertext()) if segment is not None else ""


class _Prolog(Exception):
    """The root element starts: no declaration can follow."""


def _refuse_entities(data: bytes, origin: str) -> None:
    """Refuse a document that declares an entity (ValueError, naming its line). An entity is text
    repeated wherever it is named: 2 MB that name one entity over and over expand to gigabytes,
    below expat's own limit on amplification. TMX needs none (its tools escape with &lt; &amp;
    and character references), so the declarations are refused before anything is expanded:
    they can only stand in the prolog, read here up to the root element's start."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def refuse(name: str, *_: object) -> None:
        raise ValueError(f"{origin}:{parser.CurrentLineNumber}: declares the entity {name!r}: TMX needs none, and "
                         "entities are text repeated at will; not imported")

    def start(*_: object) -> None:
        raise _Prolog

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _Prolog:
        return
    except expat.ExpatError as exc:
        raise ValueError(f"{origin}:{exc.lineno}: not well-formed XML: {expat.errors.messages[exc.code]}") from None


def read_tmx(data: bytes, origin: str) -> tuple[str, dict[str, list[tuple[str, str]]]]:
    """A TMX document's source language and its {language: [(source, translation)]}. Raises
    ValueError, naming the line, for what is not TMX, and for a document that declares entities."""
    import xml.etree.ElementTree as ET

    _refuse_entities(data, origin)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{origin}:{exc.position[0]}: not well-formed XML: {exc}") from None
    header = root.find("header")
    if root.tag != "tmx" or header is None or not header.get("srclang"):
        raise ValueError(f"{origin}:1: not a TMX document (a <tmx> with a <header srclang=...>)")
    source_lang = header.get("srclang", "")
    found: dict[str, list[tuple[str, str]]] = {}
    for tu in root.iter("tu"):
        segments = {(tuv.get(_XML_LANG) or tuv.get("lang") or ""): _segment_text(tuv) for tuv in tu.iter("tuv")}
        own = tu.get("srclang") or source_lang
        source = next((text for lang, text in segments.items() if lang.lower() == own.lower()), None)
        if source is None:
            continue
        for lang, text in segments.items():
            if lang.lower() != own.lower() and text:
                found.setdefault(lang, []).append((source, text))
    return source_lang, found
