"""Generate the course's sample data from the incentive model, reproducibly.

    make data        (or: python -m tools.generate_data [--out DIR])

Reads each company's description from its files in data/<company>/ (company.csv, products,
campaigns, campaign_products, reps: edited by hand, the one description the model and the
labs read too) and writes its leads.csv, the restaurant's visits, data/README.md and
SHA256SUMS. The same files, code and seed give byte-identical output. The CSVs change only
deliberately, in a commit of their own.

How the leads are made, month by month (the assumed figures are entries of the registry
``incentives.model.assumptions``, listed with their sources in docs/model.md):

1. Each campaign running that month buys ``budget / cost per lead`` leads (rounded), each
   asking about a product drawn from the campaign's product mix.
2. The reps split their hours between the products with ``incentives.model.sales.allocate_time``
   under the company's pay plan (Company X: tiered revenue, 1% below EUR 500, 5% above).
   Products the plan makes worth working are contacted; the others only get the few calls
   a rep takes when the phone rings anyway (``INCIDENTAL_CALLS_PER_REP``).
3. A contacted lead is won with the model's probability for the hours it got, lowered the
   longer the first response took (Oldroyd et al. 2011). Draws are stratified within each
   campaign, month and product, so monthly wins stay close to the model's expectation.

Every campaign and month draws from its own random stream, so changing one campaign (or
the pay plan) leaves the other campaigns' leads as they were: comparisons are like for
like.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from incentives.data import SCHEMAS, read_company
from incentives.data.schemas import REQUIRED_COMPANY_TABLES
from incentives.model.assumptions import value
from incentives.model.build import lead_types_from
from incentives.model.plans import Plan, plan_in_force
from incentives.model.restaurant import simulate_evening
from incentives.model.sales import LeadType, SalesTeam, allocate_time, win_probability
from tools import data_readme as readme

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SEED = 2025

# A rep answers about this many leads a month of products they do not work, at the minimum
# handling time: calls picked up because the phone rang.
INCIDENTAL_CALLS_PER_REP = value("incidental_calls_per_rep")
# Share of worked leads that are reached at all (wrong numbers, no answer).
REACH_RATE = value("reach_rate")
# Median minutes to the first response: worked leads and incidental calls.
RESPONSE_MEDIAN_MINUTES = value("response_median_minutes")
RESPONSE_SPREAD = value("response_spread")  # sigma of the log-normal
# A lead answered after h hours is won (1 + h / 24) times less often than one answered at
# once: about 2x less after a day, 4x after three (a milder effect than Oldroyd et al. 2011
# measured).
RESPONSE_HALF_LIFE_HOURS = value("response_half_life_hours")
DEAL_VALUE_SPREAD = value("deal_value_spread")  # sigma of the log-normal around the list price


@dataclass(frozen=True)
class Product:
    product_id: str
    product_name: str
    category: str
    price_eur: float
    margin_rate: float
    win_ceiling: float
    time_constant_hours: float
    min_hours: float


@dataclass(frozen=True)
class CampaignPlan:
    campaign_id: str
    campaign_name: str
    channel: str
    landing_page: str
    target_category: str
    start_date: str
    end_date: str
    monthly_budget_eur: float
    cost_per_lead_eur: float
    product_mix: dict[str, float] = field(hash=False)

    def runs_in(self, month: pd.Period) -> bool:
        start = pd.Period(self.start_date, "M")
        end = pd.Period(self.end_date, "M")
        return start <= month <= end


@dataclass(frozen=True)
class Rep:
    rep_id: str
    rep_name: str
    hours_per_month: float
    start_date: str


@dataclass(frozen=True)
class Scenario:
    """A company's year: products, campaigns, reps and the plan the reps are paid under."""

    name: str
    year: int
    products: tuple[Product, ...]
    campaigns: tuple[CampaignPlan, ...]
    reps: tuple[Rep, ...]
    plan: Plan
    seed: int
    lead_prefix: str
    lead_types: tuple[LeadType, ...] = ()  # the model's, one per product, in product order


# Per company: the seed of its random streams and the first letter of its lead ids. The rest
# of each company is its files in data/<company>/ (incentives.data.read_company).
GENERATED = {"company_x": (SEED, "X"), "velora": (SEED + 1, "V")}


def scenario(company: str, source: Path = DATA_DIR) -> Scenario:
    """The generator's view of a company, read from its description files."""
    files = read_company(source / company, leads=False)
    mixes: dict[str, dict[str, float]] = {}
    for row in files.campaign_products.itertuples(index=False):
        mixes.setdefault(str(row.campaign_id), {})[str(row.product_id)] = float(row.share)
    columns = {
        "products": [c.name for c in SCHEMAS["products"]],
        "campaigns": [c.name for c in SCHEMAS["campaigns"]],
    }
    products = tuple(
        Product(**{c: _plain(getattr(r, c)) for c in columns["products"]})
        for r in files.products.itertuples(index=False)
    )
    campaigns = tuple(
        CampaignPlan(
            **{c: _plain(getattr(r, c)) for c in columns["campaigns"]},
            product_mix=mixes[str(r.campaign_id)],
        )
        for r in files.campaigns.itertuples(index=False)
    )
    reps = tuple(
        Rep(
            str(r.rep_id),
            str(r.rep_name),
            float(r.hours_per_month),
            r.start_date.date().isoformat(),
        )
        for r in files.reps.itertuples(index=False)
    )
    seed, prefix = GENERATED[company]
    return Scenario(
        name=files.name,
        year=int(files.settings["data_year"]),
        products=products,
        campaigns=campaigns,
        reps=reps,
        plan=plan_in_force(files.settings),
        seed=seed,
        lead_prefix=prefix,
        lead_types=lead_types_from(files.products),
    )


def _plain(value):
    """A table cell as the generator's plain Python value (dates as ISO text)."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value) if not isinstance(value, int | float) else value


def _stream(scenario: Scenario, campaign_index: int, month: pd.Period) -> np.random.Generator:
    return np.random.default_rng([scenario.seed, campaign_index, month.year, month.month])


def _stratified_products(mix: dict[str, float], count: int, rng) -> np.ndarray:
    """Products for ``count`` leads in the campaign's proportions (largest remainder),
    in random order: the monthly mix follows the plan instead of wandering."""
    ids = list(mix)
    shares = np.array([mix[i] for i in ids], dtype=float)
    exact = count * shares / shares.sum()
    counts = np.floor(exact).astype(int)
    remainder = exact - counts
    counts[np.argsort(-remainder, kind="stable")[: count - counts.sum()]] += 1
    return rng.permutation(np.repeat(np.array(ids), counts))


def _stratified_uniforms(groups: np.ndarray, rng) -> np.ndarray:
    """Uniform draws in (0, 1), stratified within each group: of ``n`` leads in a group,
    exactly one draw falls in each interval [i/n, (i+1)/n). A lead is won when its draw is
    below its win probability, so a month's wins stay close to the model's expectation
    while which lead wins stays random."""
    draws = np.empty(len(groups))
    for group in np.unique(groups):
        where = np.flatnonzero(groups == group)
        n = len(where)
        draws[where] = (rng.permutation(n) + rng.random(n)) / n
    return draws


def allocation_for_month(scenario: Scenario, month: pd.Period, plan: Plan | None = None):
    """The reps' split of hours for one month, from the expected leads per product."""
    products = scenario.products
    expected = dict.fromkeys((p.product_id for p in products), 0.0)
    for campaign in scenario.campaigns:
        if campaign.runs_in(month):
            count = round(campaign.monthly_budget_eur / campaign.cost_per_lead_eur)
            for product_id, share in campaign.product_mix.items():
                expected[product_id] += count * share
    team = SalesTeam(
        reps=len(scenario.reps),
        hours_per_rep=float(np.mean([r.hours_per_month for r in scenario.reps])),
    )
    return allocate_time(scenario.lead_types, list(expected.values()), team, plan or scenario.plan)


def generate_leads(scenario: Scenario, plan: Plan | None = None) -> pd.DataFrame:
    """One row per lead for the scenario's year, with outcomes drawn from the model.

    Args:
        scenario: The company.
        plan: Pay the reps under this plan instead of the scenario's (for what-if data).
    """
    products = {p.product_id: p for p in scenario.products}
    product_index = {pid: i for i, pid in enumerate(products)}
    months = pd.period_range(f"{scenario.year}-01", f"{scenario.year}-12", freq="M")
    frames = []
    for month in months:
        allocation = allocation_for_month(scenario, month, plan)
        hours = allocation.hours_per_lead
        incidental_left = INCIDENTAL_CALLS_PER_REP * len(scenario.reps)
        month_frames = []
        for index, campaign in enumerate(scenario.campaigns):
            if not campaign.runs_in(month):
                continue
            rng = _stream(scenario, index, month)
            count = round(campaign.monthly_budget_eur / campaign.cost_per_lead_eur)
            product_ids = _stratified_products(campaign.product_mix, count, rng)
            days = rng.integers(0, month.days_in_month, size=count)
            minute_of_day = rng.integers(8 * 60, 20 * 60, size=count)
            created = (
                month.start_time
                + pd.to_timedelta(days, unit="D")
                + pd.to_timedelta(minute_of_day, unit="min")
            )
            k = np.array([product_index[p] for p in product_ids])
            worked = hours[k] > 0
            reached = rng.random(count) < REACH_RATE
            response = np.exp(
                rng.normal(0, RESPONSE_SPREAD, size=count)
                + np.log(
                    np.where(
                        worked,
                        RESPONSE_MEDIAN_MINUTES["worked"],
                        RESPONSE_MEDIAN_MINUTES["incidental"],
                    )
                )
            )
            win_draw = _stratified_uniforms(product_ids, rng)
            value_draw = rng.lognormal(0, DEAL_VALUE_SPREAD, size=count)
            rep_draw = rng.integers(0, len(scenario.reps), size=count)
            month_frames.append(
                pd.DataFrame(
                    {
                        "created_at": created,
                        "campaign_index": index,
                        "product_id": product_ids,
                        "k": k,
                        "worked": worked,
                        "reached": reached,
                        "response": response,
                        "win_draw": win_draw,
                        "value_draw": value_draw,
                        "rep": rep_draw,
                        "cost_eur": campaign.monthly_budget_eur / count,
                    }
                )
            )
        month_leads = pd.concat(month_frames, ignore_index=True)
        month_leads = month_leads.sort_values(["created_at", "campaign_index"], kind="stable")
        # Leads of products nobody works: the first few callers of the month get through.
        ignored = ~month_leads["worked"].to_numpy()
        lucky = np.cumsum(ignored) <= incidental_left
        contacted = np.where(month_leads["worked"], month_leads["reached"], ignored & lucky)
        k = month_leads["k"].to_numpy()
        kinds = allocation.lead_types
        spent = np.where(month_leads["worked"], hours[k], [kinds[i].min_hours for i in k])
        p = win_probability(
            spent,
            [kinds[i].win_ceiling for i in k],
            [kinds[i].time_constant_hours for i in k],
            [kinds[i].min_hours for i in k],
        )
        response_hours = month_leads["response"].to_numpy() / 60
        p = p / (1 + response_hours / RESPONSE_HALF_LIFE_HOURS)
        won = contacted & (month_leads["win_draw"].to_numpy() < p)
        price = np.array([products[pid].price_eur for pid in month_leads["product_id"]])
        margin_rate = np.array([products[pid].margin_rate for pid in month_leads["product_id"]])
        value = np.where(won, np.round(price * month_leads["value_draw"].to_numpy(), 2), 0.0)
        month_leads = month_leads.assign(
            contacted=contacted,
            first_response_minutes=np.where(
                contacted, np.round(month_leads["response"], 1), np.nan
            ),
            outcome=np.where(won, "won", np.where(contacted, "lost", "not_contacted")),
            deal_value_eur=value,
            gross_margin_eur=np.round(value * margin_rate, 2),
            month=str(month),
        )
        frames.append(month_leads)

    leads = pd.concat(frames, ignore_index=True)
    campaigns = scenario.campaigns
    leads["lead_id"] = [f"{scenario.lead_prefix}{i:05d}" for i in range(1, len(leads) + 1)]
    leads["channel"] = [campaigns[i].channel for i in leads["campaign_index"]]
    leads["campaign_id"] = [campaigns[i].campaign_id for i in leads["campaign_index"]]
    leads["landing_page"] = [campaigns[i].landing_page for i in leads["campaign_index"]]
    leads["category"] = [products[p].category for p in leads["product_id"]]
    leads["rep_id"] = [scenario.reps[i].rep_id for i in leads["rep"]]
    leads["cost_eur"] = leads["cost_eur"].round(2)
    leads["created_at"] = leads["created_at"].dt.strftime("%Y-%m-%d %H:%M")
    return leads[[c.name for c in SCHEMAS["leads"]]]


# The restaurant: 14 evenings as before, then 14 with the attendant's scheme (VIPs served
# first, a gift budget), each with its own seed; covers vary with the weekday.
RESTAURANT_FIRST_EVENING = "2025-10-06"
RESTAURANT_EVENINGS = value("visit_evenings")
GIFT_BUDGET_RON = value("visit_gift_budget_ron")
COVERS_BY_WEEKDAY = value("visit_covers")  # Monday first


def restaurant_visits() -> pd.DataFrame:
    frames = []
    first = pd.Timestamp(RESTAURANT_FIRST_EVENING)
    for scheme, offset, policy, budget in (
        ("before", 0, "fifo", 0.0),
        ("after", RESTAURANT_EVENINGS, "vip_first", GIFT_BUDGET_RON),
    ):
        for day in range(RESTAURANT_EVENINGS):
            date = first + pd.Timedelta(days=offset + day)
            evening = simulate_evening(
                seed=SEED * 1000 + offset + day,
                policy=policy,
                covers=COVERS_BY_WEEKDAY[date.day_of_week],
                gift_budget_ron=budget,
                boundary=value("shared_ticket_goes_to"),
            )
            parties = evening.parties.assign(evening=date.strftime("%Y-%m-%d"), scheme=scheme)
            frames.append(parties)
    visits = pd.concat(frames, ignore_index=True)
    visits["visit_id"] = [f"V{i:05d}" for i in range(1, len(visits) + 1)]
    visits["segment"] = visits["segment"].astype(str)
    for column in ("arrival_minute", "wait_minutes", "bill_ron", "tip_ron"):
        visits[column] = visits[column].round(2)
    return visits[[c.name for c in SCHEMAS["restaurant_visits"]]]


def generated_tables(source: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every table the generator makes, by path under data/: each company's leads and the
    restaurant's visits. The companies' other files are their description, read here."""
    tables = {f"{name}/leads.csv": generate_leads(scenario(name, source)) for name in GENERATED}
    tables["restaurant_visits.csv"] = restaurant_visits()
    return tables


def description_files(source: Path = DATA_DIR) -> list[str]:
    """The companies' description files (edited by hand), by path under data/."""
    return [f"{name}/{table}.csv" for name in GENERATED for table in REQUIRED_COMPANY_TABLES]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV exactly as shipped: UTF-8, Unix newlines, fixed float format."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", float_format="%.10g")
    return buffer.getvalue().encode("utf-8")


def write(out: Path = DATA_DIR, source: Path = DATA_DIR) -> dict[str, str]:
    """Generate the data from the description files in ``source`` and write the complete
    data folder into ``out`` (the descriptions copied when ``out`` is another folder):
    every CSV, the README and SHA256SUMS. Returns the checksums by path."""
    out.mkdir(parents=True, exist_ok=True)
    sums = {}
    for name in description_files(source):
        data = (source / name).read_bytes()
        if out.resolve() != source.resolve():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    frames = generated_tables(source)
    for name, frame in frames.items():
        data = to_csv_bytes(frame)
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()

    (out / "README.md").write_text(readme.render(out), encoding="utf-8")
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
    (out / "SHA256SUMS").write_text(lines, encoding="utf-8")
    return sums


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DATA_DIR, help="folder to write (default: data/)"
    )
    args = parser.parse_args(argv)
    for name, digest in write(args.out).items():
        print(f"{digest[:12]}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
