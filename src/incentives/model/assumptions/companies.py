"""The assumptions about the companies: the model's rules, Company X, Velora and the
generator of their sample leads."""

from __future__ import annotations

from incentives.model.assumptions.entry import (
    ARTICLE_COMPANY_X,
    COMPANY_X_LESSONS,
    LEADS_LESSONS,
    TEACHING,
    VELORA_LESSONS,
    Assumption,
    Span,
)

ENTRIES = (
    # --- the model's rules ---------------------------------------------------------------
    Assumption(
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
    Assumption(
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
    Assumption(
        "returns_exponent",
        "model",
        "A campaign buys leads at a constant cost per lead at any budget (`leads = a * "
        "budget ** beta` with beta 1): each extra euro buys as many leads as the last.",
        1.0,
        "beta",
        TEACHING,
        ("05-common-criteria", *VELORA_LESSONS),
    ),
    Assumption(
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
    Assumption(
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
    Assumption(
        "company_x_margins",
        "company_x",
        "Company X's gross margin rates: thinner on gates, thicker on parts.",
        {"gate": Span(0.30, 0.35), "part": Span(0.45, 0.55)},
        "share of the price",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    Assumption(
        "company_x_win_ceilings",
        "company_x",
        "The most a lead can be won with, however long a rep works it: a gate buyer shops "
        "around, a part buyer has mostly decided.",
        {"gate": Span(0.30, 0.35), "part": Span(0.5, 0.9)},
        "probability",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    Assumption(
        "company_x_time_constants",
        "company_x",
        "How long it takes to work a lead (the time constant tau): hours for a gate, "
        "minutes for a part.",
        {"gate": Span(1.5, 2.0), "part": Span(0.1, 0.5)},
        "hours",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    Assumption(
        "company_x_min_minutes",
        "company_x",
        "The least time that works a lead at all: a site visit and a quote for a gate, a "
        "call for a part.",
        {"gate": 30, "part": 10},
        "minutes",
        TEACHING + ": without it, parts get about 2 minutes each and the story vanishes",
        COMPANY_X_LESSONS,
    ),
    Assumption(
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
    Assumption(
        "company_x_budgets",
        "company_x",
        "Company X's monthly campaign budgets; the parts promotion runs from July, as the "
        "article's campaign that brought many cheap calls about parts.",
        {"C-GATES": 3000, "C-GARAGE": 1250, "C-PARTS": 1800, "C-ORGANIC": 400},
        "EUR a month",
        ARTICLE_COMPANY_X + " for the cheap parts campaign; the amounts " + TEACHING,
        COMPANY_X_LESSONS,
    ),
    Assumption(
        "company_x_team",
        "company_x",
        "Company X's sales team: reps and selling hours each a month.",
        {"reps": 3, "hours_per_rep": 120},
        "",
        TEACHING,
        COMPANY_X_LESSONS,
    ),
    Assumption(
        "company_x_plan",
        "company_x",
        "Company X's pay plan in force: a share of each deal's value, larger on big deals, "
        "so a rep earns far more for a gate than for a part.",
        {"below EUR 500": 0.01, "from EUR 500": 0.05},
        "share of the deal's value",
        ARTICLE_COMPANY_X + " for pay that grows with the deal; the rates " + TEACHING,
        COMPANY_X_LESSONS,
    ),
    Assumption(
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
    Assumption(
        "velora_prices",
        "velora",
        "Velora's prices: two e-bikes, an annual service and a replacement battery.",
        {"B-CITY": 2300, "B-CARGO": 4200, "S-SERVICE": 120, "S-BATTERY": 650},
        "EUR",
        TEACHING,
        VELORA_LESSONS,
    ),
    Assumption(
        "velora_margins",
        "velora",
        "Velora's gross margin rates.",
        {"B-CITY": 0.28, "B-CARGO": 0.25, "S-SERVICE": 0.6, "S-BATTERY": 0.35},
        "share of the price",
        TEACHING,
        VELORA_LESSONS,
    ),
    Assumption(
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
    Assumption(
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
    Assumption(
        "velora_team",
        "velora",
        "Velora's sales team: reps and selling hours each a month.",
        {"reps": 2, "hours_per_rep": 110},
        "",
        TEACHING,
        VELORA_LESSONS,
    ),
    Assumption(
        "velora_plan",
        "velora",
        "Velora's pay plan in force: a share of each deal's gross margin.",
        0.10,
        "share of gross margin",
        TEACHING,
        VELORA_LESSONS,
    ),
    Assumption(
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
    Assumption(
        "incidental_calls_per_rep",
        "leads",
        "Leads of a product nobody works still get a few calls a month, because the phone "
        "rings: the first ones of the month, at the minimum handling time.",
        6,
        "calls per rep a month",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    Assumption(
        "reach_rate",
        "leads",
        "The share of worked leads a rep reaches at all (the rest: wrong numbers, no answer).",
        0.96,
        "share",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    Assumption(
        "response_median_minutes",
        "leads",
        "The median time to a lead's first response, log-normal: a lead of a worked "
        "product, and an incidental call.",
        {"worked": 45.0, "incidental": 900.0},
        "minutes",
        TEACHING + "; answers as slow as these are common: Oldroyd, McElheran & Elkington (2011)",
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    Assumption(
        "response_spread",
        "leads",
        "The spread of response times: sigma of the log-normal.",
        1.1,
        "",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    Assumption(
        "response_half_life_hours",
        "leads",
        "A lead answered after h hours is won (1 + h / H) times less often than one "
        "answered at once: half as often after H hours.",
        24.0,
        "hours (H)",
        TEACHING + ", a milder effect than Oldroyd, McElheran & Elkington (2011) measured",
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
    Assumption(
        "deal_value_spread",
        "leads",
        "A won deal's value is the list price times a log-normal factor with this sigma "
        "(discounts, options).",
        0.12,
        "",
        TEACHING,
        (*LEADS_LESSONS, *VELORA_LESSONS),
    ),
)
