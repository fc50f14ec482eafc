"""Completeness per language and per document. Fuzzy never counts as translated."""

import collections
import contextlib
import fnmatch
import functools
import json
import os
import pathlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal, TypedDict, cast

from sphinx_l10n import L10nError, catalogs
from sphinx_l10n.interface import SPHINX_CATALOG

if TYPE_CHECKING:
    import polib

    from sphinx_l10n.config import Config, Release

_WORD = re.compile(r"\w+(?:[-’']\w+)*")
COUNTS = ("translated", "fuzzy", "untranslated", "obsolete")
State = Literal["translated", "fuzzy", "untranslated", "obsolete"]


class WordCounts(TypedDict):
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    total: int  # obsolete entries left out


class Counts(TypedDict):
    """Entries (and their source words) of one document or language, by state."""

    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    total: int  # obsolete entries left out
    percent: float
    words: WordCounts


class LanguageStats(Counts):
    documents: dict[str, Counts]


def words(text: str) -> int:
    return len(_WORD.findall(text))


def entry_state(entry: "polib.POEntry") -> State:
    if entry.obsolete:
        return "obsolete"
    if entry.fuzzy and catalogs.has_translation(entry):
        return "fuzzy"
    return "translated" if catalogs.is_translated(entry) else "untranslated"


def complete(counts: Counts) -> bool:
    """Nothing untranslated, nothing fuzzy."""
    return not counts["untranslated"] and not counts["fuzzy"]


def release_problems(release: "Release", lang: str, counts: LanguageStats) -> list[tuple[str | None, str]]:
    """What keeps a language from release under the project's rule, as (document or None, problem):
    each incomplete key document; under a threshold of 100%, each incomplete document; else the
    language's share when it is under its threshold."""
    problems: list[tuple[str | None, str]] = []
    threshold = release.threshold_for(lang)
    documents = counts["documents"]
    for pattern in release.key_documents:
        if not any(fnmatch.fnmatchcase(document, pattern) for document in documents):
            problems.append((None, f"{lang}: the key document {pattern} has no catalog"))
    for document, found in documents.items():
        key = any(fnmatch.fnmatchcase(document, pattern) for pattern in release.key_documents)
        if (key or threshold >= 100) and not complete(found):
            problems.append((document, f"{lang} is a release language but {'the key document ' if key else ''}"
                                       f"{document} has {found['untranslated']} untranslated and {found['fuzzy']} "
                                       f"fuzzy entries ({found['percent']:.1f}% translated)"))
    if threshold < 100 and counts["percent"] < threshold:
        problems.append((None, f"{lang} is a release language but {counts['percent']:.1f}% translated, "
                               f"under its release threshold of {threshold:g}%"))
    return problems


def _empty() -> Counts:
    return cast("Counts", {**{k: 0 for k in COUNTS}, "total": 0, "percent": 0.0,
                           "words": {**{k: 0 for k in COUNTS}, "total": 0}})


def _add(counts: Counts, state: State, n_words: int) -> None:
    counts[state] += 1
    counts["words"][state] += n_words
    if state != "obsolete":
        counts["total"] += 1
        counts["words"]["total"] += n_words


def _finish(counts: Counts) -> None:
    counts["percent"] = round(100.0 * counts["translated"] / counts["total"], 1) if counts["total"] else 100.0


Templates = Mapping[str, "polib.POFile"]  # a project's templates by document, its interface catalog's left out


def collect(paths_by_lang: Mapping[str | None, Iterable[tuple[str, str | os.PathLike[str]]]],
            errors: list[str] | None = None, templates: Templates | None = None) -> dict[str, LanguageStats]:
    """paths_by_lang: {lang: [(document, path), ...]} -> the JSON-shaped stats.

    Catalogs listed under the language None are counted under their
    Language header. An unreadable catalog goes to ``errors`` (when given;
    else it raises) and the others are still counted. Given the templates
    (project_templates), a document's messages are the template's: an entry
    a platform left out of the catalog is untranslated, one the template no
    longer has is obsolete, and a document with no catalog counts whole.
    """
    stats: dict[str, LanguageStats] = {}
    for listed_lang, documents in paths_by_lang.items():
        for document, path in documents:
            try:
                catalog = catalogs.load_shared(path)
            except L10nError as exc:
                if errors is None:
                    raise
                errors.append(str(exc))
                continue
            lang = listed_lang or catalogs.language_of(catalog) or "und"
            total = stats.setdefault(lang, {**_empty(), "documents": {}})
            counts = total["documents"].setdefault(document, _empty())
            template = templates.get(document) if templates is not None else None
            _count(_states(catalog, template), counts, total)
        if templates is not None and listed_lang is not None:
            _add_uncatalogued(stats.setdefault(listed_lang, {**_empty(), "documents": {}}), templates)
    for total in stats.values():
        _finish(total)
        for counts in total["documents"].values():
            _finish(counts)
    return stats


def _states(catalog: "polib.POFile", template: "polib.POFile | None") -> Iterator[tuple[State, str]]:
    """Each message's state and msgid: the catalog's entries, or the template's messages as the
    catalog has them."""
    if template is None:
        yield from ((entry_state(entry), entry.msgid) for entry in catalog)
        return
    active = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    for message in template:
        if not message.obsolete and message.msgid:
            found = active.pop((message.msgctxt, message.msgid), None)
            yield (entry_state(found) if found is not None else "untranslated"), message.msgid
    for entry in catalog:
        if entry.obsolete or active.get((entry.msgctxt, entry.msgid)) is entry:
            yield "obsolete", entry.msgid  # gone from the source: Sphinx never shows it


def _count(states: Iterable[tuple[State, str]], counts: Counts, total: Counts) -> None:
    for state, msgid in states:
        n_words = words(msgid)
        _add(counts, state, n_words)
        _add(total, state, n_words)


def _add_uncatalogued(total: LanguageStats, templates: Templates) -> None:
    """The documents of the templates that have no catalog in the language: untranslated, whole."""
    import polib

    for document, template in templates.items():
        if document not in total["documents"]:
            _count(_states(polib.POFile(), template), total["documents"].setdefault(document, _empty()), total)


def project_templates(config: "Config") -> Templates | None:
    """The templates of the project's documents (`extract` writes them), to count against; None
    where there are none: counts are then the catalogs' own. Read once while they do not change:
    a build asks for every language's completion."""
    folder = config.pot_dir
    paths = sorted(folder.rglob("*.pot")) if folder.is_dir() else []
    versions = []
    for path in paths:
        with contextlib.suppress(OSError):  # gone meanwhile: as if extract had not written it
            info = path.stat()
            versions.append((path, path.relative_to(folder).with_suffix("").as_posix(), info.st_mtime_ns, info.st_size))
    return _templates(tuple(versions))


@functools.lru_cache(maxsize=4)
def _templates(versions: tuple[tuple[pathlib.Path, str, int, int], ...]) -> Templates | None:
    found = {}
    for path, document, *_ in versions:
        if document != SPHINX_CATALOG:  # the interface catalog's messages differ by language
            with contextlib.suppress(L10nError):  # an unreadable template is extract's to report
                found[document] = catalogs.load_shared(path)
    return found or None


def gather(config: "Config | None", paths: Iterable[str | os.PathLike[str]] | None = None,
           languages: Iterable[str] | None = None) -> dict[str | None, list[tuple[str, pathlib.Path]]]:
    """Group catalogs by language: the configured locales, or the given paths."""
    grouped: collections.defaultdict[str | None, list[tuple[str, pathlib.Path]]] = collections.defaultdict(list)
    if paths or config is None:
        for path in catalogs.catalog_files(paths or []):
            lang = catalogs.language_from_path(path)
            document = _document(path) if lang else path.with_suffix("").as_posix()
            grouped[lang].append((document, path))
    else:
        for lang in languages or config.languages:
            folder = config.catalog_dir(lang)
            for path in catalogs.catalog_files([folder]):  # the folder itself if it holds none: an error
                grouped[lang].append((path.relative_to(folder).with_suffix("").as_posix() if path != folder else "", path))
    return dict(grouped)


def _document(path: str | os.PathLike[str]) -> str:
    parts = pathlib.Path(path).with_suffix("").parts
    return "/".join(parts[parts.index("LC_MESSAGES") + 1:])


def format_text(stats: Mapping[str, LanguageStats]) -> str:
    lines = [f"{'language':<10}{'translated':>12}{'fuzzy':>8}{'untransl.':>11}{'obsolete':>10}{'percent':>9}"]
    for lang, s in stats.items():
        lines.append(f"{lang:<10}{s['translated']:>12}{s['fuzzy']:>8}{s['untranslated']:>11}"
                     f"{s['obsolete']:>10}{s['percent']:>8.1f}%")
        for doc, d in s["documents"].items():
            lines.append(f"  {doc:<8}{d['translated']:>12}{d['fuzzy']:>8}{d['untranslated']:>11}"
                         f"{d['obsolete']:>10}{d['percent']:>8.1f}%")
    return "\n".join(lines)


def format_markdown(stats: Mapping[str, LanguageStats]) -> str:
    lines = ["| language | document | translated | fuzzy | untranslated | obsolete | % | words translated |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for lang, s in stats.items():
        lines.append(f"| **{lang}** | *all* | {s['translated']} | {s['fuzzy']} | {s['untranslated']} | {s['obsolete']} "
                     f"| {s['percent']:.1f} | {s['words']['translated']}/{s['words']['total']} |")
        for doc, d in s["documents"].items():
            lines.append(f"| {lang} | {doc} | {d['translated']} | {d['fuzzy']} | {d['untranslated']} | {d['obsolete']} "
                         f"| {d['percent']:.1f} | {d['words']['translated']}/{d['words']['total']} |")
    return "\n".join(lines)


def format_json(stats: Mapping[str, LanguageStats]) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2)
