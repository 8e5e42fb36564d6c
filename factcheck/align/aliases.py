"""Corpus-wide canonical names for people and organisations.

``build_alias_index`` looks at every name the extractors produced across the corpus and
decides which of them denote the same figure:

- case and accent slips: "donald Trump" = "Donald Trump";
- honorifics: "Dr. Petrova" is read as "Petrova";
- known aliases from ``rules/aliases.yaml``: "RDIF" = "Russian Direct Investment Fund";
- a bare surname goes to the one full name that shares it ("Putin" -> "Vladimir Putin"),
  and stays as it is when two full names share it;
- small spelling variants ("Dmitriyev"/"Dmitriev"), but only between names with the same
  number of words, the same given name (up to transliteration: Sergey/Sergei) and the
  same initials, so "Joe Biden"/"Hunter Biden" or "George H. Bush"/"George W. Bush"
  never merge.

Merging is deliberately conservative: a missed merge costs a missed conflict, a wrong
merge costs a false one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz

from factcheck.extract.lexicon import Lexicon
from factcheck.text.names import SUFFIXES, NameText
from factcheck.vocab import Vocabulary, load_vocabulary

__all__ = ["AliasData", "AliasIndex", "build_alias_index"]

MIN_RATIO = 90.0
CONNECTORS = frozenset(["of", "for", "and", "the", "on", "at", "in"])


@dataclass(frozen=True, slots=True)
class AliasData:
    """What name merging reads from a run's vocabulary (``AliasData.of``)."""

    table: Mapping[str, Any]  # aliases.yaml (or a flat {alias: canonical} mapping)
    names: NameText  # cleans and keys names under titles.yaml's honorifics
    particles: frozenset[str]  # aliases.yaml name_particles: lower case in a cased name
    # titles.yaml organisation_keywords and organisation_name_words (lower case): a name
    # holding one is an organisation, whose last word is no surname.
    org_words: frozenset[str]

    @classmethod
    def of(cls, vocabulary: Vocabulary, table: Mapping[str, Any] | None = None) -> AliasData:
        """The data of ``vocabulary``; ``table`` replaces its aliases.yaml."""
        lexicon = Lexicon.from_vocabulary(vocabulary)
        return cls(
            table=table if table is not None else vocabulary.table("aliases.yaml") or {},
            names=lexicon.names,
            particles=lexicon.name_particles,
            org_words=frozenset(w.lower() for w in lexicon.org_keywords) | lexicon.org_name_words,
        )


_DOUBLE = re.compile(r"(.)\1")


def _translit(token: str) -> str:
    """A rough transliteration key for given names: Sergey/Sergei, Dmitry/Dmitriy."""
    t = token.replace("ks", "x").replace("iy", "i").replace("y", "i").replace("ie", "i")
    return _DOUBLE.sub(r"\1", t)


def _surname(key: str) -> str:
    tokens = [t for t in key.split() if t not in SUFFIXES]
    return tokens[-1] if tokens else key


def _compatible(a: str, b: str) -> bool:
    """Whether two multi-word keys may be spelling variants of one name."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or _translit(ta[0]) != _translit(tb[0]):
        return False
    for x, y in zip(ta, tb, strict=True):
        if x[0] != y[0]:
            return False
        if (len(x) <= 2 or len(y) <= 2 or x in SUFFIXES or y in SUFFIXES) and x != y:
            return False  # initials, suffixes and short words must match exactly
    return fuzz.ratio(a, b) >= MIN_RATIO


def _well_cased(name: str, particles: frozenset[str]) -> bool:
    return all(w[:1].isupper() or w.lower() in particles for w in name.split())


def _table_aliases(table: Mapping[str, Any] | None, names: NameText) -> dict[str, str]:
    """alias key -> canonical, from an aliases.yaml document or a flat alias mapping."""
    out: dict[str, str] = {}
    if not table:
        return out
    sections = [table.get(k) for k in ("people", "organisations", "organizations")]
    if any(isinstance(s, list) for s in sections):
        for section in sections:
            for entry in section or ():
                if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                    canonical = str(entry["name"])
                    for alias in [canonical, *(entry.get("aliases") or ())]:
                        out.setdefault(names.key(str(alias)), canonical)
        return out
    for alias, canonical in table.items():
        if isinstance(canonical, str):
            out.setdefault(names.key(str(alias)), canonical)
            out.setdefault(names.key(canonical), canonical)
    return out


def _block(key: str) -> tuple[int, str]:
    tokens = key.split()
    return len(tokens), _translit(tokens[0])


def _person_like(key: str, org_words: frozenset[str]) -> bool:
    """Whether a multi-word key looks like a person's name, whose last word is a surname."""
    tokens = key.split()
    return 2 <= len(tokens) <= 5 and not any(t in org_words or t in CONNECTORS for t in tokens)


@dataclass(frozen=True, slots=True)
class AliasIndex:
    """Maps any name to its corpus-wide canonical form; see ``build_alias_index``."""

    resolved: Mapping[str, str]  # key -> canonical, for every name seen when building
    table: Mapping[str, str]  # key -> canonical, from the aliases table
    surnames: Mapping[str, frozenset[str]]  # surname key -> canonical names sharing it
    blocks: Mapping[tuple[int, str], tuple[str, ...]]  # fuzzy blocks of multi-word keys
    names: NameText

    def canonical(self, name: str) -> str:
        """The canonical form of ``name``; ``name`` itself when nothing is known."""
        key = self.names.key(name)
        if not key:
            return name
        found = self.resolved.get(key)
        if found is None and " " in key:
            found = self.table.get(key) or self._fuzzy(key)
        elif found is None:
            found = self.by_surname(key)
        return found or name

    def by_surname(self, key: str) -> str | None:
        """The one canonical name whose surname is (a spelling variant of) ``key``."""
        candidates = set(self.surnames.get(key, ()))
        if not candidates and len(key) >= 4:
            for surname, names in self.surnames.items():
                if surname[0] == key[0] and fuzz.ratio(surname, key) >= MIN_RATIO:
                    candidates |= names
        return candidates.pop() if len(candidates) == 1 else None

    def _fuzzy(self, key: str) -> str | None:
        found = {self.resolved[r] for r in self.blocks.get(_block(key), ()) if _compatible(key, r)}
        return found.pop() if len(found) == 1 else None


def build_alias_index(
    names: Iterable[str], table: AliasData | Mapping[str, Any] | None = None
) -> AliasIndex:
    """Merge the names seen across a corpus; ``table`` is the run's ``AliasData``.

    ``table`` may also be a parsed ``aliases.yaml`` alone, a flat ``{alias: canonical}``
    mapping or None (no known aliases), read with the honorifics and name words of the
    shipped rules.
    """
    if isinstance(table, AliasData):
        words = table
    else:  # no table: no known aliases
        words = AliasData.of(load_vocabulary(), table if table is not None else {})
    aliases = _table_aliases(words.table, words.names)
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    # Only how often each name occurs matters, so each distinct name is cleaned once: a
    # 10,000-article corpus repeats a few hundred names some 200,000 times.
    for raw, n in Counter(names).items():
        cleaned = words.names.clean(raw)
        key = words.names.key(cleaned)
        if key:
            variants[key][cleaned] += n

    def display(key: str) -> str:
        ranked = sorted(
            variants[key].items(),
            key=lambda kv: (not _well_cased(kv[0], words.particles), -kv[1], kv[0]),
        )
        return ranked[0][0]

    resolved: dict[str, str] = {}
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key, canonical in aliases.items():
        if " " in key:
            resolved[key] = canonical
            blocks[_block(key)].append(key)
    order = sorted(variants, key=lambda k: (-sum(variants[k].values()), k))
    surnames: dict[str, set[str]] = defaultdict(set)
    for key in (k for k in order if " " in k):
        if key not in resolved:
            block = blocks[_block(key)]
            found = {resolved[r] for r in block if _compatible(key, r)}
            resolved[key] = found.pop() if len(found) == 1 else display(key)
            block.append(key)
        if _person_like(key, words.org_words):
            surnames[_surname(key)].add(resolved[key])
    for key, canonical in aliases.items():
        if " " not in key:
            surnames[key].add(canonical)
    index = AliasIndex(
        resolved=MappingProxyType(resolved),
        table=MappingProxyType(aliases),
        surnames=MappingProxyType({k: frozenset(v) for k, v in surnames.items()}),
        blocks=MappingProxyType({k: tuple(v) for k, v in blocks.items()}),
        names=words.names,
    )
    singles = {k: index.by_surname(k) or display(k) for k in order if " " not in k}
    return AliasIndex(
        MappingProxyType(resolved | singles),
        index.table,
        index.surnames,
        index.blocks,
        index.names,
    )
