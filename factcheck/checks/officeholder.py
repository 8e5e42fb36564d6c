"""officeholder: an office or administration named for a time when someone else held it.

Three checks share the office claims built in ``align/figures.py``:

- ``officeholder-former``: "former President X" when the article's story happens while
  X held that office (per ``rules/officeholders.yaml``).
- ``officeholder-dated``: "President X" or "the X administration" in a sentence dated
  to a period when X did not hold the office.
- ``officeholder-story``: across sources, the office's holder during the story: one
  article names the Biden administration while others call Trump president or date
  the story to a time Trump held office.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from factcheck.checks.base import CheckFn, CheckSpec, Draft, Env
from factcheck.model import Claim, DateValue, Kind, Mention
from factcheck.offices import Office

FIELDS = ("holder", "office", "article", "when", "others", "other_holder")


@dataclass(frozen=True, slots=True)
class Params:
    past_modifiers: tuple[str, ...] = ("former", "ex", "ex-", "then", "then-", "late")
    # Words that make a dated title legitimately anachronistic ("then-senator", "future").
    hedges: tuple[str, ...] = ("then-", "future", "later", "would become", "went on to")
    max_evidence: int = 4


def _office(env: Env, claim: Claim) -> Office | None:
    for o in env.offices.offices:
        if o.id == claim.topic:
            return o
    return None


def _date_text(v: DateValue | None) -> str:
    if v is None or v.start is None or v.end is None:
        return "an unknown date"
    return (
        v.start.isoformat() if v.start == v.end else f"{v.start.isoformat()}..{v.end.isoformat()}"
    )


def _is_past(claim: Claim, params: Params) -> bool:
    return claim.attr("modifier").lower() in params.past_modifiers


def check_former(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    for claim in block:
        office = _office(env, claim)
        story = env.story.get(claim.article_id)
        if office is None or story is None or claim.attr("modifier") not in ("former", "ex", "ex-"):
            continue
        holder = str(claim.value)
        if not office.held_any(holder, story.when, story.when):
            continue
        evidence: list[tuple[Mention, str]] = [(claim.mentions[0], f"former {office.title}")]
        if story.mention is not None:
            evidence.append((story.mention, story.when.isoformat()))
        yield Draft(
            fields={
                "holder": holder,
                "office": office.id,
                "article": claim.article_id,
                "when": story.when.isoformat(),
                "others": "",
                "other_holder": holder,
            },
            confidence=0.85 if story.source == "published" else 0.75,
            evidence=tuple(evidence),
            identity=(office.id, holder, claim.article_id, "former", story.when.isoformat()),
        )


def check_dated(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    hedge = re.compile("|".join(re.escape(h) for h in params.hedges), re.IGNORECASE)
    for claim in block:
        office = _office(env, claim)
        when = claim.when
        if office is None or when is None or when.start is None or when.end is None:
            continue
        if _is_past(claim, params) or hedge.search(claim.mentions[0].sentence):
            continue
        holder = str(claim.value)
        if office.held_any(holder, when.start, when.end):
            continue
        actual = ", ".join(office.holders_during(when.start, when.end)) or "nobody on record"
        yield Draft(
            fields={
                "holder": holder,
                "office": office.id,
                "article": claim.article_id,
                "when": _date_text(when),
                "others": "",
                "other_holder": actual,
            },
            confidence=0.8,
            evidence=tuple(
                (m, holder if i == 0 else _date_text(when)) for i, m in enumerate(claim.mentions)
            ),
            identity=(office.id, holder, claim.article_id, "dated", _date_text(when)),
        )


@dataclass(frozen=True, slots=True)
class _Position:
    """One article's answer to "who held this office during the story?"."""

    article_id: str
    holder: str
    evidence: tuple[tuple[Mention, str], ...]
    explicit: bool


def _position(
    article_id: str, claims: Sequence[Claim], office: Office, env: Env, params: Params
) -> _Position | None:
    undated = [c for c in claims if c.when is None and not _is_past(c, params)]
    holders = {str(c.value) for c in undated}
    story = env.story.get(article_id)
    if len(holders) == 1:
        holder = holders.pop()
        if story is not None and not office.held_any(holder, story.when, story.when):
            return None  # the article dates itself elsewhere: officeholder-dated's business
        ev = tuple(
            (c.mentions[0], f"{holder} ({c.attr('form')})") for c in undated[: params.max_evidence]
        )
        return _Position(article_id, holder, ev, explicit=True)
    if holders or story is None or story.mention is None:
        return None  # several holders named for the story, or nothing to go on
    implied = office.holders_during(story.when, story.when)
    if len(implied) != 1:
        return None
    return _Position(
        article_id,
        implied[0],
        ((story.mention, f"{story.when.isoformat()} ({implied[0]} in office)"),),
        explicit=False,
    )


def check_story(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    if not block:
        return
    office = _office(env, block[0])
    if office is None:
        return
    per_article: dict[str, list[Claim]] = defaultdict(list)
    for c in block:
        per_article[c.article_id].append(c)
    # Articles that date the story without naming the office still take part: their
    # date implies the holder.
    for article_id, story in env.story.items():
        if story.mention is not None:
            per_article.setdefault(article_id, [])
    positions = [
        p for a, cs in sorted(per_article.items()) if (p := _position(a, cs, office, env, params))
    ]
    by_holder: dict[str, list[_Position]] = defaultdict(list)
    for p in positions:
        by_holder[p.holder].append(p)
    if len(by_holder) < 2 or not any(p.explicit for p in positions):
        return
    ranked = sorted(
        by_holder.items(), key=lambda kv: (-len(kv[1]), -sum(p.explicit for p in kv[1]), kv[0])
    )
    ref_holder, refs = ranked[0]
    for holder, dissenters in ranked[1:]:
        for d in dissenters:
            if not d.explicit and not any(r.explicit for r in refs):
                continue
            confidence = 0.6 + (0.1 if len(refs) >= 2 else 0) + (0.05 if d.explicit else -0.1)
            ev = list(d.evidence)
            for r in refs[: params.max_evidence]:
                ev.extend(r.evidence[:1])
            yield Draft(
                fields={
                    "holder": holder,
                    "office": office.id,
                    "article": d.article_id,
                    "when": "the story",
                    "others": ", ".join(r.article_id for r in refs),
                    "other_holder": ref_holder,
                },
                confidence=round(confidence, 2),
                evidence=tuple(ev),
                identity=(office.id, d.article_id, holder, ref_holder),
            )


def _spec(name: str, run: CheckFn) -> CheckSpec:
    return CheckSpec(
        name=name, kind=Kind.OFFICEHOLDER, requires="office", params=Params, fields=FIELDS, run=run
    )


FORMER_SPEC = _spec("officeholder-former", check_former)
OUT_OF_OFFICE_SPEC = _spec("officeholder-dated", check_dated)
STORY_SPEC = _spec("officeholder-story", check_story)
