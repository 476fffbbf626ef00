"""The data dictionary: every table's columns, with type, unit, meaning and allowed values.

``SCHEMAS`` maps a table name to its columns. The loader (:mod:`incentives.data.loader`)
checks each file against it, and data/README.md shows the same tables, rendered from it by
the maintainers' data tool (``make data``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Column", "SCHEMAS", "CHANNELS", "OUTCOMES", "SEGMENTS", "table_names"]


@dataclass(frozen=True)
class Column:
    """One column of a table in the data dictionary.

    Args:
        name: Column name in the CSV.
        kind: ``int``, ``float``, ``str``, ``bool``, ``date``, ``datetime`` or ``category``.
        unit: Unit of the values (``EUR``, ``minutes``, ``count``, ``-`` for none).
        meaning: What a value says, in one sentence.
        nullable: Whether empty cells are allowed.
        low: Smallest allowed value, if any.
        high: Largest allowed value, if any.
        values: The allowed values of a ``category`` or ``str`` column, if fixed.
        unique: Whether every value must differ (an id).
    """

    name: str
    kind: str
    unit: str
    meaning: str
    nullable: bool = False
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] | None = None
    unique: bool = False


CHANNELS = ("paid_search", "paid_social", "organic", "referral")
OUTCOMES = ("won", "lost", "not_contacted")
SEGMENTS = ("student", "standard", "vip")


def _lead_columns() -> list[Column]:
    return [
        Column("lead_id", "str", "-", "Unique id of the lead.", unique=True),
        Column("created_at", "datetime", "local time", "When the lead called or wrote in."),
        Column("month", "str", "YYYY-MM", "Calendar month of created_at."),
        Column("channel", "category", "-", "Marketing channel.", values=CHANNELS),
        Column("campaign_id", "str", "-", "Campaign that brought the lead (campaigns file)."),
        Column("landing_page", "str", "URL path", "Page of the website the lead came from."),
        Column("product_id", "str", "-", "Product the lead asked about (products file)."),
        Column("category", "category", "-", "gate or part.", values=("gate", "part")),
        Column("cost_eur", "float", "EUR", "Ad spend attributed to this lead.", low=0),
        Column("rep_id", "str", "-", "Sales rep the lead was assigned to (reps file)."),
        Column("contacted", "bool", "-", "Whether a rep got in touch with the lead."),
        Column(
            "first_response_minutes",
            "float",
            "minutes",
            "Time from the lead's arrival to the rep's first contact; empty if never.",
            nullable=True,
            low=0,
        ),
        Column("outcome", "category", "-", "won, lost or not_contacted.", values=OUTCOMES),
        Column("deal_value_eur", "float", "EUR", "Revenue of the deal; 0 unless won.", low=0),
        Column(
            "gross_margin_eur",
            "float",
            "EUR",
            "Deal value less cost of goods; 0 unless won.",
            low=0,
        ),
    ]


def _campaign_columns() -> list[Column]:
    return [
        Column("campaign_id", "str", "-", "Unique id of the campaign.", unique=True),
        Column("campaign_name", "str", "-", "Name used in the lessons."),
        Column("channel", "category", "-", "Marketing channel.", values=CHANNELS),
        Column("landing_page", "str", "URL path", "Page the ads link to."),
        Column(
            "target_category",
            "category",
            "-",
            "gate, part or mixed.",
            values=("gate", "part", "mixed"),
        ),
        Column("start_date", "date", "date", "First day the campaign ran."),
        Column("end_date", "date", "date", "Last day the campaign ran."),
        Column("monthly_budget_eur", "float", "EUR per month", "Planned spend per month.", low=0),
        Column("cost_per_lead_eur", "float", "EUR per lead", "Planned price of one lead.", low=0),
    ]


def _product_columns() -> list[Column]:
    return [
        Column("product_id", "str", "-", "Unique id of the product.", unique=True),
        Column("product_name", "str", "-", "What the customer buys."),
        Column("category", "category", "-", "gate or part.", values=("gate", "part")),
        Column("price_eur", "float", "EUR", "List price of one sale (deal value).", low=0),
        Column("margin_rate", "float", "share", "Gross margin as a share of price.", low=0, high=1),
        Column(
            "win_ceiling",
            "float",
            "probability",
            "Win probability with unlimited selling time.",
            low=0,
            high=1,
        ),
        Column(
            "time_constant_hours",
            "float",
            "hours",
            "Selling time for about 63% of the ceiling.",
            low=0,
        ),
        Column("min_hours", "float", "hours", "Least time that counts as working a lead.", low=0),
    ]


SCHEMAS: dict[str, list[Column]] = {
    "leads": _lead_columns(),
    "campaigns": _campaign_columns(),
    "products": _product_columns(),
    "reps": [
        Column("rep_id", "str", "-", "Unique id of the rep.", unique=True),
        Column("rep_name", "str", "-", "First name (invented)."),
        Column("hours_per_month", "float", "hours", "Selling hours a month.", low=0, high=200),
        Column("start_date", "date", "date", "When the rep joined."),
    ],
    "restaurant_visits": [
        Column("visit_id", "str", "-", "Unique id of the party's visit.", unique=True),
        Column("evening", "date", "date", "Date of the evening."),
        Column(
            "scheme",
            "category",
            "-",
            "before: queue order, no gifts; after: the attendant's segments, VIP first, gifts.",
            values=("before", "after"),
        ),
        Column("ticket", "int", "-", "Cloakroom ticket number.", low=1, high=100),
        Column("segment", "category", "-", "student, standard or vip.", values=SEGMENTS),
        Column("party_size", "int", "guests", "Guests in the party.", low=1, high=12),
        Column("arrival_minute", "float", "minutes after 18:00", "When the party arrived.", low=0),
        Column("wait_minutes", "float", "minutes", "Wait for a waiter to take the order.", low=0),
        Column("gift", "bool", "-", "Whether the party got a gift (coffee or dessert)."),
        Column("bill_ron", "float", "RON", "The party's bill.", low=0),
        Column("tip_ron", "float", "RON", "The party's tip.", low=0),
    ],
}
# The capstone's company has tables of the same shape as Company X's.
for _name in ("leads", "campaigns", "products"):
    SCHEMAS[f"capstone_{_name}"] = SCHEMAS[_name]


def table_names() -> list[str]:
    """The tables ``load`` knows, e.g. ``["campaigns", "leads", ...]``."""
    return sorted(SCHEMAS)
