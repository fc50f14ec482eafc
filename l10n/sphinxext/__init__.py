"""Sphinx extension: a multi-language site.

On every page: a language switcher linking to the same page in every
other language (and to that language's PDF), ``<link rel="alternate"
hreflang>`` for every language plus ``x-default``, the text direction from
Babel, and on pages of an in-progress language a banner with its
completion. Languages and their status come from [tool.l10n]. It loads
the guard on translated content (l10n.sphinxext.guard) too.
"""

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from l10n import __version__, stats
from l10n import config as configuration

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig

# The handlers below take Sphinx's app as Any: they keep this extension's
# per-build state (_l10n_project, _l10n_stats, ...) as attributes on it.

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
STATIC = os.path.join(os.path.dirname(__file__), "static")


def language_name(code: str) -> str:
    """The language's own name for itself: English, Deutsch, español, 日本語."""
    locale = configuration.babel_locale(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def text_direction(code: str) -> str:
    return configuration.babel_locale(code).text_direction


# Fonts for the scripts xelatex's default fonts lack, from Debian's fonts-noto-cjk.
CJK_FONTS = {
    "ja": ("Noto Serif CJK JP", "Noto Sans CJK JP", "Noto Sans Mono CJK JP"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"),
    "ko": ("Noto Serif CJK KR", "Noto Sans CJK KR", "Noto Sans Mono CJK KR"),
}


def _conf_namespace(config: "SphinxConfig") -> dict[str, Any] | None:
    """conf.py's namespace as Sphinx read it, so that l10n does not evaluate conf.py again;
    None (read it again) where a -D override may have been written into it, as Sphinx
    before 7.3 does: l10n needs conf.py's own language, not the one being built."""
    raw = getattr(config, "_raw_config", None)
    if not isinstance(raw, dict):
        return None
    overrides = getattr(config, "overrides", {})
    if any(str(raw.get(name)) == str(value) for name, value in overrides.items() if name in configuration.CONF_SETTINGS):
        return None
    return raw


def _on_config_inited(app: Any, config: "SphinxConfig") -> None:
    """Per-language LaTeX settings, decided once the final language is known."""
    project_config = app._l10n_project = configuration.load(app.confdir, _conf_namespace(config))
    lang = config.language or project_config.source_language
    title = ""  # empty: the LaTeX writer takes the (translated) document title
    config.latex_documents = [(config.root_doc, f"{project_config.project}-{lang}.tex", title, config.author, "howto")]
    elements = dict(config.latex_elements or {})
    elements.setdefault("printindex", "")
    preamble = config.l10n_latex_preamble
    base = configuration.base_language(lang)
    if base in CJK_FONTS:
        serif, sans, mono = CJK_FONTS[base]
        config.latex_engine = "lualatex"
        # Sphinx's Japanese default classes (jsbook, jreport) need pLaTeX;
        # luatexja's ltjs* classes are their LuaLaTeX counterparts.
        config.latex_docclass = {"manual": "ltjsbook", "howto": "ltjsarticle"}
        elements.update({
            "babel": "",
            "polyglossia": "",
            "fontpkg": "\\usepackage[match]{luatexja-fontspec}\n"
                       f"\\setmainjfont{{{serif}}}\n\\setsansjfont{{{sans}}}\n\\setmonojfont{{{mono}}}\n",
        })
    else:
        config.latex_engine = "xelatex"
    elements["preamble"] = elements.get("preamble", "") + preamble
    config.latex_elements = elements


def _on_builder_inited(app: Any) -> None:
    """Completion of every language, counted once: the banner and the status page use it."""
    project_config = app._l10n_project
    # A catalog that cannot be read fails its own language's build; here it is left out.
    app._l10n_stats = stats.collect(stats.gather(project_config), errors=[])
    app._l10n_completion = None
    lang = app.config.language
    if project_config.languages.get(lang, "release") != "release":
        app._l10n_completion = app._l10n_stats[lang]["percent"] if lang in app._l10n_stats else 0.0


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: "nodes.document | None") -> None:
    project_config = app._l10n_project
    current = app.config.language
    up = "../" * (pagename.count("/") + 1)  # from this page to build/html/
    languages = []
    for code in project_config.all_languages:
        languages.append({
            "code": code,
            "name": language_name(code),
            "href": f"{up}{code}/{pagename}.html",
            "pdf": f"{up}pdf/{project_config.project}-{code}.pdf",
            "current": code == current,
        })
    context["l10n_languages"] = languages
    context["l10n_x_default"] = f"{up}{project_config.source_language}/{pagename}.html"
    context["l10n_completion"] = app._l10n_completion
    # The banner is in English, so it names the source language in English.
    context["l10n_source_name"] = configuration.babel_locale(project_config.source_language).get_display_name("en")
    context["l10n_status_href"] = f"{'../' * pagename.count('/')}status.html"


def status_svg(project_config: configuration.Config, result: dict[str, Any]) -> str:
    """A horizontal bar chart of completion per language, as SVG text."""
    from xml.sax.saxutils import escape

    row, label_width, bar_width = 28, 110, 360
    languages = list(project_config.languages)
    height = row * len(languages) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 70}" height="{height}" '
             f'viewBox="0 0 {label_width + bar_width + 70} {height}" role="img" aria-label="Translation completion per language" '
             'font-family="sans-serif" font-size="13">']
    for index, code in enumerate(languages):
        counts = result.get(code, {"translated": 0, "fuzzy": 0, "total": 0, "percent": 0.0})
        total = counts["total"] or 1
        y = 10 + index * row
        done = bar_width * counts["translated"] / total
        fuzzy = bar_width * counts["fuzzy"] / total
        status = project_config.languages[code]
        parts.append(f'<text x="0" y="{y + 15}">{escape(language_name(code))} ({code})</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="20" fill="#e6e6e6"/>')
        colour = "#2e7d32" if status == "release" else "#1565c0"
        parts.append(f'<rect x="{label_width}" y="{y}" width="{done:.1f}" height="20" fill="{colour}"/>')
        if fuzzy:
            parts.append(f'<rect x="{label_width + done:.1f}" y="{y}" width="{fuzzy:.1f}" height="20" fill="#f9a825"/>')
        parts.append(f'<text x="{label_width + bar_width + 8}" y="{y + 15}">{counts["percent"]:.0f}%</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _on_collect_pages(app: Any) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The translation status page, in every language's site."""
    project_config = app._l10n_project
    result = app._l10n_stats
    static = os.path.join(app.outdir, "_static")
    os.makedirs(static, exist_ok=True)
    with open(os.path.join(static, "l10n-status.svg"), "w", encoding="utf-8") as f:
        f.write(status_svg(project_config, result))
    rows = []
    for code, status in project_config.languages.items():
        counts = result.get(code)
        if counts is None:
            continue
        for document, d in counts["documents"].items():
            rows.append({"code": code, "name": language_name(code), "status": status, "document": document, **d})
    yield "status", {"title": "Translation status", "l10n_rows": rows}, "l10n-status.html"


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    """Put the text direction on <html>: Sphinx's templates have no block for it."""
    if exception is not None or app.builder.format != "html":
        return
    direction = text_direction(app.config.language or app._l10n_project.source_language)
    for folder, _, files in os.walk(app.outdir):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    page = f.read()
                fixed = re.sub(r'<html((?: lang="[^"]*")?)(?! dir=)', rf'<html\1 dir="{direction}"', page, count=1)
                if fixed != page:
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(fixed)


def setup(app: "Sphinx") -> dict[str, Any]:
    app.add_config_value("l10n_latex_preamble", "", "env")
    app.setup_extension("l10n.sphinxext.guard")  # also where sphinx-build runs without `l10n build`
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect("build-finished", _on_build_finished)
    app.config.templates_path = [TEMPLATES, *app.config.templates_path]
    app.config.html_static_path = [STATIC, *app.config.html_static_path]
    app.add_css_file("l10n.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
