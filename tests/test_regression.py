"""mlcalc.regression against independent references: numpy.polyfit, scipy.stats.linregress,
scipy.optimize.curve_fit and least_squares, np.linalg.lstsq, sympy's exact derivatives of the
normal density, scipy.integrate.quad, Bates & Watts' Puromycin fit and NIST's certified
results."""

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

from mlcalc import (LeastSquaresResult, LinearFit, chi_squared, gaussian, gaussian_partials,
                    least_squares, linear_fit)
from mlcalc.datasets import NIST_NAMES, anscombe, nist, puromycin
from mlcalc.regression import LSQ_METHODS

TIGHT = dict(xtol=1e-15, ftol=1e-15, gtol=1e-15)  # the references' tolerances


def lre(b, certified) -> float:
    """Log relative error: the fewest correct digits over the parameters, clipped to [0, 11]."""
    b, certified = np.asarray(b, dtype=float), np.asarray(certified, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        digits = -np.log10(np.abs(b - certified) / np.abs(certified))
    digits = np.where(np.isnan(digits), 0.0, digits)
    return float(np.clip(digits, 0.0, 11.0).min())


class Counting:
    """model(x, *p), counting every call."""

    def __init__(self, model):
        self.model, self.calls = model, 0

    def __call__(self, x, *p):
        self.calls += 1
        return self.model(x, *p)


# -- models, each with its Jacobian by hand (the references for `jac`) ----------------------

def decay(x, a, k):
    return a * np.exp(-k * x)


def decay_jac(x, a, k):
    e = np.exp(-k * x)
    return np.column_stack([e, -a * x * e])


def michaelis_menten(c, vm, k):
    return vm * c / (k + c)


def michaelis_menten_jac(c, vm, k):
    return np.column_stack([c / (k + c), -vm * c / (k + c) ** 2])


def peak(x, b0, b1, height, mu, width):  # a Gaussian peak on a sloping background
    return b0 + b1 * x + height * np.exp(-((x - mu) ** 2) / (2 * width**2))


def peak_jac(x, b0, b1, height, mu, width):
    e = np.exp(-((x - mu) ** 2) / (2 * width**2))
    return np.column_stack([np.ones_like(x), x, e, height * e * (x - mu) / width**2,
                            height * e * (x - mu) ** 2 / width**3])


def two_column(x, a, b, c):  # x has columns (dose, time), as NIST's Nelson
    return a * x[:, 0] * np.exp(-b * x[:, 1]) + c


def two_column_jac(x, a, b, c):
    e = np.exp(-b * x[:, 1])
    return np.column_stack([x[:, 0] * e, -a * x[:, 0] * x[:, 1] * e, np.ones(len(x))])


def line(x, m, c):
    return m * x + c


def line_jac(x, m, c):
    return np.column_stack([x, np.ones_like(x)])


def quadratic(x, a, b, c):
    return a * x**2 + b * x + c


def quadratic_jac(x, a, b, c):
    return np.column_stack([x**2, x, np.ones_like(x)])


def _puromycin_treated():
    data = puromycin()
    treated = data["state"] == "treated"
    return data["concentration"][treated], data["rate"][treated]


def _peak_data():
    rng = np.random.default_rng(20240601)
    x = np.linspace(0.0, 10.0, 101)
    return x, peak(x, 1.0, 0.2, 5.0, 4.5, 0.8) + rng.normal(0.0, 0.1, x.size)


def _two_column_data():
    rng = np.random.default_rng(7)
    x = np.column_stack([rng.uniform(1.0, 5.0, 40), rng.uniform(0.0, 2.0, 40)])
    return x, two_column(x, 2.0, 0.8, 0.5) + rng.normal(0.0, 0.05, 40)


def _decay_data():
    rng = np.random.default_rng(3)
    x = np.linspace(0.0, 4.0, 25)
    return x, decay(x, 3.0, 0.7) + rng.normal(0.0, 0.02, x.size)


#: (name, model, jac, data(), p0)
FIT_CASES = [
    ("decay", decay, decay_jac, _decay_data, [1.0, 0.1]),
    ("michaelis-menten", michaelis_menten, michaelis_menten_jac, _puromycin_treated,
     [200.0, 0.1]),
    ("peak", peak, peak_jac, _peak_data, [0.5, 0.0, 3.0, 4.0, 1.0]),
    ("two-column-x", two_column, two_column_jac, _two_column_data, [1.0, 0.5, 0.0]),
]
FIT_IDS = [c[0] for c in FIT_CASES]


def _sigma_for(y):
    """A seeded, uneven sigma per point (the weighted cases)."""
    return np.random.default_rng(11).uniform(0.5, 2.0, y.size) * 0.05 * (np.ptp(y) + 1.0)


# -- linear_fit ------------------------------------------------------------------------------

def _exact_line(x, y):
    """The unweighted line by the normal equations in fractions.Fraction (exact for the floats
    given), each result rounded once to a float."""
    X, Y, n = [Fraction(v) for v in x], [Fraction(v) for v in y], len(x)
    sx, sy = sum(X), sum(Y)
    sxx, sxy = sum(a * a for a in X), sum(a * b for a, b in zip(X, Y))
    det = n * sxx - sx * sx
    slope, intercept = (n * sxy - sx * sy) / det, (sxx * sy - sx * sxy) / det
    chi2 = sum((b - slope * a - intercept) ** 2 for a, b in zip(X, Y))
    var = chi2 / (n - 2)
    return dict(slope=float(slope), intercept=float(intercept), chi2=float(chi2),
                uncertainties=[math.sqrt(var * n / det), math.sqrt(var * sxx / det)])


def _line_cases():
    data = anscombe()
    for i in range(1, 5):
        yield f"anscombe{i}", np.array(data[f"x{i}"]), np.array(data[f"y{i}"])
    rng = np.random.default_rng(42)
    x = rng.uniform(-5.0, 5.0, 30)
    yield "noisy", x, -1.7 * x + 0.3 + rng.normal(0.0, 0.5, x.size)
    yield "steep", np.arange(6.0), 1e4 * np.arange(6.0) + rng.normal(0.0, 1.0, 6)
    yield "three-points", np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.5, 2.0])


LINE_CASES = list(_line_cases())
LINE_IDS = [c[0] for c in LINE_CASES]


class TestLinearFit:
    @pytest.mark.parametrize("name,x,y", LINE_CASES, ids=LINE_IDS)
    def test_matches_references(self, name, x, y):
        fit = linear_fit(x, y)
        assert isinstance(fit, LinearFit)
        assert fit.dof == x.size - 2
        scale = np.abs(y).max()
        # numpy.polyfit
        slope, intercept = np.polyfit(x, y, 1)
        assert fit.slope == pytest.approx(slope, rel=1e-10, abs=1e-12)
        assert fit.intercept == pytest.approx(intercept, rel=1e-10, abs=1e-10)
        # the normal equations in exact rational arithmetic
        exact = _exact_line(x, y)
        assert fit.slope == pytest.approx(exact["slope"], rel=1e-14, abs=1e-15 * scale)
        assert fit.intercept == pytest.approx(exact["intercept"], rel=1e-13, abs=1e-14 * scale)
        assert fit.chi2 == pytest.approx(exact["chi2"], rel=1e-9)
        assert fit.uncertainties == pytest.approx(exact["uncertainties"], rel=1e-9)
        # scipy.stats.linregress; it forms stderr from 1 - r**2, which cancels when r is near 1
        # ("steep"), hence 1e-6 there
        ref = stats.linregress(x, y)
        assert fit.slope == pytest.approx(ref.slope, rel=1e-12, abs=1e-12)
        assert fit.intercept == pytest.approx(ref.intercept, rel=1e-12, abs=1e-10)
        assert fit.uncertainties == pytest.approx([ref.stderr, ref.intercept_stderr], rel=1e-6)
        assert fit.r == pytest.approx(ref.rvalue, rel=1e-12)
        # scipy.optimize.curve_fit's default covariance (absolute_sigma=False): scaled by
        # chi2 / (n - 2)
        popt, pcov = optimize.curve_fit(line, x, y, p0=[0.0, 0.0], jac=line_jac, **TIGHT)
        assert [fit.slope, fit.intercept] == pytest.approx(popt, rel=1e-9, abs=1e-9)
        assert fit.covariance == pytest.approx(pcov, rel=1e-8, abs=1e-14)
        assert fit.uncertainties == pytest.approx(np.sqrt(np.diag(pcov)), rel=1e-8)

    @pytest.mark.parametrize("seed", [0, 1])
    @pytest.mark.parametrize("scalar_sigma", [False, True], ids=["sigma-array", "sigma-scalar"])
    def test_weighted_matches_curve_fit_absolute_sigma(self, seed, scalar_sigma):
        rng = np.random.default_rng(seed)
        x = np.sort(rng.uniform(0.0, 10.0, 15))
        sigma = 0.3 if scalar_sigma else rng.uniform(0.1, 2.0, x.size)
        y = 2.5 * x - 4.0 + rng.normal(0.0, 1.0, x.size) * sigma
        fit = linear_fit(x, y, sigma=sigma)
        popt, pcov = optimize.curve_fit(line, x, y, p0=[0.0, 0.0], jac=line_jac,
                                        sigma=np.broadcast_to(sigma, x.shape),
                                        absolute_sigma=True, **TIGHT)
        assert [fit.slope, fit.intercept] == pytest.approx(popt, rel=1e-10)
        assert fit.covariance == pytest.approx(pcov, rel=1e-9)
        assert fit.uncertainties == pytest.approx(np.sqrt(np.diag(pcov)), rel=1e-9)
        # the weighted least-squares solution by np.linalg.lstsq on the scaled system
        w = 1 / np.broadcast_to(sigma, x.shape)
        ref, *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]) * w[:, None], y * w,
                                  rcond=None)
        assert [fit.slope, fit.intercept] == pytest.approx(ref, rel=1e-10)
        assert fit.chi2 == pytest.approx(float(np.sum(((y - line(x, *ref)) * w) ** 2)), rel=1e-9)

    def test_equal_sigmas_give_the_unweighted_line(self):
        x, y = LINE_CASES[4][1], LINE_CASES[4][2]
        plain, weighted = linear_fit(x, y), linear_fit(x, y, sigma=np.full(x.size, 0.7))
        assert weighted.slope == pytest.approx(plain.slope, rel=1e-12)
        assert weighted.intercept == pytest.approx(plain.intercept, rel=1e-12)
        assert weighted.chi2 == pytest.approx(plain.chi2 / 0.49, rel=1e-12)

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(points=st.lists(st.tuples(st.integers(-10_000, 10_000),
                                     st.floats(-1e3, 1e3, allow_subnormal=False)),
                           min_size=3, max_size=40, unique_by=lambda p: p[0]))
    def test_property_matches_linregress(self, points):
        x = np.array([p[0] for p in points], dtype=float) / 100  # distinct x in [-100, 100]
        y = np.array([p[1] for p in points], dtype=float)
        fit = linear_fit(x, y)
        exact = _exact_line(x, y)
        slope, intercept = np.polyfit(x, y, 1)
        scale = np.abs(y).max() + 1.0
        assert fit.slope == pytest.approx(exact["slope"], rel=1e-12, abs=1e-13 * scale)
        assert fit.intercept == pytest.approx(exact["intercept"], rel=1e-12, abs=1e-13 * scale)
        assert fit.slope == pytest.approx(slope, rel=1e-8, abs=1e-9 * scale)
        assert fit.intercept == pytest.approx(intercept, rel=1e-8, abs=1e-9 * scale)
        assert fit.residuals == pytest.approx(y - (slope * x + intercept), abs=1e-8 * scale)
        # exactly collinear points have uncertainties 0 (linregress's 1 - r**2 gives ~1e-8)
        assert fit.uncertainties == pytest.approx(exact["uncertainties"], rel=1e-6,
                                                  abs=1e-12 * scale)
        if np.ptp(y) > 0:
            ref = stats.linregress(x, y)
            assert fit.slope == pytest.approx(ref.slope, rel=1e-9, abs=1e-10 * scale)
            assert fit.intercept == pytest.approx(ref.intercept, rel=1e-9, abs=1e-10 * scale)
            assert fit.r == pytest.approx(ref.rvalue, abs=1e-9)

    @settings(max_examples=40, deadline=None, derandomize=True)
    @given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 30))
    def test_property_weighted_matches_lstsq(self, seed, n):
        rng = np.random.default_rng(seed)
        x = rng.permutation(np.linspace(-50.0, 50.0, n)) + rng.uniform(-0.1, 0.1, n)
        sigma = rng.uniform(0.01, 10.0, n)
        y = rng.uniform(-5, 5) * x + rng.uniform(-100, 100) + sigma * rng.normal(size=n)
        fit = linear_fit(x, y, sigma=sigma)
        A = np.column_stack([x, np.ones(n)]) / sigma[:, None]
        ref, *_ = np.linalg.lstsq(A, y / sigma, rcond=None)
        assert [fit.slope, fit.intercept] == pytest.approx(ref, rel=1e-8, abs=1e-9)
        assert fit.covariance == pytest.approx(np.linalg.inv(A.T @ A), rel=1e-8, abs=1e-15)

    def test_years_far_from_zero(self):
        years = np.arange(2000.0, 2021.0)
        exact = linear_fit(years, 0.25 * years - 400.0)  # exactly representable line
        assert exact.slope == pytest.approx(0.25, rel=1e-13)
        assert exact.intercept == pytest.approx(-400.0, rel=1e-13)
        assert np.abs(exact.residuals).max() < 1e-10
        # noisy: the reference fits the exactly shifted x = year - 2010 (integers: no rounding)
        rng = np.random.default_rng(2020)
        y = 0.0123 * years - 20.5 + rng.normal(0.0, 0.01, years.size)
        fit, ref = linear_fit(years, y), stats.linregress(years - 2010.0, y)
        assert fit.slope == pytest.approx(ref.slope, rel=1e-11)
        assert fit.intercept == pytest.approx(ref.intercept - 2010.0 * ref.slope, rel=1e-11)
        assert fit.uncertainties[0] == pytest.approx(ref.stderr, rel=1e-9)
        assert fit(2010.0) == pytest.approx(ref.intercept, rel=1e-12)
        assert fit.r == pytest.approx(ref.rvalue, rel=1e-11)

    def test_call_and_residuals(self):
        name, x, y = LINE_CASES[4]
        fit = linear_fit(x, y)
        slope, intercept = np.polyfit(x, y, 1)
        assert fit(x) == pytest.approx(slope * x + intercept, rel=1e-10, abs=1e-12)
        assert fit(2.0) == pytest.approx(2.0 * slope + intercept, rel=1e-10)
        assert fit([0, 1]) == pytest.approx([intercept, slope + intercept], rel=1e-10)
        assert np.array_equal(fit.residuals, y - fit(x))
        assert fit.chi2 == pytest.approx(float(np.sum((y - fit(x)) ** 2)), rel=1e-14)

    def test_two_points_fix_the_line(self):
        fit = linear_fit([1.0, 3.0], [2.0, 8.0])  # by hand: slope 3, intercept -1
        assert (fit.slope, fit.intercept, fit.dof) == (pytest.approx(3.0), pytest.approx(-1.0), 0)
        assert np.isinf(fit.uncertainties).all()  # no residual variance to scale by
        weighted = linear_fit([1.0, 3.0], [2.0, 8.0], sigma=[1.0, 1.0])
        _, pcov = optimize.curve_fit(line, [1.0, 3.0], [2.0, 8.0], p0=[0.0, 0.0], jac=line_jac,
                                     sigma=[1.0, 1.0], absolute_sigma=True)
        assert weighted.covariance == pytest.approx(pcov, rel=1e-10)

    def test_inputs_not_mutated(self):
        x = np.array([3.0, 1.0, 2.0, 5.0])
        y = np.array([1.0, 0.0, 2.0, 4.0])
        sigma = np.array([0.5, 1.0, 1.0, 2.0])
        copies = x.copy(), y.copy(), sigma.copy()
        lists = [3, 1, 2, 5], [1, 0, 2, 4]
        linear_fit(x, y, sigma=sigma)
        linear_fit(*lists)
        assert all(np.array_equal(a, b) for a, b in zip((x, y, sigma), copies))
        assert lists == ([3, 1, 2, 5], [1, 0, 2, 4])

    def test_constant_y_does_not_claim_perfect_correlation(self):
        fit = linear_fit([0.0, 1.0, 2.0], [1.0, 1.0, 1.0])
        assert fit.slope == 0.0 and fit.intercept == pytest.approx(1.0)
        assert np.isnan(fit.r)  # undefined, as scipy.stats.linregress says

    @pytest.mark.parametrize("args,kwargs,match", [
        (([1, 1, 1], [2, 3, 4]), {}, r"`x` needs at least two distinct values.*x = 1"),
        (([5.0], [2.0]), {}, r"`x` needs at least two distinct values"),
        (([0, 1, 2], [1, 2]), {}, r"`x` and `y` must have the same length, got 3 and 2"),
        (([0, np.nan, 2], [1, 2, 3]), {}, r"`x` must be finite, got nan at index \(1,\)"),
        (([0, 1, 2], [1, 2, np.nan]), {}, r"`y` must be finite, got nan at index \(2,\)"),
        (([0, 1, 2], [1, 2, 3]), dict(sigma=[1, 0, 1]), r"`sigma` must be positive, got 0 at "
                                                       r"index 1"),
        (([0, 1, 2], [1, 2, 3]), dict(sigma=-0.5), r"`sigma` must be positive, got -0.5"),
        (([0, 1, 2], [1, 2, 3]), dict(sigma=[1, 1]), r"`sigma` must be one number or one per "
                                                     r"point \(3\), got shape \(2,\)"),
        (([[0, 1], [1, 2], [2, 3]], [1, 2, 3]), {}, r"`x` must be a 1-D array, got shape"),
        (([], []), {}, r"`y` must be a non-empty 1-D array"),
    ], ids=["one-x", "one-point", "unequal", "nan-x", "nan-y", "sigma-zero", "sigma-negative",
            "sigma-length", "x-2d", "empty"])
    def test_bad_inputs(self, args, kwargs, match):
        with pytest.raises(ValueError, match=match):
            linear_fit(*args, **kwargs)

    @pytest.mark.parametrize("x,match", [("abc", r"`x` must be a real number"),
                                         ([1 + 2j, 3, 4], r"`x` must be a real number")])
    def test_bad_types(self, x, match):
        with pytest.raises(TypeError, match=match):
            linear_fit(x, [1, 2, 3])


# -- chi_squared -----------------------------------------------------------------------------

class TestChiSquared:
    @pytest.mark.parametrize("sigma", [None, "per-point"])
    @pytest.mark.parametrize("name,model,jac,data,p0", FIT_CASES, ids=FIT_IDS)
    def test_matches_direct_sum(self, name, model, jac, data, p0, sigma):
        x, y = data()
        if isinstance(sigma, str):
            sigma = _sigma_for(y)
        ref = np.sum(((y - model(x, *p0)) / (1.0 if sigma is None else sigma)) ** 2)
        assert chi_squared(model, x, y, p0, sigma=sigma) == pytest.approx(ref, rel=1e-13)

    def test_by_hand(self):
        # residuals (0, 1, -1) at m = 1, c = 1: chi2 = 2, and 2 / 0.5**2 = 8
        assert chi_squared(line, [0, 1, 2], [1, 3, 2], [1.0, 1.0]) == 2.0
        assert chi_squared(line, [0, 1, 2], [1, 3, 2], [1.0, 1.0], sigma=0.5) == 8.0
        assert chi_squared(line, [0, 1, 2], [1, 3, 2], [1.0, 1.0], sigma=[1, 1, 0.5]) == 5.0

    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(model=3), TypeError, r"`model` must be callable"),
        (dict(sigma=0), ValueError, r"`sigma` must be positive"),
        (dict(y=[1, 2]), ValueError, r"`x` and `y` must have the same length"),
        (dict(params=[1.0, np.nan]), ValueError, r"`params` must be finite"),
    ], ids=["model", "sigma", "lengths", "params"])
    def test_bad_inputs(self, kwargs, error, match):
        args = dict(model=line, x=[0, 1, 2], y=[1, 2, 3], params=[1.0, 1.0])
        args.update(kwargs)
        with pytest.raises(error, match=match):
            chi_squared(args.pop("model"), args.pop("x"), args.pop("y"), args.pop("params"),
                        **args)


# -- gaussian and its partials ---------------------------------------------------------------

_X, _MU, _SIGMA = sympy.symbols("x mu sigma", real=True)
_DENSITY = sympy.exp(-((_X - _MU) ** 2) / (2 * _SIGMA**2)) / (_SIGMA * sympy.sqrt(2 * sympy.pi))
_REF_F = sympy.lambdify((_X, _MU, _SIGMA), _DENSITY, "numpy")
_REF_DMU = sympy.lambdify((_X, _MU, _SIGMA), sympy.diff(_DENSITY, _MU), "numpy")
_REF_DSIGMA = sympy.lambdify((_X, _MU, _SIGMA), sympy.diff(_DENSITY, _SIGMA), "numpy")
GAUSS_POINTS = [(0.0, 0.0, 1.0), (1.0, 0.0, 1.0), (-2.5, 0.3, 0.7), (170.0, 169.5, 7.2),
                (3.0, -1.0, 2.0), (0.01, 0.0, 0.05)]


class TestGaussian:
    @pytest.mark.parametrize("x,mu,sigma", GAUSS_POINTS)
    def test_matches_sympy(self, x, mu, sigma):
        assert float(gaussian(x, mu, sigma)) == pytest.approx(_REF_F(x, mu, sigma), rel=1e-14)
        assert float(gaussian(x, mu, sigma)) == pytest.approx(stats.norm.pdf(x, mu, sigma),
                                                             rel=1e-13)
        d_mu, d_sigma = gaussian_partials(x, mu, sigma)
        assert float(d_mu) == pytest.approx(_REF_DMU(x, mu, sigma), rel=1e-13, abs=1e-300)
        assert float(d_sigma) == pytest.approx(_REF_DSIGMA(x, mu, sigma), rel=1e-12, abs=1e-15)

    def test_partials_on_an_array(self):
        x = np.linspace(-4.0, 6.0, 41)
        d_mu, d_sigma = gaussian_partials(x, 1.0, 1.5)
        assert d_mu.shape == d_sigma.shape == x.shape
        assert d_mu == pytest.approx(_REF_DMU(x, 1.0, 1.5), rel=1e-13, abs=1e-300)
        assert d_sigma == pytest.approx(_REF_DSIGMA(x, 1.0, 1.5), rel=1e-12, abs=1e-16)
        assert gaussian(x, 1.0, 1.5) == pytest.approx(_REF_F(x, 1.0, 1.5), rel=1e-14)

    @pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (169.5, 7.2), (-3.0, 0.01), (2.0, 50.0)])
    def test_integrates_to_one(self, mu, sigma):
        # beyond 40 sigma the density is below 1e-340: nothing left out in floating point
        area, err = integrate.quad(gaussian, mu - 40 * sigma, mu + 40 * sigma, args=(mu, sigma),
                                   points=[mu], limit=200)
        assert area == pytest.approx(1.0, abs=1e-9) and err < 1e-8

    @pytest.mark.parametrize("function", [gaussian, gaussian_partials])
    @pytest.mark.parametrize("sigma,match", [(0.0, r"`sigma` must be positive and finite, got 0"),
                                             (-1.0, r"`sigma` must be positive and finite, "
                                                    r"got -1")])
    def test_sigma_not_positive(self, function, sigma, match):
        with pytest.raises(ValueError, match=match):
            function(0.5, 0.0, sigma)

    def test_sigma_not_a_number(self):
        with pytest.raises(TypeError, match=r"`sigma` must be a positive number"):
            gaussian(0.5, 0.0, "1")


# -- least_squares: against scipy.optimize ---------------------------------------------------

class TestLeastSquaresReferences:
    @pytest.mark.parametrize("name,model,jac,data,p0", FIT_CASES, ids=FIT_IDS)
    def test_matches_curve_fit(self, name, model, jac, data, p0):
        x, y = data()
        fit = least_squares(model, x, y, p0)
        assert isinstance(fit, LeastSquaresResult)
        assert fit.converged, fit.message
        popt, pcov = optimize.curve_fit(model, x, y, p0=p0, jac=jac, **TIGHT)
        assert fit.params == pytest.approx(popt, rel=1e-7, abs=1e-10)
        assert fit.covariance == pytest.approx(pcov, rel=1e-5, abs=1e-12 * np.abs(pcov).max())
        assert fit.uncertainties == pytest.approx(np.sqrt(np.diag(pcov)), rel=1e-5)
        assert fit.dof == y.size - len(p0)

    @pytest.mark.parametrize("name,model,jac,data,p0", FIT_CASES, ids=FIT_IDS)
    def test_matches_curve_fit_absolute_sigma(self, name, model, jac, data, p0):
        x, y = data()
        sigma = _sigma_for(y)
        fit = least_squares(model, x, y, p0, sigma=sigma)
        assert fit.converged, fit.message
        popt, pcov = optimize.curve_fit(model, x, y, p0=p0, jac=jac, sigma=sigma,
                                        absolute_sigma=True, **TIGHT)
        assert fit.params == pytest.approx(popt, rel=1e-7, abs=1e-10)
        assert fit.covariance == pytest.approx(pcov, rel=1e-5, abs=1e-12 * np.abs(pcov).max())
        assert fit.chi2 == pytest.approx(float(np.sum(((y - model(x, *popt)) / sigma) ** 2)),
                                         rel=1e-10)
        # residuals are y - model, not weighted
        assert fit.residuals == pytest.approx(y - model(x, *fit.params), rel=1e-12, abs=1e-12)

    def test_relative_sigma_scales_covariance_like_curve_fit(self):
        x, y = _decay_data()
        sigma = _sigma_for(y)
        fit = least_squares(decay, x, y, [1.0, 0.1], sigma=sigma)
        popt, pcov = optimize.curve_fit(decay, x, y, p0=[1.0, 0.1], jac=decay_jac, sigma=sigma,
                                        absolute_sigma=False, **TIGHT)
        # curve_fit's relative convention is the absolute covariance times chi2 / dof
        assert fit.covariance * fit.chi2 / fit.dof == pytest.approx(pcov, rel=1e-5)

    def test_puromycin_matches_bates_and_watts(self):
        c, rate = _puromycin_treated()
        fit = least_squares(michaelis_menten, c, rate, [200.0, 0.1])
        assert fit.converged, fit.message
        vm, k = fit.params
        assert vm == pytest.approx(212.7, abs=0.05)  # Bates & Watts (1988), to their digits
        assert k == pytest.approx(0.06412, abs=5e-6)
        # and the standard errors R's nls reports for these rows, 6.947 and 0.008281
        assert fit.uncertainties == pytest.approx([6.947, 0.008281], rel=1e-3)

    @pytest.mark.parametrize("name", ["Misra1a", "Chwirut2", "Gauss1", "MGH09", "Thurber",
                                      "BoxBOD", "Rat43"])
    def test_nist_start2_matches_scipy_least_squares(self, name):
        p = nist(name)
        with np.errstate(all="ignore"):
            ref = optimize.least_squares(lambda b: p.model(p.x, *b) - p.y, p.starts[1],
                                         method="lm", **TIGHT)
        assert ref.success and lre(ref.x, p.certified) >= 6  # SciPy reaches NIST's answer
        fit = least_squares(p.model, p.x, p.y, p.starts[1])
        assert fit.converged, fit.message
        assert fit.params == pytest.approx(ref.x, rel=1e-6)
        assert fit.chi2 == pytest.approx(p.residual_sum_of_squares, rel=1e-8)

    @pytest.mark.parametrize("model,jac,p0,with_jac,method", [
        (line, line_jac, [0.0, 0.0], False, "lm"),
        (line, line_jac, [0.0, 0.0], True, "lm"),
        (line, line_jac, [0.0, 0.0], False, "gauss-newton"),
        (line, line_jac, [0.0, 0.0], True, "gauss-newton"),
        (quadratic, quadratic_jac, [1.0, -1.0, 0.5], False, "lm"),
        (quadratic, quadratic_jac, [1.0, -1.0, 0.5], True, "lm"),
        (quadratic, quadratic_jac, [1.0, -1.0, 0.5], False, "gauss-newton"),
        (quadratic, quadratic_jac, [1.0, -1.0, 0.5], True, "gauss-newton"),
    ], ids=["line-fd-jac-lm", "line-exact-jac-lm", "line-fd-jac-gn", "line-exact-jac-gn",
            "quadratic-fd-jac-lm", "quadratic-exact-jac-lm", "quadratic-fd-jac-gn",
            "quadratic-exact-jac-gn"])
    def test_linear_in_parameters_is_exact(self, model, jac, p0, with_jac, method):
        rng = np.random.default_rng(5)
        x = np.linspace(-3.0, 7.0, 30)
        y = model(x, *np.arange(1.0, len(p0) + 1)) + rng.normal(0.0, 0.3, x.size)
        fit = least_squares(model, x, y, p0, method=method, jac=jac if with_jac else None)
        assert fit.converged, fit.message
        ref, *_ = np.linalg.lstsq(jac(x, *p0), y, rcond=None)
        # 'lm' with differences may stop at chi2's rounding floor, documented as a Gauss-Newton
        # step within min(1e4 tol, sqrt(tol)); here it comes to about 1.6e-10
        floor = "rounding" in fit.message
        assert fit.params == pytest.approx(ref, rel=1e-9 if floor else 1e-10)
        if method == "gauss-newton":
            assert fit.nit <= 2  # one Gauss-Newton step solves a linear problem

    def test_line_agrees_with_linear_fit_reference(self):
        x, y = LINE_CASES[4][1], LINE_CASES[4][2]
        fit = least_squares(line, x, y, [0.0, 0.0])
        ref = stats.linregress(x, y)
        # 1e-9, not 1e-10: 'lm' may stop at chi2's rounding floor (see the test above)
        assert fit.params == pytest.approx([ref.slope, ref.intercept], rel=1e-9)
        assert fit.uncertainties == pytest.approx([ref.stderr, ref.intercept_stderr], rel=1e-7)

    @pytest.mark.parametrize("name,model,jac,data,p0,method",
                             [c + ("lm",) for c in FIT_CASES] + [FIT_CASES[0] + ("gauss-newton",)],
                             ids=FIT_IDS + ["decay-gauss-newton"])
    def test_analytic_jacobian_same_answer_fewer_evaluations(self, name, model, jac, data, p0,
                                                             method):
        x, y = data()
        plain = least_squares(model, x, y, p0, method=method)
        exact = least_squares(model, x, y, p0, method=method, jac=jac)
        assert plain.converged and exact.converged, (plain.message, exact.message)
        assert exact.params == pytest.approx(plain.params, rel=1e-8)
        assert exact.nfev < plain.nfev

    def test_analytic_jacobian_steepest(self):
        x = np.linspace(0.0, 4.0, 9)
        y = decay(x, 3.0, 0.7)
        plain = least_squares(decay, x, y, [1.0, 0.1], method="steepest")
        exact = least_squares(decay, x, y, [1.0, 0.1], method="steepest", jac=decay_jac)
        assert plain.converged and exact.converged, (plain.message, exact.message)
        assert exact.params == pytest.approx(plain.params, rel=1e-8)
        assert exact.params == pytest.approx([3.0, 0.7], rel=1e-9)
        assert exact.nfev < plain.nfev

    def test_jac_with_sigma_is_weighted(self):
        x, y = _decay_data()
        sigma = _sigma_for(y)
        fit = least_squares(decay, x, y, [1.0, 0.1], sigma=sigma, jac=decay_jac)
        _, pcov = optimize.curve_fit(decay, x, y, p0=[1.0, 0.1], jac=decay_jac, sigma=sigma,
                                     absolute_sigma=True, **TIGHT)
        assert fit.covariance == pytest.approx(pcov, rel=1e-8)


# -- least_squares: what the result records ----------------------------------------------------

class TestLeastSquaresResult:
    @pytest.mark.parametrize("method", LSQ_METHODS)
    @pytest.mark.parametrize("with_jac", [False, True], ids=["fd-jac", "exact-jac"])
    def test_nfev_counts_every_model_call(self, method, with_jac):
        x, y = _decay_data()
        model = Counting(decay)
        fit = least_squares(model, x, y, [1.0, 0.1], method=method,
                            jac=decay_jac if with_jac else None, maxiter=300)
        assert fit.nfev == model.calls > 0

    @pytest.mark.parametrize("name,start", [("Misra1a", 0), ("Thurber", 1), ("BoxBOD", 0)])
    def test_nfev_counts_every_model_call_on_nist(self, name, start):
        p = nist(name)
        model = Counting(p.model)
        fit = least_squares(model, p.x, p.y, p.starts[start])
        assert fit.nfev == model.calls

    def test_failed_run_counts_too(self):
        x, y = _decay_data()
        model = Counting(decay)
        fit = least_squares(model, x, y, [1.0, 3.0], method="gauss-newton")
        assert not fit.converged and fit.nfev == model.calls

    @pytest.mark.parametrize("method", LSQ_METHODS)
    def test_history(self, method):
        x, y = _decay_data()
        p0 = [1.0, 0.1]
        fit = least_squares(decay, x, y, p0, method=method, maxiter=400)
        assert np.array_equal(fit.history[0], p0)
        assert len(fit.history) == fit.nit + 1 == len(fit.chi2_history)
        assert np.array_equal(fit.history[-1], fit.params)
        assert fit.x is fit.params
        assert fit.method == method
        # chi2_history is chi-squared at each iterate, by a direct sum
        ref = [np.sum((y - decay(x, *p)) ** 2) for p in fit.history]
        assert fit.chi2_history == pytest.approx(ref, rel=1e-12)
        assert fit.chi2 == fit.chi2_history[-1]

    @pytest.mark.parametrize("name,model,jac,data,p0", FIT_CASES, ids=FIT_IDS)
    def test_uncertainties_and_residuals(self, name, model, jac, data, p0):
        x, y = data()
        fit = least_squares(model, x, y, p0)
        assert np.array_equal(fit.uncertainties, np.sqrt(np.diag(fit.covariance)))
        assert fit.residuals == pytest.approx(y - model(x, *fit.params), abs=1e-12)
        assert fit.chi2 == pytest.approx(float(np.sum((y - model(x, *fit.params)) ** 2)),
                                         rel=1e-12)
        assert np.allclose(fit.covariance, fit.covariance.T, rtol=1e-10, atol=0)

    def test_inputs_not_mutated(self):
        x, y = _two_column_data()
        p0, sigma = np.array([1.0, 0.5, 0.0]), _sigma_for(y)
        copies = [a.copy() for a in (x, y, p0, sigma)]
        least_squares(two_column, x, y, p0, sigma=sigma)
        least_squares(two_column, x, y, p0, method="gauss-newton")
        assert all(np.array_equal(a, b) for a, b in zip((x, y, p0, sigma), copies))

    def test_x_passed_to_the_model_unchanged(self):
        x, y = _two_column_data()
        seen = []

        def model(x, a, b, c):
            seen.append(x)
            return two_column(x, a, b, c)

        least_squares(model, x, y, [1.0, 0.5, 0.0])
        assert seen and all(s.shape == x.shape and np.array_equal(s, x) for s in seen)

    def test_exact_start_is_converged_at_once(self):
        x = np.linspace(0.0, 4.0, 9)
        fit = least_squares(decay, x, decay(x, 3.0, 0.7), [3.0, 0.7])
        assert fit.converged and fit.nit == 0 and fit.chi2 == 0.0


# -- least_squares: NIST StRD as a floor -------------------------------------------------------

def _nist_runs():
    rows = []
    for name in NIST_NAMES:
        p = nist(name)
        for start in (0, 1):
            fit = least_squares(p.model, p.x, p.y, p.starts[start])
            rows.append((name, start + 1, lre(fit.params, p.certified), fit))
    return rows


class TestLeastSquaresNist:
    def test_regression_floor(self):
        rows = _nist_runs()
        assert len(rows) == 54
        solved = [r for r in rows if r[2] >= 6]
        assert len(solved) >= 50, [(n, s, round(d, 1)) for n, s, d, _ in rows if d < 6]
        # no false success: every run that ends with fewer than 6 digits says so
        false = [(n, s, round(d, 1), f.message) for n, s, d, f in rows
                 if f.converged and d < 6]
        assert not false
        for name, start, digits, fit in rows:
            assert np.isfinite(fit.params).all(), (name, start)
            assert np.all(np.diff(fit.chi2_history) <= 0), (name, start)  # "lm" never goes up
            if not fit.converged:
                assert not fit.message.startswith("converged"), (name, start, fit.message)

    @pytest.mark.parametrize("name", ["Misra1a", "Thurber"])
    def test_certified_chi2_and_sd(self, name):
        p = nist(name)
        fit = least_squares(p.model, p.x, p.y, p.starts[1])
        assert fit.chi2 == pytest.approx(p.residual_sum_of_squares, rel=1e-9)
        assert fit.uncertainties == pytest.approx(p.certified_sd, rel=1e-5)


# -- least_squares: failures are reported, never plausible numbers -------------------------------

class TestLeastSquaresFailures:
    @pytest.mark.parametrize("p0", [[1.0, 2.0], [1.0, 3.0], [1.0, 4.0]])
    def test_gauss_newton_overshoot_diverges(self, p0):
        x, y = _decay_data()
        # the reference: the first undamped step by hand (np.linalg.lstsq) lands where chi2 is
        # at least a million times the start's
        r0 = decay(x, *p0) - y
        step, *_ = np.linalg.lstsq(decay_jac(x, *p0), -r0, rcond=None)
        with np.errstate(over="ignore"):
            assert not np.sum((decay(x, *(p0 + step)) - y) ** 2) < 1e6 * (r0 @ r0)
        fit = least_squares(decay, x, y, p0, method="gauss-newton")
        assert not fit.converged
        assert fit.message.startswith("diverged"), fit.message
        assert np.isfinite(fit.params).all() and np.isfinite(fit.chi2)
        assert np.array_equal(fit.params, p0)  # the last iterate that was accepted
        # Levenberg-Marquardt's damping gets there from the same start
        good = least_squares(decay, x, y, p0)
        assert good.converged and good.params == pytest.approx([3.0, 0.7], rel=0.02)

    def test_gauss_newton_step_out_of_the_domain(self):
        p = nist("BoxBOD")
        fit = least_squares(p.model, p.x, p.y, p.starts[0], method="gauss-newton")
        assert not fit.converged
        assert fit.message.startswith("diverged") and "not finite" in fit.message
        assert np.isfinite(fit.params).all()

    def test_plateau_boxbod_start1(self):
        p = nist("BoxBOD")
        fit = least_squares(p.model, p.x, p.y, p.starts[0])
        assert not fit.converged
        assert "rank" in fit.message, fit.message
        assert np.isfinite(fit.params).all()
        assert lre(fit.params, p.certified) < 1  # nowhere near the answer, and it says so
        # the reference: exp(-b2 x) underflows against 1 at every data point, so the model is
        # b1 alone and the Jacobian's second column vanishes (checked by numpy on its own)
        b1, b2 = fit.params
        assert np.all(b2 * p.x > 30) and np.all(b1 * p.x * np.exp(-b2 * p.x) < 1e-10)

    @pytest.mark.parametrize("method", LSQ_METHODS)
    def test_maxiter(self, method):
        p = nist("Misra1a")
        fit = least_squares(p.model, p.x, p.y, p.starts[0], method=method, maxiter=3)
        assert not fit.converged
        assert "maxiter" in fit.message and "3 steps" in fit.message, fit.message
        assert fit.nit == 3 and len(fit.history) == 4
        assert np.isfinite(fit.params).all()

    def test_steepest_step_beyond_the_stability_limit_diverges(self):
        x = np.linspace(0.0, 4.0, 9)
        y = 2.0 * x + 1.0
        # the reference: for a line, a fixed step p <- p - step * 2 J^T (J p - y) is stable
        # exactly when step < 1 / lambda_max(J^T J) (numpy's eigenvalues)
        lam = np.linalg.eigvalsh(line_jac(x, 0, 0).T @ line_jac(x, 0, 0)).max()
        fit = least_squares(line, x, y, [0.0, 0.0], method="steepest", step=1.1 / lam)
        assert not fit.converged
        assert fit.message.startswith("diverged") and "too large" in fit.message, fit.message
        assert np.isfinite(fit.params).all()
        stable = least_squares(line, x, y, [0.0, 0.0], method="steepest", step=0.9 / lam)
        assert stable.converged, stable.message
        assert stable.params == pytest.approx([2.0, 1.0], rel=1e-8)

    @pytest.mark.parametrize("step", [10.0, 100.0])
    def test_steepest_large_step_on_decay_diverges(self, step):
        x = np.linspace(0.0, 4.0, 9)
        fit = least_squares(decay, x, decay(x, 3.0, 0.7), [1.0, 0.1], method="steepest",
                            step=step)
        assert not fit.converged and fit.message.startswith("diverged")
        assert f"step {step:g}" in fit.message
        assert np.isfinite(fit.params).all() and fit.chi2 < 1e6 * fit.chi2_history[0]

    @pytest.mark.parametrize("name,start", [("DanWood", 1), ("Chwirut2", 1), ("Roszman1", 1)])
    def test_steepest_line_search_decreases_chi2_every_step(self, name, start):
        p = nist(name)
        fit = least_squares(p.model, p.x, p.y, p.starts[start], method="steepest", maxiter=200)
        assert fit.nit > 0
        assert np.all(np.diff(fit.chi2_history) < 0)

    def test_steepest_line_search_on_exact_decay(self):
        x = np.linspace(0.0, 4.0, 9)
        fit = least_squares(decay, x, decay(x, 3.0, 0.7), [1.0, 0.1], method="steepest")
        assert fit.converged, fit.message
        assert np.all(np.diff(fit.chi2_history) < 0)
        assert fit.params == pytest.approx([3.0, 0.7], rel=1e-9)

    @pytest.mark.parametrize("case", ["noisy-decay", "Misra1a-start2"])
    def test_steepest_line_search_never_stands_still(self, case):
        if case == "noisy-decay":
            x, y = _decay_data()
            fit = least_squares(decay, x, y, [1.0, 0.1], method="steepest", maxiter=400)
        else:
            p = nist("Misra1a")
            fit = least_squares(p.model, p.x, p.y, p.starts[1], method="steepest", maxiter=200)
        assert not (np.diff(fit.history, axis=0) == 0).all(axis=1).any()  # no repeated iterate
        assert np.all(np.diff(fit.chi2_history) < 0)

    def test_singular_covariance_is_infinite(self):
        # b1 and b2 enter only as b1 * b2: the Jacobian has rank 1 everywhere
        x = np.linspace(0.0, 1.0, 10)
        fit = least_squares(lambda x, a, b: a * b * x, x, 2 * x, [1.0, 1.0])
        assert not fit.converged and "rank" in fit.message
        assert np.isinf(fit.covariance).all() and np.isinf(fit.uncertainties).all()

    def test_zero_dof_without_sigma_has_infinite_covariance(self):
        x = np.array([0.0, 1.0])
        fit = least_squares(line, x, [1.0, 3.0], [0.0, 0.0])
        assert fit.converged and fit.dof == 0
        assert fit.params == pytest.approx([2.0, 1.0], rel=1e-12)
        assert np.isinf(fit.covariance).all()


# -- least_squares: bad input ------------------------------------------------------------------

def _raises_at_p0(x, a, k):
    return a * np.exp(-k * x) * math.sqrt(k)  # math.sqrt(-1): ValueError "math domain error"


class TestLeastSquaresBadInput:
    @pytest.mark.parametrize("kwargs,error,match", [
        (dict(model=lambda x, a, k: np.ones(3)), ValueError,
         r"`model` must return one value per point, shape \(9,\); at \(1, 0.1\) it returned "
         r"shape \(3,\)"),
        (dict(model=lambda x, a, k: a * np.sqrt(k) * x, p0=[1.0, -1.0]), ValueError,
         r"`model` is not finite at p0 = \(1, -1\)"),
        (dict(model=_raises_at_p0, p0=[1.0, -1.0]), ValueError,
         r"`model` raised at p0 = \(1, -1\): math domain error"),
        (dict(model=lambda x, a, k: (x + 1j) * a), TypeError, r"`model` must return real"),
        (dict(p0=[1.0, 0.1, 0.5]), ValueError, r"`p0` has 3 parameters, which `model` does "
                                               r"not accept"),
        (dict(p0=[1.0]), ValueError, r"`p0` has 1 parameters"),
        (dict(p0=[]), ValueError, r"`p0` must be a 1-D array"),
        (dict(p0=[1.0, np.nan]), ValueError, r"`p0` must be finite, got nan"),
        (dict(y=np.ones(8)), ValueError, r"`x` and `y` must have the same length, got 9 and 8"),
        (dict(y=[np.nan] + [1.0] * 8), ValueError, r"`y` must be finite"),
        (dict(sigma=0.0), ValueError, r"`sigma` must be positive, got 0"),
        (dict(sigma=[1.0] * 8 + [-2.0]), ValueError, r"`sigma` must be positive, got -2 at "
                                                     r"index 8"),
        (dict(sigma=[1.0, 2.0]), ValueError, r"`sigma` must be one number or one per point"),
        (dict(method="newton"), ValueError,
         r"`method` must be one of 'steepest', 'gauss-newton', 'lm'; got 'newton'"),
        (dict(tol=0), ValueError, r"`tol` must be positive and finite, got 0"),
        (dict(tol=np.nan), ValueError, r"`tol` must be positive and finite, got nan"),
        (dict(tol="small"), TypeError, r"`tol` must be a positive number"),
        (dict(maxiter=0), ValueError, r"`maxiter` must be a positive whole number, got 0"),
        (dict(maxiter=2.5), TypeError, r"`maxiter` must be a positive whole number, got 2.5"),
        (dict(maxiter=True), TypeError, r"`maxiter` must be a positive whole number, got True"),
        (dict(step=0.0), ValueError, r"`step` must be positive and finite, got 0.0"),
        (dict(step=np.inf), ValueError, r"`step` must be positive and finite, got inf"),
        (dict(model=None), TypeError, r"`model` must be callable, got None"),
        (dict(jac="exact"), TypeError, r"`jac` must be callable, got 'exact'"),
    ], ids=["model-shape", "model-nan", "model-raises", "model-complex", "p0-long", "p0-short",
            "p0-empty", "p0-nan", "y-short", "y-nan", "sigma-zero", "sigma-negative",
            "sigma-length", "method", "tol-zero", "tol-nan", "tol-str", "maxiter-zero",
            "maxiter-float", "maxiter-bool", "step-zero", "step-inf", "model-none", "jac-str"])
    def test_bad_inputs(self, kwargs, error, match):
        args = dict(model=decay, x=np.linspace(0.0, 4.0, 9), y=decay(np.linspace(0, 4, 9), 3, .7),
                    p0=[1.0, 0.1])
        args.update(kwargs)
        with pytest.raises(error, match=match):
            least_squares(args.pop("model"), args.pop("x"), args.pop("y"), args.pop("p0"),
                          **args)

    def test_jac_wrong_shape_raises(self):
        x = np.linspace(0.0, 4.0, 9)
        with pytest.raises(ValueError, match=r"`jac` must return shape \(9, 2\), got \(9, 3\)"):
            least_squares(decay, x, decay(x, 3.0, 0.7), [1.0, 0.1],
                          jac=lambda x, a, k: np.ones((x.size, 3)))

    @pytest.mark.parametrize("method", LSQ_METHODS)
    def test_jac_wrong_shape_raises_for_every_method(self, method):
        x = np.linspace(0.0, 4.0, 9)
        with pytest.raises(ValueError, match=r"`jac` must return shape \(9, 2\), got \(9, 3\)"):
            least_squares(decay, x, decay(x, 3.0, 0.7), [1.0, 0.1], method=method,
                          jac=lambda x, a, k: np.ones((x.size, 3)))

    def test_model_of_the_wrong_shape_away_from_p0_raises(self):
        x = np.linspace(0.0, 4.0, 9)

        def shifty(x, a, k):  # right at p0, wrong once a moves
            return a * np.exp(-k * x) if a == 1.0 else np.ones(3)
        with pytest.raises(ValueError, match=r"`model` must return one value per point"):
            least_squares(shifty, x, decay(x, 3.0, 0.7), [1.0, 0.1])

    def test_methods_listed(self):
        assert LSQ_METHODS == ("steepest", "gauss-newton", "lm")
        with pytest.raises(ValueError) as info:
            least_squares(decay, [0, 1, 2], [1, 2, 3], [1.0, 1.0], method="bfgs")
        assert all(repr(m) in str(info.value) for m in LSQ_METHODS)
