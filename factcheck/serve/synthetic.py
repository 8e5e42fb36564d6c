"""A synthetic run with many conflicts, built directly (no extraction), for load tests.

``synthetic_result(10_000)`` gives a ``RunResult`` shaped like a real one: articles
whose text holds every evidence sentence at the stated offsets, quantity mentions and
claims, and conflicts of several kinds and severities. The bench and the browser tests
use it to check that the triage app stays usable at that size without extracting ten
thousand articles first.
"""

from __future__ import annotations

import gc
import hashlib

from factcheck.model import (
    Article,
    Claim,
    Conflict,
    Evidence,
    FactType,
    Finding,
    Kind,
    Mention,
    OffsetMap,
    Quantity,
    RunResult,
    Severity,
    Span,
)

_KINDS = (Kind.QUANTITY, Kind.QUANTITY, Kind.TEMPORAL_FRAMING, Kind.PERSON_ROLE)
_SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
_VALUES = (40.0, 41.0, 70.0)  # two sources agree, the third is the outlier


def synthetic_result(conflicts: int, articles: int = 500) -> RunResult:
    """A run with ``conflicts`` conflicts spread over ``articles`` articles."""
    # NOTE: building ~100k small objects at once sets off one full garbage collection
    # after another (they are all still alive); pausing the collector halves the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(conflicts, articles)
    finally:
        if enabled:
            gc.enable()


_Plan = list[list[tuple[int, int]]]  # per conflict: (article, sentence index) per source
_Sentences = list[list[tuple[str, int, str]]]  # per article: (text, conflict, surface)


def _build(conflicts: int, articles: int) -> RunResult:
    sentences, plan = _plan(conflicts, max(3, articles))
    built, mentions = _articles(sentences)
    claims: list[Claim] = []
    findings: list[Finding] = []
    for g, rows in enumerate(plan):
        group = [mentions[r] for r in rows]
        claims.extend(_claim(g, m) for m in group)
        findings.append(Finding(_conflict(g, group, built)))
    findings.sort(key=lambda f: (-f.conflict.severity.rank, f.conflict.id))
    return RunResult(
        articles=tuple(built),
        mentions=tuple(mentions[k] for k in sorted(mentions)),
        findings=tuple(findings),
        errors=(),
        claims=tuple(claims),
    )


def _plan(conflicts: int, articles: int) -> tuple[_Sentences, _Plan]:
    """Each conflict's three sentences, spread round-robin over the articles."""
    sentences: _Sentences = [[] for _ in range(articles)]
    plan: _Plan = []
    for g in range(conflicts):
        rows = []
        for k, value in enumerate(_VALUES):
            a = (g * 3 + k) % articles
            text = f"Outlet {a} reports that widget {g} holds a {value:g}% share of the market."
            rows.append((a, len(sentences[a])))
            sentences[a].append((text, g, f"{value:g}%"))
        plan.append(rows)
    return sentences, plan


def _articles(sentences: _Sentences) -> tuple[list[Article], dict[tuple[int, int], Mention]]:
    """One article per list of sentences, one line each, and the mention in each."""
    built: list[Article] = []
    mentions: dict[tuple[int, int], Mention] = {}
    for a, items in enumerate(sentences):
        article_id = f"outlet-{a:05d}.txt"
        parts, offset = [], 0
        for i, (text, _g, surface) in enumerate(items):
            mentions[(a, i)] = _mention(article_id, text, surface, offset, i)
            parts.append(text)
            offset += len(text) + 1
        raw = "\n".join(parts) + "\n"
        digest = hashlib.sha256(raw.encode()).hexdigest()
        built.append(
            Article(article_id, article_id, raw, raw, OffsetMap(), digest, source=f"Outlet {a}")
        )
    return built, mentions


def _mention(article_id: str, text: str, surface: str, offset: int, index: int) -> Mention:
    local = text.index(surface)
    start = offset + local
    value = float(surface.rstrip("%"))
    return Mention(
        article_id=article_id,
        type=FactType.QUANTITY,
        surface=surface,
        span=Span(start, start + len(surface)),
        sentence=text,
        sentence_span=Span(offset, offset + len(text)),
        local=Span(local, local + len(surface)),
        value=Quantity(value, "percent", "percentage", value, "percent", value, value),
        confidence=0.9,
        extractor="synthetic@1",
        sentence_index=index,
    )


def _claim(g: int, m: Mention) -> Claim:
    return Claim(
        kind="quantity",
        key=("quantity", "percentage", f"widget {g}"),
        article_id=m.article_id,
        topic="percentage:market share",
        value=m.value,
        display=m.surface,
        mentions=(m,),
        attrs=(("measure", "share of the market"), ("subject", f"widget {g}")),
    )


def _conflict(g: int, group: list[Mention], built: list[Article]) -> Conflict:
    evidence = []
    for m in (group[2], group[0], group[1]):  # the outlier first, as the checks do
        line = built[int(m.article_id[7:12])].raw.count("\n", 0, m.span.start) + 1
        evidence.append(
            Evidence(
                m.article_id,
                m.article_id,
                m.sentence,
                m.local,
                m.span,
                line,
                1,
                m.surface,
                f"{m.surface.rstrip('%')} percent",
            )
        )
    kind = _KINDS[g % len(_KINDS)]
    return Conflict(
        id=hashlib.sha256(f"synthetic-{g}".encode()).hexdigest()[:16],
        rule_id=f"{kind.value}.synthetic",
        kind=kind,
        severity=_SEVERITIES[g % len(_SEVERITIES)],
        confidence=0.8,
        summary=f"widget {g}: share of the market is 70% in one outlet but 40% in two",
        evidence=tuple(evidence),
    )
