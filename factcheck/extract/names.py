"""Person names in one article, with their in-article canonical form.

A person name is a run of capitalised words that is a known alias (``rules/aliases.yaml``)
or has evidence of being a person: a known given name first ("Elena Ivanova"), an
honorific or title right before it ("Dr. Sharma", "analyst Robert Hayes"), or a role
appositive after it ("Sharma, a leading analyst"). A bare capitalised word is a person
only when it is a known surname or the surname of a full name named in the same article.
Headlines accept only names already established in the body; bylines and photo credits
are skipped. Sentence-initial words, days, months, countries, places, titles and
organisation keywords never form part of a name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.extract.lexicon import KnownPerson, Lexicon
from factcheck.extract.textparts import (
    INITIAL,
    TOKEN,
    UPPER,
    Lines,
    inside,
    overlaps,
)
from factcheck.extract.titlematch import TitleMatcher
from factcheck.text.names import SUFFIXES, NameText, alternation, fold, word_set

# A chunk is an initial or a run of capitalised tokens, not glued to a word, "#" or "@".
# NOTE: written as its first (upper-case) letter, then the look-behind at the character
# before it, then the rest: a pattern that opens with a character class lets ``re`` skip
# to the next capital letter at C speed, where a leading look-behind is tried at every
# position (2.4 ms -> 1.0 ms per 40 kB of news).
assert INITIAL.startswith(UPPER) and TOKEN.startswith(UPPER)
_PREV_WORD = re.compile(r"(?<![\w.])([^\W\d_]+)[ \t]+\Z")
# Words after which a month name is a month even before a capitalised word.
_TIME_WORDS_BEFORE = word_set(
    "in on since by until till from to through last next early late mid of during before "
    "after between and or"
)
_COMMA = re.compile(r"[ \t]*,[ \t]*")
_PHRASE_END = re.compile(r"[,;:.“”\"\n]")
_SEPARATOR = re.compile(r"[ \t.-]")  # what joins the words of a chunk
MAX_TOKENS = 4
_SPLITS_SIZE = 50_000  # chunk texts whose split into names is remembered


@dataclass(frozen=True, slots=True)
class PersonName:
    """One mention of a person's name. ``lead`` includes an honorific before it."""

    start: int
    end: int
    text: str
    canonical: str
    known: bool = False
    lead: int = -1

    @property
    def first(self) -> int:
        return self.lead if self.lead >= 0 else self.start


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int
    tokens: int
    known: KnownPerson | None


class NameFinder:
    """Finds person names; construct once per lexicon, call ``find`` per article."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.non_name = lexicon.non_name_words()
        self.surnames = lexicon.known_surnames()
        self.first_words = frozenset(k.split()[0] for k in lexicon.people if " " in k)
        self.last_words = frozenset(k.split()[-1] for k in lexicon.people if " " in k)
        self.titles = TitleMatcher(lexicon)
        # Name particles ("van", "bin") may join the capitalised words of one name.
        particle = f"(?:{alternation(lexicon.name_particles) or '(?!)'})"
        more = rf"(?:[ \t]+(?:{particle}[ \t]+){{0,2}}(?:{INITIAL}|{TOKEN}))*"
        self._chunk = re.compile(
            rf"{UPPER}(?<![\w#@].)(?:{INITIAL.removeprefix(UPPER)}|{TOKEN.removeprefix(UPPER)}{more})"
        )
        self._unit = re.compile(rf"(?P<init>{INITIAL})|(?P<tok>{TOKEN})|(?P<part>\b{particle}\b)")
        honorific = alternation(lexicon.honorifics) or "(?!)"
        self._hon_before = re.compile(rf"(?i:\b(?:{honorific})\b\.?)[ \t]*\Z")
        # "dr. smith": a lower-case surname after an honorific written with its dot.
        self._hon_lower = re.compile(rf"(?i:\b(?:{honorific})\.)[ \t]*([a-z][a-z’'-]{{2,}})\b")
        self._hon_lower_hints = tuple(h + "." for h in lexicon.honorifics)  # cheap test first
        # Single capitalised words that are never a name on their own.
        self._skip_single = (self.non_name | lexicon.places) - self.last_words
        verbs = "|".join(
            re.escape(v).replace(r"\ ", r"[ \t]+")
            for v in sorted(lexicon.reporting_verbs, key=len, reverse=True)
        )
        # "said Piotr Nowak", "Piotr Nowak told reporters": a full name next to a
        # reporting verb is a speaker, hence a person.
        self._verb_before = re.compile(rf"(?<![\w-])(?:{verbs})[ \t]+\Z")
        self._verb_after = re.compile(rf"[ \t]+(?:{verbs})(?![\w-])")
        self._splits: dict[str, tuple[tuple[int, int, int, KnownPerson | None], ...]] = {}

    def find(
        self,
        text: str,
        blocked: Sequence[tuple[int, int]] = (),
        lines: Lines | None = None,
        memo: dict[object, object] | None = None,
    ) -> list[PersonName]:
        """Every person name in ``text`` outside the ``blocked`` (organisation) spans.

        ``blocked`` must be sorted and non-overlapping. ``memo`` (an article's
        ``Context.memo``) keeps the candidate runs, which do not depend on ``blocked``,
        for the next extractor that asks about the same text.
        """
        key = ("names", id(self.lex), text)
        cached = memo.get(key) if memo is not None else None
        if isinstance(cached, tuple):
            chunks, lowered = cached
        else:
            chunks, lowered = self._candidates(text, lines or Lines(text))
            if memo is not None:
                memo[key] = (chunks, lowered)
        found: list[tuple[_Run, int, bool]] = []  # run, honorific start, needs confirmation
        for start, end, runs in chunks:
            if blocked and inside(start, end, blocked):
                continue
            found.extend(r for r in runs if not overlaps(r[0].start, r[0].end, blocked))
        found.extend(r for r in lowered if not overlaps(r[0].start, r[0].end, blocked))
        if memo is None:
            return self._resolve(text, found)
        # The figure and the quote extractor usually block the same spans. A kept run is
        # named by its span (hashing the runs themselves costs more than resolving them).
        kept = tuple((run.start, run.end) for run, _, _ in found)
        resolved_key = ("names.resolved", id(self.lex), text, kept)
        resolved = memo.get(resolved_key)
        if not isinstance(resolved, list):
            resolved = memo[resolved_key] = self._resolve(text, found)
        return list(resolved)

    def _candidates(
        self, text: str, lines: Lines
    ) -> tuple[list[tuple[int, int, list[tuple[_Run, int, bool]]]], list[tuple[_Run, int, bool]]]:
        """Capitalised runs by chunk, and lower-case names after an honorific."""
        chunks: list[tuple[int, int, list[tuple[_Run, int, bool]]]] = []
        for chunk in self._chunk.finditer(text):
            single = chunk.group()
            one_word = " " not in single and "\t" not in single and "-" not in single
            if one_word and fold(single) in self._skip_single:
                continue  # the common case: "The", "In", "Russia"
            kind = lines.kind(chunk.start())
            if kind == "byline":
                continue
            runs: list[tuple[_Run, int, bool]] = []
            for run in self._runs(text, chunk.start(), chunk.end()):
                hon = self._hon_before.search(text, max(0, run.start - 8), run.start)
                lead = hon.start() if hon else -1
                evident = run.known is not None or (
                    kind == "body" and (hon or self._evident(text, run))
                )
                runs.append((run, lead, not evident))
            chunks.append((chunk.start(), chunk.end(), runs))
        low = text.lower()
        lowered = (
            [
                (_Run(m.start(1), m.end(1), 1, None), m.start(), True)
                for m in self._hon_lower.finditer(text)
            ]
            if any(h in low for h in self._hon_lower_hints)
            else []
        )
        return chunks, lowered

    def _evident(self, text: str, run: _Run) -> bool:
        """Evidence, besides a table entry or honorific, that a run names a person."""
        words = text[run.start : run.end].split()
        if run.tokens >= 2 and fold(words[0]) in self.lex.given_names:
            return True  # "Elena Ivanova"
        if (
            run.tokens >= 2
            and fold(words[-1]) in self.surnames
            and not _sentence_initial(text, run.start)
        ):
            return True  # "met Hunter Biden": not Joe Biden
        if self.titles.ending_at(text, run.start) is not None:
            return True
        if run.tokens >= 2 and (
            self._verb_before.search(text, max(0, run.start - 20), run.start)
            or self._verb_after.match(text, run.end)
        ):
            return True
        comma = _COMMA.match(text, run.end)
        if comma is None:
            return False
        stop = _PHRASE_END.search(text, comma.end(), min(len(text), comma.end() + 80))
        end = stop.start() if stop else min(len(text), comma.end() + 80)
        return self.titles.first_in(text, comma.end(), end, max_before=4) is not None

    def _runs(self, text: str, start: int, end: int) -> list[_Run]:
        chunk = text[start:end]
        if _SEPARATOR.search(chunk) is None:  # one word: the common case
            word = fold(chunk)
            if not self._can_start(chunk, word):
                return []
            runs: list[_Run] = []
            if self._lowercase_slip(text, [(start, end, "tok")], start, runs):
                return runs
            return [_Run(start, end, 1, self.lex.person(chunk) if word in self.surnames else None)]
        # NOTE: how a run of capitalised words splits into names depends on its own words,
        # unless its first word may end a lower-case slip ("donald Trump"), which reads
        # the word before. A corpus names the same people in article after article, so
        # the split is remembered per chunk text for the finder's lifetime.
        first = self._unit.match(text, start, end)
        if first is None or fold(first.group()) in self.last_words:
            return self._split(text, start, end)
        split = self._splits.get(chunk)
        if split is None:
            if len(self._splits) >= _SPLITS_SIZE:
                self._splits.clear()
            split = self._splits[chunk] = tuple(
                (r.start - start, r.end - start, r.tokens, r.known)
                for r in self._split(text, start, end)
            )
        return [_Run(start + s, start + e, tokens, known) for s, e, tokens, known in split]

    def _split(self, text: str, start: int, end: int) -> list[_Run]:
        """The names in the capitalised run text[start:end] of several words."""
        units = [
            (m.start(), m.end(), m.lastgroup or "") for m in self._unit.finditer(text, start, end)
        ]
        runs: list[_Run] = []
        i, n = self._lowercase_slip(text, units, start, runs), len(units)
        while i < n:
            s, e, kind = units[i]
            word = fold(text[s:e])
            j = (
                self._known_window(text, units, i)
                if word in self.first_words or kind == "init"
                else 0
            )
            if j:
                known = self.lex.person(text[s : units[j - 1][1]])
                j, known = _suffixed(text, units, j, known)
                runs.append(
                    _Run(s, units[j - 1][1], sum(u[2] != "part" for u in units[i:j]), known)
                )
                i = j
                continue
            if kind != "tok" or not (
                self._can_start(text[s:e], word) or self._calendar_given_name(text, units, i)
            ):
                i += 1
                continue
            j = i + 1
            while j < n and j - i < MAX_TOKENS + 2 and self._can_continue(text, units[j]):
                j += 1
            while j > i + 1 and units[j - 1][2] == "part":
                j -= 1
            i0 = self._given_name_cut(text, units, i, j)
            j2, known = _suffixed(text, units, j, None)
            count = sum(u[2] != "part" for u in units[i0:j2])
            if j2 == i0 + 1 and word in self.surnames and i0 == i:
                known = self.lex.person(text[s:e])
            elif j2 == i0 + 1 and "-" in text[s:e]:
                runs.extend(self._hyphenated(text, s, e))  # "Trump-Putin summit"
                i = j2
                continue
            if count <= MAX_TOKENS:
                runs.append(_Run(units[i0][0], units[j2 - 1][1], count, known))
            i = j2
        return runs

    def _lowercase_slip(
        self, text: str, units: list[tuple[int, int, str]], start: int, runs: list[_Run]
    ) -> int:
        """Take in a lower-case given name before a chunk ("donald Trump"); return units used."""
        if (
            fold(text[units[0][0] : units[0][1]]) not in self.last_words
            or start < 2
            or not text[start - 2].islower()
        ):
            return 0
        m = _PREV_WORD.search(text, max(0, start - 24), start)
        if m is None or not m.group(1).islower() or fold(m.group(1)) not in self.first_words:
            return 0
        for j in range(min(len(units), 4), 0, -1):
            known = self.lex.person(text[m.start(1) : units[j - 1][1]])
            if known is not None:
                runs.append(_Run(m.start(1), units[j - 1][1], j + 1, known))
                return j
        return 0

    def _hyphenated(self, text: str, start: int, end: int) -> list[_Run]:
        parts, runs, pos = text[start:end].split("-"), [], start
        for part in parts:
            known = self.lex.person(part) if fold(part) in self.surnames else None
            if known is None:
                return []
            runs.append(_Run(pos, pos + len(part), 1, known))
            pos += len(part) + 1
        return runs

    def _known_window(self, text: str, units: list[tuple[int, int, str]], i: int) -> int:
        for j in range(min(len(units), i + 6), i + 1, -1):
            if units[j - 1][2] != "part" and self.lex.person(text[units[i][0] : units[j - 1][1]]):
                return j
        return 0

    def _can_start(self, token: str, word: str) -> bool:
        if len(token) < 2 or word in self.non_name or word in self.lex.places:
            return False
        if word.endswith("ly") and word not in self.lex.given_names:
            return False  # "Later", "Interestingly" (but "Kelly", "Emily" are listed names)
        return not token.isupper() or word in self.surnames

    def _calendar_given_name(self, text: str, units: list[tuple[int, int, str]], i: int) -> bool:
        """A month or day word that is also a listed given name starts a name when a
        capitalised name word follows and no time word comes before: "Jan Horak", but
        not "Jan 5", nor "Jan" after "in" or "since" (other evidence may still make the
        words after it a name)."""
        s, e, _ = units[i]
        word = fold(text[s:e])
        if word not in self.lex.calendar or word not in self.lex.given_names or i + 1 >= len(units):
            return False
        ns, ne, kind = units[i + 1]
        if kind != "tok" or not self._can_start(text[ns:ne], fold(text[ns:ne])):
            return False
        before = _PREV_WORD.search(text, max(0, s - 24), s)
        return before is None or fold(before.group(1)) not in _TIME_WORDS_BEFORE

    def _can_continue(self, text: str, unit: tuple[int, int, str]) -> bool:
        s, e, kind = unit
        if kind != "tok":
            return True
        token = text[s:e]
        return fold(token) not in self.non_name and not (len(token) > 1 and token.isupper())

    def _given_name_cut(self, text: str, units: list[tuple[int, int, str]], i: int, j: int) -> int:
        """Start a run at a given name after non-name words: "Foreign Affairs Sergey Lavrov"."""
        if fold(text[units[i][0] : units[i][1]]) in self.lex.given_names:
            return i
        for k in range(i + 1, j - 1):
            if fold(text[units[k][0] : units[k][1]]) in self.lex.given_names:
                return k
        return i

    def _resolve(self, text: str, found: list[tuple[_Run, int, bool]]) -> list[PersonName]:
        """Canonical names; unconfirmed runs survive only as names established elsewhere."""
        fulls: dict[str, set[str]] = defaultdict(set)
        full_keys: set[str] = set()
        for run, _, unconfirmed in found:
            if run.tokens >= 2 and not unconfirmed:
                name = run.known.canonical if run.known else _fix_case(text[run.start : run.end])
                fulls[_surname_key(name, self.lex.names)].add(name)
                full_keys.add(self.lex.names.key(text[run.start : run.end]))
        out: list[PersonName] = []
        for run, lead, unconfirmed in found:
            surface = text[run.start : run.end]
            if run.tokens >= 2:
                if unconfirmed and self.lex.names.key(surface) not in full_keys:
                    continue  # e.g. a Title Case phrase in a headline
                name = run.known.canonical if run.known else _fix_case(surface)
            else:
                cands = set(fulls.get(fold(surface), ()))
                if run.known is not None:
                    cands.add(run.known.canonical)
                if unconfirmed and not cands:
                    continue  # a capitalised word with no evidence of being a person
                name = cands.pop() if len(cands) == 1 else _fix_case(surface)
            out.append(PersonName(run.start, run.end, surface, name, run.known is not None, lead))
        out.sort(key=lambda p: p.start)
        return _dedupe(out)


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence, where any word is capitalised."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in "\n.!?:;\"“”'‘’(—–-"


def _suffixed(
    text: str, units: list[tuple[int, int, str]], j: int, known: KnownPerson | None
) -> tuple[int, KnownPerson | None]:
    """Extend a run over "Jr."/"III": "Donald Trump Jr." is not Donald Trump."""
    if j < len(units) and fold(text[units[j][0] : units[j][1]]).rstrip(".") in SUFFIXES:
        return j + 1, None
    return j, known


def _fix_case(name: str) -> str:
    """Capitalise lower-case slips (\"donald Trump\"), leaving particles alone."""
    return " ".join(
        w[:1].upper() + w[1:] if w.islower() and len(w) > 3 else w for w in name.split()
    )


def _surname_key(name: str, names: NameText) -> str:
    tokens = [t for t in names.key(name).split() if t not in SUFFIXES]
    return tokens[-1] if tokens else ""


def _dedupe(names: list[PersonName]) -> list[PersonName]:
    out: list[PersonName] = []
    for p in names:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out
