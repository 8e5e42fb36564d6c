"""The values that flow between stages: Article -> Mention -> Claim -> Conflict -> Finding.

Every type here is a frozen, slotted dataclass holding tuples rather than lists, so a
stage can never mutate what an earlier stage produced. No I/O lives in this module.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum


class FactType(StrEnum):
    QUANTITY = "quantity"
    DATE = "date"
    FIGURE = "figure"
    QUOTE = "quote"


class Kind(StrEnum):
    """Kinds of conflict; each kind is implemented by one check module."""

    QUANTITY = "quantity"
    TEMPORAL_FRAMING = "temporal-framing"
    OFFICEHOLDER = "officeholder"
    PERSON_ROLE = "person-role"
    QUOTE_ATTRIBUTION = "quote-attribution"
    WEEKDAY = "weekday"


class ClaimKind(StrEnum):
    """What a claim is about; align builds each kind and checks declare the one they
    read (``CheckSpec.requires``), so a check can never wait for a kind nobody builds."""

    QUANTITY = "quantity"
    EVENT = "event"
    HAPPENING = "happening"
    WEEKDAY = "weekday"
    ROLE = "role"
    OFFICE = "office"
    QUOTE = "quote"


class Severity(Enum):
    """Ordered severities; compare with `.rank`."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls(text.strip().lower())


_SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


class Status(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    EXPLAINED = "explained"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range [start, end)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def shift(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps positions in normalised text back to positions in the original file text.

    Normalisation mostly copies runs of text unchanged, so the map is stored as
    breakpoints: from ``norm[i]`` on, position ``p`` maps to ``raw[i] + (p - norm[i])``
    until the next breakpoint. Inserted characters map to the raw position of the next
    original character. This keeps the map tiny for a 5 MB article.
    """

    norm: tuple[int, ...] = (0,)
    raw: tuple[int, ...] = (0,)

    def to_raw(self, pos: int) -> int:
        i = bisect.bisect_right(self.norm, pos) - 1
        return self.raw[i] + (pos - self.norm[i])

    def span_to_raw(self, start: int, end: int) -> Span:
        """Map a non-empty normalised range to the raw range covering the same characters."""
        raw_start = self.to_raw(start)
        raw_end = self.to_raw(end - 1) + 1 if end > start else raw_start
        return Span(raw_start, max(raw_start, raw_end))


@dataclass(frozen=True, slots=True)
class TextOrigin:
    """Where an article's ``raw`` text sits in its file when it is not the file's text:
    a JSON string literal (a ``.json``/``.jsonl`` record's ``text``), on one line of the
    file. ``line`` and ``column`` (1-based) and ``offset`` (0-based) are where its first
    character is written; ``escapes`` lists ``(position in raw, length in the file)``
    for each character written as an escape (``\\n`` is 2 long, ``\\u00e9`` 6)."""

    line: int
    column: int
    offset: int
    escapes: tuple[tuple[int, int], ...] = ()

    def locate(self, pos: int) -> tuple[int, int, int]:
        """(line, column, file offset) where position ``pos`` of ``raw`` is written."""
        extra = 0
        for at, length in self.escapes:
            if at >= pos:
                break
            extra += length - 1
        return self.line, self.column + pos + extra, self.offset + pos + extra


@dataclass(frozen=True, slots=True)
class Article:
    """One source document.

    ``raw`` is the decoded file text, exactly as on disk (for a JSON record, its
    decoded ``text`` value, and ``origin`` says where that is written in the file);
    every span reported to a user points into it. ``text`` is the normalised visible
    text extractors read, and ``offsets`` maps positions in ``text`` back to ``raw``.
    """

    id: str
    path: str
    raw: str
    text: str
    offsets: OffsetMap
    content_hash: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    warnings: tuple[str, ...] = ()
    origin: TextOrigin | None = None  # set when ``raw`` is not the whole file's text


# --- typed values carried by mentions -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as written and normalised.

    ``value`` is the number as written with its scale applied (14.8e12 for "$14.8
    trillion"); ``unit`` is quantulum3's unit name; ``dimension`` is the coarse measure
    family that decides comparability (percentage, currency, mass, count, ...).
    ``base_value``/``low``/``high`` are in ``base_unit`` (kg for mass, the currency for
    money) with the qualifier applied: "nearly 60%" has high=60 and a low below it.
    """

    value: float
    unit: str
    dimension: str
    base_value: float
    base_unit: str
    low: float
    high: float
    qualifier: str = "exact"  # exact | approx | upper | lower | range


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar expression with its granularity.

    ``start``/``end`` bound the period it denotes (both inclusive); they are ``None`` when
    the expression could not be placed on the calendar (e.g. "March 18" with no year and
    no anchor). ``weekday`` is the weekday the text states (0 = Monday), if any.
    ``resolution`` says what fixed it: the text alone, the publication date, or an
    earlier full date in the same article.
    """

    start: date | None
    end: date | None
    granularity: str  # year | month | day | week | season | quarter | decade | time
    weekday: int | None = None
    relative: bool = False
    resolution: str = "absolute"  # absolute | published | context | none
    # A clock time ("around 7.20 pm", "18.55 Hrs"): minutes after midnight, with the
    # time zone the text names ("gmt", "ist"; empty when it names none). Granularity
    # "time"; ``start``/``end`` hold the day when the text places it, else None.
    minute: int | None = None
    zone: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A named figure: a person, an administration or an organisation.

    ``canonical`` is the merged name ("Vladimir Putin" for "Putin", "vladimir Putin").
    ``title`` is a normalised title or office ("president", "chairman"), ``modifier``
    qualifies it ("former", "acting", "elect"), ``org`` is the body the role belongs to
    ("Russian Direct Investment Fund", "United States"), ``role`` the role phrase as
    written.
    """

    kind: str  # person | administration | organisation
    canonical: str
    name: str
    title: str | None = None
    modifier: str | None = None
    org: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation (without its quote marks) and who it is attributed to.

    ``speaker`` is the attributed name or description as written ("Putin", "the
    official"), or None when the text attributes it to nobody.
    """

    text: str
    speaker: str | None = None


Value = Quantity | DateValue | Figure | Quotation


@dataclass(frozen=True, slots=True)
class Mention:
    """One fact found in one article.

    ``span`` and ``sentence_span`` are offsets into ``Article.raw`` and ``surface`` is
    ``raw[span]``. ``sentence`` is the normalised sentence text shown to readers and
    ``local`` is the mention's range inside ``sentence``, used for highlighting.
    """

    article_id: str
    type: FactType
    surface: str
    span: Span
    sentence: str
    sentence_span: Span
    local: Span
    value: Value
    confidence: float
    extractor: str
    sentence_index: int = 0


@dataclass(frozen=True, slots=True)
class StoryTime:
    """When an article's story happens: its publication date, else its latest event date."""

    when: date
    source: str  # "published" | "text"
    mention: Mention | None = None
    lead: tuple[str, ...] = ()  # the countries the article's headline and lead name


@dataclass(frozen=True, slots=True)
class Claim:
    """An assertion lined up for comparison.

    ``key`` is the blocking key: only claims with equal keys are ever compared, which
    keeps comparison linear in the number of claims. ``topic`` is what the claim is
    about (a measure, an office, a person, an event); ``value`` is what it asserts.
    """

    kind: str
    key: tuple[str, ...]
    article_id: str
    topic: str
    value: object
    display: str
    mentions: tuple[Mention, ...]
    when: DateValue | None = None
    confidence: float = 1.0
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        for k, v in self.attrs:
            if k == name:
                return v
        return default


@dataclass(frozen=True, slots=True)
class Evidence:
    """One side of a conflict: where it is and what it says."""

    article_id: str
    path: str
    sentence: str
    local: Span
    span: Span
    line: int
    column: int
    surface: str
    value: str
    # Where the evidence ends (line and exclusive column) and its characters in the
    # file itself: for a JSON record they differ from ``span`` (into the record's text)
    # and from what the surface's own line breaks would say. Unset: derive them.
    end: tuple[int, int] | None = None
    file_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    rule_id: str
    kind: Kind
    severity: Severity
    confidence: float
    summary: str
    evidence: tuple[Evidence, ...]
    doc: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.article_id for e in self.evidence))


@dataclass(frozen=True, slots=True)
class Review:
    fingerprint: str
    kind: str
    summary: str
    status: Status
    note: str = ""
    reviewer: str = ""
    date: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    conflict: Conflict
    review: Review | None = None

    @property
    def is_open(self) -> bool:
        return self.review is None

    @property
    def status(self) -> str:
        return "new" if self.review is None else self.review.status.value


@dataclass(frozen=True, slots=True)
class InputError:
    path: str
    message: str
    code: str = "FC-E000"
    line: int | None = None
    fatal: bool = True  # False for warnings: the article was still processed


@dataclass(frozen=True, slots=True)
class RunResult:
    """The single value every formatter receives.

    ``scope`` lists the ids of the articles the findings were limited to (the new
    articles of a ``check --corpus`` run); empty when the whole corpus is in scope.
    ``claims`` are the aligned claims the conflicts were found among (every article,
    whatever the scope); the pictures in the report and the triage app draw them.
    """

    articles: tuple[Article, ...]
    mentions: tuple[Mention, ...]
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...]
    stale_reviews: tuple[Review, ...] = ()
    stats: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    scope: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(f.conflict for f in self.findings)
