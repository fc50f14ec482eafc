"""Run the consistency checks over catalogs and collect findings."""

import concurrent.futures
import dataclasses
import os
import pathlib
import re

from l10n import L10nError, catalogs
from l10n.checks import ERROR, WARNING, Unit, all_checks
from l10n.checks.names import Names, variants

_IGNORE = re.compile(r"l10n:\s*ignore\s+(?P<ids>[\w\s,-]+)", re.IGNORECASE)


@dataclasses.dataclass
class Finding:
    file: str
    line: int
    lang: str
    check: str
    severity: str
    message: str
    msgid: str


@dataclasses.dataclass
class Report:
    findings: list = dataclasses.field(default_factory=list)
    input_errors: list = dataclasses.field(default_factory=list)
    silenced: int = 0
    files: int = 0
    entries: int = 0
    checked: list = dataclasses.field(default_factory=list)  # (file, lang) of every catalog read

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def exit_status(self):
        if self.input_errors:
            return 2
        return 1 if self.errors else 0


def silenced_checks(entry):
    ids = set()
    for match in _IGNORE.finditer(entry.tcomment or ""):
        ids.update(i for i in re.split(r"[\s,]+", match["ids"].strip().lower()) if i)
    return ids


def _units(entry, source_lang, target_lang):
    context = {"fuzzy": entry.fuzzy}
    if entry.msgid_plural:
        for index, text in sorted(entry.msgstr_plural.items()):
            if text:
                yield Unit(entry.msgid if index == 0 else entry.msgid_plural, text, source_lang, target_lang, context)
    elif entry.msgstr:
        yield Unit(entry.msgid, entry.msgstr, source_lang, target_lang, context)


def check_catalog(path, source_lang, names=None, lang=None):
    """Findings of one catalog: (findings, silenced count, entries, lang)."""
    catalog = catalogs.load(path)
    target_lang = lang or catalogs.language_of(catalog, path)
    if not target_lang:
        raise L10nError(f"{path}:1: no Language header and no <lang>/LC_MESSAGES/ in the path: pass --lang")
    checks = all_checks()
    if names:
        checks = [c if not isinstance(c, Names) else Names(names["names"], names["glossary"]) for c in checks]
    fuzzy_only = [c for c in checks if c.id == "fuzzy"]
    findings, silenced, entries = [], 0, 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        entries += 1
        ignored = silenced_checks(entry)
        for unit in _units(entry, source_lang, target_lang):
            for check in (fuzzy_only if entry.fuzzy else checks):
                for problem in check.check(unit):
                    if check.id in ignored or "all" in ignored:
                        silenced += 1
                        continue
                    findings.append(Finding(str(path), entry.linenum, target_lang, check.id, problem.severity, problem.message, entry.msgid))
    return findings, silenced, entries, target_lang


def _check_one(args):
    path, source_lang, names, lang = args
    try:
        return path, check_catalog(path, source_lang, names, lang), None
    except L10nError as exc:
        return path, None, str(exc)


def check_files(paths, source_lang, *, names=None, lang=None, jobs=None):
    """Check every catalog; unreadable ones become input errors, the rest go on."""
    report = Report()
    files = catalogs.catalog_files(paths)
    jobs = jobs or os.cpu_count() or 1
    work = [(str(p), source_lang, names, lang) for p in files]
    if jobs > 1 and len(work) > 4:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_check_one, work, chunksize=max(1, len(work) // (jobs * 8))))
    else:
        results = [_check_one(w) for w in work]
    for path, result, error in results:
        if error:
            report.input_errors.append(error)
            continue
        findings, silenced, entries, target_lang = result
        report.findings.extend(findings)
        report.silenced += silenced
        report.entries += entries
        report.files += 1
        report.checked.append((path, target_lang))
    return report


def source_findings(pot_paths, root=None, names=()):
    """Spelling variants inside the source itself (Benoît/Benoit): warnings on the source."""
    messages = {}
    for path in pot_paths:
        try:
            catalog = catalogs.load(path)
        except L10nError:
            continue
        for entry in catalog:
            if entry.msgid and not entry.obsolete:
                messages.setdefault(entry.msgid, (path, entry))
    findings = []
    for forms in variants(messages, names):
        where = _first_use(messages, forms[-1], root)
        findings.append(Finding(where[0], where[1], "", "source-variants", WARNING,
                                f"the source spells one name or word several ways: {' / '.join(forms)}", where[2]))
    return findings


def _first_use(messages, form, root):
    pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
    for msgid, (path, entry) in messages.items():
        if pattern.search(msgid):
            for occurrence, line in entry.occurrences:
                source = (pathlib.Path(path).parent / occurrence).resolve()
                if source.exists():
                    shown = os.path.relpath(source, root) if root else str(source)
                    return shown, int(line or 0), msgid
            return str(path), entry.linenum, msgid
    return "", 0, ""
