""""Improve this translation": each translated paragraph of a page links to its catalog entry.

conf.py's ``l10n_edit_url`` is a URL template: the repository's web view of the catalog
("https://github.com/org/docs/blob/main/{path}#L{line}"), or the entry on a Weblate or
Transifex instance ("https://hosted.weblate.org/translate/docs/{domain}/{lang}/?q={msgid}").
Its fields: {path} (the catalog, from the folder of conf.py), {line} (the entry's msgid line),
{lang}, {domain} (the catalog's name: the document, as gettext_compact says) and {msgid}
(URL-quoted). The link shows on hover and on keyboard focus (l10n.css). Unset: no links.
"""

import functools
import html
import os
import urllib.parse
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from sphinx_l10n import L10nError, catalogs, interface

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MSGID = "l10n_msgid"  # the node attribute holding the message a translated node came from
TRANSLATED = "l10n_translated"  # whether Sphinx's Locale transform used the translation


class RememberMessages(SphinxTransform):
    """Before Sphinx's Locale transform (priority 20) replaces a paragraph's text, note its message."""

    default_priority = 19

    def apply(self, **kwargs: Any) -> None:
        if self.config.l10n_edit_url and self.config.language:
            source_texts = {}
            for node, message in extract_messages(self.document):
                if isinstance(node, nodes.paragraph):  # a meta node's attributes would all reach the page's head
                    node[MSGID] = message
                    source_texts[id(node)] = node.astext()
            self.document.l10n_source_texts = source_texts  # type: ignore[attr-defined]


class NoteTranslated(SphinxTransform):
    """Right after the Locale transform, note which paragraphs it translated: Sphinx before 7 deletes its
    own "translated" mark as the transform ends, so there the text is compared with the source's."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        source_texts = self.document.__dict__.pop("l10n_source_texts", {})
        for node in self.document.findall(nodes.paragraph):
            if MSGID in node:
                translated = node.get("translated")
                if translated is None:  # Sphinx before 7: compared only there
                    translated = node.astext() != source_texts.get(id(node))
                node[TRANSLATED] = bool(translated)


@functools.cache
def _lines(path: str, stamp: float) -> dict[str, int]:
    """msgid -> its line in the catalog (stamp: its modification time, so an edit is read again)."""
    try:
        return {e.msgid: e.linenum or 0 for e in catalogs.load(path) if not e.obsolete}
    except L10nError:
        return {}


class EditLinks(SphinxPostTransform):
    """A link after each paragraph Sphinx translated, to the catalog entry it came from."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        template, lang = self.config.l10n_edit_url, self.config.language
        if not template or not lang:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        catalog = os.path.join(self.env.srcdir, self.config.locale_dirs[0], lang, "LC_MESSAGES", f"{domain}.po")
        if not os.path.isfile(catalog):
            return
        lines = _lines(catalog, os.path.getmtime(catalog))
        label = html.escape(interface.gettext(lang, "Improve this translation"), quote=True)
        # The project's file: `sphinx-l10n build` has Sphinx read it through a link (sphinx_l10n.site.folders.catalog_folder).
        path = os.path.relpath(os.path.realpath(catalog), os.path.realpath(self.env.app.confdir)).replace(os.sep, "/")
        for paragraph in self.document.findall(nodes.paragraph):
            message = paragraph.get(MSGID)
            if not paragraph.get(TRANSLATED) or message not in lines:
                continue
            url = template.format(path=urllib.parse.quote(path), line=lines[message], lang=urllib.parse.quote(lang),
                                  domain=urllib.parse.quote(domain), msgid=urllib.parse.quote(message, safe=""))
            paragraph.append(nodes.raw("", f' <a class="l10n-edit" href="{html.escape(url, quote=True)}" '
                                           f'title="{label}" aria-label="{label}">✎</a>', format="html"))


def setup(app: "Sphinx") -> dict[str, Any]:
    app.add_config_value("l10n_edit_url", "", "env")
    app.add_transform(RememberMessages)
    app.add_transform(NoteTranslated)
    app.add_post_transform(EditLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
