"""The course's look: colours, sizes and the theme every chart is configured with."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
PALETTE = {
    "marketing": "#E69F00",
    "sales": "#0072B2",
    "company": "#009E73",
    "neutral": "#999999",
    "alert": "#D55E00",
}
GRID_COLOUR = "#E6E6E6"  # light grey: axis grid lines, not a colour that carries meaning
WIDTH = 420
HEIGHT = 220

STATUS_COLOURS = {
    "met": PALETTE["company"],
    "missed": PALETTE["alert"],
    "no target": PALETTE["neutral"],
}


def course_theme(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` with the course's look: readable fonts, light grid, no frame.

    The configuration travels with the chart only; no global Altair setting changes.
    """
    return (
        chart.configure_axis(labelFontSize=12, titleFontSize=13, gridColor=GRID_COLOUR)
        .configure_title(fontSize=15, anchor="start", offset=10)
        .configure_header(labelFontSize=12, titleFontSize=13)
        .configure_legend(labelFontSize=12, titleFontSize=12)
        .configure_view(stroke=None)
    )
