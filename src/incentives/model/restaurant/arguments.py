"""Checks of the restaurant model's arguments: each returns the value in its plain type
or raises a ValueError that names the argument."""

from __future__ import annotations

import math
import numbers

import numpy as np

from incentives.data import SEGMENTS
from incentives.i18n import _


def is_whole(value) -> bool:
    """True for an int (not a bool) or an integral float, plain or NumPy."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, numbers.Integral):
        return True
    return isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer()


def check_whole(value, name: str, low: int) -> int:
    """``value`` as an int, if it is a whole number of at least ``low``."""
    if not is_whole(value) or value < low:
        raise ValueError(
            _("{name} must be a whole number >= {low}; got {value!r}").format(
                name=name, low=low, value=value
            )
        )
    return int(value)


def check_real(value, name: str, *, low: float, low_inclusive: bool = True) -> float:
    """``value`` as a float, if it is a finite number above ``low`` (or equal to it)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    ok = ok and math.isfinite(value) and (value >= low if low_inclusive else value > low)
    if not ok:
        sign = ">=" if low_inclusive else ">"
        raise ValueError(
            _("{name} must be a finite number {sign} {low:g}; got {value!r}").format(
                name=name, sign=sign, low=low, value=value
            )
        )
    return float(value)


def check_triple(values, name: str) -> np.ndarray:
    """Three finite non-negative numbers in ``SEGMENTS`` order."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != (3,):
        raise ValueError(
            f"{name} must hold three numbers, for {', '.join(SEGMENTS)}; got {values!r}"
        )
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(
            _("{name} must be finite and non-negative; got {values!r}").format(
                name=name, values=values
            )
        )
    return array


def check_shares(shares) -> np.ndarray:
    """Three segment shares summing to 1, as an array (normalised to sum exactly 1)."""
    array = check_triple(shares, "shares")
    if not math.isclose(array.sum(), 1.0, abs_tol=1e-9):
        raise ValueError(
            _("shares must sum to 1; got {shares!r} (sum {array:g})").format(
                shares=shares, array=array.sum()
            )
        )
    return array / array.sum()


def check_seed(seed) -> int:
    """A random seed as an int: a whole number >= 0."""
    if not is_whole(seed) or seed < 0:
        raise ValueError(_("seed must be a whole number >= 0; got {seed!r}").format(seed=seed))
    return int(seed)
