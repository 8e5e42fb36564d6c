"""Quantity mentions -> claims about a measure ("China's share of global production")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from factcheck.align.frames import Frame, FrameReader, frame_reader
from factcheck.align.measure import MeasureReader, measure_of
from factcheck.align.sentences import SentenceIndex
from factcheck.model import Claim, ClaimKind, DateValue, Mention, Quantity

#: Dimensions whose values are compared by frame: what the number counts or measures.
_FRAMED = ("count", "percentage", "currency")
_REFERENCE = re.compile(r"\b(?:since|seen|than|compared)\b[^.;]*$", re.I)

#: Dimensions whose values are blocked by owner when one is read: a price per barrel or
#: a speed belongs to a grade or a train more than to the sentence's subject phrase.
_BY_OWNER = ("currency-per-volume", "speed")


# The claim kinds ``claims`` builds; the check registry refuses any other.
PRODUCES = frozenset({ClaimKind.QUANTITY})


def claims(
    mentions: Sequence[Mention],
    index: SentenceIndex,
    story: Sequence[str] = (),
    sentences: Sequence[str] = (),
    reader: FrameReader | None = None,
    published: str = "",
    lead_names: str = "",
    measures: MeasureReader | None = None,
) -> Iterator[Claim]:
    """Quantity claims of one article; ``story`` names the countries of its lead.

    A number whose sentence names no subject ("the deal is worth $4.5 billion") is
    about the article's story, so such numbers are blocked by the countries the
    headline and first paragraph name: "the deal" of a Chile-Germany story is never
    compared with "the deal" of a Norway-Poland one.
    """
    story_key = "story:" + "+".join(sorted(set(story))) if story else ""
    reader = reader or frame_reader()
    earlier: dict[int, str] = {}  # sentence index -> the noun counted last in it
    days, clocks = _sentence_times(mentions)
    for m in mentions:
        q = m.value
        if not isinstance(q, Quantity):
            continue
        frame = _frame(reader, m, q, sentences, earlier.get(m.sentence_index, ""))
        if frame.noun:
            earlier[m.sentence_index] = frame.noun
        measure = measure_of(m.sentence, m.local.start, m.local.end, q.dimension, reader=measures)
        subject = (measure.subject or "").strip().lower()
        running = reader.is_running(frame)
        dated, inherited, period = _when(m, index, running, days)
        yield Claim(
            kind=ClaimKind.QUANTITY,
            # Blocking: only the same kind of measure about the same subject is compared;
            # the check then matches measure phrases inside the block.
            key=_block_key(q, frame, subject or story_key),
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
                *_frame_attrs(frame, running),
                ("published", published),
                ("clock", clocks.get(m.sentence_index, "")),
                ("dated_by", "previous" if inherited else ("sentence" if dated else "")),
                ("lead_names", lead_names),
            ),
        )


def _sentence_times(mentions: Sequence[Mention]) -> tuple[dict[int, Mention], dict[int, str]]:
    """Per sentence index, the first day it names and the first clock time.

    The day is for a running count told in the sentence after it ("On Friday 23, the
    Ministry confirmed ... 4 cases ... bringing the cumulative number to 11 confirmed
    cases"); the clock for "As of 7.30 this morning, Labour have 410 seats".
    """
    days: dict[int, Mention] = {}
    clocks: dict[int, str] = {}
    for m in mentions:
        v = m.value
        if isinstance(v, DateValue) and v.minute is not None:
            clocks.setdefault(m.sentence_index, f"{v.minute}{v.zone}")
        if isinstance(v, DateValue) and v.start is not None and v.granularity in ("day", "weekday"):
            days.setdefault(m.sentence_index, m)
    return days, clocks


def _frame(
    reader: FrameReader, m: Mention, q: Quantity, sentences: Sequence[str], earlier_noun: str
) -> Frame:
    """What the figure counts; an age is the age of whoever the sentence names."""
    frame = reader.read(
        m.sentence,
        m.local.start,
        m.local.end,
        previous=sentences[max(0, m.sentence_index - 2) : m.sentence_index],
        earlier_noun=earlier_noun,
    )
    if q.dimension == "age":
        frame = Frame(noun="age", owner=reader.age_owner(m.sentence, m.local.start, m.local.end))
    return frame


def _block_key(q: Quantity, frame: Frame, subject: str) -> tuple[str, ...]:
    """The block a figure is compared in; ``subject`` is the sentence's, else the story's."""
    if frame.noun and (q.dimension in _FRAMED or q.dimension == "age"):
        # Blocked by what is counted; the check decides inside the block, by owner,
        # modifiers, predicate and time, whether two figures measure one thing.
        return (ClaimKind.QUANTITY, q.dimension, "noun:" + frame.noun)
    if frame.owner and q.dimension in _BY_OWNER:
        # "West Texas futures ... $84.08 a barrel" and "U.S. West Texas Intermediate
        # ... $79.90 a barrel": one owner, whatever the sentence's subject phrase.
        return (ClaimKind.QUANTITY, q.dimension, "owner:")
    return (ClaimKind.QUANTITY, q.dimension, subject)


def _when(
    m: Mention, index: SentenceIndex, running: bool, days: Mapping[int, Mention]
) -> tuple[Mention | None, bool, str]:
    """The date of the figure, whether it was taken from the sentence before (a running
    count), and the period the sentence names, as written."""
    dated = _own_date(index.date_of(m))
    inherited = False
    if dated is None and running and m.sentence_index - 1 in days:
        dated, inherited = days[m.sentence_index - 1], True
    # What the sentence says of the time, placed on the calendar or not ("in
    # February" with no year): two values for two different months never conflict.
    said = _own_date(dated or index.said_date_of(m))
    period = " ".join(said.surface.lower().split()) if said is not None else ""
    return dated, inherited, period


def _own_date(m: Mention | None) -> Mention | None:
    """``m`` unless the figure is measured against it ("the highest level since late
    January", "close to the levels seen at the end of January"): not the figure's time."""
    if m is not None and _REFERENCE.search(m.sentence[: m.local.start][-40:]):
        return None
    return m


def _frame_attrs(frame: Frame, running: bool) -> tuple[tuple[str, str], ...]:
    """A frame as claim attributes (claims are cached as plain strings)."""
    flags = "".join(
        flag
        for flag, on in (
            ("h", frame.hypothetical),
            ("c", frame.change),
            ("n", frame.negated),
            ("r", running),
        )
        if on
    )
    return (
        ("noun", frame.noun),
        ("mods", "|".join(frame.mods)),
        ("predicate", frame.predicate),
        ("owner", " ".join(frame.owner)),
        ("flags", flags),
        ("frame", frame.describe()),
    )
