"""The attendant's scheme against queue order, on the same guests.

:func:`try_scheme` serves one evening's guests under a scheme (VIPs first, gifts) and, for
comparison, in queue order with no gifts; :func:`gift_budget_trials` tries gift budgets on
many evenings. The evenings are cached, so moving one lever simulates one evening.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from incentives.i18n import _
from incentives.model.assumptions import value
from incentives.model.restaurant.arguments import check_real, check_seed
from incentives.model.restaurant.evening import (
    DEFAULT_SHARES,
    POLICIES,
    Evening,
    shares_with_vip,
    simulate_evening,
)
from incentives.model.restaurant.segments import (
    DEFAULT_RANGES,
    SegmentRanges,
    check_boundary,
    check_ranges,
)

BASELINE_POLICY = "fifo"
"""How guests are served without the attendant's scheme: in queue order, with no gifts."""


@dataclass(frozen=True, eq=False)
class SchemeTrial:
    """One evening under a service scheme beside the same guests served in queue order.

    Attributes:
        evening: The evening under the scheme (policy and gift budget as tried).
        baseline: The same guests (seed, ranges, boundary) in queue order with no gifts.
    """

    evening: Evening
    baseline: Evening

    @property
    def revenue_change(self) -> float:
        """Revenue against the baseline, as a fraction (0.03 = +3%); 0 without revenue."""
        base = self.baseline.revenue_ron
        return self.evening.revenue_ron / base - 1.0 if base else 0.0


@functools.lru_cache(maxsize=256)
def _cached_evening(
    seed: int,
    ranges: SegmentRanges,
    boundary: str,
    policy: str,
    gift_budget_ron: float,
    shares: tuple[float, float, float] = DEFAULT_SHARES,
) -> Evening:
    return simulate_evening(
        seed=seed,
        ranges=ranges,
        boundary=boundary,
        policy=policy,
        gift_budget_ron=gift_budget_ron,
        shares=shares,
    )


def clear_evening_cache() -> None:
    """Empty the cache of :func:`try_scheme`'s evenings (results do not change)."""
    _cached_evening.cache_clear()


def try_scheme(
    *,
    seed: int,
    ranges: SegmentRanges = DEFAULT_RANGES,
    boundary: str = value("shared_ticket_goes_to"),
    policy: str = "vip_first",
    gift_budget_ron: float = 0.0,
    vip_share: float = DEFAULT_SHARES[2],
) -> SchemeTrial:
    """Serve one evening's guests under a scheme and, for comparison, in queue order.

    Both evenings are :func:`simulate_evening` with the other parameters at their defaults,
    and are cached: the baseline depends only on ``seed``, ``ranges``, ``boundary`` and
    ``vip_share``, so trying another policy or gift budget on the same guests simulates one
    evening.

    Args:
        seed: Which evening (the random guests); the same seed gives the same guests.
        ranges: The ticket ranges of the segments.
        boundary: Who gets a shared ticket, ``"lower"`` or ``"upper"``.
        policy: ``"vip_first"`` (the attendant's scheme) or ``"fifo"``.
        gift_budget_ron: RON to spend on gifts for VIPs first.
        vip_share: Share of parties that are VIPs (:func:`shares_with_vip`); the same seed
            with another share is another crowd, so compare shares over many evenings.

    Returns:
        The :class:`SchemeTrial` of the two evenings. Cached evenings are shared: treat
        their tables as read-only.
    """
    seed = check_seed(seed)
    ranges = check_ranges(ranges)
    boundary = check_boundary(boundary)
    if policy not in POLICIES:
        raise ValueError(
            _("policy must be one of {policies}; got {policy!r}").format(
                policies=POLICIES, policy=policy
            )
        )
    gift_budget_ron = check_real(gift_budget_ron, "gift_budget_ron", low=0)
    shares = shares_with_vip(vip_share)
    baseline = _cached_evening(seed, ranges, boundary, BASELINE_POLICY, 0.0, shares)
    if policy == BASELINE_POLICY and gift_budget_ron == 0:
        return SchemeTrial(evening=baseline, baseline=baseline)
    evening = _cached_evening(seed, ranges, boundary, policy, gift_budget_ron, shares)
    return SchemeTrial(evening=evening, baseline=baseline)


def gift_budget_trials(budgets_ron, evenings, *, policy: str = "vip_first") -> pd.DataFrame:
    """Each gift budget tried on each evening's guests, against the same guests in queue
    order with no gifts (:func:`try_scheme`).

    Args:
        budgets_ron: Gift budgets an evening to try, RON; each >= 0.
        evenings: Seeds of the evenings (the crowds) to try them on.
        policy: The service policy with the gifts, ``"vip_first"`` by default.

    Returns:
        A DataFrame, one row per budget and evening (budgets outer, evenings inner), with
        ``gift_budget_ron``, ``evening``, ``extra_revenue_ron`` (revenue minus the
        baseline's) and ``gift_cost_ron`` (what the gifts cost; never above the budget).
    """
    rows = []
    for budget in budgets_ron:
        for evening in evenings:
            trial = try_scheme(seed=evening, policy=policy, gift_budget_ron=budget)
            rows.append(
                {
                    "gift_budget_ron": budget,
                    "evening": int(evening),
                    "extra_revenue_ron": trial.evening.revenue_ron - trial.baseline.revenue_ron,
                    "gift_cost_ron": trial.evening.gift_cost_ron,
                }
            )
    return pd.DataFrame(
        rows, columns=["gift_budget_ron", "evening", "extra_revenue_ron", "gift_cost_ron"]
    )
