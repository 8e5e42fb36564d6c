"""Quantities: numbers with their units, qualifiers and ranges.

quantulum3 knows thousands of units but is slow (about 10 KB/s) and reads junk into
plain prose ("a key" becomes 1000 exayears). So it never sees an article: a regex pass
finds the few places that can hold a number (digits, number words), the number and its
scale are read (``quantity_numbers``), a currency sign, a percent sign and any range are
read here, and quantulum3 is asked only about the unit, on a window of a few words after
the number (``quantity_units``). Every decision that is data (qualifier bounds, scale words,
currencies, junk patterns, ambiguous units) comes from ``rules/units.yaml``
(``quantity_tables``).

A hit's span covers what a reader would quote: the qualifier ("nearly 60%", "60% or
more"), the currency sign, the unit, and for a range both ends ("between 5 and 7
million tons", "$10 billion to $20 billion").
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from factcheck.extract.base import Context, Hit
from factcheck.extract.quantity_numbers import Num, NumberReader, word_before
from factcheck.extract.quantity_tables import Tables
from factcheck.extract.quantity_units import UnitRead, UnitReader
from factcheck.model import FactType, Quantity, Span
from factcheck.text.spans import sentences

__all__ = ["QuantityExtractor", "extract_quantities"]


@dataclass(frozen=True, slots=True)
class _Read:
    """A number with its unit read, before qualifiers are applied."""

    num: Num
    start: int  # including a currency sign
    end: int  # including the unit
    unit: str
    dimension: str
    base_unit: str
    factor: float
    confidence: float
    own_unit: bool  # the unit was written with this number (not inherited in a range)


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")


class QuantityExtractor:
    """Finds quantities in an article; see the module docstring for how."""

    name = "quantities"
    version = "2"
    produces = FactType.QUANTITY

    def __init__(self, tables: Tables) -> None:
        self._t = tables
        tally = "|".join(re.escape(w) for w in tables.tally_nouns) or "(?!)"
        # What comes before a bare number that counts: "stood at 12", "a majority of 14".
        self._counted_before = re.compile(
            r"(?:\b(?:is|was|were|are|stand at|stands at|stood at|to|of which|poll|polled"
            rf"|(?:{tally}) of"
            r"|secured|the)|:)\s*$"
        )
        self._units = UnitReader(tables)
        self._numbers = NumberReader(tables)
        if tables.version != 1:  # an edited table changes results: new cache key
            self.version = f"2.r{tables.version}"

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> QuantityExtractor:
        """Build the extractor from ``rules_dir/units.yaml`` (default: shipped rules)."""
        return cls(Tables.load(rules_dir))

    def __call__(self, ctx: Context) -> list[Hit]:
        spans = ctx.sentences or ((Span(0, len(ctx.text)),) if ctx.text else ())
        hits: list[Hit] = []
        for span in spans:
            end = min(span.end, len(ctx.text))
            found = self._scan(ctx.text, span.start, end)
            ages = _ages(ctx.text, span.start, end, self._t.calendar)
            if ages:
                found = [
                    h for h in found if not any(a.start < h.end and h.start < a.end for a in ages)
                ]
                found = sorted([*found, *ages], key=lambda h: h.start)
            hits.extend(found)
        return hits

    # --- scanning -----------------------------------------------------------------

    def _scan(self, text: str, s: int, e: int) -> list[Hit]:
        hits: list[Hit] = []
        pos = s
        while (m := self._t.anchor.search(text, pos, e)) is not None:
            if m.group("n"):
                found, pos = self._named(text, m, s, e)
            else:
                found, pos = self._at(text, m.start(), s, e)
            hits.extend(found)
            pos = max(pos, m.end())
        return hits

    def _named(self, text: str, m: re.Match[str], s: int, e: int) -> tuple[list[Hit], int]:
        """ "absolute zero": a quantity named by words."""
        value, unit, dim = self._t.named[" ".join(m.group().lower().split())]
        num = Num(m.start(), m.end(), value, True, 1.0)
        hit = self._hit(text, _Read(num, m.start(), m.end(), unit, dim, unit, 1.0, 0.9, True), s, e)
        return ([hit] if hit else []), m.end()

    def _at(self, text: str, i: int, s: int, e: int) -> tuple[list[Hit], int]:
        """Read the quantity (or range) whose number starts at ``i``."""
        t = self._t
        a = self._numbers.number(text, i, s, e, s)
        if a is None:
            return [], i + 1
        if self._is_junk(text, a, s, e):
            nxt = t.connector_re.match(text, a.end, e)
            skip = (
                self._numbers.number(text, nxt.end(), s, e, nxt.end())
                if nxt and not nxt.group(2)
                else None
            )
            return [], (skip.end if skip else a.end)  # "March 24-25": both days
        if (ratio := t.ratio_re.match(text, a.end, e)) is not None:
            b = self._numbers.number(text, ratio.end(), s, e, ratio.end())
            if (
                b is not None
                and not (self._is_junk(text, b, s, e) or self._year_like(b) or b.scaled != 1.0)
                and 0 < a.value < b.value
            ):
                return self._ratio(text, a, b, s, e), b.end  # "one in five adults"
        if (pm := t.plus_minus_re.match(text, a.end, e)) is not None:
            found = self._plus_minus(text, a, pm.end(), s, e)
            if found is not None:
                return found
        pct = t.points_re.match(text, a.end, e) or t.percent_re.match(text, a.end, e)
        conn = t.connector_re.match(text, pct.end() if pct else a.end, e)
        if conn is not None:
            pair = self._range(text, a, None, conn, s, e)
            if pair is not None:
                return pair
        read = self._read(text, a, s, e)
        if read is None:
            return [], a.end
        if self._names_a_tenor(text, a, read, e):
            return [], read.end  # "the 10-year yield": a kind of bond, not a duration
        if read.end > a.end and not pct and (conn := t.connector_re.match(text, read.end, e)):
            pair = self._range(text, a, read, conn, s, e)  # "44 mg to 50 mg"
            if pair is not None:
                return pair
        hit = self._hit(text, read, s, e)
        return ([hit] if hit else []), read.end

    # --- ranges ---------------------------------------------------------------------

    def _range(
        self, text: str, a: Num, ra: _Read | None, conn: re.Match[str], s: int, e: int
    ) -> tuple[list[Hit], int] | None:
        """ "18 to 25 percent", "between 5 and 7 million tons", "44 mg to 50 mg", and
        "rose from 5% to 7%" (a change: two values). ``ra`` is the first end when its unit
        was written with it; otherwise it inherits the second end's unit and scale."""
        t = self._t
        sign = t.prefix_fwd.match(text, conn.end(), e)  # "$10 to $20 billion"
        at = sign.end() if sign else conn.end()
        b = self._numbers.number(text, at, s, e, at)
        if b is None or self._is_junk(text, b, s, e, in_range=True):
            return None
        rb = self._read(text, b, s, e)
        if rb is None or (ra is not None and (not rb.own_unit or rb.unit != ra.unit)):
            return None
        words_before = re.findall(r"[A-Za-z]+", text[max(s, a.start - 40) : a.start].lower())
        is_between = bool(words_before) and words_before[-1] in t.between
        word = " ".join((conn.group(1) or conn.group(2) or "").lower().split())
        if conn.group(2) and not is_between:
            # "45 and 50 mg": two values, the first taking the second's unit.
            if ra is not None or self._year_like(a) or self._year_like(b):
                return None
            first = self._inherit(text, a, rb, s, e)
            if first is None or first.own_unit:
                return None
            return [
                h for h in (self._hit(text, first, s, e), self._hit(text, rb, s, e)) if h
            ], rb.end
        if ra is None:
            ra = self._inherit(text, a, rb, s, e)
            if ra is None or (ra.own_unit and ra.unit != rb.unit):
                return None
        if rb.dimension in ("count", "time") and (self._year_like(a) or self._year_like(b)):
            return [], rb.end  # "2020-2023", "from 2020 to 2023 years"
        if (
            word == "to"
            and t.change_words & set(words_before[-3:])
            and not (words_before and words_before[-1] in t.range_after_change)
        ):
            # A change, not a range: two values of the same unit.
            hits = [h for h in (self._hit(text, ra, s, e), self._hit(text, rb, s, e)) if h]
            return hits, rb.end
        lo_v, hi_v = ra.num.value, rb.num.value
        if not lo_v < hi_v:
            if not (hi_v < lo_v < 0):
                return None  # "won 5 to 2" is a score; "-18 to -34" runs downwards
            lo_v, hi_v = hi_v, lo_v
        lo, hi = lo_v * ra.factor, hi_v * rb.factor
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return [], rb.end
        start = ra.start
        if is_between and conn.group(2):
            found = list(re.finditer(r"[A-Za-z]+", text[max(s, a.start - 40) : a.start]))
            start = max(s, a.start - 40) + found[-1].start()
        q = Quantity(ra.num.value, rb.unit, rb.dimension, ra.num.value * ra.factor, rb.base_unit,
                     lo, hi, "range")  # fmt: skip
        return [Hit(start, rb.end, q, min(ra.confidence, rb.confidence))], rb.end

    def _inherit(self, text: str, a: Num, rb: _Read, s: int, e: int) -> _Read | None:
        """The first end of a range, with the second end's scale ("10 to 20 billion")."""
        if a.scaled == 1.0 and rb.num.scaled != 1.0:
            a = replace(a, value=a.value * rb.num.scaled, scaled=rb.num.scaled)
        return self._read(text, a, s, e, inherit=rb)

    def _plus_minus(
        self, text: str, a: Num, at: int, s: int, e: int
    ) -> tuple[list[Hit], int] | None:
        """ "2,000.45±0.01 pounds": the value and its uncertainty, as a range."""
        b = self._numbers.number(text, at, s, e, at)
        if b is None or b.spelled or self._is_junk(text, b, s, e, in_range=True):
            return None
        rb = self._read(text, b, s, e)
        if rb is None or rb.unit == "dimensionless":
            return None
        ra = self._inherit(text, a, rb, s, e)
        if ra is None or ra.unit != rb.unit:
            return None
        mid, delta = ra.num.value * ra.factor, abs(b.value) * rb.factor
        if not (math.isfinite(mid) and math.isfinite(delta)):
            return [], rb.end
        q = Quantity(ra.num.value, rb.unit, rb.dimension, mid, rb.base_unit, mid - delta,
                     mid + delta, "range")  # fmt: skip
        return [Hit(ra.start, rb.end, q, min(ra.confidence, rb.confidence))], rb.end

    def _ratio(self, text: str, a: Num, b: Num, s: int, e: int) -> list[Hit]:
        share = replace(a, value=a.value / b.value, end=b.end, spelled=a.spelled or b.spelled)
        read = _Read(share, a.start, b.end, "fraction", "percentage", "percentage", 100.0,
                     0.7, True)  # fmt: skip
        hit = self._hit(text, read, s, e)
        return [hit] if hit else []

    # --- numbers ------------------------------------------------------------------

    # --- junk ---------------------------------------------------------------------

    def _is_junk(self, text: str, n: Num, s: int, e: int, in_range: bool = False) -> bool:
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
        if t.scientific_after.search(after) or t.scientific_before.search(before):
            return True  # "2.48×10−5", "8x2^10"
        if n.plain and n.end - n.start == 4 and t.four_digit_time_re.match(after):
            return True  # "0600 hrs"
        if re.fullmatch(r"\d{1,2}\.\d\d", text[n.start : n.end]) and t.clock_time_re.match(after):
            return True  # "18.55 Hrs", "7.20 IST": an hour and minutes
        letters = re.match(r"[A-Za-z]+", after)
        if letters and n.scaled == 1.0 and not self._units.glued_alias(after):
            glued = letters.group()
            if glued.lower() not in t.attached or (len(glued) == 1 and glued.isupper()):
                return True  # 5G, 3D, 1990s, 18th
        word = word_before(text, n.start, s)
        return word in t.name_prefixes or (word + ".") in t.name_prefixes

    def _names_a_tenor(self, text: str, n: Num, read: _Read, e: int) -> bool:
        """A duration joined to its number by a hyphen ("10-year") before a noun it names
        a kind of ("yield", "bonds", "mortgage") or a record it qualifies ("a 12-year
        high"): ``tenor_nouns`` in units.yaml."""
        if read.dimension != "time" or text[n.end : n.end + 1] not in ("-", "–"):
            return False
        m = _NEXT_WORD.match(text, read.end, e)
        return m is not None and m.group(1).lower() in self._t.tenor_nouns

    def _year_like(self, n: Num) -> bool:
        lo, hi = self._t.years
        return n.plain and n.end - n.start == 4 and lo <= n.value <= hi

    def _after_name(self, text: str, n: Num, s: int) -> bool:
        """Whether the word before ``n`` is a name (capitalised, "iPhone"), not a
        sentence-initial or function word ("The", "Some")."""
        prev = re.search(r"([A-Za-z]+)[ \t]*$", text[max(s, n.start - 30) : n.start])
        word = prev.group(1) if prev else ""
        return word.lower() not in self._t.name_exempt and word != word.lower()

    # --- units --------------------------------------------------------------------

    def _read(
        self, text: str, n: Num, s: int, e: int, inherit: _Read | None = None
    ) -> _Read | None:
        """Attach a unit to ``n``; ``inherit`` supplies it for the first end of a range."""
        t = self._t
        conf = 0.75 if n.spelled else 0.9
        pm = t.prefix_re.search(text, max(s, n.start - 8), n.start)
        if pm is not None:
            code = pm.group().strip()
            price = UnitRead(t.prefixes[code], "currency", t.currencies[t.prefixes[code]], 1.0,
                             n.end, min(conf, t.prefix_confidence.get(code, 1.0)))  # fmt: skip
            return self._make(n, pm.start(), self._units.per(text, n.end, e, price))
        if (m := t.points_re.match(text, n.end, e)) is not None:
            return _Read(n, n.start, m.end(), "percentage point", "percentage-point",
                         "percentage point", 1.0, conf, True)  # fmt: skip
        if (m := t.percent_re.match(text, n.end, e)) is not None:
            return _Read(n, n.start, m.end(), "percentage", "percentage", "percentage", 1.0,
                         conf, True)  # fmt: skip
        if inherit is not None:
            return replace(inherit, num=n, start=n.start, end=n.end, own_unit=False)
        if n.fraction and not n.slashed:
            return self._fraction(text, n, s, e)
        found = self._units.read(text, n.start, n.end, s, e)
        if found is None:
            return None
        if found.is_count:
            return None if n.slashed else self._count(text, n, s, e, min(conf, 0.6))
        if found.letter and self._after_name(text, n, s):
            return None  # "the iPhone 5C" is a model, not five degrees
        if found.dimension == "currency":
            found = self._units.per(text, found.end, e, found)
        if self._year_like(n) and found.dimension in ("count", "time"):
            return None
        return self._make(n, n.start, replace(found, confidence=min(conf, found.confidence)))

    def _make(self, n: Num, start: int, u: UnitRead) -> _Read:
        return _Read(n, start, u.end, u.unit, u.dimension, u.base_unit, u.factor, u.confidence,
                     True)  # fmt: skip

    def _fraction(self, text: str, n: Num, s: int, e: int) -> _Read | None:
        """ "a third of", "half the", "a third stays" are shares; "a quarter mile" and
        "one-half miles" measure a unit; "a third round" and "a fifth day" are ordinals."""
        t = self._t
        follower = re.match(r"[ \t]*(?:([A-Za-z]+)|([^\sA-Za-z\d])|$)", text[n.end : e])
        if follower is None:
            share = False
        elif (word := (follower.group(1) or "").lower()) in t.weak and not n.article:
            return self._fraction_of_one(text, n, n.end + follower.end(1), s, e)
        elif word != "":
            # After "a third" a plural is impossible, so a word ending in -s or -ed is a
            # verb; after "half" or "two thirds" it may be a noun ("half measures").
            share = word in t.fraction_followers or (
                n.article
                and word.endswith(t.verb_endings)
                and not word.endswith(t.noun_endings)
                and not (word.endswith("ed") and len(word) <= 4)
            )
        else:
            share = (follower.group(2) or ".") in ",.;:!?)]—–\"”'’"
        if share and word_before(text, n.start, s) in t.anaphoric:
            return None  # "the two halves" of a match, "the first half": parts, not shares
        if share:
            return _Read(n, n.start, n.end, "fraction", "percentage", "percentage", 100.0, 0.7,
                         True)  # fmt: skip
        if n.article and n.frac_word in t.ordinal_fractions:
            return None
        found = self._units.read(text, n.start, n.end, s, e)
        if found is None or found.is_count or found.dimension == "currency":
            return None
        return self._make(n, n.start, replace(found, confidence=min(0.75, found.confidence)))

    def _fraction_of_one(self, text: str, n: Num, at: int, s: int, e: int) -> _Read | None:
        """ "half a mile", "half an hour", "half a percentage point" measure a unit; "half a
        point" or "half a country" are not shares either."""
        if (m := self._t.points_re.match(text, at, e)) is not None:
            return _Read(n, n.start, m.end(), "percentage point", "percentage-point",
                         "percentage point", 1.0, 0.75, True)  # fmt: skip
        found = self._units.read(text, n.start, at, s, e)
        if found is None or found.is_count or found.dimension == "currency":
            return None
        return self._make(n, n.start, replace(found, confidence=min(0.75, found.confidence)))

    def _count(self, text: str, n: Num, s: int, e: int, conf: float) -> _Read | None:
        """A bare number is a count only with a noun after it ("17 metals")."""
        t = self._t
        if n.weak or self._year_like(n):
            return None
        m = re.match(r"[ \t]+([A-Za-z][A-Za-z'’]*)", text[n.end : e])
        noun = m.group(1).lower() if m else ""
        if m is not None and noun in t.count_bridges:
            bridge = n.end + m.end()  # "32 more F-35 jets"
            nxt = re.match(r"[ \t]+([A-Za-z][A-Za-z'’-]*)", text[bridge:e])
            if nxt is None or nxt.group(1).lower() in t.count_stop:
                m = None  # "32 more than last year"
            elif not ((u := self._units.read(text, n.start, bridge, s, e)) and u.is_count):
                return None  # "3 more years": not a count, and not read here
        elif m is not None and noun in t.count_stop:
            m = None
        if m is None and n.scaled == 1.0:
            # A bare number counts what the sentence names around it ("rejected votes
            # were 939,278", "the 16 are laboratory confirmed"): the frame reader in
            # align/ finds the noun, so it is kept at a lower confidence. A number that
            # starts a name ("the 12841 Coromandel Express") or is spelled as a word
            # without a noun ("said two") stays out.
            if self._names_follow(text, n.end, e) or not self._stands_for_noun(text, n, s, e):
                return None
            conf = min(conf, 0.55)
        if self._after_name(text, n, s):
            return None  # "Boeing 737 jets", "Section 232 tariffs": a name
        if n.spelled and word_before(text, n.start, s) in t.anaphoric:
            return None  # "the two nations" names them again, it does not count them
        return _Read(n, n.start, n.end, "dimensionless", "count", "dimensionless", 1.0, conf, True)

    def _stands_for_noun(self, text: str, n: Num, s: int, e: int) -> bool:
        """ "of which five were", "four are confirmed while": a spelled number standing
        for a noun counted just before it."""
        before = text[max(s, n.start - 16) : n.start].lower()
        after = text[n.end : min(e, n.end + 8)].lower()
        if n.spelled:
            # "of which five were", "four are confirmed", "five of the deceased patients"
            return (
                before.rstrip().endswith("of which")
                or re.match(r"\s+(?:are|were|of\s+the)\b", after) is not None
            )
        if re.match(r"\s+(?:more|fewer|less|than|times|of|in)\b", after):
            return False  # "32 more than last year", "12 in the raid": not a count
        if re.search(r"[\d^×x]\s*(?:to\s*)?$", before):
            return False  # "won 5 to 2", "8x2^10": a score or a formula
        return (
            self._counted_before.search(before) is not None
            or re.match(r"\s+(?:are|were|voted)\b", after) is not None
        )

    @staticmethod
    def _names_follow(text: str, end: int, e: int) -> bool:
        """Whether a name follows the number: "12841 UP Shalimar-Chennai", "12864
        Bengaluru-Howrah Express": the number is part of it. A capitalised adjective
        before a noun ("22 Indian crew members") is not a name."""
        m = re.match(r"[ \t]+([A-Z][A-Za-z'’-]*)(?:[ \t]+([A-Za-z]+))?", text[end:e])
        return m is not None and not (m.group(2) or "x")[:1].islower()

    # --- qualifiers ---------------------------------------------------------------

    def _hit(self, text: str, r: _Read, s: int, e: int) -> Hit | None:
        value = r.num.value
        base = value * r.factor
        if not (math.isfinite(value) and math.isfinite(base)) or r.end <= r.start:
            return None
        kind, lo, hi = "exact", 1.0, 1.0
        start, end = r.start, r.end
        if (m := self._t.qual_before.search(text, max(s, r.start - 32), r.start)) is not None:
            kind, lo, hi = self._t.qualifiers[" ".join(m.group(1).lower().split())]
            start = m.start(1)
        elif (m := self._t.qual_after.match(text, r.end, e)) is not None:
            kind, lo, hi = self._t.qualifiers["+" + " ".join(m.group(1).lower().split())]
            end = m.end(1)
        low = base * lo
        high = math.inf if math.isinf(hi) else base * hi
        low, high = min(low, high), max(low, high)
        q = Quantity(value, r.unit, r.dimension, base, r.base_unit, low, high, kind)
        return Hit(start, end, q, r.confidence)


# "40-year-old Miguel Luna", "he is 40 years old", "Miguel Luna, 49, a father of two":
# a person's age, a figure news copy states and other copy contradicts.
_AGE = re.compile(r"\b(\d{1,3})(?:-|\s)years?(?:-|\s)old\b", re.I)
_AGE_APPOSITIVE = re.compile(
    r"\b[A-Z][a-z]+ [A-Z][a-z]+, (\d{1,3})(?=,|\s+(?:is|was|of|from|and|who|had|has)\b|\)|\.)"
)


def _ages(text: str, s: int, e: int, calendar: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    for pattern in (_AGE, _AGE_APPOSITIVE):
        for m in pattern.finditer(text, s, e):
            years = float(m.group(1))
            if not 0 < years < 130:
                continue
            start = m.start() if pattern is _AGE else m.start(1)
            if (
                pattern is _AGE_APPOSITIVE
                and text[m.start() : m.start(1)].split(",")[0].split()[-1].lower() in calendar
            ):
                continue
            q = Quantity(years, "year", "age", years, "year", years, years, "exact")
            hits.append(Hit(start, m.end() if pattern is _AGE else m.end(1), q, 0.8))
    return hits


@functools.lru_cache(maxsize=1)
def _default_extractor() -> QuantityExtractor:
    # Immutable once built; shared so tests and the benchmark pay the table load once.
    return QuantityExtractor.from_rules()


def extract_quantities(text: str) -> list[Hit]:
    """Quantities in ``text`` with the shipped tables (for tests and the benchmark)."""
    return _default_extractor()(Context(text=text, sentences=sentences(text)))
