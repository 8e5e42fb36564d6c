"""Organisations named in one article, with acronyms merged into their full names.

Three sources: known organisations and their aliases from ``rules/aliases.yaml``
("NATO", "the Kremlin"); capitalised phrases headed by an organisation keyword from
``rules/titles.yaml`` ("International Policy Institute", "Department of Commerce"); and
acronyms the article defines ("Russian Direct Investment Fund (RDIF)" makes a later
"RDIF" that fund). Keyword phrases in Title Case headlines are ignored, as are phrases
that are country names ("Russian Federation").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from factcheck.extract.lexicon import KnownOrg, Lexicon
from factcheck.extract.textparts import UPPER, Lines, overlaps
from factcheck.extract.wordtrie import union
from factcheck.text.names import fold, word_set

# A dot stays inside a word only between letters ("U.S") or after an initial ("U.S.",
# "J."): "Pacific Mining Institute. Andean Lithium Fund" is two sentences, not one name.
CAPWORD = rf"{UPPER}(?:[\w&-]|\.(?=\w)|[’'](?!s\b))*(?:(?<=\b[A-Z])\.|(?<=\.[A-Z])\.)?"
_DEFINITION = re.compile(r"[ \t]*\((?P<acr>[A-Z][A-Za-z&.]{1,9})\)")
# The characters a known organisation's name may start with.
_FIRST = frozenset({c for c in map(chr, range(0x41, 0x250)) if c.isupper()} | set("0123456789"))
_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z&]{1,8}(?![\w-])")
_LEADING_THE = re.compile(r"(?:[Tt]he)[ \t]+")


@dataclass(frozen=True, slots=True)
class OrgMention:
    """One organisation mention; ``end`` covers a trailing "(ACRONYM)"."""

    start: int
    end: int
    name: str
    canonical: str
    state: str | None = None
    known: bool = False
    acronym: bool = False


class OrgFinder:
    """Finds organisations; construct once per lexicon, call ``find`` per article."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.openers = openers(lexicon)
        self.by_key: dict[str, KnownOrg] = {
            lexicon.names.key(k): v for k, v in lexicon.orgs.items()
        }
        known = union((k for k in lexicon.orgs if k[:1] in _FIRST), not_after=r"[\w-]")
        self._known = re.compile(rf"{known}(?![\w-])")
        keywords = "|".join(
            re.escape(k) for k in sorted(lexicon.org_keywords, key=len, reverse=True)
        )
        self._keyword = re.compile(union(lexicon.org_keywords))
        self._pattern = re.compile(
            rf"(?<![\w-])(?={UPPER})(?:{CAPWORD}[ \t]+){{0,5}}(?:{keywords})\b(?![’'-])"
            rf"(?:[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?{CAPWORD}"
            rf"(?:[ \t]+(?:(?:and|&)[ \t]+)?{CAPWORD}){{0,4}})?"
        )

    def find(
        self,
        text: str,
        lines: Lines,
        blocked: Sequence[tuple[int, int]] = (),
        memo: dict[object, object] | None = None,
    ) -> list[OrgMention]:
        """Every organisation mention, in text order, none overlapping another.

        ``memo`` (an article's ``Context.memo``) keeps the candidates, which do not
        depend on ``blocked``, for the next extractor that asks about the same text.
        """
        key = ("orgs", id(self.lex), text)
        cached = memo.get(key) if memo is not None else None
        if isinstance(cached, list):
            found = list(cached)
        else:
            found = self._candidates(text, lines)
            if memo is not None:
                memo[key] = list(found)
        chosen = _non_overlapping(found, blocked)
        acronyms: dict[str, OrgMention] = {}
        out: list[OrgMention] = []
        for mention in chosen:
            if out and mention.start < out[-1].end:
                continue  # the acronym inside a definition's parentheses
            d = _DEFINITION.match(text, mention.end)
            if d is not None and not mention.acronym:
                acronyms[d.group("acr")] = mention
                mention = replace(mention, end=d.end())
            out.append(mention)
        spans = [(o.start, o.end) for o in out]
        for m in _ACRONYM.finditer(text) if acronyms else ():
            full = acronyms.get(m.group())
            if full is not None and not overlaps(m.start(), m.end(), spans):
                out.append(
                    OrgMention(
                        m.start(), m.end(), m.group(), full.canonical, full.state, acronym=True
                    )
                )
        out.sort(key=lambda o: o.start)
        return out

    def _candidates(self, text: str, lines: Lines) -> list[OrgMention]:
        found: list[OrgMention] = []
        for m in self._known.finditer(text):
            org = self.lex.orgs[m.group()]
            found.append(
                OrgMention(m.start(), m.end(), m.group(), org.canonical, org.state, known=True)
            )
        for start, end in self._keyword_lines(text, lines):
            for m in self._pattern.finditer(text, start, end):
                mention = self._phrase(text, m.start(), m.end())
                if mention is not None:
                    found.append(mention)
        return found

    def _keyword_lines(self, text: str, lines: Lines) -> list[tuple[int, int]]:
        """The body lines that hold an organisation keyword, as (start, end).

        NOTE: a keyword phrase lies within one line and contains its keyword as written,
        so only these lines are scanned with the phrase pattern: one fast pass finds
        them, where the phrase pattern tries every capitalised word of the article.
        """
        found: list[tuple[int, int]] = []
        for hint in self._keyword.finditer(text):
            start = text.rfind("\n", 0, hint.start()) + 1
            if (not found or found[-1][0] != start) and lines.kind(start) == "body":
                end = text.find("\n", hint.end())
                found.append((start, len(text) if end < 0 else end))
        return found

    def _phrase(self, text: str, start: int, end: int) -> OrgMention | None:
        """A keyword phrase, trimmed of sentence-initial words; None if it is no organisation."""
        words = text[start:end].split()
        while words and fold(words[0]) in self.openers:
            start = text.index(words[0], start) + len(words[0])
            words.pop(0)
        while start < end and text[start] in " \t":
            start += 1
        name = text[start:end]
        capitalised = sum(1 for w in words if w[:1].isupper())
        if capitalised < 2 or name in self.lex.nationalities:
            return None
        org = self.lex.orgs.get(name) or self.by_key.get(self.lex.names.key(name))
        if org is not None:
            return OrgMention(start, end, name, org.canonical, org.state, known=True)
        return OrgMention(start, end, name, name)


# Sentence openers that a keyword phrase may start with but no organisation name does
# (with the month and weekday names of the lexicon: ``openers``).
_OPENERS = word_set(
    "the a an on in at as and but or for to of by with from after before when while if this "
    "that these those meanwhile however also according since during under between among both "
    "then so yet still moreover furthermore currently today yesterday tomorrow last next"
)


def openers(lexicon: Lexicon) -> frozenset[str]:
    """Words (folded) that may open a sentence before a keyword phrase but never start
    an organisation's name: function words and the lexicon's month and weekday names."""
    return _OPENERS | lexicon.calendar_names


def _non_overlapping(
    found: list[OrgMention], blocked: Sequence[tuple[int, int]]
) -> list[OrgMention]:
    """Keep the longest of overlapping mentions, dropping any inside ``blocked``."""
    found.sort(key=lambda o: (o.start, -(o.end - o.start)))
    out: list[OrgMention] = []
    for org in found:
        if overlaps(org.start, org.end, blocked):
            continue
        if out and org.start < out[-1].end:
            if org.end - org.start > out[-1].end - out[-1].start:
                out[-1] = org
            continue
        out.append(org)
    return out


def strip_article(text: str) -> str:
    """ "the Kremlin" -> "Kremlin"."""
    return _LEADING_THE.sub("", text, count=1)
