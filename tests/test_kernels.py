"""Kernels talk over Unix sockets in a folder only their owner can open, never over TCP: on a
shared server another account cannot reach a student's kernel (or a graded submission's),
and ipykernel's "running over TCP without encryption" warning is gone."""

from __future__ import annotations

import http.cookiejar
import json
import os
import stat
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from conftest import ROOT, free_port, running_server
from jupyter_client import KernelManager

from incentives.course import nbgrader_tools

TCP_WARNING = "running over TCP"


def listening_tcp_ports(pid: int) -> list[int]:
    """The TCP ports a process (or one of its children) listens on.

    ipykernel 7 always adds one on 127.0.0.1 that no setting removes: the IOPub pipe that
    forwards the output of processes the kernel forks, which drops every message without
    the kernel's random 16-byte key. Callers allow that one, and no other."""
    process = psutil.Process(pid)
    ports = []
    for each in [process, *process.children(recursive=True)]:
        for connection in each.net_connections(kind="inet"):
            if connection.status == psutil.CONN_LISTEN:
                ports.append(connection.laddr.port)
    return ports


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


def test_the_graders_kernels_listen_on_unix_sockets_in_a_private_folder_only(tmp_path):
    """The grader's configuration (grading/nbgrader_config.py, which every worker loads)
    starts a kernel with no TCP port, its sockets in the Jupyter runtime folder, and the
    kernel's log holds no transport warning."""
    config = nbgrader_tools.load_config(ROOT)
    manager = KernelManager(kernel_name="python3", config=config)
    work, log = tmp_path / "work", tmp_path / "kernel.log"
    work.mkdir()
    with log.open("w") as stderr:
        manager.start_kernel(cwd=str(work), stderr=stderr)
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        assert manager.transport == "ipc"
        assert_private_sockets(manager.get_connection_info())
        assert len(listening_tcp_ports(manager.provisioner.process.pid)) <= 1
        assert not list(work.iterdir()), "sockets in the notebook's folder"
        client.stop_channels()
    finally:
        manager.shutdown_kernel(now=True)
    assert not list(Path(manager.ip).parent.glob(Path(manager.ip).name + "-*")), "left behind"
    assert TCP_WARNING not in log.read_text()


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
    assert "--KernelManager.transport=ipc" in (ROOT / "course.mk").read_text()


VENV = ROOT / ".venv"


@pytest.mark.slow
@pytest.mark.skipif(not (VENV / ".installed-test").exists(), reason="run through `make test`")
def test_a_kernel_started_in_make_lab_listens_on_no_tcp_port(tmp_path):
    port = free_port()
    command = ["make", "lab", f"PORT={port}", f"WORK={tmp_path / 'work'}"]
    with running_server(command, port, tmp_path / "make-lab.log") as base:
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
        runtime = subprocess.run(
            [str(VENV / "bin" / "jupyter"), "--runtime-dir"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        connection_file = Path(runtime) / f"kernel-{kernel_id}.json"
        for _ in range(100):
            kernels = [
                p
                for p in psutil.process_iter(["cmdline"])
                if str(connection_file) in " ".join(p.info["cmdline"] or [])
            ]
            if kernels and connection_file.exists():
                break
            time.sleep(0.1)
        assert kernels, f"no kernel process for {connection_file}"
        info = json.loads(connection_file.read_text())
        for _ in range(100):  # the kernel binds its sockets once it has started
            if all(Path(f"{info['ip']}-{info[k]}").exists() for k in info if k.endswith("_port")):
                break
            time.sleep(0.1)
        assert_private_sockets(info)
        assert len(listening_tcp_ports(kernels[0].pid)) <= 1
