"""A company read from its files: every table checked on its own and against the others.

    from incentives.data import read_company
    x = read_company()                       # Company X, shipped with the course
    velora = read_company("velora")          # the capstone's e-bike shop
    mine = read_company("path/to/my_company")    # a folder of your own files
    uploaded = read_company({"company.csv": b"...", "products.csv": b"...", ...})

The model turns the files into a company to simulate (``incentives.model.build``);
the labs take either. What a company calls its two kinds of product (``gate`` and ``part``,
``bike`` and ``service``) comes from its ``company.csv``, and every other file is checked
against those words. The plan the company file names is the model's to check: the
model's plan catalogue knows the kinds of plan and the columns each needs
(``incentives.model.plans.plan_in_force``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from incentives.data.loader import (
    DEFAULT_COMPANY,
    DataFileError,
    company_dir,
    declared_categories,
    is_shipped_unchanged,
    listed,
    read_table,
    read_uploaded,
)
from incentives.data.schemas import MIXED, REQUIRED_COMPANY_TABLES
from incentives.i18n import _

__all__ = ["CompanyFiles", "read_company"]

SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True, eq=False)
class CompanyFiles:
    """One company's tables, each typed and checked, and checked against each other.

    Attributes:
        source: Where they were read from (a shipped company's name, a folder, or
            ``"uploaded files"``).
        company: ``company.csv``: one row of settings (name, categories, targets, plan, month).
        products, campaigns, campaign_products, reps: The company's description.
        leads: Its leads table, or None when the folder has none.
    """

    source: str
    company: pd.DataFrame
    products: pd.DataFrame
    campaigns: pd.DataFrame
    campaign_products: pd.DataFrame
    reps: pd.DataFrame
    leads: pd.DataFrame | None = None

    @property
    def settings(self) -> dict:
        """The company file's one row as a dict (missing values as None)."""
        row = self.company.iloc[0].to_dict()
        return {k: (None if pd.isna(v) else v) for k, v in row.items()}

    @property
    def name(self) -> str:
        """The company's name, e.g. ``"Company X"``."""
        return str(self.settings["company_name"])

    @property
    def categories(self) -> tuple[str, str]:
        """Its words for the big-ticket and the small-ticket kind, e.g. ``("gate", "part")``."""
        return declared_categories(self.company)


def read_company(
    source: str | Path | Mapping[str, bytes | str] = DEFAULT_COMPANY, *, leads: bool = True
) -> CompanyFiles:
    """Read a company's files and check them, alone and together.

    Args:
        source: A shipped company's name (``"company_x"``, ``"velora"``), the folder of a
            company's files, or uploaded files as ``{"company.csv": content, ...}`` (bytes
            or text), as the explorer's upload button gives them.
        leads: Read the leads table too, when there is one.

    Returns:
        The :class:`CompanyFiles`.

    Raises:
        DataFileError: naming the file, column, row and problem, for a missing or malformed
            file, or files that disagree (a product in no declared category, a campaign mix
            that does not add up to 1, a lead of an unknown product, ...).
    """
    if isinstance(source, Mapping):
        label = "uploaded files"

        def read(name, categories=None):
            return read_uploaded(name, source, categories)

        has_leads = "leads.csv" in source
    else:
        folder = company_dir(source)
        label = source if isinstance(source, str) and not Path(source).is_dir() else str(folder)

        def read(name, categories=None):
            path = folder / f"{name}.csv"
            checked = not is_shipped_unchanged(path)  # a shipped file as tested: checked then
            return read_table(
                name, path.name, lambda: path, validate=checked, categories=categories
            )

        has_leads = (folder / "leads.csv").exists()

    company = read("company")
    problems = _company_problems(company)
    if problems:
        raise DataFileError(listed(_("company.csv is not a usable company file:"), problems))
    categories = declared_categories(company)
    tables = {"company": company}
    for name in REQUIRED_COMPANY_TABLES[1:]:
        tables[name] = read(name, categories)
    tables["leads"] = read("leads", categories) if leads and has_leads else None
    files = CompanyFiles(source=str(label), **tables)
    problems = _cross_problems(files)
    if problems:
        raise DataFileError(
            listed(_("the files of {label} do not agree:").format(label=label), problems)
        )
    return files


def _company_problems(company: pd.DataFrame) -> list[str]:
    if len(company) != 1:
        return [f"it must have exactly one row of settings; it has {len(company)}"]
    problems = []
    big, small = declared_categories(company)
    if big == small:
        problems.append(
            _("big_ticket_category and small_ticket_category are both {big!r}").format(big=big)
        )
    if MIXED in (big, small):
        problems.append(
            _("{mixed!r} is kept for campaigns that bring both kinds; pick another word").format(
                mixed=MIXED
            )
        )
    return problems


def _cross_problems(files: CompanyFiles) -> list[str]:
    problems = []
    products = files.products
    categories = files.categories
    for category in categories:
        if not (products["category"] == category).any():
            problems.append(
                _("products.csv: no product in the category {category!r}").format(category=category)
            )

    mix = files.campaign_products
    campaign_ids = set(files.campaigns["campaign_id"])
    product_ids = set(products["product_id"])
    for row, (campaign, product) in enumerate(
        zip(mix["campaign_id"], mix["product_id"], strict=True), start=2
    ):
        if campaign not in campaign_ids:
            problems.append(
                _("campaign_products.csv, row {row}: unknown campaign {campaign!r}").format(
                    row=row, campaign=campaign
                )
            )
        if product not in product_ids:
            problems.append(
                _("campaign_products.csv, row {row}: unknown product {product!r}").format(
                    row=row, product=product
                )
            )
    pairs = mix[["campaign_id", "product_id"]].astype(str).agg(" / ".join, axis=1)
    for pair in sorted(set(pairs[pairs.duplicated()])):
        problems.append(_("campaign_products.csv: {pair} appears more than once").format(pair=pair))
    totals = mix.groupby("campaign_id", observed=True)["share"].sum()
    for campaign in files.campaigns["campaign_id"]:
        total = float(totals.get(campaign, 0.0))
        if abs(total - 1.0) > SHARE_TOLERANCE:
            problems.append(
                f"campaign_products.csv: the shares of campaign {campaign!r} add up to "
                f"{total:g}, not 1"
            )

    month = pd.Period(str(files.settings["model_month"]), "M")
    campaigns = files.campaigns
    running = (campaigns["start_date"] <= month.end_time) & (
        campaigns["end_date"] >= month.start_time
    )
    if not running.any():
        problems.append(
            _("company.csv: no campaign runs in model_month {month}").format(month=month)
        )
    if not (files.reps["start_date"] <= month.end_time).any():
        problems.append(_("company.csv: no rep works in model_month {month}").format(month=month))

    leads = files.leads
    if leads is not None:
        known = {
            "product_id": product_ids,
            "campaign_id": campaign_ids,
            "rep_id": set(files.reps["rep_id"]),
        }
        for column, allowed in known.items():
            unknown = ~leads[column].isin(allowed)
            if unknown.any():
                first = int(unknown.to_numpy().argmax())
                problems.append(
                    f"leads.csv: column {column!r}, row {first + 2}: "
                    f"{leads[column].iloc[first]!r} is in no {column.removesuffix('_id')} file"
                    + (f" ({int(unknown.sum())} rows in all)" if unknown.sum() > 1 else "")
                )
        category_of = dict(zip(products["product_id"], products["category"], strict=True))
        expected = leads["product_id"].map(category_of).astype(object)
        wrong = expected.notna() & (leads["category"].astype(object) != expected)
        if wrong.any():
            first = int(wrong.to_numpy().argmax())
            problems.append(
                f"leads.csv: column 'category', row {first + 2}: "
                f"{leads['category'].iloc[first]!r} but product "
                f"{leads['product_id'].iloc[first]!r} is {expected.iloc[first]!r}"
            )
    return problems
