"""Precision of `sphinx-l10n check` on nine real sources, from hand labels.

    python bench/precision.py            # per source: precision, 95% Wilson interval, n, first look
    python bench/precision.py --draw     # write bench/labels/<source>.todo.json: sampled findings still unlabelled

For each source (six Python-documentation translations, three whole
Sphinx projects with their languages pooled), `sphinx-l10n check` runs on its
catalogs; the sample is the 50 error findings whose keys hash lowest (a
random draw that a change of the checker alters only where it adds or
removes findings). Each is labelled by hand in bench/labels/<source>.json:
{key: {"label": "real" | "false", "reason": one line, "message": "true" |
"untrue" (whether the message says what the page shows; newer labels)}},
and "_drawn": the commit and command of the source's first draw, with its
first-look figure (real, n): the precision a new team saw before any change
made for that source. Every error finding is on a finished entry: a fuzzy
entry is only reported as fuzzy, a warning.
"""

import argparse
import hashlib
import json
import math
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
LABELS = HERE / "labels"
SAMPLE_SIZE = 50
SEED = 2026


def _project_languages(folder: pathlib.Path) -> list[tuple[pathlib.Path, str]]:
    return [(d / "LC_MESSAGES", d.name) for d in sorted(folder.iterdir()) if (d / "LC_MESSAGES").is_dir()]


def sources() -> dict[str, tuple[pathlib.Path, list[tuple[pathlib.Path, str]]]]:
    """name -> (root the keys are relative to, [(catalog folder, language)])."""
    corpus, projects = SHARED / "corpus", SHARED / "projects"
    return {
        "python-docs-es": (corpus / "python-docs-es", [(corpus / "python-docs-es", "es")]),
        "python-docs-ko": (corpus / "python-docs-ko", [(corpus / "python-docs-ko", "ko")]),
        "python-docs-pt-br": (corpus / "python-docs-pt-br", [(corpus / "python-docs-pt-br", "pt_BR")]),
        "python-docs-pl": (corpus / "python-docs-pl", [(corpus / "python-docs-pl", "pl")]),
        "python-docs-tr": (corpus / "python-docs-tr", [(corpus / "python-docs-tr", "tr")]),
        "python-docs-zh-cn": (corpus / "python-docs-zh-cn", [(corpus / "python-docs-zh-cn", "zh_CN")]),
        "doma-docs": (projects / "doma-docs", [(projects / "doma-docs" / "docs" / "locale" / "ja" / "LC_MESSAGES", "ja")]),
        "fpm-docs": (projects / "fpm-docs", _project_languages(projects / "fpm-docs" / "locale")),
        "archivematica-docs": (projects / "archivematica-docs", _project_languages(projects / "archivematica-docs" / "locale")),
    }


def findings(parts: list[tuple[pathlib.Path, str]]) -> list[dict]:
    """One check of all a source's catalogs, as its maintainer runs it: what the languages' teams
    do alike (conventions.py) is learned from all of them. Each catalog's language: its folder's."""
    language = ["--lang", parts[0][1]] if len(parts) == 1 else []
    command = [sys.executable, "-m", "sphinx_l10n", "check", *(str(folder) for folder, _ in parts), "--source-lang", "en",
               *language, "--format", "json", "--no-cache"]
    return json.loads(subprocess.run(command, capture_output=True, text=True, cwd=HERE).stdout)["findings"]


def key(finding: dict, root: pathlib.Path) -> str:
    return f"{os.path.relpath(finding['file'], root)}:{finding['line']}: [{finding['check']}] {finding['message']}"


def sample(found: list[dict], root: pathlib.Path) -> list[dict]:
    errors = [f for f in found if f["severity"] == "error"]
    rank = lambda f: hashlib.sha256(f"{SEED}:{key(f, root)}".encode()).hexdigest()
    return sorted(errors, key=rank)[:SAMPLE_SIZE]


def wilson(real: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion real/n."""
    if n == 0:
        return 0.0, 1.0
    p = real / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _first_look(labels: dict) -> str:
    """The precision of the source's first labelled draw, before any change made for it (labels' _drawn)."""
    drawn = labels.get("_drawn", {})
    first = drawn.get("first_look")
    if not first:
        return "-"
    low, high = wilson(first["real"], first["n"])
    return (f"{first['real']}/{first['n']} {100 * first['real'] / first['n']:.0f}% "
            f"({100 * low:.0f}%-{100 * high:.0f}%) at {drawn['commit']}")


def _entry_texts(finding: dict) -> tuple[str, str]:
    import polib

    entry = next((e for e in polib.pofile(finding["file"]) if e.linenum == finding["line"]), None)
    return (entry.msgid, entry.msgstr or json.dumps(entry.msgstr_plural, ensure_ascii=False)) if entry else ("", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", action="store_true", help="write the unlabelled sampled findings to label")
    parser.add_argument("--only", action="append", help="only this source (repeatable)")
    args = parser.parse_args()
    LABELS.mkdir(exist_ok=True)
    print(f"{'source':<20} {'errors':>7} {'n':>4} {'real':>5} {'precision':>10}   {'95% Wilson':<11}  first look (commit)")
    for name, (root, parts) in sources().items():
        if args.only and name not in args.only:
            continue
        found = findings(parts)
        chosen = sample(found, root)
        path = LABELS / f"{name}.json"
        labels = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        labelled = [labels[key(f, root)]["label"] for f in chosen if key(f, root) in labels]
        judged = [labels[key(f, root)]["message"] for f in chosen if "message" in labels.get(key(f, root), {})]
        if args.draw:
            todo = [{"key": key(f, root), "msgid": texts[0], "msgstr": texts[1]}
                    for f in chosen if key(f, root) not in labels for texts in [_entry_texts(f)]]
            (LABELS / f"{name}.todo.json").write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
        real, n = labelled.count("real"), len(labelled)
        low, high = wilson(real, n)
        errors = sum(f["severity"] == "error" for f in found)
        missing = f"  ({len(chosen) - n} unlabelled)" if n < len(chosen) else ""
        print(f"{name:<20} {errors:>7} {n:>4} {real:>5} {100 * real / n if n else 0:>9.0f}%   "
              f"{f'{100 * low:.0f}%-{100 * high:.0f}%':<11}  {_first_look(labels)}{missing}")
        if judged:
            print(f"{'':<20} messages true to the page: {judged.count('true')}/{len(judged)} of those judged")


if __name__ == "__main__":
    main()
