"""A sandbox for the kernels that run students' code while they are graded (bubblewrap).

Autograding runs what a student wrote with the instructor's rights. Each graded kernel
therefore starts inside `bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``,
the sandbox Flatpak uses) and sees only:

- ``/sandbox/work``, its working folder: a copy of the submission's files (not its
  notebooks, which hold the hidden tests once autograde has put them back) on a fresh
  in-memory file system of :attr:`Limits.scratch_mb` (with ``/sandbox/home``, its home, which
  shares that space; ``/tmp`` and ``/dev/shm`` each have a space of the same size);
- read-only: the system's programs and libraries (``/usr``), the Python environment, the
  course library and its data, and the rest of its own file system; and, read-write, the
  one folder that holds this kernel's sockets.

It has no network (a network namespace of its own, with only its own loopback), sees no
process of the grader (a PID namespace), and starts with an environment of a few named
variables (:func:`kernel_environment`): no gradebook URL, token or password of the
instructor's (bubblewrap itself starts with that environment: the sandbox's first process
can be read by the kernel). Its memory (:attr:`Limits.memory_mb`, as ``RLIMIT_DATA`` and
``RLIMIT_AS``) and its number of processes (:attr:`Limits.processes`) are limited; the
wall time is the grader's.

The limit on processes is ``RLIMIT_NPROC``, counted inside the sandbox's own user namespace.
Linux does not apply that limit to root, so a grader running as root also puts each kernel
in a cgroup of the ``pids`` controller (:func:`pids_cgroup_parent`); where there is none, a
fork bomb is only stopped by the time limit, and :func:`problems` says so.

This module builds command lines and checks the machine; :mod:`incentives.instructor.kernels`
starts the kernels.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

HOME = "/sandbox/home"
WORK = "/sandbox/work"
TMP = "/tmp"
SUBMISSION = "/sandbox/submission"
INSTALL_HINT = (
    "install bubblewrap (Debian and Ubuntu: `sudo apt-get install bubblewrap`; Fedora: "
    "`sudo dnf install bubblewrap`)"
)
# Variables a graded kernel may keep from the grader's environment: nbgrader's own (it
# tells the course library that it runs under the grader), the course library's display
# switches, the language and the time zone. Nothing else passes, whatever its name.
PASSED_PREFIXES = ("NBGRADER_", "INCENTIVES_", "LC_")
PASSED_NAMES = ("LANG", "LANGUAGE", "TZ")


@dataclass(frozen=True)
class Limits:
    """What one graded kernel may use.

    Attributes:
        memory_mb: Memory each of its processes may allocate (``RLIMIT_DATA``) and map
            (``RLIMIT_AS``, shared memory included; a kernel maps about 600 MB of it at
            rest): past it, an allocation fails with ``MemoryError`` (``OSError: Cannot
            allocate memory`` for a mapping) in the cell that made it.
        processes: Processes and threads at once, the kernel's own included (a kernel runs
            about a dozen threads): past it, a fork fails.
        scratch_mb: Size of its working folder and home together, and of its ``/tmp`` and
            its ``/dev/shm`` each: past it, a write fails with "No space left on device".
    """

    memory_mb: int = 2048
    processes: int = 128
    scratch_mb: int = 256

    def __post_init__(self):
        for name, low in (("memory_mb", 256), ("processes", 32), ("scratch_mb", 16)):
            value = getattr(self, name)
            if not isinstance(value, int) or value < low:
                raise ValueError(f"sandbox limit {name} must be a whole number >= {low}: {value!r}")


def find_bwrap() -> str | None:
    """The ``bwrap`` program on PATH (or in /usr/bin), or None."""
    return shutil.which("bwrap") or (
        "/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None
    )


@functools.lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why a sandbox cannot start on this machine (a sentence that names what is missing
    and how to get it), or None when it can. Tried once per process."""
    bwrap = find_bwrap()
    if bwrap is None:
        return f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}"
    probe = subprocess.run(
        [bwrap, "--unshare-all", "--ro-bind", "/", "/", "--", "/bin/true"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        said = probe.stderr.strip().splitlines()[-1:] or ["no message"]
        return (
            f"bubblewrap cannot start a sandbox here ({said[0]}): user namespaces may be "
            "switched off (`sysctl kernel.unprivileged_userns_clone=1`, or on Ubuntu 24.04 "
            "`sysctl kernel.apparmor_restrict_unprivileged_userns=0`)"
        )
    return None


def pids_cgroup_parent() -> Path | None:
    """A cgroup folder of the ``pids`` controller in which this process may make children
    (version 1's ``/sys/fs/cgroup/pids``, or version 2's root where it offers ``pids``), or
    None. Only root has one, as a rule; only root needs one (see the module's docstring)."""
    if os.geteuid() != 0:
        return None
    v1 = Path("/sys/fs/cgroup/pids")
    if (v1 / "cgroup.procs").is_file() and os.access(v1, os.W_OK):
        return v1
    v2 = Path("/sys/fs/cgroup")
    controllers = v2 / "cgroup.controllers"
    if controllers.is_file() and "pids" in controllers.read_text().split():
        subtree = v2 / "cgroup.subtree_control"
        try:
            if "pids" not in subtree.read_text().split():
                subtree.write_text("+pids")
        except OSError:
            return None
        return v2 if os.access(v2, os.W_OK) else None
    return None


def problems() -> list[str]:
    """What the sandbox cannot do on this machine, each a sentence (empty: all of it)."""
    missing = unavailable()
    if missing:
        return [missing]
    if os.geteuid() == 0 and pids_cgroup_parent() is None:
        return [
            "grading as root with no cgroup of the pids controller: a fork bomb is stopped "
            "only by the time limit (grade as an ordinary user, whose limit Linux applies)"
        ]
    return []


def shipped_data() -> Path:
    """The course's data folder, the one :func:`incentives.data.loader.shipped_dir` names,
    found without importing :mod:`incentives.data`: that imports pandas, slow to import in
    each grading worker, which has no other use for it."""
    import incentives

    package = Path(incentives.__file__).resolve().parent / "data"
    installed = package / "files"  # an installed copy's package data
    return installed if installed.is_dir() else package.parents[2] / "data"  # the checkout's


@functools.lru_cache(maxsize=8)
def compile_bytecode(folders: tuple[Path, ...] | None = None) -> list[Path]:
    """Write the missing or stale bytecode (``.pyc``) of the Python environment's packages
    and of the course library; once per process. Returns the folders it compiled.

    A graded kernel cannot write bytecode (its environment is read-only, and
    ``PYTHONDONTWRITEBYTECODE`` is set in it), so without ``.pyc`` files it compiles every
    module it imports (ipykernel, IPython, pandas, the library) from source, and starts
    several times slower than with them. Installers differ: pip writes them, uv does
    not unless told, and an editable install's library has none until something imports
    it. A kernel without the sandbox writes its own; this gives sandboxed kernels theirs.
    Checking a compiled environment is quick; the first compile is not. Nothing is written when
    this Python is told not to (``PYTHONDONTWRITEBYTECODE`` or ``-B``) or to write it elsewhere
    (``PYTHONPYCACHEPREFIX``, where a sandboxed kernel would not look), nor in a folder this
    user may not write.

    Args:
        folders: What to compile (default: the environment's site-packages and the library).
    """
    import compileall
    import sysconfig

    import incentives

    if sys.dont_write_bytecode or sys.pycache_prefix:
        return []
    if folders is None:
        paths = sysconfig.get_paths()
        folders = (
            Path(paths["purelib"]),
            Path(paths["platlib"]),
            Path(incentives.__file__).resolve().parent,
        )
    compiled = []
    for folder in dict.fromkeys(folders):
        if folder.is_dir() and os.access(folder, os.W_OK):
            # quiet: a file that is not valid Python (a package's test data) is left alone
            compileall.compile_dir(str(folder), quiet=2)
            compiled.append(folder)
    return compiled


def readonly_paths() -> list[Path]:
    """What a graded kernel may read: the Python environment and interpreter, the course
    library and the course's data. The system's own folders are added by :func:`command`."""
    import incentives

    paths = [
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.exec_prefix),
        Path(os.path.realpath(sys.executable)).parent.parent,
        Path(incentives.__file__).resolve().parent.parent,  # the library's source folder
        shipped_data(),
    ]
    kept: list[Path] = []
    for path in sorted({p.resolve() for p in paths if p.exists()}, key=lambda p: len(p.parts)):
        if not any(path.is_relative_to(parent) for parent in kept):
            kept.append(path)
    # /usr is bound read-only whole (a venv made from the system's Python lies in it).
    kept = [path for path in kept if not path.is_relative_to("/usr")]
    if any(str(path) in ("/", "/etc", "/proc", "/dev", "/sys") for path in kept):
        raise ValueError(f"the Python environment lies in a system folder: {kept}")
    return kept


def kernel_environment(launching: dict[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a graded kernel: a few fixed variables, plus those of the
    launching environment that :data:`PASSED_PREFIXES` and :data:`PASSED_NAMES` allow."""
    launching = dict(os.environ if launching is None else launching)
    env = {
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": HOME,
        "USER": "student",
        "LOGNAME": "student",
        "TMPDIR": TMP,
        "LANG": "C.UTF-8",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "agg",
        # One thread per numeric library, and two malloc arenas: the memory limit then
        # measures what the code allocates, not what idle threads reserve.
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        # The debugger's "frozen modules" notice would be written to stderr at each start.
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        # Its parent is the sandbox's first process, pid 1: ipykernel then neither polls for
        # it nor prints its note on Ctrl-C (which is for a kernel started by hand).
        "JPY_PARENT_PID": "1",
    }
    for name, value in launching.items():
        if name.startswith(PASSED_PREFIXES) or name in PASSED_NAMES:
            env[name] = value
    return env


def _system_binds() -> list[str]:
    """Read-only binds of the system's programs and libraries, as symlinks where the machine
    has them as symlinks (``/bin`` -> ``usr/bin`` on a merged /usr)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    # Only what programs need of /etc: the dynamic linker's cache, the alternatives that
    # /usr/bin links through, the time zone and MIME types. Not passwd, not the rest.
    for name in (
        "ld.so.cache",
        "ld.so.conf",
        "ld.so.conf.d",
        "alternatives",
        "localtime",
        "mime.types",
        "ssl/openssl.cnf",
    ):
        path = Path("/etc") / name
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    return args


def command(
    python: str,
    module: str,
    arguments: list[str],
    *,
    workdir: Path | str | None,
    sockets: Path | str,
    limits: Limits = Limits(),
    env: dict[str, str] | None = None,
    bwrap: str | None = None,
) -> list[str]:
    """The command line that runs ``python -m module arguments...`` (a kernel) in a sandbox.

    Args:
        python: The Python program (an absolute path, in the environment).
        module: The module to run (the kernel's launcher).
        arguments: Its arguments, with absolute paths (its connection file in ``sockets``).
        workdir: A folder whose files are copied into the sandbox's working folder (the
            submission's), or None for an empty one. The folder itself is only read.
        sockets: The folder of the kernel's connection file and Unix sockets, bound
            read-write at the same path (the only folder outside the sandbox it may write).
        limits: Its :class:`Limits`.
        env: The kernel's whole environment (default: :func:`kernel_environment`).
        bwrap: The bwrap program (default: :func:`find_bwrap`).

    Returns:
        A command line: ``bwrap ... -- python -c <limits, copy, run module> module args``.
    """
    bwrap = bwrap or find_bwrap()
    if bwrap is None:
        raise RuntimeError(f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    env = kernel_environment() if env is None else env
    args = [
        bwrap,
        "--unshare-all",  # user, IPC, PID, network, UTS and cgroup namespaces of its own
        "--hostname",
        "sandbox",
        "--die-with-parent",
        "--clearenv",
        # /tmp first, a space of its own: a folder bound below (the sockets' folder, when
        # Jupyter's runtime folder lies under /tmp) is then made inside it.
        "--size",
        str(limits.scratch_mb << 20),
        "--tmpfs",
        "/tmp",
        *_system_binds(),
    ]
    for path in readonly_paths():
        args += ["--ro-bind", str(path), str(path)]
    args += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.scratch_mb << 20),
        "--tmpfs",
        "/dev/shm",
        "--remount-ro",
        "/dev",
        "--size",
        str(limits.scratch_mb << 20),
        "--tmpfs",
        "/sandbox",
        "--dir",
        HOME,
        "--dir",
        WORK,
        "--bind",
        str(sockets),
        str(sockets),
    ]
    if workdir is not None:
        args += ["--ro-bind", str(workdir), SUBMISSION]
        # The notebooks there are the grader's: autograde has put the hidden tests back in.
        # The kernel gets its cells one by one; it never reads them from a file.
        for notebook in sorted(p for p in Path(workdir).rglob("*.ipynb") if p.is_file()):
            relative = notebook.relative_to(workdir).as_posix()
            args += ["--ro-bind", "/dev/null", f"{SUBMISSION}/{relative}"]
    # The sandbox's own root and /dev are memory without a size limit: read-only.
    args += ["--remount-ro", "/", "--chdir", WORK]
    for name, value in sorted(env.items()):
        args += ["--setenv", name, value]
    starter = _STARTER.format(
        memory=limits.memory_mb << 20,
        processes=limits.processes,
        submission=SUBMISSION if workdir is not None else "",
        work=WORK,
    )
    return [*args, "--", python, "-c", starter, module, *arguments]


# Run inside the sandbox by the kernel's own Python, before the kernel: the limits (lowered
# here, they cannot be raised again from inside), then the submission's files copied into
# the working folder, then the kernel itself in this process.
_STARTER = """\
import os, resource, runpy, shutil, sys
resource.setrlimit(resource.RLIMIT_DATA, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_NPROC, ({processes}, {processes}))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
if {submission!r}:
    shutil.copytree(
        {submission!r},
        {work!r},
        dirs_exist_ok=True,
        symlinks=True,
        ignore=shutil.ignore_patterns("*.ipynb"),
    )
del os, resource, shutil
sys.argv[0] = "-c"
runpy.run_module(sys.argv.pop(1), run_name="__main__", alter_sys=True)
"""


def new_socket_folder(parent: Path | str) -> Path:
    """A new folder, only its owner's (0700), for one kernel's connection file and sockets."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = parent / f"sandbox-{uuid.uuid4().hex[:10]}"
    folder.mkdir(mode=0o700)
    return folder
