"""Wrong answers to lesson 03's exercises: functions right on the visible test's table only,
the never-contacted leads filled with 0 or left out of the denominator, the target itself
counted as a miss, and unseen pages scored 0 or with the average of the pages."""

LESSON = "03-speed-and-handoff"

WRONG = {
    "response_summary_answer": {
        "right_on_the_visible_table_only": """
import pandas as pd


def response_summary(leads):
    return pd.DataFrame(
        {"share_of_leads": [0.25, 0.25, 0.125, 0.375], "close_rate": [0.5, 0.5, 0.0, 0.0]},
        index=["under 1 h", "1-24 h", "over 24 h", "never"],
    )
""",
        "never_filled_with_zero": """
import pandas as pd


def response_summary(leads):
    minutes = leads["first_response_minutes"].fillna(0)
    won = leads["outcome"] == "won"
    buckets = {
        "under 1 h": minutes < 60,
        "1-24 h": (minutes >= 60) & (minutes < 1440),
        "over 24 h": minutes >= 1440,
        "never": minutes.isna(),
    }
    rows = {
        name: {"share_of_leads": float(mask.mean()), "close_rate": float(won[mask].mean())}
        for name, mask in buckets.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")
""",
        "sixty_minutes_counted_as_fast": """
import pandas as pd


def response_summary(leads):
    minutes = leads["first_response_minutes"]
    won = leads["outcome"] == "won"
    buckets = {
        "under 1 h": minutes <= 60,
        "1-24 h": (minutes > 60) & (minutes < 1440),
        "over 24 h": minutes >= 1440,
        "never": minutes.isna(),
    }
    rows = {
        name: {"share_of_leads": float(mask.mean()), "close_rate": float(won[mask].mean())}
        for name, mask in buckets.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")
""",
    },
    "sla_share_answer": {
        "right_on_the_visible_table_only": """
def sla_share(leads, target_minutes):
    return 0.4
""",
        "target_itself_missed": """
def sla_share(leads, target_minutes):
    return float((leads["first_response_minutes"] < target_minutes).mean())
""",
        "divided_by_contacted_leads": """
def sla_share(leads, target_minutes):
    minutes = leads["first_response_minutes"].dropna()
    return float((minutes <= target_minutes).mean())
""",
    },
    "score_new_leads_answer": {
        "right_on_the_visible_table_only": """
import pandas as pd


def score_new_leads(history, new_leads):
    return pd.Series([30.0, 72.0, 100.0], index=new_leads.index[:3])
""",
        "unseen_pages_get_the_average_page": """
def score_new_leads(history, new_leads):
    per_page = history.groupby("landing_page")["gross_margin_eur"].mean()
    return new_leads["landing_page"].map(per_page).astype(float).fillna(per_page.mean())
""",
        "divided_by_contacted_leads": """
def score_new_leads(history, new_leads):
    contacted = history[history["outcome"] != "not_contacted"]
    per_page = contacted.groupby("landing_page")["gross_margin_eur"].mean()
    everyone = contacted["gross_margin_eur"].mean()
    return new_leads["landing_page"].map(per_page).astype(float).fillna(everyone)
""",
    },
}
