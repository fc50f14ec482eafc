"""Command line: l10n {extract,update,check,stats,format,build,names} (also python -m sphinx_l10n)."""

import argparse
import dataclasses
import io
import json
import os
import pathlib
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

import polib

from sphinx_l10n.site import server

if __name__ == "__main__" or os.path.basename(sys.argv[0]) == "sphinx-l10n":
    server.start_early(sys.argv[1:])  # Sphinx imported while the rest loads

from sphinx_l10n import (
    L10nError,
    __version__,
    baseline,
    catalogs,
    checker,
    fileio,
    interface,
    memory,
    project,
    project_files,
    report,
    stats,
)
from sphinx_l10n import config as configuration
from sphinx_l10n.checks import ERROR, SourceCheck, all_checks
from sphinx_l10n.checks.names import load_names, suggest
from sphinx_l10n.config import Config
from sphinx_l10n.languages import base_language, validate_language
from sphinx_l10n.site import assemble, build

EXIT_INPUT_ERROR = 2
MAX_JOBS = 256  # more processes than this is a typo, not a machine


def _languages(config: Config | None, codes: list[str] | None) -> list[str] | None:
    """--lang codes, each once; in a project, each one it declares (or its source language)."""
    if not codes:
        return None
    for code in codes:
        validate_language(code, "--lang")
        if config is not None and code not in config.all_languages:
            raise L10nError(f"--lang {code}: not a language of [tool.sphinx-l10n.languages] "
                            f"({', '.join(config.languages) or 'none'}); add it there first")
    return list(dict.fromkeys(codes))


def _configured(config: Config, codes: list[str] | None) -> list[str] | None:
    """--lang codes that are translations the project declares: update never creates another."""
    for code in _languages(config, codes) or []:
        if code == config.source_language:
            raise L10nError(f"--lang {code}: the source language has no catalogs to update")
        if code not in config.languages:
            raise L10nError(f"--lang {code}: not a language of [tool.sphinx-l10n.languages] "
                            f"({', '.join(config.languages) or 'none'}); add it there first")
    return codes


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad argument answered in one line (and exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to {MAX_JOBS}")
    return value


def _environment_errors() -> list[str]:
    """Bad environment variables: reported, then left out, so the command still runs on defaults."""
    errors = []
    try:
        fileio.max_catalog_bytes()
    except L10nError as exc:
        errors.append(f"{exc}; using the default")
        del os.environ["L10N_MAX_CATALOG_MB"]
    return errors


def cmd_init(args: argparse.Namespace, config: Config | None) -> int:
    project.init(pathlib.Path(args.project or "."))
    return 0


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    pots = project.extract(config)
    print(f"extracted {len(pots)} template(s) into {os.path.relpath(config.pot_dir)}")
    return 0


def cmd_update(args: argparse.Namespace, config: Config) -> int:
    errors: list[str] = []
    written = project.update(config, _configured(config, args.lang), prune=args.prune, errors=errors)
    for error in errors:
        print(error, file=sys.stderr)
    if not written and not errors:
        print("catalogs already up to date")
    return EXIT_INPUT_ERROR if errors else 0


def cmd_tm(args: argparse.Namespace, config: Config) -> int:
    """tm export: every finished translation as TMX; tm import: a TMX file as compendia."""
    languages = _configured(config, args.lang) or list(config.languages)
    if args.action == "export":
        units = {lang: project_files.translation_memory(config, lang, sentences=False).units for lang in languages}
        data = memory.write_tmx(units, config.source_language, __version__)
        if args.output in (None, "-"):
            sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode())
        else:
            fileio.write_text(args.output, data.decode("utf-8"))
            print(f"wrote {sum(map(len, units.values()))} translations to {args.output}")
        return 0
    return _import_tmx(config, pathlib.Path(args.file), languages)


def _import_tmx(config: Config, path: pathlib.Path, languages: list[str]) -> int:
    """Each language's pairs of the TMX file as the compendium <memory_dir>/<lang>/<file name>.po."""
    fileio.confined(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"{path}:0: cannot read: {exc.strerror}") from None
    try:
        source_lang, found = memory.read_tmx(data, str(path))
    except ValueError as exc:
        raise L10nError(str(exc)) from None
    if base_language(source_lang) != base_language(config.source_language):
        raise L10nError(f"{path}:1: its source language is {source_lang}, the project's {config.source_language}")
    assert config.memory_dir is not None
    errors = []
    for lang in languages:
        pairs = [pair for code, found_pairs in found.items() if _same_language(code, lang) for pair in found_pairs]
        if not pairs:
            continue
        compendium = polib.POFile()
        compendium.metadata = catalogs.new_header(config.project, lang, "")
        first: dict[str, str] = {}  # each source once, with its first translation (not a search per pair)
        for source, target in pairs:
            first.setdefault(source, target)
        for source, target in first.items():
            compendium.append(polib.POEntry(msgid=source, msgstr=target))
        target_path = config.memory_dir / lang / f"{path.stem}.po"
        try:  # the write makes the folders, once it knows they are the project's
            catalogs.write(compendium, target_path)
        except L10nError as exc:
            errors.append(str(exc))
            continue
        print(f"imported {len(compendium)} translations into {os.path.relpath(target_path, config.root)}")
    for error in errors:
        print(error, file=sys.stderr)
    return EXIT_INPUT_ERROR if errors else 0


def _same_language(tmx_code: str, lang: str) -> bool:
    """de-DE is de; pt-BR is pt_BR and not pt_PT."""
    code, wanted = tmx_code.replace("-", "_").lower(), lang.lower()
    return code == wanted or (code.split("_")[0] == wanted and "_" not in wanted)


def cmd_format(args: argparse.Namespace, config: Config | None) -> int:
    """Every catalog in one layout: the project's platform's (catalog_layout), gettext's by default."""
    if args.paths:
        paths = catalogs.catalog_files(args.paths)
    elif config is not None:
        paths = catalogs.catalog_files(_catalog_folders(config, config.languages))
    else:
        raise L10nError("no PATH given and no project here: name the .po files or folders to format")
    name = args.layout or (config.catalog_layout if config else "gettext")
    if name == catalogs.PLATFORM and config is not None:
        return _platform_format(args, config)
    layout = catalogs.LAYOUTS[name]
    errors, changed = [], []
    for path in paths:
        try:
            read = fileio.snapshot(path)
            text = catalogs.render(catalogs.load(path, read.data), layout)
            if text.encode("utf-8") != read.data:
                changed.append(path)
                if args.check:
                    print(f"{path}:1: not in the {layout.name} layout; run `sphinx-l10n format {path}`")
                else:
                    fileio.write_text(path, text, read)
                    print(f"formatted {path}")
        except L10nError as exc:
            errors.append(str(exc))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        return EXIT_INPUT_ERROR
    return 1 if args.check and changed else 0


def _platform_format(args: argparse.Namespace, config: Config) -> int:
    """catalog_layout = "platform": the platform's own layout, which no known layout reproduces.
    A check of it would fail every catalog the platform writes, a rewrite would fight its next push."""
    settings = config.settings_file or config.root
    line = configuration.line_of(settings, "catalog_layout") if settings.is_file() else 0
    if args.check:
        print(f"{settings}:{line}: catalog_layout is {catalogs.PLATFORM!r}, the platform's own layout: "
              "nothing checked")
        return 0
    raise L10nError(f"{settings}:{line}: catalog_layout is {catalogs.PLATFORM!r}, the platform's own layout, "
                    "which sphinx-l10n does not know: nothing rewritten (--layout NAME rewrites in a known one)")


def _catalog_folders(config: Config, languages: Iterable[str]) -> list[pathlib.Path]:
    """Each language's catalog folder: one that is missing is read, and reported, as holding no catalog."""
    return [config.catalog_dir(lang) for lang in languages]


def _interface_catalogs(config: Config, languages: Iterable[str]) -> list[pathlib.Path]:
    """The languages' interface catalogs (Sphinx's words that its own catalogs leave untranslated)."""
    found = [interface.interface_catalog(config, lang) for lang in dict.fromkeys(languages)]
    return [path for path in found if path.is_file()]


def _names(config: Config | None) -> dict[str, Any] | None:
    if config is None or config.names_file is None:
        return None
    return load_names(config.names_file)


def _policy_for(config: Config | None, paths: Sequence[str]) -> configuration.Policy:
    """The project's conventions, for its own catalogs: not for catalogs elsewhere named on the command line."""
    if config is None or any(not pathlib.Path(path).resolve().is_relative_to(config.root) for path in paths):
        return checker.DEFAULT_POLICY
    return config.policy


def _baseline_options(args: argparse.Namespace) -> None:
    """The baseline options that cannot go together, refused before anything is checked."""
    if (args.write_baseline or args.baseline_ref) and not args.baseline:
        option = "--write-baseline" if args.write_baseline else "--baseline-ref"
        raise L10nError(f"{option} needs --baseline FILE: where to {'record' if args.write_baseline else 'read'} the findings")
    if args.write_baseline and args.baseline_ref:
        raise L10nError(f"--write-baseline writes FILE in the work tree, --baseline-ref {args.baseline_ref} reads it "
                        "from git: give one")


def _write_baseline(result: report.Report, path: pathlib.Path, root: pathlib.Path) -> int:
    """--write-baseline: every finding recorded as known but the security ones, which are listed."""
    refused = baseline.write(result, path, root)
    print(f"recorded {len(result.findings) - len(refused)} finding(s) in {path}")
    if refused:
        print(report.text(report.Report(refused)).rpartition("\n")[0])
        print(f"{len(refused)} security finding(s) ({', '.join(baseline.security_checks())}) not recorded: "
              "a baseline never accepts them; fix them")
    return 2 if result.input_errors else 0


def cmd_check(args: argparse.Namespace, config: Config | None) -> int:
    _baseline_options(args)
    source_lang = args.source_lang or (config.source_language if config else None)
    if not source_lang:
        raise L10nError("no source language: pass --source-lang or run inside a project with [tool.sphinx-l10n]")
    validate_language(source_lang, "--source-lang")
    languages = _languages(None if args.paths else config, args.lang)  # PATHs: any language
    names = _names(config)
    if args.paths:
        paths = args.paths
    else:
        if config is None:
            raise L10nError("no PATH given and no project here: name the .po files or folders to check")
        languages = languages or list(config.languages)
        paths = _catalog_folders(config, [lang for lang in languages if lang != config.source_language])
    forced = languages[0] if args.paths and languages and len(languages) == 1 else None
    allowed = config.allowed_characters if config else None
    options: dict[str, Any] = {"names": names, "lang": forced, "allowed_characters": allowed, "jobs": args.jobs,
               "use_cache": not args.no_cache, "policy": _policy_for(config, args.paths)}
    ui = _interface_catalogs(config, [*(languages or []), config.source_language]) if config and not args.paths else []
    paths = [path for path in catalogs.catalog_files(paths) if path not in ui]
    result = checker.check_files(paths, source_lang, **options)
    if ui:  # Sphinx's messages are English: their catalogs are checked against English
        result.add(checker.check_files(ui, "en", **options))
    if languages and args.paths:
        result.findings = [f for f in result.findings if f.lang in languages]
    if config is not None and not args.paths:
        checker.check_project(result, config, languages or list(config.languages), names["names"] if names else (),
                              config.policy)
    if config is not None and options["policy"] is config.policy:
        result.conventions[:0] = [f"all languages: the text of :{role}: is translated (conf.py declares the role "
                                  "with no base role: docutils shows its text as is)" for role in config.sphinx.display_roles]
    root = config.root if config is not None else pathlib.Path.cwd()
    if args.write_baseline:
        return _write_baseline(result, pathlib.Path(args.baseline), root)
    if args.changed_since:
        baseline.keep_changed(result, args.changed_since, root)
    if args.baseline:
        known = baseline.read(pathlib.Path(args.baseline), args.baseline_ref, root)
        baseline.suppress_known(result, known, root)
        for note in known.notes:
            print(note, file=sys.stderr)
    if args.severity == ERROR:
        result.findings = [f for f in result.findings if f.severity == ERROR]
    if args.format == "junit":
        output = report.junit(result, [c.id for c in all_checks() if not isinstance(c, SourceCheck)])
    else:
        output = {"text": report.text, "json": report.as_json, "markdown": report.markdown}[args.format](result)
    print(output)
    for error in result.input_errors:
        if args.format != "text":
            print(error, file=sys.stderr)
    return result.exit_status


def cmd_names(args: argparse.Namespace, config: Config) -> int:
    pots = sorted(config.pot_dir.rglob("*.pot")) if config.pot_dir.is_dir() else []
    if not pots:
        raise L10nError(f"{config.pot_dir}: no templates; run `sphinx-l10n extract` first")
    messages = [e.msgid for path in pots for e in catalogs.load(path) if e.msgid]
    names = _names(config)
    known = names["names"] if names else []
    if args.suggest:
        for candidate in suggest(messages, known):
            print(candidate)
    else:
        for name in known:
            print(name)
    return 0


def cmd_stats(args: argparse.Namespace, config: Config | None) -> int:
    if config is None and not args.paths:
        raise L10nError("no PATH given and no project here: name the .po files or folders to count")
    errors: list[str] = []
    measured = stats.project_templates(config) if config is not None and not args.paths else None
    if measured is None:
        where = f"{config.pot_dir}: no templates" if config is not None and not args.paths else "catalogs named"
        print(f"note: {where}: counted on the catalogs alone (a platform that leaves out untranslated entries "
              "reads as more complete); `sphinx-l10n extract` writes the templates", file=sys.stderr)
    result = stats.collect(stats.gather(config, args.paths, _languages(None if args.paths else config, args.lang)), errors,
                           measured)
    print({"text": stats.format_text, "json": stats.format_json, "markdown": stats.format_markdown}[args.format](result))
    for error in errors:
        print(error, file=sys.stderr)
    return EXIT_INPUT_ERROR if errors else 0


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    targets = [t for t in ("html", "pdf") if getattr(args, t)] or None
    languages = _languages(config, args.lang) or config.all_languages
    if args.shard:
        languages = build.shard(config, languages, *args.shard)
    results = build.build(config, languages, targets=targets, jobs=args.jobs, assemble_site=not args.shard)
    print(build.summary(results))
    for result in results:
        if result.input_error:
            print(result.detail, file=sys.stderr)
    if any(r.input_error for r in results):
        return EXIT_INPUT_ERROR
    return 0 if all(r.ok for r in results) else 1


def cmd_assemble(args: argparse.Namespace, config: Config) -> int:
    assemble.assemble(config)
    print(f"assembled: {', '.join(assemble.built_sites(config)) or 'no site built'}")
    return 0


def cmd_ci_matrix(args: argparse.Namespace, config: Config) -> int:
    print(json.dumps(build.ci_matrix(config, args.shards)))
    return 0


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"{text!r} is not I/N with 1 <= I <= N (e.g. 1/3)")
    return int(index), int(count)


def _parser() -> _Parser:
    """The command line: its options, then each family of commands."""
    parser = _Parser(
        prog="sphinx-l10n",
        description="Localisation pipeline for Sphinx documentation: extract, update, check, stats, format, build.",
        epilog="Options that take a language (--lang) may be repeated. Exit status: 0 ok, 1 findings or build "
               "failures, 2 an input could not be read.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--project", metavar="DIR", help="project folder (default: the one holding pyproject.toml)")
    parser.add_argument("--build-dir", metavar="DIR", help="build folder (default: [tool.sphinx-l10n] build_dir)")
    commands = parser.add_subparsers(dest="command", required=True)

    _add_catalog_commands(commands)
    _add_build_commands(commands)
    _add_check_command(commands)
    _add_memory_and_names_commands(commands)
    return parser


def _add_catalog_commands(commands: "argparse._SubParsersAction[_Parser]") -> None:
    """init, extract, update, format, stats: the commands of the catalogs."""
    commands.add_parser("init", help="set up l10n in a Sphinx project: report its conf.py and catalogs, "
                        "write the languages' statuses").set_defaults(run=cmd_init, needs_project=False, configured=False)
    commands.add_parser("extract", help="Sphinx gettext builder: source -> build/gettext/*.pot").set_defaults(
        run=cmd_extract, runs_sphinx=True)

    update = commands.add_parser("update", help="merge the .pot files into every language's .po files")
    update.add_argument("--lang", action="append", metavar="CODE")
    update.add_argument("--prune", action="store_true", help="delete catalogs whose document no longer exists")
    update.set_defaults(run=cmd_update)

    format_parser = commands.add_parser("format", help="rewrite catalogs in the canonical layout (--check: only report)")
    format_parser.add_argument("paths", nargs="*", metavar="PATH")
    format_parser.add_argument("--check", action="store_true", help="exit 1 if a catalog is not canonical; change nothing")
    format_parser.add_argument("--layout", choices=tuple(catalogs.LAYOUTS),
                               help="the platform layout (default: catalog_layout in the settings, else gettext)")
    format_parser.set_defaults(run=cmd_format, needs_project=False)

    stats_parser = commands.add_parser("stats", help="completeness per language and document")
    stats_parser.add_argument("paths", nargs="*", metavar="PATH")
    stats_parser.add_argument("--lang", action="append", metavar="CODE")
    stats_parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    stats_parser.set_defaults(run=cmd_stats, needs_project=False)


def _add_build_commands(commands: "argparse._SubParsersAction[_Parser]") -> None:
    """build, assemble, ci-matrix: the commands of the sites."""
    build_parser = commands.add_parser("build", help="every configured language's targets ([tool.sphinx-l10n.build]: "
                                       "HTML and PDF by default), incrementally; then the site is assembled")
    build_parser.add_argument("--lang", action="append", metavar="CODE")
    build_parser.add_argument("--jobs", type=_positive, metavar="N",
                              help="Sphinx and LaTeX runs at once (default: one per core, and one more)")
    build_parser.add_argument("--html", action="store_true", help="build the site only (with --pdf: both)")
    build_parser.add_argument("--pdf", action="store_true", help="build PDF only (with --html: both)")
    build_parser.add_argument("--shard", type=_shard, metavar="I/N",
                              help="build shard I of N of the languages (by measured cost), without assembling: "
                                   "run `sphinx-l10n assemble` once every shard's build folder is merged")
    build_parser.set_defaults(run=cmd_build, runs_sphinx=True)
    commands.add_parser("assemble", help="write the switcher, hreflang, banner, status table and chooser into the "
                        "built sites, from build/manifest/ (after `build --shard`)").set_defaults(run=cmd_assemble)
    matrix_parser = commands.add_parser("ci-matrix", help="a GitHub Actions matrix of N build shards (JSON)")
    matrix_parser.add_argument("shards", type=_positive, metavar="N")
    matrix_parser.set_defaults(run=cmd_ci_matrix)


def _add_check_command(commands: "argparse._SubParsersAction[_Parser]") -> None:
    """check, with its reports and its pull-request gate (changed entries, a baseline)."""
    check_parser = commands.add_parser("check", help="consistency checks: quotations, names, numbers, dates, markup...")
    check_parser.add_argument("paths", nargs="*", metavar="PATH", help=".po files or folders (default: every configured locale)")
    check_parser.add_argument("--lang", action="append", metavar="CODE", help="only these languages")
    check_parser.add_argument("--source-lang", metavar="CODE", help="language of the msgids (default: the project's)")
    check_parser.add_argument("--format", choices=("text", "json", "junit", "markdown"), default="text")
    check_parser.add_argument("--severity", choices=("error", "warning"), default="warning", help="lowest severity reported")
    check_parser.add_argument("--changed-since", metavar="REF",
                              help="only findings on entries changed since this git ref (a pull request's base)")
    check_parser.add_argument("--baseline", metavar="FILE", help="do not report the known findings recorded in FILE "
                              "(never a security finding: unsafe, hidden)")
    check_parser.add_argument("--baseline-ref", metavar="REF",
                              help="read the --baseline FILE as committed at this git ref (a pull request's base), "
                                   "not the work tree's copy, which the pull request may have rewritten")
    check_parser.add_argument("--write-baseline", action="store_true",
                              help="record every finding in the --baseline FILE as known (but the security ones, "
                                   "which it lists), and exit 0")
    check_parser.add_argument("--jobs", type=_positive, metavar="N", help="worker processes (default: one per core)")
    check_parser.add_argument("--no-cache", action="store_true",
                              help="recheck every catalog (results are cached by content hash)")
    check_parser.set_defaults(run=cmd_check, needs_project=False)


def _add_memory_and_names_commands(commands: "argparse._SubParsersAction[_Parser]") -> None:
    """tm (export, import) and names."""
    tm_parser = commands.add_parser("tm", help="the translation memory: export every finished translation as TMX, "
                                    "or import a TMX file as compendia that update offers matches from")
    tm_commands = tm_parser.add_subparsers(dest="action", required=True)
    export_parser = tm_commands.add_parser("export", help="TMX 1.4 of the project's translations (stdout, or -o FILE)")
    export_parser.add_argument("-o", "--output", metavar="FILE")
    import_parser = tm_commands.add_parser("import", help="a TMX file into <memory_dir>/<lang>/<name>.po")
    import_parser.add_argument("file", metavar="FILE.tmx")
    for sub in (export_parser, import_parser):
        sub.add_argument("--lang", action="append", metavar="CODE")
    tm_parser.set_defaults(run=cmd_tm)

    names_parser = commands.add_parser("names", help="the reviewed proper names; --suggest proposes candidates from the source")
    names_parser.add_argument("--suggest", action="store_true")
    names_parser.set_defaults(run=cmd_names)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A file name that is not valid UTF-8 is printed with escapes, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    environment = _environment_errors()
    for error in environment:
        print(error, file=sys.stderr)
    if sys.stdout is None:  # started with stdout closed: a report nobody can read is a failure
        print("l10n: standard output is closed: nothing could be reported", file=sys.stderr)
        return EXIT_INPUT_ERROR
    sys.stdout = _Stdout(sys.stdout)
    status = _run(args, flush=sys.stdout.flush)
    return max(status, EXIT_INPUT_ERROR) if environment and status != 130 else status


class _Stdout:
    """Standard output whose write failures (a full disk, /dev/full) become one L10nError."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._guarded(self._stream.write, text))

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _guarded(self, method: Any, *args: Any) -> Any:
        try:
            return method(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _discard_stdout()  # else Python's own last flush fails again, with a traceback
            raise L10nError(f"standard output: cannot write the report: {exc.strerror or exc}") from None


def _warn_stubs(args: argparse.Namespace, config: Config) -> None:
    """Say which modules conf.py was read without; a command that runs Sphinx says it as its error."""
    warning = configuration.stub_warning(config)
    if warning and not getattr(args, "runs_sphinx", False):
        print(warning, file=sys.stderr)


def _discard_stdout() -> None:
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _run(args: argparse.Namespace, flush: Any = None) -> int:
    try:
        config = None
        try:
            if getattr(args, "configured", True):  # init reads the project itself
                config = configuration.load(args.project)
                _warn_stubs(args, config)
                if args.build_dir:
                    config = dataclasses.replace(config, build_dir=pathlib.Path(args.build_dir).resolve())
        except configuration.NoProject:  # a broken configuration is reported, never taken for none
            if getattr(args, "needs_project", True) or args.project:
                raise
        # No file a symbolic link leads out of the project (else of the working folder) is read or written.
        fileio.confine(config.root if config is not None else pathlib.Path.cwd())
        status: int = args.run(args, config)
        if flush is not None:
            flush()
        return status
    except L10nError as exc:
        print(f"error: {exc}" if not str(exc).count(":") else str(exc), file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `... | head`: the reader left, nothing is wrong
        _discard_stdout()
        return 0


if __name__ == "__main__":
    sys.exit(main())
