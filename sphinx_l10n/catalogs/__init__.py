"""Gettext catalogs: read as gettext reads them (read), written as the project's platform wraps
them (write, layouts), merged with their templates without losing a translator's work (merge).

polib's objects hold a catalog; the rest of the package calls these functions as catalogs.load,
catalogs.render, catalogs.merge, as polib's users call one module: the parts are for reading.
"""

from sphinx_l10n.catalogs.layouts import GETTEXT, LAYOUTS, PLATFORM, WRAP_WIDTH, Layout, layout_named
from sphinx_l10n.catalogs.merging import merge, new_header
from sphinx_l10n.catalogs.reading import (
    catalog_files,
    has_translation,
    is_translated,
    language_from_path,
    language_of,
    load,
    load_shared,
    parse,
    plural_expression,
    plural_forms,
    readable,
)
from sphinx_l10n.catalogs.writing import compile_mo, render, render_entry, render_update, same_messages, write

__all__ = ["GETTEXT", "LAYOUTS", "PLATFORM", "WRAP_WIDTH", "Layout", "catalog_files", "compile_mo", "has_translation",
           "is_translated", "language_from_path", "language_of", "layout_named", "load", "load_shared", "merge",
           "new_header", "parse", "plural_expression", "plural_forms", "readable", "render", "render_entry", "render_update",
           "same_messages", "write"]
