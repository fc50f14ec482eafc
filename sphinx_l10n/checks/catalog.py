"""Checks of a project's catalogs as a whole: the release gate, and catalogs in step with the source."""

import pathlib
from collections.abc import Iterator

from sphinx_l10n import L10nError, catalogs, interface, stats
from sphinx_l10n.checks.base import CatalogCheck, Project
from sphinx_l10n.project_files import orphans, sources, template_for, templates
from sphinx_l10n.report import Finding


class Completeness(CatalogCheck):
    id = "completeness"
    name = "Release completeness"
    description = ("A release language meets the project's release rule: its threshold (100% by default, "
                   "fuzzy not counted) and its key documents complete.")

    def check(self, project: Project) -> Iterator[Finding]:
        config = project.config
        unreadable: list[str] = []  # already reported by the checker as input errors
        result = stats.collect(stats.gather(config, languages=project.languages), unreadable,
                               stats.project_templates(config))
        for lang in project.languages:
            if config.languages.get(lang) != "release" or lang not in result:
                continue
            for document, problem in stats.release_problems(config.release, lang, result[lang]):
                path = config.catalog_dir(lang) / f"{document}.po" if document is not None else config.catalog_dir(lang)
                line = _first_open_line(path) if document is not None else 0
                yield self.finding(project, path, line, lang, self.problem(problem))


def _first_open_line(path: pathlib.Path) -> int:
    """The line of the catalog's first entry still to translate, where an editor should jump."""
    if not path.is_file():  # a document the language has no catalog for
        return 0
    entries = catalogs.load_shared(path)
    return next((e.linenum or 1 for e in entries if not e.obsolete and e.msgid and not catalogs.is_translated(e)), 1)


class Freshness(CatalogCheck):
    id = "freshness"
    name = "Catalogs in step with the source"
    description = ("Every source string is in every catalog; no catalog or template for a removed document "
                   "(the message names the fixing command).")

    def check(self, project: Project) -> Iterator[Finding]:
        config = project.config
        pots = templates(config)  # none: an input error, the other checks still run
        yield from self._catalogs(project, pots)
        # The folder Sphinx read at the last extract: conf.py's setup() may have moved it.
        source_dir, suffixes = sources(config)
        if not source_dir.is_dir():
            yield self.finding(project, source_dir, 0, "",
                               self.problem("source folder not found: check source_dir in [tool.sphinx-l10n]"))
            return
        # A catalog per document, per top folder or one for all: as conf.py's gettext_compact says.
        domains = {config.sphinx.domain(p.relative_to(source_dir).with_suffix("").as_posix())
                   for p in source_dir.rglob("*")
                   if p.suffix in suffixes and p.is_file() and not p.is_relative_to(config.build_dir)}
        for doc, pot_path in pots.items():
            if doc not in domains and doc != interface.SPHINX_CATALOG:
                yield self.finding(project, pot_path, 1, "", self.problem(
                    "template for a document that no longer exists: run `sphinx-l10n extract`"))

    def _catalogs(self, project: Project, pots: dict[str, pathlib.Path]) -> Iterator[Finding]:
        config, fix = project.config, "run `sphinx-l10n update`"
        loaded = {doc: catalogs.load_shared(path) for doc, path in pots.items()}
        for lang in project.languages:
            for doc in pots:
                po_path = config.catalog_dir(lang) / f"{doc}.po"
                template_keys = [(e.msgctxt, e.msgid) for e in template_for(doc, loaded[doc], lang)]
                if not template_keys and not po_path.exists():
                    continue  # an interface catalog that Sphinx's own translations make unneeded
                if not po_path.exists():
                    yield self.finding(project, po_path, 0, lang, self.problem(f"catalog missing for document {doc}: {fix}"))
                    continue
                try:
                    have = {(e.msgctxt, e.msgid) for e in catalogs.load_shared(po_path) if not e.obsolete}
                except L10nError:
                    continue  # reported by the checker as unreadable
                missing = [msgid for context, msgid in template_keys if (context, msgid) not in have]
                if missing:
                    yield self.finding(project, po_path, 1, lang, self.problem(
                        f"{len(missing)} source string(s) of {doc} are not in the catalog "
                        f"(first: {missing[0][:50]!r}): {fix}"), missing[0])
            for path in orphans(config, [lang]):
                yield self.finding(project, path, 1, lang, self.problem(
                    "orphan catalog: its document no longer exists; run `sphinx-l10n update --prune`"))


CHECKS = [Completeness, Freshness]
