"""Quantities: numbers with their units, qualifiers and ranges.

quantulum3 knows thousands of units but is slow (about 10 KB/s) and reads junk into
plain prose ("a key" becomes 1000 exayears). So it never sees an article: a regex pass
finds the few places that can hold a number (digits, number words), the number, its
scale, a currency sign, a percent sign and any range are read here, and quantulum3 is
asked only about the unit, on a window of a few words after the number in which the
number is replaced by a placeholder. Every decision that is data (qualifier bounds,
scale words, currencies, junk patterns, ambiguous units) comes from ``rules/units.yaml``.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from factcheck.extract.base import Context, Hit
from factcheck.model import FactType, Quantity, Span
from factcheck.resources import RulesDataError, load_table
from factcheck.textspan import sentences

with warnings.catch_warnings():
    # quantulum3 warns at import that its optional classifier is not installed.
    warnings.simplefilter("ignore", UserWarning)
    from quantulum3 import load as _qload
    from quantulum3 import parser as _qparser

__all__ = ["QuantityExtractor", "extract_quantities"]

_DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z]+)")
_TAIL_CUT = re.compile(r"[,;:!?()\[\]\"“”]|\.(?:\s|$)|\d")
_PLACEHOLDER = "7"  # stands in for the number when quantulum3 reads the unit


def _alternation(words: Iterable[Any]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run."""
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _low_set(words: Iterable[Any] | None) -> frozenset[str]:
    return frozenset(_text(w).lower() for w in words or ())


def _text(v: Any) -> str:
    # YAML reads a bare on/off/yes/no as a boolean: say so instead of matching "true".
    if isinstance(v, bool) or v is None:
        raise ValueError(f"{v!r} in a word list; quote words like 'on' and 'no'")
    return str(v)


@dataclass(frozen=True, slots=True)
class _Rule:
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    unit: str


@dataclass(frozen=True, slots=True)
class _Ambiguity:
    units: frozenset[str]
    confidence: float
    surface: re.Pattern[str] | None
    rules: tuple[_Rule, ...]


@dataclass(frozen=True, slots=True)
class _Tables:
    """units.yaml, compiled."""

    version: int
    years: tuple[int, int]
    cardinals: Mapping[str, float]
    multipliers: Mapping[str, float]
    fractions: Mapping[str, float]
    weak: frozenset[str]
    not_after_fraction: frozenset[str]
    fraction_followers: frozenset[str]
    standalone_fractions: frozenset[str]
    scales: Mapping[str, float]
    currency_scales: Mapping[str, float]
    attached_scales: tuple[tuple[str, float, re.Pattern[str]], ...]
    anchor: re.Pattern[str]
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
    qual_before: re.Pattern[str]
    qual_after: re.Pattern[str]
    qualifiers: Mapping[str, tuple[str, float, float]]
    connector_re: re.Pattern[str]
    ratio_re: re.Pattern[str]
    between: frozenset[str]
    change_words: frozenset[str]
    attached: frozenset[str]
    name_prefixes: frozenset[str]
    name_exempt: frozenset[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    time_re: re.Pattern[str]
    junk_surfaces: frozenset[str]
    tail_stop: re.Pattern[str]
    junk_units: frozenset[str]
    count_stop: frozenset[str]
    anaphoric: frozenset[str]
    ambiguous: tuple[_Ambiguity, ...]
    unit_starts: tuple[frozenset[str], frozenset[str]]

    @classmethod
    def load(cls, rules_dir: Path | None) -> _Tables:
        t = load_table("units.yaml", rules_dir)
        if not isinstance(t, dict):
            raise RulesDataError("units.yaml: expected a mapping at the top level")
        try:
            return cls._build(t)
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise RulesDataError(f"units.yaml: malformed table: {exc!r}") from exc

    @classmethod
    def _build(cls, t: dict[str, Any]) -> _Tables:
        nw = t["number_words"]
        cardinals, mults = _numbers(nw["cardinals"]), _numbers(nw["multipliers"])
        fracs, scales = _numbers(nw["fractions"]), _numbers(t["scales"])
        alone = _low_set(nw["standalone_fractions"])
        openers = [*mults, *scales, *fracs]
        words = [*cardinals, *alone]
        anchor = (
            rf"(?P<d>(?<![\w.,])\.?\d)|(?P<w>\b(?:{_alternation(words)})\b"
            rf"|\ban?\s+(?=(?:{_alternation(openers)})\b))"
        )
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
        prefixes = {str(k): str(v) for k, v in t["currency_prefixes"].items()}
        months = _alternation(t["months"])
        base = {str(k): (str(v[0]), float(v[1]), str(v[2])) for k, v in t["base_units"].items()}
        return cls(
            version=int(t.get("version", 1)),
            years=(int(t["years"]["min"]), int(t["years"]["max"])),
            cardinals=cardinals,
            multipliers=mults,
            fractions=fracs,
            weak=_low_set(nw["weak"]),
            not_after_fraction=_low_set(nw["not_after_fraction"]),
            fraction_followers=_low_set(nw["fraction_followers"]),
            standalone_fractions=alone,
            scales=scales,
            currency_scales=_numbers(t["currency_scales"]),
            attached_scales=tuple(
                (_text(a["letters"]), float(a["scale"]), re.compile(_text(a["after"])))
                for a in t["attached_scales"]
            ),
            anchor=re.compile(anchor, re.IGNORECASE),
            scale_re=re.compile(rf"[ \t]*(?:-[ \t]*)?({_alternation(scales)})\b", re.I),
            percent_re=re.compile(rf"[ \t]*-?[ \t]*(?:{_alternation(t['percent'])})(?!\w)", re.I),
            points_re=re.compile(
                rf"[ \t]*(?:{_alternation(t['percentage_points'])})(?!\w)", re.IGNORECASE
            ),
            prefix_re=re.compile(rf"(?<![A-Za-z])(?:{_alternation(prefixes)})[ \t]?$"),
            prefix_fwd=re.compile(rf"(?:{_alternation(prefixes)})[ \t]?"),
            prefixes=prefixes,
            prefix_confidence={str(k): float(v) for k, v in t["ambiguous_prefixes"].items()},
            currencies={str(k): str(v) for k, v in t["currencies"].items()},
            dimensions={
                str(k): (None if v is None else str(v)) for k, v in t["dimensions"].items()
            },
            base_units=base,
            qual_before=re.compile(rf"(?<![\w.])({_alternation(before_q)})[ \t]*$", re.I),
            qual_after=re.compile(rf"[ \t]*({_alternation(after_q)})(?![\w+])", re.I),
            qualifiers=quals,
            connector_re=re.compile(
                rf"[ \t]*(?:({_alternation(rng['connectors'])})|(and))[ \t]*(?=[^\s])", re.I
            ),
            ratio_re=re.compile(rf"[ \t]+(?:{_alternation(rng['ratio'])})[ \t]+", re.I),
            between=_low_set(rng["between"]),
            change_words=_low_set(rng["change_words"]),
            attached=_low_set(t["attached_letters"]),
            name_prefixes=_low_set(t["name_prefixes"]),
            name_exempt=_low_set(t["name_rule_exempt"]),
            month_before=re.compile(rf"\b(?:{months})\.?[ \t]+(?:the[ \t]+)?$", re.I),
            month_after=re.compile(rf"(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?:{months})\b", re.I),
            time_re=re.compile(rf"[ \t]*(?:{_alternation(t['time_suffixes'])})(?!\w)", re.I),
            junk_surfaces=_low_set(t["junk_unit_surfaces"]),
            tail_stop=re.compile(
                rf"(?<=\w)[ \t]+(?:{_alternation(_low_set(t['junk_unit_surfaces']) - {'per'})})\b",
                re.IGNORECASE,
            ),
            junk_units=frozenset(str(u) for u in t["junk_units"]),
            count_stop=_low_set(t["count_stopwords"]),
            anaphoric=_low_set(t["anaphoric_determiners"]),
            ambiguous=tuple(_ambiguity(a) for a in t["ambiguous_units"]),
            unit_starts=_unit_starts(),
        )


def _numbers(table: Mapping[str, Any] | None) -> dict[str, float]:
    return {str(k).lower(): float(v) for k, v in (table or {}).items()}


def _ambiguity(entry: dict[str, Any]) -> _Ambiguity:
    def rx(p: Any) -> re.Pattern[str] | None:
        return None if p is None else re.compile(str(p), re.IGNORECASE)

    return _Ambiguity(
        units=frozenset(str(u) for u in entry["units"]),
        confidence=float(entry.get("confidence", 0.6)),
        surface=rx(entry.get("surface")),
        rules=tuple(
            _Rule(rx(r.get("before")), rx(r.get("after")), str(r["unit"]))
            for r in entry.get("rules") or ()
        ),
    )


def _unit_starts() -> tuple[frozenset[str], frozenset[str]]:
    """First words of every unit quantulum3 knows, and its unit symbols. A window whose
    first word is neither among them nor two symbols glued together ("TWh" = "TW" +
    "h") cannot hold a unit, so quantulum3 need not be asked."""
    units = _qload.units("en_US")
    names = [*units.surfaces_all, *units.symbols_all]
    starts = frozenset(n.split()[0].lower() for n in names if n.strip())
    return starts, frozenset(str(n) for n in units.symbols_all if n.strip())


@dataclass(frozen=True, slots=True)
class _Num:
    """A number as written: [start, end) covers the number and its own scale word."""

    start: int
    end: int
    value: float
    spelled: bool
    scaled: float  # the scale factor written with it, 1.0 if none
    weak: bool = False  # "one"/"a" alone: a quantity only with a unit or scale
    fraction: bool = False
    plain: bool = False  # bare digits without separators: may be a year


@dataclass(frozen=True, slots=True)
class _Read:
    """A number with its unit read, before qualifiers are applied."""

    num: _Num
    start: int  # including a currency sign
    end: int  # including the unit
    unit: str
    dimension: str
    base_unit: str
    factor: float
    confidence: float
    own_unit: bool  # the unit was written with this number (not inherited in a range)


class QuantityExtractor:
    """Finds quantities in an article; see the module docstring for how."""

    name = "quantities"
    version = "1"
    produces = FactType.QUANTITY

    def __init__(self, tables: _Tables) -> None:
        self._t = tables
        if tables.version != 1:  # an edited table changes results: new cache key
            self.version = f"1.r{tables.version}"

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> QuantityExtractor:
        """Build the extractor from ``rules_dir/units.yaml`` (default: shipped rules)."""
        return cls(_Tables.load(rules_dir))

    def __call__(self, ctx: Context) -> list[Hit]:
        spans = ctx.sentences or ((Span(0, len(ctx.text)),) if ctx.text else ())
        hits: list[Hit] = []
        for span in spans:
            hits.extend(self._scan(ctx.text, span.start, min(span.end, len(ctx.text))))
        return hits

    # --- scanning -----------------------------------------------------------------

    def _scan(self, text: str, s: int, e: int) -> list[Hit]:
        hits: list[Hit] = []
        pos = s
        while (m := self._t.anchor.search(text, pos, e)) is not None:
            found, pos = self._at(text, m.start(), s, e)
            hits.extend(found)
            pos = max(pos, m.end())
        return hits

    def _at(self, text: str, i: int, s: int, e: int) -> tuple[list[Hit], int]:
        """Read the quantity (or range) whose number starts at ``i``."""
        a = self._number(text, i, s, e)
        if a is None:
            return [], i + 1
        if self._is_junk(text, a, s, e):
            nxt = self._t.connector_re.match(text, a.end, e)
            skip = self._number(text, nxt.end(), s, e) if nxt and not nxt.group(2) else None
            return [], (skip.end if skip else a.end)  # "March 24-25": both days
        if (ratio := self._t.ratio_re.match(text, a.end, e)) is not None:
            b = self._number(text, ratio.end(), s, e)
            if (
                b is not None
                and not (self._is_junk(text, b, s, e) or self._year_like(b) or b.scaled != 1.0)
                and 0 < a.value < b.value
            ):
                return self._ratio(text, a, b, s, e), b.end  # "one in five adults"
        pct = self._t.points_re.match(text, a.end, e) or self._t.percent_re.match(text, a.end, e)
        conn = self._t.connector_re.match(text, pct.end() if pct else a.end, e)
        if conn is not None:
            pair = self._range(text, a, conn, s, e)
            if pair is not None:
                return pair
        read = self._read(text, a, s, e)
        if read is None:
            return [], a.end
        hit = self._hit(text, read, s, e)
        return ([hit] if hit else []), read.end

    def _range(
        self, text: str, a: _Num, conn: re.Match[str], s: int, e: int
    ) -> tuple[list[Hit], int] | None:
        """ "18 to 25 percent", "between 5 and 7 million tons", "rose from 5 to 7%"."""
        t = self._t
        sign = t.prefix_fwd.match(text, conn.end(), e)  # "$10 to $20 billion"
        b = self._number(text, sign.end() if sign else conn.end(), s, e)
        if b is None or self._is_junk(text, b, s, e, in_range=True):
            return None
        rb = self._read(text, b, s, e)
        if rb is None:
            return None
        words_before = re.findall(r"[A-Za-z]+", text[max(s, a.start - 40) : a.start].lower())
        is_between = bool(words_before) and words_before[-1] in t.between
        word = (conn.group(1) or "").lower()
        if bool(conn.group(2)) != is_between and word not in ("-", "–", "—"):
            return None  # "and" joins a range only after "between"
        scale = a.scaled if a.scaled != 1.0 else rb.num.scaled
        a_scaled = replace(a, value=a.value * scale, scaled=scale)
        ra = self._read(text, a_scaled, s, e, inherit=rb)
        if ra is None or (ra.own_unit and ra.unit != rb.unit):
            return None
        if rb.dimension in ("count", "time") and (self._year_like(a) or self._year_like(b)):
            return [], rb.end  # "2020-2023", "from 2020 to 2023 years"
        if word == "to" and t.change_words & set(words_before[-3:]):
            # A change, not a range: two values of the same unit.
            hits = [h for h in (self._hit(text, ra, s, e), self._hit(text, rb, s, e)) if h]
            return hits, rb.end
        if not a_scaled.value < rb.num.value:
            return None
        lo, hi = a_scaled.value * ra.factor, rb.num.value * rb.factor
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return [], rb.end
        q = Quantity(a_scaled.value, rb.unit, rb.dimension, lo, rb.base_unit, lo, hi, "range")
        return [Hit(ra.start, rb.end, q, min(ra.confidence, rb.confidence))], rb.end

    def _ratio(self, text: str, a: _Num, b: _Num, s: int, e: int) -> list[Hit]:
        share = replace(a, value=a.value / b.value, end=b.end, spelled=a.spelled or b.spelled)
        read = _Read(share, a.start, b.end, "fraction", "percentage", "percentage", 100.0,
                     0.7, True)  # fmt: skip
        hit = self._hit(text, read, s, e)
        return [hit] if hit else []

    # --- numbers ------------------------------------------------------------------

    def _number(self, text: str, i: int, s: int, e: int) -> _Num | None:
        m = _DIGITS.match(text, i, e)
        if m is None:
            return self._spelled(text, i, s, e)
        raw = m.group()
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            return None
        end, scale = m.end(), 1.0
        sm = self._t.scale_re.match(text, end, e)
        if sm is not None:
            end, scale = sm.end(), self._t.scales[sm.group(1).lower()]
        elif (glued := re.match(r"([A-Za-z]+)\b", text[end:e])) is not None:
            letters = glued.group(1).lower()
            if letters in self._t.currency_scales and self._t.prefix_re.search(
                text, max(s, i - 8), i
            ):
                end, scale = end + glued.end(), self._t.currency_scales[letters]
            for word, factor, after in self._t.attached_scales:
                if letters == word and after.match(text[end + glued.end() : e]):
                    end, scale = end + glued.end(), factor
        plain = raw.isdigit() and scale == 1.0
        return _Num(i, end, value * scale, False, scale, plain=plain)

    def _spelled(self, text: str, i: int, s: int, e: int) -> _Num | None:
        """Spelled-out numbers: "two", "twenty-five", "half a million", "a dozen"."""
        t = self._t
        total = current = 0.0
        pos, end, prev = i, i, ""
        weak, fraction, scale = True, False, 1.0
        while (m := _WORD.match(text, pos, e)) is not None and (pos == i or m.start(1) > pos):
            w = m.group(1).lower()
            nxt = _WORD.match(text, m.end(), e)
            nw = nxt.group(1).lower() if nxt else ""
            if (
                w in ("a", "an")
                and prev in ("", "frac")
                and (nw in t.scales or nw in t.multipliers or (prev == "" and nw in t.fractions))
            ):
                kind = "a"
            elif (
                w in t.cardinals
                and prev in ("", "tens", "and")
                and (prev != "tens" or t.cardinals[w] < 10)
            ):
                current += t.cardinals[w]
                kind = "tens" if t.cardinals[w] >= 20 and t.cardinals[w] % 10 == 0 else "card"
                weak = weak and w in t.weak
            elif w in t.multipliers and prev in ("a", "card", "tens"):
                current, kind, weak = (current or 1.0) * t.multipliers[w], "mult", False
            elif w in t.fractions and (
                prev in ("a", "card") or (prev == "" and w in t.standalone_fractions)
            ):
                if prev == "" and self._word_before(text, i, s) in t.not_after_fraction:
                    return None
                current, kind, fraction, weak = (
                    (current or 1.0) * t.fractions[w],
                    "frac",
                    True,
                    False,
                )
            elif w in t.scales and prev in ("a", "card", "tens", "mult", "frac"):
                total += (current or 1.0) * t.scales[w]
                current, kind, weak, fraction, scale = 0.0, "scale", False, False, t.scales[w]
            elif w == "and" and prev == "mult" and nw in t.cardinals:
                kind = "and"
            else:
                break
            prev, pos = kind, m.end()
            if kind not in ("a", "and"):
                end = m.end()
        value = total + current
        if end == i or value <= 0:
            return None
        if text[i].isupper() and not self._sentence_start(text, i, s):
            return None  # "Formula One", "the Big Three"
        return _Num(i, end, value, True, scale, weak=weak, fraction=fraction)

    # --- junk ---------------------------------------------------------------------

    def _is_junk(self, text: str, n: _Num, s: int, e: int, in_range: bool = False) -> bool:
        """Names, models, dates, times, ordinals and labels are not quantities."""
        t = self._t
        before = text[max(s, n.start - 24) : n.start]
        if t.month_before.search(before) or t.month_after.match(text, n.end, e):
            return True
        if n.spelled:
            return False
        if re.search(r"(?:[A-Za-z][-–]|[#/@'’:])$", before) or (
            not in_range and re.search(r"\d[ \t]*[-–/][ \t]*$", before)
        ):
            return True  # F-35, COVID-19, #3, 24/7, '90s, the 25 of "3-25"
        after = text[n.end : e]
        if re.match(r"[/:]\d|\.\d", after) or t.time_re.match(after):
            return True  # 9/11, 10:30, 1.2.3, 2.15pm, 10 a.m.
        letters = re.match(r"[A-Za-z]+", after)
        if letters and n.scaled == 1.0:
            glued = letters.group()
            if glued.lower() not in t.attached or (len(glued) == 1 and glued.isupper()):
                return True  # 5G, 3D, 1990s, 18th
        word = self._word_before(text, n.start, s)
        return word in t.name_prefixes or (word + ".") in t.name_prefixes

    def _year_like(self, n: _Num) -> bool:
        lo, hi = self._t.years
        return n.plain and n.end - n.start == 4 and lo <= n.value <= hi

    @staticmethod
    def _word_before(text: str, i: int, s: int) -> str:
        m = re.search(r"([A-Za-z]+)\.?[ \t]*$", text[max(s, i - 30) : i])
        return m.group(1).lower() if m else ""

    @staticmethod
    def _sentence_start(text: str, i: int, s: int) -> bool:
        return not text[s:i].strip(" \t\"'“‘(")

    # --- units --------------------------------------------------------------------

    def _read(
        self, text: str, n: _Num, s: int, e: int, inherit: _Read | None = None
    ) -> _Read | None:
        """Attach a unit to ``n``; ``inherit`` supplies it for the first end of a range."""
        t = self._t
        conf = 0.75 if n.spelled else 0.9
        pm = t.prefix_re.search(text, max(s, n.start - 8), n.start)
        if pm is not None:
            code = pm.group().strip()
            unit = t.prefixes[code]
            conf = min(conf, t.prefix_confidence.get(code, 1.0))
            return self._make(n, pm.start(), n.end, unit, "currency", conf, True)
        if (m := t.points_re.match(text, n.end, e)) is not None:
            return _Read(n, n.start, m.end(), "percentage point", "percentage-point",
                         "percentage point", 1.0, conf, True)  # fmt: skip
        if (m := t.percent_re.match(text, n.end, e)) is not None:
            return _Read(n, n.start, m.end(), "percentage", "percentage", "percentage", 1.0,
                         conf, True)  # fmt: skip
        if inherit is not None:
            return replace(inherit, num=n, start=n.start, end=n.end, own_unit=False)
        if n.fraction:
            follower = re.match(r"[ \t]+([A-Za-z]+)", text[n.end : e])
            if not follower or follower.group(1).lower() not in t.fraction_followers:
                return None
            return _Read(n, n.start, n.end, "fraction", "percentage", "percentage", 100.0, 0.7,
                         True)  # fmt: skip
        found = self._unit(text, n, s, e)
        if found is None:
            return None
        unit, entity, end, conf2 = found
        if unit == "dimensionless":
            return self._count(text, n, s, e, min(conf, 0.6))
        dim = t.dimensions.get(entity, entity.replace(" ", "-"))
        if unit in t.currencies:
            dim = "currency"
        elif unit in t.base_units:
            dim = t.base_units[unit][2]
        if dim is None or (self._year_like(n) and dim in ("count", "time")):
            return None
        return self._make(n, n.start, end, unit, dim, min(conf, conf2), True)

    def _make(
        self, n: _Num, start: int, end: int, unit: str, dim: str, conf: float, own: bool
    ) -> _Read:
        base, factor = unit, 1.0
        if unit in self._t.currencies:
            base = self._t.currencies[unit]
        elif unit in self._t.base_units:
            base, factor, _ = self._t.base_units[unit]
        return _Read(n, start, end, unit, dim, base, factor, conf, own)

    def _unit(self, text: str, n: _Num, s: int, e: int) -> tuple[str, str, int, float] | None:
        """Ask quantulum3 for the unit after ``n``: (unit, entity, end, confidence)."""
        t = self._t
        tail = text[n.end : min(e, n.end + 48)]
        if (cut := _TAIL_CUT.search(tail)) is not None:
            tail = tail[: cut.start()]
        if (cut := t.tail_stop.search(tail)) is not None:
            tail = tail[: cut.start()]  # "40 degrees Celsius at" is not degree-ampere-turns
        first = re.match(r"[ \t]*-?[ \t]*([^\s\d]+)", tail)
        if not first or not self._may_be_unit(first.group(1).rstrip(".")):
            return "dimensionless", "dimensionless", n.end, 1.0
        try:
            parsed = _qparser.parse(_PLACEHOLDER + tail)
        except Exception:  # quantulum3 raises on odd input; a missed unit is no crash
            return "dimensionless", "dimensionless", n.end, 1.0
        q = next((q for q in parsed if q.span[0] == 0 and q.span[1] > 1), None)
        if q is None:
            return "dimensionless", "dimensionless", n.end, 1.0
        unit, entity = str(q.unit.name), str(q.unit.entity.name)
        surface = tail[: q.span[1] - 1].strip(" \t-").lower()
        if unit in t.junk_units:
            return None
        if unit == "dimensionless" or surface in t.junk_surfaces or not surface:
            return "dimensionless", "dimensionless", n.end, 1.0
        if entity == "unknown" and unit not in t.base_units and unit not in t.currencies:
            return None
        end = n.end + q.span[1] - 1
        unit, conf = self._disambiguate(text, n, end, unit, surface, s, e)
        return unit, entity, end, conf

    def _may_be_unit(self, word: str) -> bool:
        starts, symbols = self._t.unit_starts
        if word.lower() in starts:
            return True
        return any(word[:k] in symbols and word[k:] in symbols for k in range(1, len(word)))

    def _disambiguate(
        self, text: str, n: _Num, end: int, unit: str, surface: str, s: int, e: int
    ) -> tuple[str, float]:
        for amb in self._t.ambiguous:
            if unit not in amb.units or (amb.surface and not amb.surface.search(surface)):
                continue
            before, after = text[max(s, n.start - 60) : n.start], text[end:e]
            for rule in amb.rules:
                if (rule.before is None or rule.before.search(before)) and (
                    rule.after is None or rule.after.search(after)
                ):
                    return rule.unit, 0.85
            return unit, amb.confidence
        return unit, 1.0

    def _count(self, text: str, n: _Num, s: int, e: int, conf: float) -> _Read | None:
        """A bare number is a count only with a noun after it ("17 metals")."""
        if n.weak or self._year_like(n):
            return None
        m = re.match(r"[ \t]+([A-Za-z][A-Za-z'’]*)", text[n.end : e])
        if (m is None or m.group(1).lower() in self._t.count_stop) and n.scaled == 1.0:
            return None  # "2 million" alone still counts: a scale word marks a quantity
        prev = re.search(r"([A-Za-z]+)[ \t]*$", text[max(s, n.start - 30) : n.start])
        word = prev.group(1) if prev else ""
        if word[:1].isupper() and word.lower() not in self._t.name_exempt:
            return None  # "Boeing 737 jets", "Section 232 tariffs": a name
        if n.spelled and word.lower() in self._t.anaphoric:
            return None  # "the two nations" names them again, it does not count them
        return _Read(n, n.start, n.end, "dimensionless", "count", "dimensionless", 1.0, conf, True)

    # --- qualifiers ---------------------------------------------------------------

    def _hit(self, text: str, r: _Read, s: int, e: int) -> Hit | None:
        value = r.num.value
        base = value * r.factor
        if not (math.isfinite(value) and math.isfinite(base)) or r.end <= r.start:
            return None
        kind, lo, hi = "exact", 1.0, 1.0
        if (m := self._t.qual_before.search(text, max(s, r.start - 32), r.start)) is not None:
            kind, lo, hi = self._t.qualifiers[" ".join(m.group(1).lower().split())]
        elif (m := self._t.qual_after.match(text, r.end, e)) is not None:
            kind, lo, hi = self._t.qualifiers["+" + " ".join(m.group(1).lower().split())]
        low = base * lo
        high = math.inf if math.isinf(hi) else base * hi
        low, high = min(low, high), max(low, high)
        q = Quantity(value, r.unit, r.dimension, base, r.base_unit, low, high, kind)
        return Hit(r.start, r.end, q, r.confidence)


@functools.lru_cache(maxsize=1)
def _default_extractor() -> QuantityExtractor:
    # Immutable once built; shared so tests and the benchmark pay the table load once.
    return QuantityExtractor.from_rules()


def extract_quantities(text: str) -> list[Hit]:
    """Quantities in ``text`` with the shipped tables (for tests and the benchmark)."""
    return _default_extractor()(Context(text=text, sentences=sentences(text)))
