"""Wrong answers to lesson 04c's exercises (04c-gifts): each must fail the hidden tests, and
for each exercise at least one passes the visible test alone.

vip_spend_needed_answer: visible_case_only (RON 555, the visible case's answer).
tip_share_by_answer: visible_table_only (the visible table's two shares, typed).
best_gift_budget_answer: ignores_food_cost (profit without the food the extra sales cost);
guessed_constant (RON 500, the visible table's best budget); judged_by_revenue (the budget
with the most revenue).

The lesson's misconceptions (tests/misconceptions/) are wrong answers too: the harness adds
them, so they are not listed again here.
"""

LESSON = "04c-gifts"

WRONG = {
    "vip_spend_needed_answer": {
        "visible_case_only": """
def vip_spend_needed(lift, shares, spend_per_head_ron):
    return 555.0
""",
    },
    "tip_share_by_answer": {
        "visible_table_only": """
import pandas as pd


def tip_share_by(visits, column):
    return pd.Series({True: 0.08, False: 0.0625})
""",
    },
    "best_gift_budget_answer": {
        "ignores_food_cost": """
def best_gift_budget(trials, food_cost_share):
    profit = trials["extra_revenue_ron"] - trials["gift_cost_ron"]
    return profit.groupby(trials["gift_budget_ron"]).mean().idxmax()
""",
        "guessed_constant": """
def best_gift_budget(trials, food_cost_share):
    return 500
""",
        "judged_by_revenue": """
def best_gift_budget(trials, food_cost_share):
    return trials.groupby("gift_budget_ron")["extra_revenue_ron"].mean().idxmax()
""",
    },
}
