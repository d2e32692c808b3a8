"""mlcalc.widgets: the page markup of the explorers, and the scrubber's data against the arrays."""

import gzip
import html
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from mlcalc import Network, Snapshots, heart, sandpit, train_snapshots, widgets

ROOT = Path(__file__).resolve().parents[1]


def blocks(markup):
    """The JSON blocks of a piece of markup, by id, parsed."""
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', markup, re.S)
    return {key: json.loads(text) for key, text in found}


def snapshots(k=5, m=30, iterations=100, seed=0, spread=1.0):
    """Seeded snapshots, not from training: the coding must not rely on smooth curves."""
    rng = np.random.default_rng(seed)
    at = np.unique(np.rint(np.geomspace(1, iterations + 1, k)).astype(int) - 1)
    t = rng.permutation(np.arange(m) / m)[:, None]  # inputs out of order on purpose
    outputs = rng.uniform(-0.2 * spread, 1 + 0.2 * spread, size=(len(at), m, 2))
    cost = np.sort(rng.uniform(1e-4, 1.0, iterations + 1))[::-1]
    return Snapshots(iterations=at, inputs=t, outputs=outputs, cost=cost)


@pytest.fixture(scope="module")
def heart_run():
    """A typical heart run: 40 snapshots of the trained network's curve at 200 points."""
    t, points = heart(100)
    grid, _ = heart(200)
    at = np.unique(np.rint(np.geomspace(1, 4001, 40)).astype(int) - 1)
    snaps = train_snapshots(Network([1, 6, 7, 2]), t[:, None], points, step=7, iterations=4000,
                            at=at, inputs=grid[:, None])
    return snaps, points


class TestSandpitMarkup:
    def test_game(self):
        page = widgets.sandpit_game([sandpit.fixed(), "rocky"], label='Pits "a" & b')
        assert page.startswith('<div class="sandpit-game" data-pits="fixed rocky" data-arrow="true"')
        assert 'aria-label="Pits &quot;a&quot; &amp; b"' in page
        assert page._repr_html_() == str(page)

    def test_data_is_the_page_data(self):
        page = widgets.sandpit_data([sandpit.fixed()], n=3)
        assert blocks(page) == {"sandpit-data": json.loads(sandpit.page_data([sandpit.fixed()], n=3))}

    @pytest.mark.parametrize("pits", [[], "fixed", [""], [3], None])
    def test_bad_pits(self, pits):
        with pytest.raises(ValueError, match="`pits` must be a non-empty list of pits or pit names"):
            widgets.sandpit_game(pits, label="x")

    def test_bad_arrow(self):
        with pytest.raises(TypeError, match="`arrow` must be True or False, got 'no'"):
            widgets.sandpit_game(["fixed"], arrow="no", label="x")

    def test_bad_label(self):
        with pytest.raises(TypeError, match="`label` must be a string naming the explorer, got None"):
            widgets.sandpit_game(["fixed"], label=None)
        with pytest.raises(ValueError, match="`label` must name the explorer for screen readers"):
            widgets.sandpit_game(["fixed"], label="  ")


class TestScrubber:
    def test_markup(self):
        page = widgets.scrubber(snapshots(), target=[[0.5, 0.5]], label="A <run>")
        (block_id, _), = blocks(page).items()
        divs = re.findall(r'<div class="mlcalc-scrubber" data-source="([^"]+)" role="group" '
                          r'aria-label="([^"]+)">', page)
        assert divs == [(block_id, html.escape("A <run>"))]
        assert page.count("<script") == 1 and page.endswith("</div>")

    def test_ids_are_unique_per_run_and_label_and_reproducible(self):
        a = widgets.scrubber(snapshots(seed=1), target=[[0, 0]], label="a")
        b = widgets.scrubber(snapshots(seed=2), target=[[0, 0]], label="a")
        c = widgets.scrubber(snapshots(seed=1), target=[[0, 0]], label="c")
        ids = [next(iter(blocks(page))) for page in (a, b, c)]
        assert len(set(ids)) == 3
        assert a == widgets.scrubber(snapshots(seed=1), target=[[0, 0]], label="a")

    @pytest.mark.parametrize("seed", [0, 1, 2])
    @pytest.mark.parametrize("spread", [1.0, 3.0])
    def test_round_trip(self, seed, spread):
        """The JSON, decoded by hand (running sums), is the arrays to within the stated rounding,
        each frame in order of the input t."""
        snaps = snapshots(seed=seed, spread=spread)
        target = np.random.default_rng(seed + 10).uniform(0, 1, size=(17, 2))
        data, = blocks(widgets.scrubber(snaps, target=target, label="x")).values()
        q, m = widgets.QUANTUM, snaps.outputs.shape[1]
        order = np.argsort(snaps.inputs[:, 0])
        x = np.cumsum(np.reshape(data["x"], (-1, m)), axis=1) * q
        y = np.cumsum(np.reshape(data["y"], (-1, m)), axis=1) * q
        assert data["it"] == snaps.iterations.tolist() and data["m"] == m and data["q"] == q
        np.testing.assert_allclose(x, snaps.outputs[:, order, 0], rtol=0, atol=q / 2 + 1e-9)
        np.testing.assert_allclose(y, snaps.outputs[:, order, 1], rtol=0, atol=q / 2 + 1e-9)
        np.testing.assert_allclose(np.cumsum(data["tx"]) * q, target[:, 0], rtol=0, atol=q / 2 + 1e-9)
        np.testing.assert_allclose(np.cumsum(data["ty"]) * q, target[:, 1], rtol=0, atol=q / 2 + 1e-9)
        kept = np.cumsum(data["costIt"])
        cost = 10.0 ** (np.cumsum(data["cost"]) * data["cq"])
        np.testing.assert_allclose(cost, snaps.cost[kept], rtol=10 ** (widgets.COST_QUANTUM / 2) - 1 + 1e-9)
        assert set(snaps.iterations) <= set(kept.tolist()) and kept[0] == 0
        assert kept[-1] == len(snaps.cost) - 1 and np.all(np.diff(kept) > 0)
        lo, hi = data["view"]
        every = np.concatenate([snaps.outputs.reshape(-1, 2), target])
        assert lo <= min(0, every.min()) and hi >= max(1, every.max())

    def test_decode_is_the_payload(self):
        snaps = snapshots()
        target = [[0.1, 0.9], [0.2, 0.8]]
        data = json.loads(json.dumps(widgets.scrubber_payload(snaps, target=target)))
        out = widgets.scrubber_decode(data)
        order = np.argsort(snaps.inputs[:, 0])
        np.testing.assert_allclose(out["frames"], snaps.outputs[:, order], atol=widgets.QUANTUM / 2 + 1e-9)
        np.testing.assert_allclose(out["target"], target, atol=widgets.QUANTUM / 2 + 1e-9)

    def test_cost_history_is_thinned(self):
        snaps = snapshots(iterations=20000)
        log, = blocks(widgets.scrubber(snaps, target=[[0, 0]], label="x")).values()
        assert len(log["costIt"]) <= widgets.COST_POINTS + len(snaps.iterations) + 2
        every, = blocks(widgets.scrubber(snaps, target=[[0, 0]], label="x", every=1000)).values()
        kept = set(np.cumsum(every["costIt"]).tolist())
        assert kept == set(range(0, 20001, 1000)) | set(snaps.iterations.tolist()) | {20000}

    def test_heart_run_is_small(self, heart_run):
        """40 snapshots of 200 points: a few KiB gzipped, well inside the page's 200 KiB."""
        snaps, points = heart_run
        page = widgets.scrubber(snaps, target=points, label="The network learns")
        assert len(gzip.compress(page.encode(), 6)) <= 20 * 1024
        out = widgets.scrubber_decode(next(iter(blocks(page).values())))
        np.testing.assert_allclose(out["frames"], snaps.outputs, atol=widgets.QUANTUM / 2 + 1e-9)

    def test_inputs_not_mutated(self):
        snaps = snapshots()
        before = [np.copy(a) for a in (snaps.iterations, snaps.inputs, snaps.outputs, snaps.cost)]
        widgets.scrubber(snaps, target=[[0, 0]], label="x")
        for a, b in zip(before, (snaps.iterations, snaps.inputs, snaps.outputs, snaps.cost)):
            np.testing.assert_array_equal(a, b)

    def test_script_cannot_be_closed_early(self):
        """The payload holds only numbers, but the block escapes "</" whatever it holds."""
        page = widgets._json_block("x", '{"a":"</script>"}')
        assert page.count("</script>") == 1

    @pytest.mark.parametrize("bad,error,match", [
        ("not snapshots", TypeError, "`snapshots` must be a mlcalc.Snapshots .* got str"),
        (snapshots().__class__(iterations=np.array([0]), inputs=np.zeros((3, 1)),
                               outputs=np.zeros((1, 3, 3)), cost=np.ones(2)),
         ValueError, r"`snapshots.outputs` must have shape \(frames, points >= 2, 2\).*\(1, 3, 3\)"),
        (Snapshots(iterations=np.array([0, 5]), inputs=np.zeros((3, 1)),
                   outputs=np.zeros((2, 3, 2)), cost=np.ones(3)),
         ValueError, "`snapshots` must record increasing iterations within its cost history"),
        (Snapshots(iterations=np.array([0]), inputs=np.zeros((3, 1)),
                   outputs=np.full((1, 3, 2), np.nan), cost=np.ones(3)),
         ValueError, r"`snapshots.outputs` must be finite, got nan at index \(0, 0, 0\)"),
        (Snapshots(iterations=np.array([0]), inputs=np.zeros((4, 1)),
                   outputs=np.zeros((1, 3, 2)), cost=np.ones(3)),
         ValueError, r"`snapshots.inputs` must have shape \(3, n_in\).*\(4, 1\)"),
        (Snapshots(iterations=np.array([0]), inputs=np.zeros((3, 1)),
                   outputs=np.zeros((1, 3, 2)), cost=-np.ones(3)),
         ValueError, "`snapshots.cost` must be >= 0, got -1"),
    ])
    def test_bad_snapshots(self, bad, error, match):
        with pytest.raises(error, match=match):
            widgets.scrubber(bad, target=[[0, 0]], label="x")

    @pytest.mark.parametrize("target,error,match", [
        ([0.5, 0.5], ValueError, r"`target` must be an \(n, 2\) array of points \(x, y\), got shape \(2,\)"),
        (np.zeros((4, 3)), ValueError, r"got shape \(4, 3\)"),
        ([[0.5, np.inf]], ValueError, r"`target` must be finite, got inf at index \(0, 1\)"),
        ([["a", "b"]], TypeError, "`target` must be a real number or array of them"),
    ])
    def test_bad_target(self, target, error, match):
        with pytest.raises(error, match=match):
            widgets.scrubber(snapshots(), target=target, label="x")

    @pytest.mark.parametrize("every", [0, -3, 2.5, True, "10"])
    def test_bad_every(self, every):
        with pytest.raises(ValueError, match=re.escape(f"`every` must be None or a positive whole number, got {every!r}")):
            widgets.scrubber(snapshots(), target=[[0, 0]], label="x", every=every)

    def test_label_is_keyword_only_and_required(self):
        with pytest.raises(TypeError):
            widgets.scrubber(snapshots(), [[0, 0]], "x")  # noqa
        with pytest.raises(ValueError, match="`label` must name the explorer"):
            widgets.scrubber(snapshots(), target=[[0, 0]], label="")


def test_the_build_loads_the_scripts_mlcalc_names():
    """book/_ext/lean_site/scripts.py adds each explorer's script by the class of its <div>:
    the same table as widgets.SCRIPTS, and every script exists."""
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import lean_site
    finally:
        sys.path.pop(0)
    assert lean_site.EXPLORERS == widgets.SCRIPTS
    for script in ["explorer.js", *widgets.SCRIPTS.values()]:
        assert (ROOT / "book" / "_static" / script).is_file(), script
