"""Punctuation spacing per target language, both ways."""

from __future__ import annotations

import collections
import re
from typing import TYPE_CHECKING

from sphinx_l10n.checks.base import Check
from sphinx_l10n.languages import base_language

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx_l10n.checks.base import Problem, Unit

_NBSP = "\u00a0\u202f"
# French: a (narrow) no-break space before ; : ! ? » and after «.
_FRENCH_MISSING = re.compile(r"(?<=[\w»”)\]…])(?P<mark>[;:!?])(?=\s|$)|(?<=[\w.!?…])(?P<close>»)|(?P<open>«)(?=\w)")
_FRENCH_BREAKING = re.compile(r"(?<=\w) (?P<mark>[;:!?»])(?=\s|$|[.,])|(?P<open>«) (?=\w)")
# Elsewhere: no space at all before ; : ! ? (the French habit left in).
_SPACE_BEFORE = re.compile(r"(?<=[\w)\]”»])[ " + _NBSP + r"\u2009](?P<mark>[;:!?])(?=\s|$|[”»)\]])")
# The mark first, then the space behind it: marks are rarer than spaces, so
# the engine stops at fewer places.
_ANY_SPACE_BEFORE = re.compile(r"[;:!?](?<=[ " + _NBSP + r"\u2009].)")
NO_SPACE_LANGUAGES = {"en", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "cs", "sv", "da", "ja", "zh", "ko"}


class Typography(Check):
    id = "typography"
    name = "Punctuation spacing"
    description = ("French targets need a (narrow) no-break space before ; : ! ? and inside « »; "
                   "English, German, Spanish... targets must not keep a space before ; : ! ?")

    def check(self, unit: Unit) -> Iterator[Problem]:
        text = unit.target_scan.prose
        lang = base_language(unit.target_lang)
        if lang == "fr":
            for match in _FRENCH_BREAKING.finditer(text):
                mark = match["mark"] or match["open"]
                yield self.warning(f"use a no-break space (U+202F or U+00A0) next to {mark!r}, not an ordinary space")
            for match in _FRENCH_MISSING.finditer(text):
                mark = match["mark"] or match["close"] or match["open"]
                if mark == ":" and text[match.end():match.end() + 1] == ":":
                    continue
                yield self.warning(f"French needs a no-break space next to {mark!r}")
        elif lang in NO_SPACE_LANGUAGES and _ANY_SPACE_BEFORE.search(text):
            # A space the source has too, in a language that puts none there
            # either, is part of a term ("the **;** character"), not French habit.
            excused: collections.Counter[str] = collections.Counter()
            if base_language(unit.source_lang) in NO_SPACE_LANGUAGES:
                excused.update(m["mark"] for m in _SPACE_BEFORE.finditer(unit.source_scan.prose))
            for match in _SPACE_BEFORE.finditer(text):
                mark = match["mark"]
                if mark == ":" and text[match.end():match.end() + 1] == ":":
                    continue  # reST "text ::" literal-block marker
                if excused[mark]:
                    excused[mark] -= 1
                    continue
                column = match.start() + 1
                yield self.warning(f"space before {mark!r} at column {column}: {lang} puts none there")


CHECKS = [Typography]
