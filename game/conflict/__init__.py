"""The conflict, played: a firm of two, marketing and sales, runs months of one company.

Each month marketing types a budget per campaign, then sales, seeing the leads they
brought, types its selling hours per lead type; the course's model
(``incentives.model.decisions.play``) says what follows, and each player sees their own
department's scorecard and pay. Phase 1 pays each department on its own metric and hides
the firm's profit; phase 2 pays both on the session's common goal, with lead-source
information for sales if the session says so.
"""

from __future__ import annotations

import functools
import math

import pandas as pd
from otree.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, Page, WaitPage, models

from incentives.model.build import company_x, velora
from incentives.model.decisions import Rules, best_hours, campaign_names, lead_type_names, play

doc = "Marketing and sales of one firm, each paid as in the article, then on common criteria."

MAX_CAMPAIGNS = 6
MAX_LEAD_TYPES = 12  # 6 lead types, each split in hot and cold with lead-source information
COMPANIES = {"company_x": company_x, "velora": velora}
FIGURES = (
    "leads",
    "ad_spend_eur",
    "cost_per_lead_eur",
    "deals",
    "revenue_eur",
    "gross_margin_eur",
    "hours_used",
    "profit_eur",
    "marketing_pay_eur",
    "sales_pay_eur",
)


class C(BaseConstants):
    NAME_IN_URL = "firm"
    PLAYERS_PER_GROUP = 2
    MAX_ROUNDS_PER_PHASE = 4
    NUM_ROUNDS = 2 * MAX_ROUNDS_PER_PHASE  # a session plays 2 x rounds_per_phase of them
    MARKETING_ROLE = "Marketing"
    SALES_ROLE = "Sales"


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    phase = models.IntegerField()
    leads = models.FloatField()
    ad_spend_eur = models.FloatField()
    cost_per_lead_eur = models.FloatField()  # empty when there are no leads
    deals = models.FloatField()
    revenue_eur = models.FloatField()
    gross_margin_eur = models.FloatField()
    hours_used = models.FloatField()
    profit_eur = models.FloatField()
    marketing_pay_eur = models.FloatField()
    sales_pay_eur = models.FloatField()


def _budget():
    return models.FloatField(min=0, label="EUR")


def _hours():
    return models.FloatField(min=0, label="hours")


class Player(BasePlayer):
    budget_1 = _budget()
    budget_2 = _budget()
    budget_3 = _budget()
    budget_4 = _budget()
    budget_5 = _budget()
    budget_6 = _budget()
    hours_1 = _hours()
    hours_2 = _hours()
    hours_3 = _hours()
    hours_4 = _hours()
    hours_5 = _hours()
    hours_6 = _hours()
    hours_7 = _hours()
    hours_8 = _hours()
    hours_9 = _hours()
    hours_10 = _hours()
    hours_11 = _hours()
    hours_12 = _hours()


# --- the session's company and rules --------------------------------------------------------


@functools.cache
def company_named(name: str):
    """The model company a session plays (built once per server process)."""
    if name not in COMPANIES:
        raise ValueError(f"company must be one of {sorted(COMPANIES)}; got {name!r}")
    return COMPANIES[name]()


def company_of(session):
    return company_named(session.config["company"])


def rounds_played(session) -> int:
    rounds = int(session.config["rounds_per_phase"])
    if not 1 <= rounds <= C.MAX_ROUNDS_PER_PHASE:
        raise ValueError(f"rounds_per_phase must be from 1 to {C.MAX_ROUNDS_PER_PHASE}")
    return 2 * rounds


def phase_of(session, round_number: int) -> int:
    return 1 if round_number <= int(session.config["rounds_per_phase"]) else 2


def rules_of(session, round_number: int) -> Rules:
    """How a month is paid: phase 1 each on its own metric, phase 2 the common criteria."""
    config = session.config
    today = sum(c.budget_eur for c in company_of(session).campaigns)
    limit = float(config["budget_limit_factor"]) * today
    if phase_of(session, round_number) == 1:
        return Rules(max_budget_eur=limit)
    return Rules(
        common_goal=config["common_goal"],
        lead_source_info=bool(config["lead_source_info"]),
        max_budget_eur=limit,
    )


def in_play(player) -> bool:
    return player.round_number <= rounds_played(player.session)


def budget_fields(session) -> list[str]:
    return [f"budget_{i + 1}" for i in range(len(campaign_names(company_of(session))))]


def hours_fields(session, round_number: int) -> list[str]:
    names = lead_type_names(company_of(session), rules_of(session, round_number))
    return [f"hours_{i + 1}" for i in range(len(names))]


def budgets_of(marketing) -> dict[str, float]:
    """Marketing's budgets by campaign name."""
    names = campaign_names(company_of(marketing.session))
    fields = budget_fields(marketing.session)
    return {
        name: marketing.field_maybe_none(field) or 0.0
        for name, field in zip(names, fields, strict=True)
    }


def hours_of(sales) -> dict[str, float]:
    """Sales' hours by lead type name."""
    session, round_number = sales.session, sales.round_number
    names = lead_type_names(company_of(session), rules_of(session, round_number))
    fields = hours_fields(session, round_number)
    return {
        name: sales.field_maybe_none(field) or 0.0
        for name, field in zip(names, fields, strict=True)
    }


def default_budgets(session) -> dict[str, float]:
    """Marketing's default decision, by form field: the company's budgets today."""
    campaigns = company_of(session).campaigns
    return {
        field: float(c.budget_eur)
        for field, c in zip(budget_fields(session), campaigns, strict=True)
    }


def default_hours(group) -> dict[str, float]:
    """Sales' default decision, by form field: the reps' best split for marketing's budgets."""
    session, round_number = group.session, group.round_number
    marketing = group.get_player_by_role(C.MARKETING_ROLE)
    hours = best_hours(company_of(session), budgets_of(marketing), rules_of(session, round_number))
    return dict(zip(hours_fields(session, round_number), hours.values(), strict=True))


def timeout_of(session) -> float | None:
    """Seconds a decision page waits before it takes the default (none: it waits)."""
    seconds = session.config.get("decision_timeout_seconds")
    if seconds is None:
        return None
    if float(seconds) <= 0:
        raise ValueError(f"decision_timeout_seconds must be > 0 or None; got {seconds!r}")
    return float(seconds)


def creating_session(subsession):
    """Check the session's options; marketing's form starts at today's budgets."""
    session = subsession.session
    rounds_played(session)
    rules_of(session, subsession.round_number)
    timeout_of(session)
    if len(company_of(session).campaigns) > MAX_CAMPAIGNS:
        raise ValueError(f"the game takes at most {MAX_CAMPAIGNS} campaigns")
    for player in subsession.get_players():
        for field, value in default_budgets(session).items():
            setattr(player, field, value)


def prefill_hours(group):
    """Sales' form starts at its default, the reps' best split (to 0.1 hour on the form)."""
    sales = group.get_player_by_role(C.SALES_ROLE)
    for field, value in default_hours(group).items():
        setattr(sales, field, round(value, 1))


def month_of(group):
    """The month the firm's decisions make (the course's model)."""
    session = group.session
    return play(
        company_of(session),
        budgets_of(group.get_player_by_role(C.MARKETING_ROLE)),
        hours_of(group.get_player_by_role(C.SALES_ROLE)),
        rules_of(session, group.round_number),
    )


def set_outcome(group):
    month = month_of(group)
    group.phase = month.rules.phase
    for name, value in month.figures().items():
        setattr(group, name, None if math.isnan(value) else float(value))
    group.get_player_by_role(C.MARKETING_ROLE).payoff = month.marketing_pay_eur
    group.get_player_by_role(C.SALES_ROLE).payoff = month.sales_pay_eur


# --- oTree's time-out worker on SQLite ------------------------------------------------------


def commit_before_each_time_out():
    """Let oTree's time-out worker release SQLite's lock before it submits a page.

    The worker (a process of its own beside `otree prodserver`) handles the time-outs due in
    one pass of a database session, and asks the server over HTTP to submit each page. Once
    it has deleted one handled time-out, its session holds SQLite's write lock, so the server
    cannot store the next page's submission ("database is locked") and that time-out is
    lost: with a SQLite file, a player who left stayed on their page whenever another page's
    time-out fell due in the same pass. Committing before each task releases the lock
    (PostgreSQL locks rows, not the file, and needs none of this).
    """
    from otree import tasks
    from otree.database import db

    for name in ("submit_expired_url", "ensure_pages_visited"):
        task = getattr(tasks.Worker, name)
        if getattr(task, "commits_first", False):
            continue

        @functools.wraps(task)
        def commits_first(self, *args, _task=task, **kwargs):
            db.commit()
            return _task(self, *args, **kwargs)

        commits_first.commits_first = True
        setattr(tasks.Worker, name, commits_first)


commit_before_each_time_out()


# --- pages ------------------------------------------------------------------------------------


def _eur(value: float) -> str:
    return f"EUR {value:,.0f}"


def _shown(value, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "EUR":
        return f"EUR {value:,.2f}" if abs(value) < 100 else _eur(value)
    if unit == "share":
        return f"{value:.1%}"
    return f"{value:,.1f}"


def pay_rule(session, round_number: int, department: str) -> str:
    rules = rules_of(session, round_number)
    if rules.phase == 1:
        if department == "marketing":
            return (
                f"{_eur(rules.marketing_bonus_eur)} bonus, shared between your targets "
                "(leads and cost per lead): each part paid when its target is met."
            )
        return "Your commission on the deals you win, under the company's plan."
    goal = rules.common_goal
    if department == "marketing":
        return f"{_eur(rules.marketing_bonus_eur)} times the company's {goal} over its target."
    if goal == "revenue":
        return f"{rules.revenue_rate:.0%} of the company's revenue."
    return f"{rules.pool_share:.0%} of the company's profit (before your pay)."


def _page_vars(player, department: str) -> dict:
    session = player.session
    return dict(
        phase=phase_of(session, player.round_number),
        month=player.round_number,
        months=rounds_played(session),
        company=company_of(session).name,
        pay_rule=pay_rule(session, player.round_number, department),
    )


class Marketing(Page):
    """Marketing's budgets; after the session's time-out, today's budgets."""

    form_model = "player"

    @staticmethod
    def get_timeout_seconds(player):
        return timeout_of(player.session)

    @staticmethod
    def before_next_page(player, timeout_happened):
        if timeout_happened:  # a player who left: whatever the form held, today's budgets
            for field, value in default_budgets(player.session).items():
                setattr(player, field, value)

    @staticmethod
    def is_displayed(player):
        return in_play(player) and player.role == C.MARKETING_ROLE

    @staticmethod
    def get_form_fields(player):
        return budget_fields(player.session)

    @staticmethod
    def vars_for_template(player):
        session = player.session
        company = company_of(session)
        rules = rules_of(session, player.round_number)
        rows = [
            dict(
                field=field,
                label=f"{c.name} (EUR {c.cost_per_lead_eur:,.0f} a lead)",
            )
            for field, c in zip(budget_fields(session), company.campaigns, strict=True)
        ]
        return dict(
            _page_vars(player, "marketing"),
            rows=rows,
            limit=_eur(rules.max_budget_eur),
            targets=company.targets,
        )

    @staticmethod
    def error_message(player, values):
        session = player.session
        names = campaign_names(company_of(session))
        budgets = {n: values[f] for n, f in zip(names, budget_fields(session), strict=True)}
        try:
            play(company_of(session), budgets, {}, rules_of(session, player.round_number))
        except ValueError as error:
            return str(error)


class LeadsWaitPage(WaitPage):
    after_all_players_arrive = prefill_hours

    @staticmethod
    def is_displayed(player):
        return in_play(player)


class Sales(Page):
    """Sales' hours; after the session's time-out, the reps' best split."""

    form_model = "player"

    @staticmethod
    def get_timeout_seconds(player):
        return timeout_of(player.session)

    @staticmethod
    def before_next_page(player, timeout_happened):
        if timeout_happened:  # a player who left: the reps' best split, unrounded
            for field, value in default_hours(player.group).items():
                setattr(player, field, value)

    @staticmethod
    def is_displayed(player):
        return in_play(player) and player.role == C.SALES_ROLE

    @staticmethod
    def get_form_fields(player):
        return hours_fields(player.session, player.round_number)

    @staticmethod
    def vars_for_template(player):
        session = player.session
        rules = rules_of(session, player.round_number)
        marketing = player.group.get_player_by_role(C.MARKETING_ROLE)
        month = play(company_of(session), budgets_of(marketing), {}, rules)
        seen = month.company
        rows = [
            dict(
                field=field,
                label=(
                    f"{kind.name}: {leads:,.1f} leads, EUR {kind.value_eur:,.0f} a deal, "
                    f"at least {kind.min_hours * 60:.0f} minutes a lead"
                ),
            )
            for field, kind, leads in zip(
                hours_fields(session, player.round_number),
                seen.lead_types,
                seen.leads_per_type(),
                strict=True,
            )
        ]
        return dict(_page_vars(player, "sales"), rows=rows, team_hours=f"{seen.team.hours:,.0f}")

    @staticmethod
    def error_message(player, values):
        session = player.session
        rules = rules_of(session, player.round_number)
        names = lead_type_names(company_of(session), rules)
        hours = {
            n: values[f]
            for n, f in zip(names, hours_fields(session, player.round_number), strict=True)
        }
        marketing = player.group.get_player_by_role(C.MARKETING_ROLE)
        try:
            play(company_of(session), budgets_of(marketing), hours, rules)
        except ValueError as error:
            return str(error)


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_outcome

    @staticmethod
    def is_displayed(player):
        return in_play(player)


class Results(Page):
    @staticmethod
    def is_displayed(player):
        return in_play(player)

    @staticmethod
    def vars_for_template(player):
        department = "marketing" if player.role == C.MARKETING_ROLE else "sales"
        card = month_of(player.group).scorecard(department)
        rows = [
            dict(
                label=row.label,
                value=_shown(row.value, row.unit),
                target=(
                    "-" if math.isnan(row.target) else f"{row.rule} {_shown(row.target, row.unit)}"
                ),
                met="" if pd.isna(row.met) else ("met" if row.met else "missed"),
            )
            for row in card.itertuples(index=False)
        ]
        return dict(
            _page_vars(player, department), rows=rows, pay=f"EUR {float(player.payoff):,.2f}"
        )


page_sequence = [Marketing, LeadsWaitPage, Sales, ResultsWaitPage, Results]

from .report import custom_export, vars_for_admin_report  # noqa: E402, F401
