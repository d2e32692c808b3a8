"""The page's explorers: the one place that turns computed data into page markup.

The topic modules compute (the sandpit's grids in :mod:`mlcalc.sandpit`, a network's training
snapshots in :mod:`mlcalc.nn`) and know nothing of pages. The functions here wrap their data
as an inert JSON block, ``<script type="application/json">``, beside the ``<div>`` that a small
script of the book builds the explorer in, with no kernel: ``_static/explorer.js`` holds what the
explorers share (reading the data, the canvas, colours, axes, a slider, the announcer, keys)
and each explorer's own script (``_static/sandpit.js``, ``_static/fit.js``, ...) what it
does. The build adds those scripts only to pages that hold the matching ``<div>``
(``book/_ext/lean_site/scripts.py``, ``EXPLORERS``).

* :func:`sandpit_data` and :func:`sandpit_game`: chapter 2's sandpit game;
* :func:`scrubber`: watch a network learn to draw a curve, frame by frame (chapter 3);
* :func:`taylor_explorer`: Taylor polynomials of growing order, and where they converge
  (chapter 4);
* :func:`newton_explorer` and :func:`descent_explorer`: Newton's method, and descent in the
  sandpit (chapter 5);
* :func:`fit_explorer`: a least-squares fit by steepest descent, replayed over its
  chi-squared map (chapter 6).

Each returns :class:`Markup`, which a notebook displays as HTML: one call in a cell, and the
cell's output is the explorer.
"""

from __future__ import annotations

import hashlib
import html
import json
import numbers
import re
from dataclasses import dataclass

import numpy as np
import sympy as sp

from . import sandpit
from ._validation import check_callable, real_array
from .nn import Snapshots
from .symbolic import lambdify, parse
from .approximation import taylor
from .optimisation import gradient_descent, minimize, newton_raphson
from .regression import chi_squared, least_squares

__all__ = ["Markup", "SCRIPTS", "sandpit_data", "sandpit_game", "scrubber", "scrubber_payload",
           "scrubber_decode", "QUANTUM", "COST_QUANTUM", "COST_POINTS", "TaylorCase",
           "taylor_explorer", "taylor_payload", "taylor_decode", "TAYLOR_QUANTUM",
           "ERROR_QUANTUM", "ERROR_DECADES", "newton_explorer", "newton_payload", "newton_decode",
           "NEWTON_OUTCOMES", "NEWTON_DIGITS", "NEWTON_BOUND", "F_EXPONENT", "descent_explorer",
           "descent_payload", "descent_decode", "DESCENT_METHODS", "DESCENT_NAMES",
           "DESCENT_KINDS", "DESCENT_STARTS", "DESCENT_STEPS", "POSITION_QUANTUM", "DEPTH_QUANTUM",
           "MAP_QUANTUM", "POSITION_BOUND", "fit_explorer", "fit_payload", "fit_decode",
           "FIT_DIGITS", "CHI2_QUANTUM", "CHI2_MAP_QUANTUM", "CHI2_DECADES", "FIT_BOUND"]

#: Which script builds which explorer: the class of its ``<div>`` and the script in _static/.
#: Every explorer also needs ``explorer.js``, loaded first.
SCRIPTS = {"sandpit-game": "sandpit.js", "mlcalc-scrubber": "scrubber.js",
           "mlcalc-taylor": "taylor.js", "mlcalc-newton": "newton.js",
           "mlcalc-descent": "descent.js", "mlcalc-fit": "fit.js"}
QUANTUM = 1e-3  #: the scrubber's curves and target are rounded to this (0.6 px of a 600-px plot)
COST_QUANTUM = 1e-3  #: the cost's log10 is rounded to this (0.12 % of the cost)
COST_POINTS = 200  #: about this many log-spaced iterations of the cost history are kept


class Markup(str):
    """HTML that a notebook displays as HTML (and prints as its source)."""

    def _repr_html_(self) -> str:
        return str(self)


def _json_block(block_id: str, payload: str) -> Markup:
    payload = payload.replace("</", "<\\/")  # the data cannot close its <script> early
    return Markup(f'<script type="application/json" id="{block_id}">{payload}</script>')


def _check_label(label) -> str:
    if not isinstance(label, str):
        raise TypeError(f"`label` must be a string naming the explorer, got {label!r}")
    if not label.strip():
        raise ValueError(f"`label` must name the explorer for screen readers, got {label!r}")
    return label


_NOJS = '<p class="explorer-nojs">The {what} needs JavaScript, which is off in this browser.</p>'


def _explorer(kind: str, label: str, data: dict) -> Markup:
    """`data` as a JSON block beside the ``<div class="mlcalc-{kind}">`` that the page's script
    builds the explorer in; the block's id comes from the label and the data (the same for the
    same explorer, different for another)."""
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    block_id = f"{kind}-" + hashlib.sha1((label + payload).encode()).hexdigest()[:10]
    return Markup(
        _json_block(block_id, payload)
        + f'<div class="mlcalc-{kind}" data-source="{block_id}" role="group" '
        f'aria-label="{html.escape(label)}">' + _NOJS.format(what="explorer") + "</div>"
    )


# -- the sandpit game (chapter 2) ------------------------------------------------------------

def sandpit_data(pits, *, n: int | None = None) -> Markup:
    """The pits' data, for a page that plays the sandpit game, as an inert JSON block.

    One per page, before its games; the data are :func:`mlcalc.sandpit.page_data`'s.

    Examples
    --------
    >>> from mlcalc import sandpit
    >>> sandpit_data([sandpit.fixed()], n=2)[:52]
    '<script type="application/json" id="sandpit-data">{"'
    """
    return _json_block("sandpit-data", sandpit.page_data(pits, n=n))


def sandpit_game(pits, *, arrow: bool = True, label: str) -> Markup:
    """One sandpit game in the page: ``_static/sandpit.js`` builds it from `pits`.

    `pits` are pits, or names of pits, in the page's :func:`sandpit_data`; with several, the
    reader chooses. `arrow=False` plays "depth only". `label` names the game for screen readers.

    Examples
    --------
    >>> print(sandpit_game(["fixed"], arrow=False, label="Depth only"))
    <div class="sandpit-game" data-pits="fixed" data-arrow="false" role="group" aria-label="Depth only"><p class="explorer-nojs">The game needs JavaScript, which is off in this browser.</p></div>
    """
    try:
        names = [] if isinstance(pits, str) else [
            pit.name if isinstance(pit, sandpit.Pit) else pit for pit in pits]
    except TypeError:
        names = []
    if not names or not all(isinstance(name, str) and name.strip() for name in names):
        raise ValueError(f"`pits` must be a non-empty list of pits or pit names, got {pits!r}")
    if not isinstance(arrow, bool):
        raise TypeError(f"`arrow` must be True or False, got {arrow!r}")
    label = _check_label(label)
    return Markup(
        f'<div class="sandpit-game" data-pits="{html.escape(" ".join(names))}" '
        f'data-arrow="{str(arrow).lower()}" role="group" aria-label="{html.escape(label)}">'
        + _NOJS.format(what="game") + "</div>"
    )


# -- the scrubber: watch a network learn (chapter 3) -----------------------------------------

def _check_snapshots(snapshots) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(snapshots, Snapshots):
        raise TypeError("`snapshots` must be a mlcalc.Snapshots (from mlcalc.train_snapshots), "
                        f"got {type(snapshots).__name__}")
    outputs = real_array("snapshots.outputs", snapshots.outputs)
    if outputs.ndim != 3 or outputs.shape[2] != 2 or outputs.shape[1] < 2:
        raise ValueError("`snapshots.outputs` must have shape (frames, points >= 2, 2): two "
                         f"outputs (x, y) to draw a curve; got shape {outputs.shape}")
    iterations = np.asarray(snapshots.iterations)
    cost = real_array("snapshots.cost", snapshots.cost)
    inputs = real_array("snapshots.inputs", snapshots.inputs)
    if (iterations.shape != (outputs.shape[0],) or iterations.dtype.kind not in "iu"
            or np.any(np.diff(iterations) <= 0) or iterations[0] < 0
            or cost.ndim != 1 or iterations[-1] >= cost.size):
        raise ValueError("`snapshots` must record increasing iterations within its cost history, "
                         f"one per frame; got iterations {iterations!r} for {outputs.shape[0]} "
                         f"frames and {cost.size} costs")
    if np.any(cost < 0):
        raise ValueError(f"`snapshots.cost` must be >= 0, got {cost[cost < 0][0]:g}")
    if inputs.ndim != 2 or inputs.shape[0] != outputs.shape[1]:
        raise ValueError(f"`snapshots.inputs` must have shape ({outputs.shape[1]}, n_in), one row "
                         f"per point; got shape {inputs.shape}")
    return iterations.astype(np.int64), inputs, outputs, cost


def _check_every(every, size: int) -> int | None:
    if every is None:
        return None
    if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
        raise ValueError(f"`every` must be None or a positive whole number, got {every!r}")
    return int(every)


def _kept_iterations(iterations: np.ndarray, size: int, every: int | None) -> np.ndarray:
    """Which entries of a cost history of `size` the page keeps: the snapshots', the last, and
    every `every`-th, or about COST_POINTS log-spaced ones."""
    if every is None:
        thin = np.rint(np.geomspace(1, size, COST_POINTS)).astype(np.int64) - 1
    else:
        thin = np.arange(0, size, every)
    return np.unique(np.concatenate([[0, size - 1], thin, iterations]))


def _ints(values: np.ndarray, quantum: float) -> np.ndarray:
    return np.rint(values / quantum).astype(np.int64)


def _delta(ints: np.ndarray, times: int = 1) -> list[int]:
    """Differences along the last axis, `times` over, the first entry kept (smooth rows become
    small; twice over, straight stretches become zeros)."""
    for _ in range(times):
        ints = np.diff(ints, axis=-1, prepend=0)
    return ints.ravel().tolist()


def scrubber_payload(snapshots: Snapshots, *, target, every: int | None = None) -> dict:
    """The scrubber's data as a JSON-ready dict (see :func:`scrubber` and
    :func:`scrubber_decode`, which undoes it as the page's script does).

    Keys: ``it`` the recorded iterations; ``m`` points per frame; ``q`` the quantum;
    ``x``, ``y`` each frame's coordinates in order of the input t, as integers (multiples of
    ``q``), differenced along the curve; ``tx``, ``ty`` the target's, likewise;
    ``costIt`` the kept iterations of the cost history, differenced, and ``cost`` their
    log10 in multiples of ``cq``, differenced; ``view`` the square the plot shows,
    ``[lo, hi]`` on both axes (the unit square, widened to hold every point).

    Examples
    --------
    >>> import numpy as np
    >>> from mlcalc import Snapshots
    >>> snaps = Snapshots(iterations=np.array([0, 2]), inputs=np.array([[0.0], [0.5]]),
    ...                   outputs=np.array([[[0.1, 0.2], [0.15, 0.2]], [[0.3, 0.4], [0.3, 0.5]]]),
    ...                   cost=np.array([0.1, 0.01, 0.001]))
    >>> data = scrubber_payload(snaps, target=[[0.3, 0.4], [0.3, 0.5]])
    >>> data["x"], data["y"], data["cost"]
    ([100, 50, 300, 0], [200, 0, 400, 100], [-1000, -1000, -1000])
    """
    iterations, inputs, outputs, cost = _check_snapshots(snapshots)
    target = real_array("target", target)
    if target.ndim != 2 or target.shape[1] != 2 or target.shape[0] < 1:
        raise ValueError(f"`target` must be an (n, 2) array of points (x, y), got shape "
                         f"{target.shape}")
    every = _check_every(every, cost.size)
    order = np.argsort(inputs[:, 0], kind="stable") if inputs.shape[1] == 1 else np.arange(len(inputs))
    frames = _ints(outputs[:, order], QUANTUM)
    tgt = _ints(target, QUANTUM)
    every_point = np.concatenate([outputs.reshape(-1, 2), target])
    lo = min(0.0, np.floor(every_point.min() * 10) / 10)
    hi = max(1.0, np.ceil(every_point.max() * 10) / 10)
    kept = _kept_iterations(iterations, cost.size, every)
    log_cost = _ints(np.log10(np.maximum(cost[kept], 1e-30)), COST_QUANTUM)
    return {"it": iterations.tolist(), "m": int(frames.shape[1]), "q": QUANTUM,
            "x": _delta(frames[..., 0]), "y": _delta(frames[..., 1]),
            "tx": _delta(tgt[:, 0]), "ty": _delta(tgt[:, 1]),
            "costIt": _delta(kept), "cost": _delta(log_cost), "cq": COST_QUANTUM,
            "view": [round(float(lo), 1), round(float(hi), 1)]}


def scrubber_decode(data: dict) -> dict:
    """Undo :func:`scrubber_payload`'s coding, as ``scrubber.js`` does: arrays ``it`` (k,),
    ``frames`` (k, m, 2), ``target`` (n, 2), ``costIt`` and ``cost`` (the cost itself).

    Examples
    --------
    >>> scrubber_decode({"it": [0], "m": 2, "q": 0.001, "x": [100, 50], "y": [200, 0],
    ...                  "tx": [5], "ty": [7], "costIt": [0, 1], "cost": [-1000, -1000],
    ...                  "cq": 0.001, "view": [0, 1]})["frames"]
    array([[[0.1 , 0.2 ],
            [0.15, 0.2 ]]])
    """
    q, m = data["q"], data["m"]
    x = np.cumsum(np.asarray(data["x"], dtype=np.int64).reshape(-1, m), axis=1) * q
    y = np.cumsum(np.asarray(data["y"], dtype=np.int64).reshape(-1, m), axis=1) * q
    target = np.column_stack([np.cumsum(data["tx"]), np.cumsum(data["ty"])]) * q
    return {"it": np.asarray(data["it"]), "frames": np.stack([x, y], axis=-1), "target": target,
            "costIt": np.cumsum(data["costIt"]),
            "cost": 10.0 ** (np.cumsum(data["cost"]) * data["cq"])}


def scrubber(snapshots: Snapshots, *, target, label: str, every: int | None = None) -> Markup:
    """Watch a network learn: a slider through the frames of `snapshots`, in the page.

    The page's script (``_static/scrubber.js``, with ``_static/explorer.js``) draws each frame's
    curve, the network's outputs as points (x, y) joined in order of the input t, over the
    `target` points, and the cost against the iteration on log scales with a marker at the
    frame's. The reader scrubs with the slider, a Play button or the keyboard; each frame is
    announced as "iteration N, cost C". Several scrubbers can share a page.

    Parameters
    ----------
    snapshots : Snapshots
        From :func:`mlcalc.train_snapshots`, on a network with two outputs.
    target : array_like, shape (n, 2)
        The points the network is learning to draw (the heart), drawn beside its curve.
    label : str
        Names the explorer for screen readers.
    every : int, optional
        Keep every `every`-th iteration of the cost history; by default about
        ``COST_POINTS`` log-spaced ones. The recorded iterations are always kept.

    Returns
    -------
    Markup
        The inert JSON data block and the explorer's ``<div>``.

    Notes
    -----
    The points are rounded to ``QUANTUM`` (1e-3: 0.6 px of a 600-px plot) and the cost to
    ``COST_QUANTUM`` in log10 (0.12 %), then differenced along the curve and the history, so
    that 40 frames of 200 points of a heart run come to about 40 KB, 5 KB gzipped.

    Examples
    --------
    >>> import numpy as np
    >>> from mlcalc import Network, heart, train_snapshots
    >>> t, points = heart(20)
    >>> snaps = train_snapshots(Network([1, 3, 2]), t[:, None], points, step=1.0,
    ...                         iterations=4, at=[0, 4])
    >>> page = scrubber(snaps, target=points, label="The network learns")
    >>> page.count('class="mlcalc-scrubber"'), page.startswith('<script type="application/json"')
    (1, True)
    """
    label = _check_label(label)
    return _explorer("scrubber", label, scrubber_payload(snapshots, target=target, every=every))


# -- Taylor polynomials of growing order (chapter 4) -----------------------------------------

TAYLOR_QUANTUM = 1e-3  #: curves are rounded to this share of their y-window (0.3 px of 300 px)
ERROR_QUANTUM = 0.01  #: the error's log10 is rounded to this (2.3 % of the error)
ERROR_DECADES = 10  #: the error panel shows this many decades, up to the y-window's height
CLIP = 0.05  #: values beyond a window by more than this share of it are clipped there


@dataclass(frozen=True)
class TaylorCase:
    """One function of a :func:`taylor_explorer`: what the reader may pick, and the window drawn.

    Parameters
    ----------
    name : str
        Names the function for the reader, in the menu and the readouts ("cos x").
    f : str or sympy.Expr
        The function of x (anything :func:`mlcalc.parse` reads).
    centres : sequence of float
        The centres a the reader may expand about, each inside the x-window.
    x, y : (float, float)
        The window drawn, (low, high). Values beyond the y-window are clipped.
    variable : str
        The variable's name in the readouts, "x" unless the story calls it something else
        (the chicken's mass m); `f` is written in x all the same.
    x_label, y_label : str
        The axes' labels; the x-axis is labelled `variable` unless given.

    Examples
    --------
    >>> TaylorCase("cos x", "cos(x)", centres=[0, 1], x=(-6, 6), y=(-2, 2)).centres
    (0.0, 1.0)
    >>> TaylorCase("1/x", "1/x", centres=[5], x=(0, 3), y=(-1, 4))
    Traceback (most recent call last):
    ...
    ValueError: `centres` must lie in the x-window (0.0, 3.0), got 5.0
    """

    name: str
    f: str | sp.Expr
    centres: tuple[float, ...]
    x: tuple[float, float]
    y: tuple[float, float]
    variable: str = "x"
    x_label: str | None = None
    y_label: str = "y"

    def __post_init__(self):
        texts = ("name", "variable", "y_label") + ("x_label",) * (self.x_label is not None)
        for key in texts:
            value = getattr(self, key)
            if not isinstance(value, str) or not value.strip():
                error = ValueError if isinstance(value, str) else TypeError
                raise error(f"`{key}` must be a non-empty string, got {value!r}")
        if not isinstance(self.f, (str, sp.Expr)):
            raise TypeError(f"`f` must be a formula in x (a string or a SymPy expression), "
                            f"got {self.f!r}")
        x, y = _window("x", self.x), _window("y", self.y)
        centres = real_array("centres", self.centres)
        if centres.ndim != 1 or centres.size == 0 or np.unique(centres).size != centres.size:
            raise ValueError(f"`centres` must be a non-empty list of different numbers, "
                             f"got {self.centres!r}")
        outside = centres[(centres < x[0]) | (centres > x[1])]
        if outside.size:
            raise ValueError(f"`centres` must lie in the x-window {x}, got {float(outside[0])!r}")
        for key, value in (("x", x), ("y", y), ("centres", tuple(centres.tolist()))):
            object.__setattr__(self, key, value)


def _window(name: str, value) -> tuple[float, float]:
    window = real_array(name, value)
    if window.shape != (2,) or not window[0] < window[1]:
        raise ValueError(f"`{name}` must be a window (low, high) with low < high, got {value!r}")
    return float(window[0]), float(window[1])


def _whole(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not lo <= value <= hi:
        raise ValueError(f"`{name}` must be a whole number from {lo} to {hi}, got {value!r}")
    return int(value)


def _check_cases(cases) -> list[TaylorCase]:
    listed = [cases] if isinstance(cases, TaylorCase) else cases
    message = f"`cases` must be a non-empty list of TaylorCase, got {cases!r}"
    if isinstance(listed, str) or not hasattr(listed, "__iter__"):
        raise TypeError(message)
    listed = list(listed)
    if not all(isinstance(case, TaylorCase) for case in listed):
        raise TypeError(message)
    if not listed:
        raise ValueError(message)
    names = [case.name for case in listed]
    if len(set(names)) != len(names):
        raise ValueError(f"`cases` must have different names, got {names!r}")
    return listed


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _tens(text: str) -> str:
    """`text` with e-notation as powers of ten (4.4e-05 as 4.4×10⁻⁵, 1e-12 as 10⁻¹²), which a
    phone does not split at the exponent's hyphen."""
    text = re.sub(r"(?<![\d.])1e([+-]?)0*(\d+)", lambda m: "10" + (
        m[1].replace("+", "") + m[2]).translate(_SUPERSCRIPTS), text)
    return re.sub(r"(\d)e([+-]?)0*(\d+)", lambda m: m[1] + "×10" + (
        m[2].replace("+", "") + m[3]).translate(_SUPERSCRIPTS), text)


def _readout(p, variable: str) -> str:
    """The polynomial as text, in `variable`, with powers of ten for e-notation (4.4×10⁻⁵),
    that a narrow page wraps between terms only: "0.5 (x − 1)²" is one unbreakable term."""
    text = _tens(re.sub(r"(?<![A-Za-z])x(?![A-Za-z])", variable, str(p)))
    text = re.sub(r"\(([^()]*)\)", lambda m: "(" + m[1].replace(" ", "\u00a0") + ")", text)
    return re.sub(r"([\d⁰¹²³⁴⁵⁶⁷⁸⁹]) \(", "\\1\u00a0(", text)


def _gaps(values: np.ndarray, lo: float, hi: float) -> list[int]:
    """The segments (i, i + 1) a line through `values` must not draw: at an undefined value
    (not finite), and across a pole (from beyond one edge of the window to beyond the other)."""
    undefined = ~np.isfinite(values)
    with np.errstate(invalid="ignore"):
        above, below = values > hi, values < lo
    cut = undefined[:-1] | undefined[1:] | (above[:-1] & below[1:]) | (below[:-1] & above[1:])
    return np.flatnonzero(cut).tolist()


def _fill(values: np.ndarray, name: str) -> np.ndarray:
    """`values` with its undefined entries replaced by their defined neighbours' (not drawn:
    they only keep the coding's differences small)."""
    defined = np.isfinite(values)
    if not defined.any():
        raise ValueError(f"`f` of {name!r} is undefined over the whole x-window")
    index = np.arange(values.size)
    return np.where(defined, values, np.interp(index, index[defined], values[defined]))


def _clipped(values: np.ndarray, lo: float, hi: float, quantum: float) -> np.ndarray:
    margin = CLIP * (hi - lo)
    return _ints(np.clip(values, lo - margin, hi + margin), quantum)


def _taylor_centre(p, x: np.ndarray, exact: np.ndarray, case: TaylorCase,
                   errors: tuple[float, float]) -> dict:
    """One centre's entry: the partial sums of the Taylor polynomial `p` at `x` and their
    errors against the function's values `exact` there, coded; its radius; its readouts."""
    sums = p.partial_sums(x)
    with np.errstate(all="ignore"):
        log_error = np.log10(np.abs(exact - sums))
    below = errors[0] - 1  # where p_n is f to the last bit (log10 0), or f is undefined
    log_error = np.where(np.isfinite(log_error), log_error, below)
    return {"a": p.center, "r": None if np.isinf(p.radius) else float(f"{p.radius:.12g}"),
            "fa": float(f"{p.coefficients[0]:.12g}"),
            "p": _delta(_clipped(sums, *case.y, TAYLOR_QUANTUM * (case.y[1] - case.y[0])), 2),
            "err": _delta(_clipped(log_error, *errors, ERROR_QUANTUM), 2),
            "text": [_readout(p.truncate(n), case.variable) for n in range(p.order + 1)]}


def _taylor_entry(case: TaylorCase, max_order: int, points: int) -> dict:
    f = parse(case.f)
    x = np.linspace(*case.x, points)
    with np.errstate(all="ignore"):
        exact = np.broadcast_to(np.asarray(lambdify(f)(x), dtype=float), x.shape)
    lo, hi = case.y
    top = float(np.ceil(np.log10(hi - lo)))
    errors = (top - ERROR_DECADES, top)
    quantum = TAYLOR_QUANTUM * (hi - lo)
    centres = [_taylor_centre(taylor(f, a, max_order), x, exact, case, errors)
               for a in case.centres]
    return {"name": case.name, "v": case.variable, "xl": case.x_label or case.variable,
            "yl": case.y_label, "x": list(case.x), "y": list(case.y), "q": quantum,
            "e": list(errors), "gaps": _gaps(exact, lo, hi),
            "f": _delta(_clipped(_fill(exact, case.name), lo, hi, quantum), 2), "centres": centres}


def taylor_payload(cases, *, max_order: int = 10, points: int = 201) -> dict:
    """The Taylor explorer's data as a JSON-ready dict (see :func:`taylor_explorer` and
    :func:`taylor_decode`, which undoes it as the page's script does).

    Keys: ``n`` the highest order; ``m`` the points per curve, evenly spaced across each
    case's x-window; ``eq`` the error's quantum (in log10); ``cases``, one dict per case:
    ``name``, ``v`` the variable, ``xl`` and ``yl`` the axes' labels, ``x`` and ``y`` the
    window, ``q`` the quantum of its values, ``e`` the error panel's range in log10,
    ``gaps`` the segments (i, i + 1) not drawn (f undefined, or a pole), ``f`` the function;
    and ``centres``, one dict per centre: ``a``, ``r`` the radius of convergence (None if
    infinite), ``fa`` the value f(a), ``p`` the polynomials of orders 0 to ``n`` (one row
    each), ``err`` their errors log10 |f - p_n|, ``text`` each polynomial as plain text.
    Every curve is clipped to just beyond its window, rounded to multiples of its quantum and
    differenced twice along the row, the first entry kept.

    Examples
    --------
    >>> case = TaylorCase("exp", "exp(x)", centres=[0], x=(-1, 1), y=(0, 2))
    >>> data = taylor_payload([case], max_order=2, points=11)
    >>> data["cases"][0]["centres"][0]["text"]
    ['1', '1 + x', '1 + x + x²/2']
    >>> taylor_decode(data)["cases"][0]["centres"][0]["p"][1, ::5]
    array([0., 1., 2.])
    """
    cases = _check_cases(cases)
    max_order = _whole("max_order", max_order, 1, 20)
    points = _whole("points", points, 11, 2001)
    return {"n": max_order, "m": points, "eq": ERROR_QUANTUM,
            "cases": [_taylor_entry(case, max_order, points) for case in cases]}


def _undelta(codes, rows: int, cols: int, quantum: float) -> np.ndarray:
    ints = np.asarray(codes, dtype=np.int64).reshape(rows, cols)
    return np.cumsum(np.cumsum(ints, axis=1), axis=1) * quantum


def taylor_decode(data: dict) -> dict:
    """Undo :func:`taylor_payload`'s coding, as ``taylor.js`` does: each case's ``x`` (m,)
    and ``f`` (m,) (undefined values filled in; ``gaps`` says which segments are not drawn),
    and each centre's ``p`` and ``err`` (n + 1, m), the clipped polynomials and log10 errors.

    Examples
    --------
    >>> data = {"n": 1, "m": 3, "eq": 0.01, "cases": [{"x": [0, 1], "q": 0.5, "f": [2, 1, 0],
    ...         "centres": [{"p": [2, 0, 0, 0, 1, 0], "err": [-100, 0, 0, -5, 4, 0]}]}]}
    >>> taylor_decode(data)["cases"][0]["f"]
    array([1. , 2.5, 4. ])
    """
    out = dict(data, cases=[])
    n, m = data["n"], data["m"]
    for case in data["cases"]:
        centres = [dict(c, p=_undelta(c["p"], n + 1, m, case["q"]),
                        err=_undelta(c["err"], n + 1, m, data["eq"])) for c in case["centres"]]
        out["cases"].append(dict(case, x=np.linspace(*case["x"], m), centres=centres,
                                 f=_undelta(case["f"], 1, m, case["q"])[0]))
    return out


def taylor_explorer(cases, *, label: str, max_order: int = 10, points: int = 201) -> Markup:
    """Taylor polynomials of growing order, in the page: pick a function and a centre, move
    the order from 0 to `max_order`.

    The page's script (``_static/taylor.js``, with ``_static/explorer.js``) draws the function,
    its Taylor polynomial of the chosen order about the chosen centre a and, in a second
    panel, the error log10 |f - p_n|; it hatches where the series diverges (outside
    (a - R, a + R), R the radius of convergence) and says so, and reads the polynomial out
    ("order 3: 1 − x²/2"). Everything is computed here, by :func:`mlcalc.taylor`; the page
    only draws. Several explorers can share a page.

    Parameters
    ----------
    cases : list of TaylorCase
        The functions the reader picks from (the first is shown first), with their centres
        and windows.
    label : str
        Names the explorer for screen readers.
    max_order : int, optional
        The slider runs from order 0 to this (1 to 20).
    points : int, optional
        Each curve is sampled at this many points across its x-window (11 to 2001).

    Returns
    -------
    Markup
        The inert JSON data block and the explorer's ``<div>``.

    Notes
    -----
    Curves are clipped to 5 % beyond their window and rounded to 1/1000 of its height; the
    errors, to 0.01 in log10 over ``ERROR_DECADES`` decades. Each row is differenced twice,
    so that smooth curves code as small numbers and clipped stretches as zeros: five functions
    with two centres each, orders 0 to 10 at 201 points, come to about 120 KB, 15 KB gzipped.

    Examples
    --------
    >>> cos = TaylorCase("cos x", "cos(x)", centres=[0], x=(-6, 6), y=(-2, 2))
    >>> page = taylor_explorer([cos], label="Taylor polynomials of cos x", max_order=4)
    >>> page.count('class="mlcalc-taylor"'), page.startswith('<script type="application/json"')
    (1, True)
    """
    label = _check_label(label)
    return _explorer("taylor", label, taylor_payload(cases, max_order=max_order, points=points))


# -- Newton's method in one dimension (chapter 5) --------------------------------------------

#: How a Newton-Raphson run ends, as :func:`newton_payload` names it: converged; caught in a
#: cycle; stopped at a flat tangent (f' = 0, a turning point); stopped where the derivative is
#: not finite; a step to where f is not finite; out of steps (maxiter); or no run at all,
#: f being undefined at the start.
NEWTON_OUTCOMES = ("converged", "cycle", "flat tangent", "no tangent", "diverged", "maxiter",
                   "undefined")
NEWTON_DIGITS = 5  #: the iterates are rounded to 10**-5 of the x-window's order of magnitude
NEWTON_BOUND = 1e14  #: iterates farther out than this many quanta are clipped (|x| > 1e9 on (-3, 3))
F_EXPONENT = 200  #: f(x_k) is coded as F_EXPONENT * e + (its 2 significant digits, signed)


def _newton_outcome(result) -> str:
    """Which of NEWTON_OUTCOMES a :class:`mlcalc.RootResult` is, from its flag and message."""
    if result.converged:
        return "converged"
    starts = {"the iterates cycle": "cycle", "the derivative vanishes": "flat tangent",
              "the derivative is not finite": "no tangent", "no convergence": "maxiter"}
    for opening, outcome in starts.items():
        if result.message.startswith(opening):
            return outcome
    if "where f is not finite" in result.message:
        return "diverged"
    raise ValueError(f"newton_raphson stopped for a reason the explorer does not know: "
                     f"{result.message!r}")


def _f_codes(values: np.ndarray) -> np.ndarray:
    """f(x) to 2 significant digits, m × 10**(e - 1) with 10 <= m <= 99, coded as the integer
    F_EXPONENT * e ± m (the sign of f), and 0 for f = 0 exactly."""
    values = np.asarray(values, dtype=float)
    size = np.abs(values)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.floor(np.log10(np.where(size > 0, size, 1.0)))
        m = np.rint(size / 10.0 ** (e - 1))
    e, m = np.where(m >= 100, e + 1, e), np.where(m >= 100, 10, m)
    return np.where(size > 0, F_EXPONENT * e + np.sign(values) * m, 0).astype(np.int64)


def _f_decode(codes) -> np.ndarray:
    """Undo :func:`_f_codes`: the values m × 10**(e - 1), signed."""
    codes = np.asarray(codes, dtype=np.int64)
    e = np.rint(codes / F_EXPONENT)
    rest = codes - F_EXPONENT * e
    return np.sign(rest) * np.abs(rest) * 10.0 ** (e - 1)


def _scaled(ints, digits: int) -> np.ndarray:
    """Multiples of 10**-digits as the nearest floats (dividing by 10**digits, which is exact,
    rounds once; multiplying by 1e-5, itself rounded, may not: 3.0000000000000004)."""
    ints = np.asarray(ints, dtype=np.int64)
    return ints / 10.0**digits if digits >= 0 else ints * 10.0**-digits


def _prose(message: str) -> str:
    """A library's message for readers: arrows, ≤, true minus signs, powers of ten."""
    text = message.replace(" -> ", " → ").replace(" <= ", " ≤ ").replace(" >= ", " ≥ ")
    return _tens(re.sub(r"(^|[\s(=\[])-(?=\d)", "\\1−", text))


def _number(value: float, digits: int) -> str:
    """`value` to at most `digits` decimals, as newton.js writes it (−1.76929, 2, 0.5)."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits > 0 else f"{value:.0f}"
    return "0" if text in ("-0", "") else text.replace("-", "−")


def _formula_text(f) -> str:
    """A formula of x as plain text for readers: x³ − 2x + 2."""
    text = str(f)
    text = re.sub(r"\*\*(\d+)", lambda m: m[1].translate(_SUPERSCRIPTS), text)
    text = re.sub(r"(\d)\*(?=[A-Za-z(])", r"\1", text).replace("*", "·")
    return re.sub(r"^-", "−", text.replace(" - ", " − "))


def _check_function(f, df):
    """f and its derivative as NumPy functions, and f as text; by default, the exact
    derivative of a formula, and none (mlcalc.derivative's differences) for a callable."""
    if df is not None and not isinstance(df, (str, sp.Expr)) and not callable(df):
        raise TypeError(f"`df` must be a formula in x or callable, got {df!r}")
    if isinstance(f, (str, sp.Expr)):
        expr = parse(f)
        if df is None:
            df = sp.diff(expr, sp.Symbol("x", real=True))
        return lambdify(expr), df, _formula_text(expr)
    if not callable(f):
        raise TypeError(f"`f` must be a formula in x (a string or a SymPy expression) or "
                        f"callable, got {f!r}")
    return f, df, "f(x)"


def _values(f, x: np.ndarray) -> np.ndarray:
    """f at each of `x`, NaN where it fails (a callable may take one number at a time)."""
    with np.errstate(all="ignore"):
        try:
            out = np.asarray(f(x), dtype=float)
            if out.shape == x.shape:
                return out
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            pass
        out = []
        for v in x:
            try:
                out.append(float(f(float(v))))
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                out.append(np.nan)
        return np.array(out)


def newton_payload(f, *, x, y, df=None, starts: int = 481, maxiter: int = 50,
                   points: int = 401, start: float | None = None) -> dict:
    """The Newton explorer's data as a JSON-ready dict (see :func:`newton_explorer` and
    :func:`newton_decode`, which undoes it as the page's script does).

    Keys: ``x``, ``y`` the window; ``text`` f as text; ``m`` the curve's points, evenly spaced
    across the x-window, ``fq`` their quantum, ``f`` the curve (clipped, rounded, differenced
    twice), ``gaps`` the segments not drawn; ``q`` the iterates' quantum and ``d`` its
    decimals; ``n`` the starts, evenly spaced across the x-window, and ``s`` them as multiples
    of ``q``, differenced, ``s0`` the one shown first; per start, ``len`` its Newton steps, ``out`` its outcome (an
    index into ``outcomes``, :data:`NEWTON_OUTCOMES`), ``msg`` the library's message (an index
    into ``messages``); ``it`` every start's iterates after the first, as multiples of ``q``
    differenced along the run (``len`` of them per start); ``fx`` f at every iterate,
    ``x0`` included, to 2 significant digits (``F_EXPONENT * e ± m`` for ± m × 10**(e - 1)).

    Examples
    --------
    >>> data = newton_payload("x**3 - 2*x + 2", x=(-3, 3), y=(-4, 8), starts=7, points=11)
    >>> data["len"], [data["outcomes"][k] for k in data["out"]][2:4]
    ([6, 5, 8, 2, 2, 9, 19], ['converged', 'cycle'])
    >>> run = newton_decode(data)["runs"][3]
    >>> run["x"].tolist(), run["f"].tolist()
    ([0.0, 1.0, 0.0], [2.0, 1.0, 2.0])
    """
    f, df, text = _check_function(f, df)
    x, y = _window("x", x), _window("y", y)
    starts = _whole("starts", starts, 2, 2001)
    maxiter = _whole("maxiter", maxiter, 1, 200)
    points = _whole("points", points, 11, 2001)
    digits = NEWTON_DIGITS - int(np.floor(np.log10(x[1] - x[0])))
    q = 10.0 ** -digits
    grid = np.rint(np.linspace(*x, starts) / q).astype(np.int64)
    if start is None:
        first = starts // 2
    else:
        at = real_array("start", start)
        if at.ndim != 0 or not x[0] <= at <= x[1]:
            raise ValueError(f"`start` must be a number in the x-window {x}, got {start!r}")
        first = int(np.argmin(np.abs(grid * q - at)))
    curve_x = np.linspace(*x, points)
    curve = _values(f, curve_x)
    fq = TAYLOR_QUANTUM * (y[1] - y[0])
    lengths, outcomes, notes, steps, codes = [], [], [], [], []
    for x0 in _scaled(grid, digits):
        try:
            run = newton_raphson(f, float(x0), df=df, maxiter=maxiter)
        except ValueError as exc:  # f is undefined at x0: no run
            if not str(exc).startswith("`f` is not finite at the start"):
                raise
            lengths.append(0)
            outcomes.append(NEWTON_OUTCOMES.index("undefined"))
            notes.append(f"no run: f is not defined at x₀ = {_number(x0, digits)}, so there "
                         "is no tangent to follow")
            steps.append(np.zeros(0, np.int64))
            codes.append(np.zeros(1, np.int64))
            continue
        iterates = np.rint(np.clip(run.history, -NEWTON_BOUND * q, NEWTON_BOUND * q) / q)
        lengths.append(run.nit)
        outcomes.append(NEWTON_OUTCOMES.index(_newton_outcome(run)))
        notes.append(_prose(run.message))
        steps.append(np.diff(iterates.astype(np.int64)))
        codes.append(_f_codes(_values(f, run.history)))
    messages = sorted(set(notes))
    return {"x": list(x), "y": list(y), "text": text, "m": points, "fq": fq,
            "f": _delta(_clipped(_fill(curve, text), *y, fq), 2), "gaps": _gaps(curve, *y),
            "q": q, "d": digits, "n": starts, "s": _delta(grid), "s0": first, "len": lengths,
            "out": outcomes, "outcomes": list(NEWTON_OUTCOMES),
            "msg": [messages.index(note) for note in notes], "messages": messages,
            "it": np.concatenate(steps).tolist(), "fx": np.concatenate(codes).tolist()}


def newton_decode(data: dict) -> dict:
    """Undo :func:`newton_payload`'s coding, as ``newton.js`` does: ``starts`` (n,), the
    curve's ``curve_x`` and ``f`` (m,), and ``runs``, one dict per start: ``x`` the iterates
    x0, x1, ... (clipped to ``NEWTON_BOUND`` quanta), ``f`` f there to 2 significant digits,
    ``outcome`` and ``message``.

    Examples
    --------
    >>> data = {"x": [0, 1], "m": 2, "fq": 0.5, "f": [2, -1], "q": 0.1, "d": 1, "n": 2, "s": [0, 10],
    ...         "len": [1, 0], "it": [2], "fx": [-21, 221, 0], "out": [0, 1],
    ...         "outcomes": ["converged", "cycle"], "msg": [0, 0], "messages": ["done"]}
    >>> run = newton_decode(data)["runs"][0]
    >>> run["x"].tolist(), run["f"].tolist(), run["outcome"]
    ([0.0, 0.2], [-2.1, 21.0], 'converged')
    """
    n = data["n"]
    grid = np.cumsum(np.asarray(data["s"], dtype=np.int64))
    lengths = np.asarray(data["len"], dtype=np.int64)
    ends = np.cumsum(lengths)
    steps = np.asarray(data["it"], dtype=np.int64)
    values = _f_decode(data["fx"])
    runs = []
    for k in range(n):
        ints = np.concatenate([[grid[k]], grid[k] + np.cumsum(steps[ends[k] - lengths[k]:ends[k]])])
        first = ends[k] - lengths[k] + k
        runs.append({"x": _scaled(ints, data["d"]), "f": values[first:first + lengths[k] + 1],
                     "outcome": data["outcomes"][data["out"][k]],
                     "message": data["messages"][data["msg"][k]]})
    return {"starts": _scaled(grid, data["d"]), "curve_x": np.linspace(*data["x"], data["m"]),
            "f": _undelta(data["f"], 1, data["m"], data["fq"])[0], "runs": runs}


def newton_explorer(f, *, x, y, label: str, df=None, start: float | None = None,
                    starts: int = 481, maxiter: int = 50, points: int = 401) -> Markup:
    """Newton-Raphson from any start, in the page: pick x0 on the axis, step through the
    iterates, each along the tangent line down to where it crosses zero.

    The page's script (``_static/newton.js``, with ``_static/explorer.js``) draws f, and for
    the chosen start the tangent lines from (x_k, f(x_k)) to (x_{k+1}, 0) and the verticals back
    up to the curve, one step at a time; it reads out each iterate ("step 3: x₃ = −1.76929,
    f(x₃) = 2.1×10⁻⁵") and, at the last step, how the run ended in the words of
    :func:`mlcalc.newton_raphson`. A strip under the plot colours every start by how its run
    ends. The reader picks the start by clicking or tapping the plot, with a slider, or with the
    arrow keys on the plot. Everything is computed here, by :func:`mlcalc.newton_raphson`
    from each of `starts` evenly spaced starts; the page only draws.

    Parameters
    ----------
    f : str, sympy.Expr or callable
        The function of x whose roots are sought.
    x, y : (float, float)
        The window drawn, (low, high); the starts span the x-window.
    label : str
        Names the explorer for screen readers.
    df : str, sympy.Expr or callable, optional
        The derivative. By default the exact derivative of a formula (by SymPy); for a
        callable `f`, :func:`mlcalc.newton_raphson`'s default, :func:`mlcalc.derivative`.
    start : float, optional
        The start shown first (the nearest of the grid's); by default the middle one.
    starts : int, optional
        How many starts, evenly spaced across the x-window, end points included (2 to 2001).
    maxiter : int, optional
        Each run's limit of Newton steps (1 to 200), as in :func:`mlcalc.newton_raphson`.
    points : int, optional
        The curve is sampled at this many points across the x-window (11 to 2001).

    Returns
    -------
    Markup
        The inert JSON data block and the explorer's ``<div>``.

    Notes
    -----
    The iterates are rounded to ``10**-NEWTON_DIGITS`` of the x-window's order of magnitude
    (1e-5 on (-3, 3)) and differenced along each run; f at each iterate is kept to 2
    significant digits. On the course's cubic, 481 starts on (-3, 3), 0.0125 apart, come to
    about 120 KB, 33 KB gzipped.

    Examples
    --------
    >>> page = newton_explorer("x**2 - 2", x=(0.5, 3), y=(-2, 7), label="Newton on x² − 2",
    ...                        starts=11)
    >>> page.count('class="mlcalc-newton"'), page.startswith('<script type="application/json"')
    (1, True)
    """
    label = _check_label(label)
    return _explorer("newton", label, newton_payload(f, x=x, y=y, df=df, starts=starts,
                                                     maxiter=maxiter, points=points, start=start))


# -- descent in the sandpit (chapter 5's lab) ------------------------------------------------

#: The step rules the reader picks from: a fixed step down the gradient (the course's
#: "aggression", by :func:`mlcalc.gradient_descent`) and :func:`mlcalc.minimize`'s methods.
DESCENT_METHODS = ("fixed", "steepest", "newton", "hybrid")
DESCENT_NAMES = {"fixed": "Fixed step", "steepest": "Steepest descent (line search)",
                 "newton": "Newton step", "hybrid": "Hybrid (Newton, else steepest)"}
#: The kinds of point a run ends at, as :class:`mlcalc.MinimizeResult` names them.
DESCENT_KINDS = ("minimum", "maximum", "saddle point", "undecided", "not stationary")
#: The starts, in metres, of every pit's runs unless the page gives its own.
DESCENT_STARTS = ((1.0, 1.0), (5.0, 5.0), (1.0, 3.0), (5.0, 1.0))
#: The fixed steps the reader picks from: from crawling (0.01) to diverging (10), log-spaced.
DESCENT_STEPS = (0.01, 0.022, 0.046, 0.1, 0.22, 0.46, 1.0, 2.2, 4.6, 10.0)
POSITION_QUANTUM = 0.005  #: iterates are rounded to 5 mm (0.4 px of a 500-px map)
DEPTH_QUANTUM = 0.005  #: the depth at each iterate, to 5 mm
MAP_QUANTUM = 0.01  #: the map's depths, to 1 cm
POSITION_BOUND = 1e6  #: iterates are clipped to within this many metres of the pit


def _check_pits(pits) -> list:
    listed = [pits] if isinstance(pits, sandpit.Pit) else pits
    message = f"`pits` must be a non-empty list of sandpit pits (mlcalc.sandpit.Pit), got {pits!r}"
    if isinstance(listed, str) or not hasattr(listed, "__iter__"):
        raise TypeError(message)
    listed = list(listed)
    if not all(isinstance(pit, sandpit.Pit) for pit in listed):
        raise TypeError(message)
    if not listed:
        raise ValueError(message)
    names = [pit.name for pit in listed]
    if len(set(names)) != len(names):
        raise ValueError(f"`pits` must be different pits, got {names!r}")
    return listed


def _check_starts(starts, pits) -> dict:
    """Each pit's starts, as tuples of floats inside the pit: `starts` is a list of points for
    every pit, or a dict of such lists by pit name."""
    if isinstance(starts, dict):
        unknown = set(starts) - {pit.name for pit in pits}
        missing = [pit.name for pit in pits if pit.name not in starts]
        if unknown or missing:
            raise ValueError(f"`starts` by pit must name each pit once: {missing!r} missing, "
                             f"{sorted(unknown)!r} unknown")
        return {name: _points("starts", points) for name, points in starts.items()}
    return {pit.name: _points("starts", starts) for pit in pits}


def _points(name: str, points) -> list[tuple[float, float]]:
    array = real_array(name, points)
    if array.ndim != 2 or array.shape[1] != 2 or not 1 <= len(array) <= 8:
        raise ValueError(f"`{name}` must be 1 to 8 points (x, y), got {points!r}")
    outside = array[(array < 0).any(axis=1) | (array > sandpit.SIZE).any(axis=1)]
    if outside.size:
        raise ValueError(f"`{name}` must lie in the pit, 0 <= x, y <= {sandpit.SIZE:g} m; got "
                         f"{tuple(outside[0].tolist())!r}")
    return [tuple(p) for p in array.tolist()]


def _check_steps(steps) -> list[float]:
    array = real_array("steps", steps)
    if (array.ndim != 1 or not 2 <= array.size <= 16 or np.any(array <= 0)
            or np.any(np.diff(array) <= 0)):
        raise ValueError(f"`steps` must be 2 to 16 increasing positive step sizes, got {steps!r}")
    return array.tolist()


def _kept(nit: int, keep: int) -> np.ndarray:
    """Which iterates of a run of `nit` steps the page keeps: all if they are at most `keep`;
    else the first two thirds of `keep` one by one, then evenly spaced ones, and the last."""
    if nit + 1 <= keep:
        return np.arange(nit + 1)
    head = 2 * keep // 3
    tail = np.rint(np.linspace(head, nit, keep - head)).astype(np.int64)
    return np.unique(np.concatenate([np.arange(head), tail]))


DEPTH_BOUND = 1e6  #: depths beyond this (a run thrown far out of the pit) are drawn at it


def _coded_path(history: np.ndarray, nit: int, keep: int, lo, hi, quantum
                ) -> tuple[dict, np.ndarray]:
    """A run's path in two dimensions, for the page, and which iterates it keeps (:func:`_kept`).

    The entry: ``nit`` the steps; ``k`` the kept iterates' step numbers, differenced (None: all
    kept); ``x``, ``y`` their coordinates clipped to [`lo`, `hi`] and rounded to multiples of
    `quantum` (each a number, or one per coordinate), differenced along the run.
    """
    kept = _kept(nit, keep)
    points = _ints(np.clip(history[kept], lo, hi), np.asarray(quantum))
    return {"nit": nit, "k": None if kept.size == nit + 1 else _delta(kept),
            "x": _delta(points[:, 0]), "y": _delta(points[:, 1])}, kept


def _path_steps(run: dict) -> np.ndarray:
    """The step numbers of a :func:`_coded_path` entry's kept iterates."""
    return np.arange(run["nit"] + 1) if run["k"] is None else np.cumsum(run["k"])


def _descent_run(result, keep: int, messages: dict) -> dict:
    """One run's entry: the kept iterates, their depths and the rules, coded; how it ended."""
    bound = sandpit.SIZE + POSITION_BOUND
    path, kept = _coded_path(result.history, result.nit, keep, -bound, bound, POSITION_QUANTUM)
    note = _prose(result.message)
    depths = np.clip(result.costs[kept], -DEPTH_BOUND, DEPTH_BOUND)  # a diverged run's is huge
    return path | {"d": _delta(_ints(depths, DEPTH_QUANTUM)),
                   "r": "".join(rule[0] for rule in result.steps) if result.method == "hybrid"
                   else None,
                   "kind": DESCENT_KINDS.index(result.kind), "c": int(result.converged),
                   "m": messages.setdefault(note, len(messages))}


def _depth_map(pit, n: int) -> list[int]:
    xs = np.linspace(0.0, sandpit.SIZE, n)
    X, Y = np.meshgrid(xs, xs)
    return _delta(_ints(pit.depth((X, Y)), MAP_QUANTUM), 2)


def descent_payload(pits, *, starts=DESCENT_STARTS, steps=DESCENT_STEPS, maxiter: int = 200,
                    keep: int = 60, grid: int = 61) -> dict:
    """The descent explorer's data as a JSON-ready dict (see :func:`descent_explorer` and
    :func:`descent_decode`, which undoes it as the page's script does).

    Keys: ``size`` the pit's side; ``methods``, their ``names``; ``steps`` the fixed step
    sizes; ``kinds``; ``messages`` every run's message, once; ``q``, ``dq``, ``mq`` the quanta
    of positions, depths and the map; ``n`` the map's grid; ``pits``, one dict per pit:
    ``name``, ``title``, ``lowest``, ``map`` the depth on the n x n grid over the pit (row i
    at y = i * size / (n - 1), rounded to ``mq``, each row differenced twice), ``starts``, and
    ``runs``, one dict per start: ``fixed``, a run per step size, and a run for each of
    ``steepest``, ``newton``, ``hybrid``. A run: ``nit`` its steps; ``k`` the kept iterates'
    step numbers, differenced (None: all kept); ``x``, ``y`` their coordinates as multiples
    of ``q`` and ``d`` their depths as multiples of ``dq``, each differenced along the run;
    ``r`` every step's rule, "n" (Newton) or "s" (steepest), for the hybrid (the others use
    one rule throughout); ``kind`` (an index into ``kinds``), ``c`` whether it converged,
    ``m`` its message (an index into ``messages``).

    Examples
    --------
    >>> from mlcalc import sandpit
    >>> data = descent_payload([sandpit.narrow_well()], starts=[(3, 3)], steps=[1, 4.6],
    ...                        grid=11)
    >>> runs = descent_decode(data)["pits"][0]["runs"][0]
    >>> runs["newton"]["x"].round(2).tolist(), runs["newton"]["kind"]
    ([[3.0, 3.0], [3.3, 2.8]], 'minimum')
    >>> print(runs["fixed"][1]["message"])
    diverged: the cost grew from −7.54 to 1.94×10⁷ in 16 steps; the step is too large
    """
    pits = _check_pits(pits)
    starts = _check_starts(starts, pits)
    steps = _check_steps(steps)
    maxiter = _whole("maxiter", maxiter, 1, 1000)
    keep = _whole("keep", keep, 10, 500)
    grid = _whole("grid", grid, 11, 121)
    messages: dict[str, int] = {}
    entries = []
    for pit in pits:
        runs = []
        for start in starts[pit.name]:
            runs.append({"fixed": [_descent_run(gradient_descent(pit.depth, start, step=step,
                                                                 maxiter=maxiter), keep, messages)
                                   for step in steps]}
                        | {method: _descent_run(minimize(pit.depth, start, method=method,
                                                         maxiter=maxiter), keep, messages)
                           for method in DESCENT_METHODS[1:]})
        entries.append({"name": pit.name, "title": pit.title, "lowest": list(pit.lowest),
                        "map": _depth_map(pit, grid), "starts": [list(p) for p in starts[pit.name]],
                        "runs": runs})
    return {"size": sandpit.SIZE, "methods": list(DESCENT_METHODS),
            "names": [DESCENT_NAMES[m] for m in DESCENT_METHODS], "steps": steps,
            "kinds": list(DESCENT_KINDS), "messages": list(messages), "q": POSITION_QUANTUM,
            "dq": DEPTH_QUANTUM, "mq": MAP_QUANTUM, "n": grid, "pits": entries}


def _decode_run(run: dict, data: dict) -> dict:
    steps = _path_steps(run)
    rules = run["r"] if run["r"] is not None else None
    return {"nit": run["nit"], "steps": steps,
            "x": np.column_stack([np.cumsum(run["x"]), np.cumsum(run["y"])]) * data["q"],
            "depth": np.cumsum(run["d"]) * data["dq"], "rules": rules,
            "kind": data["kinds"][run["kind"]], "converged": bool(run["c"]),
            "message": data["messages"][run["m"]]}


def descent_decode(data: dict) -> dict:
    """Undo :func:`descent_payload`'s coding, as ``descent.js`` does: each pit's ``map``
    (n, n) and, per start, its runs: ``fixed`` (one per step size) and one per method, each with
    ``steps`` the kept step numbers, ``x`` (k, 2) the iterates, ``depth`` (k,), ``rules``
    (the hybrid's, one letter per step, else None), ``kind``, ``converged``, ``message``.

    Examples
    --------
    >>> run = {"nit": 1, "k": None, "x": [200, 10], "y": [0, -4], "d": [-900, 20], "r": None,
    ...        "kind": 0, "c": 1, "m": 0}
    >>> data = {"q": 0.005, "dq": 0.005, "kinds": ["minimum"], "messages": ["done"]}
    >>> _decode_run(run, data)["x"].tolist()
    [[1.0, 0.0], [1.05, -0.02]]
    """
    out = dict(data, pits=[])
    n = data["n"]
    for pit in data["pits"]:
        runs = [{key: ([_decode_run(r, data) for r in value] if key == "fixed"
                       else _decode_run(value, data)) for key, value in start.items()}
                for start in pit["runs"]]
        out["pits"].append(dict(pit, map=_undelta(pit["map"], n, n, data["mq"]), runs=runs))
    return out


def descent_explorer(pits, *, label: str, starts=DESCENT_STARTS, steps=DESCENT_STEPS,
                     maxiter: int = 200, keep: int = 60, grid: int = 61) -> Markup:
    """Descent in the sandpit, in the page: pick a pit, a start, a step rule and (for the fixed
    step) its size; replay the path over the pit's map.

    The page's script (``_static/descent.js``, with ``_static/explorer.js``) draws the pit as a
    shaded depth map with contours, the chosen run's path over it up to the step chosen, and
    the start and the lowest point; a slider and a Play button replay the path, with a readout
    ("step 4 of 6: depth −8.97 m at (4.07, 3.84), a Newton step") announced to screen readers
    and, at the end, the library's message (a Newton run that climbs to a maximum says so).
    Everything is computed here, by :func:`mlcalc.gradient_descent` (a fixed step) and
    :func:`mlcalc.minimize` ("steepest", "newton", "hybrid") on each pit's depth; the page
    only draws.

    Parameters
    ----------
    pits : list of mlcalc.sandpit.Pit
        The pits the reader picks from (the first is shown first).
    label : str
        Names the explorer for screen readers.
    starts : list of (x, y), or dict of such lists by pit name
        Where the runs start, inside the pit (1 to 8 points); the same for every pit unless a
        dict gives each its own.
    steps : list of float
        The fixed step sizes the reader picks from (2 to 16, increasing).
    maxiter : int
        Each run's limit of steps (1 to 1000).
    keep : int
        At most this many iterates of a run are kept for the page (10 to 500): all of a short
        run; of a longer one, the first two thirds of `keep` one by one, then evenly spaced ones
        to the last (each announced with its own step number).
    grid : int
        The map's depths are shipped on a grid x grid lattice over the pit (11 to 121).

    Returns
    -------
    Markup
        The inert JSON data block and the explorer's ``<div>``.

    Notes
    -----
    Positions are rounded to 5 mm, depths to 5 mm (the map's to 1 cm) and differenced along
    each run (the map twice along each row). The lab's three pits (fixed, several minima,
    narrow well) with the default starts and steps come to about 120 KB, 28 KB gzipped.

    Examples
    --------
    >>> from mlcalc import sandpit
    >>> page = descent_explorer([sandpit.narrow_well()], label="Descent", starts=[(3, 3)],
    ...                         steps=[0.1, 1], grid=11)
    >>> page.count('class="mlcalc-descent"'), page.startswith('<script type="application/json"')
    (1, True)
    """
    label = _check_label(label)
    return _explorer("descent", label, descent_payload(pits, starts=starts, steps=steps,
                                                       maxiter=maxiter, keep=keep, grid=grid))


# -- a least-squares fit replayed over its chi-squared map (chapter 6's lab) -----------------

FIT_DIGITS = 4  #: iterates are rounded to 10**-4 of their window's order of magnitude
CHI2_QUANTUM = 1e-4  #: chi2 along a path, as log10, is rounded to this (0.023 % of chi2)
CHI2_MAP_QUANTUM = 0.005  #: the map's log10 chi2 is rounded to this (1.2 % of chi2)
CHI2_DECADES = 12  #: the map shows chi2 down to this many decades below its highest
FIT_BOUND = 1e6  #: iterates beyond the window by more than this many windows are clipped


def _check_window(window) -> tuple[tuple[float, float], tuple[float, float]]:
    array = real_array("window", window)
    if array.shape != (2, 2) or not np.all(array[:, 0] < array[:, 1]):
        raise ValueError("`window` must be ((p1_lo, p1_hi), (p2_lo, p2_hi)), each low < high, "
                         f"got {window!r}")
    return tuple((float(lo), float(hi)) for lo, hi in array)


def _two_texts(name: str, value, what: str, empty: bool = False) -> tuple[str, str]:
    """`value` as two strings (one string stands for both when `empty` allows units)."""
    if empty and isinstance(value, str):
        value = (value, value)
    if (isinstance(value, str) or not isinstance(value, (tuple, list))
            or not all(isinstance(v, str) for v in value)):
        raise TypeError(f"`{name}` must be two strings {what}, got {value!r}")
    if len(value) != 2 or not (empty or all(v.strip() for v in value)):
        raise ValueError(f"`{name}` must be two {'' if empty else 'non-empty '}strings {what}, "
                         f"got {value!r}")
    return tuple(value)


def _check_start(p0, window) -> np.ndarray:
    start = real_array("p0", p0)
    if start.shape != (2,):
        raise ValueError(f"`p0` must be the two starting parameters (p1, p2), got {p0!r}")
    if not all(lo <= v <= hi for v, (lo, hi) in zip(start, window)):
        raise ValueError(f"`p0` must lie in the window {window}, got {tuple(start.tolist())!r}")
    return start


def _chi2_row(model, x, y, sigma, p1, b) -> np.ndarray | None:
    """chi2 at (p1_j, b) for every j in one call of the model with the parameters broadcast
    against x, or None when the model does not take arrays (the caller goes node by node)."""
    if x.ndim != 1:
        return None
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(model(x[:, None], p1[None, :], np.full((1, p1.size), b)))
    except (TypeError, ValueError, ArithmeticError, IndexError):
        return None
    if out.shape != (x.size, p1.size) or out.dtype.kind not in "iuf":
        return None
    r = (out - y[:, None]) / (1.0 if sigma is None else np.broadcast_to(sigma, y.shape)[:, None])
    return np.sum(r * r, axis=0)


def _chi2_map(model, x, y, sigma, window, n: int) -> np.ndarray:
    """chi2 by :func:`mlcalc.chi_squared` on the n x n lattice over `window`, row i at the i-th
    p2 from below. A row is computed in one call of the model when it broadcasts and agrees
    with chi_squared at the row's ends and middle (to rounding); else node by node."""
    p1, p2 = (np.linspace(lo, hi, n) for lo, hi in window)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    s = None if sigma is None else np.asarray(sigma, dtype=float)

    def exact(j, b):
        try:
            return chi_squared(model, x, y, (p1[j], b), sigma=sigma)
        except ValueError as exc:  # the model raised there, or is not finite
            raise ValueError(f"`window` must lie where chi2 is finite: at ({p1[j]:g}, {b:g}), "
                             f"{exc}") from exc

    rows = []
    for b in p2:
        row = _chi2_row(model, x, y, s, p1, b)
        if row is None or not np.allclose(row[[0, n // 2, -1]],
                                          [exact(j, b) for j in (0, n // 2, n - 1)],
                                          rtol=1e-12, atol=0, equal_nan=True):
            row = np.array([exact(j, b) for j in range(n)])
        rows.append(row)
    chi2 = np.array(rows)
    bad = ~np.isfinite(chi2)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(f"`window` must lie where chi2 is finite: at ({p1[j]:g}, {p2[i]:g}) "
                         f"it is {chi2[i, j]}")
    return chi2


def _fit_run(result, keep: int, window, digits, messages: dict) -> dict:
    """One steepest-descent run's entry: the kept iterates and their chi2, coded; how it ended."""
    spans = np.array([hi - lo for lo, hi in window])
    lo = np.array([w[0] for w in window]) - FIT_BOUND * spans
    hi = np.array([w[1] for w in window]) + FIT_BOUND * spans
    path, kept = _coded_path(result.history, result.nit, keep, lo, hi,
                             10.0 ** -np.asarray(digits, dtype=float))
    chi2 = np.log10(np.maximum(result.chi2_history[kept], 1e-300))
    note = _prose(result.message)
    return path | {"c2": _delta(_ints(chi2, CHI2_QUANTUM)), "c": int(result.converged),
                   "m": messages.setdefault(note, len(messages))}


def fit_payload(model, x, y, p0, *, steps, window, sigma=None, maxiter: int = 50,
                grid: int = 61, names=("μ", "σ"), units=None, keep: int = 60) -> dict:
    """The fit explorer's data as a JSON-ready dict (see :func:`fit_explorer` and
    :func:`fit_decode`, which undoes it as the page's script does).

    Keys: ``names`` and ``units`` of the two parameters; ``window`` ``[[p1_lo, p1_hi],
    [p2_lo, p2_hi]]``; ``d`` the decimals of each parameter's quantum (the iterates are
    multiples of 10**-d); ``n`` the map's grid and ``map`` log10 chi2 on the n x n lattice over
    the window (row i at the i-th p2 from below, rounded to ``mq``, each row differenced
    twice); ``steps`` the step sizes, ``first`` the one shown first (the smallest whose run
    converged, else the middle one); ``messages`` every message, once; ``runs``, one per step
    size: ``nit``, ``k`` the kept iterates' step numbers, differenced (None: all kept), ``x``,
    ``y`` their parameters as multiples of 10**-d, ``c2`` log10 chi2 there as multiples of
    ``cq``, each differenced along the run, ``c`` whether it converged and ``m`` its message
    (an index into ``messages``); ``lm`` the Levenberg-Marquardt fit: ``p`` its parameters,
    ``chi2``, ``nit``, ``c``, ``m``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 1, 5)
    >>> line = lambda x, m, c: m * x + c
    >>> data = fit_payload(line, x, 2 * x + 1, (0, 0), steps=[0.1, 0.3], grid=11,
    ...                    window=((-1, 3), (-1, 2)), names=("m", "c"))
    >>> out = fit_decode(data)
    >>> out["lm"]["p"], out["runs"][1]["x"][:3].tolist()
    ([2.0, 1.0], [[0.0, 0.0], [3.75, 6.0], [-5.7188, -11.625]])
    >>> print(out["runs"][1]["message"])  # doctest: +ELLIPSIS
    diverged: chi2 grew from 22.5 to 4.621×10⁷ in 7 steps...
    """
    check_callable("model", model)
    steps = _check_steps(steps)
    window = _check_window(window)
    names = _two_texts("names", names, "naming the parameters")
    units = _two_texts("units", ("", "") if units is None else units, "(the parameters' units)",
                       empty=True)
    maxiter = _whole("maxiter", maxiter, 1, 1000)
    grid = _whole("grid", grid, 11, 121)
    keep = _whole("keep", keep, 10, 500)
    start = _check_start(p0, window)
    lm = least_squares(model, x, y, start, sigma=sigma, method="lm")  # checks x, y and sigma
    digits = [FIT_DIGITS - int(np.floor(np.log10(hi - lo))) for lo, hi in window]
    messages: dict[str, int] = {}
    runs = [least_squares(model, x, y, start, sigma=sigma, method="steepest", step=step,
                          maxiter=maxiter) for step in steps]
    chi2 = _chi2_map(model, x, y, sigma, window, grid)
    with np.errstate(divide="ignore"):
        logs = np.log10(chi2)
    top = float(logs.max()) if np.isfinite(logs.max()) else 0.0
    first = next((k for k, run in enumerate(runs) if run.converged), len(steps) // 2)
    return {"names": list(names), "units": list(units), "window": [list(w) for w in window],
            "d": digits, "n": grid, "mq": CHI2_MAP_QUANTUM,
            "map": _delta(_ints(np.maximum(logs, top - CHI2_DECADES), CHI2_MAP_QUANTUM), 2),
            "cq": CHI2_QUANTUM, "steps": steps, "first": first,
            "runs": [_fit_run(run, keep, window, digits, messages) for run in runs],
            "lm": {"p": [float(f"{v:.12g}") for v in lm.params],
                   "chi2": float(f"{lm.chi2:.12g}"), "nit": lm.nit, "c": int(lm.converged),
                   "m": messages.setdefault(_prose(lm.message), len(messages))},
            "messages": list(messages)}


def fit_decode(data: dict) -> dict:
    """Undo :func:`fit_payload`'s coding, as ``fit.js`` does: ``p1`` and ``p2`` the map's
    nodes, ``map`` (n, n) log10 chi2 there, ``runs`` one per step size, each with ``nit``,
    ``steps`` the kept step numbers, ``x`` (k, 2) the iterates, ``chi2`` (k,), ``converged``
    and ``message``; and ``lm`` with its ``message`` and ``converged``.

    Examples
    --------
    >>> data = {"names": ["a", "b"], "units": ["", ""], "window": [[0, 1], [0, 1]], "d": [4, 4],
    ...         "n": 2, "mq": 0.5, "map": [1, 0, 2, 0], "cq": 0.001, "steps": [1, 2], "first": 0,
    ...         "runs": [{"nit": 1, "k": None, "x": [5000, 2], "y": [0, 1], "c2": [-2000, 1000],
    ...                   "c": 0, "m": 0}], "lm": {"p": [1, 1], "chi2": 0, "nit": 3, "c": 1,
    ...                                          "m": 0}, "messages": ["done"]}
    >>> run = fit_decode(data)["runs"][0]
    >>> run["x"].tolist(), run["chi2"].tolist()
    ([[0.5, 0.0], [0.5002, 0.0001]], [0.01, 0.1])
    """
    n, (d1, d2) = data["n"], data["d"]
    runs = [{"nit": run["nit"], "steps": _path_steps(run),
             "x": np.column_stack([_scaled(np.cumsum(run["x"]), d1),
                                   _scaled(np.cumsum(run["y"]), d2)]),
             "chi2": 10.0 ** (np.cumsum(run["c2"]) * data["cq"]), "converged": bool(run["c"]),
             "message": data["messages"][run["m"]]} for run in data["runs"]]
    lm = dict(data["lm"], converged=bool(data["lm"]["c"]),
              message=data["messages"][data["lm"]["m"]])
    return dict(data, p1=np.linspace(*data["window"][0], n), p2=np.linspace(*data["window"][1], n),
                map=_undelta(data["map"], n, n, data["mq"]), runs=runs, lm=lm)


def fit_explorer(model, x, y, p0, *, steps, label: str, window, sigma=None, maxiter: int = 50,
                 grid: int = 61, names=("μ", "σ"), units=None, keep: int = 60) -> Markup:
    """A two-parameter least-squares fit by steepest descent, replayed over the chi-squared
    map, in the page: pick the step size, replay the path.

    The page's script (``_static/fit.js``, with ``_static/explorer.js``) draws log10 chi2
    over the window as a shaded map with contours (chi2 spans decades), the start, the minimum
    that Levenberg-Marquardt finds, and the chosen step size's path up to the step chosen; a
    slider and a Play button replay it, with a readout ("Step 12 of 50: μ = 168.2 cm,
    σ = 7.1 cm, χ² = 3.1×10⁻⁴") announced to screen readers and, at the end, the library's
    message. A path that leaves the window is drawn to its edge and read out "off the map"; a
    run that diverges says so. Everything is computed here: each path by
    :func:`mlcalc.least_squares` (``method="steepest"`` with the fixed `step`), the reference
    by ``method="lm"``, the map by :func:`mlcalc.chi_squared`; the page only draws.

    Parameters
    ----------
    model : callable
        ``model(x, p1, p2)``, as :func:`mlcalc.least_squares` takes it.
    x, y : array_like
        The data, as :func:`mlcalc.least_squares` takes them.
    p0 : (float, float)
        Where every run starts, inside the window.
    steps : list of float
        The fixed step sizes the reader picks from (2 to 16, increasing).
    label : str
        Names the explorer for screen readers.
    window : ((float, float), (float, float))
        The map's ranges of the two parameters, ``((p1_lo, p1_hi), (p2_lo, p2_hi))``; chi2 must
        be finite across it.
    sigma : float or array_like, optional
        The uncertainties of y, as :func:`mlcalc.least_squares` takes them.
    maxiter : int
        Each run's limit of steps (1 to 1000).
    grid : int
        chi2 is computed on a grid x grid lattice over the window (11 to 121): in one call of
        the model a row, when the model takes arrays of parameters, else node by node.
    names : (str, str)
        The parameters' names in the readout and on the axes.
    units : str or (str, str), optional
        The parameters' units (one for both, or one each; "" for none).
    keep : int
        At most this many iterates of a run are kept for the page (10 to 500), as in
        :func:`descent_explorer`.

    Returns
    -------
    Markup
        The inert JSON data block and the explorer's ``<div>``.

    Raises
    ------
    TypeError, ValueError
        A bad argument, named; and what :func:`mlcalc.least_squares` raises for bad data.

    Notes
    -----
    The iterates are rounded to 10**-4 of each window's order of magnitude (0.001 cm on a
    35-cm window) and differenced along each run; chi2 along it is shipped as log10, to
    ``CHI2_QUANTUM`` (0.023 %), and the map as log10 to ``CHI2_MAP_QUANTUM``, each row
    differenced twice. Galton's heights with nine step sizes, 50 steps each, on a 61 x 61 map
    come to about 16 KB, 4.4 KB gzipped.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 1, 5)
    >>> page = fit_explorer(lambda x, m, c: m * x + c, x, 2 * x + 1, (0, 0), steps=[0.1, 0.3],
    ...                     window=((-1, 3), (-1, 2)), grid=11, label="Fitting a line")
    >>> page.count('class="mlcalc-fit"'), page.startswith('<script type="application/json"')
    (1, True)
    """
    label = _check_label(label)
    return _explorer("fit", label, fit_payload(model, x, y, p0, steps=steps, window=window,
                                               sigma=sigma, maxiter=maxiter, grid=grid,
                                               names=names, units=units, keep=keep))
