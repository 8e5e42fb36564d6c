"""temporal-framing: the same event placed in incompatible periods by different sources.

Event claims are blocked by event type and participants ("offer", Russia + United
States). Sentences about a recurring or another instance ("the next round of talks",
"a second call") are left out, as are dates from the same article (an article telling
the history of an event names several dates on purpose).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from factcheck.checks.base import CheckSpec, Draft, Env, article_list, word_pattern
from factcheck.checks.clusters import cluster_claims
from factcheck.model import Claim, ClaimKind, DateValue, Kind


@dataclass(frozen=True, slots=True)
class Params:
    tolerance_days: int = 1
    recurrence_words: tuple[str, ...] = ()  # rules/checks.yaml (``temporal-framing``)


def _interval(c: Claim) -> tuple[object, object]:
    v = c.value
    assert isinstance(v, DateValue) and v.start is not None and v.end is not None
    return v.start, v.end


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    skip = word_pattern(tuple(params.recurrence_words))
    tol = timedelta(days=params.tolerance_days)
    usable = [
        c
        for c in block
        if isinstance(c.value, DateValue)
        and c.value.start is not None
        and c.value.end is not None
        and not skip.search(c.mentions[0].sentence)
    ]
    if len({c.article_id for c in usable}) < 2:
        return

    def compatible(a: Claim, b: Claim) -> bool:
        va, vb = a.value, b.value
        assert isinstance(va, DateValue) and isinstance(vb, DateValue)
        assert va.start and va.end and vb.start and vb.end
        return a.article_id == b.article_id or (
            va.start - tol <= vb.end and vb.start - tol <= va.end
        )

    clusters = cluster_claims(usable, compatible)
    if len(clusters) < 2:
        return
    reference = clusters[0]
    precise = min(reference.claims, key=_width)  # shown: the most precise reference date
    ref_articles = {c.article_id for c in reference.claims}
    listed = sorted(ref_articles)
    # Each distinct reference period once (many outlets repeat one date).
    periods = {_interval(r): r for r in reference.claims}
    for cluster in clusters[1:]:
        for claim in cluster.claims:
            # Only a reference date at least as precise as the claim can excuse it:
            # "this week" spans both March 18 and March 24 and settles nothing.
            if claim.article_id in ref_articles or any(
                compatible(claim, r) for r in periods.values() if _width(r) <= _width(claim)
            ):
                continue
            event = claim.topic
            yield Draft(
                fields={
                    "event": event,
                    "participants": claim.attr("participants"),
                    "article": claim.article_id,
                    "when": claim.display,
                    "reference": precise.display,
                    "others": article_list([], listed[:3], total=len(listed)),
                },
                confidence=0.6 if reference.support == 1 else 0.7,
                evidence=(
                    (claim.mentions[0], _fmt(claim)),
                    *((r.mentions[0], _fmt(r)) for r in reference.claims[:4]),
                ),
                identity=(
                    event,
                    claim.attr("participants"),
                    claim.article_id,
                    _fmt(claim),
                    _fmt(precise),
                ),
            )


def _width(c: Claim) -> int:
    start, end = _interval(c)
    assert isinstance(start, date) and isinstance(end, date)
    return (end - start).days


def _fmt(c: Claim) -> str:
    start, end = _interval(c)
    return f"{start}" if start == end else f"{start}..{end}"


SPEC = CheckSpec(
    name="temporal-framing",
    kind=Kind.TEMPORAL_FRAMING,
    requires=ClaimKind.EVENT,
    params=Params,
    fields=("event", "participants", "article", "when", "reference", "others"),
    run=check,
)
