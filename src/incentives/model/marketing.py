"""Marketing: from an ad budget to leads, and marketing's own scorecard figures.

A campaign ``j`` with budget ``B_j`` (EUR) and cost per lead ``CPL_j`` (EUR per lead) brings
``N_j = B_j / CPL_j`` leads. Marketing is judged on the number of leads and on the blended
cost per lead, ``sum(B_j) / sum(N_j)`` (docs/model.md, "The model in brief").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.assumptions import value


def leads_from_budget(budget_eur, cost_per_lead_eur):
    """Number of leads a budget buys at a constant cost per lead.

    Args:
        budget_eur: Ad spend in EUR, a number or an array; must be >= 0.
        cost_per_lead_eur: Price of one lead in EUR, same shape or a scalar; must be > 0.

    Returns:
        Leads as a float (or a float array), ``budget_eur / cost_per_lead_eur``.

    Raises:
        ValueError: if a budget is negative or a cost per lead is not positive.
    """
    budget = np.asarray(budget_eur, dtype=float)
    cost = np.asarray(cost_per_lead_eur, dtype=float)
    if np.any(budget < 0) or np.any(np.isnan(budget)):
        raise ValueError(
            _("budget_eur must be >= 0; got {budget_eur!r}").format(budget_eur=budget_eur)
        )
    if np.any(cost <= 0) or np.any(np.isnan(cost)):
        raise ValueError(
            _("cost_per_lead_eur must be > 0; got {cost_per_lead_eur!r}").format(
                cost_per_lead_eur=cost_per_lead_eur
            )
        )
    leads = budget / cost
    return float(leads) if leads.ndim == 0 else leads


def blended_cost_per_lead(budgets_eur, leads):
    """Total spend divided by total leads, in EUR per lead: marketing's efficiency figure.

    Args:
        budgets_eur: Spend per campaign in EUR.
        leads: Leads per campaign, same length.

    Returns:
        The blended cost per lead as a float.

    Raises:
        ValueError: if the lengths differ or there are no leads at all.
    """
    spend = np.asarray(budgets_eur, dtype=float).ravel()
    count = np.asarray(leads, dtype=float).ravel()
    if spend.shape != count.shape:
        raise ValueError(
            f"budgets_eur and leads must have the same length; got {spend.size} and {count.size}"
        )
    total_leads = count.sum()
    if total_leads <= 0:
        raise ValueError(_("blended cost per lead is undefined with no leads"))
    return float(spend.sum() / total_leads)


@dataclass(frozen=True)
class Campaign:
    """An advertising campaign that brings leads of one type, or of several in a mix.

    Args:
        name: Short name, e.g. ``"parts-search"``.
        mix: The lead type it brings (a name, see ``incentives.model.sales.LeadType``), or
            its product mix as ``{name: share}`` with shares adding up to 1. Stored as a
            tuple of ``(name, share)`` pairs.
        budget_eur: Spend for the period, EUR, >= 0.
        cost_per_lead_eur: Price of a lead at ``reference_budget_eur`` (or at any budget
            when ``returns_exponent`` is 1), EUR, > 0.
        returns_exponent: ``beta`` in ``N = a * B**beta``; 1 means a constant cost per lead,
            below 1 each extra euro buys fewer leads (about 0.8 is a usual choice: the
            assumption ``diminishing_returns_exponent`` of docs/model.md).
        reference_budget_eur: Budget at which the cost per lead is ``cost_per_lead_eur``;
            defaults to ``budget_eur``.
    """

    name: str
    mix: str | tuple[tuple[str, float], ...]
    budget_eur: float
    cost_per_lead_eur: float
    returns_exponent: float = value("returns_exponent")
    reference_budget_eur: float | None = None

    def __post_init__(self):
        pairs = ((self.mix, 1.0),) if isinstance(self.mix, str) else tuple(dict(self.mix).items())
        pairs = tuple((str(k), float(v)) for k, v in pairs)
        if (
            not pairs
            or any(not v >= 0 for _k, v in pairs)
            or abs(sum(v for _k, v in pairs) - 1) > 1e-6
        ):
            raise ValueError(
                f"campaign {self.name!r}: mix needs shares >= 0 that add up to 1; got {self.mix!r}"
            )
        object.__setattr__(self, "mix", pairs)
        if not self.budget_eur >= 0:
            raise ValueError(_("campaign {name!r}: budget_eur must be >= 0").format(name=self.name))
        if not self.cost_per_lead_eur > 0:
            raise ValueError(
                _("campaign {name!r}: cost_per_lead_eur must be > 0").format(name=self.name)
            )
        if not 0 < self.returns_exponent <= 1:
            raise ValueError(
                _("campaign {name!r}: returns_exponent must be in (0, 1]").format(name=self.name)
            )
        if self.reference_budget_eur is not None and not self.reference_budget_eur > 0:
            raise ValueError(
                _("campaign {name!r}: reference_budget_eur must be > 0").format(name=self.name)
            )

    def leads_at(self, budget_eur) -> np.ndarray | float:
        """Leads this campaign brings at another budget (a number or an array), EUR."""
        budget = np.asarray(budget_eur, dtype=float)
        if np.any(budget < 0):
            raise ValueError(_("campaign {name!r}: budget_eur must be >= 0").format(name=self.name))
        reference = self.reference_budget_eur or self.budget_eur
        if self.returns_exponent == 1 or reference == 0:
            leads = budget / self.cost_per_lead_eur
        else:
            scale = (reference / self.cost_per_lead_eur) / reference**self.returns_exponent
            leads = scale * budget**self.returns_exponent
        return float(leads) if leads.ndim == 0 else leads

    @property
    def leads(self) -> float:
        """Leads at the campaign's own budget."""
        return self.leads_at(self.budget_eur)

    @property
    def mix_text(self) -> str:
        """The mix in words: ``"part"``, or ``"Gate motor kit 15%, Remote control 45%"``."""
        if len(self.mix) == 1:
            return self.mix[0][0]
        return ", ".join(f"{name} {share:.0%}" for name, share in self.mix)


def campaign_table(campaigns) -> pd.DataFrame:
    """One row per campaign: lead types, budget, leads and cost per lead (EUR per lead)."""
    campaigns = list(campaigns)
    names = [c.name for c in campaigns]
    if len(set(names)) != len(names):
        raise ValueError(_("campaign names must be unique; got {names}").format(names=names))
    table = pd.DataFrame(
        {
            "campaign": names,
            "lead_types": [c.mix_text for c in campaigns],
            "budget_eur": [float(c.budget_eur) for c in campaigns],
            "leads": [c.leads for c in campaigns],
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        table["cost_per_lead_eur"] = np.where(
            table["leads"] > 0, table["budget_eur"] / table["leads"], np.nan
        )
    return table


def marketing_kpis(campaigns) -> dict:
    """Marketing's own figures: total leads, total spend and blended cost per lead.

    With no leads at all the blended cost per lead is ``nan`` (undefined), not an error, so a
    lab at zero budget still shows its other figures.
    """
    table = campaign_table(campaigns)
    leads = float(table["leads"].sum())
    return {
        "leads": leads,
        "ad_spend_eur": float(table["budget_eur"].sum()),
        "cost_per_lead_eur": (
            blended_cost_per_lead(table["budget_eur"], table["leads"]) if leads > 0 else math.nan
        ),
    }
