"""Feedback that teaches: every hidden test says what it checked, in the course's words.

A learner sees no hidden test's code, only its result: "Hidden tests: failed: AssertionError:
<message>". So every ``assert`` of a solution's ``### BEGIN HIDDEN TESTS`` block (and every
``AssertionError`` it raises) in lessons 00-07 carries a message, read here from the code
(``ast``), that:

- **names its exercise**: the message's own text (its string parts, whatever values are put
  into it) holds, as a whole word, a name that the exercise's answer cells define and its
  hidden tests use (``cost_per_lead``, ``campaign_to_cut``), or the exercise's title as its
  heading gives it ("cost per lead"). When the assert's condition uses such a name itself
  (``assert str(campaign_to_cut) == ...``), the message names that one;
- **shows only what the learner's code gave and what the test put in**: it puts into its
  text no name that holds an expected value, that is a name bound in the block to literals
  only (a ``_want``, a ``for`` over literal cases) that stands on the expected side of a
  comparison (``==``, ``isclose``). Nor does its text hold an expected number of three
  significant digits or more (37.5, 9,533.89);
- **never states a decision's answer**: for an exercise whose answer is a choice among a few
  options (:data:`DECISIONS`), the message's text holds none of the block's expected
  literals: no label, plan, rate or budget that the test accepts.

Then the messages are read as a learner gets them: the known wrong answers of
tests/wrong_answers/ and tests/misconceptions/ run against the hidden tests in this process
(the exercises that need only their own functions), and each failure must be an
``AssertionError`` whose message names the exercise; the solution passes them, silently.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import nbformat
import pytest
from conftest import ALL_LESSON_IDS, ROOT
from test_notebooks import shown, significant_digits
from test_wrong_answers import autograded, grading, registry, solution_path

COURSE = [lesson for lesson in ALL_LESSON_IDS if "00" <= lesson[:2] <= "07"]
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
HEADING = re.compile(r"^## Exercise \d+ \(\d+ points?\): (.+)$", re.M)

# Hidden tests of exercises whose answer is a decision: a label, a plan and its rate, a spend
# level or a budget chosen among a few, so that the accepted value is the answer itself.
DECISIONS = {
    "01-two-departments": {"cheapest_and_most_profitable_hidden", "campaign_to_cut_hidden"},
    "02b-commission-plans": {"flat_fee_hidden"},
    "04-cloakroom": {"segment_tickets_hidden"},
    "04c-gifts": {"best_gift_budget_hidden"},
    "05-common-criteria": {"chosen_spend_hidden", "goal_keeps_hidden", "leader_choice_hidden"},
    "06-capstone": {"campaign_to_grow_hidden", "plan_choice_hidden"},
    "06b-capstone-memo": {"recommendation_hidden"},
}


@dataclass
class Block:
    """One hidden test block and what its messages may name."""

    lesson: str
    grade_id: str
    source: str
    names: set[str] = field(default_factory=set)
    title: str = ""
    decision: bool = False


def defined(source: str) -> set[str]:
    """The names an answer cell defines at its top level: functions and assigned names."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        for target in getattr(node, "targets", []):
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def used(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


def blocks(lesson: str) -> list[Block]:
    """The lesson's hidden test blocks, each with its exercise's names and title."""
    (path,) = (ROOT / "solutions" / lesson).glob("*.ipynb")
    found, title, answers = [], None, set()
    for cell in nbformat.read(path, as_version=4).cells:
        heading = HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            title, answers = heading.group(1).strip(), set()
        elif cell.cell_type == "markdown" and cell.source.startswith("## "):
            title, answers = None, set()
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or title is None:
            continue
        if meta.get("solution"):
            answers |= defined(cell.source)
        for block in HIDDEN.findall(cell.source):
            grade_id = meta["grade_id"]
            decision = grade_id in DECISIONS.get(lesson, set())
            found.append(Block(lesson, grade_id, block, answers & used(block), title, decision))
    return found


def all_blocks() -> list[Block]:
    return [block for lesson in COURSE for block in blocks(lesson)]


# --- what a block's names are bound to ---------------------------------------------------


def _bind(bound: dict, target, value) -> None:
    if isinstance(target, ast.Name):
        bound[target.id].append(value)
    elif isinstance(target, ast.Tuple | ast.List):
        parts = getattr(value, "elts", None)
        if parts is None or len(parts) != len(target.elts):
            parts = [None] * len(target.elts)
        for part_target, part in zip(target.elts, parts, strict=True):
            _bind(bound, part_target, part)


def _elements(node, bound) -> list | None:
    """The values a ``for`` over ``node`` takes (None for one the test computes), or None."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return list(node.keys)
    if isinstance(node, ast.Name):
        values = bound.get(node.id) or [None]
        parts = [_elements(v, bound) if v is not None else None for v in values]
        return None if None in parts else [e for part in parts for e in part]
    if isinstance(node, ast.Call):
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr == "items":
            dicts = [function.value]
            if isinstance(function.value, ast.Name):
                dicts = bound.get(function.value.id) or [None]
            if all(isinstance(d, ast.Dict) for d in dicts):
                return [
                    ast.Tuple(elts=[k, v])
                    for d in dicts
                    for k, v in zip(d.keys, d.values, strict=True)
                ]
        if isinstance(function, ast.Name) and function.id == "zip":
            columns = [_elements(a, bound) for a in node.args]
            known = [c for c in columns if c is not None]
            if known:
                rows = min(len(c) for c in known)
                columns = [c if c is not None else [None] * rows for c in columns]
                return [ast.Tuple(elts=list(row)) for row in zip(*columns, strict=False)]
        if isinstance(function, ast.Name) and function.id in ("sorted", "list", "reversed"):
            return _elements(node.args[0], bound) if node.args else None
    return None


def bindings(tree) -> dict[str, list]:
    """Each name of the block: the value nodes it is bound to (None: a computed value)."""
    bound: dict[str, list] = defaultdict(list)
    for _ in range(3):  # a loop's values may come from names bound further down the walk
        found: dict[str, list] = defaultdict(list)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    _bind(found, target, node.value)
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                _bind(found, node.target, None)
            elif isinstance(node, ast.For | ast.comprehension):
                values = _elements(node.iter, bound)
                for value in values if values is not None else [None]:
                    _bind(found, node.target, value)
            elif isinstance(node, ast.FunctionDef):
                for argument in node.args.args:
                    found[argument.arg].append(None)
        bound = found
    return bound


def is_literal(node, bound, seen=frozenset()) -> bool:
    """Whether ``node`` is made of literals only (names bound to literals included)."""
    if node is None:
        return False
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            return False
        if isinstance(part, ast.Name):
            if part.id in seen or not bound.get(part.id):
                return False
            if not all(is_literal(v, bound, seen | {part.id}) for v in bound[part.id]):
                return False
    return True


def leaves(node, bound, seen=frozenset()) -> set:
    """The strings and numbers of a literal node, through the names it uses."""
    found = set()
    for part in ast.walk(node):
        if isinstance(part, ast.Constant) and isinstance(part.value, str | int | float):
            if not isinstance(part.value, bool):
                found.add(part.value)
        elif isinstance(part, ast.Name) and part.id not in seen:
            for value in bound.get(part.id, []):
                if value is not None:
                    found |= leaves(value, bound, seen | {part.id})
    return found


# --- the messages ------------------------------------------------------------------------


def checks(tree) -> list[tuple[ast.AST, ast.expr | None, ast.expr | None]]:
    """Each assert of the block and each AssertionError it raises: (node, test, message)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            found.append((node, node.test, node.msg))
        elif isinstance(node, ast.Raise) and node.exc is not None:
            call = node.exc if isinstance(node.exc, ast.Call) else None
            raised = call.func if call else node.exc
            if isinstance(raised, ast.Name) and raised.id == "AssertionError":
                found.append((node, None, call.args[0] if call and call.args else None))
    return sorted(found, key=lambda found_check: found_check[0].lineno)


def text_of(message) -> str:
    """A message's own words: its string parts, without the values put into it."""
    parts = [
        n.value
        for n in ast.walk(message)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    return " ".join(parts)


def put_in(message) -> set[str]:
    """The names whose values a message puts into its text (an f-string's fields, or any
    value of a message that is not a string, such as a tuple)."""
    return {n.id for n in ast.walk(message) if isinstance(n, ast.Name)}


def expected(tree, bound) -> tuple[set[str], set]:
    """The names and literal values on the expected side of the block's comparisons: each
    operand of ``==``/``is``/... or of ``isclose`` that is made of literals only."""
    names, values = set(), set()
    for _, test, _ in checks(tree):
        for node in ast.walk(test) if test is not None else []:
            operands = []
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
            elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("isclose"):
                operands = node.args[:2]
            for operand in operands:
                if is_literal(operand, bound):
                    names |= {n.id for n in ast.walk(operand) if isinstance(n, ast.Name)}
                    values |= leaves(operand, bound)
    return names, values


def names_word(name: str, text: str, *, case: bool = True) -> bool:
    flags = 0 if case else re.I
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None


def problems(block: Block) -> list[str]:
    """What is wrong with the block's messages, one line each (none: all is well)."""
    tree = ast.parse(block.source)
    bound = bindings(tree)
    secret_names, secret_values = expected(tree, bound)
    found = []
    for node, test, message in checks(tree):
        where = f"{block.lesson} {block.grade_id}, line {node.lineno}"
        if message is None:
            found.append(f"{where}: no message")
            continue
        text = text_of(message)
        named = (used(ast.unparse(test)) if test is not None else set()) & block.names
        wanted = named or block.names
        if not (
            any(names_word(n, text) for n in wanted)
            or (not named and names_word(block.title, text, case=False))
        ):
            found.append(f"{where}: the message names none of {sorted(wanted)}: {text[:80]!r}")
        leaked = put_in(message) & secret_names
        if leaked:
            found.append(f"{where}: the message shows the expected {sorted(leaked)}")
        for value in sorted(secret_values, key=str):
            if isinstance(value, str):
                said = block.decision and value.strip() and names_word(value, text)
            else:
                big = significant_digits(value) >= 3
                said = (block.decision or big) and shown(float(value), text)
            if said:
                found.append(f"{where}: the message states the accepted {value!r}")
    return found


# --- the tests ---------------------------------------------------------------------------


def test_every_lesson_of_the_course_has_hidden_tests_with_names_and_a_title():
    found = {lesson: blocks(lesson) for lesson in COURSE}
    assert len(COURSE) == 12 and all(found.values()), {k: len(v) for k, v in found.items()}
    for block in (b for lesson_blocks in found.values() for b in lesson_blocks):
        assert block.names and block.title, (block.lesson, block.grade_id)
    for lesson, grade_ids in DECISIONS.items():
        assert grade_ids <= {b.grade_id for b in found[lesson]}, lesson


@pytest.mark.parametrize("lesson", COURSE)
def test_every_hidden_test_has_a_message_that_names_its_exercise(lesson):
    """The acceptance line of issue 24, "Every hidden test of lessons 00-06 has a message a
    test can read that names its exercise", with the rules of this module's docstring."""
    found = [line for block in blocks(lesson) for line in problems(block)]
    assert not found, "\n".join(found)


def _block(source: str, *, decision: bool = False) -> Block:
    return Block("made-up", "pick_hidden", source, {"pick", "pick_rate"}, "the pick", decision)


def test_the_check_fails_on_a_bare_assert_a_nameless_message_and_a_shown_answer():
    """Shown failing on purpose, one fault at a time, and passing once each is mended."""
    head = '_cases = [("x", 10_320.0), ("y", 2_430.0)]\nfor _table, _want in _cases:\n'
    head += "    _got = pick(_table)\n"
    faults = {
        "no message": "    assert _got == _want\n",
        "names none of": '    assert _got == _want, f"gave {_got}: check the sums"\n',
        "shows the expected ['_want']": '    assert _got == _want, ("pick", _want)\n',
        "states the accepted 10320.0": '    assert _got == _want, f"pick: {_got}, not 10,320"\n',
    }
    for fault, line in faults.items():
        found = problems(_block(head + line))
        assert len(found) == 1 and fault in found[0], (fault, found)
    assert problems(_block(head + '    assert _got == _want, f"The Pick: {_got}"\n')) == []
    label = '_got = pick([3, 1])\nassert _got == "left", f"pick gave {_got!r}: not left"\n'
    assert problems(_block(label)) == []
    (found,) = problems(_block(label, decision=True))
    assert "states the accepted 'left'" in found
    assert "no message" in problems(_block("raise AssertionError()\n"))[0]
    condition = "assert pick_rate(1) == 0.5, 'pick is wrong'\n"
    assert "names none of ['pick_rate']" in problems(_block(condition))[0]


# --- the messages as a learner reads them ------------------------------------------------


def _only(source: str, kinds) -> ast.Module:
    return ast.Module([n for n in ast.parse(source).body if isinstance(n, kinds)], [])


def _run(code, namespace: dict) -> tuple[BaseException | None, str]:
    """Run ``code`` in ``namespace``: what it raised (None: nothing) and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            exec(compile(code, "<hidden tests>", "exec"), namespace)
        except Exception as error:  # the learner's code may raise anything
            return error, printed.getvalue()
    return None, printed.getvalue()


def read_messages(lesson: str) -> list[dict]:
    """Each known wrong answer of the lesson that runs without the lesson's data or model,
    against its exercise's hidden tests: what they raised and printed. The namespace holds
    the lesson's import cells and its answers' functions, as the solution defines them."""
    nb = nbformat.read(solution_path(lesson), as_version=4)
    base: dict = {}
    imports = (ast.Import, ast.ImportFrom)
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        tree = ast.parse(cell.source)
        if grading(cell).get("solution"):
            exec(compile(_only(cell.source, (ast.FunctionDef, *imports)), "<answer>", "exec"), base)
        elif tree.body and all(isinstance(n, imports) for n in tree.body):
            exec(cell.source, base)
    by_source = {block.source: block for block in blocks(lesson)}
    wrong = registry().get(lesson, {})
    found = []
    for exercise in autograded(lesson):
        for part in exercise["parts"]:
            grade_id = grading(part["answer"])["grade_id"]
            answers = {"the solution": part["answer"].source, **wrong.get(grade_id, {})}
            for name, source in answers.items():
                for hidden in part["hidden"]:
                    namespace = dict(base)
                    exec(
                        compile(_only(source, (ast.FunctionDef, *imports)), name, "exec"), namespace
                    )
                    error, printed = _run(hidden, namespace)
                    block = by_source[HIDDEN.search(hidden).group(1)]
                    found.append(
                        {"block": block, "answer": name, "error": error, "printed": printed}
                    )
    return found


@pytest.mark.parametrize("lesson", COURSE)
def test_a_wrong_answer_reads_a_message_that_names_its_exercise(lesson):
    runs = read_messages(lesson)
    read = 0
    for run in runs:
        block, error = run["block"], run["error"]
        where = f"{block.grade_id}, {run['answer']}"
        assert run["printed"] == "", f"{where}: the hidden tests printed {run['printed']!r}"
        if run["answer"] == "the solution":
            assert error is None or isinstance(error, NameError), f"{where}: {error!r}"
        elif isinstance(error, AssertionError):
            message = str(error)
            assert message and "\n" not in message, f"{where}: {message!r}"
            named = any(names_word(n, message) for n in block.names)
            assert named or names_word(block.title, message, case=False), f"{where}: {message}"
            read += 1
    assert read >= 1, f"{lesson}: no wrong answer ran far enough to read a hidden test's message"
