"""Consistency across a language's catalogs (Weblate's "inconsistent"): one source translated two
ways, and one translation given to two different sources."""

import dataclasses
import difflib
from collections.abc import Iterable, Iterator

from sphinx_l10n import memory
from sphinx_l10n.checks.base import CatalogCheck, Project
from sphinx_l10n.project_files import document_catalogs, finished_entries
from sphinx_l10n.report import WARNING, Finding

# One translation for two sources is worth a look only where the sources say different things
# (not "Example" and "Example:") and the translation is a sentence, not a label.
DIFFERENT_SOURCES = 0.8
MIN_WORDS = 4
# The other translations one finding names (six real sources: 12 at most), then how many more:
# each of a source's n translations is a finding, which naming all others would make n² long.
LISTED = 16


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
    """Places by context and normalised text of field (a group's places share their context, so
    grouping a group again by the other field gives its variants)."""
    groups: dict[tuple[str | None, str], list[Place]] = {}
    for place in places:
        groups.setdefault((place.msgctxt, memory.normal(getattr(place, field))), []).append(place)
    return groups


def inconsistencies(places: Iterable[Place]) -> Iterator[tuple[Place, str]]:
    """(place, why) for each translation that differs from its source's most frequent one, and
    each use of one translation for sources that say different things."""
    places = list(places)
    for group in _grouped(places, "msgid").values():
        if len(group) < 2:
            continue  # (one place: one translation, nothing to read again)
        variants = sorted(_grouped(group, "msgstr").values(), key=len, reverse=True)
        for variant in variants[1:]:
            named = [v for v in variants[:LISTED + 1] if v is not variant][:LISTED]
            others = "; ".join(f"{_quoted(v[0].msgstr)} ({v[0].file}:{v[0].line}{f', {len(v)}×' if len(v) > 1 else ''})"
                               for v in named)
            if len(variants) - 1 > len(named):
                others += f"; and {len(variants) - 1 - len(named):,} other translations"
            for place in variant:
                yield place, f"the same source is translated otherwise elsewhere: {others}"
    for group in _grouped(places, "msgstr").values():
        if len(group) < 2 or len(group[0].msgstr.split()) < MIN_WORDS:
            continue
        variants = list(_grouped(group, "msgid").values())
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
        for path, entry in finished_entries(document_catalogs(project.config, lang)):
            yield Place(project.shown(path), entry.linenum or 0, entry.msgctxt, entry.msgid, entry.msgstr)


CHECKS = [Inconsistent]
