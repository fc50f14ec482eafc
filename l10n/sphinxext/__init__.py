"""Sphinx extension: a multi-language site.

Every page gets two empty places, in <head> and above the content, and the
site a status page with one: `l10n build` fills them once every language is
built (l10n.build.assemble) with the language switcher, hreflang links, the
in-progress banner and the status table, from the manifest of the languages
built. A page therefore depends on its own language only, and Sphinx's
incremental build stays valid when another language changes. PDFs get the
engine and fonts of their script. It loads the guard on translated content
(l10n.sphinxext.guard) too.
"""

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from l10n import __version__, interface
from l10n import config as configuration

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


# Fonts for the scripts xelatex's default fonts lack, from Debian's fonts-noto-cjk.
CJK_FONTS = {
    "ja": ("Noto Serif CJK JP", "Noto Sans CJK JP", "Noto Sans Mono CJK JP"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"),
    "ko": ("Noto Serif CJK KR", "Noto Sans CJK KR", "Noto Sans Mono CJK KR"),
}


def _chosen(config: "SphinxConfig", name: str) -> bool:
    """Whether conf.py or a -D option set name: the project's choice, which l10n keeps."""
    return name in config.overrides or name in getattr(config, "_raw_config", {})


def _on_config_inited(app: Any, config: "SphinxConfig") -> None:
    """Per-language LaTeX settings, decided once the final language is known: the engine and
    fonts of the language's script, unless conf.py or a -D option chose the engine."""
    elements = dict(config.latex_elements or {})
    elements.setdefault("printindex", "")
    base = configuration.base_language(config.language)
    chosen = _chosen(config, "latex_engine")
    if base in CJK_FONTS and not chosen:
        serif, sans, mono = CJK_FONTS[base]
        # xelatex with xeCJK: measured on this article's Japanese PDF against lualatex with
        # luatexja (5x slower, and sets the French fallback's ’ and ” full-width) and uplatex
        # (no Symbola emoji, no bold kanji, another latexmk rule).
        config.latex_engine = "xelatex"
        if base == "ja":  # BXjscls: jsarticle's and jsbook's Japanese layout, for xelatex
            config.latex_docclass = {"manual": "bxjsbook", "howto": "bxjsarticle"}
            elements["classoptions"] = elements.get("classoptions", "") + ",xelatex,ja=standard"
        elements.update({
            "babel": "",
            "polyglossia": "",
            "fontpkg": "\\usepackage{xeCJK}\n"
                       f"\\setCJKmainfont{{{serif}}}\n\\setCJKsansfont{{{sans}}}\n\\setCJKmonofont{{{mono}}}\n",
        })
    elif not chosen:
        config.latex_engine = "xelatex"  # any Unicode text a translation brings, where pdflatex stops
    elements["preamble"] = elements.get("preamble", "") + config.l10n_latex_preamble
    config.latex_elements = elements


def _mark_untranslated(app: Any, config: "SphinxConfig") -> None:
    """Sphinx (7.1 and later) marks what it left in the source language: `assemble` gives those
    elements the source's lang, so that a screen reader reads them with the source's voice."""
    if "translation_progress_classes" in config and not _chosen(config, "translation_progress_classes"):
        config.translation_progress_classes = "untranslated"


def _on_collect_pages(app: Any) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The translation status page, in every language's site (its table: l10n.assemble)."""
    lang = app.config.language or "en"
    spoken = interface.speaks(lang, "Translation status")
    yield "status", {"title": interface.gettext(lang, "Translation status"),
                     "l10n_title_lang": spoken if spoken != lang else ""}, "l10n-status.html"


def setup(app: "Sphinx") -> dict[str, Any]:
    app.add_config_value("l10n_latex_preamble", "", "env")
    app.setup_extension("l10n.sphinxext.guard")  # also where sphinx-build runs without `l10n build`
    app.connect("config-inited", _on_config_inited)
    app.connect("config-inited", _mark_untranslated)
    app.connect("html-collect-pages", _on_collect_pages)
    app.config.templates_path = [TEMPLATES, *app.config.templates_path]
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
