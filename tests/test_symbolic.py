"""mlcalc.symbolic: thin SymPy helpers, checked against SymPy and against numbers."""

import numpy as np
import pytest
import sympy as sp

from mlcalc import check_derivative, derivative, derivative_from_limit, exact_derivative, lambdify, parse

x = sp.Symbol("x", real=True)


class TestExactDerivative:
    @pytest.mark.parametrize("expr,expected", [("x**5", 5 * x**4), ("1/x", -1 / x**2),
                                               ("exp(x)", sp.exp(x)), ("sin(x)", sp.cos(x))])
    def test_known(self, expr, expected):
        assert sp.simplify(exact_derivative(expr) - expected) == 0

    def test_sin_cos_cycle(self):
        derivs = [exact_derivative("sin(x)", order=k) for k in range(1, 5)]
        assert derivs == [sp.cos(x), -sp.sin(x), -sp.cos(x), sp.sin(x)]

    def test_agrees_with_numerical_derivative(self):
        beast = "sin(2*x**5 + 3*x) / exp(7*x)"
        exact = lambdify(exact_derivative(beast))
        for point in (0.2, 0.6, 1.0):
            assert derivative(lambdify(beast), point, method="richardson") == pytest.approx(
                exact(point), rel=1e-10)

    @pytest.mark.parametrize("order", [0, -1, 1.5, True])
    def test_bad_order(self, order):
        with pytest.raises(ValueError, match="`order` must be a positive integer"):
            exact_derivative("x", order=order)


class TestCheckDerivative:
    def test_accepts_equivalent_forms(self):
        check_derivative("sin(x)**2", "sin(2*x)")

    def test_rejects_wrong_formula_naming_the_right_one(self):
        with pytest.raises(AssertionError, match=r"is 3\*x\*\*2, not 3\*x"):
            check_derivative("x**3", "3*x")


class TestFromLimit:
    @pytest.mark.parametrize("n", range(1, 6))
    def test_power_rule(self, n):
        _, limit = derivative_from_limit(f"x**{n}")
        assert sp.simplify(limit - n * x ** (n - 1)) == 0

    def test_sum_rule(self):
        _, limit = derivative_from_limit("x**2 + x**3")
        assert sp.simplify(limit - (2 * x + 3 * x**2)) == 0


class TestParse:
    def test_variable_is_real(self):
        assert parse("x").is_real

    def test_bad_text(self):
        with pytest.raises(ValueError, match="not a formula SymPy can read"):
            parse("x +* 2")

    def test_bad_type(self):
        with pytest.raises(TypeError, match="`expr` must be a string or a SymPy expression"):
            parse(3.5)

    def test_bad_var(self):
        with pytest.raises(ValueError, match="`var` must be a variable name"):
            parse("x", var="2x")

    def test_lambdify_vectorised(self):
        np.testing.assert_allclose(lambdify("x**2")(np.array([1.0, 2.0])), [1.0, 4.0])
