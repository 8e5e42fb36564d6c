"""Date mentions -> weekday claims and dated-event claims ("the offer", "the talks")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from factcheck.align.sentences import SentenceIndex
from factcheck.model import Claim, ClaimKind, DateValue, Mention
from factcheck.resources import RulesDataError


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    parts = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w])")


@dataclass(frozen=True, slots=True)
class EventTable:
    events: tuple[tuple[str, re.Pattern[str]], ...]
    countries: tuple[tuple[str, re.Pattern[str]], ...]
    # One regex over every country's forms, so a sentence is scanned once rather than
    # once per country; ``shadows`` lists, for a form that contains another country's
    # form ("South Sudan" and "Sudan"), the countries to test separately.
    any_country: re.Pattern[str] = re.compile(r"(?!)")
    form_countries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    shadows: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> EventTable:
        try:
            events = tuple(
                (str(name), re.compile(_alternation(words).pattern, re.IGNORECASE))
                for name, words in sorted(data["events"].items())
            )
            countries = tuple(
                (str(name), _alternation([str(w) for w in words]))
                for name, words in sorted(data["countries"].items())
            )
            forms: dict[str, list[str]] = {}
            for name, words in sorted(data["countries"].items()):
                for w in words:
                    forms.setdefault(str(w), []).append(str(name))
        except (KeyError, TypeError, AttributeError) as exc:
            raise RulesDataError(f"events.yaml: malformed: {exc!r}") from exc
        by_name = dict(countries)
        shadows = {
            form: tuple(sorted(c for c in by_name if c not in owners and by_name[c].search(form)))
            for form, owners in forms.items()
        }
        return cls(
            events,
            countries,
            _alternation(list(forms)),
            {f: tuple(owners) for f, owners in forms.items()},
            {f: c for f, c in shadows.items() if c},
        )

    def events_in(self, sentence: str) -> list[str]:
        return [name for name, rx in self.events if rx.search(sentence)]

    def countries_in(self, sentence: str) -> list[str]:
        """The countries ``sentence`` names, in table order."""
        found: set[str] = set()
        for m in self.any_country.finditer(sentence):
            form = m.group()
            found.update(self.form_countries.get(form, ()))
            for other in self.shadows.get(form, ()):
                if other not in found and dict(self.countries)[other].search(sentence):
                    found.add(other)
        return [name for name, _ in self.countries if name in found]


# The claim kinds ``claims`` builds; the check registry refuses any other.
PRODUCES = frozenset({ClaimKind.EVENT, ClaimKind.WEEKDAY})


def claims(mentions: Sequence[Mention], index: SentenceIndex, table: EventTable) -> Iterator[Claim]:
    # NOTE: one look-up per sentence, not per date: a sentence listing thousands of
    # dates would otherwise be searched thousands of times (quadratic).
    found: dict[str, tuple[list[str], list[str]]] = {}
    for m in mentions:
        v = m.value
        if not isinstance(v, DateValue) or v.start is None:
            continue
        if v.weekday is not None and v.granularity == "day":
            yield Claim(
                kind=ClaimKind.WEEKDAY,
                key=(ClaimKind.WEEKDAY, m.article_id),
                article_id=m.article_id,
                topic=m.surface,
                value=v,
                display=m.surface,
                mentions=(m,),
                when=v,
                confidence=m.confidence,
            )
        if v.granularity == "decade":
            continue
        if m.sentence not in found:
            countries = table.countries_in(m.sentence)
            found[m.sentence] = (countries, table.events_in(m.sentence) if countries else [])
        participants, named = found[m.sentence]
        if not participants:
            continue
        for event in named:
            yield Claim(
                kind=ClaimKind.EVENT,
                key=(ClaimKind.EVENT, event, "+".join(participants)),
                article_id=m.article_id,
                topic=event,
                value=v,
                display=m.surface,
                mentions=(m,),
                when=v,
                confidence=m.confidence,
                attrs=(("participants", ", ".join(participants)),),
            )
