"""JupyterHub for a class of the Marketing vs. Sales course, on one server.

The set-up of The Littlest JupyterHub: one machine, one real OS account per hub user, each
user's JupyterLab started as that account (LocalProcessSpawner), logins checked against the
accounts' passwords (PAM). grading/README.md, "Running a class on JupyterHub", walks through
it step by step; tests/test_jupyterhub.py runs this very file.

Why real accounts: nbgrader's exchange files a submission under the OS account that makes
it and protects it with file permissions, so each student's work belongs to that student
and no other student can read or replace it. (On Kubernetes every server runs as `jovyan`;
see deploy/kubernetes/values.yaml.)

What a server gets:

- every server: the course environment's programs first on PATH (its Python runs the
  kernels, with its `python3` kernelspec: over Unix sockets, no TCP port), the exchange in
  COURSE_EXCHANGE and deploy/jupyterhub/jupyter/ on JUPYTER_CONFIG_PATH (nbgrader's course
  id and exchange);
- a member of the hub group `instructors`: the Formgrader, and COURSE_ROOT, the course in
  the instructor's home (~/marketing-vs-sales) that the Formgrader grades;
- a student: the student configuration of `make lab` (jupyter/student/) too, which leaves
  out nbgrader's instructor tools: the student sees the Assignments tab only.

Run it as root from anywhere (`jupyterhub -f /path/to/deploy/jupyterhub/jupyterhub_config.py`),
with these environment variables (the defaults suit a class server):

  COURSE_HUB_INSTRUCTORS  instructors' account names, separated by commas or spaces
  COURSE_HUB_STUDENTS     students' account names (only listed accounts may log in)
  COURSE_ENV              the course environment, readable by every account
                          (default: this repository's .venv)
  COURSE_EXCHANGE         nbgrader's exchange (default /srv/nbgrader/exchange; made
                          world-writable with the sticky bit, mode 1777, when the hub starts)
  COURSE_HUB_STATE        the hub's database, cookie secret and proxy pid (default
                          /srv/jupyterhub; readable by root only)
  COURSE_HUB_BIND_URL     where people reach the hub (default http://:8000)
  COURSE_HUB_API_URL      the hub's own API, for the proxy and the servers
                          (default http://127.0.0.1:8081)
  COURSE_PROXY_API_URL    configurable-http-proxy's API (default http://127.0.0.1:8001)
  COURSE_HUB_TEST_TOKEN   tests only: the token of an API client allowed to start servers
                          and hand out users' tokens (tests/test_jupyterhub.py)
"""

import os
import pwd
import re
from pathlib import Path

c = get_config()  # noqa: F821 (traitlets defines it in config files)

REPOSITORY = Path(__file__).resolve().parents[2]
COURSE_ENV = Path(os.environ.get("COURSE_ENV") or REPOSITORY / ".venv")
EXCHANGE = Path(os.environ.get("COURSE_EXCHANGE") or "/srv/nbgrader/exchange")
STATE = Path(os.environ.get("COURSE_HUB_STATE") or "/srv/jupyterhub")
# Jupyter configuration folders: every server's (nbgrader's course id and exchange), and the
# student's (`make lab` uses it too: no Formgrader, no Create Assignment, no course list).
COMMON_CONFIG = REPOSITORY / "deploy" / "jupyterhub" / "jupyter"
STUDENT_CONFIG = REPOSITORY / "jupyter" / "student"
INSTRUCTORS_GROUP = "instructors"
# Where an instructor keeps the course (a clone of this repository), inside the home.
INSTRUCTOR_COURSE_FOLDER = "marketing-vs-sales"


def names(variable: str) -> list[str]:
    """The account names listed in an environment variable (commas or spaces between)."""
    return [name for name in re.split(r"[\s,]+", os.environ.get(variable, "")) if name]


INSTRUCTORS = names("COURSE_HUB_INSTRUCTORS")
STUDENTS = names("COURSE_HUB_STUDENTS")

# Where the hub listens, and its own files.
c.JupyterHub.bind_url = os.environ.get("COURSE_HUB_BIND_URL") or "http://:8000"
c.JupyterHub.hub_bind_url = os.environ.get("COURSE_HUB_API_URL") or "http://127.0.0.1:8081"
c.ConfigurableHTTPProxy.api_url = os.environ.get("COURSE_PROXY_API_URL") or "http://127.0.0.1:8001"
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# Who may log in: the listed accounts, with their own passwords. Nobody is a hub admin: an
# admin could open every student's server; instructors need no such access.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(INSTRUCTORS + STUDENTS)
c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": INSTRUCTORS}}

# nbgrader's exchange: every account writes its submissions there, and with the sticky bit
# only a file's owner may delete or rename it. nbgrader would make a missing root without
# the sticky bit, and only when the instructor releases; make it here, before anyone fetches.
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o1777)

# Each user's JupyterLab, as that user, from the course environment, in the user's home.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(COURSE_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    # JupyterHub passes no PATH of its own: the course environment's Python runs the kernels,
    # and `course` and `nbgrader` are found in a terminal.
    "PATH": os.pathsep.join([str(COURSE_ENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
    "COURSE_EXCHANGE": str(EXCHANGE),
    # The course environment's kernelspec (`make` makes it start kernels on no TCP port) before
    # one of the same name in the user's home: Jupyter puts the user's first when the user
    # does not own the environment, as on a hub.
    "JUPYTER_PREFER_ENV_PATH": "1",
}


def course_configuration(spawner) -> None:
    """Give an instructor's server the Formgrader and the course, a student's the student
    configuration (only the Assignments tab of nbgrader)."""
    instructor = any(group.name == INSTRUCTORS_GROUP for group in spawner.user.groups)
    environment = dict(spawner.environment)
    if instructor:
        home = pwd.getpwnam(spawner.user.name).pw_dir
        environment["JUPYTER_CONFIG_PATH"] = str(COMMON_CONFIG)
        environment["COURSE_ROOT"] = os.path.join(home, INSTRUCTOR_COURSE_FOLDER)
    else:
        environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            [str(STUDENT_CONFIG), str(COMMON_CONFIG)]
        )
    spawner.environment = environment


c.Spawner.pre_spawn_hook = course_configuration

# Tests only: an API client that starts and stops servers and hands out each user's token, as
# an end-to-end test needs (PAM logins would need the accounts' passwords).
TEST_TOKEN = os.environ.get("COURSE_HUB_TEST_TOKEN")
if TEST_TOKEN:
    c.JupyterHub.services = [{"name": "course-test", "api_token": TEST_TOKEN}]
    c.JupyterHub.load_roles = [
        {
            "name": "course-test",
            "scopes": ["admin:users", "admin:servers", "tokens"],
            "services": ["course-test"],
        }
    ]
