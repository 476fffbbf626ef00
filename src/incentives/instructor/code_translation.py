"""What a translation may change in a code cell: its comments and its text, nothing else.

Both editions run the same code and the same hidden tests, so the Romanian version of a code
cell must be the English one with only comments and string literals translated. This
module decides whether a cell needs a translation at all (:func:`has_text`) and whether a
proposed one keeps the code (:func:`code_changes`).

A string literal counts as text when it holds a space (a sentence, a message, a title).
One without (``"budget_eur"``, ``"revenue"``, ``",.0f"``) may be a column name, a key or a
format, so it must stay as it is. nbgrader's marker comments (``### BEGIN SOLUTION``,
``### END HIDDEN TESTS``, ...) are code here: they must stay where they are.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

_MARKER = re.compile(r"^(\s*)###? (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")
_PLACEHOLDER = "\0text\0"


def _markers_as_code(source: str) -> str:
    """``source`` with each nbgrader marker line turned into a statement naming it, so that
    the syntax tree records where the markers are."""
    lines = []
    for line in source.splitlines():
        found = _MARKER.match(line)
        if found:
            indent, edge, part = found.groups()
            line = f"{indent}__nbgrader_{edge}_{part.replace(' ', '_')}__"
        lines.append(line)
    return "\n".join(lines)


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _strings(tree: ast.AST) -> list[str]:
    return [node.value for node in ast.walk(tree) if _is_text(node)]


def _without_text(tree: ast.AST) -> str:
    """The tree's dump with every string literal replaced by one placeholder."""
    for node in ast.walk(tree):
        if _is_text(node):
            node.value = _PLACEHOLDER
    return ast.dump(tree, include_attributes=False)


def has_text(source: str) -> bool:
    """Whether a code cell holds anything to translate: a comment (other than nbgrader's
    markers) or a string literal with a space in it."""
    try:
        comments = [
            token.string
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.COMMENT and not _MARKER.match(token.string)
        ]
        return bool(comments) or any(" " in s or "\n" in s for s in _strings(ast.parse(source)))
    except (SyntaxError, tokenize.TokenError):
        return True  # not plain Python (an IPython magic?): a person must look at it


def code_changes(english: str, translated: str) -> list[str]:
    """Why ``translated`` is not ``english`` with only comments and text changed.

    Args:
        english: The code cell as written in ``solutions/``.
        translated: Its proposed translation.

    Returns:
        One sentence per problem; empty when the translation keeps the code.
    """
    try:
        ours = ast.parse(_markers_as_code(english))
    except SyntaxError:
        if translated == english:
            return []
        return [
            "the English cell is not plain Python (an IPython magic?), so its translation "
            "cannot be checked: keep it exactly as the English"
        ]
    try:
        theirs = ast.parse(_markers_as_code(translated))
    except SyntaxError as error:
        return [f"the translation is not valid Python: {error.msg} (line {error.lineno})"]
    kept = [
        f"the text {a!r} has no space, so it may be a name or a key, and must stay as it is "
        f"(the translation has {b!r})"
        for a, b in zip(_strings(ours), _strings(theirs), strict=False)
        if not (" " in a or "\n" in a) and a != b
    ]
    if _without_text(ours) == _without_text(theirs):
        return kept
    for before, after in zip(ours.body, theirs.body, strict=False):
        if _without_text(before) != _without_text(after):
            where = f"line {after.lineno} of the translation"
            break
    else:
        where = "the number of statements"
    return [f"the code differs from the English, not only its comments and text ({where})"]
