"""The ``course`` command and its tools: a student's work folder and the reading site, and in
the instructor's repository the lessons, releases, grading and reports.

Run them through the ``course`` command (``course --help``); tests call the same functions.
The student edition ships only a student's part (see :mod:`incentives.course.release`).
This layer imports nbgrader, so notebooks never import it.
"""
