"""Render docs/model.md from the model's registry of assumptions (``incentives.model.assumptions``).

    python -m tools.model_docs            # write docs/model.md
    python -m tools.model_docs --check    # exit 1, showing the difference, if it is stale

``make data`` and ``make model-docs`` run it. Never edit docs/model.md by hand: edit the
registry (an assumption's value, source or lessons) or the text here, and run it again. A
test (tests/model/test_model_docs.py) fails when the page and the registry disagree.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Mapping
from pathlib import Path

from incentives.model.assumptions import ASSUMPTIONS, REFERENCES, TOPICS, Assumption, Span

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"

INTRO = """\
# The model and its assumptions

The course's labs, sample data and exercises all run one model of a company: how a pay plan
steers what marketing and sales do, and what the company earns; and, for the article's
second story, a model of one evening in a restaurant. A model is only as honest as its
assumptions, so this page lists every one: what is assumed, the value the code uses, where
it comes from, and the lessons that rely on it.

A source is one of three kinds:

- a published work, by author and year (listed in full under [References](#references));
- the article the course is built on, a short Romanian business article about a conflict of
  interest between marketing and sales, with its two cases: Company X (gates and spare
  parts) and the restaurant cloakroom;
- "assumed for teaching": a plausible figure of our own, chosen so that the story can be
  told, and stated so that a learner can question it.

Nothing here describes a real company or restaurant: the companies and the restaurant are
the model's, and what the labs and the sample data show follows from these assumptions.

This page is generated from the registry in `src/incentives/model/assumptions.py` by
`python -m tools.model_docs` (run by `make data`); a test checks that the two agree. The code
reads every value from the registry, and a company's own figures, kept in its files in
`data/<company>/`, are checked against it.
"""

MODEL = """\
## The model in brief

**Marketing** (`incentives.model.marketing`). A campaign `j` with budget `B_j` and cost per
lead `CPL_j` brings `N_j = B_j / CPL_j` leads (with diminishing returns, `N_j = a_j *
B_j ** beta`, `beta` below 1). Marketing is judged on its leads, `L = sum N_j`, and its
blended cost per lead, `sum B_j / L`.

**Sales** (`incentives.model.sales`). A lead type `k` has a value `V_k`, a margin rate `m_k`,
a ceiling win probability `P_k`, a time constant `tau_k` and a minimum handling time
`tmin_k`. A rep who spends `t` hours on a lead wins it with probability
`p_k(t) = P_k (1 - exp(-t / tau_k))` for `t >= tmin_k`, and 0 below. A plan
(`incentives.model.plans`) pays a commission `c_k` per won deal: a share of its value, a
tiered share, a share of its gross margin, a flat fee, or a share of company profit. The
reps choose which lead types to work and how long, to maximise their expected pay
`sum_k N_k p_k(t_k) c_k` within their hours `sum_k N_k t_k <= R H` (`R` reps, `H` hours
each). For a given set of worked types the best times are `t_k = tau_k ln(c_k P_k / (tau_k
lambda))`, raised to `tmin_k` where they fall below, with `lambda` found by bisection so that
the hours are used up; the best set of worked types is found by comparing the possible sets.
The minimum handling time is what makes a lead type worth ignoring altogether.

**The company** (`incentives.model.company`). Profit is gross margin less sales pay, ad
spend and fixed costs: `sum_k N_k p_k (m_k V_k - c_k) - sum_j B_j - fixed costs`. Sales is
judged on revenue, `sum_k N_k p_k V_k`, and its close rate, won deals over leads. Under an
equal share of gross margin on every product the reps choose the company's
profit-maximising split of their time (Farley 1964; Weinberg 1978).

**A check of the equations.** One parameter set, kept as company files in
`tests/fixtures/check_run` and checked to the euro by `tests/model/test_companies.py`: 3 reps x
120 h; 100 gate leads at EUR 40 each (value EUR 2,500, margin 35%, ceiling 0.35, time
constant 2 h, at least 30 min); from July a parts campaign of 300 leads at EUR 6 (value
EUR 90, margin 50%, ceiling 0.8, time constant 0.15 h, at least 10 min).

| case | minutes per gate / part lead | blended CPL (EUR) | close rate | profit (EUR) |
| --- | --- | --- | --- | --- |
| gates only, tiered revenue (5% from EUR 500, 1% below) | 216 / - | 40.0 | 29% | 17,911 |
| with the parts campaign, same plan | 216 / 0 | 14.5 | 7% | 16,111 |
| with the parts campaign, 12% of gross margin | 166 / 16.5 | 14.5 | 57% | 22,405 |
| with the parts campaign, EUR 30 flat per deal | 101 / 38 | 14.5 | 64% | 14,579 |

Under the tiered plan the parts leads are ignored: marketing's cost per lead falls (its
target met), gate revenue is unchanged (sales' target met), and profit falls by exactly the
campaign's cost, as in the article's Company X. The margin plan's split is the company's
profit-maximising one. Without the minimum handling time, parts get about 2 minutes each
and profit rises a little: the story needs it.

**The restaurant** (`incentives.model.restaurant`). Parties arrive over an evening, each in
a segment with a ticket from its segment's range; waiters seat them as places free up, in
queue order or VIPs first; spend falls with waiting, gifts raise spend and tips. Its figures
are under [The restaurant](#the-restaurant).
"""


def shown(value) -> str:
    """A value as the page shows it: numbers with thousands separators, ranges with a dash,
    tuples with slashes, mappings as ``key: value`` pairs."""
    if isinstance(value, Span):
        return f"{shown(value.low)}-{shown(value.high)}"
    if isinstance(value, Mapping):
        return ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items())
    if isinstance(value, tuple):
        return " / ".join(shown(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,g}"


def _lesson_ids(entry: Assumption) -> str:
    return ", ".join(lesson.split("-", 1)[0] for lesson in entry.lessons)


def _table(entries: list[Assumption]) -> str:
    lines = [
        "| name | what is assumed | value | unit | source | lessons |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for e in entries:
        cells = (f"`{e.name}`", e.what, shown(e.value), e.unit, e.source, _lesson_ids(e))
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def _lessons_legend(registry: Mapping[str, Assumption]) -> str:
    lessons = sorted({lesson for e in registry.values() for lesson in e.lessons})
    listed = ", ".join(f"{lesson.split('-', 1)[0]} `{lesson}`" for lesson in lessons)
    return f"The lessons column gives each lesson by its number: {listed}."


def render(
    registry: Mapping[str, Assumption] = ASSUMPTIONS,
    references: Mapping[str, str] = REFERENCES,
) -> str:
    """The whole of docs/model.md for ``registry`` and ``references``."""
    parts = [INTRO, MODEL, "## Assumptions\n", _lessons_legend(registry) + "\n"]
    for topic, title in TOPICS.items():
        entries = [e for e in registry.values() if e.topic == topic]
        if entries:
            parts.append(f"### {title}\n\n{_table(entries)}\n")
    parts.append("## References\n")
    parts.extend(f"- {references[key]}" for key in sorted(references))
    return "\n".join(parts) + "\n"


def differences(text: str, expected: str | None = None) -> list[str]:
    """The lines where ``text`` differs from the rendered page (a unified diff); empty when
    they agree."""
    expected = render() if expected is None else expected
    return list(
        difflib.unified_diff(
            expected.splitlines(),
            text.splitlines(),
            "rendered from the registry",
            "docs/model.md",
            lineterm="",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    parser.add_argument("--out", type=Path, default=DOC, help="the page (default: docs/model.md)")
    args = parser.parse_args(argv)
    if args.check:
        found = differences(args.out.read_text(encoding="utf-8") if args.out.exists() else "")
        if found:
            print("\n".join(found))
            print(f"\n{args.out} is stale: run `python -m tools.model_docs`", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
