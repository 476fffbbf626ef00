"""Gettext catalogs (``.po`` files) read and written with the standard library only.

The course's run time reads its catalogs as they are written, so the model installs with
NumPy, pandas and pandera alone and no compiled file has to be kept in step with its
source. The reader covers what a catalog written by Babel, Poedit or GNU gettext holds:
contexts (``msgctxt``), plural forms (``msgid_plural``, ``msgstr[n]``), strings continued
over several lines, C escapes, comments, flags (a ``fuzzy`` entry counts as untranslated,
as in gettext), the English an entry was translated from (``#| msgid``) and obsolete
(``#~``) entries, which it skips. The writer writes the same, one line of text per line of
the file, so a changed paragraph shows as a changed line in a diff. The tests check that
Babel and GNU ``msgfmt --check`` read every shipped catalog as this module does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUED = re.compile(r'^"(.*)"\s*$')


class CatalogError(ValueError):
    """A catalog that cannot be read; the message names the file and the line."""


@dataclass
class Entry:
    """One message of a catalog: its context, English text and translation(s).

    ``comments`` are the extracted comments (``#.``), for the translator; ``previous`` is
    the English the translation was made from, when the English has changed since
    (``#| msgid``, with the ``fuzzy`` flag).
    """

    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous: str | None = None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Whether every form has a translation and the entry is not marked fuzzy."""
        return not self.fuzzy and bool(self.strings) and all(self.strings.values())


def unescape(text: str) -> str:
    """The string a quoted ``.po`` string stands for (its C escapes resolved)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def escape(text: str) -> str:
    """``text`` as the inside of a quoted ``.po`` string."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return text.replace("\r", "\\r").replace("\n", "\\n")


def read(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Read a ``.po`` file.

    Args:
        path: The catalog.

    Returns:
        The header's fields (``Plural-Forms``, ...) and the entries, the header left out.

    Raises:
        CatalogError: a line the format does not allow.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None
    pending, previous = Entry(), {}  # what comment lines say of the entry that follows
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line.startswith("#"):
            _comment(pending, line, previous)
            continue
        keyword, continued = _KEYWORD.match(line), _CONTINUED.match(line)
        if keyword:
            name, index, text = keyword.group(1), keyword.group(2), unescape(keyword.group(3))
            if name == "msgctxt" or (name == "msgid" and key != "msgctxt"):
                if current is not None:
                    entries.append(current)
                current, pending = pending, Entry()
                current.previous, previous = previous.get("msgid"), {}
            elif current is None:
                raise CatalogError(f"{path}:{number}: {name} before any msgid")
            key = name if index is None else f"msgstr[{index}]"
            _set(current, key, text, append=False)
        elif continued and current is not None and key is not None:
            _set(current, key, unescape(continued.group(1)), append=True)
        elif line:
            raise CatalogError(f"{path}:{number}: not a line of a .po file: {line[:60]!r}")
    if current is not None:
        entries.append(current)
    header = next((e for e in entries if e.context is None and e.msgid == ""), None)
    fields = {}
    for row in (header.strings.get(0, "") if header else "").splitlines():
        name, _, value = row.partition(":")
        if value:
            fields[name.strip()] = value.strip()
    return fields, [e for e in entries if e is not header]


def _comment(entry: Entry, line: str, previous: dict) -> None:
    """Record a comment line in the entry it precedes."""
    if line.startswith("#,"):
        entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
    elif line.startswith("#."):
        entry.comments.append(line[3:] if line.startswith("#. ") else line[2:])
    elif line.startswith("#:"):
        entry.references += line[2:].split()
    elif line.startswith("#|"):  # the English before it changed: #| msgid "...", #| "..."
        text = line[2:].strip()
        keyword, continued = _KEYWORD.match(text), _CONTINUED.match(text)
        if keyword:
            previous["field"] = keyword.group(1)
            if keyword.group(1) == "msgid":
                previous["msgid"] = unescape(keyword.group(3))
        elif continued and previous.get("field") == "msgid":
            previous["msgid"] += unescape(continued.group(1))
    # "# ..." (a translator's note) and "#~" (an obsolete entry) are skipped


def _set(entry: Entry, key: str, text: str, append: bool) -> None:
    """Set (or continue) the field ``key`` of ``entry``."""
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if key != "msgstr" else 0
        entry.strings[index] = (entry.strings.get(index, "") if append else "") + text
        return
    attribute = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "plural"}[key]
    previous = (getattr(entry, attribute) or "") if append else ""
    setattr(entry, attribute, previous + text)


def _quoted(keyword: str, text: str, prefix: str = "") -> list[str]:
    """``keyword "text"``, one file line per line of ``text`` when it has several."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= 1:
        return [f'{prefix}{keyword} "{escape(text)}"']
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{escape(line)}"' for line in lines]


def write(path: Path, header: dict[str, str], entries: list[Entry], comment: str = "") -> None:
    """Write a ``.po`` file: ``comment`` (lines without their ``#``), the header's fields,
    then the entries in the order given."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    fields = "".join(f"{name}: {value}\n" for name, value in header.items())
    lines += _quoted("msgid", "") + _quoted("msgstr", fields) + [""]
    for entry in entries:
        lines += [f"#. {line}".rstrip() for line in entry.comments]
        lines += [f"#: {ref}" for ref in entry.references]
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
        if entry.previous is not None:
            if entry.context is not None:
                lines += _quoted("msgctxt", entry.context, "#| ")
            lines += _quoted("msgid", entry.previous, "#| ")
        if entry.context is not None:
            lines += _quoted("msgctxt", entry.context)
        lines += _quoted("msgid", entry.msgid)
        if entry.plural is not None:
            lines += _quoted("msgid_plural", entry.plural)
            for index in sorted(entry.strings) or [0, 1]:
                lines += _quoted(f"msgstr[{index}]", entry.strings.get(index, ""))
        else:
            lines += _quoted("msgstr", entry.strings.get(0, ""))
        lines.append("")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines), encoding="utf-8")
