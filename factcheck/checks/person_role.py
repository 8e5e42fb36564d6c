"""person-role: one person given incompatible roles, across sources or inside one.

Holding several roles is normal (an envoy who also chairs a fund), so only roles that
exclude each other conflict: leading two different organisations of the kind a rule
names ("chairman of the Russian Direct Investment Fund" vs "head of the Russian
Research Institute"), or two different government offices held at once.

A person's roles are compared against the consensus of the corpus, not pair by pair:
the role most articles give (and any other role many articles give: people do hold
two posts) is established, and each article giving an incompatible role yields one
conflict for that article. An article that itself gives two incompatible roles yields
one conflict with both of its own statements as evidence.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from factcheck.checks.base import CheckSpec, Draft, Env, article_list, others_of
from factcheck.extract.lexicon import Lexicon
from factcheck.model import Claim, ClaimKind, Kind
from factcheck.vocab import Vocabulary


@dataclass(frozen=True, slots=True)
class Params:
    # Titles (as titles.yaml normalises them) that mean "runs this organisation": one
    # person leads one body at a time; and government offices a person holds one at a
    # time. Word lists of rules/checks.yaml (``person-role``): narrower than titles.yaml's
    # classes on purpose ("leader of the Opposition" and "leader of the Labour Party",
    # "prime minister" and "crown prince" are held together).
    exclusive_titles: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    # Modifiers (titles.yaml ``modifiers``, by their normalised name) of a past role.
    past_modifiers: tuple[str, ...] = ("former", "then", "late", "acting")
    # Words that are not what a post is in charge of: rules/checks.yaml (``person-role``).
    post_stopwords: tuple[str, ...] = ()
    org_similarity: float = 85.0
    # A second role given by at least this many articles, and this share of the
    # consensus role's articles, is taken as a second post the person holds.
    established_support: int = 3
    established_share: float = 0.25
    max_evidence: int = 4


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


@dataclass(frozen=True, slots=True)
class _Role:
    """What a claim says the person is: leads an organisation, or holds an office."""

    kind: str  # "lead" | "office"
    name: str  # the organisation (lead) or "title|org" (office), as first written


@dataclass(frozen=True, slots=True)
class _Titles:
    """What the check reads from the run's titles.yaml: normalised titles by use."""

    exclusive: frozenset[str]  # titles that lead an organisation
    offices: frozenset[str]  # government offices
    org_keywords: frozenset[str]  # lower case


@functools.lru_cache(maxsize=8)
def _titles(vocabulary: Vocabulary, params: Params) -> _Titles:
    lexicon = Lexicon.from_vocabulary(vocabulary)
    return _Titles(
        exclusive=frozenset(params.exclusive_titles),
        offices=frozenset(params.offices),
        org_keywords=frozenset(w.lower() for w in lexicon.org_keywords),
    )


def _roles(block: Sequence[Claim], params: Params, titles: _Titles) -> dict[int, _Role]:
    """The comparable role of each claim (by index); organisations spelled alike are one."""
    orgs: list[str] = []  # representatives of organisation clusters
    out: dict[int, _Role] = {}
    for i, c in enumerate(block):
        title, org = c.attr("title"), c.attr("org")
        if c.attr("modifier") in params.past_modifiers:
            continue
        post = _post_words(c.display, org, params, titles) if title in titles.exclusive else ""
        if post:
            # "Head of Safety and Integrity", "chief security and integrity officer": a
            # post named by what it is in charge of, not an organisation it leads.
            out[i] = _Role("post", post)
        elif title in titles.exclusive and org:
            rep = next((o for o in orgs if _same_org(o, org, params.org_similarity)), None)
            if rep is None:
                orgs.append(org)
                rep = org
            out[i] = _Role("lead", rep)
        elif title in titles.offices:
            out[i] = _Role("office", f"{title}|{_norm_org(org)}")
    return out


def _post_words(display: str, org: str, params: Params, titles: _Titles) -> str:
    """What a post is in charge of, as sorted words, when its "organisation" is not one
    ("Safety and Integrity"): empty for a real organisation or a bare title."""
    if org and (
        _is_org(org, titles) or org.isupper() or re.search(r"\bthe\s+" + re.escape(org), display)
    ):
        return ""  # "director of the National Solar Mission": an organisation, led
    words = set()
    for w in re.findall(r"[A-Za-z][A-Za-z&-]*(?:['’]s)?", display):
        low = w.lower()
        if low.endswith(("'s", "’s")) or low in params.post_stopwords or low in titles.exclusive:
            continue
        words.add(low)
    return "|".join(sorted(words))


def _is_org(org: str, titles: _Titles) -> bool:
    """Whether ``org`` names an organisation: one of titles.yaml's organisation
    keywords, as the figure extractor reads them."""
    return any(w.lower() in titles.org_keywords for w in re.findall(r"[A-Za-z]+", org))


def _clash(a: _Role, b: _Role) -> str | None:
    if a.kind != b.kind or a.name == b.name:
        return None
    if a.kind == "post":
        wa, wb = set(a.name.split("|")), set(b.name.split("|"))
        if wa <= wb or wb <= wa:
            return None  # "Integrity Head" is the "Head of Safety and Integrity" cut short
        return "is given two different posts"
    if a.kind == "lead":
        return "leads two different organisations"
    (title_a, org_a), (title_b, org_b) = a.name.split("|"), b.name.split("|")
    if title_a == title_b and not (org_a and org_b):
        return None  # "President Biden" and "U.S. President Biden": the same office
    return "holds two government offices at once"


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    ordered = sorted(block, key=lambda c: (c.article_id, c.mentions[0].span.start))
    roles = _roles(ordered, params, _titles(env.vocabulary, params))
    if len(set(roles.values())) < 2:
        return
    support: dict[_Role, set[str]] = defaultdict(set)
    per_article: dict[str, list[tuple[Claim, _Role]]] = defaultdict(list)
    for i, role in roles.items():
        support[role].add(ordered[i].article_id)
        per_article[ordered[i].article_id].append((ordered[i], role))
    ranked = sorted(support, key=lambda r: (-len(support[r]), min(support[r]), r.name))
    top = ranked[0]
    floor = max(params.established_support, params.established_share * len(support[top]))
    established = [r for r in ranked if r == top or len(support[r]) >= floor]
    claims_of: dict[_Role, list[Claim]] = defaultdict(list)
    for i, role in sorted(roles.items()):
        if len(claims_of[role]) < params.max_evidence:
            claims_of[role].append(ordered[i])
    backing = {r: sorted(support[r]) for r in established}
    posts = [r for r in ranked if r.kind == "post" and r not in backing]
    backing.update({r: sorted(support[r]) for r in posts})
    for article_id, said in sorted(per_article.items()):
        yield from _article_conflicts(article_id, said, established, backing, claims_of, params)


def _article_conflicts(
    article_id: str,
    said: list[tuple[Claim, _Role]],
    established: Sequence[_Role],
    backing: dict[_Role, list[str]],
    claims_of: dict[_Role, list[Claim]],
    params: Params,
) -> Iterator[Draft]:
    seen: set[_Role] = set()
    for claim, role in said:
        if role in established or role in seen:
            continue
        seen.add(role)
        # Inside the article first: it contradicts itself.
        own = next(((c, r) for c, r in said if _clash(role, r) and r in established), None)
        own = own or next(((c, r) for c, r in said if _clash(role, r)), None)
        if own is not None:
            yield _draft(claim, own[0], _clash(role, own[1]) or "", [own[0]], article_id, params)
            continue
        # Otherwise against the best-supported established role of the same kind; a
        # post against the best-supported post it clashes with (posts named in other
        # words are many, and any two of them may be one post cut short).
        top = next((r for r in established if r.kind == role.kind), None)
        if role.kind == "post":
            mine = (len(backing.get(role, ())), role.name)
            top = next(
                (
                    r
                    for r in backing
                    if r.kind == "post"
                    and _clash(role, r)
                    and (r in established or (len(backing[r]), r.name) > mine)
                ),
                None,
            )
        reason = None if top is None else _clash(role, top)
        if top is None or reason is None:
            continue
        refs = claims_of[top]
        shown, total = others_of(backing[top], article_id)
        if not total:
            continue
        articles = article_list([article_id], shown, total=total)
        yield _draft(claim, refs[0], reason, refs, articles, params)


def _draft(
    claim: Claim,
    other: Claim,
    reason: str,
    refs: Sequence[Claim],
    articles: str,
    params: Params,
) -> Draft:
    confidence = 0.75 * min(claim.confidence, other.confidence) + 0.1
    if other.article_id != claim.article_id:
        confidence -= 0.05  # sources disagreeing may reflect a change over time
    evidence = [(claim.mentions[0], claim.display)]
    evidence += [(c.mentions[0], c.display) for c in refs[: params.max_evidence]]
    return Draft(
        fields={
            "person": claim.topic,
            "role_a": claim.display,
            "role_b": other.display,
            "articles": articles,
            "reason": reason,
        },
        confidence=round(confidence, 2),
        evidence=tuple(evidence),
        identity=(claim.topic, claim.article_id, claim.attr("title"), _norm_org(claim.attr("org"))),
    )


SPEC = CheckSpec(
    name="person-role",
    kind=Kind.PERSON_ROLE,
    requires=ClaimKind.ROLE,
    params=Params,
    fields=("person", "role_a", "role_b", "articles", "reason"),
    run=check,
)
