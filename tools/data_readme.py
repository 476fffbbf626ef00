"""Render data/README.md from the data dictionary (``incentives.data.SCHEMAS``).

Called by ``tools/generate_data.py``; never edit data/README.md by hand: edit the text here
or the schemas in ``incentives/data/schemas.py`` and run ``make data``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from incentives.data import COMPANY_TABLES, SCHEMAS
from incentives.data.class_results import COLUMNS as CLASS_COLUMNS
from incentives.data.schemas import SHARED_TABLES
from incentives.model.assumptions import ASSUMPTIONS as ASSUMED
from incentives.model.plans import plan_kinds
from tools.model_docs import shown

INTRO = """\
# Sample data

Synthetic, seeded data for the Marketing vs. Sales course, made by the course's own model
from the assumptions listed below. Nothing here describes a real company, restaurant or
person: the files show what the model implies, for practice, and are never evidence about
the world.

A company is a folder of files. Its description is written by hand: `company.csv` (its
name, its words for its two kinds of product, targets, the pay plan in force and the month
the model simulates), `products.csv`, `campaigns.csv`, `campaign_products.csv` and
`reps.csv`. Its `leads.csv` is generated from that description by `tools/generate_data.py`
with the course's incentive model (`src/incentives/`), so the leads show what the model
implies under the stated assumptions, no more. The model, the labs and the generator all
read the same description: edit it, run `make data`, and all three follow.

| folder | company |
| --- | --- |
| `company_x/` | Company X, the article's gate company: gates, garage doors and spare parts |
| `velora/` | Velora, the capstone's e-bike shop: bikes, servicing and batteries |

A company of your own is any folder with the same files (`leads.csv` may be left out):
`incentives.data.read_company("path/to/folder")` checks them, each on its own and against
each other, and every lab takes it.

Regenerate with:

```bash
make data
```

The same code gives byte-identical files; `SHA256SUMS` lists the checksums of every CSV
and a test checks them. The CSV files change only deliberately, in a commit of their own
that says why. Read a table from a notebook with `incentives.data.load("<name>")`
(`load("leads", company="velora")` for Velora's), never by path: it works from any folder
and returns proper types (dates, categories).

This file is generated from the data dictionary in `src/incentives/data/schemas.py` and the
text in `tools/data_readme.py`.
"""

FILES = {
    "company": """\
One row: the company's settings. `big_ticket_category` and `small_ticket_category` are the
company's own words for its two kinds of product (Company X: gate and part; Velora: bike and
service); every other file's categories must be one of them. Targets left empty are
reported but not judged. The plan's columns are filled as the plan needs them.""",
    "products": """\
The company's products, with the model parameters of selling each one (docs/model.md, "The
model in brief"). Each product is a lead type in the model.""",
    "campaigns": "The company's campaigns, with their planned monthly budget and cost per lead.",
    "campaign_products": """\
Which products each campaign's leads ask about: the shares of one campaign add up to 1.""",
    "reps": "The company's sales reps (invented first names).",
    "leads": """\
One row per lead of the company's `data_year`, generated. Company X: four campaigns, the
spare-parts promotion from July; the reps are paid 1% of deals below EUR 500 and 5% from
EUR 500 up (a tiered revenue plan) and split their time between products as the model says
they would under that plan. Velora: four campaigns, its reps paid 10% of gross margin.""",
    "restaurant_visits": """\
The restaurant of the article's second story, as the course's model imagines it (simulated
evenings, not a real restaurant's books): one row per party, 14 evenings before the
cloakroom attendant's scheme (served in arrival order, no gifts) and 14 after (tickets
segment the guests, VIPs are served first and get gifts while a 600 RON budget lasts).
Tickets shared by two ranges (40, 80) go to the lower segment.""",
}

CLASS_RESULTS = """\
## `class_results/sample.csv`

A class of the classroom game (game/, `make game`) played by oTree's bots, exported as the
game exports a real class: one row per firm and month, in UTF-8 with Windows line ends
(a byte-order mark, as oTree's download for Excel adds, is read too). Twelve firms play
Company X, each with one strategy of the game's bots for the whole session (each department
for itself, both for the firm, or mixed): first each department paid on its own metric
(phase 1), then on the common criteria (phase 2). The same tool and seed give the same
file. Every figure is the course's model's outcome of the bots'
decisions, so the file shows what the model implies for those decisions, never how real
people play. Lesson 07 reads it with `incentives.data.class_results.load_class_results()`,
which checks the file and names any problem; an instructor's export of a real session (the
Data page's custom export of the app `conflict`) is read the same way: pass its path, or set
`INCENTIVES_CLASS_RESULTS` to it (to grade with it, put the file under `data/class_results/`,
which the grader's sandbox can read). The file is not generated by `make data` and has no
checksum in `SHA256SUMS`; regenerate it with

```bash
.venv-game/bin/python tools/class_sample.py data/class_results/sample.csv
```

and commit it in a commit of its own. Its columns, in order (`COLUMNS` of
`incentives.data.class_results`, the contract between the game and the lesson):
"""


def _class_results() -> str:
    lines = ["| column | meaning |", "| --- | --- |"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in CLASS_COLUMNS.items()]
    return CLASS_RESULTS + "\n" + "\n".join(lines) + "\n"


ASSUMPTIONS = """\
## Assumptions and sources

Prices are in euros (EUR) for the companies and Romanian lei (RON) for the restaurant. The
data rests on stated assumptions: every figure in the companies' files, every rule the
generator follows and every figure of the restaurant's model is listed, with its value, its
source and the lessons that rely on it, in [docs/model.md](../docs/model.md), rendered from
the registry `incentives.model.assumptions`. The generator's own, from that registry:
"""

GENERATOR_TOPICS = ("leads", "visits")


def _assumptions() -> str:
    lines = ["| assumption | value | unit | source |", "| --- | --- | --- | --- |"]
    for entry in ASSUMED.values():
        if entry.topic in GENERATOR_TOPICS:
            cells = (f"`{entry.name}`: {entry.what}", shown(entry.value), entry.unit, entry.source)
            lines.append("| " + " | ".join(cells) + " |")
    return ASSUMPTIONS + "\n" + "\n".join(lines) + "\n"


def _columns_table(name: str) -> str:
    lines = ["| column | type | unit | meaning |", "| --- | --- | --- | --- |"]
    for column in SCHEMAS[name]:
        meaning = column.meaning
        if column.kind == "company_category":
            words = " or ".join(f"`{v}`" for v in column.values or ())
            meaning += " One of the company's two categories" + (f", or {words}." if words else ".")
        elif column.values:
            meaning += " Values: " + ", ".join(f"`{v}`" for v in column.values) + "."
        elif (name, column.name) == ("company", "plan"):
            meaning += " Values: " + ", ".join(f"`{kind}`" for kind in plan_kinds()) + "."
        lines.append(f"| `{column.name}` | {column.kind} | {column.unit} | {meaning} |")
    return "\n".join(lines)


def data_files(folder: Path) -> list[str]:
    """Every CSV of a data folder, by path under it: the shared tables, then each company's."""
    shared = [f"{name}.csv" for name in SHARED_TABLES]
    companies = sorted(p.parent.name for p in folder.glob("*/company.csv"))
    return shared + [
        f"{company}/{table}.csv"
        for company in companies
        for table in COMPANY_TABLES
        if (folder / company / f"{table}.csv").exists()
    ]


def render(folder: Path) -> str:
    """The whole README for the data folder ``folder``: each file's rows, each table's columns."""
    rows = {name: len(pd.read_csv(folder / name)) for name in data_files(folder)}
    parts = [INTRO]
    parts.append("## Files\n")
    parts.append("| file | rows | what it holds |\n| --- | --- | --- |")
    for name, count in rows.items():
        table = name.rsplit("/", 1)[-1].removesuffix(".csv")
        first_sentence = FILES[table].replace("\n", " ").split(". ")[0].rstrip(".")
        parts.append(f"| `{name}` | {count:,} | {first_sentence}. |")
    parts.append("")
    for name, text in FILES.items():
        parts.append(f"## `{name}.csv`\n\n{text}\n")
        parts.append(_columns_table(name) + "\n")
    parts.append(_class_results())
    parts.append(_assumptions())
    return "\n".join(parts)
