"""Charts in one course style, rendered offline.

Every chart the course shows goes through :func:`live_chart`, which wraps an Altair chart
in a ``JupyterChart`` widget. The first call switches Altair to offline rendering, once per
kernel: the Vega-Lite JavaScript then comes from vl-convert's bundle on this machine, not
from a CDN, and JupyterLab's own (older) Vega-Lite renderer is not used. This is the
course's one offline setting; no notebook needs a line of its own for it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
PALETTE = {
    "marketing": "#E69F00",
    "sales": "#0072B2",
    "company": "#009E73",
    "neutral": "#999999",
    "alert": "#D55E00",
}
WIDTH = 420
HEIGHT = 220

_offline = False


def enable_offline() -> None:
    """Render every Altair chart in this kernel offline; safe to call many times.

    Sets ``JupyterChart`` to offline mode (a JavaScript bundle built by vl-convert the first
    time, about a second) and makes the ``jupyter`` renderer, offline, Altair's default so
    that a plain ``alt.Chart`` shown afterwards is also drawn without the network.
    """
    global _offline
    if _offline:
        return
    alt.JupyterChart.enable_offline()
    alt.renderers.enable("jupyter", offline=True)
    _offline = True


def live_chart(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """Wrap ``chart`` in an offline ``JupyterChart`` that a lab can update in place.

    Args:
        chart: Any Altair chart.

    Returns:
        A ``JupyterChart`` widget; assign a new chart to its ``.chart`` to redraw it.
    """
    enable_offline()
    return alt.JupyterChart(chart)


def leads_by_campaign(leads: pd.DataFrame, *, title: str | None = None) -> alt.Chart:
    """Bar chart of leads per campaign.

    Args:
        leads: One row per campaign with columns ``campaign`` (text), ``leads`` (count) and
            ``cost_per_lead_eur`` (EUR per lead); already aggregated.
        title: The chart's title; by default it states which campaign brings most leads.

    Returns:
        An Altair bar chart with a tooltip per bar.
    """
    missing = {"campaign", "leads", "cost_per_lead_eur"} - set(leads.columns)
    if missing:
        raise ValueError(f"leads_by_campaign needs columns {sorted(missing)}")
    if title is None:
        top = leads.loc[leads["leads"].idxmax(), "campaign"] if len(leads) else "none"
        title = f"Most leads come from the {top} campaign"
    return (
        alt.Chart(leads, title=title, width=WIDTH, height=HEIGHT)
        .mark_bar(color=PALETTE["marketing"])
        .encode(
            x=alt.X("leads:Q", title="Leads per month (count)", scale=alt.Scale(domainMin=0)),
            y=alt.Y("campaign:N", title="Campaign", sort="-x"),
            tooltip=[
                alt.Tooltip("campaign:N", title="Campaign"),
                alt.Tooltip("leads:Q", title="Leads", format=",.0f"),
                alt.Tooltip("cost_per_lead_eur:Q", title="Cost per lead (EUR)", format=",.2f"),
            ],
        )
    )
