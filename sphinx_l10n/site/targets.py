"""What `sphinx-l10n build` can make of a language, and the Sphinx builder that makes each."""

from collections.abc import Sequence

from sphinx_l10n.config import Config

SITE = ("html", "dirhtml")  # the targets that make a language's site: build/html/<lang>


_BUILDER = {"pdf": "latex"}  # a target's Sphinx builder, where its name is not the builder's


def builder(target: str) -> str:
    """The Sphinx builder that makes a target."""
    return _BUILDER.get(target, target)


def targets_of(config: Config, lang: str, wanted: Sequence[str] | None = None) -> list[str]:
    """The language's targets ([tool.sphinx-l10n.build]), those of wanted only (the site: html or dirhtml)."""
    own = sorted(config.build.for_language(lang).targets, key=lambda target: target not in SITE)  # the site first
    if wanted is None:
        return own
    return [t for t in own if t in wanted or (t in SITE and "html" in wanted)]
