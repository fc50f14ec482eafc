"""Localisation pipeline for Sphinx documentation."""

__version__ = "0.1.0"


class L10nError(Exception):
    """An error the user can act on: printed as one line, no traceback."""
