"""What translated content may hold: the one definition the build's guard and the checks share.

A translation is text from anyone who can write to a catalog. It may link
only with the schemes below (or relatively), and it may not bring in bidi
controls or invisible characters its source does not have, beyond the ones
a language's script needs.
"""

import functools
import html
import re
import unicodedata

# How the build's guard words a refusal, and how `sphinx-l10n build` finds it in Sphinx's output.
UNSAFE_REFUSED = "unsafe translation refused"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def _strippable(char: str) -> bool:
    # Browsers strip C0 controls and spaces around a URL; strip every control,
    # format character and space, so that no spelling of a scheme slips by.
    return unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in url (lower case), or None for a relative URL.

    As the WHATWG URL parser does: character references decoded (an
    attribute's value is), leading and trailing controls and spaces
    stripped, tabs and newlines removed anywhere, case folded.
    """
    text = _TAB_OR_NEWLINE.sub("", html.unescape(url))
    start = 0
    while start < len(text) and _strippable(text[start]):
        start += 1
    match = _SCHEME.match(text, start)
    return match.group(1).lower() if match else None


def is_safe_url(url: str) -> bool:
    """Whether a translation may link to url: http, https, mailto, or relative."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


# Characters that change how text reads without showing themselves
# (Trojan Source, CVE-2021-42574): bidi embeddings, overrides and isolates,
# and the invisible ones.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM
# (Not the soft hyphen: translators place it on purpose, to hyphenate long words.)
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e\u034f\u115f\u1160\u3164\uffa0")
ZERO_WIDTH_SPACE = frozenset("\u200b")
ZWNJ_ZWJ = frozenset("\u200c\u200d")

BIDI_ISOLATES = frozenset("\u2066\u2067\u2068\u2069")

# What a script needs: joiners for Persian and the Indic scripts, marks and
# isolates for right-to-left languages. A project may allow more per language.
_JOINING = ("fa", "ps", "ku", "ckb", "ur", "sd", "hi", "mr", "ne", "bn", "pa", "gu", "or", "ta", "te", "kn",
            "ml", "si", "sa", "as", "my", "km", "lo")
_RIGHT_TO_LEFT = ("ar", "he", "yi", "fa", "ps", "ku", "ckb", "ur", "sd", "ug", "dv")
_UNSPACED = ("th", "km", "lo", "my", "bo", "dz")  # scripts without spaces mark word breaks with U+200B
_SCRIPT_NEEDS = {code: (ZWNJ_ZWJ if code in _JOINING else frozenset())
                 | (BIDI_MARKS | BIDI_ISOLATES if code in _RIGHT_TO_LEFT else frozenset())
                 | (ZERO_WIDTH_SPACE if code in _UNSPACED else frozenset())
                 for code in (*_JOINING, *_RIGHT_TO_LEFT, *_UNSPACED)}


_HIDDEN = BIDI_CONTROLS | BIDI_MARKS | INVISIBLE
_HIDDEN_PATTERN = re.compile("[" + "".join(sorted(_HIDDEN)) + "]")


def hidden_characters(text: str) -> set[str]:
    """The bidi controls, bidi marks and invisible characters in text."""
    if text.isascii():
        return set()  # none of them is ASCII: the common case, at C speed
    return set(_HIDDEN_PATTERN.findall(text))


@functools.lru_cache(maxsize=64)
def allowed_hidden(lang: str, extra: str = "") -> frozenset[str]:
    """The hidden characters lang's script needs, plus the project's own for it."""
    base = (lang or "").replace("-", "_").split("_")[0].lower()
    return frozenset(_SCRIPT_NEEDS.get(base, frozenset())) | frozenset(extra)


def character_name(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


# Sphinx's templates write its interface messages into the HTML as they are, inside elements and
# attributes ("title", "aria-label"): what a translation of one may hold that matters to HTML is
# exactly what its message holds.
_HTML_MARKUP = re.compile(r"<[^>]*>?|[<>\"]")


def html_markup(text: str) -> list[str]:
    """The tags, stray angle brackets and double quotes of text (sorted: a translation may move them)."""
    return sorted(_HTML_MARKUP.findall(text))
