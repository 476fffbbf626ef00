"""Load a shipped table by name, typed and validated against the data dictionary.

A file that does not match (a missing column, text in a numeric column, a negative cost)
raises :class:`DataFileError`, whose message names the file, the column and the problem.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from incentives.data.schemas import SCHEMAS, Column, table_names

__all__ = ["DataFileError", "load", "data_path", "shipped_dir"]


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


def data_path(name: str, data_dir: Path | None = None) -> Path:
    """Where table ``name`` is stored (``data_dir`` overrides the shipped folder)."""
    if name not in SCHEMAS:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(table_names())}")
    folder = Path(data_dir) if data_dir is not None else shipped_dir()
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
