"""quantulum3's packaged unit tables, read as plain JSON without importing quantulum3.

quantulum3 builds its unit tables at first use: it imports inflect (whose typeguard
instrumentation alone costs seconds), pluralises every unit name and compiles one giant
regular expression. factcheck needs far less: which words can start a unit, the unit
symbols, each unit's entity and its training texts. Those are read here straight from
the JSON files quantulum3 ships (``units.json``, ``entities.json`` and their en_US
overrides, ``_lang/en_US/train/*.json``), in milliseconds.

Plurals are the one thing quantulum3 computes rather than stores: here every word of a
unit name gets the usual English plural endings, a superset of what inflect produces,
so the word sets are over-inclusive (a word may be asked about needlessly, never
missed). ``tests/test_extract_quantities.py`` checks the superset against quantulum3's
own tables.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.resources import RulesDataError

__all__ = ["QuantulumUnits", "Training", "exact_starts", "quantulum_units", "training"]

# quantulum3's SI prefixes (``load.METRIC_PREFIXES``): a unit listing ``prefixes``
# also exists as each prefixed unit ("kilo" + "metre", "k" + "m").
_PREFIXES = {
    "Y": "yotta", "Z": "zetta", "E": "exa", "P": "peta", "T": "tera", "G": "giga",
    "M": "mega", "k": "kilo", "h": "hecto", "da": "deca", "d": "deci", "c": "centi",
    "m": "milli", "µ": "micro", "n": "nano", "p": "pico", "f": "femto", "a": "atto",
    "z": "zepto", "y": "yocto", "Ki": "kibi", "Mi": "mebi", "Gi": "gibi", "Ti": "tebi",
    "Pi": "pebi", "Ei": "exbi", "Zi": "zebi", "Yi": "yobi",
}  # fmt: skip
# inflect pluralises the first word of a name whose second word is one of these ("tons
# of refrigeration", "revolutions per minute"); else the last.
_PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "among", "around", "at", "athwart", "before",
    "behind", "below", "beneath", "beside", "besides", "between", "betwixt", "beyond",
    "but", "by", "during", "except", "for", "from", "in", "into", "near", "of", "off",
    "on", "onto", "out", "over", "per", "since", "till", "to", "under", "until", "unto",
    "upon", "with",
})  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class QuantulumUnits:
    """What factcheck reads from quantulum3's unit tables."""

    named_starts: frozenset[str]  # first words of every unit name and symbol as listed
    starts: frozenset[str]  # ... and of every plural form, lowercased (over-inclusive)
    symbols: frozenset[str]  # every unit symbol as written and lowercased
    words: frozenset[str]  # every name or symbol made of word characters only, lowercased
    leads: frozenset[str]  # the leading word characters of every other name or symbol
    continued: frozenset[str]  # every name with a space, lowercased ("metric ton")
    entities: Mapping[str, str]  # unit name -> entity name
    keys_of: Mapping[str, frozenset[str]]  # unit name -> its names and symbols, lowercased


@dataclass(frozen=True, slots=True)
class Training:
    """quantulum3's training texts for one unit, as its no-classifier mode reads them."""

    words: Mapping[str, int]  # each word of the texts split on " ", with its count
    chars: int  # the length of all texts together


def _package() -> Path:
    spec = importlib.util.find_spec("quantulum3")  # finds it without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RulesDataError("quantulum3 is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulesDataError(f"quantulum3 data file {path}: {exc}") from exc


def _prefixed(name: str, unit: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """A unit and its SI-prefixed variants, as quantulum3's ``Units.prefixed_units``."""
    yield name, unit
    for prefix in unit.get("prefixes", []):
        long = _PREFIXES[prefix]
        yield (
            long + name,
            {
                "surfaces": [long + s for s in unit.get("surfaces", [])],
                "entity": unit.get("entity"),
                "symbols": [prefix + s for s in unit.get("symbols", [])],
            },
        )


def _units(top: Path) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for path in (top / "units.json", top / "_lang" / "en_US" / "units.json"):
        for name, unit in _json(path).items():
            for full, entry in _prefixed(str(name), unit):
                merged.setdefault(full, {}).update(entry)
    return merged


def plurals(word: str) -> set[str]:
    """``word`` with every plural inflect may give it (over-inclusive)."""
    out = {word, word + "s"}
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        out.add(word + "es")
    if word.endswith("z"):
        out.add(word + "zes")  # "hertzzes"
    if word.endswith("s"):
        out.add(word[:-1])  # inflect reads "stokes" as a plural already: "stoke"
    if re.search(r"[^aeiou]y$", word):
        out.add(word[:-1] + "ies")
    if word.endswith("foot"):
        out.add(word[:-4] + "feet")
    return out


def _hyphened(word: str) -> set[str]:
    """``word`` with any one of its hyphenated parts pluralised ("acre-feet")."""
    parts = word.split("-")
    return {
        "-".join([*parts[:i], p, *parts[i + 1 :]])
        for i, part in enumerate(parts)
        for p in plurals(part)
    }


def _first_words(surface: str) -> set[str]:
    """The first word of a unit name and of its plural."""
    words = surface.split(" ")
    if len(words) > 1 and words[1] not in _PREPOSITIONS:
        return {words[0]}
    return _hyphened(words[0])


def _forms(surface: str) -> set[str]:
    """A unit name with any one of its words pluralised (over-inclusive)."""
    words = surface.split(" ")
    return {surface} | {
        " ".join([*words[:i], p, *words[i + 1 :]])
        for i, w in enumerate(words)
        for p in _hyphened(w)
    }


@functools.cache
def quantulum_units() -> QuantulumUnits:
    """quantulum3's unit tables (read once per process)."""
    units = _units(_package())
    listed: set[str] = set()
    firsts: set[str] = set()
    names: set[str] = set()
    symbols: set[str] = set()
    keys_of: dict[str, frozenset[str]] = {}
    for name, unit in units.items():
        listed.update(str(s) for s in unit.get("surfaces", []))
        firsts.update(f for s in unit.get("surfaces", []) for f in _first_words(str(s)))
        forms = {f for s in unit.get("surfaces", []) for f in _forms(str(s))}
        signs = {str(s) for s in unit.get("symbols", [])}
        names |= forms
        symbols |= signs
        keys_of[name] = frozenset(k.lower() for k in forms | signs)
    keys = {k.lower() for k in names | symbols if k.strip()}
    return QuantulumUnits(
        named_starts=frozenset(k.split()[0].lower() for k in listed | symbols if k.strip()),
        starts=frozenset(k.split()[0].lower() for k in firsts | symbols if k.strip()),
        symbols=frozenset(symbols | {s.lower() for s in symbols}),
        words=frozenset(k for k in keys if _WORD.fullmatch(k)),
        leads=frozenset(
            m.group() for k in keys if not _WORD.fullmatch(k) and (m := _WORD.match(k))
        ),
        continued=frozenset(k for k in keys if " " in k),
        entities={name: str(u.get("entity")) for name, u in units.items()},
        keys_of=keys_of,
    )


@functools.cache
def _training() -> dict[str, Training]:
    texts: dict[str, list[str]] = {}
    for path in sorted((_package() / "_lang" / "en_US" / "train").glob("*.json")):
        for entry in _json(path):
            texts.setdefault(str(entry["unit"]), []).append(str(entry["text"]))
    return {
        unit: Training(Counter(w for t in ts for w in t.split(" ")), sum(map(len, ts)))
        for unit, ts in texts.items()
    }


def training(unit: str) -> Training:
    """quantulum3's training texts for ``unit`` (read once per process, when first asked)."""
    return _training().get(unit, Training({}, 0))


@functools.cache
def exact_starts() -> frozenset[str]:
    """The first words of quantulum3's unit names with inflect's plurals, exactly:
    quantulum3 builds its unit tables to tell (seconds, once per process). Needed only
    for a word that merely looks like a plural of a unit's first word."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "classifier not installed"
        from quantulum3 import load

    units = load.units("en_US")
    return frozenset(
        str(n).split()[0].lower() for n in [*units.surfaces_all, *units.symbols_all] if n.strip()
    )
