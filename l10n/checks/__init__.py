"""Consistency checks: each one a class with an id, a name, a description.

A check looks at one translation unit (source text, translation, their
languages) and yields problems. ``Check.severity`` is its usual severity;
a check may report a milder or graver problem with ``warning``/``error``.
A translator silences a check on one entry with a translator comment
``l10n: ignore <id> [<id>...]`` (Poedit's "Comment" field).
"""

import dataclasses
import functools
import re
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from l10n import myst, rst
from l10n.config import base_language  # noqa: F401  (the checks import it from here)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from typing import Self

    from l10n.checks import sphinx
    from l10n.config import Policy

ERROR = "error"
WARNING = "warning"
SEVERITIES = (WARNING, ERROR)


@dataclasses.dataclass(frozen=True)
class Problem:
    severity: str
    message: str


class Check:
    id = ""
    name = ""
    description = ""
    severity = ERROR
    # Security checks say False: a translator comment, written by whoever wrote
    # the translation, cannot silence them.
    silenceable = True

    def check(self, unit: "Unit") -> "Iterator[Problem]":  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def configure(self, policy: "Policy") -> None:
        """Take the project's conventions ([tool.l10n.check]); most checks have none to take."""

    def error(self, message: str) -> Problem:
        return Problem(ERROR, message)

    def warning(self, message: str) -> Problem:
        return Problem(WARNING, message)

    def problem(self, message: str) -> Problem:
        return Problem(self.severity, message)


_T = TypeVar("_T")


class _computed_once(Generic[_T]):
    """functools.cached_property without its lock (Python 3.11 takes one on
    every first access, a measurable cost over 100,000 texts)."""

    def __init__(self, function: "Callable[[Unit], _T]") -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    @overload
    def __get__(self, unit: None, owner: type | None = None) -> "Self": ...
    @overload
    def __get__(self, unit: "Unit", owner: type | None = None) -> _T: ...

    def __get__(self, unit: "Unit | None", owner: type | None = None) -> "Self | _T":
        if unit is None:
            return self
        value = unit.__dict__[self.name] = self.function(unit)
        return value


class Unit:
    """One message to check, with what every check needs computed once."""

    __slots__ = ("__dict__", "context", "source", "source_lang", "target", "target_lang")

    def __init__(self, source: str, target: str, source_lang: str, target_lang: str,
                 context: "Mapping[str, object] | None" = None) -> None:
        self.source = source
        self.target = target
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.context = context or {}

    @property
    def myst(self) -> bool:
        """The message comes from a MyST Markdown source, not reST."""
        return self.context.get("markup") == "myst"

    @_computed_once
    def source_scan(self) -> rst.Scan:
        return myst.scan(self.source) if self.myst else rst.scan(self.source)

    @_computed_once
    def target_scan(self) -> rst.Scan:
        # One unit in ten of real catalogs keeps the source as is (code, names).
        if self.target == self.source:
            return self.source_scan
        return myst.scan(self.target) if self.myst else rst.scan(self.target)

    @_computed_once
    def sphinx_verdict(self) -> "sphinx.Verdict":
        """What Sphinx does with the translation (checks/sphinx.py): several checks ask."""
        from l10n.checks import sphinx

        if self.myst:
            return sphinx.myst_verdict(self.source, self.target)
        return sphinx.verdict(self.source, self.target, self.source_scan, self.target_scan,
                              noqa=bool(self.context.get("noqa")))


FRACTIONS = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_NUMBER_CHAR = re.compile(r"[\d" + FRACTIONS + "]")
# Every character that may be a digit or a fraction but ASCII's: the others
# (Latin-1 letters, general punctuation, the lexer's mask) are plain ranges,
# which the regex engine tests faster than the digit category.
_NON_ASCII_NUMBER_CANDIDATE = re.compile("[^\x00-\xbb\xbf-\u065f\u2000-\u206f\ufffc]")


@functools.lru_cache(maxsize=16)  # the numbers and dates checks ask in turn
def has_number_char(text: str) -> bool:
    """Whether text holds a decimal digit (any script) or a vulgar fraction."""
    if ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text
            or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text):
        return True  # ten substring tests beat one search for \d
    return (not text.isascii() and _NON_ASCII_NUMBER_CANDIDATE.search(text) is not None
            and _NUMBER_CHAR.search(text) is not None)


# Checks a project adds without editing l10n, as Babel's babel.checkers:
# in its pyproject.toml, [project.entry-points."l10n.checks"] mine = "pkg.module:MyCheck"
# (a Check subclass, or a list of them).
ENTRY_POINT_GROUP = "l10n.checks"


def builtin_checks() -> list[type[Check]]:
    from l10n.checks import dates, markup, names, numbers, quotes, security, sphinx, symbols, translation, typography

    return [
        *translation.CHECKS, *sphinx.CHECKS, *markup.CHECKS, *security.CHECKS, *quotes.CHECKS, *names.CHECKS,
        *numbers.CHECKS, *dates.CHECKS, *symbols.CHECKS, *typography.CHECKS,
    ]


@functools.cache
def plugin_checks() -> tuple[type[Check], ...]:
    """The checks installed packages register in the entry point group l10n.checks."""
    import importlib.metadata

    from l10n import L10nError

    found: list[type[Check]] = []
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry_point.load()
        except Exception as exc:  # a plug-in's own bug: named, never a traceback
            raise L10nError(f"entry point {entry_point.name} = {entry_point.value}: cannot load: {exc}") from None
        for item in loaded if isinstance(loaded, list | tuple) else [loaded]:
            if not (isinstance(item, type) and issubclass(item, Check) and item.id):
                raise L10nError(f"entry point {entry_point.name} = {entry_point.value}: not a Check subclass with an id")
            found.append(item)
    return tuple(found)


def all_checks() -> list[Check]:
    """Every check, in report order: l10n's own, then the plug-ins'."""
    classes = [*builtin_checks(), *plugin_checks()]
    ids = [cls.id for cls in classes]
    if len(set(ids)) != len(ids):
        from l10n import L10nError

        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise L10nError(f"entry points of {ENTRY_POINT_GROUP}: check id(s) {', '.join(twice)} defined twice")
    return [cls() for cls in classes]
