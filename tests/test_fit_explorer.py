"""The fit explorer: mlcalc.widgets.fit_explorer's data, and the page in Chromium.

The unit tests check the payload against mlcalc's own runs (the library is what the page
shows) and against independent references: chi-squared and its gradient written out here
with NumPy and the test's own central differences, scipy.optimize.curve_fit's minimum, and
the map node by node. The browser tests (marked `site`) open a standalone page made by
tests/explorer_pages.py: the chapter's lab, Galton's heights (its data moved into a file and
fetched, as the site does with a block over 8 KiB), and a straight line whose large step
diverges (inline).
"""

import gzip
import html
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import curve_fit

import explorer_pages
from explorer_pages import js_fixed, pixels, status
from test_browser import browser  # noqa: F401  (fixture)

import mlcalc
from mlcalc import chi_squared, least_squares, widgets

STEPS = (250, 500, 1000, 2000, 3000, 5000, 7000, 10000, 20000)
WINDOW = ((150, 185), (3, 25))
P0 = (155, 6)
LINE_X = np.linspace(0, 1, 5)
SHOTS = Path("/tmp/shots/fit")


def gauss(x, mu, sigma):
    return mlcalc.gaussian(x, mu, sigma)


def line(x, m, c):
    return m * x + c


@pytest.fixture(scope="module")
def heights():
    """The chapter's lab: the normalised histogram of Galton's heights in 2-cm bins."""
    h = mlcalc.datasets.galton_heights()["height"]
    density, edges = np.histogram(h, bins=np.arange(140, 206, 2), density=True)
    return (edges[:-1] + edges[1:]) / 2, density


@pytest.fixture(scope="module")
def lab(heights):
    """The lab's explorer data (through JSON, as the page gets them) and their decoding."""
    x, y = heights
    data = json.loads(json.dumps(widgets.fit_payload(gauss, x, y, P0, steps=STEPS,
                                                     window=WINDOW, units="cm"),
                                 allow_nan=False))
    return data, widgets.fit_decode(data)


def own_chi2(x, y, p):
    """chi-squared written out: the normal density by its formula, the squared residuals."""
    mu, sigma = p
    f = np.exp(-((x - mu) / sigma) ** 2 / 2) / (sigma * math.sqrt(2 * math.pi))
    return float(np.sum((f - y) ** 2))


def own_gradient(x, y, p, h=1e-6):
    p = np.asarray(p, dtype=float)
    return np.array([(own_chi2(x, y, p + e) - own_chi2(x, y, p - e)) / (2 * h)
                     for e in np.eye(2) * h])


def chi_text(v):
    """fit.js's chi2: 3 significant digits, powers of ten below 0.1 and from 10⁴."""
    mantissa, e = f"{v:.2e}".split("e")
    e = int(e)
    if -1 <= e < 4:
        return repr(float(f"{v:.3g}")).removesuffix(".0")
    return mantissa + "×10" + str(e).translate(explorer_pages.SUPERSCRIPTS)


class TestPayload:
    def test_shape_of_the_lab(self, lab):
        data, out = lab
        assert data["steps"] == [float(s) for s in STEPS] and data["n"] == 61
        assert data["names"] == ["μ", "σ"] and data["units"] == ["cm", "cm"]
        assert data["window"] == [[150, 185], [3, 25]] and data["d"] == [3, 3]
        assert len(data["runs"]) == len(STEPS) and out["map"].shape == (61, 61)
        assert STEPS[data["first"]] == 3000  # the smallest step whose run converges

    def test_runs_are_the_librarys_within_the_quanta(self, lab, heights):
        x, y = heights
        _, out = lab
        for step, run in zip(STEPS, out["runs"]):
            r = least_squares(gauss, x, y, P0, method="steepest", step=step, maxiter=50)
            assert run["nit"] == r.nit and run["steps"].tolist() == list(range(r.nit + 1))
            np.testing.assert_allclose(run["x"], r.history, rtol=0, atol=0.0005 + 1e-9)
            np.testing.assert_allclose(run["chi2"], r.chi2_history, atol=0,
                                       rtol=widgets.CHI2_QUANTUM * math.log(10) / 2 + 1e-9)
            assert run["converged"] == r.converged
            assert run["message"] == widgets._prose(r.message)
        lm = least_squares(gauss, x, y, P0, method="lm")
        assert out["lm"]["p"] == pytest.approx(lm.params, rel=1e-11)
        assert out["lm"]["converged"] and out["lm"]["message"] == widgets._prose(lm.message)

    def test_a_step_goes_down_the_gradient_of_chi2(self, lab, heights):
        """Independent of mlcalc: chi2 and its gradient by the test's own formula and central
        differences; a fixed step s moves p0 to p0 - s grad chi2(p0), and chi2 along the path
        is chi2 at the (rounded) iterates shown."""
        x, y = heights
        _, out = lab
        for step, run in zip(STEPS, out["runs"]):
            want = np.array(P0) - step * own_gradient(x, y, P0)
            assert run["x"][1] == pytest.approx(want, abs=0.0005 + 1e-9 * step)
            own = [own_chi2(x, y, p) for p in run["x"]]
            np.testing.assert_allclose(run["chi2"], own, rtol=2e-3, atol=0)

    def test_the_minimum_is_curve_fits(self, lab, heights):
        x, y = heights
        _, out = lab
        popt, _ = curve_fit(lambda x, mu, s: np.exp(-((x - mu) / s) ** 2 / 2)
                            / (s * np.sqrt(2 * np.pi)), x, y, p0=P0, xtol=1e-14, ftol=1e-14)
        assert out["lm"]["p"] == pytest.approx(popt, rel=1e-6)
        assert out["lm"]["chi2"] == pytest.approx(own_chi2(x, y, popt), rel=1e-8)
        for run in out["runs"]:  # no path goes below the minimum
            assert run["chi2"].min() >= out["lm"]["chi2"] * (1 - 3e-4)

    def test_the_labs_lessons(self, lab):
        """Too small crawls; about right converges to the minimum; too large is thrown off the
        map (and the largest stays there)."""
        _, out = lab
        runs = dict(zip(STEPS, out["runs"]))
        best = np.array(out["lm"]["p"])
        assert not runs[250]["converged"] and np.abs(runs[250]["x"][-1] - best).max() > 2
        assert runs[250]["message"].startswith("stopped after 50 steps (maxiter)")
        for step in (3000, 5000):
            assert runs[step]["converged"] and runs[step]["nit"] < 50
            assert runs[step]["x"][-1] == pytest.approx(best, abs=0.001)
            assert runs[step]["message"].startswith("converged")
        for step in (7000, 10000):  # out of the window, and back
            assert runs[step]["x"][:, 1].max() > WINDOW[1][1] and not runs[step]["converged"]
            assert WINDOW[1][0] < runs[step]["x"][-1, 1] < WINDOW[1][1]
        far = runs[20000]["x"][-1]
        assert far[1] > 40 and not runs[20000]["converged"]

    def test_the_map_is_chi_squared(self, lab, heights):
        x, y = heights
        data, out = lab
        assert out["p1"][[0, -1]].tolist() == [150, 185] and out["p2"][[0, -1]].tolist() == [3, 25]
        quantum = widgets.CHI2_MAP_QUANTUM / 2 + 1e-9
        for i, j in [(0, 0), (0, 60), (60, 0), (60, 60), (30, 30), (12, 41), (45, 7)]:
            p = (out["p1"][j], out["p2"][i])
            assert out["map"][i, j] == pytest.approx(
                np.log10(chi_squared(gauss, x, y, p)), abs=quantum), (i, j)
        own = np.log10([[own_chi2(x, y, (a, b)) for a in out["p1"]] for b in out["p2"]])
        np.testing.assert_allclose(out["map"], own, rtol=0, atol=quantum)

    def test_a_model_that_broadcasts_gives_the_same_map(self, heights):
        """mlcalc.gaussian takes one sigma at a time (node by node); the same density written
        with NumPy takes arrays (a row at a time); a model that broadcasts wrongly is caught."""
        x, y = heights
        kwargs = dict(steps=[1000, 3000], window=WINDOW, grid=21, maxiter=5)
        one = widgets.fit_payload(gauss, x, y, P0, **kwargs)
        rows = widgets.fit_payload(lambda x, mu, s: np.exp(-((x - mu) / s) ** 2 / 2)
                                   / (s * np.sqrt(2 * np.pi)), x, y, P0, **kwargs)
        a, b = (widgets.fit_decode(d)["map"] for d in (one, rows))
        np.testing.assert_allclose(a, b, rtol=0, atol=widgets.CHI2_MAP_QUANTUM + 1e-9)

        def wrong(x, m, c):  # right for numbers; for arrays of c, adds their sum
            return m * x + np.sum(c)

        data = widgets.fit_payload(wrong, LINE_X, 2 * LINE_X + 1, (0, 0), steps=[0.1, 0.3],
                                   window=((-1, 3), (-1, 2)), grid=11)
        out = widgets.fit_decode(data)
        want = [[np.log10(chi_squared(line, LINE_X, 2 * LINE_X + 1, (m, c))) for m in out["p1"]]
                for c in out["p2"]]
        np.testing.assert_allclose(out["map"], want, rtol=0,
                                   atol=widgets.CHI2_MAP_QUANTUM / 2 + 1e-9)

    def test_sigma_weighs_the_map_and_the_runs(self, heights):
        x, y = heights
        kwargs = dict(steps=[1, 4], window=WINDOW, grid=11, maxiter=5)
        data = widgets.fit_decode(widgets.fit_payload(gauss, x, y, P0, sigma=0.01, **kwargs))
        plain = widgets.fit_decode(widgets.fit_payload(gauss, x, y, P0, **kwargs))
        np.testing.assert_allclose(data["map"], plain["map"] + 4, rtol=0, atol=0.006)
        r = least_squares(gauss, x, y, P0, sigma=0.01, method="steepest", step=4, maxiter=5)
        np.testing.assert_allclose(data["runs"][1]["x"], r.history, rtol=0, atol=0.0005 + 1e-9)

    def test_a_diverging_run_says_so(self):
        data = widgets.fit_payload(line, LINE_X, 2 * LINE_X + 1, (0, 0), steps=[0.1, 0.3],
                                   window=((-1, 3), (-1, 2)), grid=11, names=("m", "c"))
        run = widgets.fit_decode(data)["runs"][1]
        assert not run["converged"] and run["nit"] == 6
        assert run["message"].startswith("diverged: chi2 grew from 22.5 to 4.621×10⁷")
        assert run["message"].endswith("the step 0.3 is too large")
        assert np.abs(run["x"][-1]).max() > 100  # far off the map
        assert data["d"] == [4, 4] and data["units"] == ["", ""] and data["first"] == 1

    def test_far_iterates_are_clipped(self, monkeypatch):
        monkeypatch.setattr(widgets, "FIT_BOUND", 1.0)
        data = widgets.fit_payload(line, LINE_X, 2 * LINE_X + 1, (0, 0), steps=[0.1, 0.3],
                                   window=((-1, 3), (-1, 2)), grid=11)
        x = widgets.fit_decode(data)["runs"][1]["x"]
        assert x[:, 0].min() == -5 and x[:, 1].min() == -4 and x[:, 1].max() <= 5

    def test_long_runs_are_thinned(self, heights):
        x, y = heights
        data = widgets.fit_payload(gauss, x, y, P0, steps=[250, 500], window=WINDOW, grid=11,
                                   keep=10)
        run = widgets.fit_decode(data)["runs"][0]
        assert run["steps"].tolist() == [0, 1, 2, 3, 4, 5, 6, 21, 35, 50]
        r = least_squares(gauss, x, y, P0, method="steepest", step=250, maxiter=50)
        np.testing.assert_allclose(run["x"], r.history[run["steps"]], rtol=0, atol=0.0005 + 1e-9)

    def test_lab_data_is_small(self, heights):
        x, y = heights
        page = widgets.fit_explorer(gauss, x, y, P0, steps=STEPS, window=WINDOW, units="cm",
                                    label="Fitting a Gaussian")
        assert len(page.encode()) <= 20 * 1024
        assert len(gzip.compress(page.encode(), 6)) <= 6 * 1024


class TestMarkup:
    def test_markup(self):
        page = widgets.fit_explorer(line, LINE_X, 2 * LINE_X + 1, (0, 0), steps=[0.1, 0.3],
                                    window=((-1, 3), (-1, 2)), grid=11, label="A <line>")
        block_id = re.search(r'<script type="application/json" id="([^"]+)">', page).group(1)
        divs = re.findall(r'<div class="mlcalc-fit" data-source="([^"]+)" role="group" '
                          r'aria-label="([^"]+)">', page)
        assert divs == [(block_id, html.escape("A <line>"))] and block_id.startswith("fit-")
        assert page.count("<script") == 1 and page.endswith("</div>")
        assert widgets.SCRIPTS["mlcalc-fit"] == "fit.js" and page._repr_html_() == page
        assert explorer_pages.lean_site().EXPLORERS["mlcalc-fit"] == "fit.js"

    def test_ids_are_unique_per_data_and_label_and_reproducible(self):
        kwargs = dict(steps=[0.1, 0.3], window=((-1, 3), (-1, 2)), grid=11)
        a = widgets.fit_explorer(line, LINE_X, 2 * LINE_X + 1, (0, 0), label="a", **kwargs)
        b = widgets.fit_explorer(line, LINE_X, 3 * LINE_X + 1, (0, 0), label="a", **kwargs)
        c = widgets.fit_explorer(line, LINE_X, 2 * LINE_X + 1, (0, 0), label="c", **kwargs)
        ids = [re.search(r'id="(fit-[0-9a-f]{10})"', page).group(1) for page in (a, b, c)]
        assert len(set(ids)) == 3
        assert a == widgets.fit_explorer(line, LINE_X, 2 * LINE_X + 1, (0, 0), label="a",
                                         **kwargs)

    @pytest.mark.parametrize("body,scripts", [
        ('<p>x</p><div class="mlcalc-fit" data-source="fit-1">', ["explorer.js", "fit.js"]),
        ('<div class="mlcalc-descent" data-source="d"></div>', ["explorer.js", "descent.js"]),
        ('<div class="mlcalc-descent"></div><div class="mlcalc-fit"></div>',
         ["explorer.js", "descent.js", "fit.js"]),
        ("<p>No explorer; mlcalc-fit named in prose.</p>", []),
    ])
    def test_scripts_are_loaded_only_where_the_div_is(self, body, scripts):
        """The build adds explorer.js and fit.js to a page only if it holds the fit's <div>."""
        added = []

        class App:
            def add_js_file(self, name, **kwargs):
                assert kwargs == {"loading_method": "defer"}
                added.append(name)

        explorer_pages.lean_site().add_page_scripts(App(), "page", "page.html",
                                                    {"body": body}, None)
        assert added == scripts


class TestErrors:
    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(model=None), TypeError, r"`model` must be callable, got None"),
        (dict(steps=[1000]), ValueError, r"`steps` must be 2 to 16 increasing positive step "
                                         r"sizes, got \[1000\]"),
        (dict(steps=[3000, 1000]), ValueError, r"`steps` must be 2 to 16 increasing positive"),
        (dict(steps=["a", "b"]), TypeError, "`steps` must be a real number or array of them"),
        (dict(window=((150, 185),)), ValueError, r"`window` must be \(\(p1_lo, p1_hi\), "
                                                 r"\(p2_lo, p2_hi\)\), each low < high, got"),
        (dict(window=((185, 150), (3, 25))), ValueError, "`window` must be"),
        (dict(window="wide"), TypeError, "`window` must be a real number or array of them"),
        (dict(window=((150, 185), (3, np.inf))), ValueError, "`window` must be finite, got inf"),
        (dict(window=((150, 185), (-1, 25))), ValueError,
         r"`window` must lie where chi2 is finite: at \(150, -1\), "),
        (dict(p0=(155,)), ValueError, r"`p0` must be the two starting parameters \(p1, p2\), "
                                      r"got \(155,\)"),
        (dict(p0=(100, 6)), ValueError, r"`p0` must lie in the window \(\(150.0, 185.0\), "
                                        r"\(3.0, 25.0\)\), got \(100.0, 6.0\)"),
        (dict(p0=(155, np.nan)), ValueError, "`p0` must be finite, got nan"),
        (dict(names=("μ",)), ValueError, r"`names` must be two non-empty strings naming the "
                                         r"parameters, got \('μ',\)"),
        (dict(names=("μ", " ")), ValueError, "`names` must be two non-empty strings"),
        (dict(names="μσ"), TypeError, "`names` must be two strings naming the parameters"),
        (dict(units=3), TypeError, r"`units` must be two strings \(the parameters' units\), "
                                   r"got 3"),
        (dict(units=("cm",)), ValueError, "`units` must be two strings"),
        (dict(maxiter=0), ValueError, "`maxiter` must be a whole number from 1 to 1000, got 0"),
        (dict(grid=5), ValueError, "`grid` must be a whole number from 11 to 121, got 5"),
        (dict(grid=61.0), ValueError, "`grid` must be a whole number from 11 to 121, got 61.0"),
        (dict(keep=5), ValueError, "`keep` must be a whole number from 10 to 500, got 5"),
        (dict(y=np.ones(3)), ValueError, "`x` and `y` must have the same length, got 32 and 3"),
        (dict(sigma=-1), ValueError, "`sigma` must be positive, got -1"),
        (dict(label=None), TypeError, "`label` must be a string naming the explorer"),
        (dict(label=""), ValueError, "`label` must name the explorer for screen readers"),
    ])
    def test_bad_arguments(self, heights, kwargs, error, match):
        x, y = heights
        args = dict(model=gauss, x=x, y=y, p0=P0, steps=[1000, 3000], window=WINDOW, grid=11,
                    maxiter=5, label="x") | kwargs
        with pytest.raises(error, match=match):
            widgets.fit_explorer(args.pop("model"), args.pop("x"), args.pop("y"),
                                 args.pop("p0"), **args)

    def test_options_are_keyword_only(self, heights):
        x, y = heights
        with pytest.raises(TypeError):
            widgets.fit_explorer(gauss, x, y, P0, STEPS, label="x", window=WINDOW)  # noqa


# -- in the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(heights, tmp_path_factory):
    x, y = heights
    first = widgets.fit_explorer(gauss, x, y, P0, steps=STEPS, window=WINDOW, units="cm",
                                 label="Fitting a Gaussian to the heights")
    second = widgets.fit_explorer(line, LINE_X, 2 * LINE_X + 1, (0, 0), steps=[0.1, 0.3],
                                  window=((-1, 3), (-1, 2)), grid=21, names=("m", "c"),
                                  label="Fitting a line")
    yield from explorer_pages.serve(tmp_path_factory, "fit", "Fit explorer", ["fit.js"], first,
                                    second, move=True)


@pytest.fixture
def visit(browser, server):  # noqa: F811
    yield from explorer_pages.visits(browser, server)


def explorers(v):
    return v.page.locator(".mlcalc-fit")


def shown(v, k=0):
    """The runs the k-th explorer decoded (as the page holds them)."""
    return v.page.evaluate(f"window.mlcalcExplorers.fit[{k}].runs")


def readout(run, k, names=("μ", "σ"), units=("cm", "cm"), decimals=(1, 1),
            window=WINDOW):
    """What the readout says at the k-th kept iterate of `run` (one of the page's runs)."""
    p = run["x"][k]
    here = ", ".join(f"{name}\u00a0=\u00a0{js_fixed(v, d)}" + (f"\u00a0{unit}" if unit else "")
                     for name, v, unit, d in zip(names, p, units, decimals))
    here += f", χ²\u00a0=\u00a0{chi_text(run['chi2'][k])}"
    inside = all(lo <= v <= hi for v, (lo, hi) in zip(p, window))
    return explorer_pages.told(run["nit"], run["steps"], run["message"], k, here,
                               "" if inside else "off the map")


@pytest.mark.site
class TestInTheBrowser:
    def test_both_explorers_are_built_cleanly(self, visit, lab):
        data, _ = lab
        v = visit()
        assert explorers(v).count() == 2 and v.page.locator(".explorer-nojs").count() == 0
        assert v.page.evaluate("window.mlcalcExplorers.fit.length") == 2
        blocks = v.page.locator("script[type='application/json']")
        assert blocks.nth(0).get_attribute("data-src").startswith("_static/data/fit-")
        assert blocks.nth(1).get_attribute("data-src") is None  # small: inline
        ids = v.page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        root = explorers(v).first
        run = shown(v)[4]
        last = len(run["steps"]) - 1
        assert root.get_attribute("data-size") == "4"
        assert root.get_attribute("data-step") == str(last)
        assert status(root) == readout(run, last)
        assert status(root).endswith(". " + explorer_pages.sentence(run["message"]))
        assert run["message"].startswith("converged: the Gauss-Newton step")
        assert root.locator("select option").all_inner_texts() == [str(s) for s in STEPS]
        assert root.locator("select").input_value() == "4"
        legend = root.locator(".fit-legend").inner_text()
        assert "contour every 0.2 decade (χ² × 1.58)" in legend
        assert ("Levenberg–Marquardt finds the minimum, μ = 169.2 cm, σ = 9.9 cm, χ² = "
                "1.59×10⁻³, in 14 steps") in legend.replace("\u00a0", " ")
        assert v.errors == [] and v.failed == [] and v.offsite == []

    def test_page_data_is_the_payload(self, visit, lab):
        data, out = lab
        v = visit()
        for got, want in zip(shown(v), out["runs"]):
            assert got["steps"] == want["steps"].tolist() and got["nit"] == want["nit"]
            np.testing.assert_allclose(got["x"], want["x"], rtol=1e-13, atol=0)
            np.testing.assert_allclose(got["chi2"], want["chi2"], rtol=1e-13, atol=0)
            assert (got["converged"], got["message"]) == (want["converged"], want["message"])
        grid = v.page.evaluate("Array.from(window.mlcalcExplorers.fit[0].grid)")
        np.testing.assert_allclose(grid, out["map"].ravel(), rtol=0, atol=1e-9)
        assert v.page.evaluate("window.mlcalcExplorers.fit[0].levels") == pytest.approx(
            np.arange(-2.6, -1.3, 0.2))

    def test_the_step_size_changes_the_path(self, visit):
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        canvas, menu = root.locator("canvas"), root.locator("select")
        shots = [pixels(canvas)]
        drawn = [v.page.evaluate("window.mlcalcExplorers.fit[0].pixels()")]
        for k, label in [(0, "250"), (8, "20000")]:
            menu.select_option(label=label)
            run = shown(v)[k]
            assert root.get_attribute("data-size") == str(k)
            assert status(root) == readout(run, len(run["steps"]) - 1)
            shots.append(pixels(canvas))
            drawn.append(v.page.evaluate("window.mlcalcExplorers.fit[0].pixels()"))
        assert "Stopped after 50 steps (maxiter)" in status(root)
        assert ", off the map. Stopped after 50 steps" in status(root)  # 20000: thrown far out
        assert len(drawn[2]) < len(drawn[1]) == 51  # off the map: not drawn
        for a, b in zip(shots, shots[1:]):
            assert np.abs(a - b).sum(axis=-1).astype(bool).sum() > 200
        box = v.page.evaluate("(() => { const f = window.mlcalcExplorers.fit[0]; return "
                              "[f.map.px(150), f.map.px(185), f.map.py(25), f.map.py(3)]; })()")
        for x, y in drawn[2]:
            assert box[0] <= x <= box[1] and box[2] <= y <= box[3]
        assert v.errors == []

    def test_the_path_the_start_and_the_minimum_are_drawn(self, visit, lab):
        data, _ = lab
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        root.locator("select").select_option(label="1000")
        whole = pixels(root.locator("canvas"))
        drawn = np.array(v.page.evaluate("window.mlcalcExplorers.fit[0].pixels()"))
        apart = np.hypot(*np.diff(drawn, axis=0).T) > 6  # (later dots cover close ones)
        assert apart.sum() >= 10
        for x, y in drawn[:-1][apart]:  # a white dot ringed in black at each iterate
            patch = whole[int(y) - 2:int(y) + 3, int(x) - 2:int(x) + 3].reshape(-1, 3)
            assert (patch.min(axis=1) > 200).any() or (np.abs(patch - [0xF0, 0xA3, 0x5E]).sum(
                axis=1) < 60).any(), (x, y)
        x, y = v.page.evaluate("(() => { const f = window.mlcalcExplorers.fit[0], p = "
                               "f.raw.lm.p; return [f.map.px(p[0]), f.map.py(p[1])]; })()")
        arm = whole[int(y) - 6:int(y) + 7, int(x) - 6:int(x) + 7].reshape(-1, 3)
        assert (arm.min(axis=1) > 200).sum() >= 8 and (arm.max(axis=1) < 50).sum() >= 8
        replay = root.locator("input[type=range]")
        replay.fill("0")
        assert len(v.page.evaluate("window.mlcalcExplorers.fit[0].pixels()")) == 1
        assert np.abs(whole - pixels(root.locator("canvas"))).sum(axis=-1).astype(bool).sum() > 200
        assert v.errors == []

    def test_keyboard_picks_the_step_size_and_moves_through_the_path(self, visit):
        v = visit()
        root = explorers(v).first
        menu = root.locator("select")
        menu.focus()
        v.page.keyboard.press("ArrowUp")  # from 3000 to 2000
        assert root.get_attribute("data-size") == "3"
        run = shown(v)[3]
        v.page.keyboard.press("Tab")
        assert v.page.evaluate("document.activeElement.textContent") == "Play"
        v.page.keyboard.press("Tab")
        replay = root.locator("input[type=range]")
        assert v.page.evaluate("document.activeElement.type") == "range"
        for key, k in [("Home", 0), ("ArrowRight", 1), ("ArrowUp", 2), ("ArrowLeft", 1),
                       ("PageUp", 6), ("End", 50), ("ArrowLeft", 49)]:
            v.page.keyboard.press(key)
            assert root.get_attribute("data-step") == str(k), key
            assert status(root) == readout(run, k)
            assert replay.get_attribute("aria-valuetext") == f"step {k} of 50"
        v.page.keyboard.press("Home")
        assert status(root) == readout(run, 0) and status(root).startswith(
            "Start: μ\u00a0=\u00a0155\u00a0cm, σ\u00a0=\u00a06\u00a0cm, χ²\u00a0=\u00a0")
        assert status(root).endswith(". 50 steps in all.")
        assert root.locator(".fit-outcome").inner_text() == (
            "Play, or move the Step slider, to see how it ends, after 50 steps.")
        assert explorers(v).nth(1).get_attribute("data-step") != "0"  # the other did not move
        assert v.errors == []

    def test_play_replays_quietly_then_announces_the_end(self, visit):
        v = visit()
        explorers(v).first.locator("select").select_option(label="5000")
        run = shown(v)[5]
        last = explorer_pages.plays_quietly(v, ".mlcalc-fit", 4, lambda k: readout(run, k))
        assert last == len(run["steps"]) - 1 and "Converged" in status(explorers(v).first)

    def test_a_new_step_size_stops_the_replay(self, visit):
        v = visit()
        root = explorers(v).first
        button = root.locator("button")
        button.click()
        assert button.inner_text() == "Pause"
        root.locator("select").select_option(label="500")
        assert button.inner_text() == "Play" and button.get_attribute("aria-pressed") == "false"
        assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
        run = shown(v)[1]
        assert status(root) == readout(run, len(run["steps"]) - 1)
        assert v.errors == []

    def test_a_diverging_run_is_read_out_as_diverged(self, visit):
        v = visit()
        root = explorers(v).nth(1)
        run = shown(v, 1)[1]
        assert root.get_attribute("data-size") == "1"  # no run converges: the middle one
        text = status(root)
        assert text == readout(run, 6, names=("m", "c"), units=("", ""), decimals=(2, 2),
                               window=((-1, 3), (-1, 2)))
        assert text.replace("\u00a0", " ").startswith(
            "Step 6 of 6: m = −458.73, c = −829.95, χ² = ")
        assert ", off the map. Diverged: chi2 grew from 22.5 to 4.621×10⁷" in text
        assert text.endswith("the step 0.3 is too large.")
        assert "stopped, not converged" not in root.locator(".fit-legend").inner_text()
        assert v.errors == []

    def test_theme_switch_keeps_the_map_and_redraws_the_frame(self, visit):
        v = visit(device_scale_factor=1)
        explorer_pages.keeps_the_map(v, explorers(v).first.locator("canvas"), "fit",
                                     [[183.7, 4.3], [159.3, 20.7], [179.1, 15.3], [171.7, 6.1]],
                                     3)

    def test_fits_a_phone(self, visit):
        explorer_pages.fits_a_phone(visit(viewport={"width": 375, "height": 740},
                                          is_mobile=True), ".mlcalc-fit")

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_axe_finds_no_violation(self, visit, scheme):
        explorer_pages.axe_passes(visit, scheme)

    @pytest.mark.parametrize("name,context,theme,size", [
        ("light", {"viewport": {"width": 1000, "height": 1100}}, "light", "1000"),
        ("dark", {"viewport": {"width": 1000, "height": 1100}, "color_scheme": "dark"}, "dark",
         "7000"),
        ("phone", {"viewport": {"width": 375, "height": 740}, "is_mobile": True}, "light",
         "3000"),
    ])
    def test_screenshots(self, visit, name, context, theme, size):
        """Shots of the first explorer, to look at: /tmp/shots/fit."""
        v = visit(**context)
        v.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        root = explorers(v).first
        root.locator("select").select_option(label=size)
        SHOTS.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(SHOTS / f"{name}.png"))
        assert v.errors == []
