"""The restaurant cloakroom: guest segments from ticket numbers, and one evening of service.

The article's second story (the restaurant cloakroom case): a cloakroom attendant sorts
guests into students, standard guests and VIPs by the number of the coat ticket she hands
out, and the waiters, who see the ticket, serve VIPs first and bring them a small gift. The
article reports sales up by 150%. This module lets a lesson examine that claim: what would
have to be true, inside a model with stated assumptions, for revenue to rise so much.

Its parts:

- Segments. The article's ranges (students 1-40, standard 40-80, VIP 80-100) share the
  tickets 40 and 80, so every lookup must say which segment a shared ticket belongs to:
  ``boundary="lower"`` (40 is a student, 80 standard) or ``boundary="upper"`` (40 is
  standard, 80 VIP). There is no default on purpose.
- An evening. :func:`simulate_evening` seats parties one by one as waiters become free,
  in queue order or VIPs first, and returns every party's wait, bill, gift and tip.
- The levers. :func:`lift_from_levers` and :func:`guests_needed_for_lift` say which
  combinations of guests per evening, share of VIPs and VIP spend give a lift, and
  :func:`mix_rate_decomposition` splits a change in revenue per evening into volume, mix
  and rate. :func:`needed_vip_spend_for_lift` gives the VIP spend per head that would
  raise revenue per guest by +150% on its own (about 1,535 RON instead of 300).

Modelling assumptions (the figures are ours, each with its source in the registry
``incentives.model.assumptions`` and in docs/model.md, "The restaurant"):

- Guests arrive in parties of 1-4 between 18:00 and 22:00, most around 19:30.
- Each segment's share applies to parties; party sizes do not depend on the segment.
- A waiter looks after ``tables_per_waiter`` parties at once, so ``waiters *
  tables_per_waiter`` parties can be served at the same time; a party waits until one of
  those places is free, then holds it for its whole meal.
- Spend per head falls by a few per cent for every 10 minutes waited, down to a floor.
- Tips are a share of the bill; 77% of parties tip under 10%, as Romanian diners said in
  a 2025 survey.
"""

from __future__ import annotations

import functools
import heapq
import math
import numbers
from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

# The three guest segments, cheapest first; shares and spends are given in this order. The
# data dictionary owns the names (restaurant_visits.csv uses them too).
from incentives.data import SEGMENTS
from incentives.model.assumptions import value

BOUNDARIES = ("lower", "upper")
"""Conventions for a ticket two ranges share: it goes to the lower or the upper segment."""

POLICIES = ("fifo", "vip_first")
"""Queue policies: everyone in arrival order, or VIP parties ahead of everyone else."""

SEGMENT_DTYPE = pd.CategoricalDtype(list(SEGMENTS), ordered=True)
"""The pandas type of a segment column: the three segments, ordered student < standard < vip."""

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


# ---------------------------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------------------------


def _tickets_text(first: int, last: int) -> str:
    return f"ticket {first}" if first == last else f"tickets {first}-{last}"


def _is_whole(value) -> bool:
    """True for an int (not a bool) or an integral float, plain or NumPy."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, numbers.Integral):
        return True
    return isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer()


@dataclass(frozen=True)
class SegmentRanges:
    """The cloakroom's ticket ranges, one (first, last) pair per segment, both inclusive.

    The defaults are the article's: students 1-40, standard 40-80, VIP 80-100. Neighbouring
    ranges may share one ticket (as 40 and 80 here; a ``boundary`` convention then decides
    who gets it) or follow each other directly (1-39, 40-79, 80-100). Together they must
    cover every ticket from 1 to ``max_ticket`` with no gap.

    Attributes:
        student: First and last student ticket; must start at 1.
        standard: First and last standard ticket.
        vip: First and last VIP ticket; must end at ``max_ticket``.
        max_ticket: Highest ticket number in the cloakroom (100 in the article).

    Raises:
        ValueError: naming the field, if a range is not a pair of whole numbers in order,
            leaves a gap, overlaps its neighbour by more than one shared ticket, runs
            outside 1..max_ticket, or would hold no ticket under one of the conventions.
    """

    student: tuple[int, int] = value("ticket_ranges")["student"]
    standard: tuple[int, int] = value("ticket_ranges")["standard"]
    vip: tuple[int, int] = value("ticket_ranges")["vip"]
    max_ticket: int = value("ticket_ranges")["vip"][1]

    def __post_init__(self) -> None:
        if not _is_whole(self.max_ticket) or self.max_ticket < 3:
            raise ValueError(f"max_ticket must be a whole number >= 3; got {self.max_ticket!r}")
        object.__setattr__(self, "max_ticket", int(self.max_ticket))
        for name in SEGMENTS:
            pair = getattr(self, name)
            try:
                first, last = pair
            except (TypeError, ValueError):
                raise ValueError(
                    f"{name} must be a pair (first, last) of ticket numbers; got {pair!r}"
                ) from None
            if not (_is_whole(first) and _is_whole(last)):
                raise ValueError(f"{name} must hold whole ticket numbers; got {pair!r}")
            first, last = int(first), int(last)
            if first > last:
                raise ValueError(f"{name} must be (first, last) with first <= last; got {pair!r}")
            if first < 1 or last > self.max_ticket:
                raise ValueError(
                    f"{name} must lie within tickets 1..{self.max_ticket}; got {pair!r}"
                )
            object.__setattr__(self, name, (first, last))
        if self.student[0] != 1:
            raise ValueError(f"student must start at ticket 1; got {self.student!r}")
        if self.vip[1] != self.max_ticket:
            raise ValueError(
                f"vip must end at max_ticket ({self.max_ticket}); got {self.vip!r}: "
                f"{_tickets_text(self.vip[1] + 1, self.max_ticket)} would belong to no segment"
            )
        for lower, upper in (("student", "standard"), ("standard", "vip")):
            end = getattr(self, lower)[1]
            start = getattr(self, upper)[0]
            if start > end + 1:
                raise ValueError(
                    f"{upper} must start at {end} (shared with {lower}) or {end + 1}; got "
                    f"{getattr(self, upper)!r}: {_tickets_text(end + 1, start - 1)} would belong "
                    "to no segment"
                )
            if start < end:
                raise ValueError(
                    f"{upper} overlaps {lower} by more than one shared ticket: {lower} ends at "
                    f"{end}, {upper} starts at {start}; they may share at most ticket {end}"
                )
        for boundary in BOUNDARIES:
            for name, (first, last) in zip(SEGMENTS, self._resolved(boundary), strict=True):
                if first > last:
                    raise ValueError(
                        f"{name} {getattr(self, name)!r} holds no ticket under the "
                        f"{boundary!r} convention: its shared tickets all go elsewhere"
                    )

    def _resolved(self, boundary: str) -> tuple[tuple[int, int], ...]:
        """The three ranges with shared tickets given to one side: no overlap, no gap."""
        (s_first, s_last), (m_first, m_last), (v_first, v_last) = (
            self.student,
            self.standard,
            self.vip,
        )
        low_shared = s_last == m_first
        high_shared = m_last == v_first
        if boundary == "lower":
            return (
                (s_first, s_last),
                (m_first + low_shared, m_last),
                (v_first + high_shared, v_last),
            )
        return (
            (s_first, s_last - low_shared),
            (m_first, m_last - high_shared),
            (v_first, v_last),
        )

    @classmethod
    def from_cuts(
        cls, student_last_ticket: int, vip_first_ticket: int, max_ticket: int = 100
    ) -> SegmentRanges:
        """The ranges that two cut tickets make, each shared by its neighbours as in the
        article: students 1..``student_last_ticket``, standard guests from there to
        ``vip_first_ticket``, VIPs from there to ``max_ticket``.

        Raises:
            ValueError: naming both cuts, when they give no valid ranges (e.g. the student
                cut is not below the VIP cut).
        """
        try:
            return cls(
                student=(1, student_last_ticket),
                standard=(student_last_ticket, vip_first_ticket),
                vip=(vip_first_ticket, max_ticket),
                max_ticket=max_ticket,
            )
        except ValueError as error:
            raise ValueError(
                f"student_last_ticket ({student_last_ticket}) and vip_first_ticket "
                f"({vip_first_ticket}) give no valid ticket ranges: {error}. Keep "
                "student_last_ticket below vip_first_ticket."
            ) from error


DEFAULT_RANGES = SegmentRanges()
"""The article's ranges: students 1-40, standard 40-80, VIP 80-100."""


def _check_boundary(boundary) -> str:
    if boundary not in BOUNDARIES:
        raise ValueError(
            f"boundary must be 'lower' (a shared ticket goes to the lower segment) or 'upper'; "
            f"got {boundary!r}"
        )
    return boundary


def _check_ranges(ranges) -> SegmentRanges:
    if not isinstance(ranges, SegmentRanges):
        raise ValueError(f"ranges must be a SegmentRanges; got {type(ranges).__name__}")
    return ranges


def ticket_range(
    segment: str, *, boundary: str, ranges: SegmentRanges = DEFAULT_RANGES
) -> tuple[int, int]:
    """First and last ticket (inclusive) of a segment once shared tickets are assigned.

    Args:
        segment: One of ``SEGMENTS``: "student", "standard" or "vip".
        boundary: "lower" gives a shared ticket to the lower segment, "upper" to the upper.
        ranges: The cloakroom's ranges; the article's by default.

    Returns:
        A tuple ``(first, last)`` of ints. With the article's ranges: "lower" gives
        student (1, 40), standard (41, 80), vip (81, 100); "upper" gives student (1, 39),
        standard (40, 79), vip (80, 100).

    Raises:
        ValueError: if ``segment`` or ``boundary`` is unknown, or ``ranges`` is not a
            :class:`SegmentRanges`.
    """
    if segment not in SEGMENTS:
        raise ValueError(f"segment must be one of {SEGMENTS}; got {segment!r}")
    resolved = _check_ranges(ranges)._resolved(_check_boundary(boundary))
    return resolved[SEGMENTS.index(segment)]


def _bad_ticket_message(bad: list, max_ticket: int) -> str:
    shown = ", ".join(repr(value) for value in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    return f"tickets must be whole numbers from 1 to {max_ticket}; got {shown}{more}"


def _ticket_array(tickets, max_ticket: int) -> np.ndarray:
    """Tickets as a 1-D int array, or a ValueError that lists the bad values."""
    values = np.asarray(tickets)
    if values.ndim > 1:
        raise ValueError(f"tickets must be a number or a 1-D sequence; got shape {values.shape}")
    values = values.reshape(-1)
    if values.dtype.kind in "iuf":
        as_float = values.astype(float)
        bad_mask = ~np.isfinite(as_float) | (as_float != np.round(as_float))
        bad_mask |= (as_float < 1) | (as_float > max_ticket)
        if bad_mask.any():
            bad = list(dict.fromkeys(values[bad_mask].tolist()))
            raise ValueError(_bad_ticket_message(bad, max_ticket))
        return as_float.astype(np.int64)
    # Text, booleans, objects (None, pd.NA, mixed lists): check value by value.
    items = values.tolist()
    bad = [v for v in items if not _is_whole(v) or not 1 <= v <= max_ticket]
    if bad:
        raise ValueError(_bad_ticket_message(list(dict.fromkeys(map(_hashable, bad))), max_ticket))
    return np.asarray(items, dtype=float).astype(np.int64)


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def segment_for_tickets(
    tickets, *, boundary: str, ranges: SegmentRanges = DEFAULT_RANGES
) -> str | pd.Categorical:
    """The segment of each cloakroom ticket, as the waiter reads it off the ticket.

    Args:
        tickets: One ticket number, or a 1-D sequence of them (list, NumPy array, Series).
        boundary: Required. "lower": a ticket two ranges share goes to the lower segment
            (with the article's ranges, 40 -> student and 80 -> standard); "upper": it goes
            to the upper one (40 -> standard, 80 -> vip).
        ranges: The cloakroom's ranges; the article's by default.

    Returns:
        For one ticket, its segment as a str. For a sequence, a ``pandas.Categorical`` of
        the same length with categories ``SEGMENTS`` in order (student < standard < vip).

    Raises:
        ValueError: if ``boundary`` is unknown, or a ticket is not a whole number from 1 to
            ``ranges.max_ticket`` (the message lists the bad values).
    """
    boundary = _check_boundary(boundary)
    ranges = _check_ranges(ranges)
    scalar = np.ndim(tickets) == 0
    numbers_ = _ticket_array(tickets, ranges.max_ticket)
    (_, student_last), (_, standard_last), _ = ranges._resolved(boundary)
    codes = (numbers_ > student_last).astype(np.int8) + (numbers_ > standard_last)
    if scalar:
        return SEGMENTS[int(codes[0])]
    return pd.Categorical.from_codes(codes, dtype=SEGMENT_DTYPE)


# ---------------------------------------------------------------------------------------------
# One evening of service
# ---------------------------------------------------------------------------------------------


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
        return _fairness(self.parties["segment"], self.parties["wait_minutes"])


def _fairness(segment: pd.Series, wait_minutes: pd.Series) -> float:
    """Shortest mean time to order over the longest, among segments with a party (see
    :attr:`Evening.fairness`); 1.0 for no party at all."""
    means = wait_minutes.groupby(segment, observed=True).mean()
    if means.empty:
        return 1.0
    time_to_order = MENU_MINUTES + means
    return float(time_to_order.min() / time_to_order.max())


def _check_whole(value, name: str, low: int) -> int:
    if not _is_whole(value) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}; got {value!r}")
    return int(value)


def _check_real(value, name: str, *, low: float, low_inclusive: bool = True) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    ok = ok and math.isfinite(value) and (value >= low if low_inclusive else value > low)
    if not ok:
        sign = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be a finite number {sign} {low:g}; got {value!r}")
    return float(value)


def _check_triple(values, name: str) -> np.ndarray:
    """Three finite non-negative numbers in ``SEGMENTS`` order."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != (3,):
        raise ValueError(
            f"{name} must hold three numbers, for {', '.join(SEGMENTS)}; got {values!r}"
        )
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite and non-negative; got {values!r}")
    return array


def _check_shares(shares) -> np.ndarray:
    array = _check_triple(shares, "shares")
    if not math.isclose(array.sum(), 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must sum to 1; got {shares!r} (sum {array.sum():g})")
    return array / array.sum()


def _check_seed(seed) -> int:
    if not _is_whole(seed) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0; got {seed!r}")
    return int(seed)


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
    for _ in range(n):
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
    seed = _check_seed(seed)
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}; got {policy!r}")
    covers = _check_whole(covers, "covers", 1)
    share = _check_shares(shares)
    spend = _check_triple(spend_per_head_ron, "spend_per_head_ron")
    waiters = _check_whole(waiters, "waiters", 1)
    tables_per_waiter = _check_whole(tables_per_waiter, "tables_per_waiter", 1)
    service_minutes = _check_real(service_minutes, "service_minutes", low=0, low_inclusive=False)
    gift_budget_ron = _check_real(gift_budget_ron, "gift_budget_ron", low=0)
    gift_cost_ron = _check_real(gift_cost_ron, "gift_cost_ron", low=0, low_inclusive=False)
    gift_spend_lift = _check_real(gift_spend_lift, "gift_spend_lift", low=-1, low_inclusive=False)
    gift_tip_lift = _check_real(gift_tip_lift, "gift_tip_lift", low=-1, low_inclusive=False)
    drop = _check_real(spend_drop_per_10_minutes, "spend_drop_per_10_minutes", low=0)
    spend_floor = _check_real(spend_floor, "spend_floor", low=0)
    if spend_floor > 1:
        raise ValueError(f"spend_floor must be between 0 and 1; got {spend_floor!r}")
    ranges = _check_ranges(ranges)
    boundary = _check_boundary(boundary)

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
    for code, (first, last) in enumerate(ranges._resolved(boundary)):
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


# ---------------------------------------------------------------------------------------------
# The scheme against queue order, same guests
# ---------------------------------------------------------------------------------------------

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


def shares_with_vip(vip_share: float) -> tuple[float, float, float]:
    """The segment shares with VIP parties at ``vip_share``, students and standard guests
    sharing the rest as in ``DEFAULT_SHARES`` (30 : 55): ``shares_with_vip(0.15)`` is
    ``DEFAULT_SHARES``, ``shares_with_vip(0.30)`` is about (0.2471, 0.4529, 0.30).

    Raises:
        ValueError: unless ``0 <= vip_share <= 1``.
    """
    vip_share = _check_real(vip_share, "vip_share", low=0)
    if vip_share > 1:
        raise ValueError(f"vip_share is a share of parties, at most 1; got {vip_share!r}")
    if math.isclose(vip_share, DEFAULT_SHARES[2], abs_tol=1e-12):
        return DEFAULT_SHARES
    student, standard, _ = DEFAULT_SHARES
    rest = (1.0 - vip_share) / (student + standard)
    return (student * rest, standard * rest, vip_share)


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
    seed = _check_seed(seed)
    ranges = _check_ranges(ranges)
    boundary = _check_boundary(boundary)
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}; got {policy!r}")
    gift_budget_ron = _check_real(gift_budget_ron, "gift_budget_ron", low=0)
    shares = shares_with_vip(vip_share)
    baseline = _cached_evening(seed, ranges, boundary, BASELINE_POLICY, 0.0, shares)
    if policy == BASELINE_POLICY and gift_budget_ron == 0:
        return SchemeTrial(evening=baseline, baseline=baseline)
    evening = _cached_evening(seed, ranges, boundary, policy, gift_budget_ron, shares)
    return SchemeTrial(evening=evening, baseline=baseline)


# ---------------------------------------------------------------------------------------------
# The "+150%" check
# ---------------------------------------------------------------------------------------------


ARTICLE_LIFT = value("article_lift")
"""The article's claim: sales rose by 150%."""


def needed_vip_spend_for_lift(
    lift: float = ARTICLE_LIFT,
    shares=DEFAULT_SHARES,
    spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON,
) -> float:
    """VIP spend per head that would, on its own, raise revenue per guest by ``lift``.

    Revenue per guest is ``sum(share_s * spend_s)``. Keeping the student and standard
    spends and all shares fixed, the VIP spend ``x`` that makes it ``(1 + lift)`` times as
    large solves ``share_vip * x + (the others' part) = (1 + lift) * (today's average)``.
    With the model's usual figures, +150% needs about 1,535 RON per VIP head instead of 300: a
    lesson can ask whether that is believable, or whether more visits explain the story.

    Args:
        lift: Relative rise wanted (1.5 = +150%, the article's figure); > -1.
        shares: Share of guests per segment (student, standard, vip), summing to 1; the
            VIP share must be positive.
        spend_per_head_ron: Today's spend per guest per segment, RON; non-negative, with a
            positive average.

    Returns:
        The VIP spend per head in RON, as a float.

    Raises:
        ValueError: naming the argument, if one is out of range, or ``lift`` if reaching
            it would need a negative VIP spend.
    """
    lift = _check_real(lift, "lift", low=-1, low_inclusive=False)
    share = _check_shares(shares)
    spend = _check_triple(spend_per_head_ron, "spend_per_head_ron")
    vip = SEGMENTS.index("vip")
    if share[vip] <= 0:
        raise ValueError(f"shares must give VIPs a positive share; got {shares!r}")
    average = float(share @ spend)
    if average <= 0:
        raise ValueError(f"spend_per_head_ron must give a positive average; got {spend!r}")
    others = average - share[vip] * spend[vip]
    needed = ((1.0 + lift) * average - others) / share[vip]
    if needed < 0:
        raise ValueError(
            f"lift {lift:g} cannot come from VIP spend alone: it would need "
            f"{needed:.2f} RON per VIP head"
        )
    return float(needed)


def revenue_per_guest_ron(
    shares=DEFAULT_SHARES, spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON
) -> float:
    """Average spend per guest, RON: ``sum(share_s * spend_s)`` over the three segments.

    With the model's usual figures (shares 30 / 55 / 15%, spend 60 / 110 / 300 RON) it is 123.5
    RON; so even a restaurant of VIPs only (300 RON a head) would take at most
    ``300 / 123.5 - 1``, about +143%, more per guest: the article's +150% cannot come from
    the guest mix alone.

    Args:
        shares: Share of guests per segment (student, standard, vip), summing to 1.
        spend_per_head_ron: Spend per guest per segment, RON; non-negative.

    Returns:
        The average spend per guest in RON, as a float.

    Raises:
        ValueError: naming the argument, if one is out of range.
    """
    share = _check_shares(shares)
    spend = _check_triple(spend_per_head_ron, "spend_per_head_ron")
    return float(share @ spend)


# ---------------------------------------------------------------------------------------------
# The levers: what would have to be true for a lift
# ---------------------------------------------------------------------------------------------

DEFAULT_GUESTS_PER_EVENING = value("guests_per_evening")
"""Guests (covers) on a usual evening of the model restaurant."""

SEATS = value("seats")
"""Seats in the model restaurant."""


def revenue_per_evening_from_levers(
    guests_per_evening: float = DEFAULT_GUESTS_PER_EVENING,
    vip_share: float = DEFAULT_SHARES[2],
    vip_spend_ron: float = DEFAULT_SPEND_PER_HEAD_RON[2],
    spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON,
) -> float:
    """Revenue of one evening, RON, from the levers of the model restaurant.

    Revenue per evening is guests per evening times spend per guest, and spend per guest
    is ``sum(share_s * spend_s)``. VIP guests make up ``vip_share`` of the guests and
    spend ``vip_spend_ron`` a head; students and standard guests share the rest as in
    ``DEFAULT_SHARES`` (30 : 55) and spend as in ``spend_per_head_ron``. With the defaults
    (140 guests, 15% VIPs, 300 RON) it is 140 x 123.5 = 17,290 RON.

    Args:
        guests_per_evening: Guests served in an evening; >= 0.
        vip_share: Share of the guests who are VIPs, from 0 to 1.
        vip_spend_ron: A VIP guest's spend per head, RON; >= 0.
        spend_per_head_ron: Spend per head of (student, standard, vip); the VIP entry is
            replaced by ``vip_spend_ron``.

    Returns:
        Revenue per evening in RON, as a float.

    Raises:
        ValueError: naming the argument, if one is out of range.
    """
    guests = _check_real(guests_per_evening, "guests_per_evening", low=0)
    vip_spend = _check_real(vip_spend_ron, "vip_spend_ron", low=0)
    spend = _check_triple(spend_per_head_ron, "spend_per_head_ron").copy()
    spend[SEGMENTS.index("vip")] = vip_spend
    return float(guests * (np.asarray(shares_with_vip(vip_share)) @ spend))


def lift_from_levers(
    guests_per_evening: float = DEFAULT_GUESTS_PER_EVENING,
    vip_share: float = DEFAULT_SHARES[2],
    vip_spend_ron: float = DEFAULT_SPEND_PER_HEAD_RON[2],
) -> float:
    """Relative change in revenue per evening (1.5 = +150%) when the levers move from the
    model restaurant's usual evening (140 guests, 15% VIPs at 300 RON a head) to these.

    The levers multiply: revenue per evening is guests times spend per guest, so twice the
    guests with spend per guest up 25% gives 2 x 1.25 - 1 = +150%, not +125%. For example
    ``lift_from_levers(200, 0.30, 450.0)`` is 200 x 199.65 / 17,290 - 1, about +131%.

    Args:
        guests_per_evening: Guests served in an evening; >= 0.
        vip_share: Share of the guests who are VIPs, from 0 to 1.
        vip_spend_ron: A VIP guest's spend per head, RON; >= 0.

    Returns:
        The relative change as a float (0 when nothing moves).
    """
    today = revenue_per_evening_from_levers()
    return revenue_per_evening_from_levers(guests_per_evening, vip_share, vip_spend_ron) / today - 1


def guests_needed_for_lift(
    lift: float = ARTICLE_LIFT,
    vip_share: float = DEFAULT_SHARES[2],
    vip_spend_ron: float = DEFAULT_SPEND_PER_HEAD_RON[2],
) -> float:
    """Guests an evening that, with this share of VIPs and VIP spend, give revenue per
    evening ``1 + lift`` times the usual evening's: 350 for +150% with nothing else moved.

    Args:
        lift: Relative rise wanted (1.5 = +150%); > -1.
        vip_share: Share of the guests who are VIPs, from 0 to 1.
        vip_spend_ron: A VIP guest's spend per head, RON; > 0 if every guest is a VIP.

    Returns:
        Guests per evening, as a float (not rounded).

    Raises:
        ValueError: if spend per guest would be 0.
    """
    lift = _check_real(lift, "lift", low=-1, low_inclusive=False)
    per_guest = revenue_per_evening_from_levers(1.0, vip_share, vip_spend_ron)
    if per_guest <= 0:
        raise ValueError("spend per guest is 0: no number of guests gives any revenue")
    return float((1.0 + lift) * revenue_per_evening_from_levers() / per_guest)


def seat_turns(guests_per_evening: float, seats: int = SEATS) -> float:
    """How many times each seat is filled in an evening: guests / seats (1.75 today).

    An evening of four hours with meals of about 75 minutes gives at most about three
    turns (240 / 75 = 3.2), so more guests than about ``3 * seats`` need longer opening
    hours, shorter meals or more seats.
    """
    guests = _check_real(guests_per_evening, "guests_per_evening", low=0)
    seats = _check_whole(seats, "seats", 1)
    return guests / seats


# ---------------------------------------------------------------------------------------------
# The practice visits: two fortnights the course's model generated, before and after
# ---------------------------------------------------------------------------------------------

SCHEMES = ("before", "after")
"""The two periods of ``restaurant_visits``: queue order and no gifts, then the scheme.

The table is synthetic, made by :func:`simulate_evening` (tools/generate_data.py): guests
per evening fixed by the weekday, each party's segment drawn from fixed shares, spend and
tips from the stated assumptions. It is practice data: whatever it shows, the model put in.
"""


def _visits(visits, columns: tuple[str, ...]) -> pd.DataFrame:
    """``visits`` checked: a DataFrame with ``columns`` and at least one row."""
    if not isinstance(visits, pd.DataFrame):
        raise ValueError(f"visits must be a pandas DataFrame; got {type(visits).__name__}")
    missing = [c for c in columns if c not in visits.columns]
    if missing:
        raise ValueError(f"visits lacks column(s) {missing}; it has {list(visits.columns)}")
    if visits.empty:
        raise ValueError("visits has no rows")
    return visits


def _categorical(visits: pd.DataFrame, column: str, values: tuple[str, ...]) -> pd.Categorical:
    """``visits[column]`` as a categorical of ``values``, in that order; a ValueError that
    names any other value (a missing one included)."""
    text = visits[column].astype(str)
    bad = sorted(set(text) - set(values))
    if bad or visits[column].isna().any():
        raise ValueError(f"{column} must be one of {values}; got {bad or 'missing values'}")
    return pd.Categorical(text, categories=list(values), ordered=True)


def _scheme_of(visits: pd.DataFrame) -> pd.Categorical:
    return _categorical(visits, "scheme", SCHEMES)


def _segment_of(visits: pd.DataFrame) -> pd.Categorical:
    return _categorical(visits, "segment", SEGMENTS)


def evening_totals(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per evening of a visits table (``restaurant_visits``), in date order.

    Args:
        visits: One row per party, with the columns ``evening``, ``scheme``,
            ``party_size``, ``bill_ron`` and ``tip_ron``.

    Returns:
        A DataFrame indexed by ``evening`` with columns ``scheme``, ``parties``,
        ``guests``, ``revenue_ron`` (the sum of the evening's bills) and ``tips_ron``.

    Raises:
        ValueError: if a column is missing, the table is empty, or one evening has parties
            under both schemes.
    """
    visits = _visits(visits, ("evening", "scheme", "party_size", "bill_ron", "tip_ron"))
    table = visits.assign(scheme=_scheme_of(visits))
    grouped = table.groupby("evening", sort=True)
    if (grouped["scheme"].nunique() > 1).any():
        raise ValueError("an evening cannot have parties under both schemes")
    totals = pd.DataFrame(
        {
            "scheme": grouped["scheme"].first(),
            "parties": grouped.size().astype(np.int64),
            "guests": grouped["party_size"].sum().astype(np.int64),
            "revenue_ron": grouped["bill_ron"].sum().astype(float),
            "tips_ron": grouped["tip_ron"].sum().astype(float),
        }
    )
    totals["scheme"] = pd.Categorical(totals["scheme"].astype(str), categories=list(SCHEMES))
    return totals


def compare_schemes(visits: pd.DataFrame) -> pd.DataFrame:
    """The evenings before the scheme beside the evenings after it.

    Revenue is compared per evening (the sum of an evening's bills, averaged over the
    scheme's evenings), so two periods of different lengths still compare; spend per head
    and the tip share divide sums (all bills by all guests, all tips by all bills), so a
    big party weighs more than a small one, as in the till.

    Args:
        visits: ``restaurant_visits``: one row per party, with the columns ``evening``,
            ``scheme``, ``party_size``, ``wait_minutes``, ``bill_ron`` and ``tip_ron``.

    Returns:
        A DataFrame indexed by scheme (``before``, then ``after``; a scheme without
        evenings is left out) with columns ``evenings``, ``guests_per_evening``,
        ``revenue_per_evening_ron``, ``revenue_sd_ron`` (standard deviation of revenue
        across its evenings: how much one evening swings), ``spend_per_head_ron``,
        ``tips_per_evening_ron``, ``tip_share`` (tips / bills) and ``mean_wait_minutes``
        (over parties).
    """
    visits = _visits(
        visits, ("evening", "scheme", "party_size", "wait_minutes", "bill_ron", "tip_ron")
    )
    totals = evening_totals(visits)
    nights = totals.groupby("scheme", observed=True)
    parties = visits.groupby(_scheme_of(visits), observed=True)
    table = pd.DataFrame(
        {
            "evenings": nights.size().astype(np.int64),
            "guests_per_evening": nights["guests"].mean(),
            "revenue_per_evening_ron": nights["revenue_ron"].mean(),
            "revenue_sd_ron": nights["revenue_ron"].std(),
            "spend_per_head_ron": nights["revenue_ron"].sum() / nights["guests"].sum(),
            "tips_per_evening_ron": nights["tips_ron"].mean(),
            "tip_share": nights["tips_ron"].sum() / nights["revenue_ron"].sum(),
            "mean_wait_minutes": parties["wait_minutes"].mean(),
        }
    )
    table.index = pd.Index([str(s) for s in table.index], name="scheme")
    return table


def visits_by_segment(visits: pd.DataFrame) -> pd.DataFrame:
    """Scorecard per segment of a visits table, in the shape of :attr:`Evening.by_segment`.

    Args:
        visits: One row per party, with the columns ``segment``, ``party_size``,
            ``wait_minutes``, ``bill_ron`` and ``tip_ron`` (select one scheme's rows first
            to see it alone).

    Returns:
        A DataFrame indexed by segment in ``SEGMENTS`` order, every segment present, with
        ``parties``, ``guests``, ``mean_wait_minutes`` and ``p90_wait_minutes`` (over
        parties; NaN without a party), ``spend_per_head_ron`` (bills / guests),
        ``revenue_ron`` and ``tip_share`` (tips / bills).
    """
    visits = _visits(visits, ("segment", "party_size", "wait_minutes", "bill_ron", "tip_ron"))
    grouped = visits.groupby(_segment_of(visits), observed=False)
    table = pd.DataFrame(
        {
            "parties": grouped.size().astype(np.int64),
            "guests": grouped["party_size"].sum().astype(np.int64),
            "mean_wait_minutes": grouped["wait_minutes"].mean(),
            "p90_wait_minutes": grouped["wait_minutes"].quantile(0.9),
            "revenue_ron": grouped["bill_ron"].sum().astype(float),
            "tips_ron": grouped["tip_ron"].sum().astype(float),
        }
    )
    table.index = pd.Index(list(SEGMENTS), name="segment")
    table.insert(
        4, "spend_per_head_ron", table["revenue_ron"] / table["guests"].where(table["guests"] > 0)
    )
    table["tip_share"] = table.pop("tips_ron") / table["revenue_ron"].where(
        table["revenue_ron"] > 0
    )
    return table


def wait_fairness(visits: pd.DataFrame) -> float:
    """:attr:`Evening.fairness` of a visits table: the best-served segment's mean time to
    order (``MENU_MINUTES`` plus its mean wait) over the worst-served one's; 1.0 is equal.

    Args:
        visits: One row per party, with the columns ``segment`` and ``wait_minutes``.

    Returns:
        A float in (0, 1].
    """
    visits = _visits(visits, ("segment", "wait_minutes"))
    return _fairness(pd.Series(_segment_of(visits), index=visits.index), visits["wait_minutes"])


def guests_and_spend(visits: pd.DataFrame) -> pd.DataFrame:
    """One period's guests per evening and spend per head, segment by segment: the table a
    mix/rate decomposition (:func:`mix_rate_decomposition`) starts from.

    Args:
        visits: One period's rows of a visits table (one row per party), with the columns
            ``evening``, ``segment``, ``party_size`` and ``bill_ron``.

    Returns:
        A DataFrame indexed by segment in ``SEGMENTS`` order with ``guests`` (the segment's
        guests per evening: its guests over the period's evenings) and
        ``spend_per_head_ron`` (its bills over its guests; NaN without a guest).
    """
    visits = _visits(visits, ("evening", "segment", "party_size", "bill_ron"))
    evenings = visits["evening"].nunique()
    grouped = visits.groupby(_segment_of(visits), observed=False)
    guests = grouped["party_size"].sum().astype(float)
    table = pd.DataFrame(
        {
            "guests": guests / evenings,
            "spend_per_head_ron": grouped["bill_ron"].sum() / guests.where(guests > 0),
        }
    )
    table.index = pd.Index(list(SEGMENTS), name="segment")
    return table


DECOMPOSITION_PARTS = ("volume", "mix", "rate")
"""The parts of :func:`mix_rate_decomposition`, in the order they are taken."""


def mix_rate_decomposition(before: pd.DataFrame, after: pd.DataFrame) -> pd.Series:
    """Split the change in revenue per evening into volume, mix and rate (price-volume-mix).

    With ``G`` guests per evening in all, ``m_s`` each segment's share of them and ``p_s``
    its spend per head, revenue per evening is ``G * sum(m_s * p_s)``. Going from before
    (0) to after (1), the parts are taken in a stated order, so that they add up exactly:

    - ``volume = (G1 - G0) * sum(m0 * p0)``: more or fewer guests, at the old mix and spend;
    - ``rate = G1 * sum(m0 * (p1 - p0))``: the new spend per head, at the old mix;
    - ``mix = G1 * sum((m1 - m0) * p1)``: the new mix, at the new spend per head;
    - ``total = volume + mix + rate``, the change in revenue per evening.

    The order is a convention: taking the mix at the old spend and the rate at the new mix
    gives slightly different parts (the same total). Example: 100 guests, half of them at
    40 and half at 100 RON, then 100 guests, 40% at 50 and 60% at 100: volume 0, rate
    +500, mix +500, total +1,000 (7,000 to 8,000 RON).

    Args:
        before, after: One row per segment (the same segments in both, any order), with
            columns ``guests`` (guests per evening) and ``spend_per_head_ron``, as
            :func:`guests_and_spend` gives; every segment with a guest needs a spend.

    Returns:
        A Series, RON per evening, indexed ``volume``, ``mix``, ``rate``, ``total``.

    Raises:
        ValueError: if a column is missing, the segments differ, a figure is negative or
            missing, or a period has no guests.
    """
    tables = {}
    for name, table in (("before", before), ("after", after)):
        if not isinstance(table, pd.DataFrame):
            raise ValueError(f"{name} must be a pandas DataFrame; got {type(table).__name__}")
        missing = [c for c in ("guests", "spend_per_head_ron") if c not in table.columns]
        if missing:
            raise ValueError(f"{name} lacks column(s) {missing}; it has {list(table.columns)}")
        guests = table["guests"].astype(float)
        spend = table["spend_per_head_ron"].astype(float).where(guests > 0, 0.0)
        if guests.isna().any() or spend.isna().any() or (guests < 0).any() or (spend < 0).any():
            raise ValueError(f"{name} must hold non-negative guests and spend for every segment")
        if guests.sum() <= 0:
            raise ValueError(f"{name} has no guests")
        tables[name] = (guests, spend)
    (g0, p0), (g1, p1) = tables["before"], tables["after"]
    if set(g0.index) != set(g1.index):
        raise ValueError(
            f"before and after must list the same segments; got {list(g0.index)} and "
            f"{list(g1.index)}"
        )
    g1, p1 = g1.reindex(g0.index), p1.reindex(g0.index)
    total0, total1 = g0.sum(), g1.sum()
    m0, m1 = g0 / total0, g1 / total1
    volume = (total1 - total0) * float((m0 * p0).sum())
    rate = total1 * float((m0 * (p1 - p0)).sum())
    mix = total1 * float(((m1 - m0) * p1).sum())
    return pd.Series(
        {"volume": volume, "mix": mix, "rate": rate, "total": volume + mix + rate},
        name="change_ron_per_evening",
    )


# ---------------------------------------------------------------------------------------------
# Gift budgets tried on the same guests
# ---------------------------------------------------------------------------------------------


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
