"""Model output is called what it is: the course's data are synthetic, made by its own model
from stated assumptions, so no sentence calls them records, evidence or proof about the world.

The scan reads every sentence of the lessons' prose, the README and the data's README. A
sentence fails when it speaks of the data (the data, the visits, the leads, the model's
output...) and, in the same breath, calls them evidence or proof, or says they prove, refute
or rule something out; or when it calls the data "records". A negation just before the claim
("they never prove", "not evidence") is what the course should say, and passes.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import ROOT, notebooks

DATA = re.compile(
    r"\b(data|dataset|datasets|visits|leads|simulation|simulated|model's output|"
    r"the model|this model|generated|csv|evenings|fortnights?|the numbers)\b",
    re.I,
)
CLAIM = re.compile(
    r"\b(evidence|proof|proves?|proved|proven|refutes?|refuted|disproves?|"
    r"rules? out|ruled out|ruling out|beyond (?:any |all )?doubt|confirms? that|"
    r"data show|data shows)\b",
    re.I,
)
RECORDS = re.compile(
    r"\b(?:the|its|their|these|those|restaurant's|company's|our)\s+records\b", re.I
)
NEGATION = re.compile(
    r"\b(not|never|no|nor|cannot|can't|isn't|aren't|don't|doesn't|without)\b\W+(?:\w+\W+){0,3}$",
    re.I,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*|#])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def dishonest(sentence: str) -> bool:
    """Whether the sentence calls the course's data records, evidence or proof."""
    if RECORDS.search(sentence):
        return True
    if not DATA.search(sentence):
        return False
    return any(not NEGATION.search(sentence[: c.start()]) for c in CLAIM.finditer(sentence))


def prose() -> dict[str, str]:
    """Every text a learner reads as prose: the lessons' Markdown, the READMEs."""
    texts = {
        "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
        "data/README.md": (ROOT / "data" / "README.md").read_text(encoding="utf-8"),
    }
    for path in notebooks("solutions") + notebooks("lessons"):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                texts[f"{path.relative_to(ROOT)} cell {index}"] = cell.source
    return texts


def test_no_sentence_calls_the_generated_data_evidence_or_proof():
    found = [
        f"{where}: {sentence}"
        for where, text in prose().items()
        for sentence in sentences(text)
        if dishonest(sentence)
    ]
    assert not found, "model output called evidence or proof:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The restaurant's records rule out +150% beyond any doubt.",
        "Four weeks of the restaurant's records.",
        "The data show that fast service makes VIPs spend more, proof that the scheme works.",
        "In the visits, season and a lucky pair of evenings are ruled out.",
        "You will find evidence in the leads that sales ignored the parts.",
    ],
)
def test_the_scan_fails_on_a_planted_claim(sentence):
    assert dishonest(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "These data are synthetic: they never prove anything about a real restaurant.",
        "In this model, +150% needs VIP spend of about 1,535 lei a head.",
        "Strohmetz and colleagues (2002) found evidence that a chocolate raised tips.",
        "The model's output is not evidence about the world; it shows what the assumptions imply.",
        "`work/.course-copies.json` records what you changed.",
    ],
)
def test_the_scan_lets_honest_sentences_through(sentence):
    assert not dishonest(sentence)
