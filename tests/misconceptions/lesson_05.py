"""Lesson 05's misconceptions, each a submission that makes it in every exercise it can reach.

revenue_as_profit: revenue taken for profit, so the cost of the goods is ignored. It reaches
exercise 1 (the spend with the most revenue after ads and sales pay), exercise 2 (a campaign
kept when its revenue, not its gross margin, is above its ads) and exercise 4 (the design
with the most revenue among those that meet every target).

targets_ignored: the leader's first condition dropped, so the most profitable design is
chosen whoever misses a target. It reaches exercise 4.

campaign_cost_slips_through: the ads left out of profit, as a revenue goal leaves them out.
It reaches exercise 1 (the spend with the most gross margin after sales pay) and exercise 2
(every campaign with some gross margin kept).

margin_rate_as_eur: the margin rate (a share) compared with euros of ad spend, as if it were
the gross margin in EUR. It reaches exercise 2 (no campaign is ever kept).

cost_per_lead: a spend level or a campaign judged by its cost per lead, the figure
marketing was paid on. It reaches exercise 1 (the spend with the cheapest leads) and
exercise 2 (campaigns kept when their leads cost at most Company X's EUR 20 target).

weights_swapped: marketing's blended score with ``own_weight`` on the company figure and
``1 - own_weight`` on its own metrics. It reaches exercise 3.
"""

LESSON = "05-common-criteria"

_CHOSEN_SPEND_REVENUE_AS_PROFIT = """
def chosen_spend(levels, goal):
    ordered = levels.sort_values("ad_spend_eur", kind="stable")
    if goal == "revenue":
        figure = ordered["revenue_eur"]
    else:
        figure = ordered["revenue_eur"] - ordered["sales_pay_eur"] - ordered["ad_spend_eur"]
    return float(ordered.loc[figure.idxmax(), "ad_spend_eur"])
"""

_GOAL_KEEPS_REVENUE_AS_PROFIT = """
def goal_keeps(campaigns, goal):
    if goal == "revenue":
        kept = campaigns["revenue_eur"] > 0
    else:
        kept = campaigns["revenue_eur"] > campaigns["ad_spend_eur"]
    return sorted(str(name) for name in campaigns.index[kept])
"""

_LEADER_CHOICE_REVENUE_AS_PROFIT = """
def leader_choice(designs):
    meets = designs["marketing_met"] & designs["sales_met"] & designs["company_met"]
    meeting = designs[meets.astype(bool)]
    if meeting.empty:
        return None
    return meeting["revenue_eur"].idxmax()
"""

_LEADER_CHOICE_TARGETS_IGNORED = """
def leader_choice(designs):
    if designs.empty:
        return None
    return designs["profit_eur"].idxmax()
"""

_CHOSEN_SPEND_WITHOUT_ADS = """
def chosen_spend(levels, goal):
    ordered = levels.sort_values("ad_spend_eur", kind="stable")
    if goal == "revenue":
        figure = ordered["revenue_eur"]
    else:
        figure = ordered["gross_margin_eur"] - ordered["sales_pay_eur"]
    return float(ordered.loc[figure.idxmax(), "ad_spend_eur"])
"""

_GOAL_KEEPS_WITHOUT_ADS = """
def goal_keeps(campaigns, goal):
    if goal == "revenue":
        kept = campaigns["revenue_eur"] > 0
    else:
        kept = campaigns["revenue_eur"] * campaigns["margin_rate"] > 0
    return sorted(str(name) for name in campaigns.index[kept])
"""

_GOAL_KEEPS_MARGIN_RATE_AS_EUR = """
def goal_keeps(campaigns, goal):
    if goal == "revenue":
        kept = campaigns["revenue_eur"] > 0
    else:
        kept = campaigns["margin_rate"] > campaigns["ad_spend_eur"]
    return sorted(str(name) for name in campaigns.index[kept])
"""

_CHOSEN_SPEND_CHEAPEST_LEADS = """
def chosen_spend(levels, goal):
    ordered = levels.sort_values("ad_spend_eur", kind="stable")
    if goal == "revenue":
        return float(ordered.loc[ordered["revenue_eur"].idxmax(), "ad_spend_eur"])
    cost_per_lead = ordered["ad_spend_eur"] / ordered["leads"]
    return float(ordered.loc[cost_per_lead.idxmin(), "ad_spend_eur"])
"""

_GOAL_KEEPS_CHEAP_LEADS = """
def goal_keeps(campaigns, goal):
    if goal == "revenue":
        kept = campaigns["revenue_eur"] > 0
    else:
        kept = campaigns["ad_spend_eur"] / campaigns["leads"] <= 20
    return sorted(str(name) for name in campaigns.index[kept])
"""

_MARKETING_SCORE_SWAPPED = """
def marketing_score(options, own_weight, goal, targets):
    own = (
        options["leads"] / targets["leads"]
        - options["cost_per_lead_eur"] / targets["cost_per_lead_eur"]
    )
    figure = options[f"{goal}_eur"] / targets[f"{goal}_eur"]
    return (1 - own_weight) * own + own_weight * figure
"""

KINDS = {
    "revenue_as_profit": {
        "answers": {
            "chosen_spend_answer": _CHOSEN_SPEND_REVENUE_AS_PROFIT,
            "goal_keeps_answer": _GOAL_KEEPS_REVENUE_AS_PROFIT,
            "leader_choice_answer": _LEADER_CHOICE_REVENUE_AS_PROFIT,
        },
        "zero": [
            "chosen_spend_visible",
            "chosen_spend_hidden",
            "goal_keeps_visible",
            "goal_keeps_hidden",
            "leader_choice_visible",
            "leader_choice_hidden",
        ],
    },
    "campaign_cost_slips_through": {
        "answers": {
            "chosen_spend_answer": _CHOSEN_SPEND_WITHOUT_ADS,
            "goal_keeps_answer": _GOAL_KEEPS_WITHOUT_ADS,
        },
        "zero": [
            "chosen_spend_visible",
            "chosen_spend_hidden",
            "goal_keeps_visible",
            "goal_keeps_hidden",
        ],
    },
    "margin_rate_as_eur": {
        "answers": {"goal_keeps_answer": _GOAL_KEEPS_MARGIN_RATE_AS_EUR},
        "zero": ["goal_keeps_visible", "goal_keeps_hidden"],
    },
    "cost_per_lead": {
        "answers": {
            "chosen_spend_answer": _CHOSEN_SPEND_CHEAPEST_LEADS,
            "goal_keeps_answer": _GOAL_KEEPS_CHEAP_LEADS,
        },
        "zero": [
            "chosen_spend_visible",
            "chosen_spend_hidden",
            "goal_keeps_visible",
            "goal_keeps_hidden",
        ],
    },
    "targets_ignored": {
        "answers": {"leader_choice_answer": _LEADER_CHOICE_TARGETS_IGNORED},
        "zero": ["leader_choice_visible", "leader_choice_hidden"],
    },
    "weights_swapped": {
        "answers": {"marketing_score_answer": _MARKETING_SCORE_SWAPPED},
        "zero": ["marketing_score_visible", "marketing_score_hidden"],
    },
}
