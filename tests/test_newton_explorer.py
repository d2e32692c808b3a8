"""The Newton explorer: mlcalc.widgets.newton_explorer's data, and the page in Chromium.

The unit tests check the payload against independent references (Newton's iteration written
out here with the exact derivative, NumPy's roots and values of the cubic) and against
mlcalc.newton_raphson's own results (outcomes and messages); the browser tests (marked `site`)
open a standalone page in a temporary folder that holds the book's scripts and stylesheet and
two explorers made by mlcalc, served by tools/serve.py as the site is (see
test_taylor_explorer.py).
"""

import gzip
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

import explorer_pages
from explorer_pages import pixels
from test_browser import browser  # noqa: F401  (fixture)

from mlcalc import RootResult, newton_raphson, widgets

CUBIC = "x**3 - 2*x + 2"
WINDOW = dict(x=(-3, 3), y=(-4, 8))


def cubic(x):
    return x**3 - 2 * x + 2


def cubic_slope(x):
    return 3 * x**2 - 2


def block(markup):
    (text,) = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', markup, re.S)
    return json.loads(text)


@pytest.fixture(scope="module")
def course():
    """The course's cubic (through JSON, as the page gets it) and its decoding."""
    data = json.loads(json.dumps(widgets.newton_payload(CUBIC, **WINDOW, start=-2),
                                 allow_nan=False))
    return data, widgets.newton_decode(data)


def index_of(out, x0):
    (k,) = np.flatnonzero(np.isclose(out["starts"], x0, rtol=0, atol=1e-9))
    return int(k)


def two_digits(values):
    """Half a unit in the second significant digit of each value: the fx coding's bound."""
    values = np.abs(np.asarray(values, dtype=float))
    return np.where(values > 0, 0.5 * 10.0 ** (np.floor(np.log10(np.where(values > 0, values, 1)))
                                              - 1), 0) * (1 + 1e-9)


class TestPayload:
    def test_starts_are_an_even_grid_holding_the_courses_starts(self, course):
        data, out = course
        assert data["n"] == 481 and data["q"] == 1e-5 and data["d"] == 5
        np.testing.assert_allclose(out["starts"], np.linspace(-3, 3, 481), rtol=0, atol=1e-12)
        for x0 in (-2, 0, 1):
            index_of(out, x0)
        assert out["starts"][data["s0"]] == -2

    def test_iterates_are_newtons_within_the_quantum(self, course):
        """Every run against Newton's iteration written out here, with the exact derivative,
        for as many steps as the payload holds (up to 8; later steps amplify rounding)."""
        data, out = course
        for x0, run in zip(out["starts"], out["runs"]):
            x, want = x0, [x0]
            for _ in range(min(len(run["x"]) - 1, 8)):
                x = x - cubic(x) / cubic_slope(x)
                want.append(x)
            want = np.clip(want, -1e9, 1e9)
            tol = data["q"] / 2 + 1e-9 * np.maximum(1, np.abs(want))
            assert np.all(np.abs(run["x"][:len(want)] - want) <= tol), x0

    def test_iterates_are_mlcalcs_history(self, course):
        data, out = course
        for x0, run in list(zip(out["starts"], out["runs"]))[::7]:
            r = newton_raphson(CUBIC, x0, df="3*x**2 - 2")  # chaotic: from the very same x0
            want = np.clip(r.history, -1e9, 1e9)
            np.testing.assert_allclose(run["x"], want, rtol=0, atol=data["q"] / 2 + 1e-9)

    def test_values_are_f_to_two_significant_digits(self, course):
        _, out = course
        for x0, run in list(zip(out["starts"], out["runs"]))[::3]:
            exact = cubic(newton_raphson(CUBIC, x0, df="3*x**2 - 2").history)  # at the iterates
            assert np.all(np.abs(run["f"] - exact) <= two_digits(exact))

    def test_outcomes_and_messages_are_the_librarys(self, course):
        _, out = course
        for x0, run in list(zip(out["starts"], out["runs"]))[::5]:
            r = newton_raphson(CUBIC, x0, df="3*x**2 - 2")
            assert (run["outcome"] == "converged") == r.converged
            assert run["outcome"] == widgets._newton_outcome(r)
            assert run["message"] == widgets._prose(r.message)

    def test_the_courses_cases(self, course):
        _, out = course
        down = out["runs"][index_of(out, -2)]
        assert down["outcome"] == "converged"
        assert down["x"][-1] == pytest.approx(-1.769292354, abs=1e-5)
        (real,) = [r.real for r in np.roots([1, 0, -2, 2]) if abs(r.imag) < 1e-12]
        assert down["x"][-1] == pytest.approx(real, abs=1e-5)
        assert down["x"][:4].tolist() == [-2, -1.8, -1.76995, -1.76929]
        assert down["f"][0] == -2 and down["f"][-1] == 0
        cycle = out["runs"][index_of(out, 0)]
        assert cycle["x"].tolist() == [0, 1, 0] and cycle["outcome"] == "cycle"
        assert cycle["f"].tolist() == [2, 1, 2]
        assert cycle["message"] == ("the iterates cycle: x = 0 comes back after 2 steps "
                                    "(0 → 1 → 0), so Newton-Raphson never settles")
        turn = np.sqrt(2 / 3)
        for side in (-1, 1):  # next to a turning point the tangent is nearly flat: far away
            k = int(np.argmin(np.abs(out["starts"] - side * turn)))
            assert abs(out["runs"][k]["x"][1]) > 10, out["starts"][k]

    def test_curve_is_the_cubic_clipped(self, course):
        data, out = course
        x = out["curve_x"]
        assert x.shape == (401,) and x[0] == -3 and x[-1] == 3
        want = np.clip(cubic(x), -4 - 0.6, 8 + 0.6)
        np.testing.assert_allclose(out["f"], want, rtol=0, atol=data["fq"] / 2 + 1e-9)
        assert data["gaps"] == [] and data["text"] == "x³ − 2x + 2"

    def test_far_iterates_are_clipped_and_the_ends_named(self):
        data = widgets.newton_payload("atan(x)", x=(-3, 3), y=(-2, 2), starts=13)
        json.dumps(data, allow_nan=False)
        out = widgets.newton_decode(data)
        run = out["runs"][0]  # from -3 atan's tangents throw the iterates farther and farther
        x, want = -3.0, [-3.0]
        for _ in range(4):
            x = x - np.arctan(x) * (1 + x**2)
            want.append(x)
        np.testing.assert_allclose(run["x"][:5], want, rtol=1e-12, atol=5e-6)
        assert abs(want[-1]) > 8e8 and abs(x - np.arctan(x) * (1 + x**2)) > 1e9
        assert run["x"][5:].tolist() == [1e9, -1e9] * ((len(run["x"]) - 5) // 2) + [1e9] * (
            (len(run["x"]) - 5) % 2)
        r = newton_raphson("atan(x)", -3.0, df="1/(x**2 + 1)")  # the tangent flattens out
        assert run["outcome"] == widgets._newton_outcome(r) in ("flat tangent", "no tangent")
        assert run["message"] == widgets._prose(r.message) and len(run["x"]) == r.nit + 1
        assert np.all(np.abs(np.concatenate([r["x"] for r in out["runs"]])) <= 1e9)
        assert out["runs"][6]["outcome"] == "converged" and out["runs"][6]["x"].tolist() == [0]

    def test_undefined_starts_and_a_step_out_of_the_domain(self):
        data = widgets.newton_payload("log(x)", x=(-1, 4), y=(-3, 3), starts=101, start=3)
        out = widgets.newton_decode(data)
        x0 = out["starts"]
        undefined = [r["outcome"] == "undefined" for r in out["runs"]]
        assert undefined == (x0 <= 0).tolist()
        assert out["runs"][0]["message"] == ("no run: f is not defined at x₀ = −1, so there is "
                                             "no tangent to follow")
        three = out["runs"][data["s0"]]
        assert x0[data["s0"]] == 3 and three["outcome"] == "diverged"
        assert three["message"].startswith("the step from x = 3 lands at −0.295836866, where f "
                                           "is not finite")
        assert data["gaps"] == list(range(0, 81)) and np.all(np.isfinite(out["f"]))  # to x = 0

    def test_a_callable_uses_the_librarys_derivative(self):
        data = widgets.newton_payload(lambda x: x**2 - 2, x=(0.5, 3), y=(-2, 7), starts=11)
        out = widgets.newton_decode(data)
        for x0, run in zip(out["starts"], out["runs"]):
            r = newton_raphson(lambda x: x**2 - 2, x0)
            np.testing.assert_allclose(run["x"], r.history, rtol=0, atol=data["q"] / 2 + 1e-12)
            assert run["outcome"] == "converged"
            assert run["x"][-1] == pytest.approx(np.sqrt(2), abs=data["q"])
        assert data["text"] == "f(x)" and data["q"] == 1e-5

    def test_a_sympy_expression_and_its_given_derivative(self):
        import sympy as sp
        x = sp.Symbol("x", real=True)
        a = widgets.newton_payload(x**3 - 2 * x + 2, **WINDOW, starts=41)
        b = widgets.newton_payload(CUBIC, **WINDOW, starts=41, df="3*x**2 - 2")
        assert a == b

    @pytest.mark.parametrize("values", [[0.0], [2.1e-5, -2.1e-5], [99.6, 9.96, 0.0995],
                                        [1e-300, -3e300, 5e-324], np.geomspace(1e-20, 1e20, 97)])
    def test_f_coding_keeps_two_significant_digits(self, values):
        codes = widgets._f_codes(values)
        back = widgets._f_decode(codes)
        assert np.all(np.abs(back - values) <= two_digits(values) + 1e-320)
        assert np.all((codes == 0) == (np.asarray(values) == 0))

    def test_f_coding_of_the_examples(self):
        assert widgets._f_codes([2.1e-5, -2.0, 0.0, 99.6]).tolist() == [-979, -20, 0, 410]

    def test_course_data_is_small(self):
        page = widgets.newton_explorer(CUBIC, **WINDOW, start=-2, label="Newton")
        assert len(gzip.compress(page.encode(), 6)) <= 36 * 1024
        assert len(page.encode()) <= 130 * 1024


class TestMarkup:
    def test_markup(self):
        page = widgets.newton_explorer(CUBIC, **WINDOW, label="Newton <on> a cubic", starts=21)
        block_id = re.search(r'<script type="application/json" id="([^"]+)">', page).group(1)
        divs = re.findall(r'<div class="mlcalc-newton" data-source="([^"]+)" role="group" '
                          r'aria-label="([^"]+)">', page)
        assert divs == [(block_id, html.escape("Newton <on> a cubic"))]
        assert page.count("<script") == 1 and page.endswith("</div>")
        assert block(page)["n"] == 21 and page._repr_html_() == str(page)

    def test_ids_are_unique_per_data_and_label_and_reproducible(self):
        a = widgets.newton_explorer(CUBIC, **WINDOW, label="a", starts=21)
        b = widgets.newton_explorer("x**2 - 2", **WINDOW, label="a", starts=21)
        c = widgets.newton_explorer(CUBIC, **WINDOW, label="c", starts=21)
        ids = [re.search(r'id="(newton-[0-9a-f]{10})"', page).group(1) for page in (a, b, c)]
        assert len(set(ids)) == 3
        assert a == widgets.newton_explorer(CUBIC, **WINDOW, label="a", starts=21)

    def test_the_script_is_registered(self):
        assert widgets.SCRIPTS["mlcalc-newton"] == "newton.js"


class TestErrors:
    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(f=3.0), TypeError, r"`f` must be a formula in x \(a string or a SymPy expression\) "
                                 r"or callable, got 3.0"),
        (dict(f="x +* 2"), ValueError, r"`expr` is not a formula SymPy can read: 'x \+\* 2'"),
        (dict(df=[1, 2]), TypeError, r"`df` must be a formula in x or callable, got \[1, 2\]"),
        (dict(x=(3, -3)), ValueError, r"`x` must be a window \(low, high\) with low < high, "
                                      r"got \(3, -3\)"),
        (dict(y=(1,)), ValueError, r"`y` must be a window \(low, high\) with low < high"),
        (dict(x=(0, np.inf)), ValueError, "`x` must be finite, got inf"),
        (dict(starts=1), ValueError, "`starts` must be a whole number from 2 to 2001, got 1"),
        (dict(starts=4001), ValueError, "`starts` must be a whole number from 2 to 2001"),
        (dict(starts=10.0), ValueError, "`starts` must be a whole number from 2 to 2001, got 10.0"),
        (dict(maxiter=0), ValueError, "`maxiter` must be a whole number from 1 to 200, got 0"),
        (dict(maxiter=True), ValueError, "`maxiter` must be a whole number from 1 to 200, got True"),
        (dict(points=5), ValueError, "`points` must be a whole number from 11 to 2001, got 5"),
        (dict(start=4), ValueError, r"`start` must be a number in the x-window \(-3.0, 3.0\), "
                                    "got 4"),
        (dict(start=[0, 1]), ValueError, r"`start` must be a number in the x-window"),
        (dict(start="0"), TypeError, "`start` must be a real number or array of them"),
        (dict(f="log(x)", x=(-3, -1)), ValueError,
         "`f` of 'log\\(x\\)' is undefined over the whole x-window"),
    ])
    def test_bad_arguments(self, kwargs, error, match):
        args = dict(f=CUBIC, **WINDOW, starts=21) | kwargs
        with pytest.raises(error, match=match):
            widgets.newton_explorer(args.pop("f"), label="x", **args)

    def test_bad_label(self):
        with pytest.raises(TypeError, match="`label` must be a string naming the explorer"):
            widgets.newton_explorer(CUBIC, **WINDOW, label=None)
        with pytest.raises(ValueError, match="`label` must name the explorer for screen readers"):
            widgets.newton_explorer(CUBIC, **WINDOW, label=" ")
        with pytest.raises(TypeError):
            widgets.newton_explorer(CUBIC, (-3, 3), (-4, 8), "x")  # noqa: keyword-only

    @pytest.mark.parametrize("converged,message,outcome", [
        (True, "converged: the last step was 1e-13", "converged"),
        (True, "f(x) = 0 exactly at x = 0", "converged"),
        (False, "the iterates cycle: x = 0 comes back after 2 steps", "cycle"),
        (False, "the derivative vanishes at x = 0 (a turning point)", "flat tangent"),
        (False, "the derivative is not finite at x = 0", "no tangent"),
        (False, "the step from x = 3 lands at -0.29, where f is not finite (f = nan)", "diverged"),
        (False, "no convergence in 50 steps (maxiter)", "maxiter"),
    ])
    def test_outcomes_from_results(self, converged, message, outcome):
        r = RootResult(0.0, 0.0, converged, 1, 1, np.zeros(2), message)
        assert widgets._newton_outcome(r) == outcome

    def test_an_unknown_ending_is_an_error_not_a_guess(self):
        r = RootResult(0.0, 0.0, False, 1, 1, np.zeros(2), "gave up")
        with pytest.raises(ValueError, match="newton_raphson stopped for a reason the explorer "
                                             "does not know: 'gave up'"):
            widgets._newton_outcome(r)


# -- in the browser ---------------------------------------------------------------------------

SHOTS = Path("/tmp/shots/newton")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    first = widgets.newton_explorer(CUBIC, **WINDOW, start=-2,
                                    label="Newton-Raphson on x³ − 2x + 2")
    second = widgets.newton_explorer("log(x)", x=(-1, 4), y=(-3, 3), start=3, starts=101,
                                     label="Newton-Raphson on ln x")
    yield from explorer_pages.serve(tmp_path_factory, "newton", "Newton explorer", ["newton.js"],
                                    first, second)


@pytest.fixture
def visit(browser, server):  # noqa: F811
    yield from explorer_pages.visits(browser, server)


def explorers(v):
    return v.page.locator(".mlcalc-newton")


def near(shot, colour, tol=60):
    return int((np.abs(shot - np.array(colour)).sum(axis=-1) < tol).sum())


def painted(shot, points, colour):
    """The share of `points` (CSS px) with a pixel of `colour` within 2 px of it in `shot`."""
    found = []
    for x, y in points:
        i, j = int(round(y)), int(round(x))
        patch = shot[max(i - 2, 0):i + 3, max(j - 2, 0):j + 3]
        found.append(patch.size and (np.abs(patch - np.array(colour)).sum(axis=-1) < 60).any())
    return np.mean(found)


def state(root):
    return {key: root.get_attribute(f"data-{key}") for key in ("start", "step", "outcome")}


def status(root):
    return root.locator("[role=status]").inner_text()


def x_text(v, digits=5):
    return widgets._number(v, digits)


def f_text(value):
    """How newton.js writes f(x_k), 2 significant digits."""
    if value == 0:
        return "0"
    e = int(np.floor(np.log10(abs(value)) + 1e-12))
    sign = "−" if value < 0 else ""
    m = round(abs(value) / 10 ** (e - 1))
    if -2 <= e <= 4:
        return sign + (str(m * 10 ** (e - 1)) if e >= 1 else f"{m / 10 ** (1 - e):.{1 - e}f}")
    return sign + f"{m / 10:.1f}×10" + str(e).translate(str.maketrans("-0123456789",
                                                                       "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def sentence(message):
    return (message[0].upper() + message[1:] if re.match("[a-z]{2}", message) else message) + "."


def readout(run, k):
    """What the readout says at step k of `run` (a newton_decode run)."""
    sub = "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(k))
    where = f"x{sub} = {x_text(run['x'][k])}, f(x{sub}) = {f_text(run['f'][k])}"
    steps = len(run["x"]) - 1
    if k == 0:
        return f"Start: {where}. " + (f"{steps} step{'s' if steps != 1 else ''} in all."
                                      if steps else sentence(run["message"]))
    text = f"Step {k} of {steps}: {where}."
    return text + " " + sentence(run["message"]) if k == steps else text


@pytest.mark.site
class TestInTheBrowser:
    def test_both_explorers_are_built_cleanly(self, visit, course):
        _, out = course
        v = visit()
        assert explorers(v).count() == 2 and v.page.locator(".explorer-nojs").count() == 0
        assert v.page.evaluate("window.mlcalcExplorers.newton.length") == 2
        ids = v.page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        root = explorers(v).first
        k = index_of(out, -2)
        assert state(root) == {"start": str(k), "step": "1", "outcome": "converged"}
        assert status(root) == readout(out["runs"][k], 1) == (
            "Step 1 of 5: x₁ = −1.8, f(x₁) = −0.23.")
        assert root.locator("output").all_inner_texts() == ["−2", "1/5"]
        assert v.errors == [] and v.failed == [] and v.offsite == []

    def test_page_data_is_the_payload(self, visit, course):
        _, out = course
        v = visit()
        got = v.page.evaluate("(() => { const n = window.mlcalcExplorers.newton[0]; return "
                              "{starts: n.starts, runs: n.runs, curve: n.curve, x: n.curveX}; })()")
        np.testing.assert_allclose(got["starts"], out["starts"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(got["curve"], out["f"], rtol=0, atol=1e-9)
        np.testing.assert_allclose(got["x"], out["curve_x"], rtol=0, atol=1e-12)
        decode = v.page.evaluate("window.mlcalcExplorers.newton[0].runs.map(r => r.f)")
        for shown, want, codes in zip(got["runs"], out["runs"], decode):
            np.testing.assert_allclose(shown["x"], want["x"], rtol=1e-15, atol=1e-12)
            np.testing.assert_allclose(widgets._f_decode(codes), want["f"], rtol=1e-12)
            assert shown["outcome"] == want["outcome"] and shown["message"] == want["message"]

    def test_a_click_on_the_plot_picks_the_start(self, visit, course):
        _, out = course
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        canvas = root.locator("canvas")
        before = pixels(canvas)
        x = v.page.evaluate("window.mlcalcExplorers.newton[0].map.px(0)")
        canvas.click(position={"x": x, "y": 40})
        k = index_of(out, 0)
        assert state(root) == {"start": str(k), "step": "1", "outcome": "cycle"}
        assert status(root) == readout(out["runs"][k], 1) == "Step 1 of 2: x₁ = 1, f(x₁) = 1.0."
        after = pixels(canvas)
        assert np.abs(after - before).sum(axis=-1).astype(bool).sum() > 500
        assert root.locator("input[type=range]").first.input_value() == str(k)
        assert v.errors == []

    def test_dragging_sweeps_the_start(self, visit, course):
        _, out = course
        v = visit()
        root = explorers(v).first
        canvas = root.locator("canvas")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        px = v.page.evaluate("[-1, 2].map(x => window.mlcalcExplorers.newton[0].map.px(x))")
        v.page.mouse.move(box["x"] + px[0], box["y"] + 60)
        v.page.mouse.down()
        v.page.mouse.move(box["x"] + px[1], box["y"] + 60, steps=8)
        v.page.mouse.up()
        assert root.get_attribute("data-start") == str(index_of(out, 2))
        assert v.errors == []

    def test_keys_on_the_plot_move_the_start_and_step(self, visit, course):
        _, out = course
        v = visit()
        root = explorers(v).first
        k = index_of(out, -2)
        root.locator("canvas").focus()
        for key, start, step in [("ArrowRight", k + 1, 1), ("ArrowLeft", k, 1),
                                 ("Shift+ArrowRight", k + 10, 1), ("Shift+ArrowLeft", k, 1),
                                 ("Space", k, 2), ("Enter", k, 3), ("Backspace", k, 2),
                                 ("Home", 0, 2), ("End", 480, 2), ("ArrowRight", 480, 2)]:
            v.page.keyboard.press(key)
            got = state(root)
            assert (got["start"], got["step"]) == (str(start), str(step)), key
            assert status(root) == readout(out["runs"][start], step), key
        assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
        assert explorers(v).nth(1).get_attribute("data-step") == "0"  # the other did not move
        assert v.errors == []

    def test_stepping_draws_each_tangent_and_ends_with_the_message(self, visit, course):
        _, out = course
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        run = out["runs"][index_of(out, -2)]
        canvas = root.locator("canvas")
        next_step = root.get_by_role("button", name="Next step")
        shots = [pixels(canvas)]
        for k in range(2, 6):
            next_step.click()
            assert root.get_attribute("data-step") == str(k)
            assert status(root) == readout(run, k)
            shots.append(pixels(canvas))
        assert np.abs(shots[1] - shots[0]).sum(axis=-1).astype(bool).sum() > 100
        assert run["outcome"] == "converged" and status(root).endswith(
            " " + sentence(run["message"])) and status(root).count("Converged: ") == 1
        assert root.locator(".newton-outcome").is_hidden()  # the readout says how it ends
        drawn = v.page.evaluate("window.mlcalcExplorers.newton[0].pixels()")
        assert len(drawn) == 6 and painted(shots[-1], drawn[-1:], (0xC2, 0x51, 0x00)) == 1
        middles = v.page.evaluate("""(() => { const n = window.mlcalcExplorers.newton[0];
            return [0, 1].map(i => [n.map.px((n.run.x[i] + n.run.x[i + 1]) / 2),
                                    n.map.py(n.height(n.run.x[i], n.run.f[i]) / 2)]); })()""")
        for x, y in middles:  # the earlier tangents, fainter, halfway down to the axis
            patch = shots[-1][int(y) - 2:int(y) + 3, int(x) - 2:int(x) + 3].reshape(-1, 3)
            assert any(r - b > 60 and r > g > b for r, g, b in patch), (x, y)
        next_step.click()  # at the end: stays
        assert root.get_attribute("data-step") == "5"
        root.get_by_role("button", name="Previous step").click()
        assert root.get_attribute("data-step") == "4"
        assert root.locator(".newton-outcome").inner_text() == (
            "Step on to see how it ends, after 5 steps.")
        assert status(root) == readout(run, 4)
        assert v.errors == []

    def test_sliders_pick_the_start_and_the_step(self, visit, course):
        _, out = course
        v = visit()
        root = explorers(v).first
        start, step = root.locator("input[type=range]").nth(0), root.locator("input[type=range]").nth(1)
        start.fill(str(index_of(out, 1)))
        assert state(root)["outcome"] == "cycle"
        assert start.get_attribute("aria-valuetext") == "x₀ = 1"
        step.focus()
        v.page.keyboard.press("End")
        assert root.get_attribute("data-step") == "2" and step.get_attribute("max") == "2"
        assert step.get_attribute("aria-valuetext") == "step 2 of 2"
        start.fill(str(index_of(out, -2)))  # at the end of a run: the end of the next
        assert root.get_attribute("data-step") == "5"
        assert status(root) == readout(out["runs"][index_of(out, -2)], 5)
        start.focus()
        v.page.keyboard.press("PageUp")
        assert root.get_attribute("data-start") == str(index_of(out, -2) + 10)
        assert v.errors == []

    def test_near_a_turning_point_the_iterate_leaves_the_plot(self, visit, course):
        _, out = course
        v = visit()
        root = explorers(v).first
        k = int(np.argmin(np.abs(out["starts"] - np.sqrt(2 / 3))))
        root.locator("input[type=range]").first.fill(str(k))
        run = out["runs"][k]
        assert status(root) == readout(run, 1) and abs(run["x"][1]) > 10
        label = root.locator("canvas").get_attribute("aria-label")
        assert label.endswith(f"x = {x_text(run['x'][1])} (off the plot)")
        assert v.errors == []

    def test_undefined_starts_and_divergence(self, visit):
        data = widgets.newton_payload("log(x)", x=(-1, 4), y=(-3, 3), starts=101, start=3)
        out = widgets.newton_decode(data)
        v = visit()
        root = explorers(v).nth(1)
        # the step from 3 lands where ln is undefined: the library keeps no iterate there
        assert state(root) == {"start": "80", "step": "0", "outcome": "diverged"}
        assert status(root) == readout(out["runs"][80], 0)
        assert status(root).startswith("Start: x₀ = 3, f(x₀) = 1.1. The step from x = 3 lands "
                                       "at −0.295836866, where f is not finite")
        root.locator("input[type=range]").first.fill("0")
        assert state(root) == {"start": "0", "step": "0", "outcome": "undefined"}
        assert status(root) == ("Start: x₀ = −1. No run: f is not defined at x₀ = −1, so there "
                                "is no tangent to follow.")
        assert root.locator(".newton-outcome").is_hidden()
        assert v.errors == []

    def test_touch_picks_the_start(self, visit, course):
        _, out = course
        v = visit(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        root = explorers(v).first
        canvas = root.locator("canvas")
        canvas.scroll_into_view_if_needed()
        x = v.page.evaluate("window.mlcalcExplorers.newton[0].map.px(1)")
        canvas.tap(position={"x": x, "y": 30})
        assert root.get_attribute("data-start") == str(index_of(out, 1))
        assert v.errors == []

    def test_theme_switch_redraws_in_dark_colours(self, visit):
        v = visit(device_scale_factor=1)
        canvas = explorers(v).first.locator("canvas")
        light = pixels(canvas)
        v.page.evaluate("document.documentElement.dataset.theme = 'dark'")
        v.page.wait_for_timeout(100)
        dark = pixels(canvas)
        sky, orange = (0x56, 0xB4, 0xE9), (0xC2, 0x51, 0x00)
        assert near(dark, sky, 40) > 100 and near(light, sky, 40) == 0
        assert near(light, orange, 40) > 50 and near(dark, orange, 40) == 0
        assert v.errors == []

    def test_fits_a_phone(self, visit):
        explorer_pages.fits_a_phone(visit(viewport={"width": 375, "height": 740},
                                          is_mobile=True), ".mlcalc-newton")

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_axe_finds_no_violation(self, visit, scheme):
        explorer_pages.axe_passes(visit, scheme)

    @pytest.mark.parametrize("name,context,theme,start", [
        ("light", {"viewport": {"width": 1000, "height": 900}}, "light", 0.8125),
        ("dark", {"viewport": {"width": 1000, "height": 900}, "color_scheme": "dark"}, "dark", -2),
        ("phone", {"viewport": {"width": 375, "height": 740}, "is_mobile": True}, "light", 0),
    ])
    def test_screenshots(self, visit, course, name, context, theme, start):
        """Shots of the first explorer, to look at: /tmp/shots/newton."""
        _, out = course
        v = visit(**context)
        v.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        root = explorers(v).first
        root.locator("input[type=range]").first.fill(str(index_of(out, start)))
        root.locator("input[type=range]").nth(1).fill({0.8125: "1", -2: "3", 0: "2"}[start])
        SHOTS.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(SHOTS / f"{name}.png"))
        assert v.errors == []
