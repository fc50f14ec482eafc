"""A language's manifest (build/manifest/<lang>.json), read as the input it is: after
`build --shard`, manifests and sites come from CI artifacts, and whatever a field holds goes
into every page of the site. Every field is checked where it enters, and the first problem is
one line naming the file and the field's line; assemble then writes nothing."""

import concurrent.futures
import json
import math
import pathlib
import re
from collections.abc import Iterator
from typing import Any

from sphinx_l10n import L10nError, stats
from sphinx_l10n.config import Config
from sphinx_l10n.fileio import read_json, write_json
from sphinx_l10n.languages import language_name, text_direction, validate_language
from sphinx_l10n.site.folders import manifest_file, output_dir, site_url, state_path
from sphinx_l10n.targets import PUBLISHED, TARGETS, Target

STATUSES = ("source", "release", "in-progress")
DIRECTIONS = ("ltr", "rtl")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# html_baseurl as build.site_url writes it: http(s), absolute, a folder of its path the language's.
_BASEURL = re.compile(r"https?://[^\s\"'<>\\`\x00-\x1f\x7f]+/")
_COUNTS = ("translated", "fuzzy", "total")
_DOCUMENT_COUNTS = ("translated", "fuzzy", "untranslated", "total")


def read(path: pathlib.Path, config: Config, site_folder: pathlib.Path) -> dict[str, Any]:
    """The manifest at path, every field checked; its site None where its pages are gone (a failed
    or removed language). site_folder: build/html/<lang>/ of the file's language."""
    try:
        text = path.read_text(encoding="utf-8")
        manifest = json.loads(text)
    except OSError as exc:
        raise L10nError(f"{path}:0: cannot read the manifest: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise L10nError(f"{path}:1: the manifest is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise L10nError(f"{path}:{exc.lineno}: the manifest is not JSON: {exc.msg}") from None
    if not isinstance(manifest, dict):
        raise L10nError(f"{path}:1: the manifest is not a JSON object")
    for field, empty in (*((name, []) for name in PUBLISHED), ("baseurl", ""), ("site", None), ("stats", None)):
        manifest.setdefault(field, empty)  # optional: what a language did not publish
    for field, problem in _problems(manifest, path.stem, config, site_folder):
        raise L10nError(f"{path}:{_line_of(text, field)}: {field}: {problem}; not assembled")
    if manifest["site"] and not (site_folder / manifest["site"][0]).is_file():
        manifest["site"] = None
    return manifest


def _names_language(url: str, code: str) -> bool:
    """Whether a folder of url's path is the language's (build.site_url: https://x.org/de/, https://x.org/de/stable/)."""
    return any(folder.lower().replace("_", "-") == code.lower().replace("_", "-")
               for folder in url.split("://", 1)[-1].split("/")[1:])


def _line_of(text: str, field: str) -> int:
    """The line of the field's key (its first mention: the top-level fields come first as build sorts them)."""
    match = re.search(re.escape(json.dumps(field)) + r"\s*:", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _problems(manifest: dict[str, Any], stem: str, config: Config, folder: pathlib.Path) -> Iterator[tuple[str, str]]:
    """(field, what is wrong with it) for each field that is not as build writes it."""
    code = manifest.get("language")
    try:
        validate_language(code)
    except L10nError:
        yield "language", f"{code!r:.80} is not a language code"
        return
    if code != stem:
        yield "language", f"{code!r} in the manifest of {stem!r} (build/manifest/<lang>.json)"
    name = manifest.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200 or _CONTROL.search(name):
        yield "name", f"{name!r} is not a language's name (text of 1 to 200 characters, no control)"
    if manifest.get("direction") not in DIRECTIONS:
        yield "direction", f"{manifest.get('direction')!r} is not one of {', '.join(DIRECTIONS)}"
    status = manifest.get("status")
    if status not in STATUSES or (status == "source") != (code == config.source_language):
        yield "status", f"{status!r} is not {code}'s: the source's is source, a translation's release or in-progress"
    yield from (("stats", problem) for problem in _stats_problems(manifest.get("stats"), status))
    yield from (("site", problem) for problem in _site_problems(manifest.get("site"), folder, config.build_dir))
    baseurl = manifest.get("baseurl")
    if not isinstance(baseurl, str) or (baseurl and not (_BASEURL.fullmatch(baseurl) and _names_language(baseurl, str(code)))):
        yield "baseurl", f"{baseurl!r} is not empty nor an http(s) URL with the folder /{code}/"
    for field in PUBLISHED:
        yield from ((field, problem) for problem in _file_name_problems(manifest.get(field), f".{field}"))


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _percent(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 100


def _stats_problems(stats: object, status: object) -> Iterator[str]:
    if stats is None:
        return
    if status == "source" or not isinstance(stats, dict):
        yield f"{stats!r:.80} is not a translation's counts (null for the source)"
        return
    if not all(_count(stats.get(key)) for key in _COUNTS) or not _percent(stats.get("percent")):
        yield f"translated, fuzzy, total are not counts or percent not from 0 to 100 ({stats.get('percent')!r:.40})"
    documents = stats.get("documents")
    if not isinstance(documents, dict):
        yield "documents is not an object of documents' counts"
        return
    for document, counts in documents.items():
        words = counts.get("words") if isinstance(counts, dict) else None
        if not (isinstance(words, dict) and all(_count(counts.get(key)) for key in _DOCUMENT_COUNTS)
                and _percent(counts.get("percent")) and _count(words.get("translated")) and _count(words.get("total"))):
            yield f"the counts of document {document!r:.80} are not counts"
            return


def _site_problems(site: object, folder: pathlib.Path, build_dir: pathlib.Path) -> Iterator[str]:
    """The site's pages: relative paths of HTML files inside the language's folder of the build."""
    if site is None:
        return
    if not isinstance(site, list) or not site or not all(isinstance(page, str) for page in site):
        yield f"{site!r:.80} is not null nor a list of pages"
        return
    for page in site:
        parts = page.split("/")
        if (not page.endswith(".html") or "\\" in page or _CONTROL.search(page)
                or any(part in ("", ".", "..") for part in parts)):
            yield f"{page!r:.80} is not a relative path of an HTML page (no '..', no leading '/')"
            return
    if not (folder / site[0]).is_file():
        return  # the site is gone: nothing of it is read or written
    inside = folder.resolve()
    if not inside.is_relative_to(build_dir.resolve()):
        yield f"{folder} leads out of the build folder, to {inside}"
        return
    for page in site:
        path = (folder / page).resolve()
        if not path.is_relative_to(inside) or not path.is_file():
            yield f"{page!r:.80} is not a page in {folder}" + (f" (it leads to {path})" if path.exists() else "")
            return


def _file_name_problems(names: object, suffix: str) -> Iterator[str]:
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        yield f"{names!r:.80} is not a list of file names"
        return
    for name in names:
        if not name.endswith(suffix) or "/" in name or "\\" in name or name.startswith(".") or _CONTROL.search(name):
            yield f"{name!r:.80} is not a {suffix} file's name (no folder)"
            return


def completion(config: Config, lang: str) -> dict[str, Any] | None:
    """A language's counts, as its banner, its PDF and the status page give them."""
    found = stats.collect(stats.gather(config, languages=[lang]), [], stats.project_templates(config)).get(lang)
    return {key: found[key] for key in ("translated", "fuzzy", "total", "percent", "documents")} if found else None


def published_files(target: Target, folder: pathlib.Path, state: dict[str, Any]) -> dict[str, list[str]]:
    """What a target's successful build publishes, by manifest field: the site's pages (relative
    to its folder), the PDFs latexmk made, the epub files. A new kind of output is a branch here."""
    if target.site:
        return {"site": sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html")
                               if not path.relative_to(folder).parts[0].startswith("_"))}
    if target.pdf:
        return {target.publishes: sorted({pathlib.Path(path).name for path in state.get("outputs", [])})}
    if target.publishes:
        return {target.publishes: sorted(path.name for path in folder.glob(f"*.{target.publishes}"))}
    return {}


def write_manifest(config: Config, lang: str,
                   counts: "concurrent.futures.Future[dict[str, Any] | None] | None" = None) -> None:
    """build/manifest/<lang>.json: what the language's build published, and its completion (counts,
    where it was counted already)."""
    published: dict[str, Any] = {"site": None, "baseurl": "", **{field: [] for field in PUBLISHED}}
    for target in config.targets(lang):
        state = read_json(state_path(config, lang, target))
        if state.get("ok"):
            published.update(published_files(TARGETS[target], output_dir(config, lang, target), state))
            if TARGETS[target].site:
                published["baseurl"] = site_url(state.get("baseurl", ""), lang, config.all_languages)
    stats = counts.result() if counts is not None else completion(config, lang) if lang != config.source_language else None
    write_json(manifest_file(config, lang), {
        "language": lang, "name": language_name(lang), "direction": text_direction(lang),
        "status": "source" if lang == config.source_language else config.languages.get(lang, "in-progress"),
        "stats": stats, **published,
    })
