"""Golden extraction: every field of every mention of a set of fixture articles, in a file.

Speed work on the extractors (memos, fast paths, rewritten patterns) must not change what
they find. ``tests/golden/extract_facts.jsonl`` holds each mention of the articles in
``tests/fixtures/extract_golden`` (wire copies and a rewrite sharing names, an interview,
a truncated article, dates of every kind, nested and mis-typed quotes, titles and
appositives, an HTML page whose offsets shift), one JSON line each, everything but the
sentence text (its span is kept). After an intended change in output, regenerate it with

    python tests/test_extract_golden.py --update

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

from factcheck.extract import build_extractors, extract
from factcheck.ingest import read_paths
from factcheck.model import Article, Mention
from factcheck.store.mentions import mention_to_dict

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "extract_golden"
GOLDEN = ROOT / "tests" / "golden" / "extract_facts.jsonl"


def read_articles(*folders: Path) -> tuple[Article, ...]:
    articles, problems = read_paths(list(folders))
    assert not problems, problems
    return articles


def fact_lines(mentions: Sequence[Mention]) -> list[str]:
    lines = []
    for m in mentions:
        d: dict[str, Any] = mention_to_dict(m)
        del d["sentence"]  # the sentence_span says which one it is
        lines.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
    return lines


def golden_lines() -> list[str]:
    extractors = build_extractors()
    return [line for a in read_articles(ARTICLES) for line in fact_lines(extract(a, extractors))]


@pytest.fixture(scope="module")
def articles() -> tuple[Article, ...]:
    return read_articles(ARTICLES, ROOT / "seeds")


def test_extraction_matches_the_golden_file() -> None:
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    got = golden_lines()
    missing = [line for line in expected if line not in set(got)]
    extra = [line for line in got if line not in set(expected)]
    assert not missing and not extra, (missing[:3], extra[:3])
    assert got == expected  # same mentions, same order


def test_the_golden_file_covers_every_fact_type() -> None:
    types = {json.loads(line)["type"] for line in GOLDEN.read_text(encoding="utf-8").splitlines()}
    assert types == {"quantity", "date", "figure", "quote"}


def test_warm_and_fresh_extractors_agree(articles: tuple[Article, ...]) -> None:
    fresh = {a.id: extract(a, build_extractors()) for a in articles}
    shared = build_extractors()
    forward = {a.id: extract(a, shared) for a in articles}
    shared = build_extractors()
    backward = {a.id: extract(a, shared) for a in reversed(articles)}
    for a in articles:
        assert forward[a.id] == fresh[a.id], a.id
        assert backward[a.id] == fresh[a.id], a.id


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_extract_golden.py --update")
    lines = golden_lines()
    GOLDEN.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"wrote {len(lines)} mentions to {GOLDEN.relative_to(ROOT)}")
