"""The course's look: colours, sizes and the theme every chart is configured with.

Every colour here can be read on white: each has a contrast of at least 4.5:1 against it,
enough for text (WCAG 2.1, 1.4.3) and so also for bars, lines and symbols (1.4.11 asks 3:1).
Any of them may colour a word in a lab's HTML. tests/views/test_accessibility.py checks the ratios.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from incentives.i18n import vega_locale

if TYPE_CHECKING:
    import altair as alt

# Okabe-Ito's colour-blind-safe hues (orange, blue, bluish green, grey, vermillion), darkened
# until they read on white: the originals #E69F00, #009E73, #999999 and #D55E00 have a
# contrast of 2.2 to 3.9:1. Darkening alone makes hues of one lightness hard to tell apart
# with red-green colour blindness, so the colours sit at two lightnesses: marketing and
# neutral lighter (about 4.6:1), company and alert darker (7 to 7.7:1), sales between.
PALETTE = {
    "marketing": "#A46800",  # dark orange, 4.6:1
    "sales": "#0072B2",  # Okabe-Ito's blue, unchanged, 5.2:1
    "company": "#00664A",  # dark bluish green, 7.0:1
    "neutral": "#757575",  # grey, 4.6:1
    "alert": "#8A3C00",  # dark vermillion, 7.7:1
}
TEXT_COLOUR = "#222222"  # titles, axis and legend labels: 15.9:1
GRID_COLOUR = "#E6E6E6"  # light grey: axis grid lines, a decoration that carries no meaning
WIDTH = 420
HEIGHT = 220

STATUS_COLOURS = {
    "met": PALETTE["company"],
    "missed": PALETTE["alert"],
    "no target": PALETTE["neutral"],
}


def course_theme(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` with the course's look: readable fonts and text colours, light grid,
    no frame.

    The configuration travels with the chart only; no global Altair setting changes. In
    the Romanian edition it also sets Vega's locale, so axes and tooltips write 1.234,5.
    """
    text = {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR}
    locale = vega_locale()  # the edition's numbers and dates; None in English
    if locale is not None:
        chart = chart.configure(locale=locale)
    return (
        chart.configure_axis(
            labelFontSize=12,
            titleFontSize=13,
            gridColor=GRID_COLOUR,
            domainColor=PALETTE["neutral"],
            tickColor=PALETTE["neutral"],
            **text,
        )
        .configure_title(
            fontSize=15, anchor="start", offset=10, color=TEXT_COLOUR, subtitleColor=TEXT_COLOUR
        )
        .configure_header(labelFontSize=12, titleFontSize=13, **text)
        .configure_legend(labelFontSize=12, titleFontSize=12, **text)
        .configure_text(color=TEXT_COLOUR)
        .configure_view(stroke=None)
    )
