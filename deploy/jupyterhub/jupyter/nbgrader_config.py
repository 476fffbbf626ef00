"""nbgrader's settings in every single-user server of the class.

``jupyterhub_config.py`` puts this folder on ``JUPYTER_CONFIG_PATH`` for every server, so
nbgrader's Assignments tab (students) and Formgrader (instructors) read it:

- the course id, the same as ``grading/nbgrader_config.py``'s;
- the exchange, the folder named by ``COURSE_EXCHANGE`` (the hub sets it);
- for an instructor (the hub sets ``COURSE_ROOT`` to the copy of the course in the
  instructor's home), the course's own ``grading/nbgrader_config.py``, so that the
  Formgrader and nbgrader's commands find the course, its gradebook and its folders from
  anywhere, not only from inside ``grading/``.
"""

import os

c = get_config()  # noqa: F821 (traitlets defines it in config files)

c.CourseDirectory.course_id = "marketing-vs-sales"
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")

course = os.environ.get("COURSE_ROOT")
if course:
    # Silently nothing while the instructor has not put the course there yet.
    load_subconfig("nbgrader_config.py", os.path.join(course, "grading"))  # noqa: F821
