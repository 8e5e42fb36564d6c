"""Roles in a comma phrase after a person's name (an appositive).

"Kirill Dmitriev, Russian President Vladimir Putin's envoy for international cooperation
and chairman of the Russian Direct Investment Fund (RDIF), said" gives two roles, one
per conjunct that has a title: the phrase is split at "and" only where a new title
follows. A phrase that reads as a clause ("Putin, who ...", "Dr. Petrova, is this ..."),
a list of names ("Trump, President Xi and ...") or has no title within its first few
words gives no role. "X, who heads the Y Institute," is read as head of that institute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from factcheck.extract.lexicon import Lexicon
from factcheck.extract.orgs import OrgMention
from factcheck.extract.roles import BREAK, POSSESSIVE, Role, RoleReader
from factcheck.extract.textparts import UPPER
from factcheck.extract.titlematch import TitleHit
from factcheck.text.names import fold, word_set

# Words that show a comma phrase is a clause, not an appositive ("Putin, who ...").
_CLAUSE = word_set(
    "is was are were who which that said says however has had have will would could should "
    "and but or if when where while also to in on by with from as after before not than "
    "according did does do been being this these those there it he she they we i"
)
_DET = re.compile(r"(?:a|an|the|his|her|its|their|one)[ \t]+", re.I)
_COMMA = re.compile(r"[ \t]*,[ \t]*")
_WHO_IS = re.compile(
    r"(?:who|which)[ \t]+(?:is|was|serves[ \t]+as|served[ \t]+as|has[ \t]+been|had[ \t]+been|"
    r"became|remains)[ \t]+(?:also[ \t]+)?"
)
_WHO_HEADS = re.compile(
    r"(?:who|which)[ \t]+(?:now[ \t]+|also[ \t]+)?"
    r"(?P<verb>heads|chairs|runs|directs|led|headed|chaired|ran)"
    r"[ \t]+(?:the[ \t]+)?"
)
_HEAD_VERBS = {
    "heads": "head",
    "headed": "head",
    "runs": "head",
    "ran": "head",
    "led": "head",
    "chairs": "chair",
    "chaired": "chair",
    "directs": "director",
}
_PREPOSITION = re.compile(r"[ \t]+(?P<prep>of|at|with|from|for)[ \t]+(?:the[ \t]+)?")
_AND = re.compile(r"[ \t]+and[ \t]+")
_CAPS = re.compile(
    rf"{UPPER}[\w&.-]*(?:[ \t]+(?:(?:of|and|&|for|the)[ \t]+)?{UPPER}[\w&.-]*){{0,5}}"
)


class AppositiveReader:
    """Reads appositive roles; shares the title matcher and org naming of ``roles``."""

    def __init__(self, lexicon: Lexicon, roles: RoleReader) -> None:
        self.lex = lexicon
        self.roles = roles
        self.titles = roles.titles
        self.non_name = roles.non_name
        verbs = sorted({v.split()[0] for v in lexicon.reporting_verbs}, key=len, reverse=True)
        self._stop = re.compile(
            rf"[,;:“”\"\n—–]|\((?![A-Z][A-Za-z&.]{{1,9}}\))|[ \t](?:who|which|whose|where|"
            rf"{'|'.join(map(re.escape, verbs))})\b"
        )

    def appositives(
        self,
        text: str,
        name_start: int,
        name_end: int,
        sentence_end: int,
        name_starts: frozenset[int],
        orgs_by_start: Mapping[int, OrgMention],
    ) -> list[Role]:
        """Roles in a comma phrase after a name, one per conjunct naming a title."""
        comma = _COMMA.match(text, name_end)
        if comma is None:
            return []
        start = comma.end()
        limit = min(sentence_end, start + 220)
        stop = self._stop.search(text, start, limit)
        if stop is None and limit < sentence_end:
            return []
        end = stop.start() if stop else limit
        while end > start and text[end - 1] in " \t.":
            end -= 1
        heads = _WHO_HEADS.match(text, start, end)
        if heads is not None:
            return self._heads(text, name_start, heads, end, orgs_by_start)
        who = _WHO_IS.match(text, start, end)
        start = who.end() if who else start
        roles: list[Role] = []
        for cs, ce in self._conjuncts(text, start, end):
            role = self._conjunct(text, name_start, cs, ce, name_starts, orgs_by_start)
            if role is None:
                break
            roles.append(role)
        return roles

    def _heads(
        self,
        text: str,
        name_start: int,
        m: re.Match[str],
        end: int,
        orgs_by_start: Mapping[int, OrgMention],
    ) -> list[Role]:
        """ "X, who heads the Arctic Minerals Institute," -> head of that institute."""
        org = orgs_by_start.get(m.end())
        info = self.lex.title(_HEAD_VERBS[m.group("verb").lower()])
        if org is None or info is None or org.state:
            return []
        return [Role(name_start, org.end, info, None, org.canonical, text[m.start() : org.end])]

    def _conjuncts(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Split at "and" only where a new title follows within a few words."""
        out: list[tuple[int, int]] = []
        for m in _AND.finditer(text, start, end):
            if self.titles.first_in(text, m.end(), end, max_before=3) is not None:
                out.append((start, m.start()))
                start = m.end()
        out.append((start, end))
        return out

    def _conjunct(
        self,
        text: str,
        name_start: int,
        cs: int,
        ce: int,
        name_starts: frozenset[int],
        orgs_by_start: Mapping[int, OrgMention],
    ) -> Role | None:
        det = _DET.match(text, cs, ce)
        body = det.end() if det else cs
        possessive = None
        for possessive in POSSESSIVE.finditer(text, body, ce):  # noqa: B007 - the last one
            continue
        head = possessive.end() if possessive else body
        hit = self.titles.first_in(text, head, ce, max_before=4)
        if hit is None:
            return None
        pre = text[head : hit.start].split()
        if any(fold(w) in _CLAUSE or BREAK.search(w) for w in pre):
            return None
        if _name_follows(text, hit.end, name_starts):
            return None  # "Trump, President Xi and ..." is a list, not an appositive
        modifier = hit.modifier or next(
            (self.lex.modifiers[w.lower()] for w in pre if w.lower() in self.lex.modifiers), None
        )
        org = self._org_after(text, hit, ce, orgs_by_start)
        if org is None and possessive is not None:
            base = text[body : possessive.start()]
            org = self.roles.org_named(base, body, possessive.start(), {})
        if org is None:
            org = next(
                (o for w in pre if (o := self.roles.org_named(w, 0, 0, {})) is not None), None
            )
        if org is None:
            org = next(
                (o.canonical for s, o in orgs_by_start.items() if head <= s < hit.start), None
            )
        return Role(name_start, ce, hit.info, modifier, org, text[body:ce].strip())

    def _org_after(
        self, text: str, hit: TitleHit, end: int, orgs_by_start: Mapping[int, OrgMention]
    ) -> str | None:
        """The organisation in "chairman of the X", "analyst at X"; None if unnamed."""
        pos = hit.end + 6 if text.startswith("-elect", hit.end) else hit.end
        m = _PREPOSITION.match(text, pos, end)
        if m is None:
            return None
        org = orgs_by_start.get(m.end())
        if org is not None and org.end <= end + 1:
            return org.canonical
        if m.group("prep") == "for":
            return None  # "envoy for international cooperation", "for Ukraine": a brief
        caps = _CAPS.match(text, m.end(), end)
        if caps is None:
            return None
        phrase = caps.group()
        country = self.lex.nationalities.get(phrase)
        if country is not None:
            return country
        known = self.lex.orgs.get(phrase)
        if known is not None:
            return known.canonical
        return None if fold(phrase) in self.lex.places or fold(phrase) in self.non_name else phrase


def _name_follows(text: str, pos: int, name_starts: frozenset[int]) -> bool:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos in name_starts
