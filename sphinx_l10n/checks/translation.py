"""The translation as a whole: done, complete, shaped like its source."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, cast

from sphinx_l10n.checks.base import Check
from sphinx_l10n.languages import base_language

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import ClassVar

    from sphinx_l10n.checks.base import Problem, Unit
    from sphinx_l10n.config import Policy

# A sentence ends at . ! ? … before a capital (or the end), not after an
# abbreviation such as "Mr." or "bzw."; CJK full stops always end one.
# The word before the mark is read from its start, once (it would be read again from each of its
# characters, each time to no other end), and its marks at once: a long word or a run of stops
# costs its length, not its square.
_SENTENCE_END = re.compile(
    r"(?<![\w.])(?>(?P<word>[\w.]*)[.!?…]+)[\"'”»」』)\]]*+(?=\s+[\"“«„¿¡(]?[A-ZÀ-ÖØ-Þ0-9]|\s*$)|[。！？]")
ABBREVIATIONS = frozenset("""
    mr mrs ms dr st vs etc e.g i.e cf no vol fig approx
    bzw z.b z usw vgl ca nr s u.a d.h
    sr sra srta p.ej núm pág
    m mme mlle p ex
""".split())
_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII_RUN = re.compile(r"[a-z]{2,}")
# The commonest function words, to tell which language a sentence is in.
STOPWORDS = {
    "en": "the and of to is that for with are this not you be from have it can by which when in on an",
    "fr": "le la les des est une que qui dans pour pas sur avec sont ce cette nous vous il elle ne et en un du de on au",
    "de": "der die das und ist nicht mit von zu den ein eine auf für sich dem auch es wird im in",
    "es": "el los las del que una por para con no es se lo como más pero sus le ya y en un de",
    "it": "il che non di della per una sono con gli del le si come anche",
    "pt": "que não uma para com os das dos por mais como mas ao se na",
}
_STOPWORDS = {lang: frozenset(words.split()) for lang, words in STOPWORDS.items()}
_ASCII_STOPWORDS = {lang for lang, words in _STOPWORDS.items() if all(word.isascii() for word in words)}


@functools.lru_cache(maxsize=64)
def _distinctive(source_lang: str, target_lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The function words of each language that the other one lacks."""
    source_stop, target_stop = _STOPWORDS.get(source_lang), _STOPWORDS.get(target_lang)
    if not source_stop or not target_stop:
        return frozenset(), frozenset()
    return source_stop - target_stop, target_stop - source_stop


def _stops(text: str) -> int:
    """A cheap upper bound of the sentence count, to skip the real count."""
    latin = text.count(". ") + text.count("? ") + text.count("! ")
    if text.isascii() or not ("。" in text or "？" in text or "！" in text):
        return latin
    return latin + text.count("。") + text.count("？") + text.count("！")


def sentences(text: str) -> list[str]:
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word = (match.group("word") or "").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        found.append(text[start:match.end()])
        start = match.end()
    found.append(text[start:])
    return [s for s in found if _WORD.search(s)]


def _prose_words(text: str) -> list[str]:
    return _WORD.findall(text)


class Fuzzy(Check):
    id = "fuzzy"
    name = "Fuzzy"
    description = "The translation is marked fuzzy: it needs review and is not used in the build."
    severity = "warning"

    def check(self, unit: Unit) -> Iterator[Problem]:
        if unit.context.get("fuzzy"):
            yield self.problem("fuzzy translation: review it and remove the fuzzy flag")


class Unchanged(Check):
    id = "unchanged"
    name = "Unchanged"
    description = "The translation is the source text copied unchanged, although it has prose to translate."
    severity = "warning"

    def check(self, unit: Unit) -> Iterator[Problem]:
        if not unit.copied:
            return
        prose_words = _prose_words(unit.source_scan.prose)
        stopwords = _STOPWORDS.get(base_language(unit.source_lang))
        if len(prose_words) >= 3 and (stopwords is None or any(w.lower() in stopwords for w in prose_words)):
            yield self.problem("the translation is a copy of the source")


# Sentences teams keep in the source language on purpose: the changelog's
# attribution lines, "(Contributed by Jane Doe in :issue:`1234`.)".
KEPT_IN_SOURCE = re.compile(
    r"\W*(?:(?:[A-Z][\w-]*\s+){0,3}(?:[Cc]ontributed|[Ww]ritten|[Ii]mplemented|[Ss]uggested|[Rr]eported|[Ff]ixed|Added|Proposed"
    r"|Designed|Documented|Ported|Patch(?:ed)?|(?:Original|Initial) patch|Based on (?:a )?patch|Patch and review)\b[^.]*\bby\b"
    # "Keccak Code Package by Guido Bertoni, Joan Daemen...": a work and its authors
    r"|[^.]{0,60}\bby\s+(?:[A-Z][\w'-]+\s+){1,3}[A-Z][\w'-]+(?:,\s+(?:[A-Z][\w'-]+\s*){2,4})*"
    # a bibliographic reference: "Kahan, W: Branch cuts for complex elementary functions"
    r"|[A-Z][\w'-]+,\s+(?:[A-Z]\.?\s*){1,3}[:.,]\s"
    r"|Copyright\b|©)")


class Leftover(Check):
    id = "leftover"
    name = "Source sentences left in"
    description = ("A whole sentence of the source (five words or more) is left untranslated inside the "
                   "translation, or the translation reads as the source language.")

    kept_in_source = KEPT_IN_SOURCE

    def configure(self, policy: Policy) -> None:
        if policy.kept_in_source:
            self.kept_in_source = re.compile("|".join([KEPT_IN_SOURCE.pattern, *(f"(?:{p})" for p in policy.kept_in_source)]))

    def check(self, unit: Unit) -> Iterator[Problem]:
        if unit.copied:
            return  # the unchanged check reports a plain copy, re-spaced or not
        source_lang, target_lang = base_language(unit.source_lang), base_language(unit.target_lang)
        if source_lang == target_lang:
            return
        source_only, target_only = _distinctive(source_lang, target_lang)
        lowered = unit.target_scan.prose.lower()
        # A source sentence left in the translation brings its function words
        # along (_reads_as): without any, there is no such sentence to look for.
        # ASCII letter runs first: a cheaper regex, and an ASCII word is one of them.
        stopwords = _STOPWORDS.get(source_lang)
        if source_lang in _ASCII_STOPWORDS and cast("frozenset[str]", stopwords).isdisjoint(_ASCII_RUN.findall(lowered)):
            return
        words = _prose_words(lowered)
        if stopwords and stopwords.isdisjoint(words):
            return
        target_tokens = unit.target_scan.prose.split()
        # Cheap and sound: a five-word sentence found whole in the translation
        # has its three inner whitespace-separated tokens there in a row.
        source_tokens = unit.source_scan.prose.split()
        if len(source_tokens) >= 5 and len(target_tokens) >= 3 and not set(
                zip(source_tokens, source_tokens[1:], source_tokens[2:], strict=False)).isdisjoint(
                zip(target_tokens, target_tokens[1:], target_tokens[2:], strict=False)):
            target_prose = " ".join(target_tokens)
            for sentence in sentences(unit.source_scan.prose):
                sentence = " ".join(sentence.split())
                if (len(_prose_words(sentence)) >= 5 and sentence in target_prose and _reads_as(sentence, source_lang)
                        and not self.kept_in_source.match(sentence) and not _glossed(sentence, unit, target_prose)):
                    yield self.error(f"source sentence left untranslated: {_shorten(sentence)!r}")
                    return
        # Four of the source language's own function words at least, or no verdict.
        in_source = sum(map(source_only.__contains__, words))
        if len(words) >= 8 and in_source >= 4 and in_source > 2 * sum(map(target_only.__contains__, words)):
            yield self.warning(f"the translation reads as {source_lang}, not {target_lang}")


def _glossed(sentence: str, unit: Unit, target_prose: str) -> bool:
    """The whole source kept on purpose, with its translation beside it: "Name not unique on
    network -- 이름이 …", "filesystem encoding and error handler (파일시스템 …)"; or code."""
    if ">>> " in unit.source or unit.sphinx_verdict.source_first != "paragraph":
        return True  # a doctest or code block: code is kept, its comments translated
    if " ".join(unit.source_scan.prose.split()) != sentence:
        return False
    return len(_prose_words(target_prose.replace(sentence, " "))) >= 2


def _reads_as(sentence: str, lang: str) -> bool:
    stopwords = _STOPWORDS.get(lang)
    return stopwords is None or any(w.lower() in stopwords for w in _prose_words(sentence))


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class Whitespace(Check):
    id = "whitespace"
    name = "Leading and trailing whitespace"
    description = ("Leading and trailing newlines match the source (error, as msgfmt -c); leading and trailing "
                   "spaces match (warning).")

    def check(self, unit: Unit) -> Iterator[Problem]:
        source, target = unit.source, unit.target
        if not (source[:1].isspace() or target[:1].isspace() or source[-1:].isspace() or target[-1:].isspace()):
            return  # the usual case, in four cheap tests
        for side, s, t in (("begins", source[:1], target[:1]), ("ends", source[-1:], target[-1:])):
            if (s == "\n") != (t == "\n"):
                yield self.error(f"the source {side} with a newline and the translation {'does not' if s == chr(10) else 'does'}")
            elif (s.isspace()) != (t.isspace()):
                yield self.warning(f"the source {side} with {'whitespace' if s.isspace() else 'no whitespace'}, "
                                   f"the translation {'does not' if s.isspace() else 'does'}")


class Shape(Check):
    id = "shape"
    name = "Sentence count and length"
    description = "The translation has about as many sentences as the source and a plausible length."
    severity = "warning"

    # Translations into these scripts are much shorter in characters.
    COMPACT: ClassVar[dict[str, float]] = {"ja": 0.35, "zh": 0.3, "ko": 0.5}

    def check(self, unit: Unit) -> Iterator[Problem]:
        source_prose, target_prose = unit.source_scan.prose, unit.target_scan.prose
        if abs(_stops(source_prose) - _stops(target_prose)) < 2:
            source_count = target_count = 1  # as many full stops each side: nothing to count
        else:
            source_count, target_count = len(sentences(source_prose)), len(sentences(target_prose))
        if base_language(unit.target_lang) not in self.COMPACT and abs(source_count - target_count) >= max(2, source_count // 2):
            yield self.problem(f"the source has {source_count} sentences, the translation {target_count}")
        if len(source_prose) >= 40:
            expected = self.COMPACT.get(base_language(unit.target_lang), 1.0)
            ratio = len(target_prose) / len(source_prose) / expected
            if ratio < 0.4 or ratio > 3.0:
                yield self.problem(f"the translation is {len(target_prose) / len(source_prose):.1f}× the source's length")


CHECKS = [Fuzzy, Unchanged, Leftover, Whitespace, Shape]
