"""Kernels that only their owner can reach: Unix sockets in a private folder, not TCP.

A kernel on TCP listens on 127.0.0.1, where every account of a shared server can connect,
and ipykernel warns about it at every start. jupyter_client's ``ipc`` transport uses Unix
socket files instead, named after the kernel's connection file. This module only
configures jupyter_client; it starts nothing.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import uuid
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import ensure_dir_exists
from traitlets import Integer
from traitlets.config import Config

from incentives.instructor import sandbox


def private_kernel_config(config: Config | None = None) -> Config:
    """Configure ``KernelManager`` for a kernel over Unix sockets in the runtime folder.

    The connection file gets a name of its own in Jupyter's runtime folder (made 0700, the
    user's alone), and the sockets are named after it, so they lie there too; without a
    named connection file jupyter_client would put them in the kernel's working folder.
    Each call names a new file: call it once per kernel that may run at the same time. The
    name is short because a Unix socket's path may not exceed 107 bytes (a deep home folder
    gets close).

    Args:
        config: A traitlets ``Config`` to add to (changed in place); a new one if None.

    Returns:
        The config, with ``KernelManager.transport`` and ``KernelManager.connection_file``.
    """
    config = Config() if config is None else config
    runtime = jupyter_runtime_dir()
    ensure_dir_exists(runtime, mode=0o700)
    config.KernelManager.transport = "ipc"
    config.KernelManager.connection_file = os.path.join(
        runtime, f"kernel-{uuid.uuid4().hex[:12]}.json"
    )
    return config


LAUNCHER = "incentives.course.kernel_launcher"
NO_SANDBOX_ENV = "COURSE_GRADE_WITHOUT_SANDBOX"


def kernel_command(connection_file: str) -> list[str]:
    """The command that starts the course's Python kernel: ipykernel, with its subprocess
    pipe on a Unix socket too (:mod:`incentives.course.kernel_launcher`)."""
    return [sys.executable, "-m", LAUNCHER, "-f", connection_file]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in the grader's sandbox
    (:mod:`incentives.instructor.sandbox`): bubblewrap, a copy of the notebook's folder, no
    network, a scrubbed environment and limits.

    The kernel's sockets are Unix sockets in a folder of their own (0700) in Jupyter's
    runtime folder, the only outside folder the sandbox can write; the kernel's working
    folder is a copy of the notebook's. Interrupts are sent as messages, since a signal to
    the sandbox's process would stop bubblewrap, not the kernel's cell. It refuses to start
    where no sandbox can (:func:`incentives.instructor.sandbox.unavailable`) and says why.
    """

    memory_mb = Integer(sandbox.Limits.memory_mb, help="Memory a kernel may allocate (MB).").tag(
        config=True
    )
    processes = Integer(sandbox.Limits.processes, help="Processes a kernel may run.").tag(
        config=True
    )
    scratch_mb = Integer(
        sandbox.Limits.scratch_mb, help="Size of a kernel's working folder and /tmp (MB)."
    ).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self._sockets = sandbox.new_socket_folder(jupyter_runtime_dir())
        self.connection_file = str(self._sockets / "kernel.json")
        self.ip = str(self._sockets / "kernel")
        self._cgroup: Path | None = None
        self._environment: dict[str, str] = {}

    @property
    def limits(self) -> sandbox.Limits:
        return sandbox.Limits(self.memory_mb, self.processes, self.scratch_mb)

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        missing = sandbox.unavailable()
        if missing:
            raise RuntimeError(
                f"refusing to run a submission's code outside a sandbox: {missing}; or grade "
                f"without one: `course grade --no-sandbox` (or set {NO_SANDBOX_ENV}=1)"
            )
        sandbox.compile_bytecode()  # the kernel cannot write its own (sandbox.py)
        launch = self._launch_args or {}
        self._environment = sandbox.kernel_environment(launch.get("env") or os.environ)
        command = sandbox.command(
            sys.executable,
            LAUNCHER,
            ["-f", os.path.realpath(self.connection_file), *(extra_arguments or [])],
            workdir=launch.get("cwd"),
            sockets=self._sockets,
            limits=self.limits,
            env=self._environment,
        )
        parent = sandbox.pids_cgroup_parent()
        if parent is not None:  # root: the process limit is the cgroup's (sandbox.py)
            self._cgroup = parent / f"course-sandbox-{self._sockets.name}"
            self._cgroup.mkdir(exist_ok=True)
            (self._cgroup / "pids.max").write_text(str(self.processes))
            command = [
                "/bin/sh",
                "-c",
                'echo $$ > "$0/cgroup.procs" && exec "$@"',
                str(self._cgroup),
                *command,
            ]
        return command

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        # bubblewrap itself starts with the kernel's environment too: the sandbox's first
        # process keeps the environment it was started with, and the kernel can read it
        # (/proc/1/environ), whatever --clearenv gives the kernel.
        kw["env"] = dict(self._environment)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if restart:
            return
        shutil.rmtree(self._sockets, ignore_errors=True)
        if self._cgroup is not None:
            for _ in range(50):  # the sandbox's last processes are ending
                try:
                    self._cgroup.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    await asyncio.sleep(0.02)

    cleanup_resources = _async_cleanup_resources
