"""mlcalc.optimisation against independent references: scipy.optimize (newton, brentq, minimize
with BFGS, SLSQP and trust-exact, root), numpy.linalg.solve and eigvalsh, exact answers, and a
fine parametrisation of the Lagrange quiz's ellipse."""

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import optimize

import mlcalc
from mlcalc import (LagrangeResult, MinimizeResult, RootResult, gradient_descent,
                    lagrange_multipliers, minimize, newton_raphson, stationary_kind)

METHODS = ("steepest", "newton", "hybrid")


# -- test functions, with their exact derivatives (written out by hand: the references) --------

def cubic(x):  # the course's x^3 - 2x + 2: one real root, a 2-cycle from 0
    return x**3 - 2 * x + 2


def dcubic(x):
    return 3 * x**2 - 2


def sextic(x):  # the course's sextic
    return x**6 / 6 - 3 * x**4 - 2 * x**3 / 3 + 27 * x**2 / 2 + 18 * x - 30


def dsextic(x):
    return x**5 - 12 * x**3 - 2 * x**2 + 27 * x + 18


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def rosenbrock10(p):  # a milder valley, b = 10
    return (1 - p[0]) ** 2 + 10 * (p[1] - p[0] ** 2) ** 2


def himmelblau(p):
    x, y = p
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def himmelblau_grad(p):
    x, y = p
    return np.array([4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
                     2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7)])


def himmelblau_hess(p):
    x, y = p
    return np.array([[12 * x**2 + 4 * y - 42, 4 * x + 4 * y],
                     [4 * x + 4 * y, 4 * x + 12 * y**2 - 26]])


def _himmelblau_stationary(guess):
    sol = optimize.root(himmelblau_grad, guess, jac=himmelblau_hess)
    assert np.abs(himmelblau_grad(sol.x)).max() < 1e-12
    return sol.x


#: Himmelblau's four minima (known to about 6 digits), refined by scipy.optimize.root on the
#: exact gradient; its local maximum and its four saddle points likewise.
HIMMELBLAU_MINIMA = np.array([_himmelblau_stationary(g) for g in
                              [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                               (3.584428, -1.848126)]])
HIMMELBLAU_MAXIMUM = _himmelblau_stationary((-0.270845, -0.923039))
HIMMELBLAU_SADDLES = np.array([_himmelblau_stationary(g) for g in
                               [(0.086678, 2.884254), (-3.073026, -0.081353),
                                (3.385154, 0.073852), (-0.127961, -1.953715)]])
STARTS = [(-1.2, 1.0), (0.0, 0.0), (-3.0, 3.0), (4.0, -4.0), (2.0, 2.0), (-4.0, -4.0),
          (0.5, -0.5), (1.0, 4.0)]


class Counting:
    """Wraps f and counts the points it is evaluated at (an array call counts each point)."""

    def __init__(self, f, vectorised=True):
        self.f, self.vectorised, self.points, self.calls = f, vectorised, 0, 0

    def __call__(self, x):
        if not self.vectorised and np.ndim(x) > 0:
            raise TypeError("scalar input only")  # as math.exp does on an array
        value = self.f(x)
        self.calls += 1
        self.points += np.size(x) if self.vectorised else 1
        return value


class CountingPoint:
    """Wraps f(p) of a point p and counts its calls (one call is one point)."""

    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, p):
        self.calls += 1
        return self.f(p)


def nearest(x, points):
    d = np.linalg.norm(np.asarray(points) - x, axis=1)
    return int(np.argmin(d)), float(d.min())


def exact_kind(H):
    """The second-derivative test from numpy's eigenvalues (the reference for `kind`)."""
    eig = np.linalg.eigvalsh(H)
    if np.all(eig > 0):
        return "minimum"
    if np.all(eig < 0):
        return "maximum"
    return "saddle point"


# -- Newton-Raphson --------------------------------------------------------------------------

#: (name, f, f', x0, bracket around the root Newton finds from x0)
ROOT_CASES = [
    ("sqrt2", lambda x: x**2 - 2, lambda x: 2 * x, 1.0, (0.0, 2.0)),
    ("cos-x", lambda x: np.cos(x) - x, lambda x: -np.sin(x) - 1, 1.0, (0.0, 1.0)),
    ("exp", lambda x: np.exp(x) - 3, np.exp, 0.0, (0.0, 2.0)),
    ("cubic", cubic, dcubic, -2.0, (-3.0, -1.0)),
    ("tanh", lambda x: np.tanh(x) - 0.5, lambda x: 1 - np.tanh(x) ** 2, 0.3, (0.0, 1.0)),
    ("log", lambda x: np.log(x) - 1, lambda x: 1 / x, 2.0, (1.0, 5.0)),
    ("quintic", lambda x: x**5 - x - 1, lambda x: 5 * x**4 - 1, 1.5, (1.0, 2.0)),
    ("sin", np.sin, np.cos, 3.0, (3.0, 3.5)),
    ("sextic", sextic, dsextic, -4.0, (-4.0, -3.5)),
]


class TestNewtonRaphson:
    @pytest.mark.parametrize("with_df", [False, True], ids=["numeric-df", "exact-df"])
    @pytest.mark.parametrize("name,f,df,x0,bracket", ROOT_CASES, ids=[c[0] for c in ROOT_CASES])
    def test_matches_scipy(self, name, f, df, x0, bracket, with_df):
        r = newton_raphson(f, x0, df=df if with_df else None)
        assert isinstance(r, RootResult)
        assert r.converged, r.message
        root = optimize.brentq(f, *bracket, xtol=1e-15, rtol=4 * np.finfo(float).eps)
        assert r.x == pytest.approx(root, rel=1e-12, abs=1e-14)
        assert r.x == pytest.approx(optimize.newton(f, x0, fprime=df, tol=1e-14), rel=1e-12, abs=1e-14)
        assert r.fun == pytest.approx(f(r.x), abs=0)
        assert r.history[0] == x0 and r.history[-1] == r.x
        assert len(r.history) == r.nit + 1
        assert "converged" in r.message or "f(x) = 0" in r.message

    def test_course_cubic_from_minus_two(self):
        r = newton_raphson(cubic, -2.0)
        assert r.converged
        assert r.x == pytest.approx(-1.769292354, abs=1e-9)
        assert r.x == pytest.approx(optimize.brentq(cubic, -2, -1, xtol=1e-15), abs=1e-14)

    @pytest.mark.parametrize("df", [None, dcubic], ids=["numeric-df", "exact-df"])
    def test_course_cubic_from_zero_cycles(self, df):
        r = newton_raphson(cubic, 0.0, df=df)
        assert not r.converged
        assert "cycle" in r.message
        assert r.history[:3] == pytest.approx([0.0, 1.0, 0.0], abs=1e-6)
        # the reference: the tangent lines by hand, 0 -> 0 - 2/(-2) = 1 -> 1 - 1/1 = 0
        assert 0 - cubic(0) / dcubic(0) == 1 and 1 - cubic(1) / dcubic(1) == 0

    def test_sextic_from_minus_four(self):
        r = newton_raphson(sextic, -4.0)
        assert r.converged, r.message
        assert r.x == pytest.approx(optimize.brentq(sextic, -4.0, -3.5, xtol=1e-15), rel=1e-12)
        assert abs(sextic(r.x)) < 1e-10

    @pytest.mark.parametrize("f,df,x0", [
        (lambda x: x**2 + 1, None, 0.0),
        (lambda x: x**2 + 1, lambda x: 2 * x, 0.0),
        (cubic, dcubic, math.sqrt(2 / 3)),          # f'(sqrt(2/3)) is exactly 0 in floats
        (sextic, dsextic, 3.0),                     # f'(3) = 243 - 324 - 18 + 81 + 18 = 0
    ], ids=["x2+1-numeric", "x2+1-exact", "cubic-turning-point", "sextic-turning-point"])
    def test_turning_point_start_reports_flat_tangent(self, f, df, x0):
        r = newton_raphson(f, x0, df=df)
        assert not r.converged
        assert "derivative vanishes" in r.message and "turning point" in r.message
        assert r.nit == 0 and r.history.tolist() == [x0] and r.x == x0

    def test_turning_point_with_numeric_slope_blows_up_and_is_reported(self):
        # Central differences at sqrt(2/3) give a slope of ~1e-10 rather than 0: the first step
        # is thrown ~1e10 away and the run does not settle within maxiter. Either way it must
        # end converged=False, saying why, with the blow-up visible in the history.
        r = newton_raphson(cubic, math.sqrt(2 / 3))
        assert not r.converged
        assert ("derivative vanishes" in r.message) or ("maxiter" in r.message)
        if r.nit:
            assert abs(r.history[1]) > 1e6
        assert np.isfinite(r.x)

    @pytest.mark.parametrize("f,df,x0,where", [
        (lambda x: np.log(x) - 1, lambda x: 1 / x, 10.0, 10.0 - (np.log(10) - 1) * 10),
        (lambda x: np.log(x) - 1, None, 10.0, None),
        (lambda x: np.sqrt(x) - 1, lambda x: 0.5 / np.sqrt(x), 5.0, 5 - (np.sqrt(5) - 1) * 2 * np.sqrt(5)),
        (lambda x: math.log(x) - 1, lambda x: 1 / x, 10.0, None),   # math.log raises ValueError
    ], ids=["log-exact", "log-numeric", "sqrt-exact", "math-log"])
    def test_step_to_non_finite_value_reported(self, f, df, x0, where):
        r = newton_raphson(f, x0, df=df)
        assert not r.converged
        assert "not finite" in r.message
        assert r.x == x0 and np.isfinite(r.fun)  # the last finite iterate, never NaN
        if where is not None:
            assert where < 0  # the tangent's crossing, by hand, is outside the domain
            assert f"{where:.6g}"[:6] in r.message

    def test_maxiter(self):
        r = newton_raphson(lambda x: x**2 - 2, 1.0, maxiter=2)
        assert not r.converged
        assert r.nit == 2 and len(r.history) == 3
        assert "maxiter" in r.message and "2 steps" in r.message
        assert r.history.tolist() == pytest.approx([1.0, 1.5, 17 / 12], rel=1e-9)  # by hand

    def test_oscillating_divergence_is_not_called_a_cycle(self):
        r = newton_raphson(np.cbrt, 1.0, df=lambda x: np.cbrt(x) / (3 * x), maxiter=20)
        assert not r.converged
        assert "maxiter" in r.message and "cycle" not in r.message
        assert r.history[:4].tolist() == pytest.approx([1, -2, 4, -8])  # x -> -2x, by hand

    def test_quadratic_convergence(self):
        # e_{k+1} / e_k^2 -> f''/(2 f') = 1/(2 sqrt 2) for x^2 - 2
        r = newton_raphson(lambda x: x**2 - 2, 1.0, df=lambda x: 2 * x)
        e = np.abs(r.history - math.sqrt(2))
        ratios = e[1:4] / e[0:3] ** 2
        assert ratios[-1] == pytest.approx(1 / (2 * math.sqrt(2)), rel=0.05)

    def test_root_at_start(self):
        r = newton_raphson(lambda x: x**2 - 4, 2.0)
        assert r.converged and r.nit == 0 and r.x == 2.0

    def test_formula_string(self):
        r = newton_raphson("x**3 - 2*x + 2", -2.0, df="3*x**2 - 2")
        assert r.x == pytest.approx(optimize.brentq(cubic, -2, -1, xtol=1e-15), abs=1e-14)

    @pytest.mark.parametrize("vectorised", [True, False], ids=["numpy-f", "scalar-only-f"])
    def test_nfev_counts_points_of_f(self, vectorised):
        # nfev is "evaluations of f (including those for the derivative)": one per point.
        f = Counting(lambda x: x**3 - 2 * x + 2 if vectorised else math.pow(x, 3) - 2 * x + 2,
                     vectorised)
        r = newton_raphson(f, -2.0)
        assert r.converged
        assert r.nfev == f.points

    def test_nfev_with_df_counts_f(self):
        # with `df` given, f itself is evaluated once at x0 and once per step; jac-like
        # derivative calls are not evaluations of f (as gradient_descent's nfev leaves out `jac`)
        f, df = Counting(cubic), Counting(dcubic)
        r = newton_raphson(f, -2.0, df=df)
        assert r.converged
        assert f.points == r.nit + 1 and df.points == r.nit
        assert r.nfev == f.points

    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(x0=np.nan), ValueError, r"`x0` must be finite, got nan"),
        (dict(x0=np.inf), ValueError, r"`x0` must be finite, got inf"),
        (dict(x0=-np.inf), ValueError, r"`x0` must be finite"),
        (dict(x0=[1.0, 2.0]), ValueError, r"`x0` must be a single number.*shape \(2,\)"),
        (dict(x0="1"), TypeError, r"`x0` must be a real number"),
        (dict(x0=1j), TypeError, r"`x0` must be a real number"),
        (dict(tol=0), ValueError, r"`tol` must be a positive, finite number, got 0"),
        (dict(tol=-1e-8), ValueError, r"`tol` must be a positive, finite number, got -1e-08"),
        (dict(tol=np.nan), ValueError, r"`tol` must be a positive, finite number, got nan"),
        (dict(tol="small"), TypeError, r"`tol` must be a positive number"),
        (dict(maxiter=0), ValueError, r"`maxiter` must be positive, got 0"),
        (dict(maxiter=-3), ValueError, r"`maxiter` must be positive, got -3"),
        (dict(maxiter=2.5), TypeError, r"`maxiter` must be a whole number, got 2.5"),
        (dict(maxiter=10.0), TypeError, r"`maxiter` must be a whole number, got 10.0"),
        (dict(maxiter=True), TypeError, r"`maxiter` must be a whole number, got True"),
        (dict(f=5), TypeError, r"`f` must be callable, got 5"),
        (dict(f=None), TypeError, r"`f` must be callable, got None"),
        (dict(df=3), TypeError, r"`df` must be callable, got 3"),
        (dict(f=np.log, x0=-1.0), ValueError, r"`f` is not finite at the start x0 = -1"),
    ], ids=lambda v: repr(v) if not isinstance(v, dict) else ",".join(map(str, v)))
    def test_bad_inputs(self, kwargs, error, match):
        args = dict(f=lambda x: x**2 - 2, x0=1.0)
        args.update(kwargs)
        with pytest.raises(error, match=match):
            newton_raphson(args.pop("f"), args.pop("x0"), **args)


# -- gradient descent ------------------------------------------------------------------------

def quadratic(A, b):
    return lambda p: 0.5 * p @ A @ p - b @ p


A2 = np.array([[3.0, 1.0], [1.0, 2.0]])
B2 = np.array([1.0, -1.0])
LMAX = np.linalg.eigvalsh(A2).max()


def random_spd(seed, n):
    """A well-conditioned SPD matrix (eigenvalues in [1, 10]), b and x0, from one seed."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(rng.uniform(1.0, 10.0, size=n)) @ Q.T
    return (A + A.T) / 2, rng.uniform(-3, 3, size=n), rng.uniform(-3, 3, size=n)


class TestGradientDescent:
    @pytest.mark.parametrize("step", [0.05, 0.2, 1.9 / LMAX], ids=["small", "medium", "1.9/lmax"])
    def test_fixed_step_converges_to_linear_solve(self, step):
        r = gradient_descent(quadratic(A2, B2), [0.0, 0.0], step=step)
        assert isinstance(r, MinimizeResult)
        assert r.converged and r.kind == "minimum", r.message
        assert r.x == pytest.approx(np.linalg.solve(A2, B2), abs=1e-8)
        assert r.method == "steepest" and set(r.steps) == {"steepest"}
        # with a fixed step every iterate is x - step * grad f (the gradient A x - b, by hand)
        h = r.history
        assert np.allclose(h[1:], h[:-1] - step * (h[:-1] @ A2 - B2), atol=1e-8)

    @pytest.mark.parametrize("step", [2.1 / LMAX, 1.0, 10.0])
    def test_step_beyond_two_over_lambda_max_diverges(self, step):
        r = gradient_descent(quadratic(A2, B2), [0.0, 0.0], step=step)
        assert not r.converged and r.kind == "not stationary"
        assert "diverged" in r.message
        assert np.all(np.isfinite(r.x)) and np.isfinite(r.fun)
        assert np.all(np.isfinite(r.history)) and np.all(np.isfinite(r.costs))
        # the error along the top eigenvector is multiplied by |1 - step lmax| > 1 each step
        err = np.linalg.norm(r.history - np.linalg.solve(A2, B2), axis=1)
        assert err[-1] > err[0]

    def test_non_finite_cost_stops_the_run(self):
        f = lambda p: np.exp(p @ p)   # a step of 10 from (1, 1) jumps to exp(~42000): inf
        r = gradient_descent(f, [1.0, 1.0], step=10.0)
        assert not r.converged and "diverged" in r.message and "not finite" in r.message
        assert r.history.tolist() == [[1.0, 1.0]] and np.isfinite(r.fun)

    @pytest.mark.parametrize("x0", STARTS)
    def test_default_backtracking_on_himmelblau_agrees_with_bfgs(self, x0):
        r = gradient_descent(himmelblau, x0)
        assert r.converged and r.kind == "minimum", r.message
        i, dist = nearest(r.x, HIMMELBLAU_MINIMA)
        assert dist < 1e-7
        # scipy's BFGS from this start ends at one of the same four minima
        ref = optimize.minimize(himmelblau, x0, method="BFGS", jac=himmelblau_grad, tol=1e-12)
        assert nearest(ref.x, HIMMELBLAU_MINIMA)[1] < 1e-6
        assert r.fun == pytest.approx(0.0, abs=1e-14)
        assert np.all(np.diff(r.costs) <= 0)  # Armijo steps only ever go down

    def test_default_backtracking_on_rosenbrock_like_valley(self):
        r = gradient_descent(rosenbrock10, [-1.2, 1.0])
        ref = optimize.minimize(rosenbrock10, [-1.2, 1.0], method="BFGS", tol=1e-12)
        assert r.converged and r.kind == "minimum", r.message
        assert r.x == pytest.approx(ref.x, abs=1e-6)
        assert r.x == pytest.approx([1.0, 1.0], abs=1e-7)

    def test_rosenbrock_steepest_descent_crawls_and_says_so(self):
        r = gradient_descent(rosenbrock, [-1.2, 1.0], maxiter=2000)
        assert not r.converged and "maxiter" in r.message and "2000 steps" in r.message
        assert r.nit == 2000 and np.all(np.diff(r.costs) <= 0)
        assert r.fun < rosenbrock([-1.2, 1.0]) / 100

    def test_jac_is_used(self):
        # a fixed step with a `jac` whose zero is (5, -5) goes there, not to f's minimum
        f = CountingPoint(lambda p: (p[0] - 1) ** 2 + (p[1] + 2) ** 2)
        jac = CountingPoint(lambda p: 2 * (p - np.array([5.0, -5.0])))
        r = gradient_descent(f, [0.0, 0.0], step=0.1, jac=jac)
        assert r.x == pytest.approx([5.0, -5.0], abs=1e-8)
        assert jac.calls >= r.nit + 1
        assert r.nfev == f.calls

    def test_jac_saves_evaluations_of_f(self):
        f1, f2 = CountingPoint(himmelblau), CountingPoint(himmelblau)
        r1 = gradient_descent(f1, [0.0, 0.0])
        r2 = gradient_descent(f2, [0.0, 0.0], jac=himmelblau_grad)
        assert r1.nfev == f1.calls and r2.nfev == f2.calls
        assert r2.nfev < r1.nfev
        assert r2.x == pytest.approx(r1.x, abs=1e-7)

    def test_fixed_step_nfev(self):
        # one value per step plus, per gradient, f at the point and 2n stencil points; the
        # final Hessian check is the Jacobian of the gradient: 2n + 1 gradients
        f = CountingPoint(quadratic(A2, B2))
        r = gradient_descent(f, [0.0, 0.0], step=0.2)
        n = 2
        assert f.calls == r.nfev
        assert r.nfev == 1 + r.nit + (r.nit + 1) * (2 * n + 1) + (2 * n + 1) ** 2

    def test_history_and_costs(self):
        x0 = np.array([0.0, 0.0])
        r = gradient_descent(himmelblau, x0)
        assert x0.tolist() == [0.0, 0.0]  # not mutated
        assert r.history[0].tolist() == [0.0, 0.0] and r.history.shape == (r.nit + 1, 2)
        assert r.costs == pytest.approx([himmelblau(p) for p in r.history], rel=1e-15)
        assert r.fun == r.costs[-1] and np.array_equal(r.x, r.history[-1])

    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(step=0), ValueError, r"`step` must be a positive, finite number, got 0"),
        (dict(step=-0.1), ValueError, r"`step` must be a positive, finite number, got -0.1"),
        (dict(step=np.inf), ValueError, r"`step` must be a positive, finite number, got inf"),
        (dict(step="big"), TypeError, r"`step` must be a positive number"),
        (dict(tol=0.0), ValueError, r"`tol` must be a positive, finite number"),
        (dict(maxiter=0), ValueError, r"`maxiter` must be positive, got 0"),
        (dict(maxiter=1.5), TypeError, r"`maxiter` must be a whole number"),
        (dict(x0=[np.nan, 0.0]), ValueError, r"`x0` must be finite, got nan at index \(0,\)"),
        (dict(x0=[[0.0, 0.0]]), ValueError, r"`x0` must be one point"),
        (dict(x0=[]), ValueError, r"at least one coordinate"),
        (dict(f="x**2"), TypeError, r"`f` must be callable"),
        (dict(jac=[1, 2]), TypeError, r"`jac` must be callable"),
        (dict(jac=lambda p: np.zeros(3)), ValueError, r"`jac` must return 2 numbers, got shape \(3,\)"),
        (dict(f=lambda p: p), ValueError, r"`f` must return one number, got shape \(2,\)"),
        (dict(f=lambda p: np.log(p[0] - 1)), ValueError, r"`f` is not finite at the start x0"),
        (dict(h=-1.0), ValueError, r"`h` must be positive"),
    ], ids=lambda v: repr(v) if not isinstance(v, dict) else ",".join(map(str, v)))
    def test_bad_inputs(self, kwargs, error, match):
        args = dict(f=himmelblau, x0=[0.0, 0.0])
        args.update(kwargs)
        with pytest.raises(error, match=match):
            gradient_descent(args.pop("f"), args.pop("x0"), **args)


class TestConvexQuadratics:
    """Hypothesis: any well-conditioned SPD quadratic, minimum np.linalg.solve(A, b)."""

    @settings(max_examples=25, deadline=None)
    @given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4))
    @example(seed=4, n=4)  # eigenvalues 2.6-9.7: the default once stalled at |grad f| = 1.4e-8
    def test_gradient_descent_default(self, seed, n):
        A, b, x0 = random_spd(seed, n)
        r = gradient_descent(quadratic(A, b), x0)
        assert r.converged and r.kind == "minimum", r.message
        assert r.x == pytest.approx(np.linalg.solve(A, b), abs=1e-7)

    @settings(max_examples=20, deadline=None)
    @given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4),
           method=st.sampled_from(METHODS))
    @example(seed=4, n=4, method="steepest")
    @example(seed=14, n=2, method="hybrid")
    def test_minimize_methods(self, seed, n, method):
        A, b, x0 = random_spd(seed, n)
        r = minimize(quadratic(A, b), x0, method=method)
        assert r.converged and r.kind == "minimum", r.message
        assert r.x == pytest.approx(np.linalg.solve(A, b), abs=1e-7)
        if method == "newton":
            assert r.nit <= 3  # exact for a quadratic, up to the Hessian's rounding

    @settings(max_examples=20, deadline=None)
    @given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4))
    def test_fixed_step_below_two_over_lambda_max(self, seed, n):
        A, b, x0 = random_spd(seed, n)
        step = 1.5 / np.linalg.eigvalsh(A).max()
        r = gradient_descent(quadratic(A, b), x0, step=step)
        assert r.converged and r.x == pytest.approx(np.linalg.solve(A, b), abs=1e-7)


# -- minimize ----------------------------------------------------------------------------------

class TestMinimize:
    @pytest.mark.parametrize("method", ["newton", "hybrid"])
    @pytest.mark.parametrize("x0", [(-1.2, 1.0), (0.0, 0.0), (-3.0, 3.0), (2.0, 2.0), (0.5, -0.5)])
    def test_rosenbrock_against_bfgs(self, method, x0):
        r = minimize(rosenbrock, x0, method=method)
        ref = optimize.minimize(optimize.rosen, x0, method="BFGS", jac=optimize.rosen_der)
        assert ref.success and ref.x == pytest.approx([1.0, 1.0], abs=1e-5)
        assert r.converged and r.kind == "minimum", r.message
        assert r.x == pytest.approx(ref.x, abs=1e-5)
        assert r.x == pytest.approx([1.0, 1.0], abs=1e-7)  # |grad f| <= 1e-8, smallest curvature 0.4
        assert exact_kind(optimize.rosen_hess(r.x)) == "minimum"

    def test_rosenbrock_steepest_runs_out_of_steps(self):
        r = minimize(rosenbrock, [-1.2, 1.0], method="steepest", maxiter=500)
        assert not r.converged and r.kind == "not stationary" and "maxiter" in r.message

    @pytest.mark.parametrize("method", METHODS)
    @pytest.mark.parametrize("x0", STARTS + [(x, y) for x in (-5.0, 0.0, 5.0) for y in (-5.0, 5.0)])
    def test_himmelblau_never_calls_a_non_minimum_converged(self, method, x0):
        r = minimize(himmelblau, x0, method=method)
        if r.converged:
            assert r.kind == "minimum", r.message
            i, dist = nearest(r.x, HIMMELBLAU_MINIMA)
            assert dist < 1e-7
            assert exact_kind(himmelblau_hess(r.x)) == "minimum"
            # BFGS started at the point found stays there: scipy agrees it is a minimum
            ref = optimize.minimize(himmelblau, r.x + 1e-3, method="BFGS", tol=1e-12)
            assert ref.x == pytest.approx(HIMMELBLAU_MINIMA[i], abs=1e-6)
        elif r.kind in ("maximum", "saddle point"):
            stationary = np.vstack([HIMMELBLAU_MAXIMUM, HIMMELBLAU_SADDLES])
            i, dist = nearest(r.x, stationary)
            assert dist < 1e-7
            assert exact_kind(himmelblau_hess(r.x)) == r.kind
            assert r.kind in r.message
        else:
            pytest.fail(f"unexpected end on Himmelblau from {x0} by {method}: {r.message}")

    def test_newton_climbs_himmelblau_to_its_maximum(self):
        r = minimize(himmelblau, [0.0, 0.0], method="newton")
        assert not r.converged
        assert r.kind == "maximum" and "maximum" in r.message
        assert r.x == pytest.approx([-0.270845, -0.923039], abs=1e-6)
        assert r.x == pytest.approx(HIMMELBLAU_MAXIMUM, abs=1e-8)
        assert np.all(np.linalg.eigvalsh(himmelblau_hess(r.x)) < 0)
        assert set(r.steps) == {"newton"}

    def test_scipy_trust_exact_reports_success_at_the_maximum(self):
        # scipy's success is first-order: started where mlcalc's Newton run ends (the local
        # maximum), trust-exact stops at once and reports success.
        x_max = minimize(himmelblau, [0.0, 0.0], method="newton").x
        ref = optimize.minimize(himmelblau, x_max, method="trust-exact", jac=himmelblau_grad,
                                hess=lambda p: himmelblau_hess(p))
        assert ref.success and ref.nit == 0
        assert ref.x == pytest.approx([-0.270845, -0.923039], abs=1e-6)
        assert np.all(np.linalg.eigvalsh(himmelblau_hess(ref.x)) < 0)

    def test_scipy_trust_exact_from_origin(self):
        # (From (0, 0) itself, SciPy 1.17's trust-exact handles the indefinite Hessian and
        # reaches the minimum (3, 2), as mlcalc's hybrid does.)
        ref = optimize.minimize(himmelblau, [0.0, 0.0], method="trust-exact",
                                jac=himmelblau_grad, hess=lambda p: himmelblau_hess(p))
        r = minimize(himmelblau, [0.0, 0.0], method="hybrid")
        assert ref.success and r.converged and r.kind == "minimum"
        assert r.x == pytest.approx(ref.x, abs=1e-5) and r.x == pytest.approx([3.0, 2.0], abs=1e-8)

    def test_newton_to_a_saddle(self):
        r = minimize(lambda p: p[0] ** 2 - p[1] ** 2, [1.0, 1.0], method="newton")
        assert not r.converged and r.kind == "saddle point" and "saddle point" in r.message
        assert r.x == pytest.approx([0.0, 0.0], abs=1e-9)
        r = minimize(himmelblau, [-1.2, 1.0], method="newton")
        assert not r.converged and r.kind == "saddle point"
        assert nearest(r.x, HIMMELBLAU_SADDLES)[1] < 1e-8
        assert exact_kind(himmelblau_hess(r.x)) == "saddle point"

    def test_singular_hessian_reported_not_raised(self):
        r = minimize(lambda p: p[0] + p[1] ** 2, [1.0, 1.0], method="newton")
        assert not r.converged and "singular" in r.message and r.nit == 0
        assert r.x.tolist() == [1.0, 1.0]

    @pytest.mark.parametrize("method", ["steepest", "hybrid"])
    def test_unbounded_below_reported_without_warnings(self, method):
        # x^2 - y^2 falls without bound along y: the run must stop, finite, and say it diverged
        # (pytest turns any RuntimeWarning, such as an overflow in g @ d, into an error)
        r = minimize(lambda p: p[0] ** 2 - p[1] ** 2, [1.0, 1.0], method=method)
        assert not r.converged
        assert np.all(np.isfinite(r.x)) and np.isfinite(r.fun)
        assert "diverged" in r.message

    def test_unbounded_below_gradient_descent(self):
        r = gradient_descent(lambda p: -(p @ p), [1.0, 1.0])
        assert not r.converged and np.all(np.isfinite(r.x)) and "diverged" in r.message

    def test_hybrid_newton_steps_at_most_max_step(self):
        for max_step in (0.25, 1.0):
            r = minimize(himmelblau, [-4.0, 4.0], method="hybrid", max_step=max_step)
            assert len(r.steps) == r.nit
            lengths = np.linalg.norm(np.diff(r.history, axis=0), axis=1)
            newton = np.array(r.steps) == "newton"
            assert newton.any()
            assert np.all(lengths[newton] <= max_step * (1 + 1e-12))
            assert np.all(np.diff(r.costs) <= 0)  # hybrid steps only go down

    def test_hess_and_jac_are_used(self):
        hess = CountingPoint(himmelblau_hess)
        jac = CountingPoint(himmelblau_grad)
        f = CountingPoint(himmelblau)
        r = minimize(f, [0.0, 0.0], method="newton", jac=jac, hess=hess)
        assert r.kind == "maximum" and r.x == pytest.approx(HIMMELBLAU_MAXIMUM, abs=1e-10)
        assert hess.calls >= r.nit and jac.calls >= r.nit
        assert r.nfev == f.calls and f.calls <= r.nit + 1

    @pytest.mark.parametrize("method,error,match", [
        ("bfgs", ValueError, r"`method` must be one of 'steepest', 'newton', 'hybrid'; got 'bfgs'"),
        ("Newton", ValueError, r"`method` must be one of .*got 'Newton'"),
        ("", ValueError, r"`method` must be one of .*got ''"),
        (None, ValueError, r"`method` must be one of .*got None"),
    ])
    def test_method_names(self, method, error, match):
        with pytest.raises(error, match=match):
            minimize(himmelblau, [0.0, 0.0], method=method)

    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(max_step=0), ValueError, r"`max_step` must be a positive, finite number, got 0"),
        (dict(max_step=-1.0), ValueError, r"`max_step` must be a positive"),
        (dict(step=0), ValueError, r"`step` must be a positive, finite number"),
        (dict(tol=-1), ValueError, r"`tol` must be a positive"),
        (dict(maxiter=0), ValueError, r"`maxiter` must be positive"),
        (dict(maxiter="10"), TypeError, r"`maxiter` must be a whole number"),
        (dict(x0=[0.0, np.inf]), ValueError, r"`x0` must be finite, got inf at index \(1,\)"),
        (dict(f=3), TypeError, r"`f` must be callable, got 3"),
        (dict(jac=3), TypeError, r"`jac` must be callable, got 3"),
        (dict(hess="H"), TypeError, r"`hess` must be callable, got 'H'"),
        (dict(hess=lambda p: np.eye(3), method="newton"), ValueError,
         r"`hess` must return a 2 x 2 matrix, got shape \(3, 3\)"),
        (dict(h=0.0), ValueError, r"`h` must be positive"),
    ], ids=lambda v: repr(v) if not isinstance(v, dict) else ",".join(map(str, v)))
    def test_bad_inputs(self, kwargs, error, match):
        args = dict(f=himmelblau, x0=[0.0, 0.0])
        args.update(kwargs)
        with pytest.raises(error, match=match):
            minimize(args.pop("f"), args.pop("x0"), **args)


class TestStationaryKind:
    @pytest.mark.parametrize("H,kind", [
        ([[2.0, 0.0], [0.0, 3.0]], "minimum"),
        ([[-1.0, 0.0], [0.0, -2.0]], "maximum"),
        ([[2.0, 0.0], [0.0, -1.0]], "saddle point"),
        ([[1.0, 2.0], [2.0, 1.0]], "saddle point"),       # eigenvalues 3, -1
        ([[2.0, 1.0], [1.0, 2.0]], "minimum"),            # eigenvalues 3, 1
        ([[1.0, 4.0], [0.0, 1.0]], "saddle point"),       # symmetrised: [[1, 2], [2, 1]]
        ([[0.0, 0.0], [0.0, 1.0]], "undecided"),
        ([[0.0, 0.0], [0.0, -1.0]], "undecided"),
        ([[0.0, 0.0], [0.0, 0.0]], "undecided"),
        ([[1.0, 0.0], [0.0, 1e-8]], "undecided"),          # 1e-8 is zero to within rtol = 1e-6
        ([[5.0]], "minimum"),
        (-3.0, "maximum"),
        (np.diag([1.0, 2.0, -0.5, 4.0]), "saddle point"),
    ])
    def test_known_matrices(self, H, kind):
        assert stationary_kind(H) == kind
        eig = np.linalg.eigvalsh(np.atleast_2d((np.asarray(H) + np.asarray(H).T) / 2))
        if kind != "undecided":
            assert exact_kind(np.diag(eig)) == kind

    def test_rtol(self):
        assert stationary_kind([[1.0, 0.0], [0.0, 1e-8]], rtol=1e-9) == "minimum"
        assert stationary_kind([[1.0, 0.0], [0.0, 1e-3]], rtol=1e-2) == "undecided"

    @settings(max_examples=40, deadline=None)
    @given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5))
    def test_random_symmetric_matrices(self, seed, n):
        rng = np.random.default_rng(seed)
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        eig = rng.choice([-1, 1], size=n) * rng.uniform(0.1, 10, size=n)
        assert stationary_kind(Q @ np.diag(eig) @ Q.T) == exact_kind(np.diag(eig))

    @pytest.mark.parametrize("H,error,match", [
        ([[1.0, np.nan], [0.0, 1.0]], ValueError, r"`hessian` must be finite"),
        ("H", TypeError, r"`hessian` must be a real number"),
    ])
    def test_bad_inputs(self, H, error, match):
        with pytest.raises(error, match=match):
            stationary_kind(H)


# -- Lagrange multipliers ----------------------------------------------------------------------

def lin(p):
    return p[0] + p[1]


def circle(p):
    return p[0] ** 2 + p[1] ** 2 - 1


def quiz_f(p):
    x, y = p
    return np.exp(-(2 * x**2 + y**2 - x * y) / 2)


def quiz_grad_f(p):
    x, y = p
    return -quiz_f(p) / 2 * np.array([4 * x - y, 2 * y - x])


def quiz_g(p):
    x, y = p
    return x**2 + 3 * (y + 1) ** 2 - 1


def quiz_grad_g(p):
    x, y = p
    return np.array([2 * x, 6 * (y + 1)])


def quiz_extremes():
    """The local maxima and minima of f along x = cos t, y = -1 + sin t / sqrt 3 (fine grid)."""
    t = np.linspace(0, 2 * np.pi, 400_001)[:-1]
    v = quiz_f(np.array([np.cos(t), -1 + np.sin(t) / np.sqrt(3)]))
    prev, nxt = np.roll(v, 1), np.roll(v, -1)
    out = []
    for k in np.where((v > prev) & (v > nxt))[0]:
        out.append(("maximum", (np.cos(t[k]), -1 + np.sin(t[k]) / np.sqrt(3))))
    for k in np.where((v < prev) & (v < nxt))[0]:
        out.append(("minimum", (np.cos(t[k]), -1 + np.sin(t[k]) / np.sqrt(3))))
    return out


#: (name, f, g, exact grad f, exact Jacobian of g (rows), x0, "min" or "max")
CONSTRAINED = [
    ("bowl-on-line", lambda p: p[0] ** 2 + 2 * p[1] ** 2, lambda p: p[0] + p[1] - 1,
     lambda p: np.array([2 * p[0], 4 * p[1]]), lambda p: np.array([[1.0, 1.0]]),
     (0.0, 0.0), "min"),
    ("xy-on-circle", lambda p: p[0] * p[1], lambda p: p[0] ** 2 + p[1] ** 2 - 2,
     lambda p: np.array([p[1], p[0]]), lambda p: np.array([[2 * p[0], 2 * p[1]]]),
     (1.2, 0.8), "max"),
    ("linear-on-sphere", lambda p: p[0] + 2 * p[1] + 3 * p[2],
     lambda p: p @ p - 1, lambda p: np.array([1.0, 2.0, 3.0]),
     lambda p: 2 * p[None, :], (-0.5, -0.5, -0.5), "min"),
    ("two-planes", lambda p: (p[0] - 1) ** 2 + (p[1] - 2) ** 2 + p[2] ** 2,
     lambda p: np.array([p[0] + p[1] + p[2], p[0] - p[1]]),
     lambda p: 2 * (p - np.array([1.0, 2.0, 0.0])),
     lambda p: np.array([[1.0, 1.0, 1.0], [1.0, -1.0, 0.0]]), (0.3, 0.1, -0.2), "min"),
    ("quiz-max", quiz_f, quiz_g, quiz_grad_f, lambda p: quiz_grad_g(p)[None, :],
     (0.0, -1 + 1 / np.sqrt(3)), "max"),
    ("quiz-min", quiz_f, quiz_g, quiz_grad_f, lambda p: quiz_grad_g(p)[None, :],
     (-1.0, -1.0), "min"),
]


class TestLagrangeMultipliers:
    @pytest.mark.parametrize("x0,sign", [((1.0, 0.5), 1), ((0.1, 0.2), 1), ((3.0, 3.0), 1),
                                         ((-1.0, -0.5), -1), ((-0.2, -2.0), -1)])
    def test_linear_objective_on_circle_exact(self, x0, sign):
        r = lagrange_multipliers(lin, circle, x0)
        assert isinstance(r, LagrangeResult)
        assert r.converged, r.message
        assert r.x == pytest.approx(sign * np.array([1, 1]) / np.sqrt(2), abs=1e-9)
        assert r.lam == pytest.approx(sign / np.sqrt(2), abs=1e-9)
        assert r.kind == ("maximum" if sign > 0 else "minimum") and r.kind in r.message
        assert r.fun == pytest.approx(sign * np.sqrt(2), abs=1e-9)
        assert r.history[0][:2].tolist() == list(x0) and r.history.shape == (r.nit + 1, 3)

    @pytest.mark.parametrize("name,f,g,grad_f,jac_g,x0,sense", CONSTRAINED,
                             ids=[c[0] for c in CONSTRAINED])
    def test_against_slsqp_and_root(self, name, f, g, grad_f, jac_g, x0, sense):
        r = lagrange_multipliers(f, g, x0)
        assert r.converged, r.message
        # SLSQP with the equality constraint (a maximum is the minimum of -f)
        sign = 1 if sense == "min" else -1
        ref = optimize.minimize(lambda p: sign * f(p), x0, method="SLSQP",
                                constraints={"type": "eq", "fun": g}, tol=1e-12)
        assert ref.success
        assert r.x == pytest.approx(ref.x, abs=1e-5)
        assert r.kind == ("minimum" if sense == "min" else "maximum")
        # scipy.optimize.root on the Lagrangian's gradient, with the exact derivatives
        m = np.atleast_1d(g(np.asarray(x0, dtype=float))).size
        n = len(x0)

        def lagrangian_gradient(z):
            p, mu = z[:n], z[n:]
            return np.concatenate([grad_f(p) - jac_g(p).T @ mu, np.atleast_1d(g(p))])

        lam = np.atleast_1d(r.lam)
        sol = optimize.root(lagrangian_gradient, np.concatenate([r.x, lam]) + 1e-3, tol=1e-14)
        assert sol.success
        assert r.x == pytest.approx(sol.x[:n], abs=1e-8)
        assert lam == pytest.approx(sol.x[n:], abs=1e-7)
        assert lam.size == m
        # grad f = lam grad g and g = 0, with the exact derivatives
        assert np.abs(grad_f(r.x) - jac_g(r.x).T @ lam).max() < 1e-8
        assert np.abs(np.atleast_1d(g(r.x))).max() < 1e-10

    def test_bowl_on_line_exact(self):
        # min x^2 + 2y^2 on x + y = 1: (2x, 4y) = lam (1, 1) gives x = 2/3, y = 1/3, lam = 4/3
        r = lagrange_multipliers(lambda p: p[0] ** 2 + 2 * p[1] ** 2, lambda p: p[0] + p[1] - 1,
                                 [0.0, 0.0])
        assert r.x == pytest.approx([2 / 3, 1 / 3], abs=1e-10)
        assert r.lam == pytest.approx(4 / 3, abs=1e-9) and r.kind == "minimum"

    def test_two_constraints_give_two_multipliers(self):
        f, g = CONSTRAINED[3][1], CONSTRAINED[3][2]
        r = lagrange_multipliers(f, g, [0.3, 0.1, -0.2])
        assert isinstance(r.lam, np.ndarray) and r.lam.shape == (2,)
        # by hand: x = y, z = -2x; minimise (x-1)^2 + (x-2)^2 + 4x^2: x = 1/2
        assert r.x == pytest.approx([0.5, 0.5, -1.0], abs=1e-9)

    def test_quiz_all_stationary_points(self):
        found = []
        for t in np.linspace(0, 2 * np.pi, 12, endpoint=False):
            r = lagrange_multipliers(quiz_f, quiz_g, [np.cos(t), -1 + np.sin(t) / np.sqrt(3)])
            assert r.converged, r.message
            # grad f = lam grad g and g = 0, with the exact gradients
            assert np.abs(quiz_grad_f(r.x) - r.lam * quiz_grad_g(r.x)).max() < 1e-9
            assert abs(quiz_g(r.x)) < 1e-10
            found.append((r.kind, r.x))
        extremes = quiz_extremes()
        assert sorted(k for k, _ in extremes) == ["maximum", "maximum", "minimum", "minimum"]
        points = np.array([p for _, p in extremes])
        hit = set()
        for kind, x in found:
            i, dist = nearest(x, points)
            assert dist < 1e-4  # the grid is 1.6e-5 apart in t
            assert kind == extremes[i][0]
            hit.add(i)
        assert hit == set(range(4))  # twelve starts find all four points
        # the highest and lowest of them agree with SLSQP's constrained max and min
        best = max(found, key=lambda kx: quiz_f(kx[1]))[1]
        worst = min(found, key=lambda kx: quiz_f(kx[1]))[1]
        cons = {"type": "eq", "fun": quiz_g}
        smax = optimize.minimize(lambda p: -quiz_f(p), [0.0, -0.5], method="SLSQP",
                                 constraints=cons, tol=1e-12)
        smin = optimize.minimize(quiz_f, [1.0, -1.2], method="SLSQP", constraints=cons,
                                 tol=1e-12)
        assert best == pytest.approx(smax.x, abs=1e-5)
        assert worst == pytest.approx(smin.x, abs=1e-5)

    def test_default_lam0_is_least_squares_fit(self):
        # at (1, 0.5): grad f = (1, 1), grad g = (2, 1); lam = (2 + 1) / (4 + 1) = 0.6
        r = lagrange_multipliers(lin, circle, [1.0, 0.5])
        ref = np.linalg.lstsq(np.array([[2.0], [1.0]]), np.array([1.0, 1.0]), rcond=None)[0][0]
        assert r.history[0] == pytest.approx([1.0, 0.5, ref], abs=1e-8)
        assert ref == pytest.approx(0.6)

    def test_linear_objective_with_lam0_zero_is_singular_reported(self):
        # the reason for the default: with lam = 0 the Hessian block of a linear f vanishes
        r = lagrange_multipliers(lin, circle, [1.0, 0.5], lam0=0.0)
        assert not r.converged and "singular" in r.message and r.nit == 0

    def test_singular_system_met_later_is_reported(self):
        # at (1, -1) grad f = (1, 1) is orthogonal to grad g = (2, -2): the fit gives lam = 0
        r = lagrange_multipliers(lin, circle, [1.0, -1.0])
        assert not r.converged and "singular" in r.message
        assert np.all(np.isfinite(r.x))

    def test_constraint_gradient_vanishes_at_start(self):
        with pytest.raises(ValueError, match=r"the constraint's gradient vanishes.*x0 = \(0, 0\)"):
            lagrange_multipliers(lin, circle, [0.0, 0.0])
        r = lagrange_multipliers(lin, circle, [0.0, 0.0], lam0=1.0)
        assert not r.converged and "singular" in r.message

    def test_maxiter(self):
        r = lagrange_multipliers(lin, circle, [1.0, 0.0], maxiter=1)
        assert not r.converged and r.nit == 1 and "maxiter" in r.message

    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(f=3), TypeError, r"`f` must be callable, got 3"),
        (dict(g=None), TypeError, r"`g` must be callable, got None"),
        (dict(x0=[np.nan, 0.0]), ValueError, r"`x0` must be finite"),
        (dict(x0=[[1.0, 0.0]]), ValueError, r"`x0` must be one point"),
        (dict(tol=0), ValueError, r"`tol` must be a positive, finite number"),
        (dict(maxiter=0), ValueError, r"`maxiter` must be positive"),
        (dict(maxiter=2.0), TypeError, r"`maxiter` must be a whole number"),
        (dict(lam0=[1.0, 2.0]), ValueError, r"`lam0` must have one multiplier per constraint \(1\), got 2"),
        (dict(lam0=np.inf), ValueError, r"`lam0` must be finite"),
        (dict(g=lambda p: np.array([circle(p), p[0] - p[1]])), ValueError,
         r"`g` gives 2 constraints on 2 variables"),
        (dict(f=lambda p: p), ValueError, r"`f` must return one number, got 2 values"),
        (dict(g=lambda p: np.log(p[0] - 2)), ValueError, r"`g` is not finite"),
    ], ids=lambda v: repr(v) if not isinstance(v, dict) else ",".join(map(str, v)))
    def test_bad_inputs(self, kwargs, error, match):
        args = dict(f=lin, g=circle, x0=[1.0, 0.0])
        args.update(kwargs)
        with pytest.raises(error, match=match):
            lagrange_multipliers(args.pop("f"), args.pop("g"), args.pop("x0"), **args)


def test_public_names():
    for name in ("newton_raphson", "gradient_descent", "minimize", "lagrange_multipliers",
                 "stationary_kind", "RootResult", "MinimizeResult", "LagrangeResult"):
        assert getattr(mlcalc, name) is getattr(mlcalc.optimisation, name)
