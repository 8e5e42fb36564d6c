"""Look up the other mentions in a mention's sentence."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from factcheck.model import DateValue, FactType, Mention


class SentenceIndex:
    """Mentions of one article grouped by sentence index.

    The resolved dates of each sentence are kept sorted by position, so finding the
    date nearest a mention is a binary search: a 160 kB one-sentence article with
    20,000 figures stays linear.
    """

    __slots__ = ("_by_sentence", "_dates", "_said")

    def __init__(self, mentions: Iterable[Mention]) -> None:
        grouped: dict[int, list[Mention]] = defaultdict(list)
        dates: dict[int, list[Mention]] = defaultdict(list)
        said: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            grouped[m.sentence_index].append(m)
            # Clock times date happenings (align/happenings.py), not the figures and
            # offices of their sentence: those keep to calendar dates.
            if (
                m.type is FactType.DATE
                and isinstance(m.value, DateValue)
                and m.value.minute is None
            ):
                said[m.sentence_index].append(m)
                if m.value.start is not None:
                    dates[m.sentence_index].append(m)
        self._by_sentence = dict(grouped)
        self._dates = _by_position(dates)
        self._said = _by_position(said)

    def in_sentence(self, m: Mention, type_: FactType | None = None) -> list[Mention]:
        others = self._by_sentence.get(m.sentence_index, [])
        return [o for o in others if o is not m and (type_ is None or o.type is type_)]

    def date_of(self, m: Mention) -> Mention | None:
        """The resolved date mention nearest to ``m`` in its sentence, if any."""
        return _nearest(self._dates, m)

    def said_date_of(self, m: Mention) -> Mention | None:
        """The date mention nearest to ``m`` in its sentence, placed on the calendar or
        not ("in February" with no year)."""
        return _nearest(self._said, m)


_Table = dict[int, tuple[list[Mention], list[int]]]


def _by_position(dates: dict[int, list[Mention]]) -> _Table:
    return {
        i: (sorted(ds, key=lambda d: d.span.start), sorted(d.span.start for d in ds))
        for i, ds in dates.items()
    }


def _nearest(table: _Table, m: Mention) -> Mention | None:
    """The mention of ``table`` nearest to ``m`` in its sentence, other than ``m``."""
    found = table.get(m.sentence_index)
    if not found:
        return None
    dates, starts = found
    i = bisect.bisect_left(starts, m.span.start)
    # The nearest is next to the insertion point; ties go to the earlier date.
    best: Mention | None = None
    for d in dates[max(0, i - 2) : i + 2]:
        if d is m:
            continue
        if best is None or abs(d.span.start - m.span.start) < abs(best.span.start - m.span.start):
            best = d
    if best is None:  # only ``m`` itself nearby: look further out
        others = [d for d in dates if d is not m]
        return min(others, key=lambda d: abs(d.span.start - m.span.start), default=None)
    return best
