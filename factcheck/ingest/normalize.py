"""Text clean-up that keeps an exact map back to the raw file text.

Readers hand over *pieces*: ``(raw_offset, text)`` pairs where ``text[i]`` came from
``raw[raw_offset + i]`` (a reader may change characters one for one, e.g. an HTML
reader turns a newline inside a paragraph into a space). ``normalize`` then

* splits lines (every line break ends a sentence) and drops boilerplate lines, blocks
  and phrases listed in ``rules/boilerplate.yaml``;
* maps curly quotes, primes and dashes to ASCII one for one, deletes invisible
  characters (zero-width, bidi controls, soft hyphens, C0/C1 controls), collapses runs
  of spaces and tabs, trims lines and keeps at most one blank line between paragraphs;
* inserts the space missing after sentence punctuation ("U.S.and", "range.Dr",
  "access,especially"), but not inside "3.5", "U.S.", "e.g.", "$1,000" or URLs.

Every output character maps to the raw character it came from; an inserted space maps
to the raw position of the character after it. The map is stored as breakpoints only
where it shifts (``OffsetMap``).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.model import OffsetMap
from factcheck.resources import RulesDataError
from factcheck.vocab import load_vocabulary

Piece = tuple[int, str]

_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_GONE = "\x00"  # marks a character to delete; translation keeps the length
_DELETE = (
    [o for o in range(0x20) if chr(o) not in "\t\n\r\v\f\x1c\x1d\x1e"]
    + [0x7F, *range(0x80, 0x85), *range(0x86, 0xA0), 0xAD, 0xFEFF, *range(0x200B, 0x2010)]
    + [*range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A)]
)
_TRANS = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′", "'"),
        **dict.fromkeys("“”„‟″", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\t\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
        **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000", " "),
        **dict.fromkeys(map(chr, _DELETE), _GONE),
    }
)
# Runs that are not a plain single space: collapsed to one space or deleted.
_RUN = re.compile("[ \x00]{2,}|\x00")
# Where a space is missing; the space goes at ``match.end()``. Letters before the
# period keep "3.5" and "U.S." intact, two letters after keep "Ph.D." and "U.S.A".
_GLUE = re.compile(
    r"(?<=[A-Za-z][a-z][.!?])(?=[A-Z][A-Za-z])"
    r"|(?<=[0-9%)\]][.!?])(?=[A-Z][a-z])"
    r"|(?<=[A-Za-z][a-z][.!?][\"”’])(?=[\"“‘]?[A-Z])"
    r"|(?<=[A-Za-z][a-z][.!?])(?=[“‘][A-Z])"
    r"|(?<=[a-z]\.\.\.)(?=[A-Z][a-z])|(?<=[a-z]…)(?=[A-Z][a-z])"
    r"|(?<![A-Za-z.])(?:[A-Za-z]\.){2,}(?=[A-Za-z]{2})"
    r"|(?<=[A-Za-z0-9.)\]\"”’][,;])(?=[A-Za-z]{2})"
    r"|(?<=[a-z]{2}:)(?=[A-Z][a-z])"
)
_URLISH = re.compile(r"://|^www\.|@|^#|\w\.[a-z]{2,}/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """Lines dropped together: ``start`` line, then ``follow`` lines, up to ``end``."""

    start: re.Pattern[str]
    follow: re.Pattern[str] | None = None
    end: re.Pattern[str] | None = None
    max_lines: int = 10


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Compiled boilerplate rules (see ``rules/boilerplate.yaml`` for the semantics)."""

    lines: tuple[re.Pattern[str], ...] = ()
    phrases: tuple[re.Pattern[str], ...] = ()
    blocks: tuple[Block, ...] = ()
    # An HTML element whose class or id holds one of ``hidden_classes`` (a word of it,
    # between hyphens or underscores) is page furniture: its text is not read.
    hidden_classes: re.Pattern[str] = re.compile("(?!)")


NO_BOILERPLATE = Boilerplate()


def load_boilerplate(rules_dir: Path | None = None) -> Boilerplate:
    """Load and compile ``boilerplate.yaml``; raise ``RulesDataError`` naming the entry."""
    doc = load_vocabulary(rules_dir).table("boilerplate.yaml") or {}
    if not isinstance(doc, dict):
        raise RulesDataError("boilerplate.yaml: expected a mapping at the top level")

    def compile_(value: Any, where: str) -> re.Pattern[str]:
        if not isinstance(value, str):
            raise RulesDataError(f"boilerplate.yaml: {where}: expected a regex string")
        try:
            return re.compile(value)
        except re.error as exc:
            raise RulesDataError(f"boilerplate.yaml: {where}: bad regex: {exc}") from exc

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_(v, f"{key}[{i}]") for i, v in enumerate(doc.get(key) or ()))

    blocks = []
    for i, entry in enumerate(doc.get("blocks") or ()):
        where = f"blocks[{i}]"
        if not isinstance(entry, dict) or "start" not in entry:
            raise RulesDataError(f"boilerplate.yaml: {where}: needs a 'start' regex")
        follow, end = (
            compile_(entry[k], f"{where}.{k}") if entry.get(k) is not None else None
            for k in ("follow", "end")
        )
        max_lines = entry.get("max_lines", 10)
        if not isinstance(max_lines, int) or isinstance(max_lines, bool) or max_lines < 1:
            raise RulesDataError(f"boilerplate.yaml: {where}.max_lines: expected a positive int")
        blocks.append(Block(compile_(entry["start"], f"{where}.start"), follow, end, max_lines))
    classes = doc.get("hidden_classes") or []
    if not isinstance(classes, list) or not all(isinstance(c, str) and c for c in classes):
        raise RulesDataError("boilerplate.yaml: hidden_classes: expected a list of words")
    hidden = "|".join(re.escape(c) for c in classes)
    bp = Boilerplate(patterns("lines"), patterns("phrases"), tuple(blocks))
    if not hidden:
        return bp
    junk = re.compile(rf"(?:^|[-_])(?:{hidden})(?:$|[-_])", re.IGNORECASE)
    return dataclasses.replace(bp, hidden_classes=junk)


class _Builder:
    """Accumulates output text and the breakpoints of its offset map."""

    def __init__(self, pieces: Sequence[Piece]) -> None:
        kept = [(r, t) for r, t in pieces if t]
        self.raws = [r for r, _ in kept]
        self.starts = [*itertools.accumulate((len(t) for _, t in kept[:-1]), initial=0)][
            : len(kept)
        ]
        self.source = "".join(t for _, t in kept)
        self.parts: list[str] = []
        self.norm: list[int] = []  # breakpoints: output position -> raw position
        self.raw: list[int] = []
        self.length, self.expect = 0, -1

    def raw_of(self, s: int) -> int:
        k = bisect.bisect_right(self.starts, s) - 1
        return self.raws[k] + s - self.starts[k]

    def add(self, text: str, raw_pos: int) -> None:
        if raw_pos != self.expect:
            if self.norm and self.norm[-1] == self.length:
                self.raw[-1] = raw_pos
            else:
                self.norm.append(self.length)
                self.raw.append(raw_pos)
        self.parts.append(text)
        self.length += len(text)
        self.expect = raw_pos + len(text)

    def copy(self, out: str, a: int, b: int) -> None:
        """Emit ``out[a:b]`` (source coordinates), splitting at piece boundaries."""
        k = bisect.bisect_right(self.starts, a) - 1
        while a < b:
            stop = min(b, self.starts[k + 1]) if k + 1 < len(self.starts) else b
            self.add(out[a:stop], self.raws[k] + a - self.starts[k])
            a, k = stop, k + 1

    def result(self) -> tuple[str, OffsetMap]:
        if not self.norm:
            return "", OffsetMap()
        return "".join(self.parts), OffsetMap(tuple(self.norm), tuple(self.raw))


def normalize(
    pieces: Sequence[Piece], boilerplate: Boilerplate = NO_BOILERPLATE
) -> tuple[str, OffsetMap]:
    """Normalise the text carried by ``pieces`` and map it back to raw offsets."""
    out = _Builder(pieces)
    source = out.source
    trans = source.translate(_TRANS)
    lines: list[tuple[int, int, int]] = []  # content start, content end, break position
    pos = 0
    for m in _BREAK.finditer(source):
        lines.append((pos, m.start(), m.start()))
        pos = m.end()
    lines.append((pos, len(source), -1))
    kept = _apply_boilerplate(trans, lines, boilerplate)
    started, blank, prev_break, blank_break = False, False, 0, 0
    for (_, _, brk), ranges in zip(lines, kept, strict=True):
        if ranges is None:
            continue
        segments = _segments(trans, ranges)
        if not segments:
            blank, blank_break = started, brk
            continue
        if started:
            out.add("\n", out.raw_of(prev_break))
            if blank:
                out.add("\n", out.raw_of(blank_break))
        _emit_line(out, source, trans, segments)
        started, blank, prev_break = True, False, brk
    return out.result()


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \x00":
        a += 1
    while b > a and text[b - 1] in " \x00":
        b -= 1
    return a, b


def _apply_boilerplate(
    trans: str, lines: list[tuple[int, int, int]], bp: Boilerplate
) -> list[list[tuple[int, int]] | None]:
    """Per line: kept content ranges ([] = blank line) or None (line removed)."""
    bounds = [_strip(trans, a, b) for a, b, _ in lines]
    kept: list[list[tuple[int, int]] | None] = []
    i = 0
    while i < len(bounds):
        a, b = bounds[i]
        text = trans[a:b]
        block_end = _match_block(trans, bounds, i, bp.blocks) if text else None
        if not text:
            kept.append([])
        elif block_end is not None:
            j, cut = block_end
            kept.extend([None] * (j - i))
            i = j
            if cut is not None:
                bounds[i] = _strip(trans, cut, bounds[i][1])
                if bounds[i][0] == bounds[i][1]:
                    kept.append(None)
                    i += 1
            continue
        elif any(p.fullmatch(text) for p in bp.lines):
            kept.append(None)
        else:
            kept.append(_remove_phrases(trans, a, b, bp.phrases))
        i += 1
    return kept


def _match_block(
    trans: str, bounds: list[tuple[int, int]], i: int, blocks: tuple[Block, ...]
) -> tuple[int, int | None] | None:
    """If a block starts at line ``i``: (first line after it, cut offset in that line)."""
    a, b = bounds[i]
    for block in blocks:
        if not block.start.fullmatch(trans[a:b]):
            continue
        j = i + 1
        while j < len(bounds) and j <= i + block.max_lines and (block.follow or block.end):
            ja, jb = bounds[j]
            if ja == jb and block.end is None:
                break
            m = block.end.match(trans[ja:jb]) if block.end and ja < jb else None
            if m:
                return j, ja + m.end()
            if ja < jb and block.follow and not block.follow.fullmatch(trans[ja:jb]):
                break
            j += 1
        if block.end is None:
            return j, None
    return None


def _remove_phrases(
    trans: str, a: int, b: int, phrases: tuple[re.Pattern[str], ...]
) -> list[tuple[int, int]] | None:
    text = trans[a:b]
    cuts = sorted(
        (a + m.start(), a + m.end())
        for p in phrases
        for m in p.finditer(text)
        if m.end() > m.start()
    )
    if not cuts:
        return [(a, b)]
    ranges, pos = [], a
    for start, end in cuts:
        if start > pos:
            ranges.append(_strip(trans, pos, start))
        pos = max(pos, end)
    ranges.append(_strip(trans, pos, b))
    ranges = [(s, e) for s, e in ranges if e > s]
    return ranges or None


def _segments(trans: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Visible runs of one line as source ranges; (p, -1) is one space mapped to ``p``.

    A collapsed white-space run keeps its first space as real text; the gap left by a
    removed phrase becomes an inserted space.
    """
    segs: list[tuple[int, int]] = []
    for a, b in ranges:
        if segs:
            segs.append((a, -1))
        pos = a
        for m in _RUN.finditer(trans, a, b):
            if m.start() > pos:
                segs.append((pos, m.start()))
            space = m.group().find(" ")
            if space >= 0:
                segs.append((m.start() + space, m.start() + space + 1))
            pos = m.end()
        if pos < b:
            segs.append((pos, b))
    return segs


def _emit_line(out: _Builder, source: str, trans: str, segments: list[tuple[int, int]]) -> None:
    """Emit one line's segments, adding the spaces missing after punctuation."""
    if len(segments) == 1:  # fast path: most lines are one clean run
        s, e = segments[0]
        visible = source[s:e]
        if _GLUE.search(visible) is None:
            out.copy(trans, s, e)
            return
    else:
        visible = "".join(" " if e < 0 else source[s:e] for s, e in segments)
    inserts = [m.end() for m in _GLUE.finditer(visible) if not _urlish(visible, m.end())]
    inserts.append(len(visible) + 1)  # sentinel
    k, vpos = 0, 0  # vpos: position of the segment's first character in ``visible``
    for s, e in segments:
        if e < 0:
            out.add(" ", out.raw_of(s))
            vpos += 1
            continue
        while inserts[k] < vpos + e - s:
            split = s + inserts[k] - vpos
            out.copy(trans, s, split)
            out.add(" ", out.raw_of(split))
            vpos, s, k = inserts[k], split, k + 1
        out.copy(trans, s, e)
        vpos += e - s


def _urlish(line: str, pos: int) -> bool:
    start = line.rfind(" ", 0, pos) + 1
    end = line.find(" ", pos)
    return bool(_URLISH.search(line[start : end if end >= 0 else len(line)]))
