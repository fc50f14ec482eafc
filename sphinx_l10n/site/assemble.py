"""The site, assembled from what each language's build published (build/manifest/<lang>.json).

What a page shows of the other languages (the switcher, hreflang links, the in-progress
banner, the status table) and the root chooser are written here, after the languages are
built, into the places the l10n extension leaves empty (the switcher's where the theme puts
its navigation: sphinx_l10n.sphinxext.THEME_PLACES), or, for a project without it, at the end
of <head> and the start of <body>. A page's own language switcher or hreflang links are kept,
and l10n adds none beside them, unless [tool.sphinx-l10n] own_language_links = "replace".
No language is rebuilt for it, and the same manifests give the same pages whether the
languages were built on one machine or on many CI runners (`sphinx-l10n build --shard`,
then `sphinx-l10n assemble`).
"""

import hashlib
import html
import json
import pathlib
import re
from typing import Any
from urllib.parse import quote

from sphinx_l10n import L10nError, __version__, interface
from sphinx_l10n.config import Config
from sphinx_l10n.fileio import read_json, replace_text, write_json
from sphinx_l10n.languages import babel_locale
from sphinx_l10n.site.folders import output_dir
from sphinx_l10n.site.manifest import read as read_manifest

STATIC = pathlib.Path(__file__).resolve().parent.parent / "static"  # the site's stylesheet


def _to_root(page: str) -> str:
    """From a page of a language's site to build/html/."""
    return "../" * (page.count("/") + 1)


def manifests(config: Config) -> list[dict[str, Any]]:
    """Every language's manifest in the build folder (from this machine or merged from CI
    shards), checked (manifest.read), in the configured order; a language whose site is gone
    is listed without it, one the project no longer declares not at all."""
    found = [read_manifest(path, config, output_dir(config, path.stem, "html"))
             for path in sorted((config.build_dir / "manifest").glob("*.json"))]
    found = [m for m in found if m["language"] in config.all_languages]
    return sorted(found, key=lambda m: config.all_languages.index(m["language"]))


def built_sites(config: Config) -> list[str]:
    """The languages whose site was built, and not failed or removed since."""
    return [m["language"] for m in manifests(config) if m.get("site")]


# A place the extension left, filled or not; ":auto": one it put in a theme it knows, left empty
# where a template of the project's own has the place (templates/l10n-switcher.html).
_PLACE = re.compile(r"<!--l10n:(head|switcher|banner|status)(:auto)?-->.*?<!--/l10n:\1-->", re.DOTALL)


def assemble(config: Config, *, force: bool = True) -> None:
    """Write the switcher, hreflang links, banner and status table into every page of every
    built site, and the root chooser, from the manifests (never rebuilding a language).
    L10nError 'path: cannot assemble the site: why' where the build folder cannot be written."""
    try:
        _assemble(config, force)
    except OSError as exc:
        raise L10nError(f"{exc.filename or config.build_dir}: cannot assemble the site: {exc.strerror or exc}") from None


def _assemble(config: Config, force: bool) -> None:
    found = manifests(config)
    site = config.build_dir / "html"
    stamp = config.build_dir / "stamps" / "assemble"
    digest = hashlib.sha256(json.dumps([__version__, found], sort_keys=True).encode()).hexdigest()
    if not force and stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return
    sites = [m for m in found if m.get("site")]
    pages = {m["language"]: set(m["site"]) for m in sites}
    written_file = config.build_dir / "stamps" / "assembled.json"
    before, written = read_json(written_file), {}
    for manifest in sites:
        for page in manifest["site"]:
            key = f"{manifest['language']}/{page}"
            written[key] = _assemble_page(config, found, manifest, page, sites, pages, before.get(key))
    write_json(written_file, written)
    replace_text(site / "l10n.css", (STATIC / "l10n.css").read_text(encoding="utf-8"))
    replace_text(site / "l10n-status.svg", status_svg(config, found))
    replace_text(site / "index.html", chooser(config, sites))
    replace_text(stamp, digest)


def _assemble_page(config: Config, found: list[dict[str, Any]], manifest: dict[str, Any], page: str,
                   sites: list[dict[str, Any]], pages: dict[str, set[str]], before: Any) -> list[Any]:
    """Fill one page's places, unless what they hold is what they held when it was last written
    and Sphinx has not written the page since (its time is the one recorded then): after one
    edit, the pages rewritten are those Sphinx wrote and those whose switcher or banner changed.
    What was written: [the parts' digest, the page's time]."""
    path = config.build_dir / "html" / manifest["language"] / page
    parts = _parts(config, found, manifest, page, sites, pages)
    canonical = _url(page, manifest, pages) if manifest.get("baseurl") else ""
    digest = hashlib.sha256(json.dumps([__version__, parts, manifest["direction"], canonical,
                                        config.own_language_links]).encode()).hexdigest()
    if before == [digest, _time(path)]:
        return [digest, before[1]]
    text = path.read_text(encoding="utf-8")
    if manifest["language"] != config.source_language:
        text = mark_untranslated(text, config.source_language)
    text = _name_sidebar(text, manifest["language"])
    replace_text(path, fill(text, parts, manifest["language"], manifest["direction"], canonical, config.own_language_links))
    return [digest, _time(path)]


def _time(path: pathlib.Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


# An element Sphinx marked as left in the source language (translation_progress_classes).
_UNTRANSLATED = re.compile(r'<(\w+)((?: [\w-]+="[^"]*")*? class="(?:[^"]* )?untranslated(?: [^"]*)?")(?![^>]* lang=)')


# Sphinx's basic theme (and the themes built on it) names its sidebar landmark "Main", in
# English, with no message a catalog could translate.
_SIDEBAR_LABEL = re.compile(r'(<div class="sphinxsidebar" role="navigation") aria-label="Main"')


def _name_sidebar(page: str, lang: str) -> str:
    label, label_lang = _said(lang, "Main navigation")
    return _SIDEBAR_LABEL.sub(lambda m: f'{m[1]} aria-label="{label}"{_lang_attribute(label_lang, lang)}', page)


def mark_untranslated(page: str, source_language: str) -> str:
    """Give the source language's lang to what Sphinx left untranslated in a translated page."""
    return _UNTRANSLATED.sub(rf'<\1\2 lang="{source_language}"', page)


def _parts(config: Config, found: list[dict[str, Any]], manifest: dict[str, Any], page: str,
           sites: list[dict[str, Any]], pages: dict[str, set[str]]) -> dict[str, str]:
    """What fill writes into a page's places."""
    return {"head": f'\n<link rel="stylesheet" href="{_to_root(page)}l10n.css">\n',
            "alternates": _head(config, manifest, page, sites, pages),
            "switcher": _switcher(config, manifest, page, sites, pages),
            "banner": _banner(config, manifest) if manifest.get("status") == "in-progress" else "",
            "status": _status_table(config, found, manifest["language"]) if page == "status.html" else ""}


# A language menu of the page's own: an element whose class or id says so (Read the Docs' theme
# leaves <div class="language-switch"> for its flyout's), and hreflang links in <head>.
_OWN_MENU = re.compile(r'<(\w+)\b[^>]*?\b(?:class|id)="[^"]*?\b(?:lang|language)s?[-_]?'
                       r'(?:switch|switcher|selector|select|chooser|menu|picker|dropdown)\b[^"]*"[^>]*>', re.I)
_OWN_ALTERNATE = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="alternate")(?=[^>]*\bhreflang=)[^>]*>\n?', re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _element_end(page: str, start: re.Match[str]) -> int:
    """Where the element whose start tag is start ends (its end tag's end)."""
    name = start[1].lower()
    if name in _VOID or start[0].endswith("/>"):
        return start.end()
    depth = 1
    for tag in re.compile(rf"<(/?){name}\b[^>]*>", re.I).finditer(page, start.end()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end()
    return len(page)


def _own_links(page: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the page's own language menus and hreflang links are, outside l10n's places:
    ([(start, end) of each menu], [(start, end) of each link in <head>])."""
    ours = [m.span() for m in _PLACE.finditer(page)]

    def own(span: tuple[int, int]) -> bool:
        return not any(start <= span[0] < end for start, end in ours)

    head_end = page.find("</head>")
    menus = [(m.start(), _element_end(page, m)) for m in _OWN_MENU.finditer(page) if own(m.span())]
    links = [m.span() for m in _OWN_ALTERNATE.finditer(page, 0, max(head_end, 0)) if own(m.span())]
    return menus, links


def _cut(page: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(set(spans), reverse=True):  # an element inside another goes with it
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
            page = page[:start] + page[end:]
    return page


def fill(page: str, parts: dict[str, str], lang: str, direction: str, canonical: str = "", own_links: str = "keep") -> str:
    """The page with its places filled; a page without them (a theme or project without the
    l10n extension) gets them at the end of <head> and the start of <body>. canonical: the
    page's absolute URL, replacing the one Sphinx wrote (it lacks the language's folder when
    one html_baseurl serves the whole site), or added. own_links: what becomes of the page's
    own language menu and hreflang links: "keep" them (and add no switcher, or no hreflang
    links, beside them), or "replace" them with l10n's."""
    if "<!--l10n:head-->" not in page:
        page = page.replace("</head>", "<!--l10n:head--><!--/l10n:head-->\n</head>", 1)
    if not re.search(r"<!--l10n:switcher[:-]", page):  # the banner too, unless the extension placed it
        banner = "" if "<!--l10n:banner-->" in page else "<!--l10n:banner--><!--/l10n:banner-->"
        page = re.sub(r"(<body[^>]*>)", lambda m: f"{m[1]}\n<!--l10n:switcher--><!--/l10n:switcher-->{banner}", page, count=1)
    if "<!--l10n:switcher-->" in page:  # the project's own place: none where l10n would put one
        page = re.sub(r"<!--l10n:switcher:auto-->.*?<!--/l10n:switcher-->", "", page, flags=re.S)
    menus, links = _own_links(page)
    if own_links == "replace":
        page, menus, links = _cut(page, menus + links), [], []
    parts = {**parts, "switcher": "" if menus else parts["switcher"],
             "head": parts["head"] + ("" if links else parts["alternates"].lstrip("\n"))}
    page = _PLACE.sub(lambda m: f"<!--l10n:{m[1]}{m[2] or ''}-->{parts[m[1]]}<!--/l10n:{m[1]}-->", page)
    if canonical and '<link rel="canonical"' not in page:
        page = page.replace("<!--/l10n:head-->", f'<link rel="canonical" href="{html.escape(canonical)}">\n<!--/l10n:head-->', 1)
    elif canonical:
        page = re.sub(r'<link rel="canonical" href="[^"]*"', f'<link rel="canonical" href="{html.escape(canonical)}"', page,
                      count=1)
    page = re.sub(r'<html((?: lang="[^"]*")?)(?![^>]* dir=)', rf'<html\1 dir="{direction}"', page, count=1)
    return re.sub(r'<html(?![^>]* lang=)', f'<html lang="{lang}"', page, count=1)


def _link(page: str, other: dict[str, Any], pages: dict[str, set[str]]) -> str:
    """From page (in any language) to the same page in other's language, else to its home page:
    a URL, which goes into an attribute HTML-escaped (a page's name is a file's, and may hold a
    quote). Relative where the languages' sites are folders side by side; absolute where each is
    a site of its own (Read the Docs' translations: /es/stable/ beside /en/stable/)."""
    code = other["language"]
    if not _side_by_side(other):
        return _url(page, other, pages) or other["baseurl"]
    return f"{_to_root(page)}{code}/{quote(page) if page in pages[code] else 'index.html'}"


def _side_by_side(manifest: dict[str, Any]) -> bool:
    """Whether the language's site is the folder <lang>/ of the one site (or has no URL of its own)."""
    return not manifest.get("baseurl") or manifest["baseurl"].endswith(f"/{manifest['language']}/")


def _url(page: str, other: dict[str, Any], pages: dict[str, set[str]]) -> str:
    """The same page in another language: absolute where its site has an html_baseurl (search
    engines require absolute hreflang URLs), else relative."""
    code = other["language"]
    if not other.get("baseurl"):
        return _link(page, other, pages)
    return str(other["baseurl"]) + (quote(page) if page in pages[code] else "")


def _head(config: Config, manifest: dict[str, Any], page: str, sites: list[dict[str, Any]],
          pages: dict[str, set[str]]) -> str:
    """The page's hreflang links: each language that has the page, and x-default: the chooser at
    the site's root, or where each language is a site of its own, the source language's page."""
    links = [f'<link rel="alternate" hreflang="{m["language"]}" href="{html.escape(_url(page, m, pages))}">'
             for m in sites if page in pages[m["language"]]]
    source = next((m for m in sites if m["language"] == config.source_language and page in pages[m["language"]]), None)
    if not manifest.get("baseurl"):
        default = f"{_to_root(page)}index.html"
    elif _side_by_side(manifest):
        default = manifest["baseurl"].removesuffix(f"{manifest['language']}/")
    else:
        default = _url(page, source or manifest, pages)
    links.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(default)}">')
    return "\n" + "\n".join(links) + "\n"


# How a language's status ([tool.sphinx-l10n] languages) reads on the site.
STATUS_WORDS = {"release": "published", "in-progress": "in progress"}


def _said(lang: str, message: str, **values: str) -> tuple[str, str]:
    """message in lang (else English), with its values, HTML-escaped; and the language it is in."""
    return html.escape(interface.gettext(lang, message).format(**values)), interface.speaks(lang, message)


def _lang_attribute(text_lang: str, page_lang: str) -> str:
    return "" if text_lang == page_lang else f' lang="{text_lang}"'


def _switcher(config: Config, manifest: dict[str, Any], page: str, sites: list[dict[str, Any]],
              pages: dict[str, set[str]]) -> str:
    current = manifest["language"]
    up = _to_root(page)
    items = []
    for other in sites:
        code, name = other["language"], html.escape(other["name"])
        link = (f'<span lang="{code}" aria-current="page">{name}</span>' if code == current
                else f'<a href="{html.escape(_link(page, other, pages))}" hreflang="{code}" lang="{code}">{name}</a>')
        pdfs = "".join(f' <a class="l10n-pdf" href="{up}pdf/{html.escape(quote(pdf))}" hreflang="{code}" '
                       f'type="application/pdf" aria-label="PDF {name}">PDF</a>' for pdf in other.get("pdf", []))
        current_class = ' class="current"' if code == current else ""
        items.append(f"    <li{current_class}>{link}{pdfs}</li>")
    if "status.html" in pages[current]:
        status = "../" * page.count("/") + "status.html"
        text, lang = _said(current, "Translation status")
        items.append(f'    <li class="l10n-status-link"><a href="{status}"{_lang_attribute(lang, current)}>{text}</a></li>')
    label, lang = _said(current, "Languages")
    nav = (f'\n<nav class="l10n-switcher" aria-label="{label}"{_lang_attribute(lang, current)}>\n  <ul>\n'
           + "\n".join(items) + "\n  </ul>\n</nav>\n")
    return nav


def _banner(config: Config, manifest: dict[str, Any]) -> str:
    """The in-progress banner, in the page's language: its completion, and where the rest comes from."""
    from babel.numbers import format_percent

    current = manifest["language"]
    locale = babel_locale(current)
    percent = format_percent((manifest.get("stats") or {}).get("percent", 0.0) / 100, locale=locale)
    progress, lang = _said(current, "This translation is in progress: {percent} translated.", percent=percent)
    source = babel_locale(config.source_language).get_display_name(locale if lang == current else "en") or ""
    rest, rest_lang = _said(current, "Passages not yet translated are shown in the original {language}.", language=source)
    lang = lang if lang == rest_lang else "en"
    return f'<div class="l10n-banner" role="note"{_lang_attribute(lang, current)}>\n  {progress}\n  {rest}\n</div>\n'


def _status_table(config: Config, found: list[dict[str, Any]], current: str) -> str:
    """The status page's body, in the language of the site it is in: a chart that says each
    language's completion and status in words (not by colour alone), and the table by document,
    whose rows stack into cards on a narrow screen (l10n.css) instead of scrolling sideways."""
    from babel.numbers import format_decimal, format_percent

    locale = babel_locale(current)

    def say(message: str) -> str:
        text, lang = _said(current, message)
        return f"<span lang=\"{lang}\">{text}</span>" if lang != current else text

    def number(value: float, pattern: str = "#,##0") -> str:
        return format_decimal(value, format=pattern, locale=locale)

    labels = [say(h) for h in ("Language", "Status", "Document", "Translated", "Fuzzy", "Untranslated", "Total")]
    labels += ["%", say("Words translated")]
    bars, rows = [], []
    for manifest in found:
        counts = manifest.get("stats")
        if not counts:
            continue
        code, name, status = manifest["language"], html.escape(manifest["name"]), manifest["status"]
        percent = format_percent(counts["percent"] / 100, locale=locale)
        bars.append(f'    <li class="l10n-{status}"><span class="l10n-chart-name" lang="{code}">{name}</span>'
                    f'<span class="l10n-chart-bar" aria-hidden="true"><span style="width: {counts["percent"]:.1f}%">'
                    f'</span></span><span class="l10n-chart-value">{percent} · {say(STATUS_WORDS[status])}</span></li>')
        for document, d in counts["documents"].items():
            # A document's name is an identifier, not a word to translate.
            cells = [f'<span lang="{code}">{name}</span> ({code})', say(STATUS_WORDS[status]),
                     f'<span translate="no">{html.escape(document)}</span>',
                     number(d["translated"]), number(d["fuzzy"]), number(d["untranslated"]), number(d["total"]),
                     number(d["percent"], "0.0"), f"{number(d['words']['translated'])} / {number(d['words']['total'])}"]
            # One span per cell: on a narrow screen the cell is a flex line of label and value.
            rows.append("    <tr>" + "".join(f'<td data-label="{html.escape(_plain(label))}"><span>{cell}</span></td>'
                                              for label, cell in zip(labels, cells, strict=True)) + "</tr>")
    intro = (say("Entries translated per language and document. Fuzzy entries need review and do not count as translated.")
             + " " + say("Release languages must be complete; in-progress languages are published with a banner."))
    headers = "".join(f"<th>{label}</th>" for label in labels)
    return (f'\n<p>{intro}</p>\n<ul class="l10n-chart">\n' + "\n".join(bars) + "\n</ul>\n"
            f'<table class="docutils l10n-status">\n  <thead><tr>{headers}</tr></thead>\n  <tbody>\n'
            + "\n".join(rows) + "\n  </tbody>\n</table>\n")


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def status_svg(config: Config, found: list[dict[str, Any]]) -> str:
    """A horizontal bar chart of completion per translation, as SVG text."""
    row, label_width, bar_width = 28, 110, 360
    languages = [m for m in found if m.get("stats")]
    height = row * len(languages) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 170}" height="{height}" '
             f'viewBox="0 0 {label_width + bar_width + 170} {height}" role="img" '
             'aria-label="Translation completion per language" font-family="sans-serif" font-size="13">']
    for index, manifest in enumerate(languages):
        counts = manifest["stats"]
        total = counts["total"] or 1
        y = 10 + index * row
        done, fuzzy = bar_width * counts["translated"] / total, bar_width * counts["fuzzy"] / total
        parts.append(f'<text x="0" y="{y + 15}">{html.escape(manifest["name"])} ({manifest["language"]})</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="20" fill="#e6e6e6"/>')
        colour = "#2e7d32" if manifest["status"] == "release" else "#1565c0"
        parts.append(f'<rect x="{label_width}" y="{y}" width="{done:.1f}" height="20" fill="{colour}"/>')
        if fuzzy:
            parts.append(f'<rect x="{label_width + done:.1f}" y="{y}" width="{fuzzy:.1f}" height="20" fill="#f9a825"/>')
        word = STATUS_WORDS[manifest["status"]]
        parts.append(f'<text x="{label_width + bar_width + 8}" y="{y + 15}">{counts["percent"]:.0f}% {word}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _chooser_item(manifest: dict[str, Any]) -> str:
    """One language in the chooser, in that language: its name, completion and status, PDFs, status page."""
    from babel.numbers import format_percent

    code, name = manifest["language"], html.escape(manifest["name"])
    parts = [f'<a class="l10n-language" href="{code}/index.html" hreflang="{code}">{name}</a>']
    if manifest.get("stats"):
        percent = format_percent(manifest["stats"]["percent"] / 100, locale=babel_locale(code))
        status, lang = _said(code, STATUS_WORDS[manifest["status"]])
        parts.append(f'<span class="l10n-completion">{percent}</span> <span{_lang_attribute(lang, code)}>{status}</span>')
    parts += [f'<a class="l10n-pdf" href="pdf/{html.escape(quote(pdf))}" type="application/pdf" aria-label="PDF {name}">PDF</a>'
              for pdf in manifest.get("pdf", [])]
    if "status.html" in manifest["site"]:
        text, lang = _said(code, "Translation status")
        parts.append(f'<a href="{code}/status.html"{_lang_attribute(lang, code)}>{text}</a>')
    return f'    <li lang="{code}">{" ".join(parts)}</li>'


def chooser(config: Config, sites: list[dict[str, Any]]) -> str:
    """build/html/index.html: every language built, with its completion, PDFs and status page; it
    works without JavaScript. With it, a reader's first visit goes to the language they chose
    last (a click here is remembered), else to their browser's first language the site has; a
    later visit shows the list."""
    built = [m["language"] for m in sites]
    default = config.source_language if config.source_language in built else (built or [config.source_language])[0]
    items = "\n".join(_chooser_item(m) for m in sites)
    alternates = "\n".join(f'<link rel="alternate" hreflang="{code}" href="{code}/index.html">' for code in built)
    codes = json.dumps(built).replace("<", "\\u003c")[1:-1]  # in a script: JS strings, and no "</" ends it
    title = html.escape(config.sphinx.project or config.project)
    return f"""<!DOCTYPE html>
<html lang="{config.source_language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="l10n.css">
{alternates}
<link rel="alternate" hreflang="x-default" href="{default}/index.html">
<script>
(function () {{
  var available = [{codes}], store = window.localStorage;
  document.addEventListener("click", function (event) {{
    var link = event.target.closest && event.target.closest("a.l10n-language");
    if (link && store) store.setItem("l10n-language", link.getAttribute("hreflang"));
  }});
  if (!store || store.getItem("l10n-visited")) return;  /* a later visit: the reader came to choose */
  store.setItem("l10n-visited", "1");
  var wanted = [store.getItem("l10n-language") || ""].concat(navigator.languages || [navigator.language || ""]);
  for (var i = 0; i < wanted.length; i++) {{
    var code = String(wanted[i]).toLowerCase(), base = code.split("-")[0];
    for (var j = 0; j < available.length; j++) {{
      if (code && (available[j].toLowerCase() === code || available[j].toLowerCase() === base)) {{
        window.location.replace(available[j] + "/index.html");
        return;
      }}
    }}
  }}
}})();
</script>
</head>
<body class="l10n-chooser">
<main>
<h1>{title}</h1>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""
