"""Numerical derivatives of functions of one variable.

Every method approximates the limit that defines the derivative,

    f'(x) = lim_{h -> 0} (f(x + h) - f(x)) / h,

by evaluating `f` at a few points near `x`. They differ in how fast their
truncation error shrinks with the step `h` (the *order*), and so in how large
a step they can afford before round-off takes over.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from ._validation import check_callable, check_choice, positive_step, real_array

__all__ = ["derivative", "METHODS", "StepSizeWarning"]

EPS = np.finfo(float).eps

#: Error order p of each method: the truncation error shrinks like h**p.
METHODS = {"forward": 1, "backward": 1, "central": 2, "richardson": 6, "complex": 2}

#: Below this |x| the default step stops shrinking with x, so that x = 0 gets a sensible step.
SCALE_FLOOR = 0.05


class StepSizeWarning(RuntimeWarning):
    """A step so small that round-off error will dominate the derivative."""


def default_step(x, method: str = "central") -> np.ndarray:
    """The step `derivative` uses when `h` is not given.

    It balances truncation error (about ``h**p`` for a method of order ``p``)
    against round-off (about ``eps / h``), which gives ``h = eps**(1/(p+1))``,
    scaled by the size of ``x`` because floating-point numbers are spaced in
    proportion to their size.

    Examples
    --------
    >>> float(default_step(1.0, "central"))  # eps**(1/3)
    6.0555e-06
    >>> float(default_step(200.0, "forward"))  # eps**(1/2) * 200
    2.98e-06
    """
    check_choice("method", method, tuple(METHODS))
    if method == "complex":  # no subtraction, so no round-off to balance
        return EPS * np.maximum(np.abs(np.asarray(x, dtype=float)), SCALE_FLOOR)
    return balanced_step(x, METHODS[method])


def balanced_step(x, order: int) -> np.ndarray:
    """``eps**(1/(order+1)) * max(|x|, 0.05)``: the step at which a difference formula's
    truncation error (about h**order) meets its round-off (about eps / h)."""
    return EPS ** (1.0 / (order + 1)) * np.maximum(np.abs(np.asarray(x, dtype=float)), SCALE_FLOOR)


def warn_if_step_too_small(h, x, stacklevel: int) -> None:
    """Warn (StepSizeWarning, at the caller `stacklevel` frames up) if any step is below
    sqrt(eps) * max(|x|, 0.05), where round-off dominates every difference formula."""
    if (h < np.sqrt(EPS) * np.maximum(np.abs(x), SCALE_FLOOR)).any():
        warnings.warn(
            f"`h` = {np.min(h):g} is below sqrt(eps) * max(|x|, {SCALE_FLOOR}); "
            "round-off error will dominate the result",
            StepSizeWarning,
            stacklevel=stacklevel + 1,
        )


def derivative(
    f: Callable, x, *, method: str = "central", h=None
) -> float | np.ndarray:
    """Numerical derivative of a function of one variable.

    Parameters
    ----------
    f : callable
        The function, ``f(x) -> float``. It is called with a NumPy array of
        points when it accepts one (NumPy functions do) and point by point
        otherwise.
    x : float or array_like
        Where to differentiate. An array gives the derivative at each point.
    method : {"central", "forward", "backward", "richardson", "complex"}
        ``"forward"`` and ``"backward"``: one-sided differences, first order.
        ``"central"``: the symmetric difference, second order.
        ``"richardson"``: Richardson extrapolation of three central differences
        (steps h, h/2, h/4), sixth order. ``"complex"``: the complex step
        ``Im f(x + ih) / h``, exact to machine precision when `f` accepts
        complex input.
    h : float or array_like, optional
        The step (for ``"richardson"``, the largest of its three steps).
        Default: :func:`default_step`, chosen from the method's order and the
        size of `x`.

    Returns
    -------
    float or numpy.ndarray
        ``f'(x)``, a float for a scalar `x`, else an array of the shape of `x`.

    Raises
    ------
    TypeError
        If `f` is not callable, `x` or `h` is not real, or `f` rejects the
        complex input that ``method="complex"`` needs.
    ValueError
        If `x` is not finite, `h` is not positive, `method` is unknown, `f`
        returns the wrong shape, or `f` is not finite at `x` or at a point of
        the stencil (the derivative then does not exist, or the step is too big).

    Warns
    -----
    StepSizeWarning
        If `h` is below ``sqrt(eps) * max(|x|, 0.05)``, where round-off
        dominates every method but ``"complex"``.

    Notes
    -----
    With ``D(h) = (f(x + h) - f(x - h)) / 2h = f'(x) + c2 h**2 + c4 h**4 + ...``,
    Richardson's table cancels the h**2 and h**4 terms:
    ``D1(h) = (4 D(h/2) - D(h)) / 3`` and ``D2 = (16 D1(h/2) - D1(h)) / 15``.
    Every method but ``"complex"`` also evaluates ``f(x)`` once, so that a
    function undefined at `x` (such as ``sin(x)/x`` at 0) raises an error
    instead of returning a plausible number. Evaluations per point: forward
    and backward 2, central 3, richardson 7, complex 1.

    References
    ----------
    Deisenroth, Faisal and Ong, *Mathematics for Machine Learning* (2020), sec. 5.1.
    Press et al., *Numerical Recipes*, 3rd ed. (2007), sec. 5.7.

    Examples
    --------
    >>> import numpy as np
    >>> derivative(np.sin, 0.0)
    1.0
    >>> derivative(np.exp, [0.0, 1.0], method="richardson")
    array([1.        , 2.71828183])
    >>> derivative(lambda x: x**3, 2.0, method="complex")
    12.0
    """
    check_callable("f", f)
    check_choice("method", method, tuple(METHODS))
    x = real_array("x", x)
    if h is None:
        h = default_step(x, method)
    else:
        h = positive_step("h", h)
        try:
            h = np.broadcast_to(h, x.shape)
        except ValueError:
            raise ValueError(f"`h` of shape {h.shape} does not match `x` of shape {x.shape}") from None
        if method != "complex":
            warn_if_step_too_small(h, x, stacklevel=2)
    result = _METHOD_FUNCS[method](f, x, h)
    return float(result) if result.ndim == 0 else result


def _forward(f, x, h):
    xp = x + h  # x + h rounds; divide by the step actually taken
    fx, fp = _evaluate(f, np.stack([x, xp]), x)
    return (fp - fx) / (xp - x)


def _backward(f, x, h):
    xm = x - h
    fx, fm = _evaluate(f, np.stack([x, xm]), x)
    return (fx - fm) / (x - xm)


def _central(f, x, h):
    xp, xm = x + h, x - h
    _, fp, fm = _evaluate(f, np.stack([x, xp, xm]), x)
    return (fp - fm) / (xp - xm)


def _richardson(f, x, h):
    steps = h * np.array([1.0, 0.5, 0.25]).reshape((3,) + (1,) * x.ndim)
    xp, xm = x + steps, x - steps
    values = _evaluate(f, np.concatenate([x[None], xp, xm]), x)
    table = (values[1:4] - values[4:7]) / (xp - xm)  # D(h), D(h/2), D(h/4)
    for j in (1, 2):  # each column cancels the next even power of h
        table = (4**j * table[1:] - table[:-1]) / (4**j - 1)
    return table[0]


def _complex(f, x, h):
    z = x + 1j * h
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)  # math.sin casts to real
            fz = np.asarray(f(z))
    except (TypeError, np.exceptions.ComplexWarning) as exc:
        raise TypeError(
            "method='complex' needs `f` to accept complex input, but f raised "
            f"{type(exc).__name__}: {exc} (use numpy functions, not the math module)"
        ) from exc
    if fz.shape != x.shape:
        fz = _evaluate(f, z[None], x, kind=complex)[0]
    if fz.dtype.kind != "c":
        raise ValueError(
            "method='complex' needs `f` to return complex values for complex input, "
            f"but f returned dtype {fz.dtype} (does it call abs(), real() or float()?)"
        )
    _check_finite(fz.real, x, "x")
    return fz.imag / h


def _evaluate(f, points, x, kind=float):
    """f at every point of `points` (shape (k, *x.shape)): row 0 must be x itself.

    Calls `f` once on the whole array when it is vectorised, else point by point.
    """
    try:
        with np.errstate(all="ignore"):
            values = np.asarray(f(points))
    except (TypeError, ValueError):  # e.g. math.sin on an array
        values = None
    if values is None or values.shape != points.shape:
        if values is not None and values.ndim > 0 and values.size > 1:
            raise ValueError(
                f"`f` must return one value per point: given an array of shape "
                f"{points.shape} it returned shape {values.shape}"
            )
        values = np.array([f(p) for p in points.ravel()]).reshape(points.shape)
    if values.dtype.kind not in "iufc" or (kind is float and values.dtype.kind == "c"):
        raise TypeError(f"`f` must return real numbers, got dtype {values.dtype}")
    values = values.astype(kind)
    if kind is float:
        _check_finite(values[0], x, "x")
        _check_finite(values[1:], points[1:].real, "a point of the stencil")
    return values


def _check_finite(values, x, where):
    bad = ~np.isfinite(values)
    if bad.any():
        i = np.argwhere(bad)[0] if bad.ndim else ()
        at = float(np.asarray(x)[tuple(i)])  # the point where f failed
        value = np.asarray(values)[tuple(i)]
        hint = (
            "; the derivative does not exist there"
            if where == "x"
            else "; try a smaller `h`, or check the domain of f"
        )
        raise ValueError(f"`f` is not finite at {where} (x = {at:g}): f = {value}{hint}")


_METHOD_FUNCS = {
    "forward": _forward,
    "backward": _backward,
    "central": _central,
    "richardson": _richardson,
    "complex": _complex,
}
