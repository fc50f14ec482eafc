"""Dates compared by meaning: month and year, whatever the language's words."""

from __future__ import annotations

import bisect
import collections
import difflib
import functools
import itertools
import os
import re
from typing import TYPE_CHECKING

from babel import UnknownLocaleError
from babel.dates import get_date_format, get_month_names

from sphinx_l10n.checks.base import Check, has_number_char
from sphinx_l10n.languages import babel_locale, base_language

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TypeAlias

    from sphinx_l10n.checks.base import Problem, Unit

    # (year, month, day, (start, end), matched text): year and day may be missing.
    Date: TypeAlias = tuple[int | None, int, int | None, tuple[int, int], str]

_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\d-])")
# 2022年2月3日 (Chinese, Japanese) and 2022년 2월 3일 (Korean); 2月3日 and 2월 3일 without the year.
_EAST_ASIAN = re.compile(r"(?:(?P<year>\d{4})\s*[年년]\s*)?(?P<month>\d{1,2})\s*[月월](?:\s*(?P<day>\d{1,2})\s*[日일])?")
# 06-08-2025 or 06/08/2025: day first or month first, as the language's short date format says.
_NUMERIC = re.compile(r"(?<![\d.-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d-])")


@functools.cache
def _month_pattern(lang: str) -> tuple[re.Pattern[str] | None, dict[str, int], tuple[tuple[str, ...], bool]]:
    """A regex finding '3 février 2022', 'February 3, 2022', 'febrero de 2022'... in lang."""
    try:
        locale = babel_locale(lang)
    except (UnknownLocaleError, ValueError):
        return None, {}, ((), True)
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context, locale).items():
            months[name.casefold()] = number
    stems = _inflected_stems(months) if base_language(lang) != "en" else {}
    alternatives = "|".join([*sorted((re.escape(n) for n in months), key=len, reverse=True),
                             *(re.escape(stem) + r"\w+" for stem in sorted(stems, key=len, reverse=True))])
    # English month names are also verbs and names (May, March, August):
    # there only a capitalised name counts.
    flags = 0 if base_language(lang) == "en" else re.IGNORECASE
    if base_language(lang) == "en":
        alternatives = "|".join(sorted((re.escape(n[:1].upper() + n[1:]) for n in months), key=len, reverse=True))
    # "12." is a day only where a day is written so (12. Mai); in English "3.12. May be removed" is no date.
    day_suffix = r"(?:st|nd|rd|th)?" if base_language(lang) == "en" else r"(?:\.|er|º|°|st|nd|rd|th)?"
    pattern = re.compile(
        r"(?:(?<!\d)(?P<day>\d{1,2})" + day_suffix + r"\s+(?:de\s+)?)?"
        r"(?<!\w)(?P<month>" + alternatives + r")(?!\w)"
        r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?(?!\d),?)?"
        r"(?:,?\s+(?:de\s+|del\s+)?(?P<year>\d{4})(?!\d))?",  # "1 Ocak, 1970" as "January 1, 1970"
        flags,
    )
    # Plain substring tests say quickly that a text names no month at all.
    names = tuple(n[:1].upper() + n[1:] for n in months) if flags == 0 else (*months, *stems)
    return pattern, {**stems, **months}, (names, flags == 0)


def _inflected_stems(months: dict[str, int]) -> dict[str, int]:
    """Where CLDR gives a month two forms (Polish maj, maja; Finnish tammikuu, tammikuuta), the
    language inflects it: their common start, three letters or more and no other month's,
    reads its other cases too (w maju, marcu, tammikuussa)."""
    forms: dict[int, list[str]] = {}
    for name, number in months.items():
        forms.setdefault(number, []).append(name)
    stems = {}
    for number, names in forms.items():
        stem = os.path.commonprefix(names)  # noqa: RUF071  (letters are what is compared)
        if len(names) > 1 and len(stem) >= 3 and not any(
                other.startswith(stem) for other, other_number in months.items() if other_number != number):
            stems[stem] = number
    return stems


def _month_number(months: dict[str, int], matched: str) -> int:
    """The month a matched name is: its own form, else the stem it starts with."""
    name = matched.casefold()
    return months.get(name) or next(number for stem, number in sorted(months.items(), key=lambda i: -len(i[0]))
                                    if name.startswith(stem))


@functools.cache
def _day_first(lang: str) -> bool:
    """Whether the language's short date format puts the day before the month (Babel's CLDR data)."""
    try:
        pattern = get_date_format("short", babel_locale(lang)).pattern
    except (UnknownLocaleError, ValueError):
        return True
    return pattern.lower().find("d") < pattern.find("M")


@functools.lru_cache(maxsize=256)  # the numbers and dates checks ask for the same texts in turn
def find_dates(text: str, lang: str) -> tuple[Date, ...]:
    """((year, month, day, (start, end), matched text), ...) for each date in text.

    A month name counts only next to a day or a year: "mai" alone is a word.
    """
    found: list[Date] = []
    if not has_number_char(text):
        return ()  # a date here always has a day or a year
    for match in _ISO.finditer(text) if "-" in text else ():
        found.append((int(match["year"]), int(match["month"]), int(match["day"]), match.span(), match.group(0)))
    for match in _EAST_ASIAN.finditer(text) if "月" in text or "월" in text else ():
        if match["year"] or match["day"]:  # "3月" alone is a month, not a date
            found.append((int(match["year"]) if match["year"] else None, int(match["month"]),
                          int(match["day"]) if match["day"] else None, match.span(), match.group(0)))
    for match in _NUMERIC.finditer(text) if "/" in text or "-" in text or "." in text else ():
        first, second = int(match["a"]), int(match["b"])
        numeric_day, numeric_month = (first, second) if _day_first(lang) else (second, first)
        if 1 <= numeric_month <= 12 and 1 <= numeric_day <= 31:
            found.append((int(match["year"]), numeric_month, numeric_day, match.span(), match.group(0)))
    pattern, months, (names, case_sensitive) = _month_pattern(lang)
    searched = text if case_sensitive else text.casefold()
    if pattern is None or not any(map(searched.__contains__, names)):
        return tuple(found)
    taken = sorted(span for *_, span, _ in found)
    starts = [start for start, _ in taken]
    reach = list(itertools.accumulate((end for _, end in taken), max))  # the furthest end of the spans so far
    for match in pattern.finditer(text):
        day = match["day"] or match["day2"]
        before = bisect.bisect_right(starts, match.start())  # the spans that start at or before it
        if not (day or match["year"]) or (before and reach[before - 1] > match.start()):
            continue  # no day nor year, or inside a date read already (2018년 6월 27일)
        month = _month_number(months, match["month"])
        found.append((int(match["year"]) if match["year"] else None, month, int(day) if day else None,
                      match.span(), match.group(0).strip()))
    return tuple(found)


def _near_copy(unit: Unit) -> bool:
    """The translation keeps nine words in ten of the source, in order (a citation kept in its
    language). Words, not characters: as cheap on a long paragraph, and a few translated words
    in a long code-like string make a translation, not a copy. Beyond _NEAR_COPY_WORDS words a side,
    the words in any order (an upper bound of the ratio): difflib's time grows with their product."""
    source, target = unit.source.split(), unit.target.split()
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    if max(len(source), len(target)) > _NEAR_COPY_WORDS:
        return matcher.quick_ratio() > 0.9
    return matcher.ratio() > 0.9


_NEAR_COPY_WORDS = 1000


class Dates(Check):
    id = "dates"
    name = "Dates"
    description = ("Every date of the source (month with a day or a year) is in the translation with the same "
                   "month, year and day, written with the target language's month names.")

    def check(self, unit: Unit) -> Iterator[Problem]:
        if unit.copied or unit.doctest:
            return  # a doctest's "May": 5 is code; a copy of the source is the unchanged check's
        source_dates = find_dates(unit.source_scan.prose, unit.source_lang)
        if not source_dates:
            return
        target_text = unit.target_scan.prose
        found = find_dates(target_text, unit.target_lang)
        target_dates = [d[:3] for d in found]
        # The numbers outside the dates read: a range's first day ("del 21 al 28 de mayo"), not 1 月's month.
        spans = sorted(d[3] for d in found)
        outside = "".join(target_text[end:start] for (_, end), (start, _) in
                          zip([(0, 0), *spans], [*spans, (len(target_text), 0)], strict=True))
        target_numbers = set(re.findall(r"\d+", outside))
        untranslated = ([d[:3] for d in find_dates(target_text, unit.source_lang)]
                        if base_language(unit.source_lang) != base_language(unit.target_lang) else [])
        if untranslated and _near_copy(unit):
            return  # the entry is kept in the source language (a citation): not the dates check's
        left = collections.Counter(target_dates)  # the target's dates not yet paired, by day, by month
        months = collections.Counter((y, m) for y, m, _ in target_dates)
        any_year = collections.Counter(m for _, m, _ in target_dates)
        for year, month, day, _, text in source_dates:
            wanted = (year, month, day)
            if left[wanted] > 0:
                left[wanted] -= 1
                months[year, month] -= 1
                any_year[month] -= 1
            elif day and str(day) in target_numbers and (months[year, month] > 0 or (year is None and any_year[month] > 0)):
                pass  # "May 21--28 2006" = "del 21 al 28 de mayo de 2006": a range, same days
            elif wanted in untranslated and not _EAST_ASIAN.fullmatch(text):
                yield self.error(f"date {text!r} is left in the source language")
            else:
                yield self.error(f"date {text!r} is missing or changed in the translation")


CHECKS = [Dates]
