"""Taylor series and linearisation: polynomial models of a function near a point.

* :func:`taylor`: the Taylor polynomial of order n of a function of one variable about ``a``,
  exact (from SymPy's derivatives) and callable on NumPy arrays; it knows its radius of
  convergence, and refuses a centre where the function is not analytic;
* :func:`linearise`: the first-order model ``f(x0) + J (x - x0)`` of any f: R^n -> R^m, from
  :func:`mlcalc.jacobian`;
* :func:`quadratic_approximation`: the second-order model
  ``f(x0) + J dx + 1/2 dx^T H dx`` of a scalar f: R^n -> R, from :func:`mlcalc.gradient` and
  :func:`mlcalc.hessian` (the model behind Newton's method);
* :func:`error_order`: the order p of an error that shrinks like ``step**p``, fitted on a
  log-log scale;
* :func:`cooking_time`: chapter 4's running example, a chicken's cooking time against its mass.

The models' errors shrink with the step ``dx`` like ``|dx|**(n + 1)`` for an order-n
polynomial, ``|dx|**2`` for the linearisation and ``|dx|**3`` for the quadratic model.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import sympy as sp

from ._validation import check_callable, real_array
from .multivariate import _gradient, _jacobian, _validate_point, _validate_step, _value
from .symbolic import parse

__all__ = ["TaylorPolynomial", "taylor", "Linearisation", "linearise", "QuadraticModel",
           "quadratic_approximation", "error_order", "cooking_time", "MAX_ORDER"]

MAX_ORDER = 60  #: the highest order :func:`taylor` computes (SymPy's derivatives grow fast)
_X = sp.Symbol("x", real=True)
_Z = sp.Dummy("z")  # a complex variable, to look for where f stops being analytic
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# -- one variable: the Taylor polynomial -----------------------------------------------------

@dataclass(frozen=True)
class TaylorPolynomial:
    """The Taylor polynomial of order n of f about ``a``: ``sum_k c_k (x - a)**k``.

    Call it on numbers or NumPy arrays. ``str(p)`` writes it out, and :meth:`truncate` and
    :meth:`partial_sums` give the polynomials of lower order (the first terms of the same
    series).

    Attributes
    ----------
    coefficients : numpy.ndarray, shape (order + 1,)
        ``c_k = f^(k)(a) / k!`` as floats.
    center : float
        The point ``a`` of the expansion.
    order : int
        The highest power n.
    expr : sympy.Expr
        The polynomial in powers of ``x - a``, with exact coefficients.
    function : sympy.Expr
        The function f, in the variable ``x``.
    exact : tuple of sympy.Expr
        The exact coefficients.
    radius : float
        The radius of convergence: the distance from ``a`` to the nearest pole or branch point
        of f in the complex plane (``math.inf`` if there is none). Inside
        ``(a - radius, a + radius)`` the polynomials converge as the order grows; outside they
        diverge. A kink or jump (``Abs``, ``sign``, ``Heaviside``) does not limit it: the series
        of |x| about 2 is x, which converges everywhere, but equals |x| only for x > 0.
    """

    coefficients: np.ndarray
    center: float
    order: int
    expr: sp.Expr = field(repr=False)
    function: sp.Expr
    exact: tuple = field(repr=False)
    radius: float

    def __call__(self, x):
        """The polynomial at `x` (a number or an array), by Horner's rule in ``x - a``."""
        dx = real_array("x", x) - self.center
        value = np.zeros_like(dx)
        for c in self.coefficients[::-1]:
            value = value * dx + c
        return value if value.ndim else float(value)

    def truncate(self, order: int) -> "TaylorPolynomial":
        """The polynomial of a lower `order`: the first ``order + 1`` terms of the same series.

        Examples
        --------
        >>> print(taylor("exp(x)", 0, 6).truncate(2))
        1 + x + x²/2
        """
        order = _check_order(order)
        if order > self.order:
            raise ValueError(f"`order` must be at most this polynomial's order {self.order}, "
                             f"got {order}")
        exact = self.exact[: order + 1]
        return TaylorPolynomial(self.coefficients[: order + 1].copy(), self.center, order,
                                _polynomial(exact, _center_exact(self.center)), self.function,
                                exact, self.radius)

    def partial_sums(self, x) -> np.ndarray:
        """The polynomials of every order 0, 1, ..., n at `x`: row k is the order-k one.

        Examples
        --------
        >>> taylor("1/(1 - x)", 0, 3).partial_sums([0.5])[:, 0]
        array([1.   , 1.5  , 1.75 , 1.875])
        """
        dx = real_array("x", x).reshape(-1) - self.center
        terms = self.coefficients[:, None] * dx[None, :] ** np.arange(self.order + 1)[:, None]
        return np.cumsum(terms, axis=0)

    def __str__(self) -> str:
        return _text(self.exact, _center_exact(self.center))


def taylor(f, a, order) -> TaylorPolynomial:
    """The Taylor polynomial of order `order` of a function of one variable ``x`` about `a`.

    ``p(x) = sum_{k=0}^{n} f^(k)(a) / k! (x - a)**k``: the polynomial that matches f and its
    first n derivatives at ``a``. The derivatives are SymPy's, exact.

    Parameters
    ----------
    f : sympy.Expr or str
        The function, in the variable ``x`` (a string as :func:`mlcalc.parse` reads it).
    a : float
        The centre. A float such as 1.5 is read as the exact number it stands for (3/2).
    order : int
        The highest power, 0 <= order <= ``MAX_ORDER``.

    Returns
    -------
    TaylorPolynomial

    Raises
    ------
    TypeError
        If `f` is not a formula, or `a` or `order` is not a number.
    ValueError
        If `f` has a variable other than ``x``, `a` is not finite, `order` is out of range, or
        f is not analytic at `a` (a pole such as 1/x at 0, a branch point such as sqrt(x) at 0,
        a kink such as |x| at 0): it has no Taylor series there, and the message says why.

    Notes
    -----
    Inside its radius of convergence R, the error of the order-n polynomial at ``a + dx``
    is ``O(dx**(n + 1))``: it is the next term, ``f^(n+1)(xi) / (n + 1)! dx**(n + 1)`` for some
    xi between a and a + dx (Taylor's theorem with Lagrange's remainder). R is found from
    f's form: the complex zeros of denominators, of logarithms' arguments and of the bases of
    fractional powers, and the kinks of ``Abs`` and ``sign``.

    References
    ----------
    Deisenroth, Faisal and Ong, *Mathematics for Machine Learning* (2020), sec. 5.8.

    Examples
    --------
    >>> p = taylor("cos(x)", 0, 4)
    >>> print(p)
    1 − x²/2 + x⁴/24
    >>> p.coefficients
    array([ 1.        ,  0.        , -0.5       ,  0.        ,  0.04166667])
    >>> round(p(0.5), 6), p.radius
    (0.877604, inf)
    >>> q = taylor("1/x", 1, 3)
    >>> print(q)
    1 − (x − 1) + (x − 1)² − (x − 1)³
    >>> q.radius                  # the pole at 0 is 1 away: the series converges on (0, 2)
    1.0
    >>> taylor("1/x", 0, 3)
    Traceback (most recent call last):
    ...
    ValueError: 1/x is not analytic at a = 0: it has a pole there (a denominator vanishes), so it has no Taylor series about 0. Expand about another point, such as 1.
    """
    expr = _check_function(f)
    order = _check_order(order)
    center, a_exact = _check_center(a)
    singular = _non_analytic_points(expr)
    why = _why_not_analytic(expr, a_exact, singular)
    if why:
        raise ValueError(f"{_plain(expr)} is not analytic at a = {_number(a_exact)}: {why}, so "
                         f"it has no Taylor series about {_number(a_exact)}. Expand about "
                         f"another point, such as {_number(_suggest(a_exact, singular))}.")
    exact = []
    derivative = expr
    for k in range(order + 1):
        value = sp.simplify(derivative.subs(_X, a_exact))
        if not value.is_finite or value.has(sp.nan, sp.zoo) or not value.is_real:
            raise ValueError(f"{_plain(expr)} is not analytic at a = {_number(a_exact)}: its "
                             f"derivative of order {k} there is {value}, so it has no Taylor "
                             "series about that point")
        exact.append(value / sp.factorial(k))
        derivative = sp.diff(derivative, _X)
    coefficients = np.array([float(c) for c in exact])
    radius = _radius(a_exact, _non_analytic_points(expr, kinks=False))
    return TaylorPolynomial(coefficients, center, order, _polynomial(exact, a_exact), expr,
                            tuple(exact), radius)


def _check_function(f) -> sp.Expr:
    if not isinstance(f, (str, sp.Expr)):
        raise TypeError(f"`f` must be a SymPy expression or a string formula in x, got {f!r}")
    expr = parse(f).subs(sp.Symbol("x"), _X)  # a plain Symbol('x') is the same variable
    others = expr.free_symbols - {_X}
    if others:
        names = ", ".join(sorted(str(s) for s in others))
        raise ValueError(f"`f` must be a function of x alone, but {f!r} also has {names}")
    return expr


def _check_order(order) -> int:
    if isinstance(order, (bool, np.bool_)) or not isinstance(order, numbers.Integral):
        raise TypeError(f"`order` must be a whole number, got {order!r}")
    if not 0 <= order <= MAX_ORDER:
        raise ValueError(f"`order` must be between 0 and {MAX_ORDER}, got {order}")
    return int(order)


def _check_center(a) -> tuple[float, sp.Expr]:
    if isinstance(a, sp.Expr) and a.is_number:
        exact = a
    else:
        exact = None
    value = real_array("a", float(a) if exact is not None and a.is_real else a)
    if value.ndim:
        raise ValueError(f"`a` must be a single number, got an array of shape {value.shape}")
    if exact is None:
        exact = sp.nsimplify(float(value), rational=True)
    return float(value), exact


def _center_exact(center: float) -> sp.Expr:
    return sp.nsimplify(center, rational=True)


def _non_analytic_points(expr: sp.Expr, *, kinks: bool = True) -> list[sp.Expr]:
    """Where f may stop being analytic, from its form: poles and branch points, and (with
    `kinks`) the kinks and jumps of Abs, sign and Heaviside, past which a series may go on
    converging, but to another function (the series of |x| about 2 is x)."""
    candidates: list[sp.Expr] = []
    broken = (sp.log, sp.Abs, sp.sign, sp.Heaviside) if kinks else (sp.log,)
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.has(_X):
            exponent = node.exp
            if not (exponent.is_integer and exponent.is_nonnegative):
                candidates += _zeros(node.base)
        elif isinstance(node, broken) and node.args[0].has(_X):
            candidates += _zeros(node.args[0])
        elif isinstance(node, (sp.tan, sp.sec)):
            candidates += _zeros(sp.cos(node.args[0]))
        elif isinstance(node, (sp.cot, sp.csc)):
            candidates += _zeros(sp.sin(node.args[0]))
    return candidates


def _zeros(u: sp.Expr) -> list[sp.Expr]:
    """The complex zeros of u(x); a periodic family is sampled over its first 200 members."""
    solutions = sp.solveset(u.subs(_X, _Z), _Z, domain=sp.S.Complexes)
    found = []
    for part in (solutions.args if isinstance(solutions, sp.Union) else [solutions]):
        if isinstance(part, sp.FiniteSet):
            found += list(part)
        elif isinstance(part, sp.ImageSet) and len(part.lamda.variables) == 1:
            n = part.lamda.variables[0]
            found += [part.lamda.expr.subs(n, k) for k in range(-100, 101)]
        elif isinstance(part, sp.Complement) and isinstance(part.args[0], sp.FiniteSet):
            found += list(part.args[0])
    return found


def _distance(a: sp.Expr, z: sp.Expr) -> float:
    return float(abs(complex(sp.N(z - a, 30))))


def _why_not_analytic(expr: sp.Expr, a: sp.Expr, singular: list[sp.Expr]) -> str | None:
    for node in sp.preorder_traversal(expr):
        at_a = None
        if isinstance(node, sp.Pow) and node.base.has(_X):
            exponent = node.exp
            if not (exponent.is_integer and exponent.is_nonnegative):
                base = node.base.subs(_X, a)
                if base == 0:
                    at_a = ("it has a pole there (a denominator vanishes)" if exponent.is_integer
                            else f"a fractional power, {_plain(node)}, has a branch point there")
        elif isinstance(node, sp.log) and node.args[0].subs(_X, a) == 0:
            at_a = f"{_plain(node)} is not defined there"
        elif isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)) and node.args[0].subs(_X, a) == 0:
            at_a = f"{_plain(node)} has a kink or a jump there"
        if at_a:
            return at_a
    if any(_distance(a, z) == 0 for z in singular):
        return "it has a singularity there"
    return None


def _radius(a: sp.Expr, singular: list[sp.Expr]) -> float:
    distances = [_distance(a, z) for z in singular]
    return min(distances) if distances else math.inf


def _suggest(a: sp.Expr, singular: list[sp.Expr]) -> sp.Expr:
    """A nearby whole number where f is analytic, for the error message."""
    for step in range(1, 10):
        for b in (a + step, a - step):
            if all(_distance(b, z) > 0 for z in singular):
                return b
    return a + 1


def _polynomial(exact, a: sp.Expr) -> sp.Expr:
    dx = _X - a
    terms = [sp.Mul(c, dx if k == 1 else sp.Pow(dx, k, evaluate=False), evaluate=False) if k else c
             for k, c in enumerate(exact) if c != 0]
    return sp.Add(*terms, evaluate=False) if len(terms) > 1 else (terms[0] if terms else sp.S.Zero)


def _number(value: sp.Expr) -> str:
    if value.is_Rational:
        return str(value)
    return f"{float(value):g}"


def _plain(expr: sp.Expr) -> str:
    return str(expr).replace("**", "^")


def _coefficient_text(c: sp.Expr) -> tuple[str, str]:
    """The sign and the magnitude's text of a coefficient (exact when short, else 6 digits)."""
    negative = bool(c < 0)
    magnitude = -c if negative else c
    text = str(magnitude) if magnitude.is_Rational and len(str(magnitude)) <= 12 else (
        f"{float(magnitude):.6g}")
    return ("−" if negative else "+"), text


def _text(exact, a: sp.Expr) -> str:
    """The polynomial as Unicode text: 1 − x²/2 + x⁴/24, or 1 − (x − 1) + (x − 1)²."""
    base = "x" if a == 0 else (f"(x − {_number(a)})" if a > 0 else f"(x + {_number(-a)})")
    out = []
    for k, c in enumerate(exact):
        if c == 0:
            continue
        sign, text = _coefficient_text(c)
        power = "" if k == 0 else base + ("" if k == 1 else str(k).translate(_SUPERSCRIPTS))
        if not power:
            term = text
        elif "/" in text and text.split("/")[0] == "1":
            term = f"{power}/{text.split('/')[1]}"
        elif "/" in text:
            num, den = text.split("/")
            term = f"{num}{power}/{den}"
        elif text == "1":
            term = power
        else:
            term = f"{text} {power}" if "." in text or "e" in text else f"{text}{power}"
        out.append((sign, term))
    if not out:
        return "0"
    first_sign, first = out[0]
    text = ("−" if first_sign == "−" else "") + first
    return text + "".join(f" {sign} {term}" for sign, term in out[1:])


# -- several variables: the linear and quadratic models --------------------------------------

def _points(x, n: int, scalar_center: bool) -> tuple[np.ndarray, bool]:
    """`x` as rows of points, and whether the input was a single point."""
    arr = real_array("x", x)
    if scalar_center:  # a function of one variable: numbers, any shape
        return arr.reshape(-1, 1), arr.ndim == 0
    if arr.ndim == 1 and arr.shape[0] == n:
        return arr.reshape(1, n), True
    if arr.ndim == 2 and arr.shape[1] == n:
        return arr, False
    raise ValueError(f"`x` must be a point with {n} coordinates or an array of such points, one "
                     f"per row (shape (k, {n})); got shape {arr.shape}")


@dataclass(frozen=True)
class Linearisation:
    """The first-order model ``f(x0) + J (x - x0)`` of f near `x0`; call it on points.

    Attributes
    ----------
    center : numpy.ndarray
        The point x0 (a float for a function of one variable given a number).
    value : float or numpy.ndarray
        f(x0): a float for a scalar f, shape (m,) for a vector-valued one.
    jacobian : numpy.ndarray, shape (m, n)
        The Jacobian at x0, one row per output.
    """

    center: np.ndarray | float
    value: np.ndarray | float
    jacobian: np.ndarray

    def __call__(self, x):
        """The model at one point or at an array of points (one per row).

        A model of a function of one variable, made at a number, takes numbers or arrays of any
        shape. A scalar f gives a number per point, a vector-valued one a row per point.
        """
        scalar_center = np.ndim(self.center) == 0
        m, n = self.jacobian.shape
        points, single = _points(x, n, scalar_center)
        values = np.atleast_1d(self.value) + (points - np.atleast_1d(self.center)) @ self.jacobian.T
        if scalar_center and m == 1:
            out = values[:, 0].reshape(np.shape(x))
            return float(out) if single else out
        if m == 1 and np.ndim(self.value) == 0:
            values = values[:, 0]
        return values[0] if single else values


def linearise(f: Callable, x0, *, h=None) -> Linearisation:
    """The linearisation of f at `x0`: ``f(x0 + dx) ≈ f(x0) + J dx``, with error O(|dx|**2).

    Parameters
    ----------
    f : callable
        ``f(p)`` for a 1-D array ``p`` of n coordinates, returning a number or a 1-D array of
        m numbers (as :func:`mlcalc.jacobian` takes it). For one variable, ``f`` may be a NumPy
        function such as ``np.cos``, and `x0` a number.
    x0 : float or array_like, shape (n,)
        The point.
    h : float or array_like, optional
        The step of the central differences, as in :func:`mlcalc.jacobian`.

    Returns
    -------
    Linearisation
        Callable on a point or on an array of points (one per row), with ``.value`` and
        ``.jacobian``.

    Examples
    --------
    >>> import numpy as np
    >>> line = linearise(np.sqrt, 4.0)          # the tangent line of sqrt at 4
    >>> round(line(4.1), 6), round(float(np.sqrt(4.1)), 6)
    (2.025, 2.024846)
    >>> def polar(p):
    ...     r, theta = p
    ...     return np.array([r * np.cos(theta), r * np.sin(theta)])
    >>> model = linearise(polar, [1.0, 0.0])
    >>> model([[1.0, 0.1], [1.1, 0.0]]).round(6)
    array([[1. , 0.1],
           [1.1, 0. ]])
    """
    check_callable("f", f)
    scalar_center = np.ndim(x0) == 0 and not isinstance(x0, (list, tuple))
    point = _validate_point("x0", x0)
    value = _value(f, point)
    J = _jacobian(f, point, _validate_step(h, point, order=2))
    scalar_out = np.ndim(f(point.copy())) == 0 or (scalar_center and value.size == 1)
    return Linearisation(float(point[0]) if scalar_center else point,
                         float(value[0]) if scalar_out and value.size == 1 else value, J)


@dataclass(frozen=True)
class QuadraticModel:
    """The second-order model ``f(x0) + g . dx + 1/2 dx^T H dx`` of a scalar f near `x0`.

    Attributes
    ----------
    center : numpy.ndarray
        The point x0, shape (n,).
    value : float
        f(x0).
    gradient : numpy.ndarray, shape (n,)
        The gradient at x0 (the transpose of the one-row Jacobian).
    hessian : numpy.ndarray, shape (n, n)
        The Hessian at x0.
    """

    center: np.ndarray | float
    value: float
    gradient: np.ndarray
    hessian: np.ndarray

    def __call__(self, x):
        """The model at one point or at an array of points (one per row)."""
        scalar_center = np.ndim(self.center) == 0
        n = self.gradient.size
        points, single = _points(x, n, scalar_center)
        dx = points - np.atleast_1d(self.center)
        values = self.value + dx @ self.gradient + 0.5 * np.einsum("ki,ij,kj->k", dx,
                                                                    self.hessian, dx)
        if scalar_center:
            values = values.reshape(np.shape(x))
        return float(values.reshape(-1)[0]) if single else values

    @property
    def newton_step(self) -> np.ndarray:
        """The step to the model's stationary point, ``-H^-1 g`` (Newton's method, chapter 5).

        Raises ValueError when the Hessian is singular and the model has no single stationary
        point.
        """
        try:
            step = np.linalg.solve(self.hessian, -self.gradient)
        except np.linalg.LinAlgError:
            step = None
        if step is None or not np.all(np.isfinite(step)) or np.linalg.cond(self.hessian) > 1e12:
            raise ValueError("the Hessian at the centre is singular, so the quadratic model has "
                             "no single stationary point (no Newton step)")
        return step


def quadratic_approximation(f: Callable, x0, *, h=None) -> QuadraticModel:
    """The quadratic model of a scalar f at `x0`: ``f + J dx + 1/2 dx^T H dx``, error O(|dx|**3).

    Parameters
    ----------
    f : callable
        ``f(p) -> float`` for a 1-D array ``p`` of n coordinates (for one variable, a NumPy
        function of a number, with `x0` a number).
    x0 : float or array_like, shape (n,)
        The point.
    h : float or array_like, optional
        The step of the gradient's and the Hessian's differences (default: each function's own,
        as :func:`mlcalc.gradient` and :func:`mlcalc.hessian` choose).

    Returns
    -------
    QuadraticModel
        Callable on a point or an array of points (one per row), with ``.value``,
        ``.gradient``, ``.hessian`` and ``.newton_step``.

    Raises
    ------
    ValueError
        If f returns more than one value, and as :func:`mlcalc.hessian` otherwise.

    References
    ----------
    Deisenroth, Faisal and Ong, *Mathematics for Machine Learning* (2020), sec. 5.8.

    Examples
    --------
    >>> import numpy as np
    >>> def f(p):
    ...     x, y = p
    ...     return np.exp(x) * np.cos(y)
    >>> model = quadratic_approximation(f, [0.0, 0.0])     # 1 + x + (x^2 - y^2)/2
    >>> model.gradient.round(6), model.hessian.round(4)
    (array([1., 0.]), array([[ 1.,  0.],
           [ 0., -1.]]))
    >>> round(model([0.1, 0.2]), 6)
    1.085
    """
    check_callable("f", f)
    scalar_center = np.ndim(x0) == 0 and not isinstance(x0, (list, tuple))
    point = _validate_point("x0", x0)
    value = _value(f, point)
    if value.size != 1:
        raise ValueError("quadratic_approximation needs a scalar-valued `f`, but f returned "
                         f"{value.size} values; use `linearise` for vector-valued functions")
    grad = _gradient(f, point, _validate_step(h, point, order=2), "quadratic_approximation")
    step = _validate_step(h, point, order=3)
    H = _jacobian(lambda p: _gradient(f, p, step), point, step)
    return QuadraticModel(float(point[0]) if scalar_center else point, float(value[0]), grad,
                          (H + H.T) / 2)


# -- how fast an error shrinks ---------------------------------------------------------------

def error_order(steps, errors) -> float:
    """The order p of an error that behaves like ``C step**p``: the slope of a log-log fit.

    Parameters
    ----------
    steps, errors : array_like, shape (k,)
        At least two positive steps (distinct) and the positive errors measured at them.

    Examples
    --------
    >>> import numpy as np
    >>> steps = np.array([0.1, 0.05, 0.025])
    >>> round(error_order(steps, 3 * steps**2), 6)
    2.0
    """
    steps = real_array("steps", steps)
    errors = real_array("errors", errors)
    if steps.ndim != 1 or steps.shape != errors.shape or steps.size < 2:
        raise ValueError(f"`steps` and `errors` must be 1-D arrays of the same length >= 2, got "
                         f"shapes {steps.shape} and {errors.shape}")
    if np.any(steps <= 0) or np.any(errors <= 0):
        raise ValueError("`steps` and `errors` must be positive (their logarithms are fitted); "
                         f"got steps {steps} and errors {errors}")
    if np.unique(steps).size < 2:
        raise ValueError(f"`steps` must hold at least two distinct values, got {steps}")
    slope, _ = np.polyfit(np.log(steps), np.log(errors), 1)
    return float(slope)


# -- chapter 4's chicken ---------------------------------------------------------------------

def cooking_time(minutes_at: float = 80.0, mass_at: float = 1.5) -> sp.Expr:
    """A chicken's cooking time in minutes against its mass x in kg: ``t = T (x / M)**(2/3)``.

    The model: the centre is cooked when heat has diffused in from the skin, which takes a
    time proportional to the square of the bird's size L (the diffusion time L**2 / alpha); a
    bird of the same shape and density has L proportional to mass**(1/3), so the time grows
    like mass**(2/3). The constant is fixed by one bird: `minutes_at` minutes for `mass_at` kg.

    Examples
    --------
    >>> from mlcalc import lambdify
    >>> t = lambdify(cooking_time())
    >>> round(float(t(1.5)), 2), round(float(t(3.0)), 2)   # twice the mass: 2**(2/3) times as long
    (80.0, 126.99)
    """
    for name, value in (("minutes_at", minutes_at), ("mass_at", mass_at)):
        number = real_array(name, value)
        if number.ndim or number <= 0:
            raise ValueError(f"`{name}` must be a positive number, got {value!r}")
    T = sp.nsimplify(minutes_at, rational=True)
    M = sp.nsimplify(mass_at, rational=True)
    return T * (_X / M) ** sp.Rational(2, 3)
