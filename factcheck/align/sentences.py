"""Look up the other mentions in a mention's sentence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from factcheck.model import DateValue, FactType, Mention


class SentenceIndex:
    """Mentions of one article grouped by sentence index."""

    __slots__ = ("_by_sentence",)

    def __init__(self, mentions: Iterable[Mention]) -> None:
        grouped: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            grouped[m.sentence_index].append(m)
        self._by_sentence = dict(grouped)

    def in_sentence(self, m: Mention, type_: FactType | None = None) -> list[Mention]:
        others = self._by_sentence.get(m.sentence_index, [])
        return [o for o in others if o is not m and (type_ is None or o.type is type_)]

    def date_of(self, m: Mention) -> Mention | None:
        """The resolved date mention nearest to ``m`` in its sentence, if any."""
        dates = [
            d
            for d in self.in_sentence(m, FactType.DATE)
            if isinstance(d.value, DateValue) and d.value.start is not None
        ]
        if not dates:
            return None
        return min(dates, key=lambda d: abs(d.span.start - m.span.start))
