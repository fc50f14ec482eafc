"""Build every language: one incremental Sphinx per language, with its own settings, then assemble.

Each language keeps its Sphinx environment (build/doctrees/<lang>, shared by its builders),
so Sphinx's own incremental build re-reads only the documents whose source or catalog
changed; a language whose inputs did not change starts no Sphinx at all. Each language's
build leaves a manifest (build/manifest/<lang>.json: its pages, PDFs and completion), and
`assemble` then writes what depends on several languages (switcher, hreflang, banner, status
table, the root chooser) into the pages, from the manifests alone: also across CI shards.
"""

import concurrent.futures
import contextlib
import dataclasses
import hashlib
import os
import pathlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import sphinx_l10n
from sphinx_l10n import L10nError, __version__
from sphinx_l10n.config import Config, require_sphinx_modules
from sphinx_l10n.fileio import read_json, replace_text, write_json
from sphinx_l10n.site import server
from sphinx_l10n.site.compiled import compile_catalogs, language_catalogs, unused_compiled
from sphinx_l10n.site.folders import (
    catalog_folder,
    durations_file,
    manifest_file,
    output_dir,
    pending_file,
    reread_file,
    state_path,
)
from sphinx_l10n.site.manifest import completion, write_manifest
from sphinx_l10n.site.pdf import make_pdfs
from sphinx_l10n.site.runner import EXTENSION, PROGRESS, RECORD, REREAD, Slots, WarmSphinx, sphinx_command, sphinx_failure
from sphinx_l10n.site.sphinx_warnings import as_in_source, merge_warnings, read_warnings, shown_warning, warning_lines
from sphinx_l10n.targets import SITE, TARGETS


@dataclasses.dataclass
class Result:
    lang: str
    target: str
    ok: bool
    seconds: float
    detail: str = ""
    input_error: bool = False  # a catalog could not be read: the user's file, not the build
    skipped: bool = False  # its inputs had not changed: no Sphinx started
    source_warnings: list[str] = dataclasses.field(default_factory=list)
    translation_warnings: list[str] = dataclasses.field(default_factory=list)


class Digests:
    """Hashes of what a language's build reads; the shared part (sources, conf.py, l10n, Sphinx) once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        package = pathlib.Path(sphinx_l10n.__file__).resolve().parent  # all of it: the extension too
        self._code = self._hash(sorted(p for p in package.rglob("*") if p.suffix in (".py", ".html", ".css", ".js")))
        self._common = ""
        self._inputs: dict[tuple[str, str], str] = {}

    def _hash(self, files: Iterable[pathlib.Path], *parts: str) -> str:
        import sphinx

        digest = hashlib.sha256("\0".join([sphinx.__version__, __version__, *parts]).encode())
        for path in files:
            digest.update(str(path).encode())
            try:
                digest.update(path.read_bytes())
            except OSError as exc:  # reported by the build that reads it
                digest.update(str(exc).encode())
        return digest.hexdigest()

    def common(self) -> str:
        if not self._common:
            config = self.config
            skipped = (config.build_dir, config.locale_dir)
            sources = [path for path in config.source_dir.rglob("*") if path.is_file() and path.suffix != ".mo"
                       and not any(part.startswith(".") for part in path.relative_to(config.source_dir).parts)
                       and not any(path.is_relative_to(folder) for folder in skipped)]
            settings = [config.conf_dir / "conf.py", *([config.settings_file] if config.settings_file else [])]
            self._common = self._hash(sorted(set(settings)), self._code, _stat_digest(sorted(set(sources) - set(settings))))
        return self._common

    def inputs(self, lang: str, target: str) -> str:
        """Everything target's build of lang reads: the shared inputs and the language's own catalogs."""
        if (lang, target) not in self._inputs:
            own = language_catalogs(self.config, lang)
            self._inputs[(lang, target)] = self._hash(own, self.common(), self.environment(lang), target)
        return self._inputs[(lang, target)]

    def environment(self, lang: str) -> str:
        """What Sphinx does not notice changing: l10n's own code and the language's settings.
        When it changes, the language's environment is rebuilt from nothing (-E)."""
        return hashlib.sha256(f"{self._code}\0{self.config.build.for_language(lang)!r}".encode()).hexdigest()


def _stat_digest(files: Iterable[pathlib.Path]) -> str:
    """What Sphinx's own up-to-date check reads of the sources: each file's size and time, not its
    bytes (a source folder may be the whole repository, images and all)."""
    digest = hashlib.sha256()
    for path in files:
        try:
            status = path.stat()
            digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
        except OSError as exc:  # reported by the build that reads it
            digest.update(f"{path}\0{exc}\n".encode())
    return digest.hexdigest()


def _run_sphinx(config: Config, lang: str, target: str, fresh: bool, unwritten: Sequence[str],
                context: "Context") -> tuple[str, dict[str, Any], list[tuple[str, str]]]:
    """One Sphinx run: why it failed ('' if it did not), its record, its warnings. unwritten: the
    documents another builder read since this one last ran, which it must write though it reads
    nothing new (Sphinx writes only what it read itself, or what is older than its source file)."""
    settings = config.build.for_language(lang)
    scratch = config.build_dir / "stamps" / f"{lang}-{target}"
    warnings_file, record_file = scratch.with_suffix(".warnings"), scratch.with_suffix(".record")
    scratch.parent.mkdir(parents=True, exist_ok=True)
    for path in (warnings_file, record_file):
        path.unlink(missing_ok=True)
    # Sphinx reads only the catalogs the build compiled, whatever conf.py and the settings say.
    # Nor does it compile a catalog itself (gettext_auto_build): it would read the project's .po.
    options = [*(["-E"] if fresh else []), "-w", str(warnings_file), *settings.sphinx_options(lang),
               "-D", f"locale_dirs={catalog_folder(config, lang)}", "-D", "gettext_auto_build=0"]
    if TARGETS[target].builder == "latex" and config.languages.get(lang) == "in-progress" \
            and EXTENSION in config.sphinx.extensions:
        # The PDF's title page says what the site's banner says (sphinx_l10n.sphinxext.pdf, where conf.py loads it).
        options += ["-D", f"l10n_completion={(completion(config, lang) or {}).get('percent', 0.0)}"]
    command = sphinx_command(config, TARGETS[target].builder, output_dir(config, lang, target), lang=lang,
                                     doctrees=config.build_dir / "doctrees" / lang, options=options)
    if unwritten and not fresh:
        command += [path for path in unwritten if os.path.isfile(path)]
    environment = {**os.environ, **settings.environment(lang), RECORD: str(record_file)}
    reread = reread_file(config, lang)
    if reread.is_file():
        environment[REREAD] = str(reread)
    progress = scratch.with_suffix(".progress")
    progress.unlink(missing_ok=True)
    environment[PROGRESS] = str(progress)
    with _reporting(progress, f"{target} {lang}: ", context.report):
        status, output = context.slots.run(context.sphinx, command, config.root, environment,
                                           scratch.with_suffix(".output"))
    failure = sphinx_failure(output, status) if status else ""
    if not failure:
        reread.unlink(missing_ok=True)  # read: the other builders of the language get them as unwritten
    try:
        warnings = read_warnings(warnings_file.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        warnings = []
    return failure, read_json(record_file), warnings


@dataclasses.dataclass
class Context:
    """What one `build` shares across its languages."""

    digests: Digests
    sphinx: WarmSphinx
    slots: Slots
    report: Callable[[str], object] = print


@contextlib.contextmanager
def _reporting(progress: pathlib.Path, prefix: str, report: Callable[[str], object]) -> Iterator[None]:
    """While the block runs, each line a Sphinx run writes into progress (sphinx_l10n.sphinxext.record:
    reading, writing), reported as it comes: a build of many languages says what each is doing."""
    done = threading.Event()

    def follow() -> None:
        told = 0
        while True:
            finished = done.wait(0.5)
            with contextlib.suppress(OSError):
                lines = progress.read_text(encoding="utf-8").splitlines()
                for line in lines[told:]:
                    report(prefix + line)
                told = len(lines)
            if finished:
                return

    watcher = threading.Thread(target=follow, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _up_to_date(config: Config, lang: str, target: str, digests: Digests) -> bool:
    return _current(read_json(state_path(config, lang, target)), digests.inputs(lang, target))


def _current(state: dict[str, Any], digest: str) -> bool:
    """Whether a target's last build (its state) succeeded from these inputs, its outputs still there."""
    return state.get("digest") == digest and bool(state.get("ok")) and all(map(_exists, state.get("outputs", [None])))


def _build_target(config: Config, lang: str, target: str, context: Context) -> Result:
    start = time.monotonic()
    state_file = state_path(config, lang, target)
    state = read_json(state_file)
    digest = context.digests.inputs(lang, target)
    if _current(state, digest):
        return Result(lang, target, True, time.monotonic() - start, state.get("published_with") or "up to date",
                      skipped=True)
    environment_file = config.build_dir / "stamps" / f"{lang}-environment"
    environment = context.digests.environment(lang)
    fresh = _read_text(environment_file) != environment or state.get("ok") is False
    write_json(state_file, {**state, "ok": False})  # a run that stops halfway leaves no state claiming success
    pending = read_json(pending_file(config, lang))
    context.slots.busy.seconds = 0.0
    detail, record, warnings = _run_sphinx(config, lang, target, fresh, list(pending.get(target, {}).values()), context)
    read = record.get("read", {})
    write_json(pending_file(config, lang), {other: {**pending.get(other, {}), **read} for other in config.targets(lang)
                                              if other != target and not TARGETS[other].writes_all})
    replace_text(environment_file, environment)
    outputs: list[str] = []
    sphinx_seconds = context.slots.busy.seconds
    warning = ""  # what a published PDF lacks (pdf_missing_glyphs = "warning")
    if not detail and TARGETS[target].pdf:
        context.report(f"{target} {lang}: making the PDF (latexmk)")
        detail, outputs, warning = make_pdfs(config, lang, record.get("latex_documents", []),
                                             record.get("latex_engine", ""), context.slots)
    elif not detail and TARGETS[target].site:
        outputs = [str(output_dir(config, lang, target) / "index.html")]
    write_json(state_file, {
        "digest": digest, "ok": not detail, "outputs": outputs, "sphinx_seconds": round(sphinx_seconds, 2),
        "baseurl": record.get("html_baseurl") or "",
        "warnings": merge_warnings({} if fresh else state.get("warnings", {}), warnings, read.values()),
        "published_with": warning,
    })
    return Result(lang, target, not detail, context.slots.busy.seconds, detail or warning)


def _read_text(path: pathlib.Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def _exists(path: object) -> bool:
    return isinstance(path, str) and os.path.exists(path)


def default_jobs() -> int:
    """Runs at once: one per core, and one more. A Sphinx run waits at times (its start-up fetches
    intersphinx inventories, it writes files), and with more languages than cores the last one
    would run alone on one core: packaging.python.org, three languages on two cores, 40.9 s with
    two runs at once and 37.8 s with three."""
    return (os.cpu_count() or 1) + 1


def _durations(config: Config) -> dict[str, float]:
    durations = read_json(durations_file(config))
    return {task: float(seconds) for task, seconds in durations.items() if isinstance(seconds, int | float)}


def _cost(config: Config, lang: str, targets: Sequence[str], durations: dict[str, float]) -> float:
    """A language's measured build time (its last full build); unmeasured, a guess: PDFs cost most."""
    return sum(durations.get(f"{lang}-{target}", TARGETS[target].first_cost) for target in targets)


def shard(config: Config, languages: Sequence[str], index: int, count: int) -> list[str]:
    """The languages of shard index (1-based) of count: longest first, each to the least loaded
    shard, by measured cost (the same on every runner that has the same measurements)."""
    durations = _durations(config)
    loads = [0.0] * count
    shares: list[list[str]] = [[] for _ in range(count)]
    costs = {lang: _cost(config, lang, config.targets(lang), durations) for lang in languages}
    for lang in sorted(languages, key=lambda code: (-costs[code], languages.index(code))):
        lightest = min(range(count), key=lambda k: (loads[k], k))
        shares[lightest].append(lang)
        loads[lightest] += costs[lang]
    return [lang for lang in languages if lang in shares[index - 1]]


def ci_matrix(config: Config, count: int) -> dict[str, Any]:
    """A GitHub Actions matrix: one job per shard, with the languages it builds (for its name)."""
    languages = config.all_languages
    return {"include": [{"shard": f"{index}/{count}", "languages": " ".join(shard(config, languages, index, count))}
                        for index in range(1, count + 1)]}


def build(config: Config, languages: Iterable[str] | None = None, *, targets: Sequence[str] | None = None,
          jobs: int | None = None, report: Callable[[str], object] = print, assemble_site: bool = True) -> list[Result]:
    """Build each language's targets; then classify the warnings and assemble the site.

    Languages run in parallel (up to ``jobs``), each in its own Sphinx processes,
    its targets one after the other (they share its Sphinx environment); one that
    fails does not stop the others.
    """
    plan = _plan(config, list(dict.fromkeys(languages or config.all_languages)), targets)
    durations = _durations(config)
    # Longest first: on few cores the run ends when its longest language does, so that one starts first.
    order = sorted((lang for lang in plan if plan[lang]), key=lambda lang: -_cost(config, lang, plan[lang], durations))
    context = Context(Digests(config), WarmSphinx(), Slots(jobs or default_jobs()), report)
    stale = {lang for lang in order if not all(_up_to_date(config, lang, target, context.digests) for target in plan[lang])}
    if stale:
        context.sphinx.warm()  # Sphinx imported while the catalogs compile
    else:
        server.discard()  # one the command line started: nothing to run
    try:
        results = _run_languages(config, order, plan, stale, context)
        durations.update({f"{r.lang}-{r.target}": r.seconds for r in results if r.ok and not r.skipped})
        with contextlib.suppress(OSError):  # only a hint for the next run's order and shards
            write_json(durations_file(config), durations)
        classify_warnings(config, results, context)
    finally:
        context.sphinx.close()
    if assemble_site and any(target in SITE for lang in order for target in plan[lang]):
        from sphinx_l10n.site import assemble

        assemble.assemble(config, force=any(not r.skipped for r in results))
    results.sort(key=lambda r: (config.all_languages.index(r.lang), r.target))
    return results


def _plan(config: Config, languages: list[str], targets: Sequence[str] | None) -> dict[str, list[str]]:
    """Each language's targets to build, the command line's only where it names some; refused in
    one line: a language not configured, a build folder Sphinx cannot be given, Sphinx's modules missing."""
    if "," in str(config.build_dir):  # -D locale_dirs=: Sphinx cuts a list at its commas
        raise L10nError(f"{config.build_dir}: a build folder whose path holds a comma, which Sphinx would cut in two; "
                        "choose another (--build-dir)")
    for lang in languages:
        if lang not in config.all_languages:
            raise L10nError(f"language {lang!r} is not configured; configured: {', '.join(config.all_languages)}")
    plan = {lang: config.targets(lang, targets) for lang in languages}
    if any(plan.values()):  # one line now, rather than every language failing alike
        require_sphinx_modules(config, "build")
    return plan


def _run_languages(config: Config, order: list[str], plan: dict[str, list[str]], stale: set[str],
                   context: Context) -> list[Result]:
    """Every language at once, in the order given, each reported as it ends."""
    results: list[Result] = []
    total = sum(len(plan[lang]) for lang in order)
    # A thread per language: threads only wait (for a slot, for their Sphinx and LaTeX processes).
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(order))) as pool, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(order))) as counting:
        futures = [pool.submit(_build_language, config, lang, plan[lang], lang in stale, context, counting)
                   for lang in order]
        for future in concurrent.futures.as_completed(futures):
            for result in future.result():
                results.append(result)
                state = "up to date" if result.skipped else ("ok" if result.ok else "FAILED")
                context.report(f"[{len(results)}/{total}] {result.target} {result.lang}: {state} ({result.seconds:.1f} s)")
    return results


def _build_language(config: Config, lang: str, targets: list[str], stale: bool, context: Context,
                    counting: concurrent.futures.ThreadPoolExecutor) -> list[Result]:
    """One language: its catalogs compiled, its targets one after the other, its manifest."""
    for line in unused_compiled(config, lang):
        context.report(line)
    problem = compile_catalogs(config, lang, context.report)
    if problem:
        return [Result(lang, target, False, 0.0, problem, input_error=True) for target in targets]
    # Its completion, for the manifest, counted while its Sphinx runs (in a process of its own).
    counts = counting.submit(completion, config, lang) if stale and lang != config.source_language else None
    done = []
    for target in targets:
        try:
            done.append(_build_target(config, lang, target, context))
        except OSError as exc:  # the build folder: unwritable, full, a file where a folder goes
            done.append(Result(lang, target, False, 0.0, f"{exc.filename or config.build_dir}: cannot write: "
                                                          f"{exc.strerror or exc}"))
    if not all(result.skipped for result in done) or not manifest_file(config, lang).is_file():
        write_manifest(config, lang, counts)
    return done


def summary(results: Iterable[Result]) -> str:
    lines = [f"{'language':<10}{'target':<8}{'status':<8}{'seconds':>8}  detail"]
    notes = []
    for r in results:
        first, *more = r.detail.splitlines() or [""]  # a detail of several lines: a PDF's missing glyphs, per font
        lines.append(f"{r.lang:<10}{r.target:<8}{'ok' if r.ok else 'FAILED':<8}{r.seconds:>8.1f}  {first}")
        lines.extend(f"{'':<34}  {line.strip()}" for line in more)
        if r.source_warnings or r.translation_warnings:
            notes.append(f"{r.lang} {r.target}: {len(r.translation_warnings)} warning(s) from the translation, "
                         f"{len(r.source_warnings)} from the source"
                         + (f"; first from the source: {shown_warning(r.source_warnings[0])}" if r.source_warnings else ""))
    return "\n".join(lines + notes)


def _source_warnings(config: Config, target: str, context: Context) -> set[str]:
    """The source language's own warnings: those of the same builder if it was built here, else of
    its site, else of a read-only (dummy builder) run made for it (a CI shard without the source)."""
    source = config.source_language
    for candidate in (target, *SITE):
        state = read_json(state_path(config, source, candidate))
        if state.get("ok"):
            return warning_lines(state)
    if _build_target(config, source, "dummy", context).ok:
        return warning_lines(read_json(state_path(config, source, "dummy")))
    return set()


def classify_warnings(config: Config, results: list[Result], context: Context) -> None:
    """Split each build's warnings into the source's and the translation's: a warning that names
    no file (the configuration's, the theme's), or that the source language's build gives too,
    is the source's. The source language and release languages fail on the translation's; on
    the source's only where [tool.sphinx-l10n.build] source_warnings = "fail"."""
    source_warnings: dict[str, set[str]] = {}  # per target: read (or built) once for every language
    for result in results:
        if result.input_error:
            continue
        by_file = read_json(state_path(config, result.lang, result.target)).get("warnings", {})
        if not by_file:
            continue
        general = by_file.get("", [])
        lines = [line for path, lines in by_file.items() if path for line in lines]
        if result.lang == config.source_language:
            result.source_warnings = general + lines
        else:
            if lines and result.target not in source_warnings:
                source_warnings[result.target] = _source_warnings(config, result.target, context)
            from_source = source_warnings.get(result.target, set())
            result.source_warnings = general + [line for line in lines if as_in_source(line) in from_source]
            result.translation_warnings = [line for line in lines if as_in_source(line) not in from_source]
        strict = result.lang == config.source_language or config.languages.get(result.lang) == "release"
        failing = result.translation_warnings if strict else []
        if config.build.source_warnings == "fail":
            failing = failing or result.source_warnings
        if result.ok and failing:
            result.ok = False
            origin = "the translation" if failing is result.translation_warnings else "the source"
            more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
            result.detail = f"{shown_warning(failing[0])}{more} [from {origin}]"
