"""Regression: the straight line in closed form, and non-linear least squares by steepest
descent, Gauss-Newton and Levenberg-Marquardt.

A fit minimises chi-squared, the sum of squared residuals weighted by the uncertainties,

    chi2(p) = sum_i ((y_i - model(x_i, *p)) / sigma_i)**2,

and every fit returns a result dataclass. :func:`least_squares` follows SciPy's ``curve_fit``
convention (``model(x, *params)``, uncertainties absolute when `sigma` is given, scaled by the
residual variance when not); a run that fails says so in ``converged`` and ``message`` and never
returns inf or NaN as parameters.

* :func:`linear_fit`: the line y = slope x + intercept, in closed form;
* :func:`least_squares`: any model, by "steepest" descent on chi-squared (the course's lab),
  undamped "gauss-newton", or "lm" (Levenberg-Marquardt, the default);
* :func:`chi_squared`; :func:`gaussian` and :func:`gaussian_partials` for the heights lab.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import check_callable, check_choice, real_array
from .multivariate import _jacobian

__all__ = ["LinearFit", "LeastSquaresResult", "linear_fit", "least_squares", "chi_squared",
           "gaussian", "gaussian_partials", "LSQ_METHODS"]

LSQ_METHODS = ("steepest", "gauss-newton", "lm")  #: the step rules of :func:`least_squares`
_EPS = np.finfo(float).eps


# -- checks -----------------------------------------------------------------------------------

def _data(x, y, sigma):
    """x (one value per row, or one row of predictors per point), y and sigma, checked."""
    x = real_array("x", x)
    y = real_array("y", y)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"`y` must be a non-empty 1-D array, got shape {y.shape}")
    if x.ndim == 0 or x.shape[0] != y.size:
        raise ValueError(f"`x` and `y` must have the same length, got {x.shape[0] if x.ndim else 1}"
                         f" and {y.size}")
    if sigma is None:
        return x, y, None
    s = real_array("sigma", sigma)
    if s.ndim == 0:
        s = np.full(y.size, float(s))
    if s.shape != y.shape:
        raise ValueError(f"`sigma` must be one number or one per point ({y.size}), got shape "
                         f"{s.shape}")
    if (s <= 0).any():
        raise ValueError(f"`sigma` must be positive, got {s[s <= 0][0]:g} at index "
                         f"{int(np.argmax(s <= 0))}")
    return x, y, s


def _positive(name: str, value, kind=numbers.Real):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kind):
        raise TypeError(f"`{name}` must be a positive {'whole ' if kind is numbers.Integral else ''}"
                        f"number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        what = "a positive whole number" if kind is numbers.Integral else "positive and finite"
        raise ValueError(f"`{name}` must be {what}, got {value!r}")
    return value


def _fmt(p) -> str:
    return "(" + ", ".join(f"{v:.6g}" for v in np.atleast_1d(p)) + ")"


# -- the straight line --------------------------------------------------------------------

@dataclass(frozen=True)
class LinearFit:
    """The straight line y = slope * x + intercept that :func:`linear_fit` found.

    Attributes
    ----------
    slope, intercept : float
    uncertainties : numpy.ndarray, shape (2,)
        The standard uncertainties of the slope and the intercept, in that order.
    covariance : numpy.ndarray, shape (2, 2)
        Their covariance matrix (slope first).
    chi2 : float
        The (weighted) sum of squared residuals.
    residuals : numpy.ndarray
        ``y - (slope * x + intercept)``.
    dof : int
        Degrees of freedom, the number of points less 2.
    r : float
        The (weighted) correlation coefficient of x and y (NaN when every y is the same).
    """

    slope: float
    intercept: float
    uncertainties: np.ndarray
    covariance: np.ndarray
    chi2: float
    residuals: np.ndarray
    dof: int
    r: float

    def __call__(self, x):
        return self.slope * np.asarray(x, dtype=float) + self.intercept


def linear_fit(x, y, *, sigma=None) -> LinearFit:
    """The straight line through the points (x_i, y_i) that minimises chi-squared.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        The points; at least two distinct x values.
    sigma : float or array_like, shape (n,), optional
        The uncertainty of each y_i. Given, the fit weighs each point by 1 / sigma_i**2 and the
        uncertainties are absolute; omitted, every point weighs the same and the uncertainties
        are scaled by the residual variance chi2 / (n - 2), as in ``scipy.optimize.curve_fit``.

    Returns
    -------
    LinearFit

    Raises
    ------
    ValueError
        Unequal lengths, a value that is not finite, a sigma that is not positive, or fewer
        than two distinct x values (no line is determined).

    Notes
    -----
    Setting both partial derivatives of chi2 = sum w_i (y_i - m x_i - c)**2 to zero gives, with
    the weighted means x_bar and y_bar,

        m = sum w_i (x_i - x_bar)(y_i - y_bar) / sum w_i (x_i - x_bar)**2,   c = y_bar - m x_bar,

    with var(m) = 1 / sum w_i (x_i - x_bar)**2 and var(c) = 1 / sum w_i + x_bar**2 var(m).
    Centring x first keeps the sums accurate when x is far from 0 (years, say).

    References
    ----------
    Deisenroth, Faisal and Ong, *Mathematics for Machine Learning* (2020), sec. 9.2.

    Examples
    --------
    >>> fit = linear_fit([0, 1, 2, 3], [1.0, 3.1, 4.9, 7.0])
    >>> round(fit.slope, 6), round(fit.intercept, 6)
    (1.98, 1.03)
    >>> fit.uncertainties.round(4)     # as scipy.stats.linregress: stderr, intercept_stderr
    array([0.0424, 0.0794])
    >>> fit = linear_fit([1, 1, 1], [2, 3, 4])
    Traceback (most recent call last):
    ...
    ValueError: `x` needs at least two distinct values to fix a line, got all x = 1
    """
    x, y, s = _data(x, y, sigma)
    if x.ndim != 1:
        raise ValueError(f"`x` must be a 1-D array, got shape {x.shape}")
    if np.ptp(x) == 0:
        raise ValueError(f"`x` needs at least two distinct values to fix a line, got all x = "
                         f"{x[0]:g}")
    w = np.ones_like(y) if s is None else 1 / s**2
    x_bar, y_bar = np.average(x, weights=w), np.average(y, weights=w)
    dx, dy = x - x_bar, y - y_bar
    sxx, sxy, syy = np.sum(w * dx * dx), np.sum(w * dx * dy), np.sum(w * dy * dy)
    slope = sxy / sxx
    intercept = y_bar - slope * x_bar
    residuals = y - (slope * x + intercept)
    chi2 = float(np.sum(w * residuals**2))
    dof = y.size - 2
    var_m = 1 / sxx
    cov = np.array([[var_m, -x_bar * var_m], [-x_bar * var_m, 1 / np.sum(w) + x_bar**2 * var_m]])
    if s is None:
        cov = cov * (chi2 / dof) if dof > 0 else np.full((2, 2), np.inf)
    r = sxy / np.sqrt(sxx * syy) if syy > 0 else np.nan  # every y equal: undefined
    return LinearFit(float(slope), float(intercept), np.sqrt(np.diag(cov)), cov, chi2,
                     residuals, dof, float(r))


# -- chi-squared and the lab's Gaussian ------------------------------------------------------

def chi_squared(model: Callable, x, y, params, *, sigma=None) -> float:
    """chi2 = sum_i ((y_i - model(x_i, *params)) / sigma_i)**2 (sigma_i = 1 when not given).

    Examples
    --------
    >>> line = lambda x, m, c: m * x + c
    >>> chi_squared(line, [0, 1, 2], [1, 2, 4], [1.0, 1.0])
    1.0
    >>> chi_squared(line, [0, 1, 2], [1, 2, 4], [1.0, 1.0], sigma=0.5)
    4.0
    """
    check_callable("model", model)
    x, y, s = _data(x, y, sigma)
    r = _Residuals(model, x, y, s)(real_array("params", params).reshape(-1), strict="params")
    return float(r @ r)


def _spread(sigma):
    """sigma: a positive number, or an array of them (to evaluate on a grid)."""
    if np.ndim(sigma) == 0:
        return float(_positive("sigma", sigma))
    s = real_array("sigma", sigma)
    if (s <= 0).any():
        raise ValueError(f"`sigma` must be positive, got {s[s <= 0].flat[0]:g}")
    return s


def gaussian(x, mu, sigma) -> np.ndarray:
    """The normal density exp(-(x - mu)**2 / (2 sigma**2)) / (sigma sqrt(2 pi)); x, mu and sigma
    broadcast (so it can be evaluated on a grid of mu and sigma).

    Examples
    --------
    >>> round(float(gaussian(0.0, 0.0, 1.0)), 6)
    0.398942
    """
    sigma = _spread(sigma)
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return np.exp(-z**2 / 2) / (sigma * np.sqrt(2 * np.pi))


def gaussian_partials(x, mu, sigma) -> tuple[np.ndarray, np.ndarray]:
    """The partial derivatives of :func:`gaussian` with respect to mu and sigma,
    ``f (x - mu) / sigma**2`` and ``f ((x - mu)**2 / sigma**3 - 1 / sigma)``.

    Examples
    --------
    >>> d_mu, d_sigma = gaussian_partials(1.0, 0.0, 1.0)
    >>> round(float(d_mu), 6), round(float(d_sigma), 6)
    (0.241971, 0.0)
    """
    f = gaussian(x, mu, sigma)
    sigma = _spread(sigma)
    d = np.asarray(x, dtype=float) - mu
    return f * d / sigma**2, f * (d**2 / sigma**3 - 1 / sigma)


# -- non-linear least squares --------------------------------------------------------------

@dataclass(frozen=True)
class LeastSquaresResult:
    """What :func:`least_squares` found.

    Attributes
    ----------
    params : numpy.ndarray
        The last iterate (the best fit when `converged`); always finite.
    uncertainties : numpy.ndarray
        Standard uncertainties of the parameters, ``sqrt(diag(covariance))``.
    covariance : numpy.ndarray
        ``(J^T J)^-1`` from the Jacobian J of the weighted residuals at `params`: absolute when
        `sigma` was given, times chi2 / dof when not (``curve_fit``'s convention). Infinite
        where the data do not determine a parameter (dof = 0 without sigma, or a singular J).
    chi2 : float
        chi-squared at `params`.
    converged : bool
        True only when the fit reached a minimum of chi-squared to within `tol`.
    nit : int
        Steps taken (accepted iterates).
    nfev : int
        Evaluations of the model at a parameter vector, counting those for the Jacobian.
    history : numpy.ndarray, shape (nit + 1, n)
        The iterates, starting with `p0`.
    chi2_history : numpy.ndarray, shape (nit + 1,)
        chi-squared at each iterate.
    message : str
        Why it stopped.
    method : str
        The step rule used.
    residuals : numpy.ndarray
        ``y - model(x, *params)``.
    dof : int
        Points less parameters.
    """

    params: np.ndarray
    uncertainties: np.ndarray
    covariance: np.ndarray
    chi2: float
    converged: bool
    nit: int
    nfev: int
    history: np.ndarray
    chi2_history: np.ndarray
    message: str
    method: str
    residuals: np.ndarray
    dof: int

    @property
    def x(self) -> np.ndarray:
        """The parameters (the name every other result in mlcalc uses)."""
        return self.params


class _ModelError(ValueError):
    """The model or jac returned the wrong shape or type: a bug in the input, raised at once."""


class _Residuals:
    """p -> (model(x, *p) - y) / sigma, checked, counting the parameter vectors evaluated and
    remembering the last one (the Jacobian re-asks for the point it is taken at)."""

    def __init__(self, model, x, y, sigma):
        self.model, self.x, self.y, self.sigma = model, x, y, sigma
        self.calls, self._last = 0, (None, None)

    def __call__(self, p, *, strict=None):
        """The weighted residuals at p. With `strict` (the argument's name, "p0" or "params"),
        a model that raises or is not finite there is a ValueError naming it; otherwise the
        residuals are NaN there (a trial point outside the model's domain)."""
        key = p.tobytes()
        if self._last[0] == key:
            return self._last[1]
        self.calls += 1
        with np.errstate(all="ignore"):
            try:
                out = np.asarray(self.model(self.x, *p))
            except TypeError as exc:
                if "positional argument" in str(exc):
                    raise ValueError(f"`{strict or 'p0'}` has {p.size} parameters, which "
                                     f"`model` does not accept: {exc}") from exc
                raise
            except (ArithmeticError, ValueError) as exc:
                if strict:
                    raise ValueError(f"`model` raised at {strict} = {_fmt(p)}: {exc}") from exc
                out = np.full(self.y.shape, np.nan)
        if out.dtype.kind not in "iuf":
            raise TypeError(f"`model` must return real numbers, got dtype {out.dtype} at "
                            f"{_fmt(p)}")
        if out.shape != self.y.shape:
            raise _ModelError(f"`model` must return one value per point, shape {self.y.shape}; "
                              f"at {_fmt(p)} it returned shape {out.shape}")
        r = out.astype(float) - self.y
        if self.sigma is not None:
            r = r / self.sigma
        if strict and not np.isfinite(r).all():
            bad = int(np.argmin(np.isfinite(r)))
            raise ValueError(f"`model` is not finite at {strict} = {_fmt(p)}: model(x[{bad}]) = "
                             f"{out.flat[bad]}")
        self._last = (key, r)
        return r


def _steps(p: np.ndarray, p0: np.ndarray) -> np.ndarray:
    """Central-difference steps: eps**(1/3) relative to each parameter's size."""
    scale = np.maximum(np.abs(p), 1e-3 * np.abs(p0))
    return _EPS ** (1 / 3) * np.where(scale > 0, scale, 1.0)


def _covariance(J: np.ndarray, chi2: float, dof: int, absolute: bool) -> np.ndarray:
    _, s, vt = np.linalg.svd(J, full_matrices=False)
    keep = s > _EPS * max(J.shape) * (s[0] if s.size else 0)
    if not keep.all():
        return np.full((J.shape[1],) * 2, np.inf)
    cov = (vt.T / s**2) @ vt
    if not absolute:
        cov = cov * (chi2 / dof) if dof > 0 else np.full_like(cov, np.inf)
    return cov


def least_squares(model: Callable, x, y, p0, *, sigma=None, method: str = "lm", jac=None,
                  tol: float = 1e-10, maxiter: int = 1000, step=None) -> LeastSquaresResult:
    """Fit ``model(x, *params)`` to the points (x_i, y_i) by minimising chi-squared.

    Parameters
    ----------
    model : callable
        ``model(x, *params) -> array`` of one value per point (``curve_fit``'s convention).
    x : array_like, shape (m,) or (m, k)
        The predictor(s), passed to `model` unchanged.
    y : array_like, shape (m,)
        The observations.
    p0 : array_like, shape (n,)
        The starting parameters.
    sigma : float or array_like, shape (m,), optional
        The uncertainty of each y_i (see :class:`LeastSquaresResult` for what it does to the
        covariance).
    method : {"lm", "gauss-newton", "steepest"}
        The step rule. "lm" (Levenberg-Marquardt): solve ``(J^T J + lam D) dp = -J^T r`` with
        D the running maximum of diag(J^T J) (Marquardt's scaling), raising lam when a step
        fails and lowering it when the quadratic model predicts the fall well (Nielsen's rule).
        "gauss-newton": the undamped step ``dp = -J^+ r``, to show how it can fail.
        "steepest": ``p <- p - step * grad chi2``, the course's lab.
    jac : callable, optional
        ``jac(x, *params) -> (m, n)``: the model's derivatives by parameter. By default
        :func:`mlcalc.jacobian`'s central differences (2n evaluations), with steps
        ``eps**(1/3) |p_j|``.
    tol : float
        Converged when the Gauss-Newton step would change no parameter by more than `tol`
        relative to its size, at a point where the Jacobian has full rank (every method). When
        chi-squared can no longer resolve a change (rounding) before that, the fit is called
        converged at that floor if the step is within ``min(1e4 tol, sqrt(tol))`` (1e-6 by
        default), and the message gives the step's size.
    maxiter : int
        At most this many steps.
    step : float, optional
        The fixed step size of "steepest" (the course's "aggression"); by default a
        backtracking line search picks one at each iterate. Ignored by the other methods.

    Returns
    -------
    LeastSquaresResult

    Raises
    ------
    ValueError
        `p0` of the wrong length for the model, unequal lengths of `x` and `y`, data that are
        not finite, a non-positive `sigma`, or a model that is not finite or of the wrong shape
        at `p0`.

    Notes
    -----
    With r the weighted residuals and J their Jacobian, chi2 = r^T r, its gradient is 2 J^T r
    and 2 J^T J approximates its Hessian (the Gauss-Newton approximation, exact when the
    residuals vanish). The Gauss-Newton step is then chapter 5's Newton step on chi-squared;
    Levenberg-Marquardt blends it with a steepest-descent step. A stopping rule on the relative
    change of chi-squared alone stops too early on hard problems: chi-squared is flat near its
    minimum, so it settles to 12 digits while the parameters have 5.

    References
    ----------
    Marquardt, "An algorithm for least-squares estimation of nonlinear parameters", SIAM J.
    Appl. Math. 11 (1963) 431-441. Nielsen, "Damping parameter in Marquardt's method", IMM
    report REP-1999-05, DTU (1999). Deisenroth, Faisal and Ong, *Mathematics for Machine
    Learning* (2020), sec. 9.2.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 4, 9)
    >>> y = 3.0 * np.exp(-0.7 * x)
    >>> fit = least_squares(lambda x, a, k: a * np.exp(-k * x), x, y, [1.0, 0.1])
    >>> fit.converged, fit.params.round(8), fit.method
    (True, array([3. , 0.7]), 'lm')
    >>> fit = least_squares(lambda x, a, k: a * np.exp(-k * x), x, y, [1.0, 0.1],
    ...                     method="steepest", step=1e-3, maxiter=50)
    >>> fit.converged, fit.nit
    (False, 50)
    >>> print(fit.message)  # doctest: +ELLIPSIS
    stopped after 50 steps (maxiter) with chi2 = ...
    """
    check_callable("model", model)
    if jac is not None:
        check_callable("jac", jac)
    method = check_choice("method", method, LSQ_METHODS)
    x, y, s = _data(x, y, sigma)
    p = real_array("p0", p0)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"`p0` must be a 1-D array of the starting parameters, got shape "
                         f"{p.shape}")
    tol = float(_positive("tol", tol))
    maxiter = int(_positive("maxiter", maxiter, numbers.Integral))
    if step is not None:
        step = float(_positive("step", step))
    res = _Residuals(model, x, y, s)
    r = res(p, strict="p0")
    p0 = p.copy()

    def jacobian(p):
        if jac is None:
            return _jacobian(res, p, _steps(p, p0))
        J = np.asarray(jac(x, *p), dtype=float)
        if J.shape != (y.size, p.size):
            raise _ModelError(f"`jac` must return shape {(y.size, p.size)}, got {J.shape}")
        return J if s is None else J / s[:, None]

    run = {"lm": _levenberg_marquardt, "gauss-newton": _gauss_newton,
           "steepest": _steepest}[method]
    with np.errstate(all="ignore"):
        path, chi2s, converged, message, J = run(res, jacobian, p, r, tol, maxiter, step)
    p = path[-1]
    r = res(p)
    dof = y.size - p.size
    if J is None:
        J = _safe_jacobian(jacobian, p)[0]
        if J is None:
            J = np.full((y.size, p.size), np.nan)
    cov = (_covariance(J, chi2s[-1], dof, s is not None) if np.isfinite(J).all()
           else np.full((p.size,) * 2, np.inf))
    return LeastSquaresResult(p, np.sqrt(np.diag(cov)), cov, chi2s[-1], converged,
                              len(path) - 1, res.calls, np.array(path), np.array(chi2s),
                              message, method, -r * (1 if s is None else s), dof)


# -- the step rules: each returns (path, chi2s, converged, message, J at the last point) ----

def _relative(dp, p) -> float:
    """The largest change of a parameter relative to its size."""
    return float(np.max(np.abs(dp) / np.maximum(np.abs(p), _EPS)))


def _floor(tol: float) -> float:
    """How large a Gauss-Newton step may still be when chi2 cannot resolve a smaller change
    (rounding) and the fit is called converged at that floor."""
    return min(1e4 * tol, np.sqrt(tol))


def _gauss_newton_step(J, r):
    """-J^+ r, the step to the minimum of |r + J dp|^2, and the rank of J, both taken with J's
    columns scaled to unit length: a parameter's units (MGH10's b1 is 1e28 times less
    sensitive than its others) must not make J look rank-deficient."""
    norms = np.linalg.norm(J, axis=0)
    norms = np.where(norms > 0, norms, 1.0)
    dp, _, rank, _ = np.linalg.lstsq(J / norms, -r, rcond=None)
    return dp / norms, rank


def _safe_jacobian(jacobian, p):
    """J at p, or the reason it cannot be had (the model is not finite near p)."""
    try:
        J = jacobian(p)
    except _ModelError:
        raise
    except ValueError as exc:  # the model is not finite at a point the differences need
        return None, f"the Jacobian cannot be computed at {_fmt(p)} ({exc})"
    if not np.isfinite(J).all():
        return None, f"the Jacobian is not finite at {_fmt(p)}"
    return J, None


def _trial(res, p, dp):
    """chi2 at p + dp, inf where the model is not finite."""
    q = p + dp
    if not np.isfinite(q).all():
        return q, None, np.inf
    r = res(q)
    chi2 = float(r @ r)
    return q, r, (chi2 if np.isfinite(chi2) else np.inf)


def _out_of_steps(maxiter, chi2, gn) -> str:
    return (f"stopped after {maxiter} steps (maxiter) with chi2 = {chi2:.10g}; not converged: "
            f"the Gauss-Newton step would still change a parameter by {gn:.2g} of its size")


def _levenberg_marquardt(res, jacobian, p, r, tol, maxiter, step):
    path, chi2s = [p.copy()], [float(r @ r)]
    lam, nu = 1e-3, 2.0
    while True:
        J, why = _safe_jacobian(jacobian, p)
        if J is None:
            return path, chi2s, False, f"stopped: {why}", None
        chi2 = chi2s[-1]
        gn, rank = _gauss_newton_step(J, r)
        verdict = _verdict(J, gn, p, rank, tol)
        if verdict:
            return path, chi2s, verdict[0], verdict[1], J
        if len(path) > maxiter:
            return path, chi2s, False, _out_of_steps(maxiter, chi2, _relative(gn, p)), J
        # Marquardt's scaling D, the running maximum of diag(J^T J); J / sqrt(D) = U S V^T
        diag = np.maximum(diag, np.sum(J * J, axis=0)) if len(path) > 1 else np.maximum(
            np.sum(J * J, axis=0), _EPS)
        scale = np.sqrt(diag)
        u, sv, vt = np.linalg.svd(J / scale, full_matrices=False)
        ur = u.T @ r
        while True:  # (J^T J + lam D) dp = -J^T r, solved through the SVD for each lam
            dp = -(vt.T @ (sv * ur / (sv**2 + lam))) / scale
            q, rq, chi2_q = _trial(res, p, dp)
            predicted = chi2 - float(np.sum((r + J @ dp) ** 2))
            rho = (chi2 - chi2_q) / predicted if predicted > 0 else -np.inf
            if rho > 1e-4:  # Nielsen's rule: lower lam the better the model predicted the fall
                lam *= max(1 / 3, 1 - (2 * rho - 1) ** 3)
                nu = 2.0
                break
            lam, nu = lam * nu, nu * 2
            if lam > 1e16 or _relative(dp, p) < _EPS:
                floor = _relative(gn, p)
                if floor <= _floor(tol):
                    return path, chi2s, True, (
                        f"converged: no step lowers chi2 below {chi2:.10g} (rounding), and "
                        f"the Gauss-Newton step is {floor:.1g} of the parameters' size"), J
                return path, chi2s, False, (
                    f"stopped: no step lowers chi2 below {chi2:.10g} at {_fmt(p)}, yet the "
                    f"Gauss-Newton step is {floor:.2g} of the parameters' size"), J
        p, r = q, rq
        path.append(p.copy())
        chi2s.append(chi2_q)


def _verdict(J, gn, p, rank, tol):
    """(converged, message) when the Gauss-Newton step at p is within `tol`, else None."""
    size = _relative(gn, p)
    if size > tol:
        return None
    if rank < p.size:
        return False, (f"stopped at {_fmt(p)}: the Jacobian has rank {rank} < {p.size}, so the "
                       f"data do not determine the parameters there (a plateau of the model, "
                       f"not a minimum of chi2)")
    return True, (f"converged: the Gauss-Newton step changes no parameter by more than "
                  f"{size:.1g} of its size")


def _diverged(chi2s, q, chi2_q) -> str | None:
    if not np.isfinite(chi2_q):
        return (f"diverged: the step to {_fmt(q)} leaves the model's domain (chi2 is not "
                f"finite there)")
    if chi2_q > 1e6 * max(chi2s[0], 1e-300):
        steps = len(chi2s)  # those taken and the one that diverged
        return (f"diverged: chi2 grew from {chi2s[0]:.4g} to {chi2_q:.4g} in {steps} "
                f"step{'s' if steps != 1 else ''}")
    return None


def _gauss_newton(res, jacobian, p, r, tol, maxiter, step):
    path, chi2s = [p.copy()], [float(r @ r)]
    while True:
        J, why = _safe_jacobian(jacobian, p)
        if J is None:
            return path, chi2s, False, f"stopped: {why}", None
        dp, rank = _gauss_newton_step(J, r)
        if rank < p.size:
            return path, chi2s, False, (f"stopped: the Jacobian has rank {rank} < {p.size} "
                                        f"at {_fmt(p)}, so the Gauss-Newton step is not "
                                        f"determined"), J
        if _relative(dp, p) <= tol:
            return path, chi2s, True, (f"converged: the Gauss-Newton step changes no parameter "
                                       f"by more than {_relative(dp, p):.1g} of its size"), J
        if len(path) > maxiter:
            return path, chi2s, False, _out_of_steps(maxiter, chi2s[-1], _relative(dp, p)), J
        q, rq, chi2_q = _trial(res, p, dp)
        bad = _diverged(chi2s, q, chi2_q)
        if bad:
            return path, chi2s, False, bad + " (undamped Gauss-Newton overshoots)", J
        p, r = q, rq
        path.append(p.copy())
        chi2s.append(chi2_q)


def _steepest(res, jacobian, p, r, tol, maxiter, step):
    path, chi2s = [p.copy()], [float(r @ r)]
    t = None
    while True:
        J, why = _safe_jacobian(jacobian, p)
        if J is None:
            return path, chi2s, False, f"stopped: {why}", None
        gn, rank = _gauss_newton_step(J, r)
        verdict = _verdict(J, gn, p, rank, tol)
        if verdict:
            return path, chi2s, verdict[0], verdict[1], J
        if len(path) > maxiter:
            rose = (f"; chi2 rose from {chi2s[0]:.4g}: the step {step:g} is too large"
                    if chi2s[-1] > chi2s[0] else "")
            return path, chi2s, False, _out_of_steps(maxiter, chi2s[-1], _relative(gn, p)) + rose, J
        g = 2 * J.T @ r  # the gradient of chi2
        if step is not None:
            q, rq, chi2_q = _trial(res, p, -step * g)
            bad = _diverged(chi2s, q, chi2_q)
            if bad:
                return path, chi2s, False, bad + f"; the step {step:g} is too large", J
        else:  # Armijo backtracking from twice the last step
            t = 2 * t if t else 0.1 * max(np.linalg.norm(p), 1.0) / np.linalg.norm(g)
            for _ in range(60):
                q, rq, chi2_q = _trial(res, p, -t * g)
                if chi2_q < chi2s[-1] and chi2_q <= chi2s[-1] - 1e-4 * t * float(g @ g):
                    break
                t /= 2
            else:
                floor = _relative(gn, p)
                return path, chi2s, floor <= _floor(tol), (
                    f"{'converged' if floor <= _floor(tol) else 'stopped'}: no step down the "
                    f"gradient lowers chi2 below {chi2s[-1]:.10g}; the Gauss-Newton step is "
                    f"{floor:.2g} of the parameters' size"), J
        p, r = q, rq
        path.append(p.copy())
        chi2s.append(chi2_q)
