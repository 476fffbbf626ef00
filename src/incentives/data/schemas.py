"""The data dictionary: every table's columns, with type, unit, meaning and allowed values.

``SCHEMAS`` maps a table name to its columns. The loader (:mod:`incentives.data.loader`)
checks each file against it, and data/README.md shows the same tables, rendered from it by
the maintainers' data tool (``make data``).

A company is a folder of files (``COMPANY_TABLES``): ``company.csv`` (one row: its name, its
two product categories in its own words, targets, the pay plan in force, the month the model
simulates), ``products.csv``, ``campaigns.csv``, ``campaign_products.csv`` (each campaign's
product mix), ``reps.csv`` and, for a shipped company, ``leads.csv``. The shipped companies
are folders under data/ (``company_x``, ``velora``); a learner's own company is any folder
of files in the same schema. ``restaurant_visits.csv`` belongs to no company.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Column",
    "SCHEMAS",
    "COMPANY_TABLES",
    "REQUIRED_COMPANY_TABLES",
    "SHARED_TABLES",
    "CHANNELS",
    "OUTCOMES",
    "SEGMENTS",
    "MIXED",
    "table_names",
]


@dataclass(frozen=True)
class Column:
    """One column of a table in the data dictionary.

    Args:
        name: Column name in the CSV.
        kind: ``int``, ``float``, ``str``, ``bool``, ``date``, ``datetime``, ``category``
            (one of ``values``) or ``company_category`` (one of the two categories the
            company's own ``company.csv`` declares, or one of ``values``).
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
MIXED = "mixed"  # a campaign's target category when it brings both kinds of lead


def _lead_columns() -> list[Column]:
    return [
        Column("lead_id", "str", "-", "Unique id of the lead.", unique=True),
        Column("created_at", "datetime", "local time", "When the lead called or wrote in."),
        Column("month", "str", "YYYY-MM", "Calendar month of created_at."),
        Column("channel", "category", "-", "Marketing channel.", values=CHANNELS),
        Column("campaign_id", "str", "-", "Campaign that brought the lead (campaigns file)."),
        Column("landing_page", "str", "URL path", "Page of the website the lead came from."),
        Column("product_id", "str", "-", "Product the lead asked about (products file)."),
        Column(
            "category",
            "company_category",
            "-",
            "The product's category, in the company's words (company file).",
        ),
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
            "company_category",
            "-",
            "The category of product it advertises, or mixed for both.",
            values=(MIXED,),
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
        Column(
            "category",
            "company_category",
            "-",
            "Big-ticket or small-ticket, in the company's words (company file).",
        ),
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


def _company_columns() -> list[Column]:
    share = {"low": 0, "high": 1, "nullable": True}
    return [
        Column("company_name", "str", "-", "The company's name, as labs and charts show it."),
        Column(
            "big_ticket_category",
            "str",
            "-",
            "Its word for the big-ticket kind of product (gate, bike).",
        ),
        Column(
            "small_ticket_category",
            "str",
            "-",
            "Its word for the small-ticket kind of product (part, service).",
        ),
        Column("data_year", "int", "year", "The year its leads table covers.", low=2000, high=2100),
        Column(
            "model_month",
            "month",
            "YYYY-MM",
            "The month the model simulates: the campaigns running and the reps on the team then.",
        ),
        Column("fixed_costs_eur", "float", "EUR per month", "Costs that no plan changes.", low=0),
        Column("target_leads", "float", "count", "Marketing's target: leads a month.", low=0,
               nullable=True),
        Column("target_cost_per_lead_eur", "float", "EUR per lead",
               "Marketing's target: highest blended cost per lead.", low=0, nullable=True),
        Column("target_revenue_eur", "float", "EUR per month", "Sales' target: revenue.", low=0,
               nullable=True),
        Column("target_profit_eur", "float", "EUR per month", "The company's target: profit.",
               nullable=True),
        Column("plan", "str", "-", "How the reps are paid now: a kind of the model's plan "
               "catalogue (incentives.model.plans), which also says the columns it needs."),
        Column("plan_rate", "float", "share",
               "revenue_share, margin_share: the rate; team_pool: the share of profit; "
               "tiered_revenue: the rate from the threshold up.", **share),
        Column("plan_rate_below", "float", "share",
               "tiered_revenue: the rate below the threshold.", **share),
        Column("plan_threshold_eur", "float", "EUR",
               "tiered_revenue: the deal value from which the higher rate applies.", low=0,
               nullable=True),
        Column("plan_fee_eur", "float", "EUR per deal", "flat_fee: the fee per won deal.", low=0,
               nullable=True),
    ]  # fmt: skip


SCHEMAS: dict[str, list[Column]] = {
    "company": _company_columns(),
    "leads": _lead_columns(),
    "campaigns": _campaign_columns(),
    "products": _product_columns(),
    "campaign_products": [
        Column("campaign_id", "str", "-", "The campaign (campaigns file)."),
        Column("product_id", "str", "-", "A product its leads ask about (products file)."),
        Column(
            "share",
            "float",
            "share",
            "Share of the campaign's leads asking about this product; 1 per campaign.",
            low=0,
            high=1,
        ),
    ],
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
COMPANY_TABLES = ("company", "products", "campaigns", "campaign_products", "reps", "leads")
"""The files of one company's folder, in reading order."""
REQUIRED_COMPANY_TABLES = COMPANY_TABLES[:-1]
"""What the model needs; a company without a leads table runs in the labs but has no replay."""
SHARED_TABLES = ("restaurant_visits",)
"""Tables of no company, in data/ itself."""


def table_names() -> list[str]:
    """The tables ``load`` knows, e.g. ``["campaigns", "leads", ...]``."""
    return sorted(SCHEMAS)
