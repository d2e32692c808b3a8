"""Optimisation: roots by Newton-Raphson, minima by descent and Newton steps, constrained
stationary points by Lagrange multipliers.

Every function returns a result dataclass with at least ``x``, ``converged``, ``nit``,
``history`` (the iterates, starting with ``x0``) and ``message`` (why it stopped, in words).
A run that fails (a cycle, a flat tangent, a step out to infinity, a diverging descent, a
Newton step that climbs to a maximum) returns ``converged=False`` and says so; it never returns
inf or NaN as an answer, and it never raises for a failure of the method itself. Bad input
(a non-finite start, a non-positive tolerance) is a ``ValueError`` or ``TypeError``.

* :func:`newton_raphson`: a root of f: R -> R, ``x <- x - f(x) / f'(x)``;
* :func:`gradient_descent`: a minimum of f: R^n -> R by steps down the gradient, of a fixed
  size (the course's "aggression") or chosen by a backtracking line search;
* :func:`minimize`: the lab's step rules: "steepest", "newton" (``-H^-1 grad f``) and
  "hybrid" (the Newton step when it goes downhill, cut if too long, else a steepest step);
* :func:`lagrange_multipliers`: a stationary point of f subject to g = 0, as a root of the
  gradient of the Lagrangian, by Newton's method in (x, lambda).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp

from ._validation import check_callable, check_choice, real_array
from .derivatives import derivative
from .multivariate import _gradient, _jacobian, _validate_point, _validate_step, _value
from .symbolic import as_function

__all__ = ["RootResult", "MinimizeResult", "LagrangeResult", "newton_raphson",
           "gradient_descent", "minimize", "lagrange_multipliers", "stationary_kind", "METHODS"]

METHODS = ("steepest", "newton", "hybrid")  #: the step rules of :func:`minimize`
_EPS = np.finfo(float).eps


# -- checks shared by every method -----------------------------------------------------------

def _check_tol(name: str, value) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a positive number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"`{name}` must be a positive, finite number, got {value!r}")
    return float(value)


def _check_maxiter(value) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`maxiter` must be a whole number, got {value!r}")
    if value <= 0:
        raise ValueError(f"`maxiter` must be positive, got {value}")
    return int(value)


def _scalar_start(x0) -> float:
    x = real_array("x0", x0)
    if x.ndim != 0:
        raise ValueError(f"`x0` must be a single number, got an array of shape {x.shape}")
    return float(x)


def _fmt(x) -> str:
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        return f"{float(x):.10g}"
    return "(" + ", ".join(f"{v:.6g}" for v in x) + ")"


def stationary_kind(hessian, *, rtol: float = 1e-6) -> str:
    """What kind of stationary point a (projected) Hessian says: "minimum", "maximum",
    "saddle point", or "undecided" when an eigenvalue is zero to within `rtol` of the largest.

    Examples
    --------
    >>> stationary_kind([[2.0, 0.0], [0.0, -1.0]])
    'saddle point'
    >>> stationary_kind([[2.0, 0.0], [0.0, 0.0]])
    'undecided'
    """
    H = real_array("hessian", hessian)
    H = np.atleast_2d(H)
    if H.size == 0:
        return "undecided"
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    scale = max(np.abs(eig).max(), _EPS)
    if np.any(np.abs(eig) <= rtol * scale):
        if np.any(eig > rtol * scale) and np.any(eig < -rtol * scale):
            return "saddle point"
        return "undecided"
    if np.all(eig > 0):
        return "minimum"
    if np.all(eig < 0):
        return "maximum"
    return "saddle point"


# -- Newton-Raphson in one dimension ---------------------------------------------------------

@dataclass(frozen=True)
class RootResult:
    """What :func:`newton_raphson` found.

    Attributes
    ----------
    x : float
        The last iterate (the root when `converged`).
    fun : float
        f(x).
    converged : bool
        Whether the iterates settled on a root.
    nit : int
        Newton steps taken.
    nfev : int
        Points at which f was evaluated, including those for the derivative when `df` is not
        given (calls of `df` are not counted).
    history : numpy.ndarray
        The iterates ``x0, x1, ...``.
    message : str
        Why it stopped.
    """

    x: float
    fun: float
    converged: bool
    nit: int
    nfev: int
    history: np.ndarray
    message: str


class _Counted:
    """f, counting its evaluations, returning floats (NaN where f fails or is not finite)."""

    def __init__(self, f: Callable):
        self.f, self.calls = f, 0

    def __call__(self, x):
        with np.errstate(all="ignore"):
            try:
                value = np.asarray(self.f(x), dtype=float)
            except (ValueError, ZeroDivisionError, OverflowError):
                return np.nan
        self.calls += int(np.size(x))  # points evaluated: the derivative asks for several at once
        return float(value.reshape(-1)[0]) if value.size == 1 else value


def newton_raphson(f, x0, *, df=None, tol: float = 1e-12, maxiter: int = 50) -> RootResult:
    """A root of f: R -> R by Newton-Raphson: ``x_{k+1} = x_k - f(x_k) / f'(x_k)``.

    Each step follows the tangent line at ``x_k`` down to where it crosses zero.

    Parameters
    ----------
    f : callable or str
        The function of one variable (a formula in x is read by :func:`mlcalc.parse`).
    x0 : float
        The start.
    df : callable or str, optional
        The derivative; by default :func:`mlcalc.derivative` (central differences).
    tol : float
        Converged when a step is at most ``tol * max(1, |x|)``, or f(x) is exactly 0.
    maxiter : int
        At most this many steps.

    Returns
    -------
    RootResult
        ``converged=False``, with a message, when the iterates cycle (they come back to an
        earlier value), the tangent is flat (f'(x) = 0 at a turning point: no crossing), a step
        lands where f is not finite, or `maxiter` steps pass.

    Raises
    ------
    TypeError, ValueError
        If `f` or `df` is not callable (or a formula), `x0` is not a finite number, or `tol` or
        `maxiter` is not positive.

    Examples
    --------
    >>> r = newton_raphson("x**3 - 2*x + 2", -2.0)
    >>> round(r.x, 9), r.converged
    (-1.769292354, True)
    >>> r = newton_raphson("x**3 - 2*x + 2", 0.0, df="3*x**2 - 2")
    >>> r.converged, r.history.tolist()
    (False, [0.0, 1.0, 0.0])
    >>> print(r.message)
    the iterates cycle: x = 0 comes back after 2 steps (0 -> 1 -> 0), so Newton-Raphson never settles
    >>> newton_raphson("x**2 + 1", 0.0).message[:53]
    'the derivative vanishes at x = 0 (a turning point): t'
    """
    f = _Counted(as_function(f))
    if df is not None and not isinstance(df, (str, sp.Expr)):
        check_callable("df", df)
    dfun = None if df is None else _Counted(as_function(df))
    x = _scalar_start(x0)
    tol = _check_tol("tol", tol)
    maxiter = _check_maxiter(maxiter)
    history = [x]
    fx = f(x)
    if not np.isfinite(fx):
        raise ValueError(f"`f` is not finite at the start x0 = {_fmt(x)}: f(x0) = {fx}")

    def result(converged, message):
        nfev = f.calls
        return RootResult(history[-1] if np.isfinite(history[-1]) else history[-2], fx,
                          converged, len(history) - 1, nfev, np.array(history), message)

    for _ in range(maxiter):
        if fx == 0:
            return result(True, f"f(x) = 0 exactly at x = {_fmt(x)}")
        slope = dfun(x) if dfun is not None else _numeric_slope(f, x)
        if not np.isfinite(slope):
            return result(False, f"the derivative is not finite at x = {_fmt(x)}")
        if slope == 0 or abs(fx / slope) > 1e8 * max(1.0, abs(x)):  # flat, or flat to rounding
            return result(False, f"the derivative vanishes at x = {_fmt(x)} (a turning point): the "
                                 "tangent is flat and never crosses zero, so there is no Newton "
                                 "step")
        x_new = x - fx / slope
        f_new = f(x_new) if np.isfinite(x_new) else np.nan
        if not np.isfinite(x_new) or not np.isfinite(f_new):
            return result(False, f"the step from x = {_fmt(x)} lands at {_fmt(x_new)}, where f is "
                                 f"not finite (f = {f_new}): the tangent (slope {slope:.3g}) "
                                 "crosses zero outside the domain of f")
        step = x_new - x
        scale = max(1.0, abs(x_new))
        near = max(tol, 1e-6) * scale  # back at an earlier iterate while still taking big steps
        # a lap is confirmed when the iterate before also matches its counterpart (a chance
        # return to one earlier value, while wandering, is not a cycle); the start has none
        earlier = [] if abs(x_new - x) <= 1e3 * near else [
            j for j, old in enumerate(history[:-1]) if abs(old - x_new) <= near
            and (j == 0 or abs(history[j - 1] - x) <= near)]
        history.append(x_new)
        x, fx = x_new, f_new
        if abs(step) <= tol * scale or fx == 0:
            return result(True, f"converged: the last step was {abs(step):.2g} (tolerance "
                                f"{tol:g}), f(x) = {fx:.2g}")
        if earlier:
            j = earlier[-1]
            period = len(history) - 1 - j
            path = " -> ".join(f"{v:.4g}" for v in history[j:])
            return result(False, f"the iterates cycle: x = {history[j]:.4g} comes back after "
                                 f"{period} steps ({path}), so Newton-Raphson never settles")
    return result(False, f"no convergence in {maxiter} steps (maxiter): the last step was "
                         f"{abs(history[-1] - history[-2]):.3g}")


def _numeric_slope(f: _Counted, x: float) -> float:
    try:
        return float(derivative(f, x))
    except ValueError:  # f not finite at x +- h
        return np.nan


# -- descent in several dimensions -----------------------------------------------------------

@dataclass(frozen=True)
class MinimizeResult:
    """What :func:`gradient_descent` or :func:`minimize` found.

    Attributes
    ----------
    x : numpy.ndarray
        The last finite iterate (the minimum when `converged`).
    fun : float
        f(x).
    converged : bool
        True only when the gradient vanished at a local minimum.
    kind : str
        What the last point is: "minimum", "maximum", "saddle point", "undecided" (judged by
        the Hessian there) or "not stationary".
    nit, nfev : int
        Steps taken; evaluations of f (including those for derivatives).
    history : numpy.ndarray, shape (nit + 1, n)
        The iterates, starting with `x0`.
    costs : numpy.ndarray, shape (nit + 1,)
        f at each iterate.
    steps : tuple of str
        The rule each step used ("steepest" or "newton").
    message : str
        Why it stopped.
    method : str
        The step rule asked for.
    """

    x: np.ndarray
    fun: float
    converged: bool
    kind: str
    nit: int
    nfev: int
    history: np.ndarray
    costs: np.ndarray
    steps: tuple
    message: str
    method: str


class _BadJac(ValueError):
    """`jac` or `hess` returned the wrong shape: the caller's error, raised, not reported."""


class _Objective:
    """f on points, with its gradient and Hessian (finite differences unless given), counted."""

    def __init__(self, f, jac, hess, n, h):
        self.f, self.jac, self.hess, self.calls = f, jac, hess, 0
        probe = None
        self.h2 = _validate_step(h, np.ones(n), order=2) if h is not None else None
        self.h3 = _validate_step(h, np.ones(n), order=3) if h is not None else None
        del probe

    def value(self, p) -> float:
        self.calls += 1
        with np.errstate(all="ignore"):
            out = np.asarray(self.f(p), dtype=float)
        if out.size != 1:
            raise ValueError(f"`f` must return one number, got shape {out.shape} at {_fmt(p)}")
        return float(out.reshape(-1)[0])

    def _counted(self, p):
        return np.array([self.value(p)])

    def gradient(self, p) -> np.ndarray:
        if self.jac is not None:
            with np.errstate(all="ignore"):
                g = np.asarray(self.jac(p), dtype=float).reshape(-1)
            if g.shape != p.shape:
                raise _BadJac(f"`jac` must return {p.size} numbers, got shape {g.shape}")
            return g
        step = self.h2 if self.h2 is not None else _validate_step(None, p, order=2)
        return _gradient(self._counted, p, step)

    def hessian(self, p) -> np.ndarray:
        if self.hess is not None:
            with np.errstate(all="ignore"):
                H = np.asarray(self.hess(p), dtype=float)
            if H.shape != (p.size, p.size):
                raise _BadJac(f"`hess` must return a {p.size} x {p.size} matrix, got shape "
                              f"{H.shape}")
            return (H + H.T) / 2
        step = self.h3 if self.h3 is not None else _validate_step(None, p, order=3)
        if self.jac is not None:
            H = _jacobian(lambda q: self.gradient(q), p, step)
        else:
            H = _jacobian(lambda q: _gradient(self._counted, q, step), p, step)
        return (H + H.T) / 2


def _line_search(obj: _Objective, x, fx, g, direction, t0: float, tries: int = 60,
                 interpolate: bool = True):
    """Backtracking (Armijo): halve t from t0 until f(x + t d) <= f(x) + 1e-4 t g.d; then one
    try at the minimum of the parabola through f(x), the slope g.d and f(x + t d), kept if
    lower (without it, steps that overshoot a narrow valley are accepted for ever)."""
    slope = float(g @ direction)
    t = t0
    for _ in range(tries):
        candidate = x + t * direction
        if np.array_equal(candidate, x):  # the step is lost in rounding: no progress possible
            break
        fc = obj.value(candidate)
        if np.isfinite(fc) and fc < fx and fc <= fx + 1e-4 * t * slope:
            curvature = (fc - fx - slope * t) / t**2
            if interpolate and curvature > 0:
                t_min = -slope / (2 * curvature)
                if abs(t_min - t) > 0.1 * t:
                    other = x + t_min * direction
                    fo = obj.value(other)
                    if np.isfinite(fo) and fo < fc:
                        return other, fo, t_min
            return candidate, fc, t
        t /= 2
    return None, None, t


def _check_start(f, x0, jac, hess):
    check_callable("f", f)
    if jac is not None:
        check_callable("jac", jac)
    if hess is not None:
        check_callable("hess", hess)
    return _validate_point("x0", x0)


def gradient_descent(f: Callable, x0, *, step=None, tol: float = 1e-8, maxiter: int = 10_000,
                     jac=None, h=None) -> MinimizeResult:
    """A local minimum of f: R^n -> R by gradient descent: ``x <- x - step * grad f(x)``.

    Parameters
    ----------
    f : callable
        ``f(p) -> float`` for a 1-D array ``p`` of n coordinates.
    x0 : array_like, shape (n,)
        The start.
    step : float, optional
        A fixed step size (the course's "aggression", the field's learning rate). By default
        the step is chosen afresh at each iterate by a backtracking line search (Armijo's rule:
        start from twice the last step and halve until f falls by at least 1e-4 of what the
        gradient promises), which needs no tuning.
    tol : float
        Converged when the gradient's length is at most `tol`.
    maxiter : int
        At most this many steps.
    jac : callable, optional
        The gradient, ``jac(p) -> (n,)``; by default :func:`mlcalc.gradient`'s central
        differences.
    h : float, optional
        The finite-difference step, as in :func:`mlcalc.gradient`.

    Returns
    -------
    MinimizeResult
        ``converged=False``, with a message, when the run diverges (the cost grows by more than
        a factor 1e6 beyond its start, or becomes non-finite; `x` is then the last finite
        iterate), when it stops at a point that is not a minimum, or runs out of steps.

    Examples
    --------
    >>> import numpy as np
    >>> bowl = lambda p: (p[0] - 1)**2 + 10 * (p[1] + 2)**2
    >>> r = gradient_descent(bowl, [0.0, 0.0], step=0.05)
    >>> r.converged, r.x.round(6), r.kind
    (True, array([ 1., -2.]), 'minimum')
    >>> r = gradient_descent(bowl, [0.0, 0.0], step=0.11)     # too large: it diverges
    >>> r.converged, bool(np.isfinite(r.x).all())
    (False, True)
    >>> print(r.message)
    diverged: the cost grew from 41 to 4.17e+07 in 38 steps; the step is too large
    """
    x = _check_start(f, x0, jac, None)
    tol = _check_tol("tol", tol)
    maxiter = _check_maxiter(maxiter)
    if step is not None:
        step = _check_tol("step", step)
    obj = _Objective(f, jac, None, x.size, h)
    with np.errstate(over="ignore", invalid="ignore"):
        return _descend(obj, x, "steepest", step, tol, maxiter, None)


def _descend(obj: _Objective, x, method: str, step, tol, maxiter, max_step) -> MinimizeResult:
    fx = obj.value(x)
    if not np.isfinite(fx):
        raise ValueError(f"`f` is not finite at the start x0 = {_fmt(x)}: f(x0) = {fx}")
    history, costs, rules = [x.copy()], [fx], []
    f0, scale0 = fx, max(1.0, float(np.linalg.norm(x)))
    t = 1.0

    def result(converged, kind, message):
        return MinimizeResult(history[-1], costs[-1], converged, kind, len(history) - 1,
                              obj.calls, np.array(history), np.array(costs), tuple(rules),
                              message, method)

    for _ in range(maxiter):
        try:
            g = obj.gradient(x)
        except _BadJac:
            raise
        except ValueError as exc:
            return result(False, "not stationary", f"stopped: the gradient cannot be computed at "
                                                   f"{_fmt(x)} ({exc})")
        if not np.all(np.isfinite(g)) or not np.isfinite(np.linalg.norm(g)):
            return result(False, "not stationary", f"diverged: the gradient is not finite at "
                                                   f"{_fmt(x)}")
        if np.linalg.norm(g) <= tol:
            return _finish(obj, x, result, tol)
        rule, new, f_new = "steepest", None, None
        if method in ("newton", "hybrid"):
            H = obj.hessian(x)
            newton = _newton_step(H, g)
            if method == "newton":
                if newton is None:
                    return result(False, "not stationary", f"stopped: the Hessian is singular at "
                                                           f"{_fmt(x)}, so there is no Newton step")
                rule, new = "newton", x + newton
                f_new = obj.value(new)
            elif newton is not None and float(g @ newton) < 0:  # downhill: damp it if need be
                length = np.linalg.norm(newton)
                direction = newton * min(1.0, max_step / length)
                candidate, fc, _ = _line_search(obj, x, fx, g, direction, 1.0, tries=8,
                                                interpolate=False)
                if candidate is not None:
                    rule, new, f_new = "newton", candidate, fc
        if new is None:
            if step is not None:
                new = x - step * g
                f_new = obj.value(new)
            else:
                new, f_new, t = _line_search(obj, x, fx, g, -g, min(2 * t, 1e6))
                if new is None:
                    return _stalled(obj, x, g, fx, tol, result)
        if np.array_equal(new, x):  # a fixed step too small to change x in floating point
            return _stalled(obj, x, g, fx, tol, result)
        rules.append(rule)
        if not np.all(np.isfinite(new)) or not np.isfinite(f_new):
            rules.pop()
            return result(False, "not stationary",
                          f"diverged: a step from {_fmt(x)} reached a point where f is not "
                          f"finite; the step is too large")
        history.append(new)
        costs.append(f_new)
        x, fx = new, f_new
        if fx > f0 + 1e6 * max(1.0, abs(f0)):
            return result(False, "not stationary",
                          f"diverged: the cost grew from {f0:.3g} to {fx:.3g} in "
                          f"{len(history) - 1} steps; the step is too large")
        if fx < f0 - 1e12 * max(1.0, abs(f0)) or np.linalg.norm(x) > 1e12 * scale0:
            return result(False, "not stationary",
                          f"diverged: the cost fell from {f0:.3g} to {fx:.3g} in "
                          f"{len(history) - 1} steps, with |x| = {np.linalg.norm(x):.3g}: f seems "
                          "to have no minimum in this direction")
    return result(False, "not stationary",
                  f"no convergence in {maxiter} steps (maxiter): |grad f| = "
                  f"{np.linalg.norm(obj.gradient(x)):.3g} at {_fmt(x)}")


def _stalled(obj: _Objective, x, g, fx, tol, result):
    """No step lowers f any more in floating point: converged if the gradient is as small as
    rounding lets it be (judged by the Hessian), else a failure."""
    small = np.linalg.norm(g) <= max(1e3 * tol, np.sqrt(_EPS) * (1.0 + abs(fx)))
    if small:
        kind = stationary_kind(obj.hessian(x))
        if kind in ("minimum", "undecided"):
            return result(True, kind, f"converged to a local {kind if kind == 'minimum' else 'point'}"
                                      f": no step lowers f in floating point, and |grad f| = "
                                      f"{np.linalg.norm(g):.2g} is at the level of rounding")
        return _finish(obj, x, result, tol)
    return result(False, "not stationary",
                  f"stopped: no step along -grad f lowers f from {_fmt(x)} (|grad f| = "
                  f"{np.linalg.norm(g):.3g}); the gradient may be inaccurate there")


def _newton_step(H, g):
    try:
        if np.linalg.cond(H) > 1e12:
            return None
        step = np.linalg.solve(H, -g)
    except np.linalg.LinAlgError:
        return None
    return step if np.all(np.isfinite(step)) else None


def _finish(obj: _Objective, x, result, tol):
    kind = stationary_kind(obj.hessian(x))
    if kind == "minimum":
        return result(True, kind, f"converged to a local minimum: |grad f| <= {tol:g}")
    if kind == "undecided":
        return result(True, kind, f"converged: |grad f| <= {tol:g}; the Hessian is singular "
                                  "there, so the kind of point is undecided (flat in some "
                                  "direction)")
    return result(False, kind, f"reached a {kind}, not a minimum: the gradient vanishes "
                               f"(|grad f| <= {tol:g}) but the Hessian's eigenvalues "
                               f"{'are all negative' if kind == 'maximum' else 'have both signs'}")


def minimize(f: Callable, x0, *, method: str = "hybrid", step=None, tol: float = 1e-8,
             maxiter: int = 1000, max_step: float = 1.0, jac=None, hess=None,
             h=None) -> MinimizeResult:
    """A local minimum of f: R^n -> R by the lab's step rules.

    Parameters
    ----------
    f : callable
        ``f(p) -> float`` for a 1-D array ``p`` of n coordinates.
    x0 : array_like, shape (n,)
        The start.
    method : {"steepest", "newton", "hybrid"}
        "steepest": down the gradient, by a fixed `step` or, by default, a backtracking line
        search (as :func:`gradient_descent`). "newton": the step ``-H^-1 grad f`` to the
        stationary point of the quadratic model, whatever kind it is. "hybrid" (default): the
        Newton step when it points downhill, is at most `max_step` long and lowers f; else a
        steepest step.
    step : float, optional
        A fixed step size for the steepest steps.
    tol : float
        Converged when the gradient's length is at most `tol`.
    maxiter : int
        At most this many steps.
    max_step : float
        The longest Newton step the hybrid rule takes; a longer one is cut to this length.
    jac, hess : callable, optional
        The gradient ``(n,)`` and Hessian ``(n, n)``; by default central differences.
    h : float, optional
        The finite-difference step.

    Returns
    -------
    MinimizeResult
        ``converged=True`` means a local *minimum*: a run that ends where the gradient vanishes
        but the Hessian says maximum or saddle point returns ``converged=False`` and names it.

    Examples
    --------
    >>> def himmelblau(p):
    ...     x, y = p
    ...     return (x**2 + y - 11)**2 + (x + y**2 - 7)**2
    >>> r = minimize(himmelblau, [0.0, 0.0], method="newton")
    >>> r.converged, r.kind, r.x.round(6)
    (False, 'maximum', array([-0.270845, -0.923039]))
    >>> r = minimize(himmelblau, [0.0, 0.0])                # hybrid
    >>> r.converged, r.kind, r.x.round(6)
    (True, 'minimum', array([3., 2.]))
    """
    check_choice("method", method, METHODS)
    x = _check_start(f, x0, jac, hess)
    tol = _check_tol("tol", tol)
    maxiter = _check_maxiter(maxiter)
    max_step = _check_tol("max_step", max_step)
    if step is not None:
        step = _check_tol("step", step)
    obj = _Objective(f, jac, hess, x.size, h)
    with np.errstate(over="ignore", invalid="ignore"):
        return _descend(obj, x, method, step, tol, maxiter, max_step)


# -- Lagrange multipliers --------------------------------------------------------------------

@dataclass(frozen=True)
class LagrangeResult:
    """What :func:`lagrange_multipliers` found.

    Attributes
    ----------
    x : numpy.ndarray
        The point (stationary on the constraint when `converged`).
    lam : float or numpy.ndarray
        The multiplier(s): ``grad f = lam grad g`` there (one per constraint).
    fun : float
        f(x).
    converged : bool
        Whether the gradient of the Lagrangian vanished (to `tol`).
    kind : str
        "minimum" or "maximum" on the constraint, "saddle point", or "undecided" (judged by
        the Hessian of the Lagrangian along the constraint).
    nit : int
        Newton steps taken.
    history : numpy.ndarray, shape (nit + 1, n + m)
        The iterates (x, lambda).
    message : str
        Why it stopped.
    """

    x: np.ndarray
    lam: float | np.ndarray
    fun: float
    converged: bool
    kind: str
    nit: int
    history: np.ndarray
    message: str


def lagrange_multipliers(f: Callable, g: Callable, x0, *, lam0=None, tol: float = 1e-10,
                         maxiter: int = 100, h=None) -> LagrangeResult:
    """A stationary point of f subject to g = 0, by Newton's method on the Lagrangian.

    The Lagrangian ``L(x, lam) = f(x) - lam g(x)`` is stationary where ``grad f = lam grad g``
    (the contour of f touches the constraint curve) and ``g = 0``: a system of n + m equations
    in (x, lam), solved by Newton's method with central-difference derivatives.

    Parameters
    ----------
    f : callable
        ``f(p) -> float``, the objective.
    g : callable
        ``g(p) -> float`` (one constraint) or a 1-D array of m constraints, each = 0.
    x0 : array_like, shape (n,)
        The start.
    lam0 : float or array_like, optional
        The start of the multiplier(s). By default the least-squares fit of
        ``grad f = lam grad g`` at `x0`, so that a linear objective does not start on a
        singular system.
    tol : float
        Converged when every equation's residual is at most `tol`, or when the Newton steps
        have stopped moving (below 1e-9 relative) with every residual under ``1e3 * tol``: the
        floor that finite-difference derivatives leave.
    maxiter : int
        At most this many Newton steps.
    h : float, optional
        The finite-difference step.

    Returns
    -------
    LagrangeResult
        A singular Newton system is reported (``converged=False``), never raised.

    Examples
    --------
    >>> import numpy as np
    >>> f = lambda p: p[0] + p[1]                   # on the unit circle x^2 + y^2 = 1
    >>> g = lambda p: p[0]**2 + p[1]**2 - 1
    >>> r = lagrange_multipliers(f, g, [1.0, 0.5])
    >>> r.converged, r.x.round(6), round(r.lam, 6), r.kind
    (True, array([0.707107, 0.707107]), 0.707107, 'maximum')
    """
    check_callable("f", f)
    check_callable("g", g)
    x = _validate_point("x0", x0)
    tol = _check_tol("tol", tol)
    maxiter = _check_maxiter(maxiter)
    n = x.size
    g_value = _value(g, x, name="g")
    m = g_value.size
    if m >= n:
        raise ValueError(f"`g` gives {m} constraints on {n} variables: there must be fewer "
                         "constraints than variables")
    fx = _value(f, x, name="f")
    if fx.size != 1:
        raise ValueError(f"`f` must return one number, got {fx.size} values at x0")
    step2 = _validate_step(h, x, order=2)
    step3 = _validate_step(h, x, order=3)

    def grad_f(p):
        return _jacobian(f, p, step2)[0]

    def jac_g(p):
        return _jacobian(g, p, step2)

    if lam0 is None:
        J = jac_g(x)
        if np.linalg.matrix_rank(J) < m:
            raise ValueError(f"the constraint's gradient vanishes (or its rows are dependent) at "
                             f"x0 = {_fmt(x)}; start elsewhere or give `lam0`")
        lam = np.linalg.lstsq(J.T, grad_f(x), rcond=None)[0]
    else:
        lam = real_array("lam0", lam0).reshape(-1)
        if lam.size != m:
            raise ValueError(f"`lam0` must have one multiplier per constraint ({m}), got "
                             f"{lam.size}")

    def residual(z):
        p, mu = z[:n], z[n:]
        return np.concatenate([grad_f(p) - jac_g(p).T @ mu, _value(g, p, m, name="g")])

    z = np.concatenate([x, lam])
    history = [z.copy()]

    def result(converged, message, kind="undecided"):
        p, mu = history[-1][:n], history[-1][n:]
        lam_out = float(mu[0]) if m == 1 else mu.copy()
        return LagrangeResult(p.copy(), lam_out, float(_value(f, p)[0]), converged, kind,
                              len(history) - 1, np.array(history), message)

    for _ in range(maxiter):
        try:
            F = residual(z)
        except ValueError as exc:
            return result(False, f"stopped: f or g cannot be differentiated at {_fmt(z[:n])} "
                                 f"({exc})")
        settled = (len(history) > 2 and np.linalg.norm(history[-1] - history[-2])
                   <= 1e-9 * (1 + np.linalg.norm(z)) and np.max(np.abs(F)) <= 1e3 * tol)
        if np.max(np.abs(F)) <= tol or settled:  # or at the finite differences' floor
            kind = _constrained_kind(f, g, z, n, m, step3)
            where = "on the constraint" if kind in ("minimum", "maximum") else ""
            within = max(tol, float(np.max(np.abs(F))))
            return result(True, f"converged: grad f = lam grad g and g = 0 to within {within:.2g}; "
                                f"a {kind} {where}".rstrip(), kind)
        JF = _jacobian(residual, z, np.concatenate([step3, np.full(m, 1e-4)]))
        try:
            if np.linalg.cond(JF) > 1e14:
                raise np.linalg.LinAlgError
            dz = np.linalg.solve(JF, -F)
        except np.linalg.LinAlgError:
            return result(False, f"stopped: the Newton system is singular at x = "
                                 f"{_fmt(z[:n])}, lam = {_fmt(z[n:])} (the constraint's "
                                 "gradient vanishes there, or the point is degenerate)")
        if not np.all(np.isfinite(dz)) or np.linalg.norm(dz) > 1e4 * (1 + np.linalg.norm(z)):
            return result(False, f"stopped: the Newton system is (nearly) singular at x = "
                                 f"{_fmt(z[:n])}, lam = {_fmt(z[n:])}: its step is "
                                 f"{np.linalg.norm(dz):.3g} long")
        z = z + dz
        history.append(z.copy())
    return result(False, f"no convergence in {maxiter} Newton steps (maxiter): the largest "
                         f"residual is {np.max(np.abs(residual(z))):.3g}")


def _constrained_kind(f, g, z, n, m, step) -> str:
    """The Hessian of the Lagrangian projected on the constraint's tangent space."""
    p, mu = z[:n], z[n:]

    def grad_lagrangian(q):
        return _jacobian(f, q, step)[0] - _jacobian(g, q, step).T @ mu

    H = _jacobian(grad_lagrangian, p, step)
    J = _jacobian(g, p, step)
    _, s, vt = np.linalg.svd(J)
    Z = vt[m:].T  # an orthonormal basis of the directions along the constraint
    return stationary_kind(Z.T @ ((H + H.T) / 2) @ Z, rtol=1e-5)
