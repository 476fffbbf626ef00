"""Lesson 02's misconceptions, each as answers that make it wherever it can occur.

See tests/misconceptions/__init__.py for the layout and tests/test_grading.py for the test.
"""

LESSON = "02-gates-and-parts"

# The solution's answers, so a kind can keep an exercise right while it breaks another.
_HALF_YEAR_FIGURES = """
def half_year_figures(leads):
    is_gate = leads["category"] == "gate"
    table = leads.assign(gate_revenue_eur=leads["deal_value_eur"].where(is_gate, 0.0))
    by_half = table.groupby("half").agg(
        leads=("cost_eur", "size"),
        contacted=("contacted", "sum"),
        ad_spend_eur=("cost_eur", "sum"),
        gate_revenue_eur=("gate_revenue_eur", "sum"),
        revenue_eur=("deal_value_eur", "sum"),
    )
    by_half["cost_per_lead_eur"] = by_half["ad_spend_eur"] / by_half[{divisor!r}]
    return by_half[["cost_per_lead_eur", {revenue!r}]].rename(
        columns={{{revenue!r}: "gate_revenue_eur"}}
    )


half_year_figures(leads)
"""

_CLOSE_RATE_OF = """
def close_rate_of(allocation):
    counted = allocation[allocation["worked"]] if {worked_only!r} else allocation
    return float(counted["expected_wins"].sum() / counted["leads"].sum())


close_rate_without_campaign = close_rate_of(before.allocation.table())
close_rate_with_campaign = close_rate_of(after.allocation.table())
close_rate_without_campaign, close_rate_with_campaign
"""

KINDS = {
    # The tiered plan (the model's and the lab's default) where another plan is asked: a
    # "margin" commission that is the tiered one, and the model or the lab left on its
    # default plan for the margin-share and flat-fee questions.
    "default_tiered_plan": {
        "answers": {
            "margin_commission_answer": """
def margin_commission(value_eur, margin_eur, rate=0.12):
    value = np.asarray(value_eur, dtype=float)
    return np.where(value >= 500, 0.05, 0.01) * value
""",
            "margin_plan_answer": """
margin_outcome = company_x().outcome()
margin_plan_profit_eur = round(margin_outcome.profit_eur)
margin_plan_motor_kit_minutes = round(
    float(margin_outcome.allocation.table().loc["Gate motor kit", "minutes_per_lead"]), 1
)
margin_plan_profit_eur, margin_plan_motor_kit_minutes
""",
            "flat_fee_answer": """
lab.settings = {"plan": "tiered_revenue"}
flat_fee_profit_eur = round(lab.outcome.profit_eur)
best_plan = "margin_share"
flat_fee_profit_eur, best_plan
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
    # Dividing by the leads that were contacted (worked) instead of all leads: the blended
    # cost per lead, and the close rate of the model's month.
    "divided_by_contacted_leads": {
        "answers": {
            "half_year_figures_answer": _HALF_YEAR_FIGURES.format(
                divisor="contacted", revenue="gate_revenue_eur"
            ),
            "close_rate_of_answer": _CLOSE_RATE_OF.format(worked_only=True),
        },
        "zero": [
            "half_year_figures_visible",
            "half_year_figures_hidden",
            "close_rate_of_visible",
            "close_rate_of_hidden",
        ],
    },
    # Gate revenue that counts the parts' revenue too.
    "gate_revenue_with_parts": {
        "answers": {
            "half_year_figures_answer": _HALF_YEAR_FIGURES.format(
                divisor="leads", revenue="revenue_eur"
            ),
        },
        "zero": ["half_year_figures_visible", "half_year_figures_hidden"],
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
