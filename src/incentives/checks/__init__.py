"""Friendly checks for the visible test cells of exercises.

A visible test tells the learner what was expected and what they gave, in plain words. It
converts the answer to a plain Python value first, so an object that claims to equal
anything cannot pass. Hidden tests do not use this module: they use plain Python and
literal expected values, since a student's cell can redefine anything in this library.

These checks print nothing: nbgrader gives zero points to a test cell that writes to
stderr, and a passing check should be silent. They return the checked value; do not end a
test cell with a bare ``check_number(...)``: nbgrader reads a number shown by a test cell's
last line as partial credit. Write ``_ = check_number(...)`` or end with a statement.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real


def as_number(value, name: str) -> float:
    """Return ``value`` as a plain float, or fail with a message naming ``name``.

    Accepts ints, floats and NumPy scalars; refuses booleans, text and containers.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise AssertionError(
            f"{name} should be a number (an int or a float); got {type(value).__name__} {value!r}"
        )
    number = float(value)
    if math.isnan(number):
        raise AssertionError(f"{name} is NaN (not a number): did something divide 0 by 0?")
    return number


def check_number(
    value,
    name: str,
    expected: float | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    rel: float = 1e-6,
    abs_tol: float = 1e-9,
    hint: str = "",
) -> float:
    """Check that ``value`` is a number in ``[low, high]`` and close to ``expected``.

    Args:
        value: The learner's answer.
        name: Its name as the exercise states it, used in the message.
        expected: The value it should have, if the visible test may reveal it.
        low: Smallest plausible value, if any.
        high: Largest plausible value, if any.
        rel: Relative tolerance against ``expected``.
        abs_tol: Absolute tolerance against ``expected``.
        hint: A sentence added to the message when the value is wrong.

    Returns:
        The answer as a plain float.

    Raises:
        AssertionError: with a message that says what was expected and what was found.
    """
    number = as_number(value, name)
    extra = f" {hint}" if hint else ""
    if low is not None and number < low:
        raise AssertionError(f"{name} should be at least {low:g}; got {number:g}.{extra}")
    if high is not None and number > high:
        raise AssertionError(f"{name} should be at most {high:g}; got {number:g}.{extra}")
    if expected is not None and not math.isclose(number, expected, rel_tol=rel, abs_tol=abs_tol):
        raise AssertionError(f"{name} should be {expected:g}; got {number:g}.{extra}")
    return number


def check_raises(function: Callable, args: tuple, error: type[BaseException], name: str) -> None:
    """Check that ``function(*args)`` raises ``error``.

    Raises:
        AssertionError: naming the call when it returns normally or raises something else.
    """
    call = f"{name}{args!r}" if len(args) != 1 else f"{name}({args[0]!r})"
    try:
        function(*args)
    except error:
        return
    except Exception as other:
        raise AssertionError(
            f"{call} should raise {error.__name__}; it raised {type(other).__name__}: {other}"
        ) from None
    raise AssertionError(f"{call} should raise {error.__name__}; it returned normally")


def check_share(value, name: str, expected: float | None = None, *, rel: float = 1e-6) -> float:
    """Check a share (a rate between 0 and 1, such as a close rate), with a hint for percents."""
    number = as_number(value, name)
    if 1 < number <= 100:
        raise AssertionError(
            f"{name} should be a share between 0 and 1; got {number:g}: "
            "did you give a percentage? Divide by 100."
        )
    return check_number(number, name, expected, low=0.0, high=1.0, rel=rel)


def check_choice(value, name: str, options) -> str:
    """Check that ``value`` is one of ``options`` (text), e.g. a channel's name."""
    options = list(options)
    if not isinstance(value, str):
        raise AssertionError(
            f"{name} should be text, one of {options}; got {type(value).__name__} {value!r}"
        )
    if value not in options:
        raise AssertionError(f"{name} should be one of {options}; got {value!r}")
    return str(value)


def check_frame(value, name: str, *, columns=(), index=None, rows: int | None = None):
    """Check that ``value`` is a pandas DataFrame with these columns, index values and rows.

    Args:
        value: The learner's answer.
        name: Its name in the exercise.
        columns: Columns it must have (others are allowed).
        index: The index values it must have, in any order (``None``: not checked).
        rows: The number of rows it must have (``None``: not checked).

    Returns:
        The DataFrame.
    """
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        hint = (
            " (a Series: use .to_frame() or select with [[...]])"
            if isinstance(value, pd.Series)
            else ""
        )
        raise AssertionError(
            f"{name} should be a pandas DataFrame; got {type(value).__name__}{hint}"
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise AssertionError(f"{name} lacks column(s) {missing}; it has {list(value.columns)}")
    if index is not None:
        want, have = sorted(map(str, index)), sorted(map(str, value.index))
        if want != have:
            raise AssertionError(f"{name} should be indexed by {want}; its index is {have}")
    if rows is not None and len(value) != rows:
        raise AssertionError(f"{name} should have {rows} rows; it has {len(value)}")
    return value
