"""Accuracy, cost and speed of mlcalc's gradient, Jacobian and Hessian beside scipy.differentiate.

Run with `make bench` (or `.venv/bin/python benchmarks/multivariate_accuracy.py`). The reference
values are SymPy's exact Jacobians and Hessians (tests/multivariate_cases.py, shared with the
tests). Errors are normwise: the largest entry error over the largest exact entry (for the
Hessian, over max(1, largest entry), as the targets are absolute where entries are O(1)).
"Over target" counts errors above the issue's targets (Jacobian 1e-8, Hessian 1e-6);
"unconverged" counts cases where scipy's own convergence flag (`success`) is false. Figures are printed, not asserted: the tests assert.
"""

import sys
import timeit
from pathlib import Path

import numpy as np
from scipy.differentiate import hessian as scipy_hessian
from scipy.differentiate import jacobian as scipy_jacobian

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from multivariate_cases import cases  # noqa: E402

import mlcalc  # noqa: E402

CASES = cases()
SCALAR = [c for c in CASES if c.hessian is not None]


class Counting:
    """Counts the points f is evaluated at, for both one-point and batched (scipy) calls."""

    def __init__(self, f, n):
        self.f, self.n, self.points = f, n, 0

    def __call__(self, p):
        p = np.asarray(p)
        self.points += p.size // self.n
        return self.f(p)


def jac_mlcalc(f, x, m):
    return mlcalc.jacobian(f, x), True


def jac_scipy(f, x, m):
    res = scipy_jacobian(f, x)
    return res.df.reshape(m, x.size), bool(np.all(res.success))


def hess_mlcalc(f, x, m):
    return mlcalc.hessian(f, x), True


def hess_scipy(f, x, m):
    res = scipy_hessian(f, x)
    return res.ddf, bool(np.all(res.success))


def measure(name, run, cases, exact, target, floor):
    errors, evals, over, unconverged = [], [], 0, 0
    for case in cases:
        ref = exact(case)
        counted = Counting(case.f, case.x.size)
        with np.errstate(all="ignore"):
            value, ok = run(counted, case.x, ref.shape[0])
        error = np.abs(value - ref).max() / max(np.abs(ref).max(), floor)
        error = error if np.isfinite(error) else np.inf
        errors.append(error)
        evals.append(counted.points)
        over += not (error <= target)
        unconverged += not ok
    case = cases[len(cases) // 2]
    m = exact(case).shape[0]
    with np.errstate(all="ignore"):
        seconds = min(timeit.repeat(lambda: run(case.f, case.x, m), number=50, repeat=5)) / 50
    e = np.array(errors)
    return (name, np.median(e), e.max(), over, unconverged, len(cases), min(evals), max(evals),
            seconds * 1e6)


def main():
    rows = [
        measure("mlcalc.jacobian", jac_mlcalc, CASES, lambda c: c.jacobian, 1e-8, 1e-300),
        measure("scipy.differentiate.jacobian", jac_scipy, CASES, lambda c: c.jacobian, 1e-8, 1e-300),
        measure("mlcalc.hessian", hess_mlcalc, SCALAR, lambda c: c.hessian, 1e-6, 1.0),
        measure("scipy.differentiate.hessian", hess_scipy, SCALAR, lambda c: c.hessian, 1e-6, 1.0),
    ]
    print(f"{len(CASES)} Jacobian cases ({len(SCALAR)} scalar, with Hessians): "
          f"{len({c.name for c in CASES})} functions of 2-4 variables x 4 seeded points, "
          "normwise error against SymPy\n")
    header = (f"| {'function':30} | median error | worst error | over target | unconverged |"
              " f evals  | us/call |")
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    for name, med, worst, over, unconverged, total, emin, emax, us in rows:
        ev = f"{emin}" if emin == emax else f"{emin}-{emax}"
        print(f"| {name:30} | {med:12.1e} | {worst:11.1e} | {over:>7}/{total:<3} |"
              f" {unconverged:>7}/{total:<3} | {ev:>8} | {us:7.0f} |")


if __name__ == "__main__":
    main()
