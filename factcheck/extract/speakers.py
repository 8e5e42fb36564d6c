"""Who a quotation is attributed to.

Attribution patterns, tried in this order:

- after the quote: "“…,” Putin said", "“…,” said Dr. Elena Ivanova, an analyst",
  "“…,” said central bank governor Anna Weiss" (a lower-case title, then a person),
  "“…,” the official stated", "“…,” he said", "“…” according to X";
- before it: "Putin said: “…”", "As Dr. Sharma notes, “…”", "According to X, “…”",
  "Trump hinted at “…”", "Dmitriev seems confident: “…”", "Governor Anna Weiss, 59,
  told parliament: “…”", "Putin: “…”" (a person, maybe an appositive, a few words or
  none, a colon),
  "Putin said the deal was “…”" (a person and a reporting verb, no other person in
  between).

Named speakers are given as the article's canonical name for the person ("Dmitriev" ->
"Kirill Dmitriev" when the article names him in full). "he"/"she" is resolved to the
one person named in the nearest earlier sentence that names anyone (within three
sentences); otherwise the pronoun is kept. Anonymous speakers keep their description
("the official", "a spokesperson"); an organisation becomes "the Kremlin"; places and
other capitalised words that are no person ("Moscow said") give no speaker, so the
quote check never compares them with a person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.extract.lexicon import Lexicon
from factcheck.extract.names import PersonName
from factcheck.extract.textparts import UPPER
from factcheck.text.names import alternation, fold

CAPWORD = rf"{UPPER}(?:[\w.&-]|[’'](?!s\b))*"
_APPOSITIVE = r"(?:,[^,“”\"\n]{1,150},)?"
_AUX = r"(?:(?:has|had|also|then|later|again)[ \t]+)?"
_PRONOUNS = frozenset({"he", "she"})
LOOKBACK_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    how: str  # after | before | partial | colon | none


class SpeakerFinder:
    """Compiles the attribution patterns once; ``attribute`` is called per quotation."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        verbs = "|".join(
            re.escape(v).replace(r"\ ", r"[ \t]+")
            for v in sorted(lexicon.reporting_verbs, key=len, reverse=True)
        )
        nouns = "|".join(re.escape(n) for n in sorted(lexicon.speaker_nouns, key=len, reverse=True))
        honorific = rf"(?i:(?:{alternation(lexicon.honorifics) or '(?!)'})\b\.?[ \t]*)"
        name = rf"{honorific}?(?:{CAPWORD}[ \t]+){{0,5}}{CAPWORD}"
        desc = (
            rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)[ \t]+(?:[\w’'-]+[ \t]+){{0,4}}?"
            rf"(?i:{nouns})s?(?![\w-])"
        )
        pron = r"(?:[Hh]e|[Ss]he)(?![\w-])"

        def spk(group: str) -> str:
            return rf"(?<![\w’'-])(?P<{group}>{desc}|{pron}|{name})"

        self._after = re.compile(
            rf"[ \t]*,?[ \t]*(?:{spk('s1')}{_APPOSITIVE}[ \t]+{_AUX}(?:{verbs})(?![\w-])"
            rf"|(?:{verbs})[ \t]+{spk('s2')}|(?i:according[ \t]+to)[ \t]+{spk('s3')})"
        )
        # "…,” said central bank governor Anna Weiss": a lower-case title between the
        # verb and the name. Kept apart from ``_after``: it counts only when the words
        # after the title hold a person ("said on Monday" is no attribution).
        self._after_titled = re.compile(
            rf"[ \t]*,?[ \t]*(?:{verbs})[ \t]+(?:[a-z][\w’'-]*[ \t]+){{1,4}}?"
            rf"(?<![\w’'-])(?P<s2>{name})"
        )
        tail = (
            r"(?:[ \t]+(?:that|at|of|on|in[ \t]+a[ \t]+statement|to[ \t]+reporters|reporters))?"
            r"[ \t]*[,:]?[ \t]*\Z"
        )
        self._before = re.compile(rf"{spk('s1')}{_APPOSITIVE}[ \t]+{_AUX}(?:{verbs}){tail}")
        self._according = re.compile(
            rf"(?i:according[ \t]+to)[ \t]+{spk('s1')}(?:,[^,“”\"\n]{{1,150}})?[ \t]*[,:][ \t]*\Z"
        )
        self._colon = re.compile(
            rf"(?<![\w’'-])(?P<s1>{pron}|{name}){_APPOSITIVE}"
            rf"(?:[ \t]+(?:[\w’'-]+[ \t]+){{0,4}}[\w’'-]+)?[ \t]*:[ \t]*\Z"
        )
        self._partial = re.compile(
            rf"(?<![\w’'-])(?P<s1>{pron}|{name})"
            rf"[ \t]+{_AUX}(?:{verbs})(?![\w-])[^.!?“”\"\n]{{0,160}}\Z"
        )

    def attribute(
        self,
        text: str,
        open_at: int,
        close_at: int,
        line_start: int,
        line_end: int,
        sentences: Sequence[tuple[int, int]],
        people: Sequence[PersonName],
        quoted: Sequence[tuple[int, int]],
    ) -> Attribution:
        """The speaker of the quotation whose marks are at ``open_at`` and ``close_at``."""
        ctx = _Context(text, sentences, people, quoted)
        m = None
        if not _ends_sentence(text, open_at, close_at, line_end):
            m = self._after.match(text, close_at + 1, min(line_end, close_at + 200))
        if m is not None:
            return Attribution(self._speaker(ctx, m, open_at), "after")
        if not _ends_sentence(text, open_at, close_at, line_end):
            m = self._after_titled.match(text, close_at + 1, min(line_end, close_at + 200))
            person = self._person_in(ctx, m.start("s2"), m.end("s2"), last=False) if m else None
            if person is not None:
                return Attribution(person, "after")
        sentence_start = max(line_start, ctx.sentence_start(open_at))
        window = (max(line_start, open_at - 220), open_at)
        for pattern, how in ((self._before, "before"), (self._according, "before")):
            m = pattern.search(text, *window)
            if m is not None:
                return Attribution(self._speaker(ctx, m, open_at), how)
        for pattern, how in ((self._colon, "colon"), (self._partial, "partial")):
            m = pattern.search(text, max(sentence_start, window[0]), open_at)
            if m is None:
                continue
            person = self._person_in(ctx, m.start("s1"), m.end("s1"))
            between = ctx.people_between(m.end("s1"), open_at)
            if person is None and m.group("s1").lower() in _PRONOUNS:
                person = ctx.resolve_pronoun(m.start("s1"), line_start)
            if person is not None and not between:
                return Attribution(person, how)
        return Attribution(None, "none")

    def _speaker(self, ctx: _Context, m: re.Match[str], quote_start: int) -> str | None:
        group = next(g for g in ("s1", "s2", "s3") if m.groupdict().get(g))
        raw = m.group(group)
        if raw.lower() in _PRONOUNS:
            return (
                ctx.resolve_pronoun(min(quote_start, m.start(group)), ctx.line_start(quote_start))
                or raw
            )
        first = fold(raw.split()[0])
        if first in ("the", "a", "an", "one", "another"):
            return raw[0].lower() + raw[1:]
        # "said Omar Hassan. Arjun Mehta, director ...": a name after the verb is the
        # first one; before the verb ("Putin's envoy Kirill Dmitriev said") the last.
        person = self._person_in(ctx, m.start(group), m.end(group), last=group == "s1")
        if person is not None:
            return person
        words = [w for w in raw.split() if fold(w) not in ("the",)]
        phrase = " ".join(words)
        if fold(phrase) in self.lex.speaker_nouns:
            return phrase.lower()
        known = self.lex.orgs.get(phrase)
        return f"the {known.canonical}" if known is not None else None

    def _person_in(self, ctx: _Context, start: int, end: int, last: bool = True) -> str | None:
        inside = ctx.people_in(start, end)
        return inside[-1 if last else 0].canonical if inside else None


def _ends_sentence(text: str, open_at: int, close_at: int, line_end: int) -> bool:
    """Whether the quotation closes its sentence: “... rely on.” followed by a new
    sentence ("U.S. President Joe Biden said ..."), which is not its attribution."""
    if not text[open_at + 1 : close_at].rstrip().endswith("."):
        return False
    rest = text[close_at + 1 : line_end].lstrip()
    return bool(rest) and rest[0].isupper()


class _Context:
    """Lookups over one article's sentences, names and quotations."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        people: Sequence[PersonName],
        quoted: Sequence[tuple[int, int]],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]
        self.people = people
        self.name_starts = [p.start for p in people]
        self.quoted = quoted

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.sentences[i][0] if i >= 0 else 0

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def people_in(self, start: int, end: int) -> list[PersonName]:
        lo, hi = (
            bisect.bisect_left(self.name_starts, start),
            bisect.bisect_left(self.name_starts, end),
        )
        return [p for p in self.people[lo:hi] if p.end <= end and not self._inside_quote(p.start)]

    def people_between(self, start: int, end: int) -> set[str]:
        return {p.canonical for p in self.people_in(start, end)}

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quoted, (pos, len(self.text))) - 1
        return i >= 0 and self.quoted[i][0] < pos < self.quoted[i][1]

    def resolve_pronoun(self, pos: int, line_start: int) -> str | None:
        """The one person named in the nearest earlier sentence that names anyone."""
        i = bisect.bisect_right(self.starts, pos) - 1
        prev_line = self.text.rfind("\n", 0, max(0, line_start - 1)) + 1
        end = pos
        for k in range(i, max(-1, i - LOOKBACK_SENTENCES - 1), -1):
            start = self.sentences[k][0] if k >= 0 else 0
            if start < prev_line:
                break
            names = self.people_between(start, end)
            if names:
                return names.pop() if len(names) == 1 else None
            end = start
        return None
