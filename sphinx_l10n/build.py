"""Build every language: one incremental Sphinx per language, with its own settings, then assemble.

Each language keeps its Sphinx environment (build/doctrees/<lang>, shared by its builders),
so Sphinx's own incremental build re-reads only the documents whose source or catalog
changed; a language whose inputs did not change starts no Sphinx at all. Each language's
build leaves a manifest (build/manifest/<lang>.json: its pages, PDFs and completion), and
`assemble` then writes what depends on several languages (switcher, hreflang, banner, status
table, the root chooser) into the pages, from the manifests alone: also across CI shards.
"""

import collections
import concurrent.futures
import contextlib
import dataclasses
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

import polib

from sphinx_l10n import L10nError, __version__, catalogs, project, safety, server, stats
from sphinx_l10n.config import Config, require_sphinx_modules
from sphinx_l10n.fileio import read_json, replace_text, write_json
from sphinx_l10n.languages import language_name, text_direction
from sphinx_l10n.markup import rst
from sphinx_l10n.report import printable

SITE = ("html", "dirhtml")  # the targets that make a language's site: build/html/<lang>
_BUILDER = {"pdf": "latex"}  # a target's Sphinx builder, where its name is not the builder's


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


def output_dir(config: Config, lang: str, target: str) -> pathlib.Path:
    folder = "html" if target in SITE else "latex" if target == "pdf" else target
    return config.build_dir / folder / lang


def _state_file(config: Config, lang: str, target: str) -> pathlib.Path:
    return config.build_dir / "stamps" / f"{lang}-{target}.json"


def site_url(baseurl: str, lang: str, languages: Sequence[str] = ()) -> str:
    """The absolute URL of a language's site, from its html_baseurl (else Read the Docs'
    $READTHEDOCS_CANONICAL_URL): where a folder of its path is one of the project's languages
    (languages), with lang in that folder ("https://example.org/{language}/" in define; Read the
    Docs' https://x.readthedocs.io/en/stable/, whose translations are at /es/stable/), else with
    the folder lang/ added (one html_baseurl for the whole site, in conf.py); '' without either."""
    baseurl = baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if not baseurl:
        return ""
    baseurl = baseurl if baseurl.endswith("/") else baseurl + "/"
    head, _, path = baseurl.partition("://")
    host, _, path = path.partition("/")
    folders = path.split("/")
    for index, folder in enumerate(folders):
        named = next((code for code in (lang, *languages) if language_folder(folder, code)), None) if folder else None
        if named is not None:
            # The site's own folder (the last) is named as build/html/<lang>/; a folder before the
            # version is as the host writes codes: Read the Docs' pt-br for Sphinx's pt_BR.
            last = not any(folders[index + 1:])
            folders[index] = lang if last or folder != folder.lower() or "_" in folder else lang.lower().replace("_", "-")
            return f"{head}://{host}/" + "/".join(folders)
    return f"{baseurl}{lang}/"


def language_folder(folder: str, code: str) -> bool:
    """Whether a URL's folder names the language code (pt_BR, pt-br, pt-BR)."""
    return folder.lower().replace("_", "-") == code.lower().replace("_", "-")


def manifest_file(config: Config, lang: str) -> pathlib.Path:
    return config.build_dir / "manifest" / f"{lang}.json"


class Digests:
    """Hashes of what a language's build reads; the shared part (sources, conf.py, l10n, Sphinx) once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        package = pathlib.Path(__file__).resolve().parent
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
            own = _catalog_files(self.config, lang)
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


def _catalog_files(config: Config, lang: str) -> list[pathlib.Path]:
    """The catalogs a language's build reads: the source language has only its interface catalog."""
    if lang == config.source_language:
        return [path for path in [project.interface_catalog(config, lang)] if path.is_file()]
    return sorted(path for path in config.catalog_dir(lang).rglob("*.po") if path.is_file())


def catalog_folder(config: Config, lang: str) -> pathlib.Path:
    """The locale folder a language's Sphinx reads (its locale_dirs): the build's own, holding each
    .mo the build compiled from the language's .po files, beside a link to that .po (by which Sphinx
    tells the documents whose catalog changed). Never the project's locales: a .mo there could be
    anyone's, unseen in review (*.mo is git-ignored), and gettext would read it for the language
    even from another folder (de_DE/ for de)."""
    return config.build_dir / "catalogs" / lang


def _compile_catalogs(config: Config, lang: str, report: Callable[[str], object]) -> str:
    """Compile a language's .mo files into its catalog_folder (those whose .po changed since),
    reporting the translations left out of them (_beyond_bounds); why the language cannot be
    built, or ''. Where the changed translations' documents are known, the .mo keeps its time
    and Sphinx is told to read those documents again (_reread_file), not every one it serves."""
    folder = config.catalog_dir(lang)
    found = _catalog_files(config, lang)
    if not found and lang != config.source_language:  # Sphinx would build the page in the source language
        return f"{folder}:0: no catalogs for {lang}: run `sphinx-l10n update` (else the page is built in the source language)"
    compiled = catalog_folder(config, lang) / lang / "LC_MESSAGES"
    stamp_file = config.build_dir / "stamps" / f"{lang}-compiled.json"
    stamps, kept, reread = read_json(stamp_file), set(), set()
    problems = []
    for po_path in found:
        link = compiled / po_path.relative_to(folder)
        mo_path, key = link.with_suffix(".mo"), str(po_path)
        kept |= {link, mo_path}
        try:
            stamp = [__version__, *_file_time(po_path)]
            if stamps.get(key) == stamp and mo_path.is_file():
                continue
            stamps.pop(key, None)
            interface = po_path == project.interface_catalog(config, lang)
            if interface:
                _refuse_unsafe_interface(po_path)
                # Its words are on every page, and Sphinx ties no document to its catalog: a file no
                # document is made of has every document read again (sphinxext/record.py).
                reread.add(str(po_path.absolute()))
            before = None if interface else _compiled(mo_path)
            for line in catalogs.compile_mo(po_path, mo_path, leave_out=_beyond_bounds):
                report(line)
            if before is not None and (files := _changed_sources(config, lang, po_path, before[0], mo_path)) is not None:
                reread |= files
                os.utime(mo_path, ns=(before[1], before[1]))
            _link(link, po_path.absolute())
            stamps[key] = stamp
        except L10nError as exc:
            problems.append(str(exc))
    for path in compiled.rglob("*") if compiled.is_dir() else []:  # the catalogs deleted since
        if path not in kept and not path.is_dir():
            path.unlink()
    if reread:
        write_json(_reread_file(config, lang), {"files": sorted(reread | set(read_json(_reread_file(config, lang))
                                                                            .get("files", [])))})
    write_json(stamp_file, stamps)
    return problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "") if problems else ""


def _file_time(path: pathlib.Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns, status.st_ino]


def _compiled(mo_path: pathlib.Path) -> tuple[dict[tuple[str | None, str], str], int] | None:
    """A compiled catalog's translations and time, or None."""
    try:
        time_ns = mo_path.stat().st_mtime_ns
        return {(entry.msgctxt, entry.msgid): json.dumps([entry.msgstr, entry.msgstr_plural], sort_keys=True)
                for entry in polib.mofile(str(mo_path))}, time_ns
    except (OSError, ValueError):
        return None


def _changed_sources(config: Config, lang: str, po_path: pathlib.Path, before: dict[tuple[str | None, str], str],
                     mo_path: pathlib.Path) -> set[str] | None:
    """The source files holding the messages whose translation changed, by their occurrences in
    the catalog's template (else in the catalog, as msgmerge keeps them, from the locale folder);
    None when one is not known or not found (Sphinx then reads every document again)."""
    after = _compiled(mo_path)
    if after is None:
        return None
    changed = {key for key in before.keys() | after[0].keys() if before.get(key) != after[0].get(key)}
    template = config.pot_dir / po_path.relative_to(config.catalog_dir(lang)).with_suffix(".pot")
    place, base = (template, template.parent) if template.is_file() else (po_path, config.locale_dir)
    try:
        places: dict[tuple[str | None, str], list[tuple[str, str]]] = {
            (entry.msgctxt, entry.msgid): entry.occurrences for entry in catalogs.load_shared(place)}
    except L10nError:
        return None
    files = set()
    for key in changed:
        found = {os.path.normpath(base / name) for name, _ in places.get(key, [])}
        if not found or not all(map(os.path.isfile, found)):
            return None
        files |= found
    return files


def _reread_file(config: Config, lang: str) -> pathlib.Path:
    """The source files whose translations changed since Sphinx last read the language ({"files":
    [...]}, for sphinx_l10n.sphinxext.record), until a Sphinx run has read them."""
    return config.build_dir / "stamps" / f"{lang}-reread.json"


def _beyond_bounds(entry: polib.POEntry) -> str:
    """Why Sphinx is not given a translation ('' when it is): docutils would read it in time
    growing faster than its length (rst.unread) and more than twice over what its source costs
    (a source beyond the bounds, such as a long code block, is the project's own)."""
    translation = max([entry.msgstr, *entry.msgstr_plural.values()], key=len)
    why = rst.unread(translation)
    if why and rst.docutils_reading(translation) > 2 * rst.docutils_reading(entry.msgid):
        return why
    return ""


def _link(link: pathlib.Path, target: pathlib.Path) -> None:
    if not (link.is_symlink() and os.readlink(link) == str(target)):
        link.unlink(missing_ok=True)
        link.symlink_to(target)


def unused_compiled(config: Config, lang: str) -> list[str]:
    """The project's .mo files of the language that have no .po beside them: the build reads none
    (catalog_folder), and says so of these, which look as if they were read."""
    return [f"{path}:0: a compiled catalog without its .po: not used (the build compiles each .po itself)"
            for path in sorted(config.catalog_dir(lang).rglob("*.mo")) if not path.with_suffix(".po").exists()]


def _refuse_unsafe_interface(po_path: pathlib.Path) -> None:
    """Sphinx's templates write its messages into the HTML unescaped: a translation that brings
    markup or a quote its message lacks is refused before Sphinx can read it."""
    for entry in catalogs.load(po_path):
        if catalogs.is_translated(entry) and not entry.obsolete:
            for text in [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values():
                if safety.html_markup(text) not in (safety.html_markup(entry.msgid),
                                                     safety.html_markup(entry.msgid_plural or entry.msgid)):
                    raise L10nError(f"{po_path}:{entry.linenum}: {safety.UNSAFE_REFUSED}: the translation brings "
                                    f"markup or quotes its message lacks: {text[:60]!r}")


# One warning line of Sphinx: "path:line: WARNING: message", "path: ERROR: ...", "WARNING: ...".
_WARNING = re.compile(r"^(?:(?P<location>.+?): )?(?:WARNING|ERROR|CRITICAL|SEVERE): ")


def read_warnings(text: str) -> list[tuple[str, str]]:
    """Sphinx's warnings file as (file, warning) pairs; a message's continuation lines stay with it.
    The file of a translated paragraph's warning ("b.rst:4:<translated>:1") is its source file."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = _WARNING.match(line)
        if match:
            found.append((re.sub(r":\d+$", "", _as_in_source(match["location"] or "")), line))
        elif found and line.strip():
            found[-1] = (found[-1][0], f"{found[-1][1]}\n{line}")
    return found


def _merge_warnings(previous: dict[str, list[str]], new: list[tuple[str, str]], read: Iterable[str]) -> dict[str, list[str]]:
    """Each file's warnings after an incremental run: Sphinx warns again only about what it
    read again, so a file it did not read keeps the warnings it had."""
    replaced = {*read, "", *(path for path, _ in new)}
    merged = {path: lines for path, lines in previous.items() if path not in replaced}
    for path, line in new:
        merged.setdefault(path, []).append(line)
    return dict(sorted(merged.items()))


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
    if _BUILDER.get(target, target) == "latex" and config.languages.get(lang) == "in-progress" \
            and project.EXTENSION in config.sphinx.extensions:
        # The PDF's title page says what the site's banner says (sphinx_l10n.sphinxext.pdf, where conf.py loads it).
        options += ["-D", f"l10n_completion={(completion(config, lang) or {}).get('percent', 0.0)}"]
    command = project.sphinx_command(config, _BUILDER.get(target, target), output_dir(config, lang, target), lang=lang,
                                     doctrees=config.build_dir / "doctrees" / lang, options=options)
    if unwritten and not fresh:
        command += [path for path in unwritten if os.path.isfile(path)]
    environment = {**os.environ, **settings.environment(lang), project.RECORD: str(record_file)}
    reread = _reread_file(config, lang)
    if reread.is_file():
        environment[project.REREAD] = str(reread)
    progress = scratch.with_suffix(".progress")
    progress.unlink(missing_ok=True)
    environment[project.PROGRESS] = str(progress)
    with _reporting(progress, f"{target} {lang}: ", context.report):
        status, output = context.slots.run(context.sphinx, command, config.root, environment,
                                           scratch.with_suffix(".output"))
    failure = project.sphinx_failure(output, status) if status else ""
    if not failure:
        reread.unlink(missing_ok=True)  # read: the other builders of the language get them as unwritten
    try:
        warnings = read_warnings(warnings_file.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        warnings = []
    return failure, read_json(record_file), warnings


class WarmSphinx:
    """One `python -m sphinx_l10n.sphinxext --serve` for a build: each Sphinx run is a fork of a process
    that has imported Sphinx already (sphinx_l10n.sphinxext.__main__), which reports each run's exit
    status on its standard output when the run has ended. Where the system cannot fork, or the
    server is gone, each run is a process of its own."""

    def __init__(self) -> None:
        self._server: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._writing = threading.Lock()
        self._reported = threading.Condition()
        self._statuses: dict[str, int] = {}  # run id -> exit status, as the server reported them
        self._ended = False  # the server's reports ended: a run it did not report crashed
        self._count = 0

    def _started(self) -> subprocess.Popen[bytes] | None:
        """The warm server, started at the first run (a build with nothing to do starts none);
        None where the system cannot fork or the server is gone."""
        if self._server is None and hasattr(os, "fork"):
            self._server = server.take() or server.start()
            self._reader = threading.Thread(target=self._read_reports, args=(self._server.stdout,), daemon=True)
            self._reader.start()
        return self._server if self._server is not None and not self._ended else None

    def _read_reports(self, reports: IO[bytes]) -> None:
        for line in reports:
            run, _, status = line.decode().partition(" ")
            with self._reported:
                self._statuses[run] = int(status)
                self._reported.notify_all()
        with self._reported:  # the server is gone: no run still waiting will hear from it
            self._ended = True
            self._reported.notify_all()

    def warm(self) -> None:
        """Start the server now, ahead of the first run."""
        with self._writing:
            self._started()

    def __call__(self, command: list[str], cwd: pathlib.Path, env: dict[str, str], output: pathlib.Path) -> tuple[int, str]:
        """Run the sphinx-build command line of project.sphinx_command: its exit status (minus the
        signal that killed it) and output."""
        with self._writing:
            server = self._started()
            if server is not None:
                assert server.stdin is not None
                self._count += 1
                run = str(self._count)
                request = {"id": run, "argv": command[3:], "cwd": str(cwd), "env": env, "output": str(output)}
                try:
                    server.stdin.write(json.dumps(request).encode() + b"\n")
                    server.stdin.flush()
                except OSError:  # the server died since: this run is a process of its own
                    server = None
        if server is None:
            return project.run_sphinx(command, cwd, env, output)
        with self._reported:
            self._reported.wait_for(lambda: run in self._statuses or self._ended)
            if run not in self._statuses:
                return CRASHED, "the warm Sphinx server died before this run ended (was it killed?)"
            status = self._statuses.pop(run)
        return status, output.read_text(encoding="utf-8", errors="replace") if output.is_file() else ""

    def close(self) -> None:
        """End the server once its runs have ended; every process it started is then reaped."""
        if self._server is not None:
            assert self._server.stdin is not None and self._server.stdout is not None
            with contextlib.suppress(OSError):
                self._server.stdin.close()
            self._server.wait()
            if self._reader is not None:
                self._reader.join()
            self._server.stdout.close()


CRASHED = 70  # a Sphinx run whose server died before it reported how the run ended


class Slots:
    """At most ``jobs`` Sphinx or LaTeX runs at once. Each language has a thread that waits for a
    slot before each of its runs: a language's LaTeX run then overlaps another's Sphinx runs,
    and the last languages of a build do not leave cores idle."""

    def __init__(self, jobs: int) -> None:
        self._semaphore = threading.BoundedSemaphore(jobs)
        self.busy = threading.local()  # seconds each thread spent running, not waiting

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self._semaphore:
            start = time.monotonic()
            try:
                return function(*args, **kwargs)
            finally:
                self.busy.seconds = getattr(self.busy, "seconds", 0.0) + time.monotonic() - start


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
    return _current(read_json(_state_file(config, lang, target)), digests.inputs(lang, target))


def _current(state: dict[str, Any], digest: str) -> bool:
    """Whether a target's last build (its state) succeeded from these inputs, its outputs still there."""
    return state.get("digest") == digest and bool(state.get("ok")) and all(map(_exists, state.get("outputs", [None])))


def _build_target(config: Config, lang: str, target: str, context: Context) -> Result:
    start = time.monotonic()
    state_file = _state_file(config, lang, target)
    state = read_json(state_file)
    digest = context.digests.inputs(lang, target)
    if _current(state, digest):
        return Result(lang, target, True, time.monotonic() - start, state.get("published_with") or "up to date",
                      skipped=True)
    environment_file = config.build_dir / "stamps" / f"{lang}-environment"
    environment = context.digests.environment(lang)
    fresh = _read_text(environment_file) != environment or state.get("ok") is False
    write_json(state_file, {**state, "ok": False})  # a run that stops halfway leaves no state claiming success
    pending = read_json(_pending_file(config, lang))
    context.slots.busy.seconds = 0.0
    detail, record, warnings = _run_sphinx(config, lang, target, fresh, list(pending.get(target, {}).values()), context)
    read = record.get("read", {})
    write_json(_pending_file(config, lang), {other: {**pending.get(other, {}), **read} for other in targets_of(config, lang)
                                              if other != target and _BUILDER.get(other, other) != "latex"})
    replace_text(environment_file, environment)
    outputs: list[str] = []
    sphinx_seconds = context.slots.busy.seconds
    warning = ""  # what a published PDF lacks (pdf_missing_glyphs = "warning")
    if not detail and target == "pdf":
        context.report(f"{target} {lang}: making the PDF (latexmk)")
        detail, outputs, warning = make_pdfs(config, lang, record.get("latex_documents", []),
                                             record.get("latex_engine", ""), context.slots)
    elif not detail and target in SITE:
        outputs = [str(output_dir(config, lang, target) / "index.html")]
    write_json(state_file, {
        "digest": digest, "ok": not detail, "outputs": outputs, "sphinx_seconds": round(sphinx_seconds, 2),
        "baseurl": record.get("html_baseurl") or "",
        "warnings": _merge_warnings({} if fresh else state.get("warnings", {}), warnings, read.values()),
        "published_with": warning,
    })
    return Result(lang, target, not detail, context.slots.busy.seconds, detail or warning)


def _pending_file(config: Config, lang: str) -> pathlib.Path:
    """{target: {document: path}}: what other builders of the language read since target last ran."""
    return config.build_dir / "stamps" / f"{lang}-unwritten.json"


def _read_text(path: pathlib.Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def _exists(path: object) -> bool:
    return isinstance(path, str) and os.path.exists(path)


# How latexmk makes a PDF with each engine, with the rc files Sphinx writes. xelatex and
# lualatex: every pass without a PDF, one conversion at the end (what Sphinx's own Makefile
# advises "for faster builds"); pLaTeX and upLaTeX: DVI, then dvipdfmx.
_LATEXMK = {"xelatex": ["-r", "latexmkrc", "-xelatex"], "lualatex": ["-r", "latexmkrc", "-lualatex"],
            "platex": ["-r", "latexmkjarc", "-pdfdvi"], "uplatex": ["-r", "latexmkjarc", "-pdfdvi"]}


def make_pdfs(config: Config, lang: str, documents: Sequence[str], engine: str,
              slots: Slots) -> tuple[str, list[str], str]:
    """latexmk on each .tex file of latex_documents; each PDF published as build/pdf/<name>-<lang>.pdf
    (and in build/html/pdf/ for the site's links). Why one could not be made ('' if all were), the
    PDFs published, and the characters their fonts lack where pdf_missing_glyphs publishes them."""
    if shutil.which("latexmk") is None:
        return "latexmk not found: install TeX Live's latexmk (Debian: apt-get install latexmk)", [], ""
    latex_dir = output_dir(config, lang, "pdf")
    if not documents:
        return f"{latex_dir}: the project's latex_documents is empty: no PDF to make", [], ""
    policy = config.build.for_language(lang).pdf_missing_glyphs
    published: list[str] = []
    warnings: list[str] = []
    for document in documents:
        tex = latex_dir / document
        mode = _LATEXMK.get(engine, ["-r", "latexmkrc", "-pdf"])
        command = ["latexmk", *mode, "-dvi-", "-ps-", "-interaction=nonstopmode", "-halt-on-error", tex.name]
        result = slots.run(subprocess.run, command, cwd=latex_dir, capture_output=True, text=True, errors="replace")
        log_path = tex.with_suffix(".log")
        log = log_path.read_bytes() if log_path.exists() else b""
        if result.returncode != 0:
            return latex_failure(tex, log.decode("utf-8", "replace"), result.stdout + result.stderr), published, ""
        missing = missing_glyphs(log)
        if missing and policy == "error":
            return missing_glyphs_message(log_path, missing, policy), published, ""
        if missing:
            warnings.append(missing_glyphs_message(log_path, missing, policy))
        name = f"{tex.stem}-{lang}.pdf"
        for folder in (config.build_dir / "pdf", config.build_dir / "html" / "pdf"):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tex.with_suffix(".pdf"), folder / name)
            published.append(str(folder / name))
    return "", published, "\n".join(warnings)


# How TeX engines log a character that no glyph of the font shows (\tracinglostchars), one message
# each time it is set:
#   xelatex, lualatex:    Missing character: There is no 漢 (U+6F22) in font [FreeSerif.otf]/OT:script=latn;!
#   xelatex, a TFM font:  Missing character: There is no 漢 ("6F22) in font cmr10!
#   pdflatex:             Missing character: There is no ^^e2 in font cmr10!   (a line for each byte)
# The character may be written as ^^ escapes (^^F for U+0006, ^^e2^^89^^a5 for the bytes of ≥), and
# TeX cuts the log's lines at max_print_line (79 characters; pdfTeX counts bytes), in a font's name
# or even inside a character.
_MISSING_CHARACTER = re.compile(rb"Missing character: There is no (.+?)(?: \((?:U\+|\")([0-9A-Fa-f]{1,6})\))? "
                                rb"in font (.+)!", re.DOTALL)
_LOG_WIDTH = 79
_TEX_ESCAPE = re.compile(rb"\^\^\^\^\^\^([0-9a-f]{6})|\^\^\^\^([0-9a-f]{4})|\^\^([0-9a-f]{2})|\^\^([\x00-\x7f])")
_SHOWN_PER_FONT = 12  # characters a message names for one font; it counts the others


def missing_glyphs(log: bytes) -> dict[str, collections.Counter[str]]:
    """{font: {character: times}}: every "Missing character" message of a LaTeX log, the character
    decoded, the font without its features ("[FreeSerif.otf]/OT:script=latn;" is FreeSerif.otf)."""
    found: dict[str, collections.Counter[str]] = {}
    pending: list[bytes] = []  # pdflatex's bytes of a character, a message each, and their font
    pending_font = ""

    def flush() -> None:
        if pending:
            found.setdefault(pending_font, collections.Counter()).update(_characters(b"".join(pending)))
            pending.clear()

    lines = log.split(b"\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip(b"\r")
        index += 1
        if not line.startswith(b"Missing character: "):
            continue
        message = line
        while (not message.endswith(b"!") and len(line) >= _LOG_WIDTH and index < len(lines)
               and not lines[index].startswith(b"Missing character: ")):
            line = lines[index].rstrip(b"\r")
            index += 1
            message += line
        match = _MISSING_CHARACTER.fullmatch(message)
        if match is None:
            continue
        shown, code, spec = match.groups()
        font = _font_name(spec.decode("utf-8", "replace"))
        if code is None:  # pdflatex: one byte of the character; its next bytes follow
            if font != pending_font:
                flush()
            pending.append(_TEX_ESCAPE.sub(_unescape, shown))
            pending_font = font
            continue
        flush()
        point = int(code, 16)
        found.setdefault(font, collections.Counter())[chr(point) if point <= 0x10FFFF else "\ufffd"] += 1
    flush()
    return found


def _unescape(match: re.Match[bytes]) -> bytes:
    """A ^^ escape as the bytes it stands for: ^^^^6f22 and ^^^^^^01f642 a character, ^^e2 a byte,
    ^^F the control character 6 (TeX's ^^ adds or takes 64)."""
    wide, narrow, byte, char = match.groups()
    if wide or narrow:
        return chr(min(int(wide or narrow, 16), 0x10FFFF)).encode("utf-8", "surrogatepass")
    if byte:
        return bytes([int(byte, 16)])
    return bytes([char[0] + 64 if char[0] < 64 else char[0] - 64])


def _characters(data: bytes) -> str:
    """Bytes pdflatex could not set, as the characters they encode: UTF-8's, else each byte its own."""
    return re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), data.decode("utf-8", "surrogateescape"))


def _font_name(spec: str) -> str:
    """The font of a TeX font name, without its features: "[/usr/share/fonts/FreeSerif.otf]/OT:…" and
    "[FreeSerif.otf]:mode=node;…" are FreeSerif.otf, "FreeSerif/OT:…" and "name:FreeSerif:…" FreeSerif."""
    spec = spec.strip().strip('"')
    if spec.startswith("["):
        return pathlib.PurePath(spec[1:].partition("]")[0]).name or spec
    spec = re.sub(r"^(?:name|file):", "", spec)
    return re.split(r"/(?:OT|AAT|GR|ICU|S=)|:", spec, maxsplit=1)[0] or spec


def missing_glyphs_message(log_path: pathlib.Path, found: dict[str, collections.Counter[str]], policy: str) -> str:
    """What the fonts lack, for the maintainer to act on: a line with the log and what becomes of
    the PDF, then a line per font, each character with its code point, name and times set."""
    times = sum(sum(counts.values()) for counts in found.values())
    distinct = len({char for counts in found.values() for char in counts})
    fonts = "a font lacks" if len(found) == 1 else f"{len(found)} fonts lack"
    what = f"{fonts} {distinct} character{'s' if distinct > 1 else ''}, set {times} time{'s' if times > 1 else ''}"
    remedy = "choose fonts that have them (conf.py's latex_elements[\"fontpkg\"]) or change the translation"
    if policy == "error":
        head = (f"{log_path}: {what}: the PDF would show gaps, so it is withheld; {remedy}, "
                "or publish it with the gaps: pdf_missing_glyphs = \"warning\"")
    else:
        head = f"{log_path}: warning: {what}: the PDF is published with gaps (pdf_missing_glyphs = \"warning\"); {remedy}"
    lines = [head]
    for font, counts in sorted(found.items(), key=lambda item: -sum(item[1].values())):
        chars = counts.most_common()
        shown = ", ".join(f"{_glyph(char)} {_character_name(char)}" + (f" ×{n}" if n > 1 else "")
                          for char, n in chars[:_SHOWN_PER_FONT])
        more = f", and {len(chars) - _SHOWN_PER_FONT} more (the log names them)" if len(chars) > _SHOWN_PER_FONT else ""
        lines.append(f"  {printable(font)} lacks {shown}{more}")
    return "\n".join(lines)


_UNNAMED = {"Cc": "CONTROL", "Co": "PRIVATE USE", "Cn": "UNASSIGNED"}  # what Unicode gives no name


def _character_name(char: str) -> str:
    """U+6F22 CJK UNIFIED IDEOGRAPH-6F22; U+0006 CONTROL."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '') or _UNNAMED.get(unicodedata.category(char), 'UNNAMED')}"


def _glyph(char: str) -> str:
    """A character as a terminal can show it: a combining mark on a dotted circle, a control as its escape."""
    if unicodedata.category(char) in ("Mn", "Me"):
        return "\u25cc" + char
    return printable(char)


def latex_failure(tex: pathlib.Path, log: str, output: str) -> str:
    """Why latexmk made no PDF of tex, in one line: LaTeX's first error (a "!" line of the log),
    else what latexmk said (it may have stopped before LaTeX wrote a log), naming a file that exists."""
    if not tex.is_file():
        written = ", ".join(sorted(path.name for path in tex.parent.glob("*.tex"))) or "none"
        return f"{tex}: Sphinx wrote no such file (it wrote: {written})"
    log_path = tex.with_suffix(".log")
    first = next((line for line in log.splitlines() if line.startswith("!")), None)
    if first is not None:
        return f"{log_path}: LaTeX failed: {first}"
    said = [line.strip() for line in output.splitlines() if line.strip()]
    reason = next((line for line in said if "rror" in line or line.startswith("!")), said[-1] if said else "no output")
    return f"{log_path if log else tex}: LaTeX failed: {reason}"


def default_jobs() -> int:
    """Runs at once: one per core, and one more. A Sphinx run waits at times (its start-up fetches
    intersphinx inventories, it writes files), and with more languages than cores the last one
    would run alone on one core: packaging.python.org, three languages on two cores, 40.9 s with
    two runs at once and 37.8 s with three."""
    return (os.cpu_count() or 1) + 1


def _durations_file(config: Config) -> pathlib.Path:
    return config.build_dir / "stamps" / "durations.json"


def _durations(config: Config) -> dict[str, float]:
    durations = read_json(_durations_file(config))
    return {task: float(seconds) for task, seconds in durations.items() if isinstance(seconds, int | float)}


def _cost(config: Config, lang: str, targets: Sequence[str], durations: dict[str, float]) -> float:
    """A language's measured build time (its last full build); unmeasured, a guess: PDFs cost most."""
    return sum(durations.get(f"{lang}-{target}", 3.0 if target == "pdf" else 1.0) for target in targets)


def targets_of(config: Config, lang: str, wanted: Sequence[str] | None = None) -> list[str]:
    """The language's targets ([tool.sphinx-l10n.build]), those of wanted only (the site: html or dirhtml)."""
    own = sorted(config.build.for_language(lang).targets, key=lambda target: target not in SITE)  # the site first
    if wanted is None:
        return own
    return [t for t in own if t in wanted or (t in SITE and "html" in wanted)]


def shard(config: Config, languages: Sequence[str], index: int, count: int) -> list[str]:
    """The languages of shard index (1-based) of count: longest first, each to the least loaded
    shard, by measured cost (the same on every runner that has the same measurements)."""
    durations = _durations(config)
    loads = [0.0] * count
    shares: list[list[str]] = [[] for _ in range(count)]
    costs = {lang: _cost(config, lang, targets_of(config, lang), durations) for lang in languages}
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
    languages = list(dict.fromkeys(languages or config.all_languages))
    if "," in str(config.build_dir):  # -D locale_dirs=: Sphinx cuts a list at its commas
        raise L10nError(f"{config.build_dir}: a build folder whose path holds a comma, which Sphinx would cut in two; "
                        "choose another (--build-dir)")
    for lang in languages:
        if lang not in config.all_languages:
            raise L10nError(f"language {lang!r} is not configured; configured: {', '.join(config.all_languages)}")
    plan = {lang: targets_of(config, lang, targets) for lang in languages}
    if any(plan.values()):  # one line now, rather than every language failing alike
        require_sphinx_modules(config, "build")
    durations = _durations(config)
    # Longest first: on few cores the run ends when its longest language does, so that one starts first.
    order = sorted((lang for lang in languages if plan[lang]), key=lambda lang: -_cost(config, lang, plan[lang], durations))
    context = Context(Digests(config), WarmSphinx(), Slots(jobs or default_jobs()), report)
    total = sum(len(plan[lang]) for lang in order)
    stale = {lang for lang in order if not all(_up_to_date(config, lang, target, context.digests) for target in plan[lang])}
    if stale:
        context.sphinx.warm()  # Sphinx imported while the catalogs compile
    else:
        server.discard()  # one the command line started: nothing to run
    results: list[Result] = []

    def run(lang: str) -> list[Result]:
        for line in unused_compiled(config, lang):
            report(line)
        problem = _compile_catalogs(config, lang, report)
        if problem:
            return [Result(lang, target, False, 0.0, problem, input_error=True) for target in plan[lang]]
        # Its completion, for the manifest, counted while its Sphinx runs (in a process of its own).
        counts = counting.submit(completion, config, lang) if lang in stale and lang != config.source_language else None
        done = []
        for target in plan[lang]:
            try:
                done.append(_build_target(config, lang, target, context))
            except OSError as exc:  # the build folder: unwritable, full, a file where a folder goes
                done.append(Result(lang, target, False, 0.0, f"{exc.filename or config.build_dir}: cannot write: "
                                                              f"{exc.strerror or exc}"))
        if not all(result.skipped for result in done) or not manifest_file(config, lang).is_file():
            write_manifest(config, lang, counts)
        return done

    try:
        # A thread per language: threads only wait (for a slot, for their Sphinx and LaTeX processes).
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(order))) as pool, \
                concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(order))) as counting:
            for future in concurrent.futures.as_completed([pool.submit(run, lang) for lang in order]):
                for result in future.result():
                    results.append(result)
                    state = "up to date" if result.skipped else ("ok" if result.ok else "FAILED")
                    report(f"[{len(results)}/{total}] {result.target} {result.lang}: {state} ({result.seconds:.1f} s)")
        durations.update({f"{r.lang}-{r.target}": r.seconds for r in results if r.ok and not r.skipped})
        with contextlib.suppress(OSError):  # only a hint for the next run's order and shards
            write_json(_durations_file(config), durations)
        classify_warnings(config, results, context)
    finally:
        context.sphinx.close()
    if assemble_site and any(target in SITE for lang in order for target in plan[lang]):
        from sphinx_l10n import assemble

        assemble.assemble(config, force=any(not r.skipped for r in results))
    results.sort(key=lambda r: (config.all_languages.index(r.lang), r.target))
    return results


def _source_warnings(config: Config, target: str, context: Context) -> set[str]:
    """The source language's own warnings: those of the same builder if it was built here, else of
    its site, else of a read-only (dummy builder) run made for it (a CI shard without the source)."""
    source = config.source_language
    for candidate in (target, *SITE):
        state = read_json(_state_file(config, source, candidate))
        if state.get("ok"):
            return _warning_lines(state)
    if _build_target(config, source, "dummy", context).ok:
        return _warning_lines(read_json(_state_file(config, source, "dummy")))
    return set()


def _warning_lines(state: dict[str, Any]) -> set[str]:
    return {_as_in_source(line) for lines in state.get("warnings", {}).values() for line in lines}


def _as_in_source(warning: str) -> str:
    """A warning as the source's build words it: Sphinx locates a translated paragraph's
    warning at its source line, then ":<translated>:N" (the line within the translation)."""
    return re.sub(r":<translated>:\d+", "", warning)


def classify_warnings(config: Config, results: list[Result], context: Context) -> None:
    """Split each build's warnings into the source's and the translation's: a warning that names
    no file (the configuration's, the theme's), or that the source language's build gives too,
    is the source's. The source language and release languages fail on the translation's; on
    the source's only where [tool.sphinx-l10n.build] source_warnings = "fail"."""
    source_warnings: dict[str, set[str]] = {}  # per target: read (or built) once for every language
    for result in results:
        if result.input_error:
            continue
        by_file = read_json(_state_file(config, result.lang, result.target)).get("warnings", {})
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
            result.source_warnings = general + [line for line in lines if _as_in_source(line) in from_source]
            result.translation_warnings = [line for line in lines if _as_in_source(line) not in from_source]
        strict = result.lang == config.source_language or config.languages.get(result.lang) == "release"
        failing = result.translation_warnings if strict else []
        if config.build.source_warnings == "fail":
            failing = failing or result.source_warnings
        if result.ok and failing:
            result.ok = False
            origin = "the translation" if failing is result.translation_warnings else "the source"
            more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
            result.detail = f"{_shown(failing[0])}{more} [from {origin}]"


def _shown(warning: str) -> str:
    """A warning's first line, its path relative to the working folder when inside it."""
    first = warning.splitlines()[0]
    cwd = os.getcwd() + os.sep
    return first[len(cwd):] if first.startswith(cwd) else first


def completion(config: Config, lang: str) -> dict[str, Any] | None:
    """A language's counts, as its banner, its PDF and the status page give them."""
    found = stats.collect(stats.gather(config, languages=[lang]), [], stats.project_templates(config)).get(lang)
    return {key: found[key] for key in ("translated", "fuzzy", "total", "percent", "documents")} if found else None


def write_manifest(config: Config, lang: str,
                   counts: "concurrent.futures.Future[dict[str, Any] | None] | None" = None) -> None:
    """build/manifest/<lang>.json: what the language's build published, and its completion (counts,
    where it was counted already)."""
    published: dict[str, Any] = {"site": None, "baseurl": "", "pdf": [], "epub": []}
    for target in targets_of(config, lang):
        state = read_json(_state_file(config, lang, target))
        if not state.get("ok"):
            continue
        folder = output_dir(config, lang, target)
        if target in SITE:
            published["site"] = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html")
                                       if not path.relative_to(folder).parts[0].startswith("_"))
            published["baseurl"] = site_url(state.get("baseurl", ""), lang, config.all_languages)
        elif target == "pdf":
            published["pdf"] = sorted({pathlib.Path(path).name for path in state.get("outputs", [])})
        elif target == "epub":
            published["epub"] = sorted(path.name for path in folder.glob("*.epub"))
    stats = counts.result() if counts is not None else completion(config, lang) if lang != config.source_language else None
    write_json(manifest_file(config, lang), {
        "language": lang, "name": language_name(lang), "direction": text_direction(lang),
        "status": "source" if lang == config.source_language else config.languages.get(lang, "in-progress"),
        "stats": stats, **published,
    })


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
                         + (f"; first from the source: {_shown(r.source_warnings[0])}" if r.source_warnings else ""))
    return "\n".join(lines + notes)
