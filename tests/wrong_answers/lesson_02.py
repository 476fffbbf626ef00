"""Wrong answers to lesson 02's exercises: functions right on the visible test's table only,
the contacted (worked) leads as the denominator, the parts' revenue counted as gate revenue,
and the average of the products' close rates in place of the close rate of all leads."""

LESSON = "02-gates-and-parts"

_SOLUTION_VALUES = """
close_rate_without_campaign = close_rate_of(before.allocation.table())
close_rate_with_campaign = close_rate_of(after.allocation.table())
"""

WRONG = {
    "half_year_figures_answer": {
        "right_on_the_visible_table_only": """
import pandas as pd


def half_year_figures(leads):
    return pd.DataFrame(
        {"cost_per_lead_eur": [52 / 3, 86 / 3], "gate_revenue_eur": [3_200.0, 2_400.0]},
        index=["Jan-Jun", "Jul-Dec"],
    )
""",
        "divided_by_contacted_leads": """
def half_year_figures(leads):
    is_gate = leads["category"] == "gate"
    table = leads.assign(gate_revenue_eur=leads["deal_value_eur"].where(is_gate, 0.0))
    by_half = table.groupby("half").agg(
        contacted=("contacted", "sum"),
        ad_spend_eur=("cost_eur", "sum"),
        gate_revenue_eur=("gate_revenue_eur", "sum"),
    )
    by_half["cost_per_lead_eur"] = by_half["ad_spend_eur"] / by_half["contacted"]
    return by_half[["cost_per_lead_eur", "gate_revenue_eur"]]
""",
        "parts_revenue_counted": """
def half_year_figures(leads):
    by_half = leads.groupby("half").agg(
        leads=("cost_eur", "size"),
        ad_spend_eur=("cost_eur", "sum"),
        gate_revenue_eur=("deal_value_eur", "sum"),
    )
    by_half["cost_per_lead_eur"] = by_half["ad_spend_eur"] / by_half["leads"]
    return by_half[["cost_per_lead_eur", "gate_revenue_eur"]]
""",
    },
    "close_rate_of_answer": {
        "right_on_the_visible_table_only": """
def close_rate_of(allocation):
    return 0.05
"""
        + _SOLUTION_VALUES,
        "worked_leads_only": """
def close_rate_of(allocation):
    worked = allocation[allocation["worked"]]
    return float(worked["expected_wins"].sum() / worked["leads"].sum())
"""
        + _SOLUTION_VALUES,
        "mean_of_the_products_rates": """
def close_rate_of(allocation):
    return float((allocation["expected_wins"] / allocation["leads"]).mean())
"""
        + _SOLUTION_VALUES,
    },
}
