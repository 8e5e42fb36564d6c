"""Date extractor: calendar expressions with their granularity and their anchor.

Two passes. ``date_candidates`` finds date-shaped spans with regexes built from
``rules/dates.yaml`` and rejects the look-alikes ("60% of", "$14", the modal "may",
counts such as "2023 tons"). This module then turns each candidate into a
``DateValue``: full dates are parsed by dateparser (restricted to English absolute
dates with day, month and year required); everything dateparser gets wrong for news
(month, season, quarter and decade periods, "last week" as a calendar week, year-less
dates) is computed here.

Year-less and relative expressions are resolved against the publication date when the
article has one, otherwise against the nearest earlier full date in the article, and
otherwise left unresolved (start/end None, resolution "none") but still reported, with
lower confidence. The tense of the clause picks the occurrence of a year-less date: the
next one in a future clause ("the pact expires in December"), the last one begun in a
past clause ("the museum reopened on 4 July"), else the nearest. A bare weekday is the
most recent one on or before the anchor (news convention) unless the clause is future
("will meet on Thursday"). A weekday written next to a full date is recorded in
``DateValue.weekday`` and the date kept as written, so a later check can compare them.

Granularity is that of the period named: "mid-April" is a month-granularity value
bounded to April 11-20, "the first half of 2024" a year-granularity value bounded to
January-June, a weekend a week-granularity value bounded to Saturday-Sunday.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dateparser.date import DateDataParser

from factcheck.extract.base import Context, Hit
from factcheck.extract.date_candidates import Candidate, CandidateFinder, Vocab
from factcheck.model import DateValue, FactType
from factcheck.text.spans import sentences
from factcheck.vocab import load_vocabulary

__all__ = ["DateExtractor", "extract_dates"]

_PARSER_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
# Confidence multipliers by what fixed a year-less or relative expression. A deictic
# expression ("yesterday", "on Tuesday") read against an earlier date in the article
# is a guess at the publication date, so it is trusted less than a missing year is.
_TRUST_YEARLESS = {"absolute": 1.0, "published": 0.95, "context": 0.8, "none": 0.7}
_TRUST_DEICTIC = {"absolute": 1.0, "published": 1.0, "context": 0.55, "none": 0.5}
_GRANULARITY = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}
Period = tuple[date, date]
_MEMO_SIZE = 20_000


class DateExtractor:
    """Finds dates in an article's normalised text; see the module docstring."""

    name: str = "dates"
    version: str = "1"
    produces: FactType = FactType.DATE

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._finder = CandidateFinder(vocab)
        self._parser: Any = DateDataParser(languages=["en"], settings=_PARSER_SETTINGS)
        # NOTE: dateparser takes about a millisecond per call, and a corpus repeats the
        # same few date strings thousands of times (one story, many outlets). Its answer
        # depends on the string alone, so it is remembered for the extractor's lifetime.
        self._days: dict[str, date | None] = {}
        self._confirmed: set[tuple[int, int, int]] = set()  # (y, m, d) dateparser accepted

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> DateExtractor:
        """Build the extractor from ``rules_dir/dates.yaml`` (the shipped rules by default)."""
        return cls(Vocab.from_table(load_vocabulary(rules_dir).table("dates.yaml")))

    def __call__(self, ctx: Context) -> list[Hit]:
        """Every date in ``ctx.text``, in text order, each a ``Hit`` with a ``DateValue``."""
        published = ctx.published
        if isinstance(published, datetime):
            published = published.date()
        parsed: dict[str, date | None] = {}  # per article: one parse per distinct surface
        anchor: date | None = None
        hits: list[Hit] = []
        for cand in self._finder.find(ctx.text):
            base: date | None = published if published is not None else anchor
            how = "published" if published is not None else ("context" if anchor else "none")
            result = self._resolve(cand, base, how, parsed)
            if result is None:
                continue
            value, confidence = result
            hits.append(Hit(cand.start, cand.end, value, round(confidence, 3)))
            if cand.kind == "date" and value.resolution == "absolute":
                anchor = value.start
        return hits

    # --- resolution ---------------------------------------------------------------

    def _resolve(
        self, c: Candidate, base: date | None, how: str, parsed: dict[str, date | None]
    ) -> tuple[DateValue, float] | None:
        if c.kind == "date" and c.year is not None:
            return self._absolute_day(c, parsed)
        granularity = self._granularity(c)
        if c.year is not None:  # a year, decade, or month/season/quarter of a stated year
            period = self._fixed_period(c)
            return (DateValue(*period, granularity), c.confidence) if period else None
        try:
            period = None if base is None else self._anchored(c, base)
        except (OverflowError, ValueError):
            period = None  # the anchor sits at the edge of the calendar (year 1 or 9999)
        if period is None:
            how = "none"
        deictic = c.kind in ("weekday", "weekend", "relative")
        trust = (_TRUST_DEICTIC if deictic else _TRUST_YEARLESS)[how]
        start, end = period if period else (None, None)
        value = DateValue(start, end, granularity, c.weekday, relative=True, resolution=how)
        return value, c.confidence * trust

    def _absolute_day(
        self, c: Candidate, parsed: dict[str, date | None]
    ) -> tuple[DateValue, float] | None:
        assert c.year is not None and c.month is not None and c.day is not None
        text = c.parse_text or ""
        parts = (c.year, c.month, c.day)
        named = any(ch.isalpha() for ch in text)  # the month is a word: no d/m ambiguity
        if named and parts in self._confirmed:
            # dateparser already read this day from another spelling of it
            # ("Wednesday, November 19, 2025", "19 November 2025").
            day: date | None = date(*parts)
        else:
            if text not in parsed:
                parsed[text] = self._parse_day(text)
            day = parsed[text]
        if day is None or (day.year, day.month, day.day) != parts:
            return None  # not a real calendar day ("February 30, 2025")
        if named and len(self._confirmed) < _MEMO_SIZE:
            self._confirmed.add(parts)
        end = day
        if c.day2 is not None:
            if c.day2 > calendar.monthrange(c.year, c.month)[1]:
                return None
            end = date(c.year, c.month, c.day2)
        return DateValue(day, end, "day", c.weekday), c.confidence

    def _parse_day(self, text: str) -> date | None:
        if text not in self._days:
            if len(self._days) >= _MEMO_SIZE:
                self._days.clear()
            data = self._parser.get_date_data(text)
            self._days[text] = data.date_obj.date() if data and data.date_obj else None
        return self._days[text]

    def _granularity(self, c: Candidate) -> str:
        if c.kind == "date":
            return "day"
        if c.kind == "relative":
            return _GRANULARITY.get(c.unit or "", "year")
        if c.kind == "weekend":
            return "week"
        return c.kind  # year | decade | month | season | quarter | weekday

    def _fixed_period(self, c: Candidate) -> Period | None:
        """The period of a candidate whose text states its year."""
        assert c.year is not None
        if c.kind == "decade":
            first, last = self._bound(c.part, "decade_years", (0, 9))
            return date(c.year + first, 1, 1), date(c.year + last, 12, 31)
        return self._period_in_year(c, c.year)

    def _period_in_year(self, c: Candidate, year: int) -> Period | None:
        if c.kind == "date":
            assert c.month is not None and c.day is not None
            last = calendar.monthrange(year, c.month)[1]
            if c.day > last or (c.day2 or 0) > last:
                return None
            return date(year, c.month, c.day), date(year, c.month, c.day2 or c.day)
        if c.kind == "month":
            assert c.month is not None
            return self._month_period(year, c.month, c.part)
        if c.kind == "quarter":
            assert c.quarter is not None
            first = 3 * c.quarter - 2
            return date(year, first, 1), _month_end(year, first + 2)
        if c.kind == "season":
            first, last = self.vocab.seasons[c.season or ""]
            if c.part:
                k, _ = self._bound(c.part, "season_months", (0, 2))
                first = (first - 1 + k) % 12 + 1
                last = first
            end_year = year + 1 if last < first else year
            return date(year, first, 1), _month_end(end_year, last)
        first, last = self._bound(c.part, "year_months", (1, 12))
        return date(year, first, 1), _month_end(year, last)

    def _month_period(self, year: int, month: int, part: str | None) -> Period:
        first, last = self._bound(part, "month_days", (1, 31))
        days = calendar.monthrange(year, month)[1]
        return date(year, month, min(first, days)), date(year, month, min(last, days))

    def _bound(self, part: str | None, key: str, default: tuple[int, int]) -> tuple[int, int]:
        if part is None:
            return default
        return self.vocab.part_bounds.get(part, {}).get(key, default)

    def _anchored(self, c: Candidate, base: date) -> Period | None:
        """Place a year-less or relative candidate relative to ``base``."""
        if c.kind == "weekday":
            assert c.weekday is not None
            return _weekday(base, c.weekday, c.direction, c.tense == "future")
        if c.kind == "weekend":
            return _weekend(base, c.direction, c.tense == "future")
        if c.kind == "relative":
            return self._relative(c, base)
        options = [p for y in (base.year - 1, base.year, base.year + 1)
                   if (p := self._period_in_year(c, y)) is not None]  # fmt: skip
        if c.direction == -1:  # "last April": the latest one over before the anchor
            return max((p for p in options if p[1] < base), default=None)
        if c.direction == 1:  # "next summer": the first one begun after the anchor
            return min((p for p in options if p[0] > base), default=None)
        if c.tense == "future":  # "the pact expires in December": not over yet
            return min((p for p in options if p[1] >= base), default=None)
        if c.tense == "past" or c.kind == "quarter":  # "reopened on 4 July": begun already
            return max((p for p in options if p[0] <= base), default=None)
        # "in April", "on March 18", "this summer": the occurrence nearest the anchor
        return min(options, key=lambda p: _distance(p, base), default=None)

    def _relative(self, c: Candidate, base: date) -> Period | None:
        unit, k = c.unit or "", c.offset
        if unit == "day":
            day = base + timedelta(days=k)
            return day, day
        if unit == "week":
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=k)
            period = (monday, monday + timedelta(days=6))
        elif unit == "month":
            y, m = divmod(base.year * 12 + base.month - 1 + k, 12)
            period = self._month_period(y, m + 1, c.part)
        elif unit == "quarter":
            y, q = divmod(base.year * 4 + (base.month - 1) // 3 + k, 4)
            period = date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3)
        else:
            first, last = self._bound(c.part, "year_months", (1, 12))
            period = date(base.year + k, first, 1), _month_end(base.year + k, last)
        if c.position == "before" and period[0] < base:
            return period[0], base - timedelta(days=1)
        if c.position == "after" and base < period[1]:
            return base + timedelta(days=1), period[1]
        return period


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _distance(period: Period, base: date) -> int:
    if period[0] <= base <= period[1]:
        return 0
    return min(abs((period[0] - base).days), abs((period[1] - base).days))


def _weekday(base: date, weekday: int, direction: int | None, future: bool) -> Period:
    """News convention: a bare weekday is the most recent one on or before ``base``."""
    if direction == 0:
        day = base - timedelta(days=base.weekday()) + timedelta(days=weekday)
    elif direction == 1:
        day = base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
    elif direction == -1:
        day = base - timedelta(days=(base.weekday() - weekday) % 7 or 7)
    elif future:
        day = base + timedelta(days=(weekday - base.weekday()) % 7)
    else:
        day = base - timedelta(days=(base.weekday() - weekday) % 7)
    return day, day


def _weekend(base: date, direction: int | None, future: bool) -> Period:
    """Saturday and Sunday: of the anchor's week ("this"), the week before or after it
    ("last", "next"); bare, the latest one begun by the anchor, or in a future clause
    the one of the anchor's week."""
    saturday = base - timedelta(days=base.weekday()) + timedelta(days=5)
    if direction is not None:
        saturday += timedelta(weeks=direction)
    elif not future and saturday > base:
        saturday -= timedelta(weeks=1)
    return saturday, saturday + timedelta(days=1)


def extract_dates(
    text: str, published: date | None = None, *, extractor: DateExtractor | None = None
) -> list[Hit]:
    """Extract dates from plain text (for tests and benchmarks).

    Pass ``extractor`` to reuse one across calls; building one reads ``dates.yaml``
    and compiles the regexes.
    """
    extractor = extractor or DateExtractor.from_rules()
    return extractor(Context(text=text, sentences=sentences(text), published=published))
