"""Extract the source into .pot templates and update every language's catalogs."""

import os
import pathlib
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence

from l10n import L10nError, catalogs
from l10n.config import Config
from l10n.safety import UNSAFE_REFUSED


def sphinx_command(config: Config, builder: str, outdir: pathlib.Path, *, lang: str | None = None,
                   doctrees: pathlib.Path | None = None, options: Sequence[str] = ()) -> list[str]:
    # sphinx-build, with the guard on translated content loaded whatever conf.py lists;
    # no colour even under FORCE_COLOR, since l10n reads Sphinx's lines back.
    command = [sys.executable, "-m", "l10n.sphinxext", "-b", builder, "-c", str(config.root), "-q", "--no-color"]
    if lang is not None:
        command += ["-D", f"language={lang}"]
    if doctrees is not None:
        command += ["-d", str(doctrees)]
    command += [*options, str(config.source_dir), str(outdir)]
    return command


# Sphinx's report of a crash: "Extension error!", then a traceback whose last
# exception line says what went wrong.
_CRASH_TITLE = re.compile(r"^(\w[\w ]* error|Exception occurred)[!:]$", re.IGNORECASE)
_EXCEPTION_LINE = re.compile(r"^\s*([\w.]*(?:Error|Exception|Interrupt|Exit)): (.+)$")


def sphinx_failure(output: str, status: int) -> str:
    """What made Sphinx fail, in one line: the guard's refusal, else its first error (else its first
    warning, under -W), else the exception of its crash report, else its last line."""
    lines = [line for line in output.splitlines() if line.strip()]
    # The guard's refusals first: they, not a markup error, are why a language fails.
    for level in (f": ERROR: {UNSAFE_REFUSED}: ", ": ERROR: ", ": CRITICAL: ", ": WARNING: "):
        found = [line for line in lines if level in line]
        if found:
            return found[0] + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
    title = next((line.rstrip("!:") for line in lines if _CRASH_TITLE.match(line)), None)
    exceptions = [m for m in map(_EXCEPTION_LINE.match, lines) if m]
    if title and exceptions:
        name, message = exceptions[-1].groups()
        return f"{title}: {name.rpartition('.')[2]}: {message}"
    return lines[-1] if lines else f"exit status {status}"


def extract(config: Config) -> list[pathlib.Path]:
    """Run Sphinx's gettext builder: one .pot per document in build/gettext."""
    outdir = config.pot_dir
    for needed in (config.root / "conf.py", config.source_dir):
        if not needed.exists():
            raise L10nError(f"{needed}: not found; Sphinx needs the project's conf.py and source folder")
    command = sphinx_command(config, "gettext", outdir, doctrees=config.build_dir / "doctrees" / "gettext")
    # POT-Creation-Date from the sources' own age, not the clock: extracting
    # twice gives byte-identical templates (SOURCE_DATE_EPOCH, honoured by Sphinx).
    sources = [p for p in config.source_dir.rglob("*") if p.is_file()] + [config.root / "conf.py"]
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(int(max(p.stat().st_mtime for p in sources))))
    result = subprocess.run(command, cwd=config.root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise L10nError(f"{config.source_dir}: extraction failed: {sphinx_failure(result.stderr, result.returncode)}")
    return sorted(outdir.rglob("*.pot"))


def templates(config: Config) -> dict[str, pathlib.Path]:
    """The .pot files by document name ('index', 'sub/page', ...)."""
    pot_dir = config.pot_dir
    found = {p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))}
    if not found:  # a missing, empty or unreadable folder: `update --prune` would delete every catalog
        raise L10nError(f"{pot_dir}: no templates; run `l10n extract` first")
    return found


def orphans(config: Config, languages: Iterable[str] | None = None) -> list[pathlib.Path]:
    """Catalogs whose document has no template any more (the page was removed)."""
    documents = set(templates(config))
    found = []
    for lang in languages or config.languages:
        folder = config.catalog_dir(lang)
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            if path.relative_to(folder).with_suffix("").as_posix() not in documents:
                found.append(path)
    return found


def update(config: Config, languages: Iterable[str] | None = None, *, prune: bool = False,
           report: Callable[[str], object] = print, errors: list[str] | None = None) -> list[pathlib.Path]:
    """Merge every .pot into every language's .po; create missing catalogs.

    A catalog that cannot be read is reported in ``errors`` (file:line:
    message) and left untouched; the others are still updated. Orphan
    catalogs are reported, and deleted only with ``prune``. Returns the
    list of files written (unchanged files are not rewritten).
    """
    errors = [] if errors is None else errors
    written = []
    pots = {doc: catalogs.load(path) for doc, path in templates(config).items()}
    for lang in languages or config.languages:
        for doc, pot in pots.items():
            po_path = config.catalog_dir(lang) / f"{doc}.po"
            try:
                if po_path.exists():
                    read = catalogs.snapshot(po_path)
                    po = catalogs.load(po_path, read.data)
                    before = read.data.decode("utf-8")
                else:
                    read = None
                    po = catalogs.polib.POFile()
                    po.metadata = catalogs.new_header(config.project, lang, pot.metadata.get("POT-Creation-Date", ""))
                    po.header = f"{config.project}: {doc}\nThis file is distributed under the same license as the project."
                    before = None
                text = catalogs.render(catalogs.merge(po, pot))
                if text != before:
                    catalogs.write_text(po_path, text, read, new=read is None)
                    written.append(po_path)
                    report(f"{'updated' if before is not None else 'created'} {os.path.relpath(po_path, config.root)}")
            except L10nError as exc:
                errors.append(str(exc))
    for path in orphans(config, languages):
        if prune:
            try:
                path.unlink()
            except OSError as exc:
                errors.append(f"{path}:0: cannot remove the orphan catalog: {exc.strerror}")
                continue
            report(f"removed orphan catalog {os.path.relpath(path, config.root)}")
        else:
            report(f"orphan catalog {os.path.relpath(path, config.root)}: its document is gone; "
                   "`l10n update --prune` removes it")
    return written


# Parsers that add a source suffix when conf.py lists them as extensions.
_PARSER_SUFFIXES = {"myst_parser": ".md", "myst_nb": ".md", "sphinx_markdown_parser": ".md", "recommonmark": ".md"}


def source_suffixes(config: Config) -> set[str]:
    """The suffixes of the project's source files, as its conf.py says (source_suffix, and the
    Markdown parsers among its extensions), read by Sphinx's own loader; .rst if it cannot be read."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    try:
        namespace = eval_config_file(config.root / "conf.py", Tags())
    except Exception:  # a broken conf.py is Sphinx's to report when it extracts
        return {".rst"}
    declared = namespace.get("source_suffix", ".rst")
    suffixes = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list | tuple | dict) else set()
    extensions = namespace.get("extensions", [])
    if isinstance(extensions, list | tuple):
        suffixes |= {_PARSER_SUFFIXES[e] for e in extensions if isinstance(e, str) and e in _PARSER_SUFFIXES}
    return {str(suffix) for suffix in suffixes} or {".rst"}
