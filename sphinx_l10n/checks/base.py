"""What every check is made of: the three kinds of check, what each is given (a Unit, the Project,
the Source), the Problem an entry check yields, and helpers several checks share."""


import dataclasses
import functools
import os
import pathlib
import re
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from sphinx_l10n.markup import myst, rst, verdict
from sphinx_l10n.report import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from typing import Self

    import polib

    from sphinx_l10n.config import Config, Policy


@dataclasses.dataclass(frozen=True)
class Problem:
    severity: str
    message: str
    # Names of the source's code the translation writes otherwise ((key, clave), ...): evidence of
    # what a team translates, which the checker weighs across all its catalogs (conventions.py).
    renamed: tuple[tuple[str, str], ...] = ()


class BaseCheck:
    """What every check has: an id (what policy, reports and comments name), a name, a description."""

    id = ""
    name = ""
    description = ""
    severity = ERROR
    # Security checks say False: a translator comment, written by whoever wrote
    # the translation, cannot silence them.
    silenceable = True

    def configure(self, policy: "Policy") -> None:
        """Take the project's conventions ([tool.sphinx-l10n.check]); most checks have none to take."""

    def error(self, message: str, renamed: tuple[tuple[str, str], ...] = ()) -> Problem:
        return Problem(ERROR, message, renamed)

    def warning(self, message: str, renamed: tuple[tuple[str, str], ...] = ()) -> Problem:
        return Problem(WARNING, message, renamed)

    def problem(self, message: str) -> Problem:
        return Problem(self.severity, message)


class Check(BaseCheck):
    """A check of one translation unit."""

    def check(self, unit: "Unit") -> "Iterator[Problem]":  # pragma: no cover - every subclass defines it
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class Project:
    """What a catalog check reads: the project's configuration and the languages asked for."""

    config: "Config"
    languages: "Sequence[str]"

    def shown(self, path: "str | os.PathLike[str]") -> str:
        """A path as reports show it: relative to the project."""
        return os.path.relpath(path, self.config.root)


class CatalogCheck(BaseCheck):
    """A check of a project's catalogs as a whole; silenced by policy, never by an entry's comment.

    It may raise L10nError when it cannot run (no templates): an input error, the others still run."""

    def check(self, project: Project) -> "Iterator[Finding]":  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def finding(self, project: Project, path: "str | os.PathLike[str]", line: int, lang: str, problem: Problem,
                msgid: str = "") -> Finding:
        return Finding(project.shown(path), line, lang, self.id, problem.severity, problem.message, msgid)


def _line_holding(document: pathlib.Path, msgid: str) -> int:
    """The line where the message's text starts in its document (0 if it is not found as is)."""
    start = msgid.split("\n", 1)[0][:60]
    try:
        lines = document.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((number for number, text in enumerate(lines, 1) if start in text), 0)


@dataclasses.dataclass
class Source:
    """The source messages (from the templates): each msgid once, with its template and entry."""

    messages: "dict[str, tuple[str | os.PathLike[str], polib.POEntry]]"
    root: "str | os.PathLike[str] | None" = None
    names: "Sequence[str]" = ()

    def location(self, msgid: str) -> tuple[str, int]:
        """Where a message stands in the source document, else in its template."""
        path, entry = self.messages[msgid]
        for occurrence, line in entry.occurrences:
            if not line and re.search(r":-\d+$", occurrence):  # Sphinx's "index.rst:-1": a node without a line (meta)
                occurrence, line = occurrence.rsplit(":", 1)[0], ""
            document = (pathlib.Path(path).parent / occurrence).resolve()
            if document.exists():
                shown = os.path.relpath(document, self.root) if self.root else str(document)
                return shown, int(line) if line else _line_holding(document, msgid)
        return str(path), entry.linenum or 1

    def first_use(self, word: str) -> str:
        """The first message that holds word as a whole word ("" if none)."""
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
        return next((msgid for msgid in self.messages if pattern.search(msgid)), "")


class SourceCheck(BaseCheck):
    """A check of the source text itself: reported, never changed (the source is what the author wrote)."""

    severity = WARNING

    def check(self, source: Source) -> "Iterator[Finding]":  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def finding(self, source: Source, msgid: str, message: str) -> Finding:
        file, line = source.location(msgid) if msgid else ("", 0)
        return Finding(file, line, "", self.id, self.severity, message, msgid)


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

    @property
    def doctest(self) -> bool:
        """The message is a doctest block: code whose strings and output a translator may translate."""
        return self.source.lstrip().startswith(">>>")

    @_computed_once
    def copied(self) -> bool:
        """The translation is the source, spacing aside (three checks ask)."""
        return self.target == self.source or self.target.split() == self.source.split()

    @_computed_once
    def sphinx_verdict(self) -> verdict.Verdict:
        """What Sphinx does with the translation (markup/verdict.py): several checks ask."""
        if self.myst:
            return verdict.myst_verdict(self.source, self.target)
        return verdict.verdict(self.source, self.target, self.source_scan, self.target_scan,
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


# Items of one kind (literals, links) that differ between a source and its translation, beyond
# which a check says so once instead of pairing each missing one with each added one (at a cost
# that grows with the square of their number, or the cube): six real sources differ by at most 14.
MAX_PAIRED = 32


def listed(items: "Sequence[str]", width: int = 60) -> str:
    """The first three items (each shortened to width), and how many more."""
    shown = ", ".join(item if len(item) <= width else item[:width - 1] + "…" for item in items[:3])
    return shown + (f" and {len(items) - 3:,} more" if len(items) > 3 else "")


