"""The assumptions behind the pay designs learners weigh: common criteria and common
goals (lessons 05, 06b), and the capstone's grid on Velora."""

from __future__ import annotations

from incentives.model.assumptions.entry import (
    ALIGNMENT_LESSONS,
    TEACHING,
    VELORA_LESSONS,
    Assumption,
)

ENTRIES = (
    # --- the classroom game and the class's results ----------------------------------------
    Assumption(
        "marketing_bonus_eur",
        "alignment",
        "Marketing's bonus for a month on target in the classroom game: in phase 1 shared "
        "between its targets (leads, cost per lead), each part paid when met; in phase 2 "
        "this amount times the common goal's figure over its target.",
        1000.0,
        "EUR a month",
        TEACHING,
        ("07-class-results",),
    ),
    # --- common criteria and common goals ------------------------------------------------
    Assumption(
        "pool_share",
        "alignment",
        "Sales' common part of pay under a profit goal: a team pool of this share of "
        "company profit.",
        0.10,
        "share of profit",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    Assumption(
        "pool_share_max",
        "alignment",
        "The largest team pool a design may set.",
        0.5,
        "share of profit",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    Assumption(
        "revenue_rate",
        "alignment",
        "Sales' common part of pay under a revenue goal (the article's rule): this share "
        "of every deal's value.",
        0.03,
        "share of revenue",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    Assumption(
        "revenue_rate_max",
        "alignment",
        "The largest revenue share a design may set.",
        0.2,
        "share of revenue",
        TEACHING,
        ALIGNMENT_LESSONS,
    ),
    Assumption(
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
    Assumption(
        "budget_steps",
        "alignment",
        "Marketing weighs its small-ticket budget from 0 to today's in this many equal "
        "steps; the rest of the budget it moves goes to the big-ticket campaigns.",
        6,
        "steps",
        TEACHING + "; the top of the grid is the article's campaign as it runs",
        ALIGNMENT_LESSONS,
    ),
    Assumption(
        "hot_share",
        "alignment",
        "The share of every lead type's leads that are hot. With lead-source information "
        "sales can tell them apart; without it, not.",
        0.25,
        "share of leads",
        TEACHING + "; a lead's source tells much of how good it is: Monat (2011)",
        ALIGNMENT_LESSONS,
    ),
    Assumption(
        "hot_lift",
        "alignment",
        "A hot lead's ceiling win probability as a multiple of its type's (at most 1); the "
        "cold leads keep the rest, so the type's average is unchanged.",
        2.0,
        "times",
        TEACHING + "; fresh web leads are worth most: Oldroyd, McElheran & Elkington (2011)",
        ALIGNMENT_LESSONS,
    ),
    Assumption(
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
    Assumption(
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
    Assumption(
        "capstone_budgets_eur",
        "capstone",
        "The monthly ad budgets the capstone weighs: half of Velora's EUR 5,200 to twice "
        "it, split between the campaigns as today.",
        (2600.0, 3900.0, 5200.0, 6500.0, 7800.0, 9100.0, 10400.0),
        "EUR a month",
        TEACHING,
        VELORA_LESSONS,
    ),
    Assumption(
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
    Assumption(
        "capstone_tolerance",
        "capstone",
        "A choice within this share of the best profit (that keeps the pay promise) counts "
        "as good as the best.",
        0.02,
        "share of profit",
        TEACHING,
        VELORA_LESSONS,
    ),
)
