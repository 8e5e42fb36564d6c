"""SentenceIndex: the date nearest a figure, found by position."""

from __future__ import annotations

from datetime import date

from factcheck.align.sentences import SentenceIndex
from factcheck.model import DateValue, FactType, Mention, Quantity, Span


def _mention(start: int, value: object, type_: FactType) -> Mention:
    return Mention(
        article_id="a.txt",
        type=type_,
        surface="x",
        span=Span(start, start + 1),
        sentence="s",
        sentence_span=Span(0, 10_000),
        local=Span(start, start + 1),
        value=value,  # type: ignore[arg-type]
        confidence=1.0,
        extractor="test@1",
    )


def _day(start: int, d: int) -> Mention:
    return _mention(start, DateValue(date(2025, 3, d), date(2025, 3, d), "day"), FactType.DATE)


Q = Quantity(5, "percentage", "percentage", 5, "percent", 5, 5)


def test_nearest_date_on_either_side_and_ties_to_the_earlier() -> None:
    dates = [_day(100 * k, k) for k in range(1, 30)]
    figure = _mention(450, Q, FactType.QUANTITY)
    unresolved = _mention(460, DateValue(None, None, "day"), FactType.DATE)
    index = SentenceIndex([*dates, figure, unresolved])
    found = index.date_of(figure)
    assert found is not None and found.span.start == 400  # 400 and 500 tie: the earlier
    assert index.date_of(_mention(2990, Q, FactType.QUANTITY)) is dates[-1]
    assert index.date_of(_mention(10, Q, FactType.QUANTITY)) is dates[0]


def test_a_date_is_not_its_own_nearest_date() -> None:
    only = _day(100, 1)
    assert SentenceIndex([only]).date_of(only) is None
    other = _day(900, 2)
    assert SentenceIndex([only, other]).date_of(only) is other
