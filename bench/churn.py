"""Churn: the diff `sphinx-l10n update` makes after one source edit, against sphinx-intl's.

For each project of ../shared/projects (copied; see bench/projects.py for what
is replaced to run offline), one sentence of one document is edited (a
translated entry's source line gets a few words more). Sphinx's gettext
builder writes the templates once (`sphinx-l10n extract`); then, on two copies of the
catalogs, `sphinx-l10n update` and `sphinx-intl update` merge the same templates. The
table prints the diff lines (+ and -) each leaves in the catalogs (and their
ratio to sphinx-intl's, measured in the same run), the files
each rewrote, and the translations before and after (none may be lost: each
msgstr before is still a msgstr, or inside one or a translator comment, whole
or sentence by sentence). sphinx-intl updates the languages sphinx-l10n does,
from the templates extract wrote. Each command is killed (its process group)
after 20 minutes, and the run stops there. Each tool works on its own copy, brought up to date by one update before the
edit: the catalogs of a project that uses it every day. sphinx-l10n runs twice: as it
comes (a fuzzy entry gets its former msgid, `#| msgid`, one line or more that
sphinx-intl does not write) and with previous_msgid = false.

    .venv/bin/python bench/churn.py [PROJECT ...]
"""

import argparse
import difflib
import pathlib
import re
import shutil
import sys
import tempfile

import polib
import projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(projects.PROJECTS), metavar="PROJECT")
    args = parser.parse_args()
    projects.stop_cleanly()
    wheel = projects.wheel()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.names:
            bin_dir = projects.venv(name, wheel)
            for tool in ("sphinx-l10n", "sphinx-l10n, no #|", "sphinx-intl"):
                rows.append((name, tool, measure(name, tool, bin_dir, pathlib.Path(folder) / re.sub(r"\W+", "-", tool))))
    baseline = {name: lines for name, tool, (lines, *_) in rows if tool == "sphinx-intl"}
    print(f"\n{'project':<21} {'tool':<19} {'diff lines':>10} {'vs sphinx-intl':>15} {'files':>6} "
          f"{'translated before':>18} {'after':>6} {'translations lost':>18}")
    for name, tool, (lines, files, before, after, lost) in rows:
        ratio = f"{lines / baseline[name]:.2f}x" if baseline[name] else "-"
        print(f"{name:<21} {tool:<19} {lines:>10} {ratio:>15} {files:>6} {before:>18} {after:>6} {lost:>18}")


def measure(name: str, tool: str, bin_dir: pathlib.Path, folder: pathlib.Path) -> tuple[int, int, int, int, int]:
    """On a copy kept up to date by tool (one update before the edit: its steady state), the diff
    its update leaves after one source edit."""
    project = projects.copy(name, folder)
    docs = project / projects.PROJECTS[name][0]
    if tool == "sphinx-l10n, no #|":  # what sphinx-intl and plain msgmerge write: no previous msgid
        (docs / "sphinx-l10n.toml").write_text("previous_msgid = false\n", encoding="utf-8")
    locale_dir = projects.locale_folder(project)
    update(tool, bin_dir, docs, project, locale_dir)
    steady = snapshot(locale_dir)
    edited = edit_one_sentence(project, docs)
    print(f"{name} ({tool}): edited {edited}", flush=True)
    update(tool, bin_dir, docs, project, locale_dir)
    return compare(steady, snapshot(locale_dir))


def update(tool: str, bin_dir: pathlib.Path, docs: pathlib.Path, project: pathlib.Path, locale_dir: pathlib.Path) -> None:
    """Sphinx's gettext builder (through sphinx-l10n extract), then the tool's update of every language
    sphinx-l10n updates (sphinx-intl: the same languages, from the templates extract wrote; not the
    stale messages.pot packaging-python-org keeps in its catalogs' folder)."""
    run([str(bin_dir / "sphinx-l10n"), "extract"], docs)
    if tool != "sphinx-intl":
        run([str(bin_dir / "sphinx-l10n"), "update"], docs)
        return
    try:
        found = projects.settings(bin_dir, docs)
    except RuntimeError as exc:
        sys.exit(f"{docs}: {exc}")
    run([str(bin_dir / "sphinx-intl"), "update", "-p", str(found["pot_dir"]), "-d", str(locale_dir),
         *(f"--language={code}" for code in found["languages"])], docs)


def edit_one_sentence(project: pathlib.Path, docs: pathlib.Path) -> str:
    """Lengthen the source line of the first translated one-line entry found verbatim in a source file."""
    sources = sorted(path for path in docs.rglob("*") if path.suffix in (".rst", ".md") and "_build" not in path.parts)
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    for po_path in sorted(projects.locale_folder(project).rglob("*.po")):
        for entry in polib.pofile(str(po_path)):
            if not entry.translated() or "\n" in entry.msgid or len(entry.msgid) < 40:
                continue
            for path, text in texts.items():
                if f"\n{entry.msgid}\n" in text:
                    path.write_text(text.replace(f"\n{entry.msgid}\n", f"\n{entry.msgid} It was edited.\n", 1),
                                    encoding="utf-8")
                    return f"{path.relative_to(project)}: {entry.msgid[:50]}..."
    raise SystemExit(f"{project}: no translated sentence found verbatim in the sources")


def snapshot(locale_dir: pathlib.Path) -> dict[pathlib.Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(locale_dir.rglob("*.po"))}


def compare(before: dict[pathlib.Path, str], after: dict[pathlib.Path, str]) -> tuple[int, int, int, int, int]:
    """(diff lines, files changed or created, translated entries before, after, translations lost: a
    msgstr before that is nowhere after, translated, fuzzy or obsolete)."""
    lines = files = 0
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, "").splitlines(), after.get(path, "").splitlines()
        if old != new:
            files += 1
            lines += sum(1 for line in difflib.unified_diff(old, new, lineterm="", n=0)
                         if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    return lines, files, translated(before), translated(after), len(lost(before, after))


def translated(files: dict[pathlib.Path, str]) -> int:
    return sum(len(polib.pofile(text).translated_entries()) for text in files.values())


def msgstrs(files: dict[pathlib.Path, str]) -> set[str]:
    return {entry.msgstr for text in files.values() for entry in polib.pofile(text) if entry.msgstr}


def lost(before: dict[pathlib.Path, str], after: dict[pathlib.Path, str]) -> set[str]:
    """The translations before that are nowhere after: not as a msgstr, nor inside one or a
    translator comment, whole or sentence by sentence (projects.kept: update brings a translation
    over sentence by sentence, and keeps that of removed source text in a comment)."""
    gone = msgstrs(before) - msgstrs(after)
    if not gone:
        return gone
    texts = projects.haystack([part for text in after.values() for entry in polib.pofile(text)
                               for part in (entry.msgstr, entry.tcomment) if part])
    return {text for text in gone if not projects.kept(text, texts)}


def run(command: list[str], cwd: pathlib.Path) -> None:
    """command, under a timeout of TIMEOUT seconds (its process group killed then); exit 0 or 1, or the run stops."""
    result = projects.run(command, cwd, TIMEOUT)
    if result.returncode not in (0, 1):
        status = f"exit {result.returncode}" if result.returncode is not None else f"killed at its {TIMEOUT} s timeout"
        sys.exit(f"{' '.join(command)} (in {cwd}): {status}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


TIMEOUT = 1200


if __name__ == "__main__":
    shutil.rmtree(pathlib.Path(tempfile.gettempdir()) / "churn", ignore_errors=True)
    main()
