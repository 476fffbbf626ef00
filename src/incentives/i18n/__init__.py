"""The course's editions: English (the source) and Romanian, built from it.

One setting chooses the edition: the environment variable ``INCENTIVES_EDITION``, "en"
(the default, also when it is unset or empty) or "ro". It is an environment variable so
that a kernel, a grader and the ``course`` command all see the same one; it is not
``LANG``, which the shell already uses for the machine's locale.

The library's own words go through :func:`_` (and :func:`ngettext` where a count decides
the form, :func:`pgettext` where one English word needs two translations). English text is
the key; the Romanian catalog lives beside this module, in
``locale/ro/LC_MESSAGES/incentives.po``, read as it is (no compiled ``.mo`` file: see
``docs/translations.md``). Numbers, percentages, money and dates are written the edition's
way by :func:`number`, :func:`percent`, :func:`money` and :func:`date_text`.

Call these when the text is shown, never at import time: the edition is read at each call,
so a module-level constant would freeze the English.

    from incentives.i18n import _, money
    f"{_('Profit')}: {money(1234.5)}"   # "Profit: EUR 1,234.50" or "Profit: 1.234,50 euro"
"""

from incentives.i18n.editions import (
    EDITIONS,
    ENVIRONMENT_VARIABLE,
    N_,
    EditionError,
    _,
    catalog,
    edition,
    ngettext,
    pgettext,
    plural_index,
    translation,
)
from incentives.i18n.formats import date_text, formatted, money, number, percent, vega_locale

__all__ = [
    "EDITIONS",
    "ENVIRONMENT_VARIABLE",
    "EditionError",
    "N_",
    "_",
    "catalog",
    "date_text",
    "edition",
    "formatted",
    "money",
    "ngettext",
    "number",
    "percent",
    "pgettext",
    "plural_index",
    "translation",
    "vega_locale",
]
