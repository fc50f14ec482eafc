"""How each translation platform writes a catalog: its line width and whose line-breaking rule.
Data only: a new platform is one more Layout in LAYOUTS."""

import dataclasses

# gettext's and powrap's width: what msgcat/msgmerge produce by default.
WRAP_WIDTH = 79
@dataclasses.dataclass(frozen=True)
class Layout:
    """How a platform writes catalogs: the line width its strings wrap at (0: only
    after each "\\n", as `msgcat --no-wrap` and Crowdin write), and whose rule breaks
    the lines: gettext's ("gettext", which translate-toolkit, hence Weblate, emulates),
    Babel's own ("babel", which sphinx-intl uses), or polib's ("polib": Python's
    textwrap, as Transifex writes)."""

    name: str
    width: int
    references_width: int
    rule: str = "gettext"
    ending: str = "\n"  # Babel leaves a blank line after the last entry too
    empty_first_line: bool = True  # gettext's `msgid ""` before a string of several lines
    empty_comment: str = "#"  # an empty comment line: polib (so Transifex) writes "# "


LAYOUTS = {layout.name: layout for layout in (
    Layout("gettext", WRAP_WIDTH, WRAP_WIDTH), Layout("weblate", 77, 77),
    Layout("babel", 76, WRAP_WIDTH, rule="babel", ending="\n\n"), Layout("nowrap", 0, WRAP_WIDTH),
    Layout("crowdin", 0, 0, ending="\n\n", empty_first_line=False),
    # polib's default wrapwidth: strings of up to 76 characters between their quotes.
    Layout("transifex", 78, 78, rule="polib", empty_comment="# "))}
GETTEXT = LAYOUTS["gettext"]
# catalog_layout's value for a platform whose layout none of LAYOUTS reproduces: format cannot
# know it, so it checks and rewrites nothing; update writes the entries it changes as gettext does.
PLATFORM = "platform"


def layout_named(name: str) -> Layout:
    """The layout a catalog_layout value writes new and changed entries in."""
    return GETTEXT if name == PLATFORM else LAYOUTS[name]
