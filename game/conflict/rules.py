"""The game's rules: the session's options, the firm's criteria and the course's model.

Everything a page or a bot needs to know about a month: which company the session plays,
how a month is paid (phase 1 each department on its own metric; phase 2 the criteria
stored on the firm's group), the form fields of each decision, the default decisions of a
player who left, and the month's outcome (``incentives.model.decisions.play``).
"""

from __future__ import annotations

import functools
import math

from incentives.i18n import EDITIONS
from incentives.model.build import company_x, velora
from incentives.model.decisions import (
    Rules,
    best_hours,
    campaign_names,
    lead_type_names,
    play,
)
from incentives.model.goals import GOALS

MARKETING = "Marketing"
SALES = "Sales"
LEADER = "Leader"
FIRM_SIZES = (2, 3)  # marketing and sales; with the company's leader
MAX_ROUNDS_PER_PHASE = 4
MAX_CAMPAIGNS = 6
MAX_LEAD_TYPES = 12  # 6 lead types, each split in hot and cold with lead-source information
COMPANIES = {"company_x": company_x, "velora": velora}


# --- the session's options ---------------------------------------------------------------------


@functools.cache
def company_named(name: str):
    """The model company a session plays (built once per server process)."""
    if name not in COMPANIES:
        raise ValueError(f"company must be one of {sorted(COMPANIES)}; got {name!r}")
    return COMPANIES[name]()


def company_of(session):
    return company_named(session.config["company"])


def edition_of(session) -> str:
    """The language of the session's pages: its ``edition`` option, "en" (the default) or
    "ro"."""
    edition = session.config.get("edition", EDITIONS[0])
    if edition not in EDITIONS:
        allowed = " or ".join(f'"{e}"' for e in EDITIONS)
        raise ValueError(f"edition must be {allowed}; got {edition!r}")
    return edition


def rounds_per_phase(session) -> int:
    rounds = session.config["rounds_per_phase"]
    if not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS_PER_PHASE:
        raise ValueError(
            f"rounds_per_phase must be from 1 to {MAX_ROUNDS_PER_PHASE}; got {rounds!r}"
        )
    return rounds


def rounds_played(session) -> int:
    return 2 * rounds_per_phase(session)


def phase_of(session, round_number: int) -> int:
    return 1 if round_number <= rounds_per_phase(session) else 2


def firm_size(session) -> int:
    """Players per firm: 2 (marketing, sales) or 3 (with the leader)."""
    size = session.config.get("firm_size", 2)
    if size not in FIRM_SIZES or isinstance(size, bool):
        raise ValueError(
            f"firm_size must be 2 (marketing and sales) or 3 (with the leader); got {size!r}"
        )
    return size


def goal_options(session) -> list[str]:
    """The common goals a leader may choose, from the session's ``common_goal_options``
    (names separated by commas or spaces)."""
    text = session.config.get("common_goal_options", "profit, revenue")
    options = [name for name in str(text).replace(",", " ").split() if name]
    unknown = [name for name in options if name not in GOALS]
    if not options or unknown:
        raise ValueError(
            f"common_goal_options must name one or more of {sorted(GOALS)}; got {text!r}"
        )
    return list(dict.fromkeys(options))


def instructor_criteria(session) -> tuple[str, bool]:
    """The session's ``common_goal`` and ``lead_source_info``: the criteria of firms of two,
    and a leader's default."""
    goal, info = session.config["common_goal"], session.config["lead_source_info"]
    if goal not in goal_options(session):
        raise ValueError(
            f"common_goal must be one of common_goal_options {goal_options(session)}; got {goal!r}"
        )
    if not isinstance(info, bool):
        raise ValueError(f"lead_source_info must be true or false; got {info!r}")
    return goal, info


def timeout_of(session, option: str = "decision_timeout_seconds") -> float | None:
    """Seconds a page waits before it takes the default (none: it waits)."""
    seconds = session.config.get(option)
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
        raise ValueError(f"{option} must be a number of seconds > 0, or None; got {seconds!r}")
    return float(seconds)


def session_rules(session, common_goal: str | None = None, lead_source_info=False) -> Rules:
    """The rules of the session's company: marketing's budget limit, and the criteria."""
    today = sum(c.budget_eur for c in company_of(session).campaigns)
    limit = float(session.config["budget_limit_factor"]) * today
    return Rules(
        common_goal=common_goal, lead_source_info=bool(lead_source_info), max_budget_eur=limit
    )


def check_session(session, players: int) -> None:
    """Refuse a session whose options the game cannot play, naming the option.

    Raises:
        ValueError: naming the option and the values it takes.
    """
    edition_of(session)
    size = firm_size(session)
    if players % size:
        raise ValueError(
            f"firms of {size}: the number of participants must be a multiple of {size}; "
            f"got {players}"
        )
    rounds_per_phase(session)
    timeout_of(session)
    timeout_of(session, "discussion_timeout_seconds")
    session_rules(session, *instructor_criteria(session))
    if len(company_of(session).campaigns) > MAX_CAMPAIGNS:
        raise ValueError(f"the game takes at most {MAX_CAMPAIGNS} campaigns")


# --- the firm's criteria ----------------------------------------------------------------------


def set_criteria(group, common_goal: str, lead_source_info: bool, criteria_by: str) -> None:
    group.common_goal = common_goal
    group.lead_source_info = lead_source_info
    group.criteria_by = criteria_by


def settle_criteria(group) -> None:
    """After the discussion, phase 2's criteria on every phase-2 month of the firm: the
    leader's choice in a firm of three, the instructor's (the session's) in a firm of two."""
    session = group.session
    if firm_size(session) == 3:
        leader = group.get_player_by_role(LEADER)
        criteria = (
            leader.field_maybe_none("chosen_goal"),
            leader.field_maybe_none("chosen_lead_source_info"),
            "leader",
        )
        if criteria[0] not in goal_options(session) or criteria[1] is None:
            criteria = (*instructor_criteria(session), "leader")
    else:
        criteria = (*instructor_criteria(session), "instructor")
    for month in range(rounds_per_phase(session) + 1, rounds_played(session) + 1):
        set_criteria(group.in_round(month), *criteria)


def rules_of(group) -> Rules:
    """How the firm's month is paid: phase 1 each on its own metric, phase 2 the firm's
    criteria as stored on its group."""
    session = group.session
    if phase_of(session, group.round_number) == 1:
        return session_rules(session)
    if not group.field_maybe_none("common_goal"):
        raise ValueError(f"firm {group.id_in_subsession}: phase 2's criteria are not set yet")
    return session_rules(session, group.common_goal, group.lead_source_info)


# --- decisions ---------------------------------------------------------------------------------


def in_play(player) -> bool:
    return player.round_number <= rounds_played(player.session)


def budget_fields(session) -> list[str]:
    return [f"budget_{i + 1}" for i in range(len(campaign_names(company_of(session))))]


def hours_fields(group) -> list[str]:
    names = lead_type_names(company_of(group.session), rules_of(group))
    return [f"hours_{i + 1}" for i in range(len(names))]


def budgets_typed(session, values) -> dict[str, float]:
    """Budgets by campaign name, from a mapping of form fields (a field not typed: 0)."""
    names = campaign_names(company_of(session))
    fields = budget_fields(session)
    return {name: values.get(field) or 0.0 for name, field in zip(names, fields, strict=True)}


def hours_typed(group, values) -> dict[str, float]:
    """Hours by lead type name, from a mapping of form fields (a field not typed: 0)."""
    names = lead_type_names(company_of(group.session), rules_of(group))
    fields = hours_fields(group)
    return {name: values.get(field) or 0.0 for name, field in zip(names, fields, strict=True)}


def stored(player, fields) -> dict:
    return {field: player.field_maybe_none(field) for field in fields}


def marketing_of(group):
    return group.get_player_by_role(MARKETING)


def sales_of(group):
    return group.get_player_by_role(SALES)


def players_by_role(group) -> dict:
    """The firm's players by role, read in one query (each ``*_of`` above is one)."""
    return {player.role: player for player in group.get_players()}


def budgets_of(marketing) -> dict[str, float]:
    """Marketing's budgets by campaign name."""
    session = marketing.session
    return budgets_typed(session, stored(marketing, budget_fields(session)))


def hours_of(sales) -> dict[str, float]:
    """Sales' hours by lead type name."""
    return hours_typed(sales.group, stored(sales, hours_fields(sales.group)))


def default_budgets(session) -> dict[str, float]:
    """Marketing's default decision, by form field: the company's budgets today."""
    campaigns = company_of(session).campaigns
    return {
        field: float(c.budget_eur)
        for field, c in zip(budget_fields(session), campaigns, strict=True)
    }


def default_hours(group) -> dict[str, float]:
    """Sales' default decision, by form field: the reps' best split for marketing's budgets."""
    hours = best_hours(company_of(group.session), budgets_of(marketing_of(group)), rules_of(group))
    return dict(zip(hours_fields(group), hours.values(), strict=True))


def prefill_hours(group) -> None:
    """Sales' form starts at its default, the reps' best split (to 0.1 hour on the form)."""
    players = players_by_role(group)
    rules = rules_of(group)
    hours = best_hours(company_of(group.session), budgets_of(players[MARKETING]), rules)
    for field, value in zip(hours_fields(group), hours.values(), strict=True):
        setattr(players[SALES], field, round(value, 1))


# --- the month's outcome -----------------------------------------------------------------------


def month_of(group, players: dict | None = None):
    """The month the firm's decisions make (the course's model); ``players`` by role if
    already read."""
    players = players or players_by_role(group)
    return play(
        company_of(group.session),
        budgets_of(players[MARKETING]),
        hours_of(players[SALES]),
        rules_of(group),
    )


def set_outcome(group) -> None:
    """Store the month's figures on the group and each department's pay (the leader's: 0)."""
    players = players_by_role(group)
    month = month_of(group, players)
    group.phase = month.rules.phase
    for name, value in month.figures().items():
        setattr(group, name, None if math.isnan(value) else float(value))
    players[MARKETING].payoff = month.marketing_pay_eur
    players[SALES].payoff = month.sales_pay_eur


def targets_met(month) -> dict[str, bool]:
    """Whether each department met all its targets, and the company its profit target."""
    cards = month.outcome.scorecards().dropna(subset=["met"])
    return {
        part: bool(cards.loc[cards["department"] == part, "met"].astype(bool).all())
        for part in ("marketing", "sales", "company")
    }
