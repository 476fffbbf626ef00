"""Numbers, percentages, money and dates written the edition's way.

English (the course's source): 1,234.5; 35%; EUR 1,120 and RON 45; 2026-11-27.
Romanian: 1.234,5; 35%; 1.120 de euro and 45 de lei (the "de" Romanian puts between a
number of 20 or more and its noun, as in 20 de lei, but 19 lei and 101 lei; none after a
fraction: 6,50 lei); 27.11.2026.
"""

from __future__ import annotations

import copy
import datetime as dt

from incentives.i18n.editions import edition, plural_index

# How Romanian names a currency after one, a few (1-19) and many: "1 leu", "19 lei", "20 de lei".
_ROMANIAN_CURRENCY = {
    "RON": ("leu", "lei", "de lei"),
    "EUR": ("euro", "euro", "de euro"),
}


def _language(language: str | None) -> str:
    return edition() if language is None else language


def number(value: float, decimals: int = 0, language: str | None = None) -> str:
    """``value`` rounded to ``decimals`` places, with the edition's separators.

    Args:
        value: The number.
        decimals: Places after the decimal mark.
        language: "en" or "ro"; the current edition by default.

    Returns:
        "1,234.5" in English, "1.234,5" in Romanian (for ``decimals=1``).
    """
    text = f"{float(value):,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "-0"
    if _language(language) == "ro":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def formatted(value: float, spec: str, language: str | None = None) -> str:
    """``format(value, spec)`` with the edition's decimal mark and thousands separator:
    ``formatted(0.125, ".1%")`` is "12.5%" in English and "12,5%" in Romanian."""
    text = format(value, spec)
    if _language(language) == "ro":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share: float, decimals: int = 0, language: str | None = None) -> str:
    """A share (0.35) as a percentage: "35%"; "4.5%" or "4,5%" with ``decimals=1``."""
    return number(share * 100, decimals, language) + "%"


def money(
    amount: float,
    currency: str = "EUR",
    decimals: int | None = None,
    language: str | None = None,
) -> str:
    """An amount of money in the edition's words.

    Args:
        amount: The amount, in ``currency``.
        currency: An ISO code: "EUR" for Company X and Velora, "RON" for the restaurant.
        decimals: Places after the decimal mark; by default 2 when the amount has cents,
            else 0.
        language: "en" or "ro"; the current edition by default.

    Returns:
        "EUR 1,120", "RON 6.50" in English; "1.120 de euro", "6,50 lei", "1 leu" in Romanian.
    """
    language = _language(language)
    if decimals is None:
        decimals = 0 if round(amount, 2) == round(amount) else 2
    text = number(amount, decimals, language)
    if language != "ro":
        return f"{currency} {text}"
    names = _ROMANIAN_CURRENCY.get(currency)
    if names is None:
        return f"{text} {currency}"
    form = plural_index(round(abs(amount)), "ro") if decimals == 0 else 1
    return f"{text} {names[form]}"


def date_text(day: dt.date, language: str | None = None) -> str:
    """A date: "2026-11-27" in English (ISO 8601), "27.11.2026" in Romanian.

    Args:
        day: A ``datetime.date``, a ``datetime.datetime`` or a pandas ``Timestamp``.
        language: "en" or "ro"; the current edition by default.
    """
    if _language(language) == "ro":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


# Vega's number and time locales (d3-format, d3-time-format) for each edition but English,
# which is Vega's own default.
_VEGA_LOCALES = {
    "ro": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " lei"]},
        "time": {
            "dateTime": "%A, %e %B %Y, %X",
            "date": "%d.%m.%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": ["duminică", "luni", "marți", "miercuri", "joi", "vineri", "sâmbătă"],
            "shortDays": ["dum.", "lun.", "mar.", "mie.", "joi", "vin.", "sâm."],
            "months": [
                "ianuarie",
                "februarie",
                "martie",
                "aprilie",
                "mai",
                "iunie",
                "iulie",
                "august",
                "septembrie",
                "octombrie",
                "noiembrie",
                "decembrie",
            ],
            "shortMonths": [
                "ian.",
                "feb.",
                "mar.",
                "apr.",
                "mai",
                "iun.",
                "iul.",
                "aug.",
                "sept.",
                "oct.",
                "nov.",
                "dec.",
            ],
        },
    }
}


def vega_locale(language: str | None = None) -> dict | None:
    """The ``locale`` a chart's configuration takes so that Vega writes its axes', tooltips'
    and labels' numbers and dates the edition's way (1.234,5; 27.11.2026; month names);
    None for English, Vega's default. A new dict each call, free to change."""
    found = _VEGA_LOCALES.get(_language(language))
    return None if found is None else copy.deepcopy(found)
