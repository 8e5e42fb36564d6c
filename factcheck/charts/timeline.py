"""The timeline: each source on its own row, its dated events on one shared time axis.

Every date an article places on the calendar is drawn: a day as a dot, a longer period
("in 2023", "March 2025") as a bar over its days. A date that an event claim uses is
labelled with the event ("offer"). The placements a temporal-framing conflict found
incompatible are joined by a dashed line, the outlier in red and the placements it
was compared against in green, so "2023 vs 2025" shows at a glance. The publication
date is a small grey triangle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from factcheck.charts.aligned import (
    MentionKey,
    Role,
    Source,
    dated,
    key_of,
    statuses,
    strongest,
)
from factcheck.charts.svg import PALETTE, date_ticks, margin, px, render, short, text_width
from factcheck.model import Kind, RunResult

WIDTH = 900
RIGHT = 24
TOP = 30
ROW = 30
BOTTOM = 34
MAX_ROWS = 40


@dataclass(frozen=True, slots=True)
class Event:
    """One dated item on a source's row."""

    key: MentionKey
    start: date
    end: date
    label: str
    surface: str
    role: str  # outlier | reference | dismissed | ""


def events(
    result: RunResult,
    found: Mapping[MentionKey, tuple[Role, ...]],
    status: Mapping[str, str],
) -> dict[str, list[Event]]:
    """Dated items per article id, each at most once per span."""
    topics: dict[MentionKey, set[str]] = {}
    for claim in result.claims:
        if claim.kind == "event":
            for m in claim.mentions:
                topics.setdefault(key_of(m), set()).add(claim.topic)
    out: dict[str, dict[MentionKey, Event]] = {}
    for m in result.mentions:
        v = dated(m)
        if v is None or v.start is None or v.end is None:
            continue
        key = key_of(m)
        temporal = [r for r in found.get(key, ()) if r.kind is Kind.TEMPORAL_FRAMING]
        out.setdefault(m.article_id, {})[key] = Event(
            key=key,
            start=v.start,
            end=v.end,
            label=", ".join(sorted(topics.get(key, ()))),
            surface=m.surface,
            role=strongest(temporal, status),
        )
    return {a: sorted(evs.values(), key=lambda e: (e.start, e.key)) for a, evs in out.items()}


def timeline_svg(
    result: RunResult,
    sources: Sequence[Source],
    found: Mapping[MentionKey, tuple[Role, ...]],
    *,
    max_rows: int = MAX_ROWS,
) -> Markup | None:
    """The timeline of ``result``, or None when no article places anything in time."""
    per_article = events(result, found, statuses(result.findings))
    published = {a.id: a.published for a in result.articles if a.published is not None}
    rows = [s for s in sources if s.id in per_article or s.id in published]
    if not any(s.id in per_article for s in rows):
        return None
    rows, hidden = _pick_rows(rows, per_article, max_rows)
    names = {s.id: short(s.label, 26) for s in rows}
    axis = _Axis.over(rows, per_article, published, margin(names.values(), 80, 200))
    where: dict[MentionKey, tuple[float, float]] = {}
    drawn = [
        _row(i, source, names[source.id], per_article, published, axis, where)
        for i, source in enumerate(rows)
    ]
    axis_y = TOP + len(rows) * ROW
    return render(
        "timeline.svg.j2",
        width=WIDTH,
        height=axis_y + BOTTOM + (16 if hidden else 0),
        left=axis.left,
        right=WIDTH - RIGHT,
        top=TOP,
        axis_y=axis_y,
        rows=drawn,
        links=_links(result, where),
        ticks=[
            {"x": px(axis.x(d)), "label": text} for d, text in axis.ticks if axis.lo <= d <= axis.hi
        ],
        hidden=hidden,
    )


def _pick_rows(
    rows: list[Source], per_article: Mapping[str, list[Event]], max_rows: int
) -> tuple[list[Source], int]:
    """Rows with a conflicting placement first, then the busiest, within the row limit;
    and how many were left out."""
    if len(rows) > max_rows:
        order = {s.id: i for i, s in enumerate(rows)}
        rows.sort(
            key=lambda s: (
                not any(e.role in ("outlier", "reference") for e in per_article.get(s.id, [])),
                -len(per_article.get(s.id, [])),
                order[s.id],
            )
        )
    hidden = max(0, len(rows) - max_rows)
    return rows[:max_rows], hidden


@dataclass(frozen=True, slots=True)
class _Axis:
    """The shared time axis: the days it covers, its ticks, and where a day is drawn."""

    lo: date
    hi: date
    ticks: tuple[tuple[date, str], ...]
    left: float
    span: int
    plot_w: float

    @classmethod
    def over(
        cls,
        rows: Sequence[Source],
        per_article: Mapping[str, list[Event]],
        published: Mapping[str, date],
        left: float,
    ) -> _Axis:
        days = [e.start for s in rows for e in per_article.get(s.id, [])]
        days += [e.end for s in rows for e in per_article.get(s.id, [])]
        days += [published[s.id] for s in rows if s.id in published]
        first, last = min(days), max(days)
        ticks = date_ticks(first, last)
        lo = min(first, ticks[0][0])
        hi = max(last + timedelta(days=1), ticks[-1][0])
        return cls(lo, hi, tuple(ticks), left, max(1, (hi - lo).days), WIDTH - left - RIGHT)

    def x(self, d: date) -> float:
        return self.left + (d - self.lo).days / self.span * self.plot_w


def _row(
    i: int,
    source: Source,
    name: str,
    per_article: Mapping[str, list[Event]],
    published: Mapping[str, date],
    axis: _Axis,
    where: dict[MentionKey, tuple[float, float]],
) -> dict[str, object]:
    """One source's row; records where each of its marks is drawn in ``where``."""
    y = TOP + i * ROW + ROW / 2
    items = []
    # Labels go below the mark, or above when that would overlap the previous one,
    # or are left to the tooltip when both places are taken.
    free = {"below": -1e9, "above": -1e9}
    previous = ("", -1e9)
    for e in per_article.get(source.id, []):
        x1, x2 = axis.x(e.start), axis.x(e.end + timedelta(days=1))
        point = (x2 - x1) < 6
        cx = (x1 + x2) / 2
        where[e.key] = (cx, y)
        colour = {"outlier": PALETTE["outlier"], "reference": PALETTE["reference"]}.get(
            e.role, PALETTE["dot"]
        )
        when = e.start.isoformat() if e.start == e.end else f"{e.start}..{e.end}"
        label, place = short(e.label, 22), ""
        if label == previous[0] and cx - previous[1] < 30:
            label = ""  # the same event again, right beside: once is enough
        if label:
            previous = (label, cx)
            half = text_width(label, 10) / 2
            place = next((p for p in ("below", "above") if cx - half > free[p] + 4), "")
            if place:
                free[place] = cx + half
        items.append(
            {
                "point": point,
                "x": px(cx),
                "x1": px(x1),
                "w": px(max(3.0, x2 - x1)),
                "label": label if place else "",
                "ly": px(y + 15 if place == "below" else y - 8),
                "colour": colour,
                "role": e.role,
                "tip": f"{source.label}: {e.surface} ({when})"
                + (f", {e.label}" if e.label else ""),
            }
        )
    pub = published.get(source.id)
    return {
        "y": px(y),
        "bar_y": px(y - 5),
        "text_y": px(y + 15),
        "band_y": px(y - ROW / 2),
        "band": i % 2 == 0,
        "label": name,
        "marks": items,
        "published": px(axis.x(pub)) if pub is not None else None,
        "published_tip": f"{source.label} published {pub}" if pub else "",
    }


def _links(
    result: RunResult, where: Mapping[MentionKey, tuple[float, float]]
) -> list[dict[str, str]]:
    """A dashed line from each open temporal-framing conflict's outlier to the others."""
    links = []
    for f in result.findings:
        c = f.conflict
        if c.kind is not Kind.TEMPORAL_FRAMING or f.status == "dismissed" or not c.evidence:
            continue
        head = c.evidence[0]
        start = where.get((head.article_id, head.span.start, head.span.end))
        if start is None:
            continue
        for other in c.evidence[1:]:
            end = where.get((other.article_id, other.span.start, other.span.end))
            if end is not None:
                links.append(
                    {"x1": px(start[0]), "y1": px(start[1]), "x2": px(end[0]), "y2": px(end[1])}
                )
    return links
