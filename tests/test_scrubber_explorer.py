"""The network scrubber (mlcalc.widgets.scrubber + _static/explorer.js + scrubber.js) in Chromium.

A standalone page in a temporary folder holds the book's scripts and stylesheet and two
scrubbers made by mlcalc from a short heart run; tools/serve.py serves it as the site is served
(see test_browser.py for the set-up). The last test checks the built site: the explorers'
scripts are loaded on the pages that hold an explorer, and only there.
"""

import json
import re

import numpy as np
import pytest

import explorer_pages
from explorer_pages import pixels
from test_browser import browser  # noqa: F401  (fixture)
from test_site import HTML, PAGES

from mlcalc import Network, heart, train_snapshots, widgets

pytestmark = pytest.mark.site
SITE = HTML  # test_site.HTML: _build/html, or MLCALC_HTML


@pytest.fixture(scope="module")
def run():
    t, points = heart(60)
    grid, _ = heart(120)
    at = [0, 1, 3, 10, 30, 100, 300, 600]
    snaps = train_snapshots(Network([1, 6, 7, 2]), t[:, None], points, step=7, iterations=600,
                            at=at, inputs=grid[:, None])
    return snaps, points


@pytest.fixture(scope="module")
def server(run, tmp_path_factory):
    snaps, points = run
    first = widgets.scrubber(snaps, target=points, label="The network learns the heart")
    second = widgets.scrubber(snaps, target=points[::2], label="The same run, fewer points", every=7)
    yield from explorer_pages.serve(tmp_path_factory, "scrubber", "Scrubber", ["scrubber.js"],
                                    first, second)


@pytest.fixture
def visit(browser, server):  # noqa: F811
    yield from explorer_pages.visits(browser, server)


def scrubbers(v):
    return v.page.locator(".mlcalc-scrubber")


def painted(shot, points, colour=(0x00, 0x72, 0xB2)):
    """The share of `points` (CSS px) with a pixel of `colour` within 1 px in `shot`."""
    near = [np.abs(shot[int(round(y)) - 1:int(round(y)) + 2, int(round(x)) - 1:int(round(x)) + 2]
                   - np.array(colour)).sum(axis=-1).min() for x, y in points]
    return np.mean(np.array(near) < 60)


def status(root):
    return root.locator("[role=status]").inner_text()


def test_both_explorers_are_built_cleanly(visit):
    v = visit()
    assert scrubbers(v).count() == 2
    assert v.page.locator(".explorer-nojs").count() == 0
    assert v.page.evaluate("window.mlcalcExplorers.scrubber.length") == 2
    sliders = [s.get_attribute("id") for s in v.page.locator("input[type=range]").all()]
    assert len(set(sliders)) == 2  # unique ids
    for root in scrubbers(v).all():
        assert root.get_attribute("data-frame") == "7"  # opens on the trained network
        assert status(root).startswith("Iteration 600, cost ")
    assert v.errors == [] and v.failed == [] and v.offsite == []


def test_page_data_is_the_snapshots(visit, run):
    """What the page decodes is the run, each frame in order of t, within the stated rounding."""
    snaps, points = run
    v = visit()
    got = v.page.evaluate("window.mlcalcExplorers.scrubber.map(s => s.run)")
    order = np.argsort(snaps.inputs[:, 0])
    for shown, target in zip(got, (points, points[::2])):
        assert shown["it"] == snaps.iterations.tolist()
        np.testing.assert_allclose(shown["frames"], snaps.outputs[:, order],
                                   rtol=0, atol=widgets.QUANTUM / 2 + 1e-9)
        np.testing.assert_allclose(shown["target"], target, rtol=0, atol=widgets.QUANTUM / 2 + 1e-9)
        np.testing.assert_allclose(np.power(10, shown["frameLogCost"]), snaps.cost[snaps.iterations],
                                   rtol=10 ** (widgets.COST_QUANTUM / 2) - 1 + 1e-9)


def test_keyboard_scrubs_and_announces(visit, run):
    snaps, _ = run
    v = visit()
    root = scrubbers(v).first
    slider = root.locator("input[type=range]")
    slider.focus()
    steps = [("Home", 0), ("ArrowRight", 1), ("ArrowUp", 2), ("ArrowLeft", 1), ("End", 7),
             ("PageDown", 6), ("ArrowDown", 5), ("PageUp", 6), ("End", 7), ("ArrowRight", 7)]
    for key, frame in steps:
        v.page.keyboard.press(key)
        assert root.get_attribute("data-frame") == str(frame), key
        assert slider.input_value() == str(frame)
        text = status(root)
        assert re.fullmatch(rf"Iteration {snaps.iterations[frame]}, cost [0-9.]+( \u00d7 10\^\u2212\d+)?",
                            text), text
        cost = float(text.split("cost ")[1].replace(" \u00d7 10^\u2212", "e-"))
        assert cost == pytest.approx(snaps.cost[snaps.iterations[frame]], rel=6e-3)
    assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
    assert scrubbers(v).nth(1).get_attribute("data-frame") == "7"  # the other one did not move
    assert v.errors == []


def test_slider_moves_frames_and_the_curve_is_the_data(visit):
    v = visit(device_scale_factor=1)
    root = scrubbers(v).first
    canvas = root.locator("canvas.scrubber-curve")
    last = pixels(canvas)
    # the drawn curve at the last frame: every point is painted in the curve's colour
    drawn = np.array(v.page.evaluate("window.mlcalcExplorers.scrubber[0].pixels(7)"))
    assert painted(last, drawn) > 0.95
    root.locator("input[type=range]").fill("0")
    assert root.get_attribute("data-frame") == "0"
    first = pixels(canvas)
    assert np.abs(first - last).sum(axis=-1).astype(bool).sum() > 300  # the curve moved
    assert painted(first, v.page.evaluate("window.mlcalcExplorers.scrubber[0].pixels(0)")) > 0.95
    assert status(root).startswith("Iteration 0, cost ")
    cost = pixels(root.locator("canvas.scrubber-cost"))
    assert (np.abs(cost - np.array([0xC2, 0x51, 0x00])).sum(axis=-1) < 40).sum() > 20  # the marker
    assert v.errors == []


def test_play_runs_to_the_end_quietly(visit):
    v = visit()
    root = scrubbers(v).first
    button = root.locator("button")
    assert button.inner_text() == "Play"
    button.click()  # at the last frame, Play starts again from the untrained network
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == "Pause"
    assert root.locator("[role=status]").get_attribute("aria-live") == "off"
    v.page.wait_for_function("document.querySelector('.mlcalc-scrubber').dataset.frame === '3'",
                             timeout=5000)
    v.page.wait_for_function("document.querySelector('.mlcalc-scrubber button').textContent === "
                             "'Play'", timeout=5000)
    assert root.get_attribute("data-frame") == "7"
    assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
    assert status(root).startswith("Iteration 600")
    assert v.errors == []


def test_theme_switch_redraws_in_dark_colours(visit):
    v = visit(device_scale_factor=1)
    canvas = scrubbers(v).first.locator("canvas.scrubber-curve")
    light = pixels(canvas)
    v.page.evaluate("document.documentElement.dataset.theme = 'dark'; "
                    "document.body.style.cssText += ';background:#121212;color:#ddd'")
    v.page.wait_for_timeout(100)
    dark = pixels(canvas)
    sky = np.array([0x56, 0xB4, 0xE9])
    assert (np.abs(dark - sky).sum(axis=-1) < 40).sum() > 100  # the curve in its dark colour
    assert (np.abs(light - sky).sum(axis=-1) < 40).sum() == 0
    assert v.errors == []


def test_fits_a_phone(visit):
    v = visit(viewport={"width": 375, "height": 740}, is_mobile=True)
    overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = scrubbers(v).first.locator("canvas.scrubber-curve").bounding_box()
    assert 250 < box["width"] <= 375 and abs(box["height"] - box["width"]) < 2
    assert v.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(visit, scheme):
    from axe_playwright_python.sync_playwright import Axe

    v = visit(color_scheme=scheme)
    results = Axe().run(v.page)
    violations = [(x["id"], [n["target"] for n in x["nodes"]][:3])
                  for x in results.response["violations"]]
    assert violations == [], json.dumps(violations)[:2000]


def loads(text: str, script: str) -> bool:
    """Whether the page loads _static/`script` (a <script src>, not a mention in the text)."""
    return re.search(rf'<script[^>]*\ssrc="[^"]*_static/{re.escape(script)}', text) is not None


def test_explorer_scripts_only_on_pages_with_an_explorer():
    """In the built site (MLCALC_HTML or _build/html): explorer.js on every page that holds an
    explorer, each explorer's script on the pages that hold it, and neither anywhere else."""
    if not (SITE / "book").is_dir():
        pytest.skip(f"no built site at {SITE}")
    seen = 0
    for page in PAGES:
        path = SITE / f"{page}.html"
        if not path.exists():
            continue
        seen += 1
        text = path.read_text(encoding="utf-8")
        holds = {script: f'<div class="{name}"' in text for name, script in widgets.SCRIPTS.items()}
        for script, held in holds.items():
            assert loads(text, script) == held, (page, script)
        assert loads(text, "explorer.js") == any(holds.values()), page
        if any(holds.values()):
            order = [text.index(f"_static/{s}") for s in ["explorer.js", *(s for s, h in holds.items() if h)]]
            assert order == sorted(order) and re.search(r'<script defer="defer" src="[^"]*explorer\.js', text), page
    assert seen
