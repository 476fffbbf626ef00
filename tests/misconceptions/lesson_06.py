"""Lesson 06's misconceptions, each a submission that makes it in every exercise it can reach.

contacted_denominator: the close rate divided by the contacted leads instead of all leads.
It reaches exercise 1 (each category's close rate).

cheapest_cost_per_lead: the campaign to grow picked by its cheapest leads. It reaches
exercise 2. (In exercises 3 and 4 every grid point has the same cost per lead: the budget
keeps today's split.)

gross_profit_per_lead: the campaign to grow picked by gross profit per lead, ignoring what
a lead costs. It reaches exercise 2.

most_revenue: the plan (exercise 3) and the plan and budget (exercise 4) picked for the most
revenue among the choices that keep the pay promise, instead of the most profit.

most_leads: the budget picked for the most leads, marketing's measure, with the most
profitable plan at that budget. It reaches exercise 4.

ignores_pay_promise: the most profit over the whole grid, the pay promise ignored (the
lowest rates). It reaches exercises 3 and 4.
"""

LESSON = "06-capstone"

_CATEGORY_FUNNEL_CONTACTED = """
def category_funnel(leads):
    table = leads.assign(is_won=leads["outcome"] == "won")
    by_category = table.groupby("category", observed=True).agg(
        leads=("is_won", "size"),
        won=("is_won", "sum"),
        contacted=("contacted", "sum"),
        ad_spend_eur=("cost_eur", "sum"),
    )
    by_category["close_rate"] = by_category["won"] / by_category["contacted"]
    by_category["cost_per_won_deal_eur"] = by_category["ad_spend_eur"] / by_category["won"]
    return by_category[["leads", "won", "close_rate", "cost_per_won_deal_eur"]]
"""

_CAMPAIGN_CHEAPEST = """
def campaign_to_grow(leads):
    per_lead = leads.groupby("campaign_id")["cost_eur"].mean()
    return str(per_lead.idxmin())
"""

_CAMPAIGN_PER_LEAD = """
def campaign_to_grow(leads):
    per_lead = leads.groupby("campaign_id")["gross_margin_eur"].mean()
    return str(per_lead.idxmax())
"""

_PLAN_MOST_REVENUE = """
today_rows = grid[grid["total_budget_eur"] == 5_200]
promised = today_rows[today_rows["sales_pay_eur"] >= pay_floor]
best_today = promised.loc[promised["revenue_eur"].idxmax()]
chosen_plan = best_today["plan"]
chosen_rate = best_today["rate"]
"""

_RECOMMENDATION_MOST_REVENUE = """
promised_rows = grid[grid["sales_pay_eur"] >= pay_floor]
best = promised_rows.loc[promised_rows["revenue_eur"].idxmax()]
recommended_plan = best["plan"]
recommended_rate = best["rate"]
recommended_budget_eur = best["total_budget_eur"]
"""

_RECOMMENDATION_MOST_LEADS = """
promised_rows = grid[grid["sales_pay_eur"] >= pay_floor]
most_leads = promised_rows[promised_rows["leads"] == promised_rows["leads"].max()]
best = most_leads.loc[most_leads["profit_eur"].idxmax()]
recommended_plan = best["plan"]
recommended_rate = best["rate"]
recommended_budget_eur = best["total_budget_eur"]
"""

_PLAN_NO_PROMISE = """
today_rows = grid[grid["total_budget_eur"] == 5_200]
best_today = today_rows.loc[today_rows["profit_eur"].idxmax()]
chosen_plan = best_today["plan"]
chosen_rate = best_today["rate"]
"""

_RECOMMENDATION_NO_PROMISE = """
best = grid.loc[grid["profit_eur"].idxmax()]
recommended_plan = best["plan"]
recommended_rate = best["rate"]
recommended_budget_eur = best["total_budget_eur"]
"""

_PLAN_CELLS = ["plan_choice_visible", "plan_choice_hidden"]
_RECOMMENDATION_CELLS = ["recommendation_visible", "recommendation_hidden"]

KINDS = {
    "contacted_denominator": {
        "answers": {"category_funnel_answer": _CATEGORY_FUNNEL_CONTACTED},
        "zero": ["category_funnel_visible", "category_funnel_hidden"],
    },
    "cheapest_cost_per_lead": {
        "answers": {"campaign_to_grow_answer": _CAMPAIGN_CHEAPEST},
        "zero": ["campaign_to_grow_visible", "campaign_to_grow_hidden"],
    },
    "gross_profit_per_lead": {
        "answers": {"campaign_to_grow_answer": _CAMPAIGN_PER_LEAD},
        "zero": ["campaign_to_grow_visible", "campaign_to_grow_hidden"],
    },
    "most_revenue": {
        "answers": {
            "plan_choice_answer": _PLAN_MOST_REVENUE,
            "recommendation_answer": _RECOMMENDATION_MOST_REVENUE,
        },
        "zero": _PLAN_CELLS + _RECOMMENDATION_CELLS,
    },
    "most_leads": {
        "answers": {"recommendation_answer": _RECOMMENDATION_MOST_LEADS},
        "zero": _RECOMMENDATION_CELLS,
    },
    "ignores_pay_promise": {
        "answers": {
            "plan_choice_answer": _PLAN_NO_PROMISE,
            "recommendation_answer": _RECOMMENDATION_NO_PROMISE,
        },
        "zero": _PLAN_CELLS + _RECOMMENDATION_CELLS,
    },
}
