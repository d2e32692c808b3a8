"""Derivatives of functions of several variables: partials, gradient, Jacobian, Hessian.

A function of several variables takes a *point*, a 1-D array ``p`` of n
coordinates, and returns a number (f: R^n -> R) or a vector (f: R^n -> R^m).
The book writes such functions as ``def f(p): x, y = p; return ...`` with
NumPy operations.

Shapes, once and for all (the course's convention):

* the **Jacobian** of f: R^n -> R^m is the m x n matrix of partial derivatives,
  ``J[i, j] = d f_i / d x_j``: one *row* per output, one *column* per input.
  For a scalar f it is a single row, shape (1, n);
* the **gradient** of a scalar f is the same n numbers stood up as a *column*,
  ``grad f = J^T``. NumPy returns it as a flat array of shape (n,);
* the **Hessian** is the Jacobian of the gradient, shape (n, n), symmetric
  when f is smooth.

Everything is built from one primitive, the central difference along one
coordinate axis, so the composition is visible: a partial derivative is the
ordinary derivative of a one-variable slice; the Jacobian stacks central
differences column by column; the gradient is the transpose of a one-row
Jacobian; the Hessian is the Jacobian of the gradient.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validation import check_callable, positive_step, real_array
from .derivatives import balanced_step, derivative, warn_if_step_too_small

__all__ = ["partial", "gradient", "jacobian", "hessian", "total_derivative"]


def _validate_point(name: str, x) -> np.ndarray:
    """A point: a finite 1-D float array (a scalar is a point of R^1)."""
    p = real_array(name, x)
    if p.ndim == 0:
        return p.reshape(1)
    if p.ndim != 1:
        raise ValueError(
            f"`{name}` must be one point, a 1-D array of coordinates; got an array of shape "
            f"{p.shape}. To work at several points, call the function once per point."
        )
    if p.size == 0:
        raise ValueError(f"`{name}` must have at least one coordinate, got an empty array")
    return p


def _validate_step(h, x: np.ndarray, order: int) -> np.ndarray:
    """One step per coordinate: the default balances truncation (h**order) and round-off."""
    if h is None:
        return balanced_step(x, order)
    step = positive_step("h", h)
    if step.ndim > 1 or (step.ndim == 1 and step.shape != x.shape):
        raise ValueError(
            f"`h` must be a number or one step per coordinate, shape {x.shape}; got shape {step.shape}"
        )
    step = np.broadcast_to(step, x.shape).astype(float)
    warn_if_step_too_small(step, x, stacklevel=3)  # at the caller of the public function
    return step


def _value(f: Callable, p: np.ndarray, m: int | None = None, name: str = "f") -> np.ndarray:
    """f(p) as a flat float array of its m outputs, checked for shape and finiteness; errors
    name the function `name`."""
    with np.errstate(all="ignore"):
        out = np.asarray(f(p))
    if out.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` must return real numbers, got {out!r} (dtype {out.dtype}) at {p}")
    if out.ndim > 1:
        raise ValueError(
            f"`{name}` must return a number or a 1-D array; at the point {p} it returned shape "
            f"{out.shape}"
        )
    out = out.astype(float).reshape(-1)
    if m is not None and out.size != m:
        raise ValueError(f"`{name}` returned {out.size} values at {p} but {m} at the first point")
    if not np.isfinite(out).all():
        raise ValueError(
            f"`{name}` is not finite at the point {p}: {name} = "
            f"{out if out.size > 1 else out[0]}; the derivative does not exist there, or the "
            f"step `h` leaves the domain of {name}"
        )
    return out


def _require_scalar(outputs: int, what: str) -> None:
    """The one check that `f` is scalar-valued, for every function that needs it."""
    if outputs != 1:
        raise ValueError(
            f"{what} needs a scalar-valued `f`, but f returned {outputs} values; "
            "use `jacobian` for vector-valued functions"
        )


def jacobian(f: Callable, x, *, h=None) -> np.ndarray:
    """The Jacobian matrix of f: R^n -> R^m at the point `x`, by central differences.

    Parameters
    ----------
    f : callable
        ``f(p)`` for a 1-D array ``p`` of n coordinates, returning a number or
        a 1-D array of m numbers.
    x : array_like, shape (n,)
        The point. A number is a point of R^1.
    h : float or array_like of shape (n,), optional
        The step along each coordinate. Default ``eps**(1/3) * max(|x_j|, 0.05)``,
        which balances the central difference's h**2 truncation error against
        round-off.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        ``J[i, j] = d f_i / d x_j``; always 2-D, so a scalar f gives one row, (1, n).

    Raises
    ------
    TypeError
        If `f` is not callable or returns non-real values, or `x`, `h` are not real.
    ValueError
        If `x` is not a single finite point (1-D), `h` is not positive or has the
        wrong shape, or `f` returns the wrong shape or a value that is not finite.

    Warns
    -----
    StepSizeWarning
        If `h` is below ``sqrt(eps) * max(|x_j|, 0.05)``.

    Notes
    -----
    Column j is the central difference along the j-th axis,
    ``(f(x + h_j e_j) - f(x - h_j e_j)) / (2 h_j)``, with error O(h_j**2);
    2n + 1 evaluations of f (f(x) is evaluated once, to check the point).

    References
    ----------
    Deisenroth, Faisal and Ong, *Mathematics for Machine Learning* (2020), sec. 5.3.

    Examples
    --------
    >>> import numpy as np
    >>> def polar(p):
    ...     r, theta = p
    ...     return np.array([r * np.cos(theta), r * np.sin(theta)])
    >>> J = jacobian(polar, [2.0, 0.0])
    >>> J.round(8)
    array([[1., 0.],
           [0., 2.]])
    >>> jacobian(lambda p: p[0]**2 * p[1], [1.0, 3.0]).shape   # scalar f: one row
    (1, 2)
    """
    check_callable("f", f)
    x = _validate_point("x", x)
    return _jacobian(f, x, _validate_step(h, x, order=2))


def _jacobian(f: Callable, x: np.ndarray, h: np.ndarray) -> np.ndarray:
    m = _value(f, x).size
    J = np.empty((m, x.size))
    for j in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[j] += h[j]
        xm[j] -= h[j]
        J[:, j] = (_value(f, xp, m) - _value(f, xm, m)) / (xp[j] - xm[j])  # the step actually taken
    return J


def gradient(f: Callable, x, *, h=None) -> np.ndarray:
    """The gradient of a scalar function f: R^n -> R at `x`: the transpose of its Jacobian.

    Parameters
    ----------
    f : callable
        ``f(p) -> float`` for a 1-D array ``p`` of n coordinates.
    x : array_like, shape (n,)
        The point.
    h : float or array_like of shape (n,), optional
        Step along each coordinate, as in :func:`jacobian`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``(df/dx_1, ..., df/dx_n)``. It points uphill, the way f grows fastest.

    Raises
    ------
    ValueError
        If `f` returns more than one value (use :func:`jacobian`), and as
        :func:`jacobian` otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> def f(p):
    ...     x, y, z = p
    ...     return x**2 * y + 3 * z
    >>> gradient(f, [1.0, 2.0, 0.0]).round(8)   # (2xy, x^2, 3)
    array([4., 1., 3.])
    """
    check_callable("f", f)
    x = _validate_point("x", x)
    return _gradient(f, x, _validate_step(h, x, order=2))


def _gradient(f: Callable, x: np.ndarray, h: np.ndarray, what: str = "the gradient") -> np.ndarray:
    J = _jacobian(f, x, h)
    _require_scalar(J.shape[0], what)
    return J[0]  # the column gradient is the transpose of the one-row Jacobian


def partial(f: Callable, x, *, wrt: int, h=None, method: str = "central") -> float:
    """The partial derivative of a scalar f along coordinate `wrt`, every other held constant.

    It is the ordinary derivative of the one-variable slice
    ``t -> f(x_1, ..., t, ..., x_n)`` at ``t = x[wrt]``, computed by
    :func:`mlcalc.derivative` with the given `method` and step `h`.

    Examples
    --------
    >>> import numpy as np
    >>> def can_mass(p):              # m = 2 pi r^2 t rho + 2 pi r h t rho
    ...     r, height, t, rho = p
    ...     return 2 * np.pi * r**2 * t * rho + 2 * np.pi * r * height * t * rho
    >>> round(partial(can_mass, [0.05, 0.12, 0.001, 2700.0], wrt=1), 4)   # 2 pi r t rho
    0.8482
    """
    check_callable("f", f)
    x = _validate_point("x", x)
    if isinstance(wrt, (bool, np.bool_)) or not isinstance(wrt, (int, np.integer)):
        raise TypeError(f"`wrt` must be the index of a coordinate (an int), got {wrt!r}")
    if not -x.size <= wrt < x.size:
        raise ValueError(f"`wrt` must be an index into the {x.size} coordinates of `x`, got {wrt}")
    _require_scalar(_value(f, x).size, "partial")

    def slice_(t):
        t = np.asarray(t, dtype=float)
        values = []
        for ti in t.reshape(-1):
            p = x.copy()
            p[wrt] = ti
            values.append(_value(f, p)[0])
        return np.reshape(values, t.shape)

    step = None if h is None else positive_step("h", h)
    return derivative(slice_, x[wrt], method=method, h=step)


def hessian(f: Callable, x, *, h=None) -> np.ndarray:
    """The Hessian of a scalar f: R^n -> R at `x`: the Jacobian of the gradient.

    Parameters
    ----------
    f : callable
        ``f(p) -> float`` for a 1-D array ``p`` of n coordinates.
    x : array_like, shape (n,)
        The point.
    h : float or array_like of shape (n,), optional
        The step of both differentiations. Default ``eps**(1/4) * max(|x_j|, 0.05)``,
        larger than the gradient's: a second difference divides round-off by h**2,
        not h.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        ``H[i, j] = d^2 f / dx_i dx_j``, symmetrised as ``(H + H^T) / 2``.

    Notes
    -----
    ``hessian(f, x) = jacobian(gradient(f, .), x)``: nested central
    differences, error O(h**2) + O(eps / h**2); (2n + 1)**2 evaluations of f.
    Its eigenvalues classify a stationary point: all positive, a minimum; all
    negative, a maximum; mixed signs, a saddle.

    Examples
    --------
    >>> def saddle(p):
    ...     x, y = p
    ...     return x**2 - y**2
    >>> hessian(saddle, [0.0, 0.0]).round(6)
    array([[ 2.,  0.],
           [ 0., -2.]])
    """
    check_callable("f", f)
    x = _validate_point("x", x)
    step = _validate_step(h, x, order=3)
    H = _jacobian(lambda p: _gradient(f, p, step), x, step)  # the Jacobian of the gradient
    return (H + H.T) / 2


def total_derivative(f: Callable, path: Callable, t: float, *, h=None) -> float:
    """df/dt along a path: the derivative of ``f(path(t))``, as ``J_f(path(t)) @ dpath/dt``.

    Parameters
    ----------
    f : callable
        A scalar function of n variables, ``f(p) -> float``.
    path : callable
        ``path(t)`` -> the point (1-D array of n coordinates) at time t.
    t : float
        The time.
    h : float, optional
        Step of the differentiations of f and of the path (default as in :func:`jacobian`).

    Returns
    -------
    float
        The sum over coordinates of ``(df/dx_i) (dx_i/dt)``: the multivariate chain rule.

    Examples
    --------
    >>> import numpy as np
    >>> f = lambda p: p[0] * p[1]                      # f = x y
    >>> path = lambda t: np.array([np.cos(t), np.sin(t)])
    >>> round(total_derivative(f, path, 0.0), 8)       # d/dt (cos t sin t) = cos 2t
    1.0
    """
    check_callable("f", f)
    check_callable("path", path)
    t = real_array("t", t)
    if t.ndim != 0:
        raise ValueError(f"`t` must be a single number, got an array of shape {t.shape}")
    point = _validate_point("path(t)", path(float(t)))
    grad = _gradient(f, point, _validate_step(h, point, order=2), "total_derivative")
    t = t.reshape(1)
    velocity = _jacobian(lambda s: path(s[0]), t, _validate_step(h, t, order=2))[:, 0]  # dx/dt
    if velocity.size != point.size:
        raise ValueError(f"`path` returned {velocity.size} coordinates near t but {point.size} at t")
    return float(grad @ velocity)
