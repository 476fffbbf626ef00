"""Known misconceptions of the lessons' exercises, each as a submission that makes it.

For each lesson, each kind of mistake the lesson warns about (docs/writing-lessons.md, "Writing
an exercise") is one submission: the solution notebook with the named answer cells replaced by
answers that make the mistake, in every exercise where it can occur.
tests/instructor/test_grading.py grades each with nbgrader and asserts 0 on the listed graded
cells.

One module per lesson (``lesson_01.py`` ...), each with ``LESSON`` (its id) and ``KINDS``:
``KINDS[kind] = {"answers": {answer grade_id: source}, "zero": [graded grade_ids]}``.
"""

from __future__ import annotations

import importlib
import pkgutil

MISCONCEPTIONS: dict[str, dict[str, dict]] = {}
for _module in pkgutil.iter_modules(__path__):
    _lesson = importlib.import_module(f"{__name__}.{_module.name}")
    MISCONCEPTIONS[_lesson.LESSON] = _lesson.KINDS
