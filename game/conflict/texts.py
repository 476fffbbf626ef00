"""Every word a player reads, in the session's edition: English or Romanian.

A session's ``edition`` option ("en", the default, or "ro") chooses the language of its
pages: the templates hold no words of their own, only what this module gives them. Each
text is the English, looked up in the library's catalog
(``src/incentives/i18n/locale/ro/LC_MESSAGES/incentives.po``) with
``incentives.i18n.translation``, so `course translations update` extracts it from here and
`course translations check` lists it while untranslated. Numbers and money are written the
edition's way (``incentives.i18n.number``, ``percent``, ``money``).

The edition is the session's, not the server's: one server can play an English and a
Romanian class at once. oTree's own words follow the server's ``LANGUAGE_CODE``, one for
the whole server, and oTree 5.11 ships no Romanian: the pages here replace them (the wait
pages' texts, the time-limit line, the Next button, the chat's "Send" button), except a
form field's own validation message ("Number must be at least 0."), which stays in the
server's language.
"""

from __future__ import annotations

import re

from incentives.i18n import N_, money, number, percent, translation

from .rules import LEADER, MARKETING, SALES

# The companies' campaigns and lead types, as a player reads them (the model names them in
# English: the names are its keys; a test checks that each has its entry here).
NAMES = (
    N_("Automatic gates search ads"),
    N_("Garage doors social ads"),
    N_("Website content and search"),
    N_("Spare parts summer promotion"),
    N_("Automated sliding gate"),
    N_("Automated swing gate"),
    N_("Sectional garage door with motor"),
    N_("Gate motor kit"),
    N_("Remote control"),
    N_("Hinges and rollers set"),
    N_("E-bike search ads"),
    N_("Cargo bike social video"),
    N_("Service reminder ads"),
    N_("Customer referrals"),
    N_("City e-bike"),
    N_("Cargo e-bike"),
    N_("Annual service"),
    N_("Replacement battery"),
)
# The scorecards' metrics (incentives.model.company.METRICS' labels).
LABELS = (
    N_("Leads"),
    N_("Cost per lead"),
    N_("Revenue"),
    N_("Close rate (won / leads)"),
    N_("Sales pay"),
    N_("Profit"),
    N_("Return on ad spend (revenue / ad spend)"),
)
HOT_COLD = re.compile(r"^(?P<name>.+) \((?P<source>hot|cold)\)$")


def shown(value, unit: str, language: str = "en") -> str:
    """A figure as a page shows it: EUR 1,234 (1.234 de euro), 12.5% (12,5%), 1,234.5."""
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    if unit == "EUR":
        return money(value, "EUR", 2 if abs(value) < 100 else 0, language)
    if unit == "share":
        return percent(value, 1, language)
    return number(value, 1, language)


def eur(value: float, language: str) -> str:
    """Money in whole euros."""
    return money(value, "EUR", 0, language)


def name(text: str, language: str) -> str:
    """A campaign's or lead type's name ("Gate motor kit (hot)") in the edition."""
    found = HOT_COLD.match(text)
    if found:
        source = (
            translation("hot", language)
            if found["source"] == "hot"
            else translation("cold", language)
        )
        return translation("{name} ({source})", language).format(
            name=translation(found["name"], language), source=source
        )
    return translation(text, language)


def role(player_role: str, language: str) -> str:
    """A player's role as a page names it."""
    return {
        MARKETING: translation("marketing", language),
        SALES: translation("sales", language),
        LEADER: translation("the company's leader", language),
    }[player_role]


def goal(common_goal: str, language: str) -> str:
    """A common goal as the pages name it: "the company's profit"."""
    if common_goal == "revenue":
        return translation("the company's revenue", language)
    if common_goal == "profit":
        return translation("the company's profit", language)
    return translation("the company's {goal}", language).format(goal=common_goal)


# --- the pay rules and the criteria ----------------------------------------------------------


def pay_rule(rules, department: str, language: str) -> str:
    """How a department is paid this month, in a sentence."""
    bonus = eur(rules.marketing_bonus_eur, language)
    if rules.phase == 1:
        if department == "marketing":
            return translation(
                "{bonus} bonus, shared between your targets (leads and cost per lead): "
                "each part paid when its target is met.",
                language,
            ).format(bonus=bonus)
        return translation(
            "Your commission on the deals you win, under the company's plan.", language
        )
    if department == "marketing":
        return translation("{bonus} times {goal} over its target.", language).format(
            bonus=bonus, goal=goal(rules.common_goal, language)
        )
    if rules.common_goal == "revenue":
        return translation("{rate} of the company's revenue.", language).format(
            rate=percent(rules.revenue_rate, 0, language)
        )
    return translation("{share} of the company's profit (before your pay).", language).format(
        share=percent(rules.pool_share, 0, language)
    )


def criteria_text(common_goal: str, lead_source_info: bool, language: str) -> str:
    if lead_source_info:
        text = translation(
            "both departments are paid on {goal}; sales sees each lead's source (hot or cold)",
            language,
        )
    else:
        text = translation(
            "both departments are paid on {goal}; sales does not see each lead's source "
            "(hot or cold)",
            language,
        )
    return text.format(goal=goal(common_goal, language))


def goal_choices(options: list[str], language: str) -> list[tuple[str, str]]:
    """The leader's choices of common goal: (value, label)."""
    return [(option, goal(option, language)) for option in options]


def lead_source_choices(language: str) -> list[tuple[bool, str]]:
    return [(True, translation("Yes", language)), (False, translation("No", language))]


# --- each page's words -----------------------------------------------------------------------


def common(language: str) -> dict:
    """The words every page has: its Next button."""
    return dict(next=translation("Next", language))


def timer_text(language: str) -> str:
    """The line above a page's countdown (oTree's ``timer_text``, set per page)."""
    return translation("Time left to complete this page:", language)


def marketing_words(language: str, month, months, company, phase, pay, limit, targets) -> dict:
    return dict(
        common(language),
        title=translation("Month {month} of {months}: marketing's budgets", language).format(
            month=month, months=months
        ),
        you_are=translation("You are marketing at {company} (phase {phase}).", language).format(
            company=company, phase=phase
        ),
        pay=translation("Your pay: {rule}", language).format(rule=pay),
        choose=translation(
            "Choose this month's budget for each campaign, in EUR: at most {limit} in all.",
            language,
        ).format(limit=limit),
        targets=translation(
            "Your targets: at least {leads} leads, at most {cost} a lead.", language
        ).format(
            leads=number(targets.leads, 0, language),
            cost=money(targets.cost_per_lead_eur, "EUR", None, language),
        ),
    )


def campaign_label(campaign_name: str, cost_per_lead_eur: float, language: str) -> str:
    return translation("{campaign} ({cost} a lead)", language).format(
        campaign=name(campaign_name, language), cost=eur(cost_per_lead_eur, language)
    )


def lead_type_label(kind, leads: float, language: str) -> str:
    return translation(
        "{lead_type}: {leads} leads, {value} a deal, at least {minutes} minutes a lead", language
    ).format(
        lead_type=name(kind.name, language),
        leads=number(leads, 1, language),
        value=eur(kind.value_eur, language),
        minutes=number(kind.min_hours * 60, 0, language),
    )


def sales_words(language: str, month, months, company, phase, pay, team_hours) -> dict:
    return dict(
        common(language),
        title=translation("Month {month} of {months}: sales' hours", language).format(
            month=month, months=months
        ),
        you_are=translation("You are sales at {company} (phase {phase}).", language).format(
            company=company, phase=phase
        ),
        pay=translation("Your pay: {rule}", language).format(rule=pay),
        split=translation(
            "Marketing's campaigns brought these leads. Split your team's {hours} selling "
            "hours between them: a lead given less than its minimum time is not worked at all.",
            language,
        ).format(hours=team_hours),
    )


def scorecard_title(department: str, language: str) -> str:
    if department == "marketing":
        return translation("Marketing's scorecard", language)
    return translation("Sales' scorecard", language)


def rule_word(rule: str, language: str) -> str:
    """A target's rule as the model writes it ("at least", "at most")."""
    if rule == "at least":
        return translation("at least", language)
    if rule == "at most":
        return translation("at most", language)
    return rule


def met_word(met: bool, language: str) -> str:
    return translation("met", language) if met else translation("missed", language)


def results_words(language: str, month, months, company, phase, role_name, own_card) -> dict:
    if own_card:
        title = translation("Month {month} of {months}: your scorecard", language)
    else:
        title = translation("Month {month} of {months}: the departments' scorecards", language)
    return dict(
        common(language),
        title=title.format(month=month, months=months),
        you_are=translation("{company}, phase {phase}. You are {role}.", language).format(
            company=company, phase=phase, role=role_name
        ),
        metric=translation("Metric", language),
        this_month=translation("This month", language),
        target=translation("Target", language),
        your_pay=translation("Your pay this month:", language),
    )


def reveal_words(language: str, company) -> dict:
    return dict(
        common(language),
        title=translation("The end of phase 1: the company's profit", language),
        intro=translation(
            "{company}. Until now nobody saw the company's profit. Here it is, month by "
            "month, against the company's profit target, beside whether each department met "
            "its own targets.",
            language,
        ).format(company=company),
        month=translation("Month", language),
        profit=translation("Profit", language),
        profit_target=translation("Profit target", language),
        company=translation("Company", language),
        marketing_targets=translation("Marketing's targets", language),
        sales_targets=translation("Sales' targets", language),
        paradox=translation(
            "Months in which both departments met their targets and the company missed its own:",
            language,
        ),
    )


def discussion_words(language: str, role_name, company) -> dict:
    return dict(
        common(language),
        title=translation("Between the phases: your firm talks", language),
        intro=translation(
            "You are {role} at {company}. In phase 2 both departments are paid on one common "
            "goal of the company. Talk it over with your firm: only your firm sees this chat.",
            language,
        ).format(role=role_name, company=company),
        send=translation("Send", language),
    )


def set_by_text(size: int, is_leader: bool, criteria: tuple[str, bool], language: str) -> str:
    if size == 2:
        return translation("Your instructor set phase 2's criteria: {criteria}.", language).format(
            criteria=criteria_text(*criteria, language)
        )
    if is_leader:
        return translation(
            "You are the company's leader: choose phase 2's criteria below.", language
        )
    return translation("Your company's leader chooses phase 2's criteria.", language)


def wait_words(language: str, waiting_for: str) -> dict:
    """A wait page's title and text (oTree's own are in the server's language)."""
    if waiting_for == "leads":
        body = translation(
            "Waiting for marketing's budgets: they bring this month's leads.", language
        )
    elif waiting_for == "criteria":
        body = translation("Waiting for your firm: phase 2's criteria are being set.", language)
    else:
        body = translation("Waiting for the other departments of your firm.", language)
    return dict(title_text=translation("Please wait", language), body_text=body)


def field_labels(language: str) -> dict:
    return dict(
        chosen_goal=translation(
            "The common goal both departments are paid on in phase 2", language
        ),
        chosen_lead_source_info=translation(
            "Show sales each lead's source (hot or cold) in phase 2?", language
        ),
    )


# --- the model's refusals --------------------------------------------------------------------

_BUDGETS_OVER = re.compile(
    r"^budgets add up to EUR (?P<total>[-\d,.]+), over the limit of EUR (?P<limit>[-\d,.]+)$"
)
_HOURS_OVER = re.compile(
    r"^hours add up to (?P<hours>\S+), more than the team's (?P<team>\S+) "
    r"\((?P<reps>\d+) reps x (?P<each>\S+)\)$"
)
_NEGATIVE = re.compile(r"^(budgets|hours)\[(?P<name>.+)\] must be a number >= 0; got .*$")


def _figure(text: str) -> float:
    return float(text.replace(",", ""))


def refusal(message: str, language: str) -> str:
    """The model's message refusing a decision (``ValueError`` of
    ``incentives.model.decisions.play``), in the edition: the English as the model wrote
    it; in another edition its translation, with the figures written that edition's way."""
    if language == "en":
        return message
    found = _BUDGETS_OVER.match(message)
    if found:
        return translation(
            "Your budgets add up to {total}, over the limit of {limit}.", language
        ).format(
            total=eur(_figure(found["total"]), language),
            limit=eur(_figure(found["limit"]), language),
        )
    found = _HOURS_OVER.match(message)
    if found:
        return translation(
            "Your hours add up to {hours}, more than the team's {team} ({reps} reps x {each}).",
            language,
        ).format(
            hours=number(_figure(found["hours"]), 1, language),
            team=number(_figure(found["team"]), 0, language),
            reps=found["reps"],
            each=number(_figure(found["each"]), 0, language),
        )
    found = _NEGATIVE.match(message)
    if found:
        return translation("{name}: type a number of 0 or more.", language).format(
            name=name(found["name"].strip("'\""), language)
        )
    return translation("The model cannot play this decision: {message}", language).format(
        message=message
    )
