"""Lead-source information: with it, sales tells a type's hot leads from its cold ones.

Leads of one type differ in how hot they are: ``HOT_SHARE`` of every type's leads are hot,
with ``HOT_LIFT`` times the type's ceiling win probability (capped at 1), and the cold rest
have what is left, so the type's average is unchanged. Without the information a rep cannot
tell them apart; with it (:func:`informed`) each type splits in two and the reps work the
hot leads first.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import replace

import numpy as np

from incentives.i18n import _
from incentives.model.alignment.pay import check_range
from incentives.model.assumptions import value
from incentives.model.company import Company
from incentives.model.sales import LeadType

# The assumed figures, from the registry (incentives.model.assumptions, docs/model.md).
HOT_SHARE = value("hot_share")  # share of every lead type's leads that are hot
HOT_LIFT = value("hot_lift")  # a hot lead's ceiling win probability, times its type's, <= 1


def hot_and_cold(
    kind: LeadType, hot_share: float = HOT_SHARE, hot_lift: float = HOT_LIFT
) -> tuple[LeadType, LeadType]:
    """A lead type's hot share and cold remainder, as sales sees them with lead-source
    information.

    Args:
        kind: The lead type as sales sees it without the information.
        hot_share: The share of its leads that are hot, 0 to 1 (excluded).
        hot_lift: A hot lead's ceiling win probability as a multiple of the type's, at
            least 1; the hot ceiling is capped at 1.

    Returns:
        ``(hot, cold)``: two copies of ``kind`` named ``"<name> (hot)"`` and ``"<name>
        (cold)"`` that differ only in their ceiling win probability, chosen so that their
        average over the leads (``hot_share`` of them hot) is ``kind``'s own: a rep who
        gives both the same time wins as many deals as before. The cold one is
        ``worked_after`` the hot one.
    """
    hot_ceiling = min(1.0, kind.win_ceiling * hot_lift)
    cold_ceiling = max(0.0, (kind.win_ceiling - hot_share * hot_ceiling) / (1.0 - hot_share))
    hot = replace(kind, name=f"{kind.name} (hot)", win_ceiling=hot_ceiling)
    cold = replace(
        kind, name=f"{kind.name} (cold)", win_ceiling=cold_ceiling, worked_after=hot.name
    )
    return hot, cold


def informed(
    company: Company,
    lead_source_info: bool,
    *,
    hot_share: float = HOT_SHARE,
    hot_lift: float = HOT_LIFT,
) -> Company:
    """The company as sales sees it, with or without lead-source information.

    Without the information a rep cannot tell a hot lead from a cold one of the same type
    and gives every lead of a type the same time. With it, each lead type splits into its
    hot share and its cold remainder (:func:`hot_and_cold`), and each campaign brings
    ``hot_share`` of its leads of every type hot: the reps give each part its own time,
    and work the cold leads of a type only when they work its hot ones.

    Args:
        company: The company.
        lead_source_info: Whether sales sees each lead's landing page and campaign.
        hot_share: The share of every lead type's leads that are hot, 0 to 1 (excluded).
        hot_lift: A hot lead's ceiling win probability as a multiple of its type's, from
            1 to ``1 / hot_share``; 1 means every lead of a type is equally hot.

    Returns:
        ``company`` itself without the information, or when no lead is hotter than
        another (``hot_lift`` 1 or ``hot_share`` 0); else a copy with each lead type
        split in two and each campaign's mix split to match.

    Raises:
        ValueError: if ``hot_share`` or ``hot_lift`` is out of its range.
    """
    hot_share = check_range("hot_share", hot_share, 1.0)
    if hot_share >= 1.0:
        raise ValueError(
            _("hot_share must be below 1; got {hot_share!r}").format(hot_share=hot_share)
        )
    if (
        isinstance(hot_lift, bool | np.bool_)
        or not isinstance(hot_lift, numbers.Real)
        or not 1.0 <= hot_lift <= (1.0 / hot_share if hot_share > 0 else math.inf)
    ):
        raise ValueError(
            _("hot_lift must be a number from 1 to 1 / hot_share; got {hot_lift!r}").format(
                hot_lift=hot_lift
            )
        )
    if not lead_source_info or hot_share == 0.0 or hot_lift == 1.0:
        return company
    kinds = tuple(
        kind for base in company.lead_types for kind in hot_and_cold(base, hot_share, hot_lift)
    )
    campaigns = tuple(
        replace(
            campaign,
            mix=tuple(
                part
                for name, share in campaign.mix
                for part in (
                    (f"{name} (hot)", share * hot_share),
                    (f"{name} (cold)", share * (1.0 - hot_share)),
                )
            ),
        )
        for campaign in company.campaigns
    )
    return company.replace(lead_types=kinds, campaigns=campaigns)
