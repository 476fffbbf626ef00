"""The edition setting and the library's translated strings (gettext's ``_``)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from incentives.i18n import pofile

ENVIRONMENT_VARIABLE = "INCENTIVES_EDITION"
EDITIONS = ("en", "ro")
DOMAIN = "incentives"
LOCALE = Path(__file__).resolve().parent / "locale"

# Which plural form a count takes, as each catalog's Plural-Forms header says (a test checks
# that the header and this rule agree). Romanian: 1 leu, 2 lei, 20 de lei, 101 lei, 120 de lei.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
}


class EditionError(ValueError):
    """``INCENTIVES_EDITION`` names no edition of the course."""


def edition() -> str:
    """The edition chosen by ``INCENTIVES_EDITION``: "en" when unset or empty, or "ro".

    Raises:
        EditionError: any other value, with the values allowed.
    """
    value = os.environ.get(ENVIRONMENT_VARIABLE, "")
    if value == "":
        return EDITIONS[0]
    if value not in EDITIONS:
        allowed = " or ".join(f'"{e}"' for e in EDITIONS)
        raise EditionError(
            f"{ENVIRONMENT_VARIABLE}={value!r} is not an edition of the course: set it to "
            f'{allowed} (or leave it unset for "{EDITIONS[0]}")'
        )
    return value


def plural_index(count: int, language: str) -> int:
    """Which plural form of ``language`` a count takes (0 is the singular)."""
    n = abs(int(count))
    if language == "ro":
        return 0 if n == 1 else 1 if n == 0 or 0 < n % 100 < 20 else 2
    return 0 if n == 1 else 1


@functools.cache
def catalog(language: str) -> dict[tuple[str | None, str], dict[int, str]]:
    """The translated entries of the library's catalog for ``language``, keyed by
    ``(context, English)``; empty for English, whose text is the key itself. Untranslated
    and fuzzy entries are left out, so their English shows."""
    if language == EDITIONS[0]:
        return {}
    _header, entries = pofile.read(LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po")
    return {(e.context, e.msgid): e.strings for e in entries if e.translated}


def translation(message: str, language: str, context: str | None = None) -> str:
    """``message`` in ``language`` whatever the current edition (the instructor's tools
    build one edition while running in another); the English when it has no translation."""
    found = catalog(language).get((context, message))
    return found[0] if found else message


def pgettext(context: str | None, message: str) -> str:
    """``message`` in the current edition, looked up under ``context``."""
    return translation(message, edition(), context)


def _(message: str) -> str:
    """``message`` (English) in the current edition; the English when it has no translation."""
    return translation(message, edition())


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined, and return it unchanged: a
    label declared at import time (a lab's control) is translated with :func:`_` where it
    is shown, and ``course translations update`` finds it here."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits ``count``, in the current edition.

    Args:
        singular: The English for one ("{n} lead").
        plural: The English for any other count ("{n} leads").
        count: The count that chooses the form.

    Returns:
        The chosen form, still holding its placeholders (format it afterwards).
    """
    language = edition()
    found = catalog(language).get((None, singular))
    if found:
        return found.get(plural_index(count, language), plural)
    return singular if plural_index(count, "en") == 0 else plural
