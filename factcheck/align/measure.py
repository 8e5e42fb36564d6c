"""What a quantity measures, read from the sentence around it.

"China ... controlling nearly 60% of global production" measures China's share of
global production; "investments worth up to $15 billion" measures investments. This
module turns such context into a `Measure`: a subject (who or what the number is
about, when the sentence names one), a readable phrase and a deterministic ``key``
that is equal, or nearly equal under `key_similarity`, for paraphrases of the same
measure and different for different measures.

There is no parser here: the phrase is read with a few surface patterns, tried in
order (an "of" phrase or a noun after the number, a noun phrase linked to the number by
"worth"/"valued at"/"is", the object of the clause a participle hangs from). The word
lists that steer them live in ``rules/measures.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from factcheck.resources import RulesDataError
from factcheck.vocab import Vocabulary, load_vocabulary

__all__ = ["Measure", "MeasureReader", "key_similarity", "measure_of", "same_measure"]


@dataclass(frozen=True, slots=True)
class Measure:
    """What is measured: ``subject`` (e.g. "China"), ``phrase`` as shown to readers
    ("share of global production") and ``key`` ("percentage:global production").

    A key whose part after the colon is empty means the measure could not be read; such
    keys never match anything under `key_similarity`.
    """

    subject: str | None
    phrase: str
    key: str


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()


# "U.S." and "F-35" are one token each; the possessive stays on its word.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*|\d[\d,.]*\d%?|\d%?|[^\sA-Za-z\d]"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_PREDICATE_REACH = 6  # words between a count and what happened to what it counts
_LONG = 1000  # longer sentences are read in a window of _WINDOW characters each side
_WINDOW = 400
_AUXILIARIES = frozenset(
    ("is", "are", "was", "were", "will", "would", "could", "can", "may", "might", "should",
     "has", "have", "had", "be", "been", "also", "now", "still", "already")
)  # fmt: skip
_DETERMINERS = frozenset(
    ("the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those")
)


def _words(value: Any) -> frozenset[str]:
    return frozenset(_text(v).lower() for v in value or ())


def _text(v: Any) -> str:
    # YAML reads a bare on/off/yes/no as a boolean: say so instead of matching "true".
    if isinstance(v, bool) or v is None:
        raise RulesDataError(f"measures.yaml: {v!r} in a word list; quote words like 'on'")
    return str(v)


@dataclass(frozen=True, slots=True, eq=False)
class MeasureReader:
    """Reads measures with the tables of one ``measures.yaml``; build with `from_rules`."""

    phrase_synonyms: tuple[tuple[re.Pattern[str], str], ...]
    synonyms: dict[str, str]
    stopwords: frozenset[str]
    implicit: dict[str, frozenset[str]]
    irregular: dict[str, str]
    gerunds: frozenset[str]
    rate_words: frozenset[str]
    links: tuple[tuple[str, ...], ...]
    attach_preps: frozenset[str]
    attach_heads: frozenset[str]
    stops: frozenset[str]
    intro: frozenset[str]
    not_subjects: frozenset[str]
    predicates: dict[str, str]  # word -> the name of its group ("died" -> "killed")

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> MeasureReader:
        """Load ``measures.yaml`` from ``rules_dir`` (default: the shipped rules)."""
        return cls.from_vocabulary(load_vocabulary(rules_dir))

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> MeasureReader:
        """The reader of a run's ``measures.yaml``, built once per vocabulary."""
        return _from_vocabulary(vocabulary)

    @classmethod
    def _parse(cls, vocabulary: Vocabulary) -> MeasureReader:
        t = vocabulary.table("measures.yaml")
        if not isinstance(t, dict):
            raise RulesDataError("measures.yaml: expected a mapping at the top level")
        phrase_syn = sorted((str(k).lower(), str(v)) for k, v in t["phrase_synonyms"].items())
        phrase_syn.sort(key=lambda kv: -len(kv[0]))
        return cls(
            phrase_synonyms=tuple(
                (re.compile(r"(?<![\w.])" + re.escape(k) + r"(?![\w])"), v) for k, v in phrase_syn
            ),
            synonyms={str(k).lower(): str(v) for k, v in t["synonyms"].items()},
            stopwords=_words(t["stopwords"]),
            implicit={str(k): _words(v) for k, v in t["implicit"].items()},
            irregular={str(k).lower(): str(v) for k, v in t["irregular"].items()},
            gerunds=_words(t["gerund_nouns"]),
            rate_words=_words(t["rate_words"]),
            links=tuple(
                sorted((tuple(_text(w).lower().split()) for w in t["value_links"]), key=len)[::-1]
            ),
            attach_preps=_words(t["attach_prepositions"]),
            attach_heads=_words(t["attach_heads"]),
            stops=_words(t["phrase_stops"]),
            intro=_words(t["intro_words"]),
            not_subjects=_words(t["not_subjects"]),
            predicates={
                w: str(name)
                for name, words in (t.get("count_predicates") or {}).items()
                for w in _words(words)
            },
        )

    # --- public -------------------------------------------------------------------

    def __call__(self, sentence: str, local_start: int, local_end: int, dimension: str) -> Measure:
        """Read the measure of the quantity at ``sentence[local_start:local_end]``."""
        local_start = max(0, min(local_start, len(sentence)))
        local_end = max(local_start, min(local_end, len(sentence)))
        if len(sentence) > _LONG:
            # A "sentence" of thousands of characters (a table, a run-on line) is read
            # in a window around the number, so each figure costs the same.
            lo = max(0, local_start - _WINDOW)
            hi = min(len(sentence), local_end + _WINDOW)
            sentence, local_start, local_end = sentence[lo:hi], local_start - lo, local_end - lo
        toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
        before = [t for t in toks if t.end <= local_start]
        after = [t for t in toks if t.start >= local_end]
        possessor: str | None = None
        phrase, via_of = self._forward(after), False
        if phrase and phrase[0].low == "of":
            phrase, via_of = phrase[1:], True
        if not phrase:
            phrase, possessor = self._linked(before)
        if not phrase:
            phrase = self._clause_object(before)
        text = _span_text(sentence, phrase)
        if via_of and dimension == "percentage" and text:
            text = f"share of {text}"
        if dimension == "count" and text:
            predicate = self._predicate(before, after)
            if predicate and predicate not in text.lower().split():
                text = f"{text} {predicate}"  # "people killed", "workers employed"
        subject = possessor or self._subject(before)
        return Measure(subject=subject, phrase=text, key=self.key(text, dimension))

    def key(self, phrase: str, dimension: str) -> str:
        """The deterministic key of ``phrase``: dimension plus its sorted content lemmas."""
        low = phrase.lower()
        for pattern, repl in self.phrase_synonyms:
            low = pattern.sub(repl, low)
        drop = self.stopwords | self.implicit.get(dimension, frozenset())
        lemmas = set()
        for word in re.findall(r"[a-z0-9]+", low):
            lemma = self.synonyms.get(self._lemma(word), self._lemma(word))
            if lemma not in drop and word not in drop:
                lemmas.add(lemma)
        return f"{dimension}:{' '.join(sorted(lemmas))}"

    # --- phrase patterns ----------------------------------------------------------

    def _forward(self, after: Sequence[_Tok]) -> list[_Tok]:
        """An "of" phrase or a noun right after the quantity ("60% of X", "17 metals")."""
        i = 0
        while i < len(after) and after[i].low in self.rate_words:
            i += 1  # "2 million tons a year of ..." keeps reading past the rate
        if i >= len(after) or not after[i].is_word:
            return []
        if after[i].low == "of":
            np = self._np_forward(after[i + 1 :])
            return [after[i], *np] if np else []
        if after[i].low in self.stops or after[i].low in self.stopwords:
            return []
        return self._np_forward(after[i:])

    def _np_forward(self, toks: Sequence[_Tok]) -> list[_Tok]:
        out: list[_Tok] = []
        i, of_hops, attached = 0, 0, False
        while i < len(toks) and len(out) < 9:
            t = toks[i]
            if not t.is_word or t.low in self.stops:
                break
            if t.low in _DETERMINERS:
                if out:
                    break
                i += 1
                continue
            if t.low == "of" or t.low in self.attach_preps:
                if not out or attached or not self._attaches(t, out[-1], toks[i + 1 :], of_hops):
                    break
                of_hops += t.low == "of"
                attached = t.low != "of"
            elif t.low in self.stopwords:
                break
            out.append(t)
            i += 1
            if self._is_plural_head(t) and not self._continues(toks[i:]):
                break
        while out and (out[-1].low == "of" or out[-1].low in self.attach_preps):
            out.pop()
        return out

    def _attaches(self, prep: _Tok, head: _Tok, rest: Sequence[_Tok], of_hops: int) -> bool:
        nxt = next((t for t in rest if t.low not in _DETERMINERS), None)
        if nxt is None or not nxt.is_word:
            return False
        if prep.low == "of":
            return of_hops < 2
        return self._lemma(head.low) in self.attach_heads or nxt.is_cap

    def _continues(self, rest: Sequence[_Tok]) -> bool:
        return bool(rest) and (rest[0].low == "of" or rest[0].low in self.attach_preps)

    def _is_plural_head(self, t: _Tok) -> bool:
        low = t.low
        return (
            not t.is_cap
            and not _POSSESSIVE.search(t.text)  # "the world's lithium" goes on
            and len(low) > 3
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is"))
            and low not in self.irregular
        )

    def _linked(self, before: Sequence[_Tok]) -> tuple[list[_Tok], str | None]:
        """A noun phrase linked to the number: "investments worth up to $15 billion"."""
        words = [t.low for t in before]
        n = len(words)
        n = self._strip_qualifiers(words, n)
        for link in self.links:
            if n >= len(link) and tuple(words[n - len(link) : n]) == link:
                rest = list(before[: n - len(link)])
                if rest and rest[-1].text == ",":
                    rest.pop()
                # "the plant will cost", "the offer is worth": the auxiliary is not
                # part of the noun phrase.
                while rest and rest[-1].low in _AUXILIARIES:
                    rest.pop()
                np, possessor = self._np_backward(rest)
                if np:
                    return np, possessor
        return [], None

    @staticmethod
    def _strip_qualifiers(words: Sequence[str], n: int) -> int:
        qualifiers = (
            ("an", "estimated"), ("estimated",), ("up", "to"), ("as", "much", "as"),
            ("as", "many", "as"), ("more", "than"), ("less", "than"), ("at", "least"),
            ("nearly",), ("almost",), ("about",), ("around",), ("roughly",),
            ("approximately",), ("some",), ("over",), ("just",), ("a",), ("an",),
        )  # fmt: skip
        changed = True
        while changed:
            changed = False
            for q in qualifiers:
                if n >= len(q) and tuple(words[n - len(q) : n]) == q:
                    n -= len(q)
                    changed = True
        return n

    def _np_backward(self, toks: Sequence[_Tok]) -> tuple[list[_Tok], str | None]:
        out: list[_Tok] = []
        i = len(toks) - 1
        while i >= 0 and len(out) < 8:
            t = toks[i]
            if not t.is_word or t.low in self.stops or self._is_verb(t):
                break
            if _POSSESSIVE.search(t.text) and t is not toks[-1]:
                return out, _POSSESSIVE.sub("", t.text) if t.is_cap else None
            if t.low in _DETERMINERS or t.low == "of":
                j = i - 1 if t.low == "of" else i - 2
                of_ok = t.low == "of" or (i >= 1 and toks[i - 1].low == "of")
                if not (of_ok and j >= 0 and self._is_measure_noun(toks[j])):
                    break
                out[:0] = toks[j + 1 : i + 1]
                i = j
                continue
            if t.low in self.stopwords or (out and self._is_plural_head(t)):
                break  # a plural before the head is a verb: "Chile *holds* copper reserves"
            out.insert(0, t)
            i -= 1
        return out, None

    def _is_measure_noun(self, t: _Tok) -> bool:
        lemma = self._lemma(t.low)
        return lemma in self.attach_heads or any(lemma in v for v in self.implicit.values())

    def _is_verb(self, t: _Tok) -> bool:
        low = t.low
        if t.is_cap or low in self.gerunds:
            return False
        return len(low) > 4 and (low.endswith("ed") or low.endswith("ing"))

    def _clause_object(self, before: Sequence[_Tok]) -> list[_Tok]:
        """For "..., offering up to 2 million tons": the object of the clause before."""
        comma = max((i for i, t in enumerate(before) if t.text in ",;"), default=-1)
        if comma <= 0 or not (comma + 1 < len(before) and self._is_verb(before[comma + 1])):
            return []
        rest = list(before[:comma])
        # Drop a trailing "to the U.S." so the phrase is the thing offered, not its place.
        for k in range(len(rest) - 1, max(-1, len(rest) - 5), -1):
            if rest[k].low in self.attach_preps:
                rest = rest[:k]
                break
        return self._np_backward(rest)[0]

    def _predicate(self, before: Sequence[_Tok], after: Sequence[_Tok]) -> str | None:
        """The name of the ``count_predicates`` group whose word is nearest to the
        number in its clause ("killed at least 9 people", "40 people were injured")."""
        best: tuple[int, str] | None = None
        for side in (reversed(before), after):
            for distance, t in enumerate(side, 1):
                if distance > _PREDICATE_REACH or not t.is_word:
                    break  # a comma, a dash, another number: another clause or figure
                name = self.predicates.get(t.low)
                if name is not None:
                    if best is None or distance < best[0]:
                        best = (distance, name)
                    break
        return best[1] if best else None

    # --- subject ------------------------------------------------------------------

    def _subject(self, before: Sequence[_Tok]) -> str | None:
        clauses: list[list[_Tok]] = [[]]
        for t in before:
            if t.text in {",", ";", ":", "(", "—", "–"}:
                clauses.append([])
            else:
                clauses[-1].append(t)
        own = clauses[-1]
        if own and not (self._is_verb(own[0]) or own[0].low in {"which", "that", "who"}):
            found = self._first_name(own, at_start=len(clauses) == 1)
            if found:
                return found
        for k, clause in enumerate(clauses[:-1]):
            if clause and clause[0].low not in self.intro:
                found = self._first_name(clause, at_start=k == 0)
                if found:
                    return found
        return None

    def _first_name(self, toks: Sequence[_Tok], at_start: bool) -> str | None:
        i = 0
        while i < len(toks):
            if not self._is_name(toks[i]):
                i += 1
                continue
            j = i + 1
            while (
                j < len(toks)
                and self._is_name(toks[j])
                and not _POSSESSIVE.search(toks[j - 1].text)
            ):
                j += 1
            chunk = toks[i:j]
            nxt = toks[j] if j < len(toks) else None
            lowercase_next = nxt is not None and nxt.is_word and not nxt.is_cap
            single = len(chunk) == 1
            demonym = single and chunk[0].low.endswith(("ian", "ese", "ish")) and lowercase_next
            common_start = single and i == 0 and at_start and self._common_word(chunk[0], nxt)
            if not (demonym or common_start):
                return " ".join(_POSSESSIVE.sub("", t.text) for t in chunk)
            i = j
        return None

    @staticmethod
    def _common_word(t: _Tok, nxt: _Tok | None) -> bool:
        """Whether a capitalised first word of a sentence is just a common word
        ("Analysts say", "Rare-earth elements", "Securing a supply"), not a name."""
        if nxt is None or not nxt.is_word or nxt.is_cap or "." in t.text:
            return False
        low = t.low
        head, _, rest = low.partition("-")
        if rest and rest.isalpha() and head.isalpha():
            return True
        if low.endswith("ing"):
            return nxt.low in _DETERMINERS
        return low.endswith(("s", "ly", "ed"))

    def _is_name(self, t: _Tok) -> bool:
        return t.is_word and t.is_cap and t.low not in self.not_subjects

    def _lemma(self, word: str) -> str:
        if word in self.irregular:
            return self.irregular[word]
        if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous")):
            return word
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith(("ches", "shes", "xes", "sses", "zzes")):
            return word[:-2]
        return word[:-1] if word.endswith("s") else word


def _span_text(sentence: str, toks: Sequence[_Tok]) -> str:
    if not toks:
        return ""
    return " ".join(sentence[toks[0].start : toks[-1].end].split())


@functools.lru_cache(maxsize=8)
def _from_vocabulary(vocabulary: Vocabulary) -> MeasureReader:
    return MeasureReader._parse(vocabulary)


def measure_of(
    sentence: str,
    local_start: int,
    local_end: int,
    dimension: str,
    *,
    rules_dir: Path | None = None,
    reader: MeasureReader | None = None,
) -> Measure:
    """What the quantity at ``sentence[local_start:local_end]`` measures, read with
    ``reader`` (a run's, see ``align.Tables``), else with ``rules_dir``'s tables."""
    reader = reader or MeasureReader.from_rules(rules_dir)  # cached by folder content
    return _measure_cached(sentence, local_start, local_end, dimension, reader)


@functools.lru_cache(maxsize=65536)
def _measure_cached(
    sentence: str, local_start: int, local_end: int, dimension: str, reader: MeasureReader
) -> Measure:
    # NOTE: a corpus repeats sentences (wire copies, outlets quoting one figure); the
    # answer depends only on the arguments, so each distinct one is read once.
    return reader(sentence, local_start, local_end, dimension)


def key_similarity(a: str, b: str) -> float:
    """0-100: how alike two measure keys are. Different dimensions, or a key with no
    content words, score 0; otherwise rapidfuzz's token_set_ratio on the words."""
    dim_a, _, words_a = a.partition(":")
    dim_b, _, words_b = b.partition(":")
    if dim_a != dim_b or not words_a or not words_b:
        return 0.0
    return float(fuzz.token_set_ratio(words_a, words_b))


def same_measure(a: str, b: str, threshold: float = 90.0) -> bool:
    """Whether two measure keys name the same measure."""
    return key_similarity(a, b) >= threshold
