"""Start an IPython kernel that listens on no TCP port: ``python -m
incentives.course.kernel_launcher -f <connection file>``.

With ``KernelManager.transport = "ipc"`` (:mod:`incentives.instructor.kernels`) a kernel's five
channels are Unix sockets, but ipykernel 7 still binds one TCP port on 127.0.0.1: the IOPub
*pipe* that carries the output of processes the kernel forks (``multiprocessing``) back to
the kernel. On a shared server every account can connect to it, and inside the grader's
sandbox it is the only port left. This launcher gives the pipe a Unix socket beside the
kernel's connection file instead (a folder only its owner can open), then starts ipykernel
as ``python -m ipykernel_launcher`` would. Everything else is ipykernel's own.

The course's kernelspec (``python3``, written into the environment by ``make``) and the
grader's sandbox start kernels this way.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid

from ipykernel import iostream, kernelapp


def _connection_folder(argv: list[str]) -> str:
    """The folder of the connection file given with ``-f`` (or ``--f=``), or Jupyter's
    runtime folder."""
    for index, arg in enumerate(argv):
        if arg == "-f" and index + 1 < len(argv):
            return os.path.dirname(os.path.abspath(argv[index + 1]))
        if arg.startswith(("--f=", "-f=")):
            return os.path.dirname(os.path.abspath(arg.split("=", 1)[1]))
    from jupyter_core.paths import jupyter_runtime_dir

    return jupyter_runtime_dir()


class UnixPipeIOPubThread(iostream.IOPubThread):
    """ipykernel's IOPub thread with its subprocess pipe on a Unix socket, not TCP."""

    folder = "."

    def _setup_pipe_in(self):
        import zmq
        from zmq.eventloop.zmqstream import ZMQStream

        self._pipe_uuid = os.urandom(16)  # as ipykernel: a key every pipe message carries
        self._pipe_path = os.path.join(self.folder, f"pipe-{uuid.uuid4().hex[:12]}")
        pipe_in = self.socket.context.socket(zmq.PULL)
        pipe_in.linger = 0
        try:
            pipe_in.bind(f"ipc://{self._pipe_path}")
        except zmq.ZMQError:
            # No pipe: the output of forked processes is lost, as in ipykernel itself
            # when its pipe cannot bind. The kernel still works.
            self._pipe_flag = False
            pipe_in.close()
            return
        self._pipe_in = ZMQStream(pipe_in, self.io_loop)
        self._pipe_in.on_recv(self._handle_pipe_msg)

    def _setup_pipe_out(self):
        import zmq

        context = zmq.Context()
        pipe_out = context.socket(zmq.PUSH)
        pipe_out.linger = 3000
        pipe_out.connect(f"ipc://{self._pipe_path}")
        return context, pipe_out

    def stop(self):
        super().stop()
        if self._is_master_process() and getattr(self, "_pipe_path", None):
            with contextlib.suppress(OSError):
                os.unlink(self._pipe_path)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    UnixPipeIOPubThread.folder = _connection_folder(argv)
    kernelapp.IOPubThread = UnixPipeIOPubThread  # the name init_iopub() looks up
    kernelapp.launch_new_instance(argv=argv)


if __name__ == "__main__":
    main()
