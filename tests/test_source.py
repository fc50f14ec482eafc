"""The source holds the whole article, verbatim."""

import re

import polib
from conftest import DATA

from sphinx_l10n.markup import rst

ARTICLE = (DATA / "cpto-article.fr.txt").read_text(encoding="utf-8")


def _prose_msgids(pot_dir):
    return {rst.scan(entry.msgid).prose for path in pot_dir.glob("*.pot") for entry in polib.pofile(str(path))}


def test_every_paragraph_of_the_article_is_a_message(pot_dir):
    msgids = _prose_msgids(pot_dir)
    paragraphs = [line for line in ARTICLE.splitlines() if line.strip()]
    assert len(paragraphs) == 61
    missing = []
    for paragraph in paragraphs:
        text = re.sub(r"^\d\) ", "", paragraph)  # the enumerator is list structure
        if text not in msgids and not (text.startswith("Pour en savoir plus") and text in msgids):
            missing.append(paragraph)
    assert missing == []


def test_the_source_keeps_the_authors_inconsistencies(pot_dir):
    text = "\n".join(_prose_msgids(pot_dir))
    for spelling in ("Benoît Bouffart", "Benoit Bouffart", "LiveMentor", "Livementor", "syndrôme", "syndrome", "😉"):
        assert spelling in text, spelling


def test_extracting_twice_gives_identical_templates(pot_dir, tmp_path):
    from conftest import l10n

    l10n("--build-dir", tmp_path, "extract", check=True)
    pots = sorted(pot_dir.glob("*.pot"))
    assert pots
    for path in pots:
        assert path.read_bytes() == (tmp_path / "gettext" / path.name).read_bytes()
