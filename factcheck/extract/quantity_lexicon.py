"""Common units read from factcheck's own lexicon, exactly as quantulum3 would read them.

Building quantulum3's unit tables costs seconds (inflect, typeguard, one giant regular
expression), so a window after a number is read here when quantulum3's answer is
certain, and handed to quantulum3 only otherwise. The lexicon (``unit_lexicon`` in
``rules/units.yaml``) lists spellings of the common news units and the unit quantulum3
reads each as. "7 tons of wheat" is read here because quantulum3 could read nothing
longer or different there, which follows from how it finds a unit (its
``regex.units_regex`` and ``parser.parse``):

- the unit is the longest run of unit names and symbols after the number, joined by
  nothing, a space, "x", "per", "/" or "times" (an operator may even end the run), that
  ends at a word boundary; so the spelling must be followed by nothing, a full stop, a
  closing quote, or a space and a word that cannot continue the run: not a joiner, not
  up to three names or symbols glued together, not the next word of a longer name
  ("tons of refrigeration");
- it first rewrites dashes, "×" and the genitive "'s", and turns spelled numbers into
  digits: "a"/"an" become 1 (so "tonnes a year" is tonnes), "to nine tons" becomes a
  range of two quantities; so a number word right after the spelling is left to
  quantulum3, and so is a spelling several units share ("tons": ton or short ton) in a
  window it would rewrite;
- such a shared spelling is resolved by quantulum3's rule without its classifier
  (``no_classifier.py``): the unit whose training texts share most words with the
  window, relative to their length; a tie (decided by set order there) is left to it.

A junk word quantulum3 reads as a unit ("17 in Santiago", "7 by former") is answered
the same way: with nothing readable after it, quantulum3 reads at most the junk word,
which factcheck drops, so the number is a plain count. The tests check every answer
against quantulum3 itself (``tests/test_extract_quantities.py``, and a property test).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from factcheck.extract.quantulum_tables import QuantulumUnits, training

__all__ = ["Lexicon", "Parsed"]

# (end in the window, unit name, entity name, parts), as ``quantity_units._parse``.
Parsed = tuple[int, str, str, tuple[tuple[str, int, str], ...]]

# Words that join the next unit to this one in quantulum3's unit regex ("tons per day",
# "m times s", "km x km", "m squared"), or make a range of two quantities ("5 tons to
# nine tons"), whatever follows them.
_JOINERS = frozenset({"per", "x", "times", "squared", "cubed", "to"})
# Number words that change nothing before them: quantulum3 turns "a" and "an" into the
# number 1 before it reads units ("tonnes a year" is tonnes to it, not tonnes per year),
# and a lone "and" is no number.
_HARMLESS_NUMBERS = frozenset({"a", "an", "and"})
# Characters quantulum3's clean_text rewrites ("–" -> "-", genitive "'s").
_CLEANED = frozenset("×–−'")
# What may follow a spelling or junk word directly and end the window.
_CLOSING = frozenset({".", "’"})
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_MAX_JOINED = 3  # quantulum3 reads at most four units in a row; one is the spelling
_POWERS = ("squared", "cubed")


class Lexicon:
    """Reads the windows of ``quantity_units`` it can answer for quantulum3."""

    def __init__(
        self,
        spellings: Mapping[str, tuple[str, ...]],
        entities: Mapping[str, str],
        number_words: Iterable[str],
        junk_words: Iterable[str],
        junk_units: Iterable[str],
        q3: QuantulumUnits,
    ) -> None:
        self._spellings = dict(spellings)
        # The entity quantulum3 gives each unit: its own, or for a compound it has no
        # name for ("tonne per year"), the one it derives from the parts.
        self._entities = {**q3.entities, **entities}
        self._q3 = q3
        alt = "|".join(re.escape(s) for s in sorted(self._spellings, key=lambda s: (-len(s), s)))
        self._spelled = re.compile(rf"(?: |-|)({alt})(?!\w)") if alt else None
        self._number_words = frozenset(w.lower() for w in number_words)
        alt = "|".join(re.escape(w) for w in sorted(self._number_words, key=lambda w: -len(w)))
        self._numbers = re.compile(rf"(?<!\w)(?:{alt or '(?!)'})(?!\w)", re.IGNORECASE)
        # A junk word quantulum3 reads as a unit factcheck never keeps ("7 times" is a
        # count of quantulum3's, "7 set" a set) makes the number junk, not a count.
        never = {k for u in junk_units for k in q3.keys_of.get(u, ())}
        never |= _JOINERS | self._number_words  # "7 a" may be read as seven and one
        self._junk = frozenset(w.lower() for w in junk_words if w.isalpha()) - never
        # How every unit name with a space goes on after each of its first words:
        # "tons" -> " of refrigeration", " per day", " force".
        follows: dict[str, set[str]] = {}
        for name in q3.continued:
            words = name.split(" ")
            for i in range(1, len(words)):
                follows.setdefault(" ".join(words[:i]), set()).add(" " + " ".join(words[i:]))
        self._follows = {k: tuple(sorted(v)) for k, v in follows.items()}

    @classmethod
    def none(cls, q3: QuantulumUnits) -> Lexicon:
        """A lexicon that knows nothing: every window goes to quantulum3 (the reference
        the lexicon is checked against)."""
        return cls({}, {}, (), (), (), q3)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling read here, longest first."""
        return tuple(sorted(self._spellings, key=lambda s: (-len(s), s)))

    @property
    def junk_words(self) -> tuple[str, ...]:
        """The junk words a number before which is read as a count here."""
        return tuple(sorted(self._junk))

    def read(self, tail: str) -> Parsed | None:
        """quantulum3's reading of the window ``"7" + tail`` when this lexicon can give it
        with certainty, else ``None`` (ask quantulum3)."""
        if self._spelled is None or (m := self._spelled.match(tail)) is None:
            return None
        spelled = m.group(1)
        if " " in spelled and spelled.lower() not in self._q3.continued and tail[0] != " ":
            # Two units joined by a space ("megawatt hours") are one unit to quantulum3
            # only after a space: "7-megawatt hours" is megawatts.
            return None
        if not self._inert(tail[m.end() :], spelled.lower()):
            return None
        units = self._spellings[spelled]
        if len(units) == 1:
            return (
                1 + m.end(),
                units[0],
                self._entities.get(units[0], "unknown"),
                self._parts(spelled, units[0]),
            )
        # quantulum3 chooses on the window as it rewrote it: only a window it leaves
        # alone is known here.
        unit = _choice(units, "7" + tail) if self._plain("7" + tail) else None
        if unit is None:
            return None
        return 1 + m.end(), unit, self._entities.get(unit, "unknown"), ((unit, 1, ""),)

    def _parts(self, spelled: str, unit: str) -> tuple[tuple[str, int, str], ...]:
        """The parts of the unit as quantulum3 reports them: a compound written with
        "per" as its written pieces ("tonnes", "year"), factcheck resolving each."""
        pieces = spelled.split(" per ")
        units = [self._spellings.get(p, ()) for p in pieces]
        if len(pieces) == 1 or any(len(u) != 1 for u in units):
            return ((unit, 1, ""),)
        return tuple(
            (u[0], 1 if i == 0 else -1, p)
            for i, (u, p) in enumerate(zip(units, pieces, strict=True))
        )

    def junk_only(self, tail: str, word: str) -> bool:
        """Whether quantulum3 could read no more than the junk word ``word`` that starts
        ``tail`` ("7 in Santiago"), so that the number after which it stands is a count."""
        lead = tail[: len(tail) - len(tail.lstrip(" "))]
        return (
            word.lower() in self._junk
            and lead == " "
            and tail[1 : 1 + len(word)] == word
            and self._inert(tail[1 + len(word) :], word.lower())
        )

    # --- what quantulum3 cannot read further -------------------------------------

    def _plain(self, window: str) -> bool:
        """No text quantulum3 would rewrite before reading units."""
        return not (_CLEANED.intersection(window) or self._numbers.search(window))

    def _inert(self, rest: str, before: str) -> bool:
        """Whether quantulum3 can read nothing of ``rest`` into the unit ``before`` ends."""
        if not rest.strip(" \t"):
            return True  # a space needs a unit after it to join one
        if rest in _CLOSING:
            return before not in self._q3.leads  # "ft." is a symbol of its own
        m = _NEXT_WORD.match(rest)
        if m is None or not m.group(1).isalpha():
            return False
        word = m.group(1).lower()
        if word in _JOINERS or (word in self._number_words - _HARMLESS_NUMBERS):
            return False  # "tons per day", "tons to nine tons", "tons two"
        if rest.lower().startswith(self._follows.get(before, ())):
            return False  # "tons of refrigeration"
        return not self._joined(word)

    def _joined(self, word: str) -> bool:
        """Whether quantulum3's unit regex can read all of ``word`` as up to three more
        units: names or symbols glued together, each maybe after an "x" (an operator
        that may even stand alone), the last maybe only the start of a longer name
        ("metric" of "metric ton")."""
        if word.startswith(_POWERS):
            return True  # "m squared", then maybe glued units
        names, leads = self._q3.words, self._q3.leads
        todo, seen = [(0, 0)], {(0, 0)}
        while todo:
            at, groups = todo.pop()
            if groups == _MAX_JOINED:
                continue
            starts = (at, at + 1) if word[at] == "x" else (at,)
            for start in starts:
                if start == len(word):
                    return True  # a trailing "x"
                for end in range(start + 1, len(word) + 1):
                    piece = word[start:end]
                    if end == len(word) and (piece in names or piece in leads):
                        return True
                    if piece in names and (end, groups + 1) not in seen:
                        seen.add((end, groups + 1))
                        todo.append((end, groups + 1))
        return False


@functools.lru_cache(maxsize=4096)
def _choice(units: tuple[str, ...], window: str) -> str | None:
    """quantulum3's no-classifier choice: the most training words found in the window
    relative to the training texts' length, then the most words; a tie depends on set
    order in quantulum3, so it is left to quantulum3. Identical windows are scored once
    per process."""
    scored = []
    for unit in units:
        t = training(unit)
        count = sum(n for w, n in t.words.items() if w in window)
        scored.append((count / t.chars if t.chars else 0.0, count, unit))
    scored.sort(reverse=True)
    best = scored[0]
    if best[:2] == (0.0, 0) or (len(scored) > 1 and scored[1][:2] == best[:2]):
        return None
    return best[2]
