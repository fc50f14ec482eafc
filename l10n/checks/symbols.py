"""URLs, e-mail addresses, emoji and symbols are kept."""

import collections
import re
import unicodedata
from typing import TYPE_CHECKING

from l10n.checks import Check

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from l10n.checks import Problem, Unit


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF) and unicodedata.category(char) == "So"


# Where "other symbol" (So) characters live; a regex finds candidates fast.
_SYMBOL_CANDIDATE = re.compile("[\u00a6\u00a9\u00ae\u00b0\u0482\u058d-\u058f\u060e\u060f\u06de\u06e9\u06fd\u06fe"
                               "\u07f6\u09fa\u0b70\u0bf3-\u0bfa\u0c7f\u0d4f\u0d79\u0f01-\u0f17\u0f1a-\u0fda"
                               "\u2100-\u2bff\u2e80-\u2fff\u3004\u3012\u3013\u3020\u3036\u3037\u303e\u303f"
                               "\u3190-\u31ff\u3200-\u33ff\u4dc0-\u4dff\ua490-\ua4c6\ua828-\ua82b\ua836-\ua839"
                               "\ufdfd\uffe4\uffe8\uffed\uffee\ufffd\U00010000-\U0001ffff]")  # not U+FFFC, the lexer's mask


def _symbols(candidates: "Iterable[str]") -> "tuple[collections.Counter[str], collections.Counter[str]]":
    emoji: collections.Counter[str]
    other: collections.Counter[str]
    emoji, other = collections.Counter(), collections.Counter()
    for char in candidates:
        if unicodedata.category(char) == "So":
            (emoji if _is_emoji(char) else other)[char] += 1
    return emoji, other


class Urls(Check):
    id = "urls"
    name = "URLs and e-mail addresses"
    description = "Every URL and e-mail address of the source is in the translation, unchanged."

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        source, target = unit.source_scan, unit.target_scan
        if not (source.urls or target.urls or source.emails or target.emails):
            return
        for kind, before, after in (("URL", source.urls, target.urls), ("e-mail address", source.emails, target.emails)):
            for item in collections.Counter(before) - collections.Counter(after):
                yield self.error(f"{kind} {item} is missing or changed in the translation")
            for item in collections.Counter(after) - collections.Counter(before):
                yield self.warning(f"{kind} {item} is in the translation but not in the source")


class Symbols(Check):
    id = "symbols"
    name = "Emoji and symbols"
    description = "Emoji are kept exactly (error); other symbols such as © ® ™ → are kept (warning)."

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        # The prose holds only characters of its text and the lexer's mask,
        # which is no candidate: an ASCII text has none.
        source_candidates = [] if unit.source.isascii() else _SYMBOL_CANDIDATE.findall(unit.source_scan.prose)
        target_candidates = [] if unit.target.isascii() else _SYMBOL_CANDIDATE.findall(unit.target_scan.prose)
        if not source_candidates and not target_candidates:
            return
        source_emoji, source_other = _symbols(source_candidates)
        target_emoji, target_other = _symbols(target_candidates)
        for char in source_emoji - target_emoji:
            yield self.error(f"emoji {char} ({unicodedata.name(char, 'emoji').lower()}) is missing from the translation")
        for char in target_emoji - source_emoji:
            yield self.warning(f"emoji {char} is in the translation but not in the source")
        for char in source_other - target_other:
            yield self.warning(f"symbol {char} ({unicodedata.name(char, 'symbol').lower()}) is missing from the translation")


CHECKS = [Urls, Symbols]
