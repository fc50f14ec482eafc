"""What `sphinx-l10n build` can make of a language: one row per target, and nothing else to touch
but the one function that lists what a new kind of output publishes (site.manifest.published_files).

Data only (config validates a project's targets against it; the build, its folders and the manifest
read it), so it imports nothing of sphinx-l10n.
"""

import dataclasses
from collections.abc import Sequence


@dataclasses.dataclass(frozen=True)
class Target:
    name: str  # as [tool.sphinx-l10n.build] targets says it
    builder: str  # the Sphinx builder that makes it
    folder: str  # its output: build/<folder>/<lang>
    site: bool = False  # the language's site (build/html/<lang>), which assemble links to the others
    publishes: str = ""  # the manifest's field that lists its files ("pdf", "epub"): what readers download
    pdf: bool = False  # latexmk makes PDFs of what Sphinx wrote
    writes_all: bool = False  # its builder writes every document each run (LaTeX): no document left to write again
    first_cost: float = 1.0  # seconds a language's run is taken to cost before one was measured
    internal: bool = False  # run by the build for its own ends, never a project's target


TARGETS = {target.name: target for target in (
    Target("html", "html", "html", site=True),
    Target("dirhtml", "dirhtml", "html", site=True),
    Target("epub", "epub", "epub", publishes="epub"),
    Target("latex", "latex", "latex", writes_all=True),
    Target("pdf", "latex", "latex", publishes="pdf", pdf=True, writes_all=True, first_cost=3.0),
    # A read-only run, for the source language's own warnings where no build of it is at hand (a CI shard).
    Target("dummy", "dummy", "dummy", internal=True),
)}
# What a project may list, in this order.
BUILD_TARGETS = tuple(name for name, target in TARGETS.items() if not target.internal)
SITE = tuple(name for name, target in TARGETS.items() if target.site)  # at most one per language
PUBLISHED = tuple(dict.fromkeys(target.publishes for target in TARGETS.values() if target.publishes))


def in_build_order(own: Sequence[str], wanted: Sequence[str] | None = None) -> list[str]:
    """A language's own targets in build order, the site first (readers wait for it); only those
    wanted where the command line names some (--html: the site, whether html or dirhtml)."""
    ordered = sorted(own, key=lambda name: not TARGETS[name].site)
    if wanted is None:
        return ordered
    return [name for name in ordered if name in wanted or (TARGETS[name].site and "html" in wanted)]
