"""What a page of the triage app shows: filters from the URL, one page, evidence traces.

Filters live in the query string (``?kind=quantity&status=new&source=a.txt&page=2``)
so a view can be bookmarked and shared. Without a ``status`` parameter the app shows
the conflicts nobody has reviewed yet ("new since last review"); an empty ``status=``
(what the filter form sends with no box ticked) means every status. Unknown values are
ignored rather than echoed back.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from factcheck.model import DateValue, Figure, Finding, Kind, Mention, Quantity, Quotation, Severity
from factcheck.serve.state import ServeState, rule_params

PER_PAGE = 50
MAX_PER_PAGE = 500
KINDS = tuple(k.value for k in Kind)
SEVERITIES = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))
STATUSES = ("new", "confirmed", "dismissed", "explained")


@dataclass(frozen=True, slots=True)
class Filters:
    """The view a URL asks for. Empty tuples mean "any"."""

    kinds: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("new",)
    sources: tuple[str, ...] = ()
    page: int = 1
    per: int = PER_PAGE
    focus: str = ""

    @classmethod
    def parse(cls, items: Iterable[tuple[str, str]], known_sources: Iterable[str]) -> Filters:
        """Read the query string's (name, value) pairs, keeping only known values."""
        values: dict[str, list[str]] = {}
        for name, value in items:
            values.setdefault(name, []).append(value)

        def pick(name: str, allowed: Iterable[str]) -> tuple[str, ...]:
            wanted = {v for v in values.get(name, []) if v}
            return tuple(v for v in allowed if v in wanted)

        statuses = pick("status", STATUSES) if "status" in values else ("new",)
        return cls(
            kinds=pick("kind", KINDS),
            severities=pick("severity", SEVERITIES),
            statuses=statuses,
            sources=pick("source", known_sources),
            page=_int(values.get("page", ["1"])[-1], 1, 1, 10**9),
            per=_int(values.get("per", [str(PER_PAGE)])[-1], PER_PAGE, 1, MAX_PER_PAGE),
            focus=values.get("focus", [""])[-1][:64],
        )

    def matches(self, f: Finding) -> bool:
        c = f.conflict
        return (
            (not self.kinds or c.kind.value in self.kinds)
            and (not self.severities or c.severity.value in self.severities)
            and (not self.statuses or f.status in self.statuses)
            and (not self.sources or any(a in self.sources for a in c.articles))
        )

    def query(self, **changes: Any) -> str:
        """This view's query string, with ``changes`` (e.g. ``page=2``) applied."""
        data: dict[str, Any] = {
            "kind": self.kinds,
            "severity": self.severities,
            "status": self.statuses,
            "source": self.sources,
            "page": self.page,
            "per": self.per,
        }
        data.update(changes)
        pairs: list[tuple[str, str]] = []
        for name in ("kind", "severity", "status", "source"):
            chosen = list(data[name])
            if name == "status" and not chosen:
                pairs.append(("status", ""))  # explicit "any status"
            pairs.extend((name, v) for v in chosen)
        if data["page"] != 1:
            pairs.append(("page", str(data["page"])))
        if data["per"] != PER_PAGE:
            pairs.append(("per", str(data["per"])))
        return "?" + urlencode(pairs) if pairs else "?"


def _int(text: str, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text)))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Page:
    items: tuple[Finding, ...]
    number: int
    pages: int
    total: int
    first: int  # 1-based position of the first item among the matches
    facets: Mapping[str, Counter[str]] = field(default_factory=dict)


def page_of(findings: Sequence[Finding], filters: Filters) -> Page:
    """The page of matching findings ``filters`` asks for (clamped to the last page).

    With ``focus`` set to a conflict id among the matches, that conflict's page is shown.
    """
    matching = [f for f in findings if filters.matches(f)]
    pages = max(1, math.ceil(len(matching) / filters.per))
    number = min(filters.page, pages)
    if filters.focus:
        for i, f in enumerate(matching):
            if f.conflict.id == filters.focus:
                number = i // filters.per + 1
                break
    start = (number - 1) * filters.per
    return Page(
        items=tuple(matching[start : start + filters.per]),
        number=number,
        pages=pages,
        total=len(matching),
        first=start + 1,
        facets=facets(findings),
    )


def facets(findings: Iterable[Finding]) -> dict[str, Counter[str]]:
    """How many findings have each kind, severity, status and source (unfiltered)."""
    out: dict[str, Counter[str]] = {
        "kind": Counter(),
        "severity": Counter(),
        "status": Counter(),
        "source": Counter(),
    }
    for f in findings:
        c = f.conflict
        out["kind"][c.kind.value] += 1
        out["severity"][c.severity.value] += 1
        out["status"][f.status] += 1
        for a in c.articles:
            out["source"][a] += 1
    return out


# --- evidence trace ----------------------------------------------------------------


def card(f: Finding, state: ServeState) -> dict[str, Any]:
    """Everything the page shows about one conflict. Values are plain text: the
    template escapes them."""
    c = f.conflict
    evidence = []
    for e in c.evidence:
        mention = state.mentions.get((e.article_id, e.span.start, e.span.end))
        evidence.append(
            {
                "article": e.article_id,
                "source": state.labels.get(e.article_id, e.article_id),
                "where": f"{e.path}:{e.line}:{e.column}",
                "span": f"{e.span.start}–{e.span.end}",
                "start": e.span.start,
                "end": e.span.end,
                "before": e.sentence[: e.local.start],
                "mark": e.sentence[e.local.start : e.local.end],
                "after": e.sentence[e.local.end :],
                "surface": e.surface,
                "value": e.value,
                "extractor": mention.extractor if mention else "",
                "confidence": f"{mention.confidence:.2f}" if mention else "",
                "normalised": normalised(mention),
            }
        )
    review = f.review
    drawn = state.dotplots(c.id)
    return {
        "id": c.id,
        "kind": c.kind.value,
        "severity": c.severity.value,
        "confidence": f"{c.confidence:.2f}",
        "status": f.status,
        "summary": c.summary,
        "rule": c.rule_id,
        "doc": c.doc,
        "fields": list(c.params),
        "params": rule_params(state.rules.get(c.rule_id)),
        "evidence": evidence,
        "note": review.note if review else "",
        "reviewer": review.reviewer if review else "",
        "date": review.date if review else "",
        "pictures": drawn,
    }


def normalised(m: Mention | None) -> list[tuple[str, str]]:
    """The extracted value of a mention, field by field."""
    if m is None:
        return []
    v = m.value
    if isinstance(v, Quantity):
        read, base = f"{v.value:g} {v.unit}", f"{v.base_value:g} {v.base_unit}"
        rows = [] if read == base else [("read as", read)]
        rows.append(("normalised", f"{base} ({v.dimension})"))
        rows.append(("bounds", f"{_num(v.low)} .. {_num(v.high)} ({v.qualifier})"))
        return rows
    if isinstance(v, DateValue):
        period = "unplaced" if v.start is None else f"{v.start} .. {v.end}"
        rows = [
            ("period", period),
            ("granularity", v.granularity),
            ("resolved by", v.resolution),
        ]
        if v.weekday is not None:
            rows.append(("weekday", str(v.weekday)))
        return rows
    if isinstance(v, Figure):
        named: list[tuple[str, str | None]] = [("name", v.canonical), ("kind", v.kind)]
        named += [("title", v.title), ("modifier", v.modifier), ("org", v.org)]
        return [(k, x) for k, x in named if x is not None and x]
    if isinstance(v, Quotation):
        return [("speaker", v.speaker or "(none)"), ("quote", v.text)]
    return []


def _num(x: float) -> str:
    return "∞" if x == math.inf else "-∞" if x == -math.inf else f"{x:g}"
