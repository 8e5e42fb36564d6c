"""Sentence boundaries and line/column positions.

Sentences are found on normalised text. News text breaks lines between headlines,
list items and paragraphs, so every line break ends a sentence; inside a line a
sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by
white space, unless the period belongs to a known abbreviation ("Dr.", "U.S.").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from factcheck.model import Span

# fmt: off
# Abbreviations whose period never ends a sentence.
_ALWAYS_ABBREV = frozenset(
    [
        "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt",
        "sgt", "maj", "adm", "cmdr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "jr", "sr", "mt",
        "ft", "messrs", "rev", "hon", "pres", "approx", "dept", "est", "fig", "e.g", "i.e",
    ]
)
# Abbreviations that end a sentence only when a typical sentence opener follows
# ("... to the U.S. The deal" ends; "the U.S. President" does not).
_COUNTRY_ABBREV = frozenset(["u.s", "u.k", "u.n", "e.u", "u.a.e", "u.s.a"])
_OPENERS = frozenset(
    [
        "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i",
        "but", "however", "in", "on", "at", "for", "and", "a", "an", "as", "after", "before",
        "when", "while", "if", "yet", "so", "there", "his", "her", "their", "our", "some", "many",
        "most", "meanwhile", "moreover", "still", "also",
    ]
)
# fmt: on

# NOTE: possessive quantifiers and the look-behind keep this linear: a run of 200,000
# dots not followed by a space otherwise costs a backtracking scan from every dot.
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.?$")
_NEXT_WORD = re.compile(r"\s+[\"“‘(\[]?([A-Za-z]+)")
_QUOTE_NEXT = re.compile(r"\s*[“\"]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what LineIndex counts as a new line


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """Decide whether the terminator run ending at ``after`` closes a sentence."""
    if text[dot] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    word = m.group(1).lower() if m else ""
    nxt = _NEXT_WORD.match(text, after)
    if word in _ALWAYS_ABBREV:
        return False
    if word in _COUNTRY_ABBREV:
        return bool(nxt and nxt.group(1).lower() in _OPENERS)
    if len(word) == 1 and word.isalpha() and m and text[m.start()].isupper():
        return False  # an initial, as in "J. Smith"
    # "approx. five" or a decimal-like slip: a lowercase continuation rarely starts
    # a new sentence in edited prose.
    return not (nxt and nxt.group(1)[0].islower() and not _QUOTE_NEXT.match(text, after))


def iter_sentences(text: str) -> Iterator[Span]:
    """Yield sentence spans (trimmed of surrounding white space) over ``text``."""
    line_start = 0
    for line in text.splitlines(keepends=True):
        line_end = line_start + len(line)
        start = line_start
        for m in _END.finditer(text, line_start, line_end):
            if _is_boundary(text, m.start(), m.end()):
                yield from _trimmed(text, start, m.end())
                start = m.end()
        yield from _trimmed(text, start, line_end)
        line_start = line_end


def _trimmed(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Span(start, end)


def sentences(text: str) -> tuple[Span, ...]:
    return tuple(iter_sentences(text))


EXCERPT_WIDTH = 300


def excerpt(sentence: str, local: Span, width: int = EXCERPT_WIDTH) -> tuple[str, Span]:
    """The part of a long ``sentence`` around ``local`` shown as evidence, and ``local`` in it.

    Sentences longer than ``4 * width`` are cut to ``width`` characters either side of
    the fact, marked with "…". A pathological "sentence" (a 160 kB line listing 20,000
    figures) would otherwise be copied into every report once per fact it holds.
    """
    if len(sentence) <= 4 * width:
        return sentence, local
    start, end = max(0, local.start - width), min(len(sentence), local.end + width)
    lead = "…" if start else ""
    cut = lead + sentence[start:end] + ("…" if end < len(sentence) else "")
    shift = len(lead) - start
    return cut, Span(local.start + shift, local.end + shift)


class LineIndex:
    """Converts character offsets into 1-based line and column numbers."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        starts.extend(m.end() for m in LINE_BREAK.finditer(text))
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
