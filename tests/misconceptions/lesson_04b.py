"""Lesson 04b's misconceptions (04b-the-claim), each a submission that makes it in every
exercise it can reach.

ratio_not_change: a relative change computed as after / before, without the - 1. It reaches
exercise 1 (revenue per evening), exercise 2 (spend per guest) and exercise 4 (the levers).

averaged_per_party: a mean over single parties where the lesson sums: revenue as the mean
bill per party (exercise 1), spend per guest as the mean of each party's bill per head
(exercise 2).

single_evening: before and after compared on one evening each (the first of each period).
Exercise 1.

totals_not_per_evening: the periods' total revenue compared, though they have different
numbers of evenings. Exercise 1.

both_at_old_figures: the rate taken at the old mix and the mix at the old spend, so the
interaction of the two changes is left out and the parts do not add up. Exercise 3.

after_mix_for_both: the rate taken at the new mix and the mix at the new spend, counting
the interaction twice. Exercise 3.

volume_left_out: no volume part; the rate and the mix taken on the old number of guests, as
if the guests never changed. Exercise 3.

levers_added: the levers' lifts added (more guests +x%, richer guests +y%) where they
multiply. Exercise 4.

shares_not_rescaled: a larger VIP share added on top of today's 30% students and 55%
standard guests, so the shares sum to more than 1. Exercise 4.
"""

LESSON = "04b-the-claim"

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


_MIX_RATE_OLD = """
def mix_rate(before, after):
    after = after.reindex(before.index)
    g0, g1 = before["guests"].sum(), after["guests"].sum()
    m0, m1 = before["guests"] / g0, after["guests"] / g1
    p0, p1 = before["spend_per_head_ron"], after["spend_per_head_ron"]
    volume = (g1 - g0) * (m0 * p0).sum()
    rate = g1 * (m0 * (p1 - p0)).sum()
    mix = g1 * ((m1 - m0) * p0).sum()
    return {"volume": float(volume), "mix": float(mix), "rate": float(rate)}
"""

_MIX_RATE_NEW = """
def mix_rate(before, after):
    after = after.reindex(before.index)
    g0, g1 = before["guests"].sum(), after["guests"].sum()
    m0, m1 = before["guests"] / g0, after["guests"] / g1
    p0, p1 = before["spend_per_head_ron"], after["spend_per_head_ron"]
    volume = (g1 - g0) * (m0 * p0).sum()
    rate = g1 * (m1 * (p1 - p0)).sum()
    mix = g1 * ((m1 - m0) * p1).sum()
    return {"volume": float(volume), "mix": float(mix), "rate": float(rate)}
"""

_MIX_RATE_NO_VOLUME = """
def mix_rate(before, after):
    after = after.reindex(before.index)
    g0, g1 = before["guests"].sum(), after["guests"].sum()
    m0, m1 = before["guests"] / g0, after["guests"] / g1
    p0, p1 = before["spend_per_head_ron"], after["spend_per_head_ron"]
    rate = g0 * (m0 * (p1 - p0)).sum()
    mix = g0 * ((m1 - m0) * p1).sum()
    return {"volume": 0.0, "mix": float(mix), "rate": float(rate)}
"""

_LIFT_RATIO = """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    def per_evening(guests, share, spend):
        rest = 1 - share
        return guests * (rest * 30 / 85 * 60 + rest * 55 / 85 * 110 + share * spend)

    return per_evening(guests_per_evening, vip_share, vip_spend_ron) / per_evening(140, 0.15, 300)
"""

_LIFT_ADDED = """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    rest = 1 - vip_share
    per_guest = rest * 30 / 85 * 60 + rest * 55 / 85 * 110 + vip_share * vip_spend_ron
    return (guests_per_evening / 140 - 1) + (per_guest / 123.5 - 1)
"""

_LIFT_NOT_RESCALED = """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    per_guest = 0.30 * 60 + 0.55 * 110 + vip_share * vip_spend_ron
    return guests_per_evening * per_guest / (140 * 123.5) - 1
"""

_EXERCISE_1 = ["revenue_change_visible", "revenue_change_hidden"]
_EXERCISE_2 = ["spend_per_head_change_visible", "spend_per_head_change_hidden"]
_EXERCISE_3 = ["mix_rate_visible", "mix_rate_hidden"]
_EXERCISE_4 = ["revenue_lift_visible", "revenue_lift_hidden"]

KINDS = {
    "ratio_not_change": {
        "answers": {
            "revenue_change_answer": _REVENUE_RATIO,
            "spend_per_head_change_answer": _SPEND_RATIO,
            "revenue_lift_answer": _LIFT_RATIO,
        },
        "zero": _EXERCISE_1 + _EXERCISE_2 + _EXERCISE_4,
    },
    "averaged_per_party": {
        "answers": {
            "revenue_change_answer": _REVENUE_PER_PARTY,
            "spend_per_head_change_answer": _SPEND_PER_PARTY,
        },
        "zero": _EXERCISE_1 + _EXERCISE_2,
    },
    "single_evening": {
        "answers": {"revenue_change_answer": _REVENUE_SINGLE_EVENING},
        "zero": _EXERCISE_1,
    },
    "totals_not_per_evening": {
        "answers": {"revenue_change_answer": _REVENUE_TOTALS},
        "zero": _EXERCISE_1,
    },
    "both_at_old_figures": {
        "answers": {"mix_rate_answer": _MIX_RATE_OLD},
        "zero": _EXERCISE_3,
    },
    "after_mix_for_both": {
        "answers": {"mix_rate_answer": _MIX_RATE_NEW},
        "zero": _EXERCISE_3,
    },
    "volume_left_out": {
        "answers": {"mix_rate_answer": _MIX_RATE_NO_VOLUME},
        "zero": _EXERCISE_3,
    },
    "levers_added": {
        "answers": {"revenue_lift_answer": _LIFT_ADDED},
        "zero": _EXERCISE_4,
    },
    "shares_not_rescaled": {
        "answers": {"revenue_lift_answer": _LIFT_NOT_RESCALED},
        "zero": _EXERCISE_4,
    },
}
