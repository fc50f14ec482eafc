"""A project's files as the commands find them: its sources (as Sphinx reads them), its templates
and the catalogs of each language, the compendia, and the translation memory made of them."""

import json
import os
import pathlib
import re
from collections.abc import Callable, Iterable, Iterator

import polib

from sphinx_l10n import L10nError, catalogs, fileio, interface, memory
from sphinx_l10n.config import Config


def extract_record(config: Config) -> pathlib.Path:
    return config.build_dir / "stamps" / "gettext.record"


def sources(config: Config) -> tuple[pathlib.Path, tuple[str, ...]]:
    """The folder Sphinx read the sources from at the last extract, and their suffixes. conf.py's
    setup() may move them (app.srcdir = ...), which only a Sphinx run shows; without a record of
    one, source_dir and conf.py's source_suffix."""
    try:
        record = json.loads(extract_record(config).read_text(encoding="utf-8"))
        return pathlib.Path(record["srcdir"]), tuple(record["source_suffix"]) or config.sphinx.source_suffixes
    except (OSError, ValueError, KeyError, TypeError):  # none yet (or an older extract's): conf.py's own settings
        return config.source_dir, config.sphinx.source_suffixes


def located(failure: str, where: pathlib.Path, what: str) -> str:
    """A failure as one `file:line: message` line: at the place it names, else at where."""
    match = re.match(r"^(\S.*?:\d+): (.*)$", failure)
    return f"{match[1]}: {what}: {match[2]}" if match else f"{where}: {what}: {failure}"


def template_for(doc: str, template: "polib.POFile", lang: str) -> "polib.POFile":
    """The template lang's catalog of doc follows: the interface catalog holds only the messages
    Sphinx leaves untranslated in lang."""
    return interface.project_template(template, lang) if doc == interface.SPHINX_CATALOG else template


def catalogs_of(config: Config, lang: str, documents: Iterable[str]) -> list[str]:
    """The documents lang has catalogs for: the source language has only the interface catalog."""
    return [doc for doc in documents if lang != config.source_language or doc == interface.SPHINX_CATALOG]


def templates(config: Config) -> dict[str, pathlib.Path]:
    """The .pot files by document name ('index', 'sub/page', ...)."""
    pot_dir = config.pot_dir
    found = {p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))}
    if not found:  # a missing, empty or unreadable folder: `update --prune` would delete every catalog
        raise L10nError(f"{pot_dir}: no templates; run `sphinx-l10n extract` first")
    return found


def orphans(config: Config, languages: Iterable[str] | None = None) -> list[pathlib.Path]:
    """Catalogs whose document has no template any more (the page was removed)."""
    documents = set(templates(config))
    found = []
    for lang in languages or config.languages:
        folder = config.catalog_dir(lang)
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            if path.relative_to(folder).with_suffix("").as_posix() not in documents:
                found.append(path)
    return found


def compendia(config: Config, lang: str) -> list[pathlib.Path]:
    """The compendia of a language: <memory_dir>/<lang>/*.po."""
    folder = config.memory_dir / lang if config.memory_dir else None
    return sorted(folder.rglob("*.po")) if folder is not None and folder.is_dir() else []


def document_catalogs(config: Config, lang: str) -> list[pathlib.Path]:
    """lang's catalogs of the project's documents: not its interface catalog, whose messages are
    Sphinx's (English), not the source's."""
    sphinx_words = interface.interface_catalog(config, lang)
    return [path for path in sorted(config.catalog_dir(lang).rglob("*.po")) if path != sphinx_words]


def finished_entries(paths: Iterable[pathlib.Path]) -> Iterator[tuple[pathlib.Path, "polib.POEntry"]]:
    """The translated, non-plural entries of the catalogs, with their catalog. A catalog that cannot
    be read is skipped: the command that reads it as such (update, check) reports it."""
    for path, catalog in catalogs.readable(paths):
        for entry in catalog:
            if catalogs.is_translated(entry) and not entry.msgid_plural:
                yield path, entry


def translation_memory(config: Config, lang: str, *, sentences: bool = True) -> memory.Memory:
    """Every finished translation of lang, as `update` offers them to new entries: the project's
    document catalogs first, then its compendia; with each sentence of the entries that align
    surely, unless sentences is false (a TMX export holds the entries only)."""
    found = memory.Memory()
    for path, entry in finished_entries([*document_catalogs(config, lang), *compendia(config, lang)]):
        origin = f"{os.path.relpath(path, config.root)}:{entry.linenum}"
        found.add(entry.msgid, entry.msgstr, origin)
        pairs = memory.sentence_pairs(entry.msgid, entry.msgstr, config.source_language, lang) if sentences else []
        for sentence, translation in pairs:
            found.add(sentence, translation, origin, sentence=True)
    return found


def lazy_memory(config: Config, lang: str, made: dict[str, memory.Memory]) -> Callable[[], memory.Memory]:
    """The language's translation memory, made the first time a new entry asks for it."""
    def get() -> memory.Memory:
        if lang not in made:
            made[lang] = translation_memory(config, lang)
        return made[lang]
    return get


def typo_words(config: Config) -> frozenset[str]:
    """The source language's word list of the typo rule (lower case), or none: the rule is off."""
    if config.typo_words is None:
        return frozenset()
    fileio.confined(config.typo_words)
    try:
        text = config.typo_words.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise L10nError(f"{config.typo_words}:0: typo_words: cannot read the word list: {exc.strerror}") from None
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())
