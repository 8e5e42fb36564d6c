"""Extraction stage: Article -> Mentions.

Extractors work on normalised text and report ``Hit``s; this driver places each hit in
its sentence and maps every offset back into the original file text, so that
``article.raw[mention.span]`` is exactly what the file says.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from factcheck.extract.base import Context, Extractor, Hit
from factcheck.model import Article, FactType, Mention, Span
from factcheck.text.spans import sentences

__all__ = [
    "Context",
    "Extractor",
    "Hit",
    "build_extractors",
    "extract",
    "extractor_classes",
    "extractor_versions",
]


def build_extractors(rules_dir: Path | None = None) -> tuple[Extractor, ...]:
    """Construct the built-in extractors with their data tables loaded from ``rules_dir``."""
    # Imported lazily so that importing factcheck does not load quantulum3/dateparser.
    return tuple(cls.from_rules(rules_dir) for cls in extractor_classes())


class BuildableExtractor(Extractor, Protocol):
    """An extractor class that loads its tables from a rules folder."""

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> Extractor: ...


def extractor_classes() -> tuple[type[BuildableExtractor], ...]:
    """The built-in extractor classes, whose class attributes name and version them."""
    from factcheck.extract.clock import ClockExtractor
    from factcheck.extract.dates import DateExtractor
    from factcheck.extract.figures import FigureExtractor
    from factcheck.extract.quantities import QuantityExtractor
    from factcheck.extract.quotes import QuoteExtractor

    return (ClockExtractor, DateExtractor, QuantityExtractor, FigureExtractor, QuoteExtractor)


def extractor_versions(extractors: Sequence[Extractor | type[Extractor]]) -> str:
    """A string naming every extractor and its version: part of the cache key."""
    return ",".join(f"{e.name}@{e.version}" for e in extractors)


def extract(article: Article, extractors: Sequence[Extractor]) -> tuple[Mention, ...]:
    """Run every extractor over one article and return its mentions in text order."""
    spans = sentences(article.text)
    ctx = Context(text=article.text, sentences=spans, published=article.published)
    places = _Places(article, spans)
    date_ranges: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    cut = _truncated_from(article.text, spans)
    for extractor in extractors:
        hits = extractor(ctx)
        if cut is not None:
            # A cut-off last sentence ("The plant will cost $8", "said Emil ...") is not
            # evidence where the cut may have changed it: a name or a speaker may be the
            # cut-off part. A figure or a date followed by a complete word ("along with
            # 22 Indian crew members, "h") is as written and is kept.
            keeps_tail = extractor.produces in (FactType.QUANTITY, FactType.DATE)
            hits = [
                h
                for h in hits
                if h.end <= cut or (keeps_tail and _COMPLETE_WORD.match(article.text, h.end))
            ]
        if extractor.produces is FactType.DATE:
            if date_ranges:  # clock times, then dates: neither may overlap the other
                hits = [
                    h for h in hits if not _overlaps(h, date_ranges, [r[0] for r in date_ranges])
                ]
            date_ranges = sorted([*date_ranges, *((h.start, h.end) for h in hits)])
        elif extractor.produces is FactType.QUANTITY:
            # A number inside a date ("March 24, 2025") is never a quantity.
            date_starts = [r[0] for r in date_ranges]
            hits = [h for h in hits if not _overlaps(h, date_ranges, date_starts)]
        tag = f"{extractor.name}@{extractor.version}"
        for hit in hits:
            mention = places.mention(hit, extractor.produces, tag)
            if mention is not None:
                mentions.append(mention)
    mentions.sort(key=lambda m: (m.span.start, m.span.end, m.type.value))
    return tuple(mentions)


_COMPLETE = tuple(".!?\"'”’)»")
# After a fact: some word that ends before the text does (the cut cannot reach the fact).
_COMPLETE_WORD = re.compile(r"[^\w]{0,20}\w{1,40}[\s,;:.!?]")


def _truncated_from(text: str, spans: Sequence[Span]) -> int | None:
    """Where a truncated article's unfinished last sentence starts, or None.

    Paywalled and syndicated copies are often cut mid-sentence, with or without an
    ellipsis; an article whose text ends without closing punctuation, or with "…",
    ends in such a fragment.
    """
    tail = text.rstrip()
    if not tail or not spans:
        return None
    if tail.endswith(("…", "...")) or not tail.endswith(_COMPLETE):
        return spans[-1].start
    return None


def _overlaps(hit: Hit, ranges: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """Whether ``hit`` overlaps one of the sorted, non-overlapping ``ranges``."""
    i = bisect.bisect_left(starts, hit.end) - 1
    return i >= 0 and ranges[i][1] > hit.start


class _Places:
    """Places hits of one article in their sentences and in the raw file text."""

    def __init__(self, article: Article, spans: Sequence[Span]) -> None:
        self.article = article
        self.spans = spans
        self.starts = [s.start for s in spans]
        offsets = article.offsets
        # NOTE: most articles' maps are one pure shift (a header cut off the top, no
        # character changed inside), so a span maps by one addition, not two bisects.
        self.shift = offsets.raw[0] - offsets.norm[0] if len(offsets.norm) == 1 else None
        # Mentions of one sentence share one copy of its text: an article that is one
        # 160 kB line with 20,000 figures must not hold 20,000 copies of it.
        self.sentences: dict[tuple[int, int], tuple[str, Span]] = {}

    def raw_span(self, start: int, end: int) -> Span:
        """The raw range of the non-empty normalised range [start, end)."""
        if self.shift is not None:
            return Span(start + self.shift, end + self.shift)
        return self.article.offsets.span_to_raw(start, end)

    def mention(self, hit: Hit, produces: FactType, tag: str) -> Mention | None:
        article, spans = self.article, self.spans
        if not 0 <= hit.start < hit.end <= len(article.text):
            return None
        index = max(0, bisect.bisect_right(self.starts, hit.start) - 1)
        sent = spans[index] if spans else Span(0, len(article.text))
        # A hit that runs past its sentence (a quote spanning sentences) widens the
        # sentence shown as evidence to the following sentences it covers.
        sent_end = sent.end
        j = index
        while hit.end > sent_end and j + 1 < len(spans):
            j += 1
            sent_end = spans[j].end
        sent_start = min(sent.start, hit.start)
        sent_end = max(sent_end, hit.end)
        known = self.sentences.get((sent_start, sent_end))
        if known is None:
            known = self.sentences[(sent_start, sent_end)] = (
                article.text[sent_start:sent_end],
                self.raw_span(sent_start, sent_end),
            )
        sentence, sentence_span = known
        span = self.raw_span(hit.start, hit.end)
        return Mention(
            article_id=article.id,
            type=produces,
            surface=article.raw[span.start : span.end],
            span=span,
            sentence=sentence,
            sentence_span=sentence_span,
            local=Span(hit.start - sent_start, hit.end - sent_start),
            value=hit.value,
            confidence=hit.confidence,
            extractor=tag,
            sentence_index=index,
        )
