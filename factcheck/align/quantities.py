"""Quantity mentions -> claims about a measure ("China's share of global production")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from factcheck.align.sentences import SentenceIndex
from factcheck.measure import measure_of
from factcheck.model import Claim, Mention, Quantity


def claims(
    mentions: Sequence[Mention], index: SentenceIndex, story: Sequence[str] = ()
) -> Iterator[Claim]:
    """Quantity claims of one article; ``story`` names the countries of its lead.

    A number whose sentence names no subject ("the deal is worth $4.5 billion") is
    about the article's story, so such numbers are blocked by the countries the
    headline and first paragraph name: "the deal" of a Chile-Germany story is never
    compared with "the deal" of a Norway-Poland one.
    """
    story_key = "story:" + "+".join(sorted(set(story))) if story else ""
    for m in mentions:
        q = m.value
        if not isinstance(q, Quantity):
            continue
        measure = measure_of(m.sentence, m.local.start, m.local.end, q.dimension)
        subject = (measure.subject or "").strip().lower()
        dated = index.date_of(m)
        # What the sentence says of the time, placed on the calendar or not ("in
        # February" with no year): two values for two different months never conflict.
        said = dated or index.said_date_of(m)
        period = " ".join(said.surface.lower().split()) if said is not None else ""
        yield Claim(
            kind="quantity",
            # Blocking: only the same kind of measure about the same subject is compared;
            # the check then matches measure phrases inside the block.
            key=("quantity", q.dimension, subject or story_key),
            article_id=m.article_id,
            topic=measure.key,
            value=q,
            display=m.surface,
            mentions=(m,),
            when=dated.value if dated is not None else None,  # type: ignore[arg-type]
            confidence=m.confidence,
            attrs=(
                ("measure", measure.phrase),
                ("subject", measure.subject or ""),
                ("story", " and ".join(sorted(set(story)))),
                ("period", period),
            ),
        )
