"""mlcalc.sandpit: every pit's lowest point against scipy.optimize, its arrow against scipy.differentiate."""

import json

import numpy as np
import pytest
from scipy.differentiate import jacobian as scipy_jacobian
from scipy.optimize import minimize

from mlcalc import gradient, sandpit, widgets

PITS = {
    "fixed": sandpit.fixed(),
    **{f"random-{seed}": sandpit.random_pit(seed) for seed in range(6)},
    **{make().name: make() for make in sandpit.PART2},
}
ALL = list(PITS.values())


def reference_lowest(pit):
    """The global minimum by an independent route: a coarser grid's 12 lowest local minima,
    each polished by scipy's L-BFGS-B inside the pit; the deepest wins."""
    xs = np.linspace(0, sandpit.SIZE, 241)
    X, Y = np.meshgrid(xs, xs)
    D = pit.depth((X, Y))
    inner = D[1:-1, 1:-1]
    local = np.ones_like(inner, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                local &= inner <= D[1 + di:D.shape[0] - 1 + di, 1 + dj:D.shape[1] - 1 + dj]
    candidates = np.argwhere(local)
    candidates = candidates[np.argsort(inner[local])][:12]
    best = None
    for i, j in candidates:
        res = minimize(lambda p: pit.depth(p), [xs[j + 1], xs[i + 1]], method="L-BFGS-B",
                       bounds=[(0, sandpit.SIZE)] * 2, options={"ftol": 1e-14, "gtol": 1e-10})
        if best is None or res.fun < best.fun:
            best = res
    return best


@pytest.mark.parametrize("pit", ALL, ids=lambda p: p.name)
class TestEveryPit:
    def test_depth_spans_one_to_nine_metres(self, pit):
        xs = np.linspace(0, sandpit.SIZE, 301)
        D = pit.depth(np.meshgrid(xs, xs))
        assert -1.0 - 0.01 <= D.max() <= -1.0 + 1e-9
        assert D.min() >= -9.0 - 1e-9
        assert D.min() == pytest.approx(-9.0, abs=0.01)

    def test_lowest_point_is_the_global_minimum(self, pit):
        ref = reference_lowest(pit)
        assert np.hypot(*(ref.x - pit.lowest)) <= 0.01  # to the search grid's 1 cm
        assert pit.depth(pit.lowest) <= ref.fun + 1e-4
        assert pit.depth(pit.lowest) == pytest.approx(-9.0, abs=1e-12)

    def test_phone_lies_inside(self, pit):
        assert all(0 < c < sandpit.SIZE for c in pit.lowest)

    def test_arrow_is_minus_the_gradient(self, pit):
        rng = np.random.default_rng(0)
        for x, y in rng.uniform(0.2, 5.8, size=(5, 2)):
            dip = pit.dip(x, y)
            assert np.array_equal(dip.arrow, -gradient(pit.depth, [x, y], h=sandpit.STEP))
            exact = scipy_jacobian(pit.depth, np.array([x, y])).df
            # central differences with h = 1 cm: error h^2/6 |f'''|, larger in the narrow well
            assert np.allclose(dip.arrow, -exact, rtol=1e-3, atol=2e-3)

    def test_arrow_points_downhill(self, pit):
        for x, y in [(1.0, 1.0), (2.5, 4.5), (5.0, 2.0)]:
            dip = pit.dip(x, y)
            step = 1e-3 * dip.arrow / np.linalg.norm(dip.arrow)
            assert pit.depth((x, y) + step) < dip.depth

    def test_found_within_fifteen_centimetres(self, pit):
        x0, y0 = pit.lowest
        assert pit.dip(x0, y0).found
        for angle in np.linspace(0, 2 * np.pi, 8, endpoint=False):
            for r, expected in ((0.14, True), (0.16, False)):
                x, y = x0 + r * np.cos(angle), y0 + r * np.sin(angle)
                if 0 <= x <= sandpit.SIZE and 0 <= y <= sandpit.SIZE:
                    assert pit.dip(x, y).found is expected

    def test_grid_matches_dips(self, pit):
        xs, depth, dx, dy = pit.grid(13)
        for i, j in [(3, 4), (6, 6), (10, 2), (0, 12)]:
            dip = pit.dip(xs[j], xs[i])
            assert depth[i, j] == pytest.approx(dip.depth, abs=1e-12)
            assert np.allclose([dx[i, j], dy[i, j]], -dip.arrow, rtol=1e-9, atol=1e-9)


class TestPits:
    def test_seed_fixes_the_pit(self):
        a, b, c = sandpit.random_pit(3), sandpit.random_pit(3), sandpit.random_pit(4)
        assert a.lowest == b.lowest
        assert a.depth((1.2, 3.4)) == b.depth((1.2, 3.4))
        assert a.depth((1.2, 3.4)) != c.depth((1.2, 3.4))

    def test_several_minima_has_a_trap(self):
        pit = sandpit.several_minima()
        ref = reference_lowest(pit)
        # at least three local minima on a 5 cm grid, so at least two are traps
        xs = np.linspace(0, sandpit.SIZE, 121)
        D = pit.depth(np.meshgrid(xs, xs))
        inner = D[1:-1, 1:-1]
        local = (inner < D[:-2, 1:-1]) & (inner < D[2:, 1:-1]) & (inner < D[1:-1, :-2]) & (inner < D[1:-1, 2:])
        assert local.sum() >= 3
        assert ref.fun == pytest.approx(-9.0, abs=1e-3)

    def test_narrow_well_is_narrow(self):
        pit = sandpit.narrow_well()
        x0, y0 = pit.lowest
        assert pit.depth((x0 + 0.5, y0)) > pit.depth(pit.lowest) + 3  # 3 m shallower half a metre away

    def test_rocks_make_the_arrow_noisy(self):
        smooth, rocky = sandpit.fixed(), sandpit.rocky()
        rng = np.random.default_rng(1)
        angles = []
        for x, y in rng.uniform(0.5, 5.5, size=(200, 2)):
            a, b = smooth.dip(x, y).arrow, rocky.dip(x, y).arrow
            angles.append(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1)))
        assert np.degrees(np.max(angles)) > 45  # near a rock the arrow can point far off


#: The pits of the book's page, as its cell builds them, and three more random ones.
GAME = [PITS["fixed"], *(PITS[f"random-{seed}"] for seed in (1, 2, 3)),
        *(make() for make in sandpit.PART2), PITS["random-0"], PITS["random-4"], PITS["random-5"]]


@pytest.fixture(scope="module")
def shipped():
    """The data as the page ships it, decoded from its JSON."""
    return json.loads(sandpit.page_data(GAME))


def twin(entry, x, y):
    """The script's interpolation, written again here in numpy from sandpit.js, step by step
    (not mlcalc.sandpit.interpolate): decode, differences for the twists, Hermite patches."""
    n, q = entry["n"], {"depth": 0.005, "J": 0.002, "H": 0.02}
    h = sandpit.SIZE / (n - 1)
    g = {}
    for key in ("depth", "Jx", "Jy", "Hxx", "Hxy", "Hyy"):
        ints = np.asarray(entry[key]).reshape(n, n)
        g[key] = np.cumsum(np.cumsum(ints, axis=1), axis=1) * q["depth" if key == "depth" else key[0]]
    idx = np.arange(n)
    lo, hi = np.maximum(idx - 1, 0), np.minimum(idx + 1, n - 1)
    tx = (g["Hxx"][hi, :] - g["Hxx"][lo, :]) / ((hi - lo) * h)[:, None]
    ty = (g["Hyy"][:, hi] - g["Hyy"][:, lo]) / ((hi - lo) * h)[None, :]
    j = np.minimum(np.floor(x / h).astype(int), n - 2)
    i = np.minimum(np.floor(y / h).astype(int), n - 2)
    s, t = x / h - j, y / h - i

    def basis(u):
        return ([2 * u**3 - 3 * u**2 + 1, 3 * u**2 - 2 * u**3, u**3 - 2 * u**2 + u, u**3 - u**2],
                [6 * u**2 - 6 * u, 6 * u - 6 * u**2, 3 * u**2 - 4 * u + 1, 3 * u**2 - 2 * u])

    (a, da), (b, db) = basis(s), basis(t)

    def patch(v, vx, vy, vxy):
        out = np.zeros((3,) + np.shape(x))
        for di in (0, 1):
            for dj in (0, 1):
                k = (i + di, j + dj)
                for r, (u, w) in enumerate(((a, b), (da, b), (a, db))):
                    out[r] += (v[k] * u[dj] * w[di] + h * vx[k] * u[2 + dj] * w[di]
                               + h * vy[k] * u[dj] * w[2 + di] + h * h * vxy[k] * u[2 + dj] * w[2 + di])
        return out[0], out[1] / h, out[2] / h

    jx, jy = patch(g["Jx"], g["Hxx"], g["Hxy"], tx), patch(g["Jy"], g["Hxy"], g["Hyy"], ty)
    depth = patch(g["depth"], g["Jx"], g["Jy"], g["Hxy"])[0]
    hxy = (jx[2] + jy[1]) / 2
    return depth, np.array([jx[0], jy[0]]), np.array([[jx[1], hxy], [hxy, jy[2]]])


def seeded_points(pit, count):
    seed = sum(map(ord, pit.name))
    return np.random.default_rng(seed).uniform(0, sandpit.SIZE, size=(2, count))


@pytest.mark.parametrize("pit", GAME, ids=lambda p: p.name)
class TestShippedData:
    """What the page reads anywhere in every pit is the stick's reading, within the stated bounds."""

    def test_arrow_depth_and_hessian_within_bounds(self, pit, shipped):
        x, y = seeded_points(pit, 3000)
        depth, J, H = twin(shipped["pits"][pit.name], x, y)
        dips = [pit.dip(*p) for p in zip(x, y)]
        arrow = np.array([d.arrow for d in dips]).T
        err = np.hypot(*(-J - arrow))
        bound = np.maximum(sandpit.ARROW_RTOL * np.hypot(*arrow), sandpit.ARROW_ATOL)
        assert np.all(err <= bound), f"arrow off by {np.max(err / bound):.2f} of its bound"
        assert np.abs(depth - [d.depth for d in dips]).max() <= sandpit.DEPTH_ATOL
        H0 = np.array([d.hessian for d in dips])
        eig0, eig = np.linalg.eigvalsh(H0), np.linalg.eigvalsh(np.moveaxis(H, -1, 0))
        scale = np.maximum(sandpit.HESSIAN_RTOL * np.abs(eig0).max(axis=1), sandpit.HESSIAN_ATOL)
        assert np.all(np.abs(np.moveaxis(H, -1, 0) - H0).max(axis=(1, 2)) <= scale)
        assert np.all(np.abs(eig - eig0).max(axis=1) <= scale)

    def test_library_twin_is_the_script(self, pit, shipped):
        x, y = seeded_points(pit, 200)
        for ours, theirs in zip(twin(shipped["pits"][pit.name], x, y),
                                sandpit.interpolate(shipped["pits"][pit.name], x, y)):
            assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-12)

    def test_within_bounds_agrees(self, pit, shipped):
        x, y = seeded_points(pit, 500)
        ratio = sandpit.within_bounds(pit, *twin(shipped["pits"][pit.name], x, y), x, y)
        assert ratio.max() <= 1.0


class TestPageData:
    def test_round_trip(self):
        pits = [PITS["fixed"], PITS["narrow-well"]]
        data = json.loads(sandpit.page_data(pits, n=25))
        assert data["size"] == 6.0 and data["foundWithin"] == 0.15
        assert data["quanta"] == {"depth": 0.005, "J": 0.002, "H": 0.02}
        for pit in pits:
            xs, depth, dx, dy = pit.grid(25)
            entry = data["pits"][pit.name]
            assert entry["lowest"] == list(pit.lowest) and entry["n"] == 25
            for key, values, q in (("depth", depth, 0.005), ("Jx", dx, 0.002), ("Jy", dy, 0.002)):
                assert np.abs(sandpit.delta_decode(entry[key], 25, q) - values).max() <= q / 2 + 1e-12
            for i, j in [(3, 4), (12, 20)]:
                H = pit.dip(xs[j], xs[i]).hessian
                for key, value in (("Hxx", H[0, 0]), ("Hxy", H[0, 1]), ("Hyy", H[1, 1])):
                    decoded = sandpit.delta_decode(entry[key], 25, 0.02)[i, j]
                    assert decoded == pytest.approx(value, abs=0.01 + 1e-6)

    def test_grid_is_finer_where_the_pit_is_rough(self, shipped):
        n = {name: entry["n"] for name, entry in shipped["pits"].items()}
        assert n["fixed"] == min(sandpit.GRIDS)
        assert n["rocky"] > n["narrow-well"] > n["fixed"]

    def test_size(self):
        import gzip
        data = widgets.sandpit_data(GAME[:7]).encode()
        assert len(gzip.compress(data, 9)) <= 80 * 1024  # the page stays within 200 KiB

    @pytest.mark.parametrize("n", [1, 2.5, True])
    def test_bad_n(self, n):
        with pytest.raises(ValueError, match="`n` must be an integer of at least 2"):
            sandpit.page_data([PITS["fixed"]], n=n)


class TestHessian:
    @pytest.mark.parametrize("pit", ALL, ids=lambda p: p.name)
    def test_dip_reports_the_hessian(self, pit):
        from scipy.differentiate import hessian as scipy_hessian
        for x, y in np.random.default_rng(3).uniform(0.3, 5.7, size=(3, 2)):
            H = pit.dip(x, y).hessian
            exact = scipy_hessian(lambda p: pit.depth(p), np.array([x, y])).ddf
            # nested central differences with a 1 cm step: error O(h^2) times the fourth derivative
            assert np.allclose(H, exact, rtol=2e-2, atol=2e-2)
            assert np.array_equal(H, H.T)

    def test_grid_hessian_is_the_dips(self):
        pit = PITS["rocky"]
        xs, _, _, (hxx, hxy, hyy) = pit._nodes(13)
        for i, j in [(3, 4), (6, 6), (10, 2)]:
            H = pit.dip(xs[j], xs[i]).hessian
            assert np.allclose([hxx[i, j], hxy[i, j], hyy[i, j]], [H[0, 0], H[0, 1], H[1, 1]],
                               rtol=1e-7, atol=1e-7)


class TestValidation:
    @pytest.mark.parametrize("x,y,name,value", [(-0.1, 1.0, "x", "-0.1"), (1.0, 6.5, "y", "6.5")])
    def test_outside_the_pit(self, x, y, name, value):
        with pytest.raises(ValueError, match=f"`{name}` must be inside the pit, between 0 and 6 m; got {value}"):
            PITS["fixed"].dip(x, y)

    def test_not_finite(self):
        with pytest.raises(ValueError, match="`y` must be finite, got nan"):
            PITS["fixed"].dip(1.0, np.nan)

    def test_array(self):
        with pytest.raises(ValueError, match=r"`x` must be a single number, got an array of shape \(2,\)"):
            PITS["fixed"].dip([1.0, 2.0], 1.0)

    def test_not_a_number(self):
        with pytest.raises(TypeError, match="`x` must be a real number"):
            PITS["fixed"].dip("north", 1.0)

    @pytest.mark.parametrize("seed", [-1, 1.5, True, "7"])
    def test_bad_seed(self, seed):
        with pytest.raises(ValueError, match="`seed` must be a non-negative integer"):
            sandpit.random_pit(seed)
