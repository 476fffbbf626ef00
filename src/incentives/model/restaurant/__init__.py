"""The restaurant cloakroom: guest segments from ticket numbers, and one evening of service.

The article's second story (the restaurant cloakroom case): a cloakroom attendant sorts
guests into students, standard guests and VIPs by the number of the coat ticket she hands
out, and the waiters, who see the ticket, serve VIPs first and bring them a small gift. The
article reports sales up by 150%. This package lets a lesson examine that claim: what would
have to be true, inside a model with stated assumptions, for revenue to rise so much.

    from incentives.model.restaurant import segment_for_tickets, try_scheme
    segment_for_tickets([40, 80], boundary="lower")     # student, standard
    try_scheme(seed=1, gift_budget_ron=600).revenue_change

One module per idea, every public name importable from here:

- ``segments``: the ticket ranges (:class:`SegmentRanges`) and the segment of each ticket.
  The article's ranges (students 1-40, standard 40-80, VIP 80-100) share the tickets 40
  and 80, so every lookup must say which segment a shared ticket belongs to:
  ``boundary="lower"`` (40 is a student, 80 standard) or ``boundary="upper"`` (40 is
  standard, 80 VIP). There is no default on purpose.
- ``evening``: :func:`simulate_evening` seats parties one by one as waiters become free, in
  queue order or VIPs first, and returns every party's wait, bill, gift and tip.
- ``scheme``: :func:`try_scheme`, the attendant's scheme against queue order on the same
  guests, and :func:`gift_budget_trials`.
- ``levers``: what would have to be true for the +150%. :func:`lift_from_levers` and
  :func:`guests_needed_for_lift` say which combinations of guests per evening, share of
  VIPs and VIP spend give a lift; :func:`needed_vip_spend_for_lift` gives the VIP spend
  per head that would raise revenue per guest by +150% on its own (about 1,535 RON
  instead of 300).
- ``visits``: the sample visits (``restaurant_visits``) totalled by evening, the schemes
  compared, each segment scored, and :func:`mix_rate_decomposition`, which splits a change
  in revenue per evening into volume, mix and rate.
- ``arguments``: the checks of the functions' arguments.

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

from incentives.data import SEGMENTS
from incentives.model.restaurant.evening import (
    ARRIVAL_PEAK_MINUTE,
    ARRIVAL_WINDOW_MINUTES,
    DEFAULT_SHARES,
    DEFAULT_SPEND_PER_HEAD_RON,
    MENU_MINUTES,
    PARTY_SIZE_PROBABILITIES,
    PARTY_SIZES,
    POLICIES,
    SERVICE_TIME_SHAPE,
    SPEND_SPREAD,
    STROHMETZ_TIP_LIFT,
    TIP_PROBABILITIES,
    TIP_SHARES,
    Evening,
    shares_with_vip,
    simulate_evening,
)
from incentives.model.restaurant.levers import (
    ARTICLE_LIFT,
    DEFAULT_GUESTS_PER_EVENING,
    SEATS,
    guests_needed_for_lift,
    lift_from_levers,
    needed_vip_spend_for_lift,
    revenue_per_evening_from_levers,
    revenue_per_guest_ron,
    seat_turns,
)
from incentives.model.restaurant.scheme import (
    BASELINE_POLICY,
    SchemeTrial,
    clear_evening_cache,
    gift_budget_trials,
    try_scheme,
)
from incentives.model.restaurant.segments import (
    BOUNDARIES,
    DEFAULT_RANGES,
    SEGMENT_DTYPE,
    SegmentRanges,
    segment_for_tickets,
    ticket_range,
)
from incentives.model.restaurant.visits import (
    DECOMPOSITION_PARTS,
    SCHEMES,
    compare_schemes,
    evening_totals,
    guests_and_spend,
    mix_rate_decomposition,
    visits_by_segment,
    wait_fairness,
)

__all__ = [
    "ARRIVAL_PEAK_MINUTE",
    "ARRIVAL_WINDOW_MINUTES",
    "ARTICLE_LIFT",
    "BASELINE_POLICY",
    "BOUNDARIES",
    "DECOMPOSITION_PARTS",
    "DEFAULT_GUESTS_PER_EVENING",
    "DEFAULT_RANGES",
    "DEFAULT_SHARES",
    "DEFAULT_SPEND_PER_HEAD_RON",
    "MENU_MINUTES",
    "PARTY_SIZES",
    "PARTY_SIZE_PROBABILITIES",
    "POLICIES",
    "SCHEMES",
    "SEATS",
    "SEGMENTS",
    "SEGMENT_DTYPE",
    "SERVICE_TIME_SHAPE",
    "SPEND_SPREAD",
    "STROHMETZ_TIP_LIFT",
    "TIP_PROBABILITIES",
    "TIP_SHARES",
    "Evening",
    "SchemeTrial",
    "SegmentRanges",
    "clear_evening_cache",
    "compare_schemes",
    "evening_totals",
    "gift_budget_trials",
    "guests_and_spend",
    "guests_needed_for_lift",
    "lift_from_levers",
    "mix_rate_decomposition",
    "needed_vip_spend_for_lift",
    "revenue_per_evening_from_levers",
    "revenue_per_guest_ron",
    "seat_turns",
    "segment_for_tickets",
    "shares_with_vip",
    "simulate_evening",
    "ticket_range",
    "try_scheme",
    "visits_by_segment",
    "wait_fairness",
]
