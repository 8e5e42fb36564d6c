"""Small builders for hand-made mentions and claims in check tests."""

from __future__ import annotations

from factcheck.model import Claim, FactType, Mention, Quantity, Span, Value

_counter = iter(range(10**9))


def mention(
    article: str,
    sentence: str,
    surface: str,
    value: Value,
    *,
    confidence: float = 1.0,
    index: int = 0,
) -> Mention:
    start = sentence.index(surface)
    offset = next(_counter) * 1000  # distinct sentences get distinct spans
    return Mention(
        article_id=article,
        type=FactType.QUANTITY if isinstance(value, Quantity) else FactType.FIGURE,
        surface=surface,
        span=Span(offset + start, offset + start + len(surface)),
        sentence=sentence,
        sentence_span=Span(offset, offset + len(sentence)),
        local=Span(start, start + len(surface)),
        value=value,
        confidence=confidence,
        extractor="test@1",
        sentence_index=index,
    )


def pct(
    value: float, low: float | None = None, high: float | None = None, qualifier: str = "exact"
) -> Quantity:
    return Quantity(
        value=value,
        unit="percentage",
        dimension="percentage",
        base_value=value,
        base_unit="percent",
        low=value if low is None else low,
        high=value if high is None else high,
        qualifier=qualifier,
    )


def quantity_claim(
    article: str, sentence: str, surface: str, q: Quantity, measure: str, subject: str = "china"
) -> Claim:
    m = mention(article, sentence, surface, q)
    return Claim(
        kind="quantity",
        key=("quantity", q.dimension, subject),
        article_id=article,
        topic=measure,
        value=q,
        display=surface,
        mentions=(m,),
        attrs=(("measure", measure), ("subject", subject)),
    )
