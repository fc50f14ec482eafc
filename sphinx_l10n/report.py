"""Findings, and the reports made of one list of them: text (file:line: severity: [check] message),
JSON, JUnit XML, Markdown. This module knows findings, not the checks that make them."""

import collections
import dataclasses
import html
import json
import os
import re
from collections.abc import Sequence

ERROR = "error"
WARNING = "warning"
SEVERITIES = (WARNING, ERROR)


@dataclasses.dataclass
class Finding:
    """One problem at one place: a catalog's entry, a catalog, or the source."""

    file: str
    line: int
    lang: str  # "" for a problem of the source
    check: str
    severity: str
    message: str
    msgid: str
    renamed: tuple[tuple[str, str], ...] = ()  # the code names it is about, renamed (Problem.renamed)


@dataclasses.dataclass
class Report:
    findings: list[Finding] = dataclasses.field(default_factory=list)
    input_errors: list[str] = dataclasses.field(default_factory=list)
    silenced: int = 0
    files: int = 0
    entries: int = 0
    checked: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (file, lang) of every catalog read
    conventions: list[str] = dataclasses.field(default_factory=list)  # what the check learned of the team, and from what
    translated_names: list[str] = dataclasses.field(default_factory=list)  # names of code the team translates, learned
    translated_roles: list[str] = dataclasses.field(default_factory=list)  # roles whose text the team translates, learned

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def add(self, other: "Report") -> None:
        """Take in the findings and counts of another run's report."""
        self.findings += other.findings
        self.input_errors += other.input_errors
        self.silenced += other.silenced
        self.files += other.files
        self.entries += other.entries
        self.checked += other.checked
        self.conventions += other.conventions
        self.translated_names += other.translated_names
        self.translated_roles += other.translated_roles

    @property
    def exit_status(self) -> int:
        if self.input_errors:
            return 2
        return 1 if self.errors else 0


# Controls, bidi and invisible characters, and the lone surrogates that stand for
# a file name's undecodable bytes: shown as escapes, so that every format stays
# well formed (XML forbids most controls) and a terminal shows what is there.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff"
                          "\ud800-\udfff]")


def printable(text: str) -> str:
    """text with every unprintable character as its escape: \\x01, \\u202e, \\udcff."""
    if text.isascii() and text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _summary(report: Report) -> str:
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    parts = [f"{report.files} file(s), {report.entries} entries checked: {errors} error(s), {warnings} warning(s)"]
    if report.silenced:
        parts.append(f"{report.silenced} silenced")
    if report.input_errors:
        parts.append(f"{len(report.input_errors)} input error(s)")
    return ", ".join(parts)


def text(report: Report) -> str:
    lines = [printable(f"{f.file}:{f.line}: {f.severity}: [{f.check}] {f.message}") for f in report.findings]
    lines += [printable(e if e.count(":") >= 2 else f"error: {e}") for e in report.input_errors]
    lines += [printable(f"convention learned: {c}") for c in report.conventions]
    lines.append(_summary(report))
    return "\n".join(lines)


def as_json(report: Report) -> str:
    # JSON escapes controls itself; a lone surrogate (an undecodable byte of a
    # file name) it would write as is, and no UTF-8 reader accepts that.
    text = json.dumps({
        "findings": [{"file": f.file, "line": f.line, "lang": f.lang, "check": f.check, "severity": f.severity,
                      "message": f.message, "msgid": f.msgid} for f in report.findings],
        "files": report.files,
        "entries": report.entries,
        "silenced": report.silenced,
        "input_errors": report.input_errors,
        "conventions": report.conventions,
    }, ensure_ascii=False)  # one line: the C encoder, ten times faster on a large report
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def junit(report: Report, check_ids: Sequence[str]) -> str:
    """One test case per check and catalog: a CI dashboard shows which check failed where.

    Findings are matched to catalogs by absolute path, and a finding on any
    other file (a source, a missing catalog) gets a test case of its own:
    every finding of the text report is in the XML too."""
    from xml.sax.saxutils import quoteattr  # it imports urllib: only when asked for

    by_case: collections.defaultdict[tuple[str, str], list[Finding]] = collections.defaultdict(list)
    for f in report.findings:
        by_case[os.path.abspath(f.file), f.check].append(f)
    cases = []
    for path, lang in report.checked:
        for check_id in check_ids:
            cases.append(_case(f"l10n.{lang}.{path}", check_id, by_case.pop((os.path.abspath(path), check_id), [])))
    for (_path, check_id), found in by_case.items():
        cases.append(_case(f"l10n.{found[0].lang or 'source'}.{found[0].file}", check_id, found))
    for error in report.input_errors:
        error = printable(error)
        cases.append((True, f'<testcase classname="sphinx_l10n.input" name={quoteattr(error.split(":")[0])}>'
                            f'<error message={quoteattr(error)}/></testcase>'))
    failures = sum(failed for failed, _ in cases)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<testsuites><testsuite name="sphinx-l10n check" tests="{len(cases)}" failures="{failures}">'
            + "".join(xml for _, xml in cases) + "</testsuite></testsuites>")


def _case(classname: str, check_id: str, found: Sequence[Finding]) -> tuple[bool, str]:
    """(failed, the test case's XML) for one check on one file."""
    from xml.sax.saxutils import escape, quoteattr

    errors = [f for f in found if f.severity == ERROR]
    body = ""
    if errors:
        detail = "\n".join(printable(f"{f.file}:{f.line}: {f.message}") for f in errors)
        body = f'<failure message={quoteattr(f"{len(errors)} error(s)")} type="{check_id}">{escape(detail)}</failure>'
    warnings = [f for f in found if f.severity != ERROR]
    if warnings:
        output = "\n".join(printable(f"{f.file}:{f.line}: warning: {f.message}") for f in warnings)
        body += "<system-out>" + escape(output) + "</system-out>"
    return bool(errors), f'<testcase classname={quoteattr(printable(classname))} name={quoteattr(check_id)}>{body}</testcase>'


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~@-])")


def markdown_text(text: str) -> str:
    """text as Markdown shows it literally (a pull-request comment renders what a translation wrote):
    HTML escaped, every character Markdown or GitHub reads (emphasis, links, @mentions) backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(printable(text), quote=False))


def _markdown_place(finding: Finding) -> str:
    return f"<code>{html.escape(printable(f'{finding.file}:{finding.line}'))}</code>"


def markdown(report: Report) -> str:
    counts = collections.Counter((f.lang, f.check, f.severity) for f in report.findings)
    lines = ["### Translation check", "", _summary(report), ""]
    if report.conventions:
        lines += ["<details><summary>Conventions learned from the catalogs</summary>", ""]
        lines += [f"- {markdown_text(c)}" for c in report.conventions] + ["", "</details>", ""]
    if counts:
        lines += ["| language | check | errors | warnings |", "|---|---|---:|---:|"]
        for lang, check in sorted({(code, c) for code, c, _ in counts}):
            lines.append(f"| {lang or 'source'} | {check} | {counts[lang, check, 'error']} | {counts[lang, check, 'warning']} |")
        errors = report.errors[:20]
        if errors:
            lines += ["", "<details><summary>First errors</summary>", ""]
            lines += [f"- {_markdown_place(f)} **{f.check}**: {markdown_text(f.message)}" for f in errors]
            lines += ["", "</details>"]
    for error in report.input_errors:
        lines.append(f"- :x: {markdown_text(error)}")
    return "\n".join(lines)
