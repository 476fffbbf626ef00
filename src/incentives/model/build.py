"""A company to simulate, built from its files; the companies shipped with the course.

    from incentives.model import company_from, company_x
    x = company_x()                            # the article's Company X (data/company_x)
    same = company_from("company_x")           # the same company, from its name
    mine = company_from("path/to/my_company")  # a folder of your own files
    company, leads = company_and_leads("velora")   # what a lab's ``company`` argument means

The data layer reads and checks a company's files (``incentives.data.read_company``); this
module turns them into a :class:`incentives.model.company.Company`, the one the model
simulates. The files describe the company once; the model reads the month its
``company.csv`` names (``model_month``): the campaigns running then, at their monthly
budgets and product mixes, the reps on the team then, the plan in force, the fixed costs
and the targets. Each product is a lead type, named by its product name and tagged with its
category in the company's own words.

The course ships two companies, described once in their files, which the data generator
and the labs read too: ``company_x``, the article's gate company (one month of its
campaigns, with the spare-parts promotion, its three reps and the tiered revenue plan in
force: 1% on deals below EUR 500, 5% from EUR 500), and ``velora``, the capstone's e-bike
shop (data/velora).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from incentives.data import CompanyFiles, companies, load, read_company
from incentives.i18n import _
from incentives.model.company import Company, Targets
from incentives.model.marketing import Campaign
from incentives.model.plans import Plan, plan_in_force
from incentives.model.sales import LeadType, SalesTeam

__all__ = [
    "campaigns_in",
    "company_and_leads",
    "company_from",
    "company_from_files",
    "company_x",
    "lead_types_from",
    "shipped_files",
    "shipped_leads",
    "targets_from",
    "team_in",
    "velora",
]


def lead_types_from(products: pd.DataFrame) -> tuple[LeadType, ...]:
    """One lead type per product (a ``products`` table), named by its product name."""
    return tuple(
        LeadType(
            str(row.product_name),
            value_eur=float(row.price_eur),
            margin_rate=float(row.margin_rate),
            win_ceiling=float(row.win_ceiling),
            time_constant_hours=float(row.time_constant_hours),
            min_hours=float(row.min_hours),
            category=str(row.category),
        )
        for row in products.itertuples(index=False)
    )


def _month(files: CompanyFiles, month: str | None) -> pd.Period:
    return pd.Period(str(month or files.settings["model_month"]), "M")


def campaigns_in(files: CompanyFiles, month: str | None = None) -> tuple[Campaign, ...]:
    """The campaigns running in ``month`` (the company file's by default), at their monthly
    budgets and cost per lead, each with its product mix by product name."""
    period = _month(files, month)
    names = dict(zip(files.products["product_id"], files.products["product_name"], strict=True))
    mixes: dict[str, dict[str, float]] = {}
    for row in files.campaign_products.itertuples(index=False):
        mixes.setdefault(str(row.campaign_id), {})[names[row.product_id]] = float(row.share)
    running = files.campaigns[
        (files.campaigns["start_date"] <= period.end_time)
        & (files.campaigns["end_date"] >= period.start_time)
    ]
    return tuple(
        Campaign(
            str(row.campaign_name),
            mixes[str(row.campaign_id)],
            budget_eur=float(row.monthly_budget_eur),
            cost_per_lead_eur=float(row.cost_per_lead_eur),
        )
        for row in running.itertuples(index=False)
    )


def team_in(files: CompanyFiles, month: str | None = None) -> SalesTeam:
    """The reps who have started by the end of ``month``, as a team of equal reps with
    their mean hours."""
    period = _month(files, month)
    reps = files.reps[files.reps["start_date"] <= period.end_time]
    if reps.empty:
        raise ValueError(
            _("{files_name} has no rep working in {period}").format(
                files_name=files.name, period=period
            )
        )
    return SalesTeam(reps=len(reps), hours_per_rep=float(reps["hours_per_month"].mean()))


def targets_from(settings: dict) -> Targets:
    """The targets a company file sets (an empty cell: the metric is not judged)."""
    return Targets(
        leads=settings.get("target_leads"),
        cost_per_lead_eur=settings.get("target_cost_per_lead_eur"),
        revenue_eur=settings.get("target_revenue_eur"),
        profit_eur=settings.get("target_profit_eur"),
    )


def company_from_files(
    files: CompanyFiles, *, month: str | None = None, plan: Plan | None = None
) -> Company:
    """The company the files describe, for one month.

    Args:
        files: The company's files (``incentives.data.read_company``).
        month: ``YYYY-MM``; the company file's ``model_month`` by default.
        plan: Pay the reps under this plan instead of the one the company file names.

    Returns:
        A :class:`incentives.model.company.Company` named as the files name it.
    """
    settings = files.settings
    return Company(
        lead_types=lead_types_from(files.products),
        campaigns=campaigns_in(files, month),
        team=team_in(files, month),
        plan=plan if plan is not None else plan_in_force(settings),
        fixed_costs_eur=float(settings["fixed_costs_eur"]),
        targets=targets_from(settings),
        name=files.name,
    )


def company_from(
    source: str | Path = "company_x", *, month: str | None = None, plan: Plan | None = None
) -> Company:
    """The company in a shipped company's files (``"company_x"``, ``"velora"``) or in a
    folder of your own; see :func:`company_from_files`."""
    return company_from_files(read_company(source, leads=False), month=month, plan=plan)


# --- the companies shipped with the course ----------------------------------------------------


@functools.cache
def shipped_files(name: str) -> CompanyFiles:
    """A shipped company's files, read and checked once per kernel."""
    return read_company(name, leads=False)


@functools.cache
def shipped_leads(name: str) -> pd.DataFrame:
    """A shipped company's leads table, read and checked once per kernel (treat as read-only)."""
    return load("leads", company=name)


def company_x(*, parts_campaign: bool = True, plan: Plan | None = None) -> Company:
    """The article's Company X for its model month, with or without the parts campaign.

    Args:
        parts_campaign: Whether marketing runs its small-ticket campaigns (the spare-parts
            promotion); without them, the company as it was before.
        plan: The sales commission plan; the one in force (tiered revenue) by default.
    """
    company = company_from_files(shipped_files("company_x"), plan=plan)
    if parts_campaign:
        return company
    small = company.categories[-1]
    kept = tuple(c for c in company.campaigns if company.campaign_category(c) != small)
    return company.replace(campaigns=kept)


def velora(*, plan: Plan | None = None) -> Company:
    """Velora, the capstone's e-bike shop, for its model month (10% of margin by default)."""
    return company_from_files(shipped_files("velora"), plan=plan)


def company_and_leads(
    company: Company | str | Path | Mapping[str, bytes | str] | None,
    leads: pd.DataFrame | None = None,
) -> tuple[Company, pd.DataFrame | None]:
    """What a lab's ``company`` argument means: the model company and its leads table.

    Args:
        company: None (Company X), a shipped company's name (``"company_x"``, ``"velora"``),
            a folder of a company's files, uploaded files (``{"company.csv": content, ...}``,
            as :func:`incentives.data.read_company` takes them), or a model
            :class:`Company` (whose leads, if any, come from ``leads``).
        leads: The leads table to replay on, instead of the company's own.

    Returns:
        ``(company, leads)``: the leads are None for a company without a leads table.

    Raises:
        incentives.data.DataFileError: for files that do not match the data dictionary.
    """
    if company is None:
        company = "company_x"
    if isinstance(company, Company):
        return company, leads
    if isinstance(company, str) and company in companies():
        model = company_from_files(shipped_files(company))
        return model, shipped_leads(company) if leads is None else leads
    files = read_company(company)
    return company_from_files(files), files.leads if leads is None else leads
