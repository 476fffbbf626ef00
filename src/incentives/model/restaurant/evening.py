"""One evening of the cloakroom restaurant: who comes, who waits, what they spend and tip.

:func:`simulate_evening` seats parties one by one as waiters become free, in queue order or
VIPs first, and returns every party's wait, bill, gift and tip as an :class:`Evening`. Its
assumed figures are read from the registry (``incentives.model.assumptions``; docs/model.md,
"The restaurant").
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

from incentives.data import SEGMENTS
from incentives.i18n import _
from incentives.model.assumptions import value
from incentives.model.restaurant.arguments import (
    check_real,
    check_seed,
    check_shares,
    check_triple,
    check_whole,
)
from incentives.model.restaurant.segments import (
    DEFAULT_RANGES,
    SEGMENT_DTYPE,
    SegmentRanges,
    check_boundary,
    check_ranges,
)

POLICIES = ("fifo", "vip_first")
"""Queue policies: everyone in arrival order, or VIP parties ahead of everyone else."""

# The model's assumed figures, each read from the registry (incentives.model.assumptions),
# where its source and the lessons relying on it are recorded; docs/model.md lists them.
DEFAULT_SHARES = value("segment_shares")
"""Share of parties per segment (student, standard, vip)."""

DEFAULT_SPEND_PER_HEAD_RON = value("spend_per_head_ron")
"""Usual spend per guest in RON (student, standard, vip)."""

ARRIVAL_WINDOW_MINUTES = value("arrival_window_minutes")
"""Parties arrive between 18:00 (minute 0) and 22:00 (minute 240)."""

ARRIVAL_PEAK_MINUTE = value("arrival_peak_minute")
"""Arrivals follow a triangular distribution that peaks at 19:30 (minute 90)."""

PARTY_SIZES = tuple(value("party_sizes"))
PARTY_SIZE_PROBABILITIES = tuple(value("party_sizes").values())
"""How often a party has 1, 2, 3 or 4 guests: 2.5 guests on average."""

SERVICE_TIME_SHAPE = value("meal_length_shape")
"""Meal lengths follow a gamma distribution with this shape (spread about 40%)."""

SPEND_SPREAD = value("spend_spread")
"""Party-to-party spread of spend per head: sigma of a log-normal with mean 1."""

TIP_SHARES = tuple(value("tip_shares"))
TIP_PROBABILITIES = tuple(value("tip_shares").values())
"""Tip as a share of the bill: 12% + 65% = 77% of parties tip under 10%."""

STROHMETZ_TIP_LIFT = value("gift_tip_lift")
"""Relative rise in the tip share after one chocolate per diner: 15.06% -> 17.84%, about
+18.5% (Strohmetz, Rind, Fisher & Lynn 2002)."""

MENU_MINUTES = value("menu_minutes")
"""Minutes every party spends sitting down and reading the menu, waiter or not.
Used by :attr:`Evening.fairness` only: a wait shorter than this is hardly noticed."""


@dataclass(frozen=True)
class Evening:
    """One simulated evening: every party, and the restaurant's scorecard.

    Attributes:
        parties: One row per party, in arrival order, with columns ``ticket`` (int),
            ``segment`` (categorical, ``SEGMENTS``), ``party_size`` (guests), ``arrival_minute``
            (minutes after 18:00), ``wait_minutes`` (until a waiter takes the order),
            ``bill_ron``, ``gift`` (bool: each guest got a gift) and ``tip_ron``.
        seed: The seed the evening was drawn with.
        policy: "fifo" or "vip_first".
        gift_budget_ron: The evening's gift budget.
        cost_per_gift_ron: What one gift (one per guest) costs the restaurant.
    """

    parties: pd.DataFrame
    seed: int
    policy: str
    gift_budget_ron: float
    cost_per_gift_ron: float

    @property
    def by_segment(self) -> pd.DataFrame:
        """Scorecard per segment, indexed by segment in ``SEGMENTS`` order.

        Columns: ``parties``, ``guests``, ``mean_wait_minutes`` and ``p90_wait_minutes``
        (over parties; NaN for a segment with no party), ``spend_per_head_ron`` (revenue /
        guests), ``revenue_ron`` (sum of bills), ``gifts`` (number of gifts, one per guest
        of a gifted party) and ``gift_cost_ron``.
        """
        df = self.parties
        gifts = df["party_size"].where(df["gift"], 0)
        grouped = df.assign(gifts=gifts).groupby("segment", observed=False)
        table = pd.DataFrame(
            {
                "parties": grouped.size(),
                "guests": grouped["party_size"].sum(),
                "mean_wait_minutes": grouped["wait_minutes"].mean(),
                "p90_wait_minutes": grouped["wait_minutes"].quantile(0.9),
                "revenue_ron": grouped["bill_ron"].sum(),
                "gifts": grouped["gifts"].sum(),
            }
        )
        table.index = pd.Index(list(SEGMENTS), name="segment")
        table["parties"] = table["parties"].astype(np.int64)
        table["guests"] = table["guests"].astype(np.int64)
        table["gifts"] = table["gifts"].astype(np.int64)
        guests = table["guests"].where(table["guests"] > 0)
        table.insert(4, "spend_per_head_ron", table["revenue_ron"] / guests)
        table["gift_cost_ron"] = table["gifts"] * self.cost_per_gift_ron
        return table

    @property
    def revenue_ron(self) -> float:
        """Total of all bills in RON (tips excluded: they go to the waiters)."""
        return float(self.parties["bill_ron"].sum())

    @property
    def gift_cost_ron(self) -> float:
        """What the gifts cost the restaurant in RON; never more than the gift budget."""
        gifts = int(self.parties["party_size"].where(self.parties["gift"], 0).sum())
        return gifts * self.cost_per_gift_ron

    @property
    def tips_ron(self) -> float:
        """Total tips in RON: what the waiters take home on top of their pay."""
        return float(self.parties["tip_ron"].sum())

    @property
    def fairness(self) -> float:
        """How evenly the segments were treated: 1.0 is equal, lower is less fair.

        For each segment that had at least one party, its mean time to order is
        ``MENU_MINUTES`` (5, spent reading the menu whether or not a waiter is free) plus
        its mean wait. Fairness is the shortest of these divided by the longest, so it lies
        in (0, 1]: 0.5 means the best-served segment got its order taken in half the time
        of the worst-served one. Counting the menu time keeps a one-minute difference from
        looking as unfair as an hour's.
        """
        return fairness_of(self.parties["segment"], self.parties["wait_minutes"])


def fairness_of(segment: pd.Series, wait_minutes: pd.Series) -> float:
    """Shortest mean time to order over the longest, among segments with a party (see
    :attr:`Evening.fairness`); 1.0 for no party at all."""
    means = wait_minutes.groupby(segment, observed=True).mean()
    if means.empty:
        return 1.0
    time_to_order = MENU_MINUTES + means
    return float(time_to_order.min() / time_to_order.max())


def shares_with_vip(vip_share: float) -> tuple[float, float, float]:
    """The segment shares with VIP parties at ``vip_share``, students and standard guests
    sharing the rest as in ``DEFAULT_SHARES`` (30 : 55): ``shares_with_vip(0.15)`` is
    ``DEFAULT_SHARES``, ``shares_with_vip(0.30)`` is about (0.2471, 0.4529, 0.30).

    Raises:
        ValueError: unless ``0 <= vip_share <= 1``.
    """
    vip_share = check_real(vip_share, "vip_share", low=0)
    if vip_share > 1:
        raise ValueError(
            _("vip_share is a share of parties, at most 1; got {vip_share!r}").format(
                vip_share=vip_share
            )
        )
    if math.isclose(vip_share, DEFAULT_SHARES[2], abs_tol=1e-12):
        return DEFAULT_SHARES
    student, standard, _vip = DEFAULT_SHARES
    rest = (1.0 - vip_share) / (student + standard)
    return (student * rest, standard * rest, vip_share)


def _order_start_minutes(arrival, service, is_vip, capacity: int, vip_first: bool):
    """When each party's order is taken: a queue with ``capacity`` places.

    Parties are in arrival order. Each time a place frees up, the next party is taken from
    the queue: the earliest-arrived VIP if ``vip_first`` and a VIP is waiting, otherwise
    the earliest arrival. A party that finds a place free is served on arrival. A party
    keeps its place for its whole meal (``service`` minutes); nobody is interrupted.
    """
    n = len(arrival)
    start = np.empty(n)
    free_at = [0.0] * capacity  # when each place is next free, as a min-heap
    vip_queue: deque[int] = deque()
    queue: deque[int] = deque()
    next_arrival = 0
    for _party in range(n):
        now = free_at[0]
        while next_arrival < n and arrival[next_arrival] <= now:
            (vip_queue if vip_first and is_vip[next_arrival] else queue).append(next_arrival)
            next_arrival += 1
        if vip_queue:
            party, begins = vip_queue.popleft(), now
        elif queue:
            party, begins = queue.popleft(), now
        else:  # nobody waiting: the place stays empty until the next party walks in
            party, begins = next_arrival, arrival[next_arrival]
            next_arrival += 1
        start[party] = begins
        heapq.heapreplace(free_at, begins + service[party])
    return start


def _gift_parties(segment_codes, party_size, budget_ron: float, cost_ron: float):
    """Which parties get gifts (one per guest): VIPs first, then the rest, in arrival order.

    Gifts stop at the first party whose gifts would take the total past the budget, so
    the cost never exceeds it.
    """
    affordable = math.floor(budget_ron / cost_ron)
    while affordable * cost_ron > budget_ron:  # guard against rounding up in the division
        affordable -= 1
    while (affordable + 1) * cost_ron <= budget_ron:
        affordable += 1
    order = np.argsort(segment_codes != SEGMENTS.index("vip"), kind="stable")
    within = np.cumsum(party_size[order]) <= affordable
    gift = np.zeros(len(party_size), dtype=bool)
    gift[order[within]] = True
    return gift


def simulate_evening(
    *,
    seed: int,
    policy: str = "fifo",
    covers: int = value("guests_per_evening"),
    shares=DEFAULT_SHARES,
    spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON,
    waiters: int = value("waiters"),
    tables_per_waiter: int = value("tables_per_waiter"),
    service_minutes: float = value("meal_minutes"),
    gift_budget_ron: float = 0.0,
    gift_cost_ron: float = value("gift_cost_ron"),
    gift_spend_lift: float = value("gift_spend_lift"),
    gift_tip_lift: float = STROHMETZ_TIP_LIFT,
    spend_drop_per_10_minutes: float = value("spend_drop_per_10_minutes"),
    spend_floor: float = value("spend_floor"),
    ranges: SegmentRanges = DEFAULT_RANGES,
    boundary: str = value("shared_ticket_goes_to"),
) -> Evening:
    """Simulate one evening (18:00-22:00) of the cloakroom restaurant.

    The story, party by party:

    1. ``covers`` guests arrive in parties of 1-4 (``PARTY_SIZE_PROBABILITIES``), at times
       drawn from a triangular distribution over 18:00-22:00 that peaks at 19:30. Each
       party belongs to a segment with probability ``shares`` and gets a cloakroom ticket
       from its segment's range (shuffled; a number is handed out again once a segment
       has used all of its own, as a coat collected frees its ticket).
    2. The waiters can look after ``waiters * tables_per_waiter`` parties at once. A party
       waits until a place is free (``wait_minutes``), then keeps it for its meal, a gamma
       draw with mean ``service_minutes``. Under "fifo" the queue is served in arrival
       order; under "vip_first" a waiting VIP party goes ahead of everyone else, as the
       waiters in the article did when they saw a VIP ticket.
    3. Spend per head is the segment's ``spend_per_head_ron`` times a party's own factor
       (log-normal, mean 1, ``SPEND_SPREAD``), lowered by ``spend_drop_per_10_minutes``
       for every 10 minutes waited, but never below ``spend_floor`` of it. The bill is
       spend per head times party size, in RON, rounded to the ban.
    4. Gifts (a coffee or a branded dessert, one per guest) go to VIP parties first, then
       to the others in arrival order, while ``gift_budget_ron`` lasts; each costs
       ``gift_cost_ron``. A gifted party spends ``gift_spend_lift`` more per head (our
       assumption) and tips a share ``gift_tip_lift`` larger. The default tip lift is
       Strohmetz, Rind, Fisher & Lynn (2002, J. of Applied Social Psychology): one
       chocolate per diner with the bill raised tips from 15.06% to 17.84% of the bill.
    5. Tips are a share of the bill drawn from ``TIP_SHARES`` (77% of parties tip under
       10%, as Romanian diners said in 2025); waiting does not change them.

    The seed alone fixes the guests: the same seed gives the same parties, arrivals, meal
    lengths and spending habits whatever the policy, staff or gift budget, so two calls
    that differ in one lever compare like with like.

    Args:
        seed: Seed for ``np.random.default_rng``; a whole number >= 0.
        policy: "fifo" (queue order) or "vip_first" (VIP parties jump the queue).
        covers: Guests over the evening (140 on a usual evening of 80 seats); >= 1.
        shares: Share of parties per segment (student, standard, vip); non-negative,
            summing to 1.
        spend_per_head_ron: Usual spend per guest per segment, RON, before waiting or
            gifts; non-negative.
        waiters: Waiters on the floor; >= 1.
        tables_per_waiter: Parties one waiter serves at once (4-6 in casual dining); >= 1.
        service_minutes: Mean time a party keeps its place, from order to leaving; > 0.
        gift_budget_ron: What the restaurant may spend on gifts tonight; >= 0.
        gift_cost_ron: Cost of one gift to the restaurant; > 0.
        gift_spend_lift: Relative rise in a gifted party's spend per head (0.1 = +10%);
            > -1.
        gift_tip_lift: Relative rise in a gifted party's tip share; > -1.
        spend_drop_per_10_minutes: Fall in spend per head for each 10 minutes waited, as
            a share of the usual spend (0.03 = 3%); >= 0.
        spend_floor: Waiting never takes spend per head below this share of the usual;
            between 0 and 1.
        ranges: The cloakroom's ticket ranges.
        boundary: Which segment gets a shared ticket ("lower" or "upper").

    Returns:
        An :class:`Evening`.

    Raises:
        ValueError: naming the argument, if any is out of range or of the wrong kind.
    """
    seed = check_seed(seed)
    if policy not in POLICIES:
        raise ValueError(
            _("policy must be one of {policies}; got {policy!r}").format(
                policies=POLICIES, policy=policy
            )
        )
    covers = check_whole(covers, "covers", 1)
    share = check_shares(shares)
    spend = check_triple(spend_per_head_ron, "spend_per_head_ron")
    waiters = check_whole(waiters, "waiters", 1)
    tables_per_waiter = check_whole(tables_per_waiter, "tables_per_waiter", 1)
    service_minutes = check_real(service_minutes, "service_minutes", low=0, low_inclusive=False)
    gift_budget_ron = check_real(gift_budget_ron, "gift_budget_ron", low=0)
    gift_cost_ron = check_real(gift_cost_ron, "gift_cost_ron", low=0, low_inclusive=False)
    gift_spend_lift = check_real(gift_spend_lift, "gift_spend_lift", low=-1, low_inclusive=False)
    gift_tip_lift = check_real(gift_tip_lift, "gift_tip_lift", low=-1, low_inclusive=False)
    drop = check_real(spend_drop_per_10_minutes, "spend_drop_per_10_minutes", low=0)
    spend_floor = check_real(spend_floor, "spend_floor", low=0)
    if spend_floor > 1:
        raise ValueError(
            _("spend_floor must be between 0 and 1; got {spend_floor!r}").format(
                spend_floor=spend_floor
            )
        )
    ranges = check_ranges(ranges)
    boundary = check_boundary(boundary)

    # Every draw is made for `covers` parties (the most there can be) in a fixed order, so
    # the same seed gives the same guests whatever the other arguments.
    rng = np.random.default_rng(seed)
    sizes = rng.choice(np.array(PARTY_SIZES), size=covers, p=PARTY_SIZE_PROBABILITIES)
    segment_draw = rng.random(covers)
    arrival_draw = rng.triangular(0.0, ARRIVAL_PEAK_MINUTE, ARRIVAL_WINDOW_MINUTES, covers)
    meal_draw = rng.gamma(SERVICE_TIME_SHAPE, 1.0 / SERVICE_TIME_SHAPE, covers)
    habit = np.exp(SPEND_SPREAD * rng.standard_normal(covers) - SPEND_SPREAD**2 / 2)
    tip_share = rng.choice(np.array(TIP_SHARES), size=covers, p=TIP_PROBABILITIES)
    ticket_order = [rng.random(ranges.max_ticket) for _ in SEGMENTS]

    # Parties: add guests until the covers are reached, trimming the last party to fit.
    seated = np.cumsum(sizes)
    n = int(np.searchsorted(seated, covers)) + 1
    sizes = sizes[:n].copy()
    sizes[-1] -= seated[n - 1] - covers
    cumulative = np.cumsum(share)
    cumulative[-1] = 1.0
    codes = np.minimum(np.searchsorted(cumulative, segment_draw[:n], side="right"), 2)
    arrival = np.round(np.sort(arrival_draw[:n]), 1)
    meal = np.round(service_minutes * meal_draw[:n], 1)

    # Tickets: each segment's numbers in a shuffled order, reused once they run out.
    tickets = np.empty(n, dtype=np.int64)
    for code, (first, last) in enumerate(ranges.resolved(boundary)):
        members = np.flatnonzero(codes == code)
        numbers_ = np.arange(first, last + 1)
        numbers_ = numbers_[np.argsort(ticket_order[code][: numbers_.size])]
        tickets[members] = numbers_[np.arange(members.size) % numbers_.size]

    is_vip = codes == SEGMENTS.index("vip")
    capacity = waiters * tables_per_waiter
    start = _order_start_minutes(arrival, meal, is_vip, capacity, policy == "vip_first")
    wait = np.round(start - arrival, 1)

    gift = _gift_parties(codes, sizes, gift_budget_ron, gift_cost_ron)
    patience = np.maximum(1.0 - drop * wait / 10.0, spend_floor)
    per_head = spend[codes] * habit[:n] * patience * np.where(gift, 1.0 + gift_spend_lift, 1.0)
    bill = np.round(per_head * sizes, 2)
    tip = np.round(bill * tip_share[:n] * np.where(gift, 1.0 + gift_tip_lift, 1.0), 2)

    parties = pd.DataFrame(
        {
            "ticket": tickets,
            "segment": pd.Categorical.from_codes(codes, dtype=SEGMENT_DTYPE),
            "party_size": sizes.astype(np.int64),
            "arrival_minute": arrival,
            "wait_minutes": wait,
            "bill_ron": bill,
            "gift": gift,
            "tip_ron": tip,
        }
    )
    return Evening(
        parties=parties,
        seed=seed,
        policy=policy,
        gift_budget_ron=gift_budget_ron,
        cost_per_gift_ron=gift_cost_ron,
    )
