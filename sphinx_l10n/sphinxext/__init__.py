"""Sphinx extension: a multi-language site.

Every page gets empty places, in <head>, where the theme puts its navigation (THEME_PLACES)
and at the top of the document, and the site a status page with one: `sphinx-l10n build`
fills them once every language is built (sphinx_l10n.site.assemble) with the hreflang links, the
language switcher, the in-progress banner and the status table, from the manifest of the
languages built. A page therefore depends on its own language only, and Sphinx's
incremental build stays valid when another language changes. It loads the
guard on translated content (sphinx_l10n.sphinxext.guard), the PDFs' settings
(sphinx_l10n.sphinxext.pdf) and the "improve this translation" links (sphinx_l10n.sphinxext.edit) too.
"""

import gettext
import html
import importlib.util
import json
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sphinx_l10n import __version__, catalogs, interface, languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def chosen(config: "SphinxConfig", name: str) -> bool:
    """Whether conf.py or a -D option set name: the project's choice, which l10n keeps."""
    return name in config.overrides or name in getattr(config, "_raw_config", {})


def _mark_untranslated(app: Any, config: "SphinxConfig") -> None:
    """Sphinx (7.1 and later) marks what it left in the source language: `assemble` gives those
    elements the source's lang, so that a screen reader reads them with the source's voice."""
    if "translation_progress_classes" in config and not chosen(config, "translation_progress_classes"):
        config.translation_progress_classes = "untranslated"


def _search_japanese(app: Any, config: "SphinxConfig") -> None:
    """Japanese search by words, not by two-character pieces: Janome's (from PyPI, `sphinx-l10n[ja]`),
    and the compound nouns they make (sphinx_l10n.sphinxext.search), unless the project chose a splitter."""
    if languages.base_language(config.language or "") != "ja" or chosen(config, "html_search_options"):
        return
    if importlib.util.find_spec("janome") is not None:
        config.html_search_options = {"type": "sphinx_l10n.sphinxext.search.CompoundSplitter"}


def _on_collect_pages(app: Any) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The translation status page, in every language's site (its table: sphinx_l10n.site.assemble)."""
    lang = app.config.language or "en"
    spoken = interface.speaks(lang, "Translation status")
    title = html.escape(interface.gettext(lang, "Translation status"))
    title_lang = f' lang="{spoken}"' if spoken != lang else ""
    # The theme's own page template (furo's layout.html is only an error page), its body the
    # title and the table's place.
    body = f"<h1{title_lang}>{title}</h1>\n<!--l10n:status--><!--/l10n:status-->\n"
    yield "status", {"title": title, "body": body}, "page.html"


def _interface_catalog(app: Any) -> gettext.GNUTranslations | None:
    """The project's own interface catalogs for the language (locale_dirs/<lang>/LC_MESSAGES/sphinx.mo),
    chained in locale_dirs' order as Sphinx reads them."""
    chain = None
    for folder in app.config.locale_dirs:
        path = os.path.join(app.srcdir, folder, app.config.language or "en", "LC_MESSAGES",
                            f"{interface.SPHINX_CATALOG}.mo")
        if os.path.isfile(path):
            with open(path, "rb") as file:
                catalog = gettext.GNUTranslations(file)
            if chain is None:
                chain = catalog
            else:
                chain.add_fallback(catalog)
    return chain


# Where each theme puts its navigation, and so the switcher (the first of the theme's lineage
# found here): after the sidebar template named (furo's and the book theme's sidebars stay at
# the top of the window on a wide screen; furo's opens from the header's menu button on a narrow
# one), pydata's header (navbar_end, which a narrow screen shows in its menu), Read the Docs'
# side menu (a block of its layout.html, templates/layout.html), else above the content. The
# book theme's menu button opens nothing on a narrow screen (pydata-sphinx-theme#2451): there
# the switcher is in the bar above the article, beside that button (l10n.css shows one of the two).
THEME_PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "sphinx_book_theme": (("sidebars", "search-button-field.html"),
                          ("theme_article_header_start", "toggle-primary-sidebar.html")),
    "pydata_sphinx_theme": (("theme_navbar_end", ""),),
    "furo": (("sidebars", "sidebar/search.html"),),
    "sphinx_rtd_theme": (("block", "navigation"),),
}
SWITCHER_TEMPLATE = "l10n-switcher.html"  # the place a maintainer may put in a template of their own
_THEME_SWITCHER_TEMPLATE = "l10n-theme-switcher.html"  # the place l10n puts in a theme it knows


def theme_places(app: Any) -> tuple[tuple[str, str], ...]:
    """(how, where) the page's switcher goes in the HTML builder's theme: see THEME_PLACES;
    ("block", "content") for a theme not there."""
    theme = getattr(app.builder, "theme", None)
    lineage = {os.path.basename(os.path.normpath(str(folder))) for folder in theme.get_theme_dirs()} if theme else set()
    return next((places for name, places in THEME_PLACES.items() if name in lineage), (("block", "content"),))


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The switcher's place where the theme puts its navigation; the banner's at the top of the document."""
    if app.builder.format != "html":
        return
    context["l10n_switcher_block"] = ""
    for how, where in theme_places(app):
        if how == "block":
            context["l10n_switcher_block"] = where
            continue
        items = context.get(how) or []
        items = [item.strip() for item in items.split(",") if item.strip()] if isinstance(items, str) else list(items)
        if _THEME_SWITCHER_TEMPLATE not in items:
            items.insert(items.index(where) + 1 if where in items else 0, _THEME_SWITCHER_TEMPLATE)
        context[how] = items
    if isinstance(context.get("body"), str):
        context["body"] = "<!--l10n:banner--><!--/l10n:banner-->\n" + context["body"]


def _on_builder_inited(app: Any) -> None:
    # Sphinx links translations.js only when it has a sphinx.js for the language.
    has_own = getattr(app.builder, "_get_translations_js", lambda: True)()
    if app.builder.format == "html" and not has_own and _interface_catalog(app):
        app.add_js_file("translations.js")


def _script_translations(app: Any) -> dict[str, Any] | None:
    """The search page's words: Sphinx's sphinx.js for the language, completed by the project's
    interface catalog, without the empty entries that leave the result count blank or throw."""
    lang = app.config.language or "en"
    project = _interface_catalog(app)
    sphinx_own = interface.sphinx_script_catalog(lang)
    if project is None and not sphinx_own:
        return None
    messages = {msgid: value for msgid, value in sphinx_own.get("messages", {}).items() if interface.is_complete(value)}
    for entry in interface.sphinx_page_messages():
        value = interface.translation_in(project, entry) if interface.is_script_message(entry) else None
        if interface.is_complete(value):
            messages[entry.msgid] = value
    try:  # the page runs it as JavaScript: written anew from its tokens, never copied from a header
        expression = (catalogs.plural_forms(project.info().get("plural-forms", ""))[1] if project is not None
                      else catalogs.plural_expression(sphinx_own.get("plural_expr", "")))
    except ValueError:  # a catalog the build did not compile, or none: Sphinx's own default
        expression = ""
    # As a number: Sphinx's page indexes the forms with it, and "(n != 1)" gives true or false.
    return {"locale": lang, "messages": dict(sorted(messages.items())), "plural_expr": f"+({expression or 'n != 1'})"}


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    translations = _script_translations(app)
    if translations is not None:
        path = os.path.join(app.outdir, "_static", "translations.js")
        with open(path, "w", encoding="utf-8") as file:
            file.write(f"Documentation.addTranslations({json.dumps(translations, indent=4, ensure_ascii=True)});\n")


def setup(app: "Sphinx") -> dict[str, Any]:
    app.setup_extension("sphinx_l10n.sphinxext.guard")  # also where sphinx-build runs without `sphinx-l10n build`
    app.setup_extension("sphinx_l10n.sphinxext.pdf")
    app.setup_extension("sphinx_l10n.sphinxext.edit")
    app.connect("config-inited", _mark_untranslated)
    app.connect("config-inited", _search_japanese)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect("html-page-context", _on_page_context, priority=400)  # before pydata's, which renders its sections
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    # After the project's own: its layout.html (which may hold the switcher's place, SWITCHER_TEMPLATE) wins.
    app.config.templates_path = [*app.config.templates_path, TEMPLATES]
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
