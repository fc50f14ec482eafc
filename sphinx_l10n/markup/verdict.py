"""What Sphinx does with a translation: uses it, drops it, or warns about it.

Sphinx's i18n transform (``sphinx.transforms.i18n.Locale``) parses each
msgstr alone. It uses the translation only if the first node is a
paragraph, and then only that paragraph's text. It warns when the
references differ from the source's: named references, footnotes and
citations in the same order, cross-reference targets in any order. A msgstr
ending in ``#noqa`` turns off these warnings. ``verdict`` reproduces these
rules for the installed Sphinx, and ``tests/test_sphinx_oracle.py`` builds
real pages to prove that they agree.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import inspect
import operator

from sphinx_l10n.markup import myst, rst

# Sphinx's own words for each comparison (sphinx.transforms.i18n._NodeUpdater).
_COMPARISONS = (
    ("references", "references"), ("auto_footnotes", "footnote references"),
    ("named_footnotes", "footnote references"), ("citations", "citation references"),
)


@dataclasses.dataclass(frozen=True)
class Verdict:
    used: bool  # the page shows the translation (else the source)
    first: str  # the node type Sphinx sees first: "paragraph" when it is used ("" when not judged)
    warnings: tuple[str, ...]  # what Sphinx logs while it reads the translation
    paragraphs: int  # top-level paragraphs; all but the first are lost
    source_first: str  # the same of the msgid: not "paragraph" for a title, a literal block...
    # Each warning about references whose links still go where the source's go
    # (only their text or order changed): Sphinx warns, the page is right.
    harmless: tuple[str, ...] = ()


def _links_kept(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Whether named references still go where the source's go, one of them renamed: Sphinx gives
    a translated name no target has the next name the translation left out (update_refnamed_references).
    With two names left out, which gets which is arbitrary; a second renamed reference gets none."""
    left_out = set(before) - set(after)
    renamed = [name for name in after if name not in before]
    if len(left_out) != 1 or len(renamed) != 1:
        return False
    return sorted(left_out.pop() if name == renamed[0] else name for name in after) == sorted(before)


def _kept_all(before: tuple[str, ...], after: tuple[str, ...], known: tuple[str, ...] | None = None) -> bool:
    """Whether after holds every item of before, as many times (a translator who links a term the
    source left plain, or repeats a reference instead of writing "it", loses no link); each item
    it adds is one of known where given (a named reference can only go to a target the document has)."""
    missing = collections.Counter(before) - collections.Counter(after)
    return not missing and (known is None or set(after) <= set(known))


def _without(items: tuple[str, ...], taken: tuple[str, ...]) -> list[str]:
    """items less the first occurrence of each of taken (which it holds), in one pass."""
    left = collections.Counter(taken)
    rest = []
    for item in items:
        if left[item] > 0:
            left[item] -= 1
        else:
            rest.append(item)
    return rest


@functools.cache
def _compares_counts() -> bool:
    """How the installed Sphinx compares a translation's references with its source's: by
    their number before Sphinx 8 (compare_references without a key), else reference by reference."""
    from sphinx.transforms import i18n

    updater = getattr(i18n, "_NodeUpdater", None)
    compare = getattr(updater, "compare_references", None)
    return compare is None or "key_func" not in inspect.signature(compare).parameters


def _counts_differ(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    return len(before) != len(after)


def verdict(source: str, target: str, source_scan: rst.Scan | None = None, target_scan: rst.Scan | None = None,
            noqa: bool = False) -> Verdict:
    """What Sphinx does with the msgstr target of a paragraph whose msgid is source
    (target already stripped of the noqa marker, which noqa says it had)."""
    theirs = None if rst.never_a_paragraph(source) else rst.reading(source, source_scan)
    if theirs is None or theirs.first != "paragraph" or theirs.paragraphs != 1 or theirs.problems:
        # Not one clean paragraph: a literal block (Python's docs translate code), a title...
        # Sphinx reads such a translation another way (a literal block's verbatim): not judged here.
        return Verdict(True, "", (), 1, theirs.first if theirs and theirs.first != "paragraph" else "other")
    ours = rst.reading(target, target_scan)
    warnings = list(ours.problems)
    harmless = []
    used = ours.first == "paragraph"
    if used and not noqa:
        differ = _counts_differ if _compares_counts() else operator.ne
        for field, words in _COMPARISONS:
            before, after = getattr(theirs, field), getattr(ours, field)
            if differ(before, after):
                warnings.append(f"inconsistent {words} in translated message. original: {list(before)}, "
                                f"translated: {list(after)}")
                if field == "references" and (_links_kept(theirs.refnames, ours.refnames)
                                              or _kept_all(theirs.refnames, ours.refnames, theirs.refnames)):
                    harmless.append(warnings[-1])
        if differ(theirs.xref_targets, ours.xref_targets):
            warnings.append(f"inconsistent term references in translated message. original: {list(theirs.xref_targets)}, "
                            f"translated: {list(ours.xref_targets)}")
            # Only :term: targets differ (a translated glossary defines the translated terms), or the
            # translation adds cross-references to the source's.
            if (_without(theirs.xref_targets, theirs.term_targets) == _without(ours.xref_targets, ours.term_targets)
                    or _kept_all(theirs.xref_targets, ours.xref_targets)):
                harmless.append(warnings[-1])
    return Verdict(used, ours.first, tuple(warnings), ours.paragraphs, "paragraph", tuple(harmless))


def myst_verdict(source: str, target: str) -> Verdict:
    """The same for a MyST message: Sphinx parses it with myst-parser (markdown-it-py); its
    reference comparisons work on docutils nodes MyST makes alike, not reproduced here."""
    ours, theirs = myst.blocks(target) or ["document"], myst.blocks(source) or ["document"]
    return Verdict(ours[0] == "paragraph", ours[0], (), ours.count("paragraph"), theirs[0])
