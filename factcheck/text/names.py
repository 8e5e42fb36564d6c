"""The text of a name: folding, cleaning and the comparison key.

These helpers are shared by the extractors (which find names) and by alignment (which
merges them); they know nothing of the corpus.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["SUFFIXES", "NameText", "alternation", "fold", "word_set"]


def word_set(words: str) -> frozenset[str]:
    """A frozenset of the white-space separated ``words``: compact word lists in code."""
    return frozenset(words.split())


SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_POSSESSIVE = re.compile(r"['’]s?$")
_KEYS_SIZE = 65536  # names whose key is remembered


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, escaped, longest first: "mrs|mr|dr"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True, eq=False)
class NameText:
    """Cleaning and keying names under one list of honorifics (``titles.yaml``).

    Build with ``NameText.of(lexicon.honorifics)``; one value per list, shared.
    """

    honorifics: frozenset[str]
    _leading: re.Pattern[str]
    _keys: dict[str, str]

    @classmethod
    def of(cls, honorifics: Iterable[str]) -> NameText:
        return _name_text(frozenset(fold(h) for h in honorifics))

    def clean(self, name: str) -> str:
        """The name without honorifics, a possessive ending or surplus white space."""
        name = " ".join(name.split())
        name = self._leading.sub("", name).strip()
        if name.endswith(("'s", "’s", "'", "’")):
            name = _POSSESSIVE.sub("", name)
        return name.strip(" ,;:")

    def key(self, name: str) -> str:
        """The comparison key of a name: folded, dots and hyphens dropped, initials
        joined. "J.D. Vance", "J. D. Vance" and "jd vance" share the key "jd vance"."""
        found = self._keys.get(name)
        if found is None:
            if len(self._keys) >= _KEYS_SIZE:
                self._keys.clear()
            found = self._keys[name] = _key(self.clean(name))
        return found


@functools.lru_cache(maxsize=8)
def _name_text(honorifics: frozenset[str]) -> NameText:
    body = alternation(honorifics) or "(?!)"
    leading = re.compile(rf"^(?:(?:{body})\b\.?\s*)+", re.I)
    return NameText(honorifics, leading, {})


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _key(cleaned: str) -> str:
    text = fold(cleaned).replace("’", "'").replace("-", " ").replace(".", " ")
    out: list[str] = []
    initials = ""
    for token in text.split():
        if len(token) == 1 and token.isalpha():
            initials += token
            continue
        if initials:
            out.append(initials)
            initials = ""
        out.append(token)
    if initials:
        out.append(initials)
    return " ".join(out)
