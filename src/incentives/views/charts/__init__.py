"""Chart builders: every chart of the course, in one shape and one style.

Each chart kind is a pair of steps and a builder that chains them:

- ``<kind>_frame(table, ...) -> (data, title)``, the data step: checks the (already
  aggregated) table's columns, prepares the rows to draw and states the finding as the title;
- ``<kind>_chart(data, title, ...)``, the chart step: the Altair chart in the course style
  (:func:`incentives.views.theme.course_theme`), with a description of what it shows;
- ``<kind>(table, ...)``, both steps at once, for a notebook.

The arguments after ``table`` in the data step (a grouping column, a switch) are the ones
after ``title`` in the chart step, in the same order and with the same names.

Every chart carries a ``description``: one or two sentences saying what kind of chart it is,
what its axes, marks and colours encode and what to look for. Vega puts it in the
chart's ``aria-label``, which a screen reader reads out before the title's finding.
It depends only on the chart kind and its fixed arguments, never on the data, because a
lab's :class:`~incentives.views.live.LiveChart` updates only the rows and the title.

A lab keeps one chart per view and, on a change, reruns only the data step
(:class:`incentives.views.live.LiveChart`). Builders never display anything. Their charts
are configured, so top-level: show them as they are or pass them to ``live_chart``; they
cannot be concatenated any further.

One module per subject: :mod:`~incentives.views.charts.leads` (campaigns, funnel, cost and
profit per lead), :mod:`~incentives.views.charts.selling_time` (sales' minutes per lead
type), :mod:`~incentives.views.charts.scorecards` (the departments' targets),
:mod:`~incentives.views.charts.profit` (profit against a parameter, a plan replayed by
month), :mod:`~incentives.views.charts.restaurant` (the guest segments),
:mod:`~incentives.views.charts.class_results` (a class's game, phase by phase), and what they share,
:mod:`~incentives.views.charts.common`. Every builder is importable from here.
"""

from incentives.views.charts.class_results import (
    phases_by_firm,
    phases_by_firm_chart,
    phases_by_firm_frame,
)
from incentives.views.charts.common import MAX_ROWS, NotDrawn
from incentives.views.charts.leads import (
    cost_vs_profit_per_lead,
    cost_vs_profit_per_lead_chart,
    cost_vs_profit_per_lead_frame,
    funnel_by,
    funnel_by_chart,
    funnel_by_frame,
    leads_by_campaign,
    leads_by_campaign_chart,
    leads_by_campaign_frame,
)
from incentives.views.charts.profit import (
    profit_against,
    profit_against_chart,
    profit_against_frame,
    replay_by_month,
    replay_by_month_chart,
    replay_by_month_frame,
)
from incentives.views.charts.restaurant import (
    restaurant_segments,
    restaurant_segments_chart,
    restaurant_segments_frame,
)
from incentives.views.charts.scorecards import (
    scorecards,
    scorecards_chart,
    scorecards_frame,
)
from incentives.views.charts.selling_time import (
    time_per_lead_type,
    time_per_lead_type_chart,
    time_per_lead_type_frame,
)

__all__ = [
    "MAX_ROWS",
    "NotDrawn",
    "cost_vs_profit_per_lead",
    "cost_vs_profit_per_lead_chart",
    "cost_vs_profit_per_lead_frame",
    "funnel_by",
    "funnel_by_chart",
    "funnel_by_frame",
    "leads_by_campaign",
    "leads_by_campaign_chart",
    "leads_by_campaign_frame",
    "phases_by_firm",
    "phases_by_firm_chart",
    "phases_by_firm_frame",
    "profit_against",
    "profit_against_chart",
    "profit_against_frame",
    "replay_by_month",
    "replay_by_month_chart",
    "replay_by_month_frame",
    "restaurant_segments",
    "restaurant_segments_chart",
    "restaurant_segments_frame",
    "scorecards",
    "scorecards_chart",
    "scorecards_frame",
    "time_per_lead_type",
    "time_per_lead_type_chart",
    "time_per_lead_type_frame",
]
