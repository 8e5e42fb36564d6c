"""JSON and JSON Lines readers: one article per record.

``.json`` holds one object or an array of objects; ``.jsonl`` holds one object per
line (blank lines are skipped). Fields: ``text`` (required), ``id``, ``title``,
``source``, ``url``, ``published``. A malformed line becomes FC-E008 with its line
number and the good lines are kept; a record without a usable ``text`` is FC-E007.

Offsets: for a record, ``Article.raw`` is the record's decoded ``text`` value, not the
file (JSON escapes make file offsets meaningless for extracted facts), and
``Article.path`` is the file. Every span reported for such an article indexes that text
value. The article id is the record's ``id``, else ``<file id>#<line>``.
"""

from __future__ import annotations

import json
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
from factcheck.model import Article, InputError

_WS = " \t\r\n"
_MAX_ID = 200  # an id is shown in every report line; a longer one is not an id


def read_jsonl(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """One JSON object per line."""
    result = ReadResult()
    for line_no, line in enumerate(source.raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            detail = _json_problem(exc)
            result.errors.append(
                errors.input_error(errors.BAD_JSON, source.path, detail, line=line_no)
            )
            continue
        _add(result, source, record, line_no, boilerplate)
    if not result.articles and not result.errors:
        result.errors.append(errors.input_error(errors.EMPTY, source.path, "no JSON records"))
    return result


def read_json(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """One JSON object, or an array of objects; records before a syntax error are kept."""
    raw, result = source.raw, ReadResult()
    decoder = json.JSONDecoder()
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
                _add(result, source, record, line_at(i), boilerplate)
                i = _skip_ws(raw, j)
                if raw.startswith(",", i):
                    i = _skip_ws(raw, i + 1)
                elif not raw.startswith("]", i):
                    raise _syntax(raw, i, "expected ',' or ']' after a record")
            i += 1
        elif raw.startswith("{", i):
            record, i = decoder.raw_decode(raw, i)
            _add(result, source, record, line_at(_skip_ws(raw, 0)), boilerplate)
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


def _add(result: ReadResult, source: Source, record: Any, line: int, bp: Boilerplate) -> None:
    try:
        article, warnings = _record(source, record, line, bp)
    except FactcheckError as exc:
        result.errors.append(exc.to_input_error(source.path))
        return
    result.articles.append(article)
    result.errors.extend(warnings)


def _record(
    source: Source, record: Any, line: int, bp: Boilerplate
) -> tuple[Article, list[InputError]]:
    if not isinstance(record, dict):
        raise FactcheckError(errors.BAD_RECORD, "record is not a JSON object", line=line)
    text = record.get("text")
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
