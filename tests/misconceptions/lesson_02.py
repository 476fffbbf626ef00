"""Lesson 02's misconceptions, each as answers that make it wherever it can occur.

See tests/misconceptions/__init__.py for the layout and tests/instructor/test_grading.py for
the test.
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
}
