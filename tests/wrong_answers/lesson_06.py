"""Wrong answers to lesson 06's exercises, each one the hidden tests must reject.

category_funnel (exercise 1): rounded (the prompt says not to round: passes the visible
test's range and misconception checks), Velora's own figures typed in (right on the lesson's
leads only), the cost per lead for the cost per won deal, a guessed constant table.

campaign_to_grow (exercise 2): the most won deals and the highest close rate (both pass the
visible test, whose table they get wrong in no checked way), each of Velora's campaign ids
as a constant (Velora's answer among them: right on the lesson's leads only), the cheapest
leads, the most gross profit per lead.

choose_plan (exercise 3): every plan and rate of the lesson's grid at today's budget as a
constant (the one Velora's options call for is right on the lesson's table only and passes
the visible test), the pay promise read as "more than" (passes the visible test), the
lowest pay that keeps the promise.

The lesson's misconceptions (tests/misconceptions/) are wrong answers too: the harness adds
them, so they are not listed again here.
"""

LESSON = "06-capstone"

_SOLUTION_FUNNEL = """
def category_funnel(leads):
    table = leads.assign(is_won=leads["outcome"] == "won")
    by_category = table.groupby("category", observed=True).agg(
        leads=("is_won", "size"), won=("is_won", "sum"), ad_spend_eur=("cost_eur", "sum")
    )
    by_category["close_rate"] = by_category["won"] / by_category["leads"]
    by_category["cost_per_won_deal_eur"] = by_category["ad_spend_eur"] / by_category["won"]
    return by_category[["leads", "won", "close_rate", "cost_per_won_deal_eur"]]{tail}
"""

_FUNNEL = {
    "rounded_to_two_decimals": _SOLUTION_FUNNEL.format(tail=".round(2)"),
    "right_on_the_lessons_leads_only": """
import pandas as pd


def category_funnel(leads):
    return pd.DataFrame(
        {
            "leads": [1200, 1260],
            "won": [180, 643],
            "close_rate": [0.15, 643 / 1260],
            "cost_per_won_deal_eur": [244.987, 19.129],
        },
        index=["bike", "service"],
    )
""",
    "cost_per_lead_for_cost_per_won_deal": """
def category_funnel(leads):
    table = leads.assign(is_won=leads["outcome"] == "won")
    by_category = table.groupby("category", observed=True).agg(
        leads=("is_won", "size"), won=("is_won", "sum"), ad_spend_eur=("cost_eur", "sum")
    )
    by_category["close_rate"] = by_category["won"] / by_category["leads"]
    by_category["cost_per_won_deal_eur"] = by_category["ad_spend_eur"] / by_category["leads"]
    return by_category[["leads", "won", "close_rate", "cost_per_won_deal_eur"]]
""",
    "guessed_constant": """
import pandas as pd


def category_funnel(leads):
    return pd.DataFrame(
        {
            "leads": [1, 1],
            "won": [1, 1],
            "close_rate": [0.3, 0.3],
            "cost_per_won_deal_eur": [50.0, 50.0],
        },
        index=["bike", "service"],
    )
""",
}

_CAMPAIGN = {
    "most_won_deals": """
def campaign_to_grow(leads):
    return str((leads["outcome"] == "won").groupby(leads["campaign_id"]).sum().idxmax())
""",
    "highest_close_rate": """
def campaign_to_grow(leads):
    return str((leads["outcome"] == "won").groupby(leads["campaign_id"]).mean().idxmax())
""",
    "cheapest_cost_per_lead": """
def campaign_to_grow(leads):
    return str(leads.groupby("campaign_id")["cost_eur"].mean().idxmin())
""",
    "gross_profit_per_lead": """
def campaign_to_grow(leads):
    return str(leads.groupby("campaign_id")["gross_margin_eur"].mean().idxmax())
""",
}
for _campaign in ("V-SEARCH", "V-SOCIAL", "V-SERVICE", "V-REFER"):
    _CAMPAIGN[f"constant_{_campaign}"] = f"""
def campaign_to_grow(leads):
    return "{_campaign}"
"""

_PLAN = {
    "more_than_the_floor": """
def choose_plan(options, pay_floor):
    kept = options[options["sales_pay_eur"] > pay_floor]
    best = kept.loc[kept["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"])
""",
    "lowest_pay_that_keeps_the_promise": """
def choose_plan(options, pay_floor):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    best = kept.loc[kept["sales_pay_eur"].idxmin()]
    return str(best["plan"]), float(best["rate"])
""",
}
# Every plan and rate of the lesson's grid, as a constant; ("margin_share", 0.1) is the
# choice Velora's options at today's budget call for: right on the lesson's table only.
_GRID = {
    "revenue_share": (0.02, 0.025, 0.03, 0.035, 0.04),
    "margin_share": (0.08, 0.09, 0.1, 0.11, 0.12),
    "flat_fee": (10.0, 15.0, 20.0, 25.0, 30.0),
}
for _plan, _rates in _GRID.items():
    for _rate in _rates:
        _PLAN[f"grid_point_{_plan}_{_rate:g}"] = f"""
def choose_plan(options, pay_floor):
    return "{_plan}", {_rate!r}
"""

WRONG = {
    "category_funnel_answer": _FUNNEL,
    "campaign_to_grow_answer": _CAMPAIGN,
    "plan_choice_answer": _PLAN,
}
