"""What the pictures draw: sources, aligned claims, and each claim's part in a conflict.

An *aligned claim* is the set of claims, one or more per source, that state the same
thing: claims with one blocking key, and for quantities a matching measure phrase (the
grouping the quantity check uses, so a row of the claim matrix is what the check
compared). A claim's *role* comes from the findings: the first piece of evidence of a
conflict is the claim that disagrees (the outlier), the rest is the reference it was
compared against. Nothing here decides anew what disagrees; the checks did that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from factcheck.checks.quantity import Params as QuantityParams
from factcheck.model import Article, Claim, Conflict, DateValue, Finding, Kind, Mention

# Claim kinds that make a row of the matrix; weekday and quote claims are about a
# single article and a sentence, not a value several sources give.
ROW_KINDS = ("quantity", "event", "office", "role")

MentionKey = tuple[str, int, int]

# The quantity check's default: measure phrases it would compare share one row.
MEASURE_SIMILARITY = QuantityParams().measure_similarity


def key_of(m: Mention) -> MentionKey:
    return (m.article_id, m.span.start, m.span.end)


@dataclass(frozen=True, slots=True)
class Source:
    """One article as a row or column: ``label`` is its outlet, title or id."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Role:
    """A mention's part in one conflict: ``outlier`` or ``reference``.

    Review statuses are not part of it: they change while the app runs, so they are
    looked up when a picture is drawn (see ``strongest``).
    """

    conflict_id: str
    role: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class Aligned:
    """One aligned claim: every claim that states it, and the conflicts about it."""

    kind: str
    label: str
    claims: tuple[Claim, ...]
    conflicts: tuple[str, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.claims))


def source_label(article: Article) -> str:
    return article.source or article.id


def sources(articles: Sequence[Article]) -> tuple[Source, ...]:
    """One source per article, in read order; equal outlet names get the id appended."""
    counts: dict[str, int] = defaultdict(int)
    for a in articles:
        counts[source_label(a)] += 1
    return tuple(
        Source(a.id, source_label(a) if counts[source_label(a)] == 1 else f"{a.source} ({a.id})")
        for a in articles
    )


def roles(conflicts: Iterable[Conflict]) -> dict[MentionKey, tuple[Role, ...]]:
    """Each evidence mention's roles, keyed by (article id, raw span)."""
    out: dict[MentionKey, list[Role]] = defaultdict(list)
    for c in conflicts:
        for i, e in enumerate(c.evidence):
            role = Role(c.id, "outlier" if i == 0 else "reference", c.kind)
            out[(e.article_id, e.span.start, e.span.end)].append(role)
    return {k: tuple(v) for k, v in out.items()}


def statuses(findings: Iterable[Finding]) -> dict[str, str]:
    """Conflict id -> review status (new, confirmed, dismissed, explained)."""
    return {f.conflict.id: f.status for f in findings}


def strongest(found: Sequence[Role], status: Mapping[str, str]) -> str:
    """The role a mark shows: an open or confirmed outlier beats a reference.

    A dismissed conflict is not a disagreement any more, so it marks nothing.
    """
    live = [r for r in found if status.get(r.conflict_id, "new") != "dismissed"]
    if any(r.role == "outlier" for r in live):
        return "outlier"
    if live:
        return "reference"
    return "dismissed" if found else ""


def aligned_claims(
    claims: Iterable[Claim],
    found: Mapping[MentionKey, tuple[Role, ...]],
    *,
    similarity: float = MEASURE_SIMILARITY,
) -> tuple[Aligned, ...]:
    """Group claims into aligned claims with several values or a conflict.

    Sorted with conflicted rows first, then by how many sources give the claim.
    """
    blocks: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind in ROW_KINDS:
            blocks[claim.key].append(claim)
    rows: list[Aligned] = []
    for key in sorted(blocks):
        block = blocks[key]
        groups = _by_measure(block, similarity) if key[0] == "quantity" else [block]
        for group in groups:
            keys = [key_of(m) for c in group for m in c.mentions]
            ids = (r.conflict_id for k in keys for r in found.get(k, ()))
            conflicts = tuple(dict.fromkeys(ids))
            distinct = {(c.article_id, c.display) for c in group}
            if len(distinct) < 2 and not conflicts:
                continue
            rows.append(Aligned(group[0].kind, label(group[0]), tuple(group), conflicts))
    rows.sort(key=lambda r: (not r.conflicts, -len(r.sources), r.kind, r.label))
    return tuple(rows)


def _by_measure(block: Sequence[Claim], threshold: float) -> list[list[Claim]]:
    """Split one quantity block by measure phrase, as the quantity check does."""
    topics = sorted({c.topic for c in block})
    parent = list(range(len(topics)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(topics) > 1:
        scores = process.cdist(topics, topics, scorer=fuzz.token_sort_ratio, score_cutoff=threshold)
        for i, j in zip(*scores.nonzero(), strict=True):
            parent[find(int(i))] = find(int(j))
    groups: dict[int, list[Claim]] = defaultdict(list)
    index = {t: i for i, t in enumerate(topics)}
    for c in block:
        groups[find(index[c.topic])].append(c)
    return [groups[k] for k in sorted(groups)]


def label(claim: Claim) -> str:
    """What an aligned claim is about, in words."""
    if claim.kind == "quantity":
        dimension, _, words = claim.topic.partition(":")
        measure = claim.attr("measure").strip(" :") or words or dimension
        subject = claim.attr("subject")
        return f"{subject}: {measure}" if subject else measure
    if claim.kind == "event":
        participants = claim.attr("participants")
        return f"{claim.topic} ({participants})" if participants else claim.topic
    if claim.kind == "office":
        return f"holder of {claim.topic}"
    if claim.kind == "role":
        return f"role of {claim.topic}"
    return claim.topic


def cell_text(claim: Claim) -> str:
    """The value a source gives, as short as the source wrote it."""
    if claim.kind == "office" and isinstance(claim.value, str):
        return claim.value
    return claim.display


def dated(m: Mention) -> DateValue | None:
    """The mention's date when it is placed on the calendar (not a decade)."""
    v = m.value
    if isinstance(v, DateValue) and v.start is not None and v.end is not None:
        return v if v.granularity != "decade" else None
    return None
