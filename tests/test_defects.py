"""Defect harness: each defect class injected into a copy of a finished catalog is found.

The clean catalogs give no error; one injected defect gives a finding of
the right check on the right entry.
"""

import polib
import pytest
from conftest import ROOT

from sphinx_l10n import catalogs, checker
from sphinx_l10n import config as configuration
from sphinx_l10n.checks.names import load_names

PROJECT = configuration.load(ROOT)
NAMES = load_names(PROJECT.names_file)
LANGS = ["en", "de"]


def _first(po, predicate):
    entry = next((e for e in po if e.msgid and predicate(e)), None)
    assert entry is not None, "no entry to inject this defect into"
    return entry


def lost_closing_quote(po):
    entry = _first(po, lambda e: e.msgstr.count("”") + e.msgstr.count("“") >= 2 and "Cinguino" in e.msgstr)
    closing = "“" if "„" in entry.msgstr else "”"
    index = entry.msgstr.rindex(closing)
    entry.msgstr = entry.msgstr[:index] + entry.msgstr[index + 1:]
    return entry


def lost_quotation(po):
    entry = _first(po, lambda e: "Fabrice des Mazery" in e.msgid and e.msgid.count("“") == 1)
    for mark in "“”„":
        entry.msgstr = entry.msgstr.replace(mark, "")
    return entry


def name_without_diacritic(po):
    entry = _first(po, lambda e: "Benoît Bouffart" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("Benoît", "Benoit")
    return entry


def changed_number(po):
    entry = _first(po, lambda e: "250" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("250", "2500")
    return entry


def changed_month(po):
    entry = _first(po, lambda e: "2022" in e.msgstr and "250" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("February", "March").replace("Februar", "März")
    return entry


def broken_emphasis(po):
    entry = _first(po, lambda e: "*Les organisations" in e.msgstr)
    entry.msgstr = entry.msgstr.rstrip("*").rstrip() if entry.msgstr.endswith("*") else entry.msgstr.replace("Produit*", "Produit")
    return entry


def list_marker(po):
    entry = _first(po, lambda e: e.msgid.startswith("Disposer"))
    entry.msgstr = "- " + entry.msgstr
    return entry


def lost_emoji(po):
    entry = _first(po, lambda e: "😉" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("😉", ";-)")
    return entry


def french_spacing(po):
    entry = _first(po, lambda e: e.msgstr.endswith("CPTO?"))
    entry.msgstr = entry.msgstr[:-1] + " ?"
    return entry


def left_in_french(po):
    entry = _first(po, lambda e: e.msgid.startswith("Mais quel est donc"))
    entry.msgstr += " Et voilà, qu’à peine ce rôle installé dans le paysage hexagonal, un poste hybride apparaît."
    return entry


def leading_newline(po):
    entry = _first(po, lambda e: e.msgid == "Une relative solitude")
    entry.msgstr = "\n" + entry.msgstr
    return entry


def injected_script(po):
    entry = _first(po, lambda e: e.msgid == "Une relative solitude")
    entry.msgstr += "<script>alert(1)</script>"
    return entry


def changed_url(po):
    entry = polib.POEntry(
        msgid="Voir `le livre <https://www.thiga.co/livre>`_ et écrire à contact@thiga.co.",
        msgstr="See `the book <https://www.thiga.co/book>`_ and write to contact@thiga.co.")
    po.append(entry)
    return entry


def marked_fuzzy(po):
    entry = _first(po, lambda e: e.msgid == "Une relative solitude")
    entry.flags.append("fuzzy")
    return entry


def copied_source(po):
    entry = _first(po, lambda e: e.msgid.startswith("Nous qui nous sommes"))
    entry.msgstr = entry.msgid
    return entry


DEFECTS = {
    lost_closing_quote: ("quotes", "error"), lost_quotation: ("quotes", "error"),
    name_without_diacritic: ("names", "error"), changed_number: ("numbers", "error"),
    changed_month: ("dates", "error"), broken_emphasis: ("sphinx-warning", "error"), list_marker: ("dropped", "error"),
    lost_emoji: ("symbols", "error"), french_spacing: ("typography", "error"), left_in_french: ("leftover", "error"),
    leading_newline: ("whitespace", "error"), injected_script: ("unsafe", "error"), changed_url: ("urls", "error"),
    marked_fuzzy: ("fuzzy", "warning"), copied_source: ("unchanged", "warning"),
}


def _check(path, lang):
    findings, *_ = checker.check_catalog(path, PROJECT.source_language, NAMES, lang, policy=PROJECT.policy)
    return findings


@pytest.mark.parametrize("lang", LANGS)
def test_clean_catalog_gives_no_error(lang):
    errors = [f for f in _check(PROJECT.catalog_dir(lang) / "index.po", lang) if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.__name__)
@pytest.mark.parametrize("lang", LANGS)
def test_injected_defect_is_found(lang, defect, tmp_path):
    po = catalogs.load(PROJECT.catalog_dir(lang) / "index.po")
    entry = defect(po)
    path = tmp_path / lang / "LC_MESSAGES" / "index.po"
    catalogs.write(po, path)
    line = next(e.linenum for e in catalogs.load(path) if e.msgid == entry.msgid)
    check_id, severity = DEFECTS[defect]
    found = [(f.check, f.severity) for f in _check(path, lang) if f.line == line]
    assert (check_id, severity) in found, found
    if severity == "warning":
        assert all(s != "error" for _, s in found), found
