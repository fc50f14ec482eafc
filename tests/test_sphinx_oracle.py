"""Sphinx is the oracle: the checker's "dropped" and "warned" verdicts agree with a real Sphinx build.

Every entry of tests/data/sphinx-oracle/ (real translations of the Python
documentation) and every hand-made edge case below becomes a paragraph of a
real Sphinx project with its catalog. Sphinx builds it; the HTML tells which
translations it used (translation_progress_classes; before Sphinx 7.1, which
lacks it, a transform adds the same classes from the same mark, the
node['translated'] that Sphinx's own i18n transform sets) and its log which it
warned about. markup/verdict.py must say the same of every one.
"""

import collections
import json
import pathlib
import re
import subprocess
import sys

import polib
import pytest
import sphinx

from sphinx_l10n.checker import check_catalog
from sphinx_l10n.markup import rst
from sphinx_l10n.markup.verdict import verdict

DATA = pathlib.Path(__file__).parent / "data" / "sphinx-oracle"
PER_DOCUMENT = 40

# Not here: an autonumbered footnote reference the translation leaves out ("See [#]_." -> "Voir."):
# docutils' footnote transform then crashes the whole build (Sphinx 9.0, docutils 0.22), and
# sphinx-warning reports it like any other inconsistent footnote reference.
EDGE_CASES = [
    ("Having someone.", "1) Avoir quelqu’un."), ("Having someone.", "Q. Pourquoi ?"),
    ("Having someone.", " Avoir quelqu’un."), ("Having someone.", "- Avoir"), ("Having someone.", ".. note:: Avoir"),
    ("Having someone.", "| Avoir"), ("Having someone.", "I. Avoir"), ("Having someone.", "Avoir\n\nquelqu’un."),
    ("Having someone.", "1\\) Avoir quelqu’un."), ("Having someone.", "Avoir : quelqu’un"), ("Text.", "   "),
    ("Example::", "Exemple ::"), ("Example::", "Exemple :"), ("Example::", "Exemple::"),
    ("See `Porting`_.", "Voir `Portage`_."), ("See `Porting`_.", "Voir `Portage`_. #noqa"),
    ("See `Porting`_ and `Other`_.", "Voir `Other`_ et `Porting`_."),
    ("See :func:`~os.sysconf`.", "Voir :meth:`os.sysconf`."), ("See :class:`.Foo`.", "Voir :class:`Foo`."),
    ("See :term:`object`.", "Voir :term:`objet`."), ("See :term:`object`.", "Voir :term:`objet <object>`."),
    ("See :ref:`intro`.", "Voir :ref:`Intro <intro>`."), ("See :ref:`intro`.", "Voir :ref:`Intro`."),
    ("Call :func:`open()`.", "Appeler :func:`open`."), ("Call :func:`open`.", "Appeler :func:`!open`."),
    ("Call :func:`open` or :func:`close`.", "Appeler :func:`close` ou :func:`open`."),
    ("See [#]_.", "Voir [#]_ !"), ("See [CIT2002]_.", "Voir [CIT2003]_."), ("See [1]_.", "Voir [2]_."),
    ("See *this*.", "Voir *ceci."), ("See *this*.", "Voir *ceci. #noqa"), ("See ``x``.", "Voir ``x``. #noqa"),
    ("See `Python <https://python.org>`_.", "Voir `Python <https://python.org/fr>`_."),
    ("See :pep:`8`.", "Voir :pep:`9`."), ("Press :kbd:`Ctrl`.", "Appuyez sur :kbd:`Strg`."),
    ("See :mod:`os` for :c:func:`open`.", "Voir :c:func:`open` pour :mod:`os`."),
    # Links the translator adds: every link of the source is kept, one more is made.
    ("Open it with :func:`open`.", "L’ouvrir avec :func:`open` (voir aussi :func:`io.open`)."),
    ("Call :func:`open` twice.", "Appeler :func:`open`, puis :func:`open` encore."),
    ("See `Porting`_ first.", "Voir `Porting`_ d’abord ; `Porting`_ dit tout."),
    ("Read `Porting`_ first.", "Lire `Porting`_ d’abord, puis `Autre`_."),
]


def _cases():
    entries = json.loads((DATA / "entries.json").read_text(encoding="utf-8"))
    cases = [(e["source"], e["target"], e["origin"]) for e in entries]
    cases += [(s, t, f"edge case {n}") for n, (s, t) in enumerate(EDGE_CASES)]
    return list({source: (source, target, origin) for source, target, origin in reversed(cases)}.values())[::-1]


def _extlink_roles(cases):
    """Roles Sphinx does not know (the Python docs' own: issue, gh, source...): extlinks roles here."""
    known = set(rst._xref_roles()) | {"pep", "rfc", "dfn", "file", "samp", "kbd", "code", "mailheader", "mimetype",
                                      "program", "command", "manpage", "abbr", "guilabel", "menuselection", "math",
                                      "envvar", "keyword", "option", "term", "ref", "doc", "download", "emphasis",
                                      "strong", "literal", "sub", "sup", "index", "makevar", "regexp", "newsgroup"}
    found = {m for s, t, _ in cases for m in re.findall(r"(?<![:\w]):([\w+.-]+):`", s + t)}
    return sorted(found - known)


_MARKS_BY_TEXT = sphinx.version_info < (7, 1)
# Sphinx before 7.1 has no translation_progress_classes, and its i18n transform removes its own
# mark (node['translated']) before it ends: a paragraph whose text the transform changed used its
# translation (its markup included; a translation identical to its source reads the same either way).
_MARKS = """
from docutils import nodes
from sphinx.transforms import SphinxTransform

class Before(SphinxTransform):
    default_priority = 19  # just before sphinx.transforms.i18n.Locale

    def apply(self):
        for node in self.document.findall(nodes.paragraph):
            node['oracle_source'] = ''.join(str(child) for child in node.children)

class After(SphinxTransform):
    default_priority = 21  # just after it

    def apply(self):
        for node in self.document.findall(nodes.paragraph):
            source = node.attributes.pop('oracle_source', None)
            now = ''.join(str(child) for child in node.children)
            node['classes'].append('untranslated' if source == now else 'translated')

def setup(app):
    app.add_transform(Before)
    app.add_transform(After)
"""


# Reference resolution's warnings (Sphinx before 7.3 prints no [ref.*] type to tell them by).
_RESOLUTION = re.compile(r"unknown \w+|undefined label|term not in glossary|.* reference target not found|more than one target")


def _write_project(folder, cases):
    (folder / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    extlinks = {name: (f"https://example.org/{name}/%s", "%s") for name in _extlink_roles(cases)}
    extensions = ["sphinx.ext.extlinks"]
    if _MARKS_BY_TEXT:
        (folder / "oracle_marks.py").write_text(_MARKS, encoding="utf-8")
        extensions.append("oracle_marks")
    (folder / "conf.py").write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        f"extensions = {extensions!r}\n"
        f"extlinks = {extlinks!r}\n"
        "language = 'es'\nlocale_dirs = ['locale']\ngettext_compact = False\n"
        "translation_progress_classes = True\nshow_warning_types = True\nsuppress_warnings = ['toc.not_included']\n", encoding="utf-8")
    (folder / "index.rst").write_text("Oracle\n======\n", encoding="utf-8")
    places = {}  # (document, index) -> (first line, last line) of the paragraph
    for start in range(0, len(cases), PER_DOCUMENT):
        document = f"doc{start // PER_DOCUMENT:03d}"
        lines, catalog = [":orphan:", ""], polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
        for index, (source, target, _origin) in enumerate(cases[start:start + PER_DOCUMENT], start):
            lines += [f".. entry {index}", ""]
            places[document, index] = (len(lines) + 1, len(lines) + source.count("\n") + 1)
            lines += [*source.split("\n"), ""]
            catalog.append(polib.POEntry(msgid=source, msgstr=target))
        (folder / f"{document}.rst").write_text("\n".join(lines), encoding="utf-8")
        catalog.save(str(folder / "locale" / "es" / "LC_MESSAGES" / f"{document}.po"))
    return places


def _sphinx(folder, builder):
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", builder, "-q", "-N", str(folder), str(folder / "_build" / builder)],
                          capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oracle")
    cases = _cases()
    places = _write_project(folder, cases)
    _sphinx(folder, "gettext")
    extracted = {entry.msgid for pot in (folder / "_build" / "gettext").glob("*.pot") for entry in polib.pofile(str(pot))}
    log = _sphinx(folder, "html").stderr
    used = {}
    for document in sorted({d for d, _ in places}):
        html = (folder / "_build" / "html" / f"{document}.html").read_text(encoding="utf-8")
        classes = re.findall(r'<p class="([^"]*\b(?:un)?translated\b[^"]*)"', html)
        indexes = sorted(i for d, i in places if d == document)
        assert len(classes) == len(indexes), document
        used.update((i, "untranslated" not in c.split()) for i, c in zip(indexes, classes, strict=True))
    warned = collections.defaultdict(list)
    for line in log.splitlines():
        match = re.match(r".*?(doc\d{3})\.rst:(\d+):(<translated>:\d+:)? (?:WARNING|ERROR): (.*?)( \[[\w.]+\])?$", line)
        # The i18n transform's own warnings, and docutils' on the msgstr it parses: not the
        # cross-reference resolution that comes later ([ref.ref], [ref.term]...). Sphinx before 8
        # does not print a warning's type: its message and location tell the same.
        kind = match.group(5) or "" if match else ""
        untyped_docutils = not kind and not _RESOLUTION.match(match.group(4)) if match else False
        if match and (kind.startswith(" [i18n.") or (not kind and match.group(4).startswith("inconsistent "))
                      or (match.group(3) and (kind == " [docutils]" or untyped_docutils))):
            document, number = match.group(1), int(match.group(2))
            index = next(i for (d, i), (first, last) in places.items() if d == document and first <= number <= last + 1)
            warned[index].append(match.group(4))
    return cases, extracted, used, warned, folder


def test_enough_real_entries_reach_sphinx_as_they_are(built):
    cases, extracted, _, _, _ = built
    real = [case for case in cases if not case[2].startswith("edge case") and case[0] in extracted]
    assert len(real) >= 500


def test_the_checker_says_what_sphinx_does_with_every_translation(built):
    cases, extracted, used, warned, _ = built
    disagreements = []
    for index, (source, target, origin) in enumerate(cases):
        if source not in extracted:
            continue  # Sphinx reads this msgid another way in a document: not a case of this test
        shown, noqa = rst.strip_noqa(target)
        ours = verdict(source, shown, noqa=noqa)
        sphinx_used = ours.used if _MARKS_BY_TEXT and shown == source else used[index]  # the same page either way
        if (ours.used, bool(ours.warnings)) != (sphinx_used, bool(warned[index])):
            disagreements.append(f"{origin}: Sphinx used={used[index]} warned={warned[index]}; "
                                 f"l10n used={ours.used} warned={list(ours.warnings)}: {target[:80]!r}")
    assert disagreements == []


def test_the_edge_cases_show_both_verdicts(built):
    """The oracle can fail: the edge cases hold dropped, warned and clean translations."""
    cases, extracted, used, warned, _ = built
    edges = [i for i, case in enumerate(cases) if case[2].startswith("edge case") and case[0] in extracted]
    assert {used[i] for i in edges} == {True, False}
    assert any(warned[i] for i in edges) and any(not warned[i] and used[i] for i in edges)


def _links(paragraph):
    """What a paragraph of a doctree read (not yet resolved) links to: each cross-reference's type
    and target, each named reference's name, each URL."""
    from docutils import nodes
    from sphinx import addnodes

    found = []
    for node in paragraph.traverse(lambda n: isinstance(n, (addnodes.pending_xref, nodes.reference))):
        if isinstance(node, addnodes.pending_xref):
            found.append(("xref", node.get("reftype"), node.get("reftarget")))
        else:
            found.append(("reference", node.get("refname") or node.get("refuri") or node.get("refid")))
    return collections.Counter(found)


def test_a_warning_called_harmless_keeps_every_link_of_the_source(built):
    """Sphinx warns of a translation whose references differ from the source's; markup/verdict.py
    calls that harmless only where the page keeps every link of the source, as Sphinx read it (the
    source in the gettext build's doctrees, the translation in the HTML build's), a glossary term
    aside (a translated glossary defines the translated term)."""
    import pickle

    from docutils import nodes

    cases, extracted, used, _, folder = built
    harmless = {index for index, (source, target, _) in enumerate(cases)
                if source in extracted and used[index] and verdict(source, rst.strip_noqa(target)[0]).harmless}
    added = [index for index in harmless if "(voir aussi" in cases[index][1] or "dit tout" in cases[index][1]]
    assert len(added) == 2  # the edge cases that add a link are among them
    assert not verdict("Read `Porting`_ first.", "Lire `Porting`_ d’abord, puis `Autre`_.").harmless  # a new target
    checked = 0
    for document in sorted({f"doc{index // PER_DOCUMENT:03d}" for index in harmless}):
        source_tree, translated_tree = (
            [node for node in pickle.loads((folder / "_build" / builder / ".doctrees" / f"{document}.doctree").read_bytes())
             .children if isinstance(node, nodes.paragraph)] for builder in ("gettext", "html"))
        for offset, (before, after) in enumerate(zip(source_tree, translated_tree, strict=True)):
            index = int(document[3:]) * PER_DOCUMENT + offset
            if index in harmless:
                lost = [link for link in _links(before) - _links(after) if link[:2] != ("xref", "term")]
                assert not lost, (cases[index][2], cases[index][1], lost)
                checked += 1
    assert checked == len(harmless)


def test_the_findings_of_check_are_the_verdicts(built):
    """`sphinx-l10n check` reports a dropped translation as dropped, a warned one as sphinx-warning: once each."""
    cases, extracted, used, warned, folder = built
    for po_path in sorted((folder / "locale" / "es" / "LC_MESSAGES").glob("*.po")):
        findings, *_ = check_catalog(po_path, "en", lang="es")
        by_msgid = collections.defaultdict(set)
        for finding in findings:
            by_msgid[finding.msgid].add((finding.check, "shows the source" in finding.message))
        for index, (source, target, origin) in enumerate(cases):
            if source not in extracted or source not in {e.msgid for e in polib.pofile(str(po_path))}:
                continue
            found = by_msgid[source]
            assert (("dropped", True) in found) == (not used[index]), (origin, target, found)
            assert any(check == "sphinx-warning" for check, _ in found) == (used[index] and bool(warned[index])), (
                origin, target, found, warned[index])
