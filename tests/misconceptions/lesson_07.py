"""Lesson 07's misconceptions, each a submission that makes it in every exercise it can reach.

departments_alone: a firm judged by its departments' targets alone, so a month in which both
met theirs counts whatever the firm earned. It reaches exercise 1.

firms_not_months: firms counted instead of firm-months, so a firm that lived the story for
two months counts once. It reaches exercise 1.

revenue_for_every_goal: phase 2 called better by revenue when the firm's goal was profit. It
reaches exercise 2.

totals_not_averages: each phase's total compared, though the phases need not last the same
number of months. It reaches exercise 2.

firm_without_session: a firm named by its number alone, though each session numbers its
firms from 1. It reaches exercise 2.
"""

LESSON = "07-class-results"

_WON_AND_LOST_DEPARTMENTS_ALONE = """
def won_and_lost(results):
    met = targets_met(results)
    both = met["marketing_met"] & met["sales_met"]
    return {phase: int(both[results["phase"] == phase].sum()) for phase in (1, 2)}
"""

_WON_AND_LOST_FIRMS = """
def won_and_lost(results):
    met = targets_met(results)
    story = met["marketing_met"] & met["sales_met"] & ~met["company_met"]
    counts = {}
    for phase in (1, 2):
        rows = results[story & (results["phase"] == phase)]
        counts[phase] = len(rows.groupby(["session", "firm"]))
    return counts
"""


def _goal_change(figure: str, how: str = "mean", keys: str = '["session", "firm"]') -> str:
    return f"""
def goal_change(results):
    goals = results[results["phase"] == 2].groupby({keys})["common_goal"].first()
    changes = {{}}
    for key, goal in goals.items():
        column = {figure}
        names = {keys}
        parts = key if isinstance(key, tuple) else (key,)
        mine = results
        for name, part in zip(names, parts):
            mine = mine[mine[name] == part]
        by_phase = mine.groupby("phase")[column].{how}()
        changes[key] = by_phase[2] - by_phase[1]
    return pd.Series(changes)
"""


KINDS = {
    "departments_alone": {
        "answers": {"won_and_lost_answer": _WON_AND_LOST_DEPARTMENTS_ALONE},
        "zero": ["won_and_lost_visible", "won_and_lost_hidden"],
    },
    "firms_not_months": {
        "answers": {"won_and_lost_answer": _WON_AND_LOST_FIRMS},
        "zero": ["won_and_lost_hidden"],
    },
    "revenue_for_every_goal": {
        "answers": {"goal_change_answer": _goal_change('"revenue_eur"')},
        "zero": ["goal_change_visible", "goal_change_hidden"],
    },
    "totals_not_averages": {
        "answers": {
            "goal_change_answer": _goal_change(
                '"profit_eur" if goal == "profit" else "revenue_eur"', how="sum"
            )
        },
        "zero": ["goal_change_hidden"],
    },
    "firm_without_session": {
        "answers": {
            "goal_change_answer": _goal_change(
                '"profit_eur" if goal == "profit" else "revenue_eur"', keys='["firm"]'
            )
        },
        "zero": ["goal_change_hidden"],
    },
}
