"""The site's interface words beyond the article: Sphinx's own messages through the project's
interface catalog, Japanese search words."""

import polib
import pytest

from sphinx_l10n import L10nError, catalogs, interface, safety
from sphinx_l10n.site import compiled
from sphinx_l10n.sphinxext.pdf import publication_date


def _template():
    template = polib.POFile()
    for entry in interface.sphinx_page_messages():
        template.append(entry)
    return template


def test_the_interface_catalog_holds_what_sphinx_leaves_untranslated():
    german = {e.msgid for e in interface.project_template(_template(), "de")}
    assert "Link to this heading" in german  # Sphinx's German catalog lacks it
    assert "Search" not in german  # it has this one
    assert interface.project_template(_template(), "en").__len__() == 0  # Sphinx speaks English
    # A console message is not a page's: Sphinx logs it, no reader sees it.
    assert not any(m.msgid.startswith("building [") for m in interface.sphinx_page_messages())


def test_an_empty_plural_translation_is_no_translation():
    search_count = next(e for e in interface.sphinx_page_messages() if e.msgid.startswith("Search finished"))
    # Sphinx's German sphinx.js has this message with empty forms: the page would show nothing.
    assert not interface.sphinx_translates("de", search_count)


def test_update_gives_plural_entries_the_catalogs_number_of_forms():
    template = polib.POFile()
    template.append(polib.POEntry(msgid="one page", msgid_plural="{n} pages", msgstr_plural={0: "", 1: ""}))
    for lang, forms in (("ja", 1), ("de", 2), ("pl", 3)):
        po = polib.POFile()
        po.metadata = catalogs.new_header("p", lang)
        merged = catalogs.merge(po, template)
        assert sorted(merged[0].msgstr_plural) == list(range(forms)), lang


def test_an_interface_translation_that_brings_markup_is_refused(tmp_path):
    path = tmp_path / "sphinx.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Link to this heading"\nmsgstr "Lien\\" onmouseover=\\"alert(1)"\n', encoding="utf-8")
    with pytest.raises(L10nError, match=r"sphinx.po:4: unsafe translation refused"):
        compiled._refuse_unsafe_interface(path)
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Created using <a href=\\"https://www.sphinx-doc.org/\\">Sphinx</a> %(sphinx_version)s."\n'
                    'msgstr "Erstellt mit <a href=\\"https://www.sphinx-doc.org/\\">Sphinx</a> %(sphinx_version)s."\n',
                    encoding="utf-8")
    compiled._refuse_unsafe_interface(path)  # the message's own link, moved or not, is its own
    assert safety.html_markup('a "b" <i>c</i>') == sorted(['"', '"', "<i>", "</i>"])


def test_japanese_search_indexes_compound_nouns_and_their_parts():
    from sphinx_l10n.sphinxext.search import CompoundSplitter

    words = CompoundSplitter({}).split("経営委員会で電子署名を使う")
    assert {"経営委員会", "電子署名", "経営", "署名"} <= set(words)


@pytest.mark.parametrize(("value", "lang", "written"), [
    ("2022-02", "fr", "février 2022"), ("2022-02", "es", "febrero de 2022"), ("2022-02", "ja", "2022年2月"),
    ("2022-02-14", "de", "14. Februar 2022"), ("2022-02-14", "en", "February 14, 2022"), ("2022", "ja", "2022"),
])
def test_the_articles_date_is_written_as_each_language_writes_it(value, lang, written):
    assert publication_date(value, lang) == written


@pytest.mark.parametrize("value", ["Feb 2022", "2022-13", "2022-02-30", "22-02"])
def test_a_date_that_is_not_iso_is_refused(value):
    with pytest.raises(ValueError):
        publication_date(value, "fr")
