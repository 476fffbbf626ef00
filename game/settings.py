"""The classroom game's oTree settings: `make game` serves them (see course.mk).

Firms of two, marketing and sales, play months of Company X (or Velora): phase 1 paid as in
the article, each department on its own metric; phase 2 under common criteria. Every
outcome is computed by the course's model (incentives.model.decisions).
"""

from os import environ
from pathlib import Path

# A session's options (the admin page's "Configure session" shows them):
# company: "company_x" or "velora"; rounds_per_phase: months in each phase (at most
# conflict.C.MAX_ROUNDS_PER_PHASE); common_goal: "profit" or "revenue", phase 2's goal;
# lead_source_info: whether sales sees hot and cold leads in phase 2; budget_limit_factor:
# marketing's monthly limit as a multiple of the company's ad budget today;
# decision_timeout_seconds: how long a decision page waits for a player (then the default:
# today's budgets for marketing, the reps' best split for sales; None waits for ever).
GAME = dict(
    app_sequence=["conflict"],
    num_demo_participants=2,
    company="company_x",
    rounds_per_phase=2,
    common_goal="profit",
    lead_source_info=True,
    budget_limit_factor=2.0,
    decision_timeout_seconds=120,
)

SESSION_CONFIGS = [
    dict(GAME, name="company_x", display_name="Marketing vs. Sales: Company X"),
    dict(GAME, name="velora", display_name="Marketing vs. Sales: Velora", company="velora"),
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

LANGUAGE_CODE = "en"
REAL_WORLD_CURRENCY_CODE = "EUR"
USE_POINTS = False

ADMIN_USERNAME = "admin"
# `make game HOST=0.0.0.0` refuses to start without it (and sets OTREE_AUTH_LEVEL=STUDY).
ADMIN_PASSWORD = environ.get("OTREE_ADMIN_PASSWORD")

DEMO_PAGE_INTRO_HTML = "Marketing vs. Sales: the classroom game."

# Signs the players' cookies: set OTREE_SECRET_KEY for a class on a network.
SECRET_KEY = environ.get("OTREE_SECRET_KEY", "marketing-vs-sales-local-only")
