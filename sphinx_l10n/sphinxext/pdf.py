"""PDFs that read as published work in every language.

Decided once the final language is known (config-inited): the engine and fonts of the
language's script, its paper (CLDR: A4 unless the language's territory uses US Letter), its
/Lang, the article's date from conf.py's ``l10n_date`` instead of the build date, and, for a
language in progress, a notice on the title page. On each document's doctree (a LaTeX post
transform): the subject and keywords from its translated ``meta`` description and keywords,
and the passages Sphinx left in the source language set with the source language's rules.
"""

import datetime
import functools
import pathlib
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_l10n import config as configuration
from sphinx_l10n import interface, languages
from sphinx_l10n.sphinxext import chosen

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig

# Fonts for the scripts xelatex's default fonts lack, from Debian's fonts-noto-cjk.
CJK_FONTS = {
    "ja": ("Noto Serif CJK JP", "Noto Sans CJK JP", "Noto Sans Mono CJK JP"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"),
    "ko": ("Noto Serif CJK KR", "Noto Sans CJK KR", "Noto Sans Mono CJK KR"),
}

# The LaTeX switch that sets a passage left in the source language with that language's rules
# (its hyphenation patterns, its sentence spacing), defined in every PDF's preamble.
SOURCE_SWITCH = r"\sourcelanguagepassage"

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def source_language(config: "SphinxConfig") -> str:
    """The language the documents are written in: conf.py's own `language` (`sphinx-l10n build` and
    sphinx-intl give each translation's with -D)."""
    return getattr(config, "_raw_config", {}).get("language") or "en"


def publication_date(value: str, lang: str) -> str:
    """An ISO date (2022, 2022-02 or 2022-02-14) written as the language writes it (CLDR):
    "février 2022", "2022年2月", "14. Februar 2022"."""
    from babel.dates import format_date, format_skeleton

    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"l10n_date must be an ISO date (2022, 2022-02 or 2022-02-14), not {value!r}")
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:  # a month 13, a 30 February
        raise ValueError(f"l10n_date {value!r} is not a date: {exc}") from None
    locale = languages.babel_locale(lang)
    if day:
        return format_date(date, "long", locale=locale)
    return format_skeleton("yMMMM", date, locale=locale) if month else year


def progress_notice(lang: str, percent: float, source: str) -> tuple[str, str]:
    """The in-progress notice's two sentences, in the language (else English): the site's banner's."""
    from babel.numbers import format_percent

    locale = languages.babel_locale(lang)
    said = interface.speaks(lang, "This translation is in progress: {percent} translated.")
    progress = interface.gettext(lang, "This translation is in progress: {percent} translated.")
    rest = interface.gettext(lang, "Passages not yet translated are shown in the original {language}.")
    source_name = languages.babel_locale(source).get_display_name(locale if said == lang else "en") or source
    return progress.format(percent=format_percent(percent / 100, locale=locale)), rest.format(language=source_name)


def _latex_language(code: str) -> str:
    """The LaTeX (babel) name of a language, as Sphinx's LaTeX builder names it: fr -> french."""
    from sphinx.builders.latex.util import ExtBabel

    return ExtBabel(code, use_polyglossia=False).get_language()


# Quotation marks, apostrophes, dashes and the ellipsis, which xeCJK sets as Japanese
# punctuation (a line may break after ’, … is centred): Latin text's own in a source passage.
_LATIN_PUNCTUATION = '"2013,"2014,"2018,"2019,"201C,"201D,"2026'


def _source_switch(source: str) -> str:
    """Define SOURCE_SWITCH: the source language's hyphenation patterns where the format has
    them, its sentence spacing (babel's: \\frenchspacing in every language but English), and
    in a CJK document (xeCJK) Latin punctuation. Every setting stays inside the passage's group."""
    patterns = f"l@{_latex_language(source)}"
    spacing = r"\nonfrenchspacing" if languages.base_language(source) == "en" else r"\frenchspacing"
    latin = "" if languages.base_language(source) in CJK_FONTS else (
        f"\\ifdefined\\xeCJKDeclareCharClass\\xeCJKDeclareCharClass{{Default}}{{{_LATIN_PUNCTUATION}}}\\fi")
    return (f"\\providecommand{{{SOURCE_SWITCH}}}{{\\ifcsname {patterns}\\endcsname"
            f"\\language=\\csname {patterns}\\endcsname\\fi{spacing}{latin}}}\n")


def _escape(text: str, config: "SphinxConfig") -> str:
    """Text (a translation: untrusted) as LaTeX that prints it and can run nothing."""
    from sphinx.util import texescape

    texescape.init()  # the LaTeX builder builds its tables only once it starts, after config-inited
    return texescape.escape(" ".join(text.split()), config.latex_engine)


def _engine_and_fonts(config: "SphinxConfig", elements: dict[str, Any], lang: str) -> None:
    base = languages.base_language(lang)
    if chosen(config, "latex_engine"):
        return
    config.latex_engine = "xelatex"  # any Unicode text a translation brings, where pdflatex stops
    if base in CJK_FONTS:
        serif, sans, mono = CJK_FONTS[base]
        # xelatex with xeCJK: measured on this article's Japanese PDF against lualatex with
        # luatexja (5x slower, and sets the French fallback's ’ and ” full-width) and uplatex
        # (no Symbola emoji, no bold kanji, another latexmk rule).
        if base == "ja":  # BXjscls: jsarticle's and jsbook's Japanese layout, for xelatex
            config.latex_docclass = {"manual": "bxjsbook", "howto": "bxjsarticle"}
            elements["classoptions"] = elements.get("classoptions", "") + ",xelatex,ja=standard"
        elements.update({
            "babel": "",
            "polyglossia": "",
            "fontpkg": "\\usepackage{xeCJK}\n"
                       f"\\setCJKmainfont{{{serif}}}\n\\setCJKsansfont{{{sans}}}\n\\setCJKmonofont{{{mono}}}\n",
        })


def _title_page_notice(config: "SphinxConfig", lang: str) -> str:
    """LaTeX that adds the in-progress notice under the title page's date (both of Sphinx's
    title pages print \\py@authoraddress there), or '' for a finished language."""
    if not config.l10n_completion:
        return ""
    try:
        percent = float(config.l10n_completion)
    except ValueError:
        raise ConfigError(f"l10n_completion must be a percentage, not {config.l10n_completion!r}") from None
    notice = "\\\\".join(_escape(sentence, config) for sentence in progress_notice(lang, percent, source_language(config)))
    return ("\\makeatletter\\g@addto@macro\\py@authoraddress{\\par\\vspace{2ex}"
            f"{{\\normalfont\\small {notice}\\par}}}}\\makeatother\n")


def _where_set(app: Any, config: "SphinxConfig", name: str) -> str:
    """Where a setting was given: a -D option, or conf.py and its line."""
    if name in config.overrides:
        return f"-D {name}"
    path = pathlib.Path(app.confdir, "conf.py")
    return f"{path}:{configuration.line_of(path, name)}"


def on_config_inited(app: Any, config: "SphinxConfig") -> None:
    """The language's PDF settings, unless conf.py or a -D option chose them."""
    lang = config.language or "en"
    elements = dict(config.latex_elements or {})
    elements.setdefault("printindex", "")
    _engine_and_fonts(config, elements, lang)
    elements.setdefault("papersize", f"{languages.paper_size(lang)}paper")
    if config.l10n_date and not chosen(config, "today"):
        try:
            config.today = publication_date(str(config.l10n_date), lang)
        except ValueError as exc:
            raise ConfigError(f"{_where_set(app, config, 'l10n_date')}: {exc}") from None
    # No paragraph's first or last line alone on a page (Sphinx's pages are ragged at the bottom); first,
    # so that the project's own preamble can say otherwise.
    elements["preamble"] = ("\\widowpenalty=10000\\clubpenalty=10000\n"
                            + elements.get("preamble", "") + config.l10n_latex_preamble
                            + f"\\hypersetup{{pdflang={{{languages.language_tag(lang)}}}}}\n"
                            + _source_switch(source_language(config)) + _title_page_notice(config, lang))
    config.latex_elements = elements


class PublishedPDF(SphinxPostTransform):
    """A document's PDF metadata from its translated meta fields, and its untranslated
    passages in the source language's rules."""

    default_priority = 900
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        info = {}
        for meta in list(self.document.findall(nodes.meta)):
            key = {"description": "pdfsubject", "keywords": "pdfkeywords"}.get(meta.get("name", ""))
            if key and meta.get("content") and key not in info:
                info[key] = _escape(meta["content"], self.config)
        if info:
            setup = ",".join(f"{key}={{{value}}}" for key, value in info.items())
            self.document.insert(0, nodes.raw("", f"\\hypersetup{{{setup}}}\n", format="latex"))
        for paragraph in self.document.findall(nodes.paragraph):
            if "untranslated" in paragraph["classes"]:
                paragraph.insert(0, nodes.raw("", f"{{{SOURCE_SWITCH}{{}}", format="latex"))
                paragraph.append(nodes.raw("", "}", format="latex"))
        if languages.base_language(self.config.language) in CJK_FONTS:
            return  # a box would lose xeCJK's space between a Latin word and Japanese text
        whole = _unbroken_words(self.env.app)
        for text in list(self.document.findall(nodes.Text)):
            if isinstance(text.parent, nodes.paragraph | nodes.inline | nodes.emphasis | nodes.strong | nodes.reference):
                _keep_whole(text, whole, self.config)


# Words a line never breaks inside: acronyms (CPTO, OKR) and the words of the project's names
# (names_file: "SNCF Connect" was set "SNCF Con-nect"). A word that is not a name may still break.
_ACRONYM = r"\b[A-Z]{2,}s?\b"


@functools.cache
def _names_pattern(words: frozenset[str]) -> re.Pattern[str]:
    named = sorted(words, key=len, reverse=True)
    return re.compile("|".join([_ACRONYM, *(rf"(?<!\w){re.escape(word)}(?!\w)" for word in named)]))


def _unbroken_words(app: Any) -> re.Pattern[str]:
    """The pattern of the words kept whole: acronyms, and the words of the project's names."""
    from sphinx_l10n import L10nError
    from sphinx_l10n.checks.names import load_names

    words: frozenset[str] = frozenset()
    try:
        project = configuration.load(app.confdir, namespace=dict(getattr(app.config, "_raw_config", {})))
        if project.names_file is not None and project.names_file.is_file():
            names = load_names(project.names_file)["names"]
            words = frozenset(word for name in names for word in name.split() if len(word) >= 5)
    except L10nError:
        pass  # no l10n configuration: acronyms only
    return _names_pattern(words)


def _keep_whole(text: nodes.Text, pattern: re.Pattern[str], config: "SphinxConfig") -> None:
    """Put each matching word of a text node in an \\mbox, where LaTeX cannot hyphenate it."""
    value = str(text)
    parts: list[nodes.Node] = []
    position = 0
    for match in pattern.finditer(value):
        parts += [nodes.Text(value[position:match.start()]),
                  nodes.raw("", f"\\mbox{{{_escape(match.group(), config)}}}", format="latex")]
        position = match.end()
    if parts:
        parts.append(nodes.Text(value[position:]))
        text.parent.replace(text, [part for part in parts if not isinstance(part, nodes.Text) or str(part)])


def setup(app: "Sphinx") -> dict[str, Any]:
    app.add_config_value("l10n_latex_preamble", "", "env")
    app.add_config_value("l10n_date", "", "env")
    # The completion `sphinx-l10n build` measured (-D l10n_completion=87.5) for a language in progress.
    app.add_config_value("l10n_completion", "", "")
    app.connect("config-inited", on_config_inited)
    app.add_post_transform(PublishedPDF)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
