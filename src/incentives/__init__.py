"""Marketing vs. Sales: the course library.

The library models how a pay rule steers what people do: marketing paid for cheap leads,
sales paid for revenue, and a company that can lose money while both meet their targets.
Notebooks import names from its modules explicitly, for example
``from incentives.checks import check_number``.

Importing this package is cheap on purpose: it does not import altair or ipywidgets. The
views (``incentives.views.charts``) and the labs (``incentives.labs``) import them when used.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
