"""The model: how a pay rule steers what marketing and sales do, and what the company earns.

Plain Python on NumPy and pandas: no charts, no widgets (a test keeps it so), so a grading
kernel stays light. A notebook imports what it needs from here::

    from incentives.model import MarginShare, company_x
    company_x(plan=MarginShare(0.12)).outcome().departments_met()

One module per idea: ``plans`` (commission plans), ``marketing`` (budget to leads),
``sales`` (how reps split their time), ``company`` (profit and the three scorecards),
``scenarios`` (Company X), ``funnels`` (figures from a leads table), ``handoff`` (response
times, SLA, lead scores), ``relationships`` (Kotler et al.'s four types), ``restaurant``
(the cloakroom story).
"""

from incentives.model.company import Company, Outcome, Targets
from incentives.model.funnels import funnel, profit_by
from incentives.model.marketing import (
    Campaign,
    blended_cost_per_lead,
    campaign_table,
    leads_from_budget,
    marketing_kpis,
)
from incentives.model.plans import (
    BasePlusBonus,
    Blend,
    FlatFee,
    MarginShare,
    Plan,
    RevenueShare,
    TeamPool,
    TieredRevenue,
)
from incentives.model.restaurant import Evening, SegmentRanges, simulate_evening
from incentives.model.sales import LeadType, SalesTeam, allocate_time, win_probability
from incentives.model.scenarios import company_x

__all__ = [
    "BasePlusBonus",
    "Blend",
    "Campaign",
    "Company",
    "Evening",
    "FlatFee",
    "LeadType",
    "MarginShare",
    "Outcome",
    "Plan",
    "RevenueShare",
    "SalesTeam",
    "SegmentRanges",
    "Targets",
    "TeamPool",
    "TieredRevenue",
    "allocate_time",
    "blended_cost_per_lead",
    "campaign_table",
    "company_x",
    "funnel",
    "leads_from_budget",
    "marketing_kpis",
    "profit_by",
    "simulate_evening",
    "win_probability",
]
