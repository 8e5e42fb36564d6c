"""Extraction quality on the hand-labelled news sentences: precision and recall per type.

The matching rules live in ``extraction_scoring.py`` (shared with
``bench/extraction_quality.py``, which prints the full table and, with ``--verbose``,
every miss). A failure message lists the first misses; run the bench for all of them.
"""

from __future__ import annotations

import warnings

import extraction_scoring as es
import pytest


@pytest.fixture(scope="module")
def labelled() -> list[es.Sentence]:
    return es.load_labelled()


@pytest.fixture(scope="module")
def scores(labelled: list[es.Sentence]) -> dict[str, es.TypeScore]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runners, missing = es.load_runners()
        predictions = es.predict(labelled, runners)
    return es.score(labelled, predictions, missing)


def test_labelled_set_is_well_formed(labelled: list[es.Sentence]) -> None:
    # load_labelled has already checked ids, fact types, field names and that every
    # surface occurs in its sentence; these are the size requirements of the set.
    assert len(labelled) >= 180
    assert sum(1 for s in labelled if not s.facts) >= 25
    for kind in es.TYPES:
        assert sum(1 for s in labelled for g in s.facts if g.type == kind) >= 50, kind


def _check(sc: es.TypeScore, metric: str, target: float) -> None:
    if not sc.available:
        pytest.skip(f"{sc.type} extractor not available: {sc.note}")
    value = getattr(sc, metric)
    if value < target:
        detail = es.format_misses(sc, limit=8)
        pytest.fail(
            f"{sc.type} {metric} {value:.3f} < {target:.2f} "
            f"(tp={sc.tp}, fp={sc.fp}, fn={sc.fn}); "
            f"run `python bench/extraction_quality.py -v` for every miss\n{detail}",
            pytrace=False,
        )


@pytest.mark.parametrize("kind", es.TYPES)
def test_precision(scores: dict[str, es.TypeScore], kind: str) -> None:
    _check(scores[kind], "precision", es.TARGET_PRECISION)


@pytest.mark.parametrize("kind", es.TYPES)
def test_recall(scores: dict[str, es.TypeScore], kind: str) -> None:
    _check(scores[kind], "recall", es.TARGET_RECALL)
