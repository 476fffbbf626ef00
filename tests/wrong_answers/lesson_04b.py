"""Wrong answers to lesson 04b's exercises (04b-the-claim): each must fail the hidden tests,
and for each exercise at least one passes the visible test alone.

revenue_change_answer: constant_one_sixth (the visible table's answer, a guessed constant);
ratio_not_change (after / before without the - 1); averaged_per_party (the mean bill).
spend_per_head_change_answer: visible_table_only (the visible table's two changes, typed);
ratio_not_change.
mix_rate_answer: other_order (the mix at the old spend, the rate at the new mix: adds up,
but not the stated convention); visible_table_only (the visible table's parts, typed);
both_at_old_figures (the parts leave a gap).
revenue_lift_answer: ignores_vip_spend (the VIP spend stays at RON 300 whatever is asked);
levers_added (the lifts added where they multiply); guessed_constant (+150%).
"""

LESSON = "04b-the-claim"

_MIX_RATE = """
def mix_rate(before, after):
    after = after.reindex(before.index)
    g0, g1 = before["guests"].sum(), after["guests"].sum()
    m0, m1 = before["guests"] / g0, after["guests"] / g1
    p0, p1 = before["spend_per_head_ron"], after["spend_per_head_ron"]
    volume = (g1 - g0) * (m0 * p0).sum()
    rate = g1 * ({rate_mix} * (p1 - p0)).sum()
    mix = g1 * ((m1 - m0) * {mix_spend}).sum()
    return {{"volume": float(volume), "mix": float(mix), "rate": float(rate)}}
"""

WRONG = {
    "revenue_change_answer": {
        "constant_one_sixth": """
def revenue_change(visits):
    return 1 / 6
""",
        "ratio_not_change": """
def revenue_change(visits):
    per_evening = visits.groupby(["scheme", "evening"], observed=True)["bill_ron"].sum()
    mean = per_evening.groupby(level="scheme", observed=True).mean()
    return float(mean["after"] / mean["before"])
""",
        "averaged_per_party": """
def revenue_change(visits):
    mean = visits.groupby("scheme", observed=True)["bill_ron"].mean()
    return float(mean["after"] / mean["before"] - 1)
""",
    },
    "spend_per_head_change_answer": {
        "visible_table_only": """
import pandas as pd


def spend_per_head_change(visits):
    return pd.Series({"vip": 0.2, "student": -0.075})
""",
        "ratio_not_change": """
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
""",
    },
    "mix_rate_answer": {
        "other_order": _MIX_RATE.format(rate_mix="m1", mix_spend="p0"),
        "both_at_old_figures": _MIX_RATE.format(rate_mix="m0", mix_spend="p0"),
        "visible_table_only": """
def mix_rate(before, after):
    return {"volume": 400.0, "mix": 600.0, "rate": 300.0}
""",
    },
    "revenue_lift_answer": {
        "ignores_vip_spend": """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    rest = 1 - vip_share
    per_guest = rest * 30 / 85 * 60 + rest * 55 / 85 * 110 + vip_share * 300
    return guests_per_evening * per_guest / (140 * 123.5) - 1
""",
        "levers_added": """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    rest = 1 - vip_share
    per_guest = rest * 30 / 85 * 60 + rest * 55 / 85 * 110 + vip_share * vip_spend_ron
    return (guests_per_evening / 140 - 1) + (per_guest / 123.5 - 1)
""",
        "guessed_constant": """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    return 1.5
""",
    },
}
