"""The contract every extractor fulfils.

An extractor reads one article's normalised text and its sentence spans and returns
``Hit``s with offsets into that normalised text. The driver in ``extract/__init__.py``
turns hits into ``Mention``s with offsets into the original file text, so extractors
never deal with the raw text or the offset map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from factcheck.model import FactType, Span, Value


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # offset into Context.text
    end: int
    value: Value
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Context:
    """What an extractor may read about one article.

    ``memo`` holds intermediate results that several extractors of one article need
    (the names and organisations both the figure and the quote extractor read); it
    lives as long as the context, so nothing is shared between articles.
    """

    text: str
    sentences: tuple[Span, ...]
    published: date | None = None
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start : s.end]


class Extractor(Protocol):
    """Extractors declare a name, a version (part of the cache key) and what they produce."""

    name: str
    version: str
    produces: FactType

    def __call__(self, ctx: Context) -> list[Hit]: ...
