"""mlcalc: the tested calculus library behind the book.

>>> import mlcalc
>>> round(mlcalc.derivative(lambda x: x**2, 3.0), 9)
6.0
"""

from . import plot
from .derivatives import METHODS, StepSizeWarning, default_step, derivative
from .symbolic import check_derivative, derivative_from_limit, exact_derivative, lambdify, parse

__all__ = [
    "derivative",
    "default_step",
    "METHODS",
    "StepSizeWarning",
    "parse",
    "exact_derivative",
    "lambdify",
    "check_derivative",
    "derivative_from_limit",
    "plot",
]
__version__ = "0.1.0"
