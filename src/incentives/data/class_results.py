"""The classroom game's export: one row per firm and month, as the game writes it.

The game (game/, an oTree project) offers it on its admin Data page as the app's custom
export; lesson 07 reads it, an instructor's class or the shipped bot-played sample alike.
``COLUMNS`` is the contract between the two: the game writes these columns in this order.

    from incentives.data.class_results import load_class_results
    results = load_class_results()                    # the shipped sample class
    results = load_class_results("conflict_2026.csv") # a class's own export

:func:`load_class_results` checks the file (with pandera, as :mod:`incentives.data.loader`
checks the course's tables) and raises :class:`ClassResultsError` naming the problem: an
empty file, another of oTree's exports, a missing column, text in a numeric column, a
phase 1 row with a common goal, a firm's month given twice.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from incentives.data.loader import DataFileError, _describe, listed, shipped_dir

__all__ = [
    "COLUMNS",
    "ENVIRONMENT_VARIABLE",
    "ClassResultsError",
    "class_results_path",
    "load_class_results",
    "sample_path",
]

# column: what it holds
COLUMNS = {
    "session": "the oTree session's code",
    "firm": "the firm's number in the session, from 1",
    "firm_size": "players in the firm: 2 (marketing, sales) or 3 (with the leader)",
    "company": "the company the session plays, by name (Company X or Velora)",
    "month": "the month, from 1 (oTree's round number)",
    "phase": "1: each department paid on its own metric; 2: on the common criteria",
    "common_goal": "phase 2's common goal, 'revenue' or 'profit'; empty in phase 1",
    "lead_source_info": "whether sales saw each lead's source (hot or cold); False in phase 1",
    "criteria_by": "who set phase 2's criteria, 'leader' or 'instructor'; empty in phase 1",
    "ad_spend_eur": "marketing's budgets, all campaigns, EUR",
    "small_ticket_ad_spend_eur": "marketing's budgets on the small-ticket campaigns, EUR",
    "leads": "leads the campaigns brought",
    "cost_per_lead_eur": "ad spend / leads, EUR; empty without leads",
    "deals": "expected deals won",
    "revenue_eur": "revenue, EUR",
    "gross_margin_eur": "revenue less the cost of what was sold, EUR",
    "hours_used": "the sales team's hours spent on leads",
    "profit_eur": "the company's profit for the month, EUR (after ad spend and sales' pay)",
    "marketing_pay_eur": "marketing's bonus for the month, EUR",
    "sales_pay_eur": "sales' commission or share for the month, EUR",
    "target_leads": "marketing's leads target",
    "target_cost_per_lead_eur": "marketing's cost-per-lead ceiling, EUR",
    "target_revenue_eur": "sales' revenue target, EUR",
    "target_profit_eur": "the company's profit target, EUR",
}

INTEGERS = ("firm", "firm_size", "month", "phase")
TEXT = ("session", "company", "common_goal", "criteria_by")
BOOLEANS = ("lead_source_info",)
NULLABLE = ("cost_per_lead_eur",)
FLOATS = tuple(c for c in COLUMNS if c not in (*INTEGERS, *TEXT, *BOOLEANS))
GOALS = ("revenue", "profit")
TRUE, FALSE = ("True", "1"), ("False", "0")  # as Python writes a bool, or as a number
CRITERIA_BY = ("leader", "instructor")

ENVIRONMENT_VARIABLE = "INCENTIVES_CLASS_RESULTS"
"""Names the export lesson 07 reads instead of the sample. Its prefix lets it through to a
graded kernel (``incentives.instructor.sandbox.PASSED_PREFIXES``)."""

SAMPLE = Path("class_results") / "sample.csv"
DOWNLOAD = (
    "download the game's own export instead: on the oTree server's Data page, the custom "
    "export of the app 'conflict' (one row per firm and month)"
)
# Columns that mark oTree's other exports: all_apps_wide.csv and the per-app wide files
# (participant., session., conflict.1.player....), the page times (session_code, page_name).
OTREE_MARKS = ("participant.", "session.", ".player.", ".group.", ".subsession.")
OTREE_NAMES = ("participant_code", "session_code", "page_name", "epoch_time_completed")


class ClassResultsError(DataFileError):
    """A file that is not a readable export of the game; the message names the problem."""


def sample_path() -> Path:
    """The shipped sample export: a class of bot firms of several strategies."""
    return shipped_dir() / SAMPLE


def class_results_path(path: str | os.PathLike | None = None) -> Path:
    """The export to read: ``path``; else the file ``INCENTIVES_CLASS_RESULTS`` names; else
    the shipped sample (:func:`sample_path`)."""
    if path is not None and str(path) != "":
        return Path(path)
    named = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return Path(named) if named else sample_path()


def load_class_results(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read a class's export of the game, checked and typed.

    Args:
        path: The CSV file (oTree writes it in UTF-8 with a byte-order mark). None: the
            file ``INCENTIVES_CLASS_RESULTS`` names, or else the shipped sample.

    Returns:
        One row per firm and month, the columns of :data:`COLUMNS` in their order, sorted by
        session, firm and month: whole numbers as ``int64``, money and counts as
        ``float64`` (``cost_per_lead_eur`` NaN without leads), ``lead_source_info`` as
        bool, text as str (``common_goal`` and ``criteria_by`` ``""`` in phase 1).

    Raises:
        ClassResultsError: naming the file and the problem.
    """
    source = class_results_path(path)
    label = source.name or str(source)
    raw = _read_text(source, label)
    _check_columns(raw, label)
    raw = raw[list(COLUMNS)]
    problems = _problems(raw)
    if problems:
        raise ClassResultsError(listed(f"{label} is not a valid export of the game:", problems))
    return _typed(raw)


def _read_text(source: Path, label: str) -> pd.DataFrame:
    """The file as a table of text, every cell a string ("" when empty)."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise ClassResultsError(f"{label}: file not found ({source})") from None
    except IsADirectoryError:
        raise ClassResultsError(f"{label}: cannot be read (it is a folder)") from None
    except OSError as error:
        raise ClassResultsError(f"{label}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClassResultsError(
            f"{label}: not a UTF-8 text file; the game's export is a CSV in UTF-8 ({DOWNLOAD})"
        ) from None
    if not text.strip():
        raise ClassResultsError(
            f"{label}: the file is empty; an export of the game has a header row and a row "
            "per firm and month (did the session play a month?)"
        )
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        raise ClassResultsError(f"{label}: not a readable CSV file ({error})") from None
    if not isinstance(raw.index, pd.RangeIndex):  # pandas took a first row's extra cell
        raise ClassResultsError(
            f"{label}: row 2 has more cells than the header's {len(raw.columns)} columns"
        )
    return raw


def _check_columns(raw: pd.DataFrame, label: str) -> None:
    columns = [str(c) for c in raw.columns]
    if any(m in c for c in columns for m in OTREE_MARKS) or set(OTREE_NAMES) & set(columns):
        raise ClassResultsError(
            f"{label}: this is another of oTree's exports (such as all_apps_wide.csv, with a "
            f"row per participant and a column per round), not the game's results; {DOWNLOAD}"
        )
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        found = ", ".join(columns[:6]) + (", ..." if len(columns) > 6 else "")
        raise ClassResultsError(
            f"{label}: missing column(s) {', '.join(missing)}; the file's columns are "
            f"{found}. The game's export has {len(COLUMNS)} columns, from 'session' to "
            f"'target_profit_eur' ({DOWNLOAD})"
        )
    if raw.empty:
        raise ClassResultsError(
            f"{label}: a header but no rows; did the session play a month? ({DOWNLOAD})"
        )


def _schema():
    """The pandera schema of the export read as text."""
    import pandera.pandas as pa

    number = r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"
    is_number = pa.Check.str_matches(number, error="not a number")

    def at_least(low: int, error: str):
        return pa.Check(
            lambda s: pd.to_numeric(s, errors="coerce").fillna(low) >= low,
            element_wise=False,
            error=error,
        )

    columns = {
        "session": pa.Column(str, pa.Check.str_length(min_value=1, error="empty")),
        "company": pa.Column(str, pa.Check.str_length(min_value=1, error="empty")),
        "common_goal": pa.Column(str, pa.Check.isin(["", *GOALS], error="not revenue or profit")),
        "criteria_by": pa.Column(
            str, pa.Check.isin(["", *CRITERIA_BY], error="not leader or instructor")
        ),
        "lead_source_info": pa.Column(
            str, pa.Check.isin([*TRUE, *FALSE], error="not True or False")
        ),
        "firm": pa.Column(str, [_whole(pa), at_least(1, "below 1")]),
        "month": pa.Column(str, [_whole(pa), at_least(1, "below 1")]),
        "firm_size": pa.Column(str, pa.Check.isin(["2", "3"], error="not 2 or 3")),
        "phase": pa.Column(str, pa.Check.isin(["1", "2"], error="not 1 or 2")),
    }
    for name in FLOATS:
        check = is_number
        if name in NULLABLE:
            check = pa.Check(
                lambda s: (s == "") | s.str.fullmatch(number),
                element_wise=False,
                error="not a number",
            )
        columns[name] = pa.Column(str, check)
    return pa.DataFrameSchema(columns, unique=["session", "firm", "month"], ordered=False)


def _whole(pa):
    return pa.Check.str_matches(r"^-?\d+$", error="not a whole number")


def _problems(raw: pd.DataFrame) -> list[str]:
    import pandera.errors

    try:
        _schema().validate(raw, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        found = []
        for row in errors.failure_cases.itertuples():
            if str(row.check) == "multiple_fields_uniqueness":
                where = "" if pd.isna(row.index) else f"row {int(row.index) + 2}: "
                found.append(f"{where}a firm's month appears more than once ({row.column})")
            else:
                found.append(_describe(row).replace("''", "an empty cell"))
        return list(dict.fromkeys(found))
    return _phase_problems(raw)


def _phase_problems(raw: pd.DataFrame) -> list[str]:
    """Rows whose phase and common goal disagree: phase 1 has none, phase 2 has one."""
    found = []
    rules = {
        "a phase 1 row with a common goal": (raw["phase"] == "1") & (raw["common_goal"] != ""),
        "a phase 2 row without a common goal (revenue or profit)": (raw["phase"] == "2")
        & (raw["common_goal"] == ""),
    }
    for problem, wrong in rules.items():
        found += [f"row {index + 2}: {problem}" for index in raw.index[wrong]]
    return found


def _typed(raw: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for name in COLUMNS:
        values = raw[name]
        if name in INTEGERS:
            out[name] = pd.to_numeric(values).astype("int64")
        elif name in BOOLEANS:
            out[name] = values.isin(TRUE)
        elif name in TEXT:
            out[name] = values.astype(str)
        else:
            out[name] = pd.to_numeric(values.replace("", None)).astype("float64")
    table = pd.DataFrame(out)
    return table.sort_values(["session", "firm", "month"], kind="stable").reset_index(drop=True)
