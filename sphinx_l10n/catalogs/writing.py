"""Writing catalogs as the project's platform wraps them (po/layouts.py), so that a rewrap never
pollutes a diff; an update rewrites only the entries it changed; .mo files compiled atomically."""

import ctypes
import ctypes.util
import dataclasses
import functools
import itertools
import os
import pathlib
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable

import polib
from babel.messages import pofile as babel_pofile

from sphinx_l10n import L10nError, fileio
from sphinx_l10n.catalogs.layouts import GETTEXT, WRAP_WIDTH, Layout
from sphinx_l10n.catalogs.reading import is_translated, load, plural_forms


def render_update(before: str, old: polib.POFile, merged: polib.POFile, layout: "Layout") -> str:
    """The text of merged, a merge into old (parsed from before), that changes only what changed:
    every entry equal to its old self keeps its old text byte for byte, as its platform wrote it
    (Weblate, Transifex, Crowdin, msgcat wrap each their own way); the header keeps its lines,
    but a new POT-Creation-Date; a changed or new entry is written in the project's layout."""
    lines = before.split("\n")
    starts = sorted((entry.linenum or 1) for entry in old)
    blocks = _blocks(lines, starts)
    kept = {_identity(entry): blocks[entry.linenum or 1] for entry in old}
    written: _Written = {}
    for entry in old:
        written.update(_written_strings(entry, blocks[entry.linenum or 1]))
    parts = [_header_text(lines, starts, old, merged, layout)]
    for entry in merged:
        block = kept.get(_identity(entry))
        # A changed entry: its comments anew, each string it kept in the lines its platform wrote.
        parts.append(block if block is not None else _rendered(old.fpath, entry, layout, written))
    ending = before[len(before.rstrip()):] or "\n"  # the file's own end: "\n", or a blank line too
    return "\n\n".join(part for part in parts if part).rstrip() + ending


def same_messages(old: polib.POFile, merged: polib.POFile) -> bool:
    """Whether a merge changed nothing but location lines: then the catalog is left as it is, as
    sphinx-intl leaves it (the locations follow at the next change of a message)."""
    def located_nowhere(entry: polib.POEntry) -> tuple[object, ...]:
        identity = _identity(entry)
        return identity[:8] + identity[9:]  # all but the occurrences
    return old.header == merged.header and old.metadata == merged.metadata \
        and [located_nowhere(e) for e in old] == [located_nowhere(e) for e in merged]


def _without_comments(block: str) -> list[str]:
    """A block's string lines, as written: what follows its comment lines."""
    lines = block.split("\n")
    first = next((index for index, line in enumerate(lines) if not line.startswith("#") or line.startswith(("#|", "#~"))),
                 len(lines))
    return lines[first:]


def _blocks(lines: list[str], starts: list[int]) -> dict[int, str]:
    """Each entry's own lines (its comments included, blank lines after it left out), by first line."""
    ends = [*starts[1:], len(lines) + 1][:len(starts)]  # a catalog of its header alone has no block
    return {start: "\n".join(lines[start - 1:end - 1]).rstrip("\n ") for start, end in zip(starts, ends, strict=True)}


def _identity(entry: polib.POEntry) -> tuple[object, ...]:
    """Everything a catalog says of an entry: equal identities, equal entries."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())),
            tuple(entry.flags), entry.comment, entry.tcomment, tuple(entry.occurrences), entry.previous_msgctxt,
            entry.previous_msgid, entry.previous_msgid_plural, entry.obsolete)


_POT_DATE_LINE = re.compile(r'^"POT-Creation-Date: [^"\\]*\\n"$', re.MULTILINE)


def _header_text(lines: list[str], starts: list[int], old: polib.POFile, merged: polib.POFile, layout: "Layout") -> str:
    header = "\n".join(lines[:starts[0] - 1] if starts else lines).rstrip("\n ")
    changed = {k for k in {*old.metadata, *merged.metadata} if old.metadata.get(k) != merged.metadata.get(k)}
    if changed - {"POT-Creation-Date"} or merged.header != old.header:
        return render(_only_header(merged), layout).rstrip("\n")
    if changed:
        date = merged.metadata["POT-Creation-Date"]
        header, replaced = _POT_DATE_LINE.subn(lambda _: f'"POT-Creation-Date: {date}\\n"', header, count=1)
        if not replaced:  # the field is folded over lines: written anew
            return render(_only_header(merged), layout).rstrip("\n")
    return header


def _only_header(catalog: polib.POFile) -> polib.POFile:
    header = polib.POFile(wrapwidth=WRAP_WIDTH)
    header.header, header.metadata, header.metadata_is_fuzzy = catalog.header, catalog.metadata, catalog.metadata_is_fuzzy
    return header


def write(catalog: polib.POFile, path: str | os.PathLike[str]) -> None:
    """Write atomically: readers see the old file or the new one, never half."""
    fileio.write_text(path, render(catalog))


def render(catalog: polib.POFile, layout: Layout = GETTEXT) -> str:
    """A whole catalog as its platform writes it: the header's lines and fields in
    their own order, then the entries, the obsolete ones last (as msgcat puts them)."""
    header = [_header_comment(line, layout) for line in catalog.header.split("\n")] if catalog.header else []
    if catalog.metadata_is_fuzzy:
        header.append("#, fuzzy")
    fields = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    header += ['msgid ""', *_string_lines("msgstr", fields, dataclasses.replace(layout, empty_first_line=True), "")]
    entries = [entry for entry in catalog if not entry.obsolete] + [entry for entry in catalog if entry.obsolete]
    return "\n\n".join(["\n".join(header), *(_rendered(catalog.fpath, entry, layout) for entry in entries)]) + layout.ending


def _header_comment(line: str, layout: Layout) -> str:
    """One line of the header's comment. polib writes one that starts with a comma against the "#"
    (making it a flags line to gettext); msgcat and Babel keep the space."""
    if not line:
        return layout.empty_comment
    return "#" + line if line[0] == "," and layout.rule == "polib" else "# " + line


def render_entry(entry: polib.POEntry, layout: Layout = GETTEXT, written: "_Written | None" = None) -> str:
    """One entry, comments first, in the order gettext writes them (written: the lines its strings had)."""
    return "\n".join([*_comment_lines(entry, layout), *_string_part(entry, layout, written)])


def _rendered(path: str | os.PathLike[str] | None, entry: polib.POEntry, layout: Layout,
              written: "_Written | None" = None) -> str:
    """render_entry; a string the layout cannot write is an error naming the entry's place."""
    try:
        return render_entry(entry, layout, written)
    except _Unwritable as exc:
        raise L10nError(f"{path}:{entry.linenum or 1}: {exc}") from None


def _comment_lines(entry: polib.POEntry, layout: Layout) -> list[str]:
    lines = _comments("# ", entry.tcomment, layout, layout.empty_comment) if entry.tcomment else []
    lines += _comments("#. ", entry.comment, layout, "#. ") if entry.comment else []
    lines += _references(entry, layout)
    if entry.flags:
        lines.append("#, " + ", ".join(sorted(entry.flags, key=lambda flag: flag != "fuzzy")))
    return lines


def _comments(marker: str, text: str, layout: Layout, empty: str) -> list[str]:
    """Comment lines (empty: how an empty one is written): gettext never wraps them; polib
    wraps a long one with textwrap."""
    lines = []
    for line in text.split("\n"):
        if layout.rule == "polib" and layout.width and len(marker) + len(line) > layout.width:
            lines += textwrap.wrap(line, layout.width, initial_indent=marker, subsequent_indent=marker,
                                   break_long_words=False)
        else:
            lines.append(marker + line if line else empty)
    return lines


# Lines a platform wrote for one string, by (prefix + keyword, value): reused where the value is unchanged.
_Written = dict[tuple[str, str], list[str]]


def _string_part(entry: polib.POEntry, layout: Layout, written: _Written | None = None) -> list[str]:
    """The previous strings (#|), msgctxt, msgid and msgstr lines; a string whose lines the
    platform already wrote (written) keeps them."""
    fields: list[tuple[str, str, str]] = []  # (keyword, value, prefix)
    prefix = "#~ " if entry.obsolete else ""
    for name in ("msgctxt", "msgid", "msgid_plural"):
        previous = getattr(entry, "previous_" + name)
        if previous is not None:
            fields.append((name, previous, "#~| " if entry.obsolete else "#| "))
    if entry.msgctxt is not None:
        fields.append(("msgctxt", entry.msgctxt, prefix))
    fields.append(("msgid", entry.msgid, prefix))
    if entry.msgid_plural:
        fields.append(("msgid_plural", entry.msgid_plural, prefix))
        fields += [(f"msgstr[{index}]", text, prefix) for index, text in sorted(entry.msgstr_plural.items())]
    else:
        fields.append(("msgstr", entry.msgstr, prefix))
    formatted = any(flag in _FORMAT_FLAGS for flag in entry.flags)  # gettext never breaks a printf directive
    lines: list[str] = []
    for name, value, where in fields:
        kept = written.get((where + name, value)) if written and value else None
        lines += kept if kept is not None else _string_lines(name, value, layout, where, formatted)
    return lines


_FIELD_START = re.compile(r'((?:#~\|? |#\| |#~ )?)(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ')


def _written_strings(entry: polib.POEntry, block: str) -> _Written:
    """The lines of each string of an entry as its block writes them, by (prefix + keyword, value)."""
    values = {"msgctxt": entry.msgctxt, "msgid": entry.msgid, "msgid_plural": entry.msgid_plural,
              "msgstr": entry.msgstr, **{f"msgstr[{i}]": text for i, text in entry.msgstr_plural.items()}}
    previous = {"msgctxt": entry.previous_msgctxt, "msgid": entry.previous_msgid,
                "msgid_plural": entry.previous_msgid_plural}
    found: _Written = {}
    key: tuple[str, str] | None = None
    for line in _without_comments(block):
        start = _FIELD_START.match(line)
        if start:
            where, name = start.groups()
            value = (previous if "|" in where else values).get(name)
            key = (where + name, value) if isinstance(value, str) else None
            if key is not None:
                found[key] = [line]
        elif key is not None:
            found[key].append(line)
    return found


def _references(entry: polib.POEntry, layout: Layout) -> list[str]:
    """`#:` lines, filled up to the layout's width as gettext fills them."""
    places = [f"{where}:{line}" if line else where for where, line in entry.occurrences]
    lines: list[str] = []
    for place in places:
        if lines and len(lines[-1]) + 1 + len(place) <= layout.references_width:  # 0: one a line
            lines[-1] += " " + place
        else:
            lines.append("#: " + place)
    return lines


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
            "\\": "\\\\", '"': '\\"'}
_FORMAT_FLAGS = frozenset({"python-format", "c-format"})
# The printf directives gettext knows, Python's %(name)s included: "30% faster" holds one ("% f").
_PRINTF_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrs%]")
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})  # marks and format characters take no column
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')


# Babel's normalize cuts a line into words with a pattern that reads each run of word characters
# (or of punctuation) again from each of its characters: the square of the run's length (a word
# of 1 MB: hours). The babel layout writes a string only where no run is longer than BABEL_RUN
# (real catalogs: 97 and 71 at most); format and update refuse the catalog, naming the entry.
BABEL_RUN = 256
_LONG_RUN = re.compile(rf"(?<!\w)\w{{{BABEL_RUN + 1}}}|(?<![^\s\w])[^\s\w]{{{BABEL_RUN + 1}}}")


class _Unwritable(L10nError):
    """A string the layout cannot write in bounded time (its entry's place is added by the caller)."""


def _string_lines(name: str, text: str, layout: Layout, prefix: str, formatted: bool = False) -> list[str]:
    """`name "text"` over as many lines as the layout breaks it into (formatted: never inside
    a printf directive)."""
    if layout.rule == "babel":
        if _LONG_RUN.search(text):
            raise _Unwritable(f"{name} holds a run of more than {BABEL_RUN} letters or marks with no space, which the "
                              "babel layout (Babel's wrapping) takes the square of its length to write; shorten it")
        lines = babel_pofile.normalize(text, prefix=prefix, width=layout.width).split("\n")
        return [f"{prefix}{name} {lines[0]}", *lines[1:]]
    if layout.rule == "polib":
        pieces = _polib_pieces(name, text, layout.width, previous="|" in prefix)
    else:
        pieces = _gettext_pieces(f"{prefix}{name} ", text, layout, prefix, formatted)
    return [f'{prefix}{name} "{pieces[0]}"', *(f'{prefix}"{piece}"' for piece in pieces[1:])]


def _gettext_pieces(head: str, text: str, layout: Layout, prefix: str, formatted: bool) -> list[str]:
    """The escaped pieces of a string as gettext cuts it: after each newline, then at the
    line-breaking opportunities that keep each line within the width."""
    portions = [portion for portion in re.split(r"(?<=\n)", text) if portion] or [""]
    width = layout.width - 1 if layout.width else sys.maxsize  # the closing quote's column
    pieces: list[str] = []
    first = True
    for number, portion in enumerate(portions):
        unbreakable = _inside_directives(portion) if formatted else frozenset()
        breaks = _line_breaks(portion, width, len(head) + 1 if first else len(prefix) + 1, len(prefix) + 1, unbreakable)
        if first and layout.empty_first_line and (number + 1 < len(portions) or breaks):
            pieces.append("")
            breaks = _line_breaks(portion, width, len(prefix) + 1, len(prefix) + 1, unbreakable)
        first = False
        pieces += [_escape(portion[start:end]) for start, end in zip([0, *breaks], [*breaks, len(portion)], strict=True)]
    return pieces


def _polib_pieces(name: str, text: str, width: int, previous: bool) -> list[str]:
    """The escaped pieces of a string as polib's writer (Transifex's) cuts it: a string of
    several lines only after each newline, never wrapped; a single line, once too long for
    its keyword's line, wrapped by Python's textwrap at the width less the two quotes."""
    lines = text.splitlines(True)  # Python's line ends, as polib splits
    if len(lines) > 1:
        return ["", *map(_escape, lines)]
    escaped = _escape(text)
    # polib counts the keyword as it names the field ("previous_msgid"), its "#| " not at all.
    keyword = len("previous_" + name if previous else name) + 3
    if not width or len(text) <= width - keyword + len(escaped) - len(text):
        return [escaped]
    return ["", *textwrap.wrap(escaped, width - 2, drop_whitespace=False, break_long_words=False)]


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text) if _NEEDS_ESCAPE.search(text) else text


def _inside_directives(text: str) -> frozenset[int]:
    inside: set[int] = set()
    start = text.find("%")
    while start >= 0:
        match = _PRINTF_DIRECTIVE.match(text, start)
        if match is None:  # gettext's parser stops at the first invalid directive
            break
        inside.update(range(start + 1, match.end()))
        start = text.find("%", match.end())
    return frozenset(inside)


def _line_breaks(text: str, width: int, column: int, next_column: int, unbreakable: frozenset[int]) -> list[int]:
    """Where gettext breaks a string starting at column (next_column after a break):
    greedily at the last break opportunity that keeps each line, its trailing spaces
    included, within width; an escape sequence counts its two columns."""
    if text.isascii() and column + len(text) * 2 <= width:
        return []
    ends = list(itertools.accumulate(map(_escaped_columns, text), initial=0))  # ends[i]: columns of text[:i]
    if column + ends[-1] <= width:
        return []
    chosen: list[int] = []
    start = last = 0
    for index in [*(index for index in _break_opportunities(text) if index not in unbreakable), len(text)]:
        if column + ends[index] - ends[start] > width and last > start:
            chosen.append(last)
            start, column = last, next_column
        last = index
    return chosen


@functools.cache
def _escaped_columns(char: str) -> int:
    """Screen columns of a character once escaped, as gettext counts them: two for an
    escape sequence or an East Asian wide character, none for a mark."""
    if char in _ESCAPES or unicodedata.east_asian_width(char) in "WF":
        return 2
    return 0 if unicodedata.category(char) in _ZERO_WIDTH else 1


@functools.cache
def _escaped_bytes(char: str) -> int:
    return len(_ESCAPES.get(char, char).encode("utf-8"))


def _break_opportunities(text: str) -> list[int]:
    """Indexes a line may break before, as gettext finds them: libunistring's Unicode line
    breaking (UAX #14) on the escaped text, never inside an escape sequence nor before a
    portion's closing newline, when the system has that library (gettext's own); else the
    same rules on a coarse reading of the character classes."""
    library = _libunistring()
    if library is None:
        found = [index for index in range(1, len(text)) if _may_break(text, index)]
    else:
        escaped = _escape(text).encode("utf-8")
        kinds = ctypes.create_string_buffer(len(escaped))
        library.u8_possible_linebreaks(escaped, len(escaped), b"UTF-8", kinds)
        raw = kinds.raw
        if len(escaped) == len(text):  # ASCII without escapes: bytes are characters
            found = [index for index in range(1, len(text)) if raw[index] == _UC_BREAK_POSSIBLE]
        else:
            starts = list(itertools.accumulate(map(_escaped_bytes, text), initial=0))
            found = [index for index in range(1, len(text)) if raw[starts[index]] == _UC_BREAK_POSSIBLE]
    if found and text.endswith("\n") and found[-1] == len(text) - 1:
        found.pop()
    return found


# Without libunistring: UAX #14's pair rules on a coarse reading of its classes.
_CLASS_OF_ASCII = {" ": "SP", "\t": "BA", "\n": "BK", "-": "HY", "/": "SY", "!": "EX", "?": "EX", '"': "QU",
                   "'": "QU", "(": "OP", "[": "OP", "{": "OP", ")": "CP", "]": "CP", "}": "CL", "%": "PO",
                   "$": "PR", "+": "PR", "|": "BA", "\\": "PR",
                   **dict.fromkeys(",.:;", "IS"), **dict.fromkeys("0123456789", "NU")}
_CLASS_OF_PUNCTUATION = {**dict.fromkeys("、。，．）」』】〕〉》〗〙〛｝］", "CL"),
                         **dict.fromkeys("（「『【〔〈《〖〘〚｛［", "OP"), **dict.fromkeys("：；", "IS"),
                         **dict.fromkeys("！？", "EX"), **dict.fromkeys("ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々", "NS"),
                         **dict.fromkeys("‘’“”«»", "QU"), "–": "BA", "\xad": "BA", "—": "B2", "…": "IN",
                         "\u200b": "ZW"}
_NEVER_BETWEEN = frozenset({
    ("AL", "AL"), ("AL", "NU"), ("NU", "AL"), ("NU", "NU"), ("IS", "NU"), ("SY", "NU"), ("HY", "NU"),
    ("PR", "NU"), ("PR", "AL"), ("PR", "OP"), ("PO", "NU"), ("PO", "AL"), ("PO", "OP"), ("NU", "PO"), ("NU", "PR"),
    ("AL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "NU"), ("ID", "PO"), ("PR", "ID"), ("AL", "PR"), ("AL", "PO"),
    ("CP", "PR"), ("CL", "PR"), ("B2", "B2")})


@functools.cache
def _line_break_class(char: str) -> str:
    if char in _CLASS_OF_ASCII or char.isascii():
        return _CLASS_OF_ASCII.get(char, "AL")
    if char in _CLASS_OF_PUNCTUATION:
        return _CLASS_OF_PUNCTUATION[char]
    if unicodedata.category(char) in ("Mn", "Mc", "Me"):
        return "CM"
    return "ID" if unicodedata.east_asian_width(char) in "WF" else "AL"


def _may_break(text: str, index: int) -> bool:
    """UAX #14 between text[index - 1] and text[index], read as gettext sees them: escaped,
    so a quote, a backslash or a control character begins with a backslash (PR)."""
    after = "PR" if text[index] in _ESCAPES else _line_break_class(text[index])
    if after in ("SP", "BK", "CL", "CP", "EX", "IS", "SY"):
        return False
    before = _line_break_class(text[index - 1])
    if before == "ZW":
        return True
    if before == "SP":  # after spaces, unless they follow an opening bracket
        previous = index - 1
        while previous >= 0 and text[previous] == " ":
            previous -= 1
        return previous < 0 or _line_break_class(text[previous]) != "OP"
    if after in ("QU", "BA", "HY", "NS", "CM", "IN") or before in ("OP", "QU"):
        return False
    return (before, after) not in _NEVER_BETWEEN


@functools.cache
def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    try:
        library = ctypes.CDLL(name or "libunistring.so.2")
        function = library.u8_possible_linebreaks
    except (OSError, AttributeError):
        return None
    function.restype = None
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
    return library


_UC_BREAK_POSSIBLE = 2


def compile_mo(po_path: str | os.PathLike[str], mo_path: str | os.PathLike[str],
               leave_out: Callable[[polib.POEntry], str] | None = None) -> list[str]:
    """Compile po_path into mo_path, atomically.

    leave_out says why an entry's translation is not to be compiled ("" when it is);
    returns a `file:line: ...` line for each left out. Sphinx would compile the
    catalog too, but several Sphinx processes building the same language in
    parallel (HTML and PDF) would race writing one file.
    """
    po_path, mo_path = pathlib.Path(po_path), pathlib.Path(mo_path)
    catalog = load(po_path)
    left_out = []
    for entry in catalog:
        if leave_out is not None and entry.msgid and is_translated(entry) and (why := leave_out(entry)):
            left_out.append(f"{po_path}:{entry.linenum}: translation not used, the page shows the source: {why}")
            entry.flags.append("fuzzy")  # fuzzy entries are not compiled
    if catalog.metadata.get("Plural-Forms"):  # written from what was read, not copied
        catalog.metadata["Plural-Forms"] = "nplurals={}; plural={};".format(*plural_forms(catalog.metadata["Plural-Forms"]))
    with (fileio.refused_as(mo_path, "cannot write the compiled catalog", "its language is not built"),
          fileio.replacing(mo_path) as tmp):
        catalog.save_as_mofile(tmp)  # translated entries only: fuzzy ones are left out
    return left_out
