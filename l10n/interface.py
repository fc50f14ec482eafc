"""The site's own words (switcher, banner, status page), in the reader's language.

They come from gettext catalogs shipped in the package, l10n/locale/<lang>/LC_MESSAGES/l10n.po
(template: l10n/locale/l10n.pot), read as they are: no compiled .mo to ship or go stale. A
language without a catalog gets the English msgid, and the caller marks it lang="en".
"""

import functools
import pathlib

from l10n import L10nError, catalogs
from l10n.config import base_language

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
                return {}  # `l10n check` and the package tests report a broken catalog
    return {}


def has_catalog(lang: str) -> bool:
    return bool(_messages(lang))


def gettext(lang: str, message: str) -> str:
    """message in lang, else in English."""
    return _messages(lang).get(message, message)


def speaks(lang: str, message: str) -> str:
    """The language the text of gettext(lang, message) is in: lang, or English where it fell back."""
    return lang if message in _messages(lang) else "en"
