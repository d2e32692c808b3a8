"""Accuracy, cost and speed of mlcalc.derivative beside scipy and a naive forward difference.

Run with `make bench` (or `.venv/bin/python benchmarks/derivative_accuracy.py`). The reference
values are SymPy's exact derivatives (tests/reference_cases.py, shared with the tests). A case
"fails" when its relative error exceeds 1e-8 or the method reports no convergence.
Figures are printed, not asserted: the assertions live in tests/test_derivatives.py.
"""

import sys
import timeit
from pathlib import Path

import numpy as np
from scipy.differentiate import derivative as scipy_derivative

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference_cases import CountingFunction, cases  # noqa: E402

import mlcalc  # noqa: E402

CASES = cases()


def mlcalc_method(method):
    def run(f, x):
        return mlcalc.derivative(f, x, method=method), True
    return run


def naive_forward(f, x):
    h = 1e-8  # the fixed step of a first attempt
    return (f(x + h) - f(x)) / h, True


def scipy_default(f, x):
    res = scipy_derivative(f, x)
    return float(res.df), bool(res.success)


def measure(name, run):
    errors, evals, failures = [], [], 0
    for case in CASES:
        counted = CountingFunction(case.f)
        with np.errstate(all="ignore"):
            value, ok = run(counted, case.x)
        error = abs(value - case.exact) / abs(case.exact)
        error = error if np.isfinite(error) else np.inf  # a NaN result counts as the worst
        errors.append(error)
        evals.append(counted.points)
        failures += (not ok) or not (error <= 1e-8)
    case = CASES[len(CASES) // 2]
    with np.errstate(all="ignore"):
        seconds = min(timeit.repeat(lambda: run(case.f, case.x), number=200, repeat=5)) / 200
    e = np.array(errors)
    return (name, np.median(e), e.max(), failures, min(evals), max(evals), seconds * 1e6)


def main():
    rows = [measure(f"mlcalc {m}", mlcalc_method(m)) for m in mlcalc.METHODS]
    rows += [measure("scipy.differentiate (defaults)", scipy_default),
             measure("naive forward, h = 1e-8", naive_forward)]
    print(f"{len(CASES)} cases: {len({c.name for c in CASES})} functions x 5 points, "
          "relative error against SymPy\n")
    header = f"| {'method':32} | median rel err | worst rel err | failures | f evals/point | us/call |"
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for name, med, worst, fails, emin, emax, us in rows:
        ev = f"{emin}" if emin == emax else f"{emin}-{emax}"
        print(f"| {name:32} | {med:14.1e} | {worst:13.1e} | {fails:>5}/{len(CASES)} | {ev:>13} |"
              f" {us:7.1f} |")


if __name__ == "__main__":
    main()
