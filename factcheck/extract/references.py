"""References to people without their full name: unnamed role descriptions, administrations.

- description: "the head of the Russian Research Institute" names a role of a named,
  non-state organisation but no person; ``FigureExtractor`` resolves it to the one
  plausible person named shortly before, or drops it;
- administration: "the Biden administration", "the Trump White House", "the Obama-era",
  for presidents in ``rules/aliases.yaml`` whose surname is unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from factcheck.extract.lexicon import KnownPerson, Lexicon
from factcheck.extract.orgs import OrgMention
from factcheck.extract.roles import Role
from factcheck.extract.textparts import UPPER
from factcheck.extract.wordtrie import union
from factcheck.text.names import SUFFIXES, fold


class ReferenceReader:
    """Finds descriptions and administrations; construct once per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        leaders = [
            f for f, t in lexicon.titles.items() if t.cls == "leader" or t.title == "president"
        ]
        mods = [m.rstrip("-") for m in lexicon.modifiers if m != "elect"]
        mod_alt = "|".join(map(re.escape, sorted(set(mods))))
        leader_alt = "|".join(map(re.escape, sorted(leaders, key=len, reverse=True)))
        # NOTE: "[Tt](?<![\w-][Tt])he" is "(?<![\w-])[Tt]he" written to open with a
        # character class, so that ``re`` skips to the next "t" at C speed.
        self._description = re.compile(
            rf"[Tt](?<![\w-][Tt])he[ \t]+(?:(?P<mod>(?i:{mod_alt}))[ \t-]+)?"
            rf"(?P<title>(?i:{leader_alt}))"
            rf"[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?"
        )
        bodies = "|".join(map(re.escape, lexicon.public_bodies))
        self._public_body = re.compile(rf"\b(?:{bodies})\b") if lexicon.public_bodies else None
        self.admins = _administration_surnames(lexicon)
        self._admin = re.compile(
            rf"(?P<sur>{_surnames(list(self.admins))})"
            rf"(?:-{UPPER}\w+)?(?:(?:[’']s)?[ \t]+"
            rf"(?i:administration|white[ \t]+house|presidency|era|cabinet)|-era)(?![\w-])"
        )

    # --- administrations ----------------------------------------------------------------

    def administrations(self, text: str) -> list[tuple[int, int, str, KnownPerson]]:
        """(start, end, surname as written, person) for "the Biden administration" etc."""
        return [
            (m.start(), m.end(), m.group("sur"), self.admins[m.group("sur")])
            for m in self._admin.finditer(text)
        ]

    def descriptions(self, text: str, orgs_by_start: Mapping[int, OrgMention]) -> list[Role]:
        """ "the head of the X Institute": a leader of a named, non-state organisation."""
        out: list[Role] = []
        for m in self._description.finditer(text):
            org = orgs_by_start.get(m.end())
            if org is None or org.state or org.canonical in self.lex.nationalities:
                continue
            if self._public_body is not None and self._public_body.search(org.name):
                continue  # its head is a public official, reported by name
            info = self.lex.title(m.group("title"))
            if info is None:
                continue
            mod = self.lex.modifiers.get((m.group("mod") or "").lower())
            start = m.start() + 4
            out.append(Role(start, org.end, info, mod, org.canonical, text[start : org.end]))
        return out


def _surnames(surnames: list[str]) -> str:
    """The surnames as a regex, none right after a word character or a hyphen.

    NOTE: as a trie (``union``) it opens with the surnames' first letters, so ``re``
    skips to a possible start at C speed. The trie prefers the longest surname where
    the listed order may prefer another, so a list where one surname begins another
    ("Lloyd", "Lloyd-George") keeps its plain, ordered form.
    """
    capitalised = [s for s in surnames if re.match(UPPER, s)]  # no other can match
    if any(a != b and b.startswith(a) for a in capitalised for b in capitalised):
        return rf"(?<![\w-])(?={UPPER})(?:{'|'.join(map(re.escape, surnames))})"
    return union(capitalised, not_after=r"[\w-]")


def _administration_surnames(lexicon: Lexicon) -> dict[str, KnownPerson]:
    """Surname -> person, for people with an administration whose surname is unambiguous."""
    by_surname: dict[str, list[KnownPerson]] = {}
    for person in {p.canonical: p for p in lexicon.people.values() if p.administration}.values():
        tokens = [t for t in person.canonical.split() if fold(t).rstrip(".") not in SUFFIXES]
        by_surname.setdefault(tokens[-1], []).append(person)
    return {s: ps[0] for s, ps in by_surname.items() if len(ps) == 1 and lexicon.names.key(s)}
