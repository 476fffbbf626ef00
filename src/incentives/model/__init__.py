"""The model: how a pay rule steers what marketing and sales do, and what the company earns.

Plain Python on NumPy and pandas: no charts, no widgets (a test keeps it so), so a grading
kernel stays light. A notebook imports what it needs from here::

    from incentives.model import MarginShare, company_x
    company_x(plan=MarginShare(0.12)).outcome().departments_met()

One module per idea:

- ``assumptions``: every assumption the model makes, with its value, source and lessons
  (docs/model.md is rendered from it);
- ``plans``: commission plans; ``marketing``: budget to leads; ``sales``: how reps split
  their time; ``company``: profit and the three scorecards;
- ``build``: a company built from its files, and the shipped ones (Company X, Velora);
- ``alignment``: both departments partly paid on a company figure, lead-source
  information, marketing's budget choice; ``goals``: a common goal tied to revenue or to
  profit, and the ad spend each chooses; ``decisions``: a month run on budgets and hours
  as players type them (the classroom game); ``capstone``: the capstone's grid of plans, rates
  and budgets on Velora;
- ``funnels``: figures from a leads table; ``replay``: a plan replayed on a leads table;
  ``handoff``: response times, SLA, lead scores; ``relationships``: Kotler et al.'s four
  types;
- ``restaurant``: the cloakroom story.
"""

from incentives.model.alignment import Alignment, align, foresee
from incentives.model.build import company_from, company_from_files, company_x, velora
from incentives.model.company import Company, Outcome, Targets, clear_outcome_cache
from incentives.model.funnels import funnel, profit_by
from incentives.model.goals import CommonGoal, campaign_figures, common_goal, compare_goals
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
from incentives.model.replay import REPLAY_VS_MODEL, replay
from incentives.model.restaurant import (
    Evening,
    SchemeTrial,
    SegmentRanges,
    clear_evening_cache,
    simulate_evening,
    try_scheme,
)
from incentives.model.sales import LeadType, SalesTeam, allocate_time, win_probability

__all__ = [
    "Alignment",
    "BasePlusBonus",
    "Blend",
    "Campaign",
    "CommonGoal",
    "Company",
    "Evening",
    "FlatFee",
    "LeadType",
    "MarginShare",
    "Outcome",
    "Plan",
    "REPLAY_VS_MODEL",
    "SchemeTrial",
    "RevenueShare",
    "SalesTeam",
    "SegmentRanges",
    "Targets",
    "TeamPool",
    "TieredRevenue",
    "align",
    "allocate_time",
    "blended_cost_per_lead",
    "campaign_figures",
    "campaign_table",
    "clear_caches",
    "common_goal",
    "compare_goals",
    "company_from",
    "company_from_files",
    "company_x",
    "funnel",
    "leads_from_budget",
    "marketing_kpis",
    "profit_by",
    "replay",
    "simulate_evening",
    "velora",
    "try_scheme",
    "win_probability",
]


def clear_caches() -> None:
    """Empty every cache of the model: the outcomes (``Company.outcome``), the alignment's
    foresight (``alignment.foresee``) and the restaurant's evenings (``try_scheme``).
    Benchmarks use it; results do not change."""
    clear_outcome_cache()
    foresee.cache_clear()
    clear_evening_cache()
