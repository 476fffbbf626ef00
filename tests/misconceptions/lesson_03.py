"""Lesson 03's misconceptions, each a submission that makes it in every exercise it can reach.

contacted_denominator: a share, a close rate or a gross profit per lead divided by the
contacted leads instead of all leads. It reaches exercise 1 (each bucket's share of leads,
and the close rate of "never", which becomes 0 / 0), exercise 2 (the SLA share) and
exercise 3 (each page's gross profit per lead, and the average for pages without history).

never_counted_as_answered: the empty response times filled with 0, so a lead nobody
contacted counts as answered at once. It reaches exercise 1 (the "never" bucket empties
into "under 1 h") and exercise 2 (never-contacted leads meet every target).
"""

LESSON = "03-speed-and-handoff"

_RESPONSE_SUMMARY = """
import pandas as pd


def response_summary(leads):
    minutes = leads["first_response_minutes"]
    won = leads["outcome"] == "won"
    contacted = minutes.notna()
    buckets = {
        "under 1 h": minutes < 60,
        "1-24 h": (minutes >= 60) & (minutes < 1440),
        "over 24 h": minutes >= 1440,
        "never": minutes.isna(),
    }
    rows = {}
    for name, mask in buckets.items():
        reached = int((mask & contacted).sum())
        rows[name] = {
            "share_of_leads": int(mask.sum()) / int(contacted.sum()),
            "close_rate": int(won[mask].sum()) / reached if reached else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
"""

_SLA_SHARE = """
def sla_share(leads, target_minutes):
    minutes = leads["first_response_minutes"]
    contacted = minutes.dropna()
    return float((contacted <= target_minutes).sum() / len(contacted))
"""

_SCORE_NEW_LEADS = """
def score_new_leads(history, new_leads):
    contacted = history[history["outcome"] != "not_contacted"]
    margin = history.groupby("landing_page")["gross_margin_eur"].sum()
    per_page = margin / contacted.groupby("landing_page").size()
    everyone = history["gross_margin_eur"].sum() / len(contacted)
    return new_leads["landing_page"].map(per_page).astype(float).fillna(everyone)
"""

_RESPONSE_SUMMARY_FILLED = """
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
        name: {
            "share_of_leads": float(mask.mean()),
            "close_rate": float(won[mask].mean()) if mask.any() else 0.0,
        }
        for name, mask in buckets.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")
"""

_SLA_SHARE_FILLED = """
def sla_share(leads, target_minutes):
    minutes = leads["first_response_minutes"].fillna(0)
    return float((minutes <= target_minutes).mean())
"""

KINDS = {
    "contacted_denominator": {
        "answers": {
            "response_summary_answer": _RESPONSE_SUMMARY,
            "sla_share_answer": _SLA_SHARE,
            "score_new_leads_answer": _SCORE_NEW_LEADS,
        },
        "zero": [
            "response_summary_visible",
            "response_summary_hidden",
            "sla_share_visible",
            "sla_share_hidden",
            "score_new_leads_visible",
            "score_new_leads_hidden",
        ],
    },
    "never_counted_as_answered": {
        "answers": {
            "response_summary_answer": _RESPONSE_SUMMARY_FILLED,
            "sla_share_answer": _SLA_SHARE_FILLED,
        },
        "zero": [
            "response_summary_visible",
            "response_summary_hidden",
            "sla_share_visible",
            "sla_share_hidden",
        ],
    },
}
