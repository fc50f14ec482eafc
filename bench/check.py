"""Speed and memory of `sphinx-l10n check` against pofilter on the real catalogs of ../shared/corpus.

    python bench/check.py [--corpus DIR ...] [--no-pofilter] [--lexer]

For each corpus (default: the three of ../shared/corpus), times our check
(cold: empty result cache; warm: cached by content hash) and
translate-toolkit's pofilter over the whole corpus in the same run, the
median of three runs each, and prints the ratios and each one's peak
memory (goals: cold >= 10x, warm >= 50x, < 300 MB). Then, for
python-docs-es, counts the findings per check, and prints the precision of
the error findings on the nine labelled sources beside their first look. --lexer also checks, on
every corpus and on ../shared/projects, that docutils reads every text as
the checks read it without docutils (the markup signatures, the Sphinx
reading, what is never a paragraph). Precision, from hand labels, is
bench/precision.py's.
pofilter is installed for the benchmark only, in bench/.venv-pofilter.
"""

import argparse
import collections
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
import time

import tool_venv

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = ROOT.parent / "shared" / "corpus"
DEFAULT_CORPUS = CORPORA / "python-docs-es"
# Each corpus's language: its folder names it (the catalogs do not all say).
LANGUAGES = {"python-docs-es": "es", "python-docs-ko": "ko", "python-docs-pt-br": "pt_BR"}
RUNS = 3


Run = collections.namedtuple("Run", "seconds peak stdout stderr status")


def run(command, env=None, cwd=None, timeout=None):
    """Run command; return its Run: seconds, peak RSS in MB summed over it and its child
    processes, stdout and stderr (bytes), exit status (None when it was stopped after
    timeout seconds, with its child processes).

    /proc is sampled every 20 ms: the sum of the tree's resident sets at each
    sample, the largest sum kept (the workers of a pool run at the same time)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd,
                               start_new_session=True)
    peak, out, err = 0, [], []
    readers = [threading.Thread(target=lambda: out.append(process.stdout.read())),
               threading.Thread(target=lambda: err.append(process.stderr.read()))]
    for reader in readers:
        reader.start()
    stopped = False
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        if timeout is not None and time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the workers go too
            stopped = True
        time.sleep(0.02)
    for reader in readers:
        reader.join()
    seconds = time.perf_counter() - start
    return Run(seconds, peak / 1024, b"".join(out), b"".join(err), None if stopped else process.returncode)


def measure(command, env=None):
    """Run command; return (seconds, peak RSS in MB summed over it and its child processes, stdout)."""
    seconds, peak, stdout, _, _ = run(command, env)
    return seconds, peak, stdout


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


def lexer_agreement(folder):
    """Where the checks read a text without docutils, docutils must read it the same way:
    the markup check's signatures of one-line paragraphs, the Sphinx checks' reading
    (rst.reading against docutils' sphinx_reading), and what is never a paragraph."""
    sys.path.insert(0, str(ROOT))
    from sphinx_l10n import L10nError, catalogs
    from sphinx_l10n.checks.markup import _starts_block
    from sphinx_l10n.markup import rst

    texts, trusted, disagreements = 0, 0, []
    for path in catalogs.catalog_files([folder]):
        try:
            catalog = catalogs.load(path)
        except L10nError:
            continue
        for entry in catalog:
            for text in (entry.msgid, entry.msgstr) if entry.msgstr and not entry.obsolete else ():
                texts += 1
                where = f"{path}:{entry.linenum}: {text[:80]!r}"
                reading = rst.sphinx_reading(text)
                if rst.reading(text) != reading:
                    disagreements.append(f"reading {where}")
                if rst.never_a_paragraph(text) and reading.first == "paragraph" and reading.paragraphs == 1 and (
                        not reading.problems):
                    disagreements.append(f"never a paragraph {where}")
                lexed = rst.scan(text)
                if not lexed.complete or _starts_block(text):
                    continue
                trusted += 1
                parsed = rst.parse(text)
                if parsed.problems or dict(parsed.signature) != lexed.signature or (
                        parsed.emphasis, parsed.strong) != (lexed.emphasis, lexed.strong):
                    disagreements.append(f"signature {where}")
    print(f"{folder}: {texts} texts, the markup check trusts the lexer on {trusted}; "
          f"docutils reads {len(disagreements)} otherwise")
    for line in disagreements[:20]:
        print("  " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=pathlib.Path, action="append", help="a corpus folder (repeatable)")
    parser.add_argument("--no-pofilter", action="store_true", help="skip the pofilter baseline")
    parser.add_argument("--lexer", action="store_true",
                        help="also check that docutils reads every text as the checks do without it (all corpora and projects)")
    args = parser.parse_args()
    corpora = [path.resolve() for path in args.corpus or [CORPORA / name for name in LANGUAGES]]
    for corpus in corpora:
        if not corpus.is_dir():
            sys.exit(f"{corpus}: corpus not found")
    # pip compiled pofilter's modules when it installed them; ours, installed
    # editable or run where PYTHONDONTWRITEBYTECODE is set, would be compiled
    # again at every start. Compile them once, as an installed tool has them.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sphinx_l10n")], check=True)
    baseline = None if args.no_pofilter else pofilter_command()
    reports = {corpus: time_corpus(corpus, baseline) for corpus in corpora}
    if DEFAULT_CORPUS.resolve() in reports:
        score(DEFAULT_CORPUS.resolve(), reports[DEFAULT_CORPUS.resolve()])
    if args.lexer:
        for folder in [*corpora, ROOT.parent / "shared" / "projects"]:
            lexer_agreement(folder)
    precision_table()


def time_corpus(corpus, baseline):
    """Print our cold and warm times and pofilter's on corpus, and the ratios; return our report."""
    lang = LANGUAGES.get(corpus.name, "es")
    ours = [sys.executable, "-m", "sphinx_l10n", "check", str(corpus), "--source-lang", "en", "--lang", lang, "--format", "json"]
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
    print(f"\ncorpus: {corpus} ({report['files']} catalogs read, {report['entries']} entries, "
          f"{len(report['input_errors'])} unreadable: {'; '.join(report['input_errors'])})")
    print(f"sphinx-l10n check, cold cache: {cold:7.2f} s  peak {cold_rss:6.0f} MB (all processes; goal < 300 MB)")
    print(f"sphinx-l10n check, warm cache: {warm:7.2f} s  peak {warm_rss:6.0f} MB")
    if baseline:
        base, base_rss, _ = sorted(baseline_runs)[RUNS // 2]
        print(f"pofilter (baseline):    {base:7.2f} s  peak {base_rss:6.0f} MB")
        print(f"speed-up over pofilter: cold {base / cold:5.1f}x   warm {base / warm:5.1f}x   (goals: 10x, 50x)")
    return report


def score(corpus, report):
    """Findings per check on corpus."""
    errors = collections.Counter(f["check"] for f in report["findings"] if f["severity"] == "error")
    warnings = collections.Counter(f["check"] for f in report["findings"] if f["severity"] != "error")
    print("\nfindings on non-fuzzy entries (fuzzy entries are only reported as fuzzy):")
    for check in sorted(set(errors) | set(warnings)):
        print(f"  {check:<12} {errors[check]:6} errors  {warnings[check]:6} warnings")


def precision_table():
    """Precision of the error findings on every labelled source, beside its first look (bench/precision.py)."""
    print("\nprecision of the error findings, from hand labels (bench/precision.py):")
    subprocess.run([sys.executable, str(HERE / "precision.py")], check=True)


if __name__ == "__main__":
    main()
