"""Friendly checks for the visible test cells of exercises, as ``numpy.testing`` is NumPy's.

    from incentives.testing import check_number
    _ = check_number(close_rate, "close_rate", low=0, high=1)

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


def check_not_blank(value, name: str):
    """Refuse an answer that is blank in any form: None, an empty text, list or table, a
    number equal to 0 (an object that compares equal to anything is judged by its plain
    value), or a function (call it and check what it returns instead).

    Args:
        value: The learner's answer.
        name: Its name in the exercise.

    Returns:
        The answer, unchanged.
    """
    import pandas as pd

    blank = f"{name} is still blank"
    if value is None or value is NotImplemented:
        raise AssertionError(f"{blank} (None): replace the stub with your answer")
    if isinstance(value, bool):
        return value
    if isinstance(value, Real):
        if float(value) == 0.0 or math.isnan(float(value)):
            raise AssertionError(f"{blank}: 0 is not an answer here; compute it from the data")
        return value
    if isinstance(value, str):
        if not value.strip() or value.strip() in ("...", "YOUR ANSWER HERE"):
            raise AssertionError(f"{blank}: write your answer in the text")
        return value
    if isinstance(value, pd.DataFrame | pd.Series):
        if value.empty:
            raise AssertionError(f"{blank}: the table has no rows")
        return value
    if hasattr(value, "__len__") and len(value) == 0:
        raise AssertionError(f"{blank}: it is empty")
    return value


def check_function_on(function, name: str, table, expected, *, rel: float = 1e-6, args=()):
    """Run the learner's ``function`` on a copy of ``table`` and compare with ``expected``.

    For a visible test: ``table`` is a small table built in the test, ``expected`` what a
    correct function returns for it (a number, a dict ``{row: value}``, a pandas Series, or
    a DataFrame). The message names the first row that differs, so the learner sees where
    their method goes wrong.

    Args:
        function: The learner's function.
        name: Its name in the exercise, e.g. ``"close_rate_by"``.
        table: The input (copied first, so a function that changes it changes nothing here).
        expected: What a correct function returns.
        rel: Relative tolerance for numbers.
        args: Further arguments after the table.

    Returns:
        What the function returned.
    """
    import pandas as pd

    if not callable(function):
        raise AssertionError(
            f"{name} should be a function; got {type(function).__name__} {function!r}"
        )
    given = table.copy() if hasattr(table, "copy") else table
    try:
        result = function(given, *args)
    except NotImplementedError:
        raise AssertionError(f"{name} still raises NotImplementedError: write its body") from None
    check_not_blank(result, f"what {name} returns")

    def close(a, b) -> bool:
        try:
            a, b = float(a), float(b)
        except (TypeError, ValueError):
            return str(a) == str(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)

    if isinstance(expected, pd.DataFrame):
        check_frame(result, f"what {name} returns", columns=list(expected.columns))
        for row in expected.index:
            if row not in result.index:
                raise AssertionError(f"{name}: the row {row!r} is missing from its result")
            for column in expected.columns:
                got, want = result.loc[row, column], expected.loc[row, column]
                if not close(got, want):
                    raise AssertionError(
                        f"{name}: row {row!r}, column {column!r} is {got!r}; expected {want!r}"
                    )
        return result
    if isinstance(expected, dict | pd.Series):
        want = dict(expected.items())
        have = dict(result.items()) if hasattr(result, "items") else None
        if have is None:
            raise AssertionError(
                f"{name} should return one value per row (a Series or a dict); "
                f"got {type(result).__name__}"
            )
        for row, value in want.items():
            if row not in have:
                raise AssertionError(f"{name}: the row {row!r} is missing from its result")
            if not close(have[row], value):
                raise AssertionError(f"{name}: row {row!r} is {have[row]!r}; expected {value!r}")
        return result
    number = as_number(result, f"what {name} returns")
    if not close(number, expected):
        raise AssertionError(f"{name} returns {number:g} for the test table; expected {expected:g}")
    return result
