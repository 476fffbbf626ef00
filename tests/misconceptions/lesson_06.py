"""Lesson 06's misconceptions, each a submission that makes it in every exercise it can reach.

contacted_denominator: the close rate divided by the contacted leads instead of all leads.
It reaches exercise 1 (each category's close rate).

cheapest_cost_per_lead: the campaign to grow picked by its cheapest leads. It reaches
exercise 2. (In exercise 3 every option of a table has the same cost per lead: the budget
keeps today's split.)

gross_profit_per_lead: the campaign to grow picked by gross profit per lead, ignoring what
a lead costs. It reaches exercise 2.

most_revenue: the plan of exercise 3 picked for the most revenue among the options that keep
the pay promise, instead of the most profit.

ignores_pay_promise: the plan of exercise 3 picked for the most profit with the pay promise
ignored (the lowest rates).
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
def choose_plan(options, pay_floor):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    best = kept.loc[kept["revenue_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"])
"""

_PLAN_NO_PROMISE = """
def choose_plan(options, pay_floor):
    best = options.loc[options["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"])
"""

_PLAN_CELLS = ["plan_choice_visible", "plan_choice_hidden"]

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
        "answers": {"plan_choice_answer": _PLAN_MOST_REVENUE},
        "zero": _PLAN_CELLS,
    },
    "ignores_pay_promise": {
        "answers": {"plan_choice_answer": _PLAN_NO_PROMISE},
        "zero": _PLAN_CELLS,
    },
}
