"""Lesson 04c's misconceptions (04c-gifts), each a submission that makes it in every
exercise it can reach.

scaled_vip_spend_only: the VIP spend a lift needs taken as today's VIP spend times
(1 + lift), as if VIPs were every guest. Exercise 1.

averaged_per_party: the tip share as the mean of each party's own share, where the lesson
divides the group's tips by its bills. Exercise 2.

judged_by_revenue: the gift budget chosen by the revenue it brings, not by the profit left
after the gifts and the food. Exercise 3.
"""

LESSON = "04c-gifts"

_TIPS_PER_PARTY = """
def tip_share_by(visits, column):
    own_share = visits["tip_ron"] / visits["bill_ron"]
    return own_share.groupby(visits[column], observed=True).mean()
"""

_VIP_SCALED = """
def vip_spend_needed(lift, shares, spend_per_head_ron):
    return float((1 + lift) * spend_per_head_ron["vip"])
"""

_BUDGET_BY_REVENUE = """
def best_gift_budget(trials, food_cost_share):
    mean_revenue = trials.groupby("gift_budget_ron")["extra_revenue_ron"].mean()
    return mean_revenue.idxmax()
"""

_EXERCISE_1 = ["vip_spend_needed_visible", "vip_spend_needed_hidden"]
_EXERCISE_2 = ["tip_share_by_visible", "tip_share_by_hidden"]
_EXERCISE_3 = ["best_gift_budget_visible", "best_gift_budget_hidden"]

KINDS = {
    "scaled_vip_spend_only": {
        "answers": {"vip_spend_needed_answer": _VIP_SCALED},
        "zero": _EXERCISE_1,
    },
    "averaged_per_party": {
        "answers": {"tip_share_by_answer": _TIPS_PER_PARTY},
        "zero": _EXERCISE_2,
    },
    "judged_by_revenue": {
        "answers": {"best_gift_budget_answer": _BUDGET_BY_REVENUE},
        "zero": _EXERCISE_3,
    },
}
