"""Wrong answers to lesson 01's exercises: functions right on the visible test's table only
(they return its expected figures whatever the table), the contacted-leads and won-deals
denominators, revenue for gross margin, a close rate where gross profit is asked, and
Company X's decision with another campaign or with the ad spend as the saving."""

LESSON = "01-two-departments"

_SOLUTION_MARGIN_AFTER_ADS = """
def margin_after_ads_by(leads, by):
    groups = leads.groupby(by, observed=True)
    return groups["gross_margin_eur"].sum() - groups["cost_eur"].sum()
"""

WRONG = {
    "close_rate_by_answer": {
        "right_on_the_visible_table_only": """
import pandas as pd


def close_rate_by(leads, by):
    return pd.Series({"search": 0.25, "social": 0.5})
""",
        "divided_by_contacted_leads": """
def close_rate_by(leads, by):
    contacted = leads[leads["contacted"]]
    return (contacted["outcome"] == "won").groupby(contacted[by], observed=True).mean()
""",
        "lost_counted_as_won": """
def close_rate_by(leads, by):
    return (leads["outcome"] != "not_contacted").groupby(leads[by], observed=True).mean()
""",
    },
    "gross_profit_per_lead_by_answer": {
        "right_on_the_visible_table_only": """
import pandas as pd


def gross_profit_per_lead_by(leads, by):
    return pd.Series({"search": 75.0, "social": 20.0})
""",
        "per_won_deal": """
def gross_profit_per_lead_by(leads, by):
    won = leads["outcome"] == "won"
    margin = leads.groupby(by, observed=True)["gross_margin_eur"].sum()
    return margin / won.groupby(leads[by], observed=True).sum()
""",
        "revenue_per_lead": """
def gross_profit_per_lead_by(leads, by):
    groups = leads.groupby(by, observed=True)
    return groups["deal_value_eur"].sum() / groups.size()
""",
    },
    "cheapest_and_most_profitable_answer": {
        "right_on_the_visible_table_only": """
def cheapest_and_most_profitable(leads, by):
    return "social", "search"
""",
        "most_profitable_by_close_rate": """
def cheapest_and_most_profitable(leads, by):
    groups = leads.groupby(by, observed=True)
    cost_per_lead = groups["cost_eur"].sum() / groups.size()
    close_rate = (leads["outcome"] == "won").groupby(leads[by], observed=True).mean()
    return str(cost_per_lead.idxmin()), str(close_rate.idxmax())
""",
        "swapped": """
def cheapest_and_most_profitable(leads, by):
    groups = leads.groupby(by, observed=True)
    cost_per_lead = groups["cost_eur"].sum() / groups.size()
    most_profitable = str(gross_profit_per_lead_by(leads, by).idxmax())
    return most_profitable, str(cost_per_lead.idxmin())
""",
    },
    "margin_after_ads_by_answer": {
        "right_on_the_visible_table_only": """
import pandas as pd


def margin_after_ads_by(leads, by):
    return pd.Series({"search": 520.0, "social": -10.0})
""",
        "revenue_less_ads": """
def margin_after_ads_by(leads, by):
    groups = leads.groupby(by, observed=True)
    return groups["deal_value_eur"].sum() - groups["cost_eur"].sum()
""",
        "ads_of_won_leads_only": """
def margin_after_ads_by(leads, by):
    won = leads[leads["outcome"] == "won"]
    groups = won.groupby(by, observed=True)
    return groups["gross_margin_eur"].sum() - groups["cost_eur"].sum()
""",
    },
    "campaign_to_cut_answer": {
        "another_campaign": _SOLUTION_MARGIN_AFTER_ADS
        + """
campaign_to_cut = "C-GATES"
profit_saved_eur = round(-float(margin_after_ads_by(leads, "campaign_id").min()), 2)
""",
        "saving_is_the_ad_spend": """
campaign_to_cut = "C-PARTS"
profit_saved_eur = round(float(leads.loc[leads["campaign_id"] == "C-PARTS", "cost_eur"].sum()), 2)
""",
        "guessed_constant": """
campaign_to_cut = "C-PARTS"
profit_saved_eur = 10_000.0
""",
    },
}
