"""The Taylor explorer: mlcalc.widgets.taylor_explorer's data, and the page in Chromium.

The unit tests check the payload against independent references (SymPy's series, NumPy's own
functions); the browser tests (marked `site`) open a standalone page in a temporary folder that
holds the book's scripts and stylesheet and two explorers made by mlcalc, served by
tools/serve.py as the site is (see test_browser.py and test_scrubber_explorer.py).
"""

import functools
import gzip
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import explorer_pages
from explorer_pages import pixels
from test_browser import browser  # noqa: F401  (fixture)

from mlcalc import cooking_time, widgets
from mlcalc.widgets import TaylorCase

X = sp.Symbol("x", real=True)

#: The course's functions, as a chapter page would give them.
COURSE = [
    TaylorCase("cos x", "cos(x)", centres=[0, 1.5], x=(-7, 7), y=(-2, 2)),
    TaylorCase("eˣ", "exp(x)", centres=[0, 1], x=(-4, 3), y=(-1, 8)),
    TaylorCase("ln(1 + x)", "log(1 + x)", centres=[0, 1], x=(-1.5, 3), y=(-3, 2)),
    TaylorCase("1/x", "1/x", centres=[1, 2], x=(-0.5, 4), y=(-2, 4)),
    TaylorCase("cooking time t(m)", cooking_time(), centres=[1.5, 3], x=(0, 5), y=(0, 200),
               variable="m", x_label="mass m (kg)", y_label="time t (min)"),
]
RADII = {"cos x": [None, None], "eˣ": [None, None], "ln(1 + x)": [1, 2], "1/x": [1, 2],
         "cooking time t(m)": [1.5, 3]}


def block(markup):
    (text,) = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', markup, re.S)
    return json.loads(text)


@pytest.fixture(scope="module")
def course():
    """The course's payload (through JSON, as the page gets it) and its decoding."""
    data = json.loads(json.dumps(widgets.taylor_payload(COURSE), allow_nan=False))
    return data, widgets.taylor_decode(data)


def clip(values, lo, hi):
    margin = widgets.CLIP * (hi - lo)
    return np.clip(values, lo - margin, hi + margin)


def series(expr, a, n):
    """The Taylor polynomial of order n about a by SymPy's series, independent of mlcalc."""
    f = sp.sympify(expr, locals={"x": X})
    a = sp.nsimplify(a)
    return sp.lambdify(X, sp.series(f, X, a, n + 1).removeO(), "numpy")


class TestPayload:
    @pytest.mark.parametrize("k", range(len(COURSE)))
    @pytest.mark.parametrize("j", [0, 1])
    @pytest.mark.parametrize("n", [0, 1, 2, 5, 10])
    def test_polynomials_are_sympy_series_within_the_quantum(self, course, k, j, n):
        _, out = course
        case, shown = COURSE[k], out["cases"][k]
        x = shown["x"]
        with np.errstate(all="ignore"):
            want = np.broadcast_to(series(case.f, case.centres[j], n)(x), x.shape)
        q = widgets.TAYLOR_QUANTUM * (case.y[1] - case.y[0])
        np.testing.assert_allclose(shown["centres"][j]["p"][n], clip(want, *case.y),
                                   rtol=0, atol=q / 2 + 1e-9)

    @pytest.mark.parametrize("k,f", [(0, np.cos), (1, np.exp), (2, np.log1p),
                                     (3, np.reciprocal), (4, lambda m: 80 * np.cbrt(m / 1.5) ** 2)])
    def test_function_is_numpys_where_defined(self, course, k, f):
        _, out = course
        case, shown = COURSE[k], out["cases"][k]
        with np.errstate(all="ignore"):
            want = f(shown["x"])
        defined = np.isfinite(want)
        q = widgets.TAYLOR_QUANTUM * (case.y[1] - case.y[0])
        np.testing.assert_allclose(shown["f"][defined], clip(want[defined], *case.y),
                                   rtol=0, atol=q / 2 + 1e-9)
        assert np.all(np.isfinite(shown["f"]))

    @pytest.mark.parametrize("k", range(len(COURSE)))
    def test_errors_are_log10_of_the_distance(self, course, k):
        _, out = course
        case, shown = COURSE[k], out["cases"][k]
        lo, hi = shown["e"]
        assert hi == np.ceil(np.log10(case.y[1] - case.y[0])) and hi - lo == widgets.ERROR_DECADES
        f = sp.lambdify(X, sp.sympify(case.f, locals={"x": X}), "numpy")
        for j, a in enumerate(case.centres):
            for n in (0, 3, 10):
                with np.errstate(all="ignore"):
                    want = np.log10(np.abs(f(shown["x"]) - series(case.f, a, n)(shown["x"])))
                inside = np.isfinite(want) & (want > lo + 0.1) & (want < hi - 0.1)
                assert inside.sum() > 20
                np.testing.assert_allclose(shown["centres"][j]["err"][n][inside], want[inside],
                                           rtol=0, atol=widgets.ERROR_QUANTUM / 2 + 1e-6)
                assert np.all(shown["centres"][j]["err"][n] >= lo - widgets.CLIP * (hi - lo) - 1e-9)

    def test_radius_centre_and_value(self, course):
        data, _ = course
        for case, shown in zip(COURSE, data["cases"]):
            assert [c["r"] for c in shown["centres"]] == pytest.approx(RADII[case.name])
            assert [c["a"] for c in shown["centres"]] == list(case.centres)
            f = sp.sympify(case.f, locals={"x": X})
            assert [c["fa"] for c in shown["centres"]] == pytest.approx(
                [float(f.subs(X, sp.nsimplify(a))) for a in case.centres])

    def test_readouts(self, course):
        data, _ = course
        cos, chicken = data["cases"][0]["centres"][0], data["cases"][4]["centres"][0]
        assert cos["text"][:5] == ["1", "1", "1 − x²/2", "1 − x²/2", "1 − x²/2 + x⁴/24"]
        assert len(cos["text"]) == 11 and len(chicken["text"]) == 11
        assert chicken["text"][0] == "80" and "x" not in "".join(chicken["text"])
        assert chicken["text"][1] == "80 + 320(m\u00a0−\u00a03/2)/9"  # a term does not wrap
        inverse = data["cases"][3]["centres"][0]["text"][2]
        assert inverse == "1 − (x\u00a0−\u00a01) + (x\u00a0−\u00a01)²"
        about = data["cases"][1]["centres"][1]["text"][1]  # e(1 + (x - 1)), in decimals
        assert about == "2.71828 + 2.71828\u00a0(x\u00a0−\u00a01)"
        small = data["cases"][4]["centres"][1]["text"][10]  # about 3 kg: powers of ten
        assert small.endswith(" − 1.22168×10⁻⁵\u00a0(m\u00a0−\u00a03)¹⁰") and "e-" not in small

    def test_gaps_where_undefined_and_at_the_pole(self, course):
        data, out = course
        ln, inverse = out["cases"][2], out["cases"][3]
        cut = np.zeros(data["m"] - 1, bool)
        cut[ln["gaps"]] = True
        assert np.array_equal(cut, (ln["x"][:-1] < -1) | (ln["x"][1:] < -1))
        (pole,) = inverse["gaps"]
        assert inverse["x"][pole] < 0 < inverse["x"][pole + 1]
        assert all(not c["gaps"] for c in data["cases"][:2] + data["cases"][4:])

    def test_far_values_are_clipped_and_nothing_is_nan(self, course):
        data, out = course
        json.dumps(data, allow_nan=False)
        for case, shown in zip(COURSE, out["cases"]):
            lo, hi = case.y
            margin = (widgets.CLIP + widgets.TAYLOR_QUANTUM / 2) * (hi - lo) + 1e-9
            rows = [shown["f"]] + [c["p"] for c in shown["centres"]]
            assert all(np.all((r >= lo - margin) & (r <= hi + margin)) for r in rows)
        q = widgets.TAYLOR_QUANTUM * 6
        assert out["cases"][3]["centres"][0]["p"][10].max() == pytest.approx(4 + 0.05 * 6, abs=q)

    def test_course_data_is_small(self):
        page = widgets.taylor_explorer(COURSE, label="Taylor polynomials")
        assert len(gzip.compress(page.encode(), 6)) <= 25 * 1024
        assert len(page.encode()) <= 160 * 1024

    def test_decode_takes_what_the_page_gets(self, course):
        data, out = course
        n, m = data["n"], data["m"]
        assert (n, m) == (10, 201) and len(out["cases"]) == 5
        for shown in out["cases"]:
            assert shown["f"].shape == (m,) and shown["x"].shape == (m,)
            assert all(c["p"].shape == c["err"].shape == (n + 1, m) for c in shown["centres"])


class TestMarkup:
    def test_markup(self):
        page = widgets.taylor_explorer(COURSE[:1], label="A <Taylor> explorer", max_order=3)
        block_id = re.search(r'<script type="application/json" id="([^"]+)">', page).group(1)
        divs = re.findall(r'<div class="mlcalc-taylor" data-source="([^"]+)" role="group" '
                          r'aria-label="([^"]+)">', page)
        assert divs == [(block_id, html.escape("A <Taylor> explorer"))]
        assert page.count("<script") == 1 and page.endswith("</div>")
        assert block(page)["n"] == 3 and page._repr_html_() == str(page)

    def test_ids_are_unique_per_data_and_label_and_reproducible(self):
        a = widgets.taylor_explorer(COURSE[:1], label="a", max_order=2)
        b = widgets.taylor_explorer(COURSE[1:2], label="a", max_order=2)
        c = widgets.taylor_explorer(COURSE[:1], label="c", max_order=2)
        ids = [re.search(r'id="(taylor-[0-9a-f]{10})"', page).group(1) for page in (a, b, c)]
        assert len(set(ids)) == 3
        assert a == widgets.taylor_explorer(COURSE[:1], label="a", max_order=2)

    def test_one_case_alone_and_sympy_expressions(self):
        case = TaylorCase("sin", X**2 * sp.sin(X), centres=[0], x=(-1, 1), y=(-1, 1))
        data = widgets.taylor_payload(case, max_order=3, points=11)
        assert data["cases"][0]["centres"][0]["text"][3] == "x³"


class TestErrors:
    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(name=""), ValueError, "`name` must be a non-empty string, got ''"),
        (dict(name=3), TypeError, "`name` must be a non-empty string, got 3"),
        (dict(f=3.0), TypeError,
         r"`f` must be a formula in x \(a string or a SymPy expression\), got 3.0"),
        (dict(centres=[]), ValueError,
         r"`centres` must be a non-empty list of different numbers, got \[\]"),
        (dict(centres=[1, 1]), ValueError, "`centres` must be a non-empty list of different"),
        (dict(centres=[0, 9]), ValueError,
         r"`centres` must lie in the x-window \(-2.0, 2.0\), got 9.0"),
        (dict(centres=[np.nan]), ValueError, "`centres` must be finite, got nan"),
        (dict(x=(2, -2)), ValueError,
         r"`x` must be a window \(low, high\) with low < high, got \(2, -2\)"),
        (dict(y=(0, 1, 2)), ValueError, r"`y` must be a window \(low, high\) with low < high"),
        (dict(y=("a", "b")), TypeError, "`y` must be a real number or array of them"),
        (dict(variable=" "), ValueError, "`variable` must be a non-empty string, got ' '"),
        (dict(x_label=""), ValueError, "`x_label` must be a non-empty string, got ''"),
    ])
    def test_bad_case(self, kwargs, error, match):
        args = dict(name="cos", f="cos(x)", centres=[0], x=(-2, 2), y=(-1, 1)) | kwargs
        with pytest.raises(error, match=match):
            TaylorCase(**args)

    @pytest.mark.parametrize("cases,error", [([], ValueError), ((), ValueError), (None, TypeError),
                                             ("cos", TypeError), ([COURSE[0], "sin"], TypeError),
                                             (3, TypeError)])
    def test_bad_cases(self, cases, error):
        with pytest.raises(error, match=re.escape("`cases` must be a non-empty list of "
                                                  f"TaylorCase, got {cases!r}")):
            widgets.taylor_explorer(cases, label="x")

    def test_names_must_differ(self):
        with pytest.raises(ValueError, match=r"`cases` must have different names, "
                                             r"got \['cos x', 'cos x'\]"):
            widgets.taylor_explorer([COURSE[0], COURSE[0]], label="x")

    @pytest.mark.parametrize("name,value,bounds", [
        ("max_order", 0, "1 to 20"), ("max_order", 21, "1 to 20"), ("max_order", 2.0, "1 to 20"),
        ("max_order", True, "1 to 20"), ("points", 10, "11 to 2001"),
        ("points", "201", "11 to 2001"),
    ])
    def test_bad_order_or_points(self, name, value, bounds):
        with pytest.raises(ValueError, match=re.escape(f"`{name}` must be a whole number from "
                                                       f"{bounds}, got {value!r}")):
            widgets.taylor_explorer(COURSE[:1], label="x", **{name: value})

    def test_not_analytic_at_a_centre(self):
        case = TaylorCase("1/x", "1/x", centres=[0], x=(-1, 1), y=(-5, 5))
        with pytest.raises(ValueError):
            widgets.taylor_payload([case], max_order=2, points=11)

    def test_bad_label(self):
        with pytest.raises(TypeError, match="`label` must be a string naming the explorer"):
            widgets.taylor_explorer(COURSE[:1], label=None)
        with pytest.raises(ValueError, match="`label` must name the explorer for screen readers"):
            widgets.taylor_explorer(COURSE[:1], label=" ")
        with pytest.raises(TypeError):
            widgets.taylor_explorer(COURSE[:1], "x")  # noqa: label is keyword-only


# -- in the browser ---------------------------------------------------------------------------

SHOTS = Path("/tmp/shots/taylor")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    first = widgets.taylor_explorer(COURSE, label="Taylor polynomials of growing order")
    second = widgets.taylor_explorer(COURSE[3:], label="Two functions, order 4 at most",
                                     max_order=4, points=101)
    yield from explorer_pages.serve(tmp_path_factory, "taylor", "Taylor explorer", ["taylor.js"],
                                    first, second)


@pytest.fixture
def visit(browser, server):  # noqa: F811
    yield from explorer_pages.visits(browser, server)


def explorers(v):
    return v.page.locator(".mlcalc-taylor")


def near(shot, colour, tol=60):
    """How many pixels of `shot` are within `tol` of `colour`."""
    return int((np.abs(shot - np.array(colour)).sum(axis=-1) < tol).sum())


def painted(shot, points, colour, scale=1):
    """The share of `points` (CSS px) with a pixel of `colour` within a pixel of it in `shot`."""
    found = []
    for x, y in points:
        i, j = int(round(y * scale)), int(round(x * scale))
        patch = shot[max(i - 1, 0):i + 2, max(j - 1, 0):j + 2]
        found.append(patch.size and (np.abs(patch - np.array(colour)).sum(axis=-1) < 60).any())
    return np.mean(found)


def status(root):
    return root.locator("[role=status]").inner_text()


def convergence(root):
    """The convergence text, with its no-break spaces as spaces."""
    return root.locator(".taylor-convergence").inner_text().replace("\u00a0", " ")


@functools.cache
def texts():
    return widgets.taylor_payload(COURSE)["cases"]


def text_of(case, centre, order, variable="x"):
    """What the readout says at an order: the polynomial as mlcalc writes it."""
    data = texts()[case]["centres"][centre]["text"][order]
    sub = "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(order))
    return f"Order {order}: p{sub}({variable}) = {data}"


ORANGE, SKY = (0xC2, 0x51, 0x00), (0x56, 0xB4, 0xE9)


@pytest.mark.site
class TestInTheBrowser:
    def test_both_explorers_are_built_cleanly(self, visit):
        v = visit()
        assert explorers(v).count() == 2 and v.page.locator(".explorer-nojs").count() == 0
        assert v.page.evaluate("window.mlcalcExplorers.taylor.length") == 2
        ids = v.page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        root = explorers(v).first
        assert (root.get_attribute("data-case"), root.get_attribute("data-centre"),
                root.get_attribute("data-order")) == ("0", "0", "1")
        assert status(root) == text_of(0, 0, 1)
        assert root.locator("output").inner_text() == "1"
        assert "converges for every x" in convergence(root)
        assert root.locator("select").first.locator("option").all_inner_texts() == [
            c.name for c in COURSE]
        assert v.errors == [] and v.failed == [] and v.offsite == []

    def test_page_data_is_the_payload(self, visit, course):
        _, out = course
        v = visit()
        got = v.page.evaluate("window.mlcalcExplorers.taylor[0].cases")
        for shown, want in zip(got, out["cases"]):
            np.testing.assert_allclose(shown["x"], want["x"], rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(shown["f"], want["f"], rtol=0, atol=1e-9)
            assert sorted(map(int, shown["gaps"])) == want["gaps"]
            for c, w in zip(shown["centres"], want["centres"]):
                np.testing.assert_allclose(c["p"], w["p"], rtol=0, atol=1e-9)
                np.testing.assert_allclose(c["err"], w["err"], rtol=0, atol=1e-9)
                assert c["text"] == w["text"] and c["radius"] == w["r"] and c["a"] == w["a"]

    def test_slider_changes_the_drawing_and_the_readout(self, visit):
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        canvas = root.locator("canvas.taylor-plot")
        before, error_before = pixels(canvas), pixels(root.locator("canvas.taylor-error"))
        root.locator("input[type=range]").fill("4")
        assert root.get_attribute("data-order") == "4"
        assert root.locator("output").inner_text() == "4"
        assert status(root) == text_of(0, 0, 4)
        after = pixels(canvas)
        assert np.abs(after - before).sum(axis=-1).astype(bool).sum() > 300
        drawn = v.page.evaluate("window.mlcalcExplorers.taylor[0].pixels()")
        assert len(drawn) > 50 and painted(after, drawn, ORANGE) > 0.95
        error_after = pixels(root.locator("canvas.taylor-error"))
        assert np.abs(error_after - error_before).sum(axis=-1).astype(bool).sum() > 200
        assert v.errors == []

    def test_keyboard_moves_the_order_and_announces_it(self, visit):
        v = visit()
        root = explorers(v).first
        slider = root.locator("input[type=range]")
        slider.focus()
        steps = [("ArrowRight", 2), ("ArrowUp", 3), ("ArrowLeft", 2), ("ArrowDown", 1),
                 ("End", 10), ("ArrowRight", 10), ("PageDown", 9), ("Home", 0), ("ArrowLeft", 0),
                 ("PageUp", 1)]
        for key, order in steps:
            v.page.keyboard.press(key)
            assert root.get_attribute("data-order") == str(order), key
            assert slider.input_value() == str(order)
            assert slider.get_attribute("aria-valuetext") == f"order {order}"
            assert status(root) == text_of(0, 0, order)
        assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
        assert explorers(v).nth(1).get_attribute("data-order") == "1"  # the other did not move
        assert v.errors == []

    def test_touch_moves_the_order(self, visit):
        v = visit(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        root = explorers(v).first
        slider = root.locator("input[type=range]")
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        slider.tap(position={"x": box["width"] - 4, "y": box["height"] / 2})
        assert root.get_attribute("data-order") == "10"
        assert status(root) == text_of(0, 0, 10)
        assert v.errors == []

    def test_function_and_centre_switch(self, visit):
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        function, centre = root.locator("select").nth(0), root.locator("select").nth(1)
        root.locator("input[type=range]").fill("3")
        before = pixels(root.locator("canvas.taylor-plot"))
        function.select_option(label="1/x")
        assert (root.get_attribute("data-case"), root.get_attribute("data-centre")) == ("3", "0")
        assert centre.locator("option").all_inner_texts() == ["a = 1", "a = 2"]
        assert status(root) == text_of(3, 0, 3)
        assert convergence(root).startswith(
            "Radius of convergence R = 1: the series about a = 1 converges for 0 < x < 2")
        after = pixels(root.locator("canvas.taylor-plot"))
        assert np.abs(after - before).sum(axis=-1).astype(bool).sum() > 1000
        centre.select_option(label="a = 2")
        assert root.get_attribute("data-centre") == "1" and status(root) == text_of(3, 1, 3)
        assert "converges for 0 < x < 4" in convergence(root)
        function.select_option(label="cooking time t(m)")
        assert root.get_attribute("data-centre") == "0" and status(root) == text_of(4, 0, 3, "m")
        assert "converges for 0 < m < 3" in convergence(root)
        assert v.errors == []

    def test_divergence_is_hatched(self, visit):
        """About 1, 1/x's series diverges for x > 2: the hatching greys the plot there and not
        inside the interval (0, 2), where the background stays white."""
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        root.locator("select").first.select_option(label="1/x")
        root.locator("input[type=range]").fill("0")
        shot = pixels(root.locator("canvas.taylor-plot"))
        to_px = v.page.evaluate("(() => { const t = window.mlcalcExplorers.taylor[0]; "
                                "return [0.7, 1.3, 3.6].map(x => t.map.px(x)); })()")
        top = int(v.page.evaluate("window.mlcalcExplorers.taylor[0].map.py(3.8)"))
        columns = [shot[top:top + 40, int(x) - 3:int(x) + 3] for x in to_px]
        inside = [np.mean(np.all(col == 255, axis=-1)) for col in columns[:2]]
        assert min(inside) > 0.8 and np.mean(np.all(columns[2] == 255, axis=-1)) < 0.2
        assert v.errors == []

    def test_theme_switch_redraws_in_dark_colours(self, visit):
        v = visit(device_scale_factor=1)
        canvas = explorers(v).first.locator("canvas.taylor-plot")
        light = pixels(canvas)
        v.page.evaluate("document.documentElement.dataset.theme = 'dark'")
        v.page.wait_for_timeout(100)
        dark = pixels(canvas)
        assert near(dark, SKY, 40) > 100 and near(light, SKY, 40) == 0
        assert near(light, ORANGE, 40) > 100 and near(dark, ORANGE, 40) == 0
        assert v.errors == []

    def test_fits_a_phone(self, visit):
        explorer_pages.fits_a_phone(visit(viewport={"width": 375, "height": 740},
                                          is_mobile=True), ".mlcalc-taylor", "canvas.taylor-plot")

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_axe_finds_no_violation(self, visit, scheme):
        explorer_pages.axe_passes(visit, scheme)

    @pytest.mark.parametrize("name,context,theme", [
        ("light", {"viewport": {"width": 1000, "height": 900}}, "light"),
        ("dark", {"viewport": {"width": 1000, "height": 900}, "color_scheme": "dark"}, "dark"),
        ("phone", {"viewport": {"width": 375, "height": 740}, "is_mobile": True}, "light"),
    ])
    def test_screenshots(self, visit, name, context, theme):
        """Shots of the first explorer at ln(1 + x), order 5, to look at: /tmp/shots/taylor."""
        v = visit(**context)
        v.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        root = explorers(v).first
        root.locator("select").first.select_option(label="ln(1 + x)")
        root.locator("input[type=range]").fill("5")
        SHOTS.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(SHOTS / f"{name}.png"))
        assert v.errors == []
