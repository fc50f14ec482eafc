"""The project's configuration: one place, [tool.l10n] in pyproject.toml."""

import dataclasses
import functools
import os
import pathlib
import re
import tomllib
from typing import Any

from babel import Locale, UnknownLocaleError

from l10n import L10nError

STATUSES = ("release", "in-progress")


@dataclasses.dataclass(frozen=True)
class Policy:
    """A team's conventions for `check`, decided once in [tool.l10n.check], not entry by entry."""

    disable: tuple[str, ...] = ()  # check ids turned off
    severity: tuple[tuple[str, str], ...] = ()  # (check id, "error" | "warning"): that check's findings all so
    exclude: tuple[str, ...] = ()  # catalog path patterns (matched from the right: "whatsnew/*.po") not checked
    translatable_roles: tuple[str, ...] = ()  # roles whose text is translated, beyond l10n's defaults
    kept_in_source: tuple[str, ...] = ()  # regular expressions of sentences kept in the source language
    localise_urls: bool = True  # a link to the same page in the reader's language is the same link


_POLICY_LISTS = ("disable", "exclude", "translatable_roles", "kept_in_source")


def _policy(table: object, where: str) -> Policy:
    if not isinstance(table, dict):
        raise L10nError(f"{where}: [tool.l10n.check] must be a table")
    unknown = set(table) - {*_POLICY_LISTS, "severity", "localise_urls"}
    if unknown:
        raise L10nError(f"{where}: [tool.l10n.check] has no setting {', '.join(sorted(unknown))}")
    lists = {}
    for name in _POLICY_LISTS:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise L10nError(f"{where}: [tool.l10n.check] {name} must be a list of strings")
        lists[name] = tuple(value)
    for pattern in lists["kept_in_source"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise L10nError(f"{where}: [tool.l10n.check] kept_in_source: {pattern!r} is no regular expression: {exc}") from None
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(value in ("error", "warning") for value in severity.values()):
        raise L10nError(f"{where}: [tool.l10n.check] severity must map check ids to \"error\" or \"warning\"")
    localise = table.get("localise_urls", True)
    if not isinstance(localise, bool):
        raise L10nError(f"{where}: [tool.l10n.check] localise_urls must be true or false")
    return Policy(severity=tuple(sorted(severity.items())), localise_urls=localise, **lists)


@dataclasses.dataclass(frozen=True)
class Config:
    root: pathlib.Path
    project: str
    source_language: str
    languages: dict[str, str]  # code -> status, in declaration order
    source_dir: pathlib.Path
    locale_dir: pathlib.Path
    build_dir: pathlib.Path
    names_file: pathlib.Path | None = None
    # Hidden characters (bidi marks, joiners) a language's translations may add, beyond what its script needs.
    allowed_characters: dict[str, str] = dataclasses.field(default_factory=dict)
    policy: Policy = Policy()

    @property
    def release_languages(self) -> list[str]:
        return [code for code, status in self.languages.items() if status == "release"]

    @property
    def all_languages(self) -> list[str]:
        """The source language first, then every translation."""
        return [self.source_language, *self.languages]

    def catalog_dir(self, lang: str) -> pathlib.Path:
        return self.locale_dir / lang / "LC_MESSAGES"

    @property
    def pot_dir(self) -> pathlib.Path:
        return self.build_dir / "gettext"


@functools.cache
def babel_locale(code: str) -> Locale:
    """Babel's locale for a language code (pt-BR and pt_BR alike); raises for unknown codes."""
    return Locale.parse(code.replace("-", "_"))


@functools.lru_cache(maxsize=256)
def base_language(code: str | None) -> str:
    """The language without region or script: pt-BR -> pt."""
    return (code or "").replace("-", "_").split("_")[0].lower()


def validate_language(code: object, where: str = "language code") -> str:
    """Return code if Babel knows it as a locale; refuse anything else.

    Codes become folder names, so this is also what keeps "../../etc" out.
    """
    if not isinstance(code, str) or not code.replace("_", "").replace("-", "").isalnum():
        raise L10nError(f"{where}: invalid language code {code!r}")
    try:
        babel_locale(code)
    except (UnknownLocaleError, ValueError):
        raise L10nError(f"{where}: unknown language code {code!r}") from None
    return code


class NoProject(L10nError):
    """No pyproject.toml with [tool.l10n] here or above: commands that take paths still run."""


def read_toml(path: pathlib.Path) -> dict[str, Any]:
    """A TOML file's table; L10nError 'file:line: message' for anything that is not one."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise L10nError(f"{path}:0: not found") from None
    except IsADirectoryError:
        raise L10nError(f"{path}:0: a folder, not a TOML file") from None
    except OSError as exc:
        raise L10nError(f"{path}:0: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise L10nError(f"{path}:1: not valid UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise L10nError(f"{path}:{line.group(1) if line else 1}: invalid TOML: {exc}") from None


def find_root(start: str | os.PathLike[str] | None = None) -> tuple[pathlib.Path, object]:
    """The project folder (the first with a pyproject.toml holding [tool.l10n], here or
    above) and that table, read once."""
    path = pathlib.Path(start or pathlib.Path.cwd()).resolve()
    if start is not None and not path.is_dir():
        raise L10nError(f"{path}: --project: no such folder")
    for candidate in (path, *path.parents):
        if (candidate / "pyproject.toml").is_file():
            tool = read_toml(candidate / "pyproject.toml").get("tool", {})
            if isinstance(tool, dict) and "l10n" in tool:
                return candidate, tool["l10n"]
    raise NoProject(f"{path}: no pyproject.toml with a [tool.l10n] table here or above")


def _typed(table: dict[str, Any], key: str, kind: type, where: str, default: Any) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind):
        raise L10nError(f"{where}: {key} must be a {_KIND_NAMES[kind]}, not {value!r}")
    return value


_KIND_NAMES: dict[type, str] = {str: "string", dict: "table"}


def load(root: str | os.PathLike[str] | None = None) -> Config:
    root, table = find_root(root)
    pyproject = root / "pyproject.toml"
    where = f"{pyproject}:{_line_of(pyproject, '[tool.l10n')}: [tool.l10n]"
    if not isinstance(table, dict):
        raise L10nError(f"{where} must be a table")
    languages = {}
    for code, status in _typed(table, "languages", dict, where, {}).items():
        validate_language(code, where)
        if status not in STATUSES:
            raise L10nError(f"{where}: language {code!r} has status {status!r}; expected one of {', '.join(STATUSES)}")
        languages[code] = status
    source_language = validate_language(table.get("source_language", "en"), where)
    if source_language in languages:
        raise L10nError(f"{where}: the source language {source_language!r} is also listed as a translation")
    allowed = table.get("allowed_characters", {})
    if not isinstance(allowed, dict) or not all(isinstance(v, str) for v in allowed.values()):
        raise L10nError(f"{where}: allowed_characters must map language codes to strings of characters")
    folders = {key: root / _typed(table, key, str, where, default)
               for key, default in (("source_dir", "source"), ("locale_dir", "locales"), ("build_dir", "build"))}
    names_file = _typed(table, "names_file", str, where, "")
    return Config(
        root=root,
        project=_typed(table, "project", str, where, root.name),
        source_language=source_language,
        languages=languages,
        **folders,
        names_file=root / names_file if names_file else None,
        allowed_characters={validate_language(code, where): chars for code, chars in allowed.items()},
        policy=_policy(table.get("check", {}), where),
    )


def _line_of(path: pathlib.Path, start: str) -> int:
    """The line where a table starts, for messages (1 if it cannot be found)."""
    with open(path, encoding="utf-8") as f:
        return next((number for number, line in enumerate(f, 1) if line.lstrip().startswith(start)), 1)
