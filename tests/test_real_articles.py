"""Accuracy on real published articles (``bench/realdev.py`` prints the full figures).

The stories under ``tests/fixtures/real/`` are excerpts of published pages (each file
names its address), labelled by hand in realdev's format; ``../shared/realdev`` is the
development corpus. These tests hold the floor the core has reached, so a change that
loses real recall or flags a gold non-conflict fails here, not in a reader's review.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from real_scoring import OWN, REALDEV, score

STORIES = sorted(p for p in OWN.iterdir() if (p / "gold.yaml").is_file())


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.name)
def test_no_gold_non_conflict_is_flagged_on_our_stories(story: Path) -> None:
    assert score(story).flagged == []


def test_our_stories_keep_their_recall() -> None:
    found = total = 0
    for story in STORIES:
        s = score(story)
        found += sum(v[0] for v in s.found.values())
        total += sum(v[1] for v in s.found.values())
    assert total >= 40
    assert found / total >= 0.21


@pytest.mark.skipif(not (REALDEV / "gold.yaml").is_file(), reason="../shared/realdev absent")
def test_realdev_recall_by_kind_and_no_non_conflict_flagged() -> None:
    s = score(REALDEV)
    assert s.flagged == []
    assert s.recall() >= 0.48
    assert s.recall("quantity") >= 0.5
    assert s.recall("date/temporal-framing") >= 0.5
