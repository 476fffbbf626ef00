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


def test_the_browser_benchmarks_p95_is_the_nearest_rank():
    from benchmarks.browser import p95

    assert p95([float(v) for v in range(1, 31)]) == 29.0
    assert p95([5.0]) == 5.0
    assert p95([3.0, 1.0, 2.0]) == 3.0


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
    # in `nbgrader autograde`): no word on their transport (tests/instructor/test_kernels.py).
    printed = "".join(capfd.readouterr())
    assert "running over TCP" not in printed and "Ctrl-C will not work" not in printed


@pytest.mark.slow
def test_class_grading_benchmark_grades_three_ways_with_identical_scores():
    from benchmarks import class_grading

    measured = class_grading.measure(submissions=2, rounds=1)
    assert measured["identical"] and measured["sandboxed_kernels"] == [2]
    assert measured["order"] == ["sandbox", "plain", "sequential"]
    assert all(len(runs) == 1 and runs[0] > 0 for runs in measured["seconds"].values())


def test_class_grading_benchmark_reverses_every_other_round():
    from benchmarks.class_grading import order

    assert order(1) == ["sandbox", "plain", "sequential"]
    assert order(2) == ["sandbox", "plain", "sequential", "sequential", "plain", "sandbox"]
    assert order(3)[6:] == ["sandbox", "plain", "sequential"]


def class_measured(sandbox, plain, sequential, kernels=(40, 40), identical=True, cpu=None):
    return {
        "submissions": 40,
        "lessons": 11,
        "workers": 2,
        "order": ["sandbox", "plain", "sequential", "sequential", "plain", "sandbox"],
        "seconds": {"sequential": sequential, "sandbox": sandbox, "plain": plain},
        "cpu": cpu,
        "sandboxed_kernels": list(kernels),
        "identical": identical,
    }


def test_class_grading_table_judges_the_fastest_run_of_each_kind():
    from benchmarks.class_grading import render

    cpu = {"sequential": [150.0, 160.0], "sandbox": [84.0, 80.0], "plain": [80.0, 80.0]}
    text = render(
        class_measured(sandbox=[40.0, 60.0], plain=[40.0, 40.0], sequential=[84.0, 80.0], cpu=cpu)
    )
    assert "| course grade --workers 2 | 40 | 40.0, 60.0 | 84.0, 80.0 | 1.00 |" in text
    assert "| course grade --workers 2 --no-sandbox | 40 | 40.0, 40.0 | 80.0, 80.0 | 1.00 |" in text
    # in time: fastest runs equal; the means say +25%, the rounds +0% and +50%
    assert "| <= 10% | +0.0% (means: +25.0%; each round: +0.0%, +50.0%) | yes |" in text
    assert "| <= 10% | +0.0% (means: +2.5%; each round: +5.0%, +0.0%) | yes |" in text
    assert "| >= 1.8 | 2.00 (means: 1.64) | yes |" in text
    assert "| 40 of 40 | 40, 40 of 40 | yes |" in text
    assert "NO" not in text


def test_class_grading_table_says_each_target_missed():
    from benchmarks.class_grading import render

    measured = class_measured(
        sandbox=[50.0, 50.0],
        plain=[40.0, 40.0],
        sequential=[60.0, 60.0],
        kernels=(40, 0),
        identical=False,
    )
    text = render(measured)
    assert "| 40 | 50.0, 50.0 | - | 1.25 |" in text
    assert "| <= 10% | +25.0% (means: +25.0%; each round: +25.0%, +25.0%) | NO |" in text
    assert "| not counted (needs a cgroup: root) | - |" in text
    assert "| >= 1.8 | 1.20 (means: 1.20) | NO |" in text
    assert "| yes | NO | NO |" in text
    assert "| 40 of 40 | 40, 0 of 40 | NO |" in text


def test_the_cpu_clock_counts_the_processes_started_in_it():
    import subprocess
    import sys

    from benchmarks.class_grading import cpu_clock

    with cpu_clock() as used:
        subprocess.run([sys.executable, "-c", "sum(range(30_000_000))"], check=True)
    if not used:
        pytest.skip("no cgroup can be made here to count CPU time (it takes root)")
    assert used[0] > 0.2  # the child's second or so of summing, not only this process's wait


# ---------------------------------------------------------------------------------------------
# The runner: python -m benchmarks [NAME ...], writing docs/performance.md
# ---------------------------------------------------------------------------------------------


def test_the_runner_rewrites_the_sections_it_ran_and_keeps_the_rest():
    from benchmarks.__main__ import END_OF_BENCHMARKS, render, section

    old = render(
        {
            "model": section("model", "Model", "| old model |", "measured long ago"),
            "labs": section("labs", "Labs", "| labs |", "measured long ago"),
        }
    )
    old += "\n## Measured by hand\n\n`make site`: 17 s.\n"
    new = render({"model": section("model", "Model", "| new model |", "measured today")}, old)
    assert "| new model |" in new and "| old model |" not in new
    assert section("labs", "Labs", "| labs |", "measured long ago") in new
    assert "Not measured yet: `python -m benchmarks setup`." in new
    assert new.endswith(f"{END_OF_BENCHMARKS}\n\n## Measured by hand\n\n`make site`: 17 s.\n")
    assert render({}, new) == new  # nothing run: nothing changes


def test_the_runner_runs_one_benchmark_and_writes_its_section(tmp_path, capsys):
    from benchmarks.__main__ import main

    out = tmp_path / "performance.md"
    assert main(["model", "--out", str(out)]) == 0
    text = out.read_text()
    model = text.split("<!-- benchmark model -->")[1].split("<!-- end of benchmark model -->")[0]
    assert "## Incentive model, whole run per leads table" in model
    assert "| 1,000,000 |" in model
    assert "| 1,000,000 |" in capsys.readouterr().out
    assert "Not measured yet: `python -m benchmarks labs`." in text


def test_the_runner_names_the_benchmarks_when_asked_for_another(capsys):
    from benchmarks.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["speed"])
    assert stopped.value.code == 2
    assert "no benchmark speed: choose from model, labs, lessons" in capsys.readouterr().err
