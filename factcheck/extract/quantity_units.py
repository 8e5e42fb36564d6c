"""The unit written after a number, read with quantulum3 on a short window.

quantulum3 knows thousands of units, compound ones included ("10 l/km", "20 J/m^2 per
year", "km2"), but it is slow, takes seconds to load, and reads junk into prose. So it
is asked only about the few words after a number, with the number replaced by a
placeholder, only when the first of those words can start a unit, and only when the
lexicon of common units (``quantity_lexicon``) cannot give its answer with certainty:
an article in common units never loads it. Its answer is then checked against the tables:
aliases it lacks ("hectares", "bcm"), junk surfaces, ambiguous units resolved from
context (pound sterling or pound-mass, bit or barn), and compound units named and
normalised from their parts. Identical windows are parsed once per process.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from factcheck.extract.quantity_lexicon import Parsed
from factcheck.extract.quantity_tables import Tables
from factcheck.extract.quantulum_tables import exact_starts

__all__ = ["UnitRead", "UnitReader"]

_PLACEHOLDER = "7"  # stands in for the number when quantulum3 reads the unit
# The window ends at punctuation, at a full stop, or at a digit that is not an exponent
# glued to a unit ("km2", "s-1", "fb−1", "m^3" keep theirs; "F-35" and "in 2005" do not).
_TAIL_CUT = re.compile(
    r"[,;:!?()\[\]\"“”]|\.(?:\s|$)|(?<![a-z^])(?<![a-z][-−])(?<!\^[-−])\d|(?<=[a-z])[1-3]\d"
)
_FIRST = re.compile(r"[ \t]*-?[ \t]*([^\s\d]+)")

Part = tuple[str, int, str]  # (unit name, power, surface)


@dataclass(frozen=True, slots=True)
class UnitRead:
    """A unit ending at ``end``: ``unit`` as named, compared as ``factor`` x ``base_unit``."""

    unit: str
    dimension: str
    base_unit: str
    factor: float
    end: int
    confidence: float
    letter: bool = False  # written as a bare letter ("30C"), which a name can also end in

    @property
    def is_count(self) -> bool:
        return self.unit == "dimensionless"


def count_at(end: int) -> UnitRead:
    """No unit: the number may still count the noun after it."""
    return UnitRead("dimensionless", "count", "dimensionless", 1.0, end, 1.0)


@functools.cache
def _quantulum3_parse() -> Callable[[str], Any]:
    """quantulum3's parser, imported on first need: its first parse builds the unit
    tables (seconds), which an article in common units never needs (quantity_lexicon)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "classifier not installed"
        from quantulum3 import parser
    parse: Callable[[str], Any] = parser.parse
    return parse


@functools.lru_cache(maxsize=8192)
def _parse(window: str) -> Parsed | None:
    """quantulum3's reading of the quantity starting the window: (end, unit, entity, parts)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _quantulum3_parse()(window)
    except Exception:  # quantulum3 raises on odd input; a missed unit is no crash
        return None
    q = next((q for q in parsed if q.span[0] == 0 and q.span[1] > 1), None)
    if q is None:
        return None
    parts = tuple(
        (str(d["base"]), int(d.get("power", 1)), str(d.get("surface") or ""))
        for d in q.unit.dimensions or ()
    )
    return int(q.span[1]), str(q.unit.name), str(q.unit.entity.name), parts


class UnitReader:
    """Reads units with one set of tables; see the module docstring."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    # --- the unit after a number ---------------------------------------------------

    def read(self, text: str, n_start: int, end: int, s: int, e: int) -> UnitRead | None:
        """The unit after a number that ends at ``end``; `count_at` when there is none,
        ``None`` when what follows makes the number junk."""
        t = self._t
        tail = self._tail(text, end, e)
        if (alias := self.alias(tail, end)) is not None:
            return alias
        first = _FIRST.match(tail)
        if first is None:
            return count_at(end)
        word = _first_word(first, tail)
        if t.plural_acronym.match(word) or t.lexicon.junk_only(tail, word):
            return count_at(end)  # "300 MPs"; "17 in Santiago": quantulum3 reads only "in"
        # A spelling the lexicon answers for is one quantulum3 reads as a unit, so its
        # first word passes _may_be_unit (tests/test_extract_quantities.py checks this).
        parsed = t.lexicon.read(tail)
        if parsed is None:
            if not self._may_be_unit(word):
                return count_at(end)
            parsed = _parse(_PLACEHOLDER + tail)
        if parsed is None or parsed[0] - 1 < first.start(1) + len(word.split("/")[0]):
            return count_at(end)  # quantulum3 read a unit into part of a word ("7 he|ad")
        span_end, unit, entity, parts = parsed
        written = tail[: span_end - 1].strip(" \t-")
        surface = written.lower()
        if unit in t.junk_units:
            return None
        if unit == "dimensionless" or surface in t.junk_surfaces or not surface:
            return count_at(end)
        unit_end = end + span_end - 1
        unit, parts, conf = self._disambiguate(text, n_start, unit_end, unit, written, parts, s, e)
        if unit == "junk":
            return None
        explicit = "/" in surface or re.search(r"\bper\b", surface) is not None
        return self._resolve(unit, entity, parts, unit_end, conf, explicit)

    def alias(self, tail: str, end: int) -> UnitRead | None:
        """A unit from ``unit_aliases`` at the start of ``tail`` (text from ``end`` on)."""
        for a in self._t.aliases:
            if (m := a.pattern.match(tail)) is not None:
                found = self._resolve(a.unit, "", (), end + m.end(), 1.0, False)
                return replace(found, letter=a.glued) if found is not None else None
        return None

    def glued_alias(self, tail: str) -> bool:
        """Whether letters glued to a number are a unit ("-10C"), not a name ("5G")."""
        return any(a.glued and a.pattern.match(tail) for a in self._t.aliases)

    def per(self, text: str, end: int, e: int, price: UnitRead) -> UnitRead:
        """``price`` (a currency) extended by "per kilogram", "/hour", "a barrel"."""
        t = self._t
        m = t.per_re.match(text[end:e])
        if m is None:
            return price
        at = end + m.end()
        tail = self._tail(text, at, e)
        den = self.alias(tail, at)
        if den is None:
            first = _FIRST.match(tail)
            word = _first_word(first, tail) if first else ""
            body = tail.lstrip()
            parsed = t.lexicon.read(f" {body}") if word else None
            if parsed is None:
                if not word or not self._may_be_unit(word):
                    return price
                parsed = _parse(f"{_PLACEHOLDER} {body}")
            if parsed is None or parsed[0] - 2 < len(word):
                return price
            unit_end = at + len(tail) - len(body) + parsed[0] - 2
            unit, _ = self._choose(parsed[1], body[: parsed[0] - 2].lower(), "", text[unit_end:e])
            if unit not in t.base_units:
                return price
            den = self._resolve(unit, parsed[2], (), unit_end, 1.0, False)
        if den is None or den.is_count or den.dimension == "currency":
            return price
        if m.group("art") and den.dimension in t.not_after_article:
            return price  # "$9 billion a year" is an annual total, compared as dollars
        return UnitRead(
            f"{price.unit} per {den.unit}",
            f"{price.dimension}-per-{den.dimension}",
            f"{price.base_unit} per {den.base_unit}",
            price.factor / den.factor,
            den.end,
            min(price.confidence, den.confidence),
        )

    # --- helpers -------------------------------------------------------------------

    def _tail(self, text: str, end: int, e: int) -> str:
        tail = text[end : min(e, end + 48)]
        if (cut := _TAIL_CUT.search(tail)) is not None:
            tail = tail[: cut.start()]
        if (cut := self._t.tail_stop.search(tail)) is not None:
            tail = tail[: cut.start()]  # "40 degrees Celsius at" is not degree-ampere-turns
        return tail

    def _may_be_unit(self, word: str) -> bool:
        """Whether ``word`` starts one of quantulum3's unit names or symbols, or is two
        symbols glued together ("TWh" = "TW" + "h"): else the window cannot hold a unit
        and quantulum3 need not be asked (nor read junk into it)."""
        q3 = self._t.quantulum
        word = word.split("/")[0].rstrip("²³¹⁻") or word
        low = word.lower()
        if low in q3.named_starts or any(
            word[:k] in q3.symbols and word[k:] in q3.symbols for k in range(1, len(word))
        ):
            return True
        # A plural only inflect forms exactly: quantulum3 is asked to tell.
        return low in q3.starts and low in exact_starts()

    def _disambiguate(
        self,
        text: str,
        n_start: int,
        end: int,
        unit: str,
        surface: str,
        parts: tuple[Part, ...],
        s: int,
        e: int,
    ) -> tuple[str, tuple[Part, ...], float]:
        before, after = text[max(s, n_start - 60) : n_start], text[end:e]
        if len(parts) <= 1:
            new, conf = self._choose(unit, surface, before, after)
            return new, parts if new == unit else (), conf
        chosen = [self._choose(p[0], p[2] or surface, before, after) for p in parts]
        if all(c[0] == p[0] for c, p in zip(chosen, parts, strict=True)):
            return unit, parts, min(c[1] for c in chosen)
        new_parts = tuple((c[0], p[1], p[2]) for c, p in zip(chosen, parts, strict=True))
        return _name(new_parts), new_parts, min(c[1] for c in chosen)

    def _choose(self, unit: str, surface: str, before: str, after: str) -> tuple[str, float]:
        for amb in self._t.ambiguous:
            if unit not in amb.units or (amb.surface and not amb.surface.search(surface)):
                continue
            for rule in amb.rules:
                if (
                    (rule.before is None or rule.before.search(before))
                    and (rule.after is None or rule.after.search(after))
                    and (rule.surface is None or rule.surface.search(surface))
                ):
                    return {"keep": unit}.get(rule.unit, rule.unit), 0.85
            return unit, amb.confidence
        return unit, 1.0

    def _resolve(
        self,
        unit: str,
        entity: str,
        parts: tuple[Part, ...],
        end: int,
        conf: float,
        explicit: bool,
    ) -> UnitRead | None:
        """Dimension, base unit and factor of ``unit``; ``None`` for a unit not trusted."""
        t = self._t
        if unit in t.currencies:
            return UnitRead(unit, "currency", t.currencies[unit], 1.0, end, conf)
        if unit in t.base_units:
            base, factor, dim = t.base_units[unit]
            return UnitRead(unit, dim, base, factor, end, conf)
        entity = t.unit_entities.get(unit, entity)
        if entity and entity != "unknown":
            named = t.dimensions.get(entity, entity.replace(" ", "-"))
            return None if named is None else UnitRead(unit, named, unit, 1.0, end, conf)
        # quantulum3 names compounds it has no entity for ("dollar per hour", "watt per
        # minute"); trust them only when written as a compound ("/", "per") and made of
        # units it does know, so that glued letters ("a thaw") never make one.
        return self._compose(unit, parts, end, conf) if explicit and len(parts) > 1 else None

    def _compose(
        self, unit: str, parts: tuple[Part, ...], end: int, conf: float
    ) -> UnitRead | None:
        t = self._t
        num_base: list[str] = []
        den_base: list[str] = []
        num_dim: list[str] = []
        den_dim: list[str] = []
        factor = 1.0
        for name, power, _ in parts:
            if name in t.currencies:
                base, f, dim = t.currencies[name], 1.0, "currency"
            elif name in t.base_units:
                base, f, dim = t.base_units[name]
            elif t.unit_entities.get(name, "unknown") not in ("unknown", "dimensionless"):
                base, f, dim = name, 1.0, t.unit_entities[name].replace(" ", "-")
            else:
                return None
            factor *= f**power
            (num_base if power > 0 else den_base).append(_power_name(base, abs(power)))
            (num_dim if power > 0 else den_dim).append(dim)
        if not num_base or not math.isfinite(factor) or factor == 0:
            return None
        base_unit = " ".join(num_base) + "".join(f" per {b}" for b in den_base)
        dim = "-".join(num_dim) + "".join(f"-per-{d}" for d in den_dim)
        return UnitRead(unit, dim, base_unit, factor, end, conf)


def _first_word(first: re.Match[str], tail: str) -> str:
    """The first word of a unit window, without an exponent's sign ("s-1", "km^3")."""
    word = first.group(1)
    if word[-1:] in "-−^" and tail[first.end(1) : first.end(1) + 1].isdigit():
        word = word[:-1]
    return word.rstrip(".'’")


def _power_name(name: str, power: int) -> str:
    return {1: name, 2: f"square {name}", 3: f"cubic {name}"}.get(power, f"{name}^{power}")


def _name(parts: tuple[Part, ...]) -> str:
    """A compound unit's name from its parts, as quantulum3 spells them."""
    num = [_power_name(n, p) for n, p, _ in parts if p > 0]
    den = [_power_name(n, -p) for n, p, _ in parts if p < 0]
    return " ".join(num) + "".join(f" per {d}" for d in den) if num else "per " + " per ".join(den)
