"""Language codes and what CLDR (through Babel) says of each: its name, script direction, paper size,
and which folder names of a locale folder are languages."""

import functools
import pathlib
import re

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from sphinx_l10n import L10nError


@functools.cache
def babel_locale(code: str) -> Locale:
    """Babel's locale for a language code (pt-BR and pt_BR alike). A code CLDR has no data for
    (ars, frc, lzh: ISO 639-3 codes that Weblate and Sphinx take) gets its language's, else CLDR's
    root locale: plain digits, one plural form, left to right."""
    for candidate in dict.fromkeys((code.replace("-", "_"), base_language(code))):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("root")


def language_name(code: str) -> str:
    """The language's own name for itself: English, Deutsch, español, 日本語 (the code where CLDR
    has no name for it)."""
    locale = babel_locale(code)
    if str(locale) == "root":
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def text_direction(code: str) -> str:
    """ltr or rtl; for a language CLDR has no data for, its likely script's (ars: Arabic, rtl)."""
    locale = babel_locale(code)
    if str(locale) != "root":
        return locale.text_direction
    script = _likely_subtags(base_language(code))[2]
    try:
        return Locale.parse(f"und_{script}").text_direction if script else locale.text_direction
    except (UnknownLocaleError, ValueError):
        return locale.text_direction


def _likely_subtags(language: str) -> tuple[str | None, ...]:
    """CLDR's likely (language, territory, script, variant) of a language (en: en, US, Latn), all
    None where CLDR has none."""
    likely = get_global("likely_subtags").get(language, "")
    return tuple(parse_locale(likely)) if likely else (None, None, None, None)


# CLDR's supplemental measurementData: the territories whose paper is US Letter; every other
# uses A4. (Babel ships CLDR's measurement systems, not its paper sizes.)
LETTER_TERRITORIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())


def paper_size(code: str) -> str:
    """"letter" where the language's territory uses US Letter, else "a4". A code without a
    territory has CLDR's likely one: en is en_US (Letter), es is es_ES (A4), es_MX Letter."""
    locale = babel_locale(code)  # CLDR's root locale for a language it has no data for: no territory, A4
    territory = locale.territory or _likely_subtags(locale.language)[1]
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def language_tag(code: str) -> str:
    """A catalog's language code as BCP 47 writes it (PDF /Lang, TMX): pt_BR -> pt-BR."""
    return code.replace("_", "-")


@functools.lru_cache(maxsize=256)
def base_language(code: str | None) -> str:
    """The language without region or script: pt-BR -> pt."""
    return (code or "").replace("-", "_").split("_")[0].lower()


# A language tag as gettext's folders and Sphinx's `language` write it: an ISO 639 language
# (two or three letters: Babel need not know it), then script, region or variant subtags
# (zh_Hant, pt-BR, sr_Latn_RS, de_DE_1996), and a POSIX modifier (sr@latin).
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:[_-](?:[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}|[A-Za-z0-9]{5,8}))*(?:@[a-z]+)?")


def validate_language(code: object, where: str = "language code") -> str:
    """Return code if it is written as a language tag; refuse anything else.

    Codes become folder names, so this is also what keeps "../../etc" out.
    """
    if not isinstance(code, str) or not code.replace("_", "").replace("-", "").replace("@", "").isalnum():
        raise L10nError(f"{where}: invalid language code {code!r}")
    if not _LANGUAGE_TAG.fullmatch(code) or not _is_language(base_language(code).partition("@")[0]):
        raise L10nError(f"{where}: unknown language code {code!r}")
    return code


def _is_language(language: str) -> bool:
    """Whether a language subtag names a language: a two-letter one must be ISO 639-1's (CLDR names
    every one; jp is a country, not Japanese); three-letter ones are ISO 639-2/3's thousands,
    which Weblate and Sphinx take whether CLDR has data for them or not."""
    return len(language) == 3 or language in _two_letter_languages()


@functools.cache
def _two_letter_languages() -> frozenset[str]:
    return frozenset(code for code in [*Locale("en").languages, *get_global("language_aliases")] if len(code) == 2)


def present_languages(locale_dir: pathlib.Path) -> list[str]:
    """The language folders (<code>/LC_MESSAGES) of a locale folder whose names are language codes."""
    return language_folders(locale_dir)[0]


def language_folders(locale_dir: pathlib.Path) -> tuple[list[str], list[str]]:
    """The names of a locale folder's <name>/LC_MESSAGES folders: those that are language
    codes, and the others (jp), which init reports."""
    known: list[str] = []
    unknown: list[str] = []
    for folder in sorted(locale_dir.iterdir()) if locale_dir.is_dir() else []:
        if (folder / "LC_MESSAGES").is_dir():
            try:
                known.append(validate_language(folder.name))
            except L10nError:
                unknown.append(folder.name)
    return known, unknown
