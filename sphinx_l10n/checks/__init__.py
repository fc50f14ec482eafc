"""Consistency checks: each one a class with an id, a name, a description, in one registry.

Three kinds share that protocol, as Weblate's target and source checks do:

- ``Check`` looks at one translation unit (source text, translation, their
  languages) and yields problems;
- ``CatalogCheck`` looks at a project's catalogs as a whole (completeness,
  freshness) and yields findings;
- ``SourceCheck`` looks at the source messages themselves (a name spelled
  two ways, a typing slip) and yields findings.

``severity`` is a check's usual severity; a check may report a milder or
graver problem with ``warning``/``error``. A translator silences an entry
check on one entry with a translator comment ``l10n: ignore <id> [<id>...]``
(Poedit's "Comment" field). Packages add checks of any kind through the
entry point group ``sphinx_l10n.checks``.
"""

import functools

from sphinx_l10n import L10nError
from sphinx_l10n.checks.base import BaseCheck, CatalogCheck, Check, Problem, Project, Source, SourceCheck, Unit
from sphinx_l10n.report import ERROR, WARNING, Finding

# What a plug-in subclasses and returns: sphinx_l10n.checks is the plug-ins' one import.
__all__ = ["ERROR", "WARNING", "BaseCheck", "CatalogCheck", "Check", "Finding", "Problem", "Project", "Source",
           "SourceCheck", "Unit", "all_checks", "builtin_checks", "plugin_checks"]

KINDS = (Check, CatalogCheck, SourceCheck)

# Checks a project adds without editing l10n, as Babel's babel.checkers:
# in its pyproject.toml, [project.entry-points."sphinx_l10n.checks"] mine = "pkg.module:MyCheck"
# (a subclass of Check, CatalogCheck or SourceCheck, or a list of them).
ENTRY_POINT_GROUP = "sphinx_l10n.checks"


def builtin_checks() -> list[type[BaseCheck]]:
    from sphinx_l10n.checks import (
        catalog,
        consistency,
        dates,
        markup,
        names,
        numbers,
        quotes,
        security,
        size,
        source,
        sphinx,
        symbols,
        translation,
        typography,
    )

    return [
        size.Size, *source.CHECKS,
        *translation.CHECKS, *sphinx.CHECKS, *markup.CHECKS, *security.CHECKS, *quotes.CHECKS, *names.CHECKS,
        *numbers.CHECKS, *dates.CHECKS, *symbols.CHECKS, *typography.CHECKS,
        *catalog.CHECKS, *consistency.CHECKS,
    ]


@functools.cache
def plugin_checks() -> tuple[type[BaseCheck], ...]:
    """The checks installed packages register in the entry point group sphinx_l10n.checks."""
    import importlib.metadata

    found: list[type[BaseCheck]] = []
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry_point.load()
        except Exception as exc:  # a plug-in's own bug: named, never a traceback
            raise L10nError(f"entry point {entry_point.name} = {entry_point.value}: cannot load: {exc}") from None
        for item in loaded if isinstance(loaded, list | tuple) else [loaded]:
            if not (isinstance(item, type) and issubclass(item, KINDS) and item.id):
                raise L10nError(f"entry point {entry_point.name} = {entry_point.value}: "
                                "not a Check, CatalogCheck or SourceCheck subclass with an id")
            found.append(item)
    return tuple(found)


def all_checks() -> list[BaseCheck]:
    """Every check, in report order: l10n's own, then the plug-ins'."""
    classes = [*builtin_checks(), *plugin_checks()]
    ids = [cls.id for cls in classes]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise L10nError(f"entry points of {ENTRY_POINT_GROUP}: check id(s) {', '.join(twice)} defined twice")
    return [cls() for cls in classes]
