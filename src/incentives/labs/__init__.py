"""The labs: each a class that owns its controls and shows the model through the views.

Show a lab with one call in a notebook (``FirstLab()`` as the cell's last line) and drive
it from Python through its ``settings`` dict, which is how exercises and tests use it.
"""

from __future__ import annotations

import importlib

# Each lab lives in its own module; ``from incentives.labs import CommissionLab`` imports
# only that one (and ipywidgets and Altair with it) when it is first asked for.
_LABS = {
    "FirstLab": "first_lab",
    "CommissionLab": "commission",
    "BudgetLab": "budget",
    "CloakroomLab": "cloakroom",
    "AlignmentLab": "alignment",
    "CompanyExplorer": "explorer",
    "Lab": "base",
}

__all__ = sorted(_LABS)


def __getattr__(name: str):
    if name in _LABS:
        return getattr(importlib.import_module(f"{__name__}.{_LABS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LABS])
