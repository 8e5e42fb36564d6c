"""officeholder: an office or administration named for a time when someone else held it.

Three checks share the office claims built in ``align/figures.py``:

- ``officeholder-former``: "former President X" when the article's story happens while
  X held that office (per ``rules/officeholders.yaml``).
- ``officeholder-dated``: "President X" or "the X administration" in a sentence dated
  to a period when X did not hold the office.
- ``officeholder-story``: across sources, the office's holder during the story: one
  article names the Biden administration while others call Trump president or date
  the story to a time Trump held office.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from factcheck.align.offices import Office
from factcheck.checks.base import CheckFn, CheckSpec, Draft, Env, article_list, word_pattern
from factcheck.model import Claim, ClaimKind, DateValue, Kind, Mention, StoryTime

FIELDS = ("holder", "office", "article", "when", "others", "other_holder", "place")


@dataclass(frozen=True, slots=True)
class Params:
    # Modifiers (titles.yaml ``modifiers``, by their normalised name) that put a title
    # in the past.
    past_modifiers: tuple[str, ...] = ("former", "then", "late")
    # Word lists from rules/checks.yaml (``officeholder``): what makes a dated title
    # legitimately anachronistic ("then-senator", "future"), and what puts an undated
    # mention in the past rather than in the story's time.
    hedges: tuple[str, ...] = ()
    historical: tuple[str, ...] = ()
    max_evidence: int = 4
    # The undated articles' reference: dated articles whose lead countries overlap this
    # much (Jaccard), at least this many of them.
    min_story_overlap: float = 0.5
    min_references: int = 1


def _office(env: Env, claim: Claim) -> Office | None:
    for o in env.offices.offices:
        if o.id == claim.topic:
            return o
    return None


def _date_text(v: DateValue | None) -> str:
    if v is None or v.start is None or v.end is None:
        return "an unknown date"
    return (
        v.start.isoformat() if v.start == v.end else f"{v.start.isoformat()}..{v.end.isoformat()}"
    )


def _is_past(claim: Claim, params: Params) -> bool:
    return claim.attr("modifier").lower() in params.past_modifiers


def check_former(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    """ "former X" on a date when X held the office.

    The date is the sentence's own (resolved) date when it has one, else the story's:
    "a phone call between former President Trump and Putin on March 18" is judged on
    March 18, whatever else the article reports.
    """
    for claim in block:
        office = _office(env, claim)
        if office is None or claim.attr("modifier") != "former":
            continue
        holder = str(claim.value)
        dated = _own_date(claim)
        story = env.story.get(claim.article_id)
        date_mention: Mention | None = None
        if dated is not None:
            start, end = dated
            date_mention = claim.mentions[1]
            if not office.held_all(holder, start, end):
                continue
            confidence, when = 0.85, _date_text(claim.when)
        elif story is not None:
            if not office.held_any(holder, story.when, story.when):
                continue
            date_mention = story.mention
            confidence = 0.85 if story.source == "published" else 0.75
            when = story.when.isoformat()
        else:
            continue
        evidence: list[tuple[Mention, str]] = [(claim.mentions[0], f"former {office.title}")]
        if date_mention is not None:
            evidence.append((date_mention, when))
        yield Draft(
            fields={
                "holder": holder,
                "office": office.id,
                "article": claim.article_id,
                "when": when,
                "others": "",
                "other_holder": holder,
                "place": "",
            },
            confidence=confidence,
            evidence=tuple(evidence),
            identity=(office.id, holder, claim.article_id, "former", when),
        )


_PRECISE = frozenset({"day", "weekday", "week", "month"})


def _own_date(claim: Claim) -> tuple[date, date] | None:
    """The claim's sentence date when it is precise enough to judge a title by."""
    v = claim.when
    if v is None or v.start is None or v.end is None or len(claim.mentions) < 2:
        return None
    if v.granularity not in _PRECISE or v.resolution == "none":
        return None
    return v.start, v.end


def check_dated(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    hedge = word_pattern(tuple(params.hedges), start=False, end=False)
    for claim in block:
        office = _office(env, claim)
        when = claim.when
        if office is None or when is None or when.start is None or when.end is None:
            continue
        if _is_past(claim, params) or hedge.search(claim.mentions[0].sentence):
            continue
        holder = str(claim.value)
        if office.held_any(holder, when.start, when.end):
            continue
        actual = ", ".join(office.holders_during(when.start, when.end)) or "nobody on record"
        yield Draft(
            fields={
                "holder": holder,
                "office": office.id,
                "article": claim.article_id,
                "when": _date_text(when),
                "others": "",
                "other_holder": actual,
                "place": "",
            },
            confidence=0.8,
            evidence=tuple(
                (m, holder if i == 0 else _date_text(when)) for i, m in enumerate(claim.mentions)
            ),
            identity=(office.id, holder, claim.article_id, "dated", _date_text(when)),
        )


_DAY = timedelta(days=1)


def _story_claims(claims: Sequence[Claim], params: Params) -> list[Claim]:
    """Claims naming who holds the office during the article's story: undated, not
    "former", and not in a sentence about another time ("under the Biden
    administration", "had imposed", "then-senator")."""
    history = word_pattern((*params.hedges, *params.historical), end=False)
    return [
        c
        for c in claims
        if c.when is None and not _is_past(c, params) and not history.search(c.mentions[0].sentence)
    ]


def _overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two articles' lead countries are (Jaccard); 0 when either is unknown."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def check_story(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    """Who held the office during each article's story.

    An article that dates its story (publication date, or the latest event it reports)
    and names someone else for the office contradicts its own date. An article that
    does not date its story is compared with the articles about the same story (same
    lead countries) that do: the holder most of them imply is the reference.
    """
    if not block:
        return
    office = _office(env, block[0])
    if office is None:
        return
    per_article: dict[str, list[Claim]] = defaultdict(list)
    for c in _story_claims(block, params):
        per_article[c.article_id].append(c)
    undated: list[tuple[str, str, list[Claim]]] = []
    for article_id, claims in sorted(per_article.items()):
        holders = sorted({str(c.value) for c in claims})
        story = env.story.get(article_id)
        if story is None:
            if len(holders) == 1:
                undated.append((article_id, holders[0], claims))
            continue
        for holder in holders:
            if office.held_any(holder, story.when, story.when):
                continue
            named = [c for c in claims if str(c.value) == holder]
            yield _dated_draft(office, holder, named, story, params)
    if undated:
        yield from _undated_drafts(office, undated, env, params)


def _dated_draft(
    office: Office, holder: str, named: Sequence[Claim], story: StoryTime, params: Params
) -> Draft:
    actual = ", ".join(office.holders_during(story.when, story.when)) or "nobody on record"
    when = story.when.isoformat()
    ev = [(c.mentions[0], f"{holder} ({c.attr('form')})") for c in named[: params.max_evidence]]
    if story.mention is not None:
        ev.append((story.mention, f"{when} ({actual} in office)"))
    article_id = named[0].article_id
    dated_by = "its publication date" if story.source == "published" else "its own date"
    return Draft(
        fields={
            "holder": holder,
            "office": office.id,
            "article": article_id,
            "when": when,
            "others": f"{dated_by} ({when})",
            "other_holder": actual,
            "place": "places",
        },
        confidence=0.8 if story.source == "published" else 0.75,
        evidence=tuple(ev),
        identity=(office.id, article_id, holder, actual),
    )


def _lead(claim: Claim) -> tuple[str, ...]:
    return tuple(sorted(set(claim.attr("lead").split("|")) - {""}))


def _undated_drafts(
    office: Office,
    undated: Sequence[tuple[str, str, list[Claim]]],
    env: Env,
    params: Params,
) -> Iterator[Draft]:
    # References: dated articles, grouped by their lead countries (a handful of
    # distinct groups however large the corpus) and by the holder their date implies;
    # undated articles that name one holder vote too, with the holder they name.
    Refs = dict[tuple[str, ...], dict[str, list[tuple[str, StoryTime | None]]]]
    dated: Refs = defaultdict(lambda: defaultdict(list))
    for article_id, story in sorted(env.story.items()):
        # A day either side: on a handover day ("Prime Minister Rishi Sunak on Friday
        # morning conceded defeat", the day Keir Starmer took office) both are right.
        implied = office.holders_during(story.when - _DAY, story.when + _DAY)
        if len(implied) == 1:
            dated[tuple(sorted(set(story.lead)))][implied[0]].append((article_id, story))
    explicit: Refs = defaultdict(lambda: defaultdict(list))
    by_article = {article_id: claims for article_id, _, claims in undated}
    for article_id, holder, claims in undated:
        explicit[_lead(claims[0])][holder].append((article_id, None))
    for article_id, holder, claims in undated:
        lead = _lead(claims[0])
        near = [
            by_holder
            for table in (dated, explicit)
            for key, by_holder in table.items()
            if _overlap(key, lead) >= params.min_story_overlap
        ]
        votes: dict[str, int] = defaultdict(int)
        for by_holder in near:
            for h, members in by_holder.items():
                votes[h] += len(members)
        votes[holder] -= 1  # the article itself, among the explicit ones
        votes = {h: n for h, n in votes.items() if n > 0}
        if not votes:
            continue
        ref_holder = max(sorted(votes), key=lambda h: votes[h])
        if ref_holder == holder or votes[ref_holder] < params.min_references:
            continue
        # The first few agreeing articles (for evidence and the message) and their count.
        agreeing = list(
            islice(
                ((a, ref_holder, st) for by in near for a, st in by.get(ref_holder, ())),
                params.max_evidence,
            )
        )
        n_agreeing = votes[ref_holder]
        ev = [
            (c.mentions[0], f"{holder} ({c.attr('form')})") for c in claims[: params.max_evidence]
        ]
        ev += [
            (s.mention, f"{s.when.isoformat()} ({ref_holder} in office)")
            for _, _, s in agreeing[: params.max_evidence]
            if s is not None and s.mention is not None
        ]
        ev += [
            (m, f"{ref_holder} ({c.attr('form')})")
            for a, _, s in agreeing[: params.max_evidence]
            if s is None
            for c in by_article[a][:1]
            for m in c.mentions[:1]
        ]
        confidence = 0.6 + (0.1 if n_agreeing >= 2 else 0) + 0.05
        yield Draft(
            fields={
                "holder": holder,
                "office": office.id,
                "article": article_id,
                "when": "the story",
                "others": article_list([], [a for a, _, _ in agreeing], total=n_agreeing),
                "other_holder": ref_holder,
                "place": "place" if n_agreeing > 1 else "places",
            },
            confidence=round(confidence, 2),
            evidence=tuple(ev),
            identity=(office.id, article_id, holder, ref_holder),
        )


def _spec(name: str, run: CheckFn) -> CheckSpec:
    return CheckSpec(
        name=name,
        kind=Kind.OFFICEHOLDER,
        requires=ClaimKind.OFFICE,
        params=Params,
        fields=FIELDS,
        run=run,
        words="officeholder",
    )


FORMER_SPEC = _spec("officeholder-former", check_former)
OUT_OF_OFFICE_SPEC = _spec("officeholder-dated", check_dated)
STORY_SPEC = _spec("officeholder-story", check_story)
