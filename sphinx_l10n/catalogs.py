"""Load, merge and write gettext catalogs.

polib's objects hold a catalog and polib writes it; this module reads it
(polib's grammar, several times faster, refusing what gettext refuses) and
adds what a translation team needs around it: one-line errors naming the file and line,
a canonical format (so editors' rewrapping never pollutes diffs), atomic
writes, and a merge that never drops a translator's work.
"""

import collections
import copy
import ctypes
import ctypes.util
import dataclasses
import difflib
import functools
import gettext
import itertools
import os
import pathlib
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import cast

import polib
from babel.messages import pofile as babel_pofile
from babel.messages.plurals import get_plural

from sphinx_l10n import L10nError, fileio, memory
from sphinx_l10n.languages import babel_locale, validate_language

# gettext's and powrap's width: what msgcat/msgmerge produce by default.
WRAP_WIDTH = 79
# A previous translation is offered (as fuzzy) for a changed source string
# when they are at least this similar; msgmerge's own threshold is close.
FUZZY_SIMILARITY = 0.6
# CLDR's languages have at most 6 plural forms; gettext sets no bound, but a
# catalog claiming thousands is damaged, not a language.
MAX_PLURALS = 20

# The header entry comes first, after any comment lines.
_HEADER_FIRST = re.compile(r'(?:[ \t]*(?:#[^\n]*)?\n)*msgid ""')
# The reader follows polib's grammar and fills polib's objects (polib still
# writes catalogs and .mo files) but reads several times faster, and it
# refuses every line gettext would refuse, which polib lets through.
# msgfmt's escapes: C's, but not \' nor \?; octal of 1 to 3 digits and hex of any length give bytes.
_STRING = re.compile(r'"(?:[^"\\]|\\(?:[ntr"\\abfv]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"')
_BAD_ESCAPE = re.compile(r'\\(?:[^ntr"\\abfv0-7x]|x(?![0-9A-Fa-f])|$)')
_UNESCAPE = re.compile(r'\\(?:([ntrvbfa"\\])|([0-7]{1,3})|x([0-9A-Fa-f]+))')
_UNESCAPED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", "\\": "\\", '"': '"'}
_PLURAL_MSGSTR = re.compile(r"msgstr\[(\d+)\]\s+(.*)")
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgid_plural": "mp", "msgstr": "ms"}
_PREVIOUS_KEYWORDS = {"msgctxt": "pc", "msgid": "pm", "msgid_plural": "pp"}
_LINE_KINDS = {
    "st": "the start of the file", "he": "a header comment", "tc": "a comment", "gc": "an extracted comment",
    "oc": "a reference comment", "fl": "a flags comment", "ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural",
    "ms": "msgstr", "mx": "msgstr[n]", "pc": "#| msgctxt", "pm": "#| msgid", "pp": "#| msgid_plural",
    "mc": "a continued string",
}
_ANY = frozenset(_LINE_KINDS) - {"mc"}
# Which kind of line may come after which: polib's state machine, the state
# being the kind of the last line that did not continue a string.
_MAY_FOLLOW = {
    "tc": _ANY - {"ct"}, "gc": _ANY, "oc": _ANY, "fl": _ANY, "pc": _ANY, "pm": _ANY, "pp": _ANY,
    "ct": _ANY - {"ct", "mi", "mp"}, "mi": _ANY - {"mi", "mp"},
    "mp": frozenset({"tc", "gc", "pc", "pm", "pp", "mi"}), "ms": frozenset({"mi", "mp", "tc"}),
    "mx": frozenset({"mi", "mx", "mp", "tc"}), "mc": frozenset({"ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"}),
}
_STARTS_ENTRY = frozenset({"tc", "gc", "oc", "fl", "pc", "pm", "pp", "ct", "mi"})
_FIELDS = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr",
           "pc": "previous_msgctxt", "pm": "previous_msgid", "pp": "previous_msgid_plural"}


def _string(token: str, path: str | os.PathLike[str], number: int) -> str:
    """The value of one quoted PO string."""
    inner = token[1:-1]
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' or '"' in inner or "\\" in inner:
        if not _STRING.fullmatch(token):
            escape = _BAD_ESCAPE.search(token)
            if token[:1] != '"':
                problem = "expected a quoted string: " + token[:40]
            elif escape and escape.end() < len(token):
                problem = "invalid escape sequence " + escape.group(0)
            elif closed := _STRING.match(token):
                problem = "text after the closing quote: " + token[closed.end():][:40]
            else:
                problem = "unterminated string"
            raise L10nError(f"{path}:{number}: invalid catalog: {problem}")
        if "\\" in inner:
            return _unescape(inner, path, number)
    return inner


def _unescape(inner: str, path: str | os.PathLike[str], number: int) -> str:
    """A string's escapes decoded as msgfmt decodes them: a numeric escape is a byte
    (0-255), so "\\303\\251" is é; NUL (which ends the compiled string) and bytes
    that are not UTF-8 are refused."""
    if not any(match.group(1) is None for match in _UNESCAPE.finditer(inner)):
        return _UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], inner)
    data, start = bytearray(), 0
    for match in _UNESCAPE.finditer(inner):
        data += inner[start:match.start()].encode("utf-8")
        if match.group(1):
            data += _UNESCAPED[match.group(1)].encode("utf-8")
        else:
            data.append(int(match.group(2), 8) & 0xFF if match.group(2) else int(match.group(3), 16) & 0xFF)
        start = match.end()
    data += inner[start:].encode("utf-8")
    if 0 in data:
        raise L10nError(f"{path}:{number}: invalid catalog: a NUL escape (it would end the compiled string there)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise L10nError(f"{path}:{number}: invalid catalog: escape sequences that make bytes that are not UTF-8") from None


def _classify(line: str, path: str | os.PathLike[str], number: int) -> tuple[str, str | tuple[int, str]]:
    """(kind, token) of one stripped, non-blank line that is not obsolete-marked."""
    first = line[0]
    if first == '"':
        return "mc", line
    if first == "#":
        marker = line.split(None, 1)[0]
        if marker == "#|":
            rest = line[2:].lstrip()
            if rest[:1] == '"':
                return "mc", rest
            keyword, _, token = rest.partition(" ") if " " in rest else rest.partition("\t")
            if keyword in _PREVIOUS_KEYWORDS and token.strip():
                return _PREVIOUS_KEYWORDS[keyword], token.strip()
            raise L10nError(f"{path}:{number}: invalid catalog: not a PO line: {line[:40]}")
        if marker in ("#:", "#,", "#."):
            return {"#:": "oc", "#,": "fl", "#.": "gc"}[marker], line
        if marker == "#" or marker.startswith("##"):
            return "tc", line
        raise L10nError(f"{path}:{number}: invalid catalog: not a PO line: {line[:40]}")
    keyword, _, token = line.partition(" ")
    if "\t" in keyword:
        keyword, _, token = line.partition("\t")
    kind = _KEYWORDS.get(keyword)
    if kind and token.strip():
        return kind, token.strip()
    plural = _PLURAL_MSGSTR.fullmatch(line)
    if plural:
        return "mx", (int(plural.group(1)), plural.group(2).strip())
    raise L10nError(f"{path}:{number}: invalid catalog: not a PO line: {line[:40]}")


def _comment_text(line: str) -> str:
    """A translator comment's text: after "#" and one space, its own trailing spaces kept."""
    comment = line.lstrip().rstrip("\r")[1:]
    return comment[1:] if comment[:1] == " " else comment


def _store(entry: polib.POEntry, field: str | int, parts: list[str]) -> None:
    """Set the string just read: a field's name, or a plural form's index."""
    if isinstance(field, int):
        entry.msgstr_plural[field] = "".join(parts)
    else:
        setattr(entry, field, "".join(parts))


def parse(text: str, path: str | os.PathLike[str] = "<string>") -> polib.POFile:
    """A polib.POFile from PO text; L10nError 'file:line: message' at the first bad line."""
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    catalog.fpath = str(path)
    entry = polib.POEntry(linenum=0)
    state, last_is_comment = "st", False
    field: str | int | None
    parts: list[str]
    token: str | tuple[int, str]  # (index, string) for msgstr[n]
    field, parts = None, []  # the string being read, continuation lines included

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line[0] == '"':  # most lines continue a string: the short way
            if field is None:
                raise L10nError(f"{path}:{number}: invalid catalog: a continued string cannot follow {_LINE_KINDS[state]}")
            inner = line[1:-1]
            parts.append(inner if line[-1] == '"' and len(line) > 1 and '"' not in inner and "\\" not in inner
                         else _string(line, path, number))
            last_is_comment = False
            continue
        obsolete = False
        if line[0] == "#" and line[1:2] == "~":
            if line[2:3] == "|":  # the previous msgid of an obsolete entry, read as "#| ..."
                line = "#" + line[2:]
            else:
                line = line[2:].strip()
                if not line or line[0] == "#":
                    raise L10nError(f"{path}:{number}: invalid catalog: not a PO line: #~ {line[:40]}")
                obsolete = True
        last_is_comment = line[0] == "#" and not obsolete
        if line.startswith('msgid "'):  # the commonest lines, classified without the general path
            kind, token = "mi", line[6:]
        elif line.startswith('msgstr "'):
            kind, token = "ms", line[7:]
        elif line.startswith("#: "):
            kind, token = "oc", line
        else:
            kind, token = _classify(line, path, number)
        if len(line) == 2 and kind in ("oc", "fl", "gc"):
            continue  # an empty comment of these kinds (the line is stripped) carries nothing
        if kind == "mc":
            if field is None:
                raise L10nError(f"{path}:{number}: invalid catalog: a continued string cannot follow {_LINE_KINDS[state]}")
            parts.append(_string(cast("str", token), path, number))
            continue
        if state not in _MAY_FOLLOW[kind]:
            raise L10nError(f"{path}:{number}: invalid catalog: {_LINE_KINDS[kind]} cannot follow {_LINE_KINDS[state]}")
        if field is not None:
            _store(entry, field, parts)
            field = None
        if kind in _STARTS_ENTRY and state in ("ms", "mx"):
            catalog.append(entry)
            entry = polib.POEntry(linenum=number)
        if kind == "tc" and state in ("st", "he"):
            comment = _comment_text(raw)
            catalog.header = f"{catalog.header}\n{comment}" if catalog.header else comment
            state = "he"
            continue
        state = kind
        if kind == "tc":
            comment = _comment_text(raw)
            entry.tcomment = f"{entry.tcomment}\n{comment}" if entry.tcomment else comment
        elif kind == "gc":
            entry.comment = f"{entry.comment}\n{line[3:]}" if entry.comment else line[3:]
        elif kind == "oc":
            for occurrence in line[3:].split():
                where, _, number_text = occurrence.rpartition(":")
                entry.occurrences.append((where, number_text) if where and number_text.isdigit() else (occurrence, ""))
        elif kind == "fl":
            entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif kind == "mx":
            field, token = cast("tuple[int, str]", token)
            parts = [_string(token, path, number)]
        else:
            if kind == "mi":
                entry.obsolete = obsolete
            field, parts = _FIELDS[kind], [_string(cast("str", token), path, number)]
    if field is not None:
        _store(entry, field, parts)
    if state != "st" and not last_is_comment:
        catalog.append(entry)  # polib drops an entry the file leaves with only comments
    # The first header entry: polib's find would take the last, where msgfmt refuses the file (load does too).
    header = next((e for e in catalog if e.msgid == "" and e.msgctxt is None and not e.obsolete), None)
    if header:
        catalog.remove(header)
        # polib stores the flags list itself (its stubs say bool): a list with "fuzzy" is true.
        catalog.metadata_is_fuzzy = header.flags  # type: ignore[assignment]
        key = None
        for line in header.msgstr.splitlines():
            if ":" in line:
                key, value = line.split(":", 1)
                catalog.metadata[key] = value[1:] if value[:1] == " " else value  # the rest is the writer's: kept
            elif key is not None:
                catalog.metadata[key] += "\n" + line.strip()
    return catalog


def load(path: str | os.PathLike[str], data: bytes | None = None) -> polib.POFile:
    """Parse one .po/.pot file (or data, its bytes already read); raise L10nError 'file:line: message' on bad input."""
    path = pathlib.Path(path)
    if data is None:
        data = fileio.snapshot(path).data
    fileio.check_size(path, len(data))  # the file may have grown between fstat and read
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise L10nError(f"{path}:{line}: NUL byte: this is not a text catalog")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise L10nError(f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise L10nError(f"{path}:1: byte-order mark (BOM) at the start: gettext tools reject it; save as UTF-8 without BOM")
    if b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        raise L10nError(f"{path}:{line}: carriage return (CRLF line ends): save the file with LF line ends")
    catalog = parse(text, path)
    first = _HEADER_FIRST.match(text)
    if not first:
        raise L10nError(f"{path}:1: no header entry (msgid \"\") with the catalog's Content-Type and Language")
    _refuse_duplicates(path, catalog, text[:first.end()].count("\n") + 1)
    _check_language(path, text, catalog)
    _check_plural_forms(path, text, catalog)
    declared = catalog.metadata.get("Content-Type", "")
    charset = re.search(r"charset=([\w.-]+)", declared)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "charset"):
        line = _header_line(text, "Content-Type")
        raise L10nError(f"{path}:{line}: header declares charset {charset.group(1)} "
                        "but only UTF-8 catalogs are supported; convert the file to UTF-8")
    return catalog


# Catalogs load_shared keeps, by their bytes: a run reads a large catalog in several checks
# (completeness, freshness, statistics, the source checks); parsed once, it is checked in linear time.
SHARED_BYTES = 32 << 20
_shared: collections.OrderedDict[tuple[str, int, int, int], tuple[polib.POFile, int]] = collections.OrderedDict()


def load_shared(path: str | os.PathLike[str]) -> polib.POFile:
    """load(path), the same catalog for every reader of one run that does not change it (up to
    SHARED_BYTES of catalogs kept, the most recently read); a changed file is read anew."""
    try:
        status = os.stat(path)
    except OSError:
        return load(path)  # which says why it cannot be read
    key = (os.path.abspath(path), status.st_ino, status.st_size, status.st_mtime_ns)
    if key in _shared:
        _shared.move_to_end(key)
        return _shared[key][0]
    catalog = load(path)
    if status.st_size <= SHARED_BYTES:
        _shared[key] = (catalog, status.st_size)
        while sum(size for _, size in _shared.values()) > SHARED_BYTES:
            _shared.popitem(last=False)
    return catalog


def _refuse_duplicates(path: pathlib.Path, catalog: polib.POFile, header_line: int) -> None:
    """No two entries with one msgctxt and msgid, the header's msgid "" included: msgfmt refuses
    the file ("duplicate message definition"), and a reader would take one or the other. An
    obsolete copy of a current message, which msgfmt refuses too, is let through: no tool reads
    it, and platforms leave such copies in catalogs that Sphinx builds."""
    seen: dict[tuple[str | None, str, bool], int | None] = {(None, "", False): header_line}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            what = "a second header entry (msgid \"\")" if key == (None, "", False) else \
                f"duplicate message {entry.msgid[:40]!r}"
            raise L10nError(f"{path}:{entry.linenum}: {what} (first at line {seen[key]}); "
                            "msgfmt rejects duplicates: merge them")
        seen[key] = entry.linenum


def _check_language(path: pathlib.Path, text: str, catalog: polib.POFile) -> None:
    """In <lang>/LC_MESSAGES/, a Language header names that language (or a form of it with a
    region: ja_JP in ja/, as some editors write): Sphinx builds the catalog as the folder's, and
    a header naming another would check it by another language's rules."""
    folder = _folder_language(path)
    declared = catalog.metadata.get("Language", "").strip()
    if folder and declared:
        codes = sorted((declared.replace("-", "_").lower(), folder.replace("-", "_").lower()), key=len)
        if codes[0] != codes[1] and not codes[1].startswith(codes[0] + "_"):
            raise L10nError(f"{path}:{_header_line(text, 'Language')}: the Language header says {declared[:20]!r}, but "
                            f"the catalog is in the folder of {folder!r}, the language Sphinx builds it as: "
                            f"set Language: {folder}")


def _check_plural_forms(path: pathlib.Path, text: str, catalog: polib.POFile) -> None:
    """Plural-Forms is in gettext's grammar, and every plural entry has its number of msgstr[n]:
    what msgfmt and gettext accept. The number is the team's, not compared with Babel's CLDR
    table, which differs between Babel versions (Hungarian: 1 or 2)."""
    nplurals = 2  # gettext's without the header
    if header := catalog.metadata.get("Plural-Forms", ""):
        try:
            nplurals = plural_forms(header)[0]
        except ValueError as exc:
            raise L10nError(f"{path}:{_header_line(text, 'Plural-Forms')}: Plural-Forms {exc}") from None
    _check_plural_entries(path, catalog, nplurals)


# Plural-Forms as gettext reads it: "nplurals=N; plural=EXPRESSION;", nothing else (the last ";" may go).
_PLURAL_FORMS = re.compile(r"[ \t]*nplurals=[ \t]*([0-9]+)[ \t]*;[ \t]*plural=([^;]*);?[ \t]*")
# The tokens of its expressions: n, decimal numbers, parentheses and C's operators.
_PLURAL_TOKEN = re.compile(r"[ \t]*(n\b|[0-9]+|&&|\|\||[=!<>]=|[-+*/%?:<>!()])")


def plural_forms(header: str) -> tuple[int, str]:
    """(nplurals, the plural expression) of a Plural-Forms value in gettext's grammar, the expression
    as plural_expression writes it; ValueError saying why not."""
    match = _PLURAL_FORMS.fullmatch(header)
    if not match:
        raise ValueError('is not "nplurals=N; plural=EXPRESSION;", as gettext reads it')
    digits = match.group(1)
    nplurals = int(digits) if len(digits) < 6 else MAX_PLURALS + 1  # int() refuses 4300 digits
    if not 0 < nplurals <= MAX_PLURALS:
        raise ValueError(f"has nplurals={digits[:12]}: a language has from 1 to {MAX_PLURALS} plural forms")
    return nplurals, plural_expression(match.group(2))


def plural_expression(text: str) -> str:
    """A plural expression written anew from its tokens, one space around each binary operator:
    what a .mo file and the search page's script get, so that nothing but n, numbers and C's
    operators reaches them (the page runs the expression as JavaScript). ValueError if gettext
    cannot compile it: gettext.c2py, as GNUTranslations compiles it when Sphinx loads the
    catalog, checks every token before it builds its function; nothing is evaluated here."""
    written, position, text = "", 0, text.rstrip(" \t")
    while position < len(text):
        token = _PLURAL_TOKEN.match(text, position)
        if token is None:
            raise ValueError(f"cannot be compiled: {text[position:][:20]!r} is not n, a number or an operator")
        word = str(int(token.group(1))) if token.group(1).isdigit() else token.group(1)  # 010 is 8 in JavaScript
        written += word if not written or written[-1] in "(!" or word == ")" else " " + word
        position = token.end()
    try:
        gettext.c2py(written)
    except (ValueError, SyntaxError, RecursionError, MemoryError) as exc:
        raise ValueError(f"cannot be compiled ({exc}): Python's gettext, and so Sphinx, would ignore the whole "
                         "catalog") from None
    return written


def _check_plural_entries(path: pathlib.Path, catalog: polib.POFile, nplurals: int) -> None:
    """Every plural entry has msgstr[0] to msgstr[nplurals - 1], as msgfmt requires."""
    wanted = list(range(nplurals))
    for entry in catalog:
        if entry.msgid_plural and not entry.obsolete and sorted(entry.msgstr_plural) != wanted:
            have = ", ".join(f"msgstr[{n}]" for n in sorted(entry.msgstr_plural)) or "no msgstr[n]"
            raise L10nError(f"{path}:{entry.linenum}: plural entry has {have} but the catalog has "
                            f"nplurals={nplurals}: give msgstr[0] to msgstr[{nplurals - 1}]")


def _header_line(text: str, field: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f'"{field}:'):
            return number
    return 1


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


# ---- Writing: each platform's layout ------------------------------------

@dataclasses.dataclass(frozen=True)
class Layout:
    """How a platform writes catalogs: the line width its strings wrap at (0: only
    after each "\\n", as `msgcat --no-wrap` and Crowdin write), and whose rule breaks
    the lines: gettext's ("gettext", which translate-toolkit, hence Weblate, emulates),
    Babel's own ("babel", which sphinx-intl uses), or polib's ("polib": Python's
    textwrap, as Transifex writes)."""

    name: str
    width: int
    references_width: int
    rule: str = "gettext"
    ending: str = "\n"  # Babel leaves a blank line after the last entry too
    empty_first_line: bool = True  # gettext's `msgid ""` before a string of several lines
    empty_comment: str = "#"  # an empty comment line: polib (so Transifex) writes "# "


LAYOUTS = {layout.name: layout for layout in (
    Layout("gettext", WRAP_WIDTH, WRAP_WIDTH), Layout("weblate", 77, 77),
    Layout("babel", 76, WRAP_WIDTH, rule="babel", ending="\n\n"), Layout("nowrap", 0, WRAP_WIDTH),
    Layout("crowdin", 0, 0, ending="\n\n", empty_first_line=False),
    # polib's default wrapwidth: strings of up to 76 characters between their quotes.
    Layout("transifex", 78, 78, rule="polib", empty_comment="# "))}
GETTEXT = LAYOUTS["gettext"]
# catalog_layout's value for a platform whose layout none of LAYOUTS reproduces: format cannot
# know it, so it checks and rewrites nothing; update writes the entries it changes as gettext does.
PLATFORM = "platform"


def layout_named(name: str) -> Layout:
    """The layout a catalog_layout value writes new and changed entries in."""
    return GETTEXT if name == PLATFORM else LAYOUTS[name]


def render(catalog: polib.POFile, layout: Layout = GETTEXT) -> str:
    """A whole catalog as its platform writes it: the header's lines and fields in
    their own order, then the entries, the obsolete ones last (as msgcat puts them)."""
    header = [("# " + line if line and line[0] != "," else "#" + line) if line else layout.empty_comment
              for line in catalog.header.split("\n")] if catalog.header else []
    if catalog.metadata_is_fuzzy:
        header.append("#, fuzzy")
    fields = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    header += ['msgid ""', *_string_lines("msgstr", fields, dataclasses.replace(layout, empty_first_line=True), "")]
    entries = [entry for entry in catalog if not entry.obsolete] + [entry for entry in catalog if entry.obsolete]
    return "\n\n".join(["\n".join(header), *(_rendered(catalog.fpath, entry, layout) for entry in entries)]) + layout.ending


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


def is_translated(entry: polib.POEntry) -> bool:
    """Translated means: a non-empty translation that is not fuzzy."""
    if entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def language_of(catalog: polib.POFile, path: str | os.PathLike[str] | None = None) -> str:
    """The catalog's language: its <lang>/LC_MESSAGES/ folder (the language Sphinx builds it as),
    else its Language header."""
    return (_folder_language(path) if path is not None else None) or catalog.metadata.get("Language", "").strip()


def _folder_language(path: str | os.PathLike[str]) -> str | None:
    """The language of <lang>/LC_MESSAGES/ when its folder's name is a language code."""
    folder = language_from_path(path)
    try:
        return validate_language(folder) if folder else None
    except L10nError:
        return None


def language_from_path(path: str | os.PathLike[str]) -> str | None:
    """'de' for locales/de/LC_MESSAGES/index.po; None outside that layout."""
    parts = pathlib.Path(path).parts
    if "LC_MESSAGES" in parts and parts.index("LC_MESSAGES") > 0:
        return parts[parts.index("LC_MESSAGES") - 1]
    return None


def new_header(project: str, lang: str, pot_creation_date: str = "") -> dict[str, str]:
    plural = get_plural(babel_locale(lang))
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": pot_creation_date,
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural.plural_forms,
    }


def merge(po: polib.POFile, pot: polib.POFile, *, previous: bool = True, source_lang: str | None = None,
          translations: Callable[[], memory.Memory] | None = None, words: AbstractSet[str] = frozenset()) -> polib.POFile:
    """Bring po up to date with pot, in pot's order; return the merged catalog.

    Nothing translated is lost: an entry whose source string changed is
    attached to the closest new string as fuzzy, with its previous msgid
    (``#| msgid``, as ``msgmerge --previous``, unless previous is false); one
    that no longer matches anything is kept as obsolete (``#~``). Given the
    source language, the translation is brought over sentence by sentence
    (sphinx_l10n.memory.carry_over): the unchanged sentences keep theirs, a translator
    comment names the changed ones, and a change of spacing or quotation marks
    alone keeps the entry translated, and so does a typo fixed where the project
    gave its source language's word list (words; opt-in). A new entry gets the translation memory's
    (translations: made when first needed) exact or close match, else the
    translations it has of the entry's sentences, fuzzy, with their origin in a
    translator comment.
    """
    merged = polib.POFile(wrapwidth=WRAP_WIDTH)
    merged.header = po.header
    merged.metadata = dict(po.metadata)
    merged.metadata_is_fuzzy = po.metadata_is_fuzzy

    current = {_key(e): e for e in po if not e.obsolete}
    obsolete = {_key(e): e for e in po if e.obsolete}
    unmatched: list[polib.POEntry] = []
    # As msgmerge: the catalog's number of plural forms (load has read its header).
    nplurals = plural_forms(po.metadata["Plural-Forms"])[0] if po.metadata.get("Plural-Forms") else 2
    for template in pot:
        if template.obsolete:
            continue
        key = _key(template)
        old = current.pop(key, None) or obsolete.pop(key, None)
        entry = _from_template(template, nplurals)
        if old is not None:
            _copy_translation(old, entry)
            # The catalog's own flags stay (Weblate's python-format, a translator's no-wrap); fuzzy as it was.
            entry.flags += [flag for flag in old.flags if flag not in entry.flags]
            entry.previous_msgctxt = old.previous_msgctxt
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgid_plural = old.previous_msgid_plural
            # update's notes on a changed source last until the translator has confirmed the entry.
            entry.tcomment = old.tcomment if old.fuzzy or not old.msgstr else _without_notes(old.tcomment)
        else:
            unmatched.append(entry)
        merged.append(entry)

    leftovers = [e for e in current.values() if has_translation(e)]
    used: set[int] = set()
    sentences_of: dict[int, set[str]] = {}  # each leftover's, cut once
    for entry in unmatched:
        old = _closest(entry, leftovers) or (_holding_its_sentences(entry, leftovers, source_lang, sentences_of)
                                             if source_lang else None)
        if old is None:
            if translations is not None and not entry.msgid_plural:
                _from_memory(entry, translations(), previous, source_lang, po.metadata.get("Language"))
            continue
        used.add(id(old))
        _copy_translation(old, entry)
        entry.tcomment = _without_notes(old.tcomment)
        if _carried_over(old, entry, source_lang, po.metadata.get("Language"), words):
            continue  # still translated: only its spacing, quotation marks or typos changed
        entry.flags.append("fuzzy")
        if not previous:
            continue
        entry.previous_msgctxt = old.previous_msgctxt if old.fuzzy and old.previous_msgid else old.msgctxt
        entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
        if old.msgid_plural:
            entry.previous_msgid_plural = old.previous_msgid_plural or old.msgid_plural

    for old in [*leftovers, *obsolete.values()]:
        # An entry obsolete already stays as the file has it; one that just went is kept if translated.
        if id(old) in used or (not old.obsolete and not has_translation(old)):
            continue
        gone = copy.copy(old)  # old stays as read: render_update tells the changed entries by it
        gone.obsolete, gone.occurrences = True, []
        merged.append(gone)

    if _msgids(po) != _msgids(merged) and pot.metadata.get("POT-Creation-Date"):
        merged.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    return merged


def _without_notes(comment: str) -> str:
    return "\n".join(line for line in comment.splitlines() if not line.startswith(memory.NOTE))


def _add_notes(entry: polib.POEntry, notes: Iterable[str]) -> None:
    """Add update's notes to the entry's translator comment (Poedit and Weblate show it)."""
    entry.tcomment = "\n".join(filter(None, [entry.tcomment, *notes]))


def _carried_over(old: polib.POEntry, entry: polib.POEntry, source_lang: str | None, lang: str | None,
                  words: AbstractSet[str]) -> bool:
    """Bring old's translation to entry's changed source sentence by sentence (sphinx_l10n.memory), with
    notes for the translator; whether it stays translated. A fuzzy old entry's translation is of
    its previous msgid, and stays fuzzy."""
    if not source_lang or not lang or entry.msgid_plural or old.msgid_plural or not old.msgstr:
        return False
    translated_source = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
    carried = memory.carry_over(translated_source, old.msgstr, entry.msgid, source_lang, lang, words)
    if carried is None:
        return False
    entry.msgstr = carried.msgstr
    _add_notes(entry, carried.notes)
    return carried.translated and not old.fuzzy


def _from_memory(entry: polib.POEntry, translations: memory.Memory, previous: bool, source_lang: str | None,
                 lang: str | None) -> None:
    found = translations.lookup(entry.msgid)
    if found is not None and found[0].sentence and found[1] < 1.0 and source_lang \
            and len(memory.sentences(entry.msgid, source_lang)) > 1:
        found = None  # a paragraph close to one sentence: its sentences are matched one by one
    if found is not None and _code_and_links(found[0].source, entry) != _code_and_links(entry.msgid, entry):
        found = None  # its translation would carry another literal, link target or reference
    if found is None:
        composed = memory.compose(entry.msgid, translations, source_lang, lang) if source_lang and lang else None
        if composed is not None:
            entry.msgstr = composed.msgstr
            entry.flags.append("fuzzy")
            _add_notes(entry, composed.notes)
        return
    unit, ratio = found
    entry.msgstr = unit.target
    entry.flags.append("fuzzy")
    match = "exact match" if ratio == 1.0 else f"{ratio:.0%} match"
    _add_notes(entry, [f"{memory.NOTE}from the translation memory ({match}): {unit.origin}"])
    if previous and ratio < 1.0:
        entry.previous_msgid = unit.source  # Poedit and Weblate show what differs


def _code_and_links(text: str, entry: polib.POEntry) -> tuple[object, ...]:
    """What a proposal must not change, read in the markup of the entry's document: literals,
    roles and their targets, references, substitutions, footnotes, URLs."""
    from sphinx_l10n.markup import myst, rst  # markup readers: loaded only when the memory proposes

    markdown = any(path.endswith(".md") for path, _ in entry.occurrences)
    read = myst.scan(text) if markdown else rst.scan(text)
    return tuple(sorted(read.signature.items())), tuple(sorted(read.urls))


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _msgids(catalog: polib.POFile) -> list[tuple[tuple[str | None, str], bool]]:
    return [(_key(e), e.obsolete) for e in catalog]


def _from_template(template: polib.POEntry, nplurals: int) -> polib.POEntry:
    return polib.POEntry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in range(nplurals)} if template.msgid_plural else {},
        occurrences=list(template.occurrences),
        comment=template.comment,
        flags=[f for f in template.flags if f != "fuzzy"],
    )


def _copy_translation(old: polib.POEntry, entry: polib.POEntry) -> None:
    if entry.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = dict(old.msgstr_plural)
        else:
            entry.msgstr_plural = {0: old.msgstr}
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")


def _closest(entry: polib.POEntry, candidates: Iterable[polib.POEntry]) -> polib.POEntry | None:
    best: polib.POEntry | None
    best, best_ratio = None, FUZZY_SIMILARITY
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(entry.msgid)
    counts = collections.Counter(entry.msgid)
    for old in candidates:
        if old.msgctxt != entry.msgctxt:
            continue
        matcher.set_seq1(old.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        if not memory.comparable(counts, old.msgid):
            continue  # matched by its sentences, if at all (_holding_its_sentences)
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = old, ratio
    return best


def _holding_its_sentences(entry: polib.POEntry, candidates: Iterable[polib.POEntry], lang: str,
                           sentences_of: dict[int, set[str]]) -> polib.POEntry | None:
    """The old entry that holds at least half of the new source's sentences: a paragraph cut
    short is too unlike its old self for a similarity ratio, yet most of it is translated."""
    new = {memory.normal(s) for s in memory.sentences(entry.msgid, lang)}
    best: polib.POEntry | None = None
    best_share = 0.5
    for old in candidates:
        if old.msgctxt != entry.msgctxt:
            continue
        if id(old) not in sentences_of:
            sentences_of[id(old)] = {memory.normal(s) for s in memory.sentences(old.msgid, lang)}
        shared = new & sentences_of[id(old)]
        share = len(shared) / len(new) if new else 0.0
        if share >= best_share and sum(map(len, shared)) >= 20 and (best is None or share > best_share):
            best, best_share = old, share
    return best


def catalog_files(paths: Iterable[str | os.PathLike[str]]) -> list[pathlib.Path]:
    """Expand files and folders into a sorted list of .po files.

    A folder without one stays in the list as itself: reading it is then an
    input error, so that a CI gate with a typo in its path fails."""
    found: list[pathlib.Path] = []
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            found.extend(sorted(path.rglob("*.po")) or [path])
        else:
            found.append(path)
    return found
