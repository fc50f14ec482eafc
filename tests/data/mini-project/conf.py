"""A minimal Sphinx project using the installed l10n extension."""

project = "Mini"
author = "The l10n authors"
language = "en"
locale_dirs = ["../locales"]
gettext_compact = False
gettext_uuid = False
extensions = ["sphinx_l10n.sphinxext"]
html_theme = "alabaster"
latex_use_xindy = False
