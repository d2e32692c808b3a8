"""The sandpit game in the built page, played in Chromium (see test_browser.py for the set-up)."""

import io
import json

import numpy as np
import pytest
from test_browser import browser, server, visit  # noqa: F401  (fixtures; the site is test_site.HTML)

from mlcalc import sandpit


pytestmark = pytest.mark.site
PAGE = "book/02-multivariate-calculus/sandpit.html"
SAND = (0xE9, 0xD8, 0xA6)


def games(v):
    return v.page.locator(".sandpit-game")


def state(game):
    return {key: game.get_attribute(f"data-{key}") for key in ("dips", "found", "revealed")}


def dip_at(game, x, y):
    game.locator("input[name=x]").fill(str(x))
    game.locator("input[name=y]").fill(str(y))
    game.get_by_role("button", name="Dip here").click()


def canvas_pixels(game):
    from PIL import Image
    canvas = game.locator("canvas")
    canvas.scroll_into_view_if_needed()
    return np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")).astype(int)


PART2_GAME = 4  # the index of the part-2 game among the page's games


def sandpit_data(v) -> dict:
    """The game's data: inline in a notebook, in the file its data-src names on the site."""
    block = v.page.locator("#sandpit-data")
    src = block.get_attribute("data-src")
    text = (v.page.evaluate("src => fetch(src).then(r => r.text())", src) if src
            else block.text_content())
    return json.loads(text)


def test_page_has_every_variant(visit):
    v = visit(PAGE)
    assert games(v).count() == 5
    pits = [g.get_attribute("data-pits") for g in games(v).all()]
    arrows = [g.get_attribute("data-arrow") for g in games(v).all()]
    assert pits == ["fixed", "fixed", "random-1 random-2 random-3", "random-1 random-2 random-3",
                    "several-minima rocky narrow-well"]
    assert arrows == ["true", "false", "true", "false", "true"]
    assert v.page.locator(".explorer-nojs").count() == 0  # the script replaced the fallback
    assert v.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_data_cell_leaves_no_empty_box(visit, scheme):
    v = visit(PAGE, color_scheme=scheme)
    cell = v.page.locator("div.cell", has=v.page.locator("#sandpit-data"))
    assert cell.count() == 1
    assert cell.evaluate("c => getComputedStyle(c).display") == "none"
    assert set(sandpit_data(v)["pits"]) >= {"fixed", "random-1"}


def test_a_click_dips_the_stick(visit):
    v = visit(PAGE)
    game = games(v).first
    game.locator("canvas").click(position={"x": 120, "y": 150})
    assert state(game)["dips"] == "1"
    assert game.locator(".sandpit-count").inner_text() == "Dips: 1"
    readout = game.locator(".sandpit-readout").inner_text()
    assert readout.startswith("Dip 1 at x = ") and "depth \u2212" in readout
    assert "slopes down towards the" in readout
    game.locator("canvas").click(position={"x": 200, "y": 100})
    assert game.locator(".sandpit-count").inner_text() == "Dips: 2"
    assert game.locator(".sandpit-log li").count() == 2
    assert v.errors == []


@pytest.mark.parametrize("name,x,y", [("fixed", 1.0, 1.0), ("fixed", 3.3, 4.4),
                                      ("narrow-well", 1.3, 4.9), ("rocky", 2.2, 3.7)])
def test_readout_agrees_with_mlcalc(visit, name, x, y):
    """The page interpolates build-time data; its readings must match the library's dip."""
    v = visit(PAGE)
    game = games(v).nth(0 if name == "fixed" else PART2_GAME)
    if name != "fixed":
        game.locator("select").select_option(name)
    dip_at(game, x, y)
    text = game.locator(".sandpit-readout").inner_text().replace("\u2212", "-")
    depth = float(text.split("depth ")[1].split(" m")[0])
    slope = float(text.split(", ")[-1].split(" m per metre")[0])
    pits = {"fixed": sandpit.fixed(), "narrow-well": sandpit.narrow_well(), "rocky": sandpit.rocky()}
    expected = pits[name].dip(x, y)
    assert depth == pytest.approx(expected.depth, abs=0.03)
    assert slope == pytest.approx(np.linalg.norm(expected.arrow), abs=0.05, rel=0.05)


PITS = {pit.name: pit for pit in [sandpit.fixed(), *(sandpit.random_pit(s) for s in (1, 2, 3)),
                                   *(make() for make in sandpit.PART2)]}


@pytest.mark.parametrize("name", list(PITS))
def test_page_interpolation_is_the_stick(visit, name):
    """The page's own readings at 400 seeded random points of every pit are pit.dip's, within
    the bounds the page states: the arrow within 2 % of its length or 0.01 m/m, the depth
    within 1 cm, H and its eigenvalues within 15 % of its largest eigenvalue or 0.15 /m."""
    v = visit(PAGE)
    pit = PITS[name]
    points = np.random.default_rng(sum(map(ord, name))).uniform(0, sandpit.SIZE, size=(400, 2))
    read = v.page.evaluate("([name, points]) => points.map(([x, y]) => "
                           "window.mlcalcSandpit.read(name, x, y))", [name, points.tolist()])
    for (x, y), got in zip(points, read):
        dip = pit.dip(x, y)
        arrow = -np.array(got["J"])
        bound = max(sandpit.ARROW_RTOL * np.linalg.norm(dip.arrow), sandpit.ARROW_ATOL)
        assert np.linalg.norm(arrow - dip.arrow) <= bound, (name, x, y, arrow, dip.arrow)
        assert abs(got["depth"] - dip.depth) <= sandpit.DEPTH_ATOL, (name, x, y)
        H, eig0 = np.array(got["H"]), np.linalg.eigvalsh(dip.hessian)
        scale = max(sandpit.HESSIAN_RTOL * np.abs(eig0).max(), sandpit.HESSIAN_ATOL)
        assert np.abs(H - dip.hessian).max() <= scale, (name, x, y, H, dip.hessian)
        assert np.abs(np.linalg.eigvalsh(H) - eig0).max() <= scale
    assert v.errors == []


def test_hessian_at_a_dip(visit):
    v = visit(PAGE)
    game = games(v).first
    button = game.get_by_role("button", name="Hessian at this dip")
    assert button.is_disabled()  # nothing to read before the first dip
    dip_at(game, 1.0, 1.0)
    button.click()
    readout = game.locator(".sandpit-readout")
    text = readout.inner_text().replace("\u2212", "-")
    assert text.startswith("At x = 1.00, y = 1.00: Hessian H = [")
    H = sandpit.fixed().dip(1.0, 1.0).hessian
    numbers = [float(t) for t in text.split("[")[1].split("]")[0].replace(";", ",").split(",")]
    assert np.allclose(numbers, H.ravel(), atol=0.15)
    eig = [float(t) for t in text.split("eigenvalues ")[1].split(":")[0].split(" and ")]
    assert np.allclose(eig, np.linalg.eigvalsh(H), atol=0.15)
    assert "both positive" in text
    assert game.locator(".sandpit-log li").count() == 2
    # from the keyboard too
    game.locator("canvas").focus()
    v.page.keyboard.press("h")
    assert readout.inner_text().startswith("At x = 1.00")
    assert games(v).nth(1).get_by_role("button", name="Hessian at this dip").count() == 0  # depth only
    assert v.errors == []


def test_keyboard_moves_and_dips(visit):
    v = visit(PAGE)
    game = games(v).first
    game.locator("canvas").focus()
    v.page.keyboard.press("ArrowUp")
    v.page.keyboard.press("Shift+ArrowRight")
    v.page.keyboard.press("Enter")
    assert state(game)["dips"] == "1"
    assert "x = 3.50, y = 3.10" in game.locator(".sandpit-readout").inner_text()
    v.page.keyboard.press(" ")
    assert state(game)["dips"] == "2"


def test_dipping_at_the_lowest_point_finds_the_phone(visit):
    v = visit(PAGE)
    data = sandpit_data(v)
    x, y = data["pits"]["fixed"]["lowest"]
    assert (x, y) == sandpit.fixed().lowest
    game = games(v).first
    dip_at(game, round(x + 0.1, 2), round(y, 2))  # 10 cm away: still found
    assert state(game) == {"dips": "1", "found": "true", "revealed": "true"}
    readout = game.locator(".sandpit-readout").inner_text()
    assert "You found the phone" in readout and "in 1 dip!" in readout
    assert game.locator(".sandpit-count").inner_text() == "Dips: 1 (phone found)"


def test_a_near_miss_does_not_find_the_phone(visit):
    v = visit(PAGE)
    x, y = sandpit.fixed().lowest
    game = games(v).first
    dip_at(game, round(x, 2), round(y - 0.2, 2))
    assert state(game)["found"] == "false"
    assert "found the phone" not in game.locator(".sandpit-readout").inner_text()


def test_a_revealed_round_is_over(visit):
    v = visit(PAGE)
    game = games(v).first
    game.get_by_role("button", name="Reveal the map").click()
    assert state(game)["revealed"] == "true" and game.get_attribute("data-over") == "true"
    x, y = sandpit.fixed().lowest
    dip_at(game, round(x, 2), round(y, 2))
    readout = game.locator(".sandpit-readout").inner_text()
    assert "found the phone" not in readout and "dips!" not in readout
    assert "this round is over" in readout
    assert state(game)["found"] == "false"
    game.get_by_role("button", name="Hide the map").click()  # hiding it again does not reopen it
    dip_at(game, round(x, 2), round(y, 2))
    assert "found the phone" not in game.locator(".sandpit-readout").inner_text()
    game.get_by_role("button", name="Start again").click()
    assert game.get_attribute("data-over") == "false"
    dip_at(game, round(x, 2), round(y, 2))
    assert "You found the phone" in game.locator(".sandpit-readout").inner_text()


def test_reveal_shows_the_map(visit):
    v = visit(PAGE)
    game = games(v).first
    before = canvas_pixels(game)
    button = game.get_by_role("button", name="Reveal the map")
    button.click()
    assert state(game)["revealed"] == "true"
    assert game.get_by_role("button", name="Hide the map").get_attribute("aria-pressed") == "true"
    assert game.locator(".sandpit-legend").is_visible()
    assert "Contour map" in game.locator("canvas").get_attribute("aria-label")
    assert "The phone is at x = " in game.locator(".sandpit-readout").inner_text()
    after = canvas_pixels(game)
    h, w, _ = after.shape
    centre = (slice(h // 4, 3 * h // 4), slice(w // 4, 3 * w // 4))
    sand = np.abs(before[centre] - SAND).sum(axis=2) < 30
    assert sand.mean() > 0.9  # hidden: sand
    assert (np.abs(after[centre] - SAND).sum(axis=2) < 30).mean() < 0.05  # revealed: the map
    game.get_by_role("button", name="Hide the map").click()
    assert state(game)["revealed"] == "false" and not game.locator(".sandpit-legend").is_visible()


@pytest.mark.parametrize("index", [1, 3])
def test_depth_only_shows_no_arrow(visit, index):
    v = visit(PAGE)
    game = games(v).nth(index)
    dip_at(game, 1.0, 1.0)
    readout = game.locator(".sandpit-readout").inner_text()
    assert "depth" in readout and "slope" not in readout
    arrow = np.abs(canvas_pixels(game) - (0xB3, 0x47, 0x00)).sum(axis=2) < 40
    assert arrow.sum() == 0
    with_arrow = games(v).first
    dip_at(with_arrow, 1.0, 1.0)
    assert (np.abs(canvas_pixels(with_arrow) - (0xB3, 0x47, 0x00)).sum(axis=2) < 40).sum() > 20


def test_choosing_another_pit_starts_again(visit):
    v = visit(PAGE)
    game = games(v).nth(2)
    dip_at(game, 2.0, 2.0)
    assert state(game)["dips"] == "1"
    game.locator("select").select_option("random-2")
    assert state(game)["dips"] == "0"
    assert "Random pit 2" in game.locator(".sandpit-readout").inner_text()
    game.get_by_role("button", name="Start again").click()
    assert state(game)["dips"] == "0"


def test_a_position_outside_the_pit_is_refused(visit):
    v = visit(PAGE)
    game = games(v).first
    dip_at(game, 7, 2)
    assert state(game)["dips"] == "0"
    assert "outside the pit" in game.locator(".sandpit-readout").inner_text()


def test_readout_is_announced_to_screen_readers(visit):
    v = visit(PAGE)
    game = games(v).first
    readout = game.locator(".sandpit-readout")
    assert readout.get_attribute("aria-live") == "polite" and readout.get_attribute("role") == "status"
    canvas = game.locator("canvas")
    assert canvas.get_attribute("tabindex") == "0" and canvas.get_attribute("aria-label")
    assert game.get_attribute("aria-label").startswith("Sandpit game")


def test_tapping_on_a_phone(visit):
    v = visit(PAGE, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    game = games(v).first
    canvas = game.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    canvas.tap(position={"x": box["width"] / 2, "y": box["height"] / 2})
    assert state(game)["dips"] == "1"
    assert v.errors == []
