"""Adoption, end to end: every l10n command on each real project, from the wheel in a fresh venv.

For each project of ../shared/projects (a fresh copy, made to run offline: see
bench/projects.py), a fresh venv gets the project's own requirements and the l10n
wheel built from this checkout; then, in the folder of its conf.py: init,
extract, update (translations counted before and after: none may be lost),
check, stats, format --check, and the HTML of two languages. One table: each
step's exit status (0 and 1 are answers; 2 is an input error; a traceback is a
failure; a build must exit 0), its time, and what it said. A build that fails is
run again with sphinx-build alone, no l10n: when that fails too, the project
does not build in a fresh venv of its own requirements ("project").

    .venv/bin/python bench/adopt.py [PROJECT ...] [--reuse]   (--reuse: keep the venvs)
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

import polib
import projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(projects.PROJECTS), metavar="PROJECT")
    parser.add_argument("--reuse", action="store_true", help="keep each project's venv if it exists")
    args = parser.parse_args()
    wheel = projects.wheel()
    rows: list[tuple[str, str, str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.names:
            started = time.perf_counter()
            bin_dir = projects.venv(name, wheel, fresh=not args.reuse)
            rows.append((name, "venv + wheel", "ok", time.perf_counter() - started, wheel.name))
            rows += adopt(name, bin_dir, pathlib.Path(folder))
    print(f"\n{'project':<20} {'step':<22} {'result':<10} {'seconds':>8}  said")
    for name, step, result, seconds, said in rows:
        print(f"{name:<20} {step:<22} {result:<10} {seconds:>8.1f}  {said[:90]}")
    failed = [row for row in rows if row[2] not in ("ok", "findings", "project")]
    project = [row for row in rows if row[2] == "project"]
    print(f"\n{len(rows)} steps, {len(failed)} failed, {len(project)} that the project fails without l10n too")
    sys.exit(1 if failed else 0)


def adopt(name: str, bin_dir: pathlib.Path, folder: pathlib.Path) -> list[tuple[str, str, str, float, str]]:
    project = projects.copy(name, folder)
    docs = project / projects.PROJECTS[name][0]
    l10n = str(bin_dir / "sphinx-l10n")
    rows = [step(name, "init", [l10n, "init"], docs), step(name, "extract", [l10n, "extract"], docs)]
    before = translations(project)
    rows.append(step(name, "update", [l10n, "update"], docs))
    after = translations(project)
    lost = before["msgstrs"] - after["msgstrs"]
    rows.append((name, "  translations kept", "ok" if not lost else "LOST", 0.0,
                 f"translated {before['translated']} -> {after['translated']}; "
                 f"{len(before['msgstrs'])} translations before, {len(lost)} lost"))
    rows += [step(name, "check", [l10n, "check"], docs), step(name, "stats", [l10n, "stats"], docs),
             step(name, "format --check", [l10n, "format", "--check"], docs)]
    languages = [path.name for path in sorted(projects.locale_folder(project).iterdir()) if (path / "LC_MESSAGES").is_dir()]
    # Two translations; a project with one builds its source language too.
    codes = languages[:2] if len(languages) >= 2 else [source_language(bin_dir, docs), *languages]
    build = [l10n, "build", "--html", *(option for code in codes for option in ("--lang", code))]
    row = step(name, f"html {' '.join(codes)}", build, docs, answers=(0,))
    if row[2] != "ok":  # a control: the same language with Sphinx alone, no l10n
        alone = subprocess.run([str(bin_dir / "sphinx-build"), "-q", "-b", "html", "-D", f"language={codes[-1]}", ".",
                                str(folder / f"{name}-control")], cwd=docs, capture_output=True, text=True)
        if alone.returncode != 0:
            reason = next((line for line in alone.stderr.splitlines() if "rror" in line), alone.stderr.strip()[-120:])
            row = (*row[:2], "project", row[3], f"sphinx-build alone fails too: {reason}")
    rows.append(row)
    return rows


def step(name: str, label: str, command: list[str], cwd: pathlib.Path,
         answers: tuple[int, ...] = (0, 1)) -> tuple[str, str, str, float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if "Traceback" in result.stderr:
        verdict = "TRACEBACK"
    elif result.returncode in answers:
        verdict = "ok" if result.returncode == 0 else "findings"
    else:
        verdict = f"exit {result.returncode}"
    return name, label, verdict, seconds, lines[-1] if lines else ""


def translations(project: pathlib.Path) -> dict:
    """Translated entries, and every translation (translated, fuzzy or obsolete) by its msgid."""
    translated, msgstrs = 0, set()
    for path in sorted(projects.locale_folder(project).rglob("*.po")):
        catalog = polib.pofile(str(path))
        translated += len(catalog.translated_entries())
        msgstrs |= {(path.parent.parent.name, entry.msgstr) for entry in catalog if entry.msgstr}
    return {"translated": translated, "msgstrs": msgstrs}


def source_language(bin_dir: pathlib.Path, docs: pathlib.Path) -> str:
    code = "from sphinx_l10n import config; print(config.load('.').source_language)"
    return subprocess.run([str(bin_dir / "python"), "-c", code], cwd=docs, capture_output=True, text=True,
                          check=True).stdout.strip()


if __name__ == "__main__":
    main()
