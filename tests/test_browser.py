"""The built site in a real browser: Debian's Chromium, headless, driven by Playwright."""

import functools
import http.server
import pathlib
import threading

import pytest
from conftest import ARTIFACTS, ROOT

from sphinx_l10n import config as configuration

CHROMIUM = pathlib.Path("/usr/bin/chromium")
PROJECT = configuration.load(ROOT)
# Chromium's background services would try the network, which is closed here.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is required: install it (`make system-deps` as root)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_switcher_leads_to_the_same_page_in_english(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/fr/index.html")
    assert page.get_attribute("html", "lang") == "fr"
    page.click("nav.l10n-switcher a[hreflang=en]:not(.l10n-pdf)")
    page.wait_for_load_state()
    assert page.url == f"{server}/en/index.html"
    assert page.get_attribute("html", "lang") == "en"
    assert "Why have a CPTO?" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "switcher-en.png"), full_page=False)


def test_every_page_declares_its_alternates(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/de/index.html")
    links = page.eval_on_selector_all("link[rel=alternate]", "els => els.map(e => [e.hreflang, e.href])")
    expected = {code: f"{server}/{code}/index.html" for code in PROJECT.all_languages}
    expected["x-default"] = f"{server}/index.html"  # the chooser
    assert dict(links) == expected
    for url in expected.values():
        assert browser.new_page().goto(url).status == 200


def test_in_progress_language_shows_its_completion(server, browser):
    for code, status in PROJECT.languages.items():
        page = browser.new_page()
        page.goto(f"{server}/{code}/index.html")
        banners = page.query_selector_all(".l10n-banner")
        if status == "release":
            assert banners == []
        else:  # in the page's language, with the completion as the language writes it
            from babel.numbers import format_percent

            from sphinx_l10n import interface, stats

            percent = stats.collect(stats.gather(PROJECT, languages=[code]))[code]["percent"]
            expected = interface.gettext(code, "This translation is in progress: {percent} translated.").format(
                percent=format_percent(percent / 100, locale=code))
            assert expected in banners[0].inner_text()
            page.screenshot(path=str(ARTIFACTS / f"banner-{code}.png"))


def test_root_chooser_follows_the_readers_languages(server, browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{server}/index.html")
    page.wait_for_url(f"{server}/de/index.html")  # a first visit goes to the reader's language
    page.goto(f"{server}/index.html")
    page.wait_for_timeout(300)
    assert page.url == f"{server}/index.html"  # a later visit: the reader came to choose
    page.click("a.l10n-language[hreflang=es]")
    page.wait_for_url(f"{server}/es/index.html")
    assert page.evaluate("localStorage.getItem('l10n-language')") == "es"  # the choice is remembered
    unknown = browser.new_context(locale="pt-BR").new_page()
    unknown.goto(f"{server}/index.html")
    unknown.wait_for_timeout(300)
    assert unknown.url == f"{server}/index.html"  # no language of theirs: the list, not a guess
    assert unknown.is_visible("a.l10n-language[hreflang=fr]")
    unknown.screenshot(path=str(ARTIFACTS / "chooser.png"))


def test_root_chooser_works_without_javascript(server, browser):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{server}/index.html")
    hrefs = page.eval_on_selector_all("a[hreflang]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [f"{code}/index.html" for code in PROJECT.all_languages]


# Every page of every language, as a reader opens it: the root chooser and each site's pages.
def _site_pages(site):
    return [f"{code}/{page}" for code in PROJECT.all_languages for page in ("index.html", "genindex.html",
                                                                            "search.html", "status.html")
            if (site / "html" / code / page).is_file()]


# A search each language's page can answer, and the Japanese words of three kanji and more that
# a two-character splitter never found.
SEARCHES = {"fr": "CPTO", "en": "CPTO", "de": "CPTO", "es": "CPTO", "ja": "CPTO"}
JAPANESE_WORDS = ["起業家", "電子署名", "経営委員会"]


def _search(browser, server, code, query):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/{code}/search.html?q={query}")
    page.wait_for_function("document.querySelector('#search-results p.search-summary')?.innerText.length > 0",
                           timeout=15000)
    return page, errors


def test_search_says_what_it_found_in_every_language(server, browser):
    from sphinx_l10n import interface

    english = {e.msgid for e in interface.sphinx_page_messages() if interface.is_script_message(e)}
    english |= {e.msgid_plural for e in interface.sphinx_page_messages() if e.msgid_plural}
    for code in PROJECT.all_languages:
        page, errors = _search(browser, server, code, SEARCHES[code])
        summary = page.inner_text("#search-results p.search-summary")
        results = page.query_selector_all("#search-results ul.search li")
        assert results, f"{code}: no result for {SEARCHES[code]!r}"
        assert errors == [], f"{code}: {errors}"
        assert "${resultCount}" not in summary, (code, summary)
        if len(results) > 1:  # "N pages": the count written in
            assert str(len(results)) in summary, (code, summary)
        if code != "en":  # the count line in the reader's language, not Sphinx's English
            assert not any(summary.startswith(text.split("$")[0]) for text in english), (code, summary)
        page.screenshot(path=str(ARTIFACTS / f"search-{code}.png"))


def test_japanese_search_finds_words_of_several_kanji(server, browser):
    for word in JAPANESE_WORDS:
        page, errors = _search(browser, server, "ja", word)
        assert page.query_selector_all("#search-results ul.search li"), f"{word}: not found"
        assert errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_scrolls_sideways(server, browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    for path in ["index.html", *_site_pages(site)]:
        page = context.new_page()
        page.goto(f"{server}/{path}")
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{path} at {width} px: {scroll - client} px wider than the window"
        page.screenshot(path=str(ARTIFACTS / f"page-{path.replace('/', '-')}-{width}.png"), full_page=True)
        page.close()


def _english_interface():
    """Interface strings as English has them: Sphinx's messages that pages show, l10n's own, and
    the words the themes write in their templates without a message (alabaster, basic)."""
    import re

    import alabaster
    import polib
    import sphinx

    from sphinx_l10n import interface

    strings = {e.msgid for e in interface.sphinx_page_messages() if "%" not in e.msgid and "$" not in e.msgid}
    strings |= {e.msgid for e in polib.pofile(str(ROOT / "sphinx_l10n" / "locale" / "l10n.pot")) if e.msgid and "{" not in e.msgid}
    for folder in (pathlib.Path(alabaster.__file__).parent, pathlib.Path(sphinx.__file__).parent / "themes" / "basic"):
        for template in folder.glob("*.html"):
            text = re.sub(r"\{[{%#].*?[}%#]\}|<script.*?</script>", "", template.read_text(encoding="utf-8"), flags=re.S)
            for chunk in re.findall(r">([^<>]+)<", text):
                strings |= {s.strip() for s in re.split(r"[|\n]", chunk) if re.search(r"[A-Za-z]{2}", s)}
            strings |= set(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"{]*[A-Za-z]{2}[^"{]*)"', text))
    # Names, not words: the same in every language.
    return {s for s in strings if s not in {"Sphinx", "Alabaster", "PDF", "CPTO"}}


def _same_in(code):
    """The messages whose translation in code is spelled as in English, on purpose: a catalog says
    so (German "Status", French "Index"): l10n's, the project's interface catalog, or Sphinx's."""
    import gettext

    import polib

    from sphinx_l10n import interface

    same = {msgid for msgid, text in interface._messages(code).items() if msgid == text}
    own = ROOT / "locales" / code / "LC_MESSAGES" / "sphinx.po"
    if own.is_file():
        same |= {e.msgid for e in polib.pofile(str(own)) if e.translated() and e.msgstr == e.msgid}
    node = interface._sphinx_catalog(code)
    while isinstance(node, gettext.GNUTranslations):
        same |= {key for key, text in node._catalog.items() if isinstance(key, str) and key == text}
        node = node._fallback
    return same


def test_the_interface_speaks_the_pages_language(server, browser, site):
    english = _english_interface()
    script = """() => {
        const article = document.querySelector('div.body [role=main], div.body > section');
        const texts = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (article && article.contains(node)) continue;
            if (node.parentElement.closest('script, style, [lang=en], [translate=no]')) continue;
            const text = node.textContent.trim();
            if (text) texts.push(text);
        }
        for (const element of document.querySelectorAll('[title], [aria-label], [alt], [placeholder], input[type=submit]'))
            if (!element.closest('[lang=en]'))
                for (const name of ['title', 'aria-label', 'alt', 'placeholder', 'value'])
                    if (element.getAttribute(name)) texts.push(element.getAttribute(name).trim());
        return texts;
    }"""
    found = []
    for path in _site_pages(site):
        code = path.split("/")[0]
        if code == "en":
            continue
        page = browser.new_page()
        page.goto(f"{server}/{path}")
        left = sorted({text for text in page.evaluate(script) if text in english} - _same_in(code))
        if left:
            found.append(f"{path}: {left}")
        page.close()
    assert found == [], "\n".join(found)


def test_every_page_meets_wcag_aa(server, browser, site):
    axe = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.is_file(), "axe-core is missing: `make test` installs it (npm)"
    problems = []
    for path in ["index.html", *_site_pages(site)]:
        page = browser.new_page()
        page.goto(f"{server}/{path}")
        page.add_script_tag(path=str(axe))
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{path}: {violation['id']}: {violation['help']} {targets}")
        page.close()
    assert problems == []


def test_a_translated_paragraph_links_to_its_catalog_entry(browser, tmp_path):
    """Hidden until hovered or focused from the keyboard; it leads to the entry's line."""
    import shutil
    import subprocess
    import sys

    project = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "data" / "mini-project", project)
    settings = project / "pyproject.toml"
    template = "https://code.example.org/mini/blob/main/{path}#L{line}"
    settings.write_text(settings.read_text(encoding="utf-8") + f'\n[tool.sphinx-l10n.build]\ntargets = ["html"]\n'
                        f'define = {{ l10n_edit_url = "{template}" }}\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx_l10n", "build", "--lang", "de"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    from sphinx_l10n import catalogs

    entry = next(e for e in catalogs.load(project / "locales" / "de" / "LC_MESSAGES" / "index.po") if "she said" in e.msgid)
    expected = template.format(path="locales/de/LC_MESSAGES/index.po", line=entry.linenum)
    page = browser.new_page()
    followed = []
    page.route("https://code.example.org/**", lambda route: (followed.append(route.request.url),
                                                               route.fulfill(body="catalog", content_type="text/plain")))
    page.goto((project / "build" / "html" / "de" / "index.html").as_uri())
    link = page.locator(f'a.l10n-edit[href="{expected}"]')
    assert link.count() == 1 and link.get_attribute("aria-label") == "Diese Übersetzung verbessern"
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    for _ in range(20):  # from the keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == expected:
            break
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.keyboard.press("Enter")
    page.wait_for_url(expected)
    assert followed == [expected.split("#")[0]] and page.url == expected  # a fragment is not sent
    page.close()


# Running text hyphenates by its element's lang (the browser's dictionaries); headings, code,
# links and what must stay as written never do. Code and a `translate="no"` span are put into
# the page, as a project's pages would have them, to read what the stylesheet gives them.
HYPHENATED = ["div.body p", "div.body li", "div.admonition p", "div.body td"]
NEVER_HYPHENATED = ["div.body h1", "div.body h2", "div.body h3", "div.body a", "div.body code", "div.body pre",
                    "div.body kbd", "div.body [translate=no]", "div.body .notranslate p"]


@pytest.mark.parametrize("code", ["de", "fr"])
def test_running_text_hyphenates_by_its_language_and_names_never(server, browser, code):
    page = browser.new_page()
    page.goto(f"{server}/{code}/index.html")
    page.evaluate("""() => document.querySelector('div.body').insertAdjacentHTML('beforeend',
        '<p><code>SomeIdentifier</code> <kbd>Ctrl</kbd> <span translate="no">Mazery</span></p><pre>x</pre>' +
        '<table><tr><td>Wort</td></tr></table><div class="notranslate"><p>Mazery</p></div>')""")
    styles = page.evaluate("""selectors => Object.fromEntries(selectors.map(selector => {
        const element = document.querySelector(selector);
        return [selector, element && getComputedStyle(element).hyphens];
    }))""", HYPHENATED + NEVER_HYPHENATED)
    assert styles == {**dict.fromkeys(HYPHENATED, "auto"), **dict.fromkeys(NEVER_HYPHENATED, "manual")}
    page.close()


def _written(code):
    """What the page of code was built from: the source for the source language, else the catalogs' translations."""
    from sphinx_l10n import catalogs

    if code == PROJECT.source_language:
        return "\n".join(path.read_text(encoding="utf-8") for path in sorted(PROJECT.source_dir.rglob("*.rst")))
    return "\n".join(e.msgstr for path in sorted(PROJECT.catalog_dir(code).glob("*.po")) for e in catalogs.load(path))


# A long word of the German catalog, and a sentence of the French source with a space before its sign.
VERBATIM = {"de": "Unternehmenslandschaft", "fr": "Pourquoi avoir un CPTO ?"}


@pytest.mark.parametrize("code", ["de", "fr"])
def test_the_text_a_reader_copies_is_the_text_that_was_written(server, browser, code):
    """No soft hyphen, and no no-break space the translation (or, in the source language, the
    source) did not hold: what a reader finds, selects and copies is what was written."""
    import re

    written = _written(code)
    assert VERBATIM[code] in written
    page = browser.new_page()
    page.goto(f"{server}/{code}/index.html")
    assert "\u00ad" not in page.evaluate("document.body.innerText")
    assert page.evaluate("word => window.find(word) && getSelection().toString()", VERBATIM[code]) == VERBATIM[code]
    text = page.evaluate("document.querySelector('div.body').textContent")
    bound = set(re.findall(r"[^ \t\r\n]*[\u00a0\u202f][^ \t\r\n]*", text))  # each word a no-break space is in
    assert {word for word in bound if word not in written} == set()
    page.close()
