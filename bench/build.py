"""Benchmark: `sphinx-l10n build` against the naive sphinx-build loop on real projects, HTML, three scenarios.

    python bench/build.py [--project article|archivematica-docs|packaging-python-org ...] [--jobs N] [--no-pdf]

The naive way is what a maintainer writes by hand, as Sphinx's documentation shows it: for
each language, `sphinx-build -M html` with `-D language=xx`, one language after the other,
its doctrees kept between runs (Sphinx's own incremental build does the rest). Both sides
build the same languages (the source language and two translations: the project's first two,
or for a project that declares none, the two with the most translated entries) on the same
copy of the project, into build folders of their own, in the same invocation, scenario by
scenario (goals: issue 32):

- cold: empty build folders (goal: ours <= 0.7 x naive);
- nothing changed (goal <= 0.2);
- one translation edited: one translated entry of the first translation's first catalog (goal <= 0.5).

Then the PDF apart: after one more edit, that language's PDF, `sphinx-build -M latexpdf`
against `sphinx-l10n build --pdf --lang xx`, beside its floor: the LaTeX run (latexmk) of the
edited language, which no scheduling removes (from our build's own stamps).

Projects: this article (copied with its catalogs), and ../shared/projects/archivematica-docs and
packaging-python-org (copied and made offline by bench/projects.py; each its own venv, which
gets this checkout's wheel). A project without settings gets those `sphinx-l10n init` writes,
as a maintainer adopting it would.
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

GOALS = {"cold": 0.7, "nothing changed": 0.2, "one translation edited": 0.5}


def article(folder):
    """This project, copied: its sources, catalogs and settings (no build folder); its conf.py's folder."""
    target = folder / "article"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", "build", ".venv*", "bench", "tests", "__pycache__", "*.mo", "*.egg-info"))
    return target, pathlib.Path(sys.executable).parent


def shared(name):
    def make(folder):
        target = projects.copy(name, folder)
        return target / projects.PROJECTS[name][0], projects.venv(name, projects.wheel())
    return make


PROJECTS = {"article": article, "archivematica-docs": shared("archivematica-docs"),
            "packaging-python-org": shared("packaging-python-org")}


def settings(bin_dir, docs):
    """What sphinx-l10n reads of the project (after `init`, where it has no settings)."""
    found = projects.settings(bin_dir, docs)
    if not found["languages"]:
        subprocess.run([str(bin_dir / "python"), "-m", "sphinx_l10n", "init"], cwd=docs, check=True, capture_output=True)
        found = projects.settings(bin_dir, docs)
    return found


def chosen_languages(found):
    """The source language and two translations: by translated entries, most first."""
    def translated(code):
        folder = found["locale_dir"] / code / "LC_MESSAGES"
        return sum(1 for path in folder.rglob("*.po") for entry in catalogs.load(path) if catalogs.is_translated(entry))
    ranked = sorted(found["languages"], key=lambda code: (-translated(code), code))
    return [found["source_language"], *ranked[:2]]


NAIVE_RUNS = {}  # language -> seconds of its last sphinx-build in the naive loop


def naive(found, bin_dir, build_dir, languages, builder="html"):
    for lang in languages:
        start = time.perf_counter()
        subprocess.run([str(bin_dir / "sphinx-build"), "-M", builder, str(found["source_dir"]), str(build_dir / lang),
                        "-c", str(found["conf_dir"]), "-q", "-D", f"language={lang}"], check=True, cwd=found["conf_dir"],
                       capture_output=True)
        NAIVE_RUNS[lang] = time.perf_counter() - start


def ours(docs, bin_dir, build_dir, languages, jobs, target="--html"):
    command = [str(bin_dir / "python"), "-m", "sphinx_l10n", "--build-dir", str(build_dir), "build", target,
               *(option for lang in languages for option in ("--lang", lang)), *(["--jobs", str(jobs)] if jobs else [])]
    result = subprocess.run(command, cwd=docs, capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 1: a release language's translation warns, as the project's own may
        raise SystemExit(f"sphinx-l10n build failed:\n{result.stdout}\n{result.stderr}")


def edit_one_translation(found, lang, mark):
    """One translated entry of lang's first catalog, changed as a translator would."""
    for path in sorted((found["locale_dir"] / lang / "LC_MESSAGES").rglob("*.po")):
        catalog = catalogs.load(path)
        entry = next((e for e in catalog if catalogs.is_translated(e) and not e.msgid_plural and e.occurrences), None)
        if entry is not None:
            entry.msgstr += mark
            catalog.save(str(path))
            return path
    raise SystemExit(f"{lang}: no translated entry to edit")


def timed(function, *args, **options):
    start = time.perf_counter()
    function(*args, **options)
    return time.perf_counter() - start


def bench(name, jobs, pdf):
    with tempfile.TemporaryDirectory() as tmp:
        docs, bin_dir = PROJECTS[name](pathlib.Path(tmp))
        found = settings(bin_dir, docs)
        languages = chosen_languages(found)
        naive_dir, our_dir = pathlib.Path(tmp) / "naive", pathlib.Path(tmp) / "ours"
        rows = [("cold", timed(naive, found, bin_dir, naive_dir, languages),
                 timed(ours, docs, bin_dir, our_dir, languages, jobs)),
                ("nothing changed", timed(naive, found, bin_dir, naive_dir, languages),
                 timed(ours, docs, bin_dir, our_dir, languages, jobs))]
        edited = edit_one_translation(found, languages[1], " (revu)")
        rows.append(("one translation edited", timed(naive, found, bin_dir, naive_dir, languages),
                     timed(ours, docs, bin_dir, our_dir, languages, jobs)))
        floor = NAIVE_RUNS[languages[1]]
        read = json.loads((our_dir / "stamps" / f"{languages[1]}-html.record").read_text())["read"]
        print(f"\n{name}: HTML of {', '.join(languages)} (source first), {os.cpu_count()} cores; "
              f"edited: {edited.name} of {languages[1]}, "
              f"which Sphinx read {len(read)} document(s) again for")
        print(f"{'':24}{'naive':>9}{'ours':>9}{'ratio':>8}  goal")
        for scenario, naive_seconds, our_seconds in rows:
            ratio = our_seconds / naive_seconds
            verdict = "ok" if ratio <= GOALS[scenario] else "MISSED"
            print(f"{scenario:24}{naive_seconds:>8.1f}s{our_seconds:>8.1f}s{ratio:>8.3f}  <= {GOALS[scenario]} {verdict}")
        # What no scheduling removes after an edit: Sphinx's own run of the edited language.
        print(f"one translation edited: the naive loop's own run of {languages[1]} took {floor:.1f} s "
              f"({floor / rows[2][1]:.3f} x the naive loop)")
        if pdf:
            bench_pdf(docs, bin_dir, naive_dir, our_dir, found, languages[1], jobs)


def bench_pdf(docs, bin_dir, naive_dir, our_dir, found, lang, jobs):
    """The edited language's PDF: both sides built once, then one more edit, timed."""
    try:
        naive(found, bin_dir, naive_dir, [lang], "latexpdf")
        ours(docs, bin_dir, our_dir, [lang], jobs, "--pdf")
    except (subprocess.CalledProcessError, SystemExit) as exc:
        print(f"PDF ({lang}): not built here ({str(exc).splitlines()[0][:100]})")
        return
    edit_one_translation(found, lang, " (revu encore)")
    naive_seconds = timed(naive, found, bin_dir, naive_dir, [lang], "latexpdf")
    our_seconds = timed(ours, docs, bin_dir, our_dir, [lang], jobs, "--pdf")
    state = json.loads((our_dir / "stamps" / f"{lang}-pdf.json").read_text())
    latex = json.loads((our_dir / "stamps" / "durations.json").read_text())[f"{lang}-pdf"] - state["sphinx_seconds"]
    print(f"PDF of {lang} after one edit: naive {naive_seconds:.1f} s, ours {our_seconds:.1f} s "
          f"({our_seconds / naive_seconds:.3f} x); its floor, latexmk alone: {latex:.1f} s ({latex / naive_seconds:.3f} x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", choices=PROJECTS, action="append", help="default: all three")
    parser.add_argument("--jobs", type=int, help="our worker count (default: one per core)")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF scenario")
    args = parser.parse_args()
    for name in args.project or PROJECTS:
        bench(name, args.jobs, not args.no_pdf)


if __name__ == "__main__":
    main()
