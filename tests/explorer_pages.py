"""What the explorers' browser tests share: a standalone page of two explorers, served as the
site is, opened in Chromium; screenshots as arrays; the page's number formats, mirrored.

A test module makes its page in a module fixture and opens it in a `visit` fixture::

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        yield from explorer_pages.serve(tmp_path_factory, "descent", "Descent explorer",
                                        ["descent.js"], first, second)

    @pytest.fixture
    def visit(browser, server):
        yield from explorer_pages.visits(browser, server)
"""

import io
import json
import re
import shutil
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "book" / "_static"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title} test page</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="_static/lean.css">
<script defer src="_static/explorer.js"></script>
{scripts}
<style>body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 0 1rem;
max-width: 40rem }}
html[data-theme="dark"] body {{ background: #121212; color: #dddddd }}</style>
</head><body><main><h1>{title} test page</h1>
{first}
<p>Between the two explorers.</p>
{second}
</main></body></html>
"""


def lean_site():
    """book/_ext/lean_site/, the site's build extension."""
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import lean_site as module
    finally:
        sys.path.pop(0)
    return module


def serve(tmp_path_factory, name: str, title: str, scripts: list[str], first: str,
          second: str, *, move: bool = False):
    """Serve a page of the two explorers `first` and `second` (markup from mlcalc.widgets) with
    explorer.js, `scripts` and the stylesheet, by tools/serve.py; yields its address, then
    stops. With `move`, the JSON blocks over 8 KiB move into files as the site moves them."""
    import serve as server

    root = tmp_path_factory.mktemp(name)
    (root / "_static").mkdir()
    for script in ("explorer.js", *scripts, "lean.css"):
        shutil.copy(STATIC / script, root / "_static" / script)
    tags = "\n".join(f'<script defer src="_static/{script}"></script>' for script in scripts)
    text = PAGE.format(title=title, scripts=tags, first=first, second=second)
    if move:
        text = lean_site().move_data_blocks(root, root / "index.html", text)
    (root / "index.html").write_text(text, encoding="utf-8")
    instance = server.start(root)
    yield f"http://127.0.0.1:{instance.server_port}/index.html"
    instance.shutdown()
    instance.server_close()


def visits(browser, url):
    """open(**context) -> a test_browser.Visit of `url` in a fresh context; yields open, then
    closes every page it opened."""
    from test_browser import Visit

    opened = []

    def open_page(**context):
        page = Visit(browser, url, **context)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


def pixels(locator) -> np.ndarray:
    """A screenshot of `locator` as an (h, w, 3) array of ints."""
    from PIL import Image
    locator.scroll_into_view_if_needed()
    return np.asarray(Image.open(io.BytesIO(locator.screenshot())).convert("RGB")).astype(int)


def axe_violations(page) -> list:
    """What axe-core finds wrong on the page: (rule, the first three elements)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(x["id"], [n["target"] for n in x["nodes"]][:3])
            for x in results.response["violations"]]


# -- explorer.js's number formats, mirrored ---------------------------------------------------

def js_number(v: float, decimals: int = 4) -> str:
    """E.number: `v` to at most `decimals` decimals, as JavaScript's toFixed rounds (the exact
    binary value, halves away from zero: 2.625 to 2.63), a true minus sign."""
    text = format(Decimal(float(v)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text.replace("-", "\u2212")


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def js_fixed(v: float, decimals: int = 2) -> str:
    """E.fixed: js_number, or m.m×10ⁿ from 10⁴ across."""
    if abs(v) < 1e4:
        return js_number(v, decimals)
    e = int(np.floor(np.log10(abs(v))))
    return js_number(v / 10**e, 1) + "×10" + str(e).translate(SUPERSCRIPTS)


def sentence(message: str) -> str:
    """E.sentence: a library's message as a sentence."""
    return (message[0].upper() + message[1:] if re.match("[a-z]{2}", message) else message) + "."


def told(nit: int, steps, message: str, k: int, here: str, how: str = "") -> str:
    """E.told: what a replay says at kept iterate k of a run."""
    step = steps[k]
    if step == 0:
        return f"Start: {here}. " + (f"{nit} step{'s' if nit != 1 else ''} in all." if nit
                                     else sentence(message))
    text = f"Step {step} of {nit}: {here}" + (f", {how}" if how else "") + "."
    return text + " " + sentence(message) if k == len(steps) - 1 else text


# -- checks that the map explorers (descent, fit) share -------------------------------------

def status(root) -> str:
    return root.locator("[role=status]").inner_text()


def plays_quietly(v, selector: str, pause: int, readout):
    """Play on the first explorer matching `selector`, shown at its end: it starts again from
    the start, quietly (aria-live off); paused at kept iterate `pause` (or the next), it
    announces readout(k) there; played on, it stops at the end and says readout(last).
    Returns the last kept iterate."""
    root = v.page.locator(selector).first
    button = root.locator("button")
    last = int(root.get_attribute("data-step"))
    assert button.count() == 1 and button.inner_text() == "Play"
    button.click()  # at the end: Play starts again from the start
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == "Pause"
    assert root.locator("[role=status]").get_attribute("aria-live") == "off"
    v.page.wait_for_function(f"document.querySelector('{selector}').dataset.step === '{pause}'",
                             timeout=5000)
    button.click()  # pause
    assert button.inner_text() == "Play"
    assert root.get_attribute("data-step") in (str(pause), str(pause + 1))
    assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
    assert status(root) == readout(int(root.get_attribute("data-step")))
    button.click()
    v.page.wait_for_function(f"document.querySelector('{selector}').dataset.step === '{last}'",
                             timeout=30000)
    v.page.wait_for_function(f"document.querySelector('{selector} button').textContent === "
                             "'Play'", timeout=5000)
    assert status(root) == readout(last)
    assert v.errors == []
    return last


def keeps_the_map(v, canvas, kind: str, points, bottom: float):
    """A switch to the dark theme keeps the colours of the first `kind` explorer's map at
    `points` (in the map's coordinates, off its grid lines) and redraws its frame and labels
    below map.py(bottom) in the theme's ink."""
    light = pixels(canvas)
    v.page.evaluate("document.documentElement.dataset.theme = 'dark'")
    v.page.wait_for_timeout(100)
    dark = pixels(canvas)
    inside = v.page.evaluate(f"(() => {{ const d = window.mlcalcExplorers.{kind}[0]; return "
                             f"{json.dumps(points)}.map(p => [d.map.px(p[0]), d.map.py(p[1])]); "
                             "})()")
    for x, y in inside:
        assert np.abs(light[int(y), int(x)] - dark[int(y), int(x)]).sum() <= 6, (x, y)
    frame = v.page.evaluate(f"window.mlcalcExplorers.{kind}[0].map.py({bottom})")
    assert np.abs(light[int(frame) + 4:] - dark[int(frame) + 4:]).sum(axis=-1).max() > 300
    assert v.errors == []


def fits_a_phone(v, selector: str, plot: str = "canvas"):
    """At 375 px, the page does not scroll sideways, nothing of the first explorer matching
    `selector` sticks out, and its plot (the canvas matching `plot`) is square."""
    assert v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    root = v.page.locator(selector).first
    for el in root.locator("button, input, canvas, output, select, p").all():
        if not el.is_visible():
            continue
        box = el.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, el.evaluate("e => e.outerHTML")
    box = root.locator(plot).bounding_box()
    assert 250 < box["width"] <= 375 and abs(box["height"] - box["width"]) < 2
    assert v.errors == []


def axe_passes(visit, scheme: str):
    """axe-core finds nothing wrong on the page in the `scheme` colour scheme (and theme)."""
    v = visit(color_scheme=scheme)
    if scheme == "dark":
        v.page.evaluate("document.documentElement.dataset.theme = 'dark'")
    violations = axe_violations(v.page)
    assert violations == [], json.dumps(violations)[:2000]
