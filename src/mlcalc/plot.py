"""The book's figures: one style, colour-blind-safe, legible on light and dark pages.

Every helper takes a Matplotlib ``ax`` first and returns it, so figures compose:

>>> import matplotlib.pyplot as plt, numpy as np
>>> fig, ax = plt.subplots()
>>> tangent(curve(ax, np.sin, (0, 3)), np.sin, 1.0) is ax
True
>>> plt.close(fig)
"""

from __future__ import annotations

import warnings
from typing import Callable, Sequence

import matplotlib as mpl
import numpy as np

from .derivatives import METHODS, StepSizeWarning, derivative
from .symbolic import as_function

__all__ = [
    "COLORS",
    "setup",
    "curve",
    "tangent",
    "secant",
    "function_and_derivative",
    "step_error",
    "contour",
    "vector_field",
    "network",
]

#: Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
COLORS = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "black": "#000000",
    "grey": "#6B6B6B",
}

STYLE = {
    "figure.figsize": (6.0, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "white",  # opaque: legible on the dark theme as well
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#111111",
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS.values())[:6]),
    "font.size": 11,
    "axes.titlesize": 11,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "savefig.dpi": 150,  # for the parts of an SVG drawn as an image (filled contours, surfaces)
    "svg.hashsalt": "mlcalc",  # stable ids: two builds give identical figures
    "svg.fonttype": "path",
}


def setup() -> None:
    """Apply the book's style; in a notebook, also render figures as reproducible SVG.

    Examples
    --------
    >>> setup()
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == COLORS["blue"]
    True
    """
    mpl.rcParams.update(STYLE)
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: the style is all we need
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg", metadata={"Date": None})


def _grid(xlim, n=400):
    lo, hi = xlim
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"`xlim` must be two finite numbers, low then high; got {xlim!r}")
    return np.linspace(lo, hi, n)


def curve(ax, f, xlim, *, label: str | None = None, color: str | None = None, n: int = 400, **kw):
    """Plot ``y = f(x)`` over `xlim`; `f` is a callable or a formula in x.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> x, y = curve(ax, "x**2", (0, 2), n=3).lines[0].get_data()
    >>> y.tolist()
    [0.0, 1.0, 4.0]
    >>> plt.close(fig)
    """
    x = _grid(xlim, n)
    ax.plot(x, np.broadcast_to(as_function(f)(x), x.shape), label=label, color=color, **kw)
    return ax


def tangent(ax, f, x0: float, *, width: float | None = None, color: str = COLORS["vermillion"],
            label: str | None = "tangent"):
    """Draw the tangent line to `f` at `x0`, with its slope from :func:`mlcalc.derivative`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> xs, ys = tangent(ax, "x**2", 1.0, width=2.0).lines[0].get_data()
    >>> [round(float(v), 6) for v in ys]  # y = 1 + 2 (x - 1) at x = 0 and x = 2
    [-1.0, 3.0]
    >>> plt.close(fig)
    """
    f = as_function(f)
    slope = derivative(f, x0)
    y0 = float(f(x0))
    if width is None:
        lo, hi = ax.get_xlim()
        width = (hi - lo) / 3
    xs = np.array([x0 - width / 2, x0 + width / 2])
    ax.plot(xs, y0 + slope * (xs - x0), color=color, label=label, zorder=3)
    ax.plot([x0], [y0], "o", color=color, zorder=4)
    return ax


def secant(ax, f, x0: float, h: float, *, color: str = COLORS["green"], rise_run: bool = True,
           label: str | None = "secant"):
    """Draw the chord from ``x0`` to ``x0 + h``, with its run and rise marked.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> sorted(t.get_text() for t in secant(ax, "x**2", 1.0, 0.5).texts)
    ['rise', 'run']
    >>> plt.close(fig)
    """
    f = as_function(f)
    x1 = x0 + h
    y0, y1 = float(f(x0)), float(f(x1))
    slope = (y1 - y0) / h
    lo, hi = min(x0, x1) - abs(h) / 2, max(x0, x1) + abs(h) / 2
    xs = np.array([lo, hi])
    ax.plot(xs, y0 + slope * (xs - x0), color=color, label=label, zorder=3)
    ax.plot([x0, x1], [y0, y1], "o", color=color, zorder=4)
    if rise_run:
        grey = COLORS["grey"]
        ax.plot([x0, x1, x1], [y0, y0, y1], "--", color=grey, lw=1.2, zorder=2)
        ax.annotate("run", ((x0 + x1) / 2, y0), xytext=(0, -4), textcoords="offset points",
                    ha="center", va="top", color=grey)
        ax.annotate("rise", (x1, (y0 + y1) / 2), xytext=(4, 0), textcoords="offset points",
                    ha="left", va="center", color=grey)
    return ax


def function_and_derivative(axes: Sequence, f, xlim, *, df=None, names=("f(x)", "f'(x)")):
    """Plot `f` on ``axes[0]`` and its derivative on ``axes[1]``, sharing the x range.

    The derivative is `df` when given (a callable or formula), else computed
    numerically with :func:`mlcalc.derivative`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2)
    >>> _ = function_and_derivative(axes, "x**3", (0, 1), df="3*x**2")
    >>> [ax.get_ylabel() for ax in axes]
    ['f(x)', "f'(x)"]
    >>> plt.close(fig)
    """
    f = as_function(f)
    dfun = as_function(df) if df is not None else (lambda x: derivative(f, x))
    curve(axes[0], f, xlim, color=COLORS["blue"])
    curve(axes[1], dfun, xlim, color=COLORS["vermillion"])
    for ax, name in zip(axes, names):
        ax.set_xlabel("x")
        ax.set_ylabel(name)
        ax.axhline(0, color="#999999", lw=0.8, zorder=1)
    return axes


def step_error(ax, f: Callable, x: float, exact: float, *,
               methods: Sequence[str] = ("forward", "central", "richardson"),
               steps=None):
    """Plot the absolute error of each method against the step h, on log-log axes.

    Tiny steps are the point of this figure, so :class:`StepSizeWarning` is silenced here.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> h, err = step_error(ax, np.exp, 1.0, np.e, methods=["central"]).lines[0].get_data()
    >>> bool(1e-7 < h[err.argmin()] < 1e-3)  # truncation meets round-off near eps**(1/3)
    True
    >>> plt.close(fig)
    """
    steps = np.logspace(-15, 0, 121) if steps is None else np.asarray(steps, float)
    for method in methods:
        if method not in METHODS:
            raise ValueError(f"`methods` must contain only {tuple(METHODS)}; got {method!r}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StepSizeWarning)
            errors = np.array([abs(derivative(f, x, method=method, h=h) - exact) for h in steps])
        ax.loglog(steps, np.maximum(errors, 1e-17), label=method)
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error")
    ax.legend()
    return ax


def _grid2(f, xlim, ylim, n):
    """X, Y and f on an n x n grid; f takes a point p = (x, y) and is called on the whole grid."""
    X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    with np.errstate(all="ignore"):
        Z = np.asarray(f(np.stack([X, Y])), dtype=float)
    if Z.shape != X.shape:
        Z = np.array([f(np.array([x, y])) for x, y in zip(X.ravel(), Y.ravel())]).reshape(X.shape)
    return X, Y, Z


def contour(ax, f: Callable, xlim, ylim, *, levels=12, n: int = 161, filled: bool = True,
            cmap: str = "viridis", colorbar: str | None = None):
    """A contour map of f(x, y): filled bands (light = high) with labelled contour lines.

    `f` takes a point ``p`` and unpacks it as ``x, y = p``; written with NumPy
    operations it is evaluated on the whole grid at once (else point by point).
    `colorbar` is the colour bar's label (no colour bar when None).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = contour(ax, lambda p: p[0]**2 + p[1]**2, (-1, 1), (-1, 1), levels=5)
    >>> ax.get_aspect()
    1.0
    >>> plt.close(fig)
    """
    X, Y, Z = _grid2(f, xlim, ylim, n)
    if filled:
        bands = ax.contourf(X, Y, Z, levels=levels, cmap=cmap)
        bands.set_rasterized(True)  # thousands of filled polygons: an image is a tenth the size
        if colorbar is not None:
            ax.figure.colorbar(bands, ax=ax, label=colorbar, shrink=0.85)
    lines = ax.contour(X, Y, Z, levels=levels, colors="#222222" if filled else None,
                       linewidths=0.6, alpha=0.7)
    ax.clabel(lines, fontsize=8, fmt="%.2g")
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.grid(False)
    return ax


def vector_field(ax, F: Callable, xlim, ylim, *, n: int = 15, color: str = COLORS["vermillion"],
                 normalise: bool = False, unit: float | None = None, width: float = 0.005):
    """Arrows of a vector field F(x, y) -> (u, v) on an n x n grid.

    `F` takes a point and returns a 2-vector; for a gradient field pass
    ``lambda p: mlcalc.gradient(f, p)``. With `normalise`, every arrow has the
    same length and only the direction shows. `unit` fixes the scale: a vector
    of length 1 is drawn `unit` long in the axes' data units, so that several
    plots share one scale (default: Matplotlib's automatic scale). `width` is
    the shaft width, as a fraction of the plot's width.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = vector_field(ax, lambda p: np.array([1.0, 0.0]), (0, 1), (0, 1), n=3)
    >>> len(ax.collections[0].get_offsets())
    9
    >>> ax = vector_field(ax, lambda p: np.array([1.0, 0.0]), (0, 1), (0, 1), n=3, unit=0.2)
    >>> ax.collections[-1].scale      # a vector of length 1 is drawn 0.2 long
    5.0
    >>> plt.close(fig)
    """
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    UV = np.array([np.asarray(F(np.array([x, y])), dtype=float).reshape(2)
                   for x, y in zip(X.ravel(), Y.ravel())])
    U, V = UV[:, 0].reshape(X.shape), UV[:, 1].reshape(X.shape)
    if normalise:
        norm = np.hypot(U, V)
        norm[norm == 0] = 1.0
        U, V = U / norm, V / norm
    scale = {} if unit is None else {"scale_units": "xy", "scale": 1 / unit}
    ax.quiver(X, Y, U, V, color=color, angles="xy", pivot="middle", width=width, **scale)
    ax.set_aspect("equal")
    return ax


def network(sizes: Sequence[int], *, ax=None, weights=None, node_labels=None,
            layer_labels=None, node_color: str = COLORS["sky"], gap: float = 1.8):
    """Draw a fully connected network as a diagram: one column of circles per layer.

    Layer ``l`` has ``sizes[l]`` neurons, inputs on the left; every neuron is joined to every
    neuron of the next layer. With `weights` (a list like ``mlcalc.Network.weights``: layer
    ``l`` of shape ``(sizes[l+1], sizes[l])``) each line is drawn in blue for a positive weight
    and vermillion for a negative one (light grey for zero), its width growing with the
    weight's size.
    `node_labels` is one list of strings per layer (drawn inside the circles, "" for none);
    `layer_labels` one string per layer, drawn under its column. A new figure is made when
    `ax` is None.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = network([3, 2])
    >>> len(ax.patches), len(ax.lines)          # 5 neurons, 3 x 2 connections
    (5, 6)
    >>> ax = network([1, 2], weights=[np.array([[1.0], [-2.0]])])
    >>> [line.get_color() == COLORS["vermillion"] for line in ax.lines]
    [False, True]
    >>> plt.close("all")
    """
    from matplotlib.patches import Circle

    sizes = list(sizes)
    if len(sizes) < 1 or any(isinstance(n, bool) or not isinstance(n, (int, np.integer))
                             or n < 1 for n in sizes):
        raise ValueError(f"`sizes` must be positive whole numbers, got {sizes!r}")
    shapes = [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if weights is not None:
        weights = [np.asarray(w, dtype=float) for w in weights]
        if [w.shape for w in weights] != shapes:
            raise ValueError(f"`weights` must have shapes {shapes} (outputs x inputs), "
                             f"got {[w.shape for w in weights]}")
    for name, given, want in (("node_labels", node_labels, sizes),
                              ("layer_labels", layer_labels, None)):
        if given is None:
            continue
        got = [len(g) for g in given] if want is not None else len(given)
        if got != (want if want is not None else len(sizes)):
            raise ValueError(f"`{name}` must have one entry per "
                             f"{'neuron' if want is not None else 'layer'}, got {got}")
    if ax is None:
        import matplotlib.pyplot as plt

        height = max(sizes)
        _, ax = plt.subplots(figsize=(1.2 + 1.4 * len(sizes), 0.6 + 0.55 * height))
    radius = 0.3
    # neuron k of a layer of width n sits at height (n - 1)/2 - k: top to bottom, centred
    centres = [[(gap * col, (n - 1) / 2 - k) for k in range(n)] for col, n in enumerate(sizes)]
    biggest = max((np.abs(w).max() for w in weights), default=1.0) if weights else 1.0
    for col, (left, right) in enumerate(zip(centres[:-1], centres[1:])):
        for j, (x1, y1) in enumerate(right):
            for i, (x0, y0) in enumerate(left):
                d = np.hypot(x1 - x0, y1 - y0)
                ux, uy = (x1 - x0) / d * radius, (y1 - y0) / d * radius
                color, width = "#555555", 1.0
                if weights is not None:
                    w = weights[col][j, i]
                    color = (COLORS["blue"] if w > 0 else COLORS["vermillion"] if w < 0
                             else "#BBBBBB")
                    width = 0.5 + 3.0 * abs(w) / (biggest or 1.0)
                ax.plot([x0 + ux, x1 - ux], [y0 + uy, y1 - uy], color=color, lw=width,
                        solid_capstyle="round", zorder=1)
    for col, layer in enumerate(centres):
        for k, (x, y) in enumerate(layer):
            ax.add_patch(Circle((x, y), radius, facecolor=node_color, edgecolor="#222222",
                                lw=1.2, zorder=2))
            if node_labels is not None and node_labels[col][k]:
                ax.text(x, y, node_labels[col][k], ha="center", va="center", fontsize=10,
                        zorder=3)
    bottom = -(max(sizes) - 1) / 2 - radius
    if layer_labels is not None:
        for col, text in enumerate(layer_labels):
            ax.text(gap * col, bottom - 0.25, text, ha="center", va="top", fontsize=10)
    ax.set_xlim(-radius - 0.4, gap * (len(sizes) - 1) + radius + 0.4)
    ax.set_ylim(bottom - (0.8 if layer_labels is not None else 0.2), -bottom + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
