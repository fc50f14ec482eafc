"""Quotations compared as quotations, in the target language's own marks."""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import TYPE_CHECKING

from sphinx_l10n.checks.base import Check
from sphinx_l10n.languages import base_language

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx_l10n.checks.base import Problem, Unit

# Quotation delimiters per language: (outer, inner) pairs, from CLDR's
# delimiters data (common/main/<lang>.xml, <delimiters>: quotationStart/End,
# alternateQuotationStart/End), with the variants CLDR's style guides list
# as usual in print (German »…«, French “…” inside « »).
DELIMITERS = {
    "en": [("“", "”"), ("‘", "’")],
    "de": [("„", "“"), ("‚", "‘"), ("»", "«"), ("›", "‹")],
    "es": [("«", "»"), ("“", "”"), ("‘", "’")],
    "fr": [("«", "»"), ("“", "”"), ("‹", "›")],
    "it": [("«", "»"), ("“", "”")],
    "pt": [("“", "”"), ("‘", "’"), ("«", "»")],
    "nl": [("‘", "’"), ("“", "”")],
    "pl": [("„", "”"), ("«", "»")],
    "ru": [("«", "»"), ("„", "“")],
    "uk": [("«", "»"), ("„", "“")],
    "cs": [("„", "“"), ("‚", "‘")],
    "sv": [("”", "”"), ("’", "’")],
    "da": [("“", "”"), ("‘", "’")],
    "ja": [("「", "」"), ("『", "』")],
    "zh": [("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』")],
    "ko": [("“", "”"), ("‘", "’")],
}
# Every pair any language uses, to recognise quotations in any style.
ALL_PAIRS = list(dict.fromkeys([pair for pairs in DELIMITERS.values() for pair in pairs] + [('"', '"')]))
_QUOTE_CHARS = frozenset(c for pair in ALL_PAIRS for c in pair)
_APOSTROPHES = frozenset("’'")
_STRAIGHT = frozenset("\"'")
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=[^\s'])[^'\n]*(?<=[^\s'])'(?![\w'])")
_ANY_QUOTE = re.compile("[" + re.escape("".join(sorted(_QUOTE_CHARS))) + "]")
_NO_APOSTROPHES = str.maketrans("", "", "’'")


def pairs_for(lang: str) -> list[tuple[str, str]] | None:
    return DELIMITERS.get(base_language(lang))


class Span:
    __slots__ = ("closing", "depth", "end", "opening", "start", "text")

    opening: str
    start: int
    depth: int
    closing: str | None
    end: int | None
    text: str

    def __init__(self, opening: str, start: int, depth: int) -> None:
        self.opening, self.start, self.depth = opening, start, depth
        self.closing, self.end, self.text = None, None, ""


def find_quotations(text: str, lang: str) -> tuple[list[Span], list[tuple[int, str]], list[tuple[int, str]]]:
    """Quoted spans of text, nested, and the stray marks that close nothing.

    Ambiguous characters are read the way the text's language uses them
    first (“ opens in English, closes in German); ’ is an apostrophe unless
    it closes an open ‘.
    """
    preferred = pairs_for(lang) or []
    ordered = preferred + [p for p in ALL_PAIRS if p not in preferred]
    openers: dict[str, str] = {}
    for opening, closing in ordered:
        openers.setdefault(opening, closing)
    closers = {closing for _, closing in ordered}
    # A mark the language only opens with (“ in English and Chinese) opens, whatever its neighbours.
    only_opens = {opening for opening, _ in preferred} - {closing for _, closing in preferred}
    stack: list[Span]
    spans, stack, stray = [], [], []
    for match in _ANY_QUOTE.finditer(text):
        index, char = match.start(), match.group()
        previous = text[index - 1] if index else " "
        following = text[index + 1] if index + 1 < len(text) else " "
        # „Tekst" closed with a straight quote: balanced on the page, the style is another finding's.
        mismatched = (char == '"' and stack and stack[-1].opening not in _STRAIGHT and not previous.isspace()
                      and not following.isalnum())
        if stack and (char == stack[-1].closing or mismatched):
            if char in _APOSTROPHES and _in_word(previous) and _in_word(following):
                continue  # l’équipe, don’t: an apostrophe, not a closing quote (‘宽’Unicode: one)
            span = stack.pop()
            span.closing = char
            span.end = index
            span.text = text[span.start + 1:index]
            spans.append(span)
            continue
        if char in _APOSTROPHES or (char == "‘" and _in_word(previous)):
            continue
        if char in only_opens or (char in openers and not (char in closers and previous.isalnum()
                                                            and not following.isalnum())):
            span = Span(char, index, len(stack))
            span.closing = openers[char]
            stack.append(span)
        elif char in closers:
            stray.append((index, char))
    unclosed = [(span.start, span.opening) for span in stack]
    spans.sort(key=lambda s: s.start)
    return spans, unclosed, stray


def _in_word(char: str) -> bool:
    """A letter of a script that spaces its words: an apostrophe stands between two (l’équipe), a
    closing ’ before a Han or kana character (‘邻接’数组) does not."""
    return char.isalpha() and unicodedata.east_asian_width(char) not in ("W", "F")


def _has_quote_mark(text: str, prose: str) -> bool:
    """Whether the prose of text has a quotation mark. The prose only keeps
    characters of text (and the lexer's mask), and " is the only ASCII mark:
    for an ASCII text a substring test answers."""
    return '"' in prose if text.isascii() else _ANY_QUOTE.search(prose) is not None


def _words(text: str) -> int:
    return len(text.split())


def interruptions(text: str, spans: list[Span], source_spans: list[Span]) -> int:
    """How many quotations are interrupted by their speaker where the source's is not:
    „A“, sagt X, „B“ and “A,” says X. “B” for French's “A, dit X, B”. Between the two parts:
    a comma where the first ends, then at most 25 words and no quotation; and as many
    sentence-long source quotations with an incise (two commas) to absorb them."""
    room = sum(1 for span in source_spans if span.depth == 0 and _words(span.text) >= 8 and span.text.count(",") >= 2)
    top = [span for span in spans if span.depth == 0 and span.end is not None]
    count = 0
    for first, second in itertools.pairwise(top):
        assert first.end is not None
        gap = text[first.end + 1:second.start]
        comma = gap.lstrip().startswith(",") or first.text.rstrip().endswith(",")
        if comma and 1 <= _words(gap.replace(",", " ")) <= 25 and not _ANY_QUOTE.search(gap.translate(_NO_APOSTROPHES)):
            count += 1
    return min(count, room)


class Quotes(Check):
    id = "quotes"
    name = "Quotations"
    description = ("Quotations survive as quotations: as many quoted spans as the source, balanced and nested "
                   "right (error if one is lost or unbalanced), in the target language's marks (warning).")

    def check(self, unit: Unit) -> Iterator[Problem]:
        if unit.doctest:
            return  # quotes of an example are its code's: the translated example is the markup check's
        source_text, target_text = unit.source_scan.prose, unit.target_scan.prose
        if not (_has_quote_mark(unit.source, source_text) or _has_quote_mark(unit.target, target_text)):
            return
        # Two apostrophes are a typewriter's double quote.
        source_text, target_text = source_text.replace("''", '"'), target_text.replace("''", '"')
        source_spans, source_unclosed, source_stray = find_quotations(source_text, unit.source_lang)
        spans, unclosed, stray = find_quotations(target_text, unit.target_lang)
        source_broken = bool(source_unclosed or source_stray)
        if (unclosed or stray) and not source_broken:
            where = unclosed[0] if unclosed else stray[0]
            what = "opens a quotation that is never closed" if unclosed else "closes a quotation that was never opened"
            yield self.error(f"unbalanced quotation: {where[1]} at column {where[0] + 1} {what}")
            return
        if source_broken:
            return
        # A quotation is lost when the source has more than the translation;
        # quoting a term the source did not quote is a choice, not a loss.
        # Quotes around a term of one to three words are often rendered as
        # emphasis or dropped by style guides: a warning; a quoted sentence is an error.
        # Straight single quotes never open a quotation above (they are
        # apostrophes too): 'argumento' for "argument" keeps the quotation.
        single = len(_SINGLE_QUOTED.findall(target_text)) - len(_SINGLE_QUOTED.findall(source_text))
        if len(spans) < len(source_spans) <= len(spans) + single:
            yield self.warning(f"quotation marks ' … ' for {len(source_spans) - len(spans)} quotation(s): "
                               "use the language's own marks")
        elif len(spans) < len(source_spans):
            lost = len(source_spans) - len(spans)
            message = f"{lost} quotation(s) lost: the source has {len(source_spans)}, the translation {len(spans)}"
            if lost <= sum(_words(s.text) <= 3 for s in source_spans):  # at most the quoted terms
                yield self.warning(message + " (quoted terms only)")
            else:
                yield self.error(message)
        elif len(spans) - interruptions(target_text, spans, source_spans) > len(source_spans):
            yield self.warning(f"the translation has {len(spans)} quotations, the source {len(source_spans)}")
        expected = pairs_for(unit.target_lang)
        if not expected:
            return
        source_marks = {s.opening for s in source_spans}
        for span in spans:
            pair = (span.opening, span.closing)
            if span.opening == '"' and '"' in source_marks:
                continue  # straight quotes kept from a source that uses them
            outer, inner = expected[0], expected[1] if len(expected) > 1 else expected[0]
            if pair not in expected:
                want = outer if span.depth == 0 else inner
                yield self.warning(f"quotation marks {span.opening}…{span.closing} are not "
                                   f"{base_language(unit.target_lang)} style; use {want[0]}…{want[1]}")
            elif span.depth > 0 and pair == outer and inner != outer:
                yield self.warning(f"nested quotation uses the outer marks {pair[0]}…{pair[1]}; use {inner[0]}…{inner[1]}")
            elif span.depth == 0 and pair == inner and inner != outer:
                yield self.warning(f"quotation uses the inner marks {pair[0]}…{pair[1]}; use {outer[0]}…{outer[1]}")


CHECKS = [Quotes]
