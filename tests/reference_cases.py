"""A varied set of smooth functions with exact derivatives from SymPy: the accuracy reference.

Shared by the tests and by benchmarks/derivative_accuracy.py. Points avoid zeros of f'
(where a relative error means nothing) and include hard ones: near singularities
(log at 0.05, sqrt at 0.01), fast oscillation (sin(1/x) at 0.3, the beast at 1).
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp

X = sp.Symbol("x", real=True)

FUNCTIONS = {
    "exp(x)": (sp.exp(X), [-3, 0.5, 1, 4, 10]),
    "exp(-x^2)": (sp.exp(-X**2), [-1.5, -0.3, 0.4, 1, 2]),
    "sin(x)": (sp.sin(X), [0.3, 1, 2, 4, 10]),
    "cos(x)": (sp.cos(X), [0.5, 1, 2, 4, 10]),
    "tan(x)": (sp.tan(X), [-1, 0.2, 0.7, 1.2, 3]),
    "log(x)": (sp.log(X), [0.05, 0.5, 2, 10, 100]),
    "1/x": (1 / X, [-2, 0.1, 0.5, 3, 50]),
    "sqrt(x)": (sp.sqrt(X), [0.01, 0.3, 1, 5, 1e4]),
    "cbrt(x)": (sp.cbrt(X), [0.02, 0.5, 3, 100, 1000]),
    "sigmoid(x)": (1 / (1 + sp.exp(-X)), [-5, -1, 0.3, 2, 6]),
    "tanh(x)": (sp.tanh(X), [-2, -0.5, 0.1, 1, 3]),
    "sin(1/x)": (sp.sin(1 / X), [0.3, 0.5, 0.8, 1.5, 4]),
    "x^10 - 3x^7 + 2x^3 - x + 1": (X**10 - 3 * X**7 + 2 * X**3 - X + 1, [-1.3, -0.5, 0.7, 1.1, 2]),
    "beast: sin(2x^5+3x)/e^(7x)": (sp.sin(2 * X**5 + 3 * X) / sp.exp(7 * X), [0.1, 0.3, 0.5, 0.8, 1.0]),
    "atan(x)": (sp.atan(X), [-3, -0.5, 0.2, 1, 20]),
    "log(1+x^2)": (sp.log(1 + X**2), [-4, -0.4, 0.3, 1, 7]),
    "x e^x": (X * sp.exp(X), [-3, -0.5, 0.3, 1, 3]),
}


@dataclass(frozen=True)
class Case:
    name: str
    f: Callable
    x: float
    exact: float  # f'(x) to full double precision, from SymPy at 30 digits

    def __str__(self):
        return f"{self.name} at x={self.x:g}"


class CountingFunction:
    """Wraps f and counts the points it is evaluated at (an array call counts each element)."""

    def __init__(self, f):
        self.f, self.points = f, 0

    def __call__(self, x):
        self.points += np.size(x)
        return self.f(x)


def cases() -> list[Case]:
    out = []
    for name, (expr, points) in FUNCTIONS.items():
        f = sp.lambdify(X, expr, "numpy")
        dexpr = sp.diff(expr, X)
        for p in points:
            exact = float(sp.N(dexpr.subs(X, sp.nsimplify(p)), 30))
            out.append(Case(name, f, float(p), exact))
    return out
