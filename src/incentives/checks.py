"""Friendly checks for the visible test cells of exercises.

A visible test tells the learner what was expected and what they gave, in plain words. It
converts the answer to a plain Python value first, so an object that claims to equal
anything cannot pass. Hidden tests do not use this module: they use plain Python and
literal expected values, since a student's cell can redefine anything in this library.

These checks print nothing: nbgrader gives zero points to a test cell that writes to
stderr, and a passing check should be silent.
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
