"""Property test: a word trie matches exactly what the plain alternation matches.

The extractors build their word lists into tries for speed (``factcheck.extract.wordtrie``),
so every match, in every context a pattern puts the words in, must stay the same.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.wordtrie import union

SPACE = r"[ \t]+"
# Short words over a few letters, so that words share prefixes, differ in case, or hold
# spaces (single, double, trailing) that a space regex must read like the alternation.
POOL = ["a", "b", "ab", "abb", "A", "Ab", " a", " b", "  ", "a b", "a  b", "ab ", "a.", "a-b"]
words = st.one_of(st.sampled_from(POOL), st.text(alphabet="abA .", max_size=5))
# What follows the words in the extractors' patterns: nothing, a literal, a look-ahead,
# a word boundary, an optional part that may hand characters back.
TAILS = ["", "b", "(?![ab])", r"\b", "a?b", r"[ \t]*\Z", r"\.?[ \t]"]
# Texts are made of the words, their parts and look-alikes.
BITS = [*POOL, "\t", "B", "\u017f", "\u212a"]
texts = st.lists(st.sampled_from(BITS), max_size=8).map("".join)


def plain(ws: set[str], space: str | None) -> str:
    ordered = sorted(ws, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", space) if space else re.escape(w) for w in ordered)


@settings(max_examples=500, deadline=None)
@given(
    st.sets(words, max_size=8),
    st.booleans(),
    st.sampled_from([None, SPACE]),
    st.sampled_from([None, "[ab]", r"[\w-]", "[.]"]),
    st.lists(texts, min_size=1, max_size=4),
)
def test_trie_matches_like_the_alternation(
    ws: set[str], ignore_case: bool, space: str | None, not_after: str | None, samples: list[str]
) -> None:
    flags = re.IGNORECASE if ignore_case else 0
    trie = union(ws, ignore_case=ignore_case, space=space, not_after=not_after)
    lead = f"(?<!{not_after})" if not_after else ""
    for tail in TAILS:
        expected = re.compile(f"{lead}(?:{plain(ws, space)}){tail}", flags)
        got = re.compile(f"(?:{trie}){tail}", flags)
        for text in samples:
            assert [m.span() for m in got.finditer(text)] == [
                m.span() for m in expected.finditer(text)
            ], (ws, tail, text, got.pattern)


def test_a_trie_shares_prefixes() -> None:
    assert union(["month", "monday", "mon"]) == "mon(?:day|th)?"
    assert union([]) == ""


def test_a_guarded_trie_opens_with_the_first_letters() -> None:
    assert union(["Bush", "Biden"], not_after="[a]") == "B(?<![a]B)(?:iden|ush)"


def test_mixed_case_words_keep_the_plain_form_when_case_is_ignored() -> None:
    # "Ab" and "abc" both match "abc" ignoring case; only longest-first order finds "abc".
    found = re.compile(union(["Ab", "abc"], ignore_case=True), re.IGNORECASE).match("abc")
    assert found is not None and found.group() == "abc"
