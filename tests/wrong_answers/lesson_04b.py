"""Wrong answers to lesson 04b's exercises (04b-the-claim): each must fail the hidden tests,
and for each exercise at least one passes the visible test alone.

revenue_change_answer: constant_one_sixth (the visible table's answer, a guessed constant).
spend_per_head_change_answer: visible_table_only (the visible table's two changes, typed).
mix_rate_answer: other_order (the mix at the old spend, the rate at the new mix: adds up,
but not the stated convention); visible_table_only (the visible table's parts, typed).
revenue_lift_answer: ignores_vip_spend (the VIP spend stays at RON 300 whatever is asked);
guessed_constant (+150%).

The lesson's misconceptions (tests/misconceptions/) are wrong answers too: the harness adds
them, so they are not listed again here.
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
    },
    "spend_per_head_change_answer": {
        "visible_table_only": """
import pandas as pd


def spend_per_head_change(visits):
    return pd.Series({"vip": 0.2, "student": -0.075})
""",
    },
    "mix_rate_answer": {
        "other_order": _MIX_RATE.format(rate_mix="m1", mix_spend="p0"),
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
        "guessed_constant": """
def revenue_lift(guests_per_evening, vip_share, vip_spend_ron):
    return 1.5
""",
    },
}
