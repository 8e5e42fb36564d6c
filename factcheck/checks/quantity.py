"""quantity: the same measure given incompatible values.

Framed figures (a counted noun read by ``align/frames.py``) arrive blocked by dimension
and noun, prices and speeds by dimension and owner; inside a block they are grouped by
modifiers, predicate and owner, and compared only within one story, one time and one
clock stamp (running counts on one stated day or one shared total). Other figures arrive
blocked by (dimension, subject) and their measure phrases are matched with rapidfuzz on
their normalised keys (numbers never enter the key, so "40%" and "60%" cannot make two
phrases look alike). Values are compared through their
qualifier bounds: "nearly 60%" and "58%" agree, "up to 2 million tons" and "1.5 million
tons" agree, "15%" and "40%" do not. Claims in the majority value cluster are the
reference; every claim outside it becomes one conflict, so ten outlets repeating one
figure against one outlier give one finding, not ten.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from factcheck.checks.base import (
    CheckSpec,
    Draft,
    Env,
    article_list,
    in_sorted,
    story_countries,
    two_stories,
    word_pattern,
)
from factcheck.checks.clusters import Cluster, DisjointSets, cluster_claims, similar_to
from factcheck.model import Claim, ClaimKind, DateValue, Kind, Quantity, Severity, Span


@dataclass(frozen=True, slots=True)
class Params:
    measure_similarity: float = 92.0
    min_relative_gap: float = 0.02
    high_severity_gap: float = 0.5
    min_confidence: float = 0.5
    max_per_sentence: int = 25  # figures of one block from one sentence (see check)
    # Word lists from rules/checks.yaml (``quantity``): caps ("up to"), and words of
    # sentences describing change or comparison, which hold several values of a measure.
    cap_words: tuple[str, ...] = ()
    change_words: tuple[str, ...] = ()


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    change = word_pattern(tuple(params.change_words))
    # One search per sentence, not per figure: a sentence may hold thousands of them.
    comparative: dict[tuple[str, Span], bool] = {}

    def describes_change(c: Claim) -> bool:
        key = (c.article_id, c.mentions[0].sentence_span)
        if key not in comparative:
            comparative[key] = change.search(c.mentions[0].sentence) is not None
        return comparative[key]

    asserted = _per_sentence_cap(
        [
            c
            for c in block
            if isinstance(c.value, Quantity)
            and c.confidence >= params.min_confidence
            and not set(c.attr("flags")) & {"c", "n"}  # a change, "not N"
        ],
        params.max_per_sentence,
    )
    if block and block[0].key[-1].startswith(("noun:", "owner:")):
        groups = _by_frame(asserted)
    else:
        usable = [c for c in asserted if _readable(c.topic) and not describes_change(c)]
        groups = [
            g
            for whole in _by_measure(usable, params.measure_similarity)
            for g in _by_frame(whole, keep_unframed=True)
        ]
    running = any("r" in c.attr("flags") for c in asserted)
    totals = _shared_totals(asserted) if running else None
    for group in groups:
        yield from _conflicts(group, params, totals)


def _per_sentence_cap(claims: list[Claim], cap: int) -> list[Claim]:
    """At most ``cap`` figures of one block from one sentence. Figures of one sentence
    are never compared with each other, so a sentence listing thousands of values of
    one measure (a table flattened into a line) would make clustering quadratic while
    adding nothing a reader would check; the first ``cap`` of them stand for it."""
    seen: dict[tuple[str, int], int] = defaultdict(int)
    kept = []
    for c in claims:
        where = (c.article_id, c.mentions[0].sentence_span.start)
        seen[where] += 1
        if seen[where] <= cap:
            kept.append(c)
    return kept


def _by_frame(claims: Sequence[Claim], keep_unframed: bool = False) -> list[list[Claim]]:
    """Claims that measure one thing, by frame: the same modifiers (confirmed deaths are
    not probable deaths), the same predicate (coaches derailed are not coaches that
    fell) and one owner (the Coromandel Express's coaches are not the Bengaluru-Howrah
    Express's; see `_owner_groups`). A claim whose owner is unknown joins the owner group
    when the block has exactly one; with several it is compared with nothing."""
    parts: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        # A forecast ("could attract up to $9 billion") is compared with forecasts only.
        mods = c.attr("mods") + ("|~forecast" if "h" in c.attr("flags") else "")
        parts[(mods, c.attr("predicate"))].append(c)
    # A figure whose predicate was not read joins the one predicate its modifiers have
    # in the block ("around 20 construction workers" and "Eight construction workers
    # ... fell"); with several predicates it could be any of them and stays apart.
    for mods in {m for m, p in parts if not p}:
        told = [p for m, p in parts if m == mods and p]
        if len(told) == 1:
            parts[(mods, told[0])].extend(parts.pop((mods, "")))
    groups: list[list[Claim]] = []
    for key in sorted(parts):
        part = parts[key]
        if keep_unframed:
            # Blocked by the measure phrase's subject already: the owner read from the
            # sentence around it adds nothing the phrase has not decided.
            if len(part) > 1:
                groups.append(part)
            continue
        if all("r" in c.attr("flags") for c in part):
            # A story's death toll or case count is the story's: the names around it
            # ("the Ministry", "Ebola") do not make it another count. Time decides.
            if len(part) > 1:
                groups.append(part)
            continue
        owned = [c for c in part if c.attr("owner")]
        unowned = [c for c in part if not c.attr("owner")]
        owner_groups = _owner_groups(owned)
        if len(owner_groups) == 1:
            owner_groups[0].extend(unowned)
        elif not owner_groups:
            owner_groups.append(unowned)
        # With several owners in the block (Tinubu's votes, Atiku's, Obi's), a figure
        # whose owner was not read could be anyone's: it is compared with nothing.
        groups.extend(g for g in owner_groups if len(g) > 1)
    return groups


def _owner_groups(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Claims grouped by owner: two owners are one when the words of one are all words
    of the other ("Obi" and "Peter Obi", "West Texas" and "West Texas Intermediate"), or
    one is the other's acronym ("INEC"). "Poldartal Industries" and "Poldartal Logistics"
    share a word but are two companies."""
    owners = sorted({c.attr("owner") for c in claims})
    index = {o: i for i, o in enumerate(owners)}
    sets = DisjointSets(len(owners))

    words_of = {o: frozenset(o.split()) for o in owners}
    with_word: dict[str, list[str]] = defaultdict(list)
    for o in owners:
        for w in words_of[o]:
            with_word[w].append(o)
    for o in owners:
        # Candidates share o's rarest word; a word many owners share ("logistics")
        # is a poor key but still a valid one when it is all o has.
        rarest = min(words_of[o], key=lambda w: (len(with_word[w]), w))
        for other in with_word[rarest]:
            if other != o and (words_of[o] <= words_of[other] or words_of[other] <= words_of[o]):
                sets.union(index[o], index[other])
        if len(words_of[o]) >= 2:
            acronym = "".join(w[0] for w in o.split())
            for other in with_word.get(acronym, ()):
                sets.union(index[o], index[other])
    out: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        out[sets.find(index[c.attr("owner")])].append(c)
    return list(out.values())


def _readable(topic: str) -> bool:
    """Whether the measure was read at all: "currency:" (nothing after the dimension)
    means the sentence did not say what the number measures, and such a number is
    never compared with anything."""
    return bool(topic.partition(":")[2].strip())


def _by_measure(claims: Sequence[Claim], threshold: float) -> list[list[Claim]]:
    """Group claims whose measure keys match (exactly, or fuzzily above threshold)."""
    if len(claims) < 2:
        return []  # most blocks: one company's one figure
    keys = sorted({c.topic for c in claims})
    if len(keys) == 1:
        return [list(claims)]
    # token_sort_ratio, not token_set_ratio: a subset phrase must not score 100.
    sets = DisjointSets(len(keys))
    for i, key in enumerate(keys):
        for j in similar_to(key, keys, fuzz.token_sort_ratio, threshold):
            sets.union(i, j)
    groups: dict[int, list[Claim]] = defaultdict(list)
    rep = {k: sets.find(i) for i, k in enumerate(keys)}
    for c in claims:
        groups[rep[c.topic]].append(c)
    return [g for g in groups.values() if len({c.article_id for c in g}) > 1 or len(g) > 1]


def _comparable(a: Claim, b: Claim, totals: Mapping[str, frozenset[float]] | None = None) -> bool:
    """Whether two values can contradict at all: one unit, one period, two sentences."""
    qa, qb = a.value, b.value
    assert isinstance(qa, Quantity) and isinstance(qb, Quantity)
    same_article = a.article_id == b.article_id
    return (  # the cheap tests first: this runs for every pair a block clusters
        qa.base_unit == qb.base_unit
        and not (same_article and a.mentions[0].sentence_span == b.mentions[0].sentence_span)
        and (same_article or a.attr("clock") == b.attr("clock"))
        and _same_story(a, b)
        and not _different_periods(a, b)
        and not _running_apart(a, b, totals)
    )


def _compatible(a: Claim, b: Claim, gap: float, caps: tuple[str, ...] = ()) -> bool:
    """Whether two values do not contradict: they cannot (another unit, another period,
    one sentence comparing them), or they agree."""
    return not _comparable(a, b) or _values_agree(a, b, gap, caps)


def _values_agree(a: Claim, b: Claim, gap: float, caps: tuple[str, ...] = ()) -> bool:
    """Whether two values of one unit agree, qualifier bounds and caps applied."""
    qa, qb = a.value, b.value
    assert isinstance(qa, Quantity) and isinstance(qb, Quantity)
    if _opposite_bounds(qa, qb) or _opposite_bounds(qb, qa):
        return False
    scale = max(abs(qa.base_value), abs(qb.base_value), 1e-12)
    slack = gap * scale
    if qa.dimension == qb.dimension and qa.dimension in ("count", "age") and a.attr("noun"):
        # A count is as precise as it is written: "24,966,218" and "24,965,218" differ,
        # "25.3 million" and "24.97 million" differ, "8.8 million" holds 8,794,726.
        la, ha = _written_bounds(a)
        lb, hb = _written_bounds(b)
        return la < hb and lb < ha  # 18 and 19 touch at 18.5: two counts
    if qa.qualifier == qb.qualifier == "upper" and _same_cap(a, b, caps):
        # "up to 2 million tons" and "up to 4 million tons" state two different caps;
        # as intervals ([0, 2M] and [0, 4M]) they would always overlap. ("More than 50"
        # and "more than 60" people can both be true, so only caps are compared so.)
        return abs(qa.base_value - qb.base_value) <= slack
    return qa.low - slack <= qb.high and qb.low - slack <= qa.high


def _opposite_bounds(below: Quantity, above: Quantity) -> bool:
    """ "nearly 50%" (under 50) against "at least 50%" (50 or more): one point, bounded
    from opposite sides, so the two cannot both be true."""
    return (
        below.qualifier == "approx"
        and below.high == below.base_value
        and below.low < below.base_value
        and above.qualifier == "lower"
        and above.low == below.base_value
    )


_HEDGE = re.compile(r"^[^\d$€£¥]*")
_WRITTEN = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _written_bounds(c: Claim) -> tuple[float, float]:
    """A count's qualifier bounds widened by half a unit of its last written digit."""
    q = c.value
    assert isinstance(q, Quantity)
    m = _WRITTEN.search(c.mentions[0].surface)
    half = 0.5
    if m is not None:
        digits = float(m.group().replace(",", "") or 1) or 1.0
        scale = abs(q.value) / digits if digits else 1.0
        decimals = len(m.group(1) or "")
        half = 0.5 * (10.0**-decimals) * max(scale, 1.0)
    return q.low - half, q.high + half


def _same_cap(a: Claim, b: Claim, caps: tuple[str, ...]) -> bool:
    """Whether both figures are caps written with the same word ("up to"): then the
    cap is the figure stated, and two caps are two figures."""
    ha = _HEDGE.match(a.mentions[0].surface)
    hb = _HEDGE.match(b.mentions[0].surface)
    wa = " ".join((ha.group() if ha else "").lower().split())
    wb = " ".join((hb.group() if hb else "").lower().split())
    return wa in caps and wa == wb


def _shared_totals(claims: Sequence[Claim]) -> dict[str, frozenset[float]]:
    """Each article's totals of a running count (no modifier, asserted as a level)."""
    totals: dict[str, set[float]] = defaultdict(set)
    for c in claims:
        q = c.value
        if isinstance(q, Quantity) and not c.attr("mods") and not set(c.attr("flags")) & set("hcn"):
            totals[c.article_id].add(q.base_value)
    return {k: frozenset(v) for k, v in totals.items()}


def _running_apart(
    a: Claim, b: Claim, totals: Mapping[str, frozenset[float]] | None = None
) -> bool:
    """A running count (deaths, cases, injured) grows while a story runs: two sources
    give one reading of it only when both state the same day for it ("as of 25
    September" and "on Sunday 25"), or when both give the same total and differ on its
    parts (23 deaths: "4 confirmed, 19 probable" against "18 listed as probable"). One
    article's own figures are one reading."""
    if not ("r" in a.attr("flags") or "r" in b.attr("flags")):
        return False
    if (
        totals is not None
        and a.article_id != b.article_id
        and a.attr("mods")
        and (a.when is None or b.when is None or a.when.start == b.when.start)
        and totals.get(a.article_id, frozenset()) & totals.get(b.article_id, frozenset())
    ):
        return False
    wa, wb = a.when, b.when
    if a.article_id == b.article_id:
        # One article's figures are one reading, unless its sentences date them to two
        # days ("The Railways on Saturday said ... 288" in Sunday's copy). A day only
        # named in the sentence before is too weak to keep them apart here.
        if _day(wa) and _day(wb):
            return _day(wa) != _day(wb)
        own_a = wa if a.attr("dated_by") != "previous" else None
        own_b = wb if b.attr("dated_by") != "previous" else None
        da = _day(own_a) or a.attr("published")
        db = _day(own_b) or b.attr("published")
        return bool((own_a or own_b) and da and db and da != db)
    if wa is None and wb is None and not (a.attr("published") or b.attr("published")):
        # Neither can be placed in time: one moment of one story, if their leads name
        # one thing (the Karsk plant), else two stories' counts.
        return not (set(a.attr("lead_names").split()) & set(b.attr("lead_names").split()))
    if wa is None or wb is None or wa.granularity not in ("day", "weekday"):
        return True
    return wb.granularity not in ("day", "weekday") or wa.start != wb.start


def _same_story(a: Claim, b: Claim) -> bool:
    """Whether two figures can be about one story: the countries their articles' leads
    name overlap, or one article's lead names none. A company's count of export markets
    in a wheat story and in a chips story are two facts."""
    if a.article_id == b.article_id:
        return True
    if story_countries(a) and story_countries(b):
        return not two_stories(a, b)
    # A lead that names no country: the names of the two leads must meet (the Karsk
    # plant, OPEC, Twitter); two leads with nothing in common are two stories.
    na, nb = set(a.attr("lead_names").split()), set(b.attr("lead_names").split())
    return not (na and nb) or bool(na & nb)


def _day(w: object) -> str:
    if isinstance(w, DateValue) and w.start and w.granularity in ("day", "weekday"):
        return w.start.isoformat()
    return ""


def _different_periods(a: Claim, b: Claim) -> bool:
    wa, wb = a.when, b.when
    if a.key[-1].startswith("owner:") and bool(a.attr("period")) != bool(b.attr("period")):
        return True  # a price "last month" and a price today: a level that moves
    said_a, said_b = set(a.attr("period").split()), set(b.attr("period").split())
    if said_a and said_b and (said_a <= said_b or said_b <= said_a):
        return False  # "as of December" and "as of December 2022": one period
    if (wa is None) != (wb is None):
        # "In 2003, registered voters increased to 61 million" against an undated
        # figure of an article published in 2023: the sentence's year is not the story's.
        dated, other = (a, b) if wa is not None else (b, a)
        w = dated.when
        published = other.attr("published")
        if (
            w is not None
            and w.start
            and w.resolution == "absolute"
            and (not published or w.start.year != int(published[:4]))
        ):
            return True
    if wa is None or wb is None or not (wa.start and wa.end and wb.start and wb.end):
        # Not both on the calendar: two sentences that name different times ("in
        # February", "in October 2025") are about different periods.
        pa, pb = a.attr("period"), b.attr("period")
        return bool(pa and pb and pa != pb)
    if wa.start.year != wb.start.year:
        return True
    # "inflation stood at 3.2% in March" and "at 4.1% in August": two months, two values.
    precise = ("day", "week", "month")
    if wa.granularity in precise and wb.granularity in precise:
        return wa.end < wb.start or wb.end < wa.start
    return False


def _conflicts(
    group: Sequence[Claim],
    params: Params,
    totals: Mapping[str, frozenset[float]] | None = None,
) -> Iterator[Draft]:
    # Values in units that do not convert (dollars and euros) are compared only with
    # their own kind: a "$1.2 billion" must not stand between "€1.1 billion" and "€1.9
    # billion" as if it agreed with both.
    by_unit: dict[str, list[Claim]] = defaultdict(list)
    for c in group:
        assert isinstance(c.value, Quantity)
        by_unit[c.value.base_unit].append(c)
    for unit in sorted(by_unit):
        if len(by_unit[unit]) > 1:
            yield from _unit_conflicts(by_unit[unit], params, totals)


def _unit_conflicts(
    group: Sequence[Claim],
    params: Params,
    totals: Mapping[str, frozenset[float]] | None = None,
) -> Iterator[Draft]:
    caps = tuple(params.cap_words)
    # Clusters hold values that agree; a value that is merely not comparable with
    # another (another year, the same sentence) does not join it, so it cannot bridge
    # two values that disagree.
    clusters = cluster_claims(
        group,
        lambda a, b: (
            _comparable(a, b, totals) and _values_agree(a, b, params.min_relative_gap, caps)
        ),
    )
    if len(clusters) < 2:
        return
    if group and group[0].key[-1].startswith(("noun:", "owner:")):
        yield from _framed_conflicts(clusters, params, caps, totals)
        return
    reference, others = clusters[0], clusters[1:]
    ref_claim = reference.claims[0]
    ref_q = ref_claim.value
    assert isinstance(ref_q, Quantity)
    ref_articles = sorted({c.article_id for c in reference.claims})
    # The reference as a few distinct readings (one per value, qualifier and period)
    # plus its claims by article: testing an outlier against the reference then costs
    # the number of distinct readings, not the number of outlets repeating them.
    readings = {_reading(c): c for c in reference.claims}
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in reference.claims:
        by_article[c.article_id].append(c)
    for cluster in others:
        for claim in cluster.claims:
            nearby = [*readings.values(), *by_article.get(claim.article_id, ())]
            if any(_compatible(claim, r, params.min_relative_gap, caps) for r in nearby):
                continue  # bridges both clusters: no clean contradiction
            yield _draft(claim, reference, ref_q, ref_articles, params)


def _framed_conflicts(
    clusters: Sequence[Cluster],
    params: Params,
    caps: tuple[str, ...],
    totals: Mapping[str, frozenset[float]] | None = None,
) -> Iterator[Draft]:
    """Each claim against the larger clusters before it: a conflict when some of their
    claims can contradict it (one period, another sentence) and none of those agrees.
    A claim that nothing can be compared with (a running count on another day) is left
    alone instead of being taken for agreement or for a contradiction."""
    for n, cluster in enumerate(clusters[1:], start=1):
        for claim in cluster.claims:
            for reference in clusters[:n]:
                comparable = [r for r in reference.claims if _comparable(claim, r, totals)]
                if not comparable:
                    continue
                if any(_values_agree(claim, r, params.min_relative_gap, caps) for r in comparable):
                    break  # bridges: no clean contradiction
                ref_q = comparable[0].value
                assert isinstance(ref_q, Quantity)
                ref = Cluster(tuple(comparable))
                articles = sorted({c.article_id for c in comparable})
                yield _draft(claim, ref, ref_q, articles, params)
                break


def _reading(c: Claim) -> tuple[object, ...]:
    """What ``_compatible`` reads of a claim, besides its article and sentence."""
    q = c.value
    assert isinstance(q, Quantity)
    w = c.when
    period = (w.start, w.end, w.granularity) if w is not None else None
    hedge = _HEDGE.match(c.mentions[0].surface)
    words = " ".join((hedge.group() if hedge else "").lower().split())
    return (q.base_unit, q.base_value, q.low, q.high, q.qualifier, words, period)


def _draft(
    claim: Claim, reference: Cluster, ref_q: Quantity, ref_articles: list[str], params: Params
) -> Draft:
    q = claim.value
    assert isinstance(q, Quantity)
    gap = abs(q.base_value - ref_q.base_value) / max(
        abs(q.base_value), abs(ref_q.base_value), 1e-12
    )
    support = len(ref_articles)
    confidence = min(claim.confidence, reference.claims[0].confidence) * (
        0.75 + 0.05 * min(support, 5)
    )
    if in_sorted(ref_articles, claim.article_id):
        confidence = min(1.0, confidence + 0.05)  # an article contradicting itself
    evidence = [(claim.mentions[0], _fmt(q))]
    evidence += [(c.mentions[0], _fmt(c.value)) for c in reference.claims[:4]]
    framed = claim.key[-1].startswith(("noun:", "owner:")) and claim.attr("frame")
    measure = claim.attr("frame") if framed else (claim.attr("measure") or claim.topic)
    subject = claim.attr("owner") if framed else claim.attr("subject")
    story = claim.attr("story")
    shown = subject or (f"the {story} story" if story else "(unspecified)")
    return Draft(
        fields={
            "measure": measure,
            "subject": shown,
            "value": claim.mentions[0].surface,
            "article": claim.article_id,
            "reference": reference.claims[0].mentions[0].surface,
            "reference_articles": article_list([], ref_articles[:3], total=len(ref_articles)),
        },
        confidence=round(min(confidence, 0.99), 2),
        evidence=tuple(evidence),
        identity=(
            q.dimension,
            subject.lower(),
            claim.topic,
            claim.article_id,
            _fmt(q),
            _fmt(ref_q),
        ),
        severity=Severity.HIGH if gap >= params.high_severity_gap else None,
    )


def _fmt(q: object) -> str:
    assert isinstance(q, Quantity)
    if q.low == q.high:
        return f"{q.base_value:g} {q.base_unit}"
    high = "inf" if q.high == float("inf") else f"{q.high:g}"
    return f"{q.base_value:g} {q.base_unit} [{q.low:g}..{high}]"


SPEC = CheckSpec(
    name="quantity",
    kind=Kind.QUANTITY,
    requires=ClaimKind.QUANTITY,
    params=Params,
    fields=("measure", "subject", "value", "article", "reference", "reference_articles"),
    run=check,
)
