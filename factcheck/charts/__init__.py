"""Pictures of a run as inline SVG, drawn on the server: nothing loads from the network.

``pictures(result)`` is a pure function from a ``RunResult`` to the timeline, the dot
plots and the claim matrix; the static report embeds it. The triage app, whose reviews
change while it runs, calls ``prepare`` once (grouping claims is the costly part and
does not depend on reviews) and ``draw`` / ``conflict_dotplots`` with the findings as
they are now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from factcheck.charts.aligned import (
    Aligned,
    MentionKey,
    Role,
    Source,
    aligned_claims,
    roles,
    sources,
    statuses,
)
from factcheck.charts.dotplot import dotplot_svg, dotplots, dots
from factcheck.charts.matrix import matrix_svg
from factcheck.charts.timeline import timeline_svg
from factcheck.model import Finding, RunResult

__all__ = ["ChartData", "Pictures", "conflict_dotplots", "draw", "pictures", "prepare"]


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the pictures need from a run that reviews do not change."""

    result: RunResult
    sources: tuple[Source, ...]
    labels: Mapping[str, str]
    found: Mapping[MentionKey, tuple[Role, ...]]
    rows: tuple[Aligned, ...]
    rows_by_conflict: Mapping[str, tuple[Aligned, ...]]


@dataclass(frozen=True, slots=True)
class Pictures:
    timeline: Markup | None
    dotplots: tuple[tuple[str, Markup], ...]
    matrix: Markup | None
    aligned: int


def prepare(result: RunResult) -> ChartData:
    """Group the run's claims into aligned claims and index each conflict's evidence."""
    found = roles(result.conflicts)
    columns = sources(result.articles)
    rows = aligned_claims(result.claims, found)
    by_conflict: dict[str, list[Aligned]] = {}
    for row in rows:
        for conflict_id in row.conflicts:
            by_conflict.setdefault(conflict_id, []).append(row)
    return ChartData(
        result=result,
        sources=columns,
        labels={s.id: s.label for s in columns},
        found=found,
        rows=rows,
        rows_by_conflict={k: tuple(v) for k, v in by_conflict.items()},
    )


def draw(data: ChartData, findings: Sequence[Finding], *, max_dotplots: int = 40) -> Pictures:
    """The timeline, up to ``max_dotplots`` dot plots and the claim matrix, with
    ``findings`` deciding what is marked (a dismissed conflict marks nothing)."""
    status = statuses(findings)
    current = replace(data.result, findings=tuple(findings))
    gallery = dotplots(data.rows, data.labels, data.found, status, limit=max_dotplots)
    return Pictures(
        timeline=timeline_svg(current, data.sources, data.found),
        dotplots=tuple((row.label, svg) for row, svg in gallery),
        matrix=matrix_svg(data.rows, data.sources, data.found, status),
        aligned=len(data.rows),
    )


def conflict_dotplots(
    data: ChartData, conflict_id: str, status: Mapping[str, str]
) -> tuple[Markup, ...]:
    """The dot plots of the aligned quantity claims one conflict is about."""
    out = []
    for row in data.rows_by_conflict.get(conflict_id, ()):
        if row.kind == "quantity":
            for unit, points in dots(row, data.labels, data.found, status).items():
                out.append(dotplot_svg(row.label, unit, points))
    return tuple(out)


def pictures(result: RunResult, *, max_dotplots: int = 40) -> Pictures:
    """Every picture of a finished run, as the static report shows them."""
    return draw(prepare(result), result.findings, max_dotplots=max_dotplots)
