"""Finding titles ("President", "chief executive", "ex-CEO") by word-level table look-ups.

A regex alternation over every title form, tried at every position, is slow in Python's
``re``; looking up the last one to four words before a name in a dict is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.extract.lexicon import Lexicon, TitleInfo

_WORD = re.compile(r"[^\s]+")
# Characters that end a phrase: a title never spans them.
_BREAK = re.compile(r"[,;:()\[\]“”\"«»!?]")


@dataclass(frozen=True, slots=True)
class TitleHit:
    """A title in the text: ``start``/``end`` cover its words (and a glued modifier)."""

    start: int
    end: int
    info: TitleInfo
    modifier: str | None  # from "ex-CEO", "then-President", "President-elect"
    words_before: int = 0  # words between the scan start and the title

    def capitalised(self, text: str) -> bool:
        return text[self.start : self.end].lstrip("-")[:1].isupper()


class TitleMatcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.max_words = max(len(form.split()) for form in lexicon.titles)
        # The last word of every title form: most words before a name end no title, and
        # one set look-up rules them out before any phrase is built.
        self._last_words = frozenset(form.split()[-1] for form in lexicon.titles)
        self._first_words = frozenset(form.split()[0] for form in lexicon.titles)

    def words(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]

    def ending_at(self, text: str, pos: int) -> TitleHit | None:
        """The title whose last word ends right before ``pos`` (white space between)."""
        if pos == 0 or text[pos - 1] not in " \t":
            return None
        if not self._may_end_title(_last_word(text, max(0, pos - 60), pos)):
            return None
        words = self.words(text, max(0, pos - 60), pos)[-self.max_words :]
        for k in range(len(words), 0, -1):
            hit = self._lookup(text, words[-k:])
            if hit is not None:
                return hit
        return None

    def first_in(self, text: str, start: int, end: int, max_before: int = 5) -> TitleHit | None:
        """The first title among the words of [start, end), at most ``max_before`` words in."""
        words = self.words(text, start, end)
        for i in range(min(len(words), max_before + 1)):
            if not self._may_start_title(text[words[i][0] : words[i][1]]):
                continue
            for k in range(min(self.max_words, len(words) - i), 0, -1):
                hit = self._lookup(text, words[i : i + k])
                if hit is not None:
                    return TitleHit(hit.start, hit.end, hit.info, hit.modifier, i)
        return None

    def _may_end_title(self, word: str) -> bool:
        """Whether ``word`` can be the last word of a title as ``_lookup`` reads it
        ("CEO", "ex-CEO", "President-elect", "Pres.")."""
        return _in_any_form(word, self._last_words)

    def _may_start_title(self, word: str) -> bool:
        """Whether ``word`` can be the first word of a title as ``_lookup`` reads it."""
        return _in_any_form(word, self._first_words)

    def _lookup(self, text: str, words: list[tuple[int, int]]) -> TitleHit | None:
        start, end = words[0][0], words[-1][1]
        phrase = text[start:end]
        if _BREAK.search(phrase):
            return None
        modifier = None
        lower = phrase.lower()
        head, sep, rest = lower.partition("-")
        if sep and self.lex.modifiers.get(head + "-") and rest:
            modifier, lower = self.lex.modifiers[head + "-"], rest
        if lower.endswith("-elect"):
            modifier, lower = "elect", lower[: -len("-elect")]
        info = self.lex.title(lower)
        if info is None and lower.endswith("."):
            info = self.lex.title(lower.rstrip("."))
            end -= 1
        return TitleHit(start, end, info, modifier) if info is not None else None


def _last_word(text: str, start: int, end: int) -> str:
    """The last run of non-space characters in ``text[start:end]`` (what ``words`` ends with)."""
    words = text[start:end].rsplit(None, 1)
    return words[-1] if words else ""


def _in_any_form(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is in ``words`` as written or in a form ``_lookup`` reads it as:
    without a final period, after an "ex-"-like prefix, without "-elect"."""
    low = word.lower()
    if "-" not in low and not low.endswith("."):
        return low in words  # the common case: every form below is ``low``
    rest = low.partition("-")[2]
    forms = (low, low.rstrip("."), rest, rest.rstrip("."), low.removesuffix("-elect"))
    return any(f in words for f in forms) or bool(rest and rest.removesuffix("-elect") in words)
