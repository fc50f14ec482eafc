"""What a page says of the other languages: the switcher's place in a project's own template,
and the URLs of each language's site under Read the Docs and on a plain server."""

import json

import pytest
from conftest import l10n
from test_build import tiny  # noqa: F401  (the fixture: a small foreign project, en with de and fr)

from sphinx_l10n.build import site_url


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


@pytest.mark.parametrize("baseurl, lang, expected", [
    ("", "de", ""),  # a plain server: relative links
    ("https://docs.example.org/", "de", "https://docs.example.org/de/"),  # one site, a folder per language
    ("https://docs.example.org/de", "de", "https://docs.example.org/de/"),  # define html_baseurl per language
    ("https://x.readthedocs.io/en/stable/", "es", "https://x.readthedocs.io/es/stable/"),  # Read the Docs
    ("https://x.readthedocs.io/en/latest/", "en", "https://x.readthedocs.io/en/latest/"),
    ("https://x.readthedocs.io/en/stable/", "pt_BR", "https://x.readthedocs.io/pt-br/stable/"),  # as RTD writes codes
    ("https://x.readthedocs.io/pt-br/stable/", "en", "https://x.readthedocs.io/en/stable/"),
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
