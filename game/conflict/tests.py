"""oTree's bots for the conflict: every page and role, firms of two and three, refused inputs.

    otree test company_x 4          (from game/, in .venv-game; tests/game/test_game.py runs
    otree test company_x_leader 6    them for every session config)

Each case gives each firm a pair of strategies (firm 1 the first pair, firm 2 the next, and
round again): ``own`` marketing keeps every campaign, ``firm`` marketing drops the
small-ticket campaigns; ``reps`` sales splits its hours for its own pay, ``company`` for the
firm's profit. ``own_metrics`` is each department for itself, ``cooperative`` both for the
firm, ``mixed`` one department for itself and the other for the firm (so two firms of one
session play different months). In ``marketing_leaves`` and ``sales_leaves`` one player
never submits: each month their page times out (as oTree's time-out worker submits it) and
they get the default decision, today's budgets or the reps' best split, the decisions of
``own_metrics``; in ``leader_leaves`` the leader's discussion page times out and the firm
gets the session's criteria. Otherwise the leader of a firm of three chooses the case's
criteria (a goal the session does not offer is refused).

After each month a bot checks that its payoff and the firm's figures are the model's
(``incentives.model.decisions.play`` computed here, directly, on the same decisions, under
the criteria the case expects), and that its pages show its own firm's figures and chat,
never another firm's.
"""

from __future__ import annotations

import functools

from otree.api import Bot, Submission, SubmissionMustFail, cu, expect

from incentives.model.decisions import best_hours, play

from . import FIGURES, C, texts
from .pages import Discussion, Marketing, Results, Reveal, Sales, scorecard_rows, shown
from .rules import (
    budget_fields,
    budgets_of,
    company_named,
    company_of,
    edition_of,
    firm_size,
    hours_fields,
    in_play,
    instructor_criteria,
    month_of,
    phase_of,
    rounds_per_phase,
    session_rules,
)

OWN, COOPERATIVE = ("own", "reps"), ("firm", "company")
CASES = {  # case: (each firm's (marketing's, sales') strategies, the leader's criteria)
    "own_metrics": ([OWN], ("revenue", False)),
    "cooperative": ([COOPERATIVE], ("profit", True)),
    "mixed": ([("own", "company"), ("firm", "reps")], ("revenue", True)),
    "marketing_leaves": ([OWN], ("profit", False)),
    "sales_leaves": ([OWN], ("profit", True)),
    "leader_leaves": ([OWN], None),  # the session's criteria
}
LEAVES = {
    "marketing_leaves": C.MARKETING_ROLE,
    "sales_leaves": C.SALES_ROLE,
    "leader_leaves": C.LEADER_ROLE,
}
DEPARTMENTS = {C.MARKETING_ROLE: ["marketing"], C.SALES_ROLE: ["sales"]}
SEEN = {**DEPARTMENTS, C.LEADER_ROLE: ["marketing", "sales"]}  # the scorecards each sees


def budgets_for(company, strategy: str) -> dict[str, float]:
    """Today's budgets; for the firm, none on the small-ticket campaigns."""
    small = company.categories[-1]
    return {
        c.name: 0.0
        if strategy == "firm" and company.campaign_category(c) == small
        else c.budget_eur
        for c in company.campaigns
    }


@functools.cache
def expected_month(company_name: str, rules, strategies: tuple[str, str]):
    """The budgets, hours and month a pair of strategies make (the model's, computed here
    once per company, rules and strategies)."""
    company = company_named(company_name)
    budgets = budgets_for(company, strategies[0])
    hours = best_hours(company, budgets, rules, chooser=strategies[1])
    return budgets, hours, play(company, budgets, hours, rules)


def strategies(case: str, group) -> tuple[str, str]:
    pairs = CASES[case][0]
    return pairs[(group.id_in_subsession - 1) % len(pairs)]


def expected_criteria(case: str, session) -> tuple[str, bool, str]:
    """Phase 2's criteria the case expects: the instructor's in a firm of two; in a firm of
    three the leader's choice, or the session's when the leader left."""
    if firm_size(session) == 2:
        return (*instructor_criteria(session), "instructor")
    return (*(CASES[case][1] or instructor_criteria(session)), "leader")


class PlayerBot(Bot):
    cases = list(CASES)

    def play_round(self):
        player = self.player
        if not in_play(player):
            return
        role, session = player.role, player.session
        leaves = LEAVES.get(self.case) == role
        if role == C.MARKETING_ROLE:
            yield from self.marketing(leaves)
        elif role == C.SALES_ROLE:
            yield from self.sales(leaves)
        month = self.check_month()
        self.check_only_own_firm(month)
        yield Results
        if player.round_number == rounds_per_phase(session):
            self.check_reveal()
            yield Reveal
            yield from self.discuss(leaves)

    def rules(self):
        """The rules the case expects this month, built here from the expected criteria."""
        player = self.player
        session = player.session
        if phase_of(session, player.round_number) == 1:
            return session_rules(session)
        goal, info, _by = expected_criteria(self.case, session)
        return session_rules(session, goal, info)

    def marketing(self, leaves: bool):
        if leaves:  # never submits: the page times out
            yield Submission(Marketing, {}, timeout_happened=True)
            return
        company = company_of(self.session)
        fields = budget_fields(self.session)
        strategy = strategies(self.case, self.group)[0]
        typed = dict(zip(fields, budgets_for(company, strategy).values(), strict=True))
        if self.round_number == 1:
            yield SubmissionMustFail(Marketing, {**typed, fields[0]: -5})
            yield SubmissionMustFail(Marketing, {**typed, fields[0]: "ten"})
            yield SubmissionMustFail(Marketing, {**typed, fields[0]: 10**6})
        yield Marketing, typed

    def sales(self, leaves: bool):
        if leaves:
            yield Submission(Sales, {}, timeout_happened=True)
            return
        budgets = budgets_of(self.group.get_player_by_role(C.MARKETING_ROLE))
        chooser = strategies(self.case, self.group)[1]
        hours = best_hours(company_of(self.session), budgets, self.rules(), chooser=chooser)
        typed = dict(zip(hours_fields(self.group), hours.values(), strict=True))
        if self.round_number == 1:
            yield SubmissionMustFail(Sales, {**typed, "hours_1": 10_000})
        yield Sales, typed

    def discuss(self, leaves: bool):
        channel = f"_js-otree-chat-{self.session.id}-{C.NAME_IN_URL}-"
        expect(f"{channel}{self.group.id}'", "in", self.html)
        for other in self.subsession.get_groups():
            if other.id != self.group.id:
                expect(f"{channel}{other.id}'", "not in", self.html)
        if self.player.role != C.LEADER_ROLE:
            yield Discussion
        elif leaves:
            yield Submission(Discussion, {}, timeout_happened=True)
        else:
            goal, info = CASES[self.case][1]
            yield SubmissionMustFail(Discussion, {"chosen_goal": "bonus"})
            yield Discussion, {"chosen_goal": goal, "chosen_lead_source_info": info}

    def check_month(self):
        """The payoff, the firm's figures and criteria are the model's, computed here."""
        player = self.player
        session, group, rules = player.session, player.group, self.rules()
        pair = strategies(self.case, group)
        budgets, hours, month = expected_month(session.config["company"], rules, pair)
        expect(budgets_of(group.get_player_by_role(C.MARKETING_ROLE)), budgets)
        sales = group.get_player_by_role(C.SALES_ROLE)
        expect([sales.field_maybe_none(f) for f in hours_fields(group)], list(hours.values()))
        pay = sum(month.pay_eur(d) for d in DEPARTMENTS.get(player.role, []))
        expect(player.payoff, cu(pay))
        figures = month.figures()
        for name in FIGURES:
            if name != "cost_per_lead_eur" or month.leads > 0:
                expect(getattr(group, name), figures[name])
        expect(group.phase, rules.phase)
        criteria = ("", False, "")
        if rules.phase == 2:
            criteria = expected_criteria(self.case, session)
        expect((group.common_goal, group.lead_source_info, group.criteria_by), criteria)
        if pair == OWN and rules.phase == 1:
            # the company as it runs today: both departments on target, the company not
            company = company_of(session)
            expect(abs(month.profit_eur - company.outcome().profit_eur) < 1e-6, True)
        return month

    def others_done(self, group):
        """The other firms of this month whose outcome is stored, when the case has firms
        play different strategies (otherwise their figures are this firm's)."""
        if len(CASES[self.case][0]) == 1:
            return []
        return [
            other
            for other in group.subsession.get_groups()
            if other.id != group.id and other.field_maybe_none("revenue_eur") is not None
        ]

    def check_only_own_firm(self, month):
        """The Results page shows this firm's scorecards, no figure of another firm's."""
        player, html = self.player, self.html
        departments, language = SEEN[player.role], edition_of(player.session)
        own = {row["value"] for d in departments for row in scorecard_rows(month, d, language)}
        for value in own:
            expect(f">{value}<", "in", html)
        for other in self.others_done(player.group):
            theirs = {
                row["value"]
                for d in departments
                for row in scorecard_rows(month_of(other), d, language)
            }
            for value in theirs - own - {"-"}:
                expect(f">{value}<", "not in", html)

    def check_reveal(self):
        """Phase 1's profits of this firm, month by month; none of another firm's."""
        months = self.player.in_previous_rounds() + [self.player]
        language = edition_of(self.session)
        own = {shown(p.group.profit_eur, "EUR", language) for p in months}
        for value in own:
            expect(f">{value}<", "in", self.html)
        for other in self.subsession.get_groups():
            theirs = {
                shown(g.profit_eur, "EUR", language) for g in other.in_previous_rounds() + [other]
            }
            for value in theirs - own - {"-"}:
                expect(f">{value}<", "not in", self.html)
        paradox = texts.reveal_words(language, company_of(self.session).name)["paradox"]
        expect(paradox, "in", self.html)
        if language == "en":
            expect(
                "both departments met their targets and the company missed its own", "in", self.html
            )
