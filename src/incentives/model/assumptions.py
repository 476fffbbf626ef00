"""Every assumption the course's model makes: its value, its source, the lessons resting on it.

    from incentives.model.assumptions import ASSUMPTIONS, value
    value("segment_shares")                  # (0.3, 0.55, 0.15)
    ASSUMPTIONS["hot_share"].source          # 'assumed for teaching, ...'

An assumption is a figure or a rule the model takes as given rather than derives: a share of
guests, a cost per lead, how long a meal lasts. Each entry says what it assumes, its value,
where the value comes from and which lessons rely on it. A source is one of three kinds: a
published reference by author and year (listed in full in :data:`REFERENCES`), the article
the course is built on (one of its two cases), or "assumed for teaching" (a plausible figure
of our own, chosen so the story can be told and stated so a learner can question it).

The code reads each value from here (``value(<name>)``); a company's own figures live in its
files (``data/<company>/``) and a test checks the entries against them. docs/model.md is
rendered from this registry (``python -m tools.model_docs``) and a test checks that it
agrees, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = [
    "ARTICLE_CLOAKROOM",
    "ARTICLE_COMPANY_X",
    "ASSUMPTIONS",
    "REFERENCES",
    "TEACHING",
    "TOPICS",
    "Assumption",
    "Span",
    "value",
]

TEACHING = "assumed for teaching"
ARTICLE_COMPANY_X = "the article (Company X case)"
ARTICLE_CLOAKROOM = "the article (restaurant cloakroom case)"

REFERENCES = {
    "Holmstrom & Milgrom (1991)": (
        "Holmstrom, B. and Milgrom, P. (1991). Multitask principal-agent analyses: incentive "
        "contracts, asset ownership, and job design. Journal of Law, Economics and "
        "Organization 7, 24-52."
    ),
    "Farley (1964)": (
        "Farley, J. U. (1964). An optimal plan for salesmen's compensation. Journal of "
        "Marketing Research 1(2), 39-43."
    ),
    "Weinberg (1978)": (
        "Weinberg, C. B. (1978). Jointly optimal sales commissions for nonincome maximizing "
        "sales forces. Management Science 24(12), 1252-1258."
    ),
    "Oldroyd, McElheran & Elkington (2011)": (
        "Oldroyd, J. B., McElheran, K. and Elkington, D. (2011). The short life of online "
        "sales leads. Harvard Business Review, March 2011."
    ),
    "Monat (2011)": (
        "Monat, J. P. (2011). Industrial sales lead conversion modeling. Marketing "
        "Intelligence & Planning 29(2), 178-194."
    ),
    "WordStream/LocaliQ (2024)": (
        "WordStream and LocaliQ (2024). Search advertising benchmarks for 2024: cost per "
        "lead by industry (a vendor's report; low authority)."
    ),
    "HotNews (2025)": (
        "HotNews.ro (16 September 2025). A survey of Romanian diners: what they spend per "
        "person in a restaurant and how much they tip."
    ),
    "Strohmetz, Rind, Fisher & Lynn (2002)": (
        "Strohmetz, D. B., Rind, B., Fisher, R. and Lynn, M. (2002). Sweetening the till: "
        "the use of candy to increase restaurant tipping. Journal of Applied Social "
        "Psychology 32(2), 300-309."
    ),
}
"""Every published work a source cites, by the short name the sources use."""

TOPICS = {
    "model": "The model's rules",
    "company_x": "Company X",
    "velora": "Velora",
    "leads": "The sample leads",
    "alignment": "Common criteria and common goals",
    "capstone": "The capstone's grid",
    "restaurant": "The restaurant",
    "visits": "The restaurant's sample visits",
}
"""The registry's sections, in the order docs/model.md shows them."""

COMPANY_X_LESSONS = (
    "01-two-departments",
    "02-gates-and-parts",
    "02b-commission-plans",
    "03-speed-and-handoff",
    "05-common-criteria",
)
VELORA_LESSONS = ("06-capstone", "06b-capstone-memo")
LEADS_LESSONS = ("01-two-departments", "02-gates-and-parts", "03-speed-and-handoff")
CLOAKROOM_LESSONS = ("04-cloakroom", "04b-the-claim", "04c-gifts")
ALIGNMENT_LESSONS = ("05-common-criteria", "06b-capstone-memo")


class Span(NamedTuple):
    """A range from ``low`` to ``high``, both included: ticket numbers, or the values a
    company's products take (the lowest and the highest are both reached)."""

    low: float
    high: float


@dataclass(frozen=True)
class Assumption:
    """One assumption of the model.

    Attributes:
        name: Its short name, as the code looks it up (``value(name)``).
        topic: The section of docs/model.md it belongs to, a key of :data:`TOPICS`.
        what: What is assumed, in one or two sentences.
        value: The value the code uses (a number, a tuple, a mapping, a :class:`Span`, or
            a short text for a rule).
        unit: The value's unit, or "" when it has none.
        source: Where the value comes from: a reference of :data:`REFERENCES` by author
            and year, one of the article's cases, or "assumed for teaching", possibly
            followed by a short note.
        lessons: The lessons that rely on it, by folder name (``"04-cloakroom"``).
    """

    name: str
    topic: str
    what: str
    value: Any
    unit: str
    source: str
    lessons: tuple[str, ...]


def _registry(*entries: Assumption) -> dict[str, Assumption]:
    registry = {}
    for entry in entries:
        if entry.name in registry:
            raise ValueError(f"assumption {entry.name!r} is registered twice")
        if entry.topic not in TOPICS:
            raise ValueError(f"assumption {entry.name!r}: unknown topic {entry.topic!r}")
        if isinstance(entry.value, Mapping):  # read-only, like the tuples
            entry = replace(entry, value=MappingProxyType(dict(entry.value)))
        registry[entry.name] = entry
    return registry


_A = Assumption

ASSUMPTIONS: dict[str, Assumption] = _registry(
    # --- the model's rules ---------------------------------------------------------------
    _A(
        "win_probability",
        "model",
        "A rep who spends t hours on a lead wins it with a chance that rises towards a "
        "ceiling P with time constant tau, and is 0 below a minimum handling time: a lead "
        "given less than a call and a quote is not worked at all.",
        "P (1 - exp(-t / tau)) for t >= tmin, else 0",
        "",
        TEACHING + ": a saturating curve with a threshold, the simplest that makes a kind "
        "of lead worth ignoring",
        ("02-gates-and-parts", "02b-commission-plans", "05-common-criteria", *VELORA_LESSONS),
    ),
    _A(
        "reps_maximise_pay",
        "model",
        "The reps split their selling hours between lead types to maximise their own "
        "expected commission, not the company's profit; pay on one measured output pulls "
        "their time away from what is not paid.",
        "maximise sum N p(t) c subject to the team's hours",
        "",
        "Holmstrom & Milgrom (1991); commission on gross margin aligns the two: Farley "
        "(1964), Weinberg (1978)",
        ("02-gates-and-parts", "02b-commission-plans", "05-common-criteria", *VELORA_LESSONS),
    ),
    _A(
        "returns_exponent",
        "model",
        "A campaign buys leads at a constant cost per lead at any budget (`leads = a * "
        "budget ** beta` with beta 1): each extra euro buys as many leads as the last.",
        1.0,
        "beta",
        TEACHING,
        ("05-common-criteria", *VELORA_LESSONS),
    ),
    _A(
        "diminishing_returns_exponent",
        "model",
        "The exponent the capstone tries as a sensitivity check on the constant cost per "
        "lead: leads grow as the budget to this power, so campaigns tire.",
        0.8,
        "beta",
        TEACHING + ": a usual choice for diminishing returns to advertising",
        ("06b-capstone-memo",),
    ),
    # --- Company X -----------------------------------------------------------------------
    _A(
        "company_x_prices",
        "company_x",
        "Company X's list prices: automated gates and a garage door, and three spare parts.",
        {
            "G-SLIDE": 3200,
            "G-SWING": 2400,
            "G-GARAGE": 1600,
            "P-MOTOR": 380,
            "P-REMOTE": 28,
            "P-HINGE": 35,
        },
        "EUR",
        TEACHING + "; the article gives no prices",
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_margins",
        "company_x",
        "Company X's gross margin rates: thinner on gates, thicker on parts.",
        {"gate": Span(0.30, 0.35), "part": Span(0.45, 0.55)},
        "share of the price",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_win_ceilings",
        "company_x",
        "The most a lead can be won with, however long a rep works it: a gate buyer shops "
        "around, a part buyer has mostly decided.",
        {"gate": Span(0.30, 0.35), "part": Span(0.5, 0.9)},
        "probability",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_time_constants",
        "company_x",
        "How long it takes to work a lead (the time constant tau): hours for a gate, "
        "minutes for a part.",
        {"gate": Span(1.5, 2.0), "part": Span(0.1, 0.5)},
        "hours",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_min_minutes",
        "company_x",
        "The least time that works a lead at all: a site visit and a quote for a gate, a "
        "call for a part.",
        {"gate": 30, "part": 10},
        "minutes",
        TEACHING + ": without it, parts get about 2 minutes each and the story vanishes",
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_cost_per_lead",
        "company_x",
        "What one lead costs in each of Company X's campaigns: search and social ads for "
        "gates, a cheap spare-parts promotion, and the organic website.",
        {"C-GATES": 40, "C-GARAGE": 50, "C-PARTS": 6, "C-ORGANIC": 20},
        "EUR per lead",
        TEACHING + ", of the order of the paid-search and social benchmarks of "
        "WordStream/LocaliQ (2024)",
        ("00-start-here", *COMPANY_X_LESSONS),
    ),
    _A(
        "company_x_budgets",
        "company_x",
        "Company X's monthly campaign budgets; the parts promotion runs from July, as the "
        "article's campaign that brought many cheap calls about parts.",
        {"C-GATES": 3000, "C-GARAGE": 1250, "C-PARTS": 1800, "C-ORGANIC": 400},
        "EUR a month",
        ARTICLE_COMPANY_X + " for the cheap parts campaign; the amounts " + TEACHING,
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_team",
        "company_x",
        "Company X's sales team: reps and selling hours each a month.",
        {"reps": 3, "hours_per_rep": 120},
        "",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_plan",
        "company_x",
        "Company X's pay plan in force: a share of each deal's value, larger on big deals, "
        "so a rep earns far more for a gate than for a part.",
        {"below EUR 500": 0.01, "from EUR 500": 0.05},
        "share of the deal's value",
        ARTICLE_COMPANY_X + " for pay that grows with the deal; the rates " + TEACHING,
        COMPANY_X_LESSONS,
    ),
    _A(
        "company_x_targets",
        "company_x",
        "The targets each department of Company X is judged against, and its fixed costs "
        "(none: profit is before fixed costs).",
        {
            "leads": 300,
            "cost_per_lead_eur": 20,
            "revenue_eur": 70000,
            "profit_eur": 17000,
            "fixed_costs_eur": 0,
        },
        "a month",
        TEACHING,
        ("02-gates-and-parts", "02b-commission-plans", "05-common-criteria"),
    ),
    # --- Velora --------------------------------------------------------------------------
    _A(
        "velora_prices",
        "velora",
        "Velora's prices: two e-bikes, an annual service and a replacement battery.",
        {"B-CITY": 2300, "B-CARGO": 4200, "S-SERVICE": 120, "S-BATTERY": 650},
        "EUR",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "velora_margins",
        "velora",
        "Velora's gross margin rates.",
        {"B-CITY": 0.28, "B-CARGO": 0.25, "S-SERVICE": 0.6, "S-BATTERY": 0.35},
        "share of the price",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "velora_selling",
        "velora",
        "How Velora's leads are won: ceiling win probability, time constant and minimum "
        "time per lead, product by product.",
        {
            "B-CITY": (0.3, 1.5, 0.5),
            "B-CARGO": (0.22, 2.5, 0.75),
            "S-SERVICE": (0.75, 0.25, 0.25),
            "S-BATTERY": (0.55, 0.4, 0.25),
        },
        "ceiling / hours / hours",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "velora_campaigns",
        "velora",
        "Velora's campaigns: monthly budget and cost per lead. A service reminder lead "
        "costs the same however many are bought.",
        {
            "V-SEARCH": (2500, 35),
            "V-SOCIAL": (1500, 45),
            "V-SERVICE": (900, 9),
            "V-REFER": (300, 25),
        },
        "EUR a month / EUR per lead",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "velora_team",
        "velora",
        "Velora's sales team: reps and selling hours each a month.",
        {"reps": 2, "hours_per_rep": 110},
        "",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "velora_plan",
        "velora",
        "Velora's pay plan in force: a share of each deal's gross margin.",
        0.10,
        "share of gross margin",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "velora_targets",
        "velora",
        "Velora's targets and fixed costs.",
        {
            "leads": 200,
            "cost_per_lead_eur": 25,
            "revenue_eur": 60000,
            "profit_eur": 12000,
            "fixed_costs_eur": 0,
        },
        "a month",
        TEACHING,
        VELORA_LESSONS,
    ),
    # --- the sample leads ----------------------------------------------------------------
    _A(
        "incidental_calls_per_rep",
        "leads",
        "Leads of a product nobody works still get a few calls a month, because the phone "
        "rings: the first ones of the month, at the minimum handling time.",
        6,
        "calls per rep a month",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    _A(
        "reach_rate",
        "leads",
        "The share of worked leads a rep reaches at all (the rest: wrong numbers, no answer).",
        0.96,
        "share",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    _A(
        "response_median_minutes",
        "leads",
        "The median time to a lead's first response, log-normal: a lead of a worked "
        "product, and an incidental call.",
        {"worked": 45.0, "incidental": 900.0},
        "minutes",
        TEACHING + "; answers as slow as these are common: Oldroyd, McElheran & Elkington (2011)",
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    _A(
        "response_spread",
        "leads",
        "The spread of response times: sigma of the log-normal.",
        1.1,
        "",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    _A(
        "response_half_life_hours",
        "leads",
        "A lead answered after h hours is won (1 + h / H) times less often than one "
        "answered at once: half as often after H hours.",
        24.0,
        "hours (H)",
        TEACHING + ", a milder effect than Oldroyd, McElheran & Elkington (2011) measured",
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    _A(
        "deal_value_spread",
        "leads",
        "A won deal's value is the list price times a log-normal factor with this sigma "
        "(discounts, options).",
        0.12,
        "",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    # --- common criteria and common goals ------------------------------------------------
    _A(
        "pool_share",
        "alignment",
        "Sales' common part of pay under a profit goal: a team pool of this share of "
        "company profit.",
        0.10,
        "share of profit",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    _A(
        "pool_share_max",
        "alignment",
        "The largest team pool a design may set.",
        0.5,
        "share of profit",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    _A(
        "revenue_rate",
        "alignment",
        "Sales' common part of pay under a revenue goal (the article's rule): this share "
        "of every deal's value.",
        0.03,
        "share of revenue",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    _A(
        "revenue_rate_max",
        "alignment",
        "The largest revenue share a design may set.",
        0.2,
        "share of revenue",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    _A(
        "marketing_score",
        "alignment",
        "Marketing chooses its parts budget to maximise a blend of its own score (more and "
        "cheaper leads than its targets) and the common goal's figure against its target; "
        "ties go to the smaller budget. Its own bonus is not counted as a cost.",
        "w (leads / target - cost per lead / target) + (1 - w) figure / target",
        "",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    _A(
        "budget_steps",
        "alignment",
        "Marketing weighs its small-ticket budget from 0 to today's in this many equal "
        "steps; the rest of the budget it moves goes to the big-ticket campaigns.",
        6,
        "steps",
        TEACHING + "; the top of the grid is the article's campaign as it runs",
        ALIGNMENT_LESSONS,
    ),
    _A(
        "hot_share",
        "alignment",
        "The share of every lead type's leads that are hot. With lead-source information "
        "sales can tell them apart; without it, not.",
        0.25,
        "share of leads",
        TEACHING + "; a lead's source tells much of how good it is: Monat (2011)",
        ALIGNMENT_LESSONS,
    ),
    _A(
        "hot_lift",
        "alignment",
        "A hot lead's ceiling win probability as a multiple of its type's (at most 1); the "
        "cold leads keep the rest, so the type's average is unchanged.",
        2.0,
        "times",
        TEACHING + "; fresh web leads are worth most: Oldroyd, McElheran & Elkington (2011)",
        ALIGNMENT_LESSONS,
    ),
    _A(
        "spend_factors",
        "alignment",
        "The ad spends marketing weighs under a common goal, as multiples of today's "
        "budgets (every campaign scaled alike).",
        (0.5, 1.0, 1.5, 2.0, 3.0, 4.0),
        "times today's budget",
        TEACHING,
        ("05-common-criteria",),
    ),
    # --- the capstone's grid -------------------------------------------------------------
    _A(
        "capstone_rates",
        "capstone",
        "The levels of each plan the capstone weighs: a share of revenue, a share of gross "
        "margin, or EUR per won deal.",
        {
            "revenue_share": (0.02, 0.025, 0.03, 0.035, 0.04),
            "margin_share": (0.08, 0.09, 0.10, 0.11, 0.12),
            "flat_fee": (10.0, 15.0, 20.0, 25.0, 30.0),
        },
        "share, or EUR per deal",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "capstone_budgets_eur",
        "capstone",
        "The monthly ad budgets the capstone weighs: half of Velora's EUR 5,200 to twice "
        "it, split between the campaigns as today.",
        (2600.0, 3900.0, 5200.0, 6500.0, 7800.0, 9100.0, 10400.0),
        "EUR a month",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "pay_promise",
        "capstone",
        "Velora's manager promises the reps at least the commission they expect today "
        "(today's plan at today's budget); a design that pays less is ruled out, since "
        "in the model reps work their hours whatever they are paid.",
        "expected sales pay >= today's",
        "",
        TEACHING,
        VELORA_LESSONS,
    ),
    _A(
        "capstone_tolerance",
        "capstone",
        "A choice within this share of the best profit (that keeps the pay promise) counts "
        "as good as the best.",
        0.02,
        "share of profit",
        TEACHING,
        VELORA_LESSONS,
    ),
    # --- the restaurant ------------------------------------------------------------------
    _A(
        "ticket_ranges",
        "restaurant",
        "The cloakroom's ticket ranges per segment, as the article gives them: they share "
        "the tickets 40 and 80.",
        {"student": Span(1, 40), "standard": Span(40, 80), "vip": Span(80, 100)},
        "ticket numbers",
        ARTICLE_CLOAKROOM,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "shared_ticket_goes_to",
        "restaurant",
        "Which segment a ticket two ranges share belongs to, where a convention is needed "
        "(the lab and the sample visits): the lower one, so 40 is a student and 80 "
        "standard.",
        "lower",
        "",
        TEACHING + "; the article's ranges leave it open",
        CLOAKROOM_LESSONS,
    ),
    _A(
        "article_lift",
        "restaurant",
        "What the article reports of the cloakroom scheme: sales up by 150%.",
        1.5,
        "relative rise",
        ARTICLE_CLOAKROOM,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "segment_shares",
        "restaurant",
        "The share of parties in each segment: student, standard, VIP.",
        (0.30, 0.55, 0.15),
        "share of parties",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "spend_per_head_ron",
        "restaurant",
        "A guest's usual spend per segment: student, standard, VIP.",
        (60.0, 110.0, 300.0),
        "RON",
        TEACHING + "; most Romanian diners say they spend 70-150 RON a head: HotNews (2025)",
        CLOAKROOM_LESSONS,
    ),
    _A(
        "guests_per_evening",
        "restaurant",
        "Guests (covers) on a usual evening of the model restaurant.",
        140,
        "guests",
        TEACHING + ", within 120-160 for 80 seats",
        CLOAKROOM_LESSONS,
    ),
    _A(
        "seats",
        "restaurant",
        "Seats in the model restaurant.",
        80,
        "seats",
        TEACHING,
        ("04b-the-claim",),
    ),
    _A(
        "arrival_window_minutes",
        "restaurant",
        "Parties arrive between 18:00 (minute 0) and 22:00.",
        240.0,
        "minutes",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "arrival_peak_minute",
        "restaurant",
        "Arrivals follow a triangular distribution over the window that peaks at 19:30.",
        90.0,
        "minutes after 18:00",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "party_sizes",
        "restaurant",
        "How often a party has 1, 2, 3 or 4 guests: 2.5 guests on average. Party size "
        "does not depend on the segment.",
        {1: 0.15, 2: 0.45, 3: 0.15, 4: 0.25},
        "guests: probability",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "waiters",
        "restaurant",
        "Waiters on the floor.",
        4,
        "waiters",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "tables_per_waiter",
        "restaurant",
        "Parties one waiter looks after at once; a party waits until a place is free, "
        "then keeps it for its whole meal.",
        5,
        "parties",
        TEACHING + ", in the 4-6 tables usual in casual dining",
        CLOAKROOM_LESSONS,
    ),
    _A(
        "meal_minutes",
        "restaurant",
        "The mean time a party keeps its place, from order to leaving.",
        75.0,
        "minutes",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "meal_length_shape",
        "restaurant",
        "Meal lengths follow a gamma distribution with this shape (a spread of about 40%).",
        6.0,
        "",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "spend_spread",
        "restaurant",
        "Party-to-party spread of spend per head: sigma of a log-normal factor with mean 1.",
        0.25,
        "",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "spend_drop_per_10_minutes",
        "restaurant",
        "Spend per head falls by this share of the usual for every 10 minutes a party "
        "waits (down to the floor below).",
        0.03,
        "share",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "spend_floor",
        "restaurant",
        "Waiting never takes spend per head below this share of the usual.",
        0.7,
        "share",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "tip_shares",
        "restaurant",
        "A party's tip as a share of the bill, and how often each is given: 77% of parties "
        "tip under 10%. How that 77% splits between 0% and 5% is our guess. Waiting does "
        "not change tips.",
        {0.0: 0.12, 0.05: 0.65, 0.10: 0.18, 0.15: 0.05},
        "tip share: probability",
        "HotNews (2025) for the 77% under 10%; the split " + TEACHING,
        CLOAKROOM_LESSONS,
    ),
    _A(
        "gift_tip_lift",
        "restaurant",
        "A gifted party's tip share rises by this much: one chocolate per diner with the "
        "bill raised tips from 15.06% to 17.84% of the bill.",
        17.84 / 15.06 - 1.0,
        "relative rise",
        "Strohmetz, Rind, Fisher & Lynn (2002)",
        ("04-cloakroom", "04c-gifts"),
    ),
    _A(
        "gift_spend_lift",
        "restaurant",
        "A gifted party (a coffee or a branded dessert, one per guest) spends this much "
        "more per head.",
        0.1,
        "relative rise",
        TEACHING,
        ("04-cloakroom", "04c-gifts"),
    ),
    _A(
        "gift_cost_ron",
        "restaurant",
        "What one gift costs the restaurant. Gifts go to VIP parties first, then to the "
        "others in arrival order, while the evening's budget lasts.",
        15.0,
        "RON a guest",
        TEACHING,
        ("04-cloakroom", "04c-gifts"),
    ),
    _A(
        "menu_minutes",
        "restaurant",
        "Minutes every party spends sitting down and reading the menu, waiter or not: "
        "fairness compares time to order (these plus the wait), so a one-minute difference "
        "does not look as unfair as an hour's.",
        5.0,
        "minutes",
        TEACHING,
        CLOAKROOM_LESSONS,
    ),
    # --- the restaurant's sample visits --------------------------------------------------
    _A(
        "visit_evenings",
        "visits",
        "The sample visits hold this many evenings before the scheme (queue order, no "
        "gifts) and as many after it (VIPs first, gifts).",
        14,
        "evenings each",
        TEACHING,
        ("04b-the-claim", "04c-gifts"),
    ),
    _A(
        "visit_covers",
        "visits",
        "Guests an evening in the sample visits, by weekday, Monday to Sunday.",
        (120, 120, 120, 130, 160, 160, 160),
        "guests",
        TEACHING,
        ("04b-the-claim", "04c-gifts"),
    ),
    _A(
        "visit_gift_budget_ron",
        "visits",
        "The gift budget of every evening after the scheme in the sample visits.",
        600.0,
        "RON an evening",
        TEACHING,
        ("04b-the-claim", "04c-gifts"),
    ),
)
"""The registry: every assumption by name, in the order docs/model.md lists them."""


def value(name: str) -> Any:
    """The value of the assumption ``name``, as the code uses it.

    Raises:
        KeyError: naming the assumption, if there is none of that name.
    """
    try:
        return ASSUMPTIONS[name].value
    except KeyError:
        raise KeyError(f"no assumption named {name!r} in incentives.model.assumptions") from None
