"""nbgrader configuration for the Marketing vs. Sales course.

The course root is the repository root. Run nbgrader from this folder so it finds this file:

    cd grading && ../.venv/bin/nbgrader autograde 00-start-here

or use the Makefile targets (`make lessons`), which do that for you.
"""

import os
from pathlib import Path

from incentives.instructor import autograde
from incentives.instructor.kernels import private_kernel_config

c = get_config()

ROOT = Path(__file__).resolve().parent.parent

c.CourseDirectory.course_id = "marketing-vs-sales"
c.CourseDirectory.root = str(ROOT)
# Instructors edit solutions/; students get lessons/ (generated, never edited by hand).
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "lessons"
# Student work and grades stay under grading/ and out of git (see .gitignore).
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
# The gradebook: a SQLite file here, or a shared database server for a class whose
# instructors grade together: set COURSE_GRADEBOOK_URL, e.g.
#   postgresql+psycopg://grader:secret@db.example.org/marketing_vs_sales
# (`course grade` keeps its workers' copies in SQLite and writes the results to this URL).
c.CourseDirectory.db_url = os.environ.get("COURSE_GRADEBOOK_URL") or (
    f"sqlite:///{ROOT / 'grading' / 'gradebook.db'}"
)

# Kernels talk over Unix sockets in Jupyter's runtime folder (0700), not over TCP ports
# that every account on the machine can reach. Each load names its own sockets.
private_kernel_config(c)

# Every submission's kernel runs in a sandbox (bubblewrap): it sees a copy of its own folder,
# the course library and data, and nothing else of this machine; no network, no gradebook
# URL, limited memory, processes and disk. See grading/README.md, "What grading protects".
# Where bubblewrap is missing, autograde refuses; COURSE_GRADE_WITHOUT_SANDBOX=1 grades
# without it.
c.Autograde.autograde_preprocessors = autograde.preprocessors()

# A cell that runs longer than this is stopped and scores 0 (a lesson runs in seconds).
c.Execute.timeout = 60
# Every output is collected when the last cell has run: stop the kernel at once rather than
# wait for it to shut itself down (`course grade` does the same).
c.Execute.shutdown_kernel = "immediate"

# A test cell that writes to stderr scores 0. Drop stderr output that is only a deprecation
# notice from a library (lines like "/path/module.py:12: DeprecationWarning: ..."), never
# the student's own errors.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"^[^\n]*:\d+: (Pending)?DeprecationWarning: "

# The student versions: the usual stubs, said in the course's words.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
