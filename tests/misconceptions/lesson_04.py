"""Lesson 04's misconceptions, each a submission that makes it in every exercise it can reach.

shared_ticket_upper: the shared tickets 40 and 80 given to the upper segment (the other
convention, `< 40` and `< 80`), against the lesson's stated "lower" convention. Exercise 1.

shared_ticket_in_both: each range tested on its own with both edges included, so tickets 40
and 80 are counted in two segments (the list grows). Exercise 1.

shared_ticket_in_neither: both edges excluded (`40 < ticket < 80`), so tickets 40 and 80
fall into no segment (the list shrinks). Exercise 1.

ratio_not_change: a relative change computed as after / before, without the - 1. It reaches
exercise 2 (revenue per evening) and exercise 4 (spend per guest).

averaged_per_party: a mean over single parties where the lesson sums: revenue as the mean
bill per party (exercise 2), spend per guest as the mean of each party's bill per head
(exercise 4), and the tip share as the mean of each party's own share (exercise 5).

single_evening: before and after compared on one evening each (the first of each period).
Exercise 2.

totals_not_per_evening: the periods' total revenue compared, though they have different
numbers of evenings. Exercise 2.

scaled_vip_spend_only: the VIP spend a lift needs taken as today's VIP spend times
(1 + lift), as if VIPs were every guest. Exercise 3.

judged_by_revenue: the gift budget chosen by the revenue it brings, not by the profit left
after the gifts and the food. Exercise 6.
"""

LESSON = "04-cloakroom"

_SEGMENTS_UPPER = """
def segment_tickets(tickets):
    segments = []
    for ticket in tickets:
        if ticket < 40:
            segments.append("student")
        elif ticket < 80:
            segments.append("standard")
        else:
            segments.append("vip")
    return segments
"""

_SEGMENTS_BOTH = """
def segment_tickets(tickets):
    segments = []
    for ticket in tickets:
        if 1 <= ticket <= 40:
            segments.append("student")
        if 40 <= ticket <= 80:
            segments.append("standard")
        if 80 <= ticket <= 100:
            segments.append("vip")
    return segments
"""

_SEGMENTS_NEITHER = """
def segment_tickets(tickets):
    segments = []
    for ticket in tickets:
        if ticket < 40:
            segments.append("student")
        elif 40 < ticket < 80:
            segments.append("standard")
        elif ticket > 80:
            segments.append("vip")
    return segments
"""

_REVENUE_RATIO = """
def revenue_change(visits):
    per_evening = visits.groupby(["scheme", "evening"], observed=True)["bill_ron"].sum()
    mean = per_evening.groupby(level="scheme", observed=True).mean()
    return float(mean["after"] / mean["before"])
"""

_SPEND_RATIO = """
import pandas as pd


def spend_per_head_change(visits):
    changes = {}
    for segment in visits["segment"].unique():
        rows = visits[visits["segment"] == segment]
        per_head = {}
        for scheme in ("before", "after"):
            period = rows[rows["scheme"] == scheme]
            per_head[scheme] = period["bill_ron"].sum() / period["party_size"].sum()
        changes[str(segment)] = float(per_head["after"] / per_head["before"])
    return pd.Series(changes)
"""

_REVENUE_PER_PARTY = """
def revenue_change(visits):
    mean = visits.groupby("scheme", observed=True)["bill_ron"].mean()
    return float(mean["after"] / mean["before"] - 1)
"""

_SPEND_PER_PARTY = """
import pandas as pd


def spend_per_head_change(visits):
    per_head = visits["bill_ron"] / visits["party_size"]
    mean = per_head.groupby([visits["segment"], visits["scheme"]], observed=True).mean()
    changes = {}
    for segment in visits["segment"].unique():
        changes[str(segment)] = float(mean[(segment, "after")] / mean[(segment, "before")] - 1)
    return pd.Series(changes)
"""

_TIPS_PER_PARTY = """
def tip_share_by(visits, column):
    own_share = visits["tip_ron"] / visits["bill_ron"]
    return own_share.groupby(visits[column], observed=True).mean()
"""

_REVENUE_SINGLE_EVENING = """
def revenue_change(visits):
    per_evening = visits.groupby(["scheme", "evening"], observed=True)["bill_ron"].sum()
    first = per_evening.groupby(level="scheme", observed=True).first()
    return float(first["after"] / first["before"] - 1)
"""

_REVENUE_TOTALS = """
def revenue_change(visits):
    total = visits.groupby("scheme", observed=True)["bill_ron"].sum()
    return float(total["after"] / total["before"] - 1)
"""

_VIP_SCALED = """
def vip_spend_needed(lift, shares, spend_per_head_ron):
    return float((1 + lift) * spend_per_head_ron["vip"])
"""

_BUDGET_BY_REVENUE = """
BUDGETS_RON = [0, 300, 600, 900, 1_200, 1_500]

mean_revenue_change = {}
for budget in BUDGETS_RON:
    changes = []
    for evening in range(1, 11):
        lab.settings = {"evening": evening, "policy": "vip_first", "gift_budget_ron": budget}
        changes.append(lab.revenue_change)
    mean_revenue_change[budget] = sum(changes) / len(changes)
best_gift_budget_ron = max(mean_revenue_change, key=mean_revenue_change.get)
"""

_EXERCISE_1 = ["segment_tickets_visible", "segment_tickets_hidden"]
_EXERCISE_2 = ["revenue_change_visible", "revenue_change_hidden"]
_EXERCISE_3 = ["vip_spend_needed_visible", "vip_spend_needed_hidden"]
_EXERCISE_4 = ["spend_per_head_change_visible", "spend_per_head_change_hidden"]
_EXERCISE_5 = ["tip_share_by_visible", "tip_share_by_hidden"]
_EXERCISE_6 = ["best_gift_budget_visible", "best_gift_budget_hidden"]

KINDS = {
    "shared_ticket_upper": {
        "answers": {"segment_tickets_answer": _SEGMENTS_UPPER},
        "zero": _EXERCISE_1,
    },
    "shared_ticket_in_both": {
        "answers": {"segment_tickets_answer": _SEGMENTS_BOTH},
        "zero": _EXERCISE_1,
    },
    "shared_ticket_in_neither": {
        "answers": {"segment_tickets_answer": _SEGMENTS_NEITHER},
        "zero": _EXERCISE_1,
    },
    "ratio_not_change": {
        "answers": {
            "revenue_change_answer": _REVENUE_RATIO,
            "spend_per_head_change_answer": _SPEND_RATIO,
        },
        "zero": _EXERCISE_2 + _EXERCISE_4,
    },
    "averaged_per_party": {
        "answers": {
            "revenue_change_answer": _REVENUE_PER_PARTY,
            "spend_per_head_change_answer": _SPEND_PER_PARTY,
            "tip_share_by_answer": _TIPS_PER_PARTY,
        },
        "zero": _EXERCISE_2 + _EXERCISE_4 + _EXERCISE_5,
    },
    "single_evening": {
        "answers": {"revenue_change_answer": _REVENUE_SINGLE_EVENING},
        "zero": _EXERCISE_2,
    },
    "totals_not_per_evening": {
        "answers": {"revenue_change_answer": _REVENUE_TOTALS},
        "zero": _EXERCISE_2,
    },
    "scaled_vip_spend_only": {
        "answers": {"vip_spend_needed_answer": _VIP_SCALED},
        "zero": _EXERCISE_3,
    },
    "judged_by_revenue": {
        "answers": {"best_gift_budget_answer": _BUDGET_BY_REVENUE},
        "zero": _EXERCISE_6,
    },
}
