"""The companies shipped with the course, read from their files in data/.

``company_x`` is the article's gate company (data/company_x): one month of its campaigns,
with the spare-parts promotion, its three reps and the tiered revenue plan in force (1% on
deals below EUR 500, 5% from EUR 500). ``velora`` is the capstone's e-bike shop
(data/velora). Both are described once, in their files; the data generator and the labs
read the same files.
"""

from __future__ import annotations

import functools

import pandas as pd

from incentives.data import CompanyFiles, load, read_company
from incentives.model.companies import company_from_files
from incentives.model.company import Company
from incentives.model.plans import Plan

__all__ = ["company_x", "velora", "shipped_files", "shipped_leads"]


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
