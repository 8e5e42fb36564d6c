"""The only to_dict code for model types: JSON output, facts tables."""

from __future__ import annotations

from typing import Any

from factcheck.model import (
    Article,
    Conflict,
    DateValue,
    Evidence,
    FactType,
    Figure,
    Finding,
    InputError,
    Mention,
    Quantity,
    Quotation,
    RunResult,
)
from factcheck.text.spans import excerpt

SCHEMA_VERSION = 1


def article_dict(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
    }


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "article": e.article_id,
        "path": e.path,
        "sentence": e.sentence,
        "span": [e.span.start, e.span.end],
        "line": e.line,
        "column": e.column,
        "surface": e.surface,
        "highlight": [e.local.start, e.local.end],
        "value": e.value,
    }


def conflict_dict(c: Conflict) -> dict[str, Any]:
    return {
        "id": c.id,
        "rule": c.rule_id,
        "kind": c.kind.value,
        "severity": c.severity.value,
        "confidence": c.confidence,
        "summary": c.summary,
        "doc": c.doc,
        "evidence": [evidence_dict(e) for e in c.evidence],
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    d = conflict_dict(f.conflict)
    d["status"] = f.status
    d["note"] = f.review.note if f.review else ""
    return d


def error_dict(e: InputError) -> dict[str, Any]:
    return {
        "path": e.path,
        "message": e.message,
        "code": e.code,
        "line": e.line,
        "level": "error" if e.fatal else "warning",
    }


def result_dict(result: RunResult) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "articles": [article_dict(a) for a in result.articles],
        "conflicts": [finding_dict(f) for f in result.findings],
        "errors": [error_dict(e) for e in result.errors],
        "stale_reviews": [r.fingerprint for r in result.stale_reviews],
        "scope": list(result.scope),
    }


def fact_value(m: Mention) -> tuple[Any, str | None]:
    """The (value, unit) pair of a fact as the extract output reports it."""
    v = m.value
    if isinstance(v, Quantity):
        return v.value, v.unit
    if isinstance(v, DateValue):
        if v.minute is not None:
            clock = f"{v.minute // 60:02d}:{v.minute % 60:02d}" + (f" {v.zone}" if v.zone else "")
            return (f"{v.start.isoformat()} {clock}" if v.start else clock), v.granularity
        if v.start is None or v.end is None:
            return None, v.granularity
        if v.start == v.end:
            return v.start.isoformat(), v.granularity
        return f"{v.start.isoformat()}/{v.end.isoformat()}", v.granularity
    if isinstance(v, Figure):
        return v.canonical, None
    if isinstance(v, Quotation):
        return v.text, None
    return None, None


def fact_dict(m: Mention) -> dict[str, Any]:
    value, unit = fact_value(m)
    d: dict[str, Any] = {
        "article": m.article_id,
        "type": m.type.value,
        "surface": m.surface,
        "span": [m.span.start, m.span.end],
        "sentence": excerpt(m.sentence, m.local)[0],  # bounded: one copy per fact
        "value": value,
        "unit": unit,
        "confidence": m.confidence,
        "extractor": m.extractor,
    }
    v = m.value
    if isinstance(v, Quantity):
        d.update(
            dimension=v.dimension,
            qualifier=v.qualifier,
            low=_finite(v.low),
            high=_finite(v.high),
            base_value=v.base_value,
            base_unit=v.base_unit,
        )
    elif isinstance(v, DateValue):
        d.update(granularity=v.granularity, resolution=v.resolution, weekday=v.weekday)
    elif isinstance(v, Figure):
        d.update(
            kind=v.kind, name=v.name, title=v.title, modifier=v.modifier, org=v.org, role=v.role
        )
    return d


def _finite(x: float) -> float | None:
    return x if x not in (float("inf"), float("-inf")) else None


FACT_TYPES = (FactType.QUANTITY, FactType.DATE, FactType.FIGURE)


def facts(result_mentions: tuple[Mention, ...]) -> list[dict[str, Any]]:
    """Every quantity, date and figure fact (quotes are reported as conflicts' evidence)."""
    return [fact_dict(m) for m in result_mentions if m.type in FACT_TYPES]


#: The columns of ``facts.csv`` and ``extract --format csv``, the same for every fact
#: type (a column a type does not have is empty): the common ones, then quantity,
#: date and figure ones, in ``fact_dict``'s order.
FACT_COLUMNS = (
    *("article", "type", "surface", "span", "sentence", "value", "unit"),
    *("confidence", "extractor"),
    *("dimension", "qualifier", "low", "high", "base_value", "base_unit"),
    *("granularity", "resolution", "weekday"),
    *("kind", "name", "title", "modifier", "org", "role"),
)

#: A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: empty for None, ``start-end`` for a span, and text that a
    spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``, a
    leading tab or carriage return) prefixed with ``'`` (OWASP's advice), so it shows
    as text. Numbers are written as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}-{value[1]}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def facts_csv(rows: list[dict[str, Any]]) -> str:
    """``facts`` as CSV: a header of ``FACT_COLUMNS``, then one row per fact."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FACT_COLUMNS)
    for row in rows:
        writer.writerow(csv_cell(row.get(column)) for column in FACT_COLUMNS)
    return buf.getvalue()
