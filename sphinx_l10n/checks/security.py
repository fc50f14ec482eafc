"""Security: no active content, no file, no hidden characters a translation adds.

These checks warn translators early; the build's guard (sphinx_l10n.sphinxext.guard)
is the defence. Both read sphinx_l10n.safety, the one definition of what a
translation may link to and which hidden characters it may hold. A
translator comment cannot silence them (``Check.silenceable``).
"""

import bisect
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sphinx_l10n import safety
from sphinx_l10n.checks.base import Check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx_l10n.checks.base import Problem, Unit

# An HTML tag (not a reference's embedded target, `text <object>`_), or an event handler attribute.
# Possessive spaces: "<" and a long run of spaces is read once, not once per way to split the run.
_RAW_HTML = re.compile(r"<\s*+/?\s*+(?:script|iframe|object|embed|style|link|meta|form|svg|img|a)\b(?![^<>]*>`)"
                       r"|\bon\w+\s*+=\s*+[\"']", re.IGNORECASE)
# Any directive: a translated paragraph has none, and some read files or run code.
_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+(?P<name>[\w][\w:.+-]*)[ \t]*::", re.MULTILINE)
# Roles that output raw markup, define roles, or publish a file.
_ROLE = re.compile(r":(?P<name>raw[\w-]*|html|role|download)(?::[\w-]+)?:`[^`]*`", re.IGNORECASE)
# What docutils makes a link of: embedded targets, target definitions, and
# standalone URIs. Standalone, only the schemes that run or embed content are
# looked for: literal blocks (doctests, logs) are full of "file:" and "INFO:".
_EMBEDDED_TARGET = re.compile(r"<([^<>`\n]+)>`_{1,2}")
_BACKSLASH_ESCAPE = re.compile(r"\\(.)")  # docutils unescapes a target: "\\\\" is one backslash
_TARGET_DEFINITION = re.compile(r"^[ \t]*\.\.[ \t]+_[^:\n]*:[ \t]+(\S+)", re.MULTILINE)
_ACTIVE_SCHEMES = ("javascript", "vbscript", "data", "livescript", "mocha", "blob")
_ACTIVE_ENDS = tuple(f"{scheme}:" for scheme in _ACTIVE_SCHEMES)  # what a cheap substring pre-test looks for
# A scheme starts where no scheme character (or a role's colon or backtick) precedes it.
_STANDALONE = re.compile(r"(?<![\w+.:`-])(?i:" + "|".join(_ACTIVE_SCHEMES) + r"):(?=[^\s:`])[^\s`]+")
# Each pattern, and what a text (lower-cased) holds if the pattern can match it.
_CHECKED = (
    (_RAW_HTML, "raw HTML", ("<", "=")),
    (_DIRECTIVE, "a directive", ("..",)),
    (_ROLE, "a role that outputs raw markup or publishes a file", (":raw", ":html", ":role", ":download")),
)


_DOWNLOAD = re.compile(r":download:`(?:[^`<]*<(?P<embedded>[^<>`]+)>|(?P<plain>[^`<]+))`")


def _download_targets(text: str) -> set[str]:
    """The files a text's :download: roles publish, as Sphinx reads the role: the target in
    <...>, or the whole content (the link text is the translator's to translate)."""
    return {(m["embedded"] or m["plain"]).strip() for m in _DOWNLOAD.finditer(text)} if ":download:" in text else set()


def _link_targets(text: str, lower: str) -> set[str]:
    """What a text links to, as docutils reads it (lower: the text lower-cased)."""
    embedded = _EMBEDDED_TARGET.finditer(text) if "<" in text else ()
    targets = {_BACKSLASH_ESCAPE.sub(r"\1", m.group(1).strip()) for m in embedded}
    if ".." in text:
        targets.update(m.group(1) for m in _TARGET_DEFINITION.finditer(text))
    if any(end in lower for end in _ACTIVE_ENDS):
        targets.update(_STANDALONE.findall(text))
    return targets


class Unsafe(Check):
    id = "unsafe"
    name = "Active content"
    description = ("A translation may not add raw HTML, a directive, a raw, role or download role, or a link "
                   "whose scheme (as a browser reads it) is not http, https or mailto, that the source does not have.")
    silenceable = False

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        target = unit.target
        if ":" not in target and "<" not in target and "=" not in target:
            return  # every pattern below needs one of these
        lower = target.lower()
        for pattern, what, needs in _CHECKED:
            if any(part in lower for part in needs):
                found = {m.group(0).strip() for m in pattern.finditer(target)}
                found -= {m.group(0).strip() for m in pattern.finditer(unit.source)}
                if pattern is _ROLE:  # a download of a file the source publishes, its link text translated
                    published = _download_targets(unit.source)
                    found = {item for item in found if not ((files := _download_targets(item)) and files <= published)}
                for item in sorted(found):
                    yield self.error(f"{what} in the translation: {item!r}")
        if ":" in target or "<" in target:
            for link in sorted(_link_targets(target, lower) - _link_targets(unit.source, unit.source.lower())):
                if (why := safety.unsafe_link(link)) is not None:
                    yield self.error(f"{why}: {link[:60]!r}")


class Hidden(Check):
    id = "hidden"
    name = "Hidden characters"
    description = ("A translation may not add default-ignorable or format characters (bidi controls, "
                   "zero-width space, tag characters, variation selectors outside an emoji or a Han variant, "
                   "interlinear annotations...) that the source does not have, beyond what its script needs "
                   "(joiners for Persian and Indic scripts, marks and isolates for right-to-left scripts) "
                   "and what the project allows for the language ([tool.sphinx-l10n.allowed_characters]). "
                   "A zero-width space or joiner in prose is a warning; a soft hyphen in prose is the "
                   "translator's hyphenation.")
    silenceable = False

    def __init__(self, allowed: Mapping[str, str] | None = None) -> None:
        self.allowed = dict(allowed or {})

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        hidden = safety.hidden_characters(unit.target)
        if not hidden:
            return  # the common case: nothing to compare, nothing to allow
        added = hidden - safety.hidden_characters(unit.source)
        added -= safety.allowed_hidden(unit.target_lang, self.allowed.get(unit.target_lang, ""))
        for char in sorted(added):
            name = safety.character_name(char)
            if char == "\u00ad" and not _in_code(char, unit):
                continue  # a soft hyphen in prose: where a long word may break, shown as a hyphen there
            if char in safety.INVISIBLE and not _in_code(char, unit):
                yield self.warning(f"{name} in the prose of the translation, not in the source: invisible on the "
                                   "page, but a word holding it is not found by search; remove it")
            elif char in safety.INVISIBLE:
                yield self.error(f"{name} in code or a link of the translation, not in the source: what a reader "
                                 "copies or follows is not what the page shows")
            else:
                yield self.error(f"{name} in the translation, not in the source: text that reads differently "
                                 "from what it is")


_WORD_AFTER = re.compile(r"\S*")  # matches anywhere, if only the empty string
_LINK_OR_CODE = re.compile(r"://|[@`]|www\.")


def _in_code(char: str, unit: "Unit") -> bool:
    """Whether char stands in code, a role's target or a link: what a reader copies or follows.
    Its word runs back to the last space before it and on to the next whitespace; each word is
    looked at once, and whether it holds "://", "@", "`" or "www." is told from where those stand
    in the text (words that share their start would be read again from it, once per occurrence)."""
    if any(char in part for key in unit.target_scan.signature for part in key[1:]):
        return True
    target = unit.target
    marks = [match.start() for match in _LINK_OR_CODE.finditer(target)]
    space, end, searched = -1, 0, 0
    index = target.find(char)
    while index != -1:
        space = max(space, target.rfind(" ", searched, index))
        searched = index
        if index >= end:  # a word not looked at yet: the last one ended before this occurrence
            end = _WORD_AFTER.match(target, index).end()  # type: ignore[union-attr]  # \S* always matches
            first = bisect.bisect_left(marks, space + 1)
            if first < len(marks) and marks[first] < end:
                return True
        index = target.find(char, index + 1)
    return False


CHECKS = [Unsafe, Hidden]
