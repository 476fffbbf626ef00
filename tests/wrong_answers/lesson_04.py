"""Wrong answers to lesson 04's exercise (04-cloakroom): each must fail the hidden tests, and
at least one passes the visible test alone (the visible test is not the acceptance rule).

segment_tickets_answer:
- right_on_the_visible_list_only: a lookup of the visible test's six tickets, "student" for
  any other ticket: right on the visible list, wrong on 41 and everything above it.
- upper_convention: the shared tickets 40 and 80 to the upper segment, the other convention.

The lesson's misconceptions (tests/misconceptions/) are wrong answers too: the harness adds
them, so they are not listed again here.
"""

LESSON = "04-cloakroom"

WRONG = {
    "segment_tickets_answer": {
        "right_on_the_visible_list_only": """
def segment_tickets(tickets):
    known = {12: "student", 40: "student", 55: "standard", 80: "standard", 81: "vip", 100: "vip"}
    return [known.get(ticket, "student") for ticket in tickets]
""",
        "upper_convention": """
def segment_tickets(tickets):
    return ["student" if t < 40 else "standard" if t < 80 else "vip" for t in tickets]
""",
    },
}
