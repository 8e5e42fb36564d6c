"""Candidate pass of the date extractor: find the spans that really are dates.

dateparser's own search reads "60% of" as 2060, "$14" as March 14 and the modal "may"
as a month, so no text reaches a parser unless a regex built from ``rules/dates.yaml``
has found a date-shaped candidate and the context checks here accept it. A
``Candidate`` is a span plus the calendar fields read from it; turning those into
calendar periods is the job of ``dates.py``. ``Vocab`` is the YAML table, read once
and frozen.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from factcheck.extract.wordtrie import union
from factcheck.resources import RulesDataError

__all__ = ["Candidate", "CandidateFinder", "Vocab"]

_S = r"[ \t\u00a0\u2009\u202f]"  # one white-space character within a line
_SP, _SP0 = _S + "+", _S + "*"
_TRIGGER = re.compile(r"[A-Za-z]+|[0-9]+")
_URLISH = re.compile(r"://|www\.|@|\w\.(?:com|org|net|gov|edu|io|ru|uk|info|news)\b", re.I | re.A)
_TOKEN = re.compile(r"[A-Za-z’']+|\S")
_WORDS = re.compile(r"[A-Za-z’']+")
_NEXT_WORD = re.compile(rf"{_SP}([A-Za-z’']+)")
_PUNCT_OR_END = re.compile(rf"{_SP0}(?:[,.;:!?)\]\"”’]|\n|$)")
_POSSESSIVE = re.compile(r"['’]s\b")
_CAPITAL_NEXT = re.compile(rf"{_SP}[A-Z]")
_YEAR_END = re.compile(r"(?![\w%]|[.,][0-9])")
_CONNECTOR = r"(?:[-–—]|(?:to|through|until|and|or)\b)"
_RANGE_TAIL = re.compile(rf"{_SP0}(?P<conn>{_CONNECTOR}){_SP0}(?P<num>[0-9]+(?:[,.][0-9]+)*)")
_RANGE_HEAD = re.compile(rf"([0-9]{{4}}){_SP0}{_CONNECTOR}{_SP0}\Z")
_SENTENCE_END = re.compile(rf"[!?\n]|\.(?={_SP}[A-Z\"“‘(]|{_SP0}\n)")
_CLAUSE_END = re.compile(r"[,;:()\[\]—]")
_THE = re.compile(rf"the{_SP}", re.IGNORECASE | re.ASCII)
_SHORT_DECADE = re.compile(r"['’][0-9]0s(?!\w)")  # "'90s"
_HYPHEN_TAIL = re.compile(r"-(?![0-9]{4}\b)")
_DAY = (
    r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
    rf"(?:{_SP0}[-–]{_SP0}(?P<day2>[0-3]?[0-9])(?:st|nd|rd|th)?)?"
)
_YEAR_TAIL = rf"(?:,?{_SP}(?P<year>[0-9]{{4}})(?![\w%]|[.,][0-9]))?(?![.,][0-9])"
_YEAR_AFTER = rf"(?:(?:{_SP}of|,)?{_SP}(?P<year>[0-9]{{4}})(?![\w%]|[.,][0-9]))?"
_YEARS_FULL = range(1000, 3000)  # a year written inside a full date is never in doubt


def _words(table: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(_norm(str(w)) for w in _get(table, key, list))


def _ints(table: Mapping[str, Any], key: str) -> Mapping[str, int]:
    items = _get(table, key, dict).items()
    if not all(isinstance(n, int) for _, n in items):
        raise RulesDataError(f"dates.yaml: the values of {key!r} must be integers")
    return MappingProxyType({_norm(str(k)): int(n) for k, n in items})


def _get(table: Mapping[str, Any], key: str, kind: type) -> Any:
    value = table.get(key)
    if not isinstance(value, kind):
        raise RulesDataError(f"dates.yaml: key {key!r} must be a {kind.__name__}")
    return value


def _pair(value: Any, where: str) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(x, int) for x in value)):
        raise RulesDataError(f"dates.yaml: {where} must be a pair of integers")
    return int(value[0]), int(value[1])


def _names(
    table: Mapping[str, Any], key: str, numbers: range
) -> tuple[Mapping[str, int], frozenset[str]]:
    """``{number: {name, abbrev}}`` -> (every spelling -> number, the full names)."""
    spellings: dict[str, int] = {}
    full: set[str] = set()
    for number, entry in _get(table, key, dict).items():
        if number not in numbers or not (isinstance(entry, dict) and "name" in entry):
            raise RulesDataError(
                f"dates.yaml: {key}.{number} needs a name and a number in {numbers}"
            )
        full.add(str(entry["name"]).lower())
        spellings.update(
            (str(n).lower(), number) for n in [entry["name"], *entry.get("abbrev", [])]
        )
    return MappingProxyType(spellings), frozenset(full)


@dataclass(frozen=True, slots=True)
class Vocab:
    """The words of ``rules/dates.yaml``, lower-cased and frozen (see the YAML comments)."""

    months: Mapping[str, int]
    full_months: frozenset[str]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    full_weekdays: frozenset[str]
    month_context: frozenset[str]
    ambiguous_month_context: frozenset[str]
    year_range: tuple[int, int]
    year_strong: frozenset[str]
    year_weak: frozenset[str]
    year_followers: frozenset[str]
    year_determiners: frozenset[str]
    count_nouns: frozenset[str]
    parts: Mapping[str, str]  # phrase -> early | mid | late | first_half | second_half
    part_bounds: Mapping[str, Mapping[str, tuple[int, int]]]
    seasons: Mapping[str, tuple[int, int]]
    ambiguous_seasons: frozenset[str]
    season_context: frozenset[str]
    weekend_context: frozenset[str]
    quarter_words: Mapping[str, int]
    fiscal_words: frozenset[str]
    relative_days: Mapping[str, int]
    relative_directions: Mapping[str, int]
    relative_units: frozenset[str]
    relative_positions: Mapping[str, str]
    ago_units: frozenset[str]
    number_words: Mapping[str, int]
    trailing_span_words: frozenset[str]
    generic_after_today: frozenset[str]
    future_markers: frozenset[str]
    past_markers: frozenset[str]
    not_past: frozenset[str]
    never_dates: tuple[str, ...]

    @classmethod
    def from_table(cls, table: Any) -> Vocab:
        """Validate the parsed YAML; errors name the file and the key."""
        if not isinstance(table, dict):
            raise RulesDataError("dates.yaml: expected a mapping at the top level")
        months, full_months = _names(table, "months", range(1, 13))
        weekdays, full_weekdays = _names(table, "weekdays", range(7))
        parts: dict[str, str] = {}
        bounds: dict[str, Mapping[str, tuple[int, int]]] = {}
        for key, entry in _get(table, "parts", dict).items():
            if not isinstance(entry, dict):
                raise RulesDataError(f"dates.yaml: parts.{key} must be a mapping")
            parts.update((_norm(p), str(key)) for p in entry.get("phrases", []))
            bounds[str(key)] = MappingProxyType(
                {k: _pair(v, f"parts.{key}.{k}") for k, v in entry.items() if k != "phrases"}
            )
        seasons = {
            str(k): _pair(v, f"seasons.{k}") for k, v in _get(table, "seasons", dict).items()
        }
        return cls(
            months=months,
            full_months=full_months,
            ambiguous_months=_words(table, "ambiguous_months"),
            weekdays=weekdays,
            full_weekdays=full_weekdays,
            month_context=_words(table, "month_context"),
            ambiguous_month_context=_words(table, "ambiguous_month_context"),
            year_range=_pair(table.get("year_range"), "year_range"),
            year_strong=_words(table, "year_context_strong"),
            year_weak=_words(table, "year_context_weak"),
            year_followers=_words(table, "year_followers"),
            year_determiners=_words(table, "year_determiners"),
            count_nouns=_words(table, "count_nouns"),
            parts=MappingProxyType(parts),
            part_bounds=MappingProxyType(bounds),
            seasons=MappingProxyType(seasons),
            ambiguous_seasons=_words(table, "ambiguous_seasons"),
            season_context=_words(table, "season_context"),
            weekend_context=_words(table, "weekend_context"),
            quarter_words=_ints(table, "quarter_words"),
            fiscal_words=_words(table, "fiscal_words"),
            relative_days=_ints(table, "relative_days"),
            relative_directions=_ints(table, "relative_directions"),
            relative_units=_words(table, "relative_units"),
            relative_positions=MappingProxyType(
                {_norm(k): str(v) for k, v in _get(table, "relative_positions", dict).items()}
            ),
            ago_units=_words(table, "ago_units"),
            number_words=_ints(table, "number_words"),
            trailing_span_words=_words(table, "trailing_span_words"),
            generic_after_today=_words(table, "generic_after_today"),
            future_markers=_words(table, "future_markers"),
            past_markers=_words(table, "past_markers"),
            not_past=_words(table, "ed_words_not_past"),
            never_dates=tuple(sorted(_words(table, "never_dates"))),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A date-shaped span and the calendar fields the regex read from it.

    ``kind`` is one of: date (a day, maybe without year), month, year, decade, quarter,
    season, weekday, weekend, relative (``unit`` + ``offset`` from the anchor: "two
    years ago" is year/-2). ``direction`` is -1/0/1 for last/this/next, ``position``
    is before/after for "earlier/later this month", ``part`` a key of ``Vocab.parts``
    (early, mid, late, first_half, second_half).
    """

    start: int
    end: int
    kind: str
    confidence: float
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    weekday: int | None = None
    part: str | None = None
    season: str | None = None
    quarter: int | None = None
    direction: int | None = None
    unit: str | None = None
    offset: int = 0
    position: str | None = None
    tense: str | None = None  # future | past: the verbs around a year-less date
    parse_text: str | None = None  # what is handed to dateparser (full dates only)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first, with spaces matching white space in a line
    (written as a trie: the patterns ignore case and the words are lower case)."""
    return union(words, ignore_case=True, space=_SP)


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _words_before(text: str, pos: int, n: int = 4) -> list[str]:
    """Up to ``n`` lower-case words right before ``pos``, joined only by spaces/hyphens."""
    words: list[str] = []
    for tok in reversed(_TOKEN.findall(text, max(0, pos - 48), pos)):
        if tok == "-":
            continue
        if not (tok[0].isalpha() or tok[0] in "'’") or len(words) == n:
            break
        words.append(tok.lower())
    return words[::-1]


def _ends_with(words: list[str], phrases: frozenset[str]) -> str | None:
    """The longest phrase of ``phrases`` that ``words`` ends with."""
    for k in range(min(len(words), 4), 0, -1):
        phrase = " ".join(words[-k:])
        if phrase in phrases:
            return phrase
    return None


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1).lower() if m else ""


def _word_start(text: str, pos: int) -> int:
    """Where the word before ``pos`` (across spaces) begins."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] in "'’"):
        i -= 1
    return i


def _skip_the(text: str, pos: int) -> int:
    """Spans leave out a leading "the": "first half of 2024", "end of last year"."""
    m = _THE.match(text, pos)
    return m.end() if m else pos


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in '.!?:\n"“(•*#|-–—'


def _after_name(text: str, pos: int) -> bool:
    """True when a capitalised word, not opening a sentence, comes right before ``pos``."""
    start = _word_start(text, pos)
    return start < pos and text[start].isupper() and not _sentence_start(text, start)


def _select(found: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates, in text order."""
    taken: list[tuple[int, int]] = []
    kept: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        i = bisect.bisect_left(taken, (cand.start, cand.end))
        if (i > 0 and taken[i - 1][1] > cand.start) or (i < len(taken) and taken[i][0] < cand.end):
            continue
        taken.insert(i, (cand.start, cand.end))
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


Handler = Callable[[str, int, int], "Candidate | None"]


class CandidateFinder:
    """Finds date candidates in text.

    One fast pass picks trigger tokens (month, weekday and season names, relative
    words, numbers); only at those positions are the anchored patterns tried, and the
    words before a trigger ("mid-", "Monday,", "in") are read by small look-back
    patterns. Every regex is compiled here, once.
    """

    def __init__(self, vocab: Vocab) -> None:
        v = self.vocab = vocab
        mon, wd, parts = _alt(v.months), _alt(v.weekdays), _alt(v.parts)
        # ASCII: with Unicode case folding "ſ" would match "s" and "laſt" is no key.
        flags = re.IGNORECASE | re.ASCII
        self._never = re.compile(rf"\b(?:{_alt(v.never_dates)})\b", flags)
        self._md = re.compile(rf"(?P<mon>{mon})(?:\.{_SP0}|{_SP}){_DAY}(?!\w){_YEAR_TAIL}", flags)
        self._dm = re.compile(
            rf"(?<![\w$£€.,]){_DAY}{_SP}(?:of{_SP})?(?P<mon>{mon})(?:\.(?={_SP}[0-9]))?(?!\w)"
            + _YEAR_TAIL,
            flags,
        )
        self._my = re.compile(
            rf"(?P<mon>{mon})\.?,?{_SP}(?:of{_SP})?(?P<year>[0-9]{{4}})(?![\w%]|[.,][0-9])", flags
        )
        self._mon_alone = re.compile(
            rf"(?P<mon>{_alt(v.full_months)})(?![\w-]|\.?{_SP0}[0-9])", flags
        )
        self._iso = re.compile(
            r"(?<![\w/.-])(?P<year>[0-9]{4})-(?P<mon>[01][0-9])-(?P<day>[0-3][0-9])(?![0-9]|-[0-9])"
        )
        # "03/24/2025", "24.03.2025": all-number days, read only when the order of day
        # and month is certain (one of them above 12, or both the same).
        self._numeric = re.compile(
            r"(?<![\w/.,-])(?P<a>[0-9]{1,2})(?P<sep>[/.])(?P<b>[0-9]{1,2})(?P=sep)"
            r"(?P<year>[0-9]{4})(?![\w/]|[.,][0-9])"
        )
        self._decade = re.compile(r"(?<![\w$£€.,])(?P<dec>1[89][0-9]0|20[0-9]0)s(?!\w)")
        self._quarter = re.compile(
            rf"(?<![\w$])(?:(?P<q>Q[1-4])|(?P<qw>{_alt(v.quarter_words)})(?:{_SP}|-)quarter)(?!\w)"
            + _YEAR_AFTER,
            flags,
        )
        self._season = re.compile(rf"(?P<season>{_alt(v.seasons)})(?![\w-]){_YEAR_AFTER}", flags)
        self._rel_day = re.compile(rf"(?P<rd>{_alt(v.relative_days)})(?![\w-])", flags)
        self._rel_unit = re.compile(
            rf"(?P<dir>{_alt(v.relative_directions)}){_SP}(?P<unit>{_alt(v.relative_units)})(?![\w-])",
            flags,
        )
        # Look-back patterns: searched in a short window that ends at the trigger.
        self._part_before = re.compile(
            rf"(?<![\w-])(?P<part>{parts})(?:{_SP}|{_SP0}-{_SP0})(?:the{_SP})?\Z", flags
        )
        self._wd_before = re.compile(rf"(?<![\w-])(?P<wd>{wd})\.?,?{_SP}(?:the{_SP})?\Z", flags)
        self._pos_before = re.compile(
            rf"(?<![\w-])(?P<pos>{_alt([*v.relative_positions, *v.parts])}){_SP}\Z", flags
        )
        self._ago_before = re.compile(
            rf"(?<![\w-])(?P<n>[0-9]{{1,3}}|{_alt(v.number_words)}){_SP}"
            rf"(?P<unit>{_alt(v.ago_units)})s?{_SP}\Z",
            flags,
        )
        dispatch: dict[str, Handler] = {}
        for words, handler in (
            (v.quarter_words, self._on_quarter),
            (["q"], self._on_quarter),
            (v.seasons, self._on_season),
            ([k.split()[0] for k in v.relative_days], self._on_relative),
            (v.relative_directions, self._on_relative),
            (["ago"], self._on_ago),
            (["weekend"], self._on_weekend),
            (v.full_weekdays, self._on_weekday),
            (v.months, self._on_month),
        ):
            dispatch.update((w, handler) for w in words)
        self._dispatch = MappingProxyType(dispatch)
        # The fast pass: one regex finds the digit runs and the few words that can start
        # a date, so the Python handlers never see the other words of the article.
        starts = union((w for w in dispatch if w.isalpha()), ignore_case=True)
        self._trigger = re.compile(rf"(?<![A-Za-z])(?:{starts})(?![A-Za-z])|[0-9]+", re.IGNORECASE)

    def find(self, text: str) -> list[Candidate]:
        """Every accepted candidate in ``text``, non-overlapping, in text order."""
        found: list[Candidate] = []
        get = self._dispatch.get
        for tok in self._trigger.finditer(text):
            word = tok.group()
            handler = self._on_number if word[0].isdigit() else get(word.lower())
            if handler is not None:
                cand = handler(text, tok.start(), tok.end())
                if cand is not None and not self._blocked(text, cand):
                    found.append(cand)
        return [self._with_tense(text, c) for c in _select(found)]

    def _with_tense(self, text: str, c: Candidate) -> Candidate:
        """Year-less dates and bare weekdays get the tense that places them in time."""
        if c.year is not None or c.kind in ("relative", "decade") or c.direction is not None:
            return c
        return replace(c, tense=self._tense(text, c))

    def _blocked(self, text: str, c: Candidate) -> bool:
        """Inside a URL or an e-mail address, or overlapping a never-a-date phrase."""
        left, right = c.start, c.end
        while left > max(0, c.start - 200) and not text[left - 1].isspace():
            left -= 1
        while right < min(len(text), c.end + 200) and not text[right].isspace():
            right += 1
        if _URLISH.search(text, left, right):
            return True
        window = self._never.finditer(text, max(0, c.start - 40), c.end + 40)
        return any(m.start() < c.end and c.start < m.end() for m in window)

    def _lead(self, pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
        """A look-back pattern's match ending right at ``pos``."""
        return pattern.search(text, max(0, pos - 32), pos)

    def _part(self, text: str, pos: int) -> tuple[str | None, int]:
        """The early/mid/late modifier right before ``pos`` and where it starts."""
        m = self._lead(self._part_before, text, pos)
        if m is None:
            return None, pos
        return self.vocab.parts[_norm(m.group("part"))], _skip_the(text, m.start())

    # --- triggers -----------------------------------------------------------------

    def _on_month(self, text: str, s: int, e: int) -> Candidate | None:
        if s and (text[s - 1].isalnum() or text[s - 1] in "$£€"):
            return None
        m = self._md.match(text, s)
        if m and (cand := self._full_date(text, m)):
            return cand
        m = self._my.match(text, s)
        if m and (cand := self._month_year(text, m)):
            return cand
        m = self._mon_alone.match(text, s)
        return self._bare_month(text, m) if m else None

    def _on_number(self, text: str, s: int, e: int) -> Candidate | None:
        if e - s <= 2:
            m = self._numeric.match(text, s)
            if m:
                return self._numeric_date(text, m)
            m = self._dm.match(text, s)
            if m and (cand := self._full_date(text, m)):
                return cand
            if s and _SHORT_DECADE.match(text, s - 1):
                return self._decade_cand(text, s - 1, e + 1, 1900 + int(text[s:e]))
            m = self._quarter.match(text, s)
            return self._quarter_cand(text, m) if m else None
        if e - s != 4:
            return None
        m = self._iso.match(text, s)
        if m:
            return self._iso_date(m)
        m = self._decade.match(text, s)
        if m:
            return self._decade_cand(text, s, m.end(), int(m.group("dec")))
        return self._year_cand(text, s, e)

    def _on_quarter(self, text: str, s: int, e: int) -> Candidate | None:
        m = self._quarter.match(text, s)
        return self._quarter_cand(text, m) if m else None

    def _on_season(self, text: str, s: int, e: int) -> Candidate | None:
        m = self._season.match(text, s)
        return self._season_cand(text, m) if m else None

    def _on_relative(self, text: str, s: int, e: int) -> Candidate | None:
        m = self._rel_day.match(text, s)
        if m and (cand := self._rel_day_cand(text, m)):
            return cand
        m = self._rel_unit.match(text, s)
        return self._rel_unit_cand(text, m) if m else None

    # --- checks: each returns a Candidate or None ---------------------------------

    def _month_ok(self, m: re.Match[str], has_day: bool, has_year: bool) -> int | None:
        """The month number, or None when the month word is not trusted as written."""
        surface = m.group("mon")
        word = surface.lower()
        if word not in self.vocab.full_months and not surface[0].isupper():
            return None  # "mar", "dec" in lower case are words, not months
        if word in self.vocab.ambiguous_months and surface.islower() and not (has_day and has_year):
            return None  # the modal "may", the verb "march"
        return self.vocab.months.get(word)

    def _full_date(self, text: str, m: re.Match[str]) -> Candidate | None:
        year = int(m.group("year")) if m.group("year") else None
        if year is not None and (
            year not in _YEARS_FULL or _next_word(text, m.end()) in self.vocab.count_nouns
        ):
            return None
        month = self._month_ok(m, True, year is not None)
        if month is None or (year is None and not m.group("mon")[0].isupper()):
            return None
        day = int(m.group("day"))
        day2 = int(m.group("day2")) if m.group("day2") else None
        if not 1 <= day <= 31 or (day2 is not None and not day < day2 <= 31):
            return None
        weekday, start = self._stated_weekday(text, m.start())
        parse = None
        if year is not None:
            parse = m.group() if day2 is None else f"{day} {m.group('mon').rstrip('.')} {year}"
        conf = 0.95 if year is not None else 0.85
        return Candidate(start, m.end(), "date", conf, year, month, day, day2, weekday,
                         parse_text=parse)  # fmt: skip

    def _stated_weekday(self, text: str, pos: int) -> tuple[int | None, int]:
        """A weekday written just before a date ("Monday, March 24") and where it starts.

        Abbreviations count only capitalised and not after "the" ("The Sun, 24 March").
        """
        lead = self._lead(self._wd_before, text, pos)
        if lead is None:
            return None, pos
        word = lead.group("wd")
        if word.lower() not in self.vocab.full_weekdays and (
            not word[0].isupper() or _words_before(text, lead.start(), 1) == ["the"]
        ):
            return None, pos
        return self.vocab.weekdays[word.lower()], lead.start()

    def _numeric_date(self, text: str, m: re.Match[str]) -> Candidate | None:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        if a > 12 >= b:
            day, month = a, b  # 24/03/2025
        elif b > 12 >= a or a == b:
            month, day = a, b  # 03/24/2025, 05/05/2025
        else:
            return None  # 03/04/2025: March 4 or 3 April; the text does not say
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        # dateparser reads the day in ISO form, so its own day-month order plays no part.
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        weekday, start = self._stated_weekday(text, m.start())
        return Candidate(
            start, m.end(), "date", 0.9, year, month, day, weekday=weekday, parse_text=iso
        )

    def _iso_date(self, m: re.Match[str]) -> Candidate | None:
        month, day = int(m.group("mon")), int(m.group("day"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        year = int(m.group("year"))
        return Candidate(m.start(), m.end(), "date", 0.95, year, month, day, parse_text=m.group())

    def _month_year(self, text: str, m: re.Match[str]) -> Candidate | None:
        year = int(m.group("year"))
        if year not in _YEARS_FULL or _next_word(text, m.end()) in self.vocab.count_nouns:
            return None
        month = self._month_ok(m, False, True)
        if month is None:
            return None
        part, start = self._part(text, m.start())
        return Candidate(start, m.end(), "month", 0.9, year, month, part=part)

    def _bare_month(self, text: str, m: re.Match[str]) -> Candidate | None:
        v = self.vocab
        month = self._month_ok(m, False, False)
        if month is None or _CAPITAL_NEXT.match(text, m.end()):
            return None  # "to April Smith"
        word = m.group("mon")
        ambiguous = word.lower() in v.ambiguous_months
        if ambiguous and not word[0].isupper():
            return None
        part, start = self._part(text, m.start())
        before = _words_before(text, start)
        context = v.ambiguous_month_context if ambiguous else v.month_context
        if part is None and not (before and before[-1] in context):
            return None
        direction = v.relative_directions.get(before[-1]) if before else None
        if direction is not None:
            start = _word_start(text, start)  # "last April"
        conf = 0.55 if ambiguous else (0.75 if word[0].isupper() else 0.6)
        return Candidate(start, m.end(), "month", conf, None, month, part=part,
                         direction=direction)  # fmt: skip

    def _decade_cand(self, text: str, s: int, e: int, first: int) -> Candidate | None:
        if first % 100 == 0 and first < 2000:
            return None  # "the 1900s" is a century as often as a decade
        if first < 1930 and text[s] in "'’":
            return None  # "the '20s": the 1920s or the 2020s
        part, start = self._part(text, s)
        return Candidate(start, e, "decade", 0.6 if first % 100 == 0 else 0.85, first, part=part)

    def _quarter_cand(self, text: str, m: re.Match[str]) -> Candidate | None:
        v = self.vocab
        if m.group("q") and m.group("q")[0] != "Q":
            return None
        if _ends_with(_words_before(text, m.start()), v.fiscal_words):
            return None
        quarter = int(m.group("q")[1]) if m.group("q") else v.quarter_words[m.group("qw").lower()]
        year = int(m.group("year")) if m.group("year") else None
        if year is None and text.startswith(" of the", m.end()):
            return None  # "the first quarter of the century / of the match"
        if year is not None and (year not in _YEARS_FULL or not self._year_free(text, m.end())):
            return None
        return Candidate(m.start(), m.end(), "quarter", 0.9 if year else 0.5, year, quarter=quarter)

    def _season_cand(self, text: str, m: re.Match[str]) -> Candidate | None:
        v = self.vocab
        season = m.group("season").lower()
        year = int(m.group("year")) if m.group("year") else None
        if year is not None and (year not in _YEARS_FULL or not self._year_free(text, m.end())):
            return None
        part, start = self._part(text, m.start())
        if m.group("season")[0].isupper() and part is None and _after_name(text, start):
            return None  # "Arab Spring", "Prague Spring"
        before = _words_before(text, start)
        direction = None
        if year is None:
            phrase = _ends_with(before, v.season_context)
            if phrase is None and part is None:
                return None
            last = before[-1] if before else ""
            direction = -1 if phrase == "this past" else v.relative_directions.get(last)
            for _ in range(len(phrase.split()) if direction is not None and phrase else 0):
                start = _word_start(text, start)  # "this summer", "this past winter"
            if direction is None and not self._followed_as_year(text, m.end()):
                return None  # "in the summer months", "in the fall of prices"
        # A winter straddles two years; a season with neither year nor this/last/next is
        # often habitual ("in the summer it rains").
        conf = 0.85 if year else (0.7 if direction is not None else 0.5)
        conf *= 0.8 if season == "winter" or (not year and season in v.ambiguous_seasons) else 1
        return Candidate(start, m.end(), "season", conf, year, season=season, part=part,
                         direction=direction)  # fmt: skip

    def _year_free(self, text: str, end: int) -> bool:
        """True when nothing after ``end`` makes the number a count or a measure."""
        if _POSSESSIVE.match(text, end):
            return True
        return _next_word(text, end) not in self.vocab.count_nouns

    def _is_year(self, text: str, tail: re.Match[str]) -> bool:
        digits = tail.group("num")
        lo, hi = self.vocab.year_range
        if len(digits) != 4 or not digits.isdigit():  # "2.15" in "2025 to 2.15pm"
            return False
        return lo <= int(digits) <= hi and self._year_free(text, tail.end())

    def _year_cand(self, text: str, s: int, end: int) -> Candidate | None:
        v = self.vocab
        year = int(text[s:end])
        lo, hi = v.year_range
        if (
            not lo <= year <= hi
            or not _YEAR_END.match(text, end)
            or (s and text[s - 1] in "$£€.,/#")
        ):
            return None
        if not self._year_free(text, end) or _HYPHEN_TAIL.match(text, end):
            return None  # "2023 tons", "2023-24", "2000-strong"
        part, start = self._part(text, s)
        before = _words_before(text, start)
        if _ends_with(before, v.fiscal_words):
            return None
        tail = _RANGE_TAIL.match(text, end)
        tail_is_year = tail is not None and self._is_year(text, tail)
        if tail is not None and not tail_is_year and tail.group("conn") not in ("and", "or"):
            return None  # "from 1900 to 2000 people" is a range of counts
        head = _RANGE_HEAD.search(text, max(0, s - 16), s)
        head_is_year = head is not None and lo <= int(head.group(1)) <= hi
        if part or _POSSESSIVE.match(text, end):
            conf = 0.85  # "mid-2025", "2023's"
        elif s > 0 and text[s - 1] in "-–—" and not head_is_year:
            return None  # "COVID-2019"
        elif head_is_year:
            conf = 0.75  # the second year of "2019-2023", "from 2019 to 2023"
        elif _ends_with(before, v.year_strong):
            conf = 0.85
        elif _ends_with(before, v.year_weak) and (
            tail_is_year or (tail is None and self._followed_as_year(text, end))
        ):
            conf = 0.75  # "by 2030," but not "by 2000 votes"
        elif before and before[-1] in v.year_determiners and _next_word(text, end):
            conf = 0.7  # "the 2023 tariffs"
        elif tail is not None and tail_is_year and tail.group("conn") in "-–—":
            conf = 0.7  # a bare "2019–2023"
        else:
            return None
        return Candidate(start, end, "year", conf, year, part=part)

    def _followed_as_year(self, text: str, end: int) -> bool:
        """After a weak preposition ("by 2030"), only punctuation or a function word."""
        if _PUNCT_OR_END.match(text, end) or _POSSESSIVE.match(text, end):
            return True
        return _next_word(text, end) in self.vocab.year_followers

    def _on_weekday(self, text: str, s: int, e: int) -> Candidate | None:
        v = self.vocab
        if (s and text[s - 1] in "-$") or text.startswith("-", e):
            return None
        before = _words_before(text, s, 2)
        prev = before[-1] if before else ""
        if prev in ("every", "each"):
            return None  # habitual, not a date
        direction = v.relative_directions.get(prev)
        start = s if direction is None else _word_start(text, s)
        if before == ["this", "past"]:
            direction, start = -1, _word_start(text, _word_start(text, s))
        bare = direction is None and prev != "on"
        opener = _sentence_start(text, s) and text.startswith(",", e)
        if bare and ((_CAPITAL_NEXT.match(text, e) and not opener) or _after_name(text, s)):
            return None  # "Tuesday Weld", "Joe Friday", a brand, a headline fragment
        conf = 0.85 if (direction is not None or prev == "on") else 0.75
        return Candidate(start, e, "weekday", conf, weekday=v.weekdays[text[s:e].lower()],
                         direction=direction)  # fmt: skip

    def _tense(self, text: str, c: Candidate) -> str | None:
        """ "future" or "past" from the verbs around a candidate, or None.

        The clause before the date decides, and a future marker in it wins ("said he
        will call on Tuesday"); with no marker there, the first one after the date in
        the same sentence does ("In January, Trump announced ...").
        """
        lo = max(0, c.start - 240)
        start = max((m.end() for m in _SENTENCE_END.finditer(text, lo, c.start)), default=lo)
        start = max((m.end() for m in _CLAUSE_END.finditer(text, start, c.start)), default=start)
        words = [self._verb_tense(w) for w in _WORDS.findall(text, start, c.start)]
        if "future" in words or "past" in words:
            return "future" if "future" in words else "past"
        stop = _SENTENCE_END.search(text, c.end, c.end + 240)
        after = _WORDS.findall(text, c.end, stop.start() if stop else c.end + 240)
        return next((t for w in after if (t := self._verb_tense(w))), None)

    def _verb_tense(self, word: str) -> str | None:
        v = self.vocab
        w = word.lower().replace("’", "'")
        if w in v.future_markers or w.endswith("'ll"):
            return "future"
        if w in v.past_markers or (len(w) > 4 and w.endswith("ed") and w not in v.not_past):
            return "past"
        return None

    def _rel_day_cand(self, text: str, m: re.Match[str]) -> Candidate | None:
        v = self.vocab
        surface = m.group("rd")
        key = _norm(surface)
        if surface[0].isupper() and not _sentence_start(text, m.start()):
            return None  # "USA Today", "World Today News"
        if surface[0].isupper() and _CAPITAL_NEXT.match(text, m.end()):
            return None  # "Today News Chatbot"
        before = _words_before(text, m.start(), 1)
        if " " in key and before and before[-1] in v.trailing_span_words:
            return None  # "the last night of the summit"
        conf = 0.9
        if _POSSESSIVE.match(text, m.end()):
            after = text[m.end() + 2 : m.end() + 40].lower().split()[:2]
            if any(w.strip(".,;:") in v.generic_after_today for w in after):
                return None  # "today's world": nowadays, not the publication day
            conf = 0.6
        return Candidate(m.start(), m.end(), "relative", conf, unit="day",
                         offset=v.relative_days[key])  # fmt: skip

    def _rel_unit_cand(self, text: str, m: re.Match[str]) -> Candidate | None:
        v = self.vocab
        lead = self._lead(self._pos_before, text, m.start())
        pos = _norm(lead.group("pos")) if lead else None
        before = _words_before(text, m.start(), 1)
        if pos is None and before and before[-1] in v.trailing_span_words:
            return None  # "over the last year", "his last year in office"
        start = _skip_the(text, lead.start()) if lead else m.start()
        return Candidate(start, m.end(), "relative", 0.85,
                         unit=m.group("unit").lower(),
                         offset=v.relative_directions[m.group("dir").lower()],
                         position=v.relative_positions.get(pos or ""),
                         part=v.parts.get(pos or ""))  # fmt: skip

    def _on_weekend(self, text: str, s: int, e: int) -> Candidate | None:
        v = self.vocab
        if text.startswith(("s", "-"), e):
            return None  # "weekends", "weekend-long"
        before = _words_before(text, s, 2)
        phrase = _ends_with(before, v.weekend_context)
        if phrase is None:
            return None
        direction = v.relative_directions.get(phrase)
        start = _word_start(text, s) if direction is not None else s
        return Candidate(start, e, "weekend", 0.8, direction=direction)

    def _on_ago(self, text: str, s: int, e: int) -> Candidate | None:
        m = self._lead(self._ago_before, text, s)
        if m is None or (e < len(text) and (text[e].isalnum() or text[e] == "-")):
            return None
        n_text = m.group("n").lower()
        n = int(n_text) if n_text.isdigit() else self.vocab.number_words[n_text]
        if not 0 < n <= 100:
            return None
        return Candidate(m.start(), e, "relative", 0.8, unit=m.group("unit").lower(),
                         offset=-n)  # fmt: skip
