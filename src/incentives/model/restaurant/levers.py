"""The article's +150%: what would have to be true for it, lever by lever.

Revenue per evening is guests times spend per guest, and spend per guest is
``sum(share_s * spend_s)`` over the segments. :func:`needed_vip_spend_for_lift` gives the
VIP spend per head that would raise revenue per guest by +150% on its own (about 1,535 RON
instead of 300); :func:`lift_from_levers` and :func:`guests_needed_for_lift` say which
combinations of guests per evening, share of VIPs and VIP spend give a lift.
"""

from __future__ import annotations

import numpy as np

from incentives.data import SEGMENTS
from incentives.i18n import _
from incentives.model.assumptions import value
from incentives.model.restaurant.arguments import (
    check_real,
    check_shares,
    check_triple,
    check_whole,
)
from incentives.model.restaurant.evening import (
    DEFAULT_SHARES,
    DEFAULT_SPEND_PER_HEAD_RON,
    shares_with_vip,
)

ARTICLE_LIFT = value("article_lift")
"""The article's claim: sales rose by 150%."""


def needed_vip_spend_for_lift(
    lift: float = ARTICLE_LIFT,
    shares=DEFAULT_SHARES,
    spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON,
) -> float:
    """VIP spend per head that would, on its own, raise revenue per guest by ``lift``.

    Revenue per guest is ``sum(share_s * spend_s)``. Keeping the student and standard
    spends and all shares fixed, the VIP spend ``x`` that makes it ``(1 + lift)`` times as
    large solves ``share_vip * x + (the others' part) = (1 + lift) * (today's average)``.
    With the model's usual figures, +150% needs about 1,535 RON per VIP head instead of 300: a
    lesson can ask whether that is believable, or whether more visits explain the story.

    Args:
        lift: Relative rise wanted (1.5 = +150%, the article's figure); > -1.
        shares: Share of guests per segment (student, standard, vip), summing to 1; the
            VIP share must be positive.
        spend_per_head_ron: Today's spend per guest per segment, RON; non-negative, with a
            positive average.

    Returns:
        The VIP spend per head in RON, as a float.

    Raises:
        ValueError: naming the argument, if one is out of range, or ``lift`` if reaching
            it would need a negative VIP spend.
    """
    lift = check_real(lift, "lift", low=-1, low_inclusive=False)
    share = check_shares(shares)
    spend = check_triple(spend_per_head_ron, "spend_per_head_ron")
    vip = SEGMENTS.index("vip")
    if share[vip] <= 0:
        raise ValueError(
            _("shares must give VIPs a positive share; got {shares!r}").format(shares=shares)
        )
    average = float(share @ spend)
    if average <= 0:
        raise ValueError(
            _("spend_per_head_ron must give a positive average; got {spend!r}").format(spend=spend)
        )
    others = average - share[vip] * spend[vip]
    needed = ((1.0 + lift) * average - others) / share[vip]
    if needed < 0:
        raise ValueError(
            f"lift {lift:g} cannot come from VIP spend alone: it would need "
            f"{needed:.2f} RON per VIP head"
        )
    return float(needed)


def revenue_per_guest_ron(
    shares=DEFAULT_SHARES, spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON
) -> float:
    """Average spend per guest, RON: ``sum(share_s * spend_s)`` over the three segments.

    With the model's usual figures (shares 30 / 55 / 15%, spend 60 / 110 / 300 RON) it is 123.5
    RON; so even a restaurant of VIPs only (300 RON a head) would take at most
    ``300 / 123.5 - 1``, about +143%, more per guest: the article's +150% cannot come from
    the guest mix alone.

    Args:
        shares: Share of guests per segment (student, standard, vip), summing to 1.
        spend_per_head_ron: Spend per guest per segment, RON; non-negative.

    Returns:
        The average spend per guest in RON, as a float.

    Raises:
        ValueError: naming the argument, if one is out of range.
    """
    share = check_shares(shares)
    spend = check_triple(spend_per_head_ron, "spend_per_head_ron")
    return float(share @ spend)


DEFAULT_GUESTS_PER_EVENING = value("guests_per_evening")
"""Guests (covers) on a usual evening of the model restaurant."""

SEATS = value("seats")
"""Seats in the model restaurant."""


def revenue_per_evening_from_levers(
    guests_per_evening: float = DEFAULT_GUESTS_PER_EVENING,
    vip_share: float = DEFAULT_SHARES[2],
    vip_spend_ron: float = DEFAULT_SPEND_PER_HEAD_RON[2],
    spend_per_head_ron=DEFAULT_SPEND_PER_HEAD_RON,
) -> float:
    """Revenue of one evening, RON, from the levers of the model restaurant.

    Revenue per evening is guests per evening times spend per guest, and spend per guest
    is ``sum(share_s * spend_s)``. VIP guests make up ``vip_share`` of the guests and
    spend ``vip_spend_ron`` a head; students and standard guests share the rest as in
    ``DEFAULT_SHARES`` (30 : 55) and spend as in ``spend_per_head_ron``. With the defaults
    (140 guests, 15% VIPs, 300 RON) it is 140 x 123.5 = 17,290 RON.

    Args:
        guests_per_evening: Guests served in an evening; >= 0.
        vip_share: Share of the guests who are VIPs, from 0 to 1.
        vip_spend_ron: A VIP guest's spend per head, RON; >= 0.
        spend_per_head_ron: Spend per head of (student, standard, vip); the VIP entry is
            replaced by ``vip_spend_ron``.

    Returns:
        Revenue per evening in RON, as a float.

    Raises:
        ValueError: naming the argument, if one is out of range.
    """
    guests = check_real(guests_per_evening, "guests_per_evening", low=0)
    vip_spend = check_real(vip_spend_ron, "vip_spend_ron", low=0)
    spend = check_triple(spend_per_head_ron, "spend_per_head_ron").copy()
    spend[SEGMENTS.index("vip")] = vip_spend
    return float(guests * (np.asarray(shares_with_vip(vip_share)) @ spend))


def lift_from_levers(
    guests_per_evening: float = DEFAULT_GUESTS_PER_EVENING,
    vip_share: float = DEFAULT_SHARES[2],
    vip_spend_ron: float = DEFAULT_SPEND_PER_HEAD_RON[2],
) -> float:
    """Relative change in revenue per evening (1.5 = +150%) when the levers move from the
    model restaurant's usual evening (140 guests, 15% VIPs at 300 RON a head) to these.

    The levers multiply: revenue per evening is guests times spend per guest, so twice the
    guests with spend per guest up 25% gives 2 x 1.25 - 1 = +150%, not +125%. For example
    ``lift_from_levers(200, 0.30, 450.0)`` is 200 x 199.65 / 17,290 - 1, about +131%.

    Args:
        guests_per_evening: Guests served in an evening; >= 0.
        vip_share: Share of the guests who are VIPs, from 0 to 1.
        vip_spend_ron: A VIP guest's spend per head, RON; >= 0.

    Returns:
        The relative change as a float (0 when nothing moves).
    """
    today = revenue_per_evening_from_levers()
    return revenue_per_evening_from_levers(guests_per_evening, vip_share, vip_spend_ron) / today - 1


def guests_needed_for_lift(
    lift: float = ARTICLE_LIFT,
    vip_share: float = DEFAULT_SHARES[2],
    vip_spend_ron: float = DEFAULT_SPEND_PER_HEAD_RON[2],
) -> float:
    """Guests an evening that, with this share of VIPs and VIP spend, give revenue per
    evening ``1 + lift`` times the usual evening's: 350 for +150% with nothing else moved.

    Args:
        lift: Relative rise wanted (1.5 = +150%); > -1.
        vip_share: Share of the guests who are VIPs, from 0 to 1.
        vip_spend_ron: A VIP guest's spend per head, RON; > 0 if every guest is a VIP.

    Returns:
        Guests per evening, as a float (not rounded).

    Raises:
        ValueError: if spend per guest would be 0.
    """
    lift = check_real(lift, "lift", low=-1, low_inclusive=False)
    per_guest = revenue_per_evening_from_levers(1.0, vip_share, vip_spend_ron)
    if per_guest <= 0:
        raise ValueError(_("spend per guest is 0: no number of guests gives any revenue"))
    return float((1.0 + lift) * revenue_per_evening_from_levers() / per_guest)


def seat_turns(guests_per_evening: float, seats: int = SEATS) -> float:
    """How many times each seat is filled in an evening: guests / seats (1.75 today).

    An evening of four hours with meals of about 75 minutes gives at most about three
    turns (240 / 75 = 3.2), so more guests than about ``3 * seats`` need longer opening
    hours, shorter meals or more seats.
    """
    guests = check_real(guests_per_evening, "guests_per_evening", low=0)
    seats = check_whole(seats, "seats", 1)
    return guests / seats
