"""No active content: a translation must not inject HTML, raw output or files."""

import re
from typing import TYPE_CHECKING

from l10n.checks import Check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from l10n.checks import Problem, Unit

_RAW_HTML = re.compile(r"<\s*/?\s*(?:script|iframe|object|embed|style|link|meta|form|svg|img|a)\b|\bon\w+\s*=\s*[\"']",
                       re.IGNORECASE)
_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?P<name>raw|include|literalinclude|csv-table|image|figure|only|ifconfig|role)\s*::",
                        re.MULTILINE | re.IGNORECASE)
_ROLE = re.compile(r":(?P<name>raw[\w-]*|html|role)(?::[\w-]+)?:`", re.IGNORECASE)
_SCHEME = re.compile(r"\b(?:javascript|vbscript)\s*:|\bdata:[\w/+.-]+[;,]", re.IGNORECASE)



def _has_active_content(text: str) -> bool:
    """Whether any pattern below finds something, each tried only when the
    text has what it needs: most messages have none of it."""
    if (("<" in text or "=" in text) and _RAW_HTML.search(text)) or (".." in text and _DIRECTIVE.search(text)):
        return True
    if ":" not in text:
        return False  # raw roles and active schemes all have a colon
    lower = text.lower()
    return bool(((":raw" in lower or ":html" in lower or ":role" in lower) and _ROLE.search(text))
                or (("script" in lower or "data:" in lower) and _SCHEME.search(text)))


class Unsafe(Check):
    id = "unsafe"
    name = "Active content"
    description = ("A translation may not add raw HTML, a raw/include directive or role, or a javascript: or "
                   "data: link the source does not have.")

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        if not _has_active_content(unit.target):
            return
        for pattern, what in ((_RAW_HTML, "raw HTML"), (_DIRECTIVE, "a directive that injects content or files"),
                              (_ROLE, "a raw role"), (_SCHEME, "an active link scheme")):
            found = {m.group(0).strip() for m in pattern.finditer(unit.target)}
            found -= {m.group(0).strip() for m in pattern.finditer(unit.source)}
            for item in sorted(found):
                yield self.error(f"{what} in the translation: {item!r}")


CHECKS = [Unsafe]
