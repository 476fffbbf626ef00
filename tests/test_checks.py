"""The friendly checks of the exercises' visible test cells (``incentives.checks``): they
compare plain values and say in words what was expected and what was given."""

from __future__ import annotations

import pandas as pd
import pytest

from incentives.checks import (
    as_number,
    check_choice,
    check_frame,
    check_number,
    check_raises,
    check_share,
)


class _EqualsAnything(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def test_check_number_uses_the_plain_value_not_a_rigged_eq():
    with pytest.raises(AssertionError, match="should be 6"):
        check_number(_EqualsAnything(7.0), "x", expected=6.0)
    assert check_number(6.0, "x", expected=6.0) == 6.0


@pytest.mark.parametrize(
    ("value", "message"),
    [("6", "should be a number"), (True, "should be a number"), (float("nan"), "NaN")],
)
def test_as_number_refuses_what_is_not_a_number(value, message):
    with pytest.raises(AssertionError, match=message):
        as_number(value, "x")


def test_check_number_reports_range_and_hint():
    with pytest.raises(AssertionError, match=r"at most 1; got 34.5. Did you"):
        check_number(34.5, "close_rate", high=1, hint="Did you forget to divide by 100?")


def test_check_raises_explains_each_way_to_fail():
    def returns(x):
        return x

    def wrong_error(x):
        raise TypeError("no")

    def right_error(x):
        raise ValueError("yes")

    check_raises(right_error, (1,), ValueError, "f")
    with pytest.raises(AssertionError, match="returned normally"):
        check_raises(returns, (1,), ValueError, "f")
    with pytest.raises(AssertionError, match="raised TypeError"):
        check_raises(wrong_error, (1,), ValueError, "f")


def test_check_share_spots_a_percentage():
    assert check_share(0.25, "close_rate", 0.25) == 0.25
    with pytest.raises(AssertionError, match="did you give a percentage"):
        check_share(25.0, "close_rate")
    with pytest.raises(AssertionError, match="between 0 and 1|at least 0"):
        check_share(-0.1, "close_rate")


def test_check_choice_and_check_frame_explain_what_is_wrong():
    assert check_choice("organic", "best_channel", ["organic", "paid_search"]) == "organic"
    with pytest.raises(AssertionError, match="should be one of"):
        check_choice("tv", "best_channel", ["organic"])
    with pytest.raises(AssertionError, match="should be text"):
        check_choice(3, "best_channel", ["organic"])
    frame = pd.DataFrame({"leads": [1, 2]}, index=["a", "b"])
    assert check_frame(frame, "table", columns=["leads"], index=["b", "a"], rows=2) is frame
    with pytest.raises(AssertionError, match="lacks column"):
        check_frame(frame, "table", columns=["won"])
    with pytest.raises(AssertionError, match="a Series"):
        check_frame(frame["leads"], "table")
    with pytest.raises(AssertionError, match="indexed by"):
        check_frame(frame, "table", index=["a"])
