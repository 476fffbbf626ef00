"""The originality rule's fixture: hashed 9-word runs of the original article.

The Romanian edition retells the article in the course's own words: the longest run of
words it shares with the original article outside quotation marks is at most 8. A
maintainer who has the original article's text file makes the fixture the tests check
against, once:

    .venv/bin/python -m tools.originality PATH-TO-THE-ORIGINAL-ARTICLES-TEXT-FILE

It writes ``tests/fixtures/article-shingles.txt``: one hash per 9-word window of the
article (a "shingle"), sorted, nothing else. The article cannot be read back from it, and
the repository holds no word of it. ``tests/i18n/test_originality.py`` hashes every 9-word
window of every Romanian text the course ships, with the text in quotation marks taken out
first, and fails on any that is in the fixture.

Words are compared normalised (:func:`words`): lower case, diacritics folded (ș, ş -> s),
punctuation dropped, so a run is found whatever its case, accents or commas.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 9  # the shortest run of shared words the rule forbids (at most 8 are allowed)
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "article-shingles.txt"
HEADER = (
    "# blake2b (8 bytes, hex) of each normalised 9-word window of the original article,\n"
    "# sorted; made by tools/originality.py (the originality rule: tests/i18n).\n"
)
# Text in quotation marks: Romanian „...”, English “...” and "...", and «...».
QUOTED = re.compile(r"„[^”“\"]*[”“\"]|“[^”]*”|\"[^\"\n]*\"|«[^»]*»", re.DOTALL)


def words(text: str) -> list[str]:
    """The text's words, normalised: lower case, no diacritics, no punctuation."""
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", plain)


def unquoted(text: str) -> str:
    """The text without what it puts in quotation marks (a quotation may be longer)."""
    return QUOTED.sub(" ", text)


def shingle_hash(run: Iterable[str]) -> str:
    """A run of normalised words, hashed."""
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=8).hexdigest()


def shingles(text: str, size: int = RUN) -> Iterator[tuple[str, str]]:
    """Every ``size``-word window of the text: (its words joined, its hash)."""
    found = words(text)
    for start in range(len(found) - size + 1):
        run = found[start : start + size]
        yield " ".join(run), shingle_hash(run)


def read_fixture(path: Path = FIXTURE) -> set[str]:
    """The article's shingle hashes."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def write_fixture(article: Path, path: Path = FIXTURE) -> int:
    """Write the fixture from the article's text file; returns how many hashes it holds."""
    text = Path(article).read_text(encoding="utf-8")
    hashes = sorted({digest for _run, digest in shingles(text)})
    if not hashes:
        raise ValueError(f"{article}: fewer than {RUN} words, no run to hash")
    Path(path).write_text(HEADER + "\n".join(hashes) + "\n", encoding="utf-8")
    return len(hashes)


def shared_runs(text: str, hashes: set[str]) -> list[str]:
    """The 9-word runs of ``text``, outside quotation marks, that the article has too."""
    return [run for run, digest in shingles(unquoted(text)) if digest in hashes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", type=Path, help="the original article's text file")
    parser.add_argument("--output", type=Path, default=FIXTURE, help="the fixture to write")
    arguments = parser.parse_args(argv)
    if not arguments.article.is_file():
        parser.error(f"no such file: {arguments.article}")
    count = write_fixture(arguments.article, arguments.output)
    print(f"{arguments.output}: {count} shingles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
