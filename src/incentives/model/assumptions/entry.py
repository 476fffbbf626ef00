"""What an assumption records, the kinds of source, the published works cited, the
registry's sections and the lesson groups the entries name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, NamedTuple

from incentives.i18n import _

TEACHING = "assumed for teaching"
ARTICLE_COMPANY_X = "the article (Company X case)"
ARTICLE_CLOAKROOM = "the article (restaurant cloakroom case)"

REFERENCES = {
    "Holmstrom & Milgrom (1991)": (
        "Holmstrom, B. and Milgrom, P. (1991). Multitask principal-agent analyses: incentive "
        "contracts, asset ownership, and job design. Journal of Law, Economics and "
        "Organization 7, 24-52."
    ),
    "Farley (1964)": (
        "Farley, J. U. (1964). An optimal plan for salesmen's compensation. Journal of "
        "Marketing Research 1(2), 39-43."
    ),
    "Weinberg (1978)": (
        "Weinberg, C. B. (1978). Jointly optimal sales commissions for nonincome maximizing "
        "sales forces. Management Science 24(12), 1252-1258."
    ),
    "Oldroyd, McElheran & Elkington (2011)": (
        "Oldroyd, J. B., McElheran, K. and Elkington, D. (2011). The short life of online "
        "sales leads. Harvard Business Review, March 2011."
    ),
    "Monat (2011)": (
        "Monat, J. P. (2011). Industrial sales lead conversion modeling. Marketing "
        "Intelligence & Planning 29(2), 178-194."
    ),
    "WordStream/LocaliQ (2024)": (
        "WordStream and LocaliQ (2024). Search advertising benchmarks for 2024: cost per "
        "lead by industry (a vendor's report; low authority)."
    ),
    "HotNews (2025)": (
        "HotNews.ro (16 September 2025). A survey of Romanian diners: what they spend per "
        "person in a restaurant and how much they tip."
    ),
    "Strohmetz, Rind, Fisher & Lynn (2002)": (
        "Strohmetz, D. B., Rind, B., Fisher, R. and Lynn, M. (2002). Sweetening the till: "
        "the use of candy to increase restaurant tipping. Journal of Applied Social "
        "Psychology 32(2), 300-309."
    ),
}
"""Every published work a source cites, by the short name the sources use."""

TOPICS = {
    "model": "The model's rules",
    "company_x": "Company X",
    "velora": "Velora",
    "leads": "The sample leads",
    "alignment": "Common criteria and common goals",
    "capstone": "The capstone's grid",
    "restaurant": "The restaurant",
    "visits": "The restaurant's sample visits",
}
"""The registry's sections, in the order docs/model.md shows them."""

COMPANY_X_LESSONS = (
    "01-two-departments",
    "02-gates-and-parts",
    "02b-commission-plans",
    "03-speed-and-handoff",
    "05-common-criteria",
)
VELORA_LESSONS = ("06-capstone", "06b-capstone-memo")
LEADS_LESSONS = ("01-two-departments", "02-gates-and-parts", "03-speed-and-handoff")
CLOAKROOM_LESSONS = ("04-cloakroom", "04b-the-claim", "04c-gifts")
ALIGNMENT_LESSONS = ("05-common-criteria", "06b-capstone-memo")


class Span(NamedTuple):
    """A range from ``low`` to ``high``, both included: ticket numbers, or the values a
    company's products take (the lowest and the highest are both reached)."""

    low: float
    high: float


@dataclass(frozen=True)
class Assumption:
    """One assumption of the model.

    Attributes:
        name: Its short name, as the code looks it up (``value(name)``).
        topic: The section of docs/model.md it belongs to, a key of :data:`TOPICS`.
        what: What is assumed, in one or two sentences.
        value: The value the code uses (a number, a tuple, a mapping, a :class:`Span`, or
            a short text for a rule).
        unit: The value's unit, or "" when it has none.
        source: Where the value comes from: a reference of :data:`REFERENCES` by author
            and year, one of the article's cases, or "assumed for teaching", possibly
            followed by a short note.
        lessons: The lessons that rely on it, by folder name (``"04-cloakroom"``).
    """

    name: str
    topic: str
    what: str
    value: Any
    unit: str
    source: str
    lessons: tuple[str, ...]


def registry(*entries: Assumption) -> dict[str, Assumption]:
    """The entries by name, in order; mappings made read-only.

    Raises:
        ValueError: for a name given twice or an unknown topic.
    """
    registry = {}
    for entry in entries:
        if entry.name in registry:
            raise ValueError(
                _("assumption {entry_name!r} is registered twice").format(entry_name=entry.name)
            )
        if entry.topic not in TOPICS:
            raise ValueError(
                _("assumption {entry_name!r}: unknown topic {entry_topic!r}").format(
                    entry_name=entry.name, entry_topic=entry.topic
                )
            )
        if isinstance(entry.value, Mapping):  # read-only, like the tuples
            entry = replace(entry, value=MappingProxyType(dict(entry.value)))
        registry[entry.name] = entry
    return registry
