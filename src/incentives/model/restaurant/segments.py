"""Guest segments from cloakroom tickets: the ranges, and the segment of each ticket.

The article's ranges (students 1-40, standard 40-80, VIP 80-100) share the tickets 40 and
80, so every lookup must say which segment a shared ticket belongs to: ``boundary="lower"``
(40 is a student, 80 standard) or ``boundary="upper"`` (40 is standard, 80 VIP). There is
no default on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from incentives.data import SEGMENTS

# The three guest segments, cheapest first; shares and spends are given in this order. The
# data dictionary owns the names (restaurant_visits.csv uses them too).
from incentives.i18n import _
from incentives.model.assumptions import value
from incentives.model.restaurant.arguments import is_whole

BOUNDARIES = ("lower", "upper")
"""Conventions for a ticket two ranges share: it goes to the lower or the upper segment."""

SEGMENT_DTYPE = pd.CategoricalDtype(list(SEGMENTS), ordered=True)
"""The pandas type of a segment column: the three segments, ordered student < standard < vip."""


def _tickets_text(first: int, last: int) -> str:
    return f"ticket {first}" if first == last else f"tickets {first}-{last}"


@dataclass(frozen=True)
class SegmentRanges:
    """The cloakroom's ticket ranges, one (first, last) pair per segment, both inclusive.

    The defaults are the article's: students 1-40, standard 40-80, VIP 80-100. Neighbouring
    ranges may share one ticket (as 40 and 80 here; a ``boundary`` convention then decides
    who gets it) or follow each other directly (1-39, 40-79, 80-100). Together they must
    cover every ticket from 1 to ``max_ticket`` with no gap.

    Attributes:
        student: First and last student ticket; must start at 1.
        standard: First and last standard ticket.
        vip: First and last VIP ticket; must end at ``max_ticket``.
        max_ticket: Highest ticket number in the cloakroom (100 in the article).

    Raises:
        ValueError: naming the field, if a range is not a pair of whole numbers in order,
            leaves a gap, overlaps its neighbour by more than one shared ticket, runs
            outside 1..max_ticket, or would hold no ticket under one of the conventions.
    """

    student: tuple[int, int] = value("ticket_ranges")["student"]
    standard: tuple[int, int] = value("ticket_ranges")["standard"]
    vip: tuple[int, int] = value("ticket_ranges")["vip"]
    max_ticket: int = value("ticket_ranges")["vip"][1]

    def __post_init__(self) -> None:
        if not is_whole(self.max_ticket) or self.max_ticket < 3:
            raise ValueError(
                _("max_ticket must be a whole number >= 3; got {max_ticket!r}").format(
                    max_ticket=self.max_ticket
                )
            )
        object.__setattr__(self, "max_ticket", int(self.max_ticket))
        for name in SEGMENTS:
            pair = getattr(self, name)
            try:
                first, last = pair
            except (TypeError, ValueError):
                raise ValueError(
                    f"{name} must be a pair (first, last) of ticket numbers; got {pair!r}"
                ) from None
            if not (is_whole(first) and is_whole(last)):
                raise ValueError(
                    _("{name} must hold whole ticket numbers; got {pair!r}").format(
                        name=name, pair=pair
                    )
                )
            first, last = int(first), int(last)
            if first > last:
                raise ValueError(
                    _("{name} must be (first, last) with first <= last; got {pair!r}").format(
                        name=name, pair=pair
                    )
                )
            if first < 1 or last > self.max_ticket:
                raise ValueError(
                    f"{name} must lie within tickets 1..{self.max_ticket}; got {pair!r}"
                )
            object.__setattr__(self, name, (first, last))
        if self.student[0] != 1:
            raise ValueError(
                _("student must start at ticket 1; got {student!r}").format(student=self.student)
            )
        if self.vip[1] != self.max_ticket:
            raise ValueError(
                f"vip must end at max_ticket ({self.max_ticket}); got {self.vip!r}: "
                f"{_tickets_text(self.vip[1] + 1, self.max_ticket)} would belong to no segment"
            )
        for lower, upper in (("student", "standard"), ("standard", "vip")):
            end = getattr(self, lower)[1]
            start = getattr(self, upper)[0]
            if start > end + 1:
                raise ValueError(
                    f"{upper} must start at {end} (shared with {lower}) or {end + 1}; got "
                    f"{getattr(self, upper)!r}: {_tickets_text(end + 1, start - 1)} would belong "
                    "to no segment"
                )
            if start < end:
                raise ValueError(
                    f"{upper} overlaps {lower} by more than one shared ticket: {lower} ends at "
                    f"{end}, {upper} starts at {start}; they may share at most ticket {end}"
                )
        for boundary in BOUNDARIES:
            for name, (first, last) in zip(SEGMENTS, self.resolved(boundary), strict=True):
                if first > last:
                    raise ValueError(
                        f"{name} {getattr(self, name)!r} holds no ticket under the "
                        f"{boundary!r} convention: its shared tickets all go elsewhere"
                    )

    def resolved(self, boundary: str) -> tuple[tuple[int, int], ...]:
        """The three ranges with shared tickets given to one side: no overlap, no gap."""
        (s_first, s_last), (m_first, m_last), (v_first, v_last) = (
            self.student,
            self.standard,
            self.vip,
        )
        low_shared = s_last == m_first
        high_shared = m_last == v_first
        if boundary == "lower":
            return (
                (s_first, s_last),
                (m_first + low_shared, m_last),
                (v_first + high_shared, v_last),
            )
        return (
            (s_first, s_last - low_shared),
            (m_first, m_last - high_shared),
            (v_first, v_last),
        )

    @classmethod
    def from_cuts(
        cls, student_last_ticket: int, vip_first_ticket: int, max_ticket: int = 100
    ) -> SegmentRanges:
        """The ranges that two cut tickets make, each shared by its neighbours as in the
        article: students 1..``student_last_ticket``, standard guests from there to
        ``vip_first_ticket``, VIPs from there to ``max_ticket``.

        Raises:
            ValueError: naming both cuts, when they give no valid ranges (e.g. the student
                cut is not below the VIP cut).
        """
        try:
            return cls(
                student=(1, student_last_ticket),
                standard=(student_last_ticket, vip_first_ticket),
                vip=(vip_first_ticket, max_ticket),
                max_ticket=max_ticket,
            )
        except ValueError as error:
            raise ValueError(
                f"student_last_ticket ({student_last_ticket}) and vip_first_ticket "
                f"({vip_first_ticket}) give no valid ticket ranges: {error}. Keep "
                "student_last_ticket below vip_first_ticket."
            ) from error


DEFAULT_RANGES = SegmentRanges()
"""The article's ranges: students 1-40, standard 40-80, VIP 80-100."""


def check_boundary(boundary) -> str:
    """``boundary`` if it is one of ``BOUNDARIES``; else a ValueError saying what each means."""
    if boundary not in BOUNDARIES:
        raise ValueError(
            f"boundary must be 'lower' (a shared ticket goes to the lower segment) or 'upper'; "
            f"got {boundary!r}"
        )
    return boundary


def check_ranges(ranges) -> SegmentRanges:
    """``ranges`` if it is a :class:`SegmentRanges`; else a ValueError."""
    if not isinstance(ranges, SegmentRanges):
        raise ValueError(
            _("ranges must be a SegmentRanges; got {kind}").format(kind=type(ranges).__name__)
        )
    return ranges


def ticket_range(
    segment: str, *, boundary: str, ranges: SegmentRanges = DEFAULT_RANGES
) -> tuple[int, int]:
    """First and last ticket (inclusive) of a segment once shared tickets are assigned.

    Args:
        segment: One of ``SEGMENTS``: "student", "standard" or "vip".
        boundary: "lower" gives a shared ticket to the lower segment, "upper" to the upper.
        ranges: The cloakroom's ranges; the article's by default.

    Returns:
        A tuple ``(first, last)`` of ints. With the article's ranges: "lower" gives
        student (1, 40), standard (41, 80), vip (81, 100); "upper" gives student (1, 39),
        standard (40, 79), vip (80, 100).

    Raises:
        ValueError: if ``segment`` or ``boundary`` is unknown, or ``ranges`` is not a
            :class:`SegmentRanges`.
    """
    if segment not in SEGMENTS:
        raise ValueError(
            _("segment must be one of {segments}; got {segment!r}").format(
                segments=SEGMENTS, segment=segment
            )
        )
    resolved = check_ranges(ranges).resolved(check_boundary(boundary))
    return resolved[SEGMENTS.index(segment)]


def _bad_ticket_message(bad: list, max_ticket: int) -> str:
    shown = ", ".join(repr(value) for value in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    return f"tickets must be whole numbers from 1 to {max_ticket}; got {shown}{more}"


def _ticket_array(tickets, max_ticket: int) -> np.ndarray:
    """Tickets as a 1-D int array, or a ValueError that lists the bad values."""
    values = np.asarray(tickets)
    if values.ndim > 1:
        raise ValueError(
            _("tickets must be a number or a 1-D sequence; got shape {values_shape}").format(
                values_shape=values.shape
            )
        )
    values = values.reshape(-1)
    if values.dtype.kind in "iuf":
        as_float = values.astype(float)
        bad_mask = ~np.isfinite(as_float) | (as_float != np.round(as_float))
        bad_mask |= (as_float < 1) | (as_float > max_ticket)
        if bad_mask.any():
            bad = list(dict.fromkeys(values[bad_mask].tolist()))
            raise ValueError(_bad_ticket_message(bad, max_ticket))
        return as_float.astype(np.int64)
    # Text, booleans, objects (None, pd.NA, mixed lists): check value by value.
    items = values.tolist()
    bad = [v for v in items if not is_whole(v) or not 1 <= v <= max_ticket]
    if bad:
        raise ValueError(_bad_ticket_message(list(dict.fromkeys(map(_hashable, bad))), max_ticket))
    return np.asarray(items, dtype=float).astype(np.int64)


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def segment_for_tickets(
    tickets, *, boundary: str, ranges: SegmentRanges = DEFAULT_RANGES
) -> str | pd.Categorical:
    """The segment of each cloakroom ticket, as the waiter reads it off the ticket.

    Args:
        tickets: One ticket number, or a 1-D sequence of them (list, NumPy array, Series).
        boundary: Required. "lower": a ticket two ranges share goes to the lower segment
            (with the article's ranges, 40 -> student and 80 -> standard); "upper": it goes
            to the upper one (40 -> standard, 80 -> vip).
        ranges: The cloakroom's ranges; the article's by default.

    Returns:
        For one ticket, its segment as a str. For a sequence, a ``pandas.Categorical`` of
        the same length with categories ``SEGMENTS`` in order (student < standard < vip).

    Raises:
        ValueError: if ``boundary`` is unknown, or a ticket is not a whole number from 1 to
            ``ranges.max_ticket`` (the message lists the bad values).
    """
    boundary = check_boundary(boundary)
    ranges = check_ranges(ranges)
    scalar = np.ndim(tickets) == 0
    numbers_ = _ticket_array(tickets, ranges.max_ticket)
    (_first, student_last), (_second, standard_last), _vip = ranges.resolved(boundary)
    codes = (numbers_ > student_last).astype(np.int8) + (numbers_ > standard_last)
    if scalar:
        return SEGMENTS[int(codes[0])]
    return pd.Categorical.from_codes(codes, dtype=SEGMENT_DTYPE)
