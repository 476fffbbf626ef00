"""The classroom game's room labels: the class list's student ids, one per line.

``course game-labels`` writes game/_rooms/class.txt, oTree's participant label file for the
game's room (game/settings.py names it when it exists; `make game` serves the room with it
after a restart). A student then joins the room with their own id, so that the game's
export and the gradebook name them alike, and nobody outside the class list can join. The
ids come from the gradebook (``course roster`` imported them) or from a class list given
with ``--from``. oTree takes a label of letters, digits and underscores only, at most 100
characters; an id it cannot take stops the command before anything is written, naming it.

The file holds the students' ids: it is not committed (.gitignore).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

LABEL_FILE = Path("game") / "_rooms" / "class.txt"
"""Where the room's labels go, under the course root (game/settings.py reads it there)."""
# oTree's rule for a participant label (otree.common.validate_alphanumeric; 100 characters
# is the column's length).
LABEL = re.compile(r"^[A-Za-z0-9_]{1,100}$")


class LabelError(ValueError):
    """A class list that cannot be the room's labels; the message says why and what to do."""


def room_labels(ids: Iterable[str]) -> list[str]:
    """The room's labels: the class list's ids, in order, each checked against oTree's rule.

    Raises:
        LabelError: when there is no student, or naming every id oTree cannot take.
    """
    labels = list(dict.fromkeys(ids))
    if not labels:
        raise LabelError(
            "the class list is empty: import it first with `course roster FILE.csv`, or "
            "give it with `course game-labels --from FILE.csv`"
        )
    refused = [label for label in labels if not LABEL.match(label)]
    if refused:
        shown = ", ".join(repr(label) for label in refused[:10])
        more = f" and {len(refused) - 10} more" if len(refused) > 10 else ""
        raise LabelError(
            f"oTree's room takes ids of letters, digits and '_' only (at most 100 "
            f"characters); these ids are not: {shown}{more}. Nothing was written: give "
            "those students ids without '.' or '-' in the class list, or run the room "
            "without labels (delete game/_rooms/class.txt)"
        )
    return labels


def write_labels(labels: list[str], path: Path) -> Path:
    """Write ``labels`` one per line to ``path`` (its folder made if needed), replacing the
    file at once: a server reading it never sees half a list. Returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as file:
        file.write("".join(f"{label}\n" for label in labels))
    os.chmod(file.name, 0o644)
    os.replace(file.name, path)
    return path
