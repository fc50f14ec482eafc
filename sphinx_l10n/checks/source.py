"""Checks of the source text itself, whatever its language: reported as warnings, never changed."""

import re
from collections.abc import Iterator

from sphinx_l10n.checks.base import Source, SourceCheck
from sphinx_l10n.checks.names import variants
from sphinx_l10n.markup import rst
from sphinx_l10n.report import Finding


class SourceVariants(SourceCheck):
    id = "source-variants"
    name = "Source variants"
    description = "The source spells one name or word several ways (Benoît/Benoit, LiveMentor/Livementor)."

    def check(self, source: Source) -> Iterator[Finding]:
        for forms in variants(source.messages, source.names):
            yield self.finding(source, source.first_use(forms[-1]),
                               f"the source spells one name or word several ways: {' / '.join(forms)}")


# A comma glued to the next word ("passé,sous-estimée"), a space just inside quotation marks.
SLIPS = [
    (re.compile(r"(?<=[^\W\d_]),(?=[^\W\d_])"), "no space after a comma"),
    (re.compile(r"[“„]\s(?=[^\W\d_])|(?<=[^\W\d_])\s”"), "a space just inside quotation marks"),
]


class SourceTypography(SourceCheck):
    id = "source-typography"
    name = "Source typing slips"
    description = "Typing slips in the source prose: a comma glued to the next word, a space inside quotation marks."

    def check(self, source: Source) -> Iterator[Finding]:
        for msgid in source.messages:
            prose = rst.scan(msgid).prose
            for pattern, what in SLIPS:
                match = pattern.search(prose)
                if match:
                    context = prose[max(0, match.start() - 12):match.end() + 12].strip()
                    yield self.finding(source, msgid, f"{what} in the source: {context!r}")


CHECKS = [SourceVariants, SourceTypography]
