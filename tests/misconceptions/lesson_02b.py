"""Lesson 02b's misconceptions, each as answers that make it wherever it can occur.

See tests/misconceptions/__init__.py for the layout and tests/instructor/test_grading.py for
the test.
"""

LESSON = "02b-commission-plans"

KINDS = {
    # The tiered plan (the model's and the lab's default) where another plan is asked: a
    # "margin" commission that is the tiered one, and the model left on its default plan for
    # the margin-share profit and for comparing plans.
    "default_tiered_plan": {
        "answers": {
            "margin_commission_answer": """
def margin_commission(value_eur, margin_eur, rate=0.12):
    value = np.asarray(value_eur, dtype=float)
    return np.where(value >= 500, 0.05, 0.01) * value
""",
            "margin_plan_answer": """
def margin_plan_profit_eur(rate):
    return round(company_x().outcome().profit_eur)
""",
            "flat_fee_answer": """
def most_profitable_plan(plans):
    profits_eur = {name: company_x().outcome().profit_eur for name in plans}
    return max(profits_eur, key=profits_eur.get)
""",
        },
        "zero": [
            "margin_commission_visible",
            "margin_commission_hidden",
            "margin_plan_visible",
            "margin_plan_hidden",
            "flat_fee_visible",
            "flat_fee_hidden",
        ],
    },
    # Tiers read as tax brackets: 1% of the first EUR 500 and 5% of the rest, where the plan
    # pays 5% of the whole deal from EUR 500 up.
    "marginal_tiers": {
        "answers": {
            "tiered_commission_answer": """
def tiered_commission(value_eur):
    value = np.asarray(value_eur, dtype=float)
    return 0.01 * np.minimum(value, 500) + 0.05 * np.maximum(value - 500, 0)
""",
        },
        "zero": ["tiered_commission_visible", "tiered_commission_hidden"],
    },
    # A share of the deal's value (revenue) where a share of its gross margin is asked.
    "commission_on_revenue": {
        "answers": {
            "margin_commission_answer": """
def margin_commission(value_eur, margin_eur, rate=0.12):
    return rate * np.asarray(value_eur, dtype=float)
""",
        },
        "zero": ["margin_commission_visible", "margin_commission_hidden"],
    },
}
