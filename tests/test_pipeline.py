"""End to end on a fixture corpus of our own (a fictional port strike)."""

import re
from pathlib import Path

import pytest

from factcheck import Config, Kind, RunResult, run


@pytest.fixture(scope="module")
def result(corpus_dir: Path) -> RunResult:
    return run([corpus_dir / "conflict"], Config(jobs=1))


def _by_kind(result: RunResult, kind: Kind) -> list:
    return [f.conflict for f in result.findings if f.conflict.kind is kind]


def test_articles_from_every_format(result: RunResult) -> None:
    assert {a.id for a in result.articles} == {"alpha.txt", "bravo.md", "charlie-1"}
    assert not [e for e in result.errors if e.fatal]


def test_share_conflict_points_at_the_outlier(result: RunResult) -> None:
    conflicts = _by_kind(result, Kind.QUANTITY)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c.evidence[0].article_id == "bravo.md" and "65%" in c.evidence[0].surface
    assert {e.article_id for e in c.evidence[1:]} == {"alpha.txt", "charlie-1"}
    assert c.confidence > 0.5


def test_losses_agree(result: RunResult) -> None:
    for c in _by_kind(result, Kind.QUANTITY):
        assert "120" not in " ".join(e.surface for e in c.evidence)


def test_role_conflict(result: RunResult) -> None:
    (c,) = _by_kind(result, Kind.PERSON_ROLE)
    text = " ".join(e.sentence for e in c.evidence)
    assert "Valmora Dockworkers Union" in text and "Coastal Research Institute" in text


def test_quote_misattribution(result: RunResult) -> None:
    (c,) = _by_kind(result, Kind.QUOTE_ATTRIBUTION)
    assert "Okafor" in c.summary and "Diaz" in c.summary
    assert {e.article_id for e in c.evidence} == {"alpha.txt", "bravo.md"}


def test_former_president_in_office(result: RunResult) -> None:
    conflicts = [
        c
        for c in _by_kind(result, Kind.OFFICEHOLDER)
        if c.rule_id == "officeholder.former-in-office"
    ]
    assert len(conflicts) == 1
    assert conflicts[0].evidence[0].article_id == "bravo.md"


def test_evidence_spans_index_the_original_file(result: RunResult, corpus_dir: Path) -> None:
    raw = {a.id: a.raw for a in result.articles}
    for f in result.findings:
        for e in f.conflict.evidence:
            assert raw[e.article_id][e.span.start : e.span.end] == e.surface
            shown = e.sentence[e.local.start : e.local.end]
            assert re.sub(r"\W", "", shown) == re.sub(r"\W", "", e.surface)


def test_clean_corpus_has_no_conflicts(corpus_dir: Path) -> None:
    result = run([corpus_dir / "clean"], Config(jobs=1))
    assert [f.conflict.summary for f in result.findings] == []
