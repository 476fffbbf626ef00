"""Lesson 04c's misconceptions (04c-gifts), each a submission that makes it in every
exercise it can reach.

averaged_per_party: the tip share as the mean of each party's own share, where the lesson
divides the group's tips by its bills. Exercise 1.

judged_by_revenue: the gift budget chosen by the revenue it brings, not by the profit left
after the gifts and the food. Exercise 2.
"""

LESSON = "04c-gifts"

_TIPS_PER_PARTY = """
def tip_share_by(visits, column):
    own_share = visits["tip_ron"] / visits["bill_ron"]
    return own_share.groupby(visits[column], observed=True).mean()
"""

_BUDGET_BY_REVENUE = """
def best_gift_budget(trials, food_cost_share):
    mean_revenue = trials.groupby("gift_budget_ron")["extra_revenue_ron"].mean()
    return mean_revenue.idxmax()
"""

_EXERCISE_1 = ["tip_share_by_visible", "tip_share_by_hidden"]
_EXERCISE_2 = ["best_gift_budget_visible", "best_gift_budget_hidden"]

KINDS = {
    "averaged_per_party": {
        "answers": {"tip_share_by_answer": _TIPS_PER_PARTY},
        "zero": _EXERCISE_1,
    },
    "judged_by_revenue": {
        "answers": {"best_gift_budget_answer": _BUDGET_BY_REVENUE},
        "zero": _EXERCISE_2,
    },
}
