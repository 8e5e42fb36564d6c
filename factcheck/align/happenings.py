"""Dated happenings in real prose: a predicate, what it acts on, who did it, and when.

"On 20 September 2022, Uganda health authorities declared an outbreak of Ebola" and
"Authorities first declared an outbreak ... around the beginning of September" report
one happening (declare + outbreak) at two times. "Mr Tinubu would be sworn in as
president on June 12" and "will take over from Muhammadu Buhari as Nigeria's new
president on May 29, 2023" report another (an inauguration). A happening's identity is
its predicate group and, unless the predicate says everything by itself, the group of
the noun it acts on; both come from ``rules/events.yaml`` (``happenings``), so the
lexicon grows without Python. Who acted (names before the predicate, in the clause
after any "that") is kept to tell two actors' happenings apart.

A happening is read from each date of a sentence: the nearest predicate of the lexicon
to the date, within the date's clause, and the object noun nearest after the predicate
(or before it, for a passive: "a statement would be issued today").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simplemma

from factcheck.extract.lexicon import Lexicon
from factcheck.model import Claim, ClaimKind, DateValue, Mention
from factcheck.resources import RulesDataError
from factcheck.vocab import Vocabulary, load_vocabulary

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\d[\d:.,]*|[^\sA-Za-z\d]")
_BOUNDARY = frozenset((";", "while", "whereas", "but", "although"))
# Capitalised words that are no actor's name (with the lexicon's calendar words and
# honorifics: ``HappeningTable.generic``).
_GENERIC = frozenset(["the", "a", "an", "on", "in", "at", "by", "according"])


@dataclass(frozen=True, slots=True)
class HappeningTable:
    predicates: Mapping[str, str]  # surface or lemma (may be several words) -> group
    pred_words: int
    objects: Mapping[str, str]  # noun or lemma -> group
    self_contained: frozenset[str]
    recurrence: re.Pattern[str]
    generic: frozenset[str]  # lower-case capitalised words that name no actor

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> HappeningTable:
        """``events.yaml``'s happenings, with the calendar words and honorifics of the
        lexicon as words that name no actor."""
        lexicon = Lexicon.from_vocabulary(vocabulary)
        generic = _GENERIC | lexicon.calendar | lexicon.honorifics
        return cls.from_mapping(vocabulary.table("events.yaml"), generic)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any] | None, generic: frozenset[str]
    ) -> HappeningTable:
        section = (data or {}).get("happenings") or {}
        if not isinstance(section, Mapping):
            raise RulesDataError("events.yaml: happenings must be a mapping")
        preds = _groups(section.get("predicates"), lemmas=True)
        objs = _groups(section.get("objects"), lemmas=True)
        words = [re.escape(str(w)) for w in section.get("recurrence") or ()]
        return cls(
            predicates=preds,
            pred_words=max((len(k.split()) for k in preds), default=1),
            objects=objs,
            self_contained=frozenset(str(w) for w in section.get("self_contained") or ()),
            recurrence=re.compile(r"\b(?:" + "|".join(words or ["(?!)"]) + r")\b", re.I),
            generic=generic,
        )

    @classmethod
    def load(cls, rules_dir: Path | None = None) -> HappeningTable:
        return cls.from_vocabulary(load_vocabulary(rules_dir))


def _groups(value: object, *, lemmas: bool) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RulesDataError("events.yaml: happenings groups must be mappings")
    out: dict[str, str] = {}
    for group, words in value.items():
        for w in [group, *(words or ())]:
            key = " ".join(str(w).lower().split())
            out.setdefault(key, str(group))
            if lemmas and " " not in key:
                out.setdefault(_lemma(key), str(group))
    return out


def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word.lower(), lang="en"))


# The claim kinds ``claims`` builds; the check registry refuses any other.
PRODUCES = frozenset({ClaimKind.HAPPENING})


def claims(
    mentions: Sequence[Mention], table: HappeningTable, story: Sequence[str] = ()
) -> Iterator[Claim]:
    """One claim per date that dates a happening of the lexicon; ``story`` names the
    countries of the article's lead (happenings of two stories are never one)."""
    if not table.predicates:
        return
    for m in mentions:
        v = m.value
        if not isinstance(v, DateValue) or v.granularity in ("year", "decade"):
            continue
        if v.start is None and v.weekday is None and v.minute is None:
            continue
        found = _happening(m.sentence, m.local.start, m.local.end, table)
        if found is None:
            continue
        event, actors = found
        yield Claim(
            kind=ClaimKind.HAPPENING,
            key=(ClaimKind.HAPPENING, event),
            article_id=m.article_id,
            topic=event.replace(":", " "),
            value=v,
            display=m.surface,
            mentions=(m,),
            when=v,
            confidence=m.confidence * 0.9,
            attrs=(("actors", " ".join(actors)), ("story", " and ".join(sorted(set(story))))),
        )


def _happening(
    sentence: str, start: int, end: int, table: HappeningTable
) -> tuple[str, tuple[str, ...]] | None:
    if len(sentence) > 1000:  # a window around the date keeps long sentences linear
        lo = max(0, start - 400)
        sentence, start, end = sentence[lo : end + 400], start - lo, end - lo
    toks = [(t.group(), t.start(), t.end()) for t in _TOKEN.finditer(sentence)]
    low = [t[0].lower() for t in toks]
    first = next((i for i, t in enumerate(toks) if t[2] > start), len(toks))
    last = next((i for i, t in enumerate(toks) if t[1] >= end), len(toks))
    lo, hi = first, last
    while lo > 0 and low[lo - 1] not in _BOUNDARY and low[lo - 1] != ".":
        lo -= 1
    while hi < len(toks) and low[hi] not in _BOUNDARY and low[hi] != ".":
        hi += 1
    clause = sentence[toks[lo][1] if lo < len(toks) else 0 : toks[hi - 1][2] if hi else 0]
    if table.recurrence.search(clause):
        return None  # "the next round", "another call", "every year": another instance
    best: tuple[int, int, int, str] | None = None  # distance, index, width, group
    for i in range(lo, hi):
        if first <= i < last:
            continue
        group, width = _phrase(low, i, table.predicates, table.pred_words)
        if not group:
            continue
        distance = (first - (i + width)) if i < first else (i - last)
        if distance > 20:
            continue
        if best is None or distance < best[0]:
            best = (distance, i, width, group)
    if best is None:
        return None
    _, at, width, predicate = best
    obj = ""
    if predicate not in table.self_contained:
        obj = _object(low, at + width, hi, table) or _object(low, max(lo, at - 5), at, table)
        if not obj:
            return None
    that = max((k for k in range(lo, at) if low[k] == "that"), default=lo - 1)
    actors = _names(toks[that + 1 : at], table.generic, sentence_start=that + 1 == 0)
    return (f"{predicate}:{obj}" if obj else predicate), actors


def _phrase(low: Sequence[str], i: int, table: Mapping[str, str], width: int) -> tuple[str, int]:
    for n in range(min(width, len(low) - i), 0, -1):
        key = " ".join(low[i : i + n])
        if key in table:
            return table[key], n
        if n == 1 and low[i].isalpha():
            lemma = _lemma(low[i])
            if lemma in table:
                return table[lemma], 1
    return "", 0


def _object(low: Sequence[str], lo: int, hi: int, table: HappeningTable) -> str:
    for i in range(lo, min(hi, lo + 6)):
        group, _ = _phrase(low, i, table.objects, 2)
        if group:
            return group
    return ""


def _names(
    toks: Sequence[tuple[str, int, int]], generic: frozenset[str], sentence_start: bool
) -> tuple[str, ...]:
    words: list[str] = []
    for k, (text, _, _) in enumerate(toks):
        if text[:1].isupper() and not (k == 0 and sentence_start):
            w = re.sub(r"['’]s?$", "", text.lower()).strip(".")
            if w and w not in generic:
                words.append(w)
    return tuple(dict.fromkeys(words))
