"""A reader for gettext catalogs (``.po`` files), with the standard library only.

The course's run time reads its catalogs as they are written, so the model installs with
NumPy, pandas and pandera alone and no compiled file has to be kept in step with its
source. The reader covers what a catalog written by Babel or GNU gettext holds: contexts
(``msgctxt``), plural forms (``msgid_plural``, ``msgstr[n]``), strings continued over
several lines, C escapes, and the ``fuzzy`` flag and obsolete (``#~``) entries, which it
skips as gettext does. ``tests/i18n/test_i18n.py`` checks that it reads every shipped
catalog as Babel does.
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
    """One message of a catalog: its context, English text and translation(s)."""

    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        """Whether every form has a translation and the entry is not marked fuzzy."""
        return not self.fuzzy and bool(self.strings) and all(self.strings.values())


def unescape(text: str) -> str:
    """The string a quoted ``.po`` string stands for (its C escapes resolved)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


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
    fuzzy = False
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line.startswith("#"):  # a comment, a reference, flags, or an obsolete entry
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        keyword, continued = _KEYWORD.match(line), _CONTINUED.match(line)
        if keyword:
            name, index, text = keyword.group(1), keyword.group(2), unescape(keyword.group(3))
            if name == "msgctxt" or (name == "msgid" and key != "msgctxt"):
                if current is not None:
                    entries.append(current)
                current, fuzzy = Entry(fuzzy=fuzzy), False
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


def _set(entry: Entry, key: str, text: str, append: bool) -> None:
    """Set (or continue) the field ``key`` of ``entry``."""
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if key != "msgstr" else 0
        entry.strings[index] = (entry.strings.get(index, "") if append else "") + text
        return
    attribute = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "plural"}[key]
    previous = (getattr(entry, attribute) or "") if append else ""
    setattr(entry, attribute, previous + text)
