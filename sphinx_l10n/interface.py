"""The site's own words (switcher, banner, status page), in the reader's language.

They come from gettext catalogs shipped in the package, sphinx_l10n/locale/<lang>/LC_MESSAGES/l10n.po
(template: sphinx_l10n/locale/l10n.pot), read as they are: no compiled .mo to ship or go stale. A
language without a catalog gets the English msgid, and the caller marks it lang="en".
"""

import functools
import gettext as gnu
import itertools
import json
import pathlib
import re
from typing import Any

import polib

from sphinx_l10n import L10nError, catalogs
from sphinx_l10n.config import Config
from sphinx_l10n.languages import base_language

LOCALE = pathlib.Path(__file__).resolve().parent / "locale"
DOMAIN = "l10n"


@functools.cache
def _messages(lang: str) -> dict[str, str]:
    for code in dict.fromkeys((lang.replace("-", "_"), base_language(lang))):
        path = LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            try:
                return {e.msgid: e.msgstr for e in catalogs.load(path) if catalogs.is_translated(e)}
            except L10nError:
                return {}  # `sphinx-l10n check` and the package tests report a broken catalog
    return {}


def has_catalog(lang: str) -> bool:
    return bool(_messages(lang))


def gettext(lang: str, message: str) -> str:
    """message in lang, else in English."""
    return _messages(lang).get(message, message)


def speaks(lang: str, message: str) -> str:
    """The language the text of gettext(lang, message) is in: lang, or English where it fell back."""
    return lang if message in _messages(lang) else "en"


# Sphinx's own words in the pages: the project's interface catalog ----------------------------
#
# Sphinx reads locale_dirs/<lang>/LC_MESSAGES/sphinx.mo before its own catalogs: its gettext
# builder writes the project's template messages to sphinx.pot, and a project translates there
# what Sphinx's own catalog for its language leaves untranslated ("Link to this heading" in
# German, the search count's plural in French). l10n adds those of Sphinx's messages that pages
# show to the template, and each language's catalog holds only the ones Sphinx leaves to it.

SPHINX_CATALOG = "sphinx"
# The messages a page can show: the themes' templates and scripts, and the `_()` calls (not the
# console's `__()`) of the HTML builder and writer, the domains and the index.
_PAGE_SOURCES = ("builders/html/", "writers/html", "domains/", "environment/adapters/")
_CALL = re.compile(r"(?<![\w.])(__?)\(")


def _sphinx_root() -> pathlib.Path:
    import sphinx

    return pathlib.Path(sphinx.__file__).resolve().parent


@functools.cache
def _source_lines(path: pathlib.Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _shown_in_pages(root: pathlib.Path, occurrences: list[tuple[str, str]]) -> bool:
    for file, line in occurrences:
        if file.startswith("themes/"):
            return True
        if file.startswith(_PAGE_SOURCES) and file.endswith(".py") and line.isdigit():
            # The string may sit a line or two below its call: the nearest call says which kind.
            window = "\n".join(_source_lines(root / file)[max(0, int(line) - 3):int(line)])
            calls = _CALL.findall(window)
            if calls and calls[-1] == "_":
                return True
    return False


@functools.cache
def sphinx_page_messages() -> tuple[polib.POEntry, ...]:
    """The installed Sphinx's messages that its HTML pages can show, from its own template."""
    root = _sphinx_root()
    if not (root / "locale" / "sphinx.pot").is_file():
        return ()  # a Sphinx installed without its template: its own catalogs are all there is
    template = catalogs.load(root / "locale" / "sphinx.pot")
    for entry in template:  # Sphinx before 9 names its files from its repository's top: sphinx/roles.py
        entry.occurrences = [(file.removeprefix("sphinx/"), line) for file, line in entry.occurrences]
    shown = [entry for entry in template if entry.msgid and _shown_in_pages(root, entry.occurrences)]
    for entry in shown:  # where a translator finds them: in Sphinx, not in the project
        entry.occurrences = [(f"sphinx/{file}", line) for file, line in entry.occurrences]
    return tuple(shown)


@functools.cache
def _sphinx_catalog(lang: str) -> gnu.NullTranslations:
    # As Sphinx looks it up: gettext's search, so "fr" also reads Sphinx's (almost empty) fr_FR.
    return gnu.translation("sphinx", _sphinx_root() / "locale", [lang.replace("-", "_")], fallback=True)


def sphinx_translates(lang: str, entry: polib.POEntry) -> bool:
    """Whether Sphinx's own catalogs translate entry in lang, where the page looks it up: a
    script's message in the sphinx.js Sphinx copies, any other through gettext's chain."""
    if base_language(lang) == "en":
        return True  # Sphinx's messages are English
    if is_script_message(entry):
        return is_complete(sphinx_script_catalog(lang).get("messages", {}).get(entry.msgid))
    value = translation_in(_sphinx_catalog(lang), entry)
    # Babel compiles an untranslated plural as the English forms: not a translation.
    return is_complete(value) and not (isinstance(value, list) and value[0] == entry.msgid)


def translation_in(chain: gnu.NullTranslations | None, entry: polib.POEntry) -> str | list[str] | None:
    """entry's translation as gettext finds it in a chain of compiled catalogs: the first catalog
    that has the message decides (a plural's forms as a list); None where none has it."""
    node = chain
    while isinstance(node, gnu.GNUTranslations):
        found = node._catalog  # type: ignore[attr-defined]
        if entry.msgid_plural and (entry.msgid, 0) in found:
            return _plural_forms(found, entry.msgid)
        if not entry.msgid_plural and entry.msgid in found:
            return str(found[entry.msgid])
        node = node._fallback  # type: ignore[attr-defined]
    return None


def _plural_forms(found: dict[Any, str], msgid: str) -> list[str]:
    return [found[msgid, n] for n in itertools.takewhile(lambda n: (msgid, n) in found, itertools.count())]


def is_complete(translation: str | list[str] | None) -> bool:
    """A translation with no empty form: an empty one leaves the page blank, or throws in a script."""
    return bool(translation) and all(translation if isinstance(translation, list) else [translation])


def is_script_message(entry: polib.POEntry) -> bool:
    """A message of Sphinx's search scripts, which read it from translations.js."""
    return all(file.endswith(".js") for file, _ in entry.occurrences)


@functools.cache
def sphinx_script_catalog(lang: str) -> dict[str, Any]:
    """The sphinx.js Sphinx copies for lang as translations.js: its messages and plural_expr
    (none: {})."""
    path = _sphinx_root() / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "sphinx.js"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    start, end = text.find("{"), text.rfind("}")
    return dict(json.loads(text[start:end + 1]))


def project_template(template: polib.POFile, lang: str) -> polib.POFile:
    """The interface template for lang's catalog: the project's own template messages, and those
    of Sphinx's that Sphinx's catalogs leave untranslated in lang."""
    sphinx_own = {(e.msgctxt, e.msgid) for e in sphinx_page_messages()}
    kept = polib.POFile()
    kept.metadata = dict(template.metadata)
    kept.header = template.header
    for entry in template:
        if (entry.msgctxt, entry.msgid) not in sphinx_own or not sphinx_translates(lang, entry):
            kept.append(entry)
    return kept


def interface_catalog(config: Config, lang: str) -> pathlib.Path:
    """lang's interface catalog: Sphinx's words that Sphinx's own catalogs leave to the project."""
    return config.catalog_dir(lang) / f"{SPHINX_CATALOG}.po"
