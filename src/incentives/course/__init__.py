"""The ``course`` command and the student's part of it: the work folder and the reading site
(built by :mod:`incentives.site`).

Run it as ``course`` (``course --help``); tests call the same functions. The student
edition ships this package without the self-check, and without the instructor's verbs,
which live in :mod:`incentives.instructor` (see :mod:`incentives.instructor.release`).
Nothing here imports nbgrader at import time, so ``course work`` starts fast.
"""
