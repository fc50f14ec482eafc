"""Bounded cost: what a message too large for the checks to read gets instead of being read.

A translation is untrusted input. The checks read a message in time that grows with its length
(linearly); docutils, which tells what Sphinx makes of one, faster than that on some markup. So
no entry check reads a message beyond MAX_MESSAGE characters, and docutils reads one only within
rst.DOCUTILS_MAX_CHARS and rst.DOCUTILS_READINGS: beyond, this check says what was not checked,
as an error (whatever else the text holds is not looked at) that no comment can silence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_l10n.checks.base import Check
from sphinx_l10n.markup import rst

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx_l10n.checks.base import Problem, Unit

# Characters of a msgid or msgstr the entry checks read: the longest paragraph of six real
# sources has 65,218 (the grammar of Python, a code block); their next longest 9,723. A MyST
# message is read whole by markdown-it-py, in linear time but up to 50 µs a character of some
# markup ("![a" over and over): it is read up to docutils' bound (real MyST messages: 753 at most).
MAX_MESSAGE = 100_000


def limit(unit: Unit) -> int:
    """The characters of a msgid or msgstr the entry checks read."""
    return rst.DOCUTILS_MAX_CHARS if unit.myst else MAX_MESSAGE


def too_long(unit: Unit) -> bool:
    """Whether a unit is beyond what the entry checks read (the checker then runs this check alone)."""
    return max(len(unit.source), len(unit.target)) > limit(unit)


class Size(Check):
    id = "size"
    name = "Message size"
    description = (f"A msgid or msgstr of more than {MAX_MESSAGE:,} characters ({rst.DOCUTILS_MAX_CHARS:,} in a MyST "
                   "message) is not checked, and docutils is "
                   f"not given one of more than {rst.DOCUTILS_MAX_CHARS:,} or whose inline markup it would read "
                   f"more than {rst.DOCUTILS_READINGS} times over: the checks' time stays linear in their input.")
    silenceable = False  # else a comment would let whatever the text holds go unread

    def check(self, unit: Unit) -> Iterator[Problem]:
        if too_long(unit):
            most, kind = limit(unit), " of a MyST message" if unit.myst else ""
            for side, text in (("source", unit.source), ("translation", unit.target)):
                if len(text) > most:
                    yield self.error(f"the {side} has {len(text):,} characters, more than the {most:,} the checks read"
                                     f"{kind}: the entry is not checked; split it, or check it is what was meant")
            return
        if unit.target == unit.source or unit.myst:
            return
        verdict = unit.sphinx_verdict
        if verdict.first != rst.UNREAD and verdict.source_first != rst.UNREAD:
            return  # (the usual case, in two tests)
        for side, first, text in (("source", verdict.source_first, unit.source), ("translation", verdict.first, unit.target)):
            if first == rst.UNREAD:
                yield self.error(f"docutils is not given the {side}, {rst.unread(text)}: whether Sphinx uses the "
                                 "translation, what it warns about and the markup are not checked")
