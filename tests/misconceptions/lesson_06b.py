"""Lesson 06b's misconceptions, each a submission that makes it in exercise 5 (the
recommendation rule).

most_revenue: the plan, rate and budget with the most revenue among the options that keep
the pay promise, instead of the most profit.

most_leads: the budget with the most leads, marketing's measure, with the most profitable
promise-keeping plan at that budget.

ignores_pay_promise: the most profit over the whole table, the pay promise ignored (the
lowest rates).
"""

LESSON = "06b-capstone-memo"

_MOST_REVENUE = """
def recommend(options, pay_floor, tolerance=0.02):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    best = kept.loc[kept["revenue_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"]), float(best["total_budget_eur"])
"""

_MOST_LEADS = """
def recommend(options, pay_floor, tolerance=0.02):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    most = kept[kept["leads"] == kept["leads"].max()]
    best = most.loc[most["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"]), float(best["total_budget_eur"])
"""

_NO_PROMISE = """
def recommend(options, pay_floor, tolerance=0.02):
    best = options.loc[options["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"]), float(best["total_budget_eur"])
"""

_CELLS = ["recommendation_visible", "recommendation_hidden"]

KINDS = {
    "most_revenue": {"answers": {"recommendation_answer": _MOST_REVENUE}, "zero": _CELLS},
    "most_leads": {"answers": {"recommendation_answer": _MOST_LEADS}, "zero": _CELLS},
    "ignores_pay_promise": {"answers": {"recommendation_answer": _NO_PROMISE}, "zero": _CELLS},
}
