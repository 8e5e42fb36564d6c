"""Shared pieces of text handling for the figure and quote extractors.

Regex fragments for capitalised words and initials in Latin and Cyrillic script, the
classification of an article's lines into body text, Title Case headlines and bylines,
and overlap tests against sorted spans.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

# Upper-case letters of the Latin and Cyrillic scripts, as a regex class.
_UPPER_CHARS = "".join(
    sorted(
        {c for c in map(chr, range(0x41, 0x250)) if c.isupper()}
        | set("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
    )
)
UPPER = "[" + re.escape(_UPPER_CHARS) + "]"
LETTER = r"[^\W\d_]"
TOKEN = rf"{UPPER}(?:{LETTER}|[’'](?!s\b)(?={LETTER})|-(?={UPPER})|-(?=[a-z]{{1,2}}\b))*"
INITIAL = rf"{UPPER}\.(?:[ \t]?{UPPER}\.)*"

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_BYLINE = re.compile(
    r"\s*(?i:by|photo|photos|image|images|author|authors|credit|credits|source|written by|"
    r"reporting by|editing by|copyright|©)\b[ \t]*:?"
)


class Lines:
    """The article's lines, classified as body, headline (Title Case) or byline."""

    __slots__ = ("kinds", "starts")

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.kinds: list[str] = []
        for m in _LINE.finditer(text):
            self.starts.append(m.start())
            self.kinds.append(_line_kind(m.group()))

    @classmethod
    def of(cls, text: str, memo: dict[object, object]) -> Lines:
        """The lines of ``text``, read once per article (``Context.memo``)."""
        found = memo.get(("lines", text))
        if not isinstance(found, Lines):
            found = memo[("lines", text)] = cls(text)
        return found

    def kind(self, pos: int) -> str:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.kinds[i] if i >= 0 else "body"


def _line_kind(line: str) -> str:
    stripped = line.strip()
    if len(stripped) < 90 and _BYLINE.match(stripped):
        return "byline"
    if len(stripped) > 200 or stripped.endswith((".", "”", '"', "!", ",", ";")):
        return "body"
    words = _WORD.findall(stripped)
    if not words or len(words) > 20:
        return "body"
    long = [w for w in words if len(w) >= 4] or words
    capitalised = sum(1 for w in long if w[0].isupper())
    return "headline" if capitalised / len(long) >= 0.6 else "body"


def inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) lies within one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, len(spans) and spans[-1][1] + 1)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_left(spans, (end, -1)) - 1
    return i >= 0 and spans[i][1] > start
