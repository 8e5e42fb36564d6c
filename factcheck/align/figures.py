"""Figure mentions -> office claims (who held an office) and role claims (who is what)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from factcheck.align.offices import OfficeTable
from factcheck.align.sentences import SentenceIndex
from factcheck.model import Claim, ClaimKind, DateValue, Figure, Mention

# The claim kinds ``claims`` builds; the check registry refuses any other.
PRODUCES = frozenset({ClaimKind.ROLE, ClaimKind.OFFICE})


def claims(
    mentions: Sequence[Mention],
    index: SentenceIndex,
    offices: OfficeTable,
    lead: Sequence[str] = (),
) -> Iterator[Claim]:
    """Office and role claims of one article; ``lead`` names the countries of its lead."""
    for m in mentions:
        v = m.value
        if not isinstance(v, Figure) or not v.canonical:
            continue
        office_claim = _office_claim(m, v, index, offices, "|".join(lead))
        if office_claim is not None:
            yield office_claim
        if v.kind == "person" and v.title:
            yield Claim(
                kind=ClaimKind.ROLE,
                key=(ClaimKind.ROLE, v.canonical),
                article_id=m.article_id,
                topic=v.canonical,
                value=(v.title, v.org or ""),
                display=v.role or " ".join(x for x in (v.modifier, v.title, v.org) if x),
                mentions=(m,),
                confidence=m.confidence,
                attrs=(("title", v.title), ("org", v.org or ""), ("modifier", v.modifier or "")),
            )


def _office_claim(
    m: Mention, v: Figure, index: SentenceIndex, offices: OfficeTable, lead: str
) -> Claim | None:
    if v.kind == "administration":
        office = offices.administration(v.canonical)
        form = "administration"
    elif v.kind == "person":
        office = offices.find(v.title, v.org, v.canonical)
        form = "title"
    else:
        return None
    if office is None or v.canonical not in office.holders():
        return None
    dated = index.date_of(m)
    when = dated.value if dated is not None and isinstance(dated.value, DateValue) else None
    mentions = (m,) if dated is None else (m, dated)
    return Claim(
        kind=ClaimKind.OFFICE,
        key=(ClaimKind.OFFICE, office.id),
        article_id=m.article_id,
        topic=office.id,
        value=v.canonical,
        display=m.surface,
        mentions=mentions,
        when=when,
        confidence=m.confidence,
        attrs=(("form", form), ("modifier", (v.modifier or "").lower()), ("lead", lead)),
    )
