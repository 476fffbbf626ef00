"""Wrong answers to lesson 00's exercise: a zero check that lets negative leads through, a
guessed constant, floor division (right on the visible test's round numbers only), and the
division turned upside down."""

LESSON = "00-start-here"

WRONG = {
    "cost_per_lead_answer": {
        "negative_leads_accepted": """
def cost_per_lead(budget_eur, leads):
    if leads == 0:
        raise ValueError("a campaign without leads has no cost per lead")
    return budget_eur / leads
""",
        "guessed_constant": """
def cost_per_lead(budget_eur, leads):
    if leads <= 0:
        raise ValueError("no leads")
    return 6.0
""",
        "floor_division": """
def cost_per_lead(budget_eur, leads):
    if leads <= 0:
        raise ValueError("no leads")
    return budget_eur // leads
""",
        "leads_per_euro": """
def cost_per_lead(budget_eur, leads):
    if leads <= 0:
        raise ValueError("no leads")
    return leads / budget_eur
""",
    },
}
