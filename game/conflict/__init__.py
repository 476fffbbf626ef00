"""The conflict, played: firms of marketing and sales (and the leader) run months of one company.

Each month marketing types a budget per campaign, then sales, seeing the leads they
brought, types its selling hours per lead type; the course's model
(``incentives.model.decisions.play``) says what follows, and each player sees their own
department's scorecard and pay (the leader, in a firm of three, both departments'). Phase 1
pays each department on its own metric and hides the firm's profit; after its last month
the firm's profit is revealed, the firm discusses in its chat, and the criteria of phase 2
are set: by the leader in a firm of three, by the instructor (the session's options) in a
firm of two. Phase 2 pays both on the common goal, with lead-source information for sales
if the criteria say so.

The modules: rules (the session's options, the firm's criteria, the model's outcome), pages
(what each player sees), worker (oTree's time-out worker on SQLite), tests (oTree's bots).
"""

from __future__ import annotations

from otree.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models, widgets

from incentives.model.decisions import FIGURES as FIGURES  # the group's figures, for tests.py

from . import texts, worker
from .pages import page_sequence as page_sequence
from .rules import (
    LEADER,
    MARKETING,
    MAX_ROUNDS_PER_PHASE,
    SALES,
    check_session,
    default_budgets,
    edition_of,
    firm_size,
    goal_options,
    instructor_criteria,
    phase_of,
    rounds_per_phase,
    rounds_played,
    set_criteria,
)
from .rules import company_of as company_of

doc = "Marketing and sales of one firm, each paid as in the article, then on common criteria."


class C(BaseConstants):
    NAME_IN_URL = "firm"
    PLAYERS_PER_GROUP = None  # firms of the session's firm_size: creating_session groups them
    MAX_ROUNDS_PER_PHASE = MAX_ROUNDS_PER_PHASE
    NUM_ROUNDS = 2 * MAX_ROUNDS_PER_PHASE  # a session plays 2 x rounds_per_phase of them
    # oTree gives player.role by id_in_group, in this order
    MARKETING_ROLE = MARKETING
    SALES_ROLE = SALES
    LEADER_ROLE = LEADER


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    """A firm in one month: its criteria and the month's figures (the model's)."""

    phase = models.IntegerField()
    common_goal = models.StringField(initial="")  # phase 2: "revenue" or "profit"
    lead_source_info = models.BooleanField(initial=False)
    criteria_by = models.StringField(initial="")  # phase 2: "leader" or "instructor"
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
    # the leader's choice of phase 2's criteria (a firm of three, after phase 1's last month)
    chosen_goal = models.StringField(
        label="The common goal both departments are paid on in phase 2",
        widget=widgets.RadioSelect,
    )
    chosen_lead_source_info = models.BooleanField(
        label="Show sales each lead's source (hot or cold) in phase 2?",
        widget=widgets.RadioSelectHorizontal,
    )


def chosen_goal_choices(player):
    return texts.goal_choices(goal_options(player.session), edition_of(player.session))


def chosen_lead_source_info_choices(player):
    return texts.lead_source_choices(edition_of(player.session))


def creating_session(subsession):
    """Check the session's options; group the players in firms; set the firms' criteria
    where the instructor sets them; marketing's form starts at today's budgets, the
    leader's at the instructor's criteria."""
    session, round_number = subsession.session, subsession.round_number
    players = subsession.get_players()
    check_session(session, len(players))
    size = firm_size(session)
    ids = [p.id_in_subsession for p in players]
    subsession.set_group_matrix([ids[i : i + size] for i in range(0, len(ids), size)])
    played = round_number <= rounds_played(session)
    phase = phase_of(session, round_number) if played else None  # None: a month not played
    goal, info = instructor_criteria(session)
    for group in subsession.get_groups():
        group.phase = phase
        if phase == 2 and size == 2:
            set_criteria(group, goal, info, "instructor")
        else:  # phase 1 (a leader sets phase 2's after the discussion)
            set_criteria(group, "", False, "")
    for player in subsession.get_players():
        for field, value in default_budgets(session).items():
            setattr(player, field, value)
        if player.role == LEADER and round_number == rounds_per_phase(session):
            player.chosen_goal, player.chosen_lead_source_info = goal, info


worker.commit_before_each_time_out()

from .report import custom_export, vars_for_admin_report  # noqa: E402, F401
