"""The page's explorers: the one place that turns computed data into page markup.

The topic modules compute (the sandpit's grids in :mod:`mlcalc.sandpit`, a network's training
snapshots in :mod:`mlcalc.nn`) and know nothing of pages. The functions here wrap their data
as an inert JSON block, ``<script type="application/json">``, beside the ``<div>`` that a small
script of the book builds the explorer in, with no kernel: ``_static/explorer.js`` holds what the
explorers share (reading the data, the canvas, colours, axes, the announcer, keys) and
``_static/sandpit.js`` and ``_static/scrubber.js`` what each one does. The build adds those
scripts only to pages that hold the matching ``<div>`` (``book/_ext/lean_site.py``, ``SCRIPTS``).

* :func:`sandpit_data` and :func:`sandpit_game`: chapter 2's sandpit game;
* :func:`scrubber`: watch a network learn to draw a curve, frame by frame (chapter 3).

Each returns :class:`Markup`, which a notebook displays as HTML: one call in a cell, and the
cell's output is the explorer.
"""

from __future__ import annotations

import hashlib
import html
import json
import numbers

import numpy as np

from . import sandpit
from ._validation import real_array
from .nn import Snapshots

__all__ = ["Markup", "SCRIPTS", "sandpit_data", "sandpit_game", "scrubber", "scrubber_payload",
           "scrubber_decode", "QUANTUM", "COST_QUANTUM", "COST_POINTS"]

#: Which script builds which explorer: the class of its ``<div>`` and the script in _static/.
#: Every explorer also needs ``explorer.js``, loaded first.
SCRIPTS = {"sandpit-game": "sandpit.js", "mlcalc-scrubber": "scrubber.js"}
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


def _delta(ints: np.ndarray) -> list[int]:
    """Differences along the last axis, the first entry kept (smooth rows become small)."""
    return np.diff(ints, axis=-1, prepend=0).ravel().tolist()


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
    payload = json.dumps(scrubber_payload(snapshots, target=target, every=every),
                         separators=(",", ":"))
    block_id = "scrubber-" + hashlib.sha1((label + payload).encode()).hexdigest()[:10]
    return Markup(
        _json_block(block_id, payload)
        + f'<div class="mlcalc-scrubber" data-source="{block_id}" role="group" '
        f'aria-label="{html.escape(label)}">' + _NOJS.format(what="explorer") + "</div>"
    )
