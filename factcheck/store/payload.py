"""Bytes for what the corpus index keeps: files read, articles, names, claims, story times.

Every payload is a one-byte tag, then zlib-compressed JSON (``mentions`` does mentions the
same way, and its checks apply: a damaged or foreign payload raises ``CodecError``,
never decodes into wrong facts). Claims and story times carry mentions; those are
packed with ``mentions.mentions_to_doc`` and referred to by position, so a mention shared
by several claims is stored once. Never pickle: a cache file is data.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from factcheck.model import (
    Article,
    Claim,
    DateValue,
    InputError,
    Mention,
    OffsetMap,
    Quantity,
    StoryTime,
    TextOrigin,
)
from factcheck.store.key import STORE_VERSION
from factcheck.store.mentions import (
    CodecError,
    date_from_iso,
    mentions_from_doc,
    mentions_to_doc,
    value_from_row,
    value_row,
)

__all__ = [
    "ClaimSet",
    "FileEntry",
    "decode_article",
    "decode_claims",
    "decode_claimset",
    "decode_file",
    "decoded",
    "encode_article",
    "encode_claims",
    "encode_claimset",
    "encode_file",
]

_TAG = b"x"
_T = TypeVar("_T")


def _pack(doc: Any) -> bytes:
    data = json.dumps([STORE_VERSION, doc], separators=(",", ":"), allow_nan=False).encode("ascii")
    return _TAG + zlib.compress(data, 6)


def _unpack(data: bytes) -> Any:
    if not isinstance(data, bytes | bytearray | memoryview) or bytes(data[:1]) != _TAG:
        raise CodecError("not an index payload")
    try:
        version, doc = json.loads(zlib.decompress(bytes(data[1:])))
    except (zlib.error, ValueError, TypeError, RecursionError) as exc:
        raise CodecError(f"damaged index payload: {exc}") from exc
    if version != STORE_VERSION:
        raise CodecError(f"index payload version {version!r}, expected {STORE_VERSION}")
    return doc


def decoded(data: bytes | None, decode: Callable[[bytes], _T]) -> _T | None:
    """``decode(data)``, or None when there is no row or it is damaged (a miss: the
    caller derives it again and overwrites the row)."""
    if not data:
        return None
    try:
        return decode(data)
    except CodecError:
        return None


def _mentions_blob(mentions: Sequence[Mention]) -> dict[str, Any] | None:
    return mentions_to_doc(mentions) if mentions else None


def _mentions_from(doc: object, article_id: str | None) -> tuple[Mention, ...]:
    return () if doc is None else mentions_from_doc(doc, article_id)


def _opt_date(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


# --- files and articles ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileEntry:
    """What reading one file gave: ``(article id, text key)`` per article, and problems.

    The articles themselves are stored apart (``encode_article``), so a warm run can
    learn a file's articles without decoding their text.
    """

    stamp: str
    articles: tuple[tuple[str, str], ...]
    errors: tuple[InputError, ...]


def encode_file(entry: FileEntry) -> bytes:
    errors = [[e.path, e.message, e.code, e.line, e.fatal] for e in entry.errors]
    return _pack({"s": entry.stamp, "a": [list(a) for a in entry.articles], "e": errors})


def decode_file(data: bytes) -> FileEntry:
    doc = _unpack(data)
    try:
        articles = tuple((str(a), str(k)) for a, k in doc["a"])
        errors = tuple(
            InputError(str(p), str(m), str(c), None if line is None else int(line), bool(f))
            for p, m, c, line, f in doc["e"]
        )
        return FileEntry(str(doc["s"]), articles, errors)
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"bad file entry: {exc!r}") from exc


def encode_article(a: Article) -> bytes:
    return _pack(
        {
            "i": a.id,
            "p": a.path,
            "r": a.raw,
            "t": a.text,
            "o": [list(a.offsets.norm), list(a.offsets.raw)],
            "h": a.content_hash,
            "m": [a.title, a.source, a.url, _opt_date(a.published)],
            "w": list(a.warnings),
            "g": None
            if a.origin is None
            else [a.origin.line, a.origin.column, a.origin.offset, list(a.origin.escapes)],
        }
    )


def decode_article(data: bytes) -> Article:
    doc = _unpack(data)
    try:
        title, source, url, published = doc["m"]
        norm, raw = doc["o"]
        return Article(
            id=str(doc["i"]),
            path=str(doc["p"]),
            raw=str(doc["r"]),
            text=str(doc["t"]),
            offsets=OffsetMap(tuple(int(x) for x in norm), tuple(int(x) for x in raw)),
            content_hash=str(doc["h"]),
            title=None if title is None else str(title),
            source=None if source is None else str(source),
            url=None if url is None else str(url),
            published=date_from_iso(published),
            warnings=tuple(str(w) for w in doc["w"]),
            origin=_origin_from(doc["g"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"bad article: {exc!r}") from exc


def _origin_from(g: object) -> TextOrigin | None:
    if g is None:
        return None
    if not isinstance(g, list) or len(g) != 4:
        raise CodecError("bad text origin")
    line, column, offset, escapes = g
    return TextOrigin(
        int(line), int(column), int(offset), tuple((int(p), int(n)) for p, n in escapes)
    )


# --- claims ------------------------------------------------------------------------------


def _claim_value(v: object) -> list[Any]:
    if isinstance(v, Quantity | DateValue):
        return ["v", value_row(v)]
    if isinstance(v, str):
        return ["s", v]
    if isinstance(v, tuple) and all(isinstance(x, str) for x in v):
        return ["t", list(v)]
    raise CodecError(f"claim value of type {type(v).__name__} cannot be stored")


def _claim_value_from(x: Any) -> object:
    tag, body = x
    if tag == "v":
        return value_from_row(body)
    if tag == "s" and type(body) is str:
        return body
    if tag == "t" and type(body) is list:
        return tuple(str(b) for b in body)
    raise CodecError(f"bad claim value {x!r:.60}")


def encode_claims(claims: Sequence[Claim]) -> bytes:
    """One article's claims (of one block) as bytes; mentions are stored once."""
    mentions: dict[int, int] = {}
    ordered: list[Mention] = []
    rows = []
    for c in claims:
        refs = []
        for m in c.mentions:
            if id(m) not in mentions:
                mentions[id(m)] = len(ordered)
                ordered.append(m)
            refs.append(mentions[id(m)])
        when = None if c.when is None else value_row(c.when)
        value = _claim_value(c.value)
        attrs = [list(a) for a in c.attrs]
        rows.append(
            [c.kind, list(c.key), c.topic, value, c.display, refs, when, c.confidence, attrs]
        )
    return _pack({"m": _mentions_blob(ordered), "c": rows})


def decode_claims(data: bytes, article_id: str) -> tuple[Claim, ...]:
    """The claims ``encode_claims`` stored, labelled with ``article_id``."""
    doc = _unpack(data)
    try:
        mentions = _mentions_from(doc["m"], article_id)
        out = []
        for kind, key, topic, value, display, refs, when, confidence, attrs in doc["c"]:
            when_value = None if when is None else value_from_row(when)
            if when_value is not None and not isinstance(when_value, DateValue):
                raise CodecError("claim time is not a date")
            out.append(
                Claim(
                    kind=str(kind),
                    key=tuple(str(k) for k in key),
                    article_id=article_id,
                    topic=str(topic),
                    value=_claim_value_from(value),
                    display=str(display),
                    mentions=tuple(mentions[int(i)] for i in refs),
                    when=when_value,
                    confidence=float(confidence),
                    attrs=tuple((str(a), str(b)) for a, b in attrs),
                )
            )
        return tuple(out)
    except CodecError:
        raise
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise CodecError(f"bad claims payload: {exc!r}") from exc


@dataclass(frozen=True, slots=True)
class ClaimSet:
    """An article's alignment summary: its story time and the blocks it has claims in."""

    story: StoryTime | None
    blocks: tuple[str, ...]


def encode_claimset(s: ClaimSet) -> bytes:
    story = None
    if s.story is not None:
        st = s.story
        mention = () if st.mention is None else (st.mention,)
        story = [st.when.isoformat(), st.source, _mentions_blob(mention), list(st.lead)]
    return _pack({"s": story, "b": list(s.blocks)})


def decode_claimset(data: bytes, article_id: str) -> ClaimSet:
    doc = _unpack(data)
    try:
        story = None
        if doc["s"] is not None:
            when, source, blob, lead = doc["s"]
            day = date_from_iso(when)
            if day is None:
                raise CodecError("story time without a date")
            mentions = _mentions_from(blob, article_id)
            story = StoryTime(day, str(source), mentions[0] if mentions else None, tuple(lead))
        return ClaimSet(story, tuple(str(b) for b in doc["b"]))
    except CodecError:
        raise
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise CodecError(f"bad claim set: {exc!r}") from exc
