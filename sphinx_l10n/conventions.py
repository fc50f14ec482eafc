"""A team's conventions, learned from its own catalogs, as Weblate weighs all the translations of a
project: the names of code its translators write in their language (``(key, value)`` becomes
``(clave, valor)`` entry after entry), told apart from a slip (``socket.bind`` becoming
``socket.enlazar`` once, where every other entry keeps ``bind``).

A renaming is a convention when the translators of a language write a name one way in two
entries or more, two thirds of those that rename it, more often than they keep it, and three
entries or more (across the project's languages) do so; or when the teams of three languages or more
each translate the same names of one message's code (a placeholder path, say). The configuration always wins:
[tool.sphinx-l10n.check] translated_names are names a team translates, kept_names names it
never does. The text of a role is learned the same way (":ui:" for :ui:`Save` translated), and
translatable_roles configures it."""

import collections
import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sphinx_l10n.report import ERROR, WARNING, Finding

if TYPE_CHECKING:
    import polib

    from sphinx_l10n.config import Policy

_LITERAL = re.compile(r"``([^`]+)``")
_ROLE = re.compile(r"(?<![\w`]):([\w.+-]+(?::[\w.+-]+)?):`[^`]+`")
_ROLE_TEXT = re.compile(r":[\w.+-]+(?::[\w.+-]+)?:`[^`]+`")
_NAME = re.compile(r"[^\W\d]\w*")
EVIDENCE = 3  # entries that rename a name the same way, across languages


def kept_names(catalog: "Iterable[polib.POEntry]") -> dict[str, int]:
    """For each name of the source's literals, how many finished entries keep a literal holding it as
    is; for each role (":ui:"), how many keep one of its texts as is."""
    counts: collections.Counter[str] = collections.Counter()
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or not entry.msgstr or "`" not in entry.msgid:
            continue
        if "``" in entry.msgid:
            kept = set(_LITERAL.findall(entry.msgstr))
            counts.update({name for code in _LITERAL.findall(entry.msgid) if code in kept for name in _NAME.findall(code)})
        if ":`" in entry.msgid:
            written = _role_texts(entry.msgstr)
            counts.update({f":{m[1]}:" for m in _ROLE.finditer(entry.msgid) if m[0] in written})
    return dict(counts)


def _role_texts(text: str) -> set[str]:
    """Every role's text that stands in text, wherever it starts (":a:`x`" in "x:a:`x`" too): what a
    search of text for each role of the source finds, in one pass (not one search per role). From
    a colon, at most one such text starts: its names end at a colon, its content at a backquote."""
    found = set()
    colon = text.find(":")
    while colon >= 0:
        match = _ROLE_TEXT.match(text, colon)
        if match:
            found.add(match.group())
        colon = text.find(":", colon + 1)
    return found


@dataclasses.dataclass(frozen=True)
class Renaming:
    """A name of code the translators of lang write as after, in so many entries of theirs."""

    lang: str
    before: str
    after: str
    entries: int
    evidence: int  # entries across all languages that rename before consistently

    @property
    def role(self) -> bool:
        return self.before.startswith(":")

    def describe(self) -> str:
        others = f", {self.evidence - self.entries} in other languages" if self.evidence > self.entries else ""
        if self.role:
            return f"{self.lang}: the text of {self.before} roles is translated ({self.entries} entries{others})"
        return f"{self.lang}: ``{self.before}`` is written ``{self.after}`` in code ({self.entries} entries{others})"


def learn(findings: Iterable[Finding], kept: Mapping[str, Mapping[str, int]], policy: "Policy") -> list[Renaming]:
    """The renamings the findings show a team makes as a rule (kept: per language, kept_names' counts)."""
    seen: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    places: set[tuple[str, int, str, str]] = set()
    for finding in findings:
        for before, after in finding.renamed:
            if (finding.file, finding.line, before, after) not in places:  # an entry counts once
                places.add((finding.file, finding.line, before, after))
                seen[finding.lang, before][after] += 1
    dominant = {}
    for (lang, before), afters in seen.items():
        after, count = afters.most_common(1)[0]
        if count >= 2 and 3 * count >= 2 * sum(afters.values()) and count > kept.get(lang, {}).get(before, 0):
            dominant[lang, before] = (after, count)
    evidence: collections.Counter[str] = collections.Counter()
    for (_, before), (_, count) in dominant.items():
        evidence[before] += count
    return sorted((Renaming(lang, before, after, count, evidence[before])
                   for (lang, before), (after, count) in dominant.items()
                   if evidence[before] >= EVIDENCE and before not in policy.kept_names),
                  key=lambda r: (r.lang, -r.entries, r.before))


LANGUAGES = 3  # language teams that translate the same names of one message's code


def shared(findings: Iterable[Finding], policy: "Policy") -> dict[tuple[str, frozenset[str]], list[str]]:
    """The code of a message whose names several language teams each translate (``--prefix=/path/to/install``
    in five languages): a placeholder by their common judgement, {(msgid, names): languages}."""
    teams: dict[tuple[str, frozenset[str]], set[str]] = collections.defaultdict(set)
    for finding in findings:
        names = frozenset(before for before, _ in finding.renamed)
        if names and not names & set(policy.kept_names):
            teams[finding.msgid, names].add(finding.lang)
    return {key: sorted(langs) for key, langs in teams.items() if len(langs) >= LANGUAGES}


def describe_shared(placeholders: Mapping[tuple[str, frozenset[str]], Sequence[str]]) -> list[str]:
    return [f"{', '.join(langs)}: ``{'``, ``'.join(sorted(names))}`` translated in the code of “{msgid[:50]}"
            f"{'…' if len(msgid) > 50 else ''}” by {len(langs)} languages" for (msgid, names), langs in placeholders.items()]


def apply(findings: Sequence[Finding], learned: Sequence[Renaming], policy: "Policy",
          placeholders: Mapping[tuple[str, frozenset[str]], Sequence[str]] | None = None) -> list[Finding]:
    """The findings, a renamed name the team translates as a rule (or as configured, or as the
    teams of several languages do in the same message) a warning."""
    accepted = {(r.lang, r.before, r.after) for r in learned}
    configured = (set(policy.translated_names) - set(policy.kept_names)) | {f":{r}:" for r in policy.translatable_roles}
    result = []
    for finding in findings:
        if finding.severity == ERROR and finding.renamed and (all(
                (finding.lang, before, after) in accepted or before in configured for before, after in finding.renamed)
                or (finding.msgid, frozenset(b for b, _ in finding.renamed)) in (placeholders or {})):
            shown = finding.message.partition(": code changed")[0].partition(": the text of a ")[0]
            names = ", ".join(f"{before} → {after}" for before, after in finding.renamed)
            what = (f"the text of {finding.renamed[0][0]} roles, which this team translates" if names.startswith(":")
                    else f"names this team translates in code ({names})")
            finding = dataclasses.replace(finding, severity=WARNING, message=f"{shown}: {what}; check it still reads right")
        result.append(finding)
    return result
