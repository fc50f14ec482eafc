"""What a page says of the other languages, where the project or the host already says some of
it: a page's own language menu and hreflang links (kept, or replaced when the project says so),
and the URLs of each language's site under Read the Docs and on a plain server."""

import json

import pytest
from conftest import l10n
from test_build import tiny  # noqa: F401  (the fixture: a small foreign project, en with de and fr)

from sphinx_l10n.site import assemble
from sphinx_l10n.site.folders import site_url

PARTS = {"head": '\n<link rel="stylesheet" href="../l10n.css">\n',
         "alternates": '\n<link rel="alternate" hreflang="de" href="../de/a.html">\n',
         "switcher": '<nav class="l10n-switcher">l10n</nav>', "banner": "", "status": ""}
OWN_LINK = '<link rel="alternate" hreflang="fr" href="https://example.org/fr/a.html" />'
OWN_MENU = '<div class="switch-menus"><div class="language-switch"><select><option>fr</option></select></div></div>'


def _page(head="", body=""):
    return (f"<html><head><title>A</title>{head}\n<!--l10n:head--><!--/l10n:head--></head><body>"
            f"<!--l10n:switcher:auto--><!--/l10n:switcher-->{body}<p>Text</p></body></html>")


def test_a_page_with_its_own_language_menu_keeps_it_and_gets_no_second_switcher():
    page = assemble.fill(_page(body=OWN_MENU), PARTS, "de", "ltr")
    assert OWN_MENU in page and "l10n-switcher" not in page
    assert 'hreflang="de"' in page  # no hreflang links of its own: l10n's


def test_told_to_replace_them_l10n_puts_its_own_instead():
    page = assemble.fill(_page(head=OWN_LINK, body=OWN_MENU), PARTS, "de", "ltr", own_links="replace")
    assert OWN_LINK not in page and "language-switch" not in page and "switch-menus" in page  # the version menu stays
    assert '<div class="switch-menus"></div><p>Text</p></body></html>' in page  # only the menu's own element goes
    assert 'hreflang="de"' in page and "l10n-switcher" in page
    assert assemble.fill(page, PARTS, "de", "ltr", own_links="replace") == page  # assembled again: the same


OWN_TEMPLATE = """{% extends "!layout.html" %}
{% block extrahead %}{{ super() }}
<link rel="alternate" hreflang="x-default" href="https://example.org/" />
<link rel="alternate" hreflang="de" href="https://example.org/de/" />
{% endblock %}
{% block relbar1 %}<div class="language-switch"><a href="https://example.org/de/">de</a></div>{{ super() }}{% endblock %}
"""


def test_a_projects_own_language_menu_and_hreflang_links_are_kept_or_replaced(tiny):  # noqa: F811
    (tiny / "_templates").mkdir()
    (tiny / "_templates" / "layout.html").write_text(OWN_TEMPLATE)
    (tiny / "conf.py").write_text((tiny / "conf.py").read_text() + 'templates_path = ["_templates"]\n')
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    page = (tiny / "_build" / "html" / "de" / "b.html").read_text()
    assert page.count('hreflang="x-default"') == 1 and page.count("<link rel=\"alternate\"") == 2  # theirs only
    assert 'class="language-switch"' in page and "l10n-switcher" not in page and "l10n.css" in page
    (tiny / "sphinx-l10n.toml").write_text('own_language_links = "replace"\n' + (tiny / "sphinx-l10n.toml").read_text())
    assert l10n("assemble", cwd=tiny).returncode == 0
    page = (tiny / "_build" / "html" / "de" / "b.html").read_text()
    assert 'href="https://example.org/de/"' not in page and "language-switch" not in page
    assert '<link rel="alternate" hreflang="x-default" href="../index.html">' in page and "l10n-switcher" in page


def test_the_switchers_place_in_a_projects_own_template(tiny):  # noqa: F811
    """README: a maintainer puts it where their theme has its navigation; l10n puts it nowhere else."""
    (tiny / "_templates").mkdir()
    (tiny / "_templates" / "layout.html").write_text(
        '{% extends "!layout.html" %}{% block footer %}<footer id="mine">{% include "l10n-switcher.html" %}</footer>'
        "{{ super() }}{% endblock %}")
    (tiny / "conf.py").write_text((tiny / "conf.py").read_text()
                                  + 'templates_path = ["_templates"]\nextensions = ["sphinx_l10n.sphinxext"]\n')
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    page = (tiny / "_build" / "html" / "de" / "b.html").read_text()
    assert page.count('class="l10n-switcher"') == 1 and '<footer id="mine"><!--l10n:switcher-->\n<nav' in page


def test_the_setting_is_checked(project_copy):
    settings = project_copy / "pyproject.toml"
    settings.write_text(settings.read_text().replace("[tool.sphinx-l10n]\n", '[tool.sphinx-l10n]\nown_language_links = "drop"\n', 1))
    result = l10n("stats", cwd=project_copy)
    assert result.returncode == 2 and "own_language_links 'drop' is not one of keep, replace" in result.stderr


@pytest.mark.parametrize("baseurl, lang, expected", [
    ("", "de", ""),  # a plain server: relative links
    ("https://docs.example.org/", "de", "https://docs.example.org/de/"),  # one site, a folder per language
    ("https://docs.example.org/de", "de", "https://docs.example.org/de/"),  # define html_baseurl per language
    ("https://x.readthedocs.io/en/stable/", "es", "https://x.readthedocs.io/es/stable/"),  # Read the Docs
    ("https://x.readthedocs.io/en/latest/", "en", "https://x.readthedocs.io/en/latest/"),
    ("https://x.readthedocs.io/en/stable/", "pt_BR", "https://x.readthedocs.io/pt-br/stable/"),  # as RTD writes codes
    ("https://x.readthedocs.io/pt-br/stable/", "en", "https://x.readthedocs.io/en/stable/"),
    ("https://docs.example.org/en/", "pt_BR", "https://docs.example.org/pt_BR/"),  # the last folder: as build/html/ names it
])
def test_a_languages_site_url(baseurl, lang, expected):
    assert site_url(baseurl, lang, ["en", "es", "de", "pt_BR"]) == expected


def _read_the_docs_links(tiny):  # noqa: F811
    page = (tiny / "_build" / "html" / "de" / "b.html").read_text()
    assert '<link rel="alternate" hreflang="en" href="https://x.readthedocs.io/en/stable/b.html">' in page
    assert '<link rel="alternate" hreflang="de" href="https://x.readthedocs.io/de/stable/b.html">' in page
    assert '<link rel="canonical" href="https://x.readthedocs.io/de/stable/b.html"' in page
    # x-default: the source language's page (each language a site of its own: no chooser above them)
    assert '<link rel="alternate" hreflang="x-default" href="https://x.readthedocs.io/en/stable/b.html">' in page
    # The switcher leads there too: ../en/b.html would be /de/en/b.html on Read the Docs.
    assert 'href="https://x.readthedocs.io/fr/stable/b.html" hreflang="fr"' in page
    assert "/en/stable/de/" not in page and "/en/stable/fr/" not in page
    manifest = json.loads((tiny / "_build" / "manifest" / "de.json").read_text())
    assert manifest["baseurl"] == "https://x.readthedocs.io/de/stable/"


def test_under_read_the_docs_html_baseurl_each_language_replaces_the_language_folder(tiny):  # noqa: F811
    settings = (tiny / "sphinx-l10n.toml").read_text().replace(
        'env = { TINY_TITLE', 'define = { html_baseurl = "https://x.readthedocs.io/en/stable/" }\nenv = { TINY_TITLE')
    (tiny / "sphinx-l10n.toml").write_text(settings)
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    _read_the_docs_links(tiny)


def test_under_read_the_docs_its_canonical_url_serves_without_html_baseurl(tiny, monkeypatch):  # noqa: F811
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://x.readthedocs.io/en/stable/")
    assert l10n("build", "--html", cwd=tiny).returncode == 0
    _read_the_docs_links(tiny)


def test_a_page_the_source_language_lacks_gets_its_own_url_as_x_default(tiny):  # noqa: F811
    """Each language a site of its own, and the source language's site without b.html: the x-default
    of a translation's b.html is that page itself, never another translation's."""
    settings = (tiny / "sphinx-l10n.toml").read_text().replace(
        'env = { TINY_TITLE', 'define = { html_baseurl = "https://x.readthedocs.io/en/stable/" }\nenv = { TINY_TITLE')
    (tiny / "sphinx-l10n.toml").write_text(settings + '\n[build.languages.en]\ndefine = { exclude_patterns = "b.rst" }\n')
    (tiny / "index.rst").write_text((tiny / "index.rst").read_text().replace("   b\n", ""))
    (tiny / "b.rst").write_text(":orphan:\n\n" + (tiny / "b.rst").read_text())
    result = l10n("build", "--html", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tiny / "_build" / "html" / "en" / "b.html").exists()
    page = (tiny / "_build" / "html" / "fr" / "b.html").read_text()
    assert '<link rel="alternate" hreflang="x-default" href="https://x.readthedocs.io/fr/stable/b.html">' in page


def test_a_language_menu_that_is_an_empty_element_is_replaced_alone():
    """An element with no end tag (<input>, or written <x ... />) ends with its start tag."""
    for menu in ('<input type="hidden" class="language-switch" value="fr">', '<span class="language-switch" />'):
        page = assemble.fill(_page(body=menu), PARTS, "de", "ltr", own_links="replace")
        assert "language-switch" not in page and page.endswith("<p>Text</p></body></html>"), page
