"""The sandpit: find a lost phone at the lowest point of a pit you cannot see into.

A pit is a 6 m x 6 m square of sand, ``0 <= x, y <= 6`` (x east, y north), whose depth
runs from -1 m at its shallowest to -9 m at its lowest point, where the phone lies.
Dipping a stick at ``(x, y)`` reads the depth there and, unless the game is played
"depth only", an arrow along ``-J``: minus the Jacobian of the depth, the way the sand
slopes down most steeply. The phone is found by a dip within 0.15 m of it.

Pits, as in the course's lab:

* :func:`fixed`: a bowl with a Gaussian well off to one side;
* :func:`random_pit`: a 4 x 4 cosine series with random coefficients, plus a rim;
* part 2: :func:`several_minima` (wells of different depths: the nearest is not the
  deepest), :func:`rocky` (the fixed pit strewn with small rocks, so the arrow is noisy),
  :func:`narrow_well` (a broad bowl whose lowest point is a narrow well far from its centre).

Everything random is drawn from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._validation import real_array
from .multivariate import gradient, hessian

__all__ = ["Pit", "Dip", "fixed", "random_pit", "several_minima", "rocky", "narrow_well",
           "PART2", "SIZE", "SHALLOWEST", "DEEPEST", "FOUND_WITHIN", "STEP", "ARROW_RTOL",
           "ARROW_ATOL", "DEPTH_ATOL", "HESSIAN_RTOL", "HESSIAN_ATOL", "page_data", "within_bounds", "delta_decode", "interpolate"]

SIZE = 6.0  #: the side of the square pit, in metres
SHALLOWEST, DEEPEST = -1.0, -9.0  #: depth range, in metres
FOUND_WITHIN = 0.15  #: a dip this close to the lowest point finds the phone, in metres
STEP = 0.01  #: the central-difference step of the arrow, in metres (as in the course)
SEARCH = 601  #: points per side of the grid searched for the lowest point (1 cm apart)
#: The game's arrow is the stick's -J to within ARROW_RTOL of its length or ARROW_ATOL m/m,
#: whichever is larger (see :func:`page_data`).
ARROW_RTOL, ARROW_ATOL = 0.02, 0.01
DEPTH_ATOL = 0.01  #: the game's depth is the stick's to within 1 cm
#: and each entry and eigenvalue of its Hessian within 15 % of H's largest eigenvalue in size,
#: or 0.15 per metre, whichever is larger
HESSIAN_RTOL, HESSIAN_ATOL = 0.15, 0.15
#: What the page's data is rounded to: depth in m, J in m/m, H in 1/m.
QUANTA = {"depth": 0.005, "J": 0.002, "H": 0.02}
#: The grids the page's data may use, coarsest first (6 m / 32 = 18.75 cm ... 5 cm apart).
GRIDS = (33, 41, 49, 61, 73, 85, 97, 121)


@dataclass(frozen=True)
class Dip:
    """What one dip of the stick reads."""

    x: float
    y: float
    depth: float  #: metres, between -1 and -9
    arrow: np.ndarray  #: -J, the downhill direction; its length is the slope (metres per metre)
    found: bool  #: within FOUND_WITHIN of the lowest point
    hessian: np.ndarray  #: H, how the slope bends (per metre); its eigenvalues are the curvatures


@dataclass(frozen=True)
class Pit:
    """A sandpit: its depth everywhere, and where its lowest point (the phone) is.

    Build one with :func:`fixed`, :func:`random_pit`, :func:`several_minima`,
    :func:`rocky` or :func:`narrow_well`, not directly.
    """

    name: str
    title: str
    ground: Callable = field(repr=False)  #: the raw shape, low where deep; vectorised in x, y
    low: float = field(repr=False)
    high: float = field(repr=False)
    lowest: tuple[float, float] = (0.0, 0.0)  #: where the phone is

    def depth(self, p):
        """The depth at a point ``p = (x, y)`` (or at a stack of grids ``(X, Y)``), in metres.

        Examples
        --------
        >>> pit = fixed()
        >>> float(pit.depth(pit.lowest))
        -9.0
        """
        x, y = p
        return SHALLOWEST + (DEEPEST - SHALLOWEST) * (self.high - self.ground(x, y)) / (
            self.high - self.low)

    def dip(self, x: float, y: float) -> Dip:
        """Dip the stick at ``(x, y)``: the depth, the arrow ``-J``, the Hessian, and whether
        the phone is found.

        The arrow is minus :func:`mlcalc.gradient` of the depth and the Hessian is
        :func:`mlcalc.hessian`, both by central differences with the course's step of 1 cm.

        Examples
        --------
        >>> pit = fixed()
        >>> d = pit.dip(1.0, 1.0)
        >>> round(d.depth, 2), d.arrow.round(2), d.found
        (-4.81, array([1.33, 0.94]), False)
        >>> d.hessian.round(2)
        array([[0.55, 0.  ],
               [0.  , 0.55]])
        """
        p = _point_in_pit(x, y)
        arrow = -gradient(self.depth, p, h=STEP)
        found = bool(np.hypot(*(p - np.array(self.lowest))) <= FOUND_WITHIN)
        return Dip(float(p[0]), float(p[1]), float(self.depth(p)), arrow, found,
                   hessian(self.depth, p, h=STEP))

    def grid(self, n: int = 61) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Depth and Jacobian on an n x n grid over the pit: ``xs, depth, dx, dy``.

        ``depth[i, j]`` is at ``(xs[j], xs[i])`` (rows are y, as in an image);
        ``dx``, ``dy`` are the two entries of J there, by the same central
        differences as :meth:`dip` (computed for the whole grid at once; at
        the edges the stencil reaches 1 cm outside the pit, where the formula
        continues smoothly).
        """
        xs, depth, (dx, dy), _ = self._nodes(n)
        return xs, depth, dx, dy

    def _nodes(self, n):
        """The grid's coordinates, and depth, J and H on it (see :meth:`_derivatives`)."""
        _validate_n(n)
        xs = np.linspace(0.0, SIZE, n)
        return (xs, *self._derivatives(*np.meshgrid(xs, xs)))

    def _derivatives(self, X, Y):
        """Depth, J and H at arrays of points, by the central differences of :meth:`dip`
        (H as :func:`mlcalc.hessian`: the differences of the differences, symmetrised)."""
        def slope(X, Y):
            return ((self.depth((X + STEP, Y)) - self.depth((X - STEP, Y))) / (2 * STEP),
                    (self.depth((X, Y + STEP)) - self.depth((X, Y - STEP))) / (2 * STEP))

        (jx_e, jy_e), (jx_w, jy_w) = slope(X + STEP, Y), slope(X - STEP, Y)
        (jx_n, jy_n), (jx_s, jy_s) = slope(X, Y + STEP), slope(X, Y - STEP)
        hxx, hyy = (jx_e - jx_w) / (2 * STEP), (jy_n - jy_s) / (2 * STEP)
        hxy = ((jx_n - jx_s) + (jy_e - jy_w)) / (4 * STEP)
        return self.depth((X, Y)), slope(X, Y), (hxx, hxy, hyy)


def _validate_n(n) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"`n` must be an integer of at least 2, got {n!r}")


def _point_in_pit(x, y) -> np.ndarray:
    coordinates = []
    for name, value in (("x", x), ("y", y)):
        value = real_array(name, value)
        if value.ndim != 0:
            raise ValueError(f"`{name}` must be a single number, got an array of shape {value.shape}")
        if not 0.0 <= value <= SIZE:
            raise ValueError(f"`{name}` must be inside the pit, between 0 and {SIZE:g} m; got {float(value):g}")
        coordinates.append(float(value))
    return np.array(coordinates)


def _make(name: str, title: str, ground: Callable) -> Pit:
    """Scale `ground` to depths -1 m .. -9 m and find the lowest point by grid search."""
    xs = np.linspace(0.0, SIZE, SEARCH)
    X, Y = np.meshgrid(xs, xs)
    G = ground(X, Y)
    i, j = np.unravel_index(np.argmin(G), G.shape)
    # refine to 0.5 mm on a small grid around the best node (the node itself is one of its points)
    fine = np.linspace(-0.01, 0.01, 41)
    FX, FY = np.meshgrid(np.clip(xs[j] + fine, 0, SIZE), np.clip(xs[i] + fine, 0, SIZE))
    FG = ground(FX, FY)
    k = np.unravel_index(np.argmin(FG), FG.shape)
    lowest = (round(float(FX[k]), 4), round(float(FY[k]), 4))
    return Pit(name, title, ground, float(FG[k]), float(G.max()), lowest)


def _well(x, y, x0, y0, width, depth):
    return -depth * np.exp(-((x - x0) ** 2 + (y - y0) ** 2) / (2 * width**2))


def _fixed_ground(x, y):
    return 0.12 * ((x - 3.4) ** 2 + (y - 2.7) ** 2) + _well(x, y, 4.1, 3.9, 0.45, 1.0)


def fixed() -> Pit:
    """The fixed pit: a bowl centred at (3.4, 2.7) with a Gaussian well at about (4.1, 3.9).

    Examples
    --------
    >>> fixed().lowest
    (4.067, 3.844)
    """
    return _make("fixed", "The fixed pit", _fixed_ground)


def random_pit(seed: int) -> Pit:
    """A random pit: a 4 x 4 cosine series with coefficients drawn from `seed`, plus a rim.

    ``ground = sum_{j,k<4} a_jk cos(j pi x / 6) cos(k pi y / 6) + rim``, with
    ``a_jk ~ N(0, 1) / (1 + j + k)`` (smooth: high frequencies are weak) and a rim
    ``2 (((x - 3)/3)**8 + ((y - 3)/3)**8)`` that rises steeply near the walls.

    Examples
    --------
    >>> random_pit(1).lowest == random_pit(1).lowest   # the seed fixes the pit
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"`seed` must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    orders = np.arange(4)
    a = rng.normal(size=(4, 4)) / (1 + orders[:, None] + orders[None, :])

    def ground(x, y):
        x, y = np.asarray(x), np.asarray(y)
        cx = np.cos(np.pi * np.multiply.outer(orders, x) / SIZE)  # (4, *shape)
        cy = np.cos(np.pi * np.multiply.outer(orders, y) / SIZE)
        series = np.einsum("jk,j...,k...->...", a, cx, cy)
        rim = 2.0 * ((x - 3) ** 8 + (y - 3) ** 8) / 3**8
        return series + rim

    return _make(f"random-{seed}", f"Random pit {seed}", ground)


def several_minima(seed: int = 7) -> Pit:
    """Part 2: four wells of different depths in a shallow bowl; the nearest is not the deepest.

    Examples
    --------
    >>> pit = several_minima()
    >>> pit.name, float(pit.depth(pit.lowest))
    ('several-minima', -9.0)
    """
    rng = np.random.default_rng(seed)
    centres = rng.uniform(1.0, 5.0, size=(4, 2))
    depths = np.array([1.0, 0.9, 0.8, 0.7])
    widths = rng.uniform(0.35, 0.6, size=4)

    def ground(x, y):
        out = 0.04 * ((x - 3) ** 2 + (y - 3) ** 2)
        for (x0, y0), w, d in zip(centres, widths, depths):
            out = out + _well(x, y, x0, y0, w, d)
        return out

    return _make("several-minima", "Several minima", ground)


def rocky(seed: int = 11) -> Pit:
    """Part 2: the fixed pit strewn with 80 small rocks, so the arrow is noisy near them.

    Examples
    --------
    >>> rocky().lowest != fixed().lowest
    True
    """
    rng = np.random.default_rng(seed)
    rocks = rng.uniform(0.0, SIZE, size=(80, 2))
    heights = rng.uniform(0.03, 0.09, size=80)

    def ground(x, y):
        out = _fixed_ground(x, y)
        for (x0, y0), height in zip(rocks, heights):
            out = out - _well(x, y, x0, y0, 0.12, height)
        return out

    return _make("rocky", "Rocks", ground)


def narrow_well(seed: int = 5) -> Pit:
    """Part 2: a broad bowl, and far from its centre a narrow, deeper well.

    The well is a Gaussian with a standard deviation of 15 cm: about 30 cm across
    where it is steepest, and within 45 cm of its centre it holds nearly all its depth.

    Examples
    --------
    >>> pit = narrow_well()
    >>> pit.dip(3.0, 3.0).found
    False
    """
    rng = np.random.default_rng(seed)
    x0, y0 = rng.uniform(0.8, 1.6), rng.uniform(4.4, 5.2)

    def ground(x, y):
        return 0.1 * ((x - 3.3) ** 2 + (y - 2.8) ** 2) + _well(x, y, x0, y0, 0.15, 1.3)

    return _make("narrow-well", "Narrow well", ground)


#: The part-2 pits of the course's lab.
PART2 = (several_minima, rocky, narrow_well)


def page_data(pits, *, n: int | None = None) -> str:
    """The pits as compact JSON for the game in the book's page.

    Per pit: its name, title, where the phone is, the side n of its grid, and on
    that n x n grid the depth, the two entries of J and the three of H, rounded to
    ``QUANTA`` and written as integers, each row delta-coded twice (smooth rows
    become small numbers that compress well). The page's script undoes the coding
    and interpolates (see :func:`interpolate`, its twin here).

    With ``n=None`` each pit gets the coarsest grid of ``GRIDS`` on which the page's
    depth, arrow and Hessian are within 75 % of their bounds (:func:`within_bounds`) of
    the stick's at three seeded random points in every cell: 18.75 cm apart for a
    smooth pit, about 7 cm for the rocks.

    Examples
    --------
    >>> import json
    >>> data = json.loads(page_data([fixed()], n=3))
    >>> data["pits"]["fixed"]["depth"]   # three rows of three depths, in 5 mm, delta-coded twice
    [-399, -231, 995, -797, 164, 1001, -200, -430, 995]
    >>> json.loads(page_data([fixed()]))["pits"]["fixed"]["n"]
    33
    """
    out = {"size": SIZE, "foundWithin": FOUND_WITHIN, "quanta": QUANTA, "pits": {}}
    for pit in pits:
        if n is None:
            entry = _coarsest_entry(pit)
        else:
            entry = _entry(pit, n)
        out["pits"][pit.name] = entry
    return json.dumps(out, separators=(",", ":"))


def _entry(pit: Pit, n: int) -> dict:
    _, depth, (jx, jy), (hxx, hxy, hyy) = pit._nodes(n)
    fields = {"depth": (depth, "depth"), "Jx": (jx, "J"), "Jy": (jy, "J"),
              "Hxx": (hxx, "H"), "Hxy": (hxy, "H"), "Hyy": (hyy, "H")}
    return {"title": pit.title, "lowest": list(pit.lowest), "n": n,
            **{key: _delta_code(values, QUANTA[kind]) for key, (values, kind) in fields.items()}}


def within_bounds(pit: Pit, depth, J, H, x, y) -> np.ndarray:
    """Whether readings at points ``(x, y)`` of `pit` (shapes as :func:`interpolate`
    returns them) are the stick's to within the game's bounds, as a ratio: at most 1 where
    they are. The bounds: the arrow within ARROW_RTOL of its length or ARROW_ATOL m/m,
    the depth within DEPTH_ATOL m, each entry and eigenvalue of H within HESSIAN_RTOL
    of its largest eigenvalue in size or HESSIAN_ATOL per metre, whichever is larger.

    Returns the largest of the three ratios (reading error / bound) at each point.

    Examples
    --------
    >>> pit = fixed()
    >>> d = pit.dip(1.0, 1.0)
    >>> float(within_bounds(pit, d.depth + 0.005, -d.arrow, d.hessian, 1.0, 1.0))
    0.5
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    d0, (jx, jy), (hxx, hxy, hyy) = pit._derivatives(x, y)
    J0, H0 = np.array([jx, jy]), np.array([[hxx, hxy], [hxy, hyy]])
    arrow = np.hypot(*(np.asarray(J) - J0)) / np.maximum(ARROW_RTOL * np.hypot(*J0), ARROW_ATOL)
    depth = np.abs(np.asarray(depth) - d0) / DEPTH_ATOL
    eig0 = np.linalg.eigvalsh(np.moveaxis(H0, (0, 1), (-2, -1)))
    eig = np.linalg.eigvalsh(np.moveaxis(np.asarray(H, dtype=float), (0, 1), (-2, -1)))
    scale = np.maximum(HESSIAN_RTOL * np.abs(eig0).max(axis=-1), HESSIAN_ATOL)
    hess = np.maximum(np.abs(np.asarray(H) - H0).max(axis=(0, 1)), np.abs(eig - eig0).max(axis=-1))
    return np.maximum(np.maximum(arrow, depth), hess / scale)


def _coarsest_entry(pit: Pit) -> dict:
    rng = np.random.default_rng(0)
    for n in GRIDS:
        # three seeded random points in every cell of the grid
        corner = np.repeat(np.stack(np.meshgrid(np.arange(n - 1), np.arange(n - 1))).reshape(2, -1), 3, axis=1)
        x, y = (corner + rng.uniform(size=corner.shape)) * SIZE / (n - 1)
        entry = _entry(pit, n)
        if np.all(within_bounds(pit, *interpolate(json.loads(json.dumps(entry)), x, y), x, y) <= 0.75):
            return entry
    raise ValueError(f"pit {pit.name!r} is too rough for the finest grid, {GRIDS[-1]} points a side")


def _delta_code(values: np.ndarray, quantum: float) -> list[int]:
    """Round to multiples of `quantum`, then difference each row twice (the first entry kept)."""
    ints = np.rint(values / quantum).astype(np.int64)
    for _ in range(2):
        ints = np.diff(ints, axis=1, prepend=0)
    return ints.ravel().tolist()


def delta_decode(codes, n: int, quantum: float) -> np.ndarray:
    """Undo :func:`page_data`'s coding: an (n, n) array of values (the script does the same).

    Examples
    --------
    >>> delta_decode([-399, -231, 995, -797, 164, 1001, -200, -430, 995], 3, 0.005)
    array([[-1.995, -5.145, -3.32 ],
           [-3.985, -7.15 , -5.31 ],
           [-1.   , -4.15 , -2.325]])
    """
    ints = np.asarray(codes, dtype=np.int64).reshape(n, n)
    return np.cumsum(np.cumsum(ints, axis=1), axis=1) * quantum


def interpolate(entry: dict, x, y, *, quanta: dict = QUANTA):
    """What the page reads at ``(x, y)`` from one pit's entry of :func:`page_data`:
    depth, J and H. The twin of ``sandpit.js``, step for step.

    On each grid cell, J's two entries are bicubic Hermite patches through their
    values and their derivatives (the Hessian's entries) at the cell's corners, the
    cross derivatives by differences of the Hessian between nodes. The depth is the
    patch through depth, J and H's off-diagonal entry. H is the derivative of the
    J patches (``Hxy`` averaged from both), one order less accurate than J.

    Returns ``depth`` (shape of x), ``J`` (2, ...) and ``H`` (2, 2, ...).

    Examples
    --------
    >>> import json
    >>> pit = fixed()
    >>> entry = json.loads(page_data([pit]))["pits"]["fixed"]
    >>> depth, J, H = interpolate(entry, 1.0, 1.0)
    >>> round(float(depth), 2), (-J).round(2)
    (-4.81, array([1.33, 0.94]))
    """
    n = entry["n"]
    h = SIZE / (n - 1)
    grid = {key: delta_decode(entry[key], n, quanta[key[0] if key != "depth" else "depth"])
            for key in ("depth", "Jx", "Jy", "Hxx", "Hxy", "Hyy")}
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    j = np.minimum(np.floor(x / h).astype(int), n - 2)
    i = np.minimum(np.floor(y / h).astype(int), n - 2)
    s, t = x / h - j, y / h - i
    jx = _patch(grid["Jx"], grid["Hxx"], grid["Hxy"], _difference(grid["Hxx"], h, 0), h, i, j, s, t)
    jy = _patch(grid["Jy"], grid["Hxy"], grid["Hyy"], _difference(grid["Hyy"], h, 1), h, i, j, s, t)
    depth = _patch(grid["depth"], grid["Jx"], grid["Jy"], grid["Hxy"], h, i, j, s, t)[0]
    hxy = (jx[2] + jy[1]) / 2
    return depth, np.array([jx[0], jy[0]]), np.array([[jx[1], hxy], [hxy, jy[2]]])


def _difference(values: np.ndarray, h: float, axis: int) -> np.ndarray:
    """Central differences along `axis` (0: y, 1: x), one-sided at the edges."""
    n = values.shape[axis]
    lo, hi = np.maximum(np.arange(n) - 1, 0), np.minimum(np.arange(n) + 1, n - 1)
    steps = (hi - lo) * h
    if axis == 0:
        return (values[hi] - values[lo]) / steps[:, None]
    return (values[:, hi] - values[:, lo]) / steps


def _hermite(s):
    """The four cubic Hermite basis functions at s in [0, 1], and their derivatives."""
    return (np.array([2 * s**3 - 3 * s**2 + 1, 3 * s**2 - 2 * s**3, s**3 - 2 * s**2 + s, s**3 - s**2]),
            np.array([6 * s**2 - 6 * s, 6 * s - 6 * s**2, 3 * s**2 - 4 * s + 1, 3 * s**2 - 2 * s]))


def _patch(value, dx, dy, twist, h, i, j, s, t):
    """The bicubic Hermite patch through `value` and its derivatives at a cell's corners:
    its value and its two partial derivatives at (s, t) in the cell."""
    (a, da), (b, db) = _hermite(s), _hermite(t)
    out = [0.0, 0.0, 0.0]
    for di in (0, 1):
        for dj in (0, 1):
            k = (i + di, j + dj)
            w = (value[k], h * dx[k], h * dy[k], h * h * twist[k])
            for q, (u, v) in enumerate(((a, b), (da, b), (a, db))):
                out[q] = out[q] + (w[0] * u[dj] * v[di] + w[1] * u[2 + dj] * v[di] +
                                   w[2] * u[dj] * v[2 + di] + w[3] * u[2 + dj] * v[2 + di])
    return out[0], out[1] / h, out[2] / h
