"""The four marketing-sales relationships of Kotler, Rackham & Krishnaswamy (lesson 01).

    relationship_types()                      the four types as a table

The relationship types follow Kotler, Rackham & Krishnaswamy, "Ending the War Between Sales
and Marketing", Harvard Business Review, July-August 2006; the wording
of the table is ours.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["RELATIONSHIP_TYPES", "FRICTIONS", "relationship_types"]

#: The four types, from least to most joined-up: (name, how the two work, a sign of it).
RELATIONSHIP_TYPES = (
    (
        "Undefined",
        "Each department follows its own agenda; they meet mostly to settle conflicts.",
        "Each side blames the other when results are poor.",
    ),
    (
        "Defined",
        "Rules and a shared language exist, e.g. an agreed answer to 'what is a lead?'.",
        "Fewer quarrels, but each still plans and is measured on its own.",
    ),
    (
        "Aligned",
        "Boundaries are clear but flexible; the two plan and train together.",
        "Marketing people join key sales meetings; sales helps plan campaigns.",
    ),
    (
        "Integrated",
        "Shared systems, shared metrics and shared rewards; rarely seen.",
        "Both are judged on the same company result, such as profit.",
    ),
)

#: The two sources of friction between the departments: (name, what it is).
FRICTIONS = (
    (
        "economic",
        "One budget is split between the two, so each gain of one is a cost to the other.",
    ),
    ("cultural", "Different people with different habits and different use of time."),
)


def relationship_types() -> pd.DataFrame:
    """The four relationship types as a table, indexed by type, from least to most joined-up.

    Returns:
        Columns ``how_they_work`` and ``a_sign_of_it`` (text), index ``type``.
    """
    frame = pd.DataFrame(
        RELATIONSHIP_TYPES, columns=["type", "how_they_work", "a_sign_of_it"]
    ).set_index("type")
    return frame
