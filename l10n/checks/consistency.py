"""Consistency across a language's catalogs (Weblate's "inconsistent"): one source translated two
ways, and one translation given to two different sources."""

import dataclasses
import difflib
from collections.abc import Iterable, Iterator

from l10n import L10nError, catalogs, memory
from l10n.checks import WARNING, CatalogCheck, Finding, Project
from l10n.project import interface_catalog

# One translation for two sources is worth a look only where the sources say different things
# (not "Example" and "Example:") and the translation is a sentence, not a label.
DIFFERENT_SOURCES = 0.8
MIN_WORDS = 4


@dataclasses.dataclass(frozen=True)
class Place:
    file: str
    line: int
    msgctxt: str | None
    msgid: str
    msgstr: str


def _quoted(text: str) -> str:
    short = " ".join(text.split())
    return f"«{short[:70]}…»" if len(short) > 70 else f"«{short}»"


def _grouped(places: Iterable[Place], field: str) -> dict[tuple[str | None, str], list[Place]]:
    groups: dict[tuple[str | None, str], list[Place]] = {}
    for place in places:
        groups.setdefault((place.msgctxt, memory.normal(getattr(place, field))), []).append(place)
    return groups


def _variants(group: list[Place], field: str) -> dict[str, list[Place]]:
    variants: dict[str, list[Place]] = {}
    for place in group:
        variants.setdefault(memory.normal(getattr(place, field)), []).append(place)
    return variants


def inconsistencies(places: Iterable[Place]) -> Iterator[tuple[Place, str]]:
    """(place, why) for each translation that differs from its source's most frequent one, and
    each use of one translation for sources that say different things."""
    places = list(places)
    for group in _grouped(places, "msgid").values():
        variants = sorted(_variants(group, "msgstr").values(), key=len, reverse=True)
        for variant in variants[1:]:
            others = "; ".join(f"{_quoted(v[0].msgstr)} ({v[0].file}:{v[0].line}{f', {len(v)}×' if len(v) > 1 else ''})"
                               for v in variants if v is not variant)
            for place in variant:
                yield place, f"the same source is translated otherwise elsewhere: {others}"
    for group in _grouped(places, "msgstr").values():
        if len(group[0].msgstr.split()) < MIN_WORDS:
            continue
        variants = list(_variants(group, "msgid").values())
        for variant in variants[1:]:
            first = variants[0][0]
            if difflib.SequenceMatcher(None, first.msgid, variant[0].msgid).ratio() < DIFFERENT_SOURCES:
                yield variant[0], (f"this translation is also that of another source: {_quoted(first.msgid)} "
                                   f"({first.file}:{first.line})")


class Inconsistent(CatalogCheck):
    id = "inconsistent"
    severity = WARNING
    name = "Consistent translations"
    description = ("Across a language's catalogs, the same source translated in different ways, and one "
                   "translation given to sources that say different things; the variants listed (warning).")

    def check(self, project: Project) -> Iterator[Finding]:
        for lang in project.languages:
            places = list(self._places(project, lang))
            for place, why in inconsistencies(places):
                yield self.finding(project, project.config.root / place.file, place.line, lang, self.problem(why),
                                   place.msgid)

    def _places(self, project: Project, lang: str) -> Iterator[Place]:
        own = interface_catalog(project.config, lang)  # Sphinx's words, checked against English
        for path in sorted(project.config.catalog_dir(lang).rglob("*.po")):
            if path == own:
                continue
            try:
                catalog = catalogs.load(path)
            except L10nError:
                continue  # reported by the checker as an input error
            shown = project.shown(path)
            for entry in catalog:
                if catalogs.is_translated(entry) and not entry.msgid_plural:
                    yield Place(shown, entry.linenum or 0, entry.msgctxt, entry.msgid, entry.msgstr)


CHECKS = [Inconsistent]
