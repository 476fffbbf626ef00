"""Course tools for maintainers and instructors: regenerate lessons, grade, report.

Run them through the ``course`` command (``course --help``); tests call the same functions.
This layer imports nbgrader, so notebooks never import it.
"""
