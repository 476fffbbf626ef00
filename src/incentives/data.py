"""The course's sample data: load any table by name, typed and validated.

    from incentives.data import load
    leads = load("leads")

Every table is a CSV shipped inside the package (the repository's ``data/`` folder), so
loading works from any folder: a lesson, a solution, nbgrader's grading folders, or an
installed copy of the course library. ``SCHEMAS`` below is the data dictionary: every
column's type, unit and meaning, and the checks a file must pass. data/README.md shows the
same tables, generated from it.

A file that does not match (a missing column, text in a numeric column, a negative cost)
raises :class:`DataFileError`, whose message names the file, the column and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["Column", "SCHEMAS", "DataFileError", "load", "table_names", "data_path"]

PACKAGE = "incentives.sample_data"


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


class DataFileError(ValueError):
    """A data file that does not match its schema; the message names file, column, problem."""


def table_names() -> list[str]:
    """The tables ``load`` knows, e.g. ``["campaigns", "leads", ...]``."""
    return sorted(SCHEMAS)


def data_path(name: str, data_dir: Path | None = None) -> Path:
    """Where table ``name`` is stored (``data_dir`` overrides the shipped folder)."""
    if name not in SCHEMAS:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(table_names())}")
    folder = Path(data_dir) if data_dir is not None else Path(str(resources.files(PACKAGE)))
    return folder / f"{name}.csv"


def load(name: str, *, data_dir: Path | str | None = None, validate: bool = True) -> pd.DataFrame:
    """Load table ``name`` with proper types: dates as datetimes, categories as categories.

    Args:
        name: A table name (see :func:`table_names`).
        data_dir: Read the CSV from this folder instead of the shipped data.
        validate: Check the file against its schema (on by default).

    Returns:
        A DataFrame whose columns follow ``SCHEMAS[name]``.

    Raises:
        KeyError: for an unknown table name.
        DataFileError: when the file is missing, unreadable or breaks its schema.
    """
    path = data_path(name, data_dir)
    columns = SCHEMAS[name]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise DataFileError(f"{path.name}: file not found at {path}") from None
    except pd.errors.EmptyDataError:
        raise DataFileError(f"{path.name}: the file is empty (not even a header row)") from None
    except OSError as error:
        raise DataFileError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataFileError(f"{path.name}: not a readable CSV file ({error})") from None
    if validate:
        problems = _problems(raw, columns)
        if problems:
            shown = "\n".join(f"  - {p}" for p in problems[:10])
            more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
            raise DataFileError(f"{path.name} does not match its schema:\n{shown}{more}")
    return _typed(raw, columns)


def _typed(raw: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    out = {}
    for column in columns:
        values = raw[column.name]
        if column.kind == "int":
            out[column.name] = pd.to_numeric(values).astype("int64")
        elif column.kind == "float":
            out[column.name] = pd.to_numeric(values).astype("float64")
        elif column.kind == "bool":
            out[column.name] = values.map({"True": True, "False": False}).astype(bool)
        elif column.kind in ("date", "datetime"):
            out[column.name] = pd.to_datetime(values)
        elif column.kind == "category":
            out[column.name] = pd.Categorical(values, categories=list(column.values))
        else:
            out[column.name] = values.astype("string")
    return pd.DataFrame(out)


def _schema(columns: list[Column]):
    """The pandera schema that checks a table read as text, column by column."""
    import pandera.pandas as pa

    number = r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"
    checks_by_kind = {
        "int": [pa.Check.str_matches(r"^-?\d+$", error="not a whole number")],
        "float": [pa.Check.str_matches(number, error="not a number")],
        "bool": [pa.Check.isin(["True", "False"], error="not True or False")],
        "date": [pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="not a date YYYY-MM-DD")],
        "datetime": [
            pa.Check.str_matches(
                r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$", error="not a date and time"
            )
        ],
    }
    schema_columns = {}
    for column in columns:
        checks = list(checks_by_kind.get(column.kind, []))
        if column.values is not None:
            checks.append(pa.Check.isin(list(column.values), error=f"not one of {column.values}"))
        if column.low is not None:
            checks.append(_numeric_check(pa, ">=", column.low))
        if column.high is not None:
            checks.append(_numeric_check(pa, "<=", column.high))
        schema_columns[column.name] = pa.Column(
            str, checks=checks, nullable=column.nullable, unique=column.unique
        )
    return pa.DataFrameSchema(schema_columns, strict=True, ordered=True)


def _numeric_check(pa, operator: str, bound: float):
    def check(values: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(values, errors="coerce")
        ok = numbers >= bound if operator == ">=" else numbers <= bound
        return ok | numbers.isna()  # text is reported by the "not a number" check

    word = "below" if operator == ">=" else "above"
    return pa.Check(check, element_wise=False, error=f"{word} the allowed {bound:g}")


def _problems(raw: pd.DataFrame, columns: list[Column]) -> list[str]:
    import pandera.errors

    try:
        _schema(columns).validate(raw, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return [_describe(row) for row in errors.failure_cases.itertuples()]
    return []


def _describe(row) -> str:
    check = str(row.check)
    column = row.column
    case = row.failure_case
    if check == "column_in_dataframe":
        return f"column {case!r} is missing"
    if check == "column_in_schema":
        return f"column {case!r} is not expected"
    if check == "column_ordered":
        return f"column {case!r} is out of order (expected: the order in data/README.md)"
    where = "" if row.index is None or pd.isna(row.index) else f", row {int(row.index) + 2}"
    if check == "not_nullable":
        return f"column {column!r}{where}: empty cell"
    if check == "field_uniqueness":
        return f"column {column!r}{where}: {case!r} appears more than once"
    return f"column {column!r}{where}: {case!r} is {check}"
