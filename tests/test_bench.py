"""The benchmarks run (their numbers are read from `make bench`, never asserted here)."""

from __future__ import annotations

import pytest

from benchmarks import model


def test_model_benchmark_prints_a_row_per_size():
    text = model.table(sizes=(1_000, 2_000), repeats=1)
    rows = [line for line in text.splitlines() if line.startswith("| 1,000") or "2,000" in line]
    assert len(rows) == 2


def test_model_run_gives_the_same_profit_as_the_allocation():
    import numpy as np
    from conftest import check_run_lead_types

    from incentives.model.plans import TieredRevenue
    from incentives.model.sales import SalesTeam, allocate_time

    GATE, PART = check_run_lead_types()

    codes = np.array([0] * 100 + [1] * 300)
    profit = model.model_run(codes, [GATE, PART], TieredRevenue())
    allocation = allocate_time([GATE, PART], [100, 300], SalesTeam(10, 120), TieredRevenue())
    expected = (allocation.gross_margin_eur - allocation.commission_eur).sum()
    assert profit == pytest.approx(expected)


def test_lab_benchmark_measures_every_lab():
    from benchmarks import labs

    text = labs.table(changes=2)
    for name in ("CommissionLab", "BudgetLab", "CloakroomLab", "AlignmentLab"):
        assert f"| {name}" in text


@pytest.mark.slow
def test_grading_benchmark_grades_every_submission_in_one_call(capfd):
    from benchmarks import grading

    seconds, size = grading.measure(submissions=2)
    assert seconds > 0 and 0 < size <= 200_000  # small: nothing drawn under the grader
    # The graded kernels print to the benchmark's own output (as to an instructor's terminal
    # in `nbgrader autograde`): no word on their transport (tests/test_kernels.py).
    printed = "".join(capfd.readouterr())
    assert "running over TCP" not in printed and "Ctrl-C will not work" not in printed


@pytest.mark.slow
def test_class_grading_benchmark_grades_both_ways_with_identical_scores():
    from benchmarks import class_grading

    measured = class_grading.measure(submissions=4)
    assert measured["identical"] and measured["sequential"] > 0 and measured["parallel"] > 0
