"""Figures: people (with their roles), administrations and organisations.

One hit per person-with-role ("Kirill Dmitriev, ... envoy ... and chairman of the
RDIF" gives two), per bare person mention, per administration and per organisation.
Names are canonical within the article ("Putin" after "Vladimir Putin", "donald Trump"
-> "Donald Trump", aliases from ``rules/aliases.yaml``); merging across articles is
``factcheck.align.aliases``' job.

An unnamed role description ("the head of the Russian Research Institute") becomes a
person hit with ``name=""`` and low confidence when exactly one plausible person was
named in the previous few sentences of the paragraph; heads of state and government
officials are not plausible heads of an organisation.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from factcheck.extract.appositives import AppositiveReader
from factcheck.extract.base import Context, Hit
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.names import NameFinder, PersonName
from factcheck.extract.orgs import OrgFinder, OrgMention
from factcheck.extract.references import ReferenceReader
from factcheck.extract.roles import Role, RoleReader
from factcheck.extract.textparts import Lines
from factcheck.model import FactType, Figure, Span
from factcheck.text.spans import sentences as split_sentences

__all__ = ["FigureExtractor", "extract_figures"]

CONFIDENCE = {
    "prefix": 0.9,
    "appositive": 0.85,
    "known": 0.9,
    "name": 0.8,
    "description": 0.55,
    "administration": 0.9,
    "organisation": 0.9,
    "pattern-organisation": 0.8,
}
DESCRIPTION_SENTENCES = 3  # how far back an unnamed description may refer ...
PARAGRAPH_SENTENCES = 6  # ... or, inside its own paragraph, this far


class FigureExtractor:
    """Rule-based figure extractor driven by ``rules/titles.yaml`` and ``rules/aliases.yaml``."""

    name = "figures"
    version = "1"
    produces = FactType.FIGURE

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._names = NameFinder(lexicon)
        self._orgs = OrgFinder(lexicon)
        self._roles = RoleReader(lexicon)
        self._references = ReferenceReader(lexicon)
        self._appositives = AppositiveReader(lexicon, self._roles)

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> FigureExtractor:
        return cls(Lexicon.from_rules(rules_dir))

    def __call__(self, ctx: Context) -> list[Hit]:
        text = ctx.text
        spans = ctx.sentences or split_sentences(text)
        lines = Lines.of(text, ctx.memo)
        hits: list[Hit] = []
        admins = self._references.administrations(text)
        for start, end, surname, person in admins:
            office = person.administration
            assert office is not None
            figure = Figure(
                "administration",
                person.canonical,
                surname,
                office.title,
                None,
                office.org,
                text[start:end],
            )
            hits.append(Hit(start, end, figure, CONFIDENCE["administration"]))
        admin_spans = [(s, e) for s, e, _, _ in admins]
        orgs = self._orgs.find(text, lines, admin_spans, ctx.memo)
        for o in orgs:
            conf = CONFIDENCE["organisation" if o.known or o.acronym else "pattern-organisation"]
            hits.append(Hit(o.start, o.end, Figure("organisation", o.canonical, o.name), conf))
        blocked = sorted([*admin_spans, *((o.start, o.end) for o in orgs)])
        people = self._names.find(text, blocked, lines, ctx.memo)
        hits.extend(self._people(text, spans, lines, people, orgs))
        hits.sort(key=lambda h: (h.start, h.end))
        return hits

    def _people(
        self,
        text: str,
        spans: Sequence[Span],
        lines: Lines,
        people: list[PersonName],
        orgs: list[OrgMention],
    ) -> list[Hit]:
        orgs_by_end = {o.end: o for o in orgs}
        orgs_by_start = {o.start: o for o in orgs}
        name_starts = frozenset(p.start for p in people)
        starts = [s.start for s in spans]
        hits: list[Hit] = []
        consumed: list[tuple[int, int]] = []
        officials: set[str] = set()
        for p in people:
            roles: list[tuple[Role, str]] = []
            prefix = self._roles.prefix(text, p.first, orgs_by_end) if p.lead < 0 else None
            affiliation = self._roles.affiliation(text, p.end, orgs_by_start)
            if prefix is not None:
                if prefix.org is None and affiliation is not None:
                    prefix = replace(prefix, org=affiliation)
                roles.append((prefix, "prefix"))
            if lines.kind(p.start) == "body":
                end = _sentence(spans, starts, p.start).end
                found = self._appositives.appositives(
                    text, p.first, p.end, end, name_starts, orgs_by_start
                )
                roles.extend((r, "appositive") for r in found)
            if not roles:
                conf = CONFIDENCE["known" if p.known else "name"]
                figure = Figure("person", p.canonical, p.text, org=affiliation)
                hits.append(Hit(p.first, p.end, figure, conf))
            for role, how in roles:
                start, end = (role.start, p.end) if how == "prefix" else (p.first, role.end)
                figure = Figure(
                    "person",
                    p.canonical,
                    p.text,
                    role.title.title,
                    role.modifier,
                    role.org,
                    role.text,
                )
                hits.append(Hit(start, end, figure, CONFIDENCE[how]))
                consumed.append((start, end))
                if role.title.cls in ("state", "government"):
                    officials.add(p.canonical)
        officials |= {
            p.canonical
            for p in people
            if (k := self.lexicon.person(p.canonical)) and k.administration
        }
        hits.extend(
            self._descriptions(text, spans, starts, people, orgs_by_start, consumed, officials)
        )
        return hits

    def _descriptions(
        self,
        text: str,
        spans: Sequence[Span],
        starts: list[int],
        people: list[PersonName],
        orgs_by_start: dict[int, OrgMention],
        consumed: list[tuple[int, int]],
        officials: set[str],
    ) -> list[Hit]:
        """Unnamed role descriptions resolved to the one plausible person named just before."""
        out: list[Hit] = []
        name_starts = [p.start for p in people]
        for role in self._references.descriptions(text, orgs_by_start):
            if any(s <= role.start and role.end <= e for s, e in consumed):
                continue
            i = max(0, bisect.bisect_right(starts, role.start) - 1)
            sentence = spans[i] if spans else Span(0, len(text))
            lo, hi = (
                bisect.bisect_left(name_starts, sentence.start),
                bisect.bisect_left(name_starts, sentence.end),
            )
            if lo != hi:
                continue  # a name in the same sentence: the description is someone else
            paragraph = text.rfind("\n", 0, role.start) + 1
            window = min(
                spans[max(0, i - DESCRIPTION_SENTENCES)].start if spans else 0,
                max(paragraph, spans[max(0, i - PARAGRAPH_SENTENCES)].start if spans else 0),
            )
            candidates = {
                p.canonical for p in people if window <= p.start < sentence.start and p.canonical
            }
            candidates -= officials
            if len(candidates) != 1:
                continue
            canonical = candidates.pop()
            figure = Figure(
                "person", canonical, "", role.title.title, role.modifier, role.org, role.text
            )
            out.append(Hit(role.start, role.end, figure, CONFIDENCE["description"]))
        return out


def _sentence(spans: Sequence[Span], starts: list[int], pos: int) -> Span:
    if not spans:
        return Span(0, pos + 1000)
    return spans[max(0, bisect.bisect_right(starts, pos) - 1)]


@cache
def _default_extractor() -> FigureExtractor:
    # Built once per process from the shipped tables; the extractor is immutable.
    return FigureExtractor.from_rules()


def extract_figures(text: str) -> list[Hit]:
    """Figures in ``text`` using the shipped rules tables (a convenience for callers and tests)."""
    return _default_extractor()(Context(text=text, sentences=split_sentences(text)))
