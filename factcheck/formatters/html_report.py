"""Self-contained HTML report: Jinja2 with autoescape, inline CSS/JS, no network.

Article text is untrusted. It reaches the page only through autoescaped template
variables; the only markup not escaped is the report's own CSS and JS, whose hashes go
into a Content-Security-Policy that forbids every other script, style and request, and
the pictures, which ``factcheck.charts`` renders through autoescaped SVG templates.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from importlib import resources
from typing import Any, TextIO
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from factcheck.charts import draw, prepare
from factcheck.formatters import FormatOptions
from factcheck.model import Kind, RunResult, Severity
from factcheck.serialize import facts, finding_dict

SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
STATUSES = ["new", "confirmed", "dismissed", "explained"]


def _asset(name: str) -> str:
    return resources.files("factcheck.formatters").joinpath("templates", name).read_text("utf-8")


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("factcheck.formatters", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def is_safe_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _conflicts(result: RunResult, labels: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for f in result.findings:
        d = finding_dict(f)
        for ev, e in zip(d["evidence"], f.conflict.evidence, strict=True):
            ev["before"] = e.sentence[: e.local.start]
            ev["mark"] = e.sentence[e.local.start : e.local.end]
            ev["after"] = e.sentence[e.local.end :]
            ev["source"] = labels.get(e.article_id, e.article_id)
        d["reviewer"] = f.review.reviewer if f.review else ""
        d["reviewed_on"] = f.review.date if f.review else ""
        d["fields"] = list(f.conflict.params)
        out.append(d)
    return out


def _counts(result: RunResult) -> dict[str, Any]:
    by_kind: dict[str, Counter[str]] = {}
    for f in result.findings:
        row = by_kind.setdefault(f.conflict.kind.value, Counter())
        row[f.conflict.severity.value] += 1
        row["total"] += 1
    return {
        "total": len(result.findings),
        "open": sum(1 for f in result.findings if f.is_open),
        "by_kind": dict(sorted(by_kind.items())),
    }


def render(result: RunResult) -> str:
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src 'sha256-{_sha(css)}'; script-src 'sha256-{_sha(js)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    fact_rows = facts(result.mentions)
    per_article: dict[str, list[dict[str, Any]]] = {}
    for row in fact_rows:
        per_article.setdefault(row["article"], []).append(row)
    articles = [
        {
            "id": a.id,
            "path": a.path,
            "title": a.title,
            "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "url": a.url,
            "url_safe": is_safe_url(a.url),
            "facts": per_article.get(a.id, []),
        }
        for a in result.articles
    ]
    errors = [
        {
            "path": e.path,
            "line": e.line,
            "code": e.code,
            "message": e.message,
            "level": "error" if e.fatal else "warning",
        }
        for e in result.errors
    ]
    charts = prepare(result)
    drawn = draw(charts, result.findings)
    columns = charts.sources
    labels = dict(charts.labels)
    template = _environment().get_template("report.html.j2")
    return template.render(
        # Our own static assets; never article data.
        css=Markup(css),
        js=Markup(js),
        csp=csp,
        articles=articles,
        conflicts=_conflicts(result, labels),
        sources=columns,
        pictures=drawn,
        counts=_counts(result),
        kinds=[k.value for k in Kind],
        severities=SEVERITIES,
        statuses=STATUSES,
        errors=errors,
        facts_total=len(fact_rows),
    )


def write(result: RunResult, out: TextIO, options: FormatOptions) -> None:
    out.write(render(result))
