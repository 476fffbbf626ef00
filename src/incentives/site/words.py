"""The reading site's own words in each edition: its templates' and its notes' text.

The site's words live here, beside its templates, rather than in the library's catalog
(``incentives.po``): they are a page's frame (navigation, notes, the footer), read only by
the site's builder, and an edition's pages are built in one go whatever edition the
builder itself runs in. The lessons' words come from the lessons, and the labs' and charts'
from the library's catalog, through the kernel that runs each lesson in its edition.

Each entry is plain text, or HTML where it says so (``_html``): HTML entries hold
``{lab_url}`` and ``{app_url}``, filled in (escaped) by :func:`html_text`. A test checks that
every edition has every entry and the same placeholders.
"""

from __future__ import annotations

import html

from markupsafe import Markup

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "language_name": "English",
        "site_title": "Marketing vs. Sales",
        "skip_to_lesson": "Skip to the lesson",
        "skip_to_list": "Skip to the list of lessons",
        "nav_label": "Lessons",
        "all_lessons": "Marketing vs. Sales: all lessons",
        "previous": "Previous",
        "next": "Next",
        "switch_label": "Language",
        "switch_text": "Citește în română",
        "interactive_label": "The interactive version",
        "interactive_html": (
            "This is the reading version of the lesson: its text and what its code shows, "
            "with no answers. A lab's key setting is a slider that works on this page; "
            "everything else needs Python. To run the code, answer the exercises and use "
            "every control, run <code>make lab</code> and open "
            '<a href="{lab_url}">this lesson in JupyterLab</a>. For the labs on a company of '
            "your choice, with no code, run <code>make app</code> and open "
            '<a href="{app_url}">the explorer</a>.'
        ),
        "footer_html": (
            "Built by <code>make site</code> from the lessons in this repository; nothing on "
            "these pages is loaded from another computer."
        ),
        "index_title": "The lessons",
        "index_heading": "Marketing vs. Sales: the lessons",
        "index_html": (
            "Each lesson below is its notebook as a student first runs it: the text, the code "
            "and what the code shows, with no answers. The labs' key setting is a slider you "
            "can move on the page; for the code, the exercises and every other control, run "
            '<code>make lab</code> and open <a href="{lab_url}">JupyterLab</a>, or run '
            '<code>make app</code> for <a href="{app_url}">the explorer</a>.'
        ),
        "exercise_note": "Exercise: your answer goes here in JupyterLab.",
        "check_note": "Check: it runs on your answer in JupyterLab (without an answer it fails).",
        "failed_note": "This cell needs JupyterLab: it fails on a page with no kernel.",
        "control_note": "This control works in JupyterLab.",
        "slider_note": (
            "Move the slider above the charts and they follow it, with no Python behind "
            "them; the lab's other controls work in JupyterLab."
        ),
        "picture_note": (
            "A picture of the lab as the lesson leaves it here; the interactive version, "
            "controls and all, is in JupyterLab."
        ),
        "image_alt": "An image",
        "chart_error": "This chart could not be drawn:",
    },
    "ro": {
        "language_name": "Română",
        "site_title": "Marketing vs. Vânzări",
        "skip_to_lesson": "Sari la lecție",
        "skip_to_list": "Sari la lista lecțiilor",
        "nav_label": "Lecții",
        "all_lessons": "Marketing vs. Vânzări: toate lecțiile",
        "previous": "Înapoi",
        "next": "Înainte",
        "switch_label": "Limba",
        "switch_text": "Read in English",
        "interactive_label": "Versiunea interactivă",
        "interactive_html": (
            "Aceasta este versiunea de citit a lecției: textul ei și ce arată codul ei, fără "
            "răspunsuri. Parametrul principal al unui laborator este un cursor care "
            "funcționează pe această pagină; restul are nevoie de Python. Ca să rulezi codul, "
            "să rezolvi exercițiile și să folosești toate comenzile, rulează "
            '<code>make lab EDITION=ro</code> și deschide <a href="{lab_url}">această lecție '
            "în JupyterLab</a>. Pentru laboratoarele pe o firmă aleasă de tine, fără cod, "
            'rulează <code>make app</code> și deschide <a href="{app_url}">exploratorul</a>.'
        ),
        "footer_html": (
            "Construit de <code>make site</code> din lecțiile acestui depozit; nimic de pe "
            "aceste pagini nu este încărcat de pe alt calculator."
        ),
        "index_title": "Lecțiile",
        "index_heading": "Marketing vs. Vânzări: lecțiile",
        "index_html": (
            "Fiecare lecție de mai jos este notebook-ul ei așa cum îl rulează prima dată un "
            "student: textul, codul și ce arată codul, fără răspunsuri. Parametrul principal "
            "al fiecărui laborator este un cursor pe care îl poți mișca pe pagină; pentru cod, "
            "exerciții și toate celelalte comenzi, rulează <code>make lab EDITION=ro</code> și "
            'deschide <a href="{lab_url}">JupyterLab</a>, sau rulează <code>make app</code> '
            'pentru <a href="{app_url}">explorator</a>.'
        ),
        "exercise_note": "Exercițiu: răspunsul tău se scrie aici, în JupyterLab.",
        "check_note": (
            "Verificare: rulează pe răspunsul tău în JupyterLab (fără răspuns, eșuează)."
        ),
        "failed_note": "Această celulă are nevoie de JupyterLab: pe o pagină fără kernel eșuează.",
        "control_note": "Această comandă funcționează în JupyterLab.",
        "slider_note": (
            "Mișcă cursorul de deasupra graficelor și ele îl urmează, fără Python în spate; "
            "celelalte comenzi ale laboratorului funcționează în JupyterLab."
        ),
        "picture_note": (
            "O imagine a laboratorului așa cum îl lasă lecția aici; versiunea interactivă, cu "
            "toate comenzile, este în JupyterLab."
        ),
        "image_alt": "O imagine",
        "chart_error": "Acest grafic nu a putut fi desenat:",
    },
}
"""Each edition's words, by key; English is the source."""


def words(edition: str) -> dict[str, str]:
    """The site's words in ``edition`` ("en" or "ro").

    Raises:
        ValueError: no words for that edition (the message names the editions there are).
    """
    if edition not in WORDS:
        raise ValueError(f"the site has no words in {edition!r}; it has {', '.join(WORDS)}")
    return WORDS[edition]


def html_text(edition: str, key: str, **urls: str) -> Markup:
    """An ``_html`` entry with its ``{placeholders}`` filled in by ``urls``, escaped."""
    escaped = {name: html.escape(url, quote=True) for name, url in urls.items()}
    return Markup(words(edition)[key].format(**escaped))
