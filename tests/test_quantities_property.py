"""Properties that hold for any text: the extractor never raises, every hit points at a
real substring, and its values are finite with low <= high."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.align.measure import Measure, measure_of
from factcheck.extract.base import Context
from factcheck.extract.quantities import QuantityExtractor
from factcheck.extract.quantity_lexicon import Lexicon
from factcheck.extract.quantity_tables import Tables
from factcheck.extract.quantity_units import UnitRead, UnitReader
from factcheck.model import Quantity
from factcheck.text.spans import sentences

# Pieces that reach the extractor's branches: numbers, scales, units, qualifiers,
# range words, currency signs, dates and junk, glued together at random.
PIECES = [
    "0", "7", "12", "1,200", "3.5", "2023", "1e400", "9" * 40, ".5", "-", "–", "/", ":",
    "%", "per cent", "percent", "percentage points", "pc", "$", "US$", "€", "£", "¥", "Rs",
    "USD", "bn", "m", "k", "million", "billion", "trillion", "crore", "thousand", "tons",
    "tonnes", "pounds", "pounds of", "sterling", "km", "square miles", "TWh", "GW",
    "minutes", "degrees", "times", "a", "an", "one", "two", "twenty-five", "hundred",
    "and", "dozen", "half", "a third", "quarters", "to", "or", "between", "from", "rose",
    "nearly", "about", "up to", "more than", "at least", "or more", "+", "some", "the",
    "March", "May", "pm", "a.m.", "F-", "G", "th", "s", "troops", "of", "share", "Russia",
    "'s", ",", ".", "\n", " ", "(", ")", "“", "é", "\u00a0", "\t",
    # negative numbers, fractions, exponents, compounds and aliases
    "−", "-0.5", "½", "2½", "1/4", "2 1/2", "±", "+/-", "4e14", "1e-3", "x10", "×", "^", "2",
    "km2", "m³", "s-1", "C", "30C", "F", "K", "k", "b", "kb", "per", "/", "a barrel",
    "an ounce", "a year", "per kg", "/hour", "bcm", "bpd", "hectares", "hrs", "Wh", "l/km",
    "by", "- to", "a quarter", "a third round", "more", "MPs", "absolute zero", "°", "°C",
    "10 000", "in thick", "pound", "-pound bag", "weeks'",
]  # fmt: skip

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=25).map("".join),
    st.text(max_size=80),
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def extract() -> QuantityExtractor:
    return QuantityExtractor.from_rules()


@SETTINGS
@given(text=texts)
def test_hits_are_sound(extract: QuantityExtractor, text: str) -> None:
    ctx = Context(text=text, sentences=sentences(text))
    for hit in extract(ctx):
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end].strip() == text[hit.start : hit.end]
        q = hit.value
        assert isinstance(q, Quantity)
        assert math.isfinite(q.value) and math.isfinite(q.base_value)
        assert math.isfinite(q.low) and not math.isnan(q.high)
        assert q.low <= q.high
        assert q.qualifier in {"exact", "approx", "upper", "lower", "range"}
        assert 0.0 < hit.confidence <= 1.0
        measure = measure_of(text, hit.start, hit.end, q.dimension)
        assert measure.key.startswith(q.dimension + ":")


@SETTINGS
@given(text=texts, start=st.integers(-5, 100), length=st.integers(-5, 20))
def test_measure_never_raises(text: str, start: int, length: int) -> None:
    got = measure_of(text, start, start + length, "percentage")
    assert isinstance(got, Measure)
    assert got.key.startswith("percentage:")


# --- the lexicon reads a unit exactly as quantulum3 would -------------------------------

_TABLES = Tables.load(None)
FOLLOWERS = [
    " of", " per", " a", " an", " and", " to", " x", " times", " squared", " in", " by",
    " force", " sterling", " refrigeration", " day", " year", " hour", " m", " s", " h",
    " km", " kg", " tons", " metric", " steel", " wheat", " last", " said", " cash",
    " weigh", " arc", " Hg", " two", " half", ".", "’", "'", "-", "/", "x", "2", "²", "^",
    "s", "m", ",", " ", "  ", "\t", "–", "×", "&", "(", "’s", "'s",
]  # fmt: skip
windows = st.tuples(
    st.sampled_from(["", " ", " ", "-", "  "]),
    st.sampled_from([*_TABLES.lexicon.spellings, *_TABLES.lexicon.junk_words]),
    st.lists(st.sampled_from(FOLLOWERS), max_size=5).map("".join),
).map("".join)


@pytest.fixture(scope="module")
def readers() -> tuple[UnitReader, UnitReader]:
    plain = dataclasses.replace(_TABLES, lexicon=Lexicon.none(_TABLES.quantulum))
    return UnitReader(_TABLES), UnitReader(plain)


@SETTINGS
@given(tail=windows)
def test_lexicon_reads_units_as_quantulum3(
    readers: tuple[UnitReader, UnitReader], tail: str
) -> None:
    """Wherever the lexicon answers for quantulum3 (or defers to it), the unit read is
    the one quantulum3 alone gives: after a number, and as a price's denominator."""
    lexicon, quantulum = readers
    text = "7" + tail
    assert lexicon.read(text, 0, 1, 0, len(text)) == quantulum.read(text, 0, 1, 0, len(text))
    price = UnitRead("dollar", "currency", "dollar", 1.0, 2, 0.9)
    per = "$7 per " + tail.lstrip(" -")
    assert lexicon.per(per, 2, len(per), price) == quantulum.per(per, 2, len(per), price)
