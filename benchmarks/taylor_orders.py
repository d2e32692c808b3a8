"""How fast the errors of chapter 4's models shrink, and what a Taylor polynomial costs.

Run with `make bench` (or `.venv/bin/python benchmarks/taylor_orders.py`). For each model the
error at ``a + s d`` (d a seeded unit direction) is measured at steps s = s0 / 2**k against the
exact function, s0 large enough that the error stays well above round-off, and the order p of ``error ~ C s**p`` is fitted on a log-log scale
(`mlcalc.error_order`). The lessons state p = n + 1 for an order-n Taylor polynomial, 2 for the
linearisation and 3 for the quadratic model. Figures are printed, not asserted: the tests assert.
"""

import timeit

import numpy as np
import sympy as sp

import mlcalc

STEPS = 0.02 * 2.0 ** -np.arange(6)
X = sp.Symbol("x", real=True)


def taylor_rows():
    for f, a in [("exp(x)", 1.0), ("log(1 + x)", 0.5), ("cos(x)", 0.3), ("1/x", 1.0),
                 (mlcalc.cooking_time(), 1.5)]:
        exact = mlcalc.lambdify(f)
        slopes = []
        for order in range(6):
            p = mlcalc.taylor(f, a, order)
            steps = min(0.02 * 3**order, 0.4) * 2.0 ** -np.arange(5)  # errors above round-off
            errors = np.abs(exact(a + steps) - p(a + steps))
            slopes.append(mlcalc.error_order(steps, errors))
        name = f if isinstance(f, str) else "cooking time"
        yield name, a, slopes


def f1(p):
    return np.exp(p[0]) * np.sin(p[0])


def f2(p):
    x, y = p
    return np.exp(x) * np.cos(y) + x * y**2


def f3(p):
    x, y, z = p
    return np.sin(x + y**2) * np.exp(0.5 * z) + x * y * z


def model_slope(build, f, x0, steps, seeds=range(5)):
    model = build(f, x0)
    slopes = []
    for seed in seeds:
        d = np.random.default_rng(seed).normal(size=len(x0))
        points = np.asarray(x0) + steps[:, None] * (d / np.linalg.norm(d))
        errors = np.abs([f(q) - model(q) for q in points])
        slopes.append(mlcalc.error_order(steps, errors))
    return min(slopes), max(slopes)


def main():
    print("Taylor polynomials: fitted order of the error (stated: n + 1)")
    print(f"{'function':>14} {'a':>5}  " + " ".join(f"n={n:<4}" for n in range(6)))
    for name, a, slopes in taylor_rows():
        print(f"{name:>14} {a:5.2f}  " + " ".join(f"{s:6.2f}" for s in slopes))
    print("\nLocal models: fitted order of the error over 5 seeded directions (min-max)")
    for label, build, stated, steps in [("linearise", mlcalc.linearise, 2, STEPS),
                                        ("quadratic_approximation",
                                         mlcalc.quadratic_approximation, 3, 5 * STEPS)]:
        for n, f, x0 in [(1, f1, [0.4]), (2, f2, [0.3, -0.5]), (3, f3, [0.2, 0.7, -0.3])]:
            lo, hi = model_slope(build, f, x0, steps)
            print(f"{label:>24}  {n} variable(s): {lo:.3f}-{hi:.3f} (stated {stated})")
    print("\nCost")
    for f, a, order in [("cos(x)", 0, 10), ("1/x", 1, 10), (mlcalc.cooking_time(), 1.5, 10),
                        ("tan(x)", 0, 10)]:
        t = min(timeit.repeat(lambda: mlcalc.taylor(f, a, order), number=1, repeat=3))
        name = f if isinstance(f, str) else "cooking time"
        print(f"  taylor({name}, {a}, {order}): {t * 1e3:.1f} ms")
    p = mlcalc.taylor("cos(x)", 0, 10)
    x = np.linspace(-3, 3, 1000)
    t = min(timeit.repeat(lambda: p(x), number=100, repeat=3)) / 100
    print(f"  evaluating an order-10 polynomial at 1000 points: {t * 1e6:.0f} us")


if __name__ == "__main__":
    main()
