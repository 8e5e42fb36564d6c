"""Golden extraction: the facts of a set of fixture articles, each with the fields it checks.

Speed work on the extractors (memos, fast paths, rewritten patterns) must not change what
they find. ``tests/golden/extract_facts.jsonl`` holds, one JSON line each and in the
order they are found, the facts of the articles in ``tests/fixtures/extract_golden``
(wire copies and a rewrite sharing names, an interview, a truncated article, dates of
every kind, nested and mis-typed quotes, titles and appositives, an HTML page whose
offsets shift). A line names its ``article`` and lists only the fields that case checks,
as quantulum3's and dateparser's suites do: ``type`` and ``surface`` always, then what
matters for it (``value`` and ``unit``; ``qualifier``, ``low`` and ``high`` of a wire
copy's figures; ``resolution`` and ``weekday`` of a date; ``kind``, ``title``, ``role``
and ``org`` of a person; a quote's ``speaker``; the ``span`` of a fact on the HTML page).
Field names and values are those of the extract output (``serialize.fact_dict``), plus
``speaker`` for quotes. Every article must give exactly its listed facts, in order.

After an intended change in output, regenerate the values with

    python tests/test_extract_golden.py --update

(a fact keeps the fields its line lists; a new fact gets its type's ``DEFAULT_FIELDS``)
and review the diff like any other change.

A second test extracts those articles and the seeds with extractors shared by all
articles (their memos warm), in both orders, and with fresh extractors per article: the
mentions must be identical, so no memo may carry one article's context into another.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract import Extractor, build_extractors, extract
from factcheck.ingest import read_paths
from factcheck.model import Article, Mention, Quotation
from factcheck.serialize import fact_dict

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "extract_golden"
GOLDEN = ROOT / "tests" / "golden" / "extract_facts.jsonl"

#: The fields a new fact is checked by, by its type (``article`` is always listed).
DEFAULT_FIELDS = {
    "quantity": ("type", "surface", "value", "unit"),
    "date": ("type", "surface", "value", "unit"),
    "figure": ("type", "surface", "value", "title"),
    "quote": ("type", "surface", "speaker"),
}


def read_articles(*folders: Path) -> tuple[Article, ...]:
    articles, problems = read_paths(list(folders))
    assert not problems, problems
    return articles


def fact_fields(m: Mention) -> dict[str, Any]:
    """Everything a golden line may check of a fact: its extract output, a quote's speaker."""
    d = fact_dict(m)
    if isinstance(m.value, Quotation):
        d["speaker"] = m.value.speaker
    return d


def checked(found: Sequence[Mention], cases: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``found`` as the golden lines would hold it: each fact with the fields of its case
    (the case at its position, else one of the same type and surface, else its type's
    ``DEFAULT_FIELDS``), so a fact found, lost or moved shows as one line of the diff."""
    out = []
    for i, m in enumerate(found):
        got = fact_fields(m)
        same = [c for c in cases if (c["type"], c["surface"]) == (got["type"], got["surface"])]
        if i < len(cases) and cases[i] in same:
            fields = cases[i].keys()
        else:
            fields = same[0].keys() if same else DEFAULT_FIELDS[got["type"]]
        out.append({"article": got["article"], **{f: got[f] for f in fields if f != "article"}})
    return out


def golden_cases() -> list[dict[str, Any]]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def cases_of(article_id: str) -> list[dict[str, Any]]:
    return [c for c in golden_cases() if c["article"] == article_id]


@pytest.fixture(scope="module")
def extractors() -> tuple[Extractor, ...]:
    return build_extractors()


@pytest.fixture(scope="module")
def articles() -> tuple[Article, ...]:
    return read_articles(ARTICLES, ROOT / "seeds")


@pytest.mark.parametrize("article", read_articles(ARTICLES), ids=lambda a: a.id)
def test_extraction_matches_the_golden_cases(
    article: Article, extractors: tuple[Extractor, ...]
) -> None:
    cases = cases_of(article.id)
    assert cases, f"no golden facts for {article.id}"
    assert checked(extract(article, extractors), cases) == cases


def test_every_golden_case_is_a_fixture_article() -> None:
    ids = {a.id for a in read_articles(ARTICLES)}
    assert {c["article"] for c in golden_cases()} == ids


def test_the_golden_file_covers_every_fact_type() -> None:
    cases = golden_cases()
    assert {c["type"] for c in cases} == {"quantity", "date", "figure", "quote"}
    assert all({"article", "type", "surface"} <= c.keys() for c in cases)


def test_warm_and_fresh_extractors_agree(articles: tuple[Article, ...]) -> None:
    fresh = {a.id: extract(a, build_extractors()) for a in articles}
    shared = build_extractors()
    forward = {a.id: extract(a, shared) for a in articles}
    shared = build_extractors()
    backward = {a.id: extract(a, shared) for a in reversed(articles)}
    for a in articles:
        assert forward[a.id] == fresh[a.id], a.id
        assert backward[a.id] == fresh[a.id], a.id


def update() -> int:
    """Rewrite the golden values from this tree's extractors; keep each case's fields."""
    extractors = build_extractors()
    old = golden_cases() if GOLDEN.exists() else []
    lines = [
        json.dumps(case, ensure_ascii=False)
        for a in read_articles(ARTICLES)
        for case in checked(extract(a, extractors), [c for c in old if c["article"] == a.id])
    ]
    GOLDEN.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_extract_golden.py --update")
    print(f"wrote {update()} facts to {GOLDEN.relative_to(ROOT)}")
