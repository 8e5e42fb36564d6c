"""temporal-framing (happenings): one happening put on two incompatible dates.

Claims arrive blocked by happening (predicate group and object group, see
``factcheck.align.happenings``). Two dates of one happening conflict when their actors
can be the same (they share a name, or one names none), they come from different
sentences, and their periods are disjoint: "declared an outbreak ... around the
beginning of September" against "On 20 September 2022 ... declared an outbreak". A
weekday that could not be placed on the calendar (an undated article's "on Monday") is
compared by weekday with another weekday. The dates most sources give are the
reference; each date outside it is one conflict. Dates a day apart are a lower
confidence: a time zone can move a Friday evening to Saturday.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from factcheck.checks.base import CheckSpec, Draft, Env, article_list, two_stories
from factcheck.checks.clusters import cluster_claims
from factcheck.model import Claim, ClaimKind, DateValue, Kind

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Params:
    near_days: int = 1  # dates this close conflict at ``near_confidence``
    near_confidence: float = 0.45
    confidence: float = 0.65
    max_evidence: int = 4


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    usable = [c for c in block if isinstance(c.value, DateValue)]
    if len(usable) < 2:
        return
    # An actor word many different actors share ("Logistics", "Ministry") names a kind
    # of actor, not one.
    actors_with: dict[str, set[str]] = {}
    for c in usable:
        for w in c.attr("actors").split():
            actors_with.setdefault(w, set()).add(c.attr("actors"))
    common = frozenset(w for w, a in actors_with.items() if len(a) > 3)
    clusters = cluster_claims(usable, _agree)
    if len(clusters) < 2:
        return
    for n, cluster in enumerate(clusters[1:], start=1):
        by_article: dict[str, list[Claim]] = {}
        for claim in cluster.claims:
            by_article.setdefault(claim.article_id, []).append(claim)
        for same in by_article.values():
            claim = same[0]
            for reference in clusters[:n]:
                against = [r for r in reference.claims if _can_compare(claim, r, common)]
                if not against:
                    continue
                if any(_agree(claim, r) for r in against):
                    break
                yield _draft(claim, against, params, same[1:])
                break


def _can_compare(a: Claim, b: Claim, common: frozenset[str] = frozenset()) -> bool:
    if a.article_id == b.article_id and a.mentions[0].sentence_span == b.mentions[0].sentence_span:
        return False
    if two_stories(a, b):
        return False
    wa, wb = set(a.attr("actors").split()) - common, set(b.attr("actors").split()) - common
    if wa and wb and not wa & wb:
        return False  # two actors
    va, vb = a.value, b.value
    assert isinstance(va, DateValue) and isinstance(vb, DateValue)
    if (va.minute is None) != (vb.minute is None):
        return False  # a clock time and a day say different things
    if va.minute is not None and vb.minute is not None:
        return va.zone == vb.zone  # another zone is another clock
    if va.start is None or vb.start is None:
        return va.weekday is not None and vb.weekday is not None
    return True


def _agree(a: Claim, b: Claim) -> bool:
    va, vb = a.value, b.value
    assert isinstance(va, DateValue) and isinstance(vb, DateValue)
    if va.minute is not None or vb.minute is not None:
        if va.minute is None or vb.minute is None or va.zone != vb.zone:
            return True  # nothing to tell them apart
        # "7 pm" is a rounded time, good to half an hour; "7.20 pm" to ten minutes.
        slack = max(_clock_slack(va.minute), _clock_slack(vb.minute))
        return abs(va.minute - vb.minute) <= slack
    if va.start is None or vb.start is None or va.end is None or vb.end is None:
        if va.weekday is not None and vb.weekday is not None:
            return va.weekday == vb.weekday
        return True  # nothing to tell them apart
    return va.start <= vb.end and vb.start <= va.end


def _clock_slack(minute: int) -> int:
    return 30 if minute % 15 == 0 else 10


def _gap(a: DateValue, b: DateValue) -> int | None:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    return max((b.start - a.end).days, (a.start - b.end).days)


def _draft(
    claim: Claim, against: Sequence[Claim], params: Params, also: Sequence[Claim] = ()
) -> Draft:
    v = claim.value
    assert isinstance(v, DateValue)
    ref = against[0]
    rv = ref.value
    assert isinstance(rv, DateValue)
    gap = _gap(v, rv)
    near = gap is not None and gap <= params.near_days
    unplaced = v.start is None or rv.start is None
    confidence = params.near_confidence if near or unplaced else params.confidence
    confidence *= min(claim.confidence, ref.confidence) / 0.8
    articles = sorted({c.article_id for c in against})
    return Draft(
        fields={
            "event": claim.topic,
            "participants": claim.attr("actors") or "unnamed",
            "article": claim.article_id,
            "when": claim.display,
            "reference": ref.display,
            "others": article_list([], articles[:3], total=len(articles)),
        },
        confidence=round(min(confidence, 0.9), 2),
        evidence=(
            (claim.mentions[0], _fmt(v)),
            *((c.mentions[0], _fmt(c.value)) for c in also[: params.max_evidence]),
            *((r.mentions[0], _fmt(r.value)) for r in against[: params.max_evidence]),
        ),
        identity=(claim.topic, claim.article_id, _fmt(v), _fmt(rv)),
    )


def _fmt(v: object) -> str:
    assert isinstance(v, DateValue)
    if v.minute is not None:
        return f"{v.minute // 60:02d}:{v.minute % 60:02d}" + (f" {v.zone}" if v.zone else "")
    if v.start is None or v.end is None:
        return _WEEKDAYS[v.weekday] if v.weekday is not None else "undated"
    start: date = v.start
    return f"{start}" if v.start == v.end else f"{start}..{v.end}"


SPEC = CheckSpec(
    name="happening-date",
    kind=Kind.TEMPORAL_FRAMING,
    requires=ClaimKind.HAPPENING,
    params=Params,
    fields=("event", "participants", "article", "when", "reference", "others"),
    run=check,
)
