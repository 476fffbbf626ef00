"""Kernels that only their owner can reach: Unix sockets in a private folder, not TCP.

A kernel on TCP listens on 127.0.0.1, where every account of a shared server can connect,
and ipykernel warns about it at every start. jupyter_client's ``ipc`` transport uses Unix
socket files instead, named after the kernel's connection file. This module only
configures jupyter_client; it starts nothing.
"""

from __future__ import annotations

import os
import uuid

from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import ensure_dir_exists
from traitlets.config import Config


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
