"""The compiled catalogs (.mo) a language's build reads: compiled only when their catalog changed,
with the translations Sphinx must not see left out, and the documents whose messages changed named
for Sphinx to read again."""

import json
import os
import pathlib
from collections.abc import Callable

import polib

from sphinx_l10n import L10nError, __version__, catalogs, interface, safety
from sphinx_l10n.config import Config
from sphinx_l10n.fileio import read_json, write_json
from sphinx_l10n.markup import rst
from sphinx_l10n.site.folders import catalog_folder, reread_file


def language_catalogs(config: Config, lang: str) -> list[pathlib.Path]:
    """The catalogs a language's build reads: the source language has only its interface catalog."""
    if lang == config.source_language:
        return [path for path in [interface.interface_catalog(config, lang)] if path.is_file()]
    return sorted(path for path in config.catalog_dir(lang).rglob("*.po") if path.is_file())


def compile_catalogs(config: Config, lang: str, report: Callable[[str], object]) -> str:
    """Compile a language's .mo files into its catalog_folder (those whose .po changed since),
    reporting the translations left out of them (_beyond_bounds); why the language cannot be
    built, or ''. Where the changed translations' documents are known, the .mo keeps its time
    and Sphinx is told to read those documents again (reread_file), not every one it serves."""
    folder = config.catalog_dir(lang)
    found = language_catalogs(config, lang)
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
            is_interface = po_path == interface.interface_catalog(config, lang)
            if is_interface:
                _refuse_unsafe_interface(po_path)
                # Its words are on every page, and Sphinx ties no document to its catalog: a file no
                # document is made of has every document read again (sphinxext/record.py).
                reread.add(str(po_path.absolute()))
            before = None if is_interface else _compiled(mo_path)
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
        write_json(reread_file(config, lang), {"files": sorted(reread | set(read_json(reread_file(config, lang))
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
