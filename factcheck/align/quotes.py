"""Quote mentions -> quote claims (what was said, by whom)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from factcheck.model import Claim, ClaimKind, Mention, Quotation

# The claim kinds ``claims`` builds; the check registry refuses any other.
PRODUCES = frozenset({ClaimKind.QUOTE})


def claims(mentions: Sequence[Mention]) -> Iterator[Claim]:
    for m in mentions:
        v = m.value
        if isinstance(v, Quotation) and v.speaker:
            yield Claim(
                kind=ClaimKind.QUOTE,
                key=(ClaimKind.QUOTE,),  # the check blocks by shared word shingles itself
                article_id=m.article_id,
                topic=v.text,
                value=v.speaker,
                display=v.speaker,
                mentions=(m,),
                confidence=m.confidence,
            )
