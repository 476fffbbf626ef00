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

from . import texts
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
    edition_of,
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


shown = texts.shown  # a figure as a page shows it, in the session's edition


def language_of(player) -> str:
    """The language of the player's pages: the session's edition."""
    return edition_of(player.session)


def pay_rule(group, department: str) -> str:
    return texts.pay_rule(rules_of(group), department, edition_of(group.session))


def page_vars(player) -> dict:
    session = player.session
    return dict(
        phase=phase_of(session, player.round_number),
        month=player.round_number,
        months=rounds_played(session),
        company=company_of(session).name,
        role=texts.role(player.role, language_of(player)),
    )


def refusal(check, language: str = "en") -> str | None:
    """The model's message when it refuses what a player typed, in the edition."""
    try:
        check()
    except ValueError as error:
        return texts.refusal(str(error), language)
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
        return refusal(lambda: cls.play_typed(player, values), language_of(player))

    @classmethod
    def vars_for_template(cls, player):
        shared = dict(
            page_vars(player),
            pay_rule=pay_rule(player.group, DEPARTMENT[cls.decider]),
            **cls.form_vars(player),
        )
        return dict(
            shared, timer_text=texts.timer_text(language_of(player)), w=cls.words(player, shared)
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
        company, language = company_of(session), language_of(player)
        rows = [
            dict(field=field, label=texts.campaign_label(c.name, c.cost_per_lead_eur, language))
            for field, c in zip(budget_fields(session), company.campaigns, strict=True)
        ]
        limit = texts.eur(rules_of(player.group).max_budget_eur, language)
        return dict(rows=rows, limit=limit, targets=company.targets)

    @staticmethod
    def words(player, shared):
        return texts.marketing_words(
            language_of(player),
            shared["month"],
            shared["months"],
            shared["company"],
            shared["phase"],
            shared["pay_rule"],
            shared["limit"],
            shared["targets"],
        )


class FirmWaitPage(WaitPage):
    """A firm's wait page in a month played: says, in the session's language, what the
    firm waits for (``waits_for``, a key of ``texts.wait_words``)."""

    waits_for = ""

    @staticmethod
    def is_displayed(player):
        return in_play(player)

    @classmethod
    def vars_for_template(cls, player):
        return texts.wait_words(language_of(player), cls.waits_for)


class LeadsWaitPage(FirmWaitPage):
    after_all_players_arrive = prefill_hours
    waits_for = "leads"


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
        seen, language = month.company, language_of(player)
        rows = [
            dict(field=field, label=texts.lead_type_label(kind, leads, language))
            for field, kind, leads in zip(
                hours_fields(group), seen.lead_types, seen.leads_per_type(), strict=True
            )
        ]
        return dict(rows=rows, team_hours=texts.number(seen.team.hours, 0, language))

    @staticmethod
    def words(player, shared):
        return texts.sales_words(
            language_of(player),
            shared["month"],
            shared["months"],
            shared["company"],
            shared["phase"],
            shared["pay_rule"],
            shared["team_hours"],
        )


class ResultsWaitPage(FirmWaitPage):
    after_all_players_arrive = set_outcome
    waits_for = "results"


def scorecard_rows(month, department: str, language: str = "en") -> list[dict]:
    """A department's scorecard as its page shows it; ``met`` is "met", "missed" or "" (the
    CSS class), ``met_text`` the same in the edition."""
    rows = []
    for row in month.scorecard(department).itertuples(index=False):
        target = "-"
        if not math.isnan(row.target):
            target = (
                f"{texts.rule_word(row.rule, language)} {shown(row.target, row.unit, language)}"
            )
        met = "" if pd.isna(row.met) else ("met" if row.met else "missed")
        rows.append(
            dict(
                label=texts.translation(row.label, language),
                value=shown(row.value, row.unit, language),
                target=target,
                met=met,
                met_text=texts.met_word(met == "met", language) if met else "",
            )
        )
    return rows


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
        month, language = month_of(player.group), language_of(player)
        leader = player.role == LEADER
        departments = list(DEPARTMENT.values()) if leader else [DEPARTMENT[player.role]]
        cards, shown_before = [], set()
        for department in departments:  # the leader sees phase 2's goal once
            rows = [
                r
                for r in scorecard_rows(month, department, language)
                if r["label"] not in shown_before
            ]
            shown_before |= {r["label"] for r in rows}
            cards.append(dict(title=texts.scorecard_title(department, language), rows=rows))
        pay = None if leader else texts.money(float(player.payoff), "EUR", 2, language)
        shared = dict(page_vars(player), cards=cards, pay=pay)
        words = texts.results_words(
            language,
            shared["month"],
            shared["months"],
            shared["company"],
            shared["phase"],
            shared["role"],
            own_card=not leader,
        )
        return dict(shared, timer_text=texts.timer_text(language_of(player)), w=words)


# --- between the phases -----------------------------------------------------------------------


def at_phase_one_end(player) -> bool:
    return player.round_number == rounds_per_phase(player.session)


def _met(flag: bool) -> str:
    return "met" if flag else "missed"  # the CSS class; the text is the edition's


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
        language = language_of(player)
        rows, paradox = [], 0
        for past in player.in_previous_rounds() + [player]:
            month = month_of(past.group)
            met = targets_met(month)
            paradox += met["marketing"] and met["sales"] and not met["company"]
            rows.append(
                dict(
                    month=past.round_number,
                    profit=shown(month.profit_eur, "EUR", language),
                    target=shown(target, "EUR", language),
                    **{part: _met(flag) for part, flag in met.items()},
                    **{
                        f"{part}_text": texts.met_word(flag, language) for part, flag in met.items()
                    },
                )
            )
        shared = dict(page_vars(player), rows=rows, paradox=paradox)
        return dict(
            shared,
            timer_text=texts.timer_text(language_of(player)),
            w=texts.reveal_words(language, shared["company"]),
        )


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
        session, language = player.session, language_of(player)
        set_by = texts.set_by_text(
            firm_size(session), player.role == LEADER, instructor_criteria(session), language
        )
        nickname = player.role if language == "en" else texts.role(player.role, language)
        shared = dict(
            page_vars(player), set_by=set_by, nickname=nickname[:1].upper() + nickname[1:]
        )
        words = texts.discussion_words(language, shared["role"], shared["company"])
        labels = texts.field_labels(language) if player.role == LEADER else None
        return dict(
            shared, timer_text=texts.timer_text(language_of(player)), w=words, labels=labels
        )


class CriteriaWaitPage(FirmWaitPage):
    after_all_players_arrive = settle_criteria
    is_displayed = at_phase_one_end
    waits_for = "criteria"


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
