"""Benchmark: every language's HTML and PDF, our way against the naive way.

    python bench/build.py [--jobs N]

The naive way is what projects do by hand: one `sphinx-build -D
language=xx` after another (HTML, then LaTeX and latexmk for the PDF),
one process per language, with Sphinx's and latexmk's own incremental
rebuilds. Both run in the same invocation, on fresh build folders, and the
ratios printed are ours / naive: cold (goal <= 0.6 on 2 cores) and
nothing-changed (goal <= 0.1).
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n import config as configuration  # noqa: E402


def naive(config, build_dir):
    for lang in config.all_languages:
        common = ["-c", str(config.root), "-q", "-D", f"language={lang}"]
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", *common, "-d", str(build_dir / "doctrees" / lang),
                        str(config.source_dir), str(build_dir / "html" / lang)], check=True, cwd=config.root)
        latex = build_dir / "latex" / lang
        latex_doctrees = build_dir / "doctrees" / f"latex-{lang}"
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "latex", *common, "-d", str(latex_doctrees),
                        str(config.source_dir), str(latex)], check=True, cwd=config.root)
        subprocess.run(["latexmk", "-r", "latexmkrc", "-interaction=nonstopmode", "-halt-on-error", "-pdf",
                        f"{config.project}-{lang}.tex"], check=True, cwd=latex, capture_output=True)


def ours(config, build_dir, jobs):
    command = [sys.executable, "-m", "l10n", "--build-dir", str(build_dir), "build"]
    if jobs:
        command += ["--jobs", str(jobs)]
    subprocess.run(command, check=True, cwd=config.root, capture_output=True)


def timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, help="our worker count (default: one per core)")
    args = parser.parse_args()
    config = configuration.load(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        naive_dir, our_dir = pathlib.Path(tmp) / "naive", pathlib.Path(tmp) / "ours"
        naive_cold = timed(naive, config, naive_dir)
        naive_again = timed(naive, config, naive_dir)
        our_cold = timed(ours, config, our_dir, args.jobs)
        our_again = timed(ours, config, our_dir, args.jobs)
    languages = len(config.all_languages)
    print(f"{languages} languages x (HTML + PDF), {os.cpu_count()} cores")
    print(f"{'':18}{'naive':>10}{'ours':>10}{'ratio':>8}  goal")
    print(f"{'cold':18}{naive_cold:>9.1f}s{our_cold:>9.1f}s{our_cold / naive_cold:>8.2f}  <= 0.60")
    print(f"{'nothing changed':18}{naive_again:>9.1f}s{our_again:>9.1f}s{our_again / naive_again:>8.2f}  <= 0.10")


if __name__ == "__main__":
    main()
