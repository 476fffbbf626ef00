"""What a person should look at in a submission: each a flag, a line of text.

Before grading, in the student's answers: code that changes the course library
(:func:`library_patches`) or hooks into the kernel (:func:`kernel_hooks`), ways to fool or
silence a test. After grading, in the autograded notebook: cells stopped at their time limit
or at one of the sandbox's limits, test cells that wrote to stderr
(:func:`autograded_flags`), and outputs that quote a hidden test's code, which are cleared
(:func:`remove_quoted_hidden_tests`). :func:`after_grading` gathers them for one submission;
:func:`failure_reason` says why one could not be graded.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

NO_SANDBOX_FLAG = (
    "graded without a sandbox (--no-sandbox): its code could reach this machine's files"
)


def library_patches(notebook_path: Path) -> list[str]:
    """Lines of the answer cells that change an imported module (``module.name = ...``,
    ``setattr(module, ...)``, ``sys.modules[...] = ...``): a way to fool a test that calls the
    course library. Each is returned as "cell <grade_id>: <the line>"."""
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    imported: set[str] = {"sys", "builtins"}
    found = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    imported.add((alias.asname or alias.name).split(".")[0])
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr")
                and node.args
            ):
                targets = [node.args[0]]
            for target in targets:
                root = target
                while isinstance(root, ast.Attribute | ast.Subscript):
                    root = root.value
                patched = root is not target or isinstance(node, ast.Call)
                if patched and isinstance(root, ast.Name) and root.id in imported:
                    line = source.splitlines()[node.lineno - 1].strip()
                    found.append(f"cell {meta.get('grade_id')}: {line}")
    return found


# What an answer needs none of: ways to change how the cells after it run (the hidden tests
# among them), such as wrapping every later cell in try/except or catching its errors.
KERNEL_HOOKS = (
    "get_ipython",
    "input_transformers",
    "ast_transformers",
    "events.register",
    "set_custom_exc",
    "showtraceback",
    "excepthook",
    "settrace",
    "setprofile",
    "sys.stderr",
)


def kernel_hooks(notebook_path: Path) -> list[str]:
    """Lines of the answer cells that hook into the kernel (IPython's transformers, events or
    traceback display, ``sys.excepthook``, a tracer): the hidden tests run in the student's
    kernel after the answer, so such a hook can silence a failing one. Each is returned as
    "cell <grade_id>: <the line>"."""
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    found = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        for line in "".join(cell.get("source", "")).splitlines():
            code = line.split("#", 1)[0]
            if any(hook in code for hook in KERNEL_HOOKS):
                found.append(f"cell {meta.get('grade_id')}: {line.strip()}")
    return found


def autograded_flags(notebook_path: Path, cell_timeout: float) -> list[str]:
    """What a person should look at in an autograded notebook: cells stopped at their time
    limit, and test cells that wrote to stderr (nbgrader scores those 0)."""
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return [f"{notebook_path.name}: the autograded notebook cannot be read"]
    flags = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        name = meta.get("grade_id") or f"#{number}"
        outputs = cell.get("outputs", [])
        if any(o.get("ename") == "CellTimeoutError" for o in outputs):
            flags.append(f"cell {name} ran past its {cell_timeout:g} s limit and was stopped")
        is_test = meta.get("grade") and not meta.get("solution")
        if is_test and any(o.get("name") == "stderr" for o in outputs):
            flags.append(f"test cell {name} wrote to stderr (a warning?), which nbgrader scores 0")
        errors = [o for o in outputs if o.get("output_type") == "error"]
        for limit, says in SANDBOX_LIMITS:
            if any(says(o.get("ename", ""), o.get("evalue", "")) for o in errors):
                flags.append(f"cell {name} {limit}")
    return flags


# What a cell's error says when it ran into one of the sandbox's limits.
SANDBOX_LIMITS = (
    (
        "ran out of memory (the sandbox's limit)",
        lambda ename, evalue: ename == "MemoryError" or "Cannot allocate memory" in evalue,
    ),
    (
        "filled its scratch space (the sandbox's limit)",
        lambda ename, evalue: "No space left on device" in evalue or "File too large" in evalue,
    ),
    (
        "hit the sandbox's limit on processes",
        lambda ename, evalue: (
            ename == "BlockingIOError" or "Resource temporarily unavailable" in evalue
        ),
    ),
)


def failure_reason(outcome: dict) -> str:
    """Why a worker could not grade a submission, in a line, from its outcome
    (:func:`incentives.instructor.workers.work`, or the worker's own failure)."""
    log = outcome.get("log", "")
    if outcome.get("timeout"):
        return f"grading was {log}: a cell may loop for ever"
    if "DeadKernelError" in log or "Kernel died" in log:
        return "the kernel died while running the notebook (does a cell exit Python?)"
    if "CellTimeoutError" in log or "timed out" in log:
        return "a cell ran past its time limit"
    last = [line for line in log.splitlines() if line.strip()][-1:] or ["no log"]
    return f"nbgrader could not grade it: {last[0][:300]}"


def remove_quoted_hidden_tests(notebook_path: Path) -> list[str]:
    """Clear from an autograded notebook any output, outside the hidden tests' own cells,
    that quotes their code (a submission that caught it as it ran and printed it later),
    and flag it."""
    from incentives.instructor import feedback

    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    quoting = feedback.quote_hidden_tests(notebook, remove=True)
    if not quoting:
        return []
    temporary = notebook_path.with_suffix(".tmp")
    temporary.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, notebook_path)
    return [
        f"cell {name} printed a hidden test's code (removed from its output)" for name in quoting
    ]


def after_grading(autograded: list[Path], submitted: list[Path], cell_timeout: float) -> list[str]:
    """The flags of a graded submission: its ``autograded`` notebooks' (quoted hidden tests
    cleared from them) and its ``submitted`` notebooks' answers'."""
    flags = []
    for notebook in autograded:
        flags += autograded_flags(notebook, cell_timeout)
        flags += remove_quoted_hidden_tests(notebook)
    for notebook in submitted:
        flags += [
            f"changes the course library, which may fool its checks: {line}"
            for line in library_patches(notebook)
        ]
        flags += [
            f"changes how later cells run, which may hide a failing test: {line}"
            for line in kernel_hooks(notebook)
        ]
    return flags
