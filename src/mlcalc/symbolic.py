"""Thin helpers over SymPy: exact derivatives for the text, and checks that keep it honest.

The book states formulas in LaTeX; hidden cells call :func:`check_derivative`
with the same formula written for SymPy, so a typo in a stated derivative
fails the build.
"""

from __future__ import annotations

from typing import Callable

import sympy as sp

from ._validation import check_callable

__all__ = ["parse", "exact_derivative", "lambdify", "check_derivative", "derivative_from_limit"]


def parse(expr, var: str = "x") -> sp.Expr:
    """A SymPy expression from a string (or an expression), with `var` a real symbol.

    Examples
    --------
    >>> parse("sin(2*x**5 + 3*x) / exp(7*x)")
    exp(-7*x)*sin(2*x**5 + 3*x)
    """
    if not isinstance(var, str) or not var.isidentifier():
        raise ValueError(f"`var` must be a variable name such as 'x', got {var!r}")
    if isinstance(expr, sp.Expr):
        return expr
    if not isinstance(expr, str):
        raise TypeError(f"`expr` must be a string or a SymPy expression, got {expr!r}")
    try:
        return sp.sympify(expr, locals={var: sp.Symbol(var, real=True)})
    except (sp.SympifyError, SyntaxError, TypeError) as exc:
        raise ValueError(f"`expr` is not a formula SymPy can read: {expr!r}") from exc


def _symbol(var: str) -> sp.Symbol:
    return sp.Symbol(var, real=True)


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
