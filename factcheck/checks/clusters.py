"""Grouping claims into clusters of mutually compatible values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import process

from factcheck.model import Claim


@dataclass(frozen=True, slots=True)
class Cluster:
    claims: tuple[Claim, ...]

    @property
    def support(self) -> int:
        return len({c.article_id for c in self.claims})


def cluster_claims(
    claims: Sequence[Claim], compatible: Callable[[Claim, Claim], bool]
) -> list[Cluster]:
    """Greedy clustering: a claim joins the first cluster whose seed and latest members
    it agrees with (checking a bounded sample keeps this linear in the number of claims).

    Clusters come back largest first (by number of distinct articles, then claims), ties
    broken by the earliest article id, so the reference cluster is deterministic.
    """
    ordered = sorted(claims, key=lambda c: (c.article_id, c.mentions[0].span.start))
    groups: list[list[Claim]] = []
    for claim in ordered:
        for group in groups:
            if all(compatible(claim, other) for other in (group[0], *group[-2:])):
                group.append(claim)
                break
        else:
            groups.append([claim])
    clusters = [Cluster(tuple(g)) for g in groups]
    clusters.sort(key=lambda c: (-c.support, -len(c.claims), c.claims[0].article_id))
    return clusters


class DisjointSets:
    """Union-find over ``0..n-1`` with path halving: which items are joined."""

    __slots__ = ("_parent",)

    def __init__(self, n: int) -> None:
        self._parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self._parent[self.find(i)] = self.find(j)


def similar_to(
    text: str, texts: Sequence[str], scorer: Callable[..., float], cutoff: float
) -> list[int]:
    """Indices of ``texts`` that ``scorer`` rates at least ``cutoff`` against ``text``.

    One ``process.extract`` call: what a row of ``process.cdist`` gives, without
    loading numpy (about 0.1 s of a CI run's start-up).
    """
    found = process.extract(text, texts, scorer=scorer, score_cutoff=cutoff, limit=None)
    return sorted(j for _, _, j in found)
