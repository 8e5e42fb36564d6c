"""Officeholder terms from ``rules/officeholders.yaml``: who held which office when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from factcheck.resources import RulesDataError
from factcheck.vocab import load_vocabulary


@dataclass(frozen=True, slots=True)
class Term:
    holder: str
    start: date
    end: date | None  # exclusive; None = still in office

    def overlaps(self, start: date, end: date) -> bool:
        """True when the holder was in office on any day of [start, end]."""
        return self.start <= end and (self.end is None or start < self.end)

    def covers(self, start: date, end: date) -> bool:
        """True when the holder was in office on every day of [start, end]."""
        return self.start <= start and (self.end is None or end < self.end)


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    title: str
    country: str
    administration: bool
    terms: tuple[Term, ...]

    def holders(self) -> frozenset[str]:
        return frozenset(t.holder for t in self.terms)

    def holders_during(self, start: date, end: date) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.holder for t in self.terms if t.overlaps(start, end)))

    def held_any(self, person: str, start: date, end: date) -> bool:
        return any(t.holder == person and t.overlaps(start, end) for t in self.terms)

    def held_all(self, person: str, start: date, end: date) -> bool:
        return any(t.holder == person and t.covers(start, end) for t in self.terms)

    def terms_of(self, person: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.holder == person)


@dataclass(frozen=True, slots=True)
class OfficeTable:
    offices: tuple[Office, ...]

    def find(self, title: str | None, country: str | None, person: str | None) -> Office | None:
        """The office a title refers to, using the country when given, else the person.

        "U.S. President X" names us-president through the country; "former President
        X" with no country names the only president's office X ever held. Ambiguity
        (a title X never held, or held in two countries) gives None.
        """
        if not title:
            return None
        title = title.lower()
        candidates = [o for o in self.offices if o.title == title]
        if country:
            candidates = [o for o in candidates if o.country == country]
        elif person:
            candidates = [o for o in candidates if person in o.holders()]
        return candidates[0] if len(candidates) == 1 else None

    def administration(self, person: str) -> Office | None:
        """The office whose "<name> administration" this person led, if exactly one."""
        found = [o for o in self.offices if o.administration and person in o.holders()]
        return found[0] if len(found) == 1 else None

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], source: str = "officeholders.yaml"
    ) -> OfficeTable:
        offices = []
        try:
            for office_id, spec in sorted(data["offices"].items()):
                terms = tuple(
                    Term(str(t["holder"]), _as_date(t["start"]), _opt_date(t.get("end")))
                    for t in spec["terms"]
                )
                offices.append(
                    Office(
                        id=str(office_id),
                        title=str(spec["title"]).lower(),
                        country=str(spec["country"]),
                        administration=bool(spec.get("administration", False)),
                        terms=terms,
                    )
                )
        except (KeyError, TypeError, ValueError) as exc:
            raise RulesDataError(f"{source}: malformed office table: {exc!r}") from exc
        return cls(tuple(offices))


def load_offices(rules_dir: Path | None = None) -> OfficeTable:
    return OfficeTable.from_mapping(load_vocabulary(rules_dir).table("officeholders.yaml"))


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _opt_date(value: Any) -> date | None:
    return None if value in (None, "") else _as_date(value)
