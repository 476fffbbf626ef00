"""The instructor's tools behind the ``course`` command: lessons, releases, grading and reports.

The ``course`` command (:mod:`incentives.course.cli`) offers these verbs
(:mod:`~incentives.instructor.commands`) only where this package is: the student edition
leaves it out (:mod:`incentives.instructor.release`). It wraps nbgrader, which the notebooks
never import.

- The class list, the due dates and the submissions: :mod:`~incentives.instructor.roster`,
  :mod:`~incentives.instructor.deadlines`, :mod:`~incentives.instructor.collect`.
- Grading a class: :mod:`~incentives.instructor.batch` runs it in named steps over the
  :mod:`~incentives.instructor.submissions` found, on the
  :mod:`~incentives.instructor.workers`, with one writer that merges each result into the
  gradebook (:mod:`~incentives.instructor.merge`) and keeps the
  :mod:`~incentives.instructor.record` and :mod:`~incentives.instructor.backups`;
  :mod:`~incentives.instructor.flagging` names what a person should look at. Each
  submission's kernel runs in the :mod:`~incentives.instructor.sandbox`
  (:mod:`~incentives.instructor.kernels`, :mod:`~incentives.instructor.autograde`).
- What grading gives: :mod:`~incentives.instructor.export` (with
  :mod:`~incentives.instructor.late_penalty`), :mod:`~incentives.instructor.feedback`,
  :mod:`~incentives.instructor.report`.
- The lessons and the student edition: :mod:`~incentives.instructor.nbgrader_tools`,
  :mod:`~incentives.instructor.release` (with :mod:`~incentives.instructor.answers`).
"""
