"""Wrong answers to lesson 06b's exercise 5 (``recommend``), each one the hidden tests must
reject.

Every plan, rate and budget of the lesson's grid as a constant (the one the careful rule
picks on Velora's grid is right on the lesson's table only, and passes the visible test);
the grid's most profit with no tolerance (passes the visible test); the tolerance argument
ignored for a fixed 2% (passes the visible test); the largest budget within the tolerance.

The lesson's misconceptions (tests/misconceptions/) are wrong answers too: the harness adds
them, so they are not listed again here.
"""

LESSON = "06b-capstone-memo"

_RULES = {
    "no_tolerance": """
def recommend(options, pay_floor, tolerance=0.02):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    best = kept.loc[kept["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"]), float(best["total_budget_eur"])
""",
    "tolerance_argument_ignored": """
def recommend(options, pay_floor, tolerance=0.02):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    top = kept["profit_eur"].max()
    near = kept[kept["profit_eur"] >= 0.98 * top]
    smallest = near[near["total_budget_eur"] == near["total_budget_eur"].min()]
    best = smallest.loc[smallest["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"]), float(best["total_budget_eur"])
""",
    "largest_budget_within_tolerance": """
def recommend(options, pay_floor, tolerance=0.02):
    kept = options[options["sales_pay_eur"] >= pay_floor]
    top = kept["profit_eur"].max()
    near = kept[kept["profit_eur"] >= top - tolerance * top]
    largest = near[near["total_budget_eur"] == near["total_budget_eur"].max()]
    best = largest.loc[largest["profit_eur"].idxmax()]
    return str(best["plan"]), float(best["rate"]), float(best["total_budget_eur"])
""",
}
# Every point of the lesson's grid as a constant; ("margin_share", 0.1, 6500.0) is what the
# careful rule picks on Velora's grid: right on the lesson's table only.
_GRID = {
    "revenue_share": (0.02, 0.025, 0.03, 0.035, 0.04),
    "margin_share": (0.08, 0.09, 0.1, 0.11, 0.12),
    "flat_fee": (10.0, 15.0, 20.0, 25.0, 30.0),
}
_BUDGETS_EUR = (2600.0, 3900.0, 5200.0, 6500.0, 7800.0, 9100.0, 10400.0)
for _plan, _rates in _GRID.items():
    for _rate in _rates:
        for _budget in _BUDGETS_EUR:
            _RULES[f"grid_point_{_plan}_{_rate:g}_{_budget:.0f}"] = f"""
def recommend(options, pay_floor, tolerance=0.02):
    return "{_plan}", {_rate!r}, {_budget!r}
"""

WRONG = {"recommendation_answer": _RULES}
