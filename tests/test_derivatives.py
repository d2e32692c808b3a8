"""mlcalc.derivative against SymPy's exact derivatives and scipy.differentiate."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.differentiate import derivative as scipy_derivative

import mlcalc
from mlcalc import METHODS, StepSizeWarning, derivative
from reference_cases import CountingFunction, cases

CASES = cases()


def relative_errors(method):
    with np.errstate(all="ignore"):
        return np.array([abs(derivative(c.f, c.x, method=method) - c.exact) / abs(c.exact)
                         for c in CASES])


class TestAccuracyAgainstSympy:
    def test_case_set_is_varied(self):
        assert len(CASES) >= 60
        assert len({c.name for c in CASES}) >= 15

    def test_default_method_is_central(self):
        assert derivative(np.exp, 1.3) == derivative(np.exp, 1.3, method="central")

    def test_default_median_and_worst(self):
        errors = relative_errors("central")
        assert np.median(errors) <= 1e-10
        assert errors.max() <= 1e-8, CASES[int(np.argmax(errors))]

    def test_richardson_median_and_worst(self):
        errors = relative_errors("richardson")
        assert np.median(errors) <= 5e-14
        assert errors.max() <= 1e-8, CASES[int(np.argmax(errors))]

    def test_complex_step_machine_precision(self):
        errors = relative_errors("complex")
        assert np.median(errors) <= 2 * np.finfo(float).eps
        assert errors.max() <= 16 * np.finfo(float).eps, CASES[int(np.argmax(errors))]

    @pytest.mark.parametrize("method", ["forward", "backward"])
    def test_one_sided_first_order_accuracy(self, method):
        errors = relative_errors(method)
        assert np.median(errors) <= 1e-7
        assert errors.max() <= 1e-5

    @pytest.mark.parametrize("case", CASES, ids=str)
    def test_each_case_richardson(self, case):
        with np.errstate(all="ignore"):
            got = derivative(case.f, case.x, method="richardson")
        assert got == pytest.approx(case.exact, rel=1e-10)


class TestEvaluations:
    @pytest.mark.parametrize("method,expected", [("forward", 2), ("backward", 2), ("central", 3),
                                                 ("richardson", 7), ("complex", 1)])
    def test_evaluations_per_point(self, method, expected):
        f = CountingFunction(np.sin)
        derivative(f, np.linspace(0.1, 2, 10), method=method)
        assert f.points == expected * 10
        assert expected <= 8

    def test_vectorised_function_called_once(self):
        calls = []
        derivative(lambda x: calls.append(1) or np.cos(x), np.arange(5.0), method="richardson")
        assert len(calls) == 1


class TestConvergenceOrder:
    """Error ratios when h halves: 2 for first order, 4 for central, 64 for Richardson."""

    @pytest.mark.parametrize("method,ratio,h", [("forward", 2, 1e-3), ("backward", 2, 1e-3),
                                                ("central", 4, 1e-2), ("richardson", 64, 0.4),
                                                ("complex", 4, 0.1)])
    @pytest.mark.parametrize("f,df,x", [(np.exp, np.exp, 0.5), (np.sin, np.cos, 1.0),
                                        (lambda x: 1 / x, lambda x: -1 / x**2, 2.0)])
    def test_error_ratio(self, method, ratio, h, f, df, x):
        e1 = abs(derivative(f, x, method=method, h=h) - df(x))
        e2 = abs(derivative(f, x, method=method, h=h / 2) - df(x))
        assert e1 / e2 == pytest.approx(ratio, rel=0.1)

    def test_richardson_table_against_scipy_reference(self):
        # an independent reference: scipy.differentiate's adaptive method
        xs = np.array([0.3, 1.0, 2.5])
        res = scipy_derivative(np.sin, xs)
        assert res.success.all()
        np.testing.assert_allclose(derivative(np.sin, xs, method="richardson"), res.df, rtol=1e-12)


class TestShapesAndTypes:
    def test_scalar_gives_float(self):
        assert type(derivative(np.sin, 1.0)) is float
        assert type(derivative(np.sin, 1)) is float  # integers are promoted

    @pytest.mark.parametrize("method", METHODS)
    @pytest.mark.parametrize("shape", [(4,), (2, 3), (1, 1, 2)])
    def test_array_matches_pointwise(self, method, shape):
        x = np.linspace(0.2, 2.0, math.prod(shape)).reshape(shape)
        got = derivative(np.tanh, x, method=method)
        assert got.shape == shape
        expected = [derivative(np.tanh, xi, method=method) for xi in x.ravel()]
        np.testing.assert_allclose(got.ravel(), expected, rtol=1e-13)

    def test_non_vectorised_function_falls_back_to_points(self):
        np.testing.assert_allclose(derivative(math.sin, [0.5, 1.0]), np.cos([0.5, 1.0]), rtol=1e-9)

    def test_constant_function(self):
        assert derivative(lambda x: 3.0, [1.0, 2.0]).tolist() == [0.0, 0.0]

    def test_input_not_mutated(self):
        x = np.array([0.5, 1.5])
        derivative(np.exp, x, method="richardson")
        assert x.tolist() == [0.5, 1.5]

    def test_array_step(self):
        got = derivative(np.exp, [0.0, 1.0], h=[1e-4, 1e-5])
        np.testing.assert_allclose(got, np.exp([0.0, 1.0]), rtol=1e-8)

    def test_default_step_follows_order_and_scale(self):
        eps = np.finfo(float).eps
        assert mlcalc.default_step(1.0, "central") == pytest.approx(eps ** (1 / 3))
        assert mlcalc.default_step(100.0, "richardson") == pytest.approx(100 * eps ** (1 / 7))
        assert mlcalc.default_step(0.0, "forward") == pytest.approx(0.05 * eps ** 0.5)


class TestBadInput:
    def test_non_callable(self):
        with pytest.raises(TypeError, match=r"`f` must be callable, got 3 \(int\)"):
            derivative(3, 1.0)

    @pytest.mark.parametrize("x,pattern", [(np.nan, r"`x` must be finite, got nan"),
                                           (np.inf, r"`x` must be finite, got inf"),
                                           ([1.0, -np.inf], r"got -inf at index \(1,\)")])
    def test_non_finite_x(self, x, pattern):
        with pytest.raises(ValueError, match=pattern):
            derivative(np.sin, x)

    @pytest.mark.parametrize("x", ["1.0", None, 1 + 2j, True, [[1.0], [2.0, 3.0]]])
    def test_non_real_x(self, x):
        with pytest.raises(TypeError, match=r"`x` must be a real number"):
            derivative(np.sin, x)

    @pytest.mark.parametrize("h,pattern", [(0.0, r"`h` must be positive, got 0"),
                                           (-1e-3, r"`h` must be positive, got -0.001"),
                                           (np.nan, r"`h` must be finite, got nan")])
    def test_bad_step(self, h, pattern):
        with pytest.raises(ValueError, match=pattern):
            derivative(np.sin, 1.0, h=h)

    def test_step_shape_must_match_x(self):
        with pytest.raises(ValueError, match=r"`h` of shape \(2,\) does not match `x` of shape \(3,\)"):
            derivative(np.sin, [1.0, 2.0, 3.0], h=[1e-3, 1e-4])

    def test_complex_step_size_rejected(self):
        with pytest.raises(TypeError, match=r"`h` must be a positive real number"):
            derivative(np.sin, 1.0, h=1j)

    def test_unknown_method(self):
        with pytest.raises(ValueError, match=r"`method` must be one of 'forward', .*; got 'centre'"):
            derivative(np.sin, 1.0, method="centre")

    def test_nan_at_the_point_is_not_a_plausible_number(self):
        # sin(x)/x is undefined at 0; a central difference alone would say 0.0
        with pytest.raises(ValueError, match=r"not finite at x \(x = 0\).*does not exist"):
            with np.errstate(all="ignore"):
                derivative(lambda x: np.sin(x) / x, 0.0)

    def test_stencil_leaving_the_domain(self):
        with pytest.raises(ValueError, match=r"not finite at a point of the stencil .*smaller `h`"):
            with np.errstate(all="ignore"):
                derivative(np.log, 0.01, h=0.1)

    def test_wrong_output_shape(self):
        with pytest.raises(ValueError, match=r"one value per point.*returned shape \(2,\)"):
            derivative(lambda x: np.array([1.0, 2.0]), 1.0)

    def test_non_numeric_output(self):
        with pytest.raises(TypeError, match=r"`f` must return real numbers"):
            derivative(lambda x: "a", 1.0)

    def test_tiny_step_warns(self):
        with pytest.warns(StepSizeWarning, match=r"round-off error will dominate"):
            derivative(np.sin, 1.0, h=1e-12)

    def test_complex_method_needs_complex_input(self):
        with pytest.raises(TypeError, match=r"accept complex input.*math module"):
            derivative(math.sin, 1.0, method="complex")

    def test_complex_method_with_real_output(self):
        with pytest.raises(ValueError, match=r"return complex values.*abs\(\)"):
            derivative(lambda x: np.abs(x) ** 2, 1.0, method="complex")


polynomials = st.lists(st.integers(-9, 9), min_size=1, max_size=8)


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(coeffs=polynomials, x=st.floats(-3, 3))
    def test_polynomials_match_exact(self, coeffs, x):
        p = np.polynomial.Polynomial(coeffs)
        exact = p.deriv()(x)
        size = np.polynomial.Polynomial(np.abs(coeffs))  # bounds |p| and |p'| near x
        tol = 1e-11 * (size.deriv()(abs(x)) + 1) + 1e-11 * size(max(abs(x), 1))  # + round-off
        assert abs(derivative(p, x, method="richardson") - exact) <= tol

    @settings(max_examples=60, deadline=None)
    @given(a=st.floats(-5, 5), b=st.floats(-5, 5), x=st.floats(-2, 2))
    def test_linearity(self, a, b, x):
        combined = derivative(lambda t: a * np.sin(t) + b * np.exp(t), x, method="richardson")
        assert combined == pytest.approx(a * np.cos(x) + b * np.exp(x), abs=1e-11 * (1 + abs(a) + abs(b) * 8))

    @settings(max_examples=40, deadline=None)
    @given(n=st.integers(1, 12), x=st.floats(0.1, 3))
    def test_power_rule_against_sympy(self, n, x):
        t = sp.Symbol("t")
        exact = float(sp.diff(t**n, t).subs(t, x))
        assert derivative(lambda s: s**n, x, method="complex") == pytest.approx(exact, rel=1e-14)
