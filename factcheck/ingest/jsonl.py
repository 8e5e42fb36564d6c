"""JSON and JSON Lines readers: one article per record.

``.json`` holds one object or an array of objects; ``.jsonl`` holds one object per
line (blank lines are skipped). Fields: ``text`` (required), ``id``, ``title``,
``source``, ``url``, ``published``. A malformed line becomes FC-E008 with its line
number and the good lines are kept; a record without a usable ``text`` is FC-E007.

Offsets: for a record, ``Article.raw`` is the record's decoded ``text`` value, not the
file (JSON escapes make file offsets meaningless for extracted facts), and
``Article.path`` is the file. Every span reported for such an article indexes that text
value; ``Article.origin`` says where the value is written in the file, so that the line
and column of evidence (SARIF, GitHub annotations, ``path:line:col``) point at the file
itself. The article id is the record's ``id``, else ``<file id>#<line>``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, replace
from typing import Any

from factcheck import errors
from factcheck.errors import FactcheckError
from factcheck.ingest.normalize import Boilerplate
from factcheck.ingest.text import (
    Meta,
    ReadResult,
    Source,
    build_article,
    checked_meta,
    parse_published,
    shown,
)
from factcheck.model import Article, InputError, TextOrigin
from factcheck.text.spans import LineIndex

_WS = " \t\r\n"
_MAX_ID = 200  # an id is shown in every report line; a longer one is not an id


@dataclass(frozen=True, slots=True)
class LongInteger:
    """A JSON integer longer than Python converts (``sys.get_int_max_str_digits``, 4,300
    digits by default, a guard against quadratic conversion). It stands in for the
    number so that the record is still read; a field that needs it says it is too large.
    """

    digits: int


def _parse_int(text: str) -> int | LongInteger:
    limit = sys.get_int_max_str_digits()
    digits = len(text) - text.startswith("-")
    return LongInteger(digits) if limit and digits > limit else int(text)


def _too_large(name: str, value: LongInteger, record_id: str = "") -> str:
    record = f"record {record_id}" if record_id else "the record"
    return f"'{name}' of {record} is an integer of {value.digits} digits, too large to read"


def read_jsonl(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """One JSON object per line."""
    result = ReadResult()
    lines = LineIndex(source.raw)  # one index per file: evidence lines and columns
    at = 0  # where the line starts in the file
    for line_no, line in enumerate(source.raw.split("\n"), 1):
        start, at = at, at + len(line) + 1
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_int=_parse_int)
        except (ValueError, RecursionError) as exc:
            detail = _json_problem(exc)
            result.errors.append(
                errors.input_error(errors.BAD_JSON, source.path, detail, line=line_no)
            )
            continue
        origin = text_origin(source.raw, start, start + len(line), record, lines)
        _add(result, source, record, line_no, boilerplate, origin)
    if not result.articles and not result.errors:
        result.errors.append(errors.input_error(errors.EMPTY, source.path, "no JSON records"))
    return result


def read_json(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """One JSON object, or an array of objects; records before a syntax error are kept."""
    raw, result = source.raw, ReadResult()
    lines = LineIndex(raw)
    decoder = json.JSONDecoder(parse_int=_parse_int)
    line, counted = 1, 0  # line number of position ``counted``, advanced incrementally

    def line_at(pos: int) -> int:
        nonlocal line, counted
        line, counted = line + raw.count("\n", counted, pos), pos
        return line

    i = _skip_ws(raw, 0)
    try:
        if raw.startswith("[", i):
            i = _skip_ws(raw, i + 1)
            while not raw.startswith("]", i):
                record, j = decoder.raw_decode(raw, i)
                origin = text_origin(raw, i, j, record, lines)
                _add(result, source, record, line_at(i), boilerplate, origin)
                i = _skip_ws(raw, j)
                if raw.startswith(",", i):
                    i = _skip_ws(raw, i + 1)
                elif not raw.startswith("]", i):
                    raise _syntax(raw, i, "expected ',' or ']' after a record")
            i += 1
        elif raw.startswith("{", i):
            record, j = decoder.raw_decode(raw, i)
            origin = text_origin(raw, i, j, record, lines)
            _add(result, source, record, line_at(i), boilerplate, origin)
            i = j
        else:
            raise _syntax(raw, i, "expected a JSON object or an array of objects")
        i = _skip_ws(raw, i)
        if i < len(raw):
            raise _syntax(raw, i, "extra data after the JSON value")
    except (ValueError, RecursionError) as exc:
        line_no = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        result.errors.append(
            errors.input_error(errors.BAD_JSON, source.path, _json_problem(exc), line=line_no)
        )
    if not result.articles and not result.errors:
        result.errors.append(errors.input_error(errors.EMPTY, source.path, "no JSON records"))
    return result


def _skip_ws(raw: str, i: int) -> int:
    while i < len(raw) and raw[i] in _WS:
        i += 1
    return i


def _syntax(raw: str, i: int, message: str) -> json.JSONDecodeError:
    return json.JSONDecodeError(message, raw, i)


def _json_problem(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def _add(
    result: ReadResult,
    source: Source,
    record: Any,
    line: int,
    bp: Boilerplate,
    origin: TextOrigin | None,
) -> None:
    try:
        article, warnings = _record(source, record, line, bp)
    except FactcheckError as exc:
        result.errors.append(exc.to_input_error(source.path))
        return
    result.articles.append(replace(article, origin=origin) if origin else article)
    result.errors.extend(warnings)


def _record(
    source: Source, record: Any, line: int, bp: Boilerplate
) -> tuple[Article, list[InputError]]:
    if not isinstance(record, dict):
        raise FactcheckError(errors.BAD_RECORD, "record is not a JSON object", line=line)
    text = record.get("text")
    if isinstance(text, LongInteger):
        raise FactcheckError(errors.BAD_RECORD, _too_large("text", text), line=line)
    if not isinstance(text, str):
        raise FactcheckError(errors.BAD_RECORD, "record has no 'text' string", line=line)
    if not text.strip():
        raise FactcheckError(errors.EMPTY, "record 'text' is empty", line=line)
    raw_id = record.get("id")
    valid_id = (
        isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip()
    )
    article_id = errors.printable(str(raw_id).strip()) if valid_id else f"{source.id}#{line}"
    warnings: list[InputError] = []
    if isinstance(raw_id, LongInteger):
        detail = f"{_too_large('id', raw_id)}; using {article_id!r}"
        warnings.append(errors.input_error(errors.FIELD_IGNORED, source.path, detail, line=line))
    if len(article_id) > _MAX_ID:
        fallback = f"{source.id}#{line}"
        detail = f"'id' is over {_MAX_ID} characters; using {fallback!r}"
        warnings.append(errors.input_error(errors.FIELD_IGNORED, source.path, detail, line=line))
        article_id = fallback
    fields: dict[str, Any] = {}
    for name in ("title", "source", "url", "published"):
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, LongInteger):
            detail = _too_large(name, value, article_id)
            warnings.append(
                errors.input_error(errors.FIELD_IGNORED, source.path, detail, line=line)
            )
            continue
        parsed = parse_published(value) if name == "published" else value
        if parsed is None or (name != "published" and not isinstance(value, str)):
            detail = f"'{name}' of record {article_id} is unusable: {shown(value)}"
            warnings.append(
                errors.input_error(errors.FIELD_IGNORED, source.path, detail, line=line)
            )
            continue
        fields[name] = parsed
    meta = checked_meta(Meta(**fields))
    try:
        article = build_article(
            source, [(0, text)], bp, meta, warnings, article_id=article_id, raw=text
        )
    except FactcheckError as exc:
        raise FactcheckError(exc.code, f"record {article_id}: {exc.detail}", line=line) from exc
    return article, warnings


# --- where a record's text is written ----------------------------------------------


def text_origin(
    raw: str, start: int, end: int, record: Any, lines: LineIndex | None = None
) -> TextOrigin | None:
    """Where the ``text`` string of the JSON object ``raw[start:end]`` is written, so
    evidence can point at the file's own line and column; None when it cannot be told
    for certain (the scan must decode to exactly ``record["text"]``). ``lines`` is the
    file's ``LineIndex``, built once for all its records."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return None
    found = _text_literal(raw, start, end)
    if found is None:
        return None
    literal, value, escapes = found
    if value != record["text"]:
        return None  # a duplicated "text" key, or anything else the scan did not follow
    line, column = (lines or LineIndex(raw)).position(literal)
    return TextOrigin(line, column, literal, escapes)


def _text_literal(
    raw: str, i: int, end: int
) -> tuple[int, str, tuple[tuple[int, int], ...]] | None:
    """The last top-level ``"text"`` member of the object at ``raw[i]``: where its
    value's characters start, the value, and its escapes (json keeps the last of
    duplicated keys, so does this)."""
    depth, want_key, found = 0, False, None
    j = i
    while (m := _STRUCTURE.search(raw, j, end)) is not None:
        j = m.start()
        ch = raw[j]
        if ch == '"':
            scanned = _string(raw, j, end)
            if scanned is None:
                return None
            value, _, after = scanned
            if depth == 1 and want_key:
                want_key = False
                k = _skip_ws(raw, after)
                if value == "text" and raw.startswith(":", k):
                    v = _skip_ws(raw, k + 1)
                    if raw.startswith('"', v):
                        got = _string(raw, v, end)
                        if got is None:
                            return None
                        found = (v + 1, got[0], got[1])
                        after = got[2]
            j = after
            continue
        if ch in "{[":
            depth += 1
            want_key = ch == "{" and depth == 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                break
        elif ch == "," and depth == 1:
            want_key = True
        j += 1
    return found


_ESCAPED = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _string(raw: str, j: int, end: int) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
    """The JSON string literal opening at ``raw[j]``: its value, its escapes as
    ``(position in the value, length in raw)``, and where the literal ends."""
    out: list[str] = []
    escapes: list[tuple[int, int]] = []
    size = 0  # characters in ``out``
    k = j + 1
    while (m := _QUOTE_OR_ESCAPE.search(raw, k, end)) is not None:
        if m.start() > k:  # a run of plain characters
            out.append(raw[k : m.start()])
            size += m.start() - k
        k = m.start()
        if raw[k] == '"':
            return "".join(out), tuple(escapes), k + 1
        nxt = raw[k + 1 : k + 2]
        if nxt in _ESCAPED:
            escapes.append((size, 2))
            out.append(_ESCAPED[nxt])
            size += 1
            k += 2
            continue
        if nxt != "u" or not _HEX4.fullmatch(raw, k + 2, k + 6):
            return None
        unit = int(raw[k + 2 : k + 6], 16)
        if 0xD800 <= unit < 0xDC00 and raw.startswith("\\u", k + 6):
            low = raw[k + 8 : k + 12]
            if _HEX4.fullmatch(low) and 0xDC00 <= int(low, 16) < 0xE000:
                escapes.append((size, 12))
                out.append(chr(0x10000 + ((unit - 0xD800) << 10) + (int(low, 16) - 0xDC00)))
                size += 1
                k += 12
                continue
        escapes.append((size, 6))
        out.append(chr(unit))
        size += 1
        k += 6
    return None


_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_STRUCTURE = re.compile(r'["{}\[\],]')
_QUOTE_OR_ESCAPE = re.compile(r'["\\]')
