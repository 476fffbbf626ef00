"""What each player sees: the month's decisions, the scorecards, phase 1's end and the
discussion of phase 2's criteria.

A month: Marketing (marketing's budgets), LeadsWaitPage, Sales (sales' hours on the leads
they brought), ResultsWaitPage (the model's outcome), Results (each department's scorecard;
the leader sees both). After phase 1's last month: Reveal (the firm's profit, month by
month, against its target, beside each department's targets), Discussion (the firm's chat;
in a firm of three the leader chooses the criteria there) and CriteriaWaitPage (the criteria
stored for every month of phase 2). Every page a player must leave has a time-out, so a
player who left never holds the firm up: a decision page then takes the default decision.
"""

from __future__ import annotations

import math

import pandas as pd
from otree.api import Page, WaitPage

from incentives.model.decisions import play

from .rules import (
    LEADER,
    MARKETING,
    SALES,
    budget_fields,
    budgets_of,
    budgets_typed,
    company_of,
    default_budgets,
    default_hours,
    firm_size,
    hours_fields,
    hours_typed,
    in_play,
    instructor_criteria,
    marketing_of,
    month_of,
    phase_of,
    prefill_hours,
    rounds_per_phase,
    rounds_played,
    rules_of,
    set_outcome,
    settle_criteria,
    targets_met,
    timeout_of,
)

DEPARTMENT = {MARKETING: "marketing", SALES: "sales"}


def _eur(value: float) -> str:
    return f"EUR {value:,.0f}"


def shown(value, unit: str) -> str:
    """A figure as a page shows it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "EUR":
        return f"EUR {value:,.2f}" if abs(value) < 100 else _eur(value)
    if unit == "share":
        return f"{value:.1%}"
    return f"{value:,.1f}"


def pay_rule(group, department: str) -> str:
    rules = rules_of(group)
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


def criteria_text(common_goal: str, lead_source_info: bool) -> str:
    source = "sees" if lead_source_info else "does not see"
    return (
        f"both departments are paid on the company's {common_goal}; sales {source} "
        "each lead's source (hot or cold)"
    )


def page_vars(player) -> dict:
    session = player.session
    return dict(
        phase=phase_of(session, player.round_number),
        month=player.round_number,
        months=rounds_played(session),
        company=company_of(session).name,
        role=player.role,
    )


def refusal(check) -> str | None:
    """The model's message when it refuses what a player typed."""
    try:
        check()
    except ValueError as error:
        return str(error)
    return None


# --- a month ----------------------------------------------------------------------------------


class Decision(Page):
    """A department's decision page: shown to its role while the session plays; the model
    refuses what it cannot play, with its message; after the session's time-out, the
    default decision (whatever the form held: the player left). A subclass names its
    ``decider`` and says its fields, default, check and form rows."""

    form_model = "player"
    decider = ""

    @classmethod
    def is_displayed(cls, player):
        return in_play(player) and player.role == cls.decider

    @classmethod
    def get_timeout_seconds(cls, player):
        return timeout_of(player.session)

    @classmethod
    def before_next_page(cls, player, timeout_happened):
        if timeout_happened:
            for field, value in cls.default_decision(player).items():
                setattr(player, field, value)

    @classmethod
    def get_form_fields(cls, player):
        return cls.decision_fields(player)

    @classmethod
    def error_message(cls, player, values):
        return refusal(lambda: cls.play_typed(player, values))

    @classmethod
    def vars_for_template(cls, player):
        return dict(
            page_vars(player),
            pay_rule=pay_rule(player.group, DEPARTMENT[cls.decider]),
            **cls.form_vars(player),
        )


class Marketing(Decision):
    """Marketing's budgets; by default today's budgets."""

    decider = MARKETING

    @staticmethod
    def decision_fields(player):
        return budget_fields(player.session)

    @staticmethod
    def default_decision(player):
        return default_budgets(player.session)

    @staticmethod
    def play_typed(player, values):
        play(
            company_of(player.session),
            budgets_typed(player.session, values),
            {},
            rules_of(player.group),
        )

    @staticmethod
    def form_vars(player):
        session = player.session
        company = company_of(session)
        rows = [
            dict(field=field, label=f"{c.name} (EUR {c.cost_per_lead_eur:,.0f} a lead)")
            for field, c in zip(budget_fields(session), company.campaigns, strict=True)
        ]
        limit = _eur(rules_of(player.group).max_budget_eur)
        return dict(rows=rows, limit=limit, targets=company.targets)


class LeadsWaitPage(WaitPage):
    after_all_players_arrive = prefill_hours

    @staticmethod
    def is_displayed(player):
        return in_play(player)


class Sales(Decision):
    """Sales' hours on the leads marketing brought; by default the reps' best split."""

    decider = SALES

    @staticmethod
    def decision_fields(player):
        return hours_fields(player.group)

    @staticmethod
    def default_decision(player):
        return default_hours(player.group)  # unrounded

    @staticmethod
    def play_typed(player, values):
        group = player.group
        budgets = budgets_of(marketing_of(group))
        play(company_of(player.session), budgets, hours_typed(group, values), rules_of(group))

    @staticmethod
    def form_vars(player):
        group = player.group
        month = play(
            company_of(player.session), budgets_of(marketing_of(group)), {}, rules_of(group)
        )
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
                hours_fields(group), seen.lead_types, seen.leads_per_type(), strict=True
            )
        ]
        return dict(rows=rows, team_hours=f"{seen.team.hours:,.0f}")


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_outcome

    @staticmethod
    def is_displayed(player):
        return in_play(player)


def scorecard_rows(month, department: str) -> list[dict]:
    return [
        dict(
            label=row.label,
            value=shown(row.value, row.unit),
            target="-" if math.isnan(row.target) else f"{row.rule} {shown(row.target, row.unit)}",
            met="" if pd.isna(row.met) else ("met" if row.met else "missed"),
        )
        for row in month.scorecard(department).itertuples(index=False)
    ]


class Results(Page):
    """Each department's scorecard and pay; the leader sees both scorecards."""

    @staticmethod
    def is_displayed(player):
        return in_play(player)

    @staticmethod
    def get_timeout_seconds(player):
        return timeout_of(player.session)

    @staticmethod
    def vars_for_template(player):
        month = month_of(player.group)
        leader = player.role == LEADER
        departments = list(DEPARTMENT.values()) if leader else [DEPARTMENT[player.role]]
        cards, shown_before = [], set()
        for department in departments:  # the leader sees phase 2's goal once
            rows = [r for r in scorecard_rows(month, department) if r["label"] not in shown_before]
            shown_before |= {r["label"] for r in rows}
            cards.append(dict(title=f"{department.capitalize()}'s scorecard", rows=rows))
        pay = None if leader else f"EUR {float(player.payoff):,.2f}"
        return dict(page_vars(player), cards=cards, pay=pay)


# --- between the phases -----------------------------------------------------------------------


def at_phase_one_end(player) -> bool:
    return player.round_number == rounds_per_phase(player.session)


def _met(flag: bool) -> str:
    return "met" if flag else "missed"


class Reveal(Page):
    """Phase 1's end: the firm's profit, hidden until now, month by month against its
    target, beside whether each department met its own targets."""

    is_displayed = at_phase_one_end

    @staticmethod
    def get_timeout_seconds(player):
        return timeout_of(player.session)

    @staticmethod
    def vars_for_template(player):
        target = company_of(player.session).targets.profit_eur
        rows, paradox = [], 0
        for past in player.in_previous_rounds() + [player]:
            month = month_of(past.group)
            met = targets_met(month)
            paradox += met["marketing"] and met["sales"] and not met["company"]
            rows.append(
                dict(
                    month=past.round_number,
                    profit=shown(month.profit_eur, "EUR"),
                    target=shown(target, "EUR"),
                    **{part: _met(flag) for part, flag in met.items()},
                )
            )
        return dict(page_vars(player), rows=rows, paradox=paradox)


class Discussion(Page):
    """The firm's chat on phase 2's criteria; in a firm of three the leader chooses them
    here (after the time-out, the session's: the firm never waits for ever)."""

    form_model = "player"
    is_displayed = at_phase_one_end

    @staticmethod
    def get_timeout_seconds(player):
        return timeout_of(player.session, "discussion_timeout_seconds")

    @staticmethod
    def get_form_fields(player):
        return ["chosen_goal", "chosen_lead_source_info"] if player.role == LEADER else []

    @staticmethod
    def before_next_page(player, timeout_happened):
        if timeout_happened and player.role == LEADER:
            player.chosen_goal, player.chosen_lead_source_info = instructor_criteria(player.session)

    @staticmethod
    def vars_for_template(player):
        session = player.session
        if firm_size(session) == 2:
            set_by = "Your instructor set phase 2's criteria: " + criteria_text(
                *instructor_criteria(session)
            )
        elif player.role == LEADER:
            set_by = "You are the company's leader: choose phase 2's criteria below."
        else:
            set_by = "Your company's leader chooses phase 2's criteria."
        return dict(page_vars(player), set_by=set_by, nickname=player.role)


class CriteriaWaitPage(WaitPage):
    after_all_players_arrive = settle_criteria
    is_displayed = at_phase_one_end


page_sequence = [
    Marketing,
    LeadsWaitPage,
    Sales,
    ResultsWaitPage,
    Results,
    Reveal,
    Discussion,
    CriteriaWaitPage,
]
