"""mlcalc.chain_rule against SymPy: each factor is the exact Jacobian at the point the chain
reaches, and the product is the exact derivative of the composition."""

import numpy as np
import pytest
import sympy as sp

from mlcalc.chain import chain_rule

t = sp.Symbol("t", real=True)
u1, u2, x1, x2, x3 = sp.symbols("u1 u2 x1 x2 x3", real=True)

# f(x(u(t))): u: R -> R^2, x: R^2 -> R^3, f: R^3 -> R (a row x a matrix x a column)
U = sp.Matrix([t**2, sp.sin(t)])
X = sp.Matrix([u1 * u2, u1 + u2, sp.exp(u2)])
F = sp.Matrix([x1 * x2 + x3**2])


def as_function(expr, symbols):
    fn = sp.lambdify(symbols, list(expr), "numpy")
    return lambda p: np.array(fn(*p), dtype=float)


LINKS = [as_function(F, (x1, x2, x3)), as_function(X, (u1, u2)), as_function(U, (t,))]


@pytest.mark.parametrize("t0", [-1.2, 0.0, 0.4, 2.0])
def test_product_is_the_exact_derivative_of_the_composition(t0):
    composed = F.subs({x1: X[0], x2: X[1], x3: X[2]}).subs({u1: U[0], u2: U[1]})
    exact = float(sp.diff(composed[0], t).subs(t, t0))
    chain = chain_rule(LINKS, t0)
    assert chain.shapes == [(1, 3), (3, 2), (2, 1)]
    assert chain.product.shape == (1, 1)
    assert chain.product[0, 0] == pytest.approx(exact, rel=1e-8, abs=1e-9)
    assert chain.value[0] == pytest.approx(float(composed[0].subs(t, t0)), rel=1e-14)


@pytest.mark.parametrize("t0", [-1.2, 0.4])
def test_each_factor_is_the_exact_jacobian_where_the_chain_reaches_it(t0):
    chain = chain_rule(LINKS, t0)
    u = np.array([float(v.subs(t, t0)) for v in U])
    x = np.array([float(v.subs({u1: u[0], u2: u[1]})) for v in X])
    np.testing.assert_allclose(chain.points[1], u, rtol=1e-14)
    np.testing.assert_allclose(chain.points[2], x, rtol=1e-14)
    refs = [(F, (x1, x2, x3), x), (X, (u1, u2), u), (U, (t,), [t0])]
    for factor, (expr, syms, at) in zip(chain.factors, refs):
        exact = np.array(expr.jacobian(syms).subs(dict(zip(syms, at))), dtype=float)
        np.testing.assert_allclose(factor, exact, rtol=1e-8, atol=1e-9)


def test_a_single_link_is_just_its_jacobian():
    chain = chain_rule([lambda p: np.array([p[0] * p[1], p[1]])], [2.0, 3.0])
    np.testing.assert_allclose(chain.product, [[3, 2], [0, 1]], atol=1e-9)


@pytest.mark.parametrize("functions,err,match", [
    ([], TypeError, "non-empty list"),
    (np.sin, TypeError, "non-empty list"),
    ([np.sin, 3], TypeError, r"`functions\[1\]` must be callable")])
def test_bad_functions(functions, err, match):
    with pytest.raises(err, match=match):
        chain_rule(functions, 0.5)

