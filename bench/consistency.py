"""Precision of the `inconsistent` check on real catalogs, from hand labels.

    python bench/consistency.py --draw   # write bench/labels/inconsistent.sample.json: 60 findings to label
    python bench/consistency.py          # findings per source; precision with its 95% Wilson interval

The check reads a project's catalogs of one language as a whole; here it runs on each source's
catalogs of each language (../shared/corpus, ../shared/projects). 60 findings are drawn at
random (seeded, in proportion to each source's findings, at least 3 each) and labelled by hand
in bench/labels/inconsistent.json: {key: {"label": "real" | "false", "reason": one line}}:
"real" when a reviewer would want the variants made one (or the shared translation fixed).
"""

import argparse
import hashlib
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from precision import sources, wilson  # noqa: E402

from sphinx_l10n.checks.consistency import Place, inconsistencies  # noqa: E402
from sphinx_l10n.project_files import finished_entries  # noqa: E402

LABELS = HERE / "labels" / "inconsistent.json"
SAMPLE = HERE / "labels" / "inconsistent.sample.json"
SAMPLE_SIZE = 60
SEED = 2026


def findings() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for name, (root, parts) in sources().items():
        for folder, lang in parts:
            places = [Place(str(path.relative_to(root)), e.linenum or 0, e.msgctxt, e.msgid, e.msgstr)
                      for path, e in finished_entries(sorted(folder.rglob("*.po")))]
            for place, why in inconsistencies(places):
                found.setdefault(name, []).append({"key": f"{name}:{place.file}:{place.line}: {why[:60]}", "lang": lang,
                                                   "source": place.msgid, "translation": place.msgstr, "why": why})
    return found


def _rank(item: dict) -> str:
    return hashlib.sha256(f"{SEED}:{item['key']}".encode()).hexdigest()


def draw(found: dict[str, list[dict]]) -> None:
    total = sum(map(len, found.values()))
    sample = []
    for items in found.values():
        quota = max(3, round(SAMPLE_SIZE * len(items) / total))
        sample += sorted(items, key=_rank)[:quota]
    SAMPLE.write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(sample)} findings to {SAMPLE.relative_to(HERE.parent)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", action="store_true")
    found = findings()
    if parser.parse_args().draw:
        draw(found)
        return
    for name, items in found.items():
        print(f"{name:<20}{len(items):>6} findings")
    if not LABELS.exists():
        print(f"no labels yet: {LABELS.relative_to(HERE.parent)}")
        return
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    current = {item["key"] for items in found.values() for item in items}
    kept = {key: value for key, value in labels.items() if key in current}
    real = sum(value["label"] == "real" for value in kept.values())
    low, high = wilson(real, len(kept))
    print(f"precision: {real}/{len(kept)} = {real / max(1, len(kept)):.1%} (95% interval {low:.1%}-{high:.1%})"
          + (f"; {len(labels) - len(kept)} labelled findings no longer reported" if len(kept) < len(labels) else ""))


if __name__ == "__main__":
    main()
