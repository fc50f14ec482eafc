"""Numbers compared by value across locale formats (1 000,5 ↔ 1,000.5; 20 % ↔ 20%)."""

from __future__ import annotations

import collections
import functools
import re
import unicodedata
from typing import TYPE_CHECKING, cast

from babel import UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from sphinx_l10n.checks.base import FRACTIONS, Check, has_number_char
from sphinx_l10n.checks.dates import find_dates
from sphinx_l10n.languages import babel_locale, base_language

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sphinx_l10n.checks.base import Problem, Unit

_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?=[\d" + FRACTIONS + "])"  # skip every other position at once
    r"(?<![^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f\uac00-\ud7af]|[.,\u00a0\u202f\u2009-])"
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f\u2009.,'’]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
    r"|(?P<fraction>[" + FRACTIONS + "])"
)
# After a number, a letter and a digit make it part of one token (1e5, 3D5); a letter before one, _NUMBER refuses.
_LETTER_DIGIT = re.compile(r"[A-Za-z]\d")
# 0x10FFFF, and a colour #703c87 (a letter among its digits: "issue #123" is a decimal number).
_HEXADECIMAL = re.compile(r"(?<![\w#])(?:0[xX](?P<hex>[0-9a-fA-F]+)"
                          r"|#(?=\d*[a-fA-F])(?P<colour>(?:[0-9a-fA-F]{3,4}){1,2}))(?![\w])")

# Small numbers a translator may write as words; ordinals too (1ère, first).
NUMBER_WORDS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "it": "zero uno due tre quattro cinque sei sette otto nove dieci undici dodici",
    "pt": "zero um dois três quatro cinco seis sete oito nove dez onze doze",
    "ja": "零 一 二 三 四 五 六 七 八 九 十 十一 十二",
    "zh": "零 一 二 三 四 五 六 七 八 九 十 十一 十二",
    "ko": "영 하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열 열하나 열둘",
}
# Ordinals and collective words carry a number too (first, 3rd → third
# parties → terceros, 3-tuple → tripleta).
EXTRA_WORDS: dict[str, dict[str, float]] = {
    "en": {"a": 1, "an": 1, "once": 1, "twice": 2, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
           "both": 2, "half": 0.5, "single": 1, "double": 2, "pair": 2, "triple": 3, "quarter": 0.25, "couple": 2,
           "triplet": 3, "quadruple": 4, "quadruplet": 4},
    "fr": {"une": 1, "premier": 1, "première": 1, "second": 2, "seconde": 2, "deuxième": 2, "troisième": 3,
           "quatrième": 4, "cinquième": 5, "moitié": 0.5, "double": 2, "paire": 2, "triple": 3, "quart": 0.25},
    "de": {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "erste": 1, "ersten": 1, "erster": 1,
           "zweite": 2, "zweiten": 2, "dritte": 3, "dritten": 3, "vierte": 4, "beide": 2, "beiden": 2, "hälfte": 0.5,
           "doppelt": 2, "paar": 2, "dreifach": 3, "viertel": 0.25},
    "es": {"un": 1, "una": 1, "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
           "tercero": 3, "tercera": 3, "terceros": 3, "terceras": 3, "cuarto": 4, "cuarta": 4, "quinto": 5,
           "ambos": 2, "ambas": 2, "mitad": 0.5, "doble": 2, "par": 2, "pareja": 2, "triple": 3, "tripleta": 3,
           "terna": 3, "cuádruple": 4},
    "ja": {"一つ": 1, "二つ": 2, "三つ": 3, "四つ": 4, "両": 2, "半": 0.5},
    "zh": {"两": 2},  # 二 before a measure word
    # Korean counts with native numerals, shortened before a counter (한 개, 두 번째, 세 개), and Sino-Korean ones.
    "ko": {"한": 1, "두": 2, "세": 3, "네": 4, "스무": 20, "첫": 1, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6,
           "칠": 7, "팔": 8, "구": 9, "십": 10, "반": 0.5, "두배": 2, "열한": 11, "열두": 12},
    "pt": {"uma": 1, "duas": 2, "primeiro": 1, "primeira": 1, "segundo": 2, "segunda": 2, "terceiro": 3, "terceira": 3,
           "quarto": 4, "quarta": 4, "quinto": 5, "ambos": 2, "ambas": 2, "metade": 0.5, "dobro": 2, "par": 2,
           "dupla": 2, "tripla": 3, "triplo": 3},
}


@functools.cache
def words_for(lang: str) -> dict[str, float]:
    lang = base_language(lang)
    table: dict[str, float] = {word: value for value, word in enumerate(NUMBER_WORDS.get(lang, "").split())}
    table.update(EXTRA_WORDS.get(lang, {}))
    return table


@functools.cache
def _symbols(lang: str) -> tuple[str, str]:
    try:
        locale = babel_locale(lang)
        return get_decimal_symbol(locale), get_group_symbol(locale)
    except (UnknownLocaleError, ValueError):
        return ".", ","


def _read(token: str, decimal: str, group: str) -> float | None:
    digits = token
    for space in _SPACES:
        digits = digits.replace(space, "")
    if group in (",", "."):
        if decimal == group:
            return None
        parts = digits.split(decimal)
        if len(parts) > 2:
            return None
        whole = parts[0]
        if group in whole:
            groups = whole.split(group)
            if any(len(g) != 3 for g in groups[1:]):
                return None
            whole = "".join(groups)
        digits = whole + ("." + parts[1] if len(parts) == 2 else "")
    else:
        digits = digits.replace(decimal, ".")
    for apostrophe in "'’":
        digits = digits.replace(apostrophe, "")
    try:
        return float(digits)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)  # the same few numbers come back all the time
def values(token: str, lang: str) -> frozenset[float]:
    """Every value token may mean: its language's reading first (Babel's number
    symbols), and the other common reading, since docs keep "3.12" as is."""
    decimal, group = _symbols(lang)
    readings = {_read(token, decimal, group), _read(token, ".", ","), _read(token, ",", ".")}
    readings.discard(None)
    return frozenset(cast("set[float]", readings))


# Words that scale the number before them, in the languages the tables know.
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mil": 1e3, "millón": 1e6, "millone": 1e6, "milhão": 1e6,
           "milhõe": 1e6, "mille": 1e3, "milliard": 1e9, "tausend": 1e3, "millionen": 1e6, "milliarde": 1e9,
           "milliarden": 1e9, "천": 1e3, "만": 1e4, "억": 1e8, "千": 1e3, "万": 1e4, "億": 1e8, "亿": 1e8}
# A scale word ends a word; Hangul and Han ones are followed by a counter (110만 명, 110 万个).
_SCALE = re.compile(r"\s?(" + "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True))
                    + r")s?(?![^\W\d_가-힣\u3400-\u9fff])", re.IGNORECASE)


def find_numbers(text: str, lang: str) -> list[tuple[str, frozenset[float]]]:
    """[(token, values)] of the numbers in text, dates masked (the dates check owns them)."""
    if not has_number_char(text):
        return []
    text = _blanked(text, [span for *_, span, _ in find_dates(text, lang)])
    found: list[tuple[str, frozenset[float]]] = []
    if "#" in text or "0x" in text or "0X" in text:  # 0x10FFFF, #703c87: one hexadecimal value each
        found += [(m.group(), frozenset({float(int(m["hex"] or m["colour"], 16))})) for m in _HEXADECIMAL.finditer(text)]
        text = _HEXADECIMAL.sub(lambda m: " " * len(m.group()), text)
    for match in _NUMBER.finditer(text):
        if match["fraction"]:
            found.append((match.group(0), frozenset({unicodedata.numeric(match.group(0))})))
            continue
        token = match["number"].rstrip(".,")
        end = match.end()
        if end < len(text) and (text[end].isdigit() or _LETTER_DIGIT.match(text, end)):
            continue
        readings = values(token, lang)
        scale = _SCALE.match(text, end)
        if scale:  # 1.1 million = 110만 = 1,1 millones: the value is what counts
            factor = _SCALES[scale.group(1).casefold().rstrip("s")]
            readings = readings | {round(value * factor, 6) for value in readings}
        found.append((token, readings))
    return found


def _blanked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """text with spaces where the spans are, in one pass (not one copy of the text per span)."""
    parts, last = [], 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end > start:
            parts += [text[last:start], " " * (end - start)]
            last = end
    return "".join(parts) + text[last:]


def _paired(source: Sequence[tuple[str, frozenset[float]]], target: Sequence[tuple[str, frozenset[float]]]
            ) -> tuple[list[tuple[str, frozenset[float]]], list[tuple[str, frozenset[float]]]]:
    """(the source's numbers left unpaired, the target's): each source number, in order, takes the
    first target number left that has one of its values. Found through each value's queue of
    target numbers, not by reading all those left for each one."""
    queues: dict[float, collections.deque[int]] = collections.defaultdict(collections.deque)
    for index, (_, readings) in enumerate(target):
        for value in readings:
            queues[value].append(index)
    taken = [False] * len(target)
    missing = []
    for token, readings in source:
        first = None
        for value in readings:
            queue = queues.get(value)
            while queue and taken[queue[0]]:
                queue.popleft()
            if queue and (first is None or queue[0] < first):
                first = queue[0]
        if first is None:
            missing.append((token, readings))
        else:
            taken[first] = True
    return missing, [number for number, used in zip(target, taken, strict=True) if not used]


def _word_values(text: str, lang: str) -> collections.Counter[float]:
    table = words_for(lang)
    if base_language(lang) in ("ja", "zh"):
        return collections.Counter(v for w, v in table.items() if w in text)
    if base_language(lang) == "ko":
        return collections.Counter(value for word in re.findall(r"\w+", text) if (value := _korean_number(word)) is not None)
    return collections.Counter(table[w] for w in re.findall(r"\w+", text.casefold()) if w in table)


def _korean_number(word: str) -> float | None:
    """The number a Korean word starts with: particles and counters follow a numeral (하나의,
    세 개, 십진법 for base 10, 이진 for base 2), and 제 makes an ordinal (제삼자)."""
    table = words_for("ko")
    word = word.removeprefix("제") if len(word) > 1 else word
    return next((table[n] for n in _KOREAN_NUMERALS if word.startswith(n)), None)


_KOREAN_NUMERALS = sorted(words_for("ko"), key=len, reverse=True)


def _not_spelled_out(numbers: Sequence[tuple[str, frozenset[float]]], other_text: str, other_lang: str) -> list[str]:
    """The numbers of one side that the other side does not write as a word either."""
    if not numbers:
        return []
    spelled = _word_values(other_text, other_lang)
    unmatched = []
    for token, readings in numbers:
        value = next((v for v in readings if spelled[v] > 0), None)
        if value is None:
            unmatched.append(token)
        else:
            spelled[value] -= 1
    return unmatched


_MORE_THAN = re.compile(r"\b(?:more|greater|larger|bigger|higher) than\s+(\d+)\b")


def _re_expressed(token: str, unit: Unit, target: Sequence[tuple[str, frozenset[float]]], bounds: set[int]) -> bool:
    """"more than N" (bounds: the source's Ns) written "N+1 or more", in digits or words: the same bound."""
    if not token.isdigit() or int(token) not in bounds:
        return False
    wanted = int(token) + 1
    return any(wanted in readings for _, readings in target) or _word_values(unit.target_scan.prose,
                                                                             unit.target_lang)[wanted] > 0


_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*(?P<isbn>(?:\d[- ]?){9}[\dX](?:(?<=\d)[- ]?\d){0,3})(?![\w-])")


def isbn_valid(isbn: str) -> bool:
    """Whether an ISBN's check digit is right (ISBN-10: weights 10..1 mod 11; ISBN-13: 1, 3 mod 10)."""
    digits = isbn.replace("-", "").replace(" ", "")
    if len(digits) == 10:
        values = [10 if c == "X" else int(c) for c in digits]
        return sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0
    return len(digits) == 13 and digits.isdigit() and sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits)) % 10 == 0


def _isbns(text: str) -> tuple[list[str], str]:
    """(the ISBNs of text, text with them blanked): an ISBN is one identifier, not numbers."""
    if "ISBN" not in text:
        return [], text
    found = [m["isbn"] for m in _ISBN.finditer(text)]
    return found, _ISBN.sub(lambda m: " " * len(m.group()), text)


class Numbers(Check):
    id = "numbers"
    name = "Numbers"
    description = ("Every number of the source is in the translation with the same value, whatever the "
                   "locale's separators (1 000,5 = 1,000.5; 20 % = 20%); a small number written as a word "
                   "counts. A number the source lacks is a warning.")

    def check(self, unit: Unit) -> Iterator[Problem]:
        source_books, source_prose = _isbns(unit.source_scan.prose)
        target_books, target_prose = _isbns(unit.target_scan.prose)
        if source_books or target_books:
            yield from self._books(source_books, target_books)
        source = find_numbers(source_prose, unit.source_lang)
        target = find_numbers(target_prose, unit.target_lang)
        if not source and not target:
            return
        missing, remaining = _paired(source, target)
        doctest = ">>> " in unit.source  # its output changes with the strings a translator translates
        unmatched = _not_spelled_out(remaining, unit.source_scan.prose, unit.source_lang)
        instead = [token for token, _ in remaining] if missing else []
        if missing and not instead and base_language(unit.target_lang) not in ("ja", "zh", "ko"):
            # A number word of another value ("half" for ¾); "one" is an article too. (Han and Hangul
            # numerals start many other words: only digits tell a value there.)
            values = {value for _, readings in source for value in readings}
            instead = [str(v) for v in _word_values(unit.target_scan.prose, unit.target_lang) if v not in values and v != 1]
        bounds = {int(n) for n in _MORE_THAN.findall(unit.source_scan.prose)} if "than" in unit.source_scan.prose else set()
        for token in _not_spelled_out(missing, unit.target_scan.prose, unit.target_lang):
            written = re.compile(r"(?<![\d.,])" + re.escape(token) + r"(?![\d])")
            if _re_expressed(token, unit, target, bounds):
                continue  # "more than 1" -> "2 or more"
            if doctest:
                yield self.warning(f"number {token} of the example's output is changed in the translation: "
                                   "check the output is what the translated example prints")
            elif written.search(unit.target_scan.prose):
                yield self.warning(f"number {token} is glued to a word in the translation")
            elif re.search(r"(?<!\d)" + re.escape(token) + r"(?!\d)", unit.target_scan.prose):
                yield self.warning(f"number {token} is written next to another one in the translation ([0,59]?)")
            elif written.search(unit.target):
                yield self.warning(f"number {token} is only inside code or markup in the translation")
            elif not instead:
                # No other number in its place: written in words the tables lack (dwuargumentowy,
                # szesnastkowy for base 16), or rephrased; the reader is told no other value.
                yield self.warning(f"number {token} is not in the translation, in digits or in words that "
                                   "l10n knows: check the translation says it")
            else:
                yield self.error(f"number {token} is shown as {' or '.join(instead)} in the translation")
        for token in unmatched:
            yield self.warning(f"number {token} is in the translation but not in the source")


    def _books(self, source: list[str], target: list[str]) -> Iterator[Problem]:
        """A book's ISBN: the same, or a valid one of another edition (the reader's language's)."""
        cited, given = {_isbn_digits(s) for s in source}, {_isbn_digits(t) for t in target}
        others = collections.deque(isbn for isbn in target if _isbn_digits(isbn) not in cited)
        for isbn in source:
            if _isbn_digits(isbn) in given:
                continue
            if not others:
                yield self.error(f"ISBN {isbn} is missing from the translation")
            elif isbn_valid(other := others.popleft()):
                yield self.warning(f"ISBN {isbn} is given as ISBN {other}, another edition of a book: "
                                   "check it is the one the source cites, in the reader's language")
            else:
                yield self.error(f"ISBN {isbn} is given as ISBN {other}, which is no ISBN: its check digit is wrong")
        for isbn in others:
            if not isbn_valid(isbn):
                yield self.error(f"ISBN {isbn} is no ISBN: its check digit is wrong")



def _isbn_digits(isbn: str) -> str:
    """An ISBN as its digits: hyphens and spaces are how it is printed, not which book it is."""
    return isbn.replace("-", "").replace(" ", "")


CHECKS = [Numbers]
