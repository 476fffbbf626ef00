"""The views: Altair charts in one course style, and the plumbing that keeps them live.

``incentives.views.charts`` holds the chart builders (a data step and a chart step each),
``incentives.views.live`` the offline ``JupyterChart`` that a lab updates in place,
``incentives.views.page`` a lab's views on the static reading site (its page parameter).
Views import the model and altair, never ipywidgets' labs.
"""

from incentives.views.charts import (
    cost_vs_profit_per_lead,
    funnel_by,
    leads_by_campaign,
    phases_by_firm,
    profit_against,
    restaurant_segments,
    scorecards,
    time_per_lead_type,
)
from incentives.views.live import LiveChart, enable_offline, live_chart
from incentives.views.theme import PALETTE, course_theme

__all__ = [
    "PALETTE",
    "LiveChart",
    "cost_vs_profit_per_lead",
    "course_theme",
    "enable_offline",
    "funnel_by",
    "leads_by_campaign",
    "live_chart",
    "phases_by_firm",
    "profit_against",
    "restaurant_segments",
    "scorecards",
    "time_per_lead_type",
]
