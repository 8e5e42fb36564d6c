"""weekday: a stated weekday that does not match its date ("Monday, March 25, 2025")."""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from factcheck.checks.base import CheckSpec, Draft, Env
from factcheck.model import Claim, ClaimKind, DateValue, Kind


@dataclass(frozen=True, slots=True)
class Params:
    min_confidence: float = 0.5


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    for c in block:
        v = c.value
        if not isinstance(v, DateValue) or v.start is None or v.weekday is None:
            continue
        if c.confidence < params.min_confidence or v.start.weekday() == v.weekday:
            continue
        stated = calendar.day_name[v.weekday]
        actual = calendar.day_name[v.start.weekday()]
        yield Draft(
            fields={
                "text": c.display,
                "stated": stated,
                "actual": actual,
                "date": v.start.isoformat(),
                "article": c.article_id,
            },
            confidence=0.9 if v.resolution == "absolute" else 0.7,
            evidence=((c.mentions[0], f"{v.start.isoformat()} is a {actual}"),),
            identity=(c.article_id, v.start.isoformat(), stated),
        )


SPEC = CheckSpec(
    name="weekday",
    kind=Kind.WEEKDAY,
    requires=ClaimKind.WEEKDAY,
    params=Params,
    fields=("text", "stated", "actual", "date", "article"),
    run=check,
)
