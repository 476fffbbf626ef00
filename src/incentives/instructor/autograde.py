"""nbgrader's autograde with each submission's kernel in the sandbox.

nbgrader runs a submission's notebook with its ``Execute`` preprocessor, which always starts
a plain ``AsyncKernelManager`` (a setting cannot change it). :class:`SandboxedExecute` is
that preprocessor with :class:`~incentives.instructor.kernels.SandboxedKernelManager` instead,
and :func:`preprocessors` is autograde's list with it in ``Execute``'s place.
``grading/nbgrader_config.py`` sets that list, so ``nbgrader autograde`` run by hand from
grading/ is sandboxed as ``course grade`` is.
"""

from __future__ import annotations

import os

from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import Execute

from incentives.instructor.kernels import NO_SANDBOX_ENV, SandboxedKernelManager


class SandboxedExecute(Execute):
    """nbgrader's ``Execute``, whose kernels run in the sandbox (its settings are
    ``Execute``'s: ``c.Execute.timeout`` applies)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)


def preprocessors(sandboxed: bool | None = None) -> list:
    """Autograde's preprocessors, with :class:`SandboxedExecute` unless ``sandboxed`` is
    False (default: True unless the environment sets ``COURSE_GRADE_WITHOUT_SANDBOX=1``)."""
    if sandboxed is None:
        sandboxed = os.environ.get(NO_SANDBOX_ENV) != "1"
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    if not sandboxed:
        return list(default)
    return [SandboxedExecute if each is Execute else each for each in default]
