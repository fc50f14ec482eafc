"""Benchmark and precision of `l10n check` on the real catalogs of ../shared/corpus.

    python bench/check.py [--corpus DIR] [--no-pofilter] [--sample]

Times our check (cold: empty result cache; warm: cached by content hash)
and translate-toolkit's pofilter over the whole corpus in the same run and
prints the ratios and each one's peak memory. Then counts the error
findings per check and scores the hand-labelled random sample of 50 error
findings in bench/check_labels.json (each labelled "real" or "false"):
the share of real problems is the checker's precision on finished work.
pofilter is installed for the benchmark only, in bench/.venv-pofilter.
"""

import argparse
import collections
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "python-docs-es"
LABELS = HERE / "check_labels.json"
SAMPLE_SIZE = 50
SAMPLE_SEED = 2026


def measure(command, env=None):
    """Run command; return (seconds, peak RSS in MB of it and its children, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, stdout


def pofilter_command():
    venv = HERE / ".venv-pofilter"
    pofilter = venv / "bin" / "pofilter"
    if not pofilter.exists():
        print("installing translate-toolkit (pofilter) into bench/.venv-pofilter ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "translate-toolkit"], check=True)
    return [str(pofilter), "--progress=none"]


def sample(findings):
    errors = sorted((f for f in findings if f["severity"] == "error"), key=lambda f: (f["file"], f["line"], f["check"], f["message"]))
    return random.Random(SAMPLE_SEED).sample(errors, min(SAMPLE_SIZE, len(errors)))


def key(finding, corpus):
    return f"{os.path.relpath(finding['file'], corpus)}:{finding['line']}: [{finding['check']}] {finding['message']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-pofilter", action="store_true", help="skip the pofilter baseline")
    parser.add_argument("--sample", action="store_true", help="print the sample to label, with source and translation")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        sys.exit(f"{corpus}: corpus not found")

    ours = [sys.executable, "-m", "l10n", "check", str(corpus), "--source-lang", "en", "--lang", "es", "--format", "json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "L10N_CACHE_DIR": cache}
        cold, cold_rss, output = measure(ours, env)
        warm, warm_rss, _ = measure(ours, env)
    report = json.loads(output)
    print(f"corpus: {corpus} ({report['files']} catalogs read, {report['entries']} entries, "
          f"{len(report['input_errors'])} unreadable: {'; '.join(report['input_errors'])})")
    print(f"l10n check, cold cache: {cold:7.2f} s  peak {cold_rss:6.0f} MB")
    print(f"l10n check, warm cache: {warm:7.2f} s  peak {warm_rss:6.0f} MB")
    if not args.no_pofilter:
        with tempfile.TemporaryDirectory() as out:
            baseline, baseline_rss, _ = measure([*pofilter_command(), "-i", str(corpus), "-o", out])
        print(f"pofilter (baseline):    {baseline:7.2f} s  peak {baseline_rss:6.0f} MB")
        print(f"speed-up over pofilter: cold {baseline / cold:5.1f}x   warm {baseline / warm:5.1f}x   (goal: 10x)")

    errors = collections.Counter(f["check"] for f in report["findings"] if f["severity"] == "error")
    warnings = collections.Counter(f["check"] for f in report["findings"] if f["severity"] != "error")
    print("\nfindings on non-fuzzy entries (fuzzy entries are only reported as fuzzy):")
    for check in sorted(set(errors) | set(warnings)):
        print(f"  {check:<12} {errors[check]:6} errors  {warnings[check]:6} warnings")

    chosen = sample(report["findings"])
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
