"""Kernels talk over Unix sockets in a folder only their owner can open, never over TCP: on a
shared server another account cannot reach a student's kernel (or a graded submission's),
and ipykernel's "running over TCP without encryption" warning is gone."""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from conftest import ROOT, free_port, require_sandbox, running_server
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from traitlets.config.loader import PyFileConfigLoader

from incentives.course import kernelspec
from incentives.course.kernelspec import LAUNCHER
from incentives.instructor import nbgrader_tools
from incentives.instructor.kernels import SandboxedKernelManager, private_kernel_config

TCP_WARNING = "running over TCP"
CTRL_C_NOTE = "Ctrl-C will not work"


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except FileNotFoundError:  # the process (a short-lived child) has ended: no sockets
        return inodes
    for fd in fds:
        with contextlib.suppress(OSError):  # closed meanwhile
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    return inodes


def _listening(pid: int) -> list[tuple[str, int]]:
    """``(inode, port)`` of every listening TCP socket in the network namespace of ``pid``:
    /proc/PID/net/tcp{,6} list the namespace's sockets, state 0A being LISTEN."""
    found = []
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(FileNotFoundError):  # no IPv6
            for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A":
                    found.append((fields[9], int(fields[1].rsplit(":", 1)[1], 16)))
    return found


def listening_tcp_ports(pid: int) -> list[int]:
    """The TCP ports a process (or one of its children) listens on, in whichever network
    namespace each runs (a sandboxed kernel has its own, which psutil does not look into).

    None is expected of a kernel: its channels are Unix sockets (``ipc``), and the course's
    launcher (:mod:`incentives.course.kernel_launcher`) puts the one port plain ipykernel 7
    always opens, its IOPub pipe, on a Unix socket too."""
    process = psutil.Process(pid)
    ports = []
    for each in [process, *process.children(recursive=True)]:
        inodes = _socket_inodes(each.pid)
        ports += [port for inode, port in _listening(each.pid) if inode in inodes]
    return ports


def kernel_process(manager) -> psutil.Process:
    """The kernel's own Python process among those its manager started (the sandbox starts
    the kernel as a child of bubblewrap)."""
    started = psutil.Process(manager.provisioner.process.pid)
    for each in [started, *started.children(recursive=True)]:
        command = each.cmdline()
        # Python itself, not bubblewrap (or the shell before it), whose arguments name it too
        if LAUNCHER in command and Path(command[0]).name.startswith("python"):
            return each
    raise AssertionError(f"no process runs {LAUNCHER} under {started.cmdline()}")


def bound_kernel(connection_file: Path, timeout: float = 60) -> psutil.Process:
    """The process of a kernel that a Jupyter server started with ``connection_file``, once
    it has bound its five channels' Unix sockets (its IOPub pipe, bound before the last of
    them, too)."""
    deadline = time.monotonic() + timeout
    while True:
        kernels = [
            p
            for p in psutil.process_iter(["cmdline"])
            if str(connection_file) in (p.info["cmdline"] or [])
        ]
        if kernels and connection_file.exists():
            info = json.loads(connection_file.read_text())
            sockets = [Path(f"{info['ip']}-{info[k]}") for k in info if k.endswith("_port")]
            if all(path.exists() for path in sockets):
                (kernel,) = kernels
                return kernel
        assert time.monotonic() < deadline, f"no kernel bound its sockets for {connection_file}"
        time.sleep(0.1)


def assert_private_sockets(info: dict) -> None:
    """The kernel's connection says ipc, and its sockets lie in a 0700 folder of this user."""
    assert info["transport"] == "ipc", info
    sockets = [Path(f"{info['ip']}-{info[name]}") for name in info if name.endswith("_port")]
    assert sockets and all(path.is_socket() for path in sockets), sockets
    folders = {path.parent.resolve() for path in sockets}
    assert len(folders) == 1, folders
    (folder,) = folders
    assert folder.is_absolute() and folder != Path.cwd().resolve()
    mode = folder.stat()
    assert stat.S_IMODE(mode.st_mode) & 0o077 == 0, f"{folder} is {oct(mode.st_mode)}"
    assert mode.st_uid == os.getuid()


def log_is_quiet(text: str) -> None:
    """A kernel's output at start (or a grader's) holds neither ipykernel's TCP warning nor
    its note for a kernel started by hand."""
    assert TCP_WARNING not in text, text
    assert CTRL_C_NOTE not in text, text


# ---------------------------------------------------------------------------------------------
# The kernelspec: the environment's `python3` starts the course's launcher
# ---------------------------------------------------------------------------------------------


def test_the_environments_python3_kernelspec_starts_the_course_launcher():
    """What `make` writes into .venv (the environment running the tests, and the hub's
    COURSE_ENV), under the name and display name the notebooks save, and what
    jupyter_client picks for ``python3``."""
    written = json.loads(
        (kernelspec.kernelspec_folder(sys.prefix) / "kernel.json").read_text(encoding="utf-8")
    )
    assert written["argv"] == ["python", "-m", LAUNCHER, "-f", "{connection_file}"]
    assert written["display_name"] == nbgrader_tools.KERNELSPEC["display_name"]
    assert written["language"] == nbgrader_tools.KERNELSPEC["language"] == "python"
    picked = KernelSpecManager().get_kernel_spec(nbgrader_tools.KERNELSPEC["name"])
    assert picked.argv == written["argv"]
    assert Path(picked.resource_dir) == kernelspec.kernelspec_folder(sys.prefix)


def test_the_kernelspec_and_the_sandbox_start_the_same_launcher():
    from incentives.course import kernel_launcher
    from incentives.instructor import kernels

    assert LAUNCHER == kernels.LAUNCHER == kernel_launcher.__name__


def dry_run(*arguments: str) -> list[str]:
    """The commands `make ARGUMENTS` would run, without running them."""
    done = subprocess.run(
        ["make", "--dry-run", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


REWRITE = "-m incentives.course.kernelspec"


@pytest.mark.usefixtures("make")
def test_make_rewrites_the_kernelspec_after_every_install_and_before_lab_and_tests():
    """After each install (a reinstall of ipykernel puts its own spec back), and before `make
    lab` and the tests start a kernel; `make lab` prefers the environment's spec to one in
    the user's home."""
    commands = dry_run("--what-if=requirements/lab.lock.txt", ".venv/.installed-test")
    installs = [i for i, c in enumerate(commands) if "install --quiet" in c]
    rewrites = [i for i, c in enumerate(commands) if REWRITE in c]
    assert len(installs) == 3 and len(rewrites) == 2, commands  # lab lock, package; test lock
    assert installs[1] < rewrites[0] < installs[2] < rewrites[1], commands
    for target, starts in (("lab", "jupyter lab"), ("test", "pytest"), ("test-fast", "pytest")):
        commands = dry_run(target)
        (rewrite,) = [i for i, c in enumerate(commands) if REWRITE in c]
        (start,) = [i for i, c in enumerate(commands) if starts in c]
        assert rewrite < start, (target, commands)
    (lab,) = [c for c in dry_run("lab") if "jupyter lab" in c]
    assert "JUPYTER_PREFER_ENV_PATH=1" in lab


def ipykernels_own_spec(prefix: Path) -> dict:
    """The kernelspec ipykernel's wheel installs into ``prefix``, as it installs it."""
    from ipykernel.kernelspec import RESOURCES

    spec = {
        "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": True, "supported_encryption": ["curve"]},
        "kernel_protocol_version": "5.5",
    }
    folder = kernelspec.kernelspec_folder(prefix)
    shutil.copytree(RESOURCES, folder)
    (folder / "kernel.json").write_text(json.dumps(spec))
    return spec


def test_the_rewrite_changes_only_the_command_and_a_second_run_writes_nothing(tmp_path):
    original = ipykernels_own_spec(tmp_path)
    path = kernelspec.kernelspec_folder(tmp_path) / "kernel.json"
    assert kernelspec.install_kernelspec(tmp_path) is True
    rewritten = json.loads(path.read_text())
    assert rewritten["argv"] == ["python", "-m", LAUNCHER, "-f", "{connection_file}"]
    assert {k: v for k, v in rewritten.items() if k != "argv"} == {
        k: v for k, v in original.items() if k != "argv"
    }
    written = path.stat().st_mtime_ns
    assert kernelspec.install_kernelspec(tmp_path) is False
    assert path.stat().st_mtime_ns == written
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "kernel.json",
        "logo-32x32.png",
        "logo-64x64.png",
        "logo-svg.svg",
    ]


def test_an_environment_without_a_kernelspec_gets_one_with_its_logos(tmp_path):
    assert kernelspec.install_kernelspec(tmp_path) is True
    folder = kernelspec.kernelspec_folder(tmp_path)
    spec = KernelSpecManager(kernel_dirs=[str(folder.parent)]).get_kernel_spec("python3")
    assert spec.argv[:3] == ["python", "-m", LAUNCHER]
    assert spec.display_name == "Python 3 (ipykernel)"
    assert (folder / "logo-64x64.png").stat().st_size > 0


def hub_config(tmp_path, monkeypatch):
    """The hub's configuration (deploy/jupyterhub/jupyterhub_config.py), its folders in
    ``tmp_path``."""
    monkeypatch.setenv("COURSE_EXCHANGE", str(tmp_path / "exchange"))
    monkeypatch.setenv("COURSE_HUB_STATE", str(tmp_path / "hub"))
    monkeypatch.setenv("COURSE_HUB_RUNTIME", str(tmp_path / "runtime"))
    hub = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    return PyFileConfigLoader(hub.name, path=str(hub.parent)).load_config()


def hub_environment(tmp_path, monkeypatch) -> dict[str, str]:
    """Every hub server's environment."""
    return dict(hub_config(tmp_path, monkeypatch).Spawner.environment)


def test_each_hub_server_keeps_its_kernel_sockets_in_a_short_folder_of_its_own(
    tmp_path, monkeypatch
):
    """A Unix socket's path may not exceed 107 bytes, and Jupyter names a server's kernel
    sockets after a 36-character id in its runtime folder: under a deep home folder the
    kernel could not start. The hub gives each account a folder named by its uid."""
    config = hub_config(tmp_path, monkeypatch)
    me = pwd.getpwuid(os.getuid())
    spawner = SimpleNamespace(
        user=SimpleNamespace(name=me.pw_name, groups=[]),
        environment=dict(config.Spawner.environment),
    )
    config.Spawner.pre_spawn_hook(spawner)
    runtime = Path(spawner.environment["JUPYTER_RUNTIME_DIR"])
    assert runtime == tmp_path / "runtime" / str(me.pw_uid)
    state = runtime.stat()
    assert (state.st_uid, stat.S_IMODE(state.st_mode)) == (me.pw_uid, 0o700)
    assert stat.S_IMODE(runtime.parent.stat().st_mode) == 0o755


def users_own_python3(tmp_path, monkeypatch) -> Path:
    """A ``python3`` kernelspec of plain ipykernel in the user's Jupyter folder
    (``ipykernel install --user`` writes one, as do other courses)."""
    user = tmp_path / "user-data"
    folder = user / "kernels" / "python3"
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(user))
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    return folder


def test_on_the_hub_the_users_own_python3_does_not_shadow_the_courses(tmp_path, monkeypatch):
    """A student's server does not own the course environment, so Jupyter would put the
    student's own folder first (JUPYTER_PREFER_ENV_PATH=0 stands for that here); the hub's
    setting puts the environment's first."""
    theirs = users_own_python3(tmp_path, monkeypatch)
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    assert KernelSpecManager().get_kernel_spec("python3").resource_dir == str(theirs)

    monkeypatch.setenv(
        "JUPYTER_PREFER_ENV_PATH", hub_environment(tmp_path, monkeypatch)["JUPYTER_PREFER_ENV_PATH"]
    )
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert Path(spec.resource_dir) == kernelspec.kernelspec_folder(sys.prefix)
    assert LAUNCHER in spec.argv


def test_the_hub_makes_its_environments_kernelspec_the_courses(tmp_path, monkeypatch):
    """An environment installed with pip alone (grading/README.md's hub set-up) has
    ipykernel's kernelspec; the hub rewrites it when it starts, readable by every account,
    and its servers run that environment's Python."""
    environment = tmp_path / "env"
    (environment / "bin").mkdir(parents=True)
    original = ipykernels_own_spec(environment)
    path = kernelspec.kernelspec_folder(environment) / "kernel.json"
    path.chmod(0o644)
    monkeypatch.setenv("COURSE_ENV", str(environment))
    servers = hub_environment(tmp_path, monkeypatch)
    assert servers["PATH"].split(os.pathsep)[0] == str(environment / "bin")
    written = json.loads(path.read_text())
    assert written == {**original, "argv": ["python", "-m", LAUNCHER, "-f", "{connection_file}"]}
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_binder_writes_the_course_kernelspec_after_installing_the_course():
    commands = [
        line.strip()
        for line in (ROOT / "binder" / "postBuild").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    rewrite = commands.index("python -m incentives.course.kernelspec")
    assert rewrite > commands.index("python -m pip install --no-cache-dir --no-deps --editable .")


# ---------------------------------------------------------------------------------------------
# Kernels as each part of the course starts them
# ---------------------------------------------------------------------------------------------


def plain_configurations():
    """The configurations that start kernels without the sandbox: the grader's
    (grading/nbgrader_config.py, which `course check` and ``--no-sandbox`` grading use),
    and the tests' and benchmarks' (conftest's ``execute()``, benchmarks/lessons.py)."""
    return {
        "grader": lambda: nbgrader_tools.load_config(ROOT),
        "tests-and-benchmarks": private_kernel_config,
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", list(plain_configurations()))
def test_a_kernel_listens_on_unix_sockets_in_a_private_folder_only(tmp_path, name):
    """A kernel started with each configuration has no TCP port, its sockets in the Jupyter
    runtime folder, and says nothing about its transport at start."""
    manager = KernelManager(kernel_name="python3", config=plain_configurations()[name]())
    work, log = tmp_path / "work", tmp_path / "kernel.log"
    work.mkdir()
    with log.open("w") as output:
        manager.start_kernel(cwd=str(work), stdout=output, stderr=output)
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        assert manager.transport == "ipc"
        assert_private_sockets(manager.get_connection_info())
        kernel_process(manager)  # the course's launcher runs it
        assert listening_tcp_ports(manager.provisioner.process.pid) == []
        assert not list(work.iterdir()), "sockets in the notebook's folder"
        client.stop_channels()
    finally:
        manager.shutdown_kernel()
    assert not list(Path(manager.ip).parent.glob(Path(manager.ip).name + "-*")), "left behind"
    log_is_quiet(log.read_text())


@pytest.mark.slow
def test_ipykernels_own_launcher_would_listen_on_one_tcp_port(tmp_path):
    """Why the course has a launcher: plain ipykernel 7, on the same Unix sockets, still
    listens on one TCP port (its IOPub pipe). This also shows that ``listening_tcp_ports``
    sees a kernel's port when there is one."""
    folder = tmp_path / "kernels" / "plain"
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "plain ipykernel",
                "language": "python",
            }
        )
    )
    specs = KernelSpecManager(kernel_dirs=[str(folder.parent)])
    manager = KernelManager(
        kernel_name="plain", kernel_spec_manager=specs, config=private_kernel_config()
    )
    manager.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        ports = listening_tcp_ports(manager.provisioner.process.pid)
        client.stop_channels()
    finally:
        manager.shutdown_kernel()
    assert len(ports) == 1, ports


async def _start_sandboxed(manager, work: Path, output) -> None:
    await manager.start_kernel(cwd=str(work), stdout=output, stderr=output)
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
    finally:
        client.stop_channels()


@pytest.mark.slow
def test_a_graded_kernel_listens_on_no_tcp_port_in_its_sandbox(tmp_path):
    """The grader's way (SandboxedKernelManager with the grader's configuration): the kernel
    runs in a network namespace of its own, in which nothing listens on TCP at all, and its
    output at start is quiet."""
    require_sandbox()
    manager = SandboxedKernelManager(kernel_name="python3", config=nbgrader_tools.load_config(ROOT))
    work, log = tmp_path / "work", tmp_path / "kernel.log"
    work.mkdir()
    with log.open("w") as output:
        asyncio.run(_start_sandboxed(manager, work, output))
    try:
        kernel = kernel_process(manager)
        assert os.readlink(f"/proc/{kernel.pid}/ns/net") != os.readlink("/proc/self/ns/net")
        assert listening_tcp_ports(manager.provisioner.process.pid) == []
        assert _listening(kernel.pid) == [], "something listens in the sandbox's namespace"
        assert manager.get_connection_info()["transport"] == "ipc"
    finally:
        asyncio.run(manager.shutdown_kernel(now=True))
    log_is_quiet(log.read_text())


def test_two_configurations_never_share_a_socket():
    """Each load of the grader's configuration (one per submission) names its own sockets,
    so parallel workers cannot collide."""
    first, second = (nbgrader_tools.load_config(ROOT) for _ in range(2))
    names = [each.KernelManager.connection_file for each in (first, second)]
    assert all(isinstance(name, str) and name for name in names), names
    assert names[0] != names[1]


def test_the_students_lab_asks_for_ipc_kernels():
    """`make lab` (and every student's server on the hub) reads jupyter/student/."""
    config = json.loads((ROOT / "jupyter/student/jupyter_server_config.json").read_text())
    assert config["KernelManager"]["transport"] == "ipc"
    hub = json.loads((ROOT / "deploy/jupyterhub/jupyter/jupyter_server_config.json").read_text())
    assert hub["KernelManager"]["transport"] == "ipc"
    assert "--KernelManager.transport=ipc" in (ROOT / "Makefile").read_text()  # instructor


VENV = ROOT / ".venv"


@pytest.mark.slow
@pytest.mark.usefixtures("venv_made_by_make")
def test_a_kernel_started_in_make_lab_listens_on_no_tcp_port(tmp_path, monkeypatch):
    """Even where the user's own Jupyter folder holds a plain ``python3`` and Jupyter would
    prefer it (JUPYTER_PREFER_ENV_PATH=0), `make lab` starts the course's kernel."""
    runtime = subprocess.run(
        [str(VENV / "bin" / "jupyter"), "--runtime-dir"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    users_own_python3(tmp_path, monkeypatch)
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", runtime)  # short socket paths, as usual
    port = free_port()
    command = ["make", "lab", f"PORT={port}", f"WORK={tmp_path / 'work'}"]
    log = tmp_path / "make-lab.log"
    with running_server(command, port, log) as base:
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        opener.open(f"{base}/lab", timeout=10).read()
        xsrf = next(c.value for c in cookies if c.name == "_xsrf")
        request = urllib.request.Request(
            f"{base}/api/kernels",
            data=b'{"name": "python3"}',
            method="POST",
            headers={"Content-Type": "application/json", "X-XSRFToken": xsrf},
        )
        with opener.open(request, timeout=30) as response:
            kernel_id = json.loads(response.read())["id"]
        connection_file = Path(runtime) / f"kernel-{kernel_id}.json"
        kernel = bound_kernel(connection_file)
        assert_private_sockets(json.loads(connection_file.read_text()))
        assert LAUNCHER in kernel.cmdline()
        assert listening_tcp_ports(kernel.pid) == []
    log_is_quiet(log.read_text())
