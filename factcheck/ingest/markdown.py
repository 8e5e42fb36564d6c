"""Markdown reader: optional YAML front matter, then light removal of Markdown syntax.

Front matter is a block at the very top between ``---`` lines (closed by ``---`` or
``...``); the keys read are ``title``, ``source`` (or ``publisher``/``site``), ``url``
(or ``link``/``canonical``) and ``published`` (or ``date``). A malformed or non-mapping
block is ignored with warning FC-W002 naming its line, and the article is still read
(without the block); a block that is never closed is read as ordinary text.

Only syntax characters are removed (heading and list markers, emphasis, link brackets
and targets, images, code fences, inline HTML tags), so everything kept is a slice of
the file and offsets stay exact.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from factcheck import errors
from factcheck.ingest.normalize import Boilerplate, Piece
from factcheck.ingest.text import (
    Meta,
    ReadResult,
    Source,
    build_article,
    checked_meta,
    parse_published,
    shown,
)
from factcheck.model import InputError

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_KEYS = {
    "title": ("title",),
    "source": ("source", "publisher", "site"),
    "url": ("url", "link", "canonical"),
    "published": ("published", "date"),
}
_DROP_LINE = re.compile(
    r"[ \t]{0,3}(?:(?:```|~~~).*|([-*_=])(?:[ \t]*\1){2,}[ \t]*|\[[^\]]+\]:[ \t]*\S+.*)\r?"
)
_PREFIX = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[*+-][ \t]+|\d{1,3}[.)][ \t]+)*")
_INLINE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # image: dropped whole
    r"|</?[A-Za-z][\w-]*(?:\s[^<>\n]{0,500})?/?>"  # inline HTML tag
    r"|\\(?=[\\`*_{}\[\]()#+\-.!])"  # backslash escape
    r"|\*\*|__|`+|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)"  # emphasis and code markers
)
# Links keep their text (group 1): [text](url), [text][ref], <https://autolink>.
_LINK = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])|<(https?://[^<>\s]+)>")


def read(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """Read a .md file; front-matter problems are warnings, never fatal."""
    raw = source.raw
    meta, body = Meta(), 0
    warnings: list[InputError] = []
    opening = _OPEN.match(raw)
    closing = _CLOSE.search(raw, opening.end()) if opening else None
    if opening and closing:
        body = closing.end()
        meta, warnings = _front_matter(source.path, raw[opening.end() : closing.start()])
    elif opening:
        warnings.append(
            errors.input_error(
                errors.FRONT_MATTER_IGNORED,
                source.path,
                "'---' on line 1 opens front matter that is never closed; read as text",
                line=1,
            )
        )
    article = build_article(source, _pieces(raw, body), boilerplate, checked_meta(meta), warnings)
    return ReadResult([article], warnings)


def _front_matter(path: str, text: str) -> tuple[Meta, list[InputError]]:
    def warn(code: str, detail: str, line: int | None) -> tuple[Meta, list[InputError]]:
        return Meta(), [errors.input_error(code, path, detail, line=line)]

    try:
        data: Any = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None  # +1: 1-based, +1: the opening '---'
        return warn(errors.FRONT_MATTER_IGNORED, f"malformed YAML: {exc.problem}", line)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        return warn(errors.FRONT_MATTER_IGNORED, f"malformed YAML: {exc}", 2)
    if data is None:
        return Meta(), []
    if not isinstance(data, dict):
        return warn(errors.FRONT_MATTER_IGNORED, "front matter is not a key: value mapping", 2)
    found: dict[str, Any] = {}
    problems: list[InputError] = []
    for name, keys in _KEYS.items():
        key = next((k for k in keys if data.get(k) is not None), None)
        if key is None:
            continue
        value = data[key]
        parsed = parse_published(value) if name == "published" else value
        if parsed is None or (name != "published" and not isinstance(value, (str, int, float))):
            problems.append(
                errors.input_error(
                    errors.FIELD_IGNORED,
                    path,
                    f"front matter '{key}' has an unusable value {shown(value)}",
                    line=_key_line(text, key),
                )
            )
            continue
        found[name] = parsed if name == "published" else str(value).strip() or None
    return Meta(**found), problems


def _key_line(text: str, key: str) -> int | None:
    m = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 2 if m else None


def _pieces(raw: str, start: int) -> list[Piece]:
    """Slices of ``raw[start:]`` left after cutting Markdown syntax characters."""
    cuts: list[tuple[int, int]] = []
    pos, n = start, len(raw)
    while pos <= n:
        end = raw.find("\n", pos)
        end = n if end < 0 else end
        line = raw[pos:end]
        if _DROP_LINE.fullmatch(line):
            cuts.append((pos, end))
        else:
            prefix = _PREFIX.match(line)
            skip = prefix.end() if prefix else 0
            if skip:
                cuts.append((pos, pos + skip))
            for m in _LINK.finditer(line, skip):
                g = 1 if m.group(1) is not None else 2
                cuts += [(pos + m.start(), pos + m.start(g)), (pos + m.end(g), pos + m.end())]
            cuts += [(pos + m.start(), pos + m.end()) for m in _INLINE.finditer(line, skip)]
        pos = end + 1
    pieces: list[Piece] = []
    pos = start
    for a, b in sorted(cuts):
        if a > pos:
            pieces.append((pos, raw[pos:a]))
        pos = max(pos, b)
    if pos < n:
        pieces.append((pos, raw[pos:]))
    return pieces
