"""The friendly checks of the exercises' visible test cells (``incentives.testing``): they
compare plain values and say in words what was expected and what was given."""

from __future__ import annotations

import pandas as pd
import pytest

from incentives.testing import (
    as_number,
    check_choice,
    check_frame,
    check_function_on,
    check_not_blank,
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


class Rigged(float):
    """A float valued 0 that claims to equal, and to be less and greater than, anything."""

    def __eq__(self, other):
        return True

    __lt__ = __gt__ = __le__ = __ge__ = __eq__
    __hash__ = float.__hash__


@pytest.mark.parametrize(
    "blank",
    [None, 0, 0.0, "", "   ", [], (), {}, pd.DataFrame(), pd.Series(dtype=float), Rigged(0)],
)
def test_check_not_blank_refuses_every_blank_answer(blank):
    with pytest.raises(AssertionError, match="is still blank"):
        check_not_blank(blank, "profit_drop_eur")


@pytest.mark.parametrize("answer", [1_800, -3.5, "C-PARTS", [1], pd.Series([0.0]), True])
def test_check_not_blank_passes_real_answers(answer):
    assert check_not_blank(answer, "answer") is answer


TABLE = pd.DataFrame(
    {"channel": ["a", "a", "b"], "won": [1, 0, 1], "contacted": [True, True, False]}
)


def close_rate_by(table):
    return table.groupby("channel")["won"].mean()


def per_contacted(table):
    return table[table["contacted"]].groupby("channel")["won"].mean()


def test_check_function_on_passes_a_correct_method_and_names_the_first_wrong_row():
    assert (
        check_function_on(close_rate_by, "close_rate_by", TABLE, {"a": 0.5, "b": 1.0}) is not None
    )
    with pytest.raises(AssertionError, match=r"close_rate_by: the row 'b' is missing"):
        check_function_on(per_contacted, "close_rate_by", TABLE, {"a": 0.5, "b": 1.0})
    with pytest.raises(AssertionError, match=r"row 'a' is 0.5; expected 0.25"):
        check_function_on(close_rate_by, "close_rate_by", TABLE, {"a": 0.25, "b": 1.0})


def test_check_function_on_refuses_stubs_blanks_and_non_functions():
    def stub(table):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="still raises NotImplementedError"):
        check_function_on(stub, "f", TABLE, 1.0)
    with pytest.raises(AssertionError, match="what f returns is still blank"):
        check_function_on(lambda t: 0, "f", TABLE, 1.0)
    with pytest.raises(AssertionError, match="is still blank"):
        check_function_on(lambda t: Rigged(0), "f", TABLE, 0.0)
    with pytest.raises(AssertionError, match="should be a function"):
        check_function_on(0.5, "f", TABLE, 0.5)


def test_check_function_on_works_on_a_copy_and_compares_numbers_and_frames():
    def total_won(table):
        table["won"] = 0  # a function that changes its input changes nothing outside
        return 2

    assert check_function_on(total_won, "total_won", TABLE, 2) == 2
    assert TABLE["won"].tolist() == [1, 0, 1]
    with pytest.raises(AssertionError, match="returns 2 for the test table; expected 3"):
        check_function_on(lambda t: 2, "total_won", TABLE, 3)
    frame = pd.DataFrame({"rate": [0.5, 1.0]}, index=["a", "b"])
    got = check_function_on(lambda t: close_rate_by(t).to_frame("rate"), "f", TABLE, frame)
    assert list(got.index) == ["a", "b"]


def test_in_the_romanian_edition_the_messages_are_romanian(monkeypatch):
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    with pytest.raises(AssertionError) as raised:
        check_number(0.166667, "cost_per_lead(1_800, 300)", expected=6.0, hint="Împarte.")
    assert str(raised.value) == (
        "cost_per_lead(1_800, 300) trebuie să fie 6; s-a obținut 0.166667. Împarte."
    )
    with pytest.raises(AssertionError, match=r"^f\(0\) trebuie să ridice ValueError; s-a încheiat"):
        check_raises(lambda x: x, (0,), ValueError, "f")
    table = pd.DataFrame({"a": range(25)})
    with pytest.raises(AssertionError, match="trebuie să aibă 20 de rânduri; are 25"):
        check_frame(table, "t", rows=20)
    with pytest.raises(AssertionError, match="trebuie să aibă 19 rânduri; are 25"):
        check_frame(table, "t", rows=19)


@pytest.mark.parametrize("edition", ["en", "ro"])
@pytest.mark.parametrize("stub", ["YOUR ANSWER HERE", "SCRIE RĂSPUNSUL TĂU AICI"])
def test_the_text_stub_of_either_edition_is_blank_in_both(monkeypatch, edition, stub):
    monkeypatch.setenv("INCENTIVES_EDITION", edition)
    with pytest.raises(AssertionError):
        check_not_blank(f"  {stub}\n", "memo")
