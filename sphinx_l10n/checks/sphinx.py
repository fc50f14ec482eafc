"""The checks of what Sphinx does with a translation (markup/verdict.py): dropped, or warned about."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from sphinx_l10n.checks.base import Check
from sphinx_l10n.markup import rst

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx_l10n.checks.base import Problem, Unit
    from sphinx_l10n.markup.verdict import Verdict

def _judged(unit: Unit) -> Verdict | None:
    """The verdict on a paragraph's translation. A msgid that does not read as a
    paragraph is a title, a literal block or the like, which Sphinx reads another
    way (not reproduced here)."""
    if unit.target == unit.source:
        return None
    result: Verdict = unit.sphinx_verdict
    return result if result.source_first == "paragraph" else None


class Dropped(Check):
    id = "dropped"
    name = "Sphinx drops the translation"
    description = ("Sphinx parses each translation alone and uses it only if it reads as a paragraph: one that "
                   "starts like a list item (\"1) \", \"Q. \"), with a space (a block quote), or with a directive "
                   "is dropped without a word, and the page shows the source. After a first paragraph, the rest is lost.")

    def check(self, unit: Unit) -> Iterator[Problem]:
        result = _judged(unit)
        if result is None or result.first == rst.UNREAD:
            return  # (not read: the size check says so)
        if not result.used:
            # The source reads as a paragraph (else not judged): it has no leading space of its own.
            fix = ("remove the leading space" if unit.target[:1].isspace()
                   else "reword its start (or escape it with a backslash)")
            yield self.error(f"Sphinx reads the translation as {result.first.replace('_', ' ')}, not a paragraph, "
                             f"and shows the source instead: {fix}")
        elif result.paragraphs > 1:
            yield self.error(f"the translation has {result.paragraphs} paragraphs: Sphinx shows only the first; "
                             "join them into one")


class SphinxWarning(Check):
    id = "sphinx-warning"
    name = "Sphinx warns"
    description = ("Sphinx warns while it reads the translation: references, footnotes, citations or "
                   "cross-reference targets that differ from the source's, or markup docutils cannot read. "
                   "A build with -W fails. Where the difference is meant, end the msgstr with #noqa, as Sphinx documents.")

    def check(self, unit: Unit) -> Iterator[Problem]:
        result = _judged(unit)
        if result is None or not result.used:
            return  # a dropped translation is reported once, as dropped
        for warning in result.warnings:
            if warning in result.harmless:
                yield self.warning(f"Sphinx warns, though every link of the source is kept (a translated glossary "
                                   f"term, a reference's text, a link added): {warning}; end the msgstr with #noqa if meant")
            else:
                yield self.error(_consequence(warning))


_UNCLOSED = re.compile(r"Inline (literal|interpreted text or phrase reference|emphasis|strong|substitution_reference|"
                       r"target) start-string without end-string")
_LISTS = re.compile(r"(\[.*\]), translated: (\[.*\])$")


def _consequence(warning: str) -> str:
    """What the reader gets where Sphinx warns, then Sphinx's words."""
    if _UNCLOSED.search(warning):
        return (f"the page shows the markup as typed, backquotes or asterisks and all (Sphinx warns: {warning}): "
                "docutils ends inline markup only before a space or punctuation; separate it from the word it "
                "touches (an escaped space, \\ , joins a suffix: ``x``\\ 를)")
    # Read from the first "original: ", the comparison's own: the lists quote the texts, which may
    # hold the words again, and reading from each would read the rest of the message each time.
    lists = _LISTS.match(warning.partition("original: ")[2])
    if lists and warning.startswith("inconsistent"):
        try:
            kept = set(ast.literal_eval(lists[2]))
            lost = [item for item in ast.literal_eval(lists[1]) if item not in kept]
        except (ValueError, SyntaxError):  # a quoted text that held ", translated: [" split the lists wrong
            lost = []
        if lost:
            return (f"the page loses the source's {', '.join(lost)} or sends it elsewhere "
                    f"(Sphinx warns: {warning})")
    return f"Sphinx warns: {warning}"


CHECKS = [Dropped, SphinxWarning]
