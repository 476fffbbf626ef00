"""Where a lab's company comes from: what its ``company`` argument means."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from incentives.data import companies, read_company
from incentives.model.companies import company_from_files
from incentives.model.company import Company
from incentives.model.scenarios import company_x, shipped_leads, velora

SHIPPED = {"company_x": company_x, "velora": velora}


def company_and_leads(
    company: Company | str | Path | None, leads: pd.DataFrame | None = None
) -> tuple[Company, pd.DataFrame | None]:
    """What a lab's ``company`` argument means: the model company and its leads table.

    Args:
        company: None (Company X), a shipped company's name (``"company_x"``, ``"velora"``),
            a folder of a company's files, or a model :class:`Company` (whose leads, if any,
            come from ``leads``).
        leads: The leads table to replay on, instead of the company's own.

    Raises:
        incentives.data.DataFileError: for files that do not match the data dictionary.
    """
    if company is None:
        company = "company_x"
    if isinstance(company, Company):
        return company, leads
    if isinstance(company, str) and company in companies():
        return SHIPPED[company](), shipped_leads(company) if leads is None else leads
    files = read_company(company)
    return company_from_files(files), files.leads if leads is None else leads
