"""Checks shared by every module: one place that turns bad input into a precise error."""

from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np


def check_callable(name: str, value: Any) -> Callable:
    """Return `value` if it can be called, else raise a TypeError naming `name`."""
    if not callable(value):
        raise TypeError(f"`{name}` must be callable, got {value!r} ({type(value).__name__})")
    return value


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return `value` if it is one of `choices`, else raise a ValueError listing them."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"`{name}` must be one of {listed}; got {value!r}")
    return value


def real_array(name: str, value: Any) -> np.ndarray:
    """Convert `value` to a finite float array, or raise naming `name` and the bad value."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, complex):
        raise TypeError(f"`{name}` must be a real number or array of them, got {value!r}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise TypeError(f"`{name}` must be a real number or array of them, got {value!r}") from exc
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"`{name}` must be a real number or array of them, got {value!r} (dtype {arr.dtype})"
        )
    arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = arr[bad].flat[0]
        where = "" if arr.ndim == 0 else f" at index {tuple(int(i) for i in np.argwhere(bad)[0])}"
        raise ValueError(f"`{name}` must be finite, got {first}{where}")
    return arr


def positive_step(name: str, value: Any) -> np.ndarray:
    """A step size: a finite, strictly positive real number (or array of them)."""
    if isinstance(value, numbers.Number) and not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a positive real number, got {value!r}")
    arr = real_array(name, value)
    if (arr <= 0).any():
        raise ValueError(f"`{name}` must be positive, got {arr[arr <= 0].flat[0]:g}")
    return arr
