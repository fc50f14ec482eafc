"""Sphinx's warnings as a build reads them: by file, kept from run to run until the file changes,
and told apart from the ones the source itself causes."""

import os
import re
from collections.abc import Iterable
from typing import Any

# One warning line of Sphinx: "path:line: WARNING: message", "path: ERROR: ...", "WARNING: ...".
_WARNING = re.compile(r"^(?:(?P<location>.+?): )?(?:WARNING|ERROR|CRITICAL|SEVERE): ")


def read_warnings(text: str) -> list[tuple[str, str]]:
    """Sphinx's warnings file as (file, warning) pairs; a message's continuation lines stay with it.
    The file of a translated paragraph's warning ("b.rst:4:<translated>:1") is its source file."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = _WARNING.match(line)
        if match:
            found.append((re.sub(r":\d+$", "", as_in_source(match["location"] or "")), line))
        elif found and line.strip():
            found[-1] = (found[-1][0], f"{found[-1][1]}\n{line}")
    return found


def merge_warnings(previous: dict[str, list[str]], new: list[tuple[str, str]], read: Iterable[str]) -> dict[str, list[str]]:
    """Each file's warnings after an incremental run: Sphinx warns again only about what it
    read again, so a file it did not read keeps the warnings it had."""
    replaced = {*read, "", *(path for path, _ in new)}
    merged = {path: lines for path, lines in previous.items() if path not in replaced}
    for path, line in new:
        merged.setdefault(path, []).append(line)
    return dict(sorted(merged.items()))


def warning_lines(state: dict[str, Any]) -> set[str]:
    return {as_in_source(line) for lines in state.get("warnings", {}).values() for line in lines}


def as_in_source(warning: str) -> str:
    """A warning as the source's build words it: Sphinx locates a translated paragraph's
    warning at its source line, then ":<translated>:N" (the line within the translation)."""
    return re.sub(r":<translated>:\d+", "", warning)


def shown_warning(warning: str) -> str:
    """A warning's first line, its path relative to the working folder when inside it."""
    first = warning.splitlines()[0]
    cwd = os.getcwd() + os.sep
    return first[len(cwd):] if first.startswith(cwd) else first
