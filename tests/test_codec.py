"""The Mention codec: exact round trips, and CodecError (never anything else) on bad data."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import json
import math
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.model import DateValue, FactType, Figure, Mention, Quantity, Quotation, Span
from factcheck.store import mentions as codec
from factcheck.store.key import STORE_VERSION
from factcheck.store.mentions import (
    CodecError,
    decode_mentions,
    encode_mentions,
)

# --- strategies ---------------------------------------------------------------------------

# Every code point, lone surrogates included: text decoded with surrogateescape has them.
TEXT = st.text(st.characters(blacklist_categories=()), max_size=40)
OPT_TEXT = st.none() | TEXT
# Ints stay ints through the codec, so number fields draw both; and every float: inf too.
NUMBER = st.floats(allow_nan=False) | st.integers(-(2**70), 2**70)
OFFSET = st.integers(0, 2**53)


@st.composite
def spans(draw: st.DrawFn) -> Span:
    a, b = sorted((draw(OFFSET), draw(OFFSET)))
    return Span(a, b)


QUANTITIES = st.builds(
    Quantity,
    value=NUMBER,
    unit=TEXT,
    dimension=TEXT,
    base_value=NUMBER,
    base_unit=TEXT,
    low=NUMBER,
    high=NUMBER,
    qualifier=TEXT,
)
DATES = st.builds(
    DateValue,
    start=st.none() | st.dates(),
    end=st.none() | st.dates(),
    granularity=TEXT,
    weekday=st.none() | st.integers(-(2**40), 2**40),
    relative=st.booleans(),
    resolution=TEXT,
)
FIGURES = st.builds(
    Figure,
    kind=TEXT,
    canonical=TEXT,
    name=TEXT,
    title=OPT_TEXT,
    modifier=OPT_TEXT,
    org=OPT_TEXT,
    role=OPT_TEXT,
)
QUOTATIONS = st.builds(Quotation, text=TEXT, speaker=OPT_TEXT)
VALUES = QUANTITIES | DATES | FIGURES | QUOTATIONS

MENTIONS = st.builds(
    Mention,
    article_id=TEXT,
    type=st.sampled_from(FactType),
    surface=TEXT,
    span=spans(),
    sentence=TEXT,
    sentence_span=spans(),
    local=spans(),
    value=VALUES,
    confidence=NUMBER,
    extractor=TEXT,
    sentence_index=st.integers(-(2**63), 2**63),
)


@st.composite
def article_mentions(draw: st.DrawFn) -> list[Mention]:
    """Mentions as one article has them: a few sentences, each shared by several."""
    pool = draw(st.lists(st.tuples(TEXT, spans()), min_size=1, max_size=3))
    out = []
    for m in draw(st.lists(MENTIONS, max_size=8)):
        sentence, span = draw(st.sampled_from(pool))
        out.append(dataclasses.replace(m, sentence=sentence, sentence_span=span))
    return out


def same(a: object, b: object) -> bool:
    """Equal with exact types throughout (1 == 1.0 == True would hide a lossy codec)."""
    return repr(a) == repr(b) and a == b


# --- round trips --------------------------------------------------------------------------


@given(st.lists(MENTIONS, max_size=6) | article_mentions())
def test_encode_decode_round_trips_exactly(mentions: list[Mention]) -> None:
    decoded = decode_mentions(encode_mentions(mentions))
    assert same(decoded, tuple(mentions))


@given(st.lists(MENTIONS, max_size=4), TEXT)
def test_decode_relabels_article_id(mentions: list[Mention], article_id: str) -> None:
    decoded = decode_mentions(encode_mentions(mentions), article_id)
    expected = tuple(dataclasses.replace(m, article_id=article_id) for m in mentions)
    assert same(decoded, expected)


def _quantity_mention(value: float) -> Mention:
    q = Quantity(value, "percentage", "percentage", value, "percent", -math.inf, math.inf)
    return Mention(
        "a.txt", FactType.QUANTITY, "x", Span(0, 1), "x", Span(0, 1), Span(0, 1), q, 1.0, "q@1"
    )


def test_non_finite_and_signed_zero_floats() -> None:
    (m,) = decode_mentions(encode_mentions([_quantity_mention(math.nan)]))
    assert isinstance(m.value, Quantity)
    assert math.isnan(m.value.value)
    assert m.value.low == -math.inf and m.value.high == math.inf
    (z,) = decode_mentions(encode_mentions([_quantity_mention(-0.0)]))
    assert isinstance(z.value, Quantity)
    assert math.copysign(1.0, z.value.value) == -1.0
    (row,) = _doc([_quantity_mention(math.nan)])["m"]
    assert row[8][1] == "nan" and row[8][6:8] == ["-inf", "inf"]  # strict JSON: no NaN


def test_dates_are_iso_strings_and_values_are_tagged() -> None:
    value = DateValue(date(2025, 3, 24), date(2025, 3, 30), "week", weekday=0)
    m = Mention("a", FactType.DATE, "s", Span(0, 1), "s", Span(0, 1), Span(0, 1), value, 0.5, "d@1")
    (row,) = _doc([m])["m"]
    assert row[1] == "date" and row[3:5] == [0, 1]
    assert row[8] == ["date", "2025-03-24", "2025-03-30", "week", 0, False, "absolute", None, ""]


def test_field_lists_match_the_model() -> None:
    """A field added to the model must be added to the codec (and STORE_VERSION bumped)."""
    for tag, cls in (
        ("quantity", Quantity),
        ("date", DateValue),
        ("figure", Figure),
        ("quotation", Quotation),
    ):
        assert codec.VALUE_FIELDS[tag] == tuple(f.name for f in dataclasses.fields(cls))
    # A row holds every Mention field: the span and the local span as two numbers each,
    # the sentence and its span as one index into the sentence table.
    (row,) = _doc([_quantity_mention(1.0)])["m"]
    assert len(row) == len(dataclasses.fields(Mention)) + 2 - 1


def test_payload_is_compact_and_compressed() -> None:
    ms = [_quantity_mention(float(i)) for i in range(50)]
    data = encode_mentions(ms)
    assert data[:1] == b"z"
    plain = [dataclasses.asdict(m) for m in ms]  # every field, by name, uncompressed
    assert len(data) < len(json.dumps(plain)) / 10
    assert decode_mentions(encode_mentions([])) == ()


def test_cache_code_never_imports_pickle() -> None:
    """A cache file is data: loading it must never be able to run code."""
    from factcheck.store import cache as cache

    for module in (codec, cache):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (
                node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
            )
        }
        assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


# --- bad input on the way in ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        dataclasses.replace(_quantity_mention(1.0), surface=5),  # type: ignore[arg-type]
        dataclasses.replace(_quantity_mention(1.0), value=object()),  # type: ignore[arg-type]
        dataclasses.replace(_quantity_mention(1.0), type="quantity"),  # type: ignore[arg-type]
        dataclasses.replace(_quantity_mention(1.0), sentence_index=True),
        dataclasses.replace(_quantity_mention(1.0), confidence="high"),  # type: ignore[arg-type]
        dataclasses.replace(
            _quantity_mention(1.0),
            value=DateValue(datetime(2025, 1, 1, 12), None, "day"),
        ),
    ],
)
def test_encode_refuses_what_it_could_not_decode(bad: Mention) -> None:
    with pytest.raises(CodecError):
        encode_mentions([bad])


def test_encode_refuses_non_mentions() -> None:
    with pytest.raises(CodecError):
        encode_mentions([{"surface": "x"}])  # type: ignore[list-item]


# --- bad input on the way out --------------------------------------------------------------


def _doc(mentions: list[Mention]) -> dict[str, Any]:
    data = encode_mentions(mentions)
    body = zlib.decompress(data[1:]) if data[:1] == b"z" else data[1:]
    doc: dict[str, Any] = json.loads(body)
    return doc


def _pack(doc: object) -> bytes:
    return b"j" + json.dumps(doc).encode()


SAMPLE = [
    _quantity_mention(3.5),
    Mention(
        "a.txt",
        FactType.FIGURE,
        "Mr Smith",
        Span(10, 18),
        "Mr Smith said.",
        Span(10, 24),
        Span(0, 8),
        Figure("person", "John Smith", "Smith", title="mayor"),
        0.8,
        "figures@2",
        1,
    ),
]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"z",
        b"j",
        b"jnull",
        b"j[]",
        b"x{}",
        b"\x00\x01garbage",
        b"z" + zlib.compress(b"{not json"),
        b"j\xff\xfe",
    ],
)
def test_garbage_raises_codec_error(data: bytes) -> None:
    with pytest.raises(CodecError):
        decode_mentions(data)


def test_flipped_byte_in_compressed_payload_is_detected() -> None:
    """The zlib checksum turns damage into CodecError, never into different facts."""
    original = tuple(SAMPLE * 20)
    data = encode_mentions(original)
    for i in range(1, len(data)):
        damaged = bytearray(data)
        damaged[i] ^= 0x40
        try:
            decoded = decode_mentions(bytes(damaged))
        except CodecError:
            continue
        assert decoded == original  # only a flip in the deflate stream's unused padding bits


def test_other_codec_version_is_refused() -> None:
    doc = _doc(SAMPLE)
    doc["v"] = STORE_VERSION + 1
    with pytest.raises(CodecError, match="version"):
        decode_mentions(_pack(doc))
    doc["v"] = True  # == 1, but not the version
    with pytest.raises(CodecError):
        decode_mentions(_pack(doc))


# Row fields: 0 article index, 1 type, 2 surface, 3-4 span, 5 sentence index, 6-7 local,
# 8 value, 9 confidence, 10 extractor index, 11 sentence_index.
_BAD: dict[tuple[int, ...], tuple[Any, ...]] = {
    (0,): (None, "0", 1.5, -1, True, 5),
    (1,): (None, "opinion", 1, []),
    (2,): (None, 1, [], True),
    (3, 6): (None, "1", 1.5, -1, True, 10**6),
    (4, 7): (None, "1", 1.5, -1, True),
    (5,): (None, -1, 7, True, 1.5),
    (8,): (None, [], ["money"], ["quantity"], "x", {}),
    (9,): (None, "x", "1.0", "Infinity", True, []),
    (10,): (None, -1, 9, True),
    (11,): (None, 1.5, True, "0"),
}
ROW_MUTATIONS = [(f, bad) for fields, bads in _BAD.items() for f in fields for bad in bads]


def _mutations() -> list[tuple[str, Any]]:
    return [(f"m.{i}.{j}", bad) for i in range(len(SAMPLE)) for j, bad in ROW_MUTATIONS]


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node: Any = doc
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    node[int(last)] = value


@pytest.mark.parametrize(("path", "bad"), _mutations())
def test_a_wrong_field_raises_codec_error(path: str, bad: Any) -> None:
    doc = _doc(SAMPLE)
    _set(doc, path, bad)
    with pytest.raises(CodecError):
        decode_mentions(_pack(doc))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda doc: doc["m"][0].append(0),
        lambda doc: doc["m"][0].pop(),
        lambda doc: doc["m"].append({}),
        lambda doc: doc["m"][0][8].append(None),
        lambda doc: doc["m"][0][8].pop(),
        lambda doc: doc["s"][0].pop(),
        lambda doc: doc["s"].__setitem__(0, ["text", 5, 1]),
        lambda doc: doc["s"].__setitem__(0, "abc"),
        lambda doc: doc["a"].__setitem__(0, 7),
        lambda doc: doc["x"].append(None),
        lambda doc: doc.update(m={}),
        lambda doc: doc.update(extra=1),
        lambda doc: doc.pop("s"),
    ],
)
def test_a_wrong_table_raises_codec_error(mutate: Any) -> None:
    doc = _doc(SAMPLE)
    mutate(doc)
    with pytest.raises(CodecError):
        decode_mentions(_pack(doc))


_DATE = Mention(
    "a.txt",
    FactType.DATE,
    "March 4",
    Span(0, 7),
    "March 4.",
    Span(0, 8),
    Span(0, 7),
    DateValue(date(2025, 3, 4), date(2025, 3, 4), "day"),
    0.9,
    "dates@1",
)


# A value row is [tag, *fields in VALUE_FIELDS order]; SAMPLE[0]'s is a quantity's,
# SAMPLE[1]'s a figure's.
@pytest.mark.parametrize(
    ("mentions", "index", "bad"),
    [
        (SAMPLE, 1, "lots"),  # the quantity's value
        (SAMPLE, 2, None),  # its unit
        (SAMPLE, 0, "money"),  # an unknown value type
        (SAMPLE, 8, 5),  # its qualifier
        ([SAMPLE[1]], 4, 5),  # the figure's title
        ([_DATE], 1, "2025-13-01"),  # a start that is no date
        ([_DATE], 2, 20250304),  # an end that is no ISO string
        ([_DATE], 5, 0),  # relative: a bool, not 0
    ],
)
def test_a_wrong_value_field_raises_codec_error(
    mentions: list[Mention], index: int, bad: Any
) -> None:
    doc = _doc(mentions)
    doc["m"][0][8][index] = bad
    with pytest.raises(CodecError):
        decode_mentions(_pack(doc))


JSON_LEAF = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
)
JSON = st.recursive(JSON_LEAF, lambda kids: st.lists(kids, max_size=3), max_leaves=6)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_mutation_decodes_or_raises_codec_error(data: st.DataObject) -> None:
    """Whatever a damaged payload holds, decoding never fails with anything else."""
    doc = _doc(SAMPLE)
    rows = doc["m"]
    i = data.draw(st.integers(0, len(rows) - 1))
    j = data.draw(st.integers(0, len(rows[i]) - 1))
    target = rows[i][j]
    if isinstance(target, list) and data.draw(st.booleans()):
        k = data.draw(st.integers(0, len(target) - 1))
        target[k] = data.draw(JSON)
    else:
        rows[i][j] = data.draw(JSON)
    try:
        decoded = decode_mentions(_pack(doc))
    except CodecError:
        return
    assert all(isinstance(m, Mention) for m in decoded)


@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(CodecError):
        decode_mentions(data)
