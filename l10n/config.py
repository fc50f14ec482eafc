"""The project's configuration: one place, [tool.l10n] in pyproject.toml."""

import dataclasses
import functools
import os
import pathlib
import tomllib

from babel import Locale, UnknownLocaleError

from l10n import L10nError

STATUSES = ("release", "in-progress")


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


def find_root(start: str | os.PathLike[str] | None = None) -> pathlib.Path:
    path = pathlib.Path(start or pathlib.Path.cwd()).resolve()
    for candidate in (path, *path.parents):
        if (candidate / "pyproject.toml").is_file():
            with open(candidate / "pyproject.toml", "rb") as f:
                if "l10n" in tomllib.load(f).get("tool", {}):
                    return candidate
    raise L10nError(f"{path}: no pyproject.toml with a [tool.l10n] table here or above")


def load(root: str | os.PathLike[str] | None = None) -> Config:
    root = find_root(root)
    pyproject = root / "pyproject.toml"
    try:
        with open(pyproject, "rb") as f:
            table = tomllib.load(f)["tool"]["l10n"]
    except tomllib.TOMLDecodeError as exc:
        raise L10nError(f"{pyproject}: {exc}") from None
    where = f"{pyproject}: [tool.l10n]"
    languages = {}
    for code, status in table.get("languages", {}).items():
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
    return Config(
        root=root,
        project=table.get("project", root.name),
        source_language=source_language,
        languages=languages,
        source_dir=root / table.get("source_dir", "source"),
        locale_dir=root / table.get("locale_dir", "locales"),
        build_dir=root / table.get("build_dir", "build"),
        names_file=root / table["names_file"] if "names_file" in table else None,
        allowed_characters={validate_language(code, where): chars for code, chars in allowed.items()},
    )
