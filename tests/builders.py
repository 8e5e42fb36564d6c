"""Small builders for hand-made mentions and claims in check tests.

Claims are never put together by hand here: a hand-made mention is aligned by
``align.align_article`` in an article that is its sentence, so a test's claims carry
whatever key and attributes align gives them, and a change to their shape changes
them too.
"""

from __future__ import annotations

import functools
import hashlib

from factcheck.align import Tables, align_article
from factcheck.model import Article, Claim, FactType, Mention, OffsetMap, Quantity, Span, Value


def mention(
    article: str,
    sentence: str,
    surface: str,
    value: Value,
    *,
    confidence: float = 1.0,
) -> Mention:
    """A mention of ``surface`` in ``sentence``, the one sentence of ``article``."""
    start = sentence.index(surface)
    span = Span(start, start + len(surface))
    return Mention(
        article_id=article,
        type=FactType.QUANTITY if isinstance(value, Quantity) else FactType.FIGURE,
        surface=surface,
        span=span,
        sentence=sentence,
        sentence_span=Span(0, len(sentence)),
        local=span,
        value=value,
        confidence=confidence,
        extractor="test@1",
        sentence_index=0,
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


@functools.cache
def _tables() -> Tables:
    return Tables.load()


def aligned(m: Mention) -> Claim:
    """The one claim align builds from ``m`` in an article whose text is its sentence."""
    text = m.sentence
    digest = hashlib.sha256(text.encode()).hexdigest()
    article = Article(m.article_id, m.article_id, text, text, OffsetMap(), digest)
    claims, _ = align_article(article, [m], _tables())
    assert len(claims) == 1, claims
    return claims[0]


def quantity_claim(article: str, sentence: str, surface: str, q: Quantity) -> Claim:
    """The claim align builds from ``surface`` of ``sentence`` read as ``q``."""
    return aligned(mention(article, sentence, surface, q))
