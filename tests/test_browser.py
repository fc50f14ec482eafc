"""The built site in a real browser: Debian's Chromium, headless, driven by Playwright."""

import functools
import http.server
import pathlib
import threading

import pytest
from conftest import ARTIFACTS, ROOT

from l10n import config as configuration

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

            from l10n import interface, stats

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
