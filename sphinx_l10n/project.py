"""Extract the source into .pot templates and update every language's catalogs."""

import contextlib
import copy
import itertools
import json
import os
import pathlib
import re
import shutil
import sys
from collections.abc import Callable, Iterable

import polib

from sphinx_l10n import L10nError, catalogs, fileio, interface, languages, memory, stats
from sphinx_l10n import config as configuration
from sphinx_l10n.config import Config
from sphinx_l10n.project_files import (
    catalogs_of,
    extract_record,
    lazy_memory,
    located,
    orphans,
    template_for,
    templates,
    typo_words,
)
from sphinx_l10n.site.runner import RECORD, run_sphinx, sphinx_command, sphinx_failure


def extract(config: Config) -> list[pathlib.Path]:
    """Run Sphinx's gettext builder: its templates in build/gettext, those of removed documents removed.

    Sphinx writes into a fresh folder; a template whose content changed then
    replaces the old one, and a template Sphinx no longer makes is deleted: an
    update never creates a catalog for a page that is gone."""
    if not config.source_dir.is_dir():
        raise L10nError(f"{config.source_dir}: not found; Sphinx needs the project's source folder "
                        "(source_dir in [tool.sphinx-l10n])")
    configuration.require_sphinx_modules(config, "extract")
    outdir = config.pot_dir
    fresh = config.build_dir / "gettext.new"
    shutil.rmtree(fresh, ignore_errors=True)
    command = sphinx_command(config, "gettext", fresh, doctrees=config.build_dir / "doctrees" / "gettext")
    # POT-Creation-Date from the sources' own age, not the clock: extracting
    # twice gives byte-identical templates (SOURCE_DATE_EPOCH, honoured by Sphinx).
    sources = [p for p in config.source_dir.rglob("*") if p.is_file() and not p.is_relative_to(config.build_dir)]
    env = {**os.environ, RECORD: str(extract_record(config))}
    env.setdefault("SOURCE_DATE_EPOCH", str(int(max(p.stat().st_mtime for p in [*sources, config.conf_dir / "conf.py"]))))
    status, output = run_sphinx(command, config.root, env, config.build_dir / "stamps" / "gettext.output")
    if status != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise L10nError(located(sphinx_failure(output, status), config.source_dir, "extraction failed"))
    _add_sphinx_messages(fresh)
    _replace_templates(fresh, outdir)
    return sorted(outdir.rglob("*.pot"))


def _add_sphinx_messages(folder: pathlib.Path) -> None:
    """Add to the interface template (sphinx.pot: what Sphinx's gettext builder extracts from the
    project's own templates) the messages of Sphinx that its pages show; `update` gives each
    language those that Sphinx's own catalogs leave untranslated."""
    path = folder / f"{interface.SPHINX_CATALOG}.pot"
    if path.is_file():
        template = catalogs.load(path)
    else:
        other = next(iter(sorted(folder.rglob("*.pot"))), None)
        template = polib.POFile()
        template.metadata = catalogs.load(other).metadata if other else {}
        template.header = "Sphinx's messages that the pages show, and the project's templates' own"
    have = {(entry.msgctxt, entry.msgid) for entry in template}
    for entry in interface.sphinx_page_messages():
        if (entry.msgctxt, entry.msgid) not in have:
            template.append(entry)
    fileio.write_text(path, catalogs.render(template), new=not path.is_file())


def _replace_templates(fresh: pathlib.Path, outdir: pathlib.Path) -> None:
    """Move the new templates over the old ones (only those that changed: their times say
    what is new) and delete the templates of documents that are gone."""
    made = {p.relative_to(fresh) for p in fresh.rglob("*.pot")}
    for name in sorted(made):
        new, old = fresh / name, outdir / name
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            old.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new, old)
    if outdir.is_dir():
        for stale in outdir.rglob("*.pot"):
            if stale.relative_to(outdir) not in made:
                stale.unlink()
    shutil.rmtree(fresh, ignore_errors=True)


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
    layout = catalogs.layout_named(config.catalog_layout)
    memories: dict[str, memory.Memory] = {}
    located_by: dict[tuple[str, str, pathlib.Path], polib.POFile] = {}
    words = typo_words(config)
    for lang in languages or config.all_languages:
        for doc in catalogs_of(config, lang, pots):
            po_path = config.catalog_dir(lang) / f"{doc}.po"
            pot = template_for(doc, pots[doc], lang)
            if not len(pot) and not po_path.exists():
                continue  # Sphinx translates every message of its own there
            try:
                read, po = _read_or_new(config, lang, doc, pot, po_path)
                before = read.data.decode("utf-8") if read is not None else None
                base = reference_base(config, po, po_path)
                key = (doc, lang if doc == interface.SPHINX_CATALOG else "", base)  # the languages share a template
                if key not in located_by:
                    located_by[key] = located_as(pot, config, base)
                located = located_by[key]
                merged = catalogs.merge(po, located, previous=config.previous_msgid, source_lang=config.source_language,
                                        translations=lazy_memory(config, lang, memories), words=words)
                if before is not None and catalogs.same_messages(po, merged):
                    continue  # only location lines would change
                # An existing catalog keeps its own text wherever its entries did not change.
                text = (catalogs.render_update(before, po, merged, layout) if before is not None
                        else catalogs.render(merged, layout))
                if text != before:
                    fileio.write_text(po_path, text, read, new=read is None)
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
                   "`sphinx-l10n update --prune` removes it")
    return written


def _read_or_new(config: Config, lang: str, doc: str, pot: "polib.POFile",
                 po_path: pathlib.Path) -> tuple["fileio.Snapshot | None", "polib.POFile"]:
    """The catalog as read (with the snapshot its write is checked against), or a new one with
    Babel's headers."""
    if po_path.exists():
        read = fileio.snapshot(po_path)
        return read, catalogs.load(po_path, read.data)
    po = polib.POFile()
    po.metadata = catalogs.new_header(config.project, lang, pot.metadata.get("POT-Creation-Date", ""))
    po.header = f"{config.project}: {doc}\nThis file is distributed under the same license as the project."
    return None, po


def reference_base(config: Config, po: "polib.POFile", po_path: pathlib.Path) -> pathlib.Path:
    """The folder the catalog's `#:` lines are relative to: where the project's own templates are
    written (packaging.python.org writes them into locales/, sphinx-intl's users into
    _build/gettext). The templates' folder where the catalog says nothing else."""
    sample = [entry.occurrences[0][0] for entry in itertools.islice((e for e in po if e.occurrences), 40)]
    candidates = [config.pot_dir, config.locale_dir, *po_path.parents[:3], config.source_dir, config.conf_dir,
                  config.root]

    def found_from(base: pathlib.Path) -> int:
        return sum((base / path).is_file() for path in sample)

    return max(candidates, key=found_from) if sample else config.pot_dir  # the first best: pot_dir on a tie


def located_as(pot: "polib.POFile", config: Config, base: pathlib.Path) -> "polib.POFile":
    """The template with its `#:` lines relative to base (Sphinx writes them relative to the
    templates' folder), as add_location says: full, file names only, or never."""
    if base == config.pot_dir and config.add_location == "full":
        return pot
    located = polib.POFile(wrapwidth=pot.wrapwidth)
    located.header, located.metadata = pot.header, pot.metadata
    paths = {path: _relative(config.pot_dir / path, base) for message in pot for path, _ in message.occurrences}
    for message in pot:
        moved = copy.copy(message)
        places = [(paths[path], line) for path, line in message.occurrences]
        if config.add_location == "file":
            places = [(path, "") for path in dict.fromkeys(path for path, _ in places)]
        moved.occurrences = places if config.add_location != "never" else []
        located.append(moved)
    return located


def _relative(path: pathlib.Path, base: pathlib.Path) -> str:
    return pathlib.Path(os.path.relpath(os.path.normpath(path), base)).as_posix()


def _learned_conventions(config: configuration.Config, report: Callable[[str], object], prefix: str) -> list[str]:
    """[check] lines for what the catalogs show the team does as a rule, for the maintainer to review."""
    from sphinx_l10n import checker

    for role in config.sphinx.display_roles:
        report(f"conf.py declares :{role}: with no base role: its text is translated")
    folders = [config.catalog_dir(lang) for lang in config.languages if config.catalog_dir(lang).is_dir()]
    if not folders:
        return []
    learned = checker.check_files(folders, config.source_language, policy=config.policy)
    for convention in learned.conventions:
        report(f"learned from the catalogs: {convention}")
    lines = []
    if learned.translated_names:
        lines += ["# Names of code the translators translate, learned from the catalogs: review them "
                  "(kept_names lists those that must stay).",
                  f"translated_names = {json.dumps(learned.translated_names, ensure_ascii=False)}"]
    if learned.translated_roles:
        lines += ["# Roles whose text the translators translate, learned from the catalogs: review them.",
                  f"translatable_roles = {json.dumps(learned.translated_roles, ensure_ascii=False)}"]
    return [f"[{prefix}check]", *lines] if lines else []


def init(start: pathlib.Path, report: Callable[[str], object] = print) -> pathlib.Path:
    """Set up l10n in an existing Sphinx project: report what its conf.py and catalogs say, and
    write the one thing they cannot, the languages' statuses (release when complete), as
    [tool.sphinx-l10n] in its pyproject.toml or, without one, an sphinx-l10n.toml beside conf.py."""
    start = start.resolve()
    try:
        config = configuration.load(start)
    except configuration.NoProject as exc:
        raise L10nError(f"{exc}: run init in a Sphinx project") from None
    if config.settings_file is not None:
        raise L10nError(f"{config.settings_file}:1: l10n is already set up here")
    if warning := configuration.stub_warning(config):
        print(warning, file=sys.stderr)
    conf = config.conf_dir / "conf.py"
    report(f"conf.py: {_shown(conf, start)}")
    report(f"source language (conf.py's language): {config.source_language}")
    report(f"catalogs (conf.py's locale_dirs): {_shown(config.locale_dir, start)}/<lang>/LC_MESSAGES/")
    for name in languages.language_folders(config.locale_dir)[1]:
        report(f"  {name}: not a language code (ISO 639): left out (rename the folder, e.g. jp -> ja)")
    errors: list[str] = []
    measured = _templates_to_measure(config, report)
    counted = stats.collect(stats.gather(config), errors, measured)
    for error in errors:
        report(f"unreadable catalog (counted as missing): {error}")
    statuses = {}
    for lang in config.languages:
        counts = counted.get(lang)
        ready = measured is not None and counts is not None and counts["total"] > 0 \
            and not stats.release_problems(config.release, lang, counts)
        statuses[lang] = "release" if ready else "in-progress"
        report(f"  {lang}: {counts['percent'] if counts else 0.0:.1f}% translated -> {statuses[lang]}")
    if not statuses:
        report("  no translation yet: add [tool.sphinx-l10n.languages] (or [languages]) entries, then `sphinx-l10n update`")
    sample = _sampled_catalogs(config)
    _report_platform(sample, report)
    layout = _platform_layout(sample, report)
    pyproject = start / "pyproject.toml"
    target = pyproject if pyproject.is_file() else conf.parent / configuration.SETTINGS_FILE
    prefix = "tool.sphinx-l10n." if target == pyproject else ""
    lines = ["# l10n: what conf.py cannot say. Statuses: \"release\" (complete, gated) or \"in-progress\"."]
    if target == pyproject:
        lines.append("[tool.sphinx-l10n]")
        if conf.parent != start and configuration.find_conf(start) != conf:
            lines.append(f'conf_dir = "{conf.parent.relative_to(start).as_posix()}"')
    if layout == catalogs.PLATFORM:
        lines.append("# No known layout writes these catalogs: format checks nothing; update writes the entries "
                     "it changes as gettext does.")
    if layout != "gettext":
        lines.append(f'catalog_layout = "{layout}"')
    lines += [f"[{prefix}languages]", *(f'{lang} = "{status}"' for lang, status in statuses.items())]
    lines += _learned_conventions(config, report, prefix)
    text = "\n".join(lines) + "\n"
    if target.is_file():
        read = fileio.snapshot(target)
        before = read.data.decode("utf-8")
        fileio.write_text(target, before + ("\n" if before and not before.endswith("\n\n") else "") + text, read)
    else:
        fileio.write_text(target, text, None, new=True)
    report(f"wrote {_shown(target, start)}")
    return target


def _templates_to_measure(config: Config, report: Callable[[str], object]) -> stats.Templates | None:
    """The templates completion is measured against, extracted first if there are none: a platform
    that leaves unreviewed entries out of its catalogs would otherwise read as complete. None (and
    no language called ready for release) where Sphinx cannot extract them."""
    found = stats.project_templates(config)
    if found is None:
        report(f"no templates in {_shown(config.pot_dir, config.root)}: extracting them to measure completion")
        try:
            extract(config)
        except L10nError as exc:
            report(f"completion not measured (every language in-progress): {exc}")
            return None
        found = stats.project_templates(config)
    return found


# Who writes the catalogs, as their headers say; and what that platform leaves to sphinx-l10n.
_PLATFORMS = (
    ("Weblate", re.compile(r'^"X-Generator: Weblate', re.MULTILINE)),
    ("Transifex", re.compile(r'^"(?:Language-Team|Last-Translator): .*transifex\.com', re.MULTILINE | re.IGNORECASE)),
    ("Crowdin", re.compile(r'^"X-Crowdin-', re.MULTILINE)),
)


def _sampled_catalogs(config: Config) -> list[tuple[pathlib.Path, bytes | None]]:
    """The first catalogs of the project's languages, read once for init's readings of who writes
    them and how; None for one that cannot be read (reported with the statistics)."""
    paths = catalogs.catalog_files(config.catalog_dir(lang) for lang in config.languages
                                   if config.catalog_dir(lang).is_dir())[:_LAYOUT_SAMPLE]
    sample: list[tuple[pathlib.Path, bytes | None]] = []
    for path in paths:
        try:
            sample.append((path, fileio.read_bytes(path)))
        except (L10nError, OSError):
            sample.append((path, None))
    return sample


def _report_platform(sample: list[tuple[pathlib.Path, bytes | None]], report: Callable[[str], object]) -> None:
    """Name the platform that writes most sampled catalogs, and which commands then apply."""
    counts = dict.fromkeys((name for name, _ in _PLATFORMS), 0)
    for _, data in sample:
        head = (data or b"")[:4096].decode("utf-8", "replace")
        for name, written_by in _PLATFORMS:
            counts[name] += bool(written_by.search(head))
    name = max(counts, key=counts.__getitem__)
    if counts[name]:
        report(f"platform: {name} ({counts[name]} of {len(sample)} catalogs say so): where it merges the templates "
               "into the catalogs itself, leave update and format to it (README: When a platform owns the merge)")


def _platform_layout(sample: list[tuple[pathlib.Path, bytes | None]], report: Callable[[str], object]) -> str:
    """The layout most of the project's catalogs are written in exactly; gettext's when there is no
    catalog to read; PLATFORM when no layout writes most of them: a guess would have `format`
    rewrap every catalog the platform writes."""
    read = []
    for path, data in sample:
        with contextlib.suppress(L10nError, UnicodeDecodeError):  # unreadable: reported with the statistics
            if data is not None:
                text = data.decode("utf-8")
                read.append((catalogs.parse(text, path), text))
    if not read:
        return "gettext"
    fits = {name: sum(catalogs.render(catalog, layout) == text for catalog, text in read)
            for name, layout in catalogs.LAYOUTS.items()}
    best = max(fits, key=lambda name: (fits[name], name == "gettext"))
    if fits[best] * 2 > len(read):
        report(f"catalog layout: {best} ({fits[best]} of {len(read)} catalogs read are written exactly so)")
        return best
    counts = ", ".join(f"{name} {count}" for name, count in fits.items())
    report(f"catalog layout: no known layout ({len(read)} catalogs read; written exactly so: {counts}): "
           f"recorded as {catalogs.PLATFORM!r}, the platform's own, which format leaves alone")
    return catalogs.PLATFORM


_LAYOUT_SAMPLE = 40  # catalogs read to tell the platform's layout


def _shown(path: pathlib.Path, start: pathlib.Path) -> str:
    return os.path.relpath(path, start)
