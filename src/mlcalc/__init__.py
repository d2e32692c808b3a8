"""mlcalc: the tested calculus library behind the book.

>>> import mlcalc
>>> round(mlcalc.derivative(lambda x: x**2, 3.0), 9)
6.0
"""

__version__ = "0.1.0"  # the one place: pyproject.toml and the book's notebooks read it

from . import approximation, datasets, optimisation, plot, regression, sandpit, widgets
from .approximation import (
    Linearisation,
    QuadraticModel,
    TaylorPolynomial,
    cooking_time,
    error_order,
    linearise,
    quadratic_approximation,
    taylor,
)
from .chain import Chain, chain_rule
from .optimisation import (
    LagrangeResult,
    MinimizeResult,
    RootResult,
    gradient_descent,
    lagrange_multipliers,
    minimize,
    newton_raphson,
    stationary_kind,
)
from .regression import (
    LeastSquaresResult,
    LinearFit,
    chi_squared,
    gaussian,
    gaussian_partials,
    least_squares,
    linear_fit,
)
from .derivatives import METHODS, StepSizeWarning, default_step, derivative
from .multivariate import gradient, hessian, jacobian, partial, total_derivative
from .nn import (
    GradientCheck,
    Network,
    Snapshots,
    TrainingError,
    gradient_check,
    heart,
    train_snapshots,
)
from .symbolic import (
    check_derivative,
    check_hessian,
    check_jacobian,
    derivative_from_limit,
    exact_derivative,
    exact_hessian,
    exact_jacobian,
    lambdify,
    lambdify_point,
    parse,
)

__all__ = [
    "linear_fit",
    "least_squares",
    "chi_squared",
    "gaussian",
    "gaussian_partials",
    "LinearFit",
    "LeastSquaresResult",
    "datasets",
    "derivative",
    "default_step",
    "METHODS",
    "StepSizeWarning",
    "parse",
    "exact_derivative",
    "lambdify",
    "check_derivative",
    "derivative_from_limit",
    "partial",
    "gradient",
    "jacobian",
    "hessian",
    "total_derivative",
    "Chain",
    "chain_rule",
    "exact_jacobian",
    "exact_hessian",
    "check_jacobian",
    "check_hessian",
    "lambdify_point",
    "Network",
    "TrainingError",
    "GradientCheck",
    "gradient_check",
    "heart",
    "Snapshots",
    "train_snapshots",
    "taylor",
    "TaylorPolynomial",
    "linearise",
    "Linearisation",
    "quadratic_approximation",
    "QuadraticModel",
    "error_order",
    "cooking_time",
    "newton_raphson",
    "gradient_descent",
    "minimize",
    "lagrange_multipliers",
    "stationary_kind",
    "RootResult",
    "MinimizeResult",
    "LagrangeResult",
    "approximation",
    "optimisation",
    "plot",
    "sandpit",
    "widgets",
]
__version__ = "0.1.0"
