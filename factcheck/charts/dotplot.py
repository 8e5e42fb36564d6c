"""Dot plots: each source's value for one aligned quantity claim.

One row per claim, on one axis in the claim's base unit. An approximation is drawn as
its range ("nearly 60%" spans 54..60, "up to 2 million tons" 0..2 million), an open
end as an arrow to the edge of the axis. The outlier of a conflict is red, the values
it was compared against are green; a dismissed conflict marks nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from factcheck.charts.aligned import Aligned, MentionKey, Role, key_of, strongest
from factcheck.charts.svg import PALETTE, compact, margin, nice_ticks, px, render, short
from factcheck.model import Claim, Quantity

WIDTH = 680
RIGHT = 190
TOP = 34
ROW = 22
BOTTOM = 30


@dataclass(frozen=True, slots=True)
class Dot:
    source: str
    surface: str
    value: float
    low: float
    high: float
    qualifier: str
    role: str


def dots(
    row: Aligned,
    labels: Mapping[str, str],
    found: Mapping[MentionKey, tuple[Role, ...]],
    status: Mapping[str, str],
) -> dict[str, list[Dot]]:
    """The row's quantity claims as dots, split by base unit (never mixed on one axis)."""
    by_unit: dict[str, list[Dot]] = defaultdict(list)
    for claim in row.claims:
        q = claim.value
        if not isinstance(q, Quantity) or not math.isfinite(q.base_value):
            continue
        by_unit[q.base_unit].append(
            Dot(
                source=labels.get(claim.article_id, claim.article_id),
                surface=claim.mentions[0].surface,
                value=q.base_value,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                role=_role(claim, found, status),
            )
        )
    return {u: d for u, d in sorted(by_unit.items()) if len(d) >= 2}


def _role(
    claim: Claim, found: Mapping[MentionKey, tuple[Role, ...]], status: Mapping[str, str]
) -> str:
    return strongest([r for m in claim.mentions for r in found.get(key_of(m), ())], status)


def dotplot_svg(title: str, unit: str, points: Sequence[Dot]) -> Markup:
    """One dot plot; ``points`` in the order the rows are drawn."""
    finite = [x for p in points for x in (p.value, p.low, p.high) if math.isfinite(x)]
    low, high = min(finite), max(finite)
    if low >= 0 and low < 0.35 * high:
        low = 0.0
    ticks = nice_ticks(low, high)
    lo, hi = ticks[0], ticks[-1]
    span = (hi - lo) or 1.0
    left = margin((short(p.source, 26) for p in points), 80, 200)
    plot_w = WIDTH - left - RIGHT

    def x(v: float) -> float:
        v = min(max(v, lo), hi)
        return left + (v - lo) / span * plot_w

    rows = []
    for i, p in enumerate(points):
        y = TOP + i * ROW + ROW / 2
        colour = {"outlier": PALETTE["outlier"], "reference": PALETTE["reference"]}.get(
            p.role, PALETTE["dot"]
        )
        ranged = p.low != p.high
        rows.append(
            {
                "y": px(y),
                "band": i % 2 == 0,
                "band_y": px(y - ROW / 2),
                "source": short(p.source, 26),
                "surface": short(p.surface, 28),
                "x": px(x(p.value)),
                "x1": px(x(p.low)),
                "x2": px(x(p.high)),
                "ranged": ranged,
                "open_low": ranged and not math.isfinite(p.low),
                "open_high": ranged and not math.isfinite(p.high),
                "colour": colour,
                "role": p.role,
                "tip": f"{p.source}: {p.surface} = {compact(p.value)} {unit}"
                + (f" ({p.qualifier}, {compact(p.low)}..{compact(p.high)})" if ranged else ""),
            }
        )
    height = TOP + len(points) * ROW + BOTTOM
    axis_y = TOP + len(points) * ROW
    return render(
        "dotplot.svg.j2",
        title=short(title, 80),
        unit=unit,
        width=WIDTH,
        height=height,
        left=left,
        right=WIDTH - RIGHT,
        top=TOP,
        axis_y=axis_y,
        rows=rows,
        ticks=[{"x": px(x(t)), "label": compact(t)} for t in ticks],
        outliers=sum(1 for p in points if p.role == "outlier"),
    )


def dotplots(
    rows: Sequence[Aligned],
    labels: Mapping[str, str],
    found: Mapping[MentionKey, tuple[Role, ...]],
    status: Mapping[str, str],
    *,
    limit: int = 40,
) -> list[tuple[Aligned, Markup]]:
    """A dot plot for each aligned quantity claim with several values (at most ``limit``)."""
    out: list[tuple[Aligned, Markup]] = []
    for row in rows:
        if row.kind != "quantity":
            continue
        for unit, points in dots(row, labels, found, status).items():
            out.append((row, dotplot_svg(row.label, unit, points)))
            if len(out) >= limit:
                return out
    return out
