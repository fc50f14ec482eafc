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
    match = _SCHEME.match(_as_read(url))
    return match.group(1).lower() if match else None


def _as_read(url: str) -> str:
    """url as a browser starts reading it: references decoded, tabs and newlines gone, leading
    controls, format characters and spaces stripped."""
    text = _TAB_OR_NEWLINE.sub("", html.unescape(url))
    start = 0
    while start < len(text) and _strippable(text[start]):
        start += 1
    return text[start:]


# A URL without a scheme that starts with two slashes, either way (//host, \\host, /\host): a browser
# reads a network-path reference, another host on the page's own scheme.
_OTHER_HOST = re.compile(r"[/\\]{2}")


def unsafe_link(url: str) -> str | None:
    """Why a translation may not link to url (None: it may): a scheme other than http, https and
    mailto, or no scheme and another host."""
    scheme = url_scheme(url)
    if scheme is not None:
        return None if scheme in SAFE_SCHEMES else f"a link with the {scheme!r} scheme"
    return "a link to another host without a scheme" if _OTHER_HOST.match(_as_read(url)) else None


def is_safe_url(url: str) -> bool:
    """Whether a translation may link to url: http, https, mailto, or relative on the same host."""
    return unsafe_link(url) is None


# Characters that change how text reads without showing themselves (Trojan Source, CVE-2021-42574;
# hidden text in tag characters): Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt,
# which unicodedata does not expose; tests/test_security.py checks it against the installed tables)
# and every format character (category Cf), bidi controls included.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM
# Invisible in prose and harmless there (a line-break or joining hint, a soft hyphen): a warning
# in prose, an error in code or a link; every other hidden character is an error.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
ZERO_WIDTH_SPACE = frozenset("\u200b")
ZWNJ_ZWJ = frozenset("\u200c\u200d")
BIDI_ISOLATES = frozenset("\u2066\u2067\u2068\u2069")
_DEFAULT_IGNORABLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                      "\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
_FORMAT = ("\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\ufff9-\ufffb\U000110bd\U000110cd"
           "\U00013430-\U0001345f")
_HIDDEN_PATTERN = re.compile(f"[{_DEFAULT_IGNORABLE}{_FORMAT}]")
_VARIATION = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_TAG = re.compile("[\U000e0020-\U000e007f]")
_MONGOLIAN_SELECTOR = re.compile("[\u180b-\u180d\u180f]")

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


def hidden_characters(text: str) -> set[str]:
    """The default-ignorable and format characters of text, but those a sequence shown on the page
    needs: a variation selector after an emoji, a symbol or a Han character (❤️, 葛󠄀), a joiner
    between two emoji (👩‍💻), the tags of a flag (🏴 and its tags), a Mongolian variation selector
    after a Mongolian letter."""
    if text.isascii():
        return set()  # none of them is ASCII: the common case, at C speed
    return {match.group() for match in _HIDDEN_PATTERN.finditer(text) if not _shown_in_sequence(text, match.start())}


def _shown_in_sequence(text: str, index: int) -> bool:
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if _VARIATION.match(char):
        return bool(before) and (unicodedata.category(before) in ("So", "Sm", "Sk", "Lo", "Nd") or before in "#*")
    if char == "\u200d":  # an emoji ZWJ sequence: emoji (and its selector or skin tone) on both sides
        return _emoji(before) and _emoji(after)
    if _TAG.match(char):
        start = index
        while start and _TAG.match(text[start - 1]):
            start -= 1
        return start > 0 and text[start - 1] == "\U0001f3f4"  # 🏴 + tags + cancel tag: a subdivision flag
    if _MONGOLIAN_SELECTOR.match(char):
        return "\u1820" <= before <= "\u18aa"
    return False


def _emoji(char: str) -> bool:
    return bool(char) and (unicodedata.category(char) in ("So", "Sk") or char in "\ufe0f")


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
