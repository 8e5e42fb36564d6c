"""Alignment stage: Mentions -> Claims.

Names are merged corpus-wide first (so "Putin" in one article and "Russian President
Vladimir Putin" in another are one person), then each builder turns the mentions it
understands into claims with a blocking key. Only claims with equal keys are compared,
which keeps comparison linear in the number of claims.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.align import events, figures, happenings, quantities, quotes
from factcheck.align.aliases import AliasData, AliasIndex, build_alias_index
from factcheck.align.frames import FrameReader, frame_reader
from factcheck.align.measure import MeasureReader
from factcheck.align.offices import OfficeTable
from factcheck.align.sentences import SentenceIndex
from factcheck.align.storytime import story_time
from factcheck.extract.lexicon import Lexicon
from factcheck.model import Article, Claim, ClaimKind, Figure, Mention, Quotation, StoryTime
from factcheck.text.spans import sentences
from factcheck.vocab import Vocabulary, load_vocabulary

# The claim kinds align builds: what each builder module declares it produces.
PRODUCES: frozenset[ClaimKind] = frozenset().union(
    *(m.PRODUCES for m in (quantities, figures, events, happenings, quotes))
)


@dataclass(frozen=True, slots=True)
class Tables:
    """Reference data alignment needs, taken from the run's vocabulary once per run."""

    offices: OfficeTable
    aliases: AliasData
    events: events.EventTable
    happenings: happenings.HappeningTable
    frames: FrameReader
    measures: MeasureReader
    lexicon: Lexicon  # titles.yaml, aliases.yaml and the calendar words of dates.yaml
    vocabulary: Vocabulary

    @classmethod
    def load(cls, rules_dir: Path | None = None) -> Tables:
        """The tables of ``rules_dir`` (the shipped rules by default)."""
        vocabulary = load_vocabulary(rules_dir)
        event_data = vocabulary.table("events.yaml")
        return cls(
            offices=OfficeTable.from_mapping(vocabulary.table("officeholders.yaml")),
            aliases=AliasData.of(vocabulary),
            events=events.EventTable.from_mapping(event_data),
            happenings=happenings.HappeningTable.from_vocabulary(vocabulary),
            frames=frame_reader(vocabulary),
            measures=MeasureReader.from_vocabulary(vocabulary),
            lexicon=Lexicon.from_vocabulary(vocabulary),
            vocabulary=vocabulary,
        )


@dataclass(frozen=True, slots=True)
class Alignment:
    claims: tuple[Claim, ...]
    story: Mapping[str, StoryTime]
    mentions: tuple[Mention, ...]  # with corpus-wide canonical names


def align(articles: Sequence[Article], mentions: Sequence[Mention], tables: Tables) -> Alignment:
    """Build every claim for the corpus."""
    mentions = canonicalize(mentions, tables.aliases)
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    story: dict[str, StoryTime] = {}
    claims: list[Claim] = []
    for article in articles:
        own, when = align_article(article, by_article.get(article.id, []), tables)
        if when is not None:
            story[article.id] = when
        claims.extend(own)
    return Alignment(tuple(claims), story, tuple(mentions))


def align_article(
    article: Article, mentions: Sequence[Mention], tables: Tables
) -> tuple[list[Claim], StoryTime | None]:
    """One article's claims and story time, from its mentions with canonical names.

    Everything corpus-wide has already happened in ``canonicalize``, so this is a pure
    function of the article and its mentions: the corpus index caches its result.
    """
    lead_text = _lead(article.text)
    lead = tables.events.countries_in(lead_text)
    when = story_time(article, mentions, lead)
    index = SentenceIndex(mentions)
    claims: list[Claim] = []
    texts = [article.text[s.start : s.end] for s in sentences(article.text)]
    published = article.published.isoformat() if article.published else ""
    names = lead_names(lead_text, tables.lexicon.calendar)
    claims.extend(
        quantities.claims(
            mentions,
            index,
            lead,
            texts,
            reader=tables.frames,
            published=published,
            lead_names=names,
            measures=tables.measures,
        )
    )
    claims.extend(figures.claims(mentions, index, tables.offices, lead))
    claims.extend(events.claims(mentions, index, tables.events))
    claims.extend(happenings.claims(mentions, tables.happenings, lead))
    claims.extend(quotes.claims(mentions))
    return claims, when


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z]{2,}\b")
_NOT_NAMES = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Their",
        "They",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "According",
        "However",
    ]
)


def lead_names(lead: str, calendar: frozenset[str]) -> str:
    """The capitalised words of an article's lead (not sentence openers or calendar
    words), lower-cased: what tells one story from another when no country does."""
    words = {
        m.group().lower()
        for m in _CAPITALISED.finditer(lead)
        if m.group() not in _NOT_NAMES and m.group().lower() not in calendar
    }
    return " ".join(sorted(words))


def _lead(text: str, limit: int = 600) -> str:
    """The headline and first paragraph: where an article says what its story is."""
    end = 0
    for line in text[:limit].splitlines(keepends=True):
        end += len(line)
        if len(line) > 80:
            break
    return text[:end]


def canonicalize(
    mentions: Sequence[Mention], table: AliasData | Mapping[str, object]
) -> tuple[Mention, ...]:
    """Rewrite figure names and quote speakers to their corpus-wide canonical form."""
    index = build_alias_index(figure_names(mentions), table)
    return tuple(canonical_mention(m, index) for m in mentions)


def figure_names(mentions: Iterable[Mention]) -> list[str]:
    """The figure names the alias index is built from, in mention order."""
    return [
        m.value.canonical for m in mentions if isinstance(m.value, Figure) and m.value.canonical
    ]


def canonical_mention(m: Mention, index: AliasIndex) -> Mention:
    """``m`` with its figure name or quote speaker in canonical form."""
    v = m.value
    if isinstance(v, Figure) and v.canonical:
        canonical = index.canonical(v.canonical)
        if canonical != v.canonical:
            return dataclasses.replace(m, value=dataclasses.replace(v, canonical=canonical))
    if isinstance(v, Quotation) and v.speaker:
        speaker = index.canonical(v.speaker)
        if speaker != v.speaker:
            return dataclasses.replace(m, value=dataclasses.replace(v, speaker=speaker))
    return m
