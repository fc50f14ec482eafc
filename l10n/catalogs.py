"""Load, merge and write gettext catalogs.

polib does the parsing and the writing; this module adds what a
translation team needs around it: one-line errors naming the file and line,
a canonical format (so editors' rewrapping never pollutes diffs), atomic
writes, and a merge that never drops a translator's work.
"""

import difflib
import os
import pathlib
import re
import tempfile

import polib
from babel.messages.plurals import get_plural

from l10n import L10nError
from l10n.config import babel_locale

# gettext's and powrap's width: what msgcat/msgmerge produce by default.
WRAP_WIDTH = 79
# A previous translation is offered (as fuzzy) for a changed source string
# when they are at least this similar; msgmerge's own threshold is close.
FUZZY_SIMILARITY = 0.6

# The header entry comes first, after any comment lines.
_HEADER_FIRST = re.compile(r'(?:[ \t]*(?:#[^\n]*)?\n)*msgid ""')
_LINE_IN_POLIB_ERROR = re.compile(r"\(line (\d+)\)")
# polib accepts some broken lines silently (an unterminated string, a bad
# escape); one regex pass finds the first line that is not valid PO.
_STRING = r'"(?:[^"\\\n]|\\[ntr"\\abfv?\'0-7x])*"'
_INVALID_LINE = re.compile(
    r"^(?![ \t]*\r?$)(?!#(?![~|]))(?!(?:#[~|][ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"
    + _STRING + r"[ \t]*\r?$).*$",
    re.MULTILINE,
)


def load(path):
    """Parse one .po/.pot file; raise L10nError 'file:line: message' on bad input."""
    path = pathlib.Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"{path}:0: cannot read: {exc.strerror}") from None
    limit = int(float(os.environ.get("L10N_MAX_CATALOG_MB", "20")) * 1024 * 1024)
    if len(data) > limit:
        raise L10nError(f"{path}:1: catalog is {len(data) / 1048576:.0f} MB, over the {limit / 1048576:.0f} MB limit "
                        "(L10N_MAX_CATALOG_MB); split the document")
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
    bad = _INVALID_LINE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        content = bad.group(0)
        if re.search(r'\\[^ntr"\\abfv?\'0-7x]', content):
            problem = "invalid escape sequence " + re.search(r'\\[^ntr"\\abfv?\'0-7x]', content).group(0)
        elif content.count('"') % 2 or not content.rstrip().endswith('"'):
            problem = "unterminated string"
        else:
            problem = "not a PO line: " + content.strip()[:40]
        raise L10nError(f"{path}:{line}: invalid catalog: {problem}")
    try:
        catalog = polib.pofile(text, wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as exc:
        match = _LINE_IN_POLIB_ERROR.search(str(exc))
        line = match.group(1) if match else "1"
        detail = str(exc).split(": ", 1)[-1] if ": " in str(exc) else "syntax error"
        raise L10nError(f"{path}:{line}: invalid catalog: {detail}") from None
    catalog.fpath = str(path)
    if not _HEADER_FIRST.match(text):
        raise L10nError(f"{path}:1: no header entry (msgid \"\") with the catalog's Content-Type and Language")
    seen = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            raise L10nError(f"{path}:{entry.linenum}: duplicate message {entry.msgid[:40]!r} (first at line {seen[key]}); "
                            "msgfmt rejects duplicates: merge them")
        seen[key] = entry.linenum
    _check_plural_forms(path, text, catalog)
    declared = catalog.metadata.get("Content-Type", "")
    charset = re.search(r"charset=([\w.-]+)", declared)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "charset"):
        line = _header_line(text, "Content-Type")
        raise L10nError(f"{path}:{line}: header declares charset {charset.group(1)} but only UTF-8 catalogs are supported; convert the file to UTF-8")
    return catalog


def _check_plural_forms(path, text, catalog):
    """The header's Plural-Forms must have the language's number of forms (CLDR, via Babel)."""
    lang = catalog.metadata.get("Language", "").strip()
    declared = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    if not lang or not declared:
        return
    try:
        locale = babel_locale(lang)
        expected = get_plural(locale)
        rules = locale.plural_form.rules
    except (ValueError, LookupError):
        return  # a language Babel does not know: nothing to compare with
    accepted = {expected.num_plurals}
    if "1000000" in rules.get("many", ""):
        # CLDR's "many" of es, fr, it, pt is for millions in compact notation;
        # gettext catalogs traditionally leave it out (nplurals=2).
        accepted.add(expected.num_plurals - 1)
    if int(declared.group(1)) not in accepted:
        raise L10nError(f"{path}:{_header_line(text, 'Plural-Forms')}: Plural-Forms has nplurals={declared.group(1)} "
                        f"but {lang} has {expected.num_plurals} plural form(s): use \"{expected.plural_forms}\"")


def _header_line(text, field):
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f'"{field}:'):
            return number
    return 1


def render(catalog):
    """The canonical text of a catalog: polib's output at gettext's width."""
    catalog.wrapwidth = WRAP_WIDTH
    return str(catalog).rstrip("\n") + "\n"


def write(catalog, path):
    """Write atomically: readers see the old file or the new one, never half."""
    write_text(path, render(catalog))


def write_text(path, text):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def compile_mo(po_path):
    """Write the .mo beside a .po when it is missing or older, atomically.

    Sphinx would compile it too, but several Sphinx processes building the
    same language in parallel (HTML and PDF) would race writing one file.
    """
    po_path = pathlib.Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    catalog = load(po_path)
    fd, tmp = tempfile.mkstemp(dir=po_path.parent, prefix=f".{mo_path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        catalog.save_as_mofile(tmp)  # translated entries only: fuzzy ones are left out
        os.replace(tmp, mo_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def is_translated(entry):
    """Translated means: a non-empty translation that is not fuzzy."""
    if entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def has_translation(entry):
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def language_of(catalog, path=None):
    """The catalog's language: its Language header, else <lang>/LC_MESSAGES/."""
    return catalog.metadata.get("Language", "").strip() or (language_from_path(path) if path is not None else "") or ""


def language_from_path(path):
    """'de' for locales/de/LC_MESSAGES/index.po; None outside that layout."""
    parts = pathlib.Path(path).parts
    if "LC_MESSAGES" in parts and parts.index("LC_MESSAGES") > 0:
        return parts[parts.index("LC_MESSAGES") - 1]
    return None


def new_header(project, lang, pot_creation_date=""):
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


def merge(po, pot):
    """Bring po up to date with pot, in pot's order; return the merged catalog.

    Nothing translated is lost: an entry whose source string changed is
    attached to the closest new string as fuzzy, with its previous msgid
    (``#| msgid``, as ``msgmerge --previous``); one that no longer matches
    anything is kept as obsolete (``#~``).
    """
    merged = polib.POFile(wrapwidth=WRAP_WIDTH)
    merged.header = po.header
    merged.metadata = dict(po.metadata)
    merged.metadata_is_fuzzy = po.metadata_is_fuzzy

    current = {_key(e): e for e in po if not e.obsolete}
    obsolete = {_key(e): e for e in po if e.obsolete}
    unmatched = []
    for template in pot:
        if template.obsolete:
            continue
        key = _key(template)
        old = current.pop(key, None) or obsolete.pop(key, None)
        entry = _from_template(template)
        if old is not None:
            _copy_translation(old, entry)
            if old.fuzzy:
                entry.flags.append("fuzzy")
            entry.previous_msgctxt = old.previous_msgctxt
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgid_plural = old.previous_msgid_plural
            entry.tcomment = old.tcomment
        else:
            unmatched.append(entry)
        merged.append(entry)

    leftovers = [e for e in current.values() if has_translation(e)]
    used = set()
    for entry in unmatched:
        old = _closest(entry, leftovers)
        if old is None:
            continue
        used.add(id(old))
        _copy_translation(old, entry)
        entry.tcomment = old.tcomment
        entry.flags.append("fuzzy")
        entry.previous_msgctxt = old.previous_msgctxt if old.fuzzy and old.previous_msgid else old.msgctxt
        entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
        if old.msgid_plural:
            entry.previous_msgid_plural = old.previous_msgid_plural or old.msgid_plural

    for old in [*leftovers, *obsolete.values()]:
        if id(old) in used or not has_translation(old):
            continue
        old.obsolete = True
        old.occurrences = []
        merged.append(old)

    if _msgids(po) != _msgids(merged) and pot.metadata.get("POT-Creation-Date"):
        merged.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    return merged


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _msgids(catalog):
    return [(_key(e), e.obsolete) for e in catalog]


def _from_template(template):
    return polib.POEntry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in template.msgstr_plural} if template.msgid_plural else {},
        occurrences=list(template.occurrences),
        comment=template.comment,
        flags=[f for f in template.flags if f != "fuzzy"],
    )


def _copy_translation(old, entry):
    if entry.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = dict(old.msgstr_plural)
        else:
            entry.msgstr_plural = {0: old.msgstr}
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")


def _closest(entry, candidates):
    best, best_ratio = None, FUZZY_SIMILARITY
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(entry.msgid)
    for old in candidates:
        if old.msgctxt != entry.msgctxt:
            continue
        matcher.set_seq1(old.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = old, ratio
    return best


def catalog_files(paths):
    """Expand files and folders into a sorted list of .po files."""
    found = []
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            found.extend(sorted(path.rglob("*.po")))
        else:
            found.append(path)
    return found
