"""Taylor polynomials, linearisation and the quadratic model, against independent references.

* coefficients and polynomials against ``sympy.series``;
* the error of each model shrinks with the step at the order the lessons state, fitted on a
  log-log scale with ``numpy.polyfit`` (n + 1 for order n; 2 for the linearisation; 3 for the
  quadratic model), for functions of 1, 2 and 3 variables;
* the radius of convergence against known singularities, and the divergence of 1/x's series
  about 1 outside (0, 2);
* Jacobians, gradients and Hessians against SymPy's exact ones;
* every bad input path.
"""

import math

import numpy as np
import pytest
import sympy as sp

import mlcalc
from mlcalc import (cooking_time, error_order, linearise, quadratic_approximation, taylor)
from mlcalc.approximation import MAX_ORDER

X = sp.Symbol("x", real=True)

SERIES_CASES = [
    ("cos(x)", 0), ("cos(x)", 1), ("exp(x)", 0), ("exp(x)", 2), ("log(1 + x)", 0),
    ("log(1 + x)", 1), ("1/x", 1), ("1/x", 2), ("sqrt(x)", 4), ("x**(2/3)", 1.5),
    ("1/(1 + x**2)", 0), ("tan(x)", 0), ("sin(x)*exp(x)", 0.5), ("exp(-x**2)", 0),
    ("atan(x)", -0.25), ("x**3 - 2*x + 2", 3),
]


def _exact(a):
    return sp.nsimplify(a, rational=True)


@pytest.mark.parametrize("f, a", SERIES_CASES)
def test_coefficients_match_sympy_series(f, a):
    order = 8
    p = taylor(f, a, order)
    expr = sp.sympify(f, locals={"x": X})
    series = sp.series(expr, X, _exact(a), order + 1).removeO()
    reference = sp.Poly(sp.expand(series.subs(X, X + _exact(a))), X)  # powers of (x - a)
    want = [float(reference.coeff_monomial(X**k)) for k in range(order + 1)]
    np.testing.assert_allclose(p.coefficients, want, rtol=1e-13, atol=1e-15)
    assert sp.simplify(sp.expand(p.expr - series)) == 0
    assert p.order == order and p.center == a and p.coefficients.shape == (order + 1,)


@pytest.mark.parametrize("f, a", SERIES_CASES[:8])
def test_the_polynomial_evaluates_as_its_expression(f, a):
    p = taylor(f, a, 6)
    x = np.linspace(a - 0.4, a + 0.4, 9)
    reference = sp.lambdify(X, p.expr, "numpy")(x)
    np.testing.assert_allclose(p(x), reference, rtol=1e-12, atol=1e-14)
    assert isinstance(p(a + 0.1), float)
    assert p(a) == pytest.approx(float(sp.sympify(f, locals={"x": X}).subs(X, _exact(a))))


def test_truncate_and_partial_sums_are_the_first_terms():
    p = taylor("exp(x)", 0.5, 7)
    x = np.linspace(-1, 2, 7)
    sums = p.partial_sums(x)
    assert sums.shape == (8, 7)
    for n in range(8):
        q = p.truncate(n)
        np.testing.assert_allclose(sums[n], q(x), rtol=1e-13)
        np.testing.assert_array_equal(q.coefficients, taylor("exp(x)", 0.5, n).coefficients)
        assert str(q) == str(taylor("exp(x)", 0.5, n))


@pytest.mark.parametrize("f, a, text", [
    ("cos(x)", 0, "1 − x²/2 + x⁴/24"),
    ("1/x", 1, "1 − (x − 1) + (x − 1)² − (x − 1)³ + (x − 1)⁴"),
    ("log(1 + x)", 0, "x − x²/2 + x³/3 − x⁴/4"),
    ("exp(x)", -1, None),
    ("3*x**2 - 5", 0, "−5 + 3x²"),
])
def test_text_reads_out_the_polynomial(f, a, text):
    p = taylor(f, a, 4)
    if text is not None:
        assert str(p) == text
    else:
        assert "(x + 1)" in str(p)


# -- the error shrinks at the stated order ---------------------------------------------------

STEPS = 0.2 * 2.0 ** -np.arange(5)


@pytest.mark.parametrize("f, a", [("exp(x)", 1), ("log(1 + x)", 0.5), ("cos(x)", 0.3)])
@pytest.mark.parametrize("order", range(5))
def test_taylor_error_shrinks_at_order_n_plus_1(f, a, order):
    p = taylor(f, a, order)
    exact = sp.lambdify(X, sp.sympify(f, locals={"x": X}), "numpy")
    errors = np.abs(exact(a + STEPS) - p(a + STEPS))
    assert error_order(STEPS, errors) == pytest.approx(order + 1, abs=0.15)


def _f1(p):
    return np.exp(p[0]) * np.sin(p[0])


def _f2(p):
    x, y = p
    return np.exp(x) * np.cos(y) + x * y**2


def _f3(p):
    x, y, z = p
    return np.sin(x + y**2) * np.exp(0.5 * z) + x * y * z


def _vector(p):
    x, y = p
    return np.array([x**2 * y, np.sin(x) + np.cos(y), np.exp(x * y)])


MODEL_CASES = [(_f1, [0.4]), (_f2, [0.3, -0.5]), (_f3, [0.2, 0.7, -0.3]), (_vector, [0.5, 0.8])]


def _model_errors(model, f, x0, seed, steps):
    direction = np.random.default_rng(seed).normal(size=len(x0))
    direction /= np.linalg.norm(direction)
    points = np.asarray(x0) + steps[:, None] * direction
    exact = np.array([np.atleast_1d(f(p)) for p in points])
    approx = np.atleast_2d(model(points))
    if approx.shape != exact.shape:
        approx = approx.reshape(exact.shape)
    return np.abs(exact - approx).max(axis=1)


@pytest.mark.parametrize("f, x0", MODEL_CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linearisation_error_is_second_order(f, x0, seed):
    steps = 0.1 * STEPS  # small enough that the quadratic term dominates in every direction
    errors = _model_errors(linearise(f, x0), f, x0, seed, steps)
    assert error_order(steps, errors) == pytest.approx(2, abs=0.15)


@pytest.mark.parametrize("f, x0", MODEL_CASES[:3])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_quadratic_model_error_is_third_order(f, x0, seed):
    steps = 0.25 * STEPS
    errors = _model_errors(quadratic_approximation(f, x0), f, x0, seed, steps)
    assert error_order(steps, errors) == pytest.approx(3, abs=0.15)


def test_models_match_sympys_derivatives():
    x, y, z = sp.symbols("x y z", real=True)
    expr = sp.sin(x + y**2) * sp.exp(z / 2) + x * y * z
    x0 = [0.2, 0.7, -0.3]
    at = dict(zip((x, y, z), x0))
    grad = np.array([float(sp.diff(expr, v).subs(at)) for v in (x, y, z)])
    hess = np.array([[float(sp.diff(expr, u, v).subs(at)) for v in (x, y, z)] for u in (x, y, z)])
    model = quadratic_approximation(_f3, x0)
    np.testing.assert_allclose(model.gradient, grad, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(model.hessian, hess, rtol=1e-5, atol=1e-6)
    assert model.value == pytest.approx(float(expr.subs(at)), rel=1e-15)
    line = linearise(_f3, x0)
    np.testing.assert_allclose(line.jacobian, grad[None, :], rtol=1e-8, atol=1e-10)
    vec = sp.Matrix([x**2 * y, sp.sin(x) + sp.cos(y), sp.exp(x * y)])
    J = np.array(vec.jacobian([x, y]).subs({x: 0.5, y: 0.8}), dtype=float)
    np.testing.assert_allclose(linearise(_vector, [0.5, 0.8]).jacobian, J, rtol=1e-8)


def test_model_shapes():
    line = linearise(np.cos, 0.5)
    assert isinstance(line(0.6), float) and isinstance(line.value, float)
    assert line(np.zeros((2, 3))).shape == (2, 3)
    assert line.jacobian.shape == (1, 1)
    vec = linearise(_vector, [0.5, 0.8])
    assert vec.value.shape == (3,) and vec([0.5, 0.8]).shape == (3,)
    assert vec(np.ones((4, 2))).shape == (4, 3)
    np.testing.assert_allclose(vec([0.5, 0.8]), _vector(np.array([0.5, 0.8])))
    scalar = linearise(_f2, [0.3, -0.5])
    assert isinstance(scalar([0.3, -0.5]), float) and scalar(np.ones((5, 2))).shape == (5,)
    quad = quadratic_approximation(_f2, [0.3, -0.5])
    assert isinstance(quad([0.3, -0.5]), float) and quad(np.ones((5, 2))).shape == (5,)
    quad1 = quadratic_approximation(np.exp, 0.0)
    assert quad1(np.array([0.1, 0.2])).shape == (2,)
    assert quad1(0.1) == pytest.approx(1 + 0.1 + 0.005, rel=1e-8)


def test_newton_step_of_a_quadratic_reaches_its_minimum():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    model = quadratic_approximation(lambda p: 0.5 * p @ A @ p - b @ p, [2.0, 3.0])
    np.testing.assert_allclose(np.array([2.0, 3.0]) + model.newton_step, np.linalg.solve(A, b),
                               rtol=1e-6)
    flat = quadratic_approximation(lambda p: p[0] + p[1], [0.0, 0.0])
    with pytest.raises(ValueError, match="singular"):
        flat.newton_step


# -- radius of convergence -------------------------------------------------------------------

@pytest.mark.parametrize("f, a, radius", [
    ("cos(x)", 0, math.inf), ("exp(x)", 3, math.inf), ("1/x", 1, 1.0), ("1/x", 3, 3.0),
    ("log(1 + x)", 0, 1.0), ("log(1 + x)", 2, 3.0), ("1/(1 + x**2)", 0, 1.0),
    ("1/(1 + x**2)", 1, math.sqrt(2)), ("tan(x)", 0, math.pi / 2), ("sqrt(x)", 4, 4.0),
    (cooking_time(), 1.5, 1.5), ("Abs(x)", 2, math.inf), ("exp(Abs(x - 3))", 1, math.inf),
])
def test_radius_of_convergence(f, a, radius):
    assert taylor(f, a, 2).radius == pytest.approx(radius, rel=1e-12)


def test_radius_agrees_with_the_root_test():
    """Cauchy-Hadamard: R = 1 / limsup |c_n|**(1/n), estimated from SymPy's own series."""
    for f, a in [("1/(1 + x**2)", 1), ("log(1 + x)", 2), ("1/(2 - x)", -1)]:
        n = 40
        series = sp.series(sp.sympify(f, locals={"x": X}), X, a, n + 2).removeO()
        poly = sp.Poly(sp.expand(series.subs(X, X + a)), X)
        roots = [abs(float(poly.coeff_monomial(X**k))) ** (-1 / k) for k in range(n - 10, n + 1)
                 if poly.coeff_monomial(X**k) != 0]
        assert taylor(f, a, 2).radius == pytest.approx(min(roots), rel=0.1)  # k**(1/k) -> 1 slowly


def test_one_over_x_about_1_diverges_outside_0_2():
    p = taylor("1/x", 1, 40)
    sums = p.partial_sums([0.5, 1.5, 1.9, 2.5, -0.5])
    errors = np.abs(sums - 1 / np.array([0.5, 1.5, 1.9, 2.5, -0.5]))
    inside, outside = errors[:, :3], errors[:, 3:]
    assert np.all(inside[-1] < inside[10]) and inside[-1, :2].max() < 1e-10
    assert np.all(outside[-1] > 1e6) and np.all(np.diff(outside[20:], axis=0) > 0)


# -- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("f, a, match", [
    ("1/x", 0, "pole"), ("sqrt(x)", 0, "branch point"), ("Abs(x)", 0, "kink"),
    ("log(x)", 0, "not defined"), ("x**(2/3)", 0, "branch point"), ("log(1 + x)", -1, "not defined"),
    ("1/(x - 2)**2", 2, "pole"), ("tan(x)", sp.pi / 2, "not analytic"),
])
def test_not_analytic_at_the_centre_is_a_clear_error(f, a, match):
    with pytest.raises(ValueError, match=match) as info:
        taylor(f, a, 3)
    assert "no Taylor series" in str(info.value) or "not analytic" in str(info.value)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"f": 3.0}, TypeError, "`f`"),
    ({"f": np.cos}, TypeError, "`f`"),
    ({"f": "x*y"}, ValueError, "x alone"),
    ({"f": "sin(x"}, ValueError, "`expr`"),
    ({"a": float("nan")}, ValueError, "`a`"),
    ({"a": [1.0, 2.0]}, ValueError, "`a`"),
    ({"a": "one"}, TypeError, "`a`"),
    ({"order": -1}, ValueError, "`order`"),
    ({"order": MAX_ORDER + 1}, ValueError, "`order`"),
    ({"order": 2.0}, TypeError, "`order`"),
    ({"order": True}, TypeError, "`order`"),
])
def test_taylor_bad_input(kwargs, error, match):
    args = {"f": "cos(x)", "a": 0.0, "order": 3} | kwargs
    with pytest.raises(error, match=match):
        taylor(**args)


def test_truncate_and_call_bad_input():
    p = taylor("exp(x)", 0, 3)
    with pytest.raises(ValueError, match="at most"):
        p.truncate(4)
    with pytest.raises(ValueError, match="`x`"):
        p(float("nan"))
    with pytest.raises(TypeError, match="`x`"):
        p("1")


def test_model_bad_input():
    with pytest.raises(TypeError, match="`f`"):
        linearise("cos(x)", 0.0)
    with pytest.raises(ValueError, match="`x0`"):
        linearise(np.cos, float("inf"))
    with pytest.raises(ValueError, match="not finite"):
        linearise(np.log, -1.0)
    with pytest.raises(ValueError, match="scalar-valued"):
        quadratic_approximation(_vector, [0.5, 0.8])
    with pytest.raises(ValueError, match="`h`"):
        quadratic_approximation(_f2, [0.5, 0.8], h=-1.0)
    model = linearise(_f2, [0.5, 0.8])
    with pytest.raises(ValueError, match=r"`x`.*shape \(k, 2\)"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="`x`"):
        quadratic_approximation(_f2, [0.5, 0.8])(np.ones((2, 3)))


@pytest.mark.parametrize("steps, errors, match", [
    ([0.1], [0.01], "length"), ([0.1, 0.2], [0.01], "length"), ([0.1, -0.2], [1, 2], "positive"),
    ([0.1, 0.1], [0.01, 0.02], "distinct"), ([0.1, 0.2], [0.0, 0.1], "positive"),
])
def test_error_order_bad_input(steps, errors, match):
    with pytest.raises(ValueError, match=match):
        error_order(steps, errors)


def test_cooking_time_model():
    t = mlcalc.lambdify(cooking_time(60, 1.0))
    assert float(t(1.0)) == pytest.approx(60)
    assert float(t(8.0)) == pytest.approx(60 * 4)  # 8**(2/3) = 4
    with pytest.raises(ValueError, match="`mass_at`"):
        cooking_time(80, 0)
    with pytest.raises(ValueError, match="`minutes_at`"):
        cooking_time(float("nan"))
