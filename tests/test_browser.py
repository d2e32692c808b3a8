"""The built site in a real browser: Debian's Chromium driven by Playwright.

Run by `make test` after the strict build (`pytest -m site`). Every page is opened from a
local gzip server (tools/serve.py) on 127.0.0.1; the browser may not reach anything else.
Without Chromium these tests skip with a message, except under CI=true, where they fail.
"""

import json
import os
import re
import sys
from pathlib import Path

import pytest

from test_site import HTML, PAGES

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from chromium import FLAGS, PATH as CHROMIUM  # noqa: E402
URLS = [f"{p}.html" for p in PAGES] + ["index.html", "search.html", "genindex.html", "prf-prf.html",
                                      "404.html"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = (f"Chromium not found at {CHROMIUM}: browser tests skipped "
                   "(`make test` installs it with apt-get when run as root)")
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; under CI=true a missing browser is a failure")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def server():
    import serve

    instance = serve.start(HTML)
    yield f"http://127.0.0.1:{instance.server_port}/"
    instance.shutdown()
    instance.server_close()


class Visit:
    """A page opened in a fresh context, with what it logged and requested."""

    def __init__(self, browser, url, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors, self.failed, self.offsite = [], [], []
        host = url.split("/")[2]
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(
            f"{r.status} {r.url}"))

        def route(r):
            if r.request.url.startswith(("data:", f"http://{host}/")):
                return r.continue_()
            self.offsite.append(r.request.url)
            return r.abort()

        self.page.route("**/*", route)
        self.page.goto(url, wait_until="networkidle")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened = []

    def open_page(path, **context):
        page = Visit(browser, server + path, **context)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize("path", URLS)
def test_page_loads_cleanly_and_stays_on_this_server(visit, path):
    v = visit(path)
    if path == "404.html":  # served with status 404 on purpose
        v.failed = [f for f in v.failed if not f.endswith("404.html")]
    assert v.errors == [], f"{path}: console errors {v.errors}"
    assert v.failed == [], f"{path}: failed requests {v.failed}"
    assert v.offsite == [], f"{path}: requests to other hosts {v.offsite}"


@pytest.mark.parametrize("path", [u for u in URLS if u.startswith("book/")])
def test_math_is_typeset(visit, path):
    v = visit(path)
    text = v.page.inner_text("main")
    assert not re.search(r"\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{", text), f"{path}: raw TeX left"
    assert v.page.locator("merror").count() == 0
    if v.page.locator("math").count():
        width = v.page.evaluate("document.querySelector('math').getBoundingClientRect().width")
        assert width > 0, f"{path}: MathML not rendered"


@pytest.mark.parametrize("path", [u for u in URLS if u.startswith("book/")])
def test_figures_load_with_alt_text(visit, path):
    v = visit(path)
    for img in v.page.locator("main figure img").all():
        img.scroll_into_view_if_needed()
        assert img.get_attribute("alt"), f"{path}: {img.get_attribute('src')} has no alt text"
        loaded = v.page.wait_for_function(  # figures load lazily, as they scroll into view
            "i => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=10000)
        assert loaded, f"{path}: image not loaded"


def test_figures_stay_legible_in_dark_mode(visit):
    v = visit("book/01-what-is-calculus/definition.html", color_scheme="dark")
    assert v.page.evaluate("document.documentElement.dataset.theme") == "dark"
    import io

    import numpy as np
    from PIL import Image

    images = v.page.locator("main figure img").all()
    assert images
    for img in images:
        img.scroll_into_view_if_needed()
        shot = np.asarray(Image.open(io.BytesIO(img.screenshot())).convert("L"))
        dark, light = np.percentile(shot, 1), np.percentile(shot, 90)
        assert light > 200 and light - dark > 120, "figure lost its contrast in dark mode"


@pytest.mark.parametrize("path", URLS)
def test_no_horizontal_scrolling_on_a_phone(visit, path):
    v = visit(path, viewport={"width": 375, "height": 740}, is_mobile=True)
    overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path}: the page is {overflow}px wider than a 375px phone"


@pytest.mark.parametrize("path", URLS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(visit, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    v = visit(path, color_scheme=scheme)
    # axe measures colours from what is painted: sections that content-visibility skips until
    # they scroll into view would be checked against placeholder boxes, or not at all
    v.page.add_style_tag(content=".bd-article section { content-visibility: visible !important }")
    results = Axe().run(v.page)
    violations = [(x["id"], [n["target"] for n in x["nodes"]][:3])
                  for x in results.response["violations"]]
    assert violations == [], f"{path} ({scheme}): {json.dumps(violations)[:2000]}"


@pytest.mark.parametrize("query,expected", [
    ("derivative", "The definition of the derivative"),
    ("chain rule", "The chain rule"),
])
def test_search_lists_the_right_pages(visit, query, expected):
    v = visit(f"search.html?q={query.replace(' ', '+')}")
    v.page.wait_for_selector("#search-results ul.search li", timeout=15000)
    titles = v.page.locator("#search-results ul.search li a").all_inner_texts()
    assert any(expected in t for t in titles[:5]), f"{query!r}: top results {titles[:5]}"
    assert v.errors == []


def test_phone_menu_opens_the_book_navigation(visit):
    v = visit("book/01-what-is-calculus/chain-rule.html", viewport={"width": 375, "height": 740},
              is_mobile=True)
    link = v.page.locator("a.reference.internal:visible", has_text="Taming a beast")
    assert link.count() == 0  # the navigation is folded away on a phone
    v.page.locator("button.primary-toggle:visible").first.click()
    link.first.wait_for(state="visible", timeout=5000)
    assert v.errors == []


def test_download_menu_opens(visit):
    v = visit("book/01-what-is-calculus/chain-rule.html")
    v.page.locator(".dropdown-download-buttons button").first.click()
    v.page.locator(".dropdown-download-buttons .dropdown-menu a").first.wait_for(
        state="visible", timeout=5000)
    assert v.errors == []


def test_missing_page_deep_in_the_book_gets_the_styled_404_page(visit):
    """The host answers any missing address with 404.html: its stylesheet, scripts and links
    must load from the published path (/mlcalc/...), however deep the address was."""
    from serve import PREFIX

    missing = PREFIX.lstrip("/") + "book/04-taylor-series/no/such/page.html"
    v = visit(missing)
    assert [f for f in v.failed if not f.endswith(missing)] == []
    assert [e for e in v.errors if "status of 404" not in e] == []
    assert v.page.get_by_role("heading", name="Page not found", level=1).is_visible()
    assert v.page.evaluate("getComputedStyle(document.body).margin") == "0px"  # the theme's CSS
    assert v.page.locator("nav.bd-docs-nav a").count() >= len(PAGES) - 1
    v.page.get_by_role("link", name=re.compile("Go to the start")).click()
    v.page.wait_for_load_state("networkidle")
    assert v.page.url.endswith(PREFIX + "book/index.html")
