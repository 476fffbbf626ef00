"""How long the incentive model takes for 10k, 100k and 1M leads.

    make bench      (or only this one: python -m benchmarks model)

One run = the whole model on a leads table: count the leads of each product, split the
reps' hours under the tiered revenue plan, then score every lead (hours, win probability,
expected revenue, margin and commission) and sum company profit. The sales team grows with
the leads (one rep per 40 leads a month), so each size is the same company, scaled.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from incentives.data import read_company
from incentives.model.build import lead_types_from
from incentives.model.plans import TieredRevenue
from incentives.model.sales import SalesTeam, expected_per_lead

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 7


def model_run(codes: np.ndarray, lead_types, plan) -> float:
    """The model end to end on one leads table; returns expected profit (EUR)."""
    team = SalesTeam(reps=max(1, len(codes) // 40), hours_per_rep=120.0)
    scores = expected_per_lead(codes, lead_types, team, plan)
    margin = scores["expected_margin_eur"].to_numpy().sum()
    return float(margin - scores["expected_commission_eur"].to_numpy().sum())


def measure(size: int, repeats: int = REPEATS, seed: int = 0) -> list[float]:
    """Seconds per run for ``size`` leads, ``repeats`` times (after one warm-up run)."""
    lead_types = lead_types_from(read_company("company_x", leads=False).products)
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(lead_types), size=size, p=[0.2, 0.15, 0.1, 0.1, 0.25, 0.2])
    plan = TieredRevenue()
    model_run(codes, lead_types, plan)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model_run(codes, lead_types, plan)
        times.append(time.perf_counter() - start)
    return times


def table(sizes=SIZES, repeats: int = REPEATS) -> str:
    """A Markdown table: leads, median and slowest seconds, nanoseconds per lead."""
    lines = [
        "| leads | median (s) | slowest (s) | ns per lead | vs. previous size |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    previous = None
    for size in sizes:
        times = measure(size, repeats)
        median = statistics.median(times)
        growth = "" if previous is None else f"x{median / previous:.1f}"
        lines.append(
            f"| {size:,} | {median:.4f} | {max(times):.4f} | {median / size * 1e9:.0f} | {growth} |"
        )
        previous = median
    return "\n".join(lines)
