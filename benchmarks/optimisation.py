"""Chapter 5's minimisers beside scipy.optimize.minimize on standard test functions.

Run with `make bench` (or `.venv/bin/python benchmarks/optimisation.py`). Problems: Rosenbrock
(b = 100) from 4 starts, Himmelblau from a 3 x 3 grid of starts, and chapter 2's sandpit pits
(the depth of `mlcalc.sandpit` pits, f(p) = pit.depth(p)) from the centre and the four corners
2 m in from the walls. Methods: mlcalc.gradient_descent (default: Armijo backtracking) and
mlcalc.minimize with "steepest", "newton" and "hybrid", all with their default finite
differences; scipy.optimize.minimize with BFGS (its default finite-difference gradient),
Newton-CG and trust-exact (given a central-difference gradient and, for trust-exact, the
central-difference Jacobian of that gradient as the Hessian: only f is known to every method),
and Nelder-Mead (no derivatives).

Every method sees f wrapped in a counter, so "nfev" counts every point f is evaluated at,
including those for derivatives. "it" is the method's own iteration count. "ends at" judges the
final point independently of the method's claim: scipy.optimize.root, solving grad f = 0 from
there (central differences), must succeed within 1e-3 of it (else "not stationary"), and the
central-difference Hessian at that stationary point, by mlcalc.hessian and
mlcalc.stationary_kind, names its kind ("minimum" is a true local minimum).
"claims" is the method's own verdict (mlcalc `converged`, scipy `success`); "global" marks the
lowest point (Himmelblau: f = 0 at all four minima; a pit: within FOUND_WITHIN of its phone).
It takes about three CPU minutes, most of them in the runs that end at maxiter. Figures are
printed, not asserted: the tests assert.
"""

import time

import numpy as np
from scipy import optimize

import mlcalc
from mlcalc import sandpit

EPS = np.finfo(float).eps


class Counting:
    """f, counting the points it is evaluated at."""

    def __init__(self, f):
        self.f, self.points = f, 0

    def __call__(self, p):
        self.points += 1
        return float(self.f(np.asarray(p, dtype=float)))


def fd_gradient(f):
    """Central differences, step eps^(1/3) max(1, |x_i|): 2n evaluations."""
    def grad(p):
        p = np.asarray(p, dtype=float)
        g = np.empty_like(p)
        for i in range(p.size):
            h = EPS ** (1 / 3) * max(1.0, abs(p[i]))
            e = np.zeros_like(p)
            e[i] = h
            g[i] = (f(p + e) - f(p - e)) / (2 * h)
        return g
    return grad


def fd_hessian(grad):
    """The central-difference Jacobian of a gradient, step eps^(1/4) max(1, |x_i|), symmetrised."""
    def hess(p):
        p = np.asarray(p, dtype=float)
        H = np.empty((p.size, p.size))
        for i in range(p.size):
            h = EPS ** (1 / 4) * max(1.0, abs(p[i]))
            e = np.zeros_like(p)
            e[i] = h
            H[:, i] = (grad(p + e) - grad(p - e)) / (2 * h)
        return (H + H.T) / 2
    return hess


def run_mlcalc(call):
    def run(f, x0):
        r = call(f, x0)
        return r.x, r.nit, bool(r.converged)
    return run


def run_scipy(method, derivatives=""):
    def run(f, x0):
        kw = {}
        if "jac" in derivatives:
            kw["jac"] = fd_gradient(f)
        if "hess" in derivatives:
            kw["hess"] = fd_hessian(kw["jac"])
        with np.errstate(all="ignore"):
            r = optimize.minimize(f, x0, method=method, **kw)
        return r.x, int(r.nit), bool(r.success)
    return run


METHODS = [
    ("mlcalc gradient_descent", run_mlcalc(lambda f, x0: mlcalc.gradient_descent(f, x0))),
    ("mlcalc steepest", run_mlcalc(lambda f, x0: mlcalc.minimize(f, x0, method="steepest"))),
    ("mlcalc newton", run_mlcalc(lambda f, x0: mlcalc.minimize(f, x0, method="newton"))),
    ("mlcalc hybrid", run_mlcalc(lambda f, x0: mlcalc.minimize(f, x0, method="hybrid"))),
    ("scipy BFGS", run_scipy("BFGS")),
    ("scipy Newton-CG (FD jac)", run_scipy("Newton-CG", "jac")),
    ("scipy trust-exact (FD)", run_scipy("trust-exact", "jac hess")),
    ("scipy Nelder-Mead", run_scipy("Nelder-Mead")),
]


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def himmelblau(p):
    x, y = p
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def problems():
    """(name, f, starts, is_global(x))."""
    yield ("Rosenbrock", rosenbrock, [(-1.2, 1.0), (0.0, 0.0), (2.0, 2.0), (-1.5, 2.5)],
           lambda x: np.linalg.norm(x - 1.0) < 1e-3)
    yield ("Himmelblau", himmelblau, [(x, y) for y in (-4.0, 0.0, 4.0) for x in (-4.0, 0.0, 4.0)],
           lambda x: himmelblau(x) < 1e-6)
    corners = [(3.0, 3.0), (1.0, 1.0), (5.0, 1.0), (1.0, 5.0), (5.0, 5.0)]
    for pit in (sandpit.fixed(), sandpit.random_pit(1), *(make() for make in sandpit.PART2)):
        yield (f"pit {pit.name}", pit.depth, corners,
               lambda x, pit=pit: np.hypot(*(x - np.array(pit.lowest))) <= sandpit.FOUND_WITHIN)


def ends_at(f, x):
    """What the final point is, judged independently: "minimum", "maximum", "saddle point",
    "undecided" or "not stationary"."""
    if not np.all(np.isfinite(x)):
        return "not finite"
    grad = fd_gradient(f)
    with np.errstate(all="ignore"):
        ref = optimize.root(grad, x, jac=fd_hessian(grad))
    if not ref.success or np.linalg.norm(ref.x - x) > 1e-3:
        return "not stationary"
    return mlcalc.stationary_kind(mlcalc.hessian(f, ref.x))


def fmt_point(x):
    return "(" + ", ".join(f"{v:9.5f}" if abs(v) < 1e4 else f"{v:9.2e}" for v in x) + ")"


def main():
    t0 = time.perf_counter()
    rows = []
    for name, f, starts, is_global in problems():
        for x0 in starts:
            for method, run in METHODS:
                counted = Counting(f)
                x, nit, claims = run(counted, np.array(x0, dtype=float))
                x = np.asarray(x, dtype=float)
                kind = ends_at(f, x)
                rows.append(dict(problem=name, start=x0, method=method, nit=nit,
                                 nfev=counted.points, x=x, f=f(x), claims=claims, kind=kind,
                                 glob=kind == "minimum" and bool(is_global(x))))
    seconds = time.perf_counter() - t0

    header = (f"| {'problem':18} | {'start':12} | {'method':24} | {'it':>5} | {'nfev':>6} |"
              f" {'final point':22} | {'f':>10} | {'claims':6} | {'ends at':14} | global |")
    print(f"{len(rows)} runs: {len({(r['problem'], r['start']) for r in rows})} problem/start "
          f"pairs x {len(METHODS)} methods ({seconds:.0f} s)\n")
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    previous = None
    for r in rows:
        if previous is not None and r["problem"] != previous:
            print("|" + "|".join(" " * len(part) for part in header.split("|")[1:-1]) + "|")
        previous = r["problem"]
        start = "(" + ", ".join(f"{v:g}" for v in r["start"]) + ")"
        print(f"| {r['problem']:18} | {start:12} | {r['method']:24} | {r['nit']:5d} |"
              f" {r['nfev']:6d} | {fmt_point(r['x']):22} | {r['f']:10.3g} |"
              f" {'yes' if r['claims'] else 'no':6} | {r['kind']:14} |"
              f" {'yes' if r['glob'] else '':6} |")

    print("\nSummary per method: how often the run ends at a true local minimum (and at the"
          "\nlowest point), the median and largest nfev, how often the method's claim is wrong"
          "\n(claims success away from a minimum / reports failure at one).\n")
    groups = [("all", lambda r: True), ("Rosenbrock", lambda r: r["problem"] == "Rosenbrock"),
              ("Himmelblau", lambda r: r["problem"] == "Himmelblau"),
              ("pits", lambda r: r["problem"].startswith("pit"))]
    head = (f"| {'method':24} | " + " | ".join(f"{g:>10}" for g, _ in groups) +
            f" | {'global':>7} | {'median nfev':>11} | {'max nfev':>8} | {'median it':>9} |"
            f" {'false success':>13} | {'false failure':>13} |")
    print(head)
    print("|" + "|".join("-" * len(part) for part in head.split("|")[1:-1]) + "|")
    for method, _ in METHODS:
        mine = [r for r in rows if r["method"] == method]
        cells = []
        for _, keep in groups:
            sub = [r for r in mine if keep(r)]
            cells.append(f"{sum(r['kind'] == 'minimum' for r in sub):>4}/{len(sub):<5}")
        nfev = [r["nfev"] for r in mine]
        false_success = sum(r["claims"] and r["kind"] != "minimum" for r in mine)
        false_failure = sum(not r["claims"] and r["kind"] == "minimum" for r in mine)
        print(f"| {method:24} | " + " | ".join(f"{c:>10}" for c in cells) +
              f" | {sum(r['glob'] for r in mine):>3}/{len(mine):<3} | {np.median(nfev):11.0f} |"
              f" {max(nfev):8d} | {np.median([r['nit'] for r in mine]):9.0f} |"
              f" {false_success:>13} | {false_failure:>13} |")


if __name__ == "__main__":
    main()
