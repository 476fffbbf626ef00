"""The instructor's side of a session: the class's export and the admin report's charts.

Both read the same rows, one per firm and month played, with the columns of
``incentives.data.class_results.COLUMNS`` in that order: ``custom_export`` is what the admin
Data page offers as the app's custom export (lesson 07 reads it), and
``vars_for_admin_report`` gives the Report tab its charts, as Vega-Lite specs drawn by the
course's Vega bundle, served from this project (_static/conflict/vega.js, `make
game-assets`), and a table per firm. Phase 1 against phase 2, and each department's targets
against the firm's profit: both departments on target while the firm's profit misses its
own, or is a loss, is the article's story.

The chart builders take plain rows (dicts), so the course's tests check them outside oTree;
only the two functions oTree calls import the app.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

from incentives.data.class_results import COLUMNS
from incentives.i18n import N_, money, translation, vega_locale

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # a name: never fetched
# Who met their targets in a month, in the order the charts list them.
TARGETS_MET = (N_("both departments"), N_("marketing only"), N_("sales only"), N_("neither"))
COLOURS = ("#b2182b", "#ef8a62", "#67a9cf", "#999999")  # TARGETS_MET's, in that order
FIRM_ORDER = {"field": "order", "op": "min"}  # Firm 2 before Firm 10
PHASES = {1: N_("phase 1: own metrics"), 2: N_("phase 2: common criteria")}

Row = Mapping[str, object]


# --- the rows, one per firm and month (oTree's models) ----------------------------------------


def firm_month(group) -> dict[str, object]:
    """The export's row of a firm's month, by column (``COLUMNS``' order)."""
    from .rules import budgets_of, company_of, marketing_of

    session = group.session
    company = company_of(session)
    marketing = marketing_of(group)
    small = company.categories[-1]
    small_names = {c.name for c in company.campaigns if company.campaign_category(c) == small}
    budgets = budgets_of(marketing)
    targets = company.targets
    row = dict(
        session=session.code,
        firm=group.id_in_subsession,
        firm_size=len(group.get_players()),
        company=company.name,
        month=group.round_number,
        phase=group.phase,
        common_goal=group.common_goal,
        lead_source_info=bool(group.lead_source_info),
        criteria_by=group.criteria_by,
        ad_spend_eur=group.ad_spend_eur,
        small_ticket_ad_spend_eur=sum(v for name, v in budgets.items() if name in small_names),
        leads=group.leads,
        cost_per_lead_eur=group.field_maybe_none("cost_per_lead_eur"),
        deals=group.deals,
        revenue_eur=group.revenue_eur,
        gross_margin_eur=group.gross_margin_eur,
        hours_used=group.hours_used,
        profit_eur=group.profit_eur,
        marketing_pay_eur=group.marketing_pay_eur,
        sales_pay_eur=group.sales_pay_eur,
        target_leads=targets.leads,
        target_cost_per_lead_eur=targets.cost_per_lead_eur,
        target_revenue_eur=targets.revenue_eur,
        target_profit_eur=targets.profit_eur,
    )
    return {column: row[column] for column in COLUMNS}


def played_groups(players) -> list:
    """The firms' months played so far among ``players``' groups (a month is played once
    its outcome is stored), by session, month and firm."""
    groups = {}
    for player in players:
        group = player.group
        if group.field_maybe_none("profit_eur") is not None:
            groups[group.id] = group
    return sorted(
        groups.values(), key=lambda g: (g.session.code, g.round_number, g.id_in_subsession)
    )


def custom_export(players):
    """oTree's custom export of the app: the header, then one row per firm and month.

    Booleans are written ``True``/``False``, as in the course's other CSV files.
    """
    yield list(COLUMNS)
    for group in played_groups(players):
        yield [_csv_value(value) for value in firm_month(group).values()]


def _csv_value(value):
    if isinstance(value, bool):
        return str(value)
    return value


def vars_for_admin_report(subsession) -> dict[str, object]:
    """The Report tab's charts and table: the whole session, whichever round is picked."""
    from . import C
    from .rules import edition_of

    rounds = subsession.in_rounds(1, C.NUM_ROUNDS)
    players = [player for round_ in rounds for player in round_.get_players()]
    rows = [firm_month(group) for group in played_groups(players)]
    return report_vars(rows, edition_of(subsession.session))


# --- the report, from the rows alone ------------------------------------------------------------


def report_vars(rows: list[Row], language: str = "en") -> dict[str, object]:
    """What admin_report.html shows: a line of summary, the charts' specs as JSON (safe in a
    script element), and the per-firm table, in the session's edition (``language``), with
    the template's own words (``w``)."""
    table = firm_table(rows, language)
    return dict(
        months_played=len(rows),
        firms=len(table),
        summary=summary(rows, language),
        charts_json=script_json(charts(rows, language)),
        firm_rows=table,
        w=report_words(language),
    )


def report_words(language: str = "en") -> dict[str, str]:
    """The admin report's headings, in the edition."""
    return dict(
        the_class=translation("The class", language),
        session=translation("Session", language),
        firm=translation("Firm", language),
        months=translation("Months", language),
        profit_phase_1=translation("Profit a month, phase 1", language),
        profit_phase_2=translation("Phase 2", language),
        change=translation("Change", language),
        on_target_short=translation("Months both on target, profit short", language),
        marketing_pay=translation("Marketing's pay", language),
        sales_pay=translation("Sales' pay", language),
        export=translation(
            "Each month's rows: Data, custom export (one row per firm and month, for lesson 07).",
            language,
        ),
    )


def targets_met(row: Row) -> str:
    """Which departments met their targets this month (one of ``TARGETS_MET``).

    Marketing meets its targets with at least the target leads at no more than the target
    cost per lead; sales with at least the target revenue.
    """
    cpl = row["cost_per_lead_eur"]
    marketing = (
        _number(cpl) is not None
        and row["leads"] >= row["target_leads"]
        and cpl <= row["target_cost_per_lead_eur"]
    )
    sales = row["revenue_eur"] >= row["target_revenue_eur"]
    if marketing and sales:
        return TARGETS_MET[0]
    return TARGETS_MET[1] if marketing else TARGETS_MET[2] if sales else TARGETS_MET[3]


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _names(rows: list[Row], language: str = "en") -> dict[tuple, tuple[str, int]]:
    """Each firm's (name, place) on the charts, by (session, firm): "Firm 3", or "Firm 3
    (session code)" when the rows hold more than one session; places in session and firm
    order (Firm 2 before Firm 10)."""
    firms = sorted({(r["session"], r["firm"]) for r in rows})
    several = len({session for session, _ in firms}) > 1
    named = translation("Firm {firm}", language)
    return {
        (session, firm): (
            named.format(firm=firm) + (f" ({session})" if several else ""),
            place,
        )
        for place, (session, firm) in enumerate(firms)
    }


def firm_table(rows: list[Row], language: str = "en") -> list[dict[str, object]]:
    """Per firm: its average monthly profit in each phase, the change, the months in which
    both departments met their targets and the firm's profit missed its own
    (:func:`on_target_short`), and each department's pay. Sorted by session and firm."""
    firms: dict[tuple, list[Row]] = {}
    for row in rows:
        firms.setdefault((row["session"], row["firm"]), []).append(row)
    table = []
    for (session, firm), months in sorted(firms.items()):
        profit = {p: _mean([r["profit_eur"] for r in months if r["phase"] == p]) for p in (1, 2)}
        change = None if None in profit.values() else profit[2] - profit[1]
        table.append(
            dict(
                session=session,
                firm=firm,
                months=len(months),
                profit_phase_1=_eur(profit[1], language=language),
                profit_phase_2=_eur(profit[2], language=language),
                change=_eur(change, sign=True, language=language),
                on_target_short=sum(on_target_short(r) for r in months),
                marketing_pay=_eur(sum(r["marketing_pay_eur"] for r in months), language=language),
                sales_pay=_eur(sum(r["sales_pay_eur"] for r in months), language=language),
            )
        )
    return table


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _eur(value: float | None, sign: bool = False, language: str = "en") -> str:
    if value is None:
        return "-"
    if language == "en":
        return f"EUR {value:+,.0f}" if sign else f"EUR {value:,.0f}"
    text = money(value, "EUR", 0, language)
    return f"+{text}" if sign and round(value) > 0 else text


def on_target_short(row: Row) -> bool:
    """Whether both departments met their targets and the firm's profit missed its target."""
    return targets_met(row) == TARGETS_MET[0] and row["profit_eur"] < row["target_profit_eur"]


def summary(rows: list[Row], language: str = "en") -> str:
    """One sentence on the class: months played, how many had both departments on target
    and the profit short of its target, and how many lost money."""
    if not rows:
        return translation(
            "No firm has finished a month yet: the charts appear as months are played.",
            language,
        )
    short = sum(on_target_short(r) for r in rows)
    lost = sum(r["profit_eur"] < 0 for r in rows)
    firms = len({(r["session"], r["firm"]) for r in rows})
    return translation(
        "{months} months played by {firms} firms. In {short} of them both departments met "
        "their targets and the profit missed its target; {lost} lost money.",
        language,
    ).format(months=len(rows), firms=firms, short=short, lost=lost)


def charts(rows: list[Row], language: str = "en") -> dict[str, dict]:
    """The report's Vega-Lite specs by element id (none before a month is played), their
    words and numbers in the edition (Vega's number locale in the spec's config)."""
    if not rows:
        return {}
    specs = {
        "chart-targets": targets_chart(rows, language),
        "chart-phases": phases_chart(rows, language),
    }
    locale = vega_locale(language)
    if locale:
        for spec in specs.values():
            spec["config"] = {"locale": locale}
    return specs


def targets_chart(rows: list[Row], language: str = "en") -> dict:
    """Each firm's months: profit against who met their targets, profit's target marked."""
    names = _names(rows, language)
    values = [
        dict(
            firm=names[r["session"], r["firm"]][0],
            order=names[r["session"], r["firm"]][1],
            month=r["month"],
            phase=translation(PHASES[r["phase"]], language),
            profit_eur=r["profit_eur"],
            targets_met=translation(targets_met(r), language),
        )
        for r in rows
    ]
    target = rows[0]["target_profit_eur"]
    points = {
        "mark": {"type": "point", "filled": True, "size": 80},
        "encoding": {
            "x": {
                "field": "profit_eur",
                "type": "quantitative",
                "title": translation("Profit (EUR)", language),
            },
            "y": {"field": "firm", "type": "nominal", "title": None, "sort": FIRM_ORDER},
            "color": {
                "field": "targets_met",
                "type": "nominal",
                "title": translation("Targets met by", language),
                "scale": {
                    "domain": [translation(t, language) for t in TARGETS_MET],
                    "range": list(COLOURS),
                },
            },
            "shape": {"field": "phase", "type": "nominal", "title": translation("Phase", language)},
            "tooltip": [
                {"field": "firm", "type": "nominal"},
                {"field": "month", "type": "ordinal"},
                {
                    "field": "targets_met",
                    "type": "nominal",
                    "title": translation("targets met by", language),
                },
                {"field": "profit_eur", "type": "quantitative", "format": ",.0f"},
            ],
        },
    }
    rules = {
        "data": {
            "values": [
                {"x": 0, "what": translation("no profit", language)},
                {"x": target, "what": translation("target", language)},
            ]
        },
        "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#444444"},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "tooltip": [{"field": "what", "type": "nominal"}],
        },
    }
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": translation(
            "Departments' targets against the firm's profit, each month", language
        ),
        "width": 520,
        "height": {"step": 22},
        "data": {"values": values},
        "layer": [points, rules],
    }


def phases_chart(rows: list[Row], language: str = "en") -> dict:
    """Each firm's average monthly profit, phase 1 beside phase 2."""
    names = _names(rows, language)
    values = [
        dict(
            firm=names[r["session"], r["firm"]][0],
            order=names[r["session"], r["firm"]][1],
            phase=translation(PHASES[r["phase"]], language),
            profit_eur=r["profit_eur"],
        )
        for r in rows
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": translation("Average monthly profit per firm, phase 1 against phase 2", language),
        "width": {"step": 36},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {
                "field": "firm",
                "type": "nominal",
                "title": None,
                "sort": FIRM_ORDER,
                "axis": {"labelAngle": 0},
            },
            "xOffset": {"field": "phase", "type": "nominal"},
            "y": {
                "aggregate": "mean",
                "field": "profit_eur",
                "type": "quantitative",
                "title": translation("Average monthly profit (EUR)", language),
            },
            "color": {
                "field": "phase",
                "type": "nominal",
                "title": translation("Phase", language),
                "scale": {"range": ["#999999", "#2166ac"]},
            },
            "tooltip": [
                {"field": "firm", "type": "nominal"},
                {"field": "phase", "type": "nominal"},
                {
                    "aggregate": "mean",
                    "field": "profit_eur",
                    "type": "quantitative",
                    "format": ",.0f",
                },
            ],
        },
    }


def script_json(value: object) -> str:
    """``value`` as JSON that can sit inside a <script> element (no "</script>" in it)."""
    text = json.dumps(value, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def rows_of(records: Iterable[Mapping[str, object]]) -> list[dict[str, object]]:
    """Rows read back from an export (strings, as csv.DictReader gives them) as the report's
    numbers: for charts of an exported class."""
    counts = {"firm", "firm_size", "month", "phase"}
    texts = {"session", "company", "common_goal", "criteria_by", "lead_source_info"}
    rows = []
    for record in records:
        row = dict(record)
        for column in set(COLUMNS) - texts:
            row[column] = _number(row[column])
        for column in counts:
            row[column] = int(row[column])
        row["lead_source_info"] = row["lead_source_info"] == "True"
        rows.append(row)
    return rows
