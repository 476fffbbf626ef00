"""Lesson 04's misconceptions (04-cloakroom), each a submission that makes it in every
exercise it can reach. Lessons 04b and 04c have their own modules.

shared_ticket_upper: the shared tickets 40 and 80 given to the upper segment (the other
convention, `< 40` and `< 80`), against the lesson's stated "lower" convention. Exercise 1.

shared_ticket_in_both: each range tested on its own with both edges included, so tickets 40
and 80 are counted in two segments (the list grows). Exercise 1.

shared_ticket_in_neither: both edges excluded (`40 < ticket < 80`), so tickets 40 and 80
fall into no segment (the list shrinks). Exercise 1.
"""

LESSON = "04-cloakroom"

_SEGMENTS_UPPER = """
def segment_tickets(tickets):
    segments = []
    for ticket in tickets:
        if ticket < 40:
            segments.append("student")
        elif ticket < 80:
            segments.append("standard")
        else:
            segments.append("vip")
    return segments
"""

_SEGMENTS_BOTH = """
def segment_tickets(tickets):
    segments = []
    for ticket in tickets:
        if 1 <= ticket <= 40:
            segments.append("student")
        if 40 <= ticket <= 80:
            segments.append("standard")
        if 80 <= ticket <= 100:
            segments.append("vip")
    return segments
"""

_SEGMENTS_NEITHER = """
def segment_tickets(tickets):
    segments = []
    for ticket in tickets:
        if ticket < 40:
            segments.append("student")
        elif 40 < ticket < 80:
            segments.append("standard")
        elif ticket > 80:
            segments.append("vip")
    return segments
"""

_EXERCISE_1 = ["segment_tickets_visible", "segment_tickets_hidden"]

KINDS = {
    "shared_ticket_upper": {
        "answers": {"segment_tickets_answer": _SEGMENTS_UPPER},
        "zero": _EXERCISE_1,
    },
    "shared_ticket_in_both": {
        "answers": {"segment_tickets_answer": _SEGMENTS_BOTH},
        "zero": _EXERCISE_1,
    },
    "shared_ticket_in_neither": {
        "answers": {"segment_tickets_answer": _SEGMENTS_NEITHER},
        "zero": _EXERCISE_1,
    },
}
