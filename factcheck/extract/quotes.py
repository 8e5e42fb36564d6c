"""Quotations and who said them.

Quotation marks are paired inside one paragraph (a line of the normalised text), so a
quote may span sentences but never paragraphs. Straight and curly double quotes are
both read, including the mis-typed opener of ``said,”The ...``; single quotes inside a
double-quoted passage stay part of it, and a top-level ‘single-quoted’ passage counts
too. Quotes of one to three words are scare quotes (“rare”) and short Title Case
phrases are titles; neither is reported.

Interview transcripts, where paragraphs start with a person's name and a colon
("Dr. Petrova: Thank you ..."), give one quotation per answer paragraph, without marks.
The hit span is the quotation including its marks. Attribution is ``speakers.py``'s job.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from pathlib import Path

from factcheck.extract.base import Context, Hit
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.names import NameFinder, PersonName
from factcheck.extract.orgs import OrgFinder
from factcheck.extract.speakers import SpeakerFinder
from factcheck.extract.textparts import UPPER, Lines
from factcheck.model import FactType, Quotation
from factcheck.text.names import alternation
from factcheck.text.spans import sentences as split_sentences

__all__ = ["QuoteExtractor", "extract_quotes"]

MIN_WORDS = 4
CONFIDENCE = {
    "after": 0.9,
    "before": 0.9,
    "continued": 0.8,
    "colon": 0.7,
    "partial": 0.7,
    "none": 0.6,
}
TRANSCRIPT_CONFIDENCE = 0.8
MIN_TRANSCRIPT_LABELS = 3

_LINE = re.compile(r"[^\n]+")
_DOUBLE = re.compile(r"[\"“”„«»]")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(?=\S)", re.M)
_SINGLE_CLOSE = re.compile(r"(?<=\S)’(?=[\s,.;:!?)\]—–]|$)", re.M)
_STRAIGHT_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'(?=[^\W_])", re.M)
_STRAIGHT_CLOSE = re.compile(r"(?<=[^\W_][.,!?;:])'(?=[\s)\]—–-]|$)", re.M)
_WORDS = re.compile(r"[^\W_][\w’'-]*")
_RANK = re.compile(r"^(?i:senior|chief|deputy)\s+")
_OPENERS = "“„«"
_CLOSERS = "”»"


class QuoteExtractor:
    """Rule-based quotation extractor driven by ``rules/titles.yaml``/``aliases.yaml``."""

    name = "quotes"
    version = "1"
    produces = FactType.QUOTE

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._names = NameFinder(lexicon)
        self._orgs = OrgFinder(lexicon)
        self._speakers = SpeakerFinder(lexicon)
        # A transcript's speaker label: "Dr. Smith: ...", "PUTIN: ...".
        honorific = alternation(lexicon.honorifics) or "(?!)"
        self._label = re.compile(
            rf"[ \t]*(?P<label>(?:(?i:{honorific})\.?[ \t]*)?[A-Za-z][\w’'.-]*"
            rf"(?:[ \t]+{UPPER}[\w’'.-]*){{0,3}})[ \t]*:[ \t]+(?=\S)"
        )

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> QuoteExtractor:
        return cls(Lexicon.from_rules(rules_dir))

    def __call__(self, ctx: Context) -> list[Hit]:
        text = ctx.text
        paragraphs = [(m.start(), m.end()) for m in _LINE.finditer(text)]
        per_paragraph = [pair_quotes(text, start, end) for start, end in paragraphs]
        pairs = sorted(p for found in per_paragraph for p in found)
        labels = sum(1 for start, end in paragraphs if self._label.match(text, start, end))
        if labels < MIN_TRANSCRIPT_LABELS and not any(
            is_quotation(text[o + 1 : c]) for o, c in pairs
        ):
            return []
        lines = Lines.of(text, ctx.memo)
        orgs = self._orgs.find(text, lines, memo=ctx.memo)
        people = self._names.find(text, [(o.start, o.end) for o in orgs], lines, ctx.memo)
        spans = ctx.sentences or split_sentences(text)
        sentences = [(s.start, s.end) for s in spans]
        name_starts = [p.start for p in people]
        hits: list[Hit] = []
        for (start, end), found in zip(paragraphs, per_paragraph, strict=True):
            previous: str | None = None
            previous_end = start
            for open_at, close_at in sorted(found):
                body = text[open_at + 1 : close_at]
                if not is_quotation(body):
                    continue
                said = self._speakers.attribute(
                    text, open_at, close_at, start, end, sentences, people, pairs
                )
                speaker, how = said.speaker, said.how
                if how == "none" and previous is not None:
                    lo = bisect.bisect_left(name_starts, previous_end)
                    hi = bisect.bisect_left(name_starts, open_at)
                    others = {p.canonical for p in people[lo:hi]}
                    if others <= {previous}:
                        speaker, how = previous, "continued"
                hits.append(
                    Hit(open_at, close_at + 1, Quotation(_clean(body), speaker), CONFIDENCE[how])
                )
                previous, previous_end = speaker, close_at + 1
        hits.extend(self._transcript(text, lines, paragraphs, people, name_starts))
        hits.sort(key=lambda h: (h.start, h.end))
        # Mixed marks ("'President “ President,'" inside a "…” … ”" pair) can pair two
        # overlapping spans; a quotation is one stretch of text, so the first stands.
        kept: list[Hit] = []
        for hit in hits:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def _transcript(
        self,
        text: str,
        lines: Lines,
        paragraphs: list[tuple[int, int]],
        people: list[PersonName],
        name_starts: list[int],
    ) -> list[Hit]:
        """One quotation per "Name: answer" paragraph, when the article is an interview."""
        labelled: list[tuple[int, int, str | None]] = []
        for start, end in paragraphs:
            m = self._label.match(text, start, end)
            if m is None or lines.kind(start) != "body":
                continue
            lo = bisect.bisect_left(name_starts, m.start("label"))
            hi = bisect.bisect_left(name_starts, m.end("label"))
            inside = [p for p in people[lo:hi] if p.end <= m.end("label")]
            role = self.lexicon.title(_RANK.sub("", m.group("label")))
            if inside or role is not None:
                labelled.append((m.end(), end, inside[-1].canonical if inside else None))
        if len(labelled) < MIN_TRANSCRIPT_LABELS:
            return []
        hits: list[Hit] = []
        for start, end, speaker in labelled:
            body = text[start:end].rstrip()
            if speaker is not None and len(_WORDS.findall(body)) >= MIN_WORDS:
                hits.append(
                    Hit(start, start + len(body), Quotation(body, speaker), TRANSCRIPT_CONFIDENCE)
                )
        return hits


def pair_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) positions of the top-level quotation marks in text[start:end]."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _DOUBLE.finditer(text, start, end):
        i, ch = m.start(), m.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if ch in _OPENERS or (ch == '"' and not (before.isalnum() and after.isspace())):
                open_at = i
            elif ch in _CLOSERS and after.isalnum() and not before.isalnum():
                open_at = i  # a mis-typed opener: said,”The ...
        elif ch in _CLOSERS or (ch == '"' and text[open_at] != "“"):
            pairs.append((open_at, i))
            open_at = None
        elif ch in _OPENERS and (before.isspace() or after.isalnum()):
            open_at = i  # the earlier opener was never closed
    return pairs + _single_quotes(text, start, end, pairs)


def _single_quotes(
    text: str, start: int, end: int, doubles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Top-level ‘…’ passages that lie outside every double-quoted one, and their
    straight form 'We are ready,' (normalisation writes curly quotes straight)."""
    out = _straight_single_quotes(text, start, end, doubles)
    if text.find("‘", start, end) < 0:
        return out  # NOTE: the common case (normalised text has none), found by a fast scan
    pos = start
    while (m := _SINGLE_OPEN.search(text, pos, end)) is not None:
        close = _SINGLE_CLOSE.search(text, m.end(), end)
        if close is None:
            break
        span = (m.start(), close.start())
        if "‘" not in text[span[0] + 1 : span[1]] and not any(
            s <= span[0] <= e for s, e in doubles
        ):
            out.append(span)
        pos = close.end()
    return out


def _straight_single_quotes(
    text: str, start: int, end: int, doubles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """British-style 'single-quoted' passages: an opening ' at the start of a word after
    a space or bracket, a closing ' right after the punctuation that ends the quoted
    words ('…,' said X). An apostrophe inside a word ("we're") or after one ("the
    partners' deal") is neither; of two openers before one close ("the '90s. 'We
    are …,'") the later one opens the passage."""
    out: list[tuple[int, int]] = []
    if text.find("'", start, end) < 0:
        return out
    pos = start
    while (close := _STRAIGHT_CLOSE.search(text, pos, end)) is not None:
        opener = None
        for m in _STRAIGHT_OPEN.finditer(text, pos, close.start()):
            opener = m
        if opener is not None and not any(s <= opener.start() <= e for s, e in doubles):
            out.append((opener.start(), close.start()))
        pos = close.end()
    return out


def is_quotation(body: str) -> bool:
    """False for scare quotes (one to three words) and short Title Case titles."""
    words = _WORDS.findall(body)
    if len(words) < MIN_WORDS:
        return False
    long = [w for w in words if len(w) > 3]
    title_case = bool(long) and all(w[0].isupper() for w in long)
    return not (len(words) <= 6 and title_case and body.rstrip()[-1:] not in ".!?,")


def _clean(body: str) -> str:
    return body.strip().rstrip(",").rstrip()


@cache
def _default_extractor() -> QuoteExtractor:
    # Built once per process from the shipped tables; the extractor is immutable.
    return QuoteExtractor.from_rules()


def extract_quotes(text: str) -> list[Hit]:
    """Quotations in ``text`` using the shipped rules tables."""
    return _default_extractor()(Context(text=text, sentences=split_sentences(text)))
