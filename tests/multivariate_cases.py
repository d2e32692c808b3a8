"""Smooth functions of several variables with exact Jacobians and Hessians from SymPy.

Shared by tests/test_multivariate.py and benchmarks/multivariate_accuracy.py. Each case is a
formula (or a list of formulas, for a vector-valued function), its variables, and points drawn
from a seeded generator, plus the book's own examples at hand-picked points.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp

#: name -> (formulas, variables). A single formula is a scalar function.
SCALAR = {
    "sin(x) e^(y z^2)": ("sin(x)*exp(y*z**2)", "x y z"),
    "x^2 y + 3z": ("x**2*y + 3*z", "x y z"),
    "e^-(x^2+y^2)": ("exp(-(x**2 + y**2))", "x y"),
    "bowl x^2 + y^2": ("x**2 + y**2", "x y"),
    "saddle x^2 - y^2": ("x**2 - y**2", "x y"),
    "log(1+x^2+y^2) cos(xy)": ("log(1 + x**2 + y**2)*cos(x*y)", "x y"),
    "sqrt(1+x^2+2y^2)": ("sqrt(1 + x**2 + 2*y**2)", "x y"),
    "tanh(x-2y) + x^3/3": ("tanh(x - 2*y) + x**3/3", "x y"),
    "xyzw + sin(w)": ("x*y*z*w + sin(w)", "x y z w"),
    "Rosenbrock": ("(1 - x)**2 + 100*(y - x**2)**2", "x y"),
    "logistic(w.x)": ("1/(1 + exp(-(x - 2*y + 0.5*z)))", "x y z"),
    "car force m a + d v^2": ("m*a + d*v**2", "m a d v"),
}
VECTOR = {
    "polar -> Cartesian": (["r*cos(t)", "r*sin(t)"], "r t"),
    "spherical -> Cartesian": (["r*sin(t)*cos(p)", "r*sin(t)*sin(p)", "r*cos(t)"], "r t p"),
    "linear map": (["2*x - 3*y + z", "x + 4*z", "-y + 0.5*z"], "x y z"),
    "(u, v) = (x - 2y, 3y - 2x)": (["x - 2*y", "3*y - 2*x"], "x y"),
    "mixed 2 -> 3": (["x*y", "x + y**2", "exp(x)*sin(y)"], "x y"),
    "softmax-like 3 -> 2": (["exp(x)/(exp(x) + exp(y) + exp(z))", "exp(y)/(exp(x) + exp(y) + exp(z))"],
                           "x y z"),
}
POINTS_PER_CASE = 4


@dataclass(frozen=True)
class Case:
    name: str
    f: Callable  # f(p) for a 1-D point p
    x: np.ndarray
    jacobian: np.ndarray  # exact, shape (m, n)
    hessian: np.ndarray | None  # exact, shape (n, n); None for vector functions

    def __str__(self):
        return f"{self.name} at {np.round(self.x, 3).tolist()}"


class CountingPointFunction:
    """Wraps f(p) and counts its calls (one call is one point)."""

    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, p):
        self.calls += 1
        return self.f(p)


def _point_function(exprs, symbols):
    g = sp.lambdify(symbols, exprs, "numpy")
    if isinstance(exprs, list):
        return lambda p: np.array(g(*p), dtype=float)
    return lambda p: g(*p)


def _exact(matrix, symbols, p):
    values = {s: sp.nsimplify(float(v)) for s, v in zip(symbols, p)}
    return np.array(sp.N(matrix.subs(values), 30), dtype=float)


def cases(seed: int = 2024) -> list[Case]:
    rng = np.random.default_rng(seed)
    out = []
    for table, scalar in ((SCALAR, True), (VECTOR, False)):
        for name, (formulas, names) in table.items():
            symbols = sp.symbols(names, real=True)
            exprs = sp.sympify(formulas, locals={s.name: s for s in symbols})
            rows = sp.Matrix([exprs] if scalar else exprs)
            J = rows.jacobian(symbols)
            H = sp.hessian(exprs, symbols) if scalar else None
            f = _point_function(exprs, symbols)
            for _ in range(POINTS_PER_CASE):
                p = np.round(rng.uniform(0.2, 1.5, len(symbols)) * rng.choice([-1, 1], len(symbols)), 3)
                out.append(Case(name, f, p, _exact(J, symbols, p),
                                None if H is None else _exact(H, symbols, p)))
    return out
