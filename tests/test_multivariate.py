"""mlcalc.multivariate against SymPy's exact Jacobians and Hessians, numpy and scipy."""

import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from multivariate_cases import CountingPointFunction, cases

import mlcalc
from mlcalc import StepSizeWarning, gradient, hessian, jacobian, partial, total_derivative

CASES = cases()
SCALAR_CASES = [c for c in CASES if c.hessian is not None]


def rel_error(approx, exact):
    """Normwise relative error: the largest entry error over the largest exact entry."""
    return np.abs(approx - exact).max() / max(np.abs(exact).max(), 1e-300)


def course_f(p):
    x, y, z = p
    return np.sin(x) * np.exp(y * z**2)


class TestJacobian:
    @pytest.mark.parametrize("case", CASES, ids=str)
    def test_matches_sympy(self, case):
        J = jacobian(case.f, case.x)
        assert J.shape == case.jacobian.shape
        assert rel_error(J, case.jacobian) <= 1e-8

    @pytest.mark.parametrize("case", CASES[::5], ids=str)
    def test_matches_scipy(self, case):
        from scipy.differentiate import jacobian as scipy_jacobian

        # scipy passes batches of points stacked after the first axis; the cases broadcast
        ref = scipy_jacobian(case.f, case.x).df.reshape(case.jacobian.shape)
        assert np.allclose(jacobian(case.f, case.x), ref, rtol=1e-8, atol=1e-9)

    def test_scalar_function_gives_one_row(self):
        assert jacobian(lambda p: p[0] * p[1], [1.0, 2.0]).shape == (1, 2)

    def test_function_of_one_variable_is_derivative(self):
        assert jacobian(np.sin, 0.5) == pytest.approx(np.cos(0.5), rel=1e-10)
        assert jacobian(np.sin, 0.5).shape == (1, 1)

    def test_linear_map_is_its_matrix(self):
        A = np.array([[2.0, -3.0, 1.0], [1.0, 0.0, 4.0]])
        assert np.allclose(jacobian(lambda p: A @ p, [0.3, -1.0, 2.0]), A, rtol=0, atol=1e-9)

    def test_polar_determinant_is_r(self):
        for r, theta in [(0.5, 0.1), (2.0, 1.0), (3.0, -2.5)]:
            J = jacobian(lambda p: np.array([p[0] * np.cos(p[1]), p[0] * np.sin(p[1])]), [r, theta])
            assert np.linalg.det(J) == pytest.approx(r, rel=1e-9)

    def test_second_order_convergence(self):
        case = SCALAR_CASES[0]
        errors = [rel_error(jacobian(case.f, case.x, h=h), case.jacobian) for h in (1e-2, 5e-3)]
        assert 3.5 < errors[0] / errors[1] < 4.5  # error ~ h^2: halving h quarters it

    def test_evaluation_count(self):
        f = CountingPointFunction(course_f)
        jacobian(f, [0.1, 0.2, 0.3])
        assert f.calls == 2 * 3 + 1

    def test_does_not_mutate_x(self):
        x = np.array([0.1, 0.2, 0.3])
        jacobian(course_f, x)
        assert x.tolist() == [0.1, 0.2, 0.3]

    def test_step_per_coordinate(self):
        J = jacobian(course_f, [0.1, 0.2, 0.3], h=[1e-5, 1e-6, 1e-4])
        exact = mlcalc.lambdify_point(mlcalc.exact_jacobian("sin(x)*exp(y*z**2)", "x y z"),
                                      "x y z")
        assert rel_error(J, np.array(exact([0.1, 0.2, 0.3]), dtype=float)) < 1e-8


class TestGradient:
    @pytest.mark.parametrize("case", SCALAR_CASES, ids=str)
    def test_matches_sympy(self, case):
        g = gradient(case.f, case.x)
        assert g.shape == (case.x.size,)
        assert rel_error(g, case.jacobian[0]) <= 1e-8

    def test_is_transpose_of_row_jacobian(self):
        x = [0.4, -0.7, 1.1]
        assert np.array_equal(gradient(course_f, x)[:, None], jacobian(course_f, x).T)

    def test_course_jacobian_example(self):  # f = x^2 y + 3z: J = (2xy, x^2, 3)
        g = gradient(lambda p: p[0] ** 2 * p[1] + 3 * p[2], [1.0, 2.0, 5.0])
        assert g == pytest.approx([4.0, 1.0, 3.0], rel=1e-9)

    @settings(max_examples=40, deadline=None)
    @given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5))
    def test_quadratic_form_against_linear_algebra(self, seed, n):
        rng = np.random.default_rng(seed)
        A, b, x = rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=n)
        g = gradient(lambda p: 0.5 * p @ A @ p + b @ p, x)
        exact = 0.5 * (A + A.T) @ x + b
        assert np.allclose(g, exact, rtol=1e-7, atol=1e-8 * max(1.0, np.abs(exact).max()))


class TestPartial:
    @pytest.mark.parametrize("case", SCALAR_CASES[::3], ids=str)
    def test_each_partial_is_a_gradient_entry(self, case):
        for i in range(case.x.size):
            exact = case.jacobian[0, i]
            approx = partial(case.f, case.x, wrt=i, method="richardson")
            assert approx == pytest.approx(exact, rel=1e-9, abs=1e-11 * np.abs(case.jacobian).max())

    def test_can_mass(self):  # m = 2 pi r^2 t rho + 2 pi r h t rho: dm/dr = 4 pi r t rho + 2 pi h t rho
        def mass(p):
            r, h, t, rho = p
            return 2 * np.pi * r**2 * t * rho + 2 * np.pi * r * h * t * rho
        p = [0.04, 0.11, 0.0005, 2700.0]
        r, h, t, rho = p
        assert partial(mass, p, wrt=0) == pytest.approx(4 * np.pi * r * t * rho + 2 * np.pi * h * t * rho,
                                                         rel=1e-9)
        assert partial(mass, p, wrt=-1) == pytest.approx(mass(p) / rho, rel=1e-9)

    @pytest.mark.parametrize("wrt,error,match", [(3, ValueError, "index into the 3 coordinates"),
                                                 (-4, ValueError, "got -4"),
                                                 (1.0, TypeError, "`wrt` must be the index"),
                                                 (True, TypeError, "`wrt` must be the index")])
    def test_bad_wrt(self, wrt, error, match):
        with pytest.raises(error, match=match):
            partial(course_f, [0.1, 0.2, 0.3], wrt=wrt)


class TestHessian:
    @pytest.mark.parametrize("case", SCALAR_CASES, ids=str)
    def test_matches_sympy(self, case):
        H = hessian(case.f, case.x)
        assert H.shape == (case.x.size, case.x.size)
        assert np.array_equal(H, H.T)
        scale = max(1.0, np.abs(case.hessian).max())  # absolute error where entries are O(1)
        assert np.abs(H - case.hessian).max() <= 1e-6 * scale

    @pytest.mark.parametrize("case", SCALAR_CASES[::4], ids=str)
    def test_matches_scipy(self, case):
        from scipy.differentiate import hessian as scipy_hessian
        ref = scipy_hessian(case.f, case.x).ddf
        assert np.allclose(hessian(case.f, case.x), ref, rtol=1e-6, atol=1e-6)

    def test_is_jacobian_of_gradient(self):
        x, h = np.array([0.3, -0.2, 0.9]), 1e-4
        composed = jacobian(lambda p: gradient(course_f, p, h=h), x, h=h)
        assert np.allclose(hessian(course_f, x, h=h), (composed + composed.T) / 2, rtol=0, atol=0)

    @pytest.mark.parametrize("f,kind", [(lambda p: p[0] ** 2 + p[1] ** 2, "minimum"),
                                        (lambda p: -p[0] ** 2 - 3 * p[1] ** 2, "maximum"),
                                        (lambda p: p[0] ** 2 - p[1] ** 2, "saddle")])
    def test_classifies_stationary_points(self, f, kind):
        H = hessian(f, [0.0, 0.0])
        det, first = np.linalg.det(H), H[0, 0]
        found = "saddle" if det < 0 else ("minimum" if first > 0 else "maximum")
        assert found == kind

    def test_evaluation_count(self):
        f = CountingPointFunction(course_f)
        hessian(f, [0.1, 0.2, 0.3])
        n = 3
        assert f.calls == (2 * n + 1) ** 2  # a gradient (2n + 1 calls) at each of 2n + 1 points


class TestTotalDerivative:
    def test_course_path(self):  # f = sin(x) e^(y z^2) along x = t - 1, y = t^2, z = 1/t
        t = sp.Symbol("t", real=True)
        composed = sp.sin(t - 1) * sp.exp(t**2 / t**2)
        for t0 in (0.5, 1.0, 2.0, 3.7):
            exact = float(sp.diff(composed, t).subs(t, t0))
            approx = total_derivative(course_f, lambda s: np.array([s - 1, s**2, 1 / s]), t0)
            assert approx == pytest.approx(exact, rel=1e-8)

    def test_bad_t(self):
        with pytest.raises(ValueError, match="`t` must be a single number"):
            total_derivative(course_f, lambda s: np.array([s, s, s]), [1.0, 2.0])

    def test_tiny_step_warns_at_caller(self):
        with pytest.warns(StepSizeWarning) as record:
            total_derivative(course_f, lambda s: np.array([s - 1, s**2, 1 / s]), 2.0, h=1e-12)
        assert {w.filename for w in record} == {__file__}

    def test_path_not_callable(self):
        with pytest.raises(TypeError, match="`path` must be callable"):
            total_derivative(course_f, [1, 2, 3], 1.0)


class TestValidation:
    @pytest.mark.parametrize("func", [jacobian, gradient, hessian])
    def test_not_callable(self, func):
        with pytest.raises(TypeError, match="`f` must be callable, got 3"):
            func(3, [1.0, 2.0])

    @pytest.mark.parametrize("func", [jacobian, gradient, hessian])
    def test_two_dimensional_x(self, func):
        with pytest.raises(ValueError, match=r"`x` must be one point.*shape \(2, 2\)"):
            func(lambda p: p.sum(), [[1.0, 2.0], [3.0, 4.0]])

    @pytest.mark.parametrize("bad", [np.nan, np.inf])
    def test_non_finite_x(self, bad):
        with pytest.raises(ValueError, match=r"`x` must be finite, got (nan|inf) at index \(1,\)"):
            gradient(lambda p: p.sum(), [1.0, bad])

    def test_empty_x(self):
        with pytest.raises(ValueError, match="at least one coordinate"):
            jacobian(lambda p: p, [])

    def test_x_of_strings(self):
        with pytest.raises(TypeError, match="`x` must be a real number or array"):
            jacobian(lambda p: p, ["a", "b"])

    def test_matrix_output(self):
        with pytest.raises(ValueError, match=r"returned shape \(2, 2\)"):
            jacobian(lambda p: np.outer(p, p), [1.0, 2.0])

    def test_gradient_of_vector_function(self):
        with pytest.raises(ValueError, match="the gradient needs a scalar-valued `f`, but f returned 2 values"):
            gradient(lambda p: 2 * p, [1.0, 2.0])

    def test_hessian_of_vector_function(self):
        with pytest.raises(ValueError, match="needs a scalar-valued `f`"):
            hessian(lambda p: 2 * p, [1.0, 2.0])

    def test_output_length_changes(self):
        with pytest.raises(ValueError, match="returned 1 values at .* but 2 at the first point"):
            jacobian(lambda p: p if p[0] == 1.0 else p[:1], [1.0, 2.0])

    def test_nan_output(self):
        with pytest.raises(ValueError, match=r"`f` is not finite at the point \[0. 1.\]"):
            gradient(lambda p: np.log(p[0]) + p[1], [0.0, 1.0])

    def test_nan_in_stencil(self):
        with pytest.raises(ValueError, match="step `h` leaves the domain"):
            gradient(lambda p: np.sqrt(p[0]) + p[1], [1e-3, 1.0], h=0.01)

    def test_complex_output(self):
        with pytest.raises(TypeError, match="`f` must return real numbers"):
            gradient(lambda p: p.sum() + 1j, [1.0, 2.0])

    @pytest.mark.parametrize("h,match", [(0.0, "`h` must be positive, got 0"),
                                         (-1e-3, "`h` must be positive"),
                                         ([1e-3, 1e-3, 1e-3], r"one step per coordinate, shape \(2,\)")])
    def test_bad_step(self, h, match):
        with pytest.raises(ValueError, match=match):
            jacobian(lambda p: p, [1.0, 2.0], h=h)

    def test_tiny_step_warns_at_caller(self):
        with pytest.warns(StepSizeWarning, match="below sqrt") as record:
            gradient(lambda p: p.sum(), [1.0, 2.0], h=1e-10)
        assert record[0].filename == __file__
        with pytest.warns(StepSizeWarning) as record:
            hessian(lambda p: p.sum(), [1.0, 2.0], h=1e-10)
        assert record[0].filename == __file__

    def test_default_step_does_not_warn(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            hessian(course_f, [0.0, 0.0, 0.0])
