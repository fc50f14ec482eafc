"""Adoption, end to end: every sphinx-l10n command on each real project, from the wheel in a fresh venv.

For each project of ../shared/projects (a fresh copy, made to run offline: see
bench/projects.py), a fresh venv gets the project's own requirements,
sphinx-intl and the sphinx-l10n wheel built from this checkout; then, in the
folder of its conf.py, as a maintainer who adopts it would:

  init, extract;
  update: the translations counted before and after (translated entries, and
    every translation, msgstr of any entry, fuzzy and obsolete ones included:
    none may be lost; one that is still inside a msgstr or a translator comment
    of its language, whole or each of its sentences, counts as kept, as in
    bench/churn.py), and its churn: the
    lines `git diff --numstat` counts in the catalogs (a git repository made
    of them before the update), beside `sphinx-intl update` on the same
    templates and the same languages, run on a second copy of the catalogs;
  check, stats, format --check;
  html: `sphinx-l10n build --html` of the two most translated languages (of
    those init declared, by translated entries in their catalogs, not by
    name; a project with one translation builds its source language too);
  pdf: `sphinx-l10n build --pdf` of the most translated language.

One table: each step's result, its time, and what it said last. The results:
ok; findings (exit 1 of check, stats or format --check: an answer); exit N (any
other status: 2 is an input error; a build must exit 0); no output (a build
that exits 0 without writing its HTML, build/html/<lang>/, or its PDF,
*-<lang>.pdf); TRACEBACK; TIMEOUT (killed, with its whole process group, after
--timeout seconds, builds after --build-timeout); LOST (a translation lost by
update); not run (no templates for sphinx-intl: extract failed); BENCH ERROR
(this script's own failure on a project, said, and the next project runs);
project (a build that fails, or times out, and fails alike with Sphinx alone,
no sphinx-l10n, in the same venv: `sphinx-build -M html`, or `sphinx-build -M
latexpdf`, i.e. -b latex then latexmk through Sphinx's Makefile: the project
does not build there, whatever sphinx-l10n does). Then, per project, the
translations lost (must be 0) and the churn in diff lines, ours vs sphinx-intl.
Exit status 1 if a step failed (findings and project aside) or a translation
was lost.

    .venv/bin/python bench/adopt.py [PROJECT ...] [--reuse] [--steps update,html] [--timeout S] [--build-timeout S]
                                    [--logs DIR]

--reuse keeps the venvs of an earlier run; --logs DIR keeps each command's
whole output. --steps runs some of the steps (init, extract, update, check,
stats, format, html, pdf): init always runs (the others read the settings it
writes), and update brings extract.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

import polib
import projects

STEPS = ("init", "extract", "update", "check", "stats", "format", "html", "pdf")
Row = tuple[str, str, str, float, str]  # project, step, result, seconds, what it said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="PROJECT", help=f"some of {', '.join(projects.PROJECTS)} (default: all)")
    parser.add_argument("--reuse", action="store_true", help="keep each project's venv if it exists")
    parser.add_argument("--steps", type=steps_option, default=STEPS, metavar="STEP,...",
                        help=f"some of {', '.join(STEPS)} (init always runs; update brings extract)")
    parser.add_argument("--timeout", type=float, default=600, metavar="SECONDS",
                        help="each step but the builds, and each venv install (default 600)")
    parser.add_argument("--build-timeout", type=float, metavar="SECONDS", help="each build (default: twice --timeout)")
    parser.add_argument("--logs", type=pathlib.Path, metavar="DIR", help="write each command's whole output there")
    args = parser.parse_args()
    projects.stop_cleanly()
    if unknown := [name for name in args.names if name not in projects.PROJECTS]:
        parser.error(f"not a project: {', '.join(unknown)} (projects: {', '.join(projects.PROJECTS)})")
    names = list(dict.fromkeys(args.names)) or list(projects.PROJECTS)
    run = Runner(args.timeout, args.build_timeout or 2 * args.timeout, args.logs)
    wheel = projects.wheel()
    rows: list[Row] = []
    summaries: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            started = time.perf_counter()
            try:
                bin_dir = projects.venv(name, wheel, fresh=not args.reuse, timeout=args.timeout)
            except subprocess.CalledProcessError as exc:
                errors = [line for line in (exc.stdout + exc.stderr).splitlines() if line.startswith("ERROR")]
                said = (errors[-1] if errors else last_line(exc.stdout + exc.stderr)) if exc.returncode != -1 \
                    else f"pip killed at its {args.timeout:.0f} s timeout"
                rows.append(report((name, "venv + wheel", "TIMEOUT" if exc.returncode == -1 else f"exit {exc.returncode}",
                                    time.perf_counter() - started, said)))
                continue
            rows.append(report((name, "venv + wheel", "ok", time.perf_counter() - started, wheel.name)))
            summaries[name] = {}
            try:
                adopt(name, bin_dir, pathlib.Path(folder), run, args.steps, summaries[name], rows)
            except Exception as exc:  # the benchmark's own failure: said, and the other projects still run
                rows.append(report((name, "(benchmark)", "BENCH ERROR", 0.0, f"{type(exc).__name__}: {exc}")))
    print(f"\n{'project':<21} {'step':<24} {'result':<11} {'seconds':>8}  said")
    for name, step, result, seconds, said in rows:
        print(f"{name:<21} {step:<24} {result:<11} {seconds:>8.1f}  {said[:150]}")
    failed = [row for row in rows if row[2] not in ("ok", "findings", "project")]
    project = [row for row in rows if row[2] == "project"]
    print(f"\n{len(rows)} steps, {len(failed)} failed, {len(project)} that the project fails without sphinx-l10n too")
    if any("lost" in summary for summary in summaries.values()):
        print(f"\n{'project':<21} {'translations lost':>17} {'churn: sphinx-l10n':>19} {'sphinx-intl':>12} "
              f"{'(its translations lost)':>24}")
        for name, summary in summaries.items():
            if "lost" in summary:
                print(f"{name:<21} {summary['lost']:>17} {fmt(summary.get('churn')):>19} {fmt(summary.get('intl')):>12} "
                      f"{fmt(summary.get('intl lost')):>24}")
    sys.exit(1 if failed else 0)


def steps_option(text: str) -> tuple[str, ...]:
    chosen = {step.strip() for step in text.split(",") if step.strip()}
    if unknown := chosen - set(STEPS):
        raise argparse.ArgumentTypeError(f"not a step: {', '.join(sorted(unknown))} (steps: {', '.join(STEPS)})")
    chosen |= {"init"} | ({"extract"} if "update" in chosen else set())
    return tuple(step for step in STEPS if step in chosen)


def fmt(value: object) -> str:
    return "-" if value is None else str(value)


def report(row: Row) -> Row:
    """The row, printed as it comes (the table waits for the end of the run)."""
    name, step, result, seconds, said = row
    print(f"[{name}] {step}: {result} in {seconds:.1f} s: {said[:200]}", flush=True)
    return row


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


class Runner:
    """Runs each step in the project's venv (its bin folder first on PATH, as activated), under a timeout."""

    def __init__(self, timeout: float, build_timeout: float, logs: pathlib.Path | None) -> None:
        self.timeout, self.build_timeout, self.logs, self.count = timeout, build_timeout, logs, 0

    def __call__(self, bin_dir: pathlib.Path, command: list[str], cwd: pathlib.Path, *, build: bool = False,
                 label: str = "") -> projects.Done:
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
               "VIRTUAL_ENV": str(bin_dir.parent), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTHONPATH", None)
        done = projects.run(command, cwd, self.build_timeout if build else self.timeout, env)
        if self.logs:  # the whole output of each command, for a reader of the table who wants more than its last line
            self.count += 1
            slug = re.sub(r"[^\w.-]+", "-", label or command[-1]).strip("-")
            log = self.logs / f"{self.count:03d}-{slug}.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(f"$ cd {cwd} && {' '.join(command)}\n# exit {done.returncode} (None: killed at the timeout) "
                           f"in {done.seconds:.1f} s{'; left processes running' if done.left_running else ''}\n"
                           f"## stdout\n{done.stdout}\n## stderr\n{done.stderr}", encoding="utf-8")
        return done

    def step(self, name: str, label: str, bin_dir: pathlib.Path, command: list[str], cwd: pathlib.Path, *,
             answers: tuple[int, ...] = (0,), build: bool = False) -> tuple[Row, projects.Done]:
        done = self(bin_dir, command, cwd, build=build, label=f"{name}-{label}")
        said = last_line(done.stdout + "\n" + done.stderr)
        if done.returncode is None:
            verdict = "TIMEOUT"
            said = f"killed at its {self.build_timeout if build else self.timeout:.0f} s timeout; last: {said}"
        elif "Traceback (most recent call last)" in done.stderr + done.stdout:
            verdict = "TRACEBACK"
        elif done.returncode in answers:
            verdict = "ok" if done.returncode == 0 else "findings"
        else:
            verdict = f"exit {done.returncode}"
        if done.left_running:
            said = f"[left processes running, killed] {said}"
        return report((name, label, verdict, done.seconds, said)), done


def adopt(name: str, bin_dir: pathlib.Path, folder: pathlib.Path, run: Runner, steps: tuple[str, ...],
          summary: dict, rows: list[Row]) -> None:
    """The steps on a fresh copy of the project; each row appended to rows as it comes."""
    project = projects.copy(name, folder)
    docs = project / projects.PROJECTS[name][0]
    l10n = str(bin_dir / "sphinx-l10n")
    for label in ("init", "extract"):
        if label in steps:
            rows.append(run.step(name, label, bin_dir, [l10n, label], docs)[0])
    settings = read_settings(bin_dir, docs, project, run.timeout)
    if settings.get("error"):
        rows.append(report((name, "  (settings read)", "exit 1", 0.0, settings["error"])))
    before = translations(settings["locale_dir"])
    if "update" in steps:
        rows += update(name, bin_dir, docs, project, folder, run, settings, before, summary)
    for label, command, answers in (("check", [l10n, "check"], (0, 1)), ("stats", [l10n, "stats"], (0, 1)),
                                    ("format", [l10n, "format", "--check"], (0, 1))):
        if label in steps:
            rows.append(run.step(name, command[1] if label != "format" else "format --check", bin_dir, command, docs,
                                 answers=answers)[0])
    ranked = sorted(settings["languages"], key=lambda code: (-before["per_language"].get(code, 0), code))
    print(f"[{name}] languages by translated entries: "
          + ", ".join(f"{code} {before['per_language'].get(code, 0)}" for code in ranked[:6])
          + (f" (of {len(ranked)})" if len(ranked) > 6 else ""), flush=True)
    if "html" in steps:
        # Two translations; a project with one builds its source language too.
        codes = ranked[:2] if len(ranked) >= 2 else [settings["source_language"], *ranked]
        command = [l10n, "build", "--html", *(option for code in codes for option in ("--lang", code))]
        started = time.time()
        row = run.step(name, f"html {' '.join(codes)}", bin_dir, command, docs, build=True)[0]
        missing = [code for code in codes if not written(settings["build_dir"] / "html" / code, "*.html", started)]
        if row[2] == "ok" and missing:
            row = report((*row[:2], "no output", row[3], f"exit 0, but no HTML written in "
                          f"{settings['build_dir'].name}/html/{{{','.join(missing)}}}; said: {row[4]}"))
        if row[2] != "ok":
            row = control(row, run, bin_dir, docs, folder / f"{name}-html", codes, "html")
        rows.append(row)
    if "pdf" in steps and ranked:
        command = [l10n, "build", "--pdf", "--lang", ranked[0]]
        started = time.time()
        row = run.step(name, f"pdf {ranked[0]}", bin_dir, command, docs, build=True)[0]
        if row[2] == "ok" and not written(settings["build_dir"], f"*-{ranked[0]}.pdf", started):
            row = report((*row[:2], "no output", row[3], f"exit 0, but no {settings['build_dir'].name}/**/*-{ranked[0]}.pdf "
                          f"written; said: {row[4]}"))
        if row[2] != "ok":
            row = control(row, run, bin_dir, docs, folder / f"{name}-pdf", ranked[:1], "latexpdf")
        rows.append(row)


def written(folder: pathlib.Path, pattern: str, since: float) -> bool:
    """Whether a build wrote a file matching pattern in folder (or below it) since then."""
    return folder.is_dir() and any(path.stat().st_mtime >= since - 1 for path in folder.rglob(pattern))


def control(row: Row, run: Runner, bin_dir: pathlib.Path, docs: pathlib.Path, out: pathlib.Path, codes: list[str],
            target: str) -> Row:
    """A build that failed, made again with Sphinx alone (no sphinx-l10n) in the same venv: when that
    fails too (or hangs too), the project does not build there, and the row says so ("project")."""
    for code in codes:
        shutil.rmtree(out, ignore_errors=True)
        command = [str(bin_dir / "sphinx-build"), "-M", target, ".", str(out), "-q", "-D", f"language={code}"]
        done = run(bin_dir, command, docs, build=True, label=f"{row[0]}-control-{target}-{code}")
        if done.returncode is None:
            return (*row[:2], "project", row[3], f"sphinx-build -M {target} alone ({code}) times out too "
                                                 f"({done.seconds:.0f} s); ours: {row[4]}")
        if done.returncode != 0:
            return report((*row[:2], "project", row[3], f"sphinx-build -M {target} alone ({code}) fails too: "
                                                        f"{why(done.stdout + chr(10) + done.stderr)}; ours: {row[4]}"))
    print(f"[{row[0]}] {row[1]}: sphinx-build -M {target} alone builds {' '.join(codes)}: the failure is sphinx-l10n's",
          flush=True)
    return row


def why(output: str) -> str:
    """What in a failed build's output says why: its first LaTeX error (! ...); else Sphinx's
    ("Extension error (x)!", "Sphinx error:") with the exception raised last, if any; else the
    last line saying error; else the last line. Warnings are not why."""
    lines = [line.strip() for line in output.splitlines() if line.strip() and "WARNING" not in line]
    latex = [line for line in lines if line.startswith("! ")]
    sphinx = [line for line in lines if re.match(r"[A-Z][\w ]* error( \(.*\))?[!:]$", line)]
    raised = [line for line in lines if re.match(r"[\w.]+(Error|Exception): ", line)]
    said = [line for line in lines if "rror" in line]
    if latex:
        return latex[0]
    if sphinx or raised:
        return " ".join([*sphinx[:1], *raised[-1:]])
    return (said or lines or ["(nothing said)"])[-1]


def read_settings(bin_dir: pathlib.Path, docs: pathlib.Path, project: pathlib.Path, timeout: float) -> dict:
    """What sphinx-l10n reads of the project (after init: projects.settings). If it cannot, the
    language folders found, the templates' folder found, and the error."""
    try:
        return projects.settings(bin_dir, docs, timeout)
    except RuntimeError as exc:
        locale_dir = projects.locale_folder(project)
        languages = sorted(path.name for path in locale_dir.iterdir() if (path / "LC_MESSAGES").is_dir())
        pot_dir = next((path for path in sorted(docs.rglob("gettext")) if path.is_dir() and any(path.rglob("*.pot"))),
                       docs / "_build" / "gettext")
        return {"source_language": "en", "languages": languages, "locale_dir": locale_dir, "pot_dir": pot_dir,
                "build_dir": pot_dir.parent, "error": str(exc)}


def update(name: str, bin_dir: pathlib.Path, docs: pathlib.Path, project: pathlib.Path, folder: pathlib.Path,
           run: Runner, settings: dict, before: dict, summary: dict) -> list[Row]:
    """sphinx-l10n update in a git repository of the catalogs; then sphinx-intl update of the same
    templates and languages on a second copy of them, made before ours ran."""
    locale_dir = settings["locale_dir"]
    intl_dir = folder / f"{name}-sphinx-intl" / "locales"
    shutil.rmtree(intl_dir.parent, ignore_errors=True)
    shutil.copytree(locale_dir, intl_dir)
    git_snapshot(locale_dir)
    git_snapshot(intl_dir)
    row, _ = run.step(name, "update", bin_dir, [str(bin_dir / "sphinx-l10n"), "update"], docs)
    rows = [row]
    after = translations(locale_dir)
    lost = lost_translations(before, after)
    churn = git_churn(locale_dir)
    summary.update(lost=len(lost), churn=churn[0])
    rows.append(report((name, "  translations kept", "ok" if not lost else "LOST", 0.0,
                        f"translated {before['translated']} -> {after['translated']}; "
                        f"{before['count']} translations before, {len(lost)} lost"
                        + (f", e.g. {sorted(lost)[0][0]}: {sorted(lost)[0][1][:40]!r}" if lost else ""))))
    pots = sorted(settings["pot_dir"].rglob("*.pot")) if settings["pot_dir"].is_dir() else []
    if not pots:
        rows.append(report((name, "  churn vs sphinx-intl", "not run", 0.0,
                            f"no templates in {settings['pot_dir']} for sphinx-intl")))
        return rows
    command = [str(bin_dir / "sphinx-intl"), "update", "-p", str(settings["pot_dir"]), "-d", str(intl_dir),
               *(f"--language={code}" for code in settings["languages"])]
    intl_row, _ = run.step(name, "  sphinx-intl update", bin_dir, command, docs)
    intl_after = translations(intl_dir)
    intl_lost = lost_translations(before, intl_after)
    intl_churn = git_churn(intl_dir)
    summary.update(intl=intl_churn[0], **{"intl lost": len(intl_lost)})
    rows.append((name, "  churn vs sphinx-intl", intl_row[2], intl_row[3],
                 f"diff lines: sphinx-l10n {churn[0]} ({churn[1]} files), sphinx-intl {intl_churn[0]} "
                 f"({intl_churn[1]} files; translated -> {intl_after['translated']}, {len(intl_lost)} lost)"))
    report(rows[-1])
    return rows


def git(folder: pathlib.Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "core.autocrlf=false",
                           *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def git_snapshot(folder: pathlib.Path) -> None:
    """A git repository of the catalogs as they are: the baseline of git_churn."""
    git(folder, "init", "--quiet")
    git(folder, "add", "--all", "--force", ".")
    git(folder, "commit", "--quiet", "--no-verify", "-m", "before update")


def git_churn(folder: pathlib.Path) -> tuple[int, int]:
    """(lines added and removed, files changed, created or deleted) since git_snapshot."""
    git(folder, "add", "--all", "--force", ".")
    lines = files = 0
    for line in git(folder, "diff", "--cached", "--numstat", "--no-renames").splitlines():
        added, removed, _ = line.split("\t", 2)
        files += 1
        lines += (int(added) if added != "-" else 0) + (int(removed) if removed != "-" else 0)
    return lines, files


def translations(locale_dir: pathlib.Path) -> dict:
    """Translated entries (in all, and per language folder), and every translation of each language:
    the msgstr of any entry, translated, fuzzy or obsolete; plus the text that may hold one carried
    over (msgstrs and translator comments), per language."""
    translated, per_language, msgstrs, texts = 0, {}, set(), {}
    for path in sorted(locale_dir.rglob("*.po")):
        relative = path.relative_to(locale_dir).parts
        if len(relative) < 3 or relative[1] != "LC_MESSAGES" or ".git" in relative:
            continue
        lang = relative[0]
        catalog = polib.pofile(str(path))
        count = len(catalog.translated_entries())
        translated += count
        per_language[lang] = per_language.get(lang, 0) + count
        for entry in catalog:
            strings = [entry.msgstr, *entry.msgstr_plural.values()]
            msgstrs |= {(lang, text) for text in strings if text}
            texts.setdefault(lang, []).extend(text for text in (*strings, entry.tcomment) if text)
    return {"translated": translated, "per_language": per_language, "msgstrs": msgstrs, "count": len(msgstrs),
            "texts": {lang: projects.haystack(parts) for lang, parts in texts.items()}}


def lost_translations(before: dict, after: dict) -> set[tuple[str, str]]:
    """(language, translation) before that is nowhere after in that language: not a msgstr, nor
    inside one or a translator comment, whole or sentence by sentence (projects.kept)."""
    gone = before["msgstrs"] - after["msgstrs"]
    return {(lang, text) for lang, text in gone if not projects.kept(text, after["texts"].get(lang, ""))}


if __name__ == "__main__":
    main()
