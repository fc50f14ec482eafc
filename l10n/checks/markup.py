"""reST markup survives translation: references, roles, literals, footnotes."""

import collections
import re
from typing import TYPE_CHECKING

from l10n import rst
from l10n.checks import Check

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from l10n.checks import Problem, Unit

# Characters that open or close inline markup: if the translation has as many
# of each as the source and the fast lexer sees the same markup, docutils
# would too; otherwise docutils decides, unless the lexer read every one.
_MARKUP_CHARS = re.compile(r"[`*|]|::")
# A line that starts a block (list item, literal block, directive, section
# underline...): the message is not one plain paragraph.
_BLOCK_MARKER = (r"\s*(?:[-+*•](?:\s|$)|(?:\d+|[A-Za-z#]|[ivxlcdm]+|[IVXLCDM]+)[.)](?:\s|$)|\(\w+\)(?:\s|$)"
                 r"|>>>|\.\.(?:\s|$)|::|__(?:\s|$)"
                 r"|:(?:[^:\\\s]|\\.)(?:[^:\\]|\\.)*:(?:\s|$)|--?\w\S*(?:  |\s*$)"  # lists, field and option lists
                 r"|([!-/:-@\[-`{-~])\1{3,}\s*$)")  # a transition: ----
_LINE_STARTS_BLOCK = re.compile(_BLOCK_MARKER)
_BLOCK_START = re.compile(r"^" + _BLOCK_MARKER + r"|::\s*$|\n\s*\n|\n[=\-~^\"'`#*+]{3,}\s*$", re.MULTILINE)


def _starts_block(text: str) -> bool:
    if "\n" in text:
        return bool(_BLOCK_START.search(text))
    return bool(_LINE_STARTS_BLOCK.match(text)) or text.rstrip().endswith("::")


def _one_paragraph(text: str) -> bool:
    """One line that starts no block: docutils' inline parser alone reads it,
    a literal-block marker ("Example::") at its end included."""
    return "\n" not in text and not _LINE_STARTS_BLOCK.match(text)


_KIND_NAMES = {
    "literal": "literal", "role": "role", "interpreted": "interpreted text",
    "reference": "reference", "substitution": "substitution", "footnote": "footnote or citation reference",
}


def _describe(key: rst.Key) -> str:
    kind = key[0]
    if kind == "literal":
        return f"``{key[1]}``"
    if kind == "role":
        return f":{key[1]}:`{key[2]}`" if key[2] else f":{key[1]}: role"
    if kind == "reference":
        _, how, target = key
        if how in ("named", "anonymous") and target:
            return f"link to {target} ({'`…`__' if how == 'anonymous' else '`…`_'})"
        if how == "anonymous":
            return "anonymous reference `…`__"
        return f"reference {target}_" if how == "name" else f"reference to {target}"
    if kind == "substitution":
        return f"|{key[1]}|"
    if kind == "footnote":
        return f"[{key[1]}]_"
    return f"`{key[1]}`"


# Markup whose target may legitimately be translated: Sphinx resolves it
# against the translated document (section titles, glossary terms).
_RESOLVED_BY_TRANSLATION: set[rst.Key] = {("reference", "name"), ("role", "term")}


def _kind(key: rst.Key) -> rst.Key:
    return (key[0], key[1]) if key[0] in ("reference", "role") else (key[0],)


def _count(counter: "Mapping[rst.Key, int]", kind: rst.Key) -> int:
    return sum(n for key, n in counter.items() if _kind(key) == kind)


def _unlink(signature: "Mapping[rst.Key, int]") -> "collections.Counter[rst.Key]":
    """The signature with the named/anonymous distinction of URI links dropped."""
    result: collections.Counter[rst.Key] = collections.Counter()
    for key, count in signature.items():
        if key[0] == "reference" and key[1] in ("named", "anonymous") and key[2]:
            key = ("reference", "uri", key[2])
        result[key] += count
    return result


def _explained(text: str, scan: rst.Scan) -> bool:
    """The text's markup characters are all accounted for by what the lexer found."""
    chars = collections.Counter(_MARKUP_CHARS.findall(text))
    return chars["*"] == 2 * scan.emphasis + 4 * scan.strong + sum(
        key[-1].count("*") * n for key, n in scan.signature.items() if key[0] in ("literal", "role", "interpreted"))


def _quick_match(unit: "Unit", source_block: bool, target_block: bool) -> bool:
    """True when the fast lexer proves what docutils would: same markup, nothing unbalanced."""
    source, target = unit.source_scan, unit.target_scan
    if source.signature != target.signature:
        return False
    count = lambda text: (text.count("`"), text.count("|"), text.count("::"))
    if count(unit.source) != count(unit.target):
        return False
    if (source.emphasis, source.strong) != (target.emphasis, target.strong):
        if not (_explained(unit.source, source) and _explained(unit.target, target)):
            return False
    elif unit.source.count("*") != unit.target.count("*"):
        return False
    return source_block == target_block


_WORD = re.compile(r"[^\W\d_]+")
_HAS_SYNTAX = re.compile(r"[^\w\s]")  # code punctuation: not a bare word such as ``object``


def _skeleton(code: str) -> str:
    """Code with every word replaced by one mark: what stays when names are translated."""
    return _WORD.sub("\x00", code)


def _as_parsed(scan: rst.Scan) -> rst.Parsed:
    """What docutils makes of a one-line paragraph whose markup the lexer read whole."""
    return rst.Parsed(scan.signature, scan.emphasis, scan.strong, ("paragraph",), [])


class Markup(Check):
    id = "markup"
    name = "reST markup"
    description = ("The translation keeps the source's reST structure: the same references, role targets, "
                   "footnotes, substitutions and ``literals``, parses without error, and to the same node type "
                   "(otherwise Sphinx silently shows the source instead).")

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        if unit.target == unit.source:
            return  # the same text reads the same
        source: rst.Scan | rst.Parsed
        target: rst.Scan | rst.Parsed
        source, target = unit.source_scan, unit.target_scan
        source_block, target_block = _starts_block(unit.source), _starts_block(unit.target)
        source_read = source.complete and not source_block
        target_read = target.complete and not target_block
        if source_read and target_read:
            pass  # the lexer read all the markup of two paragraphs: docutils would read the same
        elif _quick_match(unit, source_block, target_block):
            yield from self._emphasis(source, target)
            return
        else:
            # docutils reads what the lexer could not; a paragraph it read is docutils' already.
            source = _as_parsed(source) if source_read else rst.parse(unit.source, one_paragraph=_one_paragraph(unit.source))
            target = _as_parsed(target) if target_read else rst.parse(unit.target, one_paragraph=_one_paragraph(unit.target))
            if target.problems and not source.problems:
                yield self.error(f"the translation is not valid reST: {target.problems[0]}")
                return
            if source.block_types != target.block_types and not target.problems:
                yield self.error(
                    f"the translation parses as {'/'.join(target.block_types) or 'nothing'}, the source as "
                    f"{'/'.join(source.block_types) or 'nothing'}: Sphinx would ignore the translation")
        yield from self._differences(source, target)

    def _differences(self, source: rst.Scan | rst.Parsed, target: rst.Scan | rst.Parsed) -> "Iterator[Problem]":
        """Markup of the source missing from the translation, and markup added."""
        if source.signature == target.signature:
            yield from self._emphasis(source, target)
            return
        before, after = _unlink(source.signature), _unlink(target.signature)
        missing = before - after
        extra = after - before
        only_the_link_form_changed = not missing and not extra
        # Changes Sphinx resolves in the translated document are warnings: a
        # reference to a (translated) section title, a glossary term it
        # translated too, or italics added with single backticks.
        renamed = {kind: min(_count(missing, kind), _count(extra, kind)) for kind in _RESOLVED_BY_TRANSLATION}
        # A word translated inside code that keeps its shape (``getLogger(name)``
        # -> ``getLogger(nombre)``, ``<type>`` -> ``<tipo>``): a placeholder, as a rule.
        for key in sorted(missing, key=str):
            if key[0] != "literal" or not _HAS_SYNTAX.search(key[1]):
                continue
            twin = next((other for other in sorted(extra, key=str) if other[0] == "literal" and other[1] != key[1]
                         and _skeleton(other[1]) == _skeleton(key[1])), None)
            if twin:
                yield self.warning(f"{_describe(key)} became {_describe(twin)}: a translated placeholder? "
                                   "check that the code still reads right")
                for counter, item in ((missing, key), (extra, twin)):
                    counter[item] -= 1
                    if counter[item] <= 0:
                        del counter[item]
        for key in sorted(missing, key=str):
            kind = _kind(key)
            if renamed.get(kind):
                yield self.warning(f"{_describe(key)} is renamed in the translation: check that the translated target exists")
                renamed[kind] -= 1
                continue
            yield self.error(f"{_describe(key)} is missing from the translation")
        for key in sorted(extra, key=str):
            kind = _kind(key)
            if kind in _RESOLVED_BY_TRANSLATION and _count(missing, kind) >= _count(extra, kind):
                continue  # reported above as renamed
            # Markup only the translation has still renders: what it replaced,
            # if anything, is reported above as missing.
            what = " (interpreted text)" if key[0] == "interpreted" else ""
            yield self.warning(f"{_describe(key)}{what} is in the translation but not in the source")
        if only_the_link_form_changed:
            yield self.warning("a link changed between named (`…`_) and anonymous (`…`__) form")
        yield from self._emphasis(source, target)

    def _emphasis(self, source: rst.Scan | rst.Parsed, target: rst.Scan | rst.Parsed) -> "Iterator[Problem]":
        if (source.emphasis, source.strong) != (target.emphasis, target.strong):
            yield self.warning(
                f"emphasis/strong differ: source has {source.emphasis} *emphasis* and {source.strong} **strong**, "
                f"translation {target.emphasis} and {target.strong}")


CHECKS = [Markup]
