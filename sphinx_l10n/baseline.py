"""Gate a pull request on what it changed: findings on the entries changed since a git ref
(`check --changed-since REF`), and a baseline of known findings that are not reported again
(`check --baseline FILE`, recorded with `--write-baseline`)."""

import collections
import json
import os
import pathlib
import subprocess
from collections.abc import Iterable

from sphinx_l10n import L10nError, catalogs
from sphinx_l10n.report import Finding, Report

BASELINE_VERSION = 1


def keep_changed(report: Report, ref: str, root: pathlib.Path) -> None:
    """Keep the findings of files changed since ref and, in a catalog, of entries whose
    translation (or fuzzy mark) changed or that are new; a new file's findings all stay."""
    top = pathlib.Path(_git(["rev-parse", "--show-toplevel"], root, "--changed-since needs a git repository"))
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, f"--changed-since: no commit {ref!r} here")
    changed = set(_git(["diff", "--name-only", "--no-renames", ref, "--"], top, "git diff failed").splitlines())
    changed |= set(_git(["ls-files", "--others", "--exclude-standard"], top, "git ls-files failed").splitlines())
    kept: list[Finding] = []
    entries: dict[str, set[str] | None] = {}  # file -> the msgids changed (None: every one)
    for finding in report.findings:
        path = pathlib.Path(os.path.abspath(finding.file))
        relative = path.relative_to(top).as_posix() if path.is_relative_to(top) else None
        if relative is None or relative not in changed:
            continue
        if finding.msgid and path.suffix == ".po":
            if relative not in entries:
                entries[relative] = _changed_msgids(path, relative, ref, top)
            msgids = entries[relative]
            if msgids is not None and finding.msgid not in msgids:
                continue
        kept.append(finding)
    report.silenced += len(report.findings) - len(kept)
    report.findings = kept


def _changed_msgids(path: pathlib.Path, relative: str, ref: str, top: pathlib.Path) -> set[str] | None:
    old = subprocess.run(["git", "show", f"{ref}:{relative}"], cwd=top, capture_output=True)
    if old.returncode != 0:
        return None  # the catalog is new since ref
    try:
        before = {entry.msgid: _state(entry) for entry in catalogs.parse(old.stdout.decode("utf-8"), f"{ref}:{relative}")}
    except (L10nError, UnicodeDecodeError):
        return None  # unreadable then: everything in it counts as changed
    return {entry.msgid for entry in catalogs.load(path) if before.get(entry.msgid) != _state(entry)}


def _state(entry: catalogs.polib.POEntry) -> tuple[object, ...]:
    return entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), entry.fuzzy, entry.obsolete


def _git(arguments: list[str], cwd: pathlib.Path, failure: str) -> str:
    try:
        result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise L10nError(f"{failure}: git is not installed") from None
    if result.returncode != 0:
        raise L10nError(f"{cwd}: {failure}")
    return result.stdout.strip()


def _key(finding: Finding, root: pathlib.Path) -> tuple[str, str, str, str, str]:
    """What identifies a finding across commits: not its line, which moves."""
    file = os.path.relpath(os.path.abspath(finding.file), root)
    return pathlib.Path(file).as_posix(), finding.lang, finding.check, finding.msgid, finding.message


def write(report: Report, path: pathlib.Path, root: pathlib.Path) -> int:
    """Record every finding of the report as known; the number recorded."""
    keys = sorted(_key(finding, root) for finding in report.findings)
    fields = ("file", "lang", "check", "msgid", "message")
    document = {"version": BASELINE_VERSION, "findings": [dict(zip(fields, key, strict=True)) for key in keys]}
    snapshot = catalogs.snapshot(path) if path.exists() else None
    catalogs.write_text(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n", snapshot, new=snapshot is None)
    return len(keys)


def suppress_known(report: Report, path: pathlib.Path, root: pathlib.Path) -> None:
    """Drop the findings the baseline knows, each as many times as it was recorded."""
    known = collections.Counter(_read(path))
    kept = []
    for finding in report.findings:
        key = _key(finding, root)
        if known[key] > 0:
            known[key] -= 1
        else:
            kept.append(finding)
    report.silenced += len(report.findings) - len(kept)
    report.findings = kept


def _read(path: pathlib.Path) -> Iterable[tuple[str, str, str, str, str]]:
    try:
        document = json.loads(catalogs.read_bytes(path).decode("utf-8"))
        if document.get("version") != BASELINE_VERSION:
            raise ValueError(f"version {document.get('version')!r}, not {BASELINE_VERSION}")
        return [(f["file"], f["lang"], f["check"], f["msgid"], f["message"]) for f in document["findings"]]
    except L10nError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise L10nError(f"{path}:1: not an l10n baseline ({exc}); write one with `sphinx-l10n check --write-baseline`") from None
