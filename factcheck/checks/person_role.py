"""person-role: one person given incompatible roles, across sources or inside one.

Holding several roles is normal (an envoy who also chairs a fund), so only roles that
exclude each other conflict: leading two different organisations of the kind a rule
names ("chairman of the Russian Direct Investment Fund" vs "head of the Russian
Research Institute"), or two different government offices held at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from factcheck.checks.base import CheckSpec, Draft, Env
from factcheck.model import Claim, Kind


@dataclass(frozen=True, slots=True)
class Params:
    # Titles that mean "runs this organisation": one person leads one body at a time.
    exclusive_titles: tuple[str, ...] = ("chairman", "chair", "head", "chief", "director", "ceo")
    # Government offices: a person holds one of these at a time.
    offices: tuple[str, ...] = ("president", "prime minister", "vice president", "chancellor")
    past_modifiers: tuple[str, ...] = ("former", "ex", "ex-", "then", "then-", "late", "acting")
    org_similarity: float = 85.0


def _norm_org(org: str) -> str:
    org = re.sub(r"\([^)]*\)", " ", org.lower())
    org = re.sub(r"\b(the|of|for|and)\b", " ", org)
    return " ".join(org.split())


def _acronym(org: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", org) if w[0].isupper())


def _same_org(a: str, b: str, threshold: float) -> bool:
    na, nb = _norm_org(a), _norm_org(b)
    if na == nb or fuzz.token_sort_ratio(na, nb) >= threshold:
        return True
    # "RDIF" vs "Russian Direct Investment Fund (RDIF)"
    ua, ub = a.replace(".", "").strip(), b.replace(".", "").strip()
    return (ua.upper() == ua and ua == _acronym(b)) or (ub.upper() == ub and ub == _acronym(a))


def _incompatible(a: Claim, b: Claim, params: Params) -> str | None:
    ta, tb = a.attr("title"), b.attr("title")
    oa, ob = a.attr("org"), b.attr("org")
    if a.attr("modifier") in params.past_modifiers or b.attr("modifier") in params.past_modifiers:
        return None
    if ta in params.exclusive_titles and tb in params.exclusive_titles:
        if oa and ob and not _same_org(oa, ob, params.org_similarity):
            return "leads two different organisations"
        return None
    if ta in params.offices and tb in params.offices and (ta != tb or (oa and ob and oa != ob)):
        return "holds two government offices at once"
    return None


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    seen: set[tuple[str, ...]] = set()
    ordered = sorted(block, key=lambda c: (c.article_id, c.mentions[0].span.start))
    for a, b in combinations(ordered, 2):
        reason = _incompatible(a, b, params)
        if reason is None:
            continue
        roles = tuple(sorted((_role_key(a), _role_key(b))))
        if roles in seen:
            continue
        seen.add(roles)
        confidence = 0.75 * min(a.confidence, b.confidence) + 0.1
        if a.article_id != b.article_id:
            confidence -= 0.05  # sources disagreeing may reflect a change over time
        yield Draft(
            fields={
                "person": a.topic,
                "role_a": a.display,
                "role_b": b.display,
                "articles": " and ".join(dict.fromkeys((a.article_id, b.article_id))),
                "reason": reason,
            },
            confidence=round(confidence, 2),
            evidence=((a.mentions[0], a.display), (b.mentions[0], b.display)),
            identity=(a.topic, *roles),
        )


def _role_key(c: Claim) -> str:
    return f"{c.article_id}|{c.attr('title')}|{_norm_org(c.attr('org'))}"


SPEC = CheckSpec(
    name="person-role",
    kind=Kind.PERSON_ROLE,
    requires="role",
    params=Params,
    fields=("person", "role_a", "role_b", "articles", "reason"),
    run=check,
)
