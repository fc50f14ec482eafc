"""Benchmark and precision of `l10n check` on the real catalogs of ../shared/corpus.

    python bench/check.py [--corpus DIR] [--no-pofilter] [--sample] [--lexer]

Times our check (cold: empty result cache; warm: cached by content hash)
and translate-toolkit's pofilter over the whole corpus in the same run,
the median of three runs each, and prints the ratios and each one's peak
memory. Then counts the error findings per check and scores the
hand-labelled random sample of 50 error findings in bench/check_labels.json
(each labelled "real" or "false"): the share of real problems is the
checker's precision on finished work. The sample is the 50 findings whose
keys hash lowest, so that a change of the checker only brings in the
findings it adds. --lexer also counts the texts where the markup check
trusts the fast lexer and checks that docutils reads every one of them the
same way.
pofilter is installed for the benchmark only, in bench/.venv-pofilter.
"""

import argparse
import collections
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

import tool_venv

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "python-docs-es"
LABELS = HERE / "check_labels.json"
SAMPLE_SIZE = 50
RUNS = 3
SAMPLE_SEED = 2026


def measure(command, env=None):
    """Run command; return (seconds, peak RSS in MB summed over it and its child processes, stdout).

    /proc is sampled every 20 ms: the sum of the tree's resident sets at each
    sample, the largest sum kept (the workers of a pool run at the same time)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    peak, chunks = 0, []
    reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()))
    reader.start()
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.02)
    reader.join()
    seconds = time.perf_counter() - start
    return seconds, peak / 1024, b"".join(chunks)


def _tree_rss(pid):
    """Resident set of pid and all its descendants, in kB (0 for processes gone meanwhile)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = pathlib.Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in pathlib.Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def pofilter_command():
    pofilter = tool_venv.program(".venv-pofilter", "translate-toolkit", "pofilter")
    return [str(pofilter), "--progress=none"]


def sample(findings, corpus):
    """The 50 error findings whose keys hash lowest: a random sample that a
    change of the checker alters only where it adds or removes findings, so
    most labels carry over."""
    errors = [f for f in findings if f["severity"] == "error"]
    rank = lambda f: hashlib.sha256(f"{SAMPLE_SEED}:{key(f, corpus)}".encode()).hexdigest()
    return sorted(errors, key=rank)[:SAMPLE_SIZE]


def key(finding, corpus):
    return f"{os.path.relpath(finding['file'], corpus)}:{finding['line']}: [{finding['check']}] {finding['message']}"


def lexer_agreement(corpus):
    """The markup check skips docutils for a one-line paragraph whose markup the
    lexer read whole: count such texts and those where docutils disagrees."""
    sys.path.insert(0, str(ROOT))
    from l10n import L10nError, catalogs, rst
    from l10n.checks.markup import _starts_block

    trusted, disagreements = 0, []
    for path in catalogs.catalog_files([corpus]):
        try:
            catalog = catalogs.load(path)
        except L10nError:
            continue
        for entry in catalog:
            for text in (entry.msgid, entry.msgstr) if entry.msgstr and not entry.obsolete else ():
                lexed = rst.scan(text)
                if not lexed.complete or _starts_block(text):
                    continue
                trusted += 1
                parsed = rst.parse(text)
                if parsed.problems or dict(parsed.signature) != lexed.signature or (
                        parsed.emphasis, parsed.strong) != (lexed.emphasis, lexed.strong):
                    disagreements.append(f"{path}:{entry.linenum}: {text[:80]!r}")
    print(f"lexer trusted on {trusted} texts; docutils reads {len(disagreements)} of them otherwise")
    for line in disagreements[:20]:
        print("  " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-pofilter", action="store_true", help="skip the pofilter baseline")
    parser.add_argument("--sample", action="store_true", help="print the sample to label, with source and translation")
    parser.add_argument("--lexer", action="store_true",
                        help="also check that the fast lexer reads as docutils wherever the markup check trusts it")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        sys.exit(f"{corpus}: corpus not found")
    if args.lexer:
        lexer_agreement(corpus)

    ours = [sys.executable, "-m", "l10n", "check", str(corpus), "--source-lang", "en", "--lang", "es", "--format", "json"]
    # pip compiled pofilter's modules when it installed them; ours, installed
    # editable or run where PYTHONDONTWRITEBYTECODE is set, would be compiled
    # again at every start. Compile them once, as an installed tool has them.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "l10n")], check=True)
    baseline = None if args.no_pofilter else pofilter_command()
    # The median of three runs each, the tools taking turns: one run on a
    # shared machine can be 5% off, and its speed drifts over a minute.
    cold_runs, warm_runs, baseline_runs = [], [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "L10N_CACHE_DIR": cache}
            cold_runs.append(measure(ours, env))
            warm_runs.append(measure(ours, env))
        if baseline:
            with tempfile.TemporaryDirectory() as out:
                baseline_runs.append(measure([*baseline, "-i", str(corpus), "-o", out]))
    cold, cold_rss, output = sorted(cold_runs)[RUNS // 2]
    warm, warm_rss, _ = sorted(warm_runs)[RUNS // 2]
    report = json.loads(output)
    print(f"corpus: {corpus} ({report['files']} catalogs read, {report['entries']} entries, "
          f"{len(report['input_errors'])} unreadable: {'; '.join(report['input_errors'])})")
    print(f"l10n check, cold cache: {cold:7.2f} s  peak {cold_rss:6.0f} MB (all processes; goal < 300 MB)")
    print(f"l10n check, warm cache: {warm:7.2f} s  peak {warm_rss:6.0f} MB")
    if baseline:
        base, base_rss, _ = sorted(baseline_runs)[RUNS // 2]
        print(f"pofilter (baseline):    {base:7.2f} s  peak {base_rss:6.0f} MB")
        print(f"speed-up over pofilter: cold {base / cold:5.1f}x   warm {base / warm:5.1f}x   (goal: 10x)")

    errors = collections.Counter(f["check"] for f in report["findings"] if f["severity"] == "error")
    warnings = collections.Counter(f["check"] for f in report["findings"] if f["severity"] != "error")
    print("\nfindings on non-fuzzy entries (fuzzy entries are only reported as fuzzy):")
    for check in sorted(set(errors) | set(warnings)):
        print(f"  {check:<12} {errors[check]:6} errors  {warnings[check]:6} warnings")

    chosen = sample(report["findings"], corpus)
    labels = json.loads(LABELS.read_text(encoding="utf-8")) if LABELS.exists() else {}
    if args.sample:
        import polib
        for finding in chosen:
            entry = next(e for e in polib.pofile(finding["file"]) if e.msgid == finding["msgid"])
            print(f"\n{key(finding, corpus)}\n  label: {labels.get(key(finding, corpus), {}).get('label', '?')}\n"
                  f"  msgid:  {entry.msgid}\n  msgstr: {entry.msgstr}")
    labelled = [labels[key(f, corpus)]["label"] for f in chosen if key(f, corpus) in labels]
    real = labelled.count("real")
    print(f"\nhand-labelled sample: {len(labelled)} of {len(chosen)} sampled error findings labelled; "
          f"{real} real problems, {labelled.count('false')} false positives"
          + (f" -> precision {100 * real / len(labelled):.0f}% (goal: 80%)" if labelled else ""))
    if len(labelled) < len(chosen):
        print("  unlabelled findings: run with --sample and add them to bench/check_labels.json")


if __name__ == "__main__":
    main()
