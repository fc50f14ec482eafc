"""Gate a pull request on what it changed: findings on the entries changed since a git ref
(`check --changed-since REF`), and a baseline of known findings that are not reported again
(`check --baseline FILE`, recorded with `--write-baseline`).

A pull request can rewrite the baseline as easily as a catalog, so a gate reads it as the
base has it (`--baseline-ref REF`), and no baseline ever accepts a security finding."""

import collections
import dataclasses
import json
import os
import pathlib
import subprocess

import polib

from sphinx_l10n import L10nError, catalogs, fileio
from sphinx_l10n.checks import all_checks
from sphinx_l10n.report import Finding, Report

BASELINE_VERSION = 1

Key = tuple[str, str, str, str, str]  # file, lang, check, msgid, message


@dataclasses.dataclass
class Baseline:
    name: str  # FILE, or REF:FILE as git names it
    findings: list[Key]
    notes: list[str] = dataclasses.field(default_factory=list)  # for the user, on standard error


def security_checks() -> list[str]:
    """The checks a translator comment cannot silence (Check.silenceable): whoever can write a
    baseline in a pull request can hide what it adds as easily, so none accepts them either."""
    return sorted(check.id for check in all_checks() if not check.silenceable)


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


def _state(entry: polib.POEntry) -> tuple[object, ...]:
    return entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), entry.fuzzy, entry.obsolete


def _git(arguments: list[str], cwd: pathlib.Path, failure: str) -> str:
    try:
        result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise L10nError(f"{failure}: git is not installed") from None
    if result.returncode != 0:
        raise L10nError(f"{cwd}: {failure}")
    return result.stdout.strip()


def _key(finding: Finding, root: pathlib.Path) -> Key:
    """What identifies a finding across commits: not its line, which moves."""
    file = os.path.relpath(os.path.abspath(finding.file), root)
    return pathlib.Path(file).as_posix(), finding.lang, finding.check, finding.msgid, finding.message


def write(report: Report, path: pathlib.Path, root: pathlib.Path) -> list[Finding]:
    """Record every finding of the report as known, but the security ones: those returned."""
    security = set(security_checks())
    refused = [finding for finding in report.findings if finding.check in security]
    keys = sorted(_key(finding, root) for finding in report.findings if finding.check not in security)
    fields = ("file", "lang", "check", "msgid", "message")
    document = {"version": BASELINE_VERSION, "findings": [dict(zip(fields, key, strict=True)) for key in keys]}
    snapshot = fileio.snapshot(path) if path.exists() else None
    fileio.write_text(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n", snapshot, new=snapshot is None)
    return refused


def read(path: pathlib.Path, ref: str | None, root: pathlib.Path) -> Baseline:
    """The baseline in the work tree or, with ref, as committed there: a file the base does not
    have yet accepts nothing (a pull request that adds one gets no say in what it accepts)."""
    if ref is None:
        return Baseline(str(path), _parse(fileio.read_bytes(path), str(path)))
    name, data = _committed(path, ref, root)
    if data is None:
        return Baseline(name, [], [f"note: {path} is not in {ref}: no finding is taken as known"])
    return Baseline(name, _parse(data, name))


def _committed(path: pathlib.Path, ref: str, root: pathlib.Path) -> tuple[str, bytes | None]:
    """REF:FILE and its bytes (None: not a file there)."""
    top = pathlib.Path(_git(["rev-parse", "--show-toplevel"], root, "--baseline-ref needs a git repository")).resolve()
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, f"--baseline-ref: no commit {ref!r} here")
    absolute = path.resolve()
    if not absolute.is_relative_to(top):
        raise L10nError(f"{path}: --baseline-ref: the baseline is outside the git repository {top}")
    name = f"{ref}:{absolute.relative_to(top).as_posix()}"
    result = subprocess.run(["git", "cat-file", "blob", name], cwd=top, capture_output=True)
    return name, result.stdout if result.returncode == 0 else None


def suppress_known(report: Report, known: Baseline, root: pathlib.Path) -> None:
    """Drop the findings the baseline knows, each as many times as it was recorded; never a
    security finding (a note says how many the baseline lists all the same)."""
    security = set(security_checks())
    counts = collections.Counter(key for key in known.findings if key[2] not in security)
    kept = []
    for finding in report.findings:
        key = _key(finding, root)
        if counts[key] > 0:
            counts[key] -= 1
        else:
            kept.append(finding)
    report.silenced += len(report.findings) - len(kept)
    report.findings = kept
    listed = sum(key[2] in security for key in known.findings)
    if listed:
        known.notes.append(f"note: {known.name}: {listed} security finding(s) ({', '.join(security_checks())}) listed "
                           "there are reported all the same: a baseline never accepts them")


def _parse(data: bytes, name: str) -> list[Key]:
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("version") != BASELINE_VERSION:
            raise ValueError(f"version {document.get('version')!r}, not {BASELINE_VERSION}")
        return [(f["file"], f["lang"], f["check"], f["msgid"], f["message"]) for f in document["findings"]]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise L10nError(f"{name}:1: not an l10n baseline ({exc}); write one with `sphinx-l10n check --write-baseline`") from None
