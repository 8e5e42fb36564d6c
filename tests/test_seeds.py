"""Acceptance on the demo corpus: what a careful human finds, and nothing that is not a conflict."""

from pathlib import Path

import pytest

from factcheck import Config, Conflict, Kind, RunResult, run

BIDEN = "001_c4d4865e8820f962.txt"
FORMER = "002_2bfc67af80880ef3.txt"
TRUMP = "003_bdac9d48c005ab8f.txt"
DMITRIEV = "004_b83bf51c6d1588fd.txt"


@pytest.fixture(scope="module")
def result(seeds_dir: Path) -> RunResult:
    return run([seeds_dir], Config(jobs=1))


def _conflicts(result: RunResult, kind: Kind) -> list[Conflict]:
    return [f.conflict for f in result.findings if f.conflict.kind is kind]


def test_biden_administration_against_trump_in_2025(result: RunResult) -> None:
    hits = [
        c
        for c in _conflicts(result, Kind.OFFICEHOLDER)
        if any(e.article_id == BIDEN and "Biden administration" in e.sentence for e in c.evidence)
    ]
    assert hits, "001's Biden administration is not flagged"
    others = {e.article_id for c in hits for e in c.evidence} - {BIDEN}
    assert {FORMER, TRUMP} <= others


def test_former_president_while_in_office(result: RunResult) -> None:
    hits = [
        c
        for c in _conflicts(result, Kind.OFFICEHOLDER)
        if any(
            e.article_id == FORMER and "former President donald Trump" in e.sentence
            for e in c.evidence
        )
        and c.rule_id == "officeholder.former-in-office"
    ]
    assert len(hits) == 1
    assert "2025-03-18" in " ".join(e.value for e in hits[0].evidence)  # the call, not the talks


def test_dmitriev_two_roles(result: RunResult) -> None:
    hits = [c for c in _conflicts(result, Kind.PERSON_ROLE) if "Dmitriev" in c.summary]
    assert len(hits) == 1
    sentences = " ".join(e.sentence for e in hits[0].evidence)
    assert (
        "Russian Direct Investment Fund" in sentences and "Russian Research Institute" in sentences
    )
    assert {e.article_id for e in hits[0].evidence} == {DMITRIEV}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("60%", "85%"),
        ("15%", "200%"),
        ("$14.8 trillion", "$15 billion"),
        ("2 million tons", "920 pounds"),
    ],
)
def test_different_measures_are_not_conflicts(result: RunResult, a: str, b: str) -> None:
    for c in _conflicts(result, Kind.QUANTITY):
        surfaces = " | ".join(e.surface for e in c.evidence)
        assert not (a in surfaces and b in surfaces), c.summary


def test_no_quantity_conflicts_at_all(result: RunResult) -> None:
    # The five reports never give two values for one measure.
    assert _conflicts(result, Kind.QUANTITY) == []
