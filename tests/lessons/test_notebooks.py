"""Notebooks: clean in git, solutions run, lessons fail only in exercise cells, all offline."""

from __future__ import annotations

import ast
import json
import re

import nbformat
import pytest
from conftest import ROOT, is_exercise_cell, nbgrader_meta, notebooks

from incentives.instructor.nbgrader_tools import KERNELSPEC, clean_notebook

ALL_NOTEBOOKS = notebooks("solutions") + notebooks("lessons") + notebooks("app")
GRADE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_every_solution_has_a_lesson():
    solutions = {p.relative_to(ROOT / "solutions") for p in notebooks("solutions")}
    lessons = {p.relative_to(ROOT / "lessons") for p in notebooks("lessons")}
    assert solutions, "no notebooks in solutions/"
    assert solutions == lessons


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec") == KERNELSPEC
    assert "widgets" not in nb.metadata, "saved widget state: clear it before committing"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has outputs"
            assert cell.execution_count is None, f"cell {index} has an execution count"


@pytest.mark.parametrize("path", notebooks("solutions"), ids=ids(notebooks("solutions")))
def test_grade_ids_say_what_they_grade(path):
    nb = nbformat.read(path, as_version=4)
    grade_ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    assert len(grade_ids) == len(set(grade_ids)), "duplicate grade ids"
    for grade_id in grade_ids:
        assert GRADE_ID.match(grade_id), f"grade id {grade_id!r}: use lowercase_words"
    tests = [c for c in nb.cells if nbgrader_meta(c).get("grade") and c.cell_type == "code"]
    for cell in tests:
        assert cell.source.startswith('"""'), "a test cell opens with a one-line docstring"


@pytest.mark.parametrize("path", notebooks("lessons"), ids=ids(notebooks("lessons")))
def test_lesson_holds_no_solution_and_no_hidden_test(path):
    text = path.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    solution = nbformat.read(ROOT / "solutions" / path.relative_to(ROOT / "lessons"), 4)
    lesson = nbformat.read(path, as_version=4)
    for source_cell, lesson_cell in zip(solution.cells, lesson.cells, strict=True):
        if nbgrader_meta(source_cell).get("solution"):
            body = source_cell.source.split("### BEGIN SOLUTION")[-1].split("### END SOLUTION")[0]
            kept = {x.strip() for x in lesson_cell.source.splitlines()}
            for line in (x.strip() for x in body.splitlines()):
                if sum(ch.isalnum() for ch in line) >= 3:  # not a bare ")" or "]"
                    assert line not in kept, f"solution line left in lesson: {line}"


RUN_CLEAN = notebooks("solutions") + notebooks("app")


@pytest.mark.slow
@pytest.mark.parametrize("path", RUN_CLEAN, ids=ids(RUN_CLEAN))
def test_solutions_and_the_explorer_execute_without_error(path, executed):
    nb = executed(path, allow_errors=False)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", f"stderr in a solution: {output['text']}"


@pytest.mark.slow
@pytest.mark.parametrize("path", notebooks("lessons"), ids=ids(notebooks("lessons")))
def test_lesson_fails_only_in_exercise_cells(path, executed):
    nb = executed(path, allow_errors=True)
    failing = [
        cell
        for cell in nb.cells
        if cell.cell_type == "code" and any(o.output_type == "error" for o in cell.outputs)
    ]
    assert failing, "an unanswered lesson should fail its tests"
    for cell in failing:
        assert is_exercise_cell(cell), f"error outside an exercise:\n{cell.source[:200]}"


# A script fetched from the network: a CDN host, or any http(s) address of a .js file.
NETWORK_SCRIPT = re.compile(
    r"cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.|esm\.sh|skypack\.dev|https?://[^\s\"'\\)]+\.m?js\b"
)


def network_scripts(text: str) -> list[str]:
    return sorted(set(NETWORK_SCRIPT.findall(text)))


def test_network_script_check_catches_altairs_online_chart():
    """The check below must fail on what Altair does by default: load Vega from a CDN."""
    from altair.jupyter.jupyter_chart import load_js_src

    assert network_scripts(load_js_src())


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_outputs_and_widget_state_load_nothing_from_the_network(path, executed):
    nb = executed(path, allow_errors="lessons" in path.parts)
    assert nb.metadata.get("widgets"), "expected saved widget state from the lesson's lab"
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
    state = json.dumps(nb.metadata["widgets"])
    assert network_scripts(outputs) == []
    assert network_scripts(state) == []


@pytest.mark.parametrize("path", notebooks("solutions"), ids=ids(notebooks("solutions")))
def test_clean_notebook_undoes_a_run_and_keeps_nbgrader_metadata(path, tmp_path):
    copy = tmp_path / path.name
    nb = nbformat.read(path, as_version=4)
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["kernelspec"] = {"name": "other", "display_name": "Other", "language": "python"}
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.execution_count = 3
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    nbformat.write(nb, copy)

    assert clean_notebook(copy) is True
    assert copy.read_bytes() == path.read_bytes()
    assert clean_notebook(copy) is False


def expected_numbers(solution) -> set[float]:
    """The distinctive numbers a solution's hidden tests expect: numeric literals of four
    significant digits or more (11,687 or 9,533.89, not 0.25 or 2,500), leaving out the
    inputs the tests give (a table built with ``DataFrame(...)``, an argument of the
    learner's function such as a pay floor), which are not answers."""
    found = set()
    for cell in solution.cells:
        for block in re.findall(HIDDEN, cell.source, re.S):
            inputs = set()
            tree = ast.parse(block)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = ast.unparse(node.func)
                    if name.endswith("DataFrame"):
                        inputs.update(id(n) for n in ast.walk(node))
                    elif name.split(".")[-1] not in COMPARING:
                        arguments = [*node.args, *(k.value for k in node.keywords)]
                        inputs.update(id(a) for a in arguments if isinstance(a, ast.Constant))
            for node in ast.walk(tree):
                value = getattr(node, "value", None) if isinstance(node, ast.Constant) else None
                number = isinstance(value, (int, float)) and not isinstance(value, bool)
                if number and id(node) not in inputs and significant_digits(value) >= 4:
                    found.add(float(value))
    return found


HIDDEN = r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS"
# Calls whose numeric arguments are what the test expects, not what it gives.
COMPARING = {"isclose", "approx", "round", "abs", "float", "int", "max", "min"}


def significant_digits(value: float) -> int:
    digits = f"{abs(value):.6f}".replace(".", "").strip("0")
    return len(digits)


def printed_forms(value: float) -> list[str]:
    """How a lesson would print ``value``: 11687, 11,687, 11687.0, 9533.89, 9,533.89, 9,534."""
    if float(value).is_integer():
        whole = int(value)
        return [f"{whole}", f"{whole:,}", f"{whole}.0"]
    if abs(value) < 100:  # 0.3515 is shown as such; 0.35 is too common a figure to tell
        return [f"{value:g}", repr(value)]
    forms = [f"{value:.2f}", f"{value:,.2f}"]
    return forms + ([f"{round(value)}", f"{round(value):,}"] if abs(value) >= 1000 else [])


def output_text(nb) -> str:
    """What a learner sees printed in a run notebook: streams, plain text, HTML, Markdown."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            for kind in ("text/plain", "text/html", "text/markdown"):
                parts.append(data.get(kind, ""))
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


def shown(value: float, text: str) -> list[str]:
    return [
        form
        for form in printed_forms(value)
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|,\d)", text)
    ]


def test_the_scan_finds_a_number_printed_in_any_usual_form():
    assert shown(11687.0, "profit EUR 11,687 a month") == ["11,687"]
    assert shown(9533.89, "saved 9533.89\n") == ["9533.89"]
    assert shown(11687.0, "EUR 111,687 and 11,6870") == []
    assert shown(0.3515, "a share of 0.35 and 35%") == []


@pytest.mark.slow
@pytest.mark.parametrize("path", notebooks("lessons"), ids=ids(notebooks("lessons")))
def test_no_output_of_a_lesson_shows_what_a_hidden_test_expects(path, executed):
    solution = nbformat.read(ROOT / "solutions" / path.relative_to(ROOT / "lessons"), 4)
    text = output_text(executed(path, allow_errors=True))
    leaked = {value: shown(value, text) for value in expected_numbers(solution)}
    leaked = {value: forms for value, forms in leaked.items() if forms}
    assert not leaked, f"the lesson prints answers its hidden tests expect: {leaked}"


def test_expected_numbers_are_read_from_hidden_asserts_not_from_test_tables():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "### BEGIN HIDDEN TESTS\n"
            "_t = _pd.DataFrame({'value': [2_537.5, 11_250.0]})\n"
            "assert _math.isclose(best(_t), 12_197.0)\n"
            "assert _math.isclose(rate(_t), 0.25)\n"
            "assert choose(_t, pay_floor=1_876) == ('margin', 0.1)\n"
            "### END HIDDEN TESTS\n"
        )
    ]
    assert expected_numbers(nb) == {12197.0}
