"""Sentence alignment and sentence-level update, measured on this project's catalogs and on six
real sources (../shared/corpus, ../shared/projects).

    python bench/memory.py --draw    # write bench/labels/alignment.sample.json: 100 paragraphs to label
    python bench/memory.py           # alignment: share sure, and right per the hand labels;
                                     # replayed edits: unchanged sentences kept, stale ones published;
                                     # translation memory: 1,000 lookups in 60,000 entries vs difflib

The sample: translated, finished entries of two to twelve sentences, 100 drawn at random
(seeded): 22 from this project's catalogs, 13 from each other source. Each is labelled by hand in bench/labels/alignment.json:
{key: {"label": "right" | "wrong" | "cannot", "reason": one line}}, where "right" means every
pairing l10n made is a correct translation pairing, and "cannot" that no one-to-one reading
exists (l10n should then say it is not sure).
"""

import argparse
import json
import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(HERE)]

from precision import sources  # noqa: E402
from replay_edits import replay  # noqa: E402

from sphinx_l10n import memory  # noqa: E402
from sphinx_l10n.project_files import finished_entries  # noqa: E402

LABELS = HERE / "labels" / "alignment.json"
SAMPLE = HERE / "labels" / "alignment.sample.json"  # the drawn paragraphs, as aligned when labelled
SAMPLE_SIZE = 100
SEED = 2026
SOURCE_LANGUAGE = {"cpto": "fr"}  # the others' sources are English
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def entries() -> dict[str, list[tuple[str, str, str, str]]]:
    """source name -> [(key, msgid, msgstr, target language)] of finished multi-sentence entries."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    parts = {"cpto": (ROOT, [(ROOT / "locales" / lang / "LC_MESSAGES", lang) for lang in ("en", "de", "es", "ja")])}
    parts.update(sources())
    for name, (root, folders) in parts.items():
        source_lang = SOURCE_LANGUAGE.get(name, "en")
        for folder, lang in folders:
            for path, entry in finished_entries(sorted(folder.rglob("*.po"))):  # broken catalogs skipped
                if 2 <= len(memory.sentences(entry.msgid, source_lang)) <= 12:
                    key = f"{name}:{path.relative_to(root)}:{entry.linenum}"
                    found.setdefault(name, []).append((key, entry.msgid, entry.msgstr, lang))
    return found


def _shown(key: str, msgid: str, msgstr: str, lang: str, source_lang: str) -> dict:
    alignment = memory.align(msgid, msgstr, source_lang, lang)
    return {"key": key, "sure": alignment.sure, "confidence": round(alignment.confidence, 2),
            "pairs": [{"source": [alignment.source[i] for i in s], "target": [alignment.target[j] for j in t]}
                      for s, t in alignment.groups]}


# Paragraphs drawn per source: this project's catalogs, then the corpora and the projects alike.
QUOTA = {"cpto": 22, "python-docs-es": 13, "python-docs-ko": 13, "python-docs-pt-br": 13, "doma-docs": 13,
         "fpm-docs": 13, "archivematica-docs": 13}


def draw(found: dict[str, list[tuple[str, str, str, str]]]) -> None:
    rng = random.Random(SEED)
    sample = [(name, *item) for name, items in found.items() for item in rng.sample(items, QUOTA[name])]
    shown = [_shown(key, msgid, msgstr, lang, SOURCE_LANGUAGE.get(name, "en")) for name, key, msgid, msgstr, lang in sample]
    SAMPLE.write_text(json.dumps(shown, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(shown)} paragraphs to {SAMPLE.relative_to(ROOT)}")


def report_alignment(found: dict[str, list[tuple[str, str, str, str]]]) -> None:
    print(f"{'source':<20}{'entries':>8}{'sure':>8}")
    for name, items in found.items():
        source_lang = SOURCE_LANGUAGE.get(name, "en")
        sure = sum(memory.align(msgid, msgstr, source_lang, lang).sure for _, msgid, msgstr, lang in items)
        print(f"{name:<20}{len(items):>8}{sure / len(items):>8.1%}")
    if not LABELS.exists():
        print(f"no hand labels yet ({LABELS.relative_to(ROOT)}): run --draw and label the sample")
        return
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    todo = {item["key"]: item for item in json.loads(SAMPLE.read_text(encoding="utf-8"))}
    now = {key: _shown(key, msgid, msgstr, lang, SOURCE_LANGUAGE.get(name, "en"))
           for name, items in found.items() for key, msgid, msgstr, lang in items if key in todo}
    changed = [k for k in labels if k not in now or (now[k]["pairs"], now[k]["sure"]) != (todo[k]["pairs"], todo[k]["sure"])]
    if changed:  # a label judges the alignment that was shown; the aligner has changed since
        print(f"{len(changed)} labelled paragraphs align differently now: relabel them (--draw), e.g. {changed[0]}")
        labels = {k: v for k, v in labels.items() if k not in changed}
    equal = lambda k: sum(map(len, (p["source"] for p in todo[k]["pairs"]))) == sum(
        map(len, (p["target"] for p in todo[k]["pairs"])))
    print(f"hand-checked paragraphs: {len(labels)}")
    for name, keys in (("same sentence count", [k for k in labels if equal(k)]),
                       ("different counts", [k for k in labels if not equal(k)])):
        sure = [k for k in keys if todo[k]["sure"]]
        right = sum(labels[k]["label"] == "right" for k in sure)
        unsure = [k for k in keys if not todo[k]["sure"]]
        honest = sum(labels[k]["label"] != "right" for k in unsure)
        print(f"  {name:<20} {len(keys):>3}: sure of {len(sure)}, {right} aligned right ({right / max(1, len(sure)):.1%});"
              f" not sure of {len(unsure)}, {honest} rightly (not alignable as paired)")


def report_replay(found: dict[str, list[tuple[str, str, str, str]]]) -> None:
    print(f"\n{'replayed edits':<20}{'edits':>8}{'kept':>10}{'stale':>8}{'spacing':>10}")
    for name, items in found.items():
        rng = random.Random(SEED)
        sample = rng.sample(items, min(300, len(items)))
        by_lang: dict[str, list[tuple[str, str]]] = {}
        for _, msgid, msgstr, lang in sample:
            by_lang.setdefault(lang, []).append((msgid, msgstr))
        totals = [replay(pairs, SOURCE_LANGUAGE.get(name, "en"), lang) for lang, pairs in by_lang.items()]
        edits, kept = sum(r.edits for r in totals), sum(r.kept for r in totals)
        unchanged, stale = sum(r.unchanged for r in totals), sum(len(r.published_stale) for r in totals)
        spacing = f"{sum(r.spacing_kept for r in totals)}/{sum(r.spacing for r in totals)}"
        print(f"{name:<20}{edits:>8}{kept / max(1, unchanged):>10.1%}{stale:>8}{spacing:>10}")


def _all_entries(folder: pathlib.Path) -> list[tuple[str, str, str]]:
    return [(e.msgid, e.msgstr, f"{path.name}:{e.linenum}") for path, e in finished_entries(sorted(folder.rglob("*.po")))]


def report_speed() -> None:
    """A memory of 60,000 entries (python-docs-es and -pt-br) answering a new catalog of 1,000
    (python-docs-ko's msgids): l10n's index against difflib's scan of every entry, as
    msgmerge --compendium and get_close_matches do, timed on 20 of the queries."""
    import difflib
    import time

    units = (_all_entries(SHARED_CORPUS / "python-docs-es") + _all_entries(SHARED_CORPUS / "python-docs-pt-br"))[:60000]
    queries = [msgid for msgid, _, _ in _all_entries(SHARED_CORPUS / "python-docs-ko")]
    queries = random.Random(SEED).sample(queries, 1000)
    start = time.perf_counter()
    index = memory.Memory()
    for source, target, origin in units:
        index.add(source, target, origin)
    built = time.perf_counter() - start
    start = time.perf_counter()
    answers = [index.lookup(query) for query in queries]
    indexed = time.perf_counter() - start
    sources = [source for source, _, _ in units]
    start = time.perf_counter()
    for query in queries[:20]:
        difflib.get_close_matches(query, sources, n=1, cutoff=memory.CLOSE_MATCH)
    scan = (time.perf_counter() - start) / 20 * len(queries)
    exact = sum(1 for a in answers if a and a[1] == 1.0)
    close = sum(1 for a in answers if a and a[1] < 1.0)
    distinct = len({memory.normal(source) for source in sources})
    print(f"\nmemory of {len(index)} entries ({distinct} distinct sources; built in {built:.1f} s), "
          f"a new catalog of {len(queries)} entries: "
          f"{indexed:.2f} s ({exact} exact, {close} close matches); difflib's scan: {scan:.0f} s "
          f"(from 20 queries); ratio {scan / indexed:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", action="store_true")
    found = entries()
    if parser.parse_args().draw:
        draw(found)
        return
    report_alignment(found)
    report_replay(found)
    report_speed()


if __name__ == "__main__":
    main()
