"""JupyterHub for a class of the Marketing vs. Sales course, on one server.

The set-up of The Littlest JupyterHub: one machine, one real OS account per hub user, each
user's JupyterLab started as that account (LocalProcessSpawner), logins checked against the
accounts' passwords (PAM). grading/README.md, "Running a class on JupyterHub", walks through
it step by step; tests/end_to_end/test_jupyterhub.py runs this very file.

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
  COURSE_HUB_RUNTIME      a folder per account (named by its uid, only its own) for its
                          server's kernel sockets and runtime files (default
                          /run/course-hub): kernels talk over Unix sockets, whose path may
                          not exceed 107 bytes, too few below a deep home folder
  COURSE_HUB_BIND_URL     where people reach the hub (default http://:8000)
  COURSE_HUB_API_URL      the hub's own API, for the proxy and the servers
                          (default http://127.0.0.1:8081)
  COURSE_PROXY_API_URL    configurable-http-proxy's API (default http://127.0.0.1:8001)
  COURSE_HUB_TEST_TOKEN   tests only: the token of an API client allowed to start servers
                          and hand out users' tokens (tests/end_to_end/test_jupyterhub.py)
"""

import importlib.util
import os
import pwd
import re
from pathlib import Path

c = get_config()  # noqa: F821 (traitlets defines it in config files)

REPOSITORY = Path(__file__).resolve().parents[2]
COURSE_ENV = Path(os.environ.get("COURSE_ENV") or REPOSITORY / ".venv")
EXCHANGE = Path(os.environ.get("COURSE_EXCHANGE") or "/srv/nbgrader/exchange")
STATE = Path(os.environ.get("COURSE_HUB_STATE") or "/srv/jupyterhub")
RUNTIME = Path(os.environ.get("COURSE_HUB_RUNTIME") or "/run/course-hub")
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


def course_kernelspec(environment: Path) -> None:
    """Make the environment's `python3` kernelspec the course's, as `make` does: kernels
    over Unix sockets with no TCP port (src/incentives/course/kernelspec.py, read from this
    repository: it needs only the standard library, whatever Python runs the hub). An
    environment installed with pip alone still has ipykernel's, whose kernels listen on
    127.0.0.1, where every account can connect."""
    if not (environment / "bin").is_dir():
        return  # no environment there (yet): no server can start either
    source = REPOSITORY / "src" / "incentives" / "course" / "kernelspec.py"
    spec = importlib.util.spec_from_file_location("course_kernelspec", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install_kernelspec(environment)


course_kernelspec(COURSE_ENV)

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


# Each server's Jupyter runtime folder, for its kernels' Unix sockets. Jupyter's default,
# ~/.local/share/jupyter/runtime, leaves too few of a socket path's 107 bytes under a deep
# home folder (a kernel's sockets are named after its 36-character id): the kernel would not
# start. Only root may make a folder here, so none can be planted for another account.
RUNTIME.mkdir(mode=0o755, parents=True, exist_ok=True)
RUNTIME.chmod(0o755)


def private_runtime(name: str) -> Path | None:
    """The account's own runtime folder (0700, its owner's), made if missing; None for a
    name with no account (its server could not start anyway)."""
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        return None
    folder = RUNTIME / str(account.pw_uid)
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chown(folder, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)
    return folder


def course_configuration(spawner) -> None:
    """Give an instructor's server the Formgrader and the course, a student's the student
    configuration (only the Assignments tab of nbgrader); every server its own short
    runtime folder."""
    instructor = any(group.name == INSTRUCTORS_GROUP for group in spawner.user.groups)
    environment = dict(spawner.environment)
    runtime = private_runtime(spawner.user.name)
    if runtime is not None:
        environment["JUPYTER_RUNTIME_DIR"] = str(runtime)
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
