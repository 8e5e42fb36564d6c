"""``rules/units.yaml`` compiled into the tables the quantity extractor reads.

Every word list, pattern and unit mapping the extractor uses lives in the YAML file;
this module only checks and compiles it, so an edit to the file never needs Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.extract.lexicon import Calendar
from factcheck.extract.quantity_lexicon import Lexicon
from factcheck.extract.quantulum_tables import QuantulumUnits, quantulum_units
from factcheck.resources import RulesDataError
from factcheck.vocab import load_vocabulary

__all__ = ["Alias", "Ambiguity", "AmbiguityRule", "Tables"]

# Unicode vulgar fractions a number may be written with ("2½", "¾ of").
VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"


def alternation(words: Iterable[Any]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run."""
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _text(v: Any) -> str:
    # YAML reads a bare on/off/yes/no as a boolean: say so instead of matching "true".
    if isinstance(v, bool) or v is None:
        raise ValueError(f"{v!r} in a word list; quote words like 'on' and 'no'")
    return str(v)


def _low_set(words: Iterable[Any] | None) -> frozenset[str]:
    return frozenset(_text(w).lower() for w in words or ())


def _numbers(table: Mapping[str, Any] | None) -> dict[str, float]:
    return {str(k).lower(): float(v) for k, v in (table or {}).items()}


def _rx(p: Any, flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    return None if p is None else re.compile(str(p), flags)


@dataclass(frozen=True, slots=True)
class AmbiguityRule:
    """Sets ``unit`` when every given pattern matches ("keep" keeps quantulum3's unit)."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    surface: re.Pattern[str] | None
    unit: str


@dataclass(frozen=True, slots=True)
class Ambiguity:
    units: frozenset[str]
    confidence: float
    surface: re.Pattern[str] | None
    rules: tuple[AmbiguityRule, ...]


@dataclass(frozen=True, slots=True)
class Alias:
    """A unit spelling read here instead of by quantulum3."""

    pattern: re.Pattern[str]
    unit: str
    glued: bool


@dataclass(frozen=True, slots=True)
class Tables:
    """units.yaml, compiled."""

    version: int
    years: tuple[int, int]
    cardinals: Mapping[str, float]
    multipliers: Mapping[str, float]
    fractions: Mapping[str, float]
    ordinal_fractions: frozenset[str]
    weak: frozenset[str]
    not_after_fraction: frozenset[str]
    fraction_followers: frozenset[str]
    verb_endings: tuple[str, ...]
    noun_endings: tuple[str, ...]
    standalone_fractions: frozenset[str]
    slash_denominators: frozenset[int]
    scientific_before: re.Pattern[str]
    scientific_after: re.Pattern[str]
    scales: Mapping[str, float]
    currency_scales: Mapping[str, float]
    attached_scales: tuple[tuple[str, float, re.Pattern[str]], ...]
    anchor: re.Pattern[str]
    named: Mapping[str, tuple[float, str, str]]
    scale_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    points_re: re.Pattern[str]
    prefix_re: re.Pattern[str]
    prefix_fwd: re.Pattern[str]
    prefixes: Mapping[str, str]
    prefix_confidence: Mapping[str, float]
    currencies: Mapping[str, str]
    dimensions: Mapping[str, str | None]
    base_units: Mapping[str, tuple[str, float, str]]
    aliases: tuple[Alias, ...]
    plural_acronym: re.Pattern[str]
    per_re: re.Pattern[str]
    article_per: frozenset[str]
    not_after_article: frozenset[str]
    qual_before: re.Pattern[str]
    qual_after: re.Pattern[str]
    qualifiers: Mapping[str, tuple[str, float, float]]
    connector_re: re.Pattern[str]
    plus_minus_re: re.Pattern[str]
    ratio_re: re.Pattern[str]
    between: frozenset[str]
    change_words: frozenset[str]
    range_after_change: frozenset[str]
    attached: frozenset[str]
    name_prefixes: frozenset[str]
    name_exempt: frozenset[str]
    tenor_nouns: frozenset[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    time_re: re.Pattern[str]
    four_digit_time_re: re.Pattern[str]
    clock_time_re: re.Pattern[str]
    junk_surfaces: frozenset[str]
    tail_stop: re.Pattern[str]
    junk_units: frozenset[str]
    count_stop: frozenset[str]
    count_bridges: frozenset[str]
    anaphoric: frozenset[str]
    tally_nouns: tuple[str, ...]  # "a majority of 14,000": a bare number that counts
    ambiguous: tuple[Ambiguity, ...]
    quantulum: QuantulumUnits
    unit_entities: Mapping[str, str]
    lexicon: Lexicon
    calendar: frozenset[str]  # month and weekday words of dates.yaml

    @classmethod
    def load(cls, rules_dir: Path | None) -> Tables:
        vocabulary = load_vocabulary(rules_dir)
        t = vocabulary.table("units.yaml")
        if not isinstance(t, dict):
            raise RulesDataError("units.yaml: expected a mapping at the top level")
        calendar = Calendar.from_table(vocabulary.table("dates.yaml")).words
        try:
            return cls._build(t, calendar)
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise RulesDataError(f"units.yaml: malformed table: {exc!r}") from exc

    @classmethod
    def _build(cls, t: dict[str, Any], calendar: frozenset[str]) -> Tables:
        # quantulum3's unit tables, read from its JSON files: building them the way
        # quantulum3 does costs seconds (see quantulum_tables).
        q3 = quantulum_units()
        return cls(
            calendar=calendar,
            version=int(t.get("version", 1)),
            years=(int(t["years"]["min"]), int(t["years"]["max"])),
            **_number_fields(t),
            **_money_fields(t),
            **_unit_fields(t, q3),
            **_qualifier_fields(t),
            **_context_fields(t),
        )


# Each ``_*_fields`` compiles one part of units.yaml into ``Tables`` fields, by name.


def _number_fields(t: dict[str, Any]) -> dict[str, Any]:
    """Number words, fractions, scientific notation, and the anchor that finds a number."""
    nw = t["number_words"]
    cardinals, mults = _numbers(nw["cardinals"]), _numbers(nw["multipliers"])
    fracs, scales = _numbers(nw["fractions"]), _numbers(t["scales"])
    alone = _low_set(nw["standalone_fractions"])
    named = {
        " ".join(str(k).lower().split()): (float(v[0]), str(v[1]), str(v[2]))
        for k, v in (t.get("named_quantities") or {}).items()
    }
    openers = [*mults, *scales, *fracs]
    words = [*cardinals, *alone]
    # Named quantities share the word branch: a separate top-level branch would be
    # tried at every position of every sentence.
    named_alt = f"|(?P<n>{alternation(named)})" if named else "|(?P<n>(?!))"
    anchor = (
        rf"(?P<d>(?<![\w.,])(?:\.?\d|[{VULGAR}]))"
        rf"|(?P<w>\b(?:{alternation(words)}{named_alt})\b"
        rf"|\ban?\s+(?=(?:{alternation(openers)})\b))"
    )
    return {
        "cardinals": cardinals,
        "multipliers": mults,
        "fractions": fracs,
        "ordinal_fractions": _low_set(nw.get("ordinal_fractions")),
        "weak": _low_set(nw["weak"]),
        "not_after_fraction": _low_set(nw["not_after_fraction"]),
        "fraction_followers": _low_set(nw["fraction_followers"]),
        "verb_endings": tuple(sorted(_low_set(nw.get("fraction_verb_endings")))),
        "noun_endings": tuple(sorted(_low_set(nw.get("fraction_noun_endings")))),
        "standalone_fractions": alone,
        "slash_denominators": frozenset(int(d) for d in nw["slash_denominators"]),
        "scientific_before": re.compile(_text(t["scientific_notation"]["before"])),
        "scientific_after": re.compile(_text(t["scientific_notation"]["after"])),
        "scales": scales,
        "anchor": re.compile(anchor, re.IGNORECASE),
        "named": named,
        "scale_re": re.compile(rf"[ \t]*(?:-[ \t]*)?({alternation(scales)})\b", re.I),
    }


def _money_fields(t: dict[str, Any]) -> dict[str, Any]:
    """Scales glued to money, percent and points, currency prefixes, prices per unit."""
    prefixes = {str(k): str(v) for k, v in t["currency_prefixes"].items()}
    price = t["price_per"]
    return {
        "currency_scales": _numbers(t["currency_scales"]),
        "attached_scales": tuple(
            (_text(a["letters"]), float(a["scale"]), re.compile(_text(a["after"])))
            for a in t["attached_scales"]
        ),
        "percent_re": re.compile(rf"[ \t]*-?[ \t]*(?:{alternation(t['percent'])})(?!\w)", re.I),
        "points_re": re.compile(
            rf"[ \t]*(?:{alternation(t['percentage_points'])})(?!\w)", re.IGNORECASE
        ),
        "prefix_re": re.compile(rf"(?<![A-Za-z])(?:{alternation(prefixes)})[ \t]?$"),
        "prefix_fwd": re.compile(rf"(?:{alternation(prefixes)})[ \t]?"),
        "prefixes": prefixes,
        "prefix_confidence": {str(k): float(v) for k, v in t["ambiguous_prefixes"].items()},
        "currencies": {str(k): str(v) for k, v in t["currencies"].items()},
        "per_re": re.compile(
            rf"[ \t]*(?:(?:{alternation(price['per'])})"
            rf"|(?P<art>{alternation(price['article'])})(?=[ \t]))[ \t]*",
            re.IGNORECASE,
        ),
        "article_per": _low_set(price["article"]),
        "not_after_article": _low_set(price["not_after_article"]),
    }


def _unit_fields(t: dict[str, Any], q3: QuantulumUnits) -> dict[str, Any]:
    """Units: dimensions, base units, spellings read here, junk and ambiguous units."""
    junk_surfaces = _low_set(t["junk_unit_surfaces"])
    return {
        "dimensions": {str(k): (None if v is None else str(v)) for k, v in t["dimensions"].items()},
        "base_units": {
            str(k): (str(v[0]), float(v[1]), str(v[2])) for k, v in t["base_units"].items()
        },
        "aliases": tuple(
            Alias(re.compile(_text(a["pattern"])), _text(a["unit"]), bool(a.get("glued")))
            for a in t.get("unit_aliases") or ()
        ),
        "plural_acronym": re.compile(_text(t["plural_acronym"])),
        "junk_surfaces": junk_surfaces,
        "tail_stop": re.compile(
            rf"(?<=\w)[ \t]+(?:{alternation(junk_surfaces - {'per'})})\b", re.IGNORECASE
        ),
        "junk_units": frozenset(str(u) for u in t["junk_units"]),
        "ambiguous": tuple(_ambiguity(a) for a in t["ambiguous_units"]),
        "quantulum": q3,
        "unit_entities": q3.entities,
        "lexicon": Lexicon(
            _lexicon(t["unit_lexicon"]),
            {
                _text(e["unit"]): _text(e["entity"])
                for e in t["unit_lexicon"]
                if e.get("entity") is not None
            },
            (_text(w) for w in t["quantulum3_number_words"]),
            junk_surfaces,
            frozenset(str(u) for u in t["junk_units"]),
            q3,
        ),
    }


def _qualifier_fields(t: dict[str, Any]) -> dict[str, Any]:
    """Qualifiers ("about", "at least", "or more") and ranges ("between 3 and 5")."""
    quals: dict[str, tuple[str, float, float]] = {}
    after_q: list[str] = []
    for q in t["qualifiers"]:
        lo, hi = (float(b) for b in q["bounds"])
        for w in q.get("before") or ():
            quals[str(w).lower()] = (str(q["kind"]), lo, hi)
        for w in q.get("after") or ():
            quals["+" + str(w).lower()] = (str(q["kind"]), lo, hi)
            after_q.append(str(w))
    before_q = [w for w in quals if not w.startswith("+")]
    rng = t["ranges"]
    return {
        "qual_before": re.compile(rf"(?<![\w.])({alternation(before_q)})[ \t]*$", re.I),
        "qual_after": re.compile(rf"[ \t]*({alternation(after_q)})(?![\w+])", re.I),
        "qualifiers": quals,
        "connector_re": re.compile(
            rf"[ \t]*(?:({alternation(rng['connectors'])})|(and))[ \t]*(?=[^\s])", re.I
        ),
        "plus_minus_re": re.compile(rf"[ \t]*(?:{alternation(rng['plus_minus'])})[ \t]*"),
        "ratio_re": re.compile(rf"[ \t]+(?:{alternation(rng['ratio'])})[ \t]+", re.I),
        "between": _low_set(rng["between"]),
        "change_words": _low_set(rng["change_words"]),
        "range_after_change": _low_set(rng.get("range_after_change")),
    }


def _context_fields(t: dict[str, Any]) -> dict[str, Any]:
    """What around a number says it is not a quantity: names, months, times, stopwords."""
    months = alternation(t["months"])
    return {
        "attached": _low_set(t["attached_letters"]),
        "name_prefixes": _low_set(t["name_prefixes"]),
        "tenor_nouns": _low_set(t.get("tenor_nouns")),
        "name_exempt": _low_set(t["name_rule_exempt"]),
        "month_before": re.compile(rf"\b(?:{months})\.?[ \t]+(?:the[ \t]+)?$", re.I),
        "month_after": re.compile(rf"(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?:{months})\b", re.I),
        "time_re": re.compile(rf"[ \t]*(?:{alternation(t['time_suffixes'])})(?!\w)", re.I),
        "four_digit_time_re": re.compile(
            rf"[ \t]*(?:{alternation(t['four_digit_time_suffixes'])})(?!\w)", re.I
        ),
        "clock_time_re": re.compile(
            rf"[ \t]*(?:{alternation(t.get('clock_time_suffixes') or ['hrs'])})(?!\w)", re.I
        ),
        "count_stop": _low_set(t["count_stopwords"]),
        "count_bridges": _low_set(t.get("count_bridges")),
        "anaphoric": _low_set(t["anaphoric_determiners"]),
        "tally_nouns": tuple(str(w).lower() for w in t["tally_nouns"]),
    }


def _ambiguity(entry: dict[str, Any]) -> Ambiguity:
    return Ambiguity(
        units=frozenset(str(u) for u in entry["units"]),
        confidence=float(entry.get("confidence", 0.6)),
        surface=_rx(entry.get("surface")),
        rules=tuple(
            AmbiguityRule(
                _rx(r.get("before")), _rx(r.get("after")), _rx(r.get("surface")), str(r["unit"])
            )
            for r in entry.get("rules") or ()
        ),
    )


def _lexicon(entries: Iterable[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """``unit_lexicon``: spelling -> the unit quantulum3 reads it as, then the other
    units quantulum3 has for the same spelling."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        units = (_text(entry["unit"]), *(_text(u) for u in entry.get("shared_with") or ()))
        for spelling in entry["spellings"]:
            if _text(spelling) in out:
                raise ValueError(f"unit_lexicon: {spelling!r} listed twice")
            out[_text(spelling)] = units
    return out
