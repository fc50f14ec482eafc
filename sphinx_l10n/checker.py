"""Run the registered checks: entry checks over every catalog (in parallel, cached by content),
then a project's source and catalog checks; collect one report of findings."""

import collections
import concurrent.futures
import contextlib
import dataclasses
import gc
import hashlib
import inspect
import json
import os
import pathlib
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sphinx_l10n import L10nError, catalogs, conventions, fileio, interface
from sphinx_l10n.checks import ERROR, CatalogCheck, Check, Problem, Project, Source, SourceCheck, Unit, all_checks, plugin_checks
from sphinx_l10n.checks.markup import example_names
from sphinx_l10n.checks.names import Names
from sphinx_l10n.checks.security import Hidden
from sphinx_l10n.checks.size import Size, too_long
from sphinx_l10n.config import Config, Policy
from sphinx_l10n.markup import rst
from sphinx_l10n.report import Finding, Report

DEFAULT_POLICY = Policy()

if TYPE_CHECKING:
    import polib

_IGNORE = re.compile(r"l10n:[ \t]*ignore[ \t]+(?P<ids>[\w \t,-]+)", re.IGNORECASE)  # one comment line

NOT_SILENCED = (" (a translator comment asks to ignore this check; it was not: whoever writes a translation "
                "also writes its comments, so security checks cannot be silenced)")

# A report stays readable, and as large as its input at most a few times over: one check lists
# at most MAX_LISTED findings on one entry (six real sources: 39), then says that more were left
# unlisted (an error: what they are is not known); a message quotes at most MAX_MESSAGE_CHARS.
MAX_LISTED = 64
MAX_MESSAGE_CHARS = 2000
_MORE = Problem(ERROR, f"more than {MAX_LISTED} findings of this check on this entry: the others are not listed")

# One catalog's (findings, silenced count, entries, lang, names of code kept as is: conventions.kept_names).
CheckResult = tuple[list[Finding], int, int, str, dict[str, int]]


def silenced_checks(entry: "polib.POEntry") -> set[str]:
    ids: set[str] = set()
    if "l10n" not in (entry.tcomment or "").lower():
        return ids
    for match in _IGNORE.finditer(entry.tcomment):
        ids.update(i for i in re.split(r"[\s,]+", match["ids"].strip().lower()) if i)
    return ids


def _units(entry: "polib.POEntry", source_lang: str, target_lang: str,
           names: frozenset[str] = frozenset()) -> Iterator[Unit]:
    pairs = ([(entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in sorted(entry.msgstr_plural.items())]
             if entry.msgid_plural else [(entry.msgid, entry.msgstr)])
    # A message of a .md source is MyST Markdown (the #: lines name its source files).
    markup = "myst" if entry.occurrences and all(path.endswith(".md") for path, _ in entry.occurrences) else "rst"
    for source, text in pairs:
        if text:
            # Sphinx shows the msgstr without its noqa marker: every check reads it so.
            shown, noqa = rst.strip_noqa(text) if "noqa" in text and markup == "rst" else (text, False)
            yield Unit(source, shown, source_lang, target_lang,
                       {"fuzzy": entry.fuzzy, "noqa": noqa, "markup": markup, "example_names": names})


def check_catalog(path: str | os.PathLike[str], source_lang: str, names: dict[str, Any] | None = None,
                  lang: str | None = None, allowed_characters: Mapping[str, str] | None = None,
                  policy: Policy = DEFAULT_POLICY, part: tuple[int, int] = (0, 1)) -> CheckResult:
    """Findings of one catalog: (findings, silenced count, entries, lang); part (index, parts):
    those of one of that many slices of its entries, the catalog read whole."""
    catalog = catalogs.load(path)
    target_lang = lang or catalogs.language_of(catalog, path)
    if not target_lang:
        raise L10nError(f"{path}:1: no Language header and no <lang>/LC_MESSAGES/ in the path: pass --lang")
    checks = [c for c in all_checks() if isinstance(c, Check)]
    # The names check without a names file has nothing to look for.
    # (A Names check is only kept when names is given: the filter below guarantees it.)
    checks = [c if not isinstance(c, Names) else Names(names["names"], names["glossary"])  # type: ignore[index]
              for c in checks if names or not isinstance(c, Names)]
    checks = [Hidden(allowed_characters) if isinstance(c, Hidden) else c for c in checks if c.id not in policy.disable]
    for check in checks:
        check.configure(policy)
    severity = dict(policy.severity)
    # A fuzzy entry is only reported as fuzzy; the fuzzy check has nothing to say on the others.
    fuzzy_only = [c for c in checks if c.id == "fuzzy"]
    checks = [c for c in checks if c.id != "fuzzy"]
    # A message beyond what the checks read is only said to be: its size check alone runs.
    size_only = [c for c in checks if isinstance(c, Size)]
    findings: list[Finding]
    findings, silenced, entries, where = [], 0, 0, str(path)
    translated_names = example_names(catalog)  # the markup check's, read once per catalog
    index, parts = part
    selected = catalog[len(catalog) * index // parts:len(catalog) * (index + 1) // parts]
    for entry in selected:
        if entry.obsolete or not entry.msgid:
            continue
        entries += 1
        ignored = silenced_checks(entry)
        entry_checks = fuzzy_only if entry.fuzzy else checks
        for unit in _units(entry, source_lang, target_lang, translated_names):
            for check in size_only if too_long(unit) and not entry.fuzzy else entry_checks:
                for listed, problem in enumerate(check.check(unit), 1):
                    if listed > MAX_LISTED:
                        problem = _MORE  # it stands for the others, which the check is not asked for
                    message = problem.message
                    if len(message) > MAX_MESSAGE_CHARS:
                        message = message[:MAX_MESSAGE_CHARS - 1] + "…"
                    asked = check.id in ignored or "all" in ignored
                    if asked and check.silenceable:
                        silenced += 1
                    else:
                        # parse() numbers every entry: linenum is never None here.
                        findings.append(Finding(where, cast("int", entry.linenum), target_lang, check.id,
                                                severity.get(check.id, problem.severity),
                                                message + NOT_SILENCED if asked else message, entry.msgid,
                                                problem.renamed))
                    if problem is _MORE:
                        break
    return findings, silenced, entries, target_lang, conventions.kept_names(selected)


def _code_digest() -> str:
    """Findings depend on the checks' code and on docutils, Sphinx and Babel: a new version of
    any of them never reuses old results."""
    import importlib.metadata

    digest = hashlib.sha256()
    for distribution in ("docutils", "sphinx", "babel", "polib"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{distribution} {importlib.metadata.version(distribution)}\n".encode())
    package = pathlib.Path(__file__).parent
    for path in sorted(package.rglob("*.py")):  # every module: the checks read through most of them
        digest.update(path.read_bytes())
    for plugin in plugin_checks():  # a plug-in's new version never reuses old results either
        source = inspect.getsourcefile(plugin)
        digest.update(f"{plugin.__module__}.{plugin.__qualname__}".encode())
        digest.update(pathlib.Path(source).read_bytes() if source else b"")
    return digest.hexdigest()


def cache_path() -> pathlib.Path:
    """Results by content hash, between runs, in one SQLite file:
    $L10N_CACHE_DIR/check.sqlite, else ~/.cache/sphinx_l10n/check.sqlite."""
    base = os.environ.get("L10N_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "l10n")
    return pathlib.Path(base) / "check.sqlite"


# Results not used for this long are dropped at the next write.
CACHE_DAYS = 30


class ResultCache:
    """One SQLite file (in the standard library): a run reads every result it
    can use in one query and writes the new ones in one transaction, where a
    file per catalog cost a file system round trip each. A cache that cannot
    be read or written (read-only, locked) only costs time; a damaged one is
    replaced by an empty one."""

    def __init__(self, path: pathlib.Path) -> None:
        self.connection: sqlite3.Connection | None = None
        self.problem: str | None = None  # why the cache is not used, for L10N_CACHE_DIR's user
        try:
            self._open(path)
        except sqlite3.DatabaseError as exc:
            self.close()
            self.problem = f"{path}: {exc}"
            if "not a database" in str(exc) or "malformed" in str(exc):
                with contextlib.suppress(OSError, sqlite3.Error):
                    path.unlink()  # a cache holds nothing that cannot be computed again
                    self._open(path)
                    self.problem = None
        except (OSError, sqlite3.Error) as exc:
            self.close()
            self.problem = f"{path}: {getattr(exc, 'strerror', None) or exc}"

    def _open(self, path: pathlib.Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, timeout=10)
        # A cache needs no durability: a file a power cut damages is only rebuilt.
        self.connection.execute("PRAGMA synchronous = OFF")
        self.connection.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT, used REAL)")

    def get(self, keys: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.connection is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                query = f"SELECT key, value FROM results WHERE key IN ({','.join('?' * len(chunk))})"
                found.update(self.connection.execute(query, chunk).fetchall())
        except sqlite3.Error:
            return {}
        return found

    def put(self, values: Mapping[str, str], used: Iterable[str]) -> None:
        if self.connection is None:
            return
        now = time.time()
        try:
            with self.connection:
                self.connection.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                                            [(key, value, now) for key, value in values.items()])
                self.connection.executemany("UPDATE results SET used = ? WHERE key = ?", [(now, key) for key in used])
                self.connection.execute("DELETE FROM results WHERE used < ?", (now - CACHE_DAYS * 86400,))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None


# A catalog larger than SLICE_BYTES is checked in slices of its entries, one a worker (at most
# MAX_SLICES, each worker reading it whole): alone, it would keep one core busy and the others idle.
SLICE_BYTES = 4 << 20
MAX_SLICES = 4

_Work = tuple[str, str, dict[str, Any] | None, str | None, Mapping[str, str] | None, Policy, bool, tuple[int, int]]


def _check_one(args: _Work) -> tuple[str, CheckResult | None, str | None, str | None]:
    """(path, result, error, result encoded for the cache): workers encode in parallel."""
    path, source_lang, names, lang, allowed_characters, policy, encode, part = args
    # The cyclic collector's automatic passes cost 2-3% of a check, which
    # makes few cycles (docutils' trees): one pass per catalog collects them.
    automatic = gc.isenabled()
    gc.disable()
    try:
        result = check_catalog(path, source_lang, names, lang, allowed_characters, policy, part)
    except L10nError as exc:
        return path, None, str(exc), None
    finally:
        gc.collect(0)
        if automatic:
            gc.enable()
    return path, result, None, _encode(result) if encode else None


def _joined(checked: list[tuple[str, CheckResult | None, str | None, str | None]], encode: list[str]
            ) -> list[tuple[str, CheckResult | None, str | None, str | None]]:
    """The results of a catalog's slices (in their order) as one; encode: the paths to encode for the cache."""
    joined: dict[str, tuple[str, CheckResult | None, str | None, str | None]] = {}
    for path, result, error, encoded in checked:
        if path not in joined:
            joined[path] = (path, result, error, encoded)
            continue
        before = joined[path][1]
        if before is None or result is None:  # unreadable: each slice says so, once is enough
            joined[path] = (path, None, joined[path][2] or error, None)
            continue
        kept = collections.Counter(before[4])
        kept.update(result[4])
        joined[path] = (path, (before[0] + result[0], before[1] + result[1], before[2] + result[2], before[3], dict(kept)),
                        None, None)
    for path in encode:
        merged = joined.get(path)
        if merged is not None and merged[1] is not None:
            joined[path] = (path, merged[1], None, _encode(merged[1]))
    return list(joined.values())


def _cache_key(path: str | os.PathLike[str], data: bytes, code_digest: str, settings: list[Any]) -> str:
    return hashlib.sha256(json.dumps([code_digest, *settings, str(path)]).encode() + data).hexdigest()


def _encode(result: CheckResult) -> str:
    findings, *counts = result
    rows = [[f.file, f.line, f.lang, f.check, f.severity, f.message, f.msgid, f.renamed] for f in findings]
    value = json.dumps([rows, *counts], ensure_ascii=False)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a file name's undecodable byte (a lone surrogate): JSON's escapes carry it
            value = json.dumps([rows, *counts])
    return value


def _decode(value: str) -> CheckResult:
    findings, silenced, entries, target_lang, kept = json.loads(value)
    return ([Finding(file, line, lang, check, severity, message, msgid, tuple((a, b) for a, b in renamed))
             for file, line, lang, check, severity, message, msgid, renamed in findings],
            silenced, entries, target_lang, kept)


def _size(path: pathlib.Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when it is checked


def _check_policy(policy: Policy) -> None:
    """Every check id the policy names exists: a typo must not turn nothing off. The security checks
    are not the policy's to turn off or down: a pull request may rewrite the settings it is checked with."""
    checks = all_checks()
    known = {check.id for check in checks}
    guarding = {check.id for check in checks if not check.silenceable}
    for what, ids in (("disable", policy.disable), ("severity", [i for i, _ in policy.severity])):
        unknown = sorted(set(ids) - known)
        if unknown:
            raise L10nError(f"[tool.sphinx-l10n.check] {what}: no check {', '.join(unknown)} "
                            f"(checks: {', '.join(sorted(known))})")
        if set(ids) & guarding:
            raise L10nError(f"[tool.sphinx-l10n.check] {what}: {', '.join(sorted(set(ids) & guarding))} guard the build "
                            "and cannot be turned off or down")


def check_files(paths: Iterable[str | os.PathLike[str]], source_lang: str, *, names: dict[str, Any] | None = None,
                lang: str | None = None, allowed_characters: Mapping[str, str] | None = None, jobs: int | None = None,
                use_cache: bool = True, policy: Policy = DEFAULT_POLICY) -> Report:
    """Check every catalog; unreadable ones become input errors, the rest go on."""
    report = Report()
    _check_policy(policy)
    files = [path for path in catalogs.catalog_files(paths)
             if not any(pathlib.PurePath(path).match(pattern) for pattern in policy.exclude)]
    jobs = jobs or os.cpu_count() or 1
    # Largest catalogs first: the pool ends when its last file does.
    files = sorted(files, key=_size, reverse=True)
    keys: dict[str, str] = {}
    cached: dict[str, CheckResult] = {}
    if use_cache:
        settings = [source_lang, lang, names, dict(allowed_characters or {}), dataclasses.asdict(policy)]
        keys, cached = _cached_results(files, settings, report)
    # (A path that is no readable file has size 0: one slice, whose check reports it.)
    slices = {str(p): max(1, min(jobs, MAX_SLICES, -(-_size(p) // SLICE_BYTES))) if jobs > 1 else 1
              for p in files if str(p) not in cached}
    work: list[_Work] = [(path, source_lang, names, lang, allowed_characters, policy, path in keys and count == 1, (index, count))
                         for path, count in slices.items() for index in range(count)]
    checked = _joined(_run(work, jobs, len(slices)), [path for path in keys if slices.get(path, 1) > 1])
    if use_cache:
        cache = ResultCache(cache_path())
        cache.put({keys[path]: encoded for path, _, _, encoded in checked if encoded is not None},
                  used=[keys[path] for path in cached])
        cache.close()
    results = {path: (result, error) for path, result, error, _ in checked}
    results.update((path, (result, None)) for path, result in cached.items())
    _add_results(report, [(str(p), *results[str(p)]) for p in files], policy)
    return report


def _cached_results(files: list[pathlib.Path], settings: list[Any],
                    report: Report) -> tuple[dict[str, str], dict[str, CheckResult]]:
    """Each catalog's cache key (its bytes, the checks' code, the settings), and the results the
    cache holds for them."""
    keys: dict[str, str] = {}
    cached: dict[str, CheckResult] = {}
    digest = _code_digest()
    for path in files:
        with contextlib.suppress(L10nError):  # reported when it is checked
            keys[str(path)] = _cache_key(path, fileio.read_bytes(path), digest, settings)
    # Closed before the workers start: an SQLite connection must not cross a fork.
    cache = ResultCache(cache_path())
    hits = cache.get(list(keys.values()))
    cache.close()
    if cache.problem and os.environ.get("L10N_CACHE_DIR"):  # a setting that does nothing is reported
        report.input_errors.append(f"L10N_CACHE_DIR: cannot use the cache {cache.problem}; checked without it")
    for name, key in keys.items():
        if key in hits:
            with contextlib.suppress(ValueError, TypeError):
                cached[name] = _decode(hits[key])
    return keys, cached


def _run(work: list[_Work], jobs: int, catalog_count: int) -> list[tuple[str, CheckResult | None, str | None, str | None]]:
    """Check each slice of work, in worker processes where there is enough of it."""
    if jobs > 1 and (len(work) > 4 or len(work) > catalog_count):
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, initializer=fileio.confine,
                                                    initargs=(fileio.project_root(),)) as pool:
            # A few catalogs per task: one round trip to a worker costs as much
            # as checking a small catalog; largest first keeps the ends even.
            return list(pool.map(_check_one, work, chunksize=max(1, len(work) // (jobs * 32))))
    return [_check_one(w) for w in work]


def _add_results(report: Report, ordered: list[tuple[str, CheckResult | None, str | None]], policy: Policy) -> None:
    """Each catalog's findings (or input error) into the report, then what the team does as a rule
    (conventions.py), learned from all of them, applied to every finding."""
    kept_by_lang: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for name, result, error in ordered:
        if error:
            report.input_errors.append(error)
            continue
        assert result is not None  # a catalog without an error has its result
        findings, silenced, entries, target_lang, kept = result
        for name_, count in kept.items():
            kept_by_lang[target_lang][name_] += count
        report.findings.extend(findings)
        report.silenced += silenced
        report.entries += entries
        report.files += 1
        report.checked.append((name, target_lang))
    learned = conventions.learn(report.findings, kept_by_lang, policy)
    placeholders = conventions.shared(report.findings, policy)
    report.findings = conventions.apply(report.findings, learned, policy, placeholders)
    report.conventions = [renaming.describe() for renaming in learned] + conventions.describe_shared(placeholders)
    report.translated_names = sorted({renaming.before for renaming in learned if not renaming.role})
    report.translated_roles = sorted({renaming.before.strip(":") for renaming in learned if renaming.role})


def check_project(report: Report, config: Config, languages: Sequence[str], names: Sequence[str] = (),
                  policy: Policy = DEFAULT_POLICY) -> None:
    """Add the source and catalog checks' findings to a report of the project's catalogs: the
    source's first, as warnings on what the author wrote, the catalogs' as a whole last."""
    checks = [c for c in all_checks() if isinstance(c, SourceCheck | CatalogCheck) and c.id not in policy.disable]
    for check in checks:
        check.configure(policy)
    pots = sorted(config.pot_dir.rglob("*.pot")) if config.pot_dir.is_dir() else []
    # The author's text: not the interface catalog, whose messages are Sphinx's (English) words.
    read = [str(path) for path in pots] or [path for path, _ in report.checked]
    source = _source([path for path in read if pathlib.Path(path).stem != interface.SPHINX_CATALOG], config.root, names)
    project = Project(config, languages)
    severity = dict(policy.severity)
    of_source: list[Finding] = []
    of_catalogs: list[Finding] = []
    for check in checks:
        try:
            results = list(check.check(source) if isinstance(check, SourceCheck) else check.check(project))
        except L10nError as exc:  # no templates: the catalogs are still checked, the run still fails
            report.input_errors.append(f"{exc}; {check.id} not checked")
            continue
        if check.id in severity:
            results = [dataclasses.replace(f, severity=severity[check.id]) for f in results]
        (of_source if isinstance(check, SourceCheck) else of_catalogs).extend(results)
    report.findings[:0] = of_source
    report.findings += of_catalogs


def _source(paths: Iterable[str | os.PathLike[str]], root: pathlib.Path, names: Sequence[str]) -> Source:
    """The source messages of the templates, each msgid once (its first template)."""
    messages: dict[str, tuple[str | os.PathLike[str], polib.POEntry]] = {}
    for path, catalog in catalogs.readable(paths):
        for entry in catalog:
            if entry.msgid and not entry.obsolete:
                messages.setdefault(entry.msgid, (path, entry))
    return Source(messages, root, names)
