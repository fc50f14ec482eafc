"""reST markup survives translation: references, roles, literals, footnotes."""

import collections
import difflib
import re
from typing import TYPE_CHECKING, TypeAlias

from sphinx_l10n.checks.base import MAX_PAIRED, Check, listed
from sphinx_l10n.markup import rst

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    import polib

    from sphinx_l10n.checks.base import Problem, Unit
    from sphinx_l10n.config import Policy


_Keys: TypeAlias = "collections.Counter[rst.Key]"  # pieces of markup, by how many times a text has each

# Characters that open or close inline markup: if the translation has as many
# of each as the source and the fast lexer sees the same markup, docutils
# would too; otherwise docutils decides, unless the lexer read every one.
_MARKUP_CHARS = re.compile(r"[`*|]|::")
# A line that starts a block (list item, literal block, directive, section
# underline...): the message is not one plain paragraph.
_BLOCK_MARKER = r"\s*" + rst.BLOCK_CONSTRUCT
_LINE_STARTS_BLOCK = re.compile(_BLOCK_MARKER)
_BLOCK_START = re.compile(r"^" + _BLOCK_MARKER + r"|::\s*$|\n\s*\n|\n[=\-~^\"'`#*+]{3,}\s*$", re.MULTILINE)


def _starts_block(text: str) -> bool:
    if "\n" in text:
        return bool(_BLOCK_START.search(text))
    return bool(_LINE_STARTS_BLOCK.match(text)) or text.rstrip().endswith("::")


_KIND_NAMES = {
    "literal": "literal", "role": "role", "interpreted": "interpreted text",
    "reference": "reference", "substitution": "substitution", "footnote": "footnote or citation reference",
}


def _describe(key: rst.Key) -> str:
    kind = key[0]
    if kind == "literal":
        return f"``{key[1]}``"
    if kind == "role":
        return f":{key[1]}:`{key[2]}`" if key[2] else f":{key[1]}: role"
    if kind == "reference":  # (by name: Sphinx's to compare, never described here)
        _, how, target = key
        if not target:
            return "anonymous reference `…`__" if how == "anonymous" else "link with no address"
        return f"link to {target} ({'`…`__' if how == 'anonymous' else '`…`_'})"
    if kind == "substitution":
        return f"|{key[1]}|"
    if kind == "footnote":
        return f"[{key[1]}]_"
    return f"`{key[1]}`"


_CODE_TOKEN = re.compile(r"""'[^']*'|"[^"]*"|\s+|[^\s'"]+|['"]""")


# What typesetting makes of three dots: an ellipsis stands for the same elided text (``'…'``).
# Curly quotes are not folded: in code they are another character (a SyntaxError).
_TYPOGRAPHIC = str.maketrans({"…": "..."})


def _code_form(code: str) -> str:
    """Code as a reader compares it: spacing around operators, the kind of string quotes and
    an ellipsis for three dots aside."""
    form = ""
    for token in _CODE_TOKEN.findall(code.translate(_TYPOGRAPHIC)):
        if token.isspace():
            continue
        if token[:1] in "'\"" and len(token) > 1:
            token = '"' + token[1:-1] + '"'
        if form[-1:].isalnum() and token[:1].isalnum():
            form += " "  # "import os" is not "importos"
        form += token
    return form


def _take(counter: "collections.Counter[rst.Key]", key: rst.Key) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


_PROSE_RUN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}+\s++[A-Za-z]{2}")  # each run of letters tried once
_LETTERS_AND_SPACES = re.compile(r"[^\W\d_]+|\s+")


def _prose_in_code(old: str, new: str) -> bool:
    """Words set as a literal (``default separator``), or prose inside pseudo-code
    (``(return type)-1``, ``'in single quotes'``): the words translated, the code kept."""
    if not _PROSE_RUN.search(old):
        return False
    return _LETTERS_AND_SPACES.sub("", old) == _LETTERS_AND_SPACES.sub("", new)


# Roles whose text is code on the page, as a literal is: a translator may write either.
_CODE_ROLES = frozenset({"code", "file", "samp", "command", "program", "makevar", "mimetype", "regexp"})
_INFLECTION = re.compile(r"(?<=[A-Za-z])(?:'s|s|es|ed|d|ing)$")


def _code_text(key: rst.Key) -> str | None:
    """The code a literal or a link-less role shows (``x``, :file:`x`, :func:`!x`), else None."""
    if key[0] == "literal":
        return key[1]
    if key[0] == "role" and len(key) > 2 and (key[2].startswith("!") or key[1].rpartition(":")[2] in _CODE_ROLES):
        return key[2].removeprefix("!")
    return None


_NAME = re.compile(r"[^\W\d]\w*")
# On a text without its trailing spaces, a line that starts with a space has a non-space after it
# (as "^\s+\S" asks, without reading the blank lines at the end again from each of them).
_CODE_LINE = re.compile(r"^(?:>>>|\.\.\.|\s|(?:class|def|import|from|return|match|case)\b)", re.MULTILINE)


def example_names(catalog: "polib.POFile") -> frozenset[str]:
    """The names the catalog's translated code examples use and their sources do not: a team
    that translates ``class ClassName:`` as ``class NomeClasse:`` writes ``NomeClasse`` in prose too."""
    names: set[str] = set()
    for entry in catalog:
        if (entry.msgstr and not entry.obsolete and not entry.fuzzy and "\n" in entry.msgid
                and _CODE_LINE.search(entry.msgid.rstrip())):
            names |= set(_NAME.findall(entry.msgstr)) - set(_NAME.findall(entry.msgid))
    return frozenset(names)


# <dir>, {prefix}: placeholders a translator rightly translates; a stray comma or full stop
# of the sentence inside or outside a literal is no change of code.
_PLACEHOLDER = re.compile(r"<[^<>\s][^<>]*>|\{[^{}\s][^{}]*\}")
_SENTENCE_PUNCTUATION = re.compile(r"[,.;:/]+$")  # and a folder's trailing slash (Tools/freeze/)


def _shape(code: str) -> str:
    return _SENTENCE_PUNCTUATION.sub("", _code_form(_PLACEHOLDER.sub("<>", code)))


def _same_code(old: str, new: str, example_names: frozenset[str] = frozenset(),
               metavariables: frozenset[str] = frozenset()) -> bool:
    form = _code_form(new)
    return (_code_form(old) == form or _shape(old) == _shape(new) or _prose_in_code(old, new)
            or _INFLECTION.sub("", old) == new or _INFLECTION.sub("", new) == old
            or _renamed(old, new, example_names, metavariables))


def renamings(old: str, new: str) -> tuple[tuple[str, str], ...] | None:
    """The names new writes otherwise than old, (before, after) each, when nothing else differs
    (``socket.bind`` and ``socket.enlazar``: (("bind", "enlazar"),)); None when the code differs."""
    old, new = old.translate(_TYPOGRAPHIC), new.translate(_TYPOGRAPHIC)
    if old == new or _NAME.sub("\x00", old) != _NAME.sub("\x00", new):  # new_string is one name
        return None
    return tuple(dict.fromkeys((before, after) for before, after in zip(_NAME.findall(old), _NAME.findall(new), strict=True)
                               if before != after))


def _renamed(old: str, new: str, example_names: frozenset[str], metavariables: frozenset[str]) -> bool:
    """The code differs only by names the catalog's translated examples use (``NomeClasse``), or
    by placeholders the source itself sets in italics (``python -c command`` and *command*)."""
    if not (example_names or metavariables):
        return False
    pairs = renamings(old, new)
    return bool(pairs) and all(after in example_names or before in metavariables for before, after in pairs or ())


_EMPHASISED_WORD = re.compile(r"(?<![\w*`])\*([^\W\d]\w*)\*(?![\w*])")


def metavariables(source: str) -> frozenset[str]:
    """The words the source sets in italics (*command*): placeholders its literals use, which a
    translator translates there too."""
    return frozenset(_EMPHASISED_WORD.findall(source)) if "*" in source else frozenset()


def _renamed_consistently(missing: "collections.Counter[rst.Key]", extra: "collections.Counter[rst.Key]") -> frozenset[str]:
    """Names the translation renames the same way in two literals or more (``last`` and ``'last'``
    both become ``último`` and ``'último'``): an example translated as a whole, not a slip."""
    renamings: collections.Counter[tuple[str, str]] = collections.Counter()
    olds = [code for key in missing if (code := _code_text(key)) is not None]
    news = [code for key in extra if (code := _code_text(key)) is not None]
    for old in olds:
        for new in news:
            if old != new and _skeleton(old) == _skeleton(new):
                renamings.update({(a, b) for a, b in zip(_NAME.findall(old), _NAME.findall(new), strict=False) if a != b})
    return frozenset(new for (_, new), count in renamings.items() if count >= 2)


def _equivalent_literals(missing: "collections.Counter[rst.Key]", extra: "collections.Counter[rst.Key]",
                         example_names: frozenset[str] = frozenset(), placeholders: frozenset[str] = frozenset(),
                         source: str = "", target: str = "") -> "Iterator[tuple[list[rst.Key], rst.Key]]":
    """Pairs (source literals, translation literal) that are the same code: re-spaced,
    other quotes, two merged into one, an English plural the translation drops
    (``Filters`` -> ``Filter``), a word of a placeholder translated (``getLogger(name)``
    -> ``getLogger(nombre)``), a link-less role written as a literal; the most alike where
    several are (_likeness); each pair is taken out of both counters."""
    example_names = example_names | _renamed_consistently(missing, extra)
    for new in sorted(extra.elements(), key=str):  # each occurrence: ``*name`` twice is two pairs
        new_code = _code_text(new)
        if new_code is None or extra[new] <= 0:
            continue
        olds = [(key, code) for key in sorted(missing, key=str) if (code := _code_text(key)) is not None]
        alike = [(_likeness(old, code, source, new, new_code, target), str(old), old) for old, code in olds
                 if _same_code(code, new_code, example_names, placeholders)]
        match = [max(alike)[-1]] if alike else None
        if match is None:  # two literals the translation wrote as one (with one, no pair is found)
            match = next(([a, b] for a, code_a in olds for b, code_b in olds
                          if a != b and _code_form(code_a + code_b) == _code_form(new_code)), None)
        if match:
            for old in match:
                _take(missing, old)
            _take(extra, new)
            yield match, new


_STRAIGHT_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"',
                                  "„": '"', "«": '"', "»": '"'})


_WORDS_ONLY = re.compile(r"[^\W\d_][\w\s'’-]*")


def _retexted_roles(missing: "collections.Counter[rst.Key]", extra: "collections.Counter[rst.Key]"
                    ) -> "Iterator[tuple[rst.Key, rst.Key]]":
    """(source role, translation role): a role kept whose words changed (:ui:`Save` and :ui:`Enregistrer`),
    not code and no target (a number, a link): the evidence conventions.py weighs for roles a team translates."""
    for old in sorted(missing, key=str):
        if old[0] != "role" or _code_text(old) is not None or not _WORDS_ONLY.fullmatch(old[2]):
            continue
        new = next((key for key in sorted(extra, key=str) if key[0] == "role" and key[1] == old[1]
                    and _code_text(key) is None and _WORDS_ONLY.fullmatch(key[2])), None)
        if new is not None:
            _take(missing, old)
            _take(extra, new)
            yield old, new


def _typeset_quotes(missing: "collections.Counter[rst.Key]", extra: "collections.Counter[rst.Key]"
                    ) -> "Iterator[tuple[rst.Key, rst.Key]]":
    """(source literal, translation literal) where the translation typeset the code's quotes (``’r’``)."""
    for new in sorted(extra, key=str):
        new_code = _code_text(new)
        if new_code is None or new_code.translate(_STRAIGHT_QUOTES) == new_code:
            continue
        old = next((key for key in sorted(missing, key=str) if _code_text(key) == new_code.translate(_STRAIGHT_QUOTES)),
                   None)
        if old is not None:
            _take(missing, old)
            _take(extra, new)
            yield old, new


def _mistyped(before: str, after: str) -> bool:
    """A name changed by a slip, not translated: another case (%Y, %y), a letter or two (l, I;
    Mapping, Mappin; surrogateescape, subrogateescape)."""
    if before.casefold() == after.casefold():
        return True
    return before.isascii() == after.isascii() and (  # "or" written 또는 is a translation
        len(before) <= 2 or difflib.SequenceMatcher(None, before, after).ratio() >= 0.85)


def _renamed_literals(missing: "collections.Counter[rst.Key]", extra: "collections.Counter[rst.Key]",
                      kept: "collections.Counter[rst.Key]", source: str = "", target: str = ""
                      ) -> "Iterator[tuple[rst.Key, rst.Key, tuple[tuple[str, str], ...]]]":
    """(source literal, translation literal, names renamed) for code whose names the translation
    changed and nothing else, each paired with the most alike at about the same place of the
    sentence (``actor`` became ``ator``, ``parrot`` ``papagaio``), a literal the translation still
    shows elsewhere (kept) last. Two bare words are any two words: they are paired last, and only
    where no other pairing is open to either. Each pair is taken out of both counters."""
    def candidates(bare: bool) -> list[tuple[bool, float, str, str, rst.Key, rst.Key, tuple[tuple[str, str], ...]]]:
        found = [(kept[old] == 0, _likeness(old, old_code, source, new, new_code, target), str(old), str(new), old, new,
                  renamed)
                 for old in missing if (old_code := _code_text(old)) is not None
                 for new in extra if (new_code := _code_text(new)) is not None
                 and (renamed := renamings(old_code, new_code))
                 and bare == (not _HAS_SYNTAX.search(old_code) and not _mistyped(*renamed[0]))]
        return sorted(found, reverse=True)

    for *_, old, new, renamed in candidates(bare=False):
        while missing[old] > 0 and extra[new] > 0:  # ``Message`` twice, ``Mensaje`` twice: two pairs
            _take(missing, old)
            _take(extra, new)
            yield old, new, renamed
    while True:
        bare = candidates(bare=True)
        olds, news = collections.Counter(c[4] for c in bare), collections.Counter(c[5] for c in bare)
        alone = [c for c in bare if olds[c[4]] == 1 and news[c[5]] == 1]
        if not alone and bare and len(olds) == len(news):  # as many on each side: the same order
            first_old = min(olds, key=lambda key: source.find(_describe(key)))
            first_new = min(news, key=lambda key: target.find(_describe(key)))
            alone = [c for c in bare if c[4] == first_old and c[5] == first_new]
        if not alone:
            return
        *_, old, new, renamed = alone[0]
        _take(missing, old)
        _take(extra, new)
        yield old, new, renamed


def _likeness(old: rst.Key, old_code: str, source: str, new: rst.Key, new_code: str, target: str) -> float:
    """How alike two pieces of code are, less how far apart they stand in their sentences."""
    distance = abs(_place_in(old, source) - _place_in(new, target))
    return difflib.SequenceMatcher(None, old_code, new_code).ratio() - distance


def _place_in(key: rst.Key, text: str) -> float:
    """Where a piece of code stands in its sentence, from 0 (its start) to 1; 0.5 if it is not written there."""
    described = _describe(key)
    return text.find(described) / len(text) if text and described in text else 0.5


_MARKED_UP = re.compile(r"``.+?``|:[\w:.+-]+:`[^`]*`|`[^`]*`_{0,2}")


def _inside_other_code(key: rst.Key, after: "collections.Counter[rst.Key]") -> bool:
    code = _code_text(key)
    if not code:
        return False
    return any(code in other for other_key in after if (other := _code_text(other_key)) and other != code)


_MISSING = "is missing from the translation"
_AS_LITERAL = "is shown as code (double backquotes), where the source's interpreted text shows in italics"
_AS_ROLE = "is written as a role of the same text (a cross-reference shows it as code, with a link): check the role"


def _how_shown(key: rst.Key, target: str, shown_code: "Iterable[str]" = (), other_markup: "Iterable[str]" = ()) -> str:
    """What the reader gets where the translation lost a source's literal or role: its markup
    swallowed by markup before it, typed but not read, its text without code style, or nothing."""
    raw = _describe(key)
    text_of_key = _code_text(key) or key[-1]
    opening = f":{key[1]}:" if key[0] == "role" else "\x00"
    if any("`" + text_of_key in text or text.rstrip().endswith(opening)  # its backquote, or its role name, inside
           for text in other_markup if text != text_of_key):
        return ("is swallowed by markup before it, which is not closed where meant: the page shows it inside that; "
                "check the backquotes and asterisks before it")
    if key[0] == "interpreted" and f"``{key[1].strip('`')}``" in target:
        return _AS_LITERAL
    unread = target
    for read in shown_code if raw in target else ():  # not the `x` of a ``x`` docutils reads
        unread = unread.replace(f"``{read}``", " ")
    if raw in unread:
        start = unread.index(raw)
        end = start + len(raw)
        if key[0] == "role":
            return (f"is shown as the text :{key[1]}: and `{key[2]}` in italics: a role glued to the text before "
                    "it is not read; put a space before it (an escaped space, \\ , joins a prefix)")
        if unread[start - 1:start].isalnum() or unread[end:end + 1].isalnum():
            return ("is shown as typed, backquotes and all: docutils reads inline markup only between spaces "
                    "or punctuation; separate it from the word it touches (an escaped space, \\ , joins a suffix)")
        return "is shown as typed, backquotes and all: docutils does not read it as markup; check its backquotes"
    code = _code_text(key)
    if not (target and code and code in target):
        return _MISSING
    if re.search(r":`[~!]?" + re.escape(code) + "`", target):
        return _AS_ROLE
    if re.search(r"(?<![`:])`" + re.escape(code) + r"`(?!`)", target):
        return "is shown as interpreted text (single backquotes: italics by default), not as code"
    prose = _MARKED_UP.sub(" ", target)
    if not re.search(r"(?<!\w)" + re.escape(code) + r"(?!\w)", prose):
        return _MISSING
    if f"**{code}**" in prose:
        return "is shown in bold, not as code"
    return "is shown in italics, not as code" if f"*{code}*" in prose else "is shown as plain text, not as code"


def _explained(text: str, scan: rst.Scan) -> bool:
    """The text's markup characters are all accounted for by what the lexer found."""
    chars = collections.Counter(_MARKUP_CHARS.findall(text))
    return chars["*"] == 2 * scan.emphasis + 4 * scan.strong + sum(
        key[-1].count("*") * n for key, n in scan.signature.items() if key[0] in ("literal", "role", "interpreted"))


def _markup_marks(text: str) -> tuple[int, int, int]:
    """How many backquotes, bars and double colons a text holds: markup's marks, which a faithful translation keeps."""
    return text.count("`"), text.count("|"), text.count("::")


def _quick_match(unit: "Unit", source_block: bool, target_block: bool) -> bool:
    """True when the fast lexer proves what docutils would: same markup, nothing unbalanced."""
    source, target = unit.source_scan, unit.target_scan
    if source.signature != target.signature:
        return False
    if _markup_marks(unit.source) != _markup_marks(unit.target):
        return False
    if (source.emphasis, source.strong) != (target.emphasis, target.strong):
        if not (_explained(unit.source, source) and _explained(unit.target, target)):
            return False
    elif unit.source.count("*") != unit.target.count("*"):
        return False
    return source_block == target_block


_WORD = re.compile(r"[^\W\d_]+")
_HAS_SYNTAX = re.compile(r"[^\w\s]")  # code punctuation: not a bare word such as ``object``


def _skeleton(code: str) -> str:
    """Code with every word replaced by one mark: what stays when names are translated."""
    return _WORD.sub("\x00", code)


def _as_parsed(scan: rst.Scan) -> rst.Parsed:
    """What docutils makes of a one-line paragraph whose markup the lexer read whole."""
    return rst.Parsed(scan.signature, scan.emphasis, scan.strong, ("paragraph",), [])


# Roles whose text is the reader's, meant to be translated: key labels, menu
# paths, index entries (Weblate's rst checks know the same list). Only the
# role itself must stay.
TRANSLATABLE_ROLES = frozenset({"kbd", "guilabel", "menuselection", "index", "abbr", "dfn", "sub", "sup",
                                "emphasis", "strong", "title-reference", "title", "t"})


def _owned_elsewhere(key: rst.Key) -> bool:
    """Markup another check compares: Sphinx's references (markup/verdict.py) and URLs (urls)."""
    if key[0] == "footnote" or (key[0] == "reference" and (key[1] == "name" or key[2:] != ("",))):
        return True
    return key[0] == "role" and rst.sphinx_reftarget(key[1], key[2]) is not None


def _compared(signature: "Mapping[rst.Key, int]", translatable: frozenset[str]) -> "collections.Counter[rst.Key]":
    """The markup this check compares: a translatable role by its name alone."""
    result: collections.Counter[rst.Key] = collections.Counter()
    for key, count in signature.items():
        if _owned_elsewhere(key):
            continue
        if key[0] == "role" and key[1].rpartition(":")[2] in translatable:
            key = ("role", key[1], "")
        result[key] += count
    return result


def _example_names(unit: "Unit") -> frozenset[str]:
    names = unit.context.get("example_names")
    return names if isinstance(names, frozenset) else frozenset()


class Markup(Check):
    id = "markup"
    name = "reST markup"
    description = ("The translation keeps the source's ``literals``, substitutions and the targets of roles that "
                   "are not cross-references (:pep:, :kbd: aside, extlinks...). Cross-references, named references "
                   "and footnotes are what Sphinx compares (sphinx-warning); URLs are the urls check's.")

    translatable = TRANSLATABLE_ROLES

    def configure(self, policy: "Policy") -> None:
        self.translatable = TRANSLATABLE_ROLES | set(policy.translatable_roles)

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        if unit.target == unit.source:
            return  # the same text reads the same
        if not unit.sphinx_verdict.used or unit.sphinx_verdict.source_first == rst.UNREAD:
            return  # the page shows the source's markup: the dropped check says why (or the size check why not)
        source: rst.Scan | rst.Parsed
        target: rst.Scan | rst.Parsed
        source, target = unit.source_scan, unit.target_scan
        if unit.myst:  # markdown-it-py read it all; blocks are the dropped check's
            yield from self._differences(source, target, _example_names(unit), unit.source)
            return  # (what a MyST page shows instead, markdown-it-py's reading, is not told apart)
        source_block, target_block = _starts_block(unit.source), _starts_block(unit.target)
        source_read = source.complete and not source_block
        target_read = target.complete and not target_block
        if source_read and target_read:
            pass  # the lexer read all the markup of two paragraphs: docutils would read the same
        elif _quick_match(unit, source_block, target_block):
            yield from self._emphasis(source, target)
            return
        else:
            # docutils reads what the lexer could not; a paragraph it read is docutils' already.
            # Whether Sphinx uses the translation, or warns, is the sphinx checks' to say.
            source = _as_parsed(source) if source_read else rst.parse(unit.source, one_paragraph=rst.one_paragraph(unit.source))
            target = _as_parsed(target) if target_read else rst.parse(unit.target, one_paragraph=rst.one_paragraph(unit.target))
            if target.problems and not source.problems:
                return  # markup docutils cannot read: Sphinx warns, and sphinx-warning says so
            if rst.UNREAD in source.block_types + target.block_types:
                return  # not given to docutils: the size check says so
        yield from self._differences(source, target, _example_names(unit), unit.source, unit.target)

    def _differences(self, source: rst.Scan | rst.Parsed, target: rst.Scan | rst.Parsed,
                     example_names: frozenset[str] = frozenset(), source_text: str = "",
                     target_text: str = "") -> "Iterator[Problem]":
        """Markup of the source missing from the translation, and markup added."""
        if source.signature == target.signature:  # most translations: nothing to compare further
            yield from self._emphasis(source, target)
            return
        before, after = _compared(source.signature, self.translatable), _compared(target.signature, self.translatable)
        if before == after:
            yield from self._emphasis(source, target)
            return
        missing = before - after
        extra = after - before
        if len(missing) > MAX_PAIRED or len(extra) > MAX_PAIRED:  # pairing them costs the cube of their number
            yield from self._in_bulk(missing, extra)
            yield from self._emphasis(source, target)
            return
        yield from self._rewritten(missing, extra, example_names, source_text, target_text)
        yield from self._shown_otherwise(missing, extra, after, target, target_text)
        yield from self._renamed(missing, extra, after, source_text, target_text)
        yield from self._left_out_and_added(missing, extra, before, after, source_text)
        yield from self._emphasis(source, target)

    def _rewritten(self, missing: _Keys, extra: _Keys, example_names: frozenset[str], source_text: str,
                   target_text: str) -> "Iterator[Problem]":
        """Code written another way, a role's text changed, typographic quotes in code."""
        pairs = {(tuple(old), new): None
                 for old, new in _equivalent_literals(missing, extra, example_names, metavariables(source_text),
                                                      source_text, target_text)}
        for old, new in pairs:  # once each, however often the entry repeats it
            renamed = renamings(_code_text(old[0]) or "", _code_text(new) or "") if len(old) == 1 else None
            yield self.warning(f"{' + '.join(map(_describe, old))} became {_describe(new)}: the same code, "
                               "written another way? check that it still reads right", renamed or ())
        for old_key, new_key in _retexted_roles(missing, extra):
            role = f":{old_key[1]}:"
            yield self.error(f"{_describe(old_key)} is shown as {_describe(new_key)}: the text of a {role} role "
                             "changed (translatable_roles names the roles a team translates)", ((role, role),))
        for old_key, new_key in _typeset_quotes(missing, extra):
            yield self.error(f"{_describe(old_key)} is shown as {_describe(new_key)}: typographic quotes in code, "
                             "which a reader who copies it gets; use straight quotes")

    def _shown_otherwise(self, missing: _Keys, extra: _Keys, after: _Keys,
                         target: rst.Scan | rst.Parsed, target_text: str) -> "Iterator[Problem]":
        """Code the translation shows, but not as the source's code (taken out of missing): said before any pairing."""
        for key in sorted(missing, key=str):  # on the page, but not as the source's code: said before any pairing
            literals = [k[1] for k in after if k[0] == "literal"]
            marked = [k[-1] for k in target.signature if k[0] in ("role", "interpreted")]
            shown = (_how_shown(key, target_text, literals, marked) if not (after[key] or _inside_other_code(key, after))
                     else _MISSING)
            if shown != _MISSING:
                del missing[key]
                if shown == _AS_LITERAL:
                    extra.pop(("literal", key[1].strip("`")), None)  # the same text, said once
                yield (self.warning if shown in (_AS_LITERAL, _AS_ROLE) else self.error)(f"{_describe(key)} {shown}")

    def _renamed(self, missing: _Keys, extra: _Keys, after: _Keys, source_text: str,
                 target_text: str) -> "Iterator[Problem]":
        """Code whose names changed: a slip, or an example's placeholders in the reader's language."""
        for old_key, new_key, renamed in dict.fromkeys(_renamed_literals(missing, extra, after, source_text, target_text)):
            names = ", ".join(f"{a} → {b}" for a, b in renamed)
            shown = f"{_describe(old_key)} is shown as {_describe(new_key)}"
            # A slip changes one name; an example translated as a whole changes several (voltagem too).
            if _HAS_SYNTAX.search(_code_text(old_key) or "") and not (len(renamed) == 1 and _mistyped(*renamed[0])):
                # Words of a pattern, a tuple, a call written in the reader's language ((key, value),
                # package.module, /path/to/): most often placeholders; a slip where the code needs the name.
                yield self.warning(f"{shown}: names in code written in the reader's language ({names}): right for "
                                   "a placeholder, wrong for a name the code needs; check", renamed)
            else:
                yield self.error(f"{shown}: code changed ({names})", renamed)

    def _left_out_and_added(self, missing: _Keys, extra: _Keys, before: _Keys, after: _Keys,
                            source_text: str) -> "Iterator[Problem]":
        """The source's markup the translation lacks, and markup only the translation has."""
        for key in sorted(missing, key=str):
            if key[0] == "literal" and f"``{key[1]}``\\s" in source_text:
                # ``field``\s: the source makes the name an English noun ("fields"), which a
                # translation may rightly say in words.
                yield self.warning(f"{_describe(key)} (an English plural in the source) is not kept as code")
                continue
            if after[key] or _inside_other_code(key, after):
                # Still shown as code: once where the source repeats it, or within a larger literal.
                yield self.warning(f"{_describe(key)} is in the translation {after[key] or 'only inside other code'}"
                                   f"{' time(s)' if after[key] else ''}, the source {before[key]}: check nothing is lost")
                continue
            yield self.error(f"{_describe(key)} {_MISSING}")
        for key in sorted(extra, key=str):
            # Markup only the translation has still renders: what it replaced,
            # if anything, is reported above as missing.
            what = " (interpreted text)" if key[0] == "interpreted" else ""
            yield self.warning(f"{_describe(key)}{what} is in the translation but not in the source")

    def _in_bulk(self, missing: "collections.Counter[rst.Key]", extra: "collections.Counter[rst.Key]"
                 ) -> "Iterator[Problem]":
        """More markup differs than can be paired one by one: said once each way."""
        for found, severity, where in ((missing, self.error, "of the source are missing from the translation"),
                                       (extra, self.warning, "are in the translation but not in the source")):
            if found:
                yield severity(f"{found.total():,} pieces of markup {where}: "
                               f"{listed([_describe(key) for key in sorted(found.elements(), key=str)])}")

    def _emphasis(self, source: rst.Scan | rst.Parsed, target: rst.Scan | rst.Parsed) -> "Iterator[Problem]":
        if (source.emphasis, source.strong) != (target.emphasis, target.strong):
            yield self.warning(
                f"emphasis/strong differ: source has {source.emphasis} *emphasis* and {source.strong} **strong**, "
                f"translation {target.emphasis} and {target.strong}")


CHECKS = [Markup]
