"""The vocabulary behind figure and quote extraction.

Built once per vocabulary from ``rules/titles.yaml`` (titles, modifiers, honorifics,
organisation keywords, nationalities, places, stopwords, reporting verbs, speaker
nouns), ``rules/aliases.yaml`` (known people and organisations, given names, name
particles) and the month and weekday names of ``rules/dates.yaml``. A ``Lexicon`` is an
immutable value; extractors compile their regexes from it in their constructors.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from factcheck.resources import RulesDataError
from factcheck.text.names import NameText, fold
from factcheck.vocab import Vocabulary, load_vocabulary

TITLES_FILE = "titles.yaml"
ALIASES_FILE = "aliases.yaml"
DATES_FILE = "dates.yaml"
TITLE_CLASSES = frozenset(
    ["state", "government", "leader", "diplomat", "spokesperson", "expert", "media", "other"]
)


@dataclass(frozen=True, slots=True)
class Calendar:
    """The month and weekday words of ``dates.yaml``, lower case: never a person's name."""

    names: frozenset[str]  # month and weekday names
    words: frozenset[str]  # the names and the month abbreviations

    @classmethod
    def from_table(cls, dates: Any) -> Calendar:
        months, abbreviations = _calendar(dates, "months")
        weekdays, _ = _calendar(dates, "weekdays")
        return cls(months | weekdays, months | abbreviations | weekdays)


def _calendar(doc: Any, key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names and the abbreviations of dates.yaml's ``months`` or ``weekdays``."""
    dates = _require_mapping(doc, DATES_FILE, "document")
    section = _require_mapping(dates.get(key), DATES_FILE, key)
    names: set[str] = set()
    abbreviations: set[str] = set()
    for number, entry in section.items():
        entry = _require_mapping(entry, DATES_FILE, f"{key}.{number}")
        if not isinstance(entry.get("name"), str):
            raise RulesDataError(f"{DATES_FILE}: {key}.{number} needs a `name`")
        names.add(entry["name"].lower())
        abbreviations.update(str(w).lower() for w in entry.get("abbrev") or ())
    return frozenset(names), frozenset(abbreviations)


@dataclass(frozen=True, slots=True)
class TitleInfo:
    title: str  # normalised: "president", "ceo", "envoy"
    cls: str  # one of TITLE_CLASSES


@dataclass(frozen=True, slots=True)
class Office:
    title: str
    org: str


@dataclass(frozen=True, slots=True)
class KnownPerson:
    canonical: str
    administration: Office | None = None


@dataclass(frozen=True, slots=True)
class KnownOrg:
    canonical: str
    state: str | None = None  # the country, for seats of government


@dataclass(frozen=True, slots=True)
class Lexicon:
    titles: Mapping[str, TitleInfo]  # lower-case surface form -> title
    modifiers: Mapping[str, str]  # lower-case surface form -> normalised modifier
    honorifics: frozenset[str]  # folded, without the dot
    names: NameText  # cleans and keys names under ``honorifics``
    org_keywords: frozenset[str]
    org_name_words: frozenset[str]  # folded; mark a multi-word name as an organisation
    public_bodies: tuple[str, ...]  # keywords of organisations led by public officials
    nationalities: Mapping[str, str]  # surface form (case-sensitive) -> country
    places: frozenset[str]  # folded single words of places and countries
    stopwords: frozenset[str]  # folded words that never belong to a person's name
    reporting_verbs: tuple[str, ...]
    speaker_nouns: frozenset[str]
    people: Mapping[str, KnownPerson]  # names.key(alias) -> person
    orgs: Mapping[str, KnownOrg]  # alias as written -> organisation
    given_names: frozenset[str]  # folded
    name_particles: frozenset[str]  # lower case: "van", "bin" inside a name
    # dates.yaml, lower case: month and weekday names (``calendar_names``) and month
    # abbreviations (``calendar``). Calendar words never name a person.
    calendar: frozenset[str]
    calendar_names: frozenset[str]

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> Lexicon:
        """The lexicon of ``rules_dir`` (the shipped rules folder by default)."""
        return cls.from_vocabulary(load_vocabulary(rules_dir))

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> Lexicon:
        """The lexicon of a run's vocabulary, built once per vocabulary.

        Extractors built from the same, unchanged tables get the same (immutable)
        lexicon, so what one extractor reads about an article can be reused by another
        (see ``Context.memo``).
        """
        return _load(vocabulary)

    @classmethod
    def from_mappings(cls, titles: Any, aliases: Any, dates: Any) -> Lexicon:
        """Build from the parsed YAML documents; malformed entries name file and key."""
        t = _require_mapping(titles, TITLES_FILE, "document")
        a = _require_mapping(aliases, ALIASES_FILE, "document")
        calendar = Calendar.from_table(dates)
        honorifics = frozenset(fold(w) for w in _words(t.get("honorifics"), "honorifics"))
        names = NameText.of(honorifics)
        return cls(
            titles=MappingProxyType(_titles(t)),
            modifiers=MappingProxyType(
                {
                    form: mod
                    for mod, forms in _mapping(t, "modifiers").items()
                    for form in _words(forms, "modifiers")
                }
            ),
            honorifics=honorifics,
            names=names,
            org_keywords=frozenset(_words(t.get("organisation_keywords"), "organisation_keywords")),
            org_name_words=frozenset(
                fold(w) for w in _words(t.get("organisation_name_words"), "organisation_name_words")
            ),
            public_bodies=tuple(_words(t.get("public_body_keywords"), "public_body_keywords")),
            nationalities=MappingProxyType(
                {
                    form: country
                    for country, forms in _mapping(t, "nationalities").items()
                    for form in [country, *_words(forms, f"nationalities.{country}")]
                }
            ),
            places=frozenset(
                fold(w)
                for phrase in [*_words(t.get("places"), "places"), *_mapping(t, "nationalities")]
                for w in phrase.split()
            ),
            stopwords=frozenset(fold(w) for w in _words(t.get("stopwords"), "stopwords")),
            reporting_verbs=tuple(
                dict.fromkeys(_words(t.get("reporting_verbs"), "reporting_verbs"))
            ),
            speaker_nouns=frozenset(
                fold(w) for w in _words(t.get("speaker_nouns"), "speaker_nouns")
            ),
            people=MappingProxyType(_people(a, names)),
            orgs=MappingProxyType(_orgs(a)),
            given_names=frozenset(fold(w) for w in _words(a.get("given_names"), "given_names")),
            calendar=calendar.words,
            calendar_names=calendar.names,
            name_particles=frozenset(
                w.lower() for w in _words(a.get("name_particles"), "name_particles")
            ),
        )

    def title(self, phrase: str) -> TitleInfo | None:
        """The title a phrase such as "Foreign Minister" or "chief executive" names."""
        return self.titles.get(" ".join(phrase.lower().split()))

    def person(self, name: str) -> KnownPerson | None:
        return self.people.get(self.names.key(name))

    def non_name_words(self) -> frozenset[str]:
        """Folded words that are never part of a person's name."""
        single_titles = (w for w in self.titles if " " not in w)
        nationals = (fold(w) for w in self.nationalities if " " not in w)
        keywords = (fold(w) for w in self.org_keywords)
        return frozenset(
            [
                *self.stopwords,
                *single_titles,
                *self.modifiers,
                *self.honorifics,
                *nationals,
                *keywords,
                *self.calendar,
            ]
        )

    def known_surnames(self) -> frozenset[str]:
        """Folded one-word person aliases ("putin"): a bare surname that names someone."""
        return frozenset(k for k in self.people if " " not in k)


def _require_mapping(doc: Any, file: str, key: str) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise RulesDataError(f"{file}: {key} must be a mapping")
    return doc


def _mapping(doc: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = doc.get(key) or {}
    return _require_mapping(value, TITLES_FILE, key)


def _words(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise RulesDataError(f"{TITLES_FILE}/{ALIASES_FILE}: {key} must be a list of words")
    return [str(v) for v in value]


def _titles(doc: Mapping[str, Any]) -> dict[str, TitleInfo]:
    out: dict[str, TitleInfo] = {}
    for title, entry in _mapping(doc, "titles").items():
        entry = _require_mapping(entry, TITLES_FILE, f"titles.{title}")
        cls = str(entry.get("class", "other"))
        if cls not in TITLE_CLASSES:
            raise RulesDataError(
                f"{TITLES_FILE}: titles.{title}.class {cls!r} is not one of {sorted(TITLE_CLASSES)}"
            )
        info = TitleInfo(str(title), cls)
        for form in [str(title), *_words(entry.get("forms"), f"titles.{title}.forms")]:
            out.setdefault(" ".join(form.lower().split()), info)
    return out


def _entries(doc: Mapping[str, Any], section: str) -> Iterable[tuple[str, Mapping[str, Any]]]:
    entries = doc.get(section) or []
    if not isinstance(entries, list):
        raise RulesDataError(f"{ALIASES_FILE}: {section} must be a list")
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise RulesDataError(f"{ALIASES_FILE}: {section}[{i}] needs a `name`")
        yield entry["name"], entry


def _people(doc: Mapping[str, Any], names: NameText) -> dict[str, KnownPerson]:
    out: dict[str, KnownPerson] = {}
    for name, entry in _entries(doc, "people"):
        office = None
        admin = entry.get("administration")
        if admin is not None:
            if not isinstance(admin, Mapping) or not {"title", "org"} <= set(admin):
                raise RulesDataError(
                    f"{ALIASES_FILE}: people.{name}.administration needs title and org"
                )
            office = Office(str(admin["title"]), str(admin["org"]))
        person = KnownPerson(name, office)
        for alias in [name, *_words(entry.get("aliases"), f"people.{name}.aliases")]:
            key = names.key(alias)
            if key in out and out[key].canonical != name:
                raise RulesDataError(
                    f"{ALIASES_FILE}: alias {alias!r} names both {out[key].canonical} and {name}"
                )
            out[key] = person
    return out


def _orgs(doc: Mapping[str, Any]) -> dict[str, KnownOrg]:
    out: dict[str, KnownOrg] = {}
    for name, entry in _entries(doc, "organisations"):
        state = entry.get("state")
        org = KnownOrg(name, str(state) if state else None)
        for alias in [name, *_words(entry.get("aliases"), f"organisations.{name}.aliases")]:
            out[re.sub(r"^the\s+", "", alias)] = org
    return out


@functools.lru_cache(maxsize=8)
def _load(vocabulary: Vocabulary) -> Lexicon:
    return Lexicon.from_mappings(
        vocabulary.table(TITLES_FILE), vocabulary.table(ALIASES_FILE), vocabulary.table(DATES_FILE)
    )
