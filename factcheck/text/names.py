"""The text of a name: folding, cleaning and the comparison key.

These helpers are shared by the extractors (which find names) and by alignment (which
merges them); they know nothing of the corpus.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["HONORIFICS", "SUFFIXES", "clean_name", "fold", "name_key", "word_set"]


def word_set(words: str) -> frozenset[str]:
    """A frozenset of the white-space separated ``words``: compact word lists in code."""
    return frozenset(words.split())


HONORIFICS = frozenset(["dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "rev", "mme"])
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_HONORIFIC = re.compile(r"^(?:(?:dr|mr|mrs|ms|miss|mx|prof|sir|dame|rev|mme)\b\.?\s*)+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean_name(name: str) -> str:
    """The name without honorifics, a possessive ending or surplus white space."""
    name = " ".join(name.split())
    name = _HONORIFIC.sub("", name).strip()
    if name.endswith(("'s", "’s", "'", "’")):
        name = _POSSESSIVE.sub("", name)
    return name.strip(" ,;:")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison key of a name: folded, dots and hyphens dropped, initials joined.

    "J.D. Vance", "J. D. Vance" and "jd vance" share the key "jd vance".
    """
    text = fold(clean_name(name)).replace("’", "'").replace("-", " ").replace(".", " ")
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
