"""Sample the entries of tests/data/sphinx-oracle/ from ../shared/corpus (run once; the result is committed).

    python bench/oracle_sample.py

Translated, non-fuzzy entries whose msgid reads as one paragraph, from the
three Python-documentation translations: most of them with markup (roles,
references, footnotes, literals), the rest at random, and every one whose
msgstr starts like a block (a list item, an indented line), where Sphinx
drops translations. tests/test_sphinx_oracle.py builds them with Sphinx.
"""

import json
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sphinx_l10n import L10nError, catalogs  # noqa: E402
from sphinx_l10n.markup import rst  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "tests" / "data" / "sphinx-oracle" / "entries.json"
SOURCES = {"python-docs-es": "es", "python-docs-ko": "ko", "python-docs-pt-br": "pt_BR"}
PER_SOURCE = {"markup": 150, "plain": 30}
_MARKUP = re.compile(r"`|\]_|\w_\b|\*|\|")
_BLOCKISH = re.compile(r"\s|\S{1,4}[.)]\s|[-*+|]\s|\.\.\s|:\w+:\s")
# Roles the oracle's project can define: Sphinx's own, and any other as an extlinks role.
_ROLE = re.compile(r":([\w:+.-]+):`")


def candidates(folder: pathlib.Path, lang: str) -> list[dict[str, str]]:
    found = []
    for path in sorted(folder.rglob("*.po")):
        try:
            catalog = catalogs.load(path)
        except L10nError:
            continue  # a catalog gettext itself refuses (one of python-docs-es has a broken line)
        for entry in catalog:
            if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgstr or entry.msgstr == entry.msgid:
                continue
            reading = rst.sphinx_reading(entry.msgid)
            if reading.first != "paragraph" or reading.paragraphs != 1 or reading.problems:
                continue
            found.append({"source": entry.msgid, "target": entry.msgstr, "lang": lang,
                          "origin": f"{folder.name}/{path.relative_to(folder)}:{entry.linenum}"})
    return found


def main() -> None:
    rng = random.Random(2026)
    chosen = []
    for name, lang in SOURCES.items():
        entries = candidates(CORPUS / name, lang)
        blockish = [e for e in entries if _BLOCKISH.match(e["target"])]
        markup = [e for e in entries if _MARKUP.search(e["source"]) and e not in blockish]
        plain = [e for e in entries if not _MARKUP.search(e["source"]) and e not in blockish]
        chosen += blockish + rng.sample(markup, PER_SOURCE["markup"]) + rng.sample(plain, PER_SOURCE["plain"])
    OUT.write_text(json.dumps(chosen, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(chosen)} entries written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
