"""The record of what ``course grade`` did: grading/graded.json, one entry per submission.

Each entry holds the submission's files' digest (so that a second run grades only new or
changed submissions), its result and flags (which the class report reads), the hashes of its
answers as last merged and the hand marks set aside (:mod:`incentives.instructor.merge`).
A merge in progress is recorded as *pending*, so that a batch killed mid-merge is finished
from the record alone (:func:`incentives.instructor.batch.finish`). The record is always
replaced in one step (:func:`write_state`).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from incentives.instructor.submissions import Submission

STATE_FILE = Path("grading") / "graded.json"


def read_state(root: Path) -> dict:
    """What ``course grade`` last recorded per submission ("student/lesson" keys)."""
    path = Path(root) / STATE_FILE
    if path.is_file():
        with contextlib.suppress(json.JSONDecodeError):
            return json.loads(path.read_text(encoding="utf-8"))
    return {}


def write_state(root: Path, state: dict) -> None:
    """Replace the record in one step: a reader (or a run after a crash) sees the old one or
    the new one, never half of either."""
    path = Path(root) / STATE_FILE
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(json.dumps(state, indent=1, sort_keys=True))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def remember(
    state: dict, submission: Submission, digest: str, result, answers=None, history=None
) -> None:
    """Record a result in the state: a graded one is not graded again while its files stay
    the same; one that could not be graded is, next time (it may have been a passing
    problem). The class report reads the flags from here. ``result`` is a
    :class:`incentives.instructor.batch.Result`; ``answers`` (the hashes of the answers as
    merged, :func:`incentives.instructor.merge.answer_digests`) and ``history`` (hand marks
    set aside) are kept from the record unless given."""
    known = state.get(submission.key, {})
    state[submission.key] = {
        "digest": digest,
        "graded": result.graded,
        "result": {"score": result.score, "max_score": result.max_score, "flags": result.flags},
        "answers": known.get("answers", {}) if answers is None else answers,
        "history": known.get("history", []) if history is None else history,
    }
