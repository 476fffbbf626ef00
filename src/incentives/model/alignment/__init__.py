"""Alignment: how much of each department's bonus rests on its own metric, how much on a
company figure (profit, or revenue).

    from incentives.model.alignment import align
    align().outcome.departments_met()        # the article's case: both paid on own metrics
    # {'marketing': True, 'sales': True, 'company': False}
    align(sales_own_weight=0.0, marketing_own_weight=0.0).outcome.departments_met()
    # {'marketing': False, 'sales': True, 'company': True}
    align(lead_source_info=True).choice      # every budget split marketing weighed
    design_table()                           # every design of both pay plans on a grid
    hotness_table()                          # information's worth as leads differ more
    align(goal="revenue", sales_own_weight=0.0, marketing_own_weight=0.0)  # the article's rule

The article resolves the conflict by common criteria, by handing sales the full
information about each lead (which page and campaign brought it) and by tying both
departments' goals to the company's result. :func:`align` puts those three levers side by
side on Company X (``incentives.model.build.company_x``), or on any company given whose
targets set leads, cost per lead and profit; it is the multitask problem of Holmstrom and
Milgrom (1991) with two agents, each paid partly on a measured interim metric.
The AlignmentLab (``incentives.labs.alignment``) is its controls and views.

One module per idea, every public name importable from here: ``pay`` (sales' plan blended
with a common goal, marketing's score of a budget), ``information`` (lead-source
information: hot and cold leads), ``foresight`` (the budgets marketing weighs and the reps'
response to each, cached), ``choice`` (:func:`align`: marketing's choice and what follows)
and ``tables`` (:func:`design_table`, :func:`hotness_table`).

Model and assumptions (the figures are Company X's, read from data/company_x; the sales
model is that of :mod:`incentives.model.sales`; each assumed figure is an entry of the
registry ``incentives.model.assumptions``, listed with its source in docs/model.md):

- Sales is paid ``Blend(((w_s, own), (1 - w_s, TeamPool(pool_share))))``: a
  weight ``w_s`` (``sales_own_weight``, default 1.0) on the company's plan in force
  (Company X's is the article's tiered revenue plan: 1% on deals below EUR 500, 5% from
  EUR 500) and ``1 - w_s`` on a team pool of ``pool_share`` (default 10%) of company
  profit. The reps split their 3 x 120 hours to maximise that pay (``Company.outcome()``);
  at the margin the pool pays ``pool_share`` of each deal's gross margin.
- Marketing moves a fixed budget between its big-ticket and small-ticket
  campaigns (:func:`movable_budget_eur`): Company X's EUR 6,050 a month, the gate
  campaigns' EUR 3,000 (search, EUR 40 a lead) and EUR 1,250 (garage doors, EUR 50 a lead)
  and the parts promotion's EUR 1,800 (EUR 6 a lead). A campaign that brings both kinds of
  lead keeps its budget: the organic website, EUR 400 at EUR 20 a lead, is in every
  figure below. Marketing chooses the parts budget from EUR 0 to today's EUR 1,800 in
  ``BUDGET_STEPS`` = 6 steps of EUR 300 (:func:`budget_grid`; shares 0%, 5.0%, ..., 29.8%
  of EUR 6,050); the rest goes to the gate campaigns, which keep today's 3,000 : 1,250
  between them (:func:`campaigns_for`). EUR 1,800 is the article's campaign, so the top of
  the grid is the company as it runs. The grid stops there on purpose: marketing's own
  score rises with every euro moved to the cheap parts leads, so a wider grid would let a
  marketing department paid on its own metric starve the gate campaigns (at EUR 3,000 on
  parts, half the budget, revenue falls below sales' target of EUR 70,000), which is
  another story than the article's.
- Marketing maximises ``w_m * own + (1 - w_m) * profit_score`` with ``w_m`` the
  ``marketing_own_weight`` (default 1.0), ``own = leads / 300 - cost per lead / EUR 20``
  (more and cheaper leads, against Company X's targets) and ``profit_score = profit /
  EUR 17,000`` (the company's profit target). Scoring profit, marketing anticipates how the
  reps will work the leads under the current sales plan and lead information. Ties go to
  the smaller parts budget. Marketing's own bonus is not modelled as a cost. A company
  that sets no target for leads, cost per lead or profit is refused (ValueError).
- Lead-source information (``lead_source_info``, default off): sales sees the
  landing page and campaign of each lead and can judge how hot it is, as the article says.
  Leads of one type differ in how hot they are: in this model a quarter of every type's
  leads are hot (``HOT_SHARE``), with twice the type's ceiling win probability
  (``HOT_LIFT``, capped at 1), and the cold rest have what is left, so that the type's
  average chance is unchanged (a sliding-gate lead: 0.35 on average, 0.70 hot, 0.23
  cold; a gate motor kit lead: 0.50, 1.00 hot, 0.33 cold). These values are assumed for
  teaching. The idea behind them is published: lead scoring ranks leads by fit and
  engagement, and a lead's source tells a good part of both (Monat 2011); web leads
  differ, and are worth most while fresh (Oldroyd, McElheran & Elkington 2011).
  Without the information a rep cannot tell hot from cold, gives every lead of a type
  the same time, and the model is exactly the one without hotness. With it
  (:func:`informed`), each type splits into its hot and cold leads, the reps rank them
  and give each its own time, and a type's cold leads are worked only when its hot ones
  are: hot leads first, cold ones shortened or dropped. With every lead of a type
  equally hot (``hot_lift`` 1) the information changes nothing.
- ``pool_share`` may be set from 0 to 50%; it matters only when ``w_s < 1``.
- The common goal (``goal``, default ``"profit"``) is the company figure both
  departments' common part is tied to. Under ``"profit"``, as above: sales' common part is
  ``TeamPool(pool_share)`` and marketing's is profit / target profit. Under ``"revenue"``
  (the article's own rule, "tied to the company's revenue"): sales' common part is
  ``RevenueShare(revenue_rate)`` (default 3% of every deal's value, 0 to 20% accepted) and
  marketing's is revenue / target revenue (Company X: EUR 70,000). The defaults' results
  are those of the profit goal, unchanged.

At the defaults :func:`align` gives the article's case: marketing keeps the EUR 1,800
parts promotion (1,800 / 6,050, about 30% of the budget it moves; its targets met: 420
leads at about EUR 15.36), the reps ignore every part lead and spend their hours on gate
leads (about 232 minutes on each sliding-gate lead; sales' revenue target met), and profit
is about EUR 16,500, below the company's EUR 17,000. With lead-source information the
reps give a hot sliding-gate lead about 328 minutes and a cold one 196, work the hot gate
motor kit leads (about 22 minutes each) and drop the cold ones: wins rise from about 30.8
to 37.7 in the same 360 hours, revenue from about EUR 79,874 to 84,024 and profit to about
EUR 18,047, above the target (a result of the assumed hot share and lift). With both
weights at 0 (both paid on company profit) marketing puts EUR 0 on parts, because gate
leads earn more than part leads even when both are worked; the reps work the part leads
the organic campaign still brings, and profit is about EUR 23,510. The company and sales
meet their targets, but marketing misses its own (about 162 leads at EUR 39.73): its
scorecard, not its pay, is now out of line with profit. In between, 15% on marketing's
own score and 85% on profit picks EUR 1,200 on parts and meets all three targets (about
334 leads at EUR 19.30, profit about EUR 18,242). On Velora (data/velora) marketing moves EUR 4,900
between bike and service ads, and its grid is EUR 0 to 900 in steps of EUR 150.

With both weights at 0 the two common goals agree on the budget split: tied to revenue,
marketing also puts EUR 0 on parts (gate leads bring more revenue per euro too), and the
reps, paid 3% of revenue, work the part leads left a little differently: profit about
EUR 23,203 against the profit goal's EUR 23,510. The goals part when marketing also
chooses how much to spend: see :mod:`incentives.model.goals`.

Speed: marketing's foresight needs the reps' response to all 7 budget splits (with the
information, to 12 lead types: 729 sets of worked types each). It is solved
in one batched pass (:func:`incentives.model.sales.allocate_time_many`) and cached per
(company, ``w_s``, ``pool_share``, ``lead_source_info``) by :func:`foresee`, and under the
revenue goal per (company, ``w_s``, ``lead_source_info``, goal, ``revenue_rate``), so a change of
``marketing_own_weight`` alone is a lookup and an argmax. The outcome shown is recomputed
with ``Company.outcome()`` itself (cached too). ``incentives.model.clear_caches`` empties both.
"""

from incentives.model.alignment.choice import Alignment, align
from incentives.model.alignment.foresight import (
    BUDGET_STEPS,
    Foresight,
    budget_grid,
    campaigns_for,
    foresee,
    grid_outcomes,
    movable_budget_eur,
)
from incentives.model.alignment.information import HOT_LIFT, HOT_SHARE, hot_and_cold, informed
from incentives.model.alignment.pay import (
    GOALS,
    POOL_SHARE,
    POOL_SHARE_MAX,
    REVENUE_RATE,
    REVENUE_RATE_MAX,
    check_range,
    choose_budget,
    common_plan,
    marketing_scores,
    sales_plan,
)
from incentives.model.alignment.tables import (
    DESIGN_COLUMNS,
    DESIGN_WEIGHTS,
    design_table,
    hotness_table,
)

__all__ = [
    "BUDGET_STEPS",
    "DESIGN_COLUMNS",
    "DESIGN_WEIGHTS",
    "GOALS",
    "HOT_LIFT",
    "HOT_SHARE",
    "POOL_SHARE",
    "POOL_SHARE_MAX",
    "REVENUE_RATE",
    "REVENUE_RATE_MAX",
    "Alignment",
    "Foresight",
    "align",
    "budget_grid",
    "campaigns_for",
    "check_range",
    "choose_budget",
    "common_plan",
    "design_table",
    "foresee",
    "grid_outcomes",
    "hot_and_cold",
    "hotness_table",
    "informed",
    "marketing_scores",
    "movable_budget_eur",
    "sales_plan",
]
