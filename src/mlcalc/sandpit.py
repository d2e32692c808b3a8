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

import html
import json
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._validation import real_array
from .multivariate import gradient

__all__ = ["Pit", "Dip", "fixed", "random_pit", "several_minima", "rocky", "narrow_well",
           "PART2", "SIZE", "SHALLOWEST", "DEEPEST", "FOUND_WITHIN", "STEP", "page_data",
           "delta_decode", "game_data", "game"]

SIZE = 6.0  #: the side of the square pit, in metres
SHALLOWEST, DEEPEST = -1.0, -9.0  #: depth range, in metres
FOUND_WITHIN = 0.15  #: a dip this close to the lowest point finds the phone, in metres
STEP = 0.01  #: the central-difference step of the arrow, in metres (as in the course)
SEARCH = 601  #: points per side of the grid searched for the lowest point (1 cm apart)


@dataclass(frozen=True)
class Dip:
    """What one dip of the stick reads."""

    x: float
    y: float
    depth: float  #: metres, between -1 and -9
    arrow: np.ndarray  #: -J, the downhill direction; its length is the slope (metres per metre)
    found: bool  #: within FOUND_WITHIN of the lowest point


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
        """Dip the stick at ``(x, y)``: the depth, the arrow ``-J`` and whether the phone is found.

        The arrow is minus :func:`mlcalc.gradient` of the depth, by central
        differences with the course's step of 1 cm.

        Examples
        --------
        >>> pit = fixed()
        >>> d = pit.dip(1.0, 1.0)
        >>> round(d.depth, 2), d.arrow.round(2), d.found
        (-4.81, array([1.33, 0.94]), False)
        """
        p = _point_in_pit(x, y)
        arrow = -gradient(self.depth, p, h=STEP)
        found = bool(np.hypot(*(p - np.array(self.lowest))) <= FOUND_WITHIN)
        return Dip(float(p[0]), float(p[1]), float(self.depth(p)), arrow, found)

    def grid(self, n: int = 61) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Depth and Jacobian on an n x n grid over the pit: ``xs, depth, dx, dy``.

        ``depth[i, j]`` is at ``(xs[j], xs[i])`` (rows are y, as in an image);
        ``dx``, ``dy`` are the two entries of J there, by the same central
        differences as :meth:`dip` (computed for the whole grid at once; at
        the edges the stencil reaches 1 cm outside the pit, where the formula
        continues smoothly).
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
            raise ValueError(f"`n` must be an integer of at least 2, got {n!r}")
        xs = np.linspace(0.0, SIZE, n)
        X, Y = np.meshgrid(xs, xs)
        depth = self.depth((X, Y))
        dx = (self.depth((X + STEP, Y)) - self.depth((X - STEP, Y))) / (2 * STEP)
        dy = (self.depth((X, Y + STEP)) - self.depth((X, Y - STEP))) / (2 * STEP)
        return xs, depth, dx, dy


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
    """Part 2: a broad bowl, and far from its centre a narrow, deeper well (15 cm wide).

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


def page_data(pits, *, n: int = 49) -> str:
    """The pits as compact JSON for the game in the book's page.

    Per pit: its name, title, where the phone is, and on an n x n grid the depth
    (in cm) and the two entries of the Jacobian (in cm per m), as integers, each
    row delta-coded twice (smooth rows become small numbers that compress well).
    The page's script undoes the coding with two running sums along each row.

    Examples
    --------
    >>> import json
    >>> data = json.loads(page_data([fixed()], n=3))
    >>> data["pits"]["fixed"]["depth"]   # three rows of three depths, in cm, delta-coded twice
    [-200, -115, 498, -399, 83, 500, -100, -215, 497]
    """
    out = {"size": SIZE, "foundWithin": FOUND_WITHIN, "n": n, "pits": {}}
    for pit in pits:
        _, depth, dx, dy = pit.grid(n)
        out["pits"][pit.name] = {
            "title": pit.title,
            "lowest": list(pit.lowest),
            **{key: _delta_code(values) for key, values in
               (("depth", depth), ("dx", dx), ("dy", dy))},
        }
    return json.dumps(out, separators=(",", ":"))


def _delta_code(values: np.ndarray) -> list[int]:
    """Round to hundredths, then difference each row twice (the first entry kept as is)."""
    ints = np.rint(values * 100).astype(np.int64)
    for _ in range(2):
        ints = np.diff(ints, axis=1, prepend=0)
    return ints.ravel().tolist()


def delta_decode(codes, n: int) -> np.ndarray:
    """Undo :func:`page_data`'s coding: an (n, n) array of values (the script does the same).

    Examples
    --------
    >>> delta_decode([-200, -115, 498, -399, 83, 500, -100, -215, 497], 3)
    array([[-2.  , -5.15, -3.32],
           [-3.99, -7.15, -5.31],
           [-1.  , -4.15, -2.33]])
    """
    ints = np.asarray(codes, dtype=np.int64).reshape(n, n)
    return np.cumsum(np.cumsum(ints, axis=1), axis=1) / 100


class Markup(str):
    """HTML that a notebook displays as HTML (and prints as its source)."""

    def _repr_html_(self) -> str:
        return str(self)


def game_data(pits, *, n: int = 49) -> Markup:
    """The pits' data, for a page that plays the game, as an inert JSON ``<script>`` block.

    Examples
    --------
    >>> game_data([fixed()], n=2)[:52]
    '<script type="application/json" id="sandpit-data">{"'
    """
    payload = page_data(pits, n=n).replace("</", "<\\/")
    return Markup(f'<script type="application/json" id="sandpit-data">{payload}</script>')


def game(pits, *, arrow: bool = True, label: str) -> Markup:
    """One game in the page: the book's script (``_static/sandpit.js``) builds it from `pits`.

    `pits` are names of pits in the page's :func:`game_data`; with several, the reader
    chooses. `arrow=False` plays "depth only". `label` names the game for screen readers.

    Examples
    --------
    >>> print(game(["fixed"], arrow=False, label="Depth only"))
    <div class="sandpit-game" data-pits="fixed" data-arrow="false" role="group" aria-label="Depth only"><p class="sandpit-nojs">The game needs JavaScript, which is off in this browser.</p></div>
    """
    names = [pit.name if isinstance(pit, Pit) else pit for pit in pits]
    if not names or not all(isinstance(name, str) and name for name in names):
        raise ValueError(f"`pits` must be a non-empty list of pit names, got {pits!r}")
    if not isinstance(arrow, bool):
        raise TypeError(f"`arrow` must be True or False, got {arrow!r}")
    return Markup(
        f'<div class="sandpit-game" data-pits="{html.escape(" ".join(names))}" '
        f'data-arrow="{str(arrow).lower()}" role="group" aria-label="{html.escape(label)}">'
        '<p class="sandpit-nojs">The game needs JavaScript, which is off in this browser.</p></div>'
    )
