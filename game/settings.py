"""The classroom game's oTree settings: `make game` serves them (see course.mk).

Firms of two, marketing and sales, or of three with the company's leader, play months of
Company X (or Velora): phase 1 paid as in the article, each department on its own metric,
the firm's profit hidden; its end reveals the profit; the firm discusses in its chat and
the leader (the instructor, for firms of two) sets phase 2's common criteria; phase 2 plays
under them. Every outcome is computed by the course's model (incentives.model.decisions).

A 45-minute class. The time-outs bound every page a player must leave: each month at most
`decision_timeout_seconds` for marketing's budgets, as long for sales' hours and as long
on the scorecards; after phase 1, as long on the revealed profit and at most
`discussion_timeout_seconds` in the discussion. With the defaults (2 months a phase, 120 s,
300 s) a session of firms who wait for every time-out lasts at most 4 x 3 x 2 + 2 + 5 = 31
minutes (oTree's worker adds a few seconds per time-out), which leaves the class time to
start and to debrief; a class that decides faster can play 3 months a phase.
"""

from os import environ
from pathlib import Path

# A session's options (the admin page's "Configure session" shows them):
# company: "company_x" or "velora"; firm_size: 2 (marketing, sales) or 3 (and the leader);
# the participants: a multiple of firm_size; rounds_per_phase: months in each phase (at
# most conflict.C.MAX_ROUNDS_PER_PHASE); common_goal_options: the goals a leader may
# choose ("profit", "revenue", separated by commas); common_goal and lead_source_info:
# phase 2's criteria in firms of two, a leader's default in firms of three (common_goal
# one of common_goal_options; lead_source_info: whether sales sees hot and cold leads);
# budget_limit_factor: marketing's monthly limit as a multiple of the company's ad budget
# today; decision_timeout_seconds: how long a decision or scorecard page waits for a
# player (then the default: today's budgets for marketing, the reps' best split for
# sales; None waits for ever); discussion_timeout_seconds: the discussion's (then the
# leader's choice is the session's criteria); edition: the language of every page a player
# sees, "en" or "ro" (conflict/texts.py; oTree's own few words follow LANGUAGE_CODE below).
GAME = dict(
    app_sequence=["conflict"],
    num_demo_participants=2,
    company="company_x",
    firm_size=2,
    rounds_per_phase=2,
    common_goal_options="profit, revenue",
    common_goal="profit",
    lead_source_info=True,
    budget_limit_factor=2.0,
    decision_timeout_seconds=120,
    discussion_timeout_seconds=300,
    edition="en",
)

SESSION_CONFIGS = [
    dict(GAME, name="company_x", display_name="Marketing vs. Sales: Company X"),
    dict(GAME, name="velora", display_name="Marketing vs. Sales: Velora", company="velora"),
    dict(
        GAME,
        name="company_x_leader",
        display_name="Marketing vs. Sales: Company X, firms of three with the leader",
        firm_size=3,
        num_demo_participants=3,
    ),
    dict(
        GAME,
        name="company_x_ro",
        display_name="Marketing vs. vânzări: Company X, în română",
        edition="ro",
    ),
    dict(
        GAME,
        name="company_x_leader_ro",
        display_name="Marketing vs. vânzări: Company X, firme de trei cu liderul, în română",
        firm_size=3,
        num_demo_participants=3,
        edition="ro",
    ),
]

SESSION_CONFIG_DEFAULTS = dict(real_world_currency_per_point=1.00, participation_fee=0.00, doc="")

PARTICIPANT_FIELDS = []
SESSION_FIELDS = []

# The room's participant labels, the class list's ids, one per line: `course game-labels`
# writes the file (not committed). With it, each student joins with their own id and nobody
# else can; without it, the room takes anyone. Read when the server starts.
LABEL_FILE = Path(__file__).resolve().parent / "_rooms" / "class.txt"
ROOMS = [
    dict(
        name="class",
        display_name="Marketing vs. Sales",
        **({"participant_label_file": str(LABEL_FILE)} if LABEL_FILE.is_file() else {}),
    )
]

# oTree's own words (a form field's validation message, the time-limit line): oTree 5.11
# ships no Romanian and reads this once for the whole server, so a Romanian session shows
# those few in English; the game's pages replace the rest (conflict/texts.py).
LANGUAGE_CODE = "en"
REAL_WORLD_CURRENCY_CODE = "EUR"
USE_POINTS = False

ADMIN_USERNAME = "admin"
# `make game HOST=0.0.0.0` refuses to start without it (and sets OTREE_AUTH_LEVEL=STUDY).
ADMIN_PASSWORD = environ.get("OTREE_ADMIN_PASSWORD")

DEMO_PAGE_INTRO_HTML = "Marketing vs. Sales: the classroom game."

# Signs the players' cookies: set OTREE_SECRET_KEY for a class on a network.
SECRET_KEY = environ.get("OTREE_SECRET_KEY", "marketing-vs-sales-local-only")
