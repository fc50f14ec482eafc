"""The switcher and the banner in the themes projects use, in a real browser (Debian's Chromium,
driven by Playwright): a small project of two languages is built once per theme (HTML only),
and at a phone's width and a laptop's the switcher is where the theme puts its navigation,
visible, not covered, and leads to the other language."""

import functools
import http.server
import os
import subprocess
import sys
import threading

import pytest
from conftest import ARTIFACTS, ROOT
from test_browser import CHROMIUM, CHROMIUM_ARGS

CONF = """\
project = "Themed"
author = "Someone"
language = "en"
locale_dirs = ["locales"]
gettext_compact = False
extensions = ["sphinx_l10n.sphinxext"]
html_theme = "{theme}"
"""
SETTINGS = '[languages]\nde = "in-progress"\n\n[build]\ntargets = ["html"]\n'
SOURCES = {
    "index.rst": "Themed\n======\n\nThe first page.\n\nA second paragraph.\n\n.. toctree::\n\n   guide\n",
    "guide.rst": "Guide\n=====\n\nHow to use it.\n\nSection\n-------\n\nMore text.\n",
}
CATALOG = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
           'msgid "Themed"\nmsgstr "Thematisch"\n\nmsgid "The first page."\nmsgstr "Die erste Seite."\n')

# Each theme, and the button a reader presses on a narrow screen to open the menu the switcher
# is in ("": the switcher is on the page itself).
THEMES = {
    "alabaster": "",
    "sphinx_rtd_theme": "[data-toggle=wy-nav-top]",
    "furo": ".mobile-header label[for=__navigation]",
    "pydata_sphinx_theme": "button.primary-toggle",
    "sphinx_book_theme": "button.primary-toggle",
}


@pytest.fixture(scope="module")
def themed_sites(tmp_path_factory):
    """{theme: build/html/ of the small project built in it}: the five builds run two at a time."""
    projects = {}
    for theme in THEMES:
        project = tmp_path_factory.mktemp(theme)
        (project / "conf.py").write_text(CONF.format(theme=theme))
        (project / "sphinx-l10n.toml").write_text(SETTINGS)
        for name, text in SOURCES.items():
            (project / name).write_text(text)
        (project / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
        (project / "locales" / "de" / "LC_MESSAGES" / "index.po").write_text(CATALOG)
        projects[theme] = project
    environment = {"PYTHONPATH": str(ROOT)}
    running = []
    for theme, project in projects.items():
        running.append((theme, subprocess.Popen([sys.executable, "-m", "sphinx_l10n", "build"], cwd=project,
                                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                                env={**os.environ, **environment})))
        if len(running) == 2 or theme == list(projects)[-1]:
            for name, process in running:
                output = process.communicate()[0]
                assert process.returncode == 0, f"{name}:\n{output}"
            running = []
    return {theme: project / "_build" / "html" for theme, project in projects.items()}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def themed_server(themed_sites):
    root = next(iter(themed_sites.values())).parent.parent.parent  # the folder of every theme's project
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield {theme: f"http://127.0.0.1:{httpd.server_address[1]}/{site.relative_to(root).as_posix()}"
           for theme, site in themed_sites.items()}
    httpd.shutdown()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The switcher the reader sees (pydata writes its header's items twice, one hidden at each width).
SHOWN = "nav.l10n-switcher:visible"
# What is at the centre of an element: the element itself, or what covers it.
AT_CENTRE = """element => {
    const box = element.getBoundingClientRect();
    const found = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {inside: element.contains(found), found: found ? found.outerHTML.slice(0, 120) : null,
            box: [box.x, box.y, box.width, box.height], width: innerWidth, height: innerHeight};
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("theme", list(THEMES))
def test_the_switcher_is_in_the_themes_navigation_visible_and_usable(themed_server, chromium, theme, width):
    page = chromium.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{themed_server[theme]}/de/index.html")
    assert page.locator("nav.l10n-switcher").count() >= 1
    banner = page.locator("div.l10n-banner")  # at the top of the document, as the page opens
    assert banner.count() == 1 and banner.evaluate(AT_CENTRE)["inside"], f"{theme} at {width} px: no banner, or covered"
    assert banner.evaluate("b => !!b.closest('[role=main], main')"), f"{theme}: the banner is not in the document"
    if page.locator(SHOWN).count() == 0 or not _in_view(page):
        assert THEMES[theme] and width < 1000, f"{theme} at {width} px: the switcher is hidden and no menu opens it"
        page.locator(THEMES[theme]).locator("visible=true").first.click()  # the theme's own menu button, as a reader opens it
        page.wait_for_timeout(500)  # the menu slides in
    switcher = page.locator(SHOWN)
    assert switcher.count() == 1, f"{theme} at {width} px: {switcher.count()} switchers shown"
    link = switcher.locator("a[hreflang=en]:not(.l10n-pdf)")
    centre = link.evaluate(AT_CENTRE)
    page.screenshot(path=str(ARTIFACTS / f"theme-{theme}-{width}.png"))
    assert centre["inside"], f"{theme} at {width} px: the switcher's link is covered by {centre['found']}"
    x, y, w, h = centre["box"]
    assert 0 <= x <= centre["width"] - w and 0 <= y <= centre["height"] - h, (theme, width, centre)
    if width == 1280 and theme != "alabaster":  # where the theme's navigation is, not above the content
        assert switcher.evaluate("n => !!n.closest('.wy-nav-side, .sidebar-drawer, .bd-header, .bd-sidebar-primary')")
    link.click()
    page.wait_for_url(f"{themed_server[theme]}/en/index.html")
    assert page.get_attribute("html", "lang") == "en" and page.locator("div.l10n-banner").count() == 0
    page.close()


def _in_view(page):
    box = page.locator(SHOWN).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_the_status_page_is_in_the_themes_page(themed_sites):
    """Furo's layout.html is an error page: the status page is the theme's own page template."""
    for theme, site in themed_sites.items():
        page = (site / "de" / "status.html").read_text(encoding="utf-8")
        assert "l10n-status" in page and "ERROR: This page was generated" not in page, theme
