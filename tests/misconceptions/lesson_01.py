"""Lesson 01's misconceptions: per won deal, contacted leads as the denominator, swapped names."""

from __future__ import annotations

LESSON = "01-two-departments"

# Gross profit per won deal instead of per lead: the margin divided by the deals won.
PER_WON_DEAL = '''
def gross_profit_per_lead_by(leads, by):
    """Gross margin per won deal (the mistake: it should be per lead)."""
    won = leads["outcome"] == "won"
    margin = leads.groupby(by, observed=True)["gross_margin_eur"].sum()
    return margin / won.groupby(leads[by], observed=True).sum()
'''

# Close rate and gross profit per lead over the contacted leads only.
CONTACTED_CLOSE_RATE = '''
def close_rate_by(leads, by):
    """Won / contacted leads (the mistake: it should be won / all leads)."""
    contacted = leads[leads["contacted"]]
    return (contacted["outcome"] == "won").groupby(contacted[by], observed=True).mean()
'''

CONTACTED_GROSS_PROFIT = '''
def gross_profit_per_lead_by(leads, by):
    """Gross margin / contacted leads (the mistake: it should be / all leads)."""
    contacted = leads[leads["contacted"]]
    return contacted.groupby(by, observed=True)["gross_margin_eur"].sum() / contacted.groupby(
        by, observed=True
    ).size()
'''

# The two names swapped: the most profitable group first, the cheapest second.
SWAPPED_NAMES = '''
def cheapest_and_most_profitable(leads, by):
    """(most profitable, cheapest): the mistake is the order."""
    groups = leads.groupby(by, observed=True)
    cost_per_lead = groups["cost_eur"].sum() / groups.size()
    most_profitable = str(gross_profit_per_lead_by(leads, by).idxmax())
    return most_profitable, str(cost_per_lead.idxmin())
'''

CLOSE_RATE = ["close_rate_by_visible", "close_rate_by_hidden"]
GROSS_PROFIT = ["gross_profit_per_lead_by_visible", "gross_profit_per_lead_by_hidden"]
CHEAPEST = ["cheapest_and_most_profitable_visible", "cheapest_and_most_profitable_hidden"]

KINDS = {
    # Exercise 3 ranks groups by the learner's own gross profit per lead, so the mistake
    # carries into it too.
    "per_won_deal": {
        "answers": {"gross_profit_per_lead_by_answer": PER_WON_DEAL},
        "zero": GROSS_PROFIT + CHEAPEST,
    },
    "contacted_denominator": {
        "answers": {
            "close_rate_by_answer": CONTACTED_CLOSE_RATE,
            "gross_profit_per_lead_by_answer": CONTACTED_GROSS_PROFIT,
        },
        "zero": CLOSE_RATE + GROSS_PROFIT + CHEAPEST,
    },
    "swapped_names": {
        "answers": {"cheapest_and_most_profitable_answer": SWAPPED_NAMES},
        "zero": CHEAPEST,
    },
}
