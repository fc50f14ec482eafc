"""Proper names and glossary terms, required verbatim in every translation.

The names file (``names_file`` in [tool.sphinx-l10n], TOML) is reviewed by people
once: ``sphinx-l10n names --suggest`` proposes candidates found in the
source. Its ``names`` list holds names kept as written (diacritics and
hyphens included); its ``[glossary]`` table gives a term's required
rendering per language.
"""

from __future__ import annotations

import pathlib
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from sphinx_l10n import L10nError
from sphinx_l10n.checks.base import Check
from sphinx_l10n.config import read_toml
from sphinx_l10n.languages import base_language

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from sphinx_l10n.checks.base import Problem, Unit


def load_names(path: str | os.PathLike[str]) -> dict[str, Any]:
    data = read_toml(pathlib.Path(path))
    names = data.get("names", [])
    glossary = data.get("glossary", {})
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise L10nError(f"{path}:1: 'names' must be a list of non-empty strings")
    if not isinstance(glossary, dict) or not all(
            isinstance(renderings, dict) and all(isinstance(r, str) for r in renderings.values())
            for renderings in glossary.values()):
        raise L10nError(f"{path}:1: [glossary] must be a table of term = {{lang = rendering}}")
    return {"names": names, "glossary": glossary}


def fold(text: str) -> str:
    """Case- and accent-insensitive form: Benoît, Benoit and BENOIT fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Letters of alphabetic scripts: a name ends where they end. Japanese or
# Chinese text runs straight into a name ("CPTOは") without a space.
_ALPHABETIC = r"[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f\uac00-\ud7af]"


def _pattern(term: str) -> re.Pattern[str]:
    # An acronym takes a plural or possessive in many languages: CPTOs, CPTO’s.
    suffix = r"(?:s|[’']s)?" if term[-1:].isupper() else ""
    return re.compile(r"(?<!" + _ALPHABETIC + ")" + re.escape(term) + suffix + r"(?!" + _ALPHABETIC + ")")


def _from_first_capital(term: str) -> str:
    return next((term[i:] for i, c in enumerate(term) if c.isupper()), term)


class Names(Check):
    id = "names"
    name = "Proper names"
    description = ("Every proper name of the names file found in the source appears verbatim in the "
                   "translation, and every glossary term with its required rendering.")

    def __init__(self, names: Sequence[str] = (), glossary: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.names = [(name, _pattern(name)) for name in names]
        self.glossary = [(term, _pattern(term), renderings) for term, renderings in (glossary or {}).items()]
        # Most messages name nothing: one search over every name and term says
        # so. It looks for each from its first capital on ("Voyageurs" for
        # "e.Voyageurs"): capitals are rarer than an e, so the engine stops
        # less often, and the text holds that part if it holds the term.
        parts = {_from_first_capital(t) for t in [*names, *(glossary or {})]}
        self.any_term = re.compile("|".join(re.escape(t) for t in sorted(parts, key=len, reverse=True))) if parts else None

    def check(self, unit: Unit) -> Iterator[Problem]:
        if self.any_term is None or not self.any_term.search(unit.source):
            return
        source, target = unit.source_scan.prose, unit.target_scan.prose
        for name, pattern in self.names:
            wanted = len(pattern.findall(source))
            if wanted and len(pattern.findall(target)) < min(wanted, 1):
                near = [w for w in re.findall(r"[\w’'.-]+(?:\s[\w’'.-]+)*", target) if fold(w) == fold(name)]
                hint = f" (found {near[0]!r})" if near else ""
                yield self.error(f"the name {name!r} is missing from the translation{hint}")
        lang = base_language(unit.target_lang)
        for term, pattern, renderings in self.glossary:
            rendering = renderings.get(unit.target_lang) or renderings.get(lang)
            if rendering and pattern.search(source) and rendering not in target:
                yield self.error(f"glossary: {term!r} must be rendered {rendering!r} in {unit.target_lang}")


_PARTICLES = ("des", "de", "du", "la", "le", "von", "van", "del", "di")
_CAPITALISED_RUN = re.compile(
    r"(?<![\w.])[A-ZÀ-ÖØ-Þ][\w’'.-]*\w(?:\s(?:(?:" + "|".join(_PARTICLES) + r")\s)?[A-ZÀ-ÖØ-Þ][\w’'.-]*\w)*")


def suggest(messages: Iterable[str], known: Iterable[str] = ()) -> list[str]:
    """Candidate proper names in source messages, most frequent first.

    Runs of capitalised words, split at particles unless they join a first
    name to a surname (Fabrice des Mazery, not CPTO de LiveMentor). A word
    capitalised only because it starts a sentence is not a name: it never
    appears capitalised inside a sentence (Claire does, Sachant does not).
    """
    from sphinx_l10n.markup import rst

    runs = []  # (words, at sentence start)
    for message in messages:
        prose = rst.scan(message).prose
        for match in _CAPITALISED_RUN.finditer(prose):
            before = prose[:match.start()].rstrip()
            runs.append((match.group(0).split(), not before or before[-1] in ".!?:…“«\"\ufffc"))
    inside = {word for words, at_start in runs for word in (words if not at_start else words[1:])}
    counts: dict[str, int] = {}
    for words, at_start in runs:
        if at_start and words[0] not in inside and not any(c.isupper() for c in words[0][1:]):
            words = words[1:]
        for candidate in _split_at_particles(words):
            counts[candidate] = counts.get(candidate, 0) + 1
    known = set(known)
    return sorted((n for n in counts if n not in known), key=lambda n: (-counts[n], n))


def _split_at_particles(words: list[str]) -> list[str]:
    parts: list[list[str]]
    current: list[str]
    parts, current = [], []
    for _index, word in enumerate(words):
        if word in _PARTICLES and not (len(current) == 1 and not current[0].isupper()):
            parts.append(current)
            current = []
        elif word not in _PARTICLES or current:
            current.append(word)
    parts.append(current)
    return [" ".join(p) for p in parts if p]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _is_variant(a: str, b: str) -> bool:
    """Same word misspelt, not two words: inner case differs (LiveMentor/
    Livementor), or an accent is dropped inside the word (Benoît/Benoit,
    syndrôme/syndrome). A different final accent is grammar (arrive/arrivé),
    and two different accents are two words (près/prés)."""
    if a.lower() == b.lower():
        return True
    plain_a, plain_b = _strip_accents(a), _strip_accents(b)
    if plain_a != plain_b or (a != plain_a and b != plain_b):
        return False
    return a[-1] == b[-1]


def variants(messages: Iterable[str], names: Iterable[str] = ()) -> list[list[str]]:
    """Spellings inside the source that differ only by accents or inner case
    (Benoît/Benoit, LiveMentor/Livementor): a source problem to report."""
    from sphinx_l10n.markup import rst

    spellings: dict[str, dict[str, int]] = {}
    # Dotted names are one word: OUI.sncf is not a lower-case "SNCF".
    word = re.compile(r"\w+(?:[.’'-]\w+)*")
    for message in messages:
        for token in word.findall(rst.scan(message).prose):
            if len(token) < 4 or token.isdigit():
                continue
            spellings.setdefault(fold(token), {}).setdefault(token, 0)
            spellings[fold(token)][token] += 1
    found = []
    for forms in spellings.values():
        # A capital that only starts a sentence is not a different spelling.
        distinct = sorted({form[:1].lower() + form[1:] for form in forms})
        if len(distinct) > 1 and any(_is_variant(a, b) for a in distinct for b in distinct if a < b):
            found.append(sorted(forms))
    for name in names:
        # A listed name is spelled one way: even a lower-case "deezer" is a variant.
        forms = spellings.get(fold(name), {})
        if len(forms) > 1 and name in forms and sorted(forms) not in found:
            found.append(sorted(forms))
    return sorted(found)


CHECKS = [Names]
