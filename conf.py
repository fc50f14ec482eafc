"""Sphinx configuration: the French article in source/, translations in locales/.

Sphinx reads this file from the top level (``sphinx-build -c . source ...``),
and so does l10n: the source language and the catalogs' folder are said
here once. What conf.py cannot say (the source folder, the languages'
release status, the checks' policy) is in pyproject.toml's [tool.sphinx-l10n].
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

project = "CPTO"  # displayed; file names use [tool.sphinx-l10n] project
author = "Thiga"
copyright = "2022, Thiga"

language = "fr"
# Sphinx resolves locale_dirs relative to the source folder.
locale_dirs = ["../locales"]

# One catalog per document, stable catalogs: no uuids, locations relative
# to the project, no per-build churn.
gettext_compact = False
gettext_uuid = False
gettext_location = True
gettext_additional_targets = []

# The article mixes straight and curly apostrophes; smartquotes would rewrite
# them, and a translation must render exactly what the translator wrote.
smartquotes = False

extensions = ["sphinx_l10n.sphinxext"]

exclude_patterns = []
root_doc = "index"

html_theme = "alabaster"
html_title = "CPTO"
html_last_updated_fmt = None
html_show_sourcelink = False
# Alabaster writes its "Powered by" credit in English only, with no message a catalog could
# translate: every site would show it in English. The copyright line stays.
html_theme_options = {"show_powered_by": False}
# One article: its own sections are the useful navigation.
html_sidebars = {"**": ["about.html", "localtoc.html", "searchbox.html"]}

# PDF: one article; an empty title lets LaTeX take the (translated) document
# title. `sphinx-l10n build` publishes each language's as build/pdf/cpto-<lang>.pdf.
# The l10n extension picks the engine for its script (xelatex for Latin
# scripts, xelatex with xeCJK for Japanese), once `-D language=xx` is
# known. The emoji needs a font that has it: Symbola (Debian's fonts-symbola).
latex_documents = [("index", "cpto.tex", "", author, "howto")]
l10n_latex_preamble = r"""
\usepackage{newunicodechar}
\newfontfamily\emojifont{Symbola}
\newunicodechar{😉}{{\emojifont 😉}}
"""
latex_use_xindy = False
# The article's date (it was published in February 2022), not the build's: each language's
# title page writes it its own way ("février 2022", "2022年2月").
l10n_date = "2022-02"
