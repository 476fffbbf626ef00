"""Every assumption the course's model makes: its value, its source, the lessons resting on it.

    from incentives.model.assumptions import ASSUMPTIONS, value
    value("segment_shares")                  # (0.3, 0.55, 0.15)
    ASSUMPTIONS["hot_share"].source          # 'assumed for teaching, ...'

An assumption is a figure or a rule the model takes as given rather than derives: a share of
guests, a cost per lead, how long a meal lasts. Each entry says what it assumes, its value,
where the value comes from and which lessons rely on it. A source is one of three kinds: a
published reference by author and year (listed in full in :data:`REFERENCES`), the article
the course is built on (one of its two cases), or "assumed for teaching" (a plausible figure
of our own, chosen so the story can be told and stated so a learner can question it).

The code reads each value from here (``value(<name>)``); a company's own figures live in its
files (``data/<company>/``) and a test checks the entries against them. docs/model.md is
rendered from this registry (``python -m tools.model_docs``) and a test checks that it
agrees, so the documentation cannot drift from the code.

The entries live by subject: ``companies`` (the model's rules, Company X, Velora, the sample
leads), ``designs`` (common criteria and goals, the capstone's grid) and ``cloakroom`` (the
restaurant and its sample visits); ``entry`` defines what an entry records.
"""

from __future__ import annotations

from typing import Any

from incentives.i18n import _
from incentives.model.assumptions import cloakroom, companies, designs
from incentives.model.assumptions.entry import (
    ARTICLE_CLOAKROOM,
    ARTICLE_COMPANY_X,
    REFERENCES,
    TEACHING,
    TOPICS,
    Assumption,
    Span,
    registry,
)

__all__ = [
    "ARTICLE_CLOAKROOM",
    "ARTICLE_COMPANY_X",
    "ASSUMPTIONS",
    "REFERENCES",
    "TEACHING",
    "TOPICS",
    "Assumption",
    "Span",
    "value",
]


ASSUMPTIONS: dict[str, Assumption] = registry(
    *companies.ENTRIES, *designs.ENTRIES, *cloakroom.ENTRIES
)
"""The registry: every assumption by name, in the order docs/model.md lists them."""


def value(name: str) -> Any:
    """The value of the assumption ``name``, as the code uses it.

    Raises:
        KeyError: naming the assumption, if there is none of that name.
    """
    try:
        return ASSUMPTIONS[name].value
    except KeyError:
        raise KeyError(
            _("no assumption named {name!r} in incentives.model.assumptions").format(name=name)
        ) from None
