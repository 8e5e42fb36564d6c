"""What a check is: a pure function over one block of aligned claims.

A check receives claims that share a blocking key, its rule's parameters and a
read-only ``Env``; it yields ``Draft``s. ``compare.py`` turns drafts into ``Conflict``s
(evidence locations, fingerprints, the rule's message and severity).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from factcheck.align.offices import OfficeTable
from factcheck.model import Claim, ClaimKind, Kind, Mention, Severity, StoryTime
from factcheck.vocab import Vocabulary, load_vocabulary


class QuoteCatalogue(Protocol):
    """Every quotation of the corpus, counted, when a check is given only some of them.

    A scoped run through the corpus index loads only the quotations near the new ones
    (``factcheck.store.quotes``); the quote check still decides how to compare them by
    the whole corpus's figures, so it finds what it would over every quotation.
    """

    def distinct(self, min_words: int) -> int:
        """How many distinct quotations of at least ``min_words`` words there are."""
        ...

    def users(self, pair: tuple[str, str], min_words: int) -> int:
        """How many of those distinct quotations use the word pair ``pair``."""
        ...


@dataclass(frozen=True, slots=True)
class Env:
    offices: OfficeTable
    story: Mapping[str, StoryTime] = field(default_factory=dict)
    # The run's rules tables: checks read title classes and organisation words from it.
    vocabulary: Vocabulary = field(default_factory=load_vocabulary)
    quotes: QuoteCatalogue | None = None  # None: the block holds every quotation


@dataclass(frozen=True, slots=True)
class Draft:
    """A conflict as a check sees it, before locations and ids are attached.

    ``evidence`` pairs each mention with the normalised value text shown for it.
    ``identity`` holds the normalised facts the fingerprint hashes: never offsets.
    ``fields`` fill the rule's ``message`` template.
    """

    fields: Mapping[str, str]
    confidence: float
    evidence: tuple[tuple[Mention, str], ...]
    identity: tuple[str, ...]
    severity: Severity | None = None


CheckFn = Callable[[Sequence[Claim], Any, Env], Iterable[Draft]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: the claim kind it requires, its params type and its fields."""

    name: str
    kind: Kind
    requires: ClaimKind
    params: type
    fields: tuple[str, ...]
    run: CheckFn
    message: str = ""  # default message template for rules that give none
    # The section of rules/checks.yaml whose lists fill this check's word parameters
    # (the fields whose default is ``()``); the check's name when empty.
    words: str = ""


def article_list(
    first: Sequence[str], others: Sequence[str], limit: int = 3, total: int | None = None
) -> str:
    """``first`` against ``others`` for a message, naming at most ``limit`` of the others:
    "a.txt against b.txt, c.txt, d.txt and 117 more". ``total`` is the number of others
    when ``others`` holds only the first few of them."""
    head = ", ".join(first)
    count = len(others) if total is None else total
    if not count:
        return head
    shown = ", ".join(others[:limit])
    more = f" and {count - min(limit, len(others))} more" if count > limit else ""
    return f"{head} against {shown}{more}" if head else f"{shown}{more}"


def others_of(ids: Sequence[str], exclude: str, limit: int = 3) -> tuple[list[str], int]:
    """The first ``limit`` of the sorted ``ids`` other than ``exclude``, and how many
    others there are: a message names a few, without copying a corpus-sized list."""
    shown = [a for a in ids[: limit + 1] if a != exclude][:limit]
    return shown, len(ids) - in_sorted(ids, exclude)


def in_sorted(ids: Sequence[str], item: str) -> bool:
    """Whether ``item`` is in the sorted ``ids`` (a binary search)."""
    i = bisect.bisect_left(ids, item)
    return i < len(ids) and ids[i] == item


@functools.lru_cache(maxsize=64)
def word_pattern(words: tuple[str, ...], start: bool = True, end: bool = True) -> re.Pattern[str]:
    """A case-insensitive regex for any of ``words``, anchored at word boundaries at the
    ``start`` and ``end`` (compiled once per word list: a check runs once per block,
    and a large corpus has thousands of blocks)."""
    body = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(
        ("\\b" if start else "") + f"(?:{body})" + ("\\b" if end else ""), re.IGNORECASE
    )


def story_countries(claim: Claim) -> frozenset[str]:
    """The countries the lead of the claim's article names (its ``story`` attribute)."""
    return frozenset(claim.attr("story").split(" and ")) - {""}


def two_stories(a: Claim, b: Claim) -> bool:
    """Whether the leads of two claims' articles name countries and none in common."""
    sa, sb = story_countries(a), story_countries(b)
    return bool(sa and sb and not sa & sb)
