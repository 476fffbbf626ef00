"""Wrong answers to lesson 02b's exercises: commissions rounded to the cent (right on the
visible test's round deals only), a rate fixed at 12% or a share of revenue,
a revenue plan or an unrounded profit for the margin plan, and choosing the plan with the
most revenue, the least profit, a typed name or the first name given.

The lesson's misconceptions (tests/misconceptions/) are wrong answers too: the harness adds
them, so they are not listed again here.
"""

LESSON = "02b-commission-plans"

WRONG = {
    "tiered_commission_answer": {
        "rounded_to_the_cent": """
def tiered_commission(value_eur):
    value = np.asarray(value_eur, dtype=float)
    return np.round(np.where(value >= 500, 0.05, 0.01) * value, 2)
""",
        "five_percent_of_everything": """
def tiered_commission(value_eur):
    return 0.05 * np.asarray(value_eur, dtype=float)
""",
    },
    "margin_commission_answer": {
        "rate_fixed_at_12_percent": """
def margin_commission(value_eur, margin_eur, rate=0.12):
    return 0.12 * np.asarray(margin_eur, dtype=float)
""",
    },
    "margin_plan_answer": {
        "share_of_revenue_plan": """
from incentives.model import RevenueShare


def margin_plan_profit_eur(rate):
    return round(company_x(plan=RevenueShare(rate)).outcome().profit_eur)
""",
        "not_rounded": """
def margin_plan_profit_eur(rate):
    return company_x(plan=MarginShare(rate)).outcome().profit_eur
""",
        "guessed_constant": """
def margin_plan_profit_eur(rate):
    return 20_000
""",
    },
    "flat_fee_answer": {
        "most_revenue": """
def most_profitable_plan(plans):
    revenue_eur = {name: company_x(plan=plan).outcome().revenue_eur for name, plan in plans.items()}
    return max(revenue_eur, key=revenue_eur.get)
""",
        "least_profit": """
def most_profitable_plan(plans):
    profits_eur = {name: company_x(plan=plan).outcome().profit_eur for name, plan in plans.items()}
    return min(profits_eur, key=profits_eur.get)
""",
        "typed_name": """
def most_profitable_plan(plans):
    return "margin_share"
""",
        "first_name_given": """
def most_profitable_plan(plans):
    return next(iter(plans))
""",
    },
}
