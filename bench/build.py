"""Benchmark: every language's HTML and PDF, `sphinx-l10n build` against the naive loop, three scenarios.

    python bench/build.py [--project article|archivematica-docs] [--jobs N]

The naive way is what a maintainer writes by hand, as Sphinx's documentation shows it: for
each language, `sphinx-build -M html` and `sphinx-build -M latexpdf` with `-D language=xx`,
one language after the other, its doctrees kept between runs (Sphinx's and latexmk's own
incremental rebuilds do the rest). Both run on the same copy of the project, in build
folders of their own, in the same invocation, scenario by scenario:

- cold: empty build folders (goal: ours <= 0.5 x naive; stretch <= 0.4);
- one catalog changed: one translation of one entry edited (goal <= 0.2);
- nothing changed (goal <= 0.05).

Projects: this article (copied with its catalogs) and ../shared/projects/archivematica-docs
(made offline by bench/projects.py; its venv gets this checkout's wheel). Both sides make the
archivematica PDFs with the same settings (-D options for the naive loop, [build] in
sphinx-l10n.toml for ours): xelatex, since its pdflatex default stops at the Cyrillic letters and
zero-width spaces its translations hold, and babel for pt_BR (below).
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import projects  # noqa: E402

from sphinx_l10n import catalogs  # noqa: E402
from sphinx_l10n import config as configuration  # noqa: E402

GOALS = {"cold": 0.5, "one catalog changed": 0.2, "nothing changed": 0.05}


def article(folder):
    """This project, copied: its sources, catalogs and settings (no build folder)."""
    target = folder / "article"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", "build", ".venv*", "bench", "tests", "__pycache__", "*.mo", "*.egg-info"))
    return target, pathlib.Path(sys.executable).parent


# archivematica-docs' PDFs: xelatex for every language, and for pt_BR babel instead of
# polyglossia, whose \setmainlanguage{brazil} (what Sphinx writes) stops xelatex.
ARCHIVEMATICA_SETTINGS = """\
[build]
latex_engine = "xelatex"

[build.languages.pt_BR]
define = { "latex_elements.polyglossia" = "" }
"""


def archivematica(folder):
    target = projects.copy("archivematica-docs", folder)
    (target / "sphinx-l10n.toml").write_text(ARCHIVEMATICA_SETTINGS, encoding="utf-8")
    return target, projects.venv("archivematica-docs", projects.wheel())


def _naive_archivematica(lang):
    return ["-D", "latex_engine=xelatex", *(["-D", "latex_elements.polyglossia="] if lang == "pt_BR" else [])]


# name: (make the copy, the naive loop's -D options for a language: the same settings as ours)
PROJECTS = {"article": (article, lambda lang: []), "archivematica-docs": (archivematica, _naive_archivematica)}


def naive(config, bin_dir, build_dir, options):
    for lang in config.all_languages:
        for builder in ("html", "latexpdf"):
            subprocess.run([str(bin_dir / "sphinx-build"), "-M", builder, str(config.source_dir), str(build_dir / lang),
                            "-c", str(config.conf_dir), "-q", "-D", f"language={lang}", *options(lang)],
                           check=True, cwd=config.root, capture_output=True)


def ours(config, bin_dir, build_dir, jobs):
    command = [str(bin_dir / "python"), "-m", "sphinx_l10n", "--build-dir", str(build_dir), "build"]
    result = subprocess.run(command + (["--jobs", str(jobs)] if jobs else []), cwd=config.root, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SystemExit(f"sphinx-l10n build failed:\n{result.stdout}\n{result.stderr}")


def edit_one_catalog(config):
    """One translated entry of one catalog of the first translation, changed as a translator would."""
    lang = next(iter(config.languages))
    for path in sorted(config.catalog_dir(lang).rglob("*.po")):
        catalog = catalogs.load(path)
        entry = next((e for e in catalog if catalogs.is_translated(e) and not e.msgid_plural), None)
        if entry is not None:
            entry.msgstr += " (revu)"
            catalog.save(str(path))
            return path
    raise SystemExit(f"{lang}: no translated entry to edit")


def timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def bench(name, jobs):
    make, options = PROJECTS[name]
    with tempfile.TemporaryDirectory() as tmp:
        project, bin_dir = make(pathlib.Path(tmp))
        config = configuration.load(project)
        naive_dir, our_dir = pathlib.Path(tmp) / "naive", pathlib.Path(tmp) / "ours"
        rows = [("cold", timed(naive, config, bin_dir, naive_dir, options), timed(ours, config, bin_dir, our_dir, jobs))]
        edited = edit_one_catalog(config)
        rows.append(("one catalog changed", timed(naive, config, bin_dir, naive_dir, options),
                     timed(ours, config, bin_dir, our_dir, jobs)))
        lang = next(iter(config.languages))
        pdf = json.loads((our_dir / "stamps" / "durations.json").read_text())[f"{lang}-pdf"]
        latex = pdf - json.loads((our_dir / "stamps" / f"{lang}-pdf.json").read_text())["sphinx_seconds"]
        rows.append(("nothing changed", timed(naive, config, bin_dir, naive_dir, options),
                     timed(ours, config, bin_dir, our_dir, jobs)))
    print(f"\n{name}: {len(config.all_languages)} languages x (HTML + PDF), {os.cpu_count()} cores; "
          f"edited: {edited.relative_to(project)}")
    print(f"{'':22}{'naive':>9}{'ours':>9}{'ratio':>8}  goal")
    for scenario, naive_seconds, our_seconds in rows:
        ratio = our_seconds / naive_seconds
        verdict = "ok" if ratio <= GOALS[scenario] else "MISSED"
        print(f"{scenario:22}{naive_seconds:>8.1f}s{our_seconds:>8.1f}s{ratio:>8.3f}  <= {GOALS[scenario]} {verdict}")
    # What no scheduling can remove: the edited language's own PDF, remade by LaTeX in full.
    print(f"one catalog changed: the {lang} PDF took {pdf:.1f} s (latexmk {latex:.1f} s), "
          f"{pdf / rows[1][1]:.3f} x naive on its own")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", choices=PROJECTS, action="append", help="default: both")
    parser.add_argument("--jobs", type=int, help="our worker count (default: one per core)")
    args = parser.parse_args()
    for name in args.project or PROJECTS:
        bench(name, args.jobs)


if __name__ == "__main__":
    main()
