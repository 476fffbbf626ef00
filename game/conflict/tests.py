"""oTree's bots for the conflict: every page and role, three strategies, refused inputs.

    otree test company_x 4      (from game/, in .venv-game; tests/game/test_game.py runs it)

Each case is a pair of strategies: ``own_metrics`` (each department for itself: marketing
keeps every campaign, the reps split their hours for their own pay), ``cooperative`` (both
for the firm: no small-ticket campaigns, the reps' split that maximises profit) and
``mixed`` (marketing for itself, sales for the firm); in ``marketing_leaves`` and
``sales_leaves`` one player never submits: each month their page times out (as oTree's
time-out worker submits it) and they get the default decision, today's budgets or the
reps' best split, the decisions of ``own_metrics``. After each month a bot checks that
its payoff and the firm's figures are the model's (``incentives.model.decisions.play``
computed here, directly, on the same decisions).
"""

from __future__ import annotations

from otree.api import Bot, Submission, SubmissionMustFail, cu, expect

from incentives.model.decisions import best_hours, play

from . import (
    FIGURES,
    C,
    Marketing,
    Results,
    Sales,
    budget_fields,
    budgets_of,
    company_of,
    hours_fields,
    in_play,
    rules_of,
)

CASES = {  # case: (marketing's strategy, sales' strategy)
    "own_metrics": ("own", "reps"),
    "cooperative": ("firm", "company"),
    "mixed": ("own", "company"),
    "marketing_leaves": ("own", "reps"),
    "sales_leaves": ("own", "reps"),
}
LEAVES = {"marketing_leaves": C.MARKETING_ROLE, "sales_leaves": C.SALES_ROLE}


def budgets_for(company, strategy: str) -> dict[str, float]:
    """Today's budgets; for the firm, none on the small-ticket campaigns."""
    small = company.categories[-1]
    return {
        c.name: 0.0
        if strategy == "firm" and company.campaign_category(c) == small
        else c.budget_eur
        for c in company.campaigns
    }


class PlayerBot(Bot):
    cases = list(CASES)

    def play_round(self):
        if not in_play(self.player):
            return
        session, round_number = self.session, self.round_number
        company, rules = company_of(session), rules_of(session, round_number)
        marketing_strategy, sales_strategy = CASES[self.case]
        department = "marketing" if self.player.role == C.MARKETING_ROLE else "sales"
        if LEAVES.get(self.case) == self.player.role:  # never submits: the page times out
            yield Submission(
                Marketing if department == "marketing" else Sales, {}, timeout_happened=True
            )
        elif department == "marketing":
            fields = budget_fields(session)
            typed = dict(
                zip(fields, budgets_for(company, marketing_strategy).values(), strict=True)
            )
            if round_number == 1:
                yield SubmissionMustFail(Marketing, {**typed, fields[0]: -5})
                yield SubmissionMustFail(Marketing, {**typed, fields[0]: "ten"})
                yield SubmissionMustFail(Marketing, {**typed, fields[0]: 10**6})
            yield Marketing, typed
        else:
            budgets = budgets_of(self.group.get_player_by_role(C.MARKETING_ROLE))
            hours = best_hours(company, budgets, rules, chooser=sales_strategy)
            typed = dict(zip(hours_fields(session, round_number), hours.values(), strict=True))
            if round_number == 1:
                yield SubmissionMustFail(Sales, {**typed, "hours_1": 10_000})
            yield Sales, typed
        self.check_month(company, rules, department)
        yield Results

    def check_month(self, company, rules, department):
        """The payoff and the firm's figures are the model's, computed here directly."""
        group = self.group
        marketing = group.get_player_by_role(C.MARKETING_ROLE)
        sales = group.get_player_by_role(C.SALES_ROLE)
        budgets = budgets_for(company, CASES[self.case][0])
        hours = best_hours(company, budgets, rules, chooser=CASES[self.case][1])
        month = play(company, budgets, hours, rules)
        expect(budgets_of(marketing), budgets)
        expect(
            [sales.field_maybe_none(f) for f in hours_fields(self.session, self.round_number)],
            list(hours.values()),
        )
        expect(self.player.payoff, cu(month.pay_eur(department)))
        for name in FIGURES:
            if name != "cost_per_lead_eur" or month.leads > 0:
                expect(getattr(group, name), month.figures()[name])
        expect(group.phase, rules.phase)
        if CASES[self.case] == ("own", "reps") and rules.phase == 1:  # the company as it runs today
            expect(abs(month.profit_eur - company.outcome().profit_eur) < 1e-6, True)
