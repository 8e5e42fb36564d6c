"""The corpus's quotations by word pair: a warm run loads only those near the new ones.

All quote claims share one block, because the quote-attribution check finds near-same
quotations itself (equal text, else a shared word pair and ``fuzz.ratio``). Loading
that block would decode every quotation of the corpus. Instead the index files each
quote claim's key (``checks.quote_attribution.quote_key``) by claim set, each key's text, and each
key by its word pairs (``cache.py`` has the tables), and a scoped run loads the quote
claims of the claim sets whose quotations the check could group with a new one: the
new quotations, the quotations similar to them, those similar to these in turn, and
so on (the check groups by connected component, so a near-same quote of a near-same
quote counts).

Which pairs the check compares depends on the whole corpus (all against all up to
``Params.exhaustive`` distinct quotations; by word pair beyond, skipping pairs more
than ``Params.max_bucket`` quotations use), so the counts are taken over every live
quotation and handed to the check as a ``QuoteCatalogue``: the check then finds
exactly what it finds over the whole block.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from factcheck.checks.clusters import similar_to
from factcheck.checks.quote_attribution import Params, QuoteKey, quote_key, word_pairs
from factcheck.model import Claim
from factcheck.store.cache import MentionCache, QuoteRows

__all__ = ["Catalogue", "NearQuotes", "near_quotes", "quote_rows"]

Pair = tuple[str, str]


def _digest(key: QuoteKey) -> str:
    data = json.dumps(key, ensure_ascii=True).encode("ascii")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def quote_rows(set_key: str, claims: Iterable[Claim]) -> QuoteRows:
    """The index rows of one claim set's quote claims (empty when it has none)."""
    rows = QuoteRows()
    for c in claims:
        key = quote_key(c)
        if key is None:
            continue
        qkey = _digest(key)
        text, numbers = key
        rows.keys.append((set_key, qkey, len(text.split())))
        rows.texts.append((qkey, text, json.dumps(numbers)))
        rows.pairs += [(f"{a} {b}", qkey) for a, b in word_pairs(text)]
    return rows


@dataclass(frozen=True, slots=True)
class Catalogue:
    """``checks.base.QuoteCatalogue`` over every live quotation of a scoped run."""

    words: Mapping[str, int]  # quote key -> words of its text, for every live key
    postings: Mapping[Pair, tuple[str, ...]]  # live keys by word pair (the pairs asked)

    def distinct(self, min_words: int) -> int:
        return sum(1 for n in self.words.values() if n >= min_words)

    def users(self, pair: Pair, min_words: int) -> int:
        return sum(1 for q in self.postings[pair] if self.words[q] >= min_words)


@dataclass(frozen=True, slots=True)
class NearQuotes:
    """The claim sets whose quote claims a scoped run loads, and the catalogue."""

    sets: frozenset[str]
    catalogue: Catalogue


class _Texts:
    """Quote keys' texts, fetched from the index as they are needed."""

    def __init__(self, cache: MentionCache) -> None:
        self.cache = cache
        self.known: dict[str, QuoteKey] = {}

    def get(self, qkeys: Iterable[str]) -> dict[str, QuoteKey]:
        missing = [q for q in qkeys if q not in self.known]
        for qkey, text, numbers in self.cache.quote_texts(missing):
            self.known[qkey] = (text, tuple(json.loads(numbers)))
        return self.known


def near_quotes(
    cache: MentionCache,
    live: Collection[str],
    scope: Collection[str],
    params: Sequence[Params],
) -> NearQuotes:
    """What to load for the quote claims of the claim sets ``scope`` (part of ``live``).

    ``params`` are those of every enabled quote-attribution rule; the sets loaded are
    those any of them could group with the scope's quotations.
    """
    live_set = set(live)
    words: dict[str, int] = {}
    keys_of: dict[str, list[str]] = defaultdict(list)
    sets_of: dict[str, list[str]] = defaultdict(list)
    for set_key, qkey, n in cache.quote_keys():
        if set_key in live_set:
            words[qkey] = n
            keys_of[set_key].append(qkey)
            sets_of[qkey].append(set_key)
    texts = _Texts(cache)
    postings: dict[Pair, tuple[str, ...]] = {}
    start = {q for s in scope for q in keys_of.get(s, ())}
    near: set[str] = set()
    for p in params:
        wanted = {q for q in start if words[q] >= p.min_words}
        near |= _component(wanted, words, p, texts, postings)
    sets = frozenset(s for q in near for s in sets_of[q])
    loaded = {q for s in sets for q in keys_of[s]}
    known = texts.get(loaded)
    _fetch_postings(
        cache, {pair for q in loaded for pair in word_pairs(known[q][0])}, words, postings
    )
    return NearQuotes(sets, Catalogue(words, postings))


def _component(
    start: set[str],
    words: Mapping[str, int],
    p: Params,
    texts: _Texts,
    postings: dict[Pair, tuple[str, ...]],
) -> set[str]:
    """Every quote key joined to ``start`` as the check joins them, for params ``p``."""
    eligible = [q for q, n in words.items() if n >= p.min_words]
    exhaustive = len(eligible) <= p.exhaustive
    seen = set(start)
    frontier = sorted(start)
    while frontier:
        if exhaustive:
            found = _similar_all(frontier, eligible, p, texts)
        else:
            found = _similar_by_pair(frontier, words, p, texts, postings)
        frontier = sorted(found - seen)
        seen.update(frontier)
    return seen


def _similar_all(
    frontier: Sequence[str], eligible: Sequence[str], p: Params, texts: _Texts
) -> set[str]:
    known = texts.get(eligible)
    choices = [known[q][0] for q in eligible]
    return {
        eligible[j]
        for q in frontier
        for j in similar_to(known[q][0], choices, fuzz.ratio, p.similarity)
        if known[q][1] == known[eligible[j]][1]
    }


def _similar_by_pair(
    frontier: Sequence[str],
    words: Mapping[str, int],
    p: Params,
    texts: _Texts,
    postings: dict[Pair, tuple[str, ...]],
) -> set[str]:
    known = texts.get(frontier)
    by_pair: dict[Pair, set[str]] = defaultdict(set)
    for q in frontier:
        for pair in word_pairs(known[q][0]):
            by_pair[pair].add(q)
    _fetch_postings(texts.cache, by_pair, words, postings)
    candidates: dict[str, set[str]] = defaultdict(set)  # near key -> frontier keys
    for pair, members in by_pair.items():
        users = [u for u in postings[pair] if words[u] >= p.min_words]
        if len(users) < 2 or len(users) > p.max_bucket:
            continue
        for u in users:
            candidates[u] |= members
    known = texts.get(candidates)
    return {
        u
        for u, froms in candidates.items()
        if any(
            known[u][1] == known[q][1]
            and fuzz.ratio(known[u][0], known[q][0], score_cutoff=p.similarity)
            for q in froms
        )
    }


def _fetch_postings(
    cache: MentionCache,
    pairs: Iterable[Pair],
    words: Mapping[str, int],
    postings: dict[Pair, tuple[str, ...]],
) -> None:
    """Add the live keys using each of ``pairs`` to ``postings`` (once per pair)."""
    missing = [pair for pair in pairs if pair not in postings]
    found: dict[Pair, list[str]] = {pair: [] for pair in missing}
    for joined, qkey in cache.quote_postings([f"{a} {b}" for a, b in missing]):
        if qkey in words:
            a, b = joined.split(" ")
            found[(a, b)].append(qkey)
    postings.update((pair, tuple(sorted(qs))) for pair, qs in found.items())
