"""What a figure in real prose counts: its measure frame.

A news sentence rarely says "the number of X is N". It says "eight bogies of the
Coromandel Express derailed", "rejected votes were 939,278", "the cumulative cases
which stand at 34, the 16 are laboratory confirmed while 18 are probable", "23 deaths
(4 confirmed, 19 probable)", "Obi who finished third with 6,101,533 votes". A `Frame`
is what such a sentence says the number counts:

- ``noun``: the counted noun, canonical ("coach" for "bogies"), read after the number,
  before it through a link ("votes cast were N", "cases which stand at N"), from a
  parenthesis's head ("23 deaths (4 confirmed, ...)") or from the noun the sentence
  counted last ("of which five", "the 16 are ...");
- ``mods``: the modifiers that make two counts of that noun different measures
  (confirmed vs probable, valid vs rejected), one per exclusive group;
- ``predicate``: what happened to what is counted (derailed, fell, killed);
- ``owner``: whom the count belongs to, as lower-case name words (the train, the
  candidate, the crude grade), from "of X", "X's", "its" (the sentence's subject), a
  name opening the clause, or a definite noun ("the train") referring back to the last
  name of its kind;
- ``hypothetical`` and ``change``: a forecast or fear, and the size of a change ("up
  $4.56"), which never contradict a level.

No parser: the sentence is read as a token list with the word lists of
``rules/frames.yaml``. The reader is deterministic and linear in the sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import simplemma

from factcheck.extract.lexicon import Lexicon
from factcheck.resources import RulesDataError
from factcheck.text.names import word_set
from factcheck.vocab import Vocabulary, load_vocabulary

__all__ = ["Frame", "FrameReader"]


@dataclass(frozen=True, slots=True)
class Frame:
    noun: str = ""
    mods: tuple[str, ...] = ()  # "group=word", sorted
    predicate: str = ""
    owner: tuple[str, ...] = ()  # lower-case name words
    hypothetical: bool = False
    change: bool = False
    negated: bool = False

    def describe(self) -> str:
        """A short readable phrase: "confirmed death", "coach derail"."""
        mods = [m.partition("=")[2] for m in self.mods]
        words = [*mods, self.noun or "", self.predicate]
        return " ".join(w for w in words if w)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int
    low: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_number(self) -> bool:
        return self.text[:1].isdigit()


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:[-'’&][A-Za-z0-9]+)*|\d[\d,.]*\d%?|\d%?|[^\sA-Za-z\d]"
)
_STOP_NOUN = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "but",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "to",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "there",
        "than",
        "per",
        "each",
        "only",
        "about",
        "around",
        "nearly",
        "almost",
        "roughly",
        "some",
        "over",
        "under",
        "more",
        "less",
        "least",
        "most",
        "up",
        "down",
        "out",
        "into",
        "after",
        "before",
        "since",
        "till",
        "until",
        "when",
        "where",
        "while",
        "all",
        "both",
        "said",
        "says",
        "say",
        "told",
        "over",
        "also",
        "now",
        "just",
        "even",
        "still",
        "already",
        "not",
        "no",
    ]
)
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"]
)
_WINDOW = 400  # characters of an earlier sentence read (its end)
_REACH = 60  # tokens read either side of a figure
_OF_WHAT = _DETERMINERS | frozenset(["all", "both"])  # "nearly 50% of all employees"
_POSSESSIVE = re.compile(r"['’]s?$")  # "Twitter's", "Democrats'"
_OWNS = re.compile(r"['’]s$")  # "Bank's": a name that owns what follows
# Capitalised words that name no owner: pronouns and sentence adverbs (with the calendar
# words and honorifics of the lexicon and frames.yaml's generic_name_words:
# ``FrameReader.generic_names``).
_GENERIC_NAME = word_set("the according however meanwhile also we he she they it this that")


@lru_cache(maxsize=16)
def _tokens(sentence: str) -> tuple[list[_Tok], list[int], list[int]]:
    """A sentence's tokens with their start and end offsets, read once per sentence
    (its figures share them: a 160 kB sentence of 20,000 figures is tokenised once)."""
    toks = [
        _Tok(m.group(), m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(sentence)
    ]
    return toks, [t.start for t in toks], [t.end for t in toks]


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word.lower(), lang="en"))


@dataclass(frozen=True, slots=True)
class FrameReader:
    """Reads frames with the word lists of one ``frames.yaml``; build with `from_rules`."""

    nouns: Mapping[str, str]  # surface or lemma (may be two words) -> canonical noun
    noun_words: int  # the longest noun entry, in words
    modifiers: Mapping[str, str]  # modifier phrase -> its group
    mod_words: int
    predicates: Mapping[str, str]  # surface or lemma -> canonical predicate
    pred_words: int
    running_nouns: frozenset[str]
    running_predicates: frozenset[str]
    fate_predicates: frozenset[str]
    implied: Mapping[str, str]  # noun -> the predicate it already says
    links: tuple[tuple[str, ...], ...]  # longest first
    referents: Mapping[str, frozenset[str]]  # "train" -> name words of its kind
    hypothetical: re.Pattern[str]
    change_markers: frozenset[str]
    generic_names: frozenset[str]  # lower-case capitalised words that name no owner

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> FrameReader:
        return frame_reader(load_vocabulary(rules_dir))

    @classmethod
    def _parse(cls, vocabulary: Vocabulary) -> FrameReader:
        lexicon = Lexicon.from_vocabulary(vocabulary)
        t = vocabulary.table("frames.yaml")
        if not isinstance(t, dict):
            raise RulesDataError("frames.yaml: expected a mapping at the top level")
        nouns = _groups(t.get("nouns"), "nouns", lemmas=True)
        mods: dict[str, str] = {}
        for group, words in (t.get("modifiers") or {}).items():
            for w in words:
                mods[str(w).lower()] = str(group)
        preds = _groups(t.get("predicates"), "predicates", lemmas=False)
        links = sorted(
            (tuple(str(x).lower().split()) for x in t.get("links") or ()), key=len, reverse=True
        )
        referents = {
            str(k).lower(): frozenset(str(w).lower() for w in v)
            for k, v in (t.get("referents") or {}).items()
        }
        hyp = [re.escape(str(w).lower()) for w in t.get("hypothetical") or ()]
        return cls(
            nouns=nouns,
            noun_words=max((len(k.split()) for k in nouns), default=1),
            modifiers=mods,
            mod_words=max((len(k.split()) for k in mods), default=1),
            predicates=preds,
            pred_words=max((len(k.split()) for k in preds), default=1),
            running_nouns=frozenset(str(w) for w in t.get("running_nouns") or ()),
            running_predicates=frozenset(str(w) for w in t.get("running_predicates") or ()),
            fate_predicates=frozenset(str(w) for w in t.get("fate_predicates") or ()),
            implied={str(k): str(v) for k, v in (t.get("implied_predicates") or {}).items()},
            links=tuple(links),
            referents=referents,
            hypothetical=re.compile(r"\b(?:" + "|".join(hyp or ["(?!)"]) + r")\b", re.I),
            change_markers=frozenset(str(w).lower() for w in t.get("change_markers") or ()),
            generic_names=_GENERIC_NAME
            | lexicon.calendar
            | lexicon.honorifics
            | frozenset(str(w).lower() for w in t.get("generic_name_words") or ()),
        )

    def age_owner(self, sentence: str, start: int, end: int) -> tuple[str, ...]:
        """Whose age: "40-year-old Miguel Luna" (the name after), "Miguel Luna, 49"
        (the name before)."""
        lo = max(0, start - 120)
        sentence, start, end = sentence[lo : end + 120], start - lo, end - lo
        toks = [
            _Tok(m.group(), m.start(), m.end(), m.group().lower())
            for m in _TOKEN.finditer(sentence)
        ]
        first = next((i for i, t in enumerate(toks) if t.end > start), len(toks))
        last = next((i for i, t in enumerate(toks) if t.start >= end), len(toks))
        after = _name_at(toks, last, self.generic_names)
        if after and last < len(toks) and toks[last].is_cap:
            return after
        k = first - 1
        if k >= 0 and toks[k].text == ",":
            lo = k
            while lo > 0 and toks[lo - 1].is_cap:
                lo -= 1
            return _name_words(toks[lo:k], self.generic_names)
        return ()

    def is_running(self, frame: Frame) -> bool:
        """Whether the frame counts something that grows while a story runs."""
        return frame.noun in self.running_nouns or frame.predicate in self.running_predicates

    # --- reading ----------------------------------------------------------------------

    def read(
        self,
        sentence: str,
        start: int,
        end: int,
        previous: Sequence[str] = (),
        earlier_noun: str = "",
    ) -> Frame:
        """The frame of the figure at ``sentence[start:end]``.

        ``previous`` holds the article's sentences before this one (nearest last), used
        to resolve "the train" and a subject-less clause; ``earlier_noun`` is the noun of
        the figure before this one in the sentence ("23 deaths, of which five ...").
        A long sentence is read in a window around the figure, and earlier sentences by
        their ends, so a 160 kB "sentence" of 20,000 figures costs linear time.
        """
        previous = [p[-_WINDOW:] for p in previous]
        every, starts, ends = _tokens(sentence)
        first = bisect.bisect_right(ends, start)  # the first token ending after start
        last = bisect.bisect_left(starts, end, lo=first)  # the first token from end on
        lo = max(0, first - _REACH)
        toks = every[lo : last + _REACH]
        first, last = first - lo, last - lo
        noun, mods, used, owner_at = self._noun(toks, first, last, earlier_noun)
        mods = _exclusive(mods)
        predicate = self._predicate(toks, first, max(last, used))
        if not noun and last < len(toks) and toks[last].low in ("voted", "turned"):
            noun = "voter"  # "only 25.3 million voted"
        owner = self._owner(toks, first, last, owner_at, previous)
        possessor = _possessor(toks, last, used, self.generic_names) if noun else None
        if possessor is not None:
            owner = possessor  # "95% of SVB's deposits": SVB
        if predicate not in self.fate_predicates or self.implied.get(noun) == predicate:
            predicate = ""  # "deaths ... died" says no more than "deaths"
        before = sentence[max(0, start - 80) : start].lower()
        after = sentence[end : min(len(sentence), end + 30)].lower()
        negated = bool(re.search(r"\bnot\s*$", before))
        return Frame(
            noun=noun,
            mods=tuple(sorted(mods)),
            predicate=predicate,
            owner=owner,
            hypothetical=self._hypothetical(before, after),
            change=self._change(toks, first, sentence[end : end + 160]),
            negated=negated,
        )

    def _noun(
        self, toks: Sequence[_Tok], first: int, last: int, earlier_noun: str
    ) -> tuple[str, set[str], int, int]:
        """The noun the figure at ``toks[first:last]`` counts, its modifiers, the first
        token after the noun phrase, and where to look for its owner."""
        noun, mods, used = self._noun_after(toks, last)
        verb = None
        for k in range(used, min(len(toks), used + 3)):
            if toks[k].low in ("were", "are", "was", "is", "have", "had"):
                verb = k
                break
            if not toks[k].is_word:
                break  # "of the 21 deaths, four are confirmed": "are" is four's
        if noun and verb is not None:
            # "five of the deceased patients were confirmed to have died"
            mods = mods | self._mods_after(toks, verb)
        owner_at = used
        if not noun:
            noun, mods2, owner_at = self._noun_in_paren(toks, first)
            mods = mods or mods2
        if not noun:
            noun, mods2, owner_at = self._noun_before(toks, first)
            mods = mods or mods2
        if not noun:
            # "18 were listed as probable deaths": the noun after "as".
            for j in range(last, min(len(toks), last + 4)):
                if toks[j].low == "as":
                    noun, mods2, owner_at = self._noun_after(toks, j + 1)
                    mods = mods or mods2
                    break
                if toks[j].text in (",", ";", "."):
                    break
        if not noun and earlier_noun and self._refers_back(toks, first, last):
            noun = earlier_noun
            mods = mods or self._mods_after(toks, last)
        return noun, mods, used, owner_at

    def _hypothetical(self, before: str, after: str) -> bool:
        """A figure needed, required or forecast, not one that happened."""
        return (
            self.hypothetical.search(before) is not None
            or re.match(r"\s*(?:[A-Za-z-]+\s+){0,2}(?:needed|required)\b", after) is not None
            or (
                re.match(
                    r"\s*(?:\w+\s+)?(?:is|are|was|were)\s+(?:projected|expected|forecast)", after
                )
                is not None
            )
        )

    def _change(self, toks: Sequence[_Tok], first: int, rest: str) -> bool:
        """A change or part of a total, not a count: "up 5", "out of 10", "bringing ... to"."""
        prev_word = toks[first - 1].low if first > 0 else ""
        prev_two = " ".join(t.low for t in toks[max(0, first - 2) : first])
        return (
            prev_two == "out of"  # "three votes cast out of 10 registered voters"
            or prev_word in self.change_markers
            or prev_two in self.change_markers
            or (prev_word == "or" and first > 1 and toks[first - 2].text.endswith("%"))
            # "4 cases were confirmed, bringing the cumulative number to 11"
            or re.search(r"^[^.;]*?\bbringing\b[^.;]*\bto\b", rest) is not None
        )

    def _phrase(
        self, toks: Sequence[_Tok], i: int, table: Mapping[str, str], width: int
    ) -> tuple[str, int]:
        """The longest entry of ``table`` starting at token ``i``: (value, tokens used)."""
        for n in range(min(width, len(toks) - i), 0, -1):
            words = [t.low for t in toks[i : i + n]]
            key = " ".join(words)
            if key in table:
                return table[key], n
            if n == 1:
                lem = _lemma(words[0])
                if lem in table:
                    return table[lem], 1
            else:
                lem_key = " ".join([*words[:-1], _lemma(words[-1])])
                if lem_key in table:
                    return table[lem_key], n
        return "", 0

    def _mod_at(self, toks: Sequence[_Tok], i: int) -> tuple[str, int]:
        for n in range(min(self.mod_words, len(toks) - i), 0, -1):
            key = " ".join(t.low for t in toks[i : i + n])
            if key in self.modifiers:
                return f"{self.modifiers[key]}={key.split()[-1]}", n
        return "", 0

    def _noun_after(self, toks: Sequence[_Tok], i: int) -> tuple[str, set[str], int]:
        """ "eight bogies", "18 confirmed and 18 probable cases", "five of the deceased
        patients", "23 cumulative deaths": the noun after the number."""
        mods: set[str] = set()
        j, skipped = i, 0
        own_mods = True
        while j < len(toks) and skipped < 6:
            t = toks[j]
            mod, n = self._mod_at(toks, j)
            if mod:
                if own_mods:
                    mods.add(mod)
                j += n
                continue
            if re.search(r"\w['’]s$|s['’]$", t.text):
                j += 1  # "of the country's container traffic": the owner, not the noun
                skipped += 1
                continue
            noun, n = self._phrase(toks, j, self.nouns, self.noun_words)
            if noun and (toks[j].low in self.nouns or not _verb_form(toks[j].low, noun)):
                k = j + n
                mod, m = self._mod_at(toks, k) if k < len(toks) else ("", 0)
                if mod:
                    mods.add(mod)  # "25,286,616 voters accredited"
                    k += m
                if k + 1 < len(toks) and toks[k].low == "in" and toks[k + 1].is_cap:
                    mods.add("in=" + toks[k + 1].low)  # "a million votes in Kano"
                return noun, mods, k
            if t.low in ("and", "or") and j + 1 < len(toks) and toks[j + 1].is_number:
                own_mods = False  # "18 confirmed and 18 probable cases"
                j += 2
                continue
            if t.low == "of" and j + 1 < len(toks) and _plural_noun(toks[j + 1].low):
                j += 1  # "$21 billion of securities"
                continue
            if t.low == "of" and j + 1 < len(toks) and toks[j + 1].low in _OF_WHAT:
                j += 2  # "five of the deceased patients"
                skipped += 1
                continue
            if t.low == "worth" and j + 1 < len(toks) and toks[j + 1].low == "of":
                j += 2  # "$1.75 billion worth of its available-for-sale securities"
                if j < len(toks) and toks[j].low in _DETERMINERS:
                    j += 1
                continue
            if t.low == "of" and j + 1 < len(toks) and toks[j + 1].is_cap:
                # "87% of Silicon Valley Bank's deposits": past the owner's name
                k = j + 1
                while k < len(toks) and toks[k].is_cap and k - j < 6:
                    if _OWNS.search(toks[k].text):
                        break
                    k += 1
                if k < len(toks) and _OWNS.search(toks[k].text):
                    j = k + 1
                    skipped += 1
                    continue
            if t.is_word and not t.is_cap and t.low not in _STOP_NOUN and skipped < 2:
                # An adjective or a noun we do not know: "general coaches", "Ebola cases".
                # A plural the lexicon does not know is the counted noun itself
                # ("available-for-sale securities", "SVB's deposits").
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                ends = nxt is None or not (nxt.is_word and not nxt.is_cap) or nxt.low in _STOP_NOUN
                if ends and _plural_noun(t.low):
                    return _lemma(t.low), mods, j + 1
                skipped += 1
                j += 1
                continue
            if t.is_cap and skipped < 4:
                skipped += 1  # "36 Ebola Virus Disease (EVD) case-patients"
                j += 1
                continue
            if t.text in ("(", ")", "-") and skipped < 4:
                j += 1
                continue
            break
        return "", set(), i

    def _mods_after(self, toks: Sequence[_Tok], i: int) -> set[str]:
        """ "the 16 are laboratory confirmed", "five were among confirmed cases"."""
        mods: set[str] = set()
        for j in range(i, min(len(toks), i + 5)):
            if toks[j].text in (",", ";", ")") or toks[j].low in ("while", "and", "but"):
                break
            mod, _ = self._mod_at(toks, j)
            if mod:
                mods.add(mod)
        return mods

    def _noun_in_paren(self, toks: Sequence[_Tok], i: int) -> tuple[str, set[str], int]:
        """ "23 cumulative deaths (4 confirmed, 19 probable)": the head before the
        parenthesis, and the modifier after the number."""
        depth = 0
        for j in range(i - 1, max(-1, i - 12), -1):
            t = toks[j].text
            if t == ")":
                depth += 1
            elif t == "(":
                if depth:
                    depth -= 1
                    continue
                for k in range(j - 1, max(-1, j - 16), -1):
                    if toks[k].text in (".", ";", ")"):
                        break
                    if toks[k].is_number:
                        noun, _, _ = self._noun_after(toks, k + 1)
                        if noun:
                            return noun, self._mods_after(toks, i + 1), j
                        break
                for k in range(j - 1, max(-1, j - 5), -1):
                    noun, _ = self._phrase(toks, k, self.nouns, self.noun_words)
                    if noun:
                        return noun, self._mods_after(toks, i + 1), j
                    if toks[k].text in (".", ";"):
                        break
                return "", set(), i
        return "", set(), i

    def _noun_before(self, toks: Sequence[_Tok], i: int) -> tuple[str, set[str], int]:
        """ "rejected votes were 939,278", "the total number of votes cast was N", "the
        cumulative cases which stand at 34", "the death toll ... has risen to 21"."""
        j = i
        link = False
        for words in self.links:
            n = len(words)
            if j - n >= 0 and tuple(t.low for t in toks[j - n : j]) == words:
                j -= n
                link = True
                break
        if not link and j > 0 and toks[j - 1].text == ":":
            j -= 1
            link = True
        if not link:
            return "", set(), i
        if j > 0 and toks[j - 1].low in ("has", "have", "had", "which", "that", "now"):
            j -= 1
        if j > 0 and toks[j - 1].low in ("which", "that"):
            j -= 1
        # The noun phrase before the link, back to a clause boundary.
        stop = j
        lo = j
        while lo > 0 and j - lo < 12:
            t = toks[lo - 1]
            if t.text in (",", ";", ".", "(", ")", "“", '"') or t.low in (
                "while",
                "but",
                "that",
                "whereas",
            ):
                break
            if t.low == "and" and not (
                lo >= 2
                and toks[lo - 2].is_word
                and not toks[lo - 2].is_cap
                and toks[lo].is_word
                and not toks[lo].is_cap
                and toks[lo].low not in _DETERMINERS
            ):
                break  # "valid votes were N and rejected votes were M": a new clause
            lo -= 1
        span = toks[lo:stop]
        # "the number of X": X is the noun; "X of Y": X is.
        mods: set[str] = set()
        for k in range(len(span)):
            mod, _ = self._mod_at(span, k)
            if mod and not (k > 0 and span[k - 1].low in _AUXILIARIES):
                mods.add(mod)  # "the total number of votes cast": total, before "number"
        span_words = [t.low for t in span]
        if len(span_words) >= 3 and "number" in span_words:
            k = span_words.index("number")
            if k + 1 < len(span_words) and span_words[k + 1] == "of":
                span = span[k + 2 :]
        else:
            cut = next((k for k, t in enumerate(span) if t.low in ("of", "in")), len(span))
            span = span[:cut]
        noun = ""
        k = 0
        while k < len(span):
            mod, n = self._mod_at(span, k)
            if mod and not (k > 0 and span[k - 1].low in _AUXILIARIES):
                mods.add(mod)
                k += n
                continue
            found, n = self._phrase(span, k, self.nouns, self.noun_words)
            if found:
                noun = found
                k += n
                continue
            k += 1
        return noun, mods, lo

    def _refers_back(self, toks: Sequence[_Tok], first: int, last: int) -> bool:
        """ "of which five", "the 16 are", "18 were listed", "of the 21 deaths, four
        are": a number standing for things counted just before."""
        before = [t.low for t in toks[max(0, first - 2) : first]]
        after = toks[last].low if last < len(toks) else ""
        return (
            before[-2:] == ["of", "which"]
            or (before[-1:] == ["the"] and after in ("are", "were", "is", "was"))
            or after in ("are", "were", "have", "had")
            or (bool(before) and before[-1] in (",", "while", "and") and after in ("are", "were"))
        )

    def _predicate(self, toks: Sequence[_Tok], first: int, last: int) -> str:
        """The nearest predicate of the lexicon around the figure, after it first."""
        j, budget = last, last + 14
        while j < min(len(toks), budget):
            if toks[j].text in (";",) or toks[j].low in ("while", "whereas"):
                break
            if toks[j].low in ("which", "who") and j > last:
                # "21 coaches of the train, which was travelling at full speed, were
                # derailed": the relative clause says nothing of what is counted.
                k = j + 1
                while k < len(toks) and toks[k].text not in (",", ";", "."):
                    k += 1
                budget += k + 1 - j  # the skipped clause does not use up the reach
                j = k + 1
                continue
            pred, _ = self._phrase(toks, j, self.predicates, self.pred_words)
            if pred:
                return pred
            j += 1
        for j in range(first - 1, max(-1, first - 8), -1):
            if toks[j].text in (",", ";", ".") or toks[j].is_number:
                break
            pred, _ = self._phrase(toks, j, self.predicates, self.pred_words)
            if pred:
                return pred
        return ""

    def _owner(
        self,
        toks: Sequence[_Tok],
        first: int,
        last: int,
        after_noun: int,
        previous: Sequence[str],
    ) -> tuple[str, ...]:
        """Whose count it is, as distinctive lower-case name words."""
        j = after_noun
        if j < len(toks) and toks[j].low == "of":
            name = _name_at(toks, j + 1, self.generic_names)
            if name:
                return name
            if j + 2 < len(toks) and toks[j + 1].low == "the":
                kind = toks[j + 2].low
                if kind in self.referents:
                    return self._referent(kind, toks[:first], previous)
        near = [t.low for t in toks[max(0, first - 3) : first]]
        if "its" in near or "their" in near:
            # The subject of the clause "its" stands in: after the last "that" ("said
            # that the Coromandel Express derailed first, and its 10-12 coaches"), else
            # the sentence's own.
            that = max((k for k in range(first) if toks[k].low == "that"), default=-1)
            generic = self.generic_names
            return _first_name(toks[that + 1 : first], generic, skip_first=that < 0) or _first_name(
                toks[:first], generic
            )
        if first > 1 and _POSSESSIVE.search(toks[first - 1].text) and toks[first - 1].is_cap:
            return _name_words([toks[first - 1]], self.generic_names)
        # Names just before the figure in its clause: "Peter Obi of Labour Party
        # secured N", "and Obi who finished third with N votes".
        lo = first
        while lo > 0 and first - lo < 24:
            t = toks[lo - 1]
            if t.text in (";", ".", ",", ":") or t.low in ("while", "whereas", "but"):
                break
            if t.low == "and" and lo < first and toks[lo].is_cap:
                break  # "... Atiku who finished second with N votes and Obi who ..."
            lo -= 1
        if lo > 1 and toks[lo].low in ("who", "which") and toks[lo - 1].text == ",":
            # "Atiku Abubakar, who polled N votes", "the Liberal Democrats' 12% vote
            # share, which translated into 71 seats": the names before the comma.
            lo -= 1
            while lo > 0 and toks[lo - 1].text not in (",", ";", ".") and first - lo < 24:
                lo -= 1
        if any(t.low == "each" for t in toks[lo:first]):
            # "Reform UK, Plaid Cymru, and the Green Party each secured four seats"
            k = lo
            while k > 0 and toks[k - 1].text not in (";", ".") and first - k < 24:
                k -= 1
            every = _every_name(toks[k:first], self.generic_names)
            if every:
                return every
        name = _all_names(toks[lo:first], self.generic_names, skip_first=lo == 0)
        if not name and lo > 1 and toks[lo - 1].text == "," and toks[lo].low in _PREPOSITIONS:
            # "Labour had a majority of 176, with 412 seats": the clause before the comma
            k = lo - 1
            while k > 0 and toks[k - 1].text not in (";", ".", ",") and lo - k < 24:
                k -= 1
            name = _all_names(toks[k : lo - 1], self.generic_names, skip_first=k == 0)
        if name:
            return name
        if lo == 0 or toks[lo].low in ("it", "which", "was", "is"):
            for sent in reversed(previous[-1:]):
                ptoks = [
                    _Tok(m.group(), m.start(), m.end(), m.group().lower())
                    for m in _TOKEN.finditer(sent)
                ]
                name = _first_name(ptoks, self.generic_names)
                if name:
                    return name
        return ()

    def _referent(
        self, kind: str, before: Sequence[_Tok], previous: Sequence[str]
    ) -> tuple[str, ...]:
        """The last name of kind ``kind`` ("the train": the last "... Express")."""
        words = self.referents[kind]
        texts = [*previous, " ".join(t.text for t in before)]
        for text in reversed(texts):
            toks = [
                _Tok(m.group(), m.start(), m.end(), m.group().lower())
                for m in _TOKEN.finditer(text)
            ]
            for k in range(len(toks) - 1, -1, -1):
                if toks[k].is_cap and toks[k].low in words:
                    lo = k
                    while lo > 0 and (toks[lo - 1].is_cap or toks[lo - 1].is_number):
                        lo -= 1
                    name = _name_words(toks[lo : k + 1], self.generic_names)
                    if name:
                        return name
        return ()


def _exclusive(mods: set[str]) -> set[str]:
    """Two modifiers of one exclusive group ("confirmed and suspected deaths") name the
    union: the count is the total, not either part."""
    groups = [m.partition("=")[0] for m in mods]
    return {m for m, g in zip(mods, groups, strict=True) if groups.count(g) == 1}


def _plural_noun(word: str) -> bool:
    """A plural noun by its form ("securities", "deposits", "homes"), not a verb form or
    a word that only looks plural ("is", "has", "was", "this")."""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous"))
        and word not in _STOP_NOUN
        and _lemma(word) != word
    )


def _verb_form(word: str, noun: str) -> bool:
    """ "voted", "falling": a verb written like a noun of the lexicon, not the noun."""
    return word != noun and word.endswith(("ed", "ing")) and not noun.endswith(("ed", "ing"))


def _name_at(toks: Sequence[_Tok], i: int, generic: frozenset[str]) -> tuple[str, ...]:
    if i < len(toks) and toks[i].low == "the":
        i += 1
    j = i
    while j < len(toks) and (toks[j].is_cap or (toks[j].is_number and j == i)):
        j += 1
    return _name_words(toks[i:j], generic) if j > i else ()


def _first_name(
    toks: Sequence[_Tok], generic: frozenset[str], skip_first: bool = True
) -> tuple[str, ...]:
    """The first run of capitalised words (a sentence's first word only when the next
    is capitalised too)."""
    k = 0
    first_word = next((i for i, t in enumerate(toks) if t.is_word), 0)
    while k < len(toks):
        if toks[k].is_cap and toks[k].is_word:
            j = k
            while j < len(toks) and (toks[j].is_cap or toks[j].text == "-"):
                j += 1
            run = toks[k:j]
            opener = len(run) == 1 and _function_word(run[0].low, generic)
            if k == first_word and skip_first and opener:
                k = j
                continue
            name = _name_words(run, generic)
            if name:
                return name
            k = j
        else:
            k += 1
    return ()


# "has confirmed a final death toll of 238": a verb, not a modifier of the count
_AUXILIARIES = frozenset(["has", "have", "had", "was", "were", "is", "are", "be", "been"])
_PREPOSITIONS = frozenset(["with", "including", "after", "for", "at", "by"])


_OPENERS = frozenset(
    [
        "despite", "after", "before", "with", "as", "when", "while", "in", "on", "at", "for",
        "since", "although", "though", "if", "so", "yet", "still", "now", "then", "today",
        "however", "meanwhile", "also", "but", "and", "or", "only", "just", "even", "here",
        "there", "some", "many", "most", "all", "both", "each", "every", "several", "one",
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "more",
        "less", "about", "around", "nearly", "almost", "over", "under", "according",
        "speaking", "asked", "earlier", "later", "separately", "similarly", "finally",
        "overall", "altogether", "together", "officials", "authorities", "police", "reports",
    ]
)  # fmt: skip


def _function_word(word: str, generic: frozenset[str]) -> bool:
    """A capitalised sentence opener that is no name ("The", "Despite", "Officials")."""
    return word in _STOP_NOUN or word in generic or word in _DETERMINERS or word in _OPENERS


def _every_name(toks: Sequence[_Tok], generic: frozenset[str]) -> tuple[str, ...]:
    words: list[str] = []
    for k, t in enumerate(toks):
        if (t.is_cap and t.is_word and k > 0) or (k == 0 and len(toks) > 1 and toks[1].is_cap):
            words.extend(_name_words([t], generic))
    return tuple(dict.fromkeys(words))


def _all_names(toks: Sequence[_Tok], generic: frozenset[str], skip_first: bool) -> tuple[str, ...]:
    """The clause's leading name: its first run of capitalised words ("Rabiu Kwankwaso
    of the New Nigerian Peoples Party"), or the run a possessive leads to ("Nigel
    Farage's anti-immigration Reform UK")."""
    runs: list[tuple[str, ...]] = []
    possessive: list[bool] = []
    k = 0
    while k < len(toks):
        if toks[k].is_cap and toks[k].is_word:
            j = k
            while j < len(toks) and toks[j].is_cap:
                j += 1
            if not (k == 0 and skip_first and j - k == 1 and _function_word(toks[k].low, generic)):
                words = _name_words(toks[k:j], generic)
                if words:
                    runs.append(words)
                    possessive.append(bool(_POSSESSIVE.search(toks[j - 1].text)))
            k = j
        else:
            k += 1
    if not runs:
        return ()
    if possessive[0] and len(runs) > 1:
        return runs[1]
    return runs[0]


def _possessor(
    toks: Sequence[_Tok], last: int, used: int, generic: frozenset[str]
) -> tuple[str, ...] | None:
    """The name in a possessive between the figure and its noun ("95% of SVB's deposits")."""
    ends = [k for k in range(last, used) if toks[k].is_cap and _OWNS.search(toks[k].text)]
    if not ends:
        return None
    lo = ends[0]
    while lo > last and toks[lo - 1].is_cap:
        lo -= 1
    return _name_words(toks[lo : ends[0] + 1], generic)


def _name_words(toks: Sequence[_Tok], generic: frozenset[str]) -> tuple[str, ...]:
    words: list[str] = []
    for t in toks:
        for part in re.split(r"[-–]", _POSSESSIVE.sub("", t.low)):
            if part and not part.isdigit() and part not in generic:
                words.append(part)
    return tuple(words)


def _groups(value: object, name: str, *, lemmas: bool) -> dict[str, str]:
    if not isinstance(value, dict):
        raise RulesDataError(f"frames.yaml: {name} must be a mapping of groups")
    out: dict[str, str] = {}
    for canonical, words in value.items():
        for w in [canonical, *words]:
            key = str(w).lower()
            out.setdefault(key, str(canonical))
            if lemmas and " " not in key:
                out.setdefault(_lemma(key), str(canonical))
    return out


def frame_reader(vocabulary: Vocabulary | None = None) -> FrameReader:
    """The reader of a run's vocabulary (the shipped rules by default), built once."""
    return _frame_reader(vocabulary or load_vocabulary())  # cached by folder content


@lru_cache(maxsize=8)
def _frame_reader(vocabulary: Vocabulary) -> FrameReader:
    return FrameReader._parse(vocabulary)
