"""Every configured language, held to its status's rules (parametrized by code)."""

import datetime
import html
import itertools
import re
import shutil
import subprocess
import zlib

import pytest
from conftest import ROOT, l10n

from sphinx_l10n import catalogs, languages, stats
from sphinx_l10n import config as configuration
from sphinx_l10n.checks.names import load_names
from sphinx_l10n.sphinxext.pdf import SOURCE_SWITCH, progress_notice, publication_date

PROJECT = configuration.load(ROOT)
RELEASE = PROJECT.release_languages
IN_PROGRESS = [code for code, status in PROJECT.languages.items() if status != "release"]
NAMES = load_names(PROJECT.names_file)["names"]
SOURCE_TEXT = "\n".join(e.msgid for p in PROJECT.catalog_dir(RELEASE[0]).glob("*.po") for e in catalogs.load(p))
NAMES_IN_SOURCE = [name for name in NAMES if name in SOURCE_TEXT]
# Sentences of the French source that must not appear on a translated page.
FRENCH_SENTENCES = ["Mais quel est donc cet être étrange ?", "Pourquoi avoir un CPTO ?", "Les limites du rôle de CPTO"]


def _page_text(path):
    """A page's text, as the reader copies it."""
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _stats(lang):
    return stats.collect(stats.gather(PROJECT, languages=[lang]))[lang]


def _translated(lang, msgid_start):
    """The translation (in the source language: the msgid) of the index entry starting so."""
    folder = PROJECT.catalog_dir(lang if lang in PROJECT.languages else RELEASE[0])
    entry = next(e for e in catalogs.load(folder / "index.po") if e.msgid.startswith(msgid_start))
    return entry.msgstr if lang in PROJECT.languages else entry.msgid


@pytest.mark.parametrize("lang", RELEASE)
def test_release_language_is_complete(lang):
    counts = _stats(lang)
    assert counts["total"] > 0
    assert (counts["untranslated"], counts["fuzzy"], counts["percent"]) == (0, 0, 100.0)


@pytest.mark.parametrize("lang", RELEASE)
def test_release_language_keeps_every_name(lang):
    missing = []
    for path in PROJECT.catalog_dir(lang).glob("*.po"):
        for entry in catalogs.load(path):
            for name in NAMES:
                if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", entry.msgid) and name not in entry.msgstr:
                    missing.append((name, entry.msgid[:40]))
    assert missing == []


@pytest.mark.parametrize("lang", IN_PROGRESS)
def test_in_progress_language_is_partly_translated_never_copied(lang):
    counts = _stats(lang)
    assert 40.0 <= counts["percent"] <= 80.0
    for path in PROJECT.catalog_dir(lang).glob("*.po"):
        for entry in catalogs.load(path):
            # A message of placeholders and entities only ("&#169; %(copyright)s.") is the same in any language.
            words = re.sub(r"%\(\w+\)s|%s|&#?\w+;", "", entry.msgid)
            assert entry.msgstr != entry.msgid or not entry.msgstr or not re.search(r"[^\W\d_]{2}", words), entry.msgid


@pytest.mark.parametrize("lang", [PROJECT.source_language, *PROJECT.languages])
def test_html_page_is_in_its_language(site, lang):
    page = site / "html" / lang / "index.html"
    assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8")
    text = _page_text(page)
    for name in NAMES_IN_SOURCE if PROJECT.languages.get(lang, "release") == "release" else []:
        assert name in text, f"{name} missing from {page}"
    french = [s for s in FRENCH_SENTENCES if s in text]
    if lang == PROJECT.source_language:
        assert french == FRENCH_SENTENCES
    elif PROJECT.languages[lang] == "release":
        assert french == []


@pytest.mark.parametrize("lang", [PROJECT.source_language, *PROJECT.languages])
def test_pdf_shows_the_names_and_the_emoji(site, lang):
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required: install it (`make system-deps` as root)"
    pdf = site / "pdf" / f"{PROJECT.project}-{lang}.pdf"
    assert pdf.is_file()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for name in NAMES_IN_SOURCE:
        assert name in flat or name.replace("-", "- ") in flat, f"{name} missing from {pdf.name}"
    assert "😉" in text
    expected = _translated(lang, "Le CPTO, un rôle")
    # Some engines set two horizontal bars as one two-em dash glyph (⸺).
    flat_text = "".join(text.split()).replace("⸺", "――")
    assert "".join(expected.split()) in flat_text, f"{pdf.name} lacks its title {expected!r}"
    log = (site / "latex" / lang / f"{PROJECT.project}.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


def test_english_page_is_the_english_article(site):
    text = _page_text(site / "html" / "en" / "index.html")
    assert "Why have a CPTO?" in text or "Why Have a CPTO?" in text


@pytest.mark.parametrize("lang", list(PROJECT.languages))
def test_catalog_passes_the_consistency_checks(lang):
    """`make check` as a test per locale: CI shows which language fails and why."""
    from sphinx_l10n import checker

    names = load_names(PROJECT.names_file)
    errors = []
    for path in sorted(PROJECT.catalog_dir(lang).glob("*.po")):
        findings, *_ = checker.check_catalog(path, PROJECT.source_language, names, lang)
        errors += [f"{f.file}:{f.line}: [{f.check}] {f.message}" for f in findings if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("lang", [PROJECT.source_language, *PROJECT.languages])
def test_status_page_is_built_and_linked(site, lang):
    import xml.etree.ElementTree as ET

    page = (site / "html" / lang / "status.html").read_text(encoding="utf-8")
    for code in PROJECT.languages:
        assert f"({code})" in page
    from sphinx_l10n import interface

    link = f'<a href="status.html">{interface.gettext(lang, "Translation status")}</a>'  # in the site's language
    assert link in (site / "html" / lang / "index.html").read_text(encoding="utf-8")
    assert (lang == "en") == (link == '<a href="status.html">Translation status</a>')
    from babel.numbers import format_percent

    from sphinx_l10n.languages import babel_locale

    # The chart: each language's completion as the page's language writes it, and its status in words.
    percents = {c: stats.collect(stats.gather(PROJECT, languages=[c]))[c]["percent"] for c in PROJECT.languages}
    values = re.findall(r'<span class="l10n-chart-value">(.*?)</span></li>', page)
    assert [v.split(" · ")[0] for v in values] == [format_percent(percents[c] / 100, locale=babel_locale(lang))
                                                   for c in PROJECT.languages]
    words = [interface.gettext(lang, "published" if PROJECT.languages[c] == "release" else "in progress")
             for c in PROJECT.languages]
    assert all(word in value for word, value in zip(words, values, strict=True))
    svg = ET.parse(site / "html" / "l10n-status.svg").getroot()  # the badge, for a README
    labels = [t for t in svg.iter("{http://www.w3.org/2000/svg}text") if "%" in t.text]
    assert [label.text.split("%")[0] for label in labels] == [f"{percents[c]:.0f}" for c in PROJECT.languages]
    # Each figure stands right of the bars, inside the picture: no bar covers it, nothing cut off.
    track_end = max(float(r.get("x")) + float(r.get("width")) for r in svg.iter("{http://www.w3.org/2000/svg}rect"))
    assert all(track_end < float(label.get("x")) < float(svg.get("width")) - 100 for label in labels)


def test_rebuild_with_nothing_changed_starts_no_sphinx(site):
    result = l10n("--build-dir", site, "build")
    assert result.returncode == 0
    rows = [line.split() for line in result.stdout.splitlines() if line.split()[:1] and line.split()[0] in PROJECT.all_languages]
    assert len(rows) == 2 * len(PROJECT.all_languages)
    assert all(row[-3:] == ["up", "to", "date"] for row in rows), result.stdout


def test_paragraphs_left_in_french_say_so(site):
    """A screen reader reads the French fallback of the Japanese page with a French voice."""
    import sphinx

    page = (site / "html" / "ja" / "index.html").read_text(encoding="utf-8")
    if sphinx.version_info < (7, 1):  # no translation_progress_classes: nothing marks them
        assert "untranslated" not in page
        return
    untranslated = len(re.findall(r'<(?:p|h\d) class="untranslated" lang="fr">', page))
    ja = stats.collect(stats.gather(PROJECT, languages=["ja"]))["ja"]
    assert untranslated == ja["untranslated"] + ja["fuzzy"] > 0
    assert 'class="untranslated"' not in (site / "html" / "de" / "index.html").read_text(encoding="utf-8")


def _pdf_info(pdf):
    lines = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _pdf_objects(pdf):
    """The PDF's bytes and its decompressed streams: xdvipdfmx may put the catalog in an object stream."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.mark.parametrize("lang", [PROJECT.source_language, *PROJECT.languages])
def test_pdf_reads_as_published_work(site, lang):
    """Paper of the language's locale, full metadata, the article's date, and the notice of a
    language in progress on its title page."""
    pdf = site / "pdf" / f"{PROJECT.project}-{lang}.pdf"
    info = {key: value.strip() for key, value in _pdf_info(pdf).items()}
    assert info["Page size"].endswith("(letter)" if languages.paper_size(lang) == "letter" else "(A4)")
    assert " ".join(info["Title"].split()) == " ".join(_translated(lang, "Le CPTO, un rôle").split())
    assert info["Author"] == "Thiga"
    assert info["Subject"] == _translated(lang, "Ni seulement CPO")
    assert info["Keywords"] == _translated(lang, "CPTO, CTPO")
    assert f"/Lang({lang.replace('_', '-')})".encode() in _pdf_objects(pdf)
    first = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(first.split())
    assert "".join(publication_date("2022-02", lang).split()) in flat
    assert str(datetime.date.today().year) not in first  # not the build's date
    status = PROJECT.languages.get(lang, "source")
    percent = _stats(lang)["percent"] if status == "in-progress" else 0.0
    notice = "".join("".join(progress_notice(lang, percent, PROJECT.source_language)).split())
    assert (notice in flat) == (status == "in-progress")


@pytest.mark.parametrize("lang", IN_PROGRESS)
def test_pdf_sets_the_fallback_passages_in_the_source_language(site, lang):
    tex = (site / "latex" / lang / f"{PROJECT.project}.tex").read_text(encoding="utf-8")
    untranslated = [e.msgid for e in catalogs.load(PROJECT.catalog_dir(lang) / "index.po")
                    if not e.msgstr and "\n" not in e.msgid and e.msgid[:1].isupper()]
    wrapped = [line for line in tex.splitlines() if line.startswith("{" + SOURCE_SWITCH + "{}")]
    assert len(wrapped) >= 5 and any(msgid[:30] in "".join(wrapped) for msgid in untranslated)
    assert not any(line.startswith("{" + SOURCE_SWITCH) and re.search(r"[\u3040-\u30ff]", line) for line in wrapped)
    text = subprocess.run(["pdftotext", str(site / "pdf" / f"{PROJECT.project}-{lang}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    # CJK rules set a full-width gap after ’ and ” in French ("l’ imposteur", "” ,"), break a line
    # after an apostrophe ("c’" / "est") and centre the ellipsis (⋯).
    assert re.findall(r"\w’ [a-zà-ÿ]|” [,.]", text) == []
    french_lines = [line for line in text.splitlines() if re.search(r"[a-zà-ÿ]{3}", line)
                    and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line)]
    assert len(french_lines) > 20
    assert [line for line in french_lines if line.endswith("’") or "⋯" in line] == []


# German punctuation of quotations (Duden). Kept as a test of this project's German catalog,
# not a check: the corpora l10n's precision is measured on have no German to prove it on.
# A quoted sentence standing alone (it opens the sentence, or follows a colon) ends inside
# its marks: „Das ist so.“ One embedded in a sentence keeps the stop outside: „eine Mode“.
_STANDALONE_STOP_OUTSIDE = re.compile(r"(?:^|[.!?…:]\s+)„[^„“]*[^.!?…„“]“\.")
# French writes the speaker inside the quotation (“A, explique X, B”); German closes it first.
_SPEAKER_INSIDE = re.compile(r"„[^„“]*, (?:erklärt|sagt|berichtet|antwortet|erzählt|fährt|betont|meint|fügt)\b[^„“]*“")


@pytest.mark.parametrize("lang", [code for code in PROJECT.languages if languages.base_language(code) == "de"])
def test_german_quotations_are_punctuated_as_german(lang):
    wrong = [(path.name, entry.linenum, match.group()[-60:])
             for path in PROJECT.catalog_dir(lang).glob("*.po") for entry in catalogs.load(path)
             for pattern in (_STANDALONE_STOP_OUTSIDE, _SPEAKER_INSIDE) for match in pattern.finditer(entry.msgstr)]
    assert wrong == []


@pytest.mark.parametrize("lang", [code for code in [PROJECT.source_language, *RELEASE]
                                  if languages.base_language(code) not in ("ja", "zh", "ko")])
def test_pdf_never_hyphenates_a_name_or_an_acronym(site, lang):
    """Each word of a reviewed name and each acronym is boxed, where LaTeX cannot break it."""
    tex = (site / "latex" / lang / f"{PROJECT.project}.tex").read_text(encoding="utf-8")
    assert r"\mbox{CPTO}" in tex and r"\mbox{Cinguino}" in tex
    text = subprocess.run(["pdftotext", str(site / "pdf" / f"{PROJECT.project}-{lang}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    words = {word for name in NAMES for word in name.split() if len(word) >= 5}
    broken = []
    for line, following in itertools.pairwise(text):
        end = re.search(r"(\w+)-$", line)
        if end and following.split():
            joined = end.group(1) + re.match(r"\w*", following.split()[0]).group()
            if joined in words or re.fullmatch(r"[A-Z]{2,}s?", joined):
                broken.append(joined)
    assert broken == []


def test_no_page_holds_a_soft_hyphen(site):
    """Browsers hyphenate by the page's lang (l10n.css): nothing invisible is written into the text."""
    pages = sorted((site / "html").rglob("*.html"))
    assert len(pages) > 4
    assert [str(p.relative_to(site / "html")) for p in pages if "\u00ad" in p.read_text(encoding="utf-8")] == []
