"""Numbers as written in news copy.

Digits with their separators, sign, scale and fraction ("-0.5", "10 000", "$5bn", "2½",
"2 1/2", "4e14") and spelled numbers ("twenty-five", "half a million", "two and a half",
"a third"). Which words count, scale or divide is data from ``rules/units.yaml``; what
the number measures is decided by the extractor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum, auto

from factcheck.extract.quantity_tables import VULGAR, Tables

__all__ = ["Num", "NumberReader", "sentence_start", "word_before"]

_DIGITS = re.compile(
    # Indian grouping ("6,10,533", "1,00,000") and a slipped comma ("24,966218") are
    # read as the digits they hold; a reader sees one number, not "6" and "10,533".
    r"(?:(?:\d{1,3}(?:,\d{2})+,\d{3}(?![\d,])|\d{1,3},\d{6}(?![\d,])|\d{1,3}(?:,\d{3})+,\d{6}(?![\d,])"
    r"|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+)(?:\.\d+)?|\.\d+)"
    r"(?P<exp>[eE][-+−]?\d+(?!\w))?"
    rf"(?P<v>[{VULGAR}])?|(?P<lone>[{VULGAR}])"
)
# "2 1/2", "1/4": a slashed fraction, read only with a unit ("1/4 inch").
_SLASHED = re.compile(r"(?:[ \t]+(?P<num>\d{1,2}))?/(?P<den>\d{1,2})(?![\d/])")
_WORD = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z]+)")


class _Word(Enum):
    """What the last word read of a spelled-out number was: the state of ``_spelled``."""

    START = auto()  # nothing read yet
    ARTICLE = auto()  # "a"/"an" before a scale, multiplier or fraction ("a million")
    CARDINAL = auto()  # "two", "fifteen"
    TENS = auto()  # "twenty": a ones word may follow ("twenty-five")
    AND = auto()  # "and" after a multiplier, before a cardinal ("a dozen and two")
    MULTIPLIER = auto()  # "dozen", "score"
    FRACTION = auto()  # "half", "quarter"
    SCALE = auto()  # "million", "thousand"
    MIXED = auto()  # "and a half" after a whole number ("two and a half")


# A scale word ("million") follows any number word but "and".
_BEFORE_SCALE = frozenset(
    {_Word.ARTICLE, _Word.CARDINAL, _Word.TENS, _Word.MULTIPLIER, _Word.FRACTION, _Word.MIXED}
)
_SIGN_OPENERS = frozenset(" \t\n([{\"'“‘$€£¥₹₽")
_MINUS = "-−"


@dataclass(frozen=True, slots=True)
class Num:
    """A number as written: [start, end) covers the number and its own scale word."""

    start: int
    end: int
    value: float
    spelled: bool
    scaled: float  # the scale factor written with it, 1.0 if none
    weak: bool = False  # "one"/"a" alone: a quantity only with a unit or scale
    fraction: bool = False
    plain: bool = False  # bare digits without separators: may be a year
    frac_word: str = ""  # the fraction word of a spelled fraction ("third")
    article: bool = False  # spelled with "a"/"an" ("a third")
    slashed: bool = False  # "1/4", "2 1/2": a quantity only with a unit


class NumberReader:
    """Reads the number at a position with one set of tables."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def number(self, text: str, i: int, s: int, e: int, floor: int) -> Num | None:
        """The number starting at ``i``; a minus sign before it counts from ``floor`` on."""
        start, negative = i, False
        if i + 1 < e and text[i] in _MINUS and (text[i + 1].isdigit() or text[i + 1] == "."):
            start, negative, i = i, True, i + 1  # "to -34 °C"
        m = _DIGITS.match(text, i, e)
        if m is None:
            return None if negative else self._spelled(text, i, s, e)
        if (
            not negative
            and i - 1 >= max(s, floor)
            and text[i - 1] in _MINUS
            and (i - 2 < s or text[i - 2] in _SIGN_OPENERS)
        ):
            start, negative = i - 1, True  # "-10C", "$-99.99", "rates of -0.5%"
        if m.group("lone"):
            value = unicodedata.numeric(m.group("lone"))
            return Num(start, m.end(), -value if negative else value, False, 1.0, fraction=True)
        raw = m.group()[: m.start("v") - m.start()] if m.group("v") else m.group()
        try:
            value = float(re.sub(r"[,\s]", "", raw).replace("−", "-"))
        except ValueError:
            return None
        if m.group("v"):
            value += unicodedata.numeric(m.group("v"))
        end, scale, slashed = m.end(), 1.0, False
        if raw.isdigit() and not m.group("v") and (sl := _SLASHED.match(text, end, e)):
            num = int(sl.group("num") or raw)
            den = int(sl.group("den"))
            if 0 < num < den and den in self._t.slash_denominators:
                value = (value if sl.group("num") else 0.0) + num / den
                end, slashed = sl.end(), True
        sm = self._t.scale_re.match(text, end, e)
        if sm is not None and "," in raw and len(re.sub(r"\D", "", raw)) >= 7:
            sm = None  # "8,794,726 million": every digit is written; the scale is a slip
        if sm is not None:
            end, scale = sm.end(), self._t.scales[sm.group(1).lower()]
        elif (glued := re.match(r"([A-Za-z]+)\b", text[end:e])) is not None:
            letters = glued.group(1).lower()
            if letters in self._t.currency_scales and self._t.prefix_re.search(
                text, max(s, start - 8), start
            ):
                end, scale = end + glued.end(), self._t.currency_scales[letters]
            for word, factor, after in self._t.attached_scales:
                if letters == word and after.match(text[end + glued.end() : e]):
                    end, scale = end + glued.end(), factor
        plain = raw.isdigit() and scale == 1.0 and not negative and not slashed
        value *= scale
        return Num(start, end, -value if negative else value, False, scale, plain=plain,
                    slashed=slashed)  # fmt: skip

    def _spelled(self, text: str, i: int, s: int, e: int) -> Num | None:
        """Spelled-out numbers: "two", "twenty-five", "half a million", "a dozen",
        "two and a half"."""
        t = self._t
        total = current = 0.0
        pos, end, prev = i, i, _Word.START
        weak, fraction, scale, frac_word, article = True, False, 1.0, "", False
        while (m := _WORD.match(text, pos, e)) is not None and (pos == i or m.start(1) > pos):
            w = m.group(1).lower()
            nxt = _WORD.match(text, m.end(), e)
            nw = nxt.group(1).lower() if nxt else ""
            after = _WORD.match(text, nxt.end(), e) if nxt else None
            nnw = after.group(1).lower() if after else ""
            if (
                w in ("a", "an")
                and prev in (_Word.START, _Word.FRACTION)
                and (
                    nw in t.scales
                    or nw in t.multipliers
                    or (prev is _Word.START and nw in t.fractions)
                )
            ):
                kind, article = _Word.ARTICLE, article or prev is _Word.START
            elif (
                w in t.cardinals
                and prev in (_Word.START, _Word.TENS, _Word.AND)
                and (prev is not _Word.TENS or t.cardinals[w] < 10)
            ):
                current += t.cardinals[w]
                kind = (
                    _Word.TENS
                    if t.cardinals[w] >= 20 and t.cardinals[w] % 10 == 0
                    else _Word.CARDINAL
                )
                weak = weak and w in t.weak
            elif w in t.multipliers and prev in (_Word.ARTICLE, _Word.CARDINAL, _Word.TENS):
                current, kind, weak = (current or 1.0) * t.multipliers[w], _Word.MULTIPLIER, False
                fraction = False  # "half a dozen" is six, not a share
            elif w in t.fractions and (
                prev in (_Word.ARTICLE, _Word.CARDINAL)
                or (prev is _Word.START and w in t.standalone_fractions)
            ):
                if prev is _Word.START and word_before(text, i, s) in t.not_after_fraction:
                    return None
                current, kind, fraction, weak, frac_word = (
                    (current or 1.0) * t.fractions[w],
                    _Word.FRACTION,
                    True,
                    False,
                    w,
                )
            elif w in t.scales and prev in _BEFORE_SCALE:
                total += (current or 1.0) * t.scales[w]
                current, kind, weak, fraction, scale = 0.0, _Word.SCALE, False, False, t.scales[w]
            elif (
                w == "and"
                and prev in (_Word.CARDINAL, _Word.TENS, _Word.MULTIPLIER)
                and nw in ("a", "an")
                and nnw in t.fractions
                and after is not None
            ):
                current += t.fractions[nnw]  # "two and a half"
                prev, pos = _Word.MIXED, after.end()
                end, weak = after.end(), False
                continue
            elif w == "and" and prev is _Word.MULTIPLIER and nw in t.cardinals:
                kind = _Word.AND
            else:
                break
            prev, pos = kind, m.end()
            if kind not in (_Word.ARTICLE, _Word.AND):
                end = m.end()
        value = total + current
        if end == i or value <= 0:
            return None
        if text[i].isupper() and not sentence_start(text, i, s):
            return None  # "Formula One", "the Big Three"
        return Num(i, end, value, True, scale, weak=weak, fraction=fraction,
                    frac_word=frac_word, article=article)  # fmt: skip


def word_before(text: str, i: int, s: int) -> str:
    m = re.search(r"([A-Za-z]+)\.?[ \t]*$", text[max(s, i - 30) : i])
    return m.group(1).lower() if m else ""


def sentence_start(text: str, i: int, s: int) -> bool:
    return not text[s:i].strip(" \t\"'“‘(")
