"""Ready-made companies for the lessons and labs, with the figures they are built on.

``company_x`` is the article's gate company, set up with the check-run figures of
DOMAIN.md ("A teachable model"): 3 reps x 120 h; gate leads from search ads at EUR 40 each
(deal EUR 2,500, 35% margin, win ceiling 0.35, time constant 2 h, at least 30 min); the
mid-year parts campaign at EUR 6 per lead (deal EUR 90, 50% margin, ceiling 0.8, time
constant 9 min, at least 10 min); sales paid 1% on deals below EUR 500 and 5% above.
"""

from __future__ import annotations

from incentives.model.company import Company, Targets
from incentives.model.marketing import Campaign
from incentives.model.plans import Plan, TieredRevenue
from incentives.model.sales import LeadType, SalesTeam

GATE = LeadType(
    "gate",
    value_eur=2_500.0,
    margin_rate=0.35,
    win_ceiling=0.35,
    time_constant_hours=2.0,
    min_hours=0.5,
)
PART = LeadType(
    "part",
    value_eur=90.0,
    margin_rate=0.50,
    win_ceiling=0.80,
    time_constant_hours=0.15,
    min_hours=10 / 60,
)
GATE_CAMPAIGN = Campaign("gates-search", "gate", budget_eur=4_000.0, cost_per_lead_eur=40.0)
PARTS_CAMPAIGN = Campaign("parts-promo", "part", budget_eur=1_800.0, cost_per_lead_eur=6.0)

# What each department is asked for: marketing more and cheaper leads once the parts
# campaign runs, sales the gate revenue it already makes, the company at least the profit
# it made before the campaign (EUR 17,911 in the check run).
COMPANY_X_TARGETS = Targets(
    leads=300,
    cost_per_lead_eur=20.0,
    revenue_eur=70_000.0,
    profit_eur=17_000.0,
)


def company_x(*, parts_campaign: bool = True, plan: Plan | None = None) -> Company:
    """The article's Company X for one month, with or without the parts campaign.

    Args:
        parts_campaign: Whether marketing runs the cheap parts campaign.
        plan: The sales commission plan; the article's (tiered revenue) by default.
    """
    campaigns = (GATE_CAMPAIGN, PARTS_CAMPAIGN) if parts_campaign else (GATE_CAMPAIGN,)
    return Company(
        lead_types=(GATE, PART),
        campaigns=campaigns,
        team=SalesTeam(reps=3, hours_per_rep=120.0),
        plan=plan if plan is not None else TieredRevenue(),
        targets=COMPANY_X_TARGETS,
    )
