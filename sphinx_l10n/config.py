"""The project's configuration: its conf.py (read by Sphinx's own loader) first, then what only
[tool.sphinx-l10n] in pyproject.toml (or a sphinx-l10n.toml beside conf.py) can say: language statuses, policy."""

import contextlib
import dataclasses
import importlib.util
import os
import pathlib
import re
import socket
import tomllib
from collections.abc import Sequence
from typing import Any

from sphinx_l10n import L10nError, fileio
from sphinx_l10n.languages import present_languages, validate_language
from sphinx_l10n.targets import BUILD_TARGETS, SITE, in_build_order

STATUSES = ("release", "in-progress")


@dataclasses.dataclass(frozen=True)
class Policy:
    """A team's conventions for `check`, decided once in [tool.sphinx-l10n.check], not entry by entry."""

    disable: tuple[str, ...] = ()  # check ids turned off
    severity: tuple[tuple[str, str], ...] = ()  # (check id, "error" | "warning"): that check's findings all so
    exclude: tuple[str, ...] = ()  # catalog path patterns (matched from the right: "whatsnew/*.po") not checked
    translatable_roles: tuple[str, ...] = ()  # roles whose text is translated, beyond l10n's defaults
    kept_in_source: tuple[str, ...] = ()  # regular expressions of sentences kept in the source language
    localise_urls: bool = True  # a link to the same page in the reader's language is the same link
    translated_names: tuple[str, ...] = ()  # names of code the team translates (``key`` -> ``clave``)
    kept_names: tuple[str, ...] = ()  # names of code never translated, whatever the catalogs do


@dataclasses.dataclass(frozen=True)
class Release:
    """When a release language may be published ([tool.sphinx-l10n.release]): at a share of its entries
    translated, and with its key documents complete (PEP 545's rule for the Python docs)."""

    threshold: float = 100.0  # percent of entries translated, fuzzy not counted
    thresholds: tuple[tuple[str, float], ...] = ()  # a language's own threshold
    key_documents: tuple[str, ...] = ()  # document patterns ("tutorial/*") that must be 100% translated

    def threshold_for(self, lang: str) -> float:
        return dict(self.thresholds).get(lang, self.threshold)


WARNING_POLICIES = ("report", "fail")
# A PDF where a font lacks a character LaTeX set in it (a gap): withheld, or published with a warning.
MISSING_GLYPH_POLICIES = ("error", "warning")


@dataclasses.dataclass(frozen=True)
class LanguageBuild:
    """How one language is built ([tool.sphinx-l10n.build], then [tool.sphinx-l10n.build.languages.<code>]).
    "{language}" in an environment value or a -D value is the language being built."""

    targets: tuple[str, ...] = ("html", "pdf")
    env: tuple[tuple[str, str], ...] = ()  # environment variables for Sphinx (conf.py may read them)
    define: tuple[tuple[str, str], ...] = ()  # Sphinx -D name=value overrides
    latex_engine: str = ""  # empty: conf.py's (or the l10n extension's choice for the script)
    # One of MISSING_GLYPH_POLICIES. Out of the repr, so of the environment's digest: it decides what
    # becomes of the PDF after LaTeX, so a change runs latexmk again, not Sphinx from nothing.
    pdf_missing_glyphs: str = dataclasses.field(default="error", repr=False)

    def sphinx_options(self, lang: str) -> list[str]:
        engine = [("latex_engine", self.latex_engine)] if self.latex_engine else []
        return [option for name, value in (*self.define, *engine)
                for option in ("-D", f"{name}={value.replace('{language}', lang)}")]

    def environment(self, lang: str) -> dict[str, str]:
        return {name: value.replace("{language}", lang) for name, value in self.env}


@dataclasses.dataclass(frozen=True)
class BuildSettings:
    """[tool.sphinx-l10n.build]: every language's defaults, each language's own settings, and whether a
    warning that the source itself causes fails a build (a translator cannot fix it)."""

    default: LanguageBuild = LanguageBuild()
    languages: tuple[tuple[str, LanguageBuild], ...] = ()
    source_warnings: str = "report"

    def for_language(self, lang: str) -> LanguageBuild:
        return dict(self.languages).get(lang, self.default)


_LANGUAGE_BUILD_KEYS = ("targets", "env", "define", "latex_engine", "pdf_missing_glyphs")


def _language_build(table: object, where: str, base: LanguageBuild) -> LanguageBuild:
    if not isinstance(table, dict):
        raise L10nError(f"{where} must be a table")
    unknown = set(table) - set(_LANGUAGE_BUILD_KEYS)
    if unknown:
        raise L10nError(f"{where} has no setting {', '.join(sorted(unknown))} (settings: {', '.join(_LANGUAGE_BUILD_KEYS)})")
    targets = table.get("targets", list(base.targets))
    if not isinstance(targets, list) or not all(t in BUILD_TARGETS for t in targets) or len(set(targets)) != len(targets):
        raise L10nError(f"{where}: targets must be a list of distinct targets among {', '.join(BUILD_TARGETS)}")
    if len(set(targets) & set(SITE)) > 1:
        raise L10nError(f"{where}: targets: {' and '.join(t for t in SITE if t in targets)} both make the site: choose one")
    tables = {}
    for name in ("env", "define"):
        value = table.get(name, {})
        if not isinstance(value, dict) or not all(isinstance(v, str | int | float | bool) for v in value.values()):
            raise L10nError(f"{where}: {name} must map names to values")
        tables[name] = tuple({**dict(getattr(base, name)), **{k: str(v) for k, v in value.items()}}.items())
    engine = table.get("latex_engine", base.latex_engine)
    if engine not in ("", "pdflatex", "xelatex", "lualatex", "platex", "uplatex"):
        raise L10nError(f"{where}: latex_engine {engine!r} is not one of pdflatex, xelatex, lualatex, platex, uplatex")
    glyphs = table.get("pdf_missing_glyphs", base.pdf_missing_glyphs)
    if glyphs not in MISSING_GLYPH_POLICIES:
        raise L10nError(f"{where}: pdf_missing_glyphs {glyphs!r} is not one of {', '.join(MISSING_GLYPH_POLICIES)}")
    return LanguageBuild(targets=tuple(targets), latex_engine=engine, pdf_missing_glyphs=glyphs, **tables)


def _build_settings(table: object, where: str) -> BuildSettings:
    if not isinstance(table, dict):
        raise L10nError(f"{where}: [tool.sphinx-l10n.build] must be a table")
    own = {key: value for key, value in table.items() if key not in ("languages", "source_warnings")}
    default = _language_build(own, f"{where}: [tool.sphinx-l10n.build]", LanguageBuild())
    policy = table.get("source_warnings", "report")
    if policy not in WARNING_POLICIES:
        raise L10nError(f"{where}: [tool.sphinx-l10n.build] source_warnings must be one of {', '.join(WARNING_POLICIES)}")
    languages = table.get("languages", {})
    if not isinstance(languages, dict):
        raise L10nError(f"{where}: [tool.sphinx-l10n.build.languages] must be a table of languages")
    return BuildSettings(default=default, source_warnings=policy, languages=tuple(
        (validate_language(code, where), _language_build(value, f"{where}: [tool.sphinx-l10n.build.languages.{code}]", default))
        for code, value in languages.items()))


def _release(table: object, where: str) -> Release:
    if not isinstance(table, dict):
        raise L10nError(f"{where}: [tool.sphinx-l10n.release] must be a table")
    unknown = set(table) - {"threshold", "key_documents", "languages"}
    if unknown:
        raise L10nError(f"{where}: [tool.sphinx-l10n.release] has no setting {', '.join(sorted(unknown))}")
    thresholds = {"": table.get("threshold", 100), **table.get("languages", {})}
    for lang, value in thresholds.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise L10nError(f"{where}: [tool.sphinx-l10n.release] {'threshold' if not lang else 'languages.' + lang} "
                            "must be a percentage from 0 to 100")
    documents = table.get("key_documents", [])
    if not isinstance(documents, list) or not all(isinstance(item, str) and item for item in documents):
        raise L10nError(f"{where}: [tool.sphinx-l10n.release] key_documents must be a list of document names or patterns")
    return Release(threshold=float(thresholds.pop("")), key_documents=tuple(documents),
                   thresholds=tuple((validate_language(lang, where), float(value)) for lang, value in thresholds.items()))


_POLICY_LISTS = ("disable", "exclude", "translatable_roles", "kept_in_source", "translated_names", "kept_names")


def _policy(table: object, where: str) -> Policy:
    if not isinstance(table, dict):
        raise L10nError(f"{where}: [tool.sphinx-l10n.check] must be a table")
    unknown = set(table) - {*_POLICY_LISTS, "severity", "localise_urls"}
    if unknown:
        raise L10nError(f"{where}: [tool.sphinx-l10n.check] has no setting {', '.join(sorted(unknown))}")
    lists = {}
    for name in _POLICY_LISTS:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise L10nError(f"{where}: [tool.sphinx-l10n.check] {name} must be a list of strings")
        lists[name] = tuple(value)
    for pattern in lists["kept_in_source"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise L10nError(f"{where}: [tool.sphinx-l10n.check] kept_in_source: {pattern!r} is no regular expression: {exc}") \
                from None
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(value in ("error", "warning") for value in severity.values()):
        raise L10nError(f"{where}: [tool.sphinx-l10n.check] severity must map check ids to \"error\" or \"warning\"")
    localise = table.get("localise_urls", True)
    if not isinstance(localise, bool):
        raise L10nError(f"{where}: [tool.sphinx-l10n.check] localise_urls must be true or false")
    return Policy(severity=tuple(sorted(severity.items())), localise_urls=localise, **lists)


@dataclasses.dataclass(frozen=True)
class Config:
    """Where a project's parts are and what it publishes: conf.py's own settings first, then what
    only [tool.sphinx-l10n] (or sphinx-l10n.toml) can say."""

    root: pathlib.Path  # the folder of the settings file (else of conf.py): relative paths start here
    project: str  # the name in file names (PDFs, catalog headers)
    source_language: str  # conf.py's language
    languages: dict[str, str]  # code -> status, in declaration order
    source_dir: pathlib.Path  # the folder Sphinx reads (its srcdir)
    locale_dir: pathlib.Path  # conf.py's first locale_dirs entry, from the source folder
    build_dir: pathlib.Path
    conf_dir: pathlib.Path  # the folder of conf.py
    sphinx: "SphinxSettings"  # what conf.py says that l10n uses
    settings_file: pathlib.Path | None  # pyproject.toml or sphinx-l10n.toml, where [tool.sphinx-l10n] was read (None: neither)
    names_file: pathlib.Path | None = None
    catalog_layout: str = "gettext"  # how the project's platform writes its catalogs (catalogs.LAYOUTS, or PLATFORM)
    previous_msgid: bool = True  # update writes a fuzzy entry's former msgid (#|), as msgmerge --previous
    add_location: str = "full"  # update's `#:` lines, as msgmerge --add-location: full, file or never
    # A page's own language switcher or hreflang links (the theme's, the project's): keep them and add
    # nothing that duplicates them, or replace them with l10n's.
    own_language_links: str = "keep"
    # Compendia (msgmerge --compendium's catalogs; TMX that `sphinx-l10n tm import` converted) feeding the
    # translation memory: <memory_dir>/<lang>/*.po. None: the project's own catalogs only.
    memory_dir: pathlib.Path | None = None
    # The source language's word list (one word per line: Debian's /usr/share/dict/french): given,
    # update keeps an entry translated when the author only fixed a typo (opt-in).
    typo_words: pathlib.Path | None = None
    # Hidden characters (bidi marks, joiners) a language's translations may add, beyond what its script needs.
    allowed_characters: dict[str, str] = dataclasses.field(default_factory=dict)
    policy: Policy = Policy()
    release: Release = Release()
    build: BuildSettings = BuildSettings()

    @property
    def release_languages(self) -> list[str]:
        return [code for code, status in self.languages.items() if status == "release"]

    @property
    def all_languages(self) -> list[str]:
        """The source language first, then every translation."""
        return [self.source_language, *self.languages]

    def catalog_dir(self, lang: str) -> pathlib.Path:
        return self.locale_dir / lang / "LC_MESSAGES"

    def targets(self, lang: str, wanted: Sequence[str] | None = None) -> list[str]:
        """lang's targets ([tool.sphinx-l10n.build]) in build order; of wanted only, where given."""
        return in_build_order(self.build.for_language(lang).targets, wanted)

    @property
    def pot_dir(self) -> pathlib.Path:
        return self.build_dir / "gettext"


class NoProject(L10nError):
    """No conf.py and no l10n settings here or above: commands that take paths still run."""


SETTINGS_FILE = "sphinx-l10n.toml"  # beside conf.py, for a project without a pyproject.toml: [tool.sphinx-l10n]'s keys at its top
# Where projects keep conf.py: the top, or a docs folder (sphinx-quickstart's "separate" layout: docs/source).
CONF_FOLDERS = (".", "docs", "doc", "source", "docs/source", "doc/source")
# How long conf.py may wait on the network while it loads (some fetch intersphinx or extlinks data).
CONF_TIMEOUT = 15.0
# Parsers that add a source suffix when conf.py lists them as extensions.
_PARSER_SUFFIXES = {"myst_parser": ".md", "myst_nb": ".md", "sphinx_markdown_parser": ".md", "recommonmark": ".md"}


@dataclasses.dataclass(frozen=True)
class SphinxSettings:
    """What l10n reads of conf.py, with Sphinx's defaults where conf.py is silent
    (tests/test_config.py compares them with a real Sphinx application's)."""

    language: str = "en"
    project: str = ""
    locale_dirs: tuple[str, ...] = ("locales",)
    gettext_compact: bool | str = True  # one catalog per top folder (True), per document (False), or one named
    source_suffixes: tuple[str, ...] = (".rst",)  # source_suffix, and the Markdown parsers among its extensions
    gettext_additional_targets: tuple[str, ...] = ()
    latex_documents: tuple[tuple[Any, ...], ...] = ()
    extensions: tuple[str, ...] = ()  # imported by Sphinx only when it runs, never while conf.py is read
    # Roles rst_prolog or rst_epilog declare with no base role (.. role:: badge): docutils shows their
    # text as is, in a span of that class, so it is the reader's text, which translators translate.
    display_roles: tuple[str, ...] = ()
    # The modules conf.py imports that are not installed, each with the conf.py line that needed it:
    # conf.py was read with stubs in their place (sphinx.ext.autodoc.mock's, as autodoc_mock_imports).
    stubbed: tuple[tuple[str, int], ...] = ()

    def domain(self, document: str) -> str:
        """The catalog of a document, as Sphinx names it (sphinx.util.i18n.docname_to_domain)."""
        from sphinx.util.i18n import docname_to_domain

        return docname_to_domain(document, self.gettext_compact)


# Modules conf.py may lack before l10n stops reading it with stubs: more is a broken environment.
MAX_STUBS = 50


def read_conf(path: pathlib.Path) -> SphinxSettings:
    """conf.py, evaluated by Sphinx's own loader; L10nError 'conf.py:line: message' if it fails.

    A module conf.py imports that is not installed (a theme, an extension package: pre-commit's venv
    holds only sphinx-l10n) is read as a stub, and conf.py read again: the values l10n needs rarely
    depend on it. Only the modules whose absence conf.py does not handle itself are stubbed (one more
    reading each), so a conf.py that falls back on ImportError reads as Sphinx would read it."""
    stubbed: dict[str, int] = {}
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(CONF_TIMEOUT)  # a fetch offline fails in seconds, never hangs
    try:
        while True:
            try:
                namespace = _evaluate(path, list(stubbed))
                break
            except BaseException as exc:  # conf.py is a program: anything may come out of it
                if isinstance(exc, KeyboardInterrupt):
                    raise
                missing = _missing_module(exc)
                if missing is None or missing in stubbed or len(stubbed) >= MAX_STUBS:
                    raise L10nError(_conf_failure(path, exc, list(stubbed))) from None
                stubbed[missing] = _conf_line(path, exc) or 1
    finally:
        socket.setdefaulttimeout(previous)
    return dataclasses.replace(settings_from(namespace, path), stubbed=tuple(stubbed.items()))


def _evaluate(path: pathlib.Path, stubs: list[str]) -> dict[str, Any]:
    """conf.py's namespace, with stub modules for stubs (and their submodules) while it runs."""
    from sphinx.config import Config as SphinxConfig
    from sphinx.util.tags import Tags

    # Config.read: the one entry point of Sphinx's loader from 5.3 to 9 (eval_config_file's argument changed type).
    if not stubs:
        return SphinxConfig.read(str(path.parent), overrides={}, tags=Tags())._raw_config
    # The same in Sphinx 5.3 (its own module then; re-exported from a private one since Sphinx 9).
    from sphinx.ext.autodoc.mock import mock  # type: ignore[attr-defined]  # only when a module is missing

    with mock(stubs):  # leaves sys.modules without the stubs: nothing after the reading imports one
        return SphinxConfig.read(str(path.parent), overrides={}, tags=Tags())._raw_config


def _missing_module(exc: BaseException) -> str | None:
    """The module whose absence made conf.py fail (None: it failed otherwise)."""
    cause = exc.__cause__ or exc  # Sphinx's loader raises ConfigError from conf.py's own exception
    return cause.name if isinstance(cause, ModuleNotFoundError) and cause.name else None


def _conf_line(path: pathlib.Path, exc: BaseException) -> int | None:
    """The line of conf.py where it failed: the deepest frame in conf.py itself."""
    cause = exc.__cause__ or exc
    line = getattr(cause, "lineno", None) if isinstance(cause, SyntaxError) else None
    traceback = cause.__traceback__
    while traceback is not None:
        if pathlib.Path(traceback.tb_frame.f_code.co_filename).resolve() == path.resolve():
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _conf_failure(path: pathlib.Path, exc: BaseException, stubbed: list[str]) -> str:
    """One line: conf.py's line where it failed, and why."""
    cause = exc.__cause__ or exc
    reason = " ".join((f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__).split())
    reason = reason if len(reason) <= 200 else reason[:199] + "…"
    if isinstance(cause, OSError):  # URLError, socket timeouts, requests' ConnectionError are all OSErrors
        reason += " (does conf.py fetch from the network while it loads? Offline, give it local files)"
    if stubbed:  # a stub may be why: conf.py used what the real module would have given
        reason += f" (read with stubs for the modules not installed: {', '.join(stubbed)})"
    return f"{path}:{_conf_line(path, exc) or 1}: conf.py cannot be loaded: {reason}"


def stub_warning(config: "Config") -> str | None:
    """The one line saying which modules conf.py was read without (None: it lacked none)."""
    if not config.sphinx.stubbed:
        return None
    names = ", ".join(name for name, _ in config.sphinx.stubbed)
    return f"{_shown(config.conf_dir / 'conf.py')}: warning: not installed, read as stubs: {names}"


def require_sphinx_modules(config: "Config", command: str) -> None:
    """Refuse, in one line, to start Sphinx without a module it will import: those conf.py imports
    (read here as stubs) and its extensions (which only Sphinx imports, hence only a problem now)."""
    conf = config.conf_dir / "conf.py"
    # Where Sphinx will run (site.runner.sphinx_command's cwd): conf.py may put relative folders on sys.path.
    stubbed = [name for name, _ in config.sphinx.stubbed]
    with contextlib.chdir(config.root):
        extensions = [name for name in config.sphinx.extensions
                      if not any(name == s or name.startswith(s + ".") for s in stubbed) and not _importable(name)]
    missing = [*config.sphinx.stubbed, *((name, _line_naming(conf, name)) for name in extensions)]
    if missing:
        names = list(dict.fromkeys(name for name, _ in missing))
        raise L10nError(f"{_shown(conf)}:{missing[0][1]}: not installed: {', '.join(names)}; `sphinx-l10n {command}` runs "
                        f"Sphinx, which imports {'them' if len(names) > 1 else 'it'}: install the documentation's requirements")


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:  # a parent package that is not installed
        return False
    except Exception:  # a parent package that fails: Sphinx's own error will say how
        return True


def _line_naming(path: pathlib.Path, name: str) -> int:
    """The line of conf.py that names a module as a string ('name' or "name"), else its extensions line."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if f"'{name}'" in line or f'"{name}"' in line:
                return number
    return line_of(path, "extensions")


def _shown(path: pathlib.Path) -> str:
    """A path for messages: from the working folder when below it, else whole."""
    with contextlib.suppress(ValueError):
        return str(path.relative_to(pathlib.Path.cwd()))
    return str(path)


# The conf.py settings l10n reads.
CONF_SETTINGS = frozenset({"language", "locale_dirs", "gettext_compact", "source_suffix", "extensions",
                           "gettext_additional_targets", "latex_documents", "project"})


# A role directive without "(base)": docutils' generic custom role (docutils.parsers.rst.roles.CustomRole).
_DISPLAY_ROLE = re.compile(r"^[ \t]*\.\.[ \t]+role::[ \t]+([\w.+-]+)[ \t]*$", re.MULTILINE)


def settings_from(namespace: dict[str, Any], path: pathlib.Path | str = "conf.py") -> SphinxSettings:
    """The settings of a conf.py namespace (as eval_config_file returns it, or Sphinx's raw config)."""
    defaults = SphinxSettings()
    language = namespace.get("language") or defaults.language  # None in older conf.py files means English
    if not isinstance(language, str):
        raise L10nError(f"{path}:1: language must be a string, not {language!r}")
    locale_dirs = namespace.get("locale_dirs", defaults.locale_dirs)
    if isinstance(locale_dirs, str) or not all(isinstance(d, str | os.PathLike) for d in locale_dirs):
        raise L10nError(f"{path}:1: locale_dirs must be a list of folders, not {locale_dirs!r}")
    compact = namespace.get("gettext_compact", defaults.gettext_compact)
    declared = namespace.get("source_suffix", ".rst")
    suffixes = [declared] if isinstance(declared, str) else list(declared) if isinstance(declared, list | tuple | dict) else []
    extensions = namespace.get("extensions", [])
    if isinstance(extensions, list | tuple):
        suffixes += [_PARSER_SUFFIXES[e] for e in extensions if isinstance(e, str) and e in _PARSER_SUFFIXES]
    targets = namespace.get("gettext_additional_targets", ())
    documents = namespace.get("latex_documents", ())
    prologue = "\n".join(text for key in ("rst_prolog", "rst_epilog") if isinstance(text := namespace.get(key), str))
    return SphinxSettings(
        display_roles=tuple(dict.fromkeys(_DISPLAY_ROLE.findall(prologue))),
        extensions=tuple(e for e in extensions if isinstance(e, str)) if isinstance(extensions, list | tuple) else (),
        language=language,
        project=str(namespace.get("project", "")),
        locale_dirs=tuple(str(d) for d in locale_dirs),
        gettext_compact=compact if isinstance(compact, str) else bool(compact),
        source_suffixes=tuple(dict.fromkeys(str(s) for s in suffixes)) or defaults.source_suffixes,
        gettext_additional_targets=tuple(targets) if isinstance(targets, list | tuple) else (),
        latex_documents=tuple(tuple(d) for d in documents if isinstance(d, list | tuple)),
    )


def read_toml(path: pathlib.Path) -> dict[str, Any]:
    """A TOML file's table; L10nError 'file:line: message' for anything that is not one, or
    for one a link leads out of the project (sphinx_l10n.fileio.confine)."""

    fileio.confined(path)
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


def find_root(start: str | os.PathLike[str] | None = None) -> tuple[pathlib.Path, object, pathlib.Path | None]:
    """The project folder, its l10n table and the file that holds it: the first folder, here or
    above, with a sphinx-l10n.toml or a pyproject.toml holding [tool.sphinx-l10n]; else the folder of the
    project's conf.py (here, in a docs folder below, or above), with its sphinx-l10n.toml if any."""
    path = pathlib.Path(start or pathlib.Path.cwd()).resolve()
    if start is not None and not path.is_dir():
        raise L10nError(f"{path}: --project: no such folder")
    for candidate in (path, *path.parents):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate, read_toml(candidate / SETTINGS_FILE), candidate / SETTINGS_FILE
        if (candidate / "pyproject.toml").is_file():
            tool = read_toml(candidate / "pyproject.toml").get("tool", {})
            if isinstance(tool, dict) and "sphinx-l10n" in tool:
                return candidate, tool["sphinx-l10n"], candidate / "pyproject.toml"
    conf = find_conf(path) or next((folder / "conf.py" for folder in path.parents if (folder / "conf.py").is_file()), None)
    if conf is None:
        raise NoProject(f"{path}: no Sphinx project here (no conf.py here, in {', '.join(CONF_FOLDERS[1:])} or above, "
                        f"and no {SETTINGS_FILE} or pyproject.toml with [tool.sphinx-l10n])")
    if (conf.parent / SETTINGS_FILE).is_file():  # run from the repository's top, the settings beside docs/conf.py
        return conf.parent, read_toml(conf.parent / SETTINGS_FILE), conf.parent / SETTINGS_FILE
    return conf.parent, {}, None


def find_conf(folder: pathlib.Path) -> pathlib.Path | None:
    """The project's conf.py: in folder, in one of the usual docs folders below it, else in
    the one folder just below that has one (fpm-docs keeps it in pages/)."""
    found = next((folder / sub / "conf.py" for sub in CONF_FOLDERS if (folder / sub / "conf.py").is_file()), None)
    if found is None and folder.is_dir():
        below = [sub / "conf.py" for sub in folder.iterdir()
                 if not sub.name.startswith((".", "_")) and (sub / "conf.py").is_file()]
        found = below[0] if len(below) == 1 else None
    return found


def _typed(table: dict[str, Any], key: str, kind: type, where: str, default: Any) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind):
        raise L10nError(f"{where}: {key} must be a {_KIND_NAMES[kind]}, not {value!r}")
    return value


_KIND_NAMES: dict[type, str] = {str: "string", dict: "table", bool: "boolean (true or false)"}
# Every key of [tool.sphinx-l10n]: what conf.py cannot say. A typo is an error, never a setting that does nothing.
KEYS = ("project", "conf_dir", "source_dir", "build_dir", "names_file", "languages", "release", "catalog_layout",
        "previous_msgid", "add_location", "memory_dir", "typo_words", "allowed_characters", "check", "build",
        "own_language_links")
# Keys conf.py says: refused in [tool.sphinx-l10n], where they would say it a second time.
_CONF_KEYS = {"source_language": "language", "locale_dir": "locale_dirs"}


def load(root: str | os.PathLike[str] | None = None, namespace: dict[str, Any] | None = None) -> Config:
    """The project's configuration (namespace: conf.py's, when Sphinx has already read it)."""
    from sphinx_l10n import catalogs  # loaded only when a project is read: Babel's PO reader with it

    root, table, settings_file = find_root(root)
    where = _where(settings_file) if settings_file else str(root)
    if not isinstance(table, dict):
        raise L10nError(f"{where} must be a table")
    for key in table:
        if key in _CONF_KEYS:
            raise L10nError(f"{where}: {key} is conf.py's to say: set {_CONF_KEYS[key]} in conf.py")
        if key not in KEYS:
            raise L10nError(f"{where}: no setting {key!r} (settings: {', '.join(KEYS)})")
    conf_dir = (root / _typed(table, "conf_dir", str, where, "")) if "conf_dir" in table else None
    conf = conf_dir / "conf.py" if conf_dir is not None else find_conf(root)
    if conf is None or not conf.is_file():
        raise L10nError(f"{conf or root / 'conf.py'}: not found{' (nor in a docs folder below)' if conf is None else ''}: "
                        "l10n reads the project's Sphinx settings from it; set conf_dir in [tool.sphinx-l10n] if it is elsewhere")
    sphinx = settings_from(namespace, conf) if namespace is not None else read_conf(conf)
    source_language = validate_language(sphinx.language, f"{conf or where}: language")
    source_dir = root / _typed(table, "source_dir", str, where, "") if "source_dir" in table else conf.parent
    # Sphinx reads locale_dirs from the source folder; l10n writes into the first one.
    locale_dir = pathlib.Path(os.path.normpath(source_dir / (sphinx.locale_dirs or ("locales",))[0]))
    languages = _languages(table, where, locale_dir, source_language)
    allowed = table.get("allowed_characters", {})
    if not isinstance(allowed, dict) or not all(isinstance(v, str) for v in allowed.values()):
        raise L10nError(f"{where}: allowed_characters must map language codes to strings of characters")
    build_dir = root / _typed(table, "build_dir", str, where, "build")
    if "build_dir" not in table and build_dir.is_relative_to(source_dir):
        build_dir = source_dir / "_build"  # sphinx-quickstart's, which its conf.py excludes from the sources
    names_file = _typed(table, "names_file", str, where, "")
    layout = _typed(table, "catalog_layout", str, where, "gettext")
    if layout not in (*catalogs.LAYOUTS, catalogs.PLATFORM):
        raise L10nError(f"{where}: catalog_layout {layout!r} is not one of {', '.join(catalogs.LAYOUTS)} "
                        f"or {catalogs.PLATFORM} (the platform's own)")
    return Config(
        root=root,
        project=_typed(table, "project", str, where, "") or _slug(sphinx.project) or root.name,
        source_language=source_language,
        languages=languages,
        source_dir=source_dir,
        locale_dir=locale_dir,
        build_dir=build_dir,
        names_file=root / names_file if names_file else None,
        catalog_layout=layout,
        previous_msgid=_typed(table, "previous_msgid", bool, where, True),
        memory_dir=root / _typed(table, "memory_dir", str, where, "translation-memory"),
        typo_words=root / table["typo_words"] if _typed(table, "typo_words", str, where, "") else None,
        add_location=_choice(table, "add_location", ADD_LOCATION, where),
        own_language_links=_choice(table, "own_language_links", OWN_LANGUAGE_LINKS, where),
        allowed_characters={validate_language(code, where): chars for code, chars in allowed.items()},
        policy=_with_display_roles(_policy(table.get("check", {}), where), sphinx),
        release=_release(table.get("release", {}), where),
        build=_build_settings(table.get("build", {}), where),
        conf_dir=conf.parent,
        settings_file=settings_file,
        sphinx=sphinx,
    )


def _with_display_roles(policy: Policy, sphinx: SphinxSettings) -> Policy:
    """The roles whose text is translated: the configuration's, and those conf.py declares for display."""
    roles = tuple(dict.fromkeys([*policy.translatable_roles, *sphinx.display_roles]))
    return dataclasses.replace(policy, translatable_roles=roles)


ADD_LOCATION = ("full", "file", "never")  # msgmerge's --add-location vocabulary; the first is the default
OWN_LANGUAGE_LINKS = ("keep", "replace")  # the first is the default


def _choice(table: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = _typed(table, key, str, where, choices[0])
    if value not in choices:
        raise L10nError(f"{where}: {key} {value!r} is not one of {', '.join(choices)}")
    return str(value)


def _where(settings_file: pathlib.Path) -> str:
    """How messages name the l10n table: its file and line, and which table it is."""
    if settings_file.name == "pyproject.toml":
        return f"{settings_file}:{line_of(settings_file, '[tool.sphinx-l10n')}: [tool.sphinx-l10n]"
    return f"{settings_file}:1: {SETTINGS_FILE}"


def _languages(table: dict[str, Any], where: str, locale_dir: pathlib.Path, source_language: str) -> dict[str, str]:
    """The declared languages and their statuses; without a declaration, every language
    the locale folder holds, in progress."""
    if "languages" not in table:
        return {code: "in-progress" for code in present_languages(locale_dir) if code != source_language}
    languages = {}
    for code, status in _typed(table, "languages", dict, where, {}).items():
        validate_language(code, where)
        if status not in STATUSES:
            raise L10nError(f"{where}: language {code!r} has status {status!r}; expected one of {', '.join(STATUSES)}")
        languages[code] = status
    if source_language in languages:
        raise L10nError(f"{where}: the source language {source_language!r} (conf.py's language) is also listed as a translation")
    return languages


def _slug(name: str) -> str:
    """A project name fit for file names: "Doma Docs" -> "Doma-Docs"."""
    return re.sub(r"[^\w.-]+", "-", name.strip()).strip("-.")


def line_of(path: pathlib.Path, start: str) -> int:
    """The first line that starts with start (a table, a setting), for messages (1 if it cannot
    be found, or start is empty)."""
    if not start:
        return 1
    with open(path, encoding="utf-8") as f:
        return next((number for number, line in enumerate(f, 1) if line.lstrip().startswith(start)), 1)
