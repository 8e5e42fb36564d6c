"""Regex alternations of many literal words, written as a trie.

Python's ``re`` tries the branches of ``month|monday|...`` one after another at every
position it scans, so a long word list makes a slow pattern. The same words written as
a trie (``mon(?:th|day)``) let it reject a position after a character or two.

The trie matches exactly what the plain alternation sorted longest first matches. Two
words that both match at one position are a prefix of one another, and both forms try
the longer first; the rest of the words cannot match there. Under ``re.IGNORECASE`` that
holds only for words in one letter case, and a space written as a regex like "[ \t]+"
must be followed by a character that is no space; other word lists keep the plain form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["union"]

_Trie = dict[str, "_Trie"]
_END = ""  # the key marking that a word ends at a node


def union(
    words: Iterable[str],
    *,
    ignore_case: bool = False,
    space: str | None = None,
    not_after: str | None = None,
) -> str:
    """A regex matching any of ``words``, the longest where several match (none: "").

    ``ignore_case`` says the pattern is compiled with ``re.IGNORECASE``. A space inside
    a word is written as the regex ``space`` when one is given (say "[ \\t]+"). With
    ``not_after``, a one-character regex, no match starts right after a character it
    matches: ``(?<!not_after)(?:...)``, but written so that the pattern opens with the
    words' first letters, which lets ``re`` skip to a possible start at C speed.
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return f"(?<!{not_after})" if not_after is not None else ""
    if (
        (ignore_case and not all(w.isascii() and w == w.lower() for w in unique))
        or (space is not None and any("  " in w or w.endswith(" ") for w in unique))
        or (not_after is not None and any(not w or w[0] == " " for w in unique))
    ):
        lead = f"(?<!{not_after})" if not_after is not None else ""
        return lead + "(?:" + "|".join(_escape(w, space) for w in unique) + ")"
    trie: _Trie = {}
    for word in unique:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _emit(trie, space, not_after)


def _emit(node: _Trie, space: str | None, not_after: str | None = None) -> str:
    branches = [
        _escape(ch, space)
        + (f"(?<!{not_after}{_escape(ch, space)})" if not_after is not None else "")
        + _emit(node[ch], space)
        for ch in sorted(node)
        if ch != _END
    ]
    if not branches:
        return ""
    optional = "?" if _END in node else ""
    if len(branches) == 1 and not optional:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + optional


def _escape(text: str, space: str | None) -> str:
    escaped = re.escape(text)
    return escaped.replace(r"\ ", space) if space is not None else escaped
