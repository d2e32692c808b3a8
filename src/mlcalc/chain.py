"""The multivariate chain rule, made visible: each link's Jacobian, and their product.

For a chain of functions written as ``f(x(u(t)))``, the derivative of the whole is the
product of the links' Jacobians, each taken at the point the chain reaches it:

    d f / d t = J_f(x(u(t))) . J_x(u(t)) . J_u(t)
              = (row)          (matrix)    (column)     for scalar t and f.

:func:`chain_rule` computes every factor with :func:`mlcalc.jacobian`, so a page can show
their shapes, multiply them, and compare the product with the Jacobian of the composition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Callable, Sequence

import numpy as np

from ._validation import check_callable
from .multivariate import _validate_point, jacobian

__all__ = ["Chain", "chain_rule"]


@dataclass(frozen=True)
class Chain:
    """The links of a chain ``f_1(f_2(... f_k(x)))`` at one point."""

    points: list[np.ndarray]
    """Where each link is evaluated, innermost first: ``x``, ``f_k(x)``, ..., ``f_2(...)``."""
    factors: list[np.ndarray]
    """The links' Jacobians in the order the product is written: ``J_{f_1}``, ..., ``J_{f_k}``."""
    product: np.ndarray
    """Their product, the Jacobian of the whole chain: shape (outputs of f_1, inputs of f_k)."""
    value: np.ndarray
    """The chain's value ``f_1(f_2(... f_k(x)))``, as a 1-D array."""

    @property
    def shapes(self) -> list[tuple[int, int]]:
        """The shape of each factor: the inner sizes match, so the product is defined."""
        return [f.shape for f in self.factors]


def chain_rule(functions: Sequence[Callable], x, *, h=None) -> Chain:
    """Differentiate ``functions[0](functions[1](... functions[-1](x)))`` link by link.

    Parameters
    ----------
    functions : sequence of callable
        The links, as the composition is written: outermost first. Each takes a point (a 1-D
        array) and returns a number or a 1-D array.
    x : float or array_like
        The point the innermost link is evaluated at (a number is a point of R^1).
    h : float, optional
        Step of every Jacobian (default as in :func:`mlcalc.jacobian`).

    Returns
    -------
    Chain
        The points, the factors ``J_{f_1}, ..., J_{f_k}`` and their product.

    Examples
    --------
    f(x(t)) with f = x_1^2 + x_2^2 and x(t) = (cos t, sin t) stays 1, so its derivative is 0;
    the factors are a row (1 x 2) and a column (2 x 1):

    >>> import numpy as np
    >>> f = lambda p: p[0] ** 2 + p[1] ** 2
    >>> path = lambda t: np.array([np.cos(t[0]), np.sin(t[0])])
    >>> c = chain_rule([f, path], 0.3)
    >>> c.shapes
    [(1, 2), (2, 1)]
    >>> bool(abs(c.product[0, 0]) < 1e-9)
    True
    """
    if callable(functions) or not isinstance(functions, Sequence) or not functions:
        raise TypeError(f"`functions` must be a non-empty list of callables, outermost first; "
                        f"got {functions!r}")
    for k, fn in enumerate(functions):
        check_callable(f"functions[{k}]", fn)
    point = _validate_point("x", x)
    points, inner_first = [], []
    for k in range(len(functions) - 1, -1, -1):
        points.append(point)
        inner_first.append(jacobian(functions[k], point, h=h))
        point = _validate_point(f"functions[{k}](...)", functions[k](point))
    factors = inner_first[::-1]
    return Chain(points=points, factors=factors, product=reduce(np.matmul, factors), value=point)
