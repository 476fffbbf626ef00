"""Lab latency: time from a control change to every view updated, Python side.

    make bench      (or only this one: python -m benchmarks labs)

Each lab is created once, then one of its controls is moved many times, as a learner
dragging a slider would (the value set on the control itself, so the lab's observers, the
model and the chart updates all run). The model's caches (``incentives.model.clear_caches``:
outcomes, and the AlignmentLab's foresight of marketing's options) are emptied before each
change, so only the sharing between linked labs within one change helps. The browser's
redraw is not included.
"""

from __future__ import annotations

import itertools
import statistics
import time
import warnings

from incentives.model import clear_caches

CHANGES = 60


def _scenarios():
    """(lab name, factory, list of (control name, values to cycle through)), for Company X
    and for Velora."""
    from incentives.labs.alignment import AlignmentLab
    from incentives.labs.budget import BudgetLab
    from incentives.labs.cloakroom import CloakroomLab
    from incentives.labs.commission import CommissionLab
    from incentives.model import velora

    def commission(company):
        def make():
            lab = CommissionLab(company)
            lab.settings = {"plan": "revenue_share"}
            return lab

        return make

    rates = [("revenue_rate", [0.01, 0.03, 0.05, 0.08, 0.12, 0.15])]
    weights = [
        ("sales_own_weight", [1.0, 0.75, 0.5, 0.25, 0.0]),
        ("lead_source_info", [True, False]),
    ]
    return [
        ("CommissionLab, Company X", commission("company_x"), rates),
        ("CommissionLab, Velora", commission("velora"), rates),
        (
            "BudgetLab linked, Company X",
            lambda: BudgetLab(link=CommissionLab("company_x")),
            [
                ("share_spare_parts_summer_promotion", [0.1, 0.2, 0.3, 0.4, 0.5]),
                ("total_budget_eur", [4_000, 8_000]),
            ],
        ),
        (
            "BudgetLab linked, Velora",
            lambda: BudgetLab(link=CommissionLab("velora")),
            [
                ("share_service_reminder_ads", [0.1, 0.2, 0.3, 0.4, 0.5]),
                ("total_budget_eur", [3_000, 7_000]),
            ],
        ),
        ("AlignmentLab, Company X", AlignmentLab, weights),
        ("AlignmentLab, Velora", lambda: AlignmentLab(company=velora()), weights),
        (
            "CloakroomLab",
            CloakroomLab,
            [("gift_budget_ron", [0, 300, 600, 900]), ("policy", ["fifo", "vip_first"])],
        ),
    ]


def measure(factory, moves, changes: int = CHANGES) -> list[float]:
    """Seconds per control change, ``changes`` times, after one warm-up change."""
    lab = factory()
    steps = itertools.cycle([(name, value) for name, values in moves for value in values])
    times = []
    for index in range(changes + 1):
        name, value = next(steps)
        control = lab.controls[name]
        clear_caches()  # no help from an earlier change: each one computes afresh
        start = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - start
        if index:
            times.append(elapsed)
        if lab.message.value:
            raise RuntimeError(f"{type(lab).__name__} showed an error: {lab.message.value}")
    return times


def table(changes: int = CHANGES) -> str:
    """Milliseconds per control change, by lab; a warning while measuring is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return _rows(changes)


def _rows(changes: int) -> str:
    lines = [
        "| lab | control changes | median (ms) | p95 (ms) | slowest (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, factory, moves in _scenarios():
        times = sorted(measure(factory, moves, changes))
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        lines.append(
            f"| {name} | {len(times)} | {statistics.median(times) * 1e3:.1f} | "
            f"{p95 * 1e3:.1f} | {times[-1] * 1e3:.1f} |"
        )
    return "\n".join(lines)
