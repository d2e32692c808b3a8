"""The descent explorer: mlcalc.widgets.descent_explorer's data, and the page in Chromium.

The unit tests check the payload against mlcalc's own runs (the library is what the page
shows) and the paths against independent references: the pit's depth itself, a gradient and a
Hessian by the test's own central differences, and the lowest point found by grid search in
mlcalc.sandpit. The browser tests (marked `site`) open a standalone page in a temporary folder
that holds the book's scripts and stylesheet and two explorers made by mlcalc, served by
tools/serve.py as the site is (see test_taylor_explorer.py).
"""

import gzip
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

import explorer_pages
from explorer_pages import js_fixed, pixels, status
from test_browser import browser  # noqa: F401  (fixture)

from mlcalc import gradient_descent, minimize, sandpit, widgets


@pytest.fixture(scope="module")
def pits():
    return [sandpit.fixed(), sandpit.several_minima(), sandpit.narrow_well()]


@pytest.fixture(scope="module")
def lab(pits):
    """The lab's three pits with the default starts and steps (through JSON, as the page gets
    them) and their decoding."""
    data = json.loads(json.dumps(widgets.descent_payload(pits), allow_nan=False))
    return data, widgets.descent_decode(data)


def library_run(pit, start, method, step=None):
    """What mlcalc itself returns for a run the explorer shows."""
    if method == "fixed":
        return gradient_descent(pit.depth, start, step=step, maxiter=200)
    return minimize(pit.depth, start, method=method, maxiter=200)


def runs_of(lab):
    """Every run of the lab: (pit index, start, method, step, the decoded run)."""
    data, out = lab
    for p, pit in enumerate(out["pits"]):
        for start, runs in zip(pit["starts"], pit["runs"]):
            for method in widgets.DESCENT_METHODS:
                if method == "fixed":
                    for step, run in zip(data["steps"], runs["fixed"]):
                        yield p, tuple(start), method, step, run
                else:
                    yield p, tuple(start), method, None, runs[method]


def slope(pit, p, h=1e-5):
    """The depth's gradient by the test's own central differences."""
    p = np.asarray(p, dtype=float)
    return np.array([(pit.depth(p + e) - pit.depth(p - e)) / (2 * h) for e in np.eye(2) * h])


def curvature(pit, p, h=1e-4):
    p = np.asarray(p, dtype=float)
    H = np.array([(slope(pit, p + e) - slope(pit, p - e)) / (2 * h) for e in np.eye(2) * h])
    return (H + H.T) / 2


class TestPayload:
    def test_shape_of_the_lab(self, lab):
        data, out = lab
        assert data["methods"] == ["fixed", "steepest", "newton", "hybrid"]
        assert data["steps"] == list(widgets.DESCENT_STEPS) and data["n"] == 61
        assert [p["name"] for p in data["pits"]] == ["fixed", "several-minima", "narrow-well"]
        for pit in data["pits"]:
            assert pit["starts"] == [list(s) for s in widgets.DESCENT_STARTS]
            assert all(len(r["fixed"]) == 10 for r in pit["runs"])

    def test_runs_are_the_librarys_within_the_quanta(self, lab, pits):
        for p, start, method, step, run in runs_of(lab):
            r = library_run(pits[p], start, method, step)
            assert run["nit"] == r.nit and run["steps"][-1] == r.nit
            np.testing.assert_allclose(run["x"], r.history[run["steps"]], rtol=0,
                                       atol=widgets.POSITION_QUANTUM / 2 + 1e-9)
            depth = np.clip(r.costs[run["steps"]], -widgets.DEPTH_BOUND, widgets.DEPTH_BOUND)
            np.testing.assert_allclose(run["depth"], depth, rtol=0,
                                       atol=widgets.DEPTH_QUANTUM / 2 + 1e-9)
            assert (run["kind"], run["converged"]) == (r.kind, r.converged)
            assert run["message"] == widgets._prose(r.message)
            if method == "hybrid":
                assert run["rules"] == "".join(rule[0] for rule in r.steps)
            else:
                assert run["rules"] is None and set(r.steps) <= {
                    "newton" if method == "newton" else "steepest"}

    def test_depths_are_the_pits(self, lab, pits):
        for p, start, method, step, run in runs_of(lab):
            inside = np.all((run["x"] >= 0) & (run["x"] <= 6), axis=1)
            depth = pits[p].depth(run["x"][inside].T)
            # the iterate is rounded to 5 mm, where the depth changes by |grad| x 2.5 mm at most
            steep = np.array([np.hypot(*slope(pits[p], x)) for x in run["x"][inside]])
            assert np.all(np.abs(run["depth"][inside] - depth) <= widgets.DEPTH_QUANTUM / 2
                          + steep * widgets.POSITION_QUANTUM / np.sqrt(2) + 1e-6)

    @pytest.mark.parametrize("step", [0.046, 0.22])
    def test_a_fixed_step_goes_down_the_gradient(self, lab, pits, step):
        _, out = lab
        k = widgets.DESCENT_STEPS.index(step)
        run = out["pits"][0]["runs"][0]["fixed"][k]
        x = np.array(widgets.DESCENT_STARTS[0])
        for i in range(1, 6):
            x = x - step * slope(pits[0], x)
            assert run["x"][i] == pytest.approx(x, abs=widgets.POSITION_QUANTUM / 2 + 1e-6)

    def test_a_newton_step_goes_to_the_stationary_point_of_the_quadratic(self, lab, pits):
        _, out = lab
        for p, pit in enumerate(pits):
            for s, start in enumerate(widgets.DESCENT_STARTS):
                run = out["pits"][p]["runs"][s]["newton"]
                x = np.array(start)
                want = x - np.linalg.solve(curvature(pit, x), slope(pit, x))
                assert run["x"][1] == pytest.approx(want, abs=widgets.POSITION_QUANTUM / 2 + 1e-5)

    def test_minima_are_minima_and_the_deepest_is_the_phone(self, lab, pits):
        for p, start, method, step, run in runs_of(lab):
            if run["kind"] != "minimum":
                continue
            x = run["x"][-1]
            ring = x + 0.02 * np.array([[np.cos(a), np.sin(a)] for a in np.linspace(0, 6, 12)])
            assert np.all(pits[p].depth(ring.T) > pits[p].depth(x)), (p, start, method, step)
            if run["depth"][-1] < -8.99:  # the deepest well: where the phone lies
                assert x == pytest.approx(pits[p].lowest, abs=2e-3)

    def test_the_labs_lessons(self, lab):
        _, out = lab
        several = out["pits"][1]["runs"][2]  # from (1, 3) on several minima
        assert several["newton"]["kind"] == "saddle point"
        assert not several["newton"]["converged"]
        assert several["newton"]["message"].startswith("reached a saddle point, not a minimum")
        assert several["hybrid"]["kind"] == "minimum" and several["hybrid"]["converged"]
        assert set(several["hybrid"]["rules"]) == {"n", "s"}  # both rules, step by step
        fixed = out["pits"][0]["runs"][0]["fixed"]
        assert fixed[0]["message"].startswith("no convergence in 200 steps")  # crawling
        assert fixed[3]["converged"]
        assert fixed[-1]["message"].startswith("diverged: the cost grew from −4.81")
        assert np.abs(fixed[-1]["x"]).max() > 1000
        well = out["pits"][2]["runs"][0]
        assert all(well[m]["kind"] == "minimum" for m in ("steepest", "newton", "hybrid"))
        assert well["newton"]["x"][-1] == pytest.approx([3.3, 2.8], abs=0.003)  # not the well

    def test_long_runs_are_thinned_short_ones_kept(self, lab):
        for *_, run in runs_of(lab):
            steps = run["steps"]
            if run["nit"] + 1 <= 60:
                assert steps.tolist() == list(range(run["nit"] + 1))
            else:
                assert len(steps) == 60 and steps[:40].tolist() == list(range(40))
                assert steps[-1] == run["nit"] and np.all(np.diff(steps) > 0)
        assert widgets._kept(200, 60).tolist()[38:42] == [38, 39, 40, 48]

    def test_the_map_is_the_pits_depth(self, lab, pits):
        data, out = lab
        xs = np.linspace(0, 6, 61)
        for pit, shown in zip(pits, out["pits"]):
            want = pit.depth(np.meshgrid(xs, xs))
            np.testing.assert_allclose(shown["map"], want, rtol=0,
                                       atol=widgets.MAP_QUANTUM / 2 + 1e-9)
            assert shown["map"][0, 60] == pytest.approx(pit.depth((6.0, 0.0)), abs=0.006)
            assert shown["lowest"] == list(pit.lowest)

    def test_far_iterates_are_clipped(self, monkeypatch, pits):
        monkeypatch.setattr(widgets, "POSITION_BOUND", 10.0)
        data = widgets.descent_payload(pits[:1], starts=[(1, 1)], steps=[0.1, 10], grid=11)
        run = widgets.descent_decode(data)["pits"][0]["runs"][0]["fixed"][1]
        assert np.abs(run["x"]).max() == 16 and run["message"].startswith("diverged")

    def test_starts_by_pit(self, pits):
        data = widgets.descent_payload(pits[1:], steps=[0.1, 1], grid=11,
                                       starts={"narrow-well": [(3, 3)], "several-minima": [(1, 3),
                                                                                          (5, 5)]})
        assert [len(p["runs"]) for p in data["pits"]] == [2, 1]

    def test_lab_data_is_small(self, pits):
        page = widgets.descent_explorer(pits, label="Descent")
        assert len(gzip.compress(page.encode(), 6)) <= 36 * 1024
        assert len(page.encode()) <= 140 * 1024


class TestMarkup:
    def test_markup(self, pits):
        page = widgets.descent_explorer(pits[2:], label="Descent <in> a pit", starts=[(3, 3)],
                                        steps=[0.1, 1], grid=11)
        block_id = re.search(r'<script type="application/json" id="([^"]+)">', page).group(1)
        divs = re.findall(r'<div class="mlcalc-descent" data-source="([^"]+)" role="group" '
                          r'aria-label="([^"]+)">', page)
        assert divs == [(block_id, html.escape("Descent <in> a pit"))]
        assert page.count("<script") == 1 and page.endswith("</div>")
        assert widgets.SCRIPTS["mlcalc-descent"] == "descent.js" and page._repr_html_() == page

    def test_ids_are_unique_per_data_and_label_and_reproducible(self, pits):
        kwargs = dict(starts=[(3, 3)], steps=[0.1, 1], grid=11)
        a = widgets.descent_explorer(pits[2:], label="a", **kwargs)
        b = widgets.descent_explorer(pits[:1], label="a", **kwargs)
        c = widgets.descent_explorer(pits[2:], label="c", **kwargs)
        ids = [re.search(r'id="(descent-[0-9a-f]{10})"', page).group(1) for page in (a, b, c)]
        assert len(set(ids)) == 3 and a == widgets.descent_explorer(pits[2:], label="a", **kwargs)


class TestErrors:
    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(pits=None), TypeError, r"`pits` must be a non-empty list of sandpit pits "
                                     r"\(mlcalc.sandpit.Pit\), got None"),
        (dict(pits=[]), ValueError, r"`pits` must be a non-empty list of sandpit pits"),
        (dict(pits=["fixed"]), TypeError, r"`pits` must be a non-empty list of sandpit pits"),
        (dict(pits="fixed"), TypeError, r"`pits` must be a non-empty list of sandpit pits"),
        (dict(starts=[(1, 7)]), ValueError, r"`starts` must lie in the pit, 0 <= x, y <= 6 m; "
                                            r"got \(1.0, 7.0\)"),
        (dict(starts=[1, 2]), ValueError, r"`starts` must be 1 to 8 points \(x, y\), got "
                                          r"\[1, 2\]"),
        (dict(starts=[(1, 1)] * 9), ValueError, r"`starts` must be 1 to 8 points"),
        (dict(starts=[(1, np.nan)]), ValueError, "`starts` must be finite, got nan"),
        (dict(starts={"fixed": [(1, 1)], "rocky": [(2, 2)]}), ValueError,
         r"`starts` by pit must name each pit once: \[\] missing, \['rocky'\] unknown"),
        (dict(steps=[0.1]), ValueError, r"`steps` must be 2 to 16 increasing positive step "
                                        r"sizes, got \[0.1\]"),
        (dict(steps=[0.1, 0.1]), ValueError, r"`steps` must be 2 to 16 increasing positive"),
        (dict(steps=[-1, 1]), ValueError, r"`steps` must be 2 to 16 increasing positive"),
        (dict(steps=["a", "b"]), TypeError, "`steps` must be a real number or array of them"),
        (dict(maxiter=0), ValueError, "`maxiter` must be a whole number from 1 to 1000, got 0"),
        (dict(keep=5), ValueError, "`keep` must be a whole number from 10 to 500, got 5"),
        (dict(grid=200), ValueError, "`grid` must be a whole number from 11 to 121, got 200"),
        (dict(grid=61.0), ValueError, "`grid` must be a whole number from 11 to 121, got 61.0"),
    ])
    def test_bad_arguments(self, pits, kwargs, error, match):
        args = dict(pits=pits[:1], starts=[(1, 1)], steps=[0.1, 1], grid=11) | kwargs
        with pytest.raises(error, match=match):
            widgets.descent_explorer(args.pop("pits"), label="x", **args)

    def test_pits_must_differ(self, pits):
        with pytest.raises(ValueError, match=r"`pits` must be different pits, got \['fixed', "
                                             r"'fixed'\]"):
            widgets.descent_explorer([pits[0], sandpit.fixed()], label="x")

    def test_bad_label(self, pits):
        with pytest.raises(TypeError, match="`label` must be a string naming the explorer"):
            widgets.descent_explorer(pits[:1], label=None)
        with pytest.raises(ValueError, match="`label` must name the explorer for screen readers"):
            widgets.descent_explorer(pits[:1], label="")
        with pytest.raises(TypeError):
            widgets.descent_explorer(pits[:1], "x")  # noqa: label is keyword-only


# -- in the browser ---------------------------------------------------------------------------

SHOTS = Path("/tmp/shots/descent")


@pytest.fixture(scope="module")
def server(pits, tmp_path_factory):
    first = widgets.descent_explorer(pits, label="Descent in the sandpit")
    second = widgets.descent_explorer(pits[2:], starts=[(3, 3), (1.3, 4.9)], steps=[0.1, 1, 4.6],
                                      label="The narrow well")
    yield from explorer_pages.serve(tmp_path_factory, "descent", "Descent explorer",
                                    ["descent.js"], first, second)


@pytest.fixture
def visit(browser, server):  # noqa: F811
    yield from explorer_pages.visits(browser, server)


def explorers(v):
    return v.page.locator(".mlcalc-descent")


def state(root):
    return {key: root.get_attribute(f"data-{key}")
            for key in ("pit", "start", "method", "size", "step", "kind")}


def readout(run, k, rule):
    """What the readout says at the k-th kept iterate of `run` (a descent_decode run)."""
    x = run["x"][k]
    here = (f"depth {js_fixed(run['depth'][k])}\u00a0m at ({js_fixed(x[0])},\u00a0"
            f"{js_fixed(x[1])})")
    return explorer_pages.told(run["nit"], run["steps"], run["message"], k, here, rule)


def rule_of(method, run, step, size=None):
    if method == "fixed":
        return f"a fixed step of {size:g}"
    if method == "hybrid":
        return {"n": "a Newton step", "s": "a steepest step"}[run["rules"][step - 1]]
    return {"steepest": "a steepest step (line search)", "newton": "a Newton step"}[method]


@pytest.mark.site
class TestInTheBrowser:
    def test_both_explorers_are_built_cleanly(self, visit, lab):
        _, out = lab
        v = visit()
        assert explorers(v).count() == 2 and v.page.locator(".explorer-nojs").count() == 0
        assert v.page.evaluate("window.mlcalcExplorers.descent.length") == 2
        ids = v.page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        root = explorers(v).first
        run = out["pits"][0]["runs"][0]["fixed"][3]
        assert state(root) == {"pit": "0", "start": "0", "method": "fixed", "size": "3",
                               "step": str(len(run["steps"]) - 1), "kind": run["kind"]}
        assert status(root) == readout(run, len(run["steps"]) - 1, "a fixed step of 0.1")
        menus = root.locator("select")
        assert menus.nth(0).locator("option").all_inner_texts() == [
            "The fixed pit", "Several minima", "Narrow well"]
        assert [t.replace("\u00a0", " ") for t in menus.nth(1).locator("option").all_inner_texts()
                ] == ["(1, 1)", "(5, 5)", "(1, 3)", "(5, 1)"]
        assert menus.nth(2).locator("option").all_inner_texts() == [
            "Fixed step", "Steepest descent (line search)", "Newton step",
            "Hybrid (Newton, else steepest)"]
        assert root.locator(".descent-row").first.is_visible()
        assert root.locator("output").first.inner_text() == "0.1"
        assert v.errors == [] and v.failed == [] and v.offsite == []

    def test_page_data_is_the_payload(self, visit, lab):
        _, out = lab
        v = visit()
        got = v.page.evaluate("window.mlcalcExplorers.descent[0].pits")
        for shown, want in zip(got, out["pits"]):
            np.testing.assert_allclose(shown["map"], want["map"].ravel(), rtol=0, atol=1e-9)
            for runs, wants in zip(shown["runs"], want["runs"]):
                pairs = list(zip(runs["fixed"], wants["fixed"])) + [
                    (runs[m], wants[m]) for m in ("steepest", "newton", "hybrid")]
                for run, w in pairs:
                    assert run["steps"] == w["steps"].tolist() and run["nit"] == w["nit"]
                    np.testing.assert_allclose(run["x"], w["x"], rtol=0, atol=1e-9)
                    np.testing.assert_allclose(run["depth"], w["depth"], rtol=0, atol=1e-9)
                    assert (run["kind"], run["converged"], run["message"], run["rules"]) == (
                        w["kind"], w["converged"], w["message"], w["rules"])

    def test_switching_pit_start_method_and_size(self, visit, lab):
        data, out = lab
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        canvas = root.locator("canvas")
        menus = root.locator("select")
        shots = [pixels(canvas)]
        menus.nth(0).select_option(label="Several minima")
        assert state(root)["pit"] == "1" and state(root)["start"] == "0"
        shots.append(pixels(canvas))
        menus.nth(1).select_option(label="(1,\u00a03)")
        menus.nth(2).select_option(label="Newton step")
        run = out["pits"][1]["runs"][2]["newton"]
        last = len(run["steps"]) - 1
        assert state(root) == {"pit": "1", "start": "2", "method": "newton", "size": "3",
                               "step": str(last), "kind": "saddle point"}
        assert status(root) == readout(run, last, "a Newton step")
        assert "Reached a saddle point, not a minimum" in status(root)
        assert root.locator(".descent-row").first.is_hidden()  # no step size for Newton
        shots.append(pixels(canvas))
        menus.nth(2).select_option(label="Hybrid (Newton, else steepest)")
        hybrid = out["pits"][1]["runs"][2]["hybrid"]
        assert status(root) == readout(hybrid, len(hybrid["steps"]) - 1,
                                       rule_of("hybrid", hybrid, hybrid["nit"]))
        menus.nth(2).select_option(label="Fixed step")
        size = root.locator("input[type=range]").first
        size.focus()
        v.page.keyboard.press("End")
        fixed = out["pits"][1]["runs"][2]["fixed"][-1]
        assert state(root)["size"] == "9" and size.get_attribute("aria-valuetext") == "step size 10"
        assert status(root) == readout(fixed, len(fixed["steps"]) - 1, "a fixed step of 10")
        assert "Diverged" in status(root)
        shots.append(pixels(canvas))
        for a, b in zip(shots, shots[1:]):
            assert np.abs(a - b).sum(axis=-1).astype(bool).sum() > 200
        assert v.errors == []

    def test_replay_slider_and_keys(self, visit, lab):
        _, out = lab
        v = visit()
        root = explorers(v).first
        run = out["pits"][0]["runs"][0]["fixed"][3]  # 90 steps: kept 60
        replay = root.locator("input[type=range]").nth(1)
        replay.focus()
        for key, k in [("Home", 0), ("ArrowRight", 1), ("ArrowUp", 2), ("ArrowLeft", 1),
                       ("End", 59), ("ArrowLeft", 58)]:
            v.page.keyboard.press(key)
            assert root.get_attribute("data-step") == str(k), key
            assert status(root) == readout(run, k, "a fixed step of 0.1")
            assert replay.get_attribute("aria-valuetext") == (
                f"step {run['steps'][k]} of {run['nit']}")
        assert root.locator(".descent-outcome").inner_text().startswith("Play, or move the Step")
        assert explorers(v).nth(1).get_attribute("data-step") != "1"  # the other did not move
        assert v.errors == []

    def test_replay_draws_the_path_so_far(self, visit):
        v = visit(device_scale_factor=1)
        root = explorers(v).first
        root.locator("select").nth(2).select_option(label="Hybrid (Newton, else steepest)")
        canvas = root.locator("canvas")
        replay = root.locator("input[type=range]").nth(1)
        whole = pixels(canvas)
        drawn = v.page.evaluate("window.mlcalcExplorers.descent[0].pixels()")
        for x, y in drawn:  # a white dot ringed in black at every iterate
            patch = whole[int(y) - 2:int(y) + 3, int(x) - 2:int(x) + 3].reshape(-1, 3)
            assert (patch.min(axis=1) > 200).any() or (np.abs(patch - [0xF0, 0xA3, 0x5E]).sum(
                axis=1) < 60).any(), (x, y)
        replay.fill("0")
        start = pixels(canvas)
        assert np.abs(whole - start).sum(axis=-1).astype(bool).sum() > 200
        assert len(v.page.evaluate("window.mlcalcExplorers.descent[0].pixels()")) == 1
        assert v.errors == []

    def test_play_replays_quietly_then_announces_the_end(self, visit, lab):
        _, out = lab
        v = visit()
        explorers(v).first.locator("select").nth(2).select_option(label="Newton step")
        run = out["pits"][0]["runs"][0]["newton"]
        last = explorer_pages.plays_quietly(v, ".mlcalc-descent", 5,
                                            lambda k: readout(run, k, "a Newton step"))
        assert last == len(run["steps"]) - 1

    def test_a_new_choice_stops_the_replay(self, visit, lab):
        _, out = lab
        v = visit()
        root = explorers(v).first
        button = root.locator("button")
        button.click()
        assert button.inner_text() == "Pause"
        root.locator("select").nth(2).select_option(label="Steepest descent (line search)")
        assert button.inner_text() == "Play" and button.get_attribute("aria-pressed") == "false"
        assert root.locator("[role=status]").get_attribute("aria-live") == "polite"
        run = out["pits"][0]["runs"][0]["steepest"]
        assert status(root) == readout(run, len(run["steps"]) - 1,
                                       "a steepest step (line search)")
        assert v.errors == []

    def test_a_click_near_a_start_picks_it(self, visit):
        v = visit()
        root = explorers(v).first
        canvas = root.locator("canvas")
        canvas.scroll_into_view_if_needed()
        x, y = v.page.evaluate("(() => { const d = window.mlcalcExplorers.descent[0]; "
                               "return [d.map.px(5), d.map.py(5)]; })()")
        canvas.click(position={"x": x + 5, "y": y - 4})
        assert root.get_attribute("data-start") == "1"
        assert root.locator("select").nth(1).input_value() == "1"
        x, y = v.page.evaluate("(() => { const d = window.mlcalcExplorers.descent[0]; "
                               "return [d.map.px(3), d.map.py(3)]; })()")
        canvas.click(position={"x": x, "y": y})  # far from every start: nothing changes
        assert root.get_attribute("data-start") == "1"
        assert v.errors == []

    def test_theme_switch_keeps_the_map_and_redraws_the_frame(self, visit):
        v = visit(device_scale_factor=1)
        explorer_pages.keeps_the_map(v, explorers(v).first.locator("canvas"), "descent",
                                     [[0.4, 5.6], [5.6, 0.4], [2.6, 0.6], [5.4, 3.4]], 0)

    def test_fits_a_phone(self, visit):
        explorer_pages.fits_a_phone(visit(viewport={"width": 375, "height": 740},
                                          is_mobile=True), ".mlcalc-descent")

    def test_touch_picks_a_start(self, visit):
        v = visit(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        root = explorers(v).first
        canvas = root.locator("canvas")
        canvas.scroll_into_view_if_needed()
        x, y = v.page.evaluate("(() => { const d = window.mlcalcExplorers.descent[0]; "
                               "return [d.map.px(1), d.map.py(3)]; })()")
        canvas.tap(position={"x": x, "y": y})
        assert root.get_attribute("data-start") == "2"
        assert v.errors == []

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_axe_finds_no_violation(self, visit, scheme):
        explorer_pages.axe_passes(visit, scheme)

    @pytest.mark.parametrize("name,context,theme,choice", [
        ("light", {"viewport": {"width": 1000, "height": 1100}}, "light",
         ("Several minima", "(1,\u00a03)", "Newton step")),
        ("dark", {"viewport": {"width": 1000, "height": 1100}, "color_scheme": "dark"}, "dark",
         ("The fixed pit", "(1,\u00a01)", "Fixed step")),
        ("phone", {"viewport": {"width": 375, "height": 740}, "is_mobile": True}, "light",
         ("Narrow well", "(5,\u00a01)", "Hybrid (Newton, else steepest)")),
    ])
    def test_screenshots(self, visit, name, context, theme, choice):
        """Shots of the first explorer, to look at: /tmp/shots/descent."""
        v = visit(**context)
        v.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        root = explorers(v).first
        for menu, label in zip(root.locator("select").all(), choice):
            menu.select_option(label=label)
        SHOTS.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(SHOTS / f"{name}.png"))
        assert v.errors == []
