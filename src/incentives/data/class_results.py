"""The classroom game's export: one row per firm and month, as the game writes it.

The game (game/, an oTree project) offers it on its admin Data page as the app's custom
export; lesson 07 reads it, an instructor's class or the shipped bot-played sample alike.
``COLUMNS`` is the contract between the two: the game writes these columns in this order.
"""

from __future__ import annotations

# column: what it holds
COLUMNS = {
    "session": "the oTree session's code",
    "firm": "the firm's number in the session, from 1",
    "firm_size": "players in the firm: 2 (marketing, sales) or 3 (with the leader)",
    "company": "the company the session plays, by name (Company X or Velora)",
    "month": "the month, from 1 (oTree's round number)",
    "phase": "1: each department paid on its own metric; 2: on the common criteria",
    "common_goal": "phase 2's common goal, 'revenue' or 'profit'; empty in phase 1",
    "lead_source_info": "whether sales saw each lead's source (hot or cold); False in phase 1",
    "criteria_by": "who set phase 2's criteria, 'leader' or 'instructor'; empty in phase 1",
    "ad_spend_eur": "marketing's budgets, all campaigns, EUR",
    "small_ticket_ad_spend_eur": "marketing's budgets on the small-ticket campaigns, EUR",
    "leads": "leads the campaigns brought",
    "cost_per_lead_eur": "ad spend / leads, EUR; empty without leads",
    "deals": "expected deals won",
    "revenue_eur": "revenue, EUR",
    "gross_margin_eur": "revenue less the cost of what was sold, EUR",
    "hours_used": "the sales team's hours spent on leads",
    "profit_eur": "the company's profit for the month, EUR (after ad spend and sales' pay)",
    "marketing_pay_eur": "marketing's bonus for the month, EUR",
    "sales_pay_eur": "sales' commission or share for the month, EUR",
    "target_leads": "marketing's leads target",
    "target_cost_per_lead_eur": "marketing's cost-per-lead ceiling, EUR",
    "target_revenue_eur": "sales' revenue target, EUR",
    "target_profit_eur": "the company's profit target, EUR",
}
