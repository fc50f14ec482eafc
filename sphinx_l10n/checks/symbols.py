"""URLs, e-mail addresses, emoji and symbols are kept."""

import collections
import re
import unicodedata
from typing import TYPE_CHECKING

from sphinx_l10n.checks.base import MAX_PAIRED, Check, listed

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx_l10n.checks.base import Problem, Unit
    from sphinx_l10n.config import Policy


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF) and unicodedata.category(char) == "So"


# Where "other symbol" (So) characters live; a regex finds candidates fast.
_SYMBOL_CANDIDATE = re.compile("[\u00a6\u00a9\u00ae\u00b0\u0482\u058d-\u058f\u060e\u060f\u06de\u06e9\u06fd\u06fe"
                               "\u07f6\u09fa\u0b70\u0bf3-\u0bfa\u0c7f\u0d4f\u0d79\u0f01-\u0f17\u0f1a-\u0fda"
                               "\u2100-\u2bff\u2e80-\u2fff\u3004\u3012\u3013\u3020\u3036\u3037\u303e\u303f"
                               "\u3190-\u31ff\u3200-\u33ff\u4dc0-\u4dff\ua490-\ua4c6\ua828-\ua82b\ua836-\ua839"
                               "\ufdfd\uffe4\uffe8\uffed\uffee\ufffd\U00010000-\U0001ffff]")  # not U+FFFC, the lexer's mask


def _symbols(candidates: "Iterable[str]") -> "tuple[collections.Counter[str], collections.Counter[str]]":
    emoji: collections.Counter[str]
    other: collections.Counter[str]
    emoji, other = collections.Counter(), collections.Counter()
    for char in candidates:
        if unicodedata.category(char) == "So":
            (emoji if _is_emoji(char) else other)[char] += 1
    return emoji, other


# An address's placeholder is written in capitals: openssl-VERSION.tar.gz, /users/NAME/.
_PLACEHOLDER_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]{3,}(?![^\W\d_])")
_URL_PARTS = re.compile(r"^([a-z][a-z0-9+.-]*://)([^/?#]*)(.*)$", re.IGNORECASE)


def _with_placeholder_translated(url: str, target: str) -> str | None:
    """The URL as the target writes it with its capitalised placeholder words (VERSION, NAME)
    translated, or None."""
    if not _PLACEHOLDER_WORD.search(url):
        return None
    pattern = "".join(r"[^\W\d_]{2,}" if part.isupper() and len(part) >= 3 else re.escape(part)
                      for part in re.split(r"([^\W\d_]+)", url) if part)
    match = re.search(pattern, target)
    return match.group(0) if match else None


def _language_codes(*codes: str) -> frozenset[str]:
    """The spellings a URL may use for these languages: pt_BR -> pt, pt-br, pt_br, ptbr."""
    found = set()
    for code in codes:
        lowered = code.lower()
        base = lowered.replace("-", "_").split("_")[0]
        found |= {base, lowered.replace("_", "-"), lowered.replace("-", "_")}
    return frozenset(found)


def _unlocalised(url: str, languages: frozenset[str]) -> str:
    """The URL without the language parts a site localises: a host's first label, path segments
    and a lang= query value that are one of the languages (a translation may point to its own)."""
    match = _URL_PARTS.match(url)
    if not match:
        return url
    scheme, host, rest = match.groups()
    labels = host.split(".")
    if len(labels) > 2 and labels[0].lower() in languages:
        labels = labels[1:]
    path, mark, query = rest.partition("?")
    segments = [segment for segment in path.split("/") if segment.lower() not in languages]
    query = re.sub(r"(?i)\b(lang|hl|language)=[\w-]+", r"\1=", query)
    return f"{scheme.lower()}{'.'.join(labels).lower()}{'/'.join(segments).rstrip('/')}{mark}{query}"


def _own_language_site(localised: str, unlocalised_source: str, target_lang: str) -> bool:
    """The URL names the reader's language in its host or path, on the source URL's site."""
    languages = _language_codes(target_lang)
    match = _URL_PARTS.match(localised)
    if not match or _unlocalised(localised, languages).split("/")[:3] != unlocalised_source.split("/")[:3]:
        return False
    host_labels = match.group(2).lower().split(".")
    return host_labels[0] in languages or any(part.lower() in languages for part in match.group(3).split("/"))


_WEB_ADDRESS = re.compile(r"^https?://(?:www\.)?", re.IGNORECASE)


def _same_address(one: str, other: str) -> bool:
    """Two http(s) URLs of the same page written differently: http:// for https://, a www. added
    or left out, a final slash (an older link of the same site, which it redirects)."""
    if not (_WEB_ADDRESS.match(one) and _WEB_ADDRESS.match(other)):
        return False
    return _WEB_ADDRESS.sub("", one).rstrip("/").lower() == _WEB_ADDRESS.sub("", other).rstrip("/").lower()


def _in_bulk(check: Check, kind: str, missing: "list[str]", added: "list[str]") -> "Iterator[Problem]":
    """More links differ than can be paired one by one: said once each way."""
    if missing:
        yield check.error(f"{len(missing):,} {kind}s of the source are missing or changed in the translation: {listed(missing)}")
    if added:
        yield check.warning(f"{len(added):,} {kind}s are in the translation but not in the source: {listed(added)}")


class Urls(Check):
    id = "urls"
    name = "URLs and e-mail addresses"
    description = "Every URL and e-mail address of the source is in the translation, unchanged."

    localise = True

    def configure(self, policy: "Policy") -> None:
        self.localise = policy.localise_urls

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        source, target = unit.source_scan, unit.target_scan
        if not (source.urls or target.urls or source.emails or target.emails):
            return
        # The same page in the reader's language is the same link: en.wikipedia.org -> es.wikipedia.org, /3/ -> /ko/3/.
        languages = _language_codes(unit.source_lang, unit.target_lang) if self.localise else frozenset()
        for kind, before, after in (("URL", source.urls, target.urls), ("e-mail address", source.emails, target.emails)):
            shown = {_unlocalised(item, languages) if kind == "URL" else item: item for item in (*after, *before)}
            ours = collections.Counter(_unlocalised(u, languages) if kind == "URL" else u for u in before)
            theirs = collections.Counter(_unlocalised(u, languages) if kind == "URL" else u for u in after)
            missing, added = ours - theirs, theirs - ours
            if len(missing) > MAX_PAIRED or len(added) > MAX_PAIRED:  # each missing one is paired with the added ones
                yield from _in_bulk(self, kind, [shown[i] for i in sorted(missing)], [shown[i] for i in sorted(added)])
                continue
            for item in sorted(missing):
                written = _with_placeholder_translated(shown[item], unit.target) if kind == "URL" else None
                twin = None if written or kind != "URL" or not self.localise else next(
                    (other for other in sorted(added) if _own_language_site(shown[other], item, unit.target_lang)), None)
                if written:
                    # openssl-VERSION.tar.gz -> openssl-VERSÃO.tar.gz: the URL read from the target
                    # ends where docutils ends it (at the Ã), inside what the translator wrote.
                    for other in [o for o in added if written.startswith(shown[o])]:
                        added[other] = 0
                    yield self.warning(f"{kind} {shown[item]} has its placeholder translated: check that the address "
                                       "still reads right")
                elif twin:  # en.wikipedia.org/wiki/Bisection -> pt.wikipedia.org/wiki/Bisseção
                    added[twin] -= 1
                    yield self.warning(f"{kind} {shown[item]} became {shown[twin]}, on the site in the reader's "
                                       "language: check that it is the same page")
                elif kind == "URL" and (same := next((o for o in sorted(+added) if _same_address(shown[o], shown[item])),
                                                     None)):
                    added[same] -= 1
                    yield self.warning(f"{kind} {shown[item]} is written {shown[same]} in the translation: the same "
                                       "page, by another address; write the source's")
                else:
                    yield self.error(f"{kind} {shown[item]} is missing or changed in the translation")
            for item in +added:
                yield self.warning(f"{kind} {shown[item]} is in the translation but not in the source")


class Symbols(Check):
    id = "symbols"
    name = "Emoji and symbols"
    description = "Emoji are kept exactly (error); other symbols such as © ® ™ → are kept (warning)."

    def check(self, unit: "Unit") -> "Iterator[Problem]":
        # The prose holds only characters of its text and the lexer's mask,
        # which is no candidate: an ASCII text has none.
        source_candidates = [] if unit.source.isascii() else _SYMBOL_CANDIDATE.findall(unit.source_scan.prose)
        target_candidates = [] if unit.target.isascii() else _SYMBOL_CANDIDATE.findall(unit.target_scan.prose)
        if not source_candidates and not target_candidates:
            return
        source_emoji, source_other = _symbols(source_candidates)
        target_emoji, target_other = _symbols(target_candidates)
        for char in source_emoji - target_emoji:
            yield self.error(f"emoji {char} ({unicodedata.name(char, 'emoji').lower()}) is missing from the translation")
        for char in target_emoji - source_emoji:
            yield self.warning(f"emoji {char} is in the translation but not in the source")
        for char in source_other - target_other:
            yield self.warning(f"symbol {char} ({unicodedata.name(char, 'symbol').lower()}) is missing from the translation")


CHECKS = [Urls, Symbols]
