"""Reading gettext catalogs as gettext does: polib's grammar, several times faster, refusing what
gettext refuses with one line naming the file and line; and what an entry's state is."""

import collections
import gettext
import os
import pathlib
import re
from collections.abc import Iterable, Iterator
from typing import TypeVar, cast

import polib

from sphinx_l10n import L10nError, fileio
from sphinx_l10n.catalogs.layouts import WRAP_WIDTH
from sphinx_l10n.languages import validate_language

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
    field: str | int | None = None  # the string being read, continuation lines included
    parts: list[str] = []
    token: str | tuple[int, str]  # (index, string) for msgstr[n]

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
        obsolete = line[0] == "#" and line[1:2] == "~"
        if obsolete:
            line, obsolete = _unobsolete(line, path, number)
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
        if kind in _COMMENTS:
            state = _add_comment(catalog, entry, kind, line, raw, state)
            continue
        state = kind
        field, parts = _string_start(entry, kind, token, obsolete, path, number)
    if field is not None:
        _store(entry, field, parts)
    if state != "st" and not last_is_comment:
        catalog.append(entry)  # polib drops an entry the file leaves with only comments
    _take_header(catalog)
    return catalog


def _unobsolete(line: str, path: str | os.PathLike[str], number: int) -> tuple[str, bool]:
    """A "#~" line as the line it keeps, and whether it is an obsolete entry's (else the previous
    msgid of one, read as "#| ...")."""
    if line[2:3] == "|":
        return "#" + line[2:], False
    line = line[2:].strip()
    if not line or line[0] == "#":
        raise L10nError(f"{path}:{number}: invalid catalog: not a PO line: #~ {line[:40]}")
    return line, True


_COMMENTS = frozenset({"tc", "gc", "oc", "fl"})


def _add_comment(catalog: polib.POFile, entry: polib.POEntry, kind: str, line: str, raw: str, state: str) -> str:
    """A comment line into its entry (a translator's, an extracted one, occurrences, flags), or
    into the header's comment before any entry; the reader's state after it."""
    if kind == "tc" and state in ("st", "he"):
        comment = _comment_text(raw)
        catalog.header = f"{catalog.header}\n{comment}" if catalog.header else comment
        return "he"
    if kind == "tc":
        comment = _comment_text(raw)
        entry.tcomment = f"{entry.tcomment}\n{comment}" if entry.tcomment else comment
    elif kind == "gc":
        entry.comment = f"{entry.comment}\n{line[3:]}" if entry.comment else line[3:]
    elif kind == "oc":
        for occurrence in line[3:].split():
            where, _, number_text = occurrence.rpartition(":")
            entry.occurrences.append((where, number_text) if where and number_text.isdigit() else (occurrence, ""))
    else:
        entry.flags += [flag.strip() for flag in line[3:].split(",")]
    return kind


def _string_start(entry: polib.POEntry, kind: str, token: str | tuple[int, str], obsolete: bool,
                  path: str | os.PathLike[str], number: int) -> tuple[str | int, list[str]]:
    """The field a keyword line starts (msgstr[n]: its index) and its first string."""
    if kind == "mx":
        index, text = cast("tuple[int, str]", token)
        return index, [_string(text, path, number)]
    if kind == "mi":
        entry.obsolete = obsolete
    return _FIELDS[kind], [_string(cast("str", token), path, number)]


def _take_header(catalog: polib.POFile) -> None:
    """The first header entry out of the entries, into the catalog's metadata: polib's find would
    take the last, where msgfmt refuses the file (load does too)."""
    header = next((e for e in catalog if e.msgid == "" and e.msgctxt is None and not e.obsolete), None)
    if not header:
        return
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


_P = TypeVar("_P", bound="str | os.PathLike[str]")


def readable(paths: Iterable[_P]) -> Iterator[tuple[_P, polib.POFile]]:
    """Each catalog of paths that can be read (load_shared), with its path. One that cannot is
    skipped: the command that reads it as such (update, check) reports it."""
    for path in paths:
        try:
            catalog = load_shared(path)
        except L10nError:
            continue
        yield path, catalog


def _refuse_duplicates(path: pathlib.Path, catalog: polib.POFile, header_line: int) -> None:
    """No two entries with one msgctxt and msgid, the header's msgid "" included: msgfmt refuses
    the file ("duplicate message definition"), and a reader would take one or the other. An
    obsolete copy of a current message, which msgfmt refuses too, is let through: no tool reads
    it, and platforms leave such copies in catalogs that Sphinx builds."""
    header: tuple[str | None, str, bool] = (None, "", False)
    seen: dict[tuple[str | None, str, bool], int | None] = {header: header_line}
    for entry in catalog:
        key: tuple[str | None, str, bool] = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            what = "a second header entry (msgid \"\")" if key == header else \
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
