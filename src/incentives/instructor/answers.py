"""The answers the hidden tests expect, and the places in a folder that state one.

Nothing a student receives may state a graded answer: not a lesson, a docstring, a comment
or a data note. :func:`hidden_answers` reads every hidden test in solutions/ and collects the
values its asserts compare with (``assert x == "C-PARTS"``, ``isclose(got, 9_533.89)``, a
``_want`` bound by a loop over the cases); :func:`stated` looks for them in a folder's text.

Only values a text would not hold by chance count: a number with at least three significant
digits that is not a whole number below 1,000 (``9533.89``, ``0.2563``, ``21745``; not
``0.4``, ``30.0`` or ``3300``), in the ways prose and code write it (``9,533.89``,
``9_534``, ``25.6%``); and an id-like text (``C-PARTS``, ``flat_10``) only near a word that
states a choice (*cut*, *best*, *recommend*...), since a lesson names its campaigns and plans
all the time. An :class:`Answer` may have several parts, which count only together, within
:data:`WINDOW` characters of one another (a plan's rate and its budget).

Data tables (``.csv``) are left out: their thousands of generated figures hold any
four-digit number somewhere, and they state no choice.
"""

from __future__ import annotations

import ast
import json
import math
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

WINDOW = 80
"""How close (in characters) the parts of one answer must be to state it together."""

CHOICE_WORDS = frozenset(
    {"cut", "cuts", "cutting", "best", "optimal", "optimum", "answer", "answers"}
    | {"recommend", "recommends", "recommended", "recommendation"}
    # the Romanian edition's words for the same
    | {"optim", "optimă", "optimul", "optima", "răspuns", "răspunsul", "răspunsuri"}
    | {"recomand", "recomandăm", "recomandat", "recomandată", "recomandare", "recomandarea"}
    | {"tăiați", "tăiem", "eliminați", "eliminăm", "renunțați", "renunțăm"}
)
"""Words that turn a name into a stated choice ("cut C-PARTS", "the best plan is flat_10")."""

SKIPPED_SUFFIXES = frozenset({".csv"})

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)

# A number as prose or code writes it (9,533.89  7_800  25.6 %), or a word or id (C-PARTS).
_TOKEN = re.compile(
    r"(?<![\w.])(?P<number>\d{1,3}(?:[,_\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<percent>\s?%)?(?![\w]|\.\d)"
    r"|(?P<word>[A-Za-z][\w-]*)"
)
# The same in Romanian prose, which writes 9.533,89 and 25,6 %: a point groups thousands and
# a comma marks the decimals (so "16.500 de euro" is 16500, not 16.5).
_TOKEN_RO = re.compile(
    r"(?<![\w,])(?P<number>\d{1,3}(?:[.\u202f\u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?P<percent>\s?%)?(?![\w]|,\d)"
    r"|(?P<word>[A-Za-z][\w-]*)"
)
# Code in Romanian prose (`0.165`, fenced blocks) writes numbers as Python does.
_CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.S)


@dataclass(frozen=True)
class Answer:
    """A graded answer: what it is, where it is graded, and how a text would state it.

    ``parts`` are sets of tokens as :func:`tokens` gives them (``"9533.89"``, ``"25.6%"``,
    ``"c-parts"``): a text states the answer where a token of each part occurs, all within
    :data:`WINDOW` characters of the first part's. ``source`` says where it is graded
    (``01-two-departments, the hidden test campaign_to_cut_hidden``). ``lesson`` is the
    lesson whose test expects it: the code of another lesson's notebook may hold the same
    number for its own reasons (see :func:`stated`); None counts it in every lesson's code.
    """

    shown: str
    source: str
    parts: tuple[frozenset[str], ...]
    lesson: str | None = None


# --- how texts write a number ---------------------------------------------------------------


def tokens(text: str, romanian: bool = False) -> list[tuple[int, str]]:
    """The numbers and words of ``text`` with their offsets, written one way: numbers without
    thousands separators or trailing zeros (``9,533.890`` -> ``9533.89``, ``7_800.0`` ->
    ``7800``, ``25.60 %`` -> ``25.6%``), words in lower case.

    ``romanian``: the text is Romanian prose, whose numbers are written ``9.533,89``; its
    code spans (between backticks) are still read the English way.
    """
    if not romanian:
        return _tokens(text, _TOKEN, r"[,_\u202f\u00a0]")
    found, start = [], 0
    for span in _CODE_SPAN.finditer(text):
        found += _tokens(text[start : span.start()], _TOKEN_RO, r"[.\u202f\u00a0]", start)
        found += _tokens(span.group(), _TOKEN, r"[,_\u202f\u00a0]", span.start())
        start = span.end()
    return found + _tokens(text[start:], _TOKEN_RO, r"[.\u202f\u00a0]", start)


def _tokens(text: str, pattern: re.Pattern, grouping: str, shift: int = 0) -> list:
    found = []
    for match in pattern.finditer(text):
        if match["word"]:
            found.append((shift + match.start(), match["word"].lower()))
        else:
            number = re.sub(grouping, "", match["number"]).replace(",", ".")
            percent = "%" if match["percent"] else ""
            found.append((shift + match.start(), _plain(number) + percent))
    return found


def _plain(number: str) -> str:
    """A number's digits without trailing zeros after the point: ``21745.0`` -> ``21745``."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def significant_digits(value: float) -> int:
    """How many significant digits ``value`` has: 3 for 0.105, 1550 and 11.2; 2 for 3300."""
    digits = f"{abs(value):.12g}".split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def is_distinctive(value: float) -> bool:
    """Whether a text that holds ``value`` most likely took it from the answer: at least three
    significant digits, and not a whole number below 1,000."""
    if not math.isfinite(value) or value == 0:
        return False
    whole = float(value).is_integer()
    return significant_digits(value) >= 3 and not (whole and abs(value) < 1000)


def number_forms(value: float) -> frozenset[str]:
    """The ways a text writes ``value`` (or minus it), as :func:`tokens` gives them; empty
    when the value is not distinctive (:func:`is_distinctive`).

    Whole numbers as they are. Others: as given, and rounded to 1 and 2 decimals (to 3 and
    4 below 1, and as a percentage to 1 and 2 decimals) where three significant digits are
    left; whole when 1,000 or more. 9533.89: ``9533.89``, ``9533.9``, ``9534``; 0.25631:
    ``0.25631``, ``0.256``, ``0.2563``, ``25.6%``, ``25.63%``.
    """
    value = abs(float(value))
    if not is_distinctive(value):
        return frozenset()
    if value.is_integer():
        return frozenset({str(int(value))})
    forms = {repr(value)} if "e" not in repr(value) else set()
    places = (1, 2) if value >= 1 else (3, 4)
    forms |= {f"{value:.{p}f}" for p in places}
    if value >= 1000:
        forms.add(str(round(value)))
    found = {_plain(f) for f in forms if significant_digits(float(f)) >= 3}
    if value < 1:
        percents = {_plain(f"{value * 100:.{p}f}") for p in (1, 2)}
        found |= {f"{p}%" for p in percents if significant_digits(float(p)) >= 3}
    return frozenset(found)


def name_forms(name: str) -> frozenset[str]:
    """An id-like text (``C-PARTS``, ``flat_10``, ``p01``) as :func:`tokens` gives it; empty
    for a plain word, a short one or one that starts with a digit, which a text holds for
    other reasons."""
    if not re.fullmatch(r"[A-Za-z][\w-]+", name) or not re.search(r"[-_\d]", name):
        return frozenset()
    return frozenset({name.lower()})


def answers_for(value, source: str, lesson: str | None = None) -> list[Answer]:
    """The :class:`Answer` objects of one expected value: each distinctive number in it, and
    an id-like text compared on its own (not one inside a tuple or list of labels), which
    counts only near a word of :data:`CHOICE_WORDS`."""
    if isinstance(value, str):
        forms = name_forms(value)
        return [Answer(value, source, (forms, CHOICE_WORDS), lesson)] if forms else []
    found = []
    for number in _numbers(value):
        forms = number_forms(number)
        if forms:
            found.append(Answer(f"{number:g}", source, (forms,), lesson))
    return found


def _numbers(value) -> Iterable[float]:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _numbers(item)


# --- what a hidden test compares with ------------------------------------------------------

_ARITHMETIC = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _literal(node: ast.AST):
    """The value of a literal node (``1 / 3`` included); raises ValueError otherwise."""
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _literal(node.left), _literal(node.right)
        if isinstance(left, int | float) and isinstance(right, int | float):
            return _ARITHMETIC[type(node.op)](left, right)
        raise ValueError("not a number")
    if isinstance(node, ast.List):
        return [_literal(e) for e in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        pairs = zip(node.keys, node.values, strict=True)
        return {ast.literal_eval(k): _literal(v) for k, v in pairs}
    return ast.literal_eval(node)


class _Bindings:
    """What each name of a hidden test cell may hold: the nodes assigned to it, directly or
    by a ``for`` loop or a comprehension over literal cases, ``dict.items()`` or ``zip``."""

    def __init__(self, tree: ast.Module):
        self.nodes: dict[str, list[ast.AST]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                self._bind(node.targets[0], [node.value])
            elif isinstance(node, ast.For | ast.comprehension):
                self._bind_loop(node.target, node.iter)

    def _bind(self, target: ast.AST, values: list[ast.AST]) -> None:
        if isinstance(target, ast.Name):
            self.nodes.setdefault(target.id, []).extend(values)
        elif isinstance(target, ast.Tuple | ast.List):
            for index, name in enumerate(target.elts):
                self._bind(name, [v.elts[index] for v in values if _has_index(v, index)])

    def _bind_loop(self, target: ast.AST, iterable: ast.AST) -> None:
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name):
            if iterable.func.id == "zip" and isinstance(target, ast.Tuple):
                for name, argument in zip(target.elts, iterable.args, strict=False):
                    self._bind(name, self.elements(argument))
            return
        if (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr == "items"
        ):
            dicts = [d for d in self.resolve(iterable.func.value) if isinstance(d, ast.Dict)]
            pairs = [
                ast.Tuple(elts=[k, v]) for d in dicts for k, v in zip(d.keys, d.values, strict=True)
            ]
            self._bind(target, pairs)
            return
        self._bind(target, self.elements(iterable))

    def resolve(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> list[ast.AST]:
        """The nodes ``node`` may stand for: itself, or what its name was bound to."""
        if isinstance(node, ast.Name):
            if node.id in seen:
                return []
            return [
                found
                for value in self.nodes.get(node.id, [])
                for found in self.resolve(value, seen | {node.id})
            ]
        return [node]

    def elements(self, node: ast.AST) -> list[ast.AST]:
        """The elements a loop over ``node`` visits, where ``node`` is a literal sequence."""
        return [
            element
            for sequence in self.resolve(node)
            if isinstance(sequence, ast.List | ast.Tuple)
            for element in sequence.elts
        ]


def _has_index(node: ast.AST, index: int) -> bool:
    return isinstance(node, ast.Tuple | ast.List) and len(node.elts) > index


def _compared(test: ast.AST) -> Iterable[ast.AST]:
    """The operands an assert's test compares: both sides of ``==``, the values of
    ``isclose``."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and all(isinstance(o, ast.Eq) for o in node.ops):
            yield node.left
            yield from node.comparators
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "isclose":
                yield from node.args[:2]


def expected_values(source: str) -> list:
    """The literal values the asserts of a hidden test cell compare with, in order."""
    tree = ast.parse(source)
    bindings = _Bindings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        for operand in _compared(node.test):
            for candidate in bindings.resolve(operand):
                try:
                    found.append(_literal(candidate))
                except (ValueError, TypeError, SyntaxError):
                    continue  # the value under test, not an expectation
    return found


def hidden_tests(root: Path) -> Iterable[tuple[str, str, str]]:
    """Each hidden test block of the notebooks in ``root/solutions``: (lesson, grade id,
    the block's code)."""
    for path in sorted((Path(root) / "solutions").glob("*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            source = "".join(cell.get("source", []))
            for block in HIDDEN.findall(source):
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "?")
                yield path.parent.name, grade_id, block


def hidden_answers(root: Path) -> list[Answer]:
    """The distinctive answers the hidden tests of the course at ``root`` expect."""
    found: dict[tuple, Answer] = {}
    for lesson, grade_id, block in hidden_tests(root):
        for value in expected_values(block):
            source = f"{lesson}, the hidden test {grade_id}"
            for answer in answers_for(value, source, lesson):
                found.setdefault((lesson, answer.parts), answer)
    return list(found.values())


# --- where a folder states one -------------------------------------------------------------


def texts(path: Path) -> Iterable[tuple[str | None, str, bool]]:
    """The texts of a file to look for answers in: ``(None, text, False)`` for a file, and one
    ``(lesson, source, romanian)`` per cell of a notebook, ``lesson`` (the notebook's folder)
    for a code cell and None for prose; ``romanian`` for the prose of a Romanian lesson
    (its folder's name ends in ``-ro``), whose numbers are written the Romanian way."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        yield None, text, False
        return
    try:
        cells = json.loads(text)["cells"]
    except (ValueError, KeyError, TypeError):
        yield None, text, False
        return
    romanian = path.parent.name.endswith("-ro")
    lesson = path.parent.name.removesuffix("-ro")  # a Romanian lesson's answers are its own
    for cell in cells:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        code = cell.get("cell_type") == "code"
        yield (lesson if code else None), source, romanian and not code


def states(found: dict[str, list[int]], answer: Answer) -> bool:
    """Whether a text whose tokens are at the offsets ``found`` (token -> offsets) states
    ``answer``: a token of each of its parts within :data:`WINDOW` of the first part's."""
    first, *others = answer.parts
    for start in (offset for form in first for offset in found.get(form, ())):
        if all(
            any(abs(o - start) <= WINDOW for form in part for o in found.get(form, ()))
            for part in others
        ):
            return True
    return False


def stated(folder: Path, answers: list[Answer]) -> list[str]:
    """Where the text files of ``folder`` state one of ``answers``: one line per file and
    answer, ``lessons/x/x.ipynb: states '9533.89', the answer of 01-two-departments, the
    hidden test campaign_to_cut_hidden``.

    A lesson notebook's code cell counts only for its own lesson's answers: its literals are
    the lesson's own parameters (a visible test's table and what it expects of it), which
    may equal a number another lesson's hidden test expects of another table. Its prose, and
    every other file, counts for all.
    """
    folder = Path(folder)
    problems = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in SKIPPED_SUFFIXES:
            continue
        try:
            parts = list(texts(path))
        except (UnicodeDecodeError, OSError):
            continue
        found: list[Answer] = []
        for lesson, text, romanian in parts:
            offsets: dict[str, list[int]] = {}
            for offset, token in tokens(text, romanian):
                offsets.setdefault(token, []).append(offset)
            for answer in answers:
                elsewhere = None not in (lesson, answer.lesson) and lesson != answer.lesson
                if elsewhere or answer in found:
                    continue
                if states(offsets, answer):
                    found.append(answer)
        relative = path.relative_to(folder)
        problems += [f"{relative}: states {a.shown!r}, the answer of {a.source}" for a in found]
    return problems
