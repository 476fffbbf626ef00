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

from incentives.i18n import EDITIONS, _, ngettext, translation


def as_number(value, name: str) -> float:
    """Return ``value`` as a plain float, or fail with a message naming ``name``.

    Accepts ints, floats and NumPy scalars; refuses booleans, text and containers.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise AssertionError(
            _("{name} should be a number (an int or a float); got {kind} {value!r}").format(
                name=name, kind=type(value).__name__, value=value
            )
        )
    number = float(value)
    if math.isnan(number):
        raise AssertionError(
            _("{name} is NaN (not a number): did something divide 0 by 0?").format(name=name)
        )
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
    words = {"name": name, "number": number, "extra": f" {hint}" if hint else ""}
    if low is not None and number < low:
        message = _("{name} should be at least {low:g}; got {number:g}.{extra}")
        raise AssertionError(message.format(low=low, **words))
    if high is not None and number > high:
        message = _("{name} should be at most {high:g}; got {number:g}.{extra}")
        raise AssertionError(message.format(high=high, **words))
    if expected is not None and not math.isclose(number, expected, rel_tol=rel, abs_tol=abs_tol):
        message = _("{name} should be {expected:g}; got {number:g}.{extra}")
        raise AssertionError(message.format(expected=expected, **words))
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
        message = _("{call} should raise {error}; it raised {other}: {text}")
        raise AssertionError(
            message.format(call=call, error=error.__name__, other=type(other).__name__, text=other)
        ) from None
    message = _("{call} should raise {error}; it returned normally")
    raise AssertionError(message.format(call=call, error=error.__name__))


def check_share(value, name: str, expected: float | None = None, *, rel: float = 1e-6) -> float:
    """Check a share (a rate between 0 and 1, such as a close rate), with a hint for percents."""
    number = as_number(value, name)
    if 1 < number <= 100:
        message = _(
            "{name} should be a share between 0 and 1; got {number:g}: "
            "did you give a percentage? Divide by 100."
        )
        raise AssertionError(message.format(name=name, number=number))
    return check_number(number, name, expected, low=0.0, high=1.0, rel=rel)


def check_choice(value, name: str, options) -> str:
    """Check that ``value`` is one of ``options`` (text), e.g. a channel's name."""
    options = list(options)
    if not isinstance(value, str):
        message = _("{name} should be text, one of {options}; got {kind} {value!r}")
        raise AssertionError(
            message.format(name=name, options=options, kind=type(value).__name__, value=value)
        )
    if value not in options:
        message = _("{name} should be one of {options}; got {value!r}")
        raise AssertionError(message.format(name=name, options=options, value=value))
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
            _(" (a Series: use .to_frame() or select with [[...]])")
            if isinstance(value, pd.Series)
            else ""
        )
        message = _("{name} should be a pandas DataFrame; got {kind}{hint}")
        raise AssertionError(message.format(name=name, kind=type(value).__name__, hint=hint))
    missing = [c for c in columns if c not in value.columns]
    if missing:
        message = _("{name} lacks column(s) {missing}; it has {columns}")
        raise AssertionError(
            message.format(name=name, missing=missing, columns=list(value.columns))
        )
    if index is not None:
        want, have = sorted(map(str, index)), sorted(map(str, value.index))
        if want != have:
            message = _("{name} should be indexed by {want}; its index is {have}")
            raise AssertionError(message.format(name=name, want=want, have=have))
    if rows is not None and len(value) != rows:
        message = ngettext(
            "{name} should have {rows} row; it has {count}",
            "{name} should have {rows} rows; it has {count}",
            rows,
        )
        raise AssertionError(message.format(name=name, rows=rows, count=len(value)))
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

    if value is None or value is NotImplemented:
        message = _("{name} is still blank (None): replace the stub with your answer")
        raise AssertionError(message.format(name=name))
    if isinstance(value, bool):
        return value
    if isinstance(value, Real):
        if float(value) == 0.0 or math.isnan(float(value)):
            message = _("{name} is still blank: 0 is not an answer here; compute it from the data")
            raise AssertionError(message.format(name=name))
        return value
    if isinstance(value, str):
        # The stub a text answer starts with, in either edition.
        stubs = {translation("YOUR ANSWER HERE", language) for language in EDITIONS}
        if not value.strip() or value.strip() in {"...", *stubs}:
            message = _("{name} is still blank: write your answer in the text")
            raise AssertionError(message.format(name=name))
        return value
    if isinstance(value, pd.DataFrame | pd.Series):
        if value.empty:
            raise AssertionError(
                _("{name} is still blank: the table has no rows").format(name=name)
            )
        return value
    if hasattr(value, "__len__") and len(value) == 0:
        raise AssertionError(_("{name} is still blank: it is empty").format(name=name))
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
        message = _("{name} should be a function; got {kind} {function!r}")
        raise AssertionError(
            message.format(name=name, kind=type(function).__name__, function=function)
        )
    given = table.copy() if hasattr(table, "copy") else table
    try:
        result = function(given, *args)
    except NotImplementedError:
        message = _("{name} still raises NotImplementedError: write its body")
        raise AssertionError(message.format(name=name)) from None
    returned = _("what {name} returns").format(name=name)
    check_not_blank(result, returned)

    def close(a, b) -> bool:
        try:
            a, b = float(a), float(b)
        except (TypeError, ValueError):
            return str(a) == str(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)

    if isinstance(expected, pd.DataFrame):
        check_frame(result, returned, columns=list(expected.columns))
        for row in expected.index:
            if row not in result.index:
                message = _("{name}: the row {row!r} is missing from its result")
                raise AssertionError(message.format(name=name, row=row))
            for column in expected.columns:
                got, want = result.loc[row, column], expected.loc[row, column]
                if not close(got, want):
                    message = _(
                        "{name}: row {row!r}, column {column!r} is {got!r}; expected {want!r}"
                    )
                    raise AssertionError(
                        message.format(name=name, row=row, column=column, got=got, want=want)
                    )
        return result
    if isinstance(expected, dict | pd.Series):
        want = dict(expected.items())
        have = dict(result.items()) if hasattr(result, "items") else None
        if have is None:
            message = _("{name} should return one value per row (a Series or a dict); got {kind}")
            raise AssertionError(message.format(name=name, kind=type(result).__name__))
        for row, value in want.items():
            if row not in have:
                message = _("{name}: the row {row!r} is missing from its result")
                raise AssertionError(message.format(name=name, row=row))
            if not close(have[row], value):
                message = _("{name}: row {row!r} is {got!r}; expected {want!r}")
                raise AssertionError(message.format(name=name, row=row, got=have[row], want=value))
        return result
    number = as_number(result, returned)
    if not close(number, expected):
        message = _("{name} returns {number:g} for the test table; expected {expected:g}")
        raise AssertionError(message.format(name=name, number=number, expected=expected))
    return result
