"""The claim matrix: one row per aligned claim, one column per source.

Each cell holds the value that source gives, as it wrote it. A cell whose value a
conflict found to disagree is red, a value it was compared against green, a cell in a
row without a conflict pale green (the sources agree), an empty cell white: the source
does not state the claim. A conflict dismissed in review colours nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from factcheck.charts.aligned import Aligned, MentionKey, Role, Source, cell_text, key_of, strongest
from factcheck.charts.svg import PALETTE, margin, px, render, short, text_width

CELL_W = 118
CELL_H = 26
MAX_ROWS = 60
MAX_COLUMNS = 24

_FILL = {
    "outlier": PALETTE["outlier_fill"],
    "reference": PALETTE["reference_fill"],
    "dismissed": PALETTE["band"],
    "agree": PALETTE["agree"],
}


def matrix_svg(
    rows: Sequence[Aligned],
    sources: Sequence[Source],
    found: Mapping[MentionKey, tuple[Role, ...]],
    status: Mapping[str, str],
    *,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> Markup | None:
    """The matrix of up to ``max_rows`` aligned claims, or None when there are none.

    Rows are taken in order (conflicted first) while their sources fit in
    ``max_columns`` columns, so a corpus of thousands of sources still gives a dense
    matrix of the claims that matter most rather than a sparse slice of everything.
    """
    shown, chosen = _pick(rows, max_rows, max_columns)
    if not shown:
        return None
    columns = [s for s in sources if s.id in chosen]
    names = [short(s.label, 24) for s in columns]
    labels = [short(row.label, 34) for row in shown]
    left = margin(labels, 100, 260)
    # Column names are written slanted up and to the right (35 degrees).
    widest = max(text_width(n) for n in names)
    top = 56 + 0.574 * widest
    width = left + len(columns) * CELL_W + max(10.0, 0.82 * widest - CELL_W / 2)
    height = top + len(shown) * CELL_H + 10
    header = [
        {"x": px(left + i * CELL_W + CELL_W / 2), "label": names[i], "tip": s.label}
        for i, s in enumerate(columns)
    ]
    drawn = []
    for r, row in enumerate(shown):
        y = top + r * CELL_H
        drawn.append(
            {
                "y": px(y),
                "ty": px(y + CELL_H / 2 + 4),
                "label": labels[r],
                "tip": f"{row.label} ({row.kind}; {len(row.sources)} sources)",
                "conflicted": bool(row.conflicts),
                "cells": [
                    _cell(row, source, left + c * CELL_W, found, status)
                    for c, source in enumerate(columns)
                ],
            }
        )
    return render(
        "matrix.svg.j2",
        width=px(width),
        height=px(height),
        left=left,
        col_y=px(top - 8),
        cell_w=CELL_W,
        cell_h=CELL_H,
        header=header,
        rows=drawn,
        hidden_rows=max(0, len(rows) - len(shown)),
        hidden_columns=max(0, len({a for row in rows for a in row.sources}) - len(columns)),
    )


def _pick(
    rows: Sequence[Aligned], max_rows: int, max_columns: int
) -> tuple[list[Aligned], set[str]]:
    """The rows drawn, in order, while their sources fit in ``max_columns``; and those sources."""
    shown: list[Aligned] = []
    chosen: set[str] = set()
    for row in rows:
        new = set(row.sources) - chosen
        if len(chosen) + len(new) > max_columns:
            continue
        chosen |= new
        shown.append(row)
        if len(shown) >= max_rows:
            break
    return shown, chosen


def _cell(
    row: Aligned,
    source: Source,
    edge: float,
    found: Mapping[MentionKey, tuple[Role, ...]],
    status: Mapping[str, str],
) -> dict[str, object]:
    """One source's cell in one row, its left edge at ``edge``."""
    claims = [cl for cl in row.claims if cl.article_id == source.id]
    values = list(dict.fromkeys(cell_text(cl) for cl in claims))
    state = strongest(
        [x for cl in claims for m in cl.mentions for x in found.get(key_of(m), ())], status
    )
    if claims and not state:
        state = "agree" if not row.conflicts else ""
    text = values[0] if values else ""
    if len(values) > 1:
        text = f"{short(text, 12)} +{len(values) - 1}"
    return {
        "x": px(edge),
        "tx": px(edge + CELL_W / 2),
        "text": short(text, 17),
        "tip": f"{source.label}: " + ("; ".join(values) if values else "not stated"),
        "fill": _FILL.get(state, PALETTE["empty"]) if claims else PALETTE["empty"],
        "state": state if claims else "empty",
        "bold": state == "outlier",
    }
