"""Thin helpers over SymPy: exact derivatives for the text, and checks that keep it honest.

The book states formulas in LaTeX; hidden cells call :func:`check_derivative`
with the same formula written for SymPy, so a typo in a stated derivative
fails the build.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import sympy as sp

from ._validation import check_callable

__all__ = ["parse", "exact_derivative", "lambdify", "check_derivative", "derivative_from_limit",
           "exact_jacobian", "exact_hessian", "check_jacobian", "check_hessian", "lambdify_point"]


def parse(expr, var: str = "x") -> sp.Expr:
    """A SymPy expression from a string (or an expression), with `var` a real symbol.

    Examples
    --------
    >>> parse("sin(2*x**5 + 3*x) / exp(7*x)")
    exp(-7*x)*sin(2*x**5 + 3*x)
    """
    names = _names(var)
    if isinstance(expr, sp.Expr):
        return expr
    if not isinstance(expr, str):
        raise TypeError(f"`expr` must be a string or a SymPy expression, got {expr!r}")
    try:
        return sp.sympify(expr, locals={name: sp.Symbol(name, real=True) for name in names})
    except (sp.SympifyError, SyntaxError, TypeError) as exc:
        raise ValueError(f"`expr` is not a formula SymPy can read: {expr!r}") from exc


def _names(var) -> list[str]:
    """The variable names in `var`: one name, or several separated by spaces ("x y z")."""
    names = var.split() if isinstance(var, str) else []
    if not names or not all(name.isidentifier() for name in names):
        raise ValueError(f"`var` must be a variable name such as 'x' (or names such as 'x y z'), "
                         f"got {var!r}")
    return names


def _symbol(var: str) -> sp.Symbol:
    return sp.Symbol(var, real=True)


def _symbols(var: str) -> list[sp.Symbol]:
    return [_symbol(name) for name in _names(var)]


def exact_derivative(expr, var: str = "x", order: int = 1) -> sp.Expr:
    """The exact derivative of `expr` with respect to `var`, simplified.

    Examples
    --------
    >>> exact_derivative("x**3 + 2*x")
    3*x**2 + 2
    >>> exact_derivative("sin(x)", order=2)
    -sin(x)
    """
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ValueError(f"`order` must be a positive integer, got {order!r}")
    return sp.simplify(sp.diff(parse(expr, var), _symbol(var), order))


def lambdify(expr, var: str = "x") -> Callable:
    """A NumPy function of `var` that evaluates `expr`.

    Examples
    --------
    >>> f = lambdify("x**2 + 1")
    >>> float(f(3.0))
    10.0
    """
    return sp.lambdify(_symbol(var), parse(expr, var), "numpy")


def check_derivative(expr, claimed, var: str = "x") -> None:
    """Raise AssertionError unless `claimed` is exactly the derivative of `expr`.

    Used in hidden cells of the book so that a wrong formula fails the build.

    Examples
    --------
    >>> check_derivative("x**2 * sin(x)", "2*x*sin(x) + x**2*cos(x)")
    >>> check_derivative("exp(2*x)", "exp(2*x)")
    Traceback (most recent call last):
    ...
    AssertionError: d/dx exp(2*x) is 2*exp(2*x), not exp(2*x)
    """
    exact = sp.diff(parse(expr, var), _symbol(var))
    stated = parse(claimed, var)
    if sp.simplify(exact - stated) != 0:
        raise AssertionError(f"d/d{var} {parse(expr, var)} is {sp.simplify(exact)}, not {stated}")


def derivative_from_limit(expr, var: str = "x") -> tuple[sp.Expr, sp.Expr]:
    """The difference quotient (f(x+h) - f(x))/h, simplified, and its limit as h -> 0.

    Examples
    --------
    >>> quotient, limit = derivative_from_limit("x**2")
    >>> quotient
    h + 2*x
    >>> limit
    2*x
    """
    x, h = _symbol(var), sp.Symbol("h", positive=True)
    f = parse(expr, var)
    quotient = sp.simplify(sp.expand((f.subs(x, x + h) - f) / h))
    return quotient, sp.limit(quotient, h, 0)


def exact_jacobian(exprs, var: str = "x y") -> sp.Matrix:
    """The exact Jacobian of one formula (a 1 x n row) or a list of m formulas (m x n).

    Examples
    --------
    >>> exact_jacobian("x**2*y + 3*z", "x y z")
    Matrix([[2*x*y, x**2, 3]])
    >>> exact_jacobian(["r*cos(t)", "r*sin(t)"], "r t")
    Matrix([
    [cos(t), -r*sin(t)],
    [sin(t),  r*cos(t)]])
    """
    rows = [exprs] if isinstance(exprs, (str, sp.Expr)) else list(exprs)
    return sp.Matrix([parse(e, var) for e in rows]).jacobian(_symbols(var))


def exact_hessian(expr, var: str = "x y") -> sp.Matrix:
    """The exact Hessian of a formula: the Jacobian of its gradient.

    Examples
    --------
    >>> exact_hessian("x**2 - y**2")
    Matrix([
    [2,  0],
    [0, -2]])
    """
    return sp.hessian(parse(expr, var), _symbols(var))


def _check_matrix(what, exact: sp.Matrix, claimed, var) -> None:
    stated = sp.Matrix([[parse(c if isinstance(c, (str, sp.Expr)) else str(c), var) for c in row]
                        for row in claimed])
    if stated.shape != exact.shape:
        raise AssertionError(f"{what} has shape {exact.shape}, but the claim has shape {stated.shape}")
    wrong = [(i, j) for i in range(exact.rows) for j in range(exact.cols)
             if sp.simplify(exact[i, j] - stated[i, j]) != 0]
    if wrong:
        i, j = wrong[0]
        raise AssertionError(f"{what}: entry ({i}, {j}) is {sp.simplify(exact[i, j])}, "
                             f"not {stated[i, j]}")


def check_jacobian(exprs, claimed, var: str = "x y") -> None:
    """Raise AssertionError unless `claimed` is exactly the Jacobian of `exprs`.

    For one formula, `claimed` is its row of partial derivatives; for a list of
    m formulas, a list of m rows.

    Examples
    --------
    >>> check_jacobian("sin(x)*exp(y*z**2)",
    ...                ["cos(x)*exp(y*z**2)", "z**2*sin(x)*exp(y*z**2)", "2*y*z*sin(x)*exp(y*z**2)"],
    ...                "x y z")
    >>> check_jacobian("x**2*y", ["2*x*y", "x**2 + 1"])
    Traceback (most recent call last):
    ...
    AssertionError: Jacobian of x**2*y: entry (0, 1) is x**2, not x**2 + 1
    """
    single = isinstance(exprs, (str, sp.Expr))
    rows = [claimed] if single else claimed
    what = f"Jacobian of {parse(exprs, var) if single else [parse(e, var) for e in exprs]}"
    _check_matrix(what, exact_jacobian(exprs, var), rows, var)


def check_hessian(expr, claimed, var: str = "x y") -> None:
    """Raise AssertionError unless `claimed` (a list of rows) is exactly the Hessian of `expr`.

    Examples
    --------
    >>> check_hessian("x**2 + y**2", [[2, 0], [0, 2]])
    """
    _check_matrix(f"Hessian of {parse(expr, var)}", exact_hessian(expr, var), claimed, var)


def lambdify_point(exprs, var: str = "x y") -> Callable:
    """A NumPy function of a point ``p`` (unpacked as the variables of `var`) evaluating
    one formula (a number) or a list of formulas (a 1-D array).

    Examples
    --------
    >>> f = lambdify_point("x**2*y + 3*z", "x y z")
    >>> float(f([1.0, 2.0, 0.5]))
    3.5
    """
    symbols = _symbols(var)
    single = isinstance(exprs, (str, sp.Expr))
    parsed = parse(exprs, var) if single else [parse(e, var) for e in exprs]
    g = sp.lambdify(symbols, parsed, "numpy")

    def f(p):
        values = g(*p)
        return values if single else np.array(values, dtype=float)

    return f


def as_function(f) -> Callable:
    """`f` itself if it is callable, else the NumPy function of a formula.

    Examples
    --------
    >>> float(as_function("3*x")(2.0))
    6.0
    """
    if isinstance(f, (str, sp.Expr)):
        return lambdify(f)
    return check_callable("f", f)
