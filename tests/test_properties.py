"""Property-based tests (hypothesis): update never loses work; parsers never crash."""

import polib
import pytest
from conftest import DATA, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_l10n import L10nError, catalogs
from sphinx_l10n.checks import Check, Unit, all_checks
from sphinx_l10n.checks.dates import find_dates
from sphinx_l10n.checks.numbers import find_numbers
from sphinx_l10n.checks.quotes import find_quotations
from sphinx_l10n.markup import rst

PARAGRAPHS = [line for line in (DATA / "cpto-article.fr.txt").read_text(encoding="utf-8").splitlines() if line.strip()][:20]
TRANSLATED = {e.msgid: e.msgstr for e in catalogs.load(ROOT / "locales/en/LC_MESSAGES/index.po")}


def _catalog(msgids, translations=None):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr=(translations or {}).get(msgid, "")))
    return po


@st.composite
def edited_source(draw):
    """The article's paragraphs after a random series of author edits."""
    paragraphs = list(PARAGRAPHS)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["typo", "add", "remove", "move", "split"]))
        i = draw(st.integers(0, len(paragraphs) - 1))
        if kind == "typo" and len(paragraphs[i]) > 2:
            j = draw(st.integers(0, len(paragraphs[i]) - 1))
            paragraphs[i] = paragraphs[i][:j] + draw(st.sampled_from("eéaîx")) + paragraphs[i][j + 1:]
        elif kind == "add":
            paragraphs.insert(i, draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=80)).strip() or "Ajout")
        elif kind == "remove" and len(paragraphs) > 1:
            paragraphs.pop(i)
        elif kind == "move":
            paragraphs.insert(draw(st.integers(0, len(paragraphs) - 1)), paragraphs.pop(i))
        elif kind == "split" and ". " in paragraphs[i]:
            first, rest = paragraphs[i].split(". ", 1)
            paragraphs[i:i + 1] = [first + ".", rest]
    return list(dict.fromkeys(paragraphs))  # one entry per distinct text, as in a .pot


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_source())
def test_update_keeps_every_translation_attached_fuzzy_or_obsolete(new_paragraphs):
    before = _catalog(PARAGRAPHS, TRANSLATED)
    merged = catalogs.merge(before, _catalog(new_paragraphs))
    merged = polib.pofile(catalogs.render(merged))  # what is written is what is read back
    for old in before:
        if not old.msgstr:
            continue
        kept = [e for e in merged if e.msgstr == old.msgstr and (
            (e.msgid == old.msgid and not e.obsolete and not e.fuzzy)
            or (e.fuzzy and e.previous_msgid == old.msgid)
            or (e.obsolete and e.msgid == old.msgid))]
        assert kept, f"translation of {old.msgid[:40]!r} was lost"
    assert [e.msgid for e in merged if not e.obsolete] == new_paragraphs


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)
MARKUPISH = st.lists(st.sampled_from(["`", "``", "*", "**", "|", "_", "__", ":", "::", "<", ">", "[", "]", "#", "\\", "\n",
                                      " ", "“", "”", "«", "»", "„", "「", "』", "'", '"', "1", "000", ",", ".", "février", "2022",
                                      "http://x.y/", "a@b.co", ":ref:", "- ", "1. ", "..", "raw", "😉", "年", "月"]),
                     max_size=40).map("".join)


REFERENCING = st.lists(st.sampled_from(["`a <b_>`_", "`<c_>`__", "`t <http://x.y/>`_", "`t<u_>`_", "`t < u_>`_", "`u`_", "`v w`__",
                                        "w_", "x__", "|s|_", "|s|__", "[#]_", "[#n]_", "[*]_", "[1]_", "[C9]_", "[a__b]_",
                                        "[2to3]_", ":ref:`r`", ":term:`t <T>`", ":func:`~m.f`", ":token:`~g:x`", ":meth:`~!M.f`",
                                        "::", " ::", " ", "\n", "<", ">", "`", "_", "a", "é", "@", ".", ",", "(", ")", "*", "\\",
                                        "``x``\\는", "*y*\\ s", "\\(", "`BagIt<http://x.y/>`_"]),
                         max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(MARKUPISH, REFERENCING))
def test_where_the_lexer_reads_a_message_for_sphinx_it_reads_as_docutils(text):
    """rst.reading trusts the lexer for the references, footnotes, citations and cross-reference
    targets of a one-line paragraph (a literal-block marker allowed): it must say what docutils says."""
    assert rst.reading(text) == rst.sphinx_reading(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, MARKUPISH))
def test_text_parsers_never_crash(text):
    rst.scan(text)
    rst.parse(text)
    for lang in ("fr", "en", "de", "ja", "xx"):
        find_quotations(text, lang)
        find_numbers(text, lang)
        find_dates(text, lang)


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, MARKUPISH), st.one_of(TEXT, MARKUPISH), st.sampled_from(["en", "de", "es", "ja", "fr"]))
def test_every_check_survives_any_pair(source, target, lang):
    for check in (c for c in all_checks() if isinstance(c, Check)):  # the entry checks
        for problem in check.check(Unit(source, target, "fr", lang)):
            assert problem.severity in ("error", "warning") and problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600) | MARKUPISH.map(lambda t: ('msgid ""\nmsgstr ""\n\nmsgid "' + t + '"\nmsgstr "x"\n').encode()))
def test_catalog_loader_raises_only_its_own_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "f.po"
    path.write_bytes(data)
    try:
        catalogs.load(path)
    except L10nError as exc:
        assert str(exc).startswith(f"{path}:") and "\n" not in str(exc)


# polib reads with str.splitlines(), which also breaks lines at these; gettext does not.
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
PO_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters=_LINE_BREAKS), max_size=120)
WORD = st.text("abcdéß_-./", min_size=1, max_size=12)
_ENTRY_FIELDS = ["msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "obsolete", "comment", "tcomment", "occurrences", "flags", "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "linenum"]


@st.composite
def po_entries(draw):
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(PO_TEXT.filter(bool)), msgctxt=draw(st.none() | PO_TEXT),
        tcomment=draw(PO_TEXT.map(str.strip)), comment=draw(PO_TEXT.map(str.strip)),
        occurrences=draw(st.lists(st.tuples(WORD, st.sampled_from(["", "1", "42"])), max_size=3)),
        flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), max_size=2, unique=True)),
        previous_msgid=draw(st.none() | PO_TEXT.filter(bool)), obsolete=draw(st.booleans()))
    if plural:
        entry.msgid_plural = draw(PO_TEXT.filter(bool))
        entry.msgstr_plural = {i: draw(PO_TEXT) for i in range(draw(st.integers(1, 3)))}
    else:
        entry.msgstr = draw(PO_TEXT)
    return entry


_PREVIOUS = ("previous_msgctxt", "previous_msgid", "previous_msgid_plural")
# polib skips "#~|" lines, so it starts such an obsolete entry a line or two later.
_NOT_POLIBS_FOR_OBSOLETE = (*_PREVIOUS, "linenum")


def _snapshot(catalog):
    # polib drops the "#~|" previous msgid of obsolete entries; our reader keeps it (compared below).
    # polib also drops a comment line's trailing spaces, and a header value's; gettext keeps them, as our reader does.
    return (_trimmed(catalog.header), {key: value.strip() for key, value in catalog.metadata.items()},
            catalog.metadata_is_fuzzy,
            [tuple(None if e.obsolete and name in _NOT_POLIBS_FOR_OBSOLETE
                   else _trimmed(getattr(e, name)) if name == "tcomment" else getattr(e, name) for name in _ENTRY_FIELDS)
             for e in catalog])


def _trimmed(comment):
    return "\n".join(line.rstrip() for line in comment.split("\n")) if comment else comment


def _obsolete_previous(entries):
    return sorted((e.msgctxt or "", e.msgid, *(getattr(e, name) or "" for name in _PREVIOUS)) for e in entries if e.obsolete)


@settings(max_examples=300, deadline=None)
@given(st.lists(po_entries(), max_size=6, unique_by=lambda e: (e.msgctxt, e.msgid, e.obsolete)),
       st.sampled_from([0, 20, 79]), PO_TEXT.map(str.strip))
def test_reader_reads_what_polib_reads(entries, width, header):
    po = polib.POFile(wrapwidth=width)
    po.header = header
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    po.extend(entries)
    text = str(po)
    try:
        expected = _snapshot(polib.pofile(text))
    except OSError:  # polib cannot read some of its own output ("#:0" from a header line ":0")
        with pytest.raises(L10nError):
            catalogs.parse(text)
        return
    ours = catalogs.parse(text)
    assert _snapshot(ours) == expected
    assert _obsolete_previous(ours) == _obsolete_previous(entries)


def test_reader_reads_every_catalog_of_the_repository_as_polib_does():
    paths = [*ROOT.glob("locales/*/LC_MESSAGES/*.po"), *DATA.rglob("*.po")]
    compared = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        try:
            ours = catalogs.parse(text, path)
        except L10nError:
            continue  # tests/data/bad: refused, which the reliability tests cover
        assert _snapshot(ours) == _snapshot(polib.pofile(text)), path
        compared += 1
    assert compared >= 5


ARTICLE_ENTRIES = [e for e in catalogs.load(ROOT / "locales/en/LC_MESSAGES/index.po")]
INLINE_PIECES = st.sampled_from([
    "word", " ", ", ", ". ", "``code``", "``a b``", ":func:`f`", ":ref:`t <label>`", ":pep:`8`", "`text`",
    "`link <https://x.org/a_(b)>`_", "`alias <other_>`_", "`anon <https://y.org>`__", "name_", "época_",
    "|sub|", "[1]_", "[#]_", "[C99]_", "[#Note]_", "name_-a@b.co", "*em*", "**strong**", "https://z.org/p", "a@b.co", "«", "»", "(", ")", "-", "/",
    ":", "'", "\"", "é", "2", "*", "`", "|", "_", "\\", "::", "\n",
    ":x:", ":función:`y`", ":c_func:`y`", "``NULL``:", "``__init__``", "_`t`", "`x`:r:",
    "``x``\\는", "*y*\\ s", "`BagIt<http://x.y/>`_", "[a__b]_", "[2to3]_", "****", "\\,", "\\(", "\\@", "\\ ", "\\a", "\\\\"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(INLINE_PIECES, max_size=14).map("".join) | st.sampled_from([e.msgid for e in ARTICLE_ENTRIES]))
def test_where_the_lexer_read_every_markup_character_docutils_reads_the_same(text):
    """The markup check skips docutils when the lexer accounts for every markup
    character of a plain paragraph: that is only honest if both agree there."""
    from sphinx_l10n.checks.markup import _starts_block
    lexed = rst.scan(text)
    if not lexed.complete or _starts_block(text):
        return
    parsed = rst.parse(text)
    assert not parsed.problems
    assert dict(parsed.signature) == lexed.signature
    assert (parsed.emphasis, parsed.strong) == (lexed.emphasis, lexed.strong)


@settings(max_examples=1000, deadline=None)
@given(st.lists(INLINE_PIECES | st.sampled_from(["- ", "1. ", "(a) ", ":x: ", ">>> ", "| ", ".. ", "__ ", "\t", "----", "::"]),
                max_size=14).map("".join))
def test_one_paragraph_shortcut_reads_as_the_full_docutils_parse(text):
    """The markup check asks docutils' inline parser alone for a line that
    starts no block: it must read exactly what the whole parser reads."""
    if not rst.one_paragraph(text):
        return
    assert rst.parse(text, one_paragraph=True) == rst.parse(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(INLINE_PIECES | st.sampled_from([">>> ", ">>>", "\n", "\n    ", "\n\t", "\n\n", "\n \n\n", "def f():", "- ", ":x: ",
                                                 ".. ", "::", "\n=====", "\n-.-", "+---+---+", "=== ===", "a", "\nb", "\n::", "::\n",
                                                 "=====\n"]),
                max_size=14).map("".join))
def test_what_is_never_a_paragraph_is_none_for_docutils(text):
    """The Sphinx checks skip docutils for a msgid rst.never_a_paragraph rules out: docutils must agree."""
    if rst.never_a_paragraph(text):
        reading = rst.sphinx_reading(text)
        assert reading.first != "paragraph" or reading.paragraphs != 1 or reading.problems
