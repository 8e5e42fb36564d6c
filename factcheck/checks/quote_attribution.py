"""quote-attribution: the same or a near-same quotation attributed to different people.

Quotes are compared on normalised text with numbers masked, so "we will sell 40%" and
"we will sell 60%" are near-same text, and the numbers are then compared explicitly: a
different number makes it a different quotation, not a misattribution.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from rapidfuzz import fuzz

from factcheck.checks.base import (
    CheckSpec,
    Draft,
    Env,
    QuoteCatalogue,
    article_list,
    others_of,
)
from factcheck.checks.clusters import DisjointSets, similar_to
from factcheck.model import Claim, ClaimKind, Kind

_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[a-z0-9#']+")
_ANONYMOUS = re.compile(r"^(the|a|an|one|some|several|his|her|their|our|officials?)\b", re.I)


@dataclass(frozen=True, slots=True)
class Params:
    similarity: float = 90.0
    min_words: int = 6
    exhaustive: int = 2000  # distinct quotations compared all against all
    max_bucket: int = 200  # a word pair used by more quotations does not block


def _normalise(text: str) -> tuple[str, tuple[str, ...]]:
    numbers = tuple(_NUM.findall(text))
    masked = _NUM.sub("#", text.lower())
    return " ".join(_WORD.findall(masked)), numbers


def _named(speaker: str) -> bool:
    return bool(speaker) and not _ANONYMOUS.match(speaker) and any(ch.isupper() for ch in speaker)


QuoteKey = tuple[str, tuple[str, ...]]  # the text with numbers masked, and the numbers


def quote_key(claim: Claim) -> QuoteKey | None:
    """What the check compares a quote claim by, or None if it never compares it.

    Quotations with equal keys are one quotation; near-same keys (by ``word_pairs``,
    then ``fuzz.ratio``) with the same numbers are grouped. The corpus index files
    every quote claim by this key (``factcheck.store.quotes``).
    """
    if not _named(str(claim.value)):
        return None
    return _normalise(claim.topic)


def word_pairs(text: str) -> set[tuple[str, str]]:
    """The word pairs that block a quotation's masked text (see ``_similar_pairs``)."""
    return set(pairwise(text.split()))


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    by_text: dict[QuoteKey, list[Claim]] = defaultdict(list)
    for c in block:
        key = quote_key(c)
        if key is not None and len(key[0].split()) >= params.min_words:
            by_text[key].append(c)
    keys = sorted(by_text)
    if not keys:
        return
    # Exact duplicates are grouped above; fuzzy matching only runs on distinct texts.
    texts = [k[0] for k in keys]
    sets = DisjointSets(len(keys))
    for i, j in _similar_pairs(texts, params, env.quotes):
        if keys[i][1] == keys[j][1]:  # masked numbers must match exactly
            sets.union(i, j)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[sets.find(i)].extend(by_text[k])
    for claims in groups.values():
        yield from _misattributions(claims)


def _similar_pairs(
    texts: Sequence[str], params: Params, catalogue: QuoteCatalogue | None = None
) -> Iterator[tuple[int, int]]:
    """Index pairs of texts at least ``params.similarity`` alike.

    Up to ``params.exhaustive`` distinct texts are compared all against all. Beyond
    that only texts sharing a word pair that few texts use are compared, so a corpus
    with a hundred thousand distinct quotes stays linear:
    two quotations 90% alike share most of their word pairs.

    With a ``catalogue``, ``texts`` are part of a larger corpus (every quotation near
    the new ones, and all of their near ones in turn): how many texts there are and
    how many use a word pair are the whole corpus's, so the same pairs are compared
    as over every quotation.
    """
    total = len(texts) if catalogue is None else catalogue.distinct(params.min_words)
    if total <= params.exhaustive:
        for i, text in enumerate(texts):
            for j in similar_to(text, texts, fuzz.ratio, params.similarity):
                yield i, j
        return
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        for pair in word_pairs(text):
            buckets[pair].append(i)
    seen: set[tuple[int, int]] = set()
    for pair, members in buckets.items():
        if len(members) < 2:
            continue
        users = len(members) if catalogue is None else catalogue.users(pair, params.min_words)
        if users > params.max_bucket:
            continue
        for a, b in combinations(members, 2):
            if (a, b) not in seen:
                seen.add((a, b))
                if fuzz.ratio(texts[a], texts[b], score_cutoff=params.similarity):
                    yield a, b


def _misattributions(claims: Sequence[Claim]) -> Iterator[Draft]:
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.article_id, c.mentions[0].span.start)):
        by_speaker[str(c.value)].append(c)
    if len(by_speaker) < 2:
        return
    ranked = sorted(by_speaker.items(), key=lambda kv: (-len({c.article_id for c in kv[1]}), kv[0]))
    ref_speaker, refs = ranked[0]
    ref_articles = sorted({c.article_id for c in refs})
    for speaker, dissent in ranked[1:]:
        # One finding per article that attributes the quote differently.
        firsts = {c.article_id: c for c in reversed(dissent)}
        for d in (firsts[a] for a in sorted(firsts)):
            yield _draft(d, speaker, ref_speaker, refs, ref_articles)


def _draft(
    d: Claim, speaker: str, ref_speaker: str, refs: Sequence[Claim], ref_articles: list[str]
) -> Draft:
    shown, total = others_of(ref_articles, d.article_id)
    return Draft(
        fields={
            "quote": d.topic[:80] + ("…" if len(d.topic) > 80 else ""),
            "speaker": speaker,
            "article": d.article_id,
            "other_speaker": ref_speaker,
            "others": article_list([], shown, total=total)
            if total
            else article_list([], ref_articles),
            "attribute": "attribute" if (total or len(ref_articles)) > 1 else "attributes",
        },
        confidence=0.8 if len(refs) > 1 else 0.7,
        evidence=((d.mentions[0], speaker), *((r.mentions[0], ref_speaker) for r in refs[:4])),
        identity=(_normalise(d.topic)[0], speaker, ref_speaker, d.article_id),
    )


SPEC = CheckSpec(
    name="quote-attribution",
    kind=Kind.QUOTE_ATTRIBUTION,
    requires=ClaimKind.QUOTE,
    params=Params,
    fields=("quote", "speaker", "article", "other_speaker", "others", "attribute"),
    run=check,
)
