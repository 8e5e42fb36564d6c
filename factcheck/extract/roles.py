"""Roles written around a person's name: titles before it, affiliations after it.

- prefix: "U.S. President Donald Trump", "former President donald Trump", "Kremlin
  spokesman Dmitry Peskov", "Chairman of the Russian Direct Investment Fund Kirill
  Dmitriev";
- affiliation: "Professor Hannah Keller of Oxford University".

Roles in comma phrases after a name are ``appositives.py``'s; unnamed descriptions and
administrations are ``references.py``'s. The helpers here that name the organisation or
country a phrase refers to are shared with them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from factcheck.extract.lexicon import Lexicon, TitleInfo
from factcheck.extract.orgs import OrgMention, openers
from factcheck.extract.titlematch import TitleMatcher
from factcheck.text.names import fold

POSSESSIVE = re.compile(r"[’']s[ \t]+")
_AFFILIATION = re.compile(r"[ \t]+(?:of|at|from)[ \t]+(?:the[ \t]+)?")
_OF_BEFORE = re.compile(r"(?:of|at)[ \t]+(?:the[ \t]+)?\Z")
_BETWEEN_ORG_AND_NAME = re.compile(r"[ \t]*,?[ \t]*\Z")
BREAK = re.compile(r"[,;:()“”\"]")


@dataclass(frozen=True, slots=True)
class Role:
    """A role attached to a person: ``start``/``end`` span the name and the role phrase."""

    start: int
    end: int
    title: TitleInfo
    modifier: str | None
    org: str | None
    text: str


class RoleReader:
    """Reads roles; construct once per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.titles = TitleMatcher(lexicon)
        self.non_name = lexicon.non_name_words()
        self.openers = openers(lexicon)

    # --- roles before a name --------------------------------------------------------------

    def prefix(self, text: str, pos: int, orgs_by_end: Mapping[int, OrgMention]) -> Role | None:
        """The title phrase right before the name starting at ``pos``."""
        hit = self.titles.ending_at(text, pos)
        if hit is None:
            return self._title_of_org(text, pos, orgs_by_end)
        modifier = hit.modifier
        words = self.titles.words(text, max(0, hit.start - 80), hit.start)
        k, start = len(words), hit.start
        if k and (mod := self._modifier(text, words[k - 1])):
            modifier, start, k = modifier or mod, words[k - 1][0], k - 1
        org, who = self._who(text, words[:k], hit.info, orgs_by_end)
        if who is not None:
            start, k = words[who][0], who
        if k and (mod := self._modifier(text, words[k - 1])):
            modifier, start, k = modifier or mod, words[k - 1][0], k - 1
        before = text[words[k - 1][0] : words[k - 1][1]] if k else ""
        determined = before.lower() in ("the", "a", "an") or (
            before[:1].isupper() and fold(before) not in self.non_name and not BREAK.search(before)
        )
        if not (hit.capitalised(text) or determined or modifier or who is not None):
            return None
        return Role(start, pos, hit.info, modifier, org, text[start:pos].strip())

    def _title_of_org(
        self, text: str, pos: int, orgs_by_end: Mapping[int, OrgMention]
    ) -> Role | None:
        """ "Chairman of the Russian Direct Investment Fund Kirill Dmitriev"."""
        for end in range(pos - 1, max(0, pos - 4), -1):
            org = orgs_by_end.get(end)
            if org is not None and _BETWEEN_ORG_AND_NAME.match(text[org.end : pos]):
                break
        else:
            return None
        of = _OF_BEFORE.search(text, max(0, org.start - 12), org.start)
        hit = self.titles.ending_at(text, of.start()) if of else None
        if hit is None:
            return None
        before = text[max(0, hit.start - 4) : hit.start].lower()
        if not (hit.capitalised(text) or before.endswith("the ")):
            return None
        return Role(
            hit.start, pos, hit.info, hit.modifier, org.canonical, text[hit.start : org.end]
        )

    def _modifier(self, text: str, word: tuple[int, int]) -> str | None:
        return self.lex.modifiers.get(text[word[0] : word[1]].lower())

    def _who(
        self,
        text: str,
        words: list[tuple[int, int]],
        title: TitleInfo,
        orgs_by_end: Mapping[int, OrgMention],
    ) -> tuple[str | None, int | None]:
        """The organisation, country or person before a title: (org, index of its first word)."""
        first = len(words)
        while (
            first > 0
            and len(words) - first < 4
            and _capitalised(text, words[first - 1])
            and not _ends_sentence(text, words[first - 1])
        ):
            first -= 1
        for i in range(first, len(words)):
            phrase = text[words[i][0] : words[-1][1]]
            base = (
                POSSESSIVE.sub("", phrase + " ").strip()
                if phrase.endswith(("’s", "'s"))
                else phrase
            )
            org = self.org_named(base, words[i][0], words[-1][1], orgs_by_end)
            if org is not None:
                return org, i
            if base != phrase and (i == first or fold(phrase.split()[0]) not in self.non_name):
                return None, i  # a person's possessive: "Putin's envoy"
            if (
                i == first
                and len(words) - first >= 2
                and title.cls not in ("state", "government")
                and "\n" not in phrase
                and self._org_name(phrase)
            ):
                return phrase, i  # "National Solar Mission director": the whole name
            if (
                i == len(words) - 1
                and title.cls not in ("state", "government")
                and self._org_word(base)
            ):
                return base, i  # "Gazprom chief"
        return None, None

    def org_named(
        self, phrase: str, start: int, end: int, orgs_by_end: Mapping[int, OrgMention]
    ) -> str | None:
        """The country or organisation ``phrase`` names, if any."""
        country = self.lex.nationalities.get(phrase)
        if country is not None:
            return country
        org = orgs_by_end.get(end)
        if org is not None and org.start <= start:
            return org.canonical
        known = self.lex.orgs.get(phrase)
        return known.canonical if known else None

    def _org_name(self, phrase: str) -> bool:
        """Whether a run of capitalised words before a title can name an organisation
        ("National Solar Mission"): no sentence opener first, no place, no title."""
        words = phrase.split()
        return (
            fold(words[0]) not in self.openers
            and not any(fold(w) in self.lex.places or self.lex.title(w) for w in words)
            and fold(phrase) not in self.lex.places
        )

    def _org_word(self, word: str) -> bool:
        return (
            " " not in word
            and fold(word) not in self.non_name
            and fold(word) not in self.lex.places
        )

    def affiliation(
        self, text: str, name_end: int, orgs_by_start: Mapping[int, OrgMention]
    ) -> str | None:
        """The organisation in "Hannah Keller of Oxford University", right after a name."""
        m = _AFFILIATION.match(text, name_end)
        org = orgs_by_start.get(m.end()) if m else None
        return org.canonical if org is not None and not org.state else None


def _capitalised(text: str, word: tuple[int, int]) -> bool:
    w = text[word[0] : word[1]]
    return w[:1].isupper() and not BREAK.search(w)


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _ends_sentence(text: str, word: tuple[int, int]) -> bool:
    """ "Reyes." ends a sentence; "U.S." and "J." do not."""
    w = text[word[0] : word[1]]
    return w.endswith(".") and not _INITIALS.fullmatch(w)
