"""reStructuredText inline markup, read two ways.

``scan`` is a fast regular-expression lexer: it finds the inline markup of
one message (literals, roles, references, substitutions, footnotes,
emphasis, URLs) and returns the *prose*, the text a reader sees with code,
URLs and role targets masked, so that quotes, numbers or names inside code
are never mistaken for prose. It is the cheap first pass of every check.

``parse`` runs docutils on the message, with every role accepted (Sphinx
and domain roles included, as Sphinx would register them), and returns the
same markup signature from the real doctree, plus the node types and any
parse problem. The markup check trusts docutils whenever the fast pass
sees a difference.
"""

import collections
import dataclasses
import functools
import itertools
import re
import types
from typing import TYPE_CHECKING

from docutils.utils import punctuation_chars as _punctuation
from docutils.utils import unescape as _unescape

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from typing import Any

    from docutils.frontend import Values
    from docutils.languages import _LanguageModule
    from docutils.parsers.rst import Parser
    from docutils.parsers.rst.states import Inliner
    from docutils.utils import Reporter

MASK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: keeps words apart, matches nothing

# A markup signature's key: the construct, then what identifies it, such as
# ("literal", "x"), ("role", "py:func", "open") or ("reference", "name", "intro").
Key = tuple[str, ...]

# Roles whose content is text for the reader, which a translator translates.
PROSE_ROLES = frozenset({
    "abbr", "dfn", "guilabel", "menuselection", "sup", "sub", "emphasis", "strong",
    "title-reference", "title", "t", "term", "index",
})

# ASCII only, as docutils' own URI pattern: a URL ends where CJK text runs on after it.
_URL = r"(?:https?|ftp)://[!#-;=?-_a-~]*(?<![.,;:!?)\]}'])"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# Where inline markup may start and end: docutils' own character classes,
# so that where the lexer sees a construct, docutils sees it too.
_START_CHARS = r"\s" + _punctuation.openers + _punctuation.delimiters
_START = r"(?:(?<=^)|(?<=[" + _START_CHARS + r"]))"
_END = r"(?=$|[\s" + _punctuation.closing_delimiters + _punctuation.delimiters + _punctuation.closers + r"])"
# A role's name: docutils' simplename, word characters but _ in runs that
# one of - . _ + : joins (":x::func:" names no role; ":func:" after it does).
_ROLE_NAME = r"[^\W_]+(?:[-._+:][^\W_]+)*"

# Delimited constructs: each starts with one of ` : | [ * and, right after
# that first character, checks that the one before it was a _START (a
# negative lookbehind, which also holds at the start of the text). A pattern
# whose branches all start with a literal character lets the engine jump from
# one candidate character to the next; content runs are possessive, as the
# closing backtick can only be the first unescaped one.
_AFTER_START = r"(?<![^" + _START_CHARS + r"].)"
_CONTENT = r"(?:[^`\\]++|\\.)++"


def _inline(content: "Callable[[str], str]") -> "re.Pattern[str]":
    """The delimited constructs, with content(start_string) for a literal's or strong text's content."""
    return re.compile(
        "|".join([
            r"`" + _AFTER_START + r"`(?P<literal>\S(?:" + content("``") + r"\S)??)``" + _END,
            r":" + _AFTER_START + r"(?P<role>" + _ROLE_NAME + r"):`(?!\s)(?P<role_content>" + _CONTENT + r")(?<!\s)`" + _END,
            r"`" + _AFTER_START + r"(?!\s)(?P<interpreted>" + _CONTENT + r")(?<!\s)`(?P<ref_suffix>__?)?" + _END,
            r"\|" + _AFTER_START + r"(?P<substitution>[^\s|](?:[^|]*[^\s|])?)\|(?P<subst_suffix>__?)?" + _END,
            # docutils' footnote labels: a number, #, #name, *, or a citation's name.
            r"\[" + _AFTER_START + r"(?P<footnote>\d+|#(?:" + _ROLE_NAME + r")?|\*|" + _ROLE_NAME + r")\]_" + _END,
            r"\*" + _AFTER_START + r"\*(?P<strong>\S(?:" + content(r"\*\*") + r"\S)??)\*\*" + _END,
            r"\*" + _AFTER_START + r"(?P<emphasis>[^\s*](?:[^*]*[^\s*])?)\*" + _END,
        ]),
        re.DOTALL,
    )


# A literal or strong text runs to its first end-string, as in docutils ("``a ``b``" is one
# literal). One left open is read to the text's end: in time linear in the text, unless many are
# left open after the last end-string. _INLINE_BOUNDED reads such a text in linear time: its
# content stops before another start-string of its kind, which leaves the outer one unread (the
# text is then not complete, and docutils decides).
_INLINE = _inline(lambda start_string: ".*?")
_INLINE_BOUNDED = _inline(lambda start_string: r"(?:(?!(?<=[" + _START_CHARS + r"])" + start_string + r"\S).)*?")
_OPEN_END = {  # each kind's start-string, and its end-string
    "``": (re.compile(r"(?:^|(?<=[" + _START_CHARS + r"]))``(?=\S)"), re.compile(r"(?<=\S)``" + _END)),
    "**": (re.compile(r"(?:^|(?<=[" + _START_CHARS + r"]))\*\*(?=\S)"), re.compile(r"(?<=\S)\*\*" + _END)),
}
_OPEN_READING = 8  # times _INLINE may read a text over, for the start-strings of one kind left open


def _inline_for(text: str) -> "re.Pattern[str]":
    """_INLINE where it reads text in a few passes; else _INLINE_BOUNDED."""
    for kind, (start, end) in _OPEN_END.items():
        if text.count(kind) > _OPEN_READING:  # (each start-string left open reads the text once at most)
            last_end = text.rfind(kind)  # most often an end-string: else the last one is looked for
            if not end.match(text, last_end):
                last_end = max((match.start() for match in end.finditer(text)), default=-1)
            # A start-string too close to the last end-string, or after it, is left open.
            left_open = sum(len(text) - match.start() for match in start.finditer(text, max(0, last_end - 2)))
            if left_open > _OPEN_READING * len(text):
                return _INLINE_BOUNDED
    return _INLINE


# Undelimited ones, looked for only in the plain text between the others. A name_ reference
# starts after a _START, which a hyphen or a colon inside a name is too ("a-b-c_"): tried at each,
# a long name would be read again from each one. It is read once, from where its run of word
# characters and joiners begins (simple_pre: what precedes the first start within the run); a
# later start of the same run would end where the first one does, and fail alike. Possessive: the
# run stops where a suffix can follow ("_" then an end), so giving characters back finds nothing.
_NAME_RUN = r"[^\W_]++(?:[-_.:+][^\W_]++)*+"
_BARE = re.compile(
    "|".join([
        r"(?P<url>" + _URL + r")",
        r"(?P<email>" + _EMAIL + r")",
        r"(?<![^\W_][-_.:+])(?<![^\W_])(?=[^\W_])(?:" + _START + r"|(?P<simple_pre>[^\W_]++(?:[._+][^\W_]++)*+[-:]))"
        r"(?P<simple_ref>" + _NAME_RUN + r")(?P<simple_suffix>__?)" + _END,
    ]),
)
_BARE_HINT = re.compile(r"://|@|_" + _END)  # what each bare construct needs
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*:")
_EMAIL_ONLY = re.compile(_EMAIL + "$")
# The text ends where only spaces are left before the last "<" (the target holds no "<"): read
# from the end, not tried at every space of the text.
_EMBEDDED = re.compile(r"^(?P<text>(?:.*\S)?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


class Scan:
    """What the lexer read of one text (a plain class: 100,000 of them are made per corpus)."""

    __slots__ = ("complete", "emails", "emphasis", "prose", "roles", "signature", "strong", "urls")

    def __init__(self, prose: str, signature: dict[Key, int], emphasis: int = 0, strong: int = 0,
                 urls: "Sequence[str]" = (), emails: "Sequence[str]" = (), complete: bool = True,
                 roles: "Sequence[tuple[str, str]]" = ()) -> None:
        self.prose = prose
        self.signature = signature  # markup that must survive, counted: literals, roles, references...
        self.emphasis = emphasis
        self.strong = strong
        self.urls = urls
        self.emails = emails
        self.roles = roles  # (name, content) of each role as written: Sphinx computes targets from these
        # Every markup character of the text belongs to a construct read here:
        # docutils would read the same constructs (checked on the whole corpus).
        self.complete = complete


def _role_key(name: str, content: str) -> tuple[tuple[str, str, str], re.Match[str] | None]:
    """A role's signature key, and its `text <target>` match if any; the lexer
    and the docutils reading share it, so that they compare alike. A role whose
    content is prose keys on its target only when it names one; a leading ~
    only shortens the text shown."""
    embedded = _EMBEDDED.match(content) if "<" in content else None
    target = (embedded.group("target") if embedded else content).strip().removeprefix("~")
    short = name.rpartition(":")[2]
    if short in PROSE_ROLES and not (embedded or short in ("term", "index")):
        target = ""
    return ("role", name, target), embedded


_MARKUP_CHAR = re.compile(r"[`*|\[_@]")  # or "://": two tests beat one regex with both
# Outside the constructs read, these may start markup the lexer does not know.
_MAY_START = frozenset("`:|[*_")
_OPENERS = frozenset(_punctuation.openers)
# Start-strings docutils does not read between an opener and its closer ("(*)"); a role's prefix
# is no start-string there (Inliner.interpreted_or_phrase_ref looks only where there is none).
_START_STRING = {"literal": 2, "strong": 2, "emphasis": 1, "interpreted": 1, "substitution": 1, "footnote": 1}
_REFERENCE_END = re.compile(r"_" + _END)
_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()+,;=%]+")
_ROLE_BEFORE = re.compile(r":" + _ROLE_NAME + r":$")


def _role_before(text: str, end: int) -> bool:
    """Whether text[:end] ends with a role's ":name:". Only the colon nearest before the last one
    may open it (a farther one would take that colon into the name, and what follows it alike):
    tried there alone, not at every colon of the text."""
    opening = text.rfind(":", 0, end - 1)
    return opening >= 0 and _ROLE_BEFORE.match(text, opening, end) is not None
_LOOSE_MARKUP = re.compile(r"[`*|\\]")  # and "::", "]_"
_HARMLESS_ESCAPE = re.compile(r"\\(?: |[^\s`*|_:@\[\]<>\\])")  # a space, or a character that starts no markup
# Which construct a match is, by the last group it filled.
# Keyed by Match.lastgroup, which is None only for a pattern without groups: never here.
_CONSTRUCT: dict[str | None, str] = {
    "literal": "literal", "role_content": "role", "interpreted": "interpreted", "ref_suffix": "interpreted",
    "substitution": "substitution", "subst_suffix": "substitution", "footnote": "footnote", "strong": "strong",
    "emphasis": "emphasis", "url": "url", "email": "email", "simple_suffix": "simple_ref",
}


@functools.lru_cache(maxsize=16384)  # four role uses in five repeat one already read
def _read_role(name: str, content: str) -> tuple[Key, str]:
    """A role's signature key, and what a reader sees of it."""
    key, embedded = _role_key(name, content)
    if name.rpartition(":")[2] in PROSE_ROLES:
        return key, embedded.group("text") if embedded else content
    return key, MASK


read_role = _read_role  # the MyST reader keys roles as this lexer does
_URL_PATTERN = re.compile(_URL)


def scan_urls(text: str) -> list[str]:
    """The bare URLs of a text, as docutils finds them."""
    return _URL_PATTERN.findall(text)


def _add(signature: dict[Key, int], key: Key) -> None:
    signature[key] = signature.get(key, 0) + 1


def scan(text: str) -> Scan:
    """One pass of the inline lexer over text."""
    if not _MARKUP_CHAR.search(text) and "://" not in text:
        return Scan(text.replace("\\", ""), {},
                    complete="::" not in text and "\\" not in text and "\n" not in text and not text[:1].isspace())
    signature: dict[Key, int] = {}
    urls: list[str] = []
    emails: list[str] = []
    roles: list[tuple[str, str]] = []
    emphasis = strong = 0
    parts: list[str] = []  # the text between constructs, and what each construct leaves of itself, in turn
    last = 0
    complete = True
    escapes = "\\" in text
    for match in _matches(text):
        construct = _CONSTRUCT[match.lastgroup]
        start, end = _start(match) if construct == "simple_ref" else match.start(), match.end()
        parts.append(text[last:start])
        last = end
        if complete:
            complete = _read_alike(text, match, construct, start, end, escapes)
        if construct == "role":
            key, shown = _read_role(match.group("role"), match.group("role_content"))
            _add(signature, key)
            roles.append((match.group("role"), match.group("role_content")))
            parts.append(shown)
        elif construct == "literal":
            literal = match.group("literal")
            if literal[0] == "`" or literal[-1] == "`":
                complete = False  # ```` runs: docutils may end the literal elsewhere
            _add(signature, ("literal", literal))
            parts.append(MASK)
        elif construct == "interpreted":
            complete = _interpreted(match, signature, urls, parts) and complete
        elif construct == "strong":
            strong += 1
            if match.group("strong")[0] == "*" or match.group("strong")[-1] == "*":
                complete = False  # ****, **:**: docutils may end the strong text elsewhere
            parts.append(match.group("strong"))
        elif construct == "emphasis":
            emphasis += 1
            parts.append(match.group("emphasis"))
        elif construct in ("url", "email"):
            complete = _address(text, match, construct, end, urls if construct == "url" else emails, parts) and complete
        else:
            _named(match, construct, signature, parts)
    parts.append(text[last:])
    prose = "".join(parts).replace("\\", "")
    complete = complete and _plain_between(text, parts, escapes)
    return Scan(prose, signature, emphasis, strong, urls, emails, complete, roles)


def _read_alike(text: str, match: "re.Match[str]", construct: str, start: int, end: int, escapes: bool) -> bool:
    """Whether docutils reads this construct as the lexer does. docutils reads on from the end of a
    construct as from a fresh start, prefers a role to the interpreted text it ends with, takes a
    quoted start-string ('*', (`x`)) as text, and reads escapes everywhere but in ``literals``:
    those cases are left to docutils."""
    following = text[end:end + 1]
    if following and (following in _MAY_START or following.isalnum()) and not (
            following == ":" and not text[end + 1:end + 2].isalnum()):
        return False  # a colon can only start a role again if a name follows it
    if ((construct == "interpreted" and text[start - 1:start] == ":" and _role_before(text, start))
            or (escapes and construct != "literal" and "\\" in match.group(0))):
        return False
    if start and text[start - 1] in _OPENERS and construct in _START_STRING:
        width = _START_STRING[construct]
        return not _punctuation.match_chars(text[start - 1], text[start + width:start + width + 1])
    return True


def _address(text: str, match: "re.Match[str]", construct: str, end: int, found: list[str], parts: list[str]) -> bool:
    """A bare URL or e-mail address, into the addresses found and the text; False where docutils
    may end it otherwise: it reads name_ references first (name_-a@b.co, a@b.co-name_), and ends
    URLs its own way."""
    address = match.group(construct)
    found.append(address)
    parts.append(MASK)
    if ("_" in address and _REFERENCE_END.search(address)) or _in_name(text, end):
        return False
    return construct != "url" or _PLAIN_URL.fullmatch(address) is not None


def _named(match: "re.Match[str]", construct: str, signature: dict[Key, int], parts: list[str]) -> None:
    """A substitution (|name|; |name|_ is also a reference, as in docutils), a footnote or citation
    ([C99]_ is c99, as in docutils), or a name_ reference: into the signature and the text."""
    if construct == "substitution":
        name = match.group("substitution")
        _add(signature, ("substitution", name))
        if match.group("subst_suffix"):
            _add(signature, ("reference", "anonymous", "") if match.group("subst_suffix") == "__"
                 else ("reference", "name", _normalize_name(name)))
        parts.append(MASK)
    elif construct == "footnote":
        _add(signature, ("footnote", _normalize_name(match.group("footnote"))))
        parts.append(MASK)
    else:
        suffix = match.group("simple_suffix")
        _add(signature, ("reference", "anonymous", "") if suffix == "__"
               else ("reference", "name", _normalize_name(match.group("simple_ref"))))
        parts.append(match.group("simple_ref"))


def _interpreted(match: "re.Match[str]", signature: dict[Key, int], urls: list[str], parts: list[str]) -> bool:
    """Interpreted text, or a reference written `so`_: into the signature, the URLs and the
    text; False where docutils may read it otherwise."""
    content, suffix = match.group("interpreted"), match.group("ref_suffix")
    embedded = _EMBEDDED.match(content) if "<" in content else None
    if not suffix:
        _add(signature, ("interpreted", content))
        parts.append(MASK)
        return True
    target = embedded.group("target").strip() if embedded else None
    if target and target.endswith("_") and not target.endswith("\\_") and not _SCHEME.match(target):
        # `text <other name_>`_ is an alias: a reference by name, as in docutils.
        _add(signature, ("reference", "anonymous", "") if suffix == "__"
               else ("reference", "name", _normalize_name(target[:-1])))
    elif target:
        uri = "".join(target.split())  # docutils joins a URI broken over lines
        if _EMAIL_ONLY.match(uri):
            uri = "mailto:" + uri
        _add(signature, ("reference", "anonymous" if suffix == "__" else "named", uri))
        if _SCHEME.match(uri):
            urls.append(uri)
    elif suffix == "__":
        _add(signature, ("reference", "anonymous", ""))
    else:
        _add(signature, ("reference", "name", _normalize_name(content)))
    parts.append(embedded.group("text") if embedded else content)
    # `name<url>`_: docutils makes a link only after a space
    return not (embedded and not _EMBEDDED_LINK.fullmatch(content))


def _plain_between(text: str, parts: list[str], escapes: bool) -> bool:
    """Whether the text between the constructs (every other part) holds no markup the lexer leaves
    to docutils, on one line, not indented: a plain paragraph (more lines may be more blocks)."""
    gaps = "".join(parts[::2])
    if escapes and "\\" in gaps:
        # An escaped space or ordinary character (``x``\ s, ``x``\는 with Korean's particles,
        # non-\ :mimetype:) changes no markup: docutils ends a construct before it as at a
        # delimiter, and the character itself starts none. Each gap on its own: a backslash
        # that ends one escapes the next construct's first character.
        gaps = "".join(_HARMLESS_ESCAPE.sub("", gap) for gap in parts[::2])
    return ("\n" not in text and not text[:1].isspace() and "_`" not in gaps
            and not _LOOSE_MARKUP.search(gaps) and "::" not in gaps and "]_" not in gaps)


def _matches(text: str) -> "Iterator[re.Match[str]]":
    """The delimited matches, and between them the bare URLs, e-mails and name_ references."""
    if "_" not in text and "@" not in text and "://" not in text:
        return _inline_for(text).finditer(text)  # three plain substring tests: no bare construct
    hints = [match.start() for match in _BARE_HINT.finditer(text)]
    if not hints:
        return _inline_for(text).finditer(text)
    return _with_bare(text, hints)


def _in_name(text: str, end: int) -> bool:
    """Whether a URL or an address ends inside a run of word characters and joiners: a name_
    reference may start within the rest of it, where _BARE reads names only from a run's start."""
    return text[end:end + 1].isalnum() or (text[end:end + 1] in ("-", ":") and text[end + 1:end + 2].isalnum())


def _start(match: "re.Match[str]") -> int:
    """Where a construct starts: a name_ reference's match also holds the start of its run (simple_pre)."""
    return match.end("simple_pre") if match.lastgroup == "simple_suffix" and match.group("simple_pre") else match.start()


def _with_bare(text: str, hints: "Sequence[int]") -> "Iterator[re.Match[str]]":
    last, next_hint = 0, 0
    for match in _inline_for(text).finditer(text):
        while next_hint < len(hints) and hints[next_hint] < last:
            next_hint += 1
        if next_hint < len(hints) and hints[next_hint] < match.start():
            yield from _BARE.finditer(text, last, match.start())
        yield match
        last = match.end()
    if hints[-1] >= last:
        yield from _BARE.finditer(text, last)


def _normalize_name(name: str) -> str:
    return " ".join(name.lower().split())


# --- docutils ---------------------------------------------------------------

_docutils: "tuple[Parser, Values, types.ModuleType, Inliner] | None" = None
_role_lookup: "Callable[..., Any] | None" = None


def _docutils_parser() -> "tuple[Parser, Values, types.ModuleType, Inliner]":
    """Build the docutils parser once, with a catch-all role like Sphinx's."""
    global _docutils
    if _docutils is None:
        from docutils import nodes
        from docutils.frontend import get_default_settings
        from docutils.parsers.rst import Parser, roles, states
        from docutils.parsers.rst.states import Inliner

        def any_role(name: str, rawtext: str, text: str, lineno: int, inliner: "Inliner",
                     options: "Mapping[str, Any] | None" = None, content: "Sequence[str] | None" = None,
                     ) -> "tuple[list[nodes.inline], list[nodes.system_message]]":
            node = nodes.inline(rawtext, text)
            node["l10n_role"] = name
            node["l10n_content"] = text  # as docutils hands it to a role: backslashes as \x00
            return [node], []

        original_role = roles.role

        def role(role_name: str, language_module: "_LanguageModule", lineno: int, reporter: "Reporter",
                 ) -> "tuple[Callable[..., Any] | None, list[nodes.system_message]]":
            # Sphinx defines its own :pep:, :rfc:, :code:...; every named role
            # is read alike, as the lexer reads it. `text` keeps its default.
            if role_name:
                return any_role, []
            return original_role(role_name, language_module, lineno, reporter)

        global _role_lookup
        _role_lookup = role  # set only while parse() runs: docutils' state is restored after each parse
        parser = Parser()
        # Building the state machine costs more than parsing a message: build it once.
        parser.statemachine = states.RSTStateMachine(state_classes=parser.state_classes, initial_state=parser.initial_state)
        settings = get_default_settings(Parser)
        settings.report_level = 5
        settings.halt_level = 5
        settings.warning_stream = False
        settings.file_insertion_enabled = False  # never read files a catalog names
        settings.raw_enabled = False
        # Every run() re-initialises the inliner, which rebuilds its patterns and
        # appends to its dispatch list each time: initialise one inliner once.
        inliner = Inliner()
        inliner.init_customizations(settings)
        inliner.init_customizations = lambda settings: None  # type: ignore[method-assign]
        _docutils = (parser, settings, nodes, inliner)
    return _docutils


_language: "_LanguageModule | None" = None


def _docutils_language() -> "_LanguageModule":
    global _language
    if _language is None:
        from docutils import languages
        _language = languages.get_language("en")
    return _language


@dataclasses.dataclass
class Parsed:
    signature: dict[Key, int]  # a Counter, or the lexer's own dict (markup._as_parsed)
    emphasis: int
    strong: int
    block_types: tuple[str, ...]  # top-level node types: ('paragraph',) for ordinary text
    problems: list[str]  # docutils warnings and errors, one line each


# A one-line text that starts with one of these and no block marker
# (rst.one_paragraph) can only be a paragraph, which a literal-block
# marker may end.
_PARAGRAPH_START = re.compile(r"[^\W_]|[`*](?=\S)")
_LITERAL_MARKER = re.compile(r"(?<!\\)(?:\\\\)*::$")  # docutils' own test


def _marked_paragraph(text: str) -> str:
    """The paragraph of a line ending with a literal-block marker, as docutils' Text.paragraph
    makes it ("text::" reads "text:", "text ::" reads "text"); "" where it makes none."""
    data = text.rstrip()
    if not _LITERAL_MARKER.search(data) or len(data) == 2:
        return ""  # an escaped marker, or the marker alone: docutils decides
    return data[:-3].rstrip() if data[-3] in " \n" else data[:-1]


# docutils' inline parser reads on from each start-string it cannot close (* ` |) to the end of
# its paragraph, and tries a name_ reference or an address from each start within a word (after
# a hyphen, a slash, a colon): its time grows with the square of a paragraph full of them, and
# some of its block constructs worse. It is given a message only within these bounds, which
# every message of six real sources keeps (their longest read by docutils: 8,843 characters, its
# markup read at most 127 times over): the checks' time stays linear in their input.
DOCUTILS_MAX_CHARS = 16_384
DOCUTILS_READINGS = 256  # how many times over docutils may read a message, by docutils_reading
UNREAD = "unread"  # the reading of a message docutils is not given
_START_CHAR = re.compile("[" + _START_CHARS + "]")


def docutils_reading(text: str) -> int:
    """About how many characters docutils' inline parser reads in text, at most: each * ` | may
    be a start-string read on to its paragraph's end, and each start within a long word a name
    read on to the word's end."""
    reading = len(text)
    for paragraph in _BLANK_LINE.split(text) if "\n" in text else (text,):
        reading += (paragraph.count("*") + paragraph.count("`") + paragraph.count("|")) * len(paragraph)
    for word in text.split():
        if len(word) > 64:  # (shorter words cost at most 64 readings of each character)
            reading += len(_START_CHAR.findall(word)) * len(word)
    return reading


def unread(text: str) -> str:
    """Why docutils is not given text ("" when it is)."""
    if len(text) > DOCUTILS_MAX_CHARS:
        return f"{len(text):,} characters, more than the {DOCUTILS_MAX_CHARS:,} docutils is given"
    readings = docutils_reading(text) // max(len(text), 1)
    if readings > DOCUTILS_READINGS:
        return (f"inline markup that docutils would read about {readings:,} times over, more than {DOCUTILS_READINGS}: "
                "many * ` | in one paragraph, or long words of many hyphens, slashes or colons")
    return ""


def parse(text: str, one_paragraph: bool = False) -> Parsed:
    """docutils' reading of text. one_paragraph: the caller knows the text is
    one line that starts no block; then only docutils' inline parser runs, as
    docutils' own paragraph state would run it, at a fifth of the cost."""
    why = unread(text)
    if why:
        return Parsed(collections.Counter(), 0, 0, (UNREAD,), [why])
    document = _document(text, one_paragraph)
    if isinstance(document, str):
        return Parsed(collections.Counter(), 0, 0, ("error",), [document])
    return _parsed(document)


@functools.lru_cache(maxsize=64)  # the markup and Sphinx checks read the same message in turn
def _document(text: str, one_paragraph: bool = False) -> "Any":
    """The docutils document of text, or why docutils could not read it (callers only read it)."""
    from docutils.parsers.rst import roles
    from docutils.statemachine import string2lines
    from docutils.utils import new_document

    parser, settings, nodes, inliner = _docutils_parser()
    document = new_document("<message>", settings)
    machine = parser.statemachine
    previous_lookup = roles.role
    roles.role = _role_lookup  # type: ignore[assignment]
    try:
        if one_paragraph and "\n" not in text and _PARAGRAPH_START.match(text):
            # What docutils' states share: its Struct, a SimpleNamespace.
            memo = types.SimpleNamespace(document=document, reporter=document.reporter, language=_docutils_language(),
                                         title_styles=[], section_level=0, section_bubble_up_kludge=False, inliner=inliner)
            line = string2lines(text, tab_width=8, convert_whitespace=True)[0].rstrip()
            # As docutils' Text.paragraph: a literal block is then expected.
            marked = _marked_paragraph(line)  # "" unless the line ends with a literal-block marker
            inline = marked or line
            paragraph = nodes.paragraph(line, "")
            # The parent is the document, as in docutils' Body state: a duplicate
            # target's warning goes there (a paragraph may not hold it).
            children, messages = inliner.parse(inline, 1, memo, document)
            paragraph += children
            document += [paragraph, *messages]
            if marked:
                document += document.reporter.warning("Literal block expected; none found.", line=1)
        else:
            lines = string2lines(text, tab_width=8, convert_whitespace=True)
            machine.run(lines, document, inliner=inliner)
    except Exception as exc:  # docutils raises on some pathological inputs
        return f"docutils could not parse it: {exc}"
    finally:
        machine.observers.clear()  # run() attaches the document as an observer
        roles.role = previous_lookup
        roles._roles.pop("", None)  # type: ignore[attr-defined]  # private, and not in the stubs
    return document


def _problems(document: "Any") -> list[str]:
    from docutils import nodes

    return [" ".join(node.children[0].astext().split()) if node.children else "docutils problem"
            for node in document.findall(nodes.system_message) if node["level"] >= 2]


def _parsed(document: "Any") -> Parsed:
    _, _, nodes, _ = _docutils_parser()
    signature: collections.Counter[Key] = collections.Counter()
    emphasis = strong = 0
    problems = _problems(document)
    for node in document.findall():
        if isinstance(node, nodes.system_message):
            continue  # read by _problems
        if isinstance(node, nodes.literal):
            signature["literal", node.astext()] += 1
        elif isinstance(node, nodes.inline) and "l10n_role" in node:
            name = node["l10n_role"]
            content = node.rawsource[node.rawsource.index("`") + 1:-1] if "`" in node.rawsource else node.astext()
            signature[_role_key(name, content)[0]] += 1
        elif isinstance(node, nodes.title_reference):
            signature["interpreted", node.astext()] += 1
        elif isinstance(node, nodes.reference):
            if "refuri" in node and not node.rawsource.startswith("`"):
                continue  # a standalone URL or address: the urls check compares those
            if node.get("anonymous") or node.rawsource.endswith("__"):
                signature["reference", "anonymous", node.get("refuri", "")] += 1
            elif "refuri" in node:
                signature["reference", "named", node["refuri"]] += 1
            elif "refname" in node:
                signature["reference", "name", node["refname"]] += 1
        elif isinstance(node, nodes.substitution_reference):
            signature["substitution", node.get("refname", node.astext())] += 1
        elif isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
            label = ("#" + node.get("refname", "") if node.get("auto") == 1
                     else node.get("refname", "*" if node.get("auto") else node.astext()))
            signature["footnote", label] += 1
        elif isinstance(node, nodes.emphasis):
            emphasis += 1
        elif isinstance(node, nodes.strong):
            strong += 1
    block_types = tuple(
        type(child).__name__ for child in document.children
        if not isinstance(child, (nodes.system_message, nodes.target))
    )
    return Parsed(signature, emphasis, strong, block_types, problems)


# --- What Sphinx's i18n transform makes of a translation --------------------
# sphinx.transforms.i18n.Locale parses each msgstr alone, uses it only if its
# first node is a paragraph, and warns when its references differ from the
# source's (unless the msgstr ends with the noqa marker). These functions reproduce
# that reading for the installed Sphinx; tests/test_sphinx_oracle.py builds
# real pages to prove they agree.

# Sphinx's own marker (sphinx.transforms.i18n.parse_noqa).
_NOQA = re.compile(r"(.*)(?<!\\)#\s*noqa\s*$", re.DOTALL)
# Sphinx's ReferenceRole: "title <target>", with escaped backslashes as \x00.
# (As Sphinx writes it: ^(.+?)\s*(?<!\x00)<(.*?)>$. The title is the shortest that leaves spaces
# and "<": one space, or text that ends with a non-space; so written, the spaces before "<" are
# read once, not again from each of them. A text that does not end with ">" is not tried.)
_EXPLICIT_TITLE = re.compile(r"^(\s|.*?\S)\s*+(?<!\x00)<(.*?)>$", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")


# What may open a block at a line's start: a list item (bullet, enumerator), a doctest,
# a directive or comment, a literal-block marker, an anonymous target, a field, an
# option, a line block, a transition, a table's border (a field as docutils'
# field_marker reads it: its name may hold colons). Read as a superset: a line it matches goes to
# docutils, which decides; one it does not match is a paragraph's.
BLOCK_CONSTRUCT = (
    r"(?:[-+*•‣⁃|](?:\s|$)|(?:\d+|[A-Za-z#]|[ivxlcdm]+|[IVXLCDM]+)[.)](?:\s|$)|\((?:\w+|#)\)(?:\s|$)"
    r"|>>>|\.\.(?:\s|$)|::|__(?:\s|$)|:(?![:\s])(?:[^:\\\n]|\\.|:(?![\s`]|$))*(?<!\s):(?:\s|$)|[-/+]{1,2}\w"
    r"|([!-/:-@\[-`{-~])\1{3,}\s*$|\+-[-+]+-\+\s*$|=+(?: +=+)+\s*$)")
# The same, or any indentation (a block quote).
BLOCK_LINE = re.compile(r"\s|" + BLOCK_CONSTRUCT)


def one_paragraph(text: str) -> bool:
    """One line that starts no block: docutils' paragraph state alone reads it (see parse)."""
    return "\n" not in text and not BLOCK_LINE.match(text)


_BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")  # one blank line or more
_PUNCTUATION_LINE = re.compile(r"[!-/:-@\[-`{-~\s]*")  # perhaps a title's underline


def never_a_paragraph(text: str) -> bool:
    """Whether docutils surely reads text as no clean paragraph, told without parsing it: a
    doctest; lines that start no block followed at once by an indented line (a definition
    list, a title's block quote, or an unexpected indentation); or two paragraphs, a blank
    line apart (code, in the Python docs' catalogs)."""
    if text.startswith(">>>") and text[3:4] in ("", " ", "\n"):
        return True
    if "\n" not in text or BLOCK_LINE.match(text):
        return False
    if _indented_at_once(text.split("\n")):
        return True
    chunks = [chunk for chunk in _BLANK_LINE.split(text) if chunk.strip()]
    if len(chunks) < 2 or not _starts_paragraph(chunks[0]):
        return False
    for before, chunk in itertools.pairwise(chunks):
        if any(_PUNCTUATION_LINE.fullmatch(line) for line in chunk.split("\n", 2)[:2]):
            return False  # perhaps a title: what follows is in its section, not at the top
        if _starts_paragraph(chunk) and not before.rstrip().endswith("::"):
            return True  # (after a literal-block marker, it may be a quoted literal block)
    return False


def _indented_at_once(lines: "Sequence[str]") -> bool:
    """Whether an indented line follows the first lines with no blank line between, and
    not after a literal-block marker (which would make it a literal block)."""
    for before, line in itertools.pairwise(lines):
        if not line.strip():
            return False
        if line[:1].isspace():
            return not before.rstrip().endswith("::")
    return False


def _starts_paragraph(chunk: str) -> bool:
    """Whether docutils surely begins a top-level paragraph with the chunk of lines that a
    blank line (or the text's start) precedes: its first line starts no block, and its second
    is neither indented (a definition) nor punctuation alone (a title's underline)."""
    first, _, rest = chunk.partition("\n")
    second = rest.partition("\n")[0]
    return (not BLOCK_LINE.match(first) and not second[:1].isspace()
            and (not second or not _PUNCTUATION_LINE.fullmatch(second)))


def strip_noqa(msgstr: str) -> tuple[str, bool]:
    """The msgstr as Sphinx uses it, and whether it ends with Sphinx's #noqa."""
    match = _NOQA.match(msgstr)
    return (match.group(1), True) if match else (msgstr, False)


@dataclasses.dataclass(frozen=True)
class SphinxReading:
    """One message as Sphinx's Locale transform reads it."""

    first: str  # the node type of the parsed message's first node: Sphinx uses only a paragraph
    paragraphs: int  # top-level paragraphs: Sphinx keeps only the first one's text
    references: tuple[str, ...]  # what each comparison of _NodeUpdater compares, in its order
    refnames: tuple[str, ...]  # where those references go, sorted
    auto_footnotes: tuple[str, ...]
    named_footnotes: tuple[str, ...]
    citations: tuple[str, ...]
    xref_targets: tuple[str, ...]  # sorted: Sphinx ignores their order
    term_targets: tuple[str, ...]  # those of :term: roles, which a translated glossary defines anew
    problems: tuple[str, ...]  # docutils warnings and errors, which Sphinx logs


def reading(text: str, lexed: Scan | None = None) -> SphinxReading:
    """What Sphinx's Locale transform reads in a paragraph's message (lexed: scan(text), if known).

    The lexer's reading where it provably reads as docutils: one line that
    starts no block, perhaps ending with a literal-block marker, whose markup
    it read whole, references, footnotes and citations included where it can
    vouch for their names and order. Else docutils' reading. The two agree on
    every text of the six real sources (bench/check.py --lexer) and in
    tests/test_properties.py."""
    paragraph = _marked_paragraph(text) if text.endswith("::") else text
    if paragraph and one_paragraph(text):
        lexed = lexed if lexed is not None and paragraph is text else scan(paragraph)
        # References and footnotes all end with "_": the common case needs no look at the signature.
        referring = "_" in paragraph and any(key[0] in ("reference", "footnote") for key in lexed.signature)
        references = _lexed_references(paragraph) if lexed.complete and referring else _NO_REFERENCES
        if lexed.complete and references is not None:
            if not lexed.roles and not referring:
                return _PLAIN_PARAGRAPH
            targets = [(name, sphinx_reftarget(name, content)) for name, content in lexed.roles]
            return SphinxReading("paragraph", 1, *references,
                                 xref_targets=tuple(sorted(t for _, t in targets if t is not None)),
                                 term_targets=tuple(sorted(t for name, t in targets if t is not None and is_term_role(name))),
                                 problems=())
    return sphinx_reading(text)


# SphinxReading's references, refnames, auto_footnotes, named_footnotes and citations.
_References = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_NO_REFERENCES: _References = ((), (), (), (), ())
_PLAIN_PARAGRAPH = SphinxReading("paragraph", 1, *_NO_REFERENCES, xref_targets=(), term_targets=(), problems=())
# An embedded link as docutils delimits it (after a space, or alone).
_EMBEDDED_LINK = re.compile(r"(?:.*[ \n])?<(?P<target>[^<>\s](?:[^<>]*[^<>\s])?)>", re.DOTALL)


def _lexed_references(text: str) -> "_References | None":
    """SphinxReading's references, refnames, auto_footnotes, named_footnotes and citations of
    a text the lexer read whole, as docutils makes them; None where the lexer cannot vouch."""
    references: list[str] = []
    refnames: list[str] = []
    auto: list[str] = []
    named: list[str] = []
    citations: list[str] = []
    targets: set[str] = set()  # the names of the targets embedded links make
    for match in _matches(text):
        construct, raw = _CONSTRUCT[match.lastgroup], text[_start(match):match.end()]
        refname = None
        if construct == "simple_ref" and match.group("simple_suffix") == "_":
            refname = match.group("simple_ref")
        elif construct == "interpreted" and match.group("ref_suffix"):
            content = match.group("interpreted")
            link = _EMBEDDED_LINK.fullmatch(content) if "<" in content else None
            if "<" in content and (link is None or (link.group("target").endswith("_")
                                                    and any(c in link.group("target") for c in ":@\\"))):
                return None  # angle brackets docutils reads otherwise, or an alias that may be a URI
            if link is not None and match.group("ref_suffix") == "_":
                name = _normalize_name(content[:link.start("target") - 1].rstrip(" \n") or link.group("target"))
                if name in targets:
                    return None  # docutils reports the duplicate target name, before the paragraph
                targets.add(name)
            if link is not None and link.group("target").endswith("_"):
                refname = link.group("target")[:-1]  # an alias: a reference by name, anonymous or not
            elif link is None and match.group("ref_suffix") == "_":
                refname = content
        elif construct == "substitution" and match.group("subst_suffix") == "_":
            refname = match.group("substitution")
        elif construct == "footnote":
            label = match.group("footnote")  # one of docutils' labels (the lexer's pattern is its)
            if label[0] in "#*":  # automatic: [#]_, [#name]_, [*]_
                auto.append(raw)
                named += [raw] if label[1:] else []
            elif label.isdigit() and label.isascii():
                named.append(raw)
            else:
                citations.append(raw)
        if refname is not None:
            references.append(raw)
            refnames.append(_normalize_name(refname))
    return tuple(references), tuple(sorted(refnames)), tuple(auto), tuple(named), tuple(citations)


def sphinx_reading(text: str) -> SphinxReading:
    """docutils' reading of a message prepared as Locale.apply prepares a paragraph's msgstr."""
    why = unread(text)
    if why:
        return SphinxReading(UNREAD, 0, (), (), (), (), (), (), (), (why,))
    if text.strip().endswith("::"):
        text += "\n\n   dummy literal"  # Sphinx's own way to avoid "Literal block expected"
    document = _document(text, one_paragraph=one_paragraph(text))
    if isinstance(document, str):
        return SphinxReading("error", 0, (), (), (), (), (), (), (), (document,))
    _, _, nodes, _ = _docutils_parser()
    first = type(document.children[0]).__name__ if document.children else "document"
    footnotes = list(document.findall(nodes.footnote_reference))
    roles = [(node["l10n_role"], sphinx_reftarget(node["l10n_role"], node["l10n_content"]))
             for node in document.findall(nodes.inline) if "l10n_role" in node]
    return SphinxReading(
        first=first,
        paragraphs=sum(isinstance(child, nodes.paragraph) for child in document.children),
        references=tuple(node.rawsource for node in document.findall(nodes.reference) if "refname" in node),
        refnames=tuple(sorted(node["refname"] for node in document.findall(nodes.reference) if "refname" in node)),
        auto_footnotes=tuple(node.rawsource for node in footnotes if "auto" in node),
        named_footnotes=tuple(node.rawsource for node in footnotes if "refname" in node),
        citations=tuple(node.rawsource for node in document.findall(nodes.citation_reference) if "refname" in node),
        xref_targets=tuple(sorted(target for _, target in roles if target is not None)),
        term_targets=tuple(sorted(target for name, target in roles if target is not None and is_term_role(name))),
        problems=tuple(_problems(document)),
    )


@functools.cache
def _xref_roles() -> "dict[str, tuple[Any, str]]":
    """Sphinx's cross-reference roles (which make pending_xref nodes), by every name a
    document may call them ("py:func", and "func" through the default domains), with
    how they read a target: "py" (PyXRefRole), "c" (CXRefRole) or "" (XRefRole's own)."""
    from sphinx.domains.c import CDomain, CXRefRole
    from sphinx.domains.cpp import CPPDomain
    from sphinx.domains.javascript import JavaScriptDomain
    from sphinx.domains.python import PythonDomain, PyXRefRole
    from sphinx.domains.rst import ReSTDomain
    from sphinx.domains.std import StandardDomain
    from sphinx.roles import XRefRole, specific_docroles

    table: dict[str, tuple[Any, str]] = {}
    # The default domain (py) first, then std: the order Sphinx looks names up in.
    for domain in (StandardDomain, PythonDomain, CDomain, CPPDomain, JavaScriptDomain, ReSTDomain):
        for name, role in domain.roles.items():
            if isinstance(role, XRefRole):
                kind = "py" if isinstance(role, PyXRefRole) else "c" if isinstance(role, CXRefRole) else ""
                table[f"{domain.name}:{name}"] = (role, kind)
                if domain in (PythonDomain, StandardDomain):
                    table[name] = (role, kind)
    table["any"] = (specific_docroles["any"], "")  # :download: makes a download_reference, not a pending_xref
    return table


def is_term_role(name: str) -> bool:
    return name.lower() in ("term", "std:term")


_C_SEPARATOR_SPACES = re.compile(r"\s*(\.|::|->)\s*")


@functools.lru_cache(maxsize=16384)  # the same roles recur across a catalog's messages
def sphinx_reftarget(name: str, content: str) -> str | None:
    """The reftarget Sphinx's XRefRole gives a role, or None when it makes no pending_xref."""
    role, kind = _xref_roles().get(name.lower(), (None, ""))
    if role is None or content.startswith("!"):
        return None  # not a cross-reference role, or one disabled with "!"
    explicit = _EXPLICIT_TITLE.match(content) if content.endswith((">", ">\n")) else None
    target = _unescape(explicit.group(2) if explicit else content)
    if role.lowercase:
        target = target.lower()
    if role.fix_parens:
        target = target.removesuffix("()")
    if kind in ("py", "c"):
        if not explicit:
            target = target.lstrip("~")
        if kind == "py":
            return target.removeprefix(".")
    if kind in ("c", "cpp"):  # the C and C++ domains parse the target: spaces around . :: -> are not read
        target = _C_SEPARATOR_SPACES.sub(r"\1", target)
    return _WHITESPACE.sub(" ", target)
