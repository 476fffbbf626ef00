"""Load a shipped table by name, or a whole company from its folder, typed and validated.

A file that does not match the data dictionary (a missing column, text in a numeric
column, a negative cost, a category its company does not declare) raises
:class:`DataFileError`, whose message names the file, the column, the row and the problem.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pandas as pd

from incentives.data.schemas import SCHEMAS, SHARED_TABLES, Column, table_names
from incentives.i18n import _

__all__ = ["DataFileError", "load", "data_path", "shipped_dir", "companies", "DEFAULT_COMPANY"]

DEFAULT_COMPANY = "company_x"
"""The article's gate company: the company a table or a lab means when none is named."""


class DataFileError(ValueError):
    """A data file that does not match its schema; the message names file, column, problem."""


def shipped_dir() -> Path:
    """The folder of the tables shipped with the course.

    An installed copy of the library carries them as package data (``incentives/data/files``,
    see pyproject.toml); an editable install, as ``make`` sets up, reads the checkout's
    ``data/`` folder itself, so a regenerated file is seen at once.
    """
    installed = Path(str(resources.files(__package__))) / "files"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "data"


def companies() -> list[str]:
    """The companies shipped with the course, e.g. ``["company_x", "velora"]``."""
    return sorted(p.parent.name for p in shipped_dir().glob("*/company.csv"))


def company_dir(company: str | Path = DEFAULT_COMPANY) -> Path:
    """The folder of a company's files: a shipped company's name, or any folder."""
    if isinstance(company, str) and company in companies():
        return shipped_dir() / company
    folder = Path(company)
    if not folder.is_dir():
        known = ", ".join(companies())
        raise DataFileError(
            f"{company!s}: neither a shipped company ({known}) nor a folder of company files"
        )
    return folder


def data_path(
    name: str, data_dir: Path | str | None = None, *, company: str | Path = DEFAULT_COMPANY
) -> Path:
    """Where table ``name`` is stored.

    Args:
        name: A table name (see :func:`table_names`).
        data_dir: The folder to read from instead (a company's folder for company tables).
        company: For a company table: a shipped company's name, or a folder of its files.
    """
    if name not in SCHEMAS:
        raise KeyError(
            _("unknown table {name!r}; known: {known}").format(
                name=name, known=", ".join(table_names())
            )
        )
    if data_dir is not None:
        folder = Path(data_dir)
    elif name in SHARED_TABLES:
        folder = shipped_dir()
    else:
        folder = company_dir(company)
    return folder / f"{name}.csv"


def load(
    name: str,
    *,
    company: str | Path = DEFAULT_COMPANY,
    data_dir: Path | str | None = None,
    validate: bool = True,
) -> pd.DataFrame:
    """Load table ``name`` with proper types: dates as datetimes, categories as categories.

    Args:
        name: A table name (see :func:`table_names`), e.g. ``"leads"``.
        company: Whose table: ``"company_x"`` (the default), ``"velora"``, or the folder of
            a company of your own. Ignored for ``restaurant_visits``.
        data_dir: Read the CSV from this folder instead.
        validate: Check the file against its schema (on by default). A shipped file whose
            checksum is the one in ``SHA256SUMS`` is the file the course's tests checked, so
            it is not checked again (that saves a kernel the schema library's import); any
            other file, an edited shipped file included, is checked.

    Returns:
        A DataFrame whose columns follow ``SCHEMAS[name]``. A category column holds the
        company's own two categories (from its ``company.csv``), big-ticket first.

    Raises:
        KeyError: for an unknown table name.
        DataFileError: when the file is missing, unreadable or breaks its schema.
    """
    path = data_path(name, data_dir, company=company)
    categories = None
    if any(c.kind == "company_category" for c in SCHEMAS[name]):
        settings = load("company", data_dir=path.parent, validate=validate)
        categories = declared_categories(settings)
    validate = validate and not is_shipped_unchanged(path)
    return read_table(name, path.name, lambda: path, validate=validate, categories=categories)


def is_shipped_unchanged(path: Path) -> bool:
    """Whether ``path`` is a shipped data file, byte for byte as listed in ``SHA256SUMS``."""
    folder = shipped_dir().resolve()
    try:
        relative = Path(path).resolve().relative_to(folder).as_posix()
    except ValueError:
        return False
    expected = _shipped_checksums(folder).get(relative)
    if expected is None:
        return False
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() == expected
    except OSError:
        return False


@functools.cache
def _shipped_checksums(folder: Path) -> dict[str, str]:
    """``SHA256SUMS`` of the shipped folder as ``{relative path: hex digest}``."""
    try:
        lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    return {name.strip(): digest for digest, _, name in (line.partition("  ") for line in lines)}


def declared_categories(settings: pd.DataFrame) -> tuple[str, str]:
    """A company's two categories, big-ticket first, from its ``company`` table."""
    row = settings.iloc[0]
    return (str(row["big_ticket_category"]), str(row["small_ticket_category"]))


def read_table(name: str, label: str, source, *, validate=True, categories=None) -> pd.DataFrame:
    """Read one table from ``source()`` (a path or a file-like object), typed and checked.

    Args:
        name: The table's name in the data dictionary.
        label: What error messages call the file, e.g. ``"leads.csv"``.
        source: A function returning what ``pandas.read_csv`` reads.
        validate: Check the table against its schema.
        categories: The company's declared categories, for ``company_category`` columns.
    """
    columns = SCHEMAS[name]
    try:
        raw = pd.read_csv(source(), dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise DataFileError(_("{label}: file not found").format(label=label)) from None
    except pd.errors.EmptyDataError:
        raise DataFileError(
            _("{label}: the file is empty (not even a header row)").format(label=label)
        ) from None
    except IsADirectoryError:
        raise DataFileError(
            _("{label}: cannot be read (it is a folder)").format(label=label)
        ) from None
    except OSError as error:
        raise DataFileError(
            _("{label}: cannot be read ({reason})").format(
                label=label, reason=error.strerror or error
            )
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataFileError(
            _("{label}: not a readable CSV file ({error})").format(label=label, error=error)
        ) from None
    if not isinstance(raw.index, pd.RangeIndex):  # pandas took a first row's extra cell
        raise DataFileError(  # for an index column
            f"{label}: row 2 has more cells than the header's {len(raw.columns)} columns"
        )
    if validate:
        problems = _problems(raw, columns, categories)
        if problems:
            raise DataFileError(
                listed(_("{label} does not match its schema:").format(label=label), problems)
            )
    return _typed(raw, columns, categories)


def read_uploaded(name: str, files: Mapping[str, bytes | str], categories=None) -> pd.DataFrame:
    """Read table ``name`` from uploaded files, ``{"products.csv": b"...", ...}``."""
    label = f"{name}.csv"
    if label not in files:
        raise DataFileError(
            _("{label}: file not found among the uploaded files").format(label=label)
        )
    content = files[label]
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    return read_table(name, label, lambda: io.BytesIO(data), categories=categories)


def listed(title: str, problems: list[str]) -> str:
    """A message: ``title``, then the first ten ``problems``, one a line, and how many more."""
    shown = "\n".join(f"  - {p}" for p in problems[:10])
    more = _("... and {n} more").format(n=len(problems) - 10) if len(problems) > 10 else ""
    more = f"\n  {more}" if more else ""
    return f"{title}\n{shown}{more}"


def _typed(raw: pd.DataFrame, columns: list[Column], categories=None) -> pd.DataFrame:
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
        elif column.kind == "company_category":
            allowed = [*(categories or sorted(set(values.dropna()))), *(column.values or ())]
            out[column.name] = pd.Categorical(values, categories=allowed)
        else:
            out[column.name] = values.astype("string")
    return pd.DataFrame(out)


def _schema(columns: list[Column], categories=None):
    """The pandera schema that checks a table read as text, column by column."""
    import pandera.pandas as pa

    number = r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"
    checks_by_kind = {
        "int": [pa.Check.str_matches(r"^-?\d+$", error="not a whole number")],
        "float": [pa.Check.str_matches(number, error="not a number")],
        "bool": [pa.Check.isin(["True", "False"], error="not True or False")],
        "date": [pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="not a date YYYY-MM-DD")],
        "month": [pa.Check.str_matches(r"^\d{4}-(0[1-9]|1[0-2])$", error="not a month YYYY-MM")],
        "datetime": [
            pa.Check.str_matches(
                r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$", error="not a date and time"
            )
        ],
    }
    schema_columns = {}
    for column in columns:
        checks = list(checks_by_kind.get(column.kind, []))
        allowed = column.values
        if column.kind == "company_category":
            allowed = (*(categories or ()), *(column.values or ())) if categories else None
        if allowed is not None:
            words = ", ".join(allowed)
            checks.append(pa.Check.isin(list(allowed), error=f"not one of: {words}"))
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


def _problems(raw: pd.DataFrame, columns: list[Column], categories=None) -> list[str]:
    import pandera.errors

    try:
        _schema(columns, categories).validate(raw, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return [_describe(row) for row in errors.failure_cases.itertuples()]
    return []


def _describe(row) -> str:
    check = str(row.check)
    column = row.column
    case = row.failure_case
    if check == "column_in_dataframe":
        return _("column {case!r} is missing").format(case=case)
    if check == "column_in_schema":
        return _("column {case!r} is not expected").format(case=case)
    if check == "column_ordered":
        message = _("column {case!r} is out of order (expected: the order in data/README.md)")
        return message.format(case=case)
    if row.index is None or pd.isna(row.index):
        where = ""
    else:
        where = _(", row {row}").format(row=int(row.index) + 2)
    if check == "not_nullable":
        return _("column {column!r}{where}: empty cell").format(column=column, where=where)
    if check == "field_uniqueness":
        message = _("column {column!r}{where}: {case!r} appears more than once")
        return message.format(column=column, where=where, case=case)
    message = _("column {column!r}{where}: {case!r} is {check}")
    return message.format(column=column, where=where, case=case, check=check)
