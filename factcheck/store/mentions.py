"""Mention <-> plain data, for the extraction cache and the corpus index.

``encode_mentions`` / ``decode_mentions``: one article's mentions as compact bytes:
positional rows, with sentences, article ids and extractor names stored once in tables,
as JSON (dates as ISO strings; non-finite floats as ``"inf"``, ``"-inf"``, ``"nan"``),
zlib-compressed. The zlib checksum means a flipped byte in a stored payload is detected
instead of decoded into wrong facts. ``mentions_to_doc`` / ``mentions_from_doc`` give
the JSON document itself, and ``value_row`` / ``value_from_row`` one value, for
``payload`` to store inside its own; ``date_from_iso`` is the one date decoding both use.

Decoding checks the type of every field, so a damaged or foreign record raises
``CodecError`` rather than yielding a Mention that fails three stages later. Never
pickle: a cache file is data, and unpickling data runs code.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from factcheck.model import DateValue, FactType, Figure, Mention, Quantity, Quotation, Span, Value
from factcheck.store.key import STORE_VERSION

__all__ = [
    "VALUE_FIELDS",
    "CodecError",
    "date_from_iso",
    "decode_mentions",
    "encode_mentions",
    "mentions_from_doc",
    "mentions_to_doc",
    "value_from_row",
    "value_row",
]

# Bump STORE_VERSION on any change to the shape below; a payload of another version is
# refused.

# Each value type's tag and fields, in row order.
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "quantity": (
        "value",
        "unit",
        "dimension",
        "base_value",
        "base_unit",
        "low",
        "high",
        "qualifier",
    ),
    "date": ("start", "end", "granularity", "weekday", "relative", "resolution", "minute", "zone"),
    "figure": ("kind", "canonical", "name", "title", "modifier", "org", "role"),
    "quotation": ("text", "speaker"),
}
_DOC_KEYS = frozenset(("v", "a", "x", "s", "m"))
_FACT_TYPES = {t.value: t for t in FactType}
_NON_FINITE = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}

_ZLIB = b"z"  # first byte of a payload: how the JSON document after it is packed
_PLAIN = b"j"
_COMPRESS_ABOVE = 200  # bytes of JSON; tiny payloads are not worth compressing


class CodecError(ValueError):
    """A mention could not be encoded, or stored data is not a valid encoding."""


# --- encoding ---------------------------------------------------------------------------


def mentions_to_doc(mentions: Iterable[Mention]) -> dict[str, Any]:
    """Mentions as one JSON-safe document; ``mentions_from_doc`` is the inverse.

    The JSON document is ``{"v": version, "a": [article ids], "x": [extractors],
    "s": [[sentence, start, end], ...], "m": [row, ...]}`` where a row is
    ``[a, type, surface, start, end, s, local_start, local_end, value, confidence, x,
    sentence_index]`` and ``a``/``s``/``x`` index the tables. Mentions in one sentence
    then share one sentence string and one ``sentence_span`` when decoded.
    """
    ids: dict[str, int] = {}
    extractors: dict[str, int] = {}
    sents: dict[tuple[str, int, int], int] = {}
    rows = []
    for m in mentions:
        if not isinstance(m, Mention):
            raise CodecError(f"not a Mention: {type(m).__name__}")
        start, end = _enc_span(m.span)
        local_start, local_end = _enc_span(m.local)
        sentence = (_enc_str(m.sentence), *_enc_span(m.sentence_span))
        rows.append(
            [
                ids.setdefault(_enc_str(m.article_id), len(ids)),
                _enc_type(m.type),
                _enc_str(m.surface),
                start,
                end,
                sents.setdefault(sentence, len(sents)),
                local_start,
                local_end,
                value_row(m.value),
                _enc_float(m.confidence),
                extractors.setdefault(_enc_str(m.extractor), len(extractors)),
                _int(m.sentence_index),
            ]
        )
    return {"v": STORE_VERSION, "a": list(ids), "x": list(extractors), "s": list(sents), "m": rows}


def encode_mentions(mentions: Iterable[Mention]) -> bytes:
    """Pack mentions into bytes for the cache (``mentions_to_doc``, compressed JSON)."""
    doc = mentions_to_doc(mentions)
    # allow_nan=False: non-finite floats are strings by now; ensure_ascii (the default)
    # escapes lone surrogates, which an article decoded with surrogateescape can hold.
    data = json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("ascii")
    if len(data) > _COMPRESS_ABOVE:
        return _ZLIB + zlib.compress(data, 6)
    return _PLAIN + data


def value_row(v: Value) -> list[Any]:
    """A mention value as a JSON-safe row ``[tag, *fields]``; CodecError on a foreign type."""
    if isinstance(v, Quantity):
        return [
            "quantity",
            _enc_float(v.value),
            _enc_str(v.unit),
            _enc_str(v.dimension),
            _enc_float(v.base_value),
            _enc_str(v.base_unit),
            _enc_float(v.low),
            _enc_float(v.high),
            _enc_str(v.qualifier),
        ]
    if isinstance(v, DateValue):
        return [
            "date",
            _enc_date(v.start),
            _enc_date(v.end),
            _enc_str(v.granularity),
            None if v.weekday is None else _int(v.weekday),
            _bool(v.relative),
            _enc_str(v.resolution),
            None if v.minute is None else _int(v.minute),
            _enc_str(v.zone),
        ]
    if isinstance(v, Figure):
        return [
            "figure",
            _enc_str(v.kind),
            _enc_str(v.canonical),
            _enc_str(v.name),
            _enc_opt_str(v.title),
            _enc_opt_str(v.modifier),
            _enc_opt_str(v.org),
            _enc_opt_str(v.role),
        ]
    if isinstance(v, Quotation):
        return ["quotation", _enc_str(v.text), _enc_opt_str(v.speaker)]
    raise CodecError(f"unknown mention value type: {type(v).__name__}")


def _enc_type(t: object) -> str:
    if not isinstance(t, FactType):
        raise CodecError(f"expected a FactType, got {t!r}")
    return t.value


def _enc_str(x: object) -> str:
    if not isinstance(x, str):
        raise CodecError(f"expected a string, got {type(x).__name__}")
    return str.__str__(x)  # the plain value of a StrEnum member or other str subclass


def _enc_opt_str(x: object) -> str | None:
    return None if x is None else _enc_str(x)


def _enc_float(x: object) -> float | int | str:
    if type(x) is int:  # an int stays an int, so it comes back with its exact type
        return x
    if not isinstance(x, float):
        raise CodecError(f"expected a number, got {type(x).__name__}")
    x = float(x)  # a numpy.float64 becomes a plain float
    if math.isfinite(x):
        return x
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def _enc_date(d: object) -> str | None:
    if d is None:
        return None
    # datetime is a subclass of date, but its ISO form does not parse back as a date.
    if not isinstance(d, date) or isinstance(d, datetime):
        raise CodecError(f"expected a date, got {type(d).__name__}")
    return d.isoformat()


def _enc_span(s: object) -> tuple[int, int]:
    if not isinstance(s, Span):
        raise CodecError(f"expected a Span, got {type(s).__name__}")
    return _int(s.start), _int(s.end)


# --- decoding ---------------------------------------------------------------------------


def decode_mentions(data: bytes, article_id: str | None = None) -> tuple[Mention, ...]:
    """Unpack ``encode_mentions`` output; CodecError if it is anything else.

    With ``article_id`` every mention is labelled with it instead of the stored id:
    cached facts belong to a text, not to the file name it was first seen under.
    """
    return mentions_from_doc(_load(data), article_id)


def mentions_from_doc(doc: Any, article_id: str | None = None) -> tuple[Mention, ...]:
    """The mentions of a ``mentions_to_doc`` document; CodecError if it is anything else."""
    if type(doc) is not dict or doc.keys() != _DOC_KEYS:
        raise CodecError("not a mention document")
    if type(doc["v"]) is not int or doc["v"] != STORE_VERSION:
        raise CodecError(f"mention document version {doc['v']!r}, expected {STORE_VERSION}")
    ids, extractors, sents, rows = doc["a"], doc["x"], doc["s"], doc["m"]
    if not (type(ids) is type(extractors) is type(sents) is type(rows) is list):
        raise CodecError("not a mention payload: tables are not lists")
    if not all(type(s) is str for s in ids) or not all(type(s) is str for s in extractors):
        raise CodecError("not a mention payload: a name is not a string")
    if article_id is not None:
        ids = [article_id] * len(ids)
    decoders = _VALUE_DECODERS
    types = _FACT_TYPES
    try:
        sentences = [(_str(text), Span(_int(a), _int(b))) for text, a, b in sents]
        out = []
        for row in rows:
            if type(row) is not list:
                raise CodecError("mention row is not a list")
            a, kind, surface, start, end, s, l0, l1, value, conf, x, index = row
            if not (
                type(a) is int
                and type(s) is int
                and type(x) is int
                and type(start) is int
                and type(end) is int
                and type(l0) is int
                and type(l1) is int
                and type(index) is int
                and type(surface) is str
                and type(value) is list
                and a >= 0
                and s >= 0
                and x >= 0
            ):
                raise CodecError(f"bad mention row: {row!r:.200}")
            sentence, sentence_span = sentences[s]
            out.append(
                Mention(
                    ids[a],
                    types[kind],
                    surface,
                    Span(start, end),
                    sentence,
                    sentence_span,
                    Span(l0, l1),
                    decoders[value[0]](value),
                    conf if type(conf) is float else _float(conf),
                    extractors[x],
                    index,
                )
            )
    except CodecError:
        raise
    except (IndexError, KeyError, TypeError, ValueError) as exc:  # wrong lengths, bad spans
        raise CodecError(f"bad mention payload: {exc!r}") from exc
    return tuple(out)


def _load(data: bytes) -> Any:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise CodecError(f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    tag, body = data[:1], data[1:]
    try:
        if tag == _ZLIB:
            body = zlib.decompress(body)
        elif tag != _PLAIN:
            raise CodecError("not a mention payload: unknown format tag")
        doc = json.loads(body)
    except (zlib.error, ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeError
        raise CodecError(f"damaged mention payload: {exc}") from exc
    return doc  # mentions_from_doc checks its shape and version


def _quantity(r: list[Any]) -> Quantity:
    _, value, unit, dimension, base_value, base_unit, low, high, qualifier = r
    if not (type(unit) is type(dimension) is type(base_unit) is type(qualifier) is str):
        raise CodecError(f"bad quantity: {r!r:.200}")
    return Quantity(
        value if type(value) is float else _float(value),
        unit,
        dimension,
        base_value if type(base_value) is float else _float(base_value),
        base_unit,
        low if type(low) is float else _float(low),
        high if type(high) is float else _float(high),
        qualifier,
    )


def _date_value(r: list[Any]) -> DateValue:
    _, start, end, granularity, weekday, relative, resolution, minute, zone = r
    return DateValue(
        date_from_iso(start),
        date_from_iso(end),
        _str(granularity),
        None if weekday is None else _int(weekday),
        _bool(relative),
        _str(resolution),
        None if minute is None else _int(minute),
        _str(zone),
    )


def _figure(r: list[Any]) -> Figure:
    _, kind, canonical, name, title, modifier, org, role = r
    return Figure(
        _str(kind),
        _str(canonical),
        _str(name),
        _opt_str(title),
        _opt_str(modifier),
        _opt_str(org),
        _opt_str(role),
    )


def _quotation(r: list[Any]) -> Quotation:
    _, text, speaker = r
    return Quotation(_str(text), _opt_str(speaker))


# A value row is [tag, *fields in VALUE_FIELDS order]; an unknown tag is a KeyError.
_VALUE_DECODERS: dict[str, Callable[[list[Any]], Value]] = {
    "quantity": _quantity,
    "date": _date_value,
    "figure": _figure,
    "quotation": _quotation,
}


def value_from_row(row: Any) -> Value:
    """The value ``value_row`` made ``row`` from; CodecError if ``row`` is malformed."""
    if type(row) is not list or not row or row[0] not in _VALUE_DECODERS:
        raise CodecError(f"not a value row: {row!r:.60}")
    try:
        return _VALUE_DECODERS[row[0]](row)
    except CodecError:
        raise
    except (TypeError, ValueError) as exc:
        raise CodecError(f"bad value row: {exc!r}") from exc


def _str(x: object) -> str:
    if type(x) is not str:
        raise CodecError(f"expected a string, got {type(x).__name__}")
    return x


def _opt_str(x: object) -> str | None:
    return None if x is None else _str(x)


def _int(x: object) -> int:
    if type(x) is not int:
        raise CodecError(f"expected an int, got {type(x).__name__}")
    return x


def _bool(x: object) -> bool:
    if type(x) is not bool:
        raise CodecError(f"expected a bool, got {type(x).__name__}")
    return x


def _float(x: object) -> float:
    if type(x) is float or type(x) is int:
        return x
    if type(x) is str and x in _NON_FINITE:
        return _NON_FINITE[x]
    raise CodecError(f"expected a number, got {x!r:.40}")


def date_from_iso(x: object) -> date | None:
    """The date of an ISO ``YYYY-MM-DD`` string, None for None; CodecError otherwise."""
    if x is None:
        return None
    if type(x) is not str:
        raise CodecError(f"expected an ISO date, got {type(x).__name__}")
    try:
        return date.fromisoformat(x)
    except ValueError as exc:
        raise CodecError(f"bad ISO date {x!r:.40}") from exc
