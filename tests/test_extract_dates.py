"""Golden cases for the date extractor.

Each case lists a text, an optional publication date and the hits expected, comparing
only the fields the case names (quantulum3-style). ``NOT_DATES`` lists texts that must
yield no hit at all: the look-alikes raw dateparser search reports as dates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract.base import Context, Hit
from factcheck.extract.dates import DateExtractor, extract_dates
from factcheck.model import DateValue, FactType
from factcheck.resources import RulesDataError, load_table

PUB = date(2025, 3, 26)  # a Wednesday


@pytest.fixture(scope="module")
def ex() -> DateExtractor:
    return DateExtractor.from_rules()


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _find(ex: DateExtractor, text: str, published: date | None = None) -> list[Hit]:
    return extract_dates(text, published, extractor=ex)


def _view(text: str, hit: Hit) -> dict[str, Any]:
    assert isinstance(hit.value, DateValue)
    v = hit.value
    return {
        "surface": text[hit.start : hit.end],
        "start": v.start.isoformat() if v.start else None,
        "end": v.end.isoformat() if v.end else None,
        "granularity": v.granularity,
        "weekday": v.weekday,
        "relative": v.relative,
        "resolution": v.resolution,
    }


# (text, published, [expected hit fields, in text order]); fields not listed are ignored.
# fmt: off
CASES: list[tuple[str, date | None, list[dict[str, Any]]]] = [
    # full dates, as written and with case slips
    ("Talks opened on March 24, 2025 in Riyadh.", None,
     [{"surface": "March 24, 2025", "start": "2025-03-24", "end": "2025-03-24",
       "granularity": "day", "resolution": "absolute", "relative": False}]),
    ("Talks opened on 24 March 2025.", None, [{"surface": "24 March 2025", "start": "2025-03-24"}]),
    ("Talks opened on march 24, 2025.", None,
     [{"surface": "march 24, 2025", "start": "2025-03-24"}]),
    ("It was signed on the 3rd of June, 2021.", None,
     [{"surface": "3rd of June, 2021", "start": "2021-06-03"}]),
    ("Filed Sept. 5, 2024, the suit", None, [{"surface": "Sept. 5, 2024", "start": "2024-09-05"}]),
    ("The log reads 2025-03-24 at noon.", None,
     [{"surface": "2025-03-24", "start": "2025-03-24", "granularity": "day"}]),
    ("Meetings ran March 24-25, 2025.", None,
     [{"start": "2025-03-24", "end": "2025-03-25", "granularity": "day"}]),
    # a stated weekday is recorded, and a wrong one is kept as written
    ("It began on Monday, March 24, 2025.", None,
     [{"surface": "Monday, March 24, 2025", "start": "2025-03-24", "weekday": 0}]),
    ("It began on Tuesday, March 24, 2025.", None,
     [{"surface": "Tuesday, March 24, 2025", "start": "2025-03-24", "weekday": 1}]),
    ("Mon., Mar. 24, 2025 - Moscow", None, [{"start": "2025-03-24", "weekday": 0}]),
    ("The Sun, 24 March 2025, led with it.", None, [{"surface": "24 March 2025", "weekday": None}]),
    # months, years, decades, quarters, seasons
    ("Output fell in March 2025.", None,
     [{"surface": "March 2025", "start": "2025-03-01", "end": "2025-03-31",
       "granularity": "month"}]),
    ("Prices peaked in February 2024.", None, [{"start": "2024-02-01", "end": "2024-02-29"}]),
    ("Since 2019, exports grew.", None,
     [{"surface": "2019", "start": "2019-01-01", "end": "2019-12-31", "granularity": "year"}]),
    ("The target is to finish by 2030.", None, [{"surface": "2030", "granularity": "year"}]),
    ("The 2023 tariffs hit aluminium.", None, [{"surface": "2023", "start": "2023-01-01"}]),
    ("It beat 2023's record.", None, [{"surface": "2023", "granularity": "year"}]),
    ("Between 2019 and 2023, output doubled.", None, [{"surface": "2019"}, {"surface": "2023"}]),
    ("It rose to 12 in 2022 and 15 in 2023.", None, [{"surface": "2022"}, {"surface": "2023"}]),
    ("Growth slowed in mid-2025 and again in late 2026.", None,
     [{"surface": "mid-2025", "start": "2025-05-01", "end": "2025-08-31", "granularity": "year"},
      {"surface": "late 2026", "start": "2026-09-01", "end": "2026-12-31"}]),
    ("Ties thawed in the 1990s.", None,
     [{"surface": "1990s", "start": "1990-01-01", "end": "1999-12-31", "granularity": "decade"}]),
    ("Ties thawed in the early '90s.", None,
     [{"surface": "early '90s", "start": "1990-01-01", "end": "1993-12-31"}]),
    ("Revenue rose in Q3 2024.", None,
     [{"surface": "Q3 2024", "start": "2024-07-01", "end": "2024-09-30",
       "granularity": "quarter"}]),
    ("Revenue rose in the third quarter of 2024.", None,
     [{"surface": "third quarter of 2024", "start": "2024-07-01", "end": "2024-09-30"}]),
    ("Sales jumped in summer 2024.", None,
     [{"surface": "summer 2024", "start": "2024-06-01", "end": "2024-08-31",
       "granularity": "season"}]),
    ("The winter of 2024 was mild.", None,
     [{"surface": "winter of 2024", "start": "2024-12-01", "end": "2025-02-28"}]),
    # year-less expressions: resolved against publication, else context, else not at all
    ("Talks could resume in mid-April.", PUB,
     [{"surface": "mid-April", "start": "2025-04-11", "end": "2025-04-20",
       "resolution": "published", "relative": True}]),
    ("Talks could resume in mid-April.", None,
     [{"surface": "mid-April", "start": None, "end": None, "resolution": "none"}]),
    ("They will meet in early April and again in late April.", PUB,
     [{"start": "2025-04-01", "end": "2025-04-10"}, {"start": "2025-04-21", "end": "2025-04-30"}]),
    ("Talks began on Monday, march 24, 2025, after a phone call on March 18.", None,
     [{"start": "2025-03-24", "resolution": "absolute"},
      {"surface": "March 18", "start": "2025-03-18", "resolution": "context", "relative": True}]),
    ("A ceasefire was agreed on December 18.", PUB,
     [{"start": "2024-12-18", "resolution": "published"}]),
    ("Elections are due in May 2024, not in May.", None,
     [{"surface": "May 2024", "start": "2024-05-01"}, {"surface": "May", "resolution": "none"}]),
    ("Talks could resume in May.", PUB, [{"surface": "May", "start": "2025-05-01"}]),
    # the tense of the clause picks the occurrence: past, future, else the nearest
    ("The deal was struck in May.", PUB, [{"surface": "May", "start": "2024-05-01"}]),
    ("The museum reopened on 4 July.", PUB, [{"surface": "4 July", "start": "2024-07-04"}]),
    ("The pact expires in December.", PUB, [{"start": "2025-12-01", "end": "2025-12-31"}]),
    ("In January, Trump announced tariffs.", date(2025, 11, 2), [{"start": "2025-01-01"}]),
    ("Negotiators hope to finish by mid-April.", PUB, [{"start": "2025-04-11"}]),
    ("The deal was struck last April.", PUB,
     [{"surface": "last April", "start": "2024-04-01", "end": "2024-04-30"}]),
    ("Demand may fall this summer.", PUB,
     [{"surface": "this summer", "start": "2025-06-01", "resolution": "published"}]),
    ("This winter was mild.", date(2025, 1, 20),
     [{"surface": "This winter", "start": "2024-12-01", "end": "2025-02-28"}]),
    ("Exports grew in the first half of 2024.", None,
     [{"surface": "first half of 2024", "start": "2024-01-01", "end": "2024-06-30",
       "granularity": "year"}]),
    ("Talks could resume in early summer.", PUB,
     [{"surface": "early summer", "start": "2025-06-01", "end": "2025-06-30"}]),
    ("Third-quarter results beat forecasts.", PUB,
     [{"surface": "Third-quarter", "start": "2024-07-01", "end": "2024-09-30"}]),
    # weekdays: the most recent one on or before publication, unless the clause is future
    ("On Tuesday, Russia made an offer.", PUB,
     [{"surface": "Tuesday", "start": "2025-03-25", "granularity": "weekday", "weekday": 1,
       "resolution": "published", "relative": True}]),
    ("Officials spoke on Wednesday.", PUB, [{"start": "2025-03-26"}]),
    ("Officials spoke on Thursday.", PUB, [{"start": "2025-03-20"}]),
    ("Putin will meet Trump on Thursday.", PUB, [{"start": "2025-03-27"}]),
    ("Putin, who will attend, said on Thursday that it was over.", PUB, [{"start": "2025-03-20"}]),
    ("It happened last Friday.", PUB, [{"surface": "last Friday", "start": "2025-03-21"}]),
    ("Results are expected on Friday.", date(2024, 11, 6), [{"start": "2024-11-08"}]),
    ("The meeting is scheduled for 10 a.m. on Thursday.", PUB, [{"start": "2025-03-27"}]),
    ("Attacks continued over the weekend.", date(2025, 3, 24),
     [{"surface": "weekend", "start": "2025-03-22", "end": "2025-03-23", "relative": True}]),
    ("The summit is this weekend.", date(2025, 3, 24),
     [{"surface": "this weekend", "start": "2025-03-29", "end": "2025-03-30"}]),
    ("On Tuesday, Russia made an offer.", None,
     [{"surface": "Tuesday", "start": None, "weekday": 1, "resolution": "none"}]),
    # relative expressions
    ("Yesterday the talks ended.", PUB,
     [{"surface": "Yesterday", "start": "2025-03-25", "granularity": "day", "relative": True}]),
    ("Markets rallied today.", PUB, [{"surface": "today", "start": "2025-03-26"}]),
    ("It was announced last week.", PUB,
     [{"surface": "last week", "start": "2025-03-17", "end": "2025-03-23", "granularity": "week"}]),
    ("Talks resume next month.", PUB,
     [{"surface": "next month", "start": "2025-04-01", "end": "2025-04-30"}]),
    ("Output fell last year and will rise this year.", PUB,
     [{"surface": "last year", "start": "2024-01-01", "end": "2024-12-31"},
      {"surface": "this year", "start": "2025-01-01", "end": "2025-12-31"}]),
    ("The plant closed two years ago.", PUB,
     [{"surface": "two years ago", "start": "2023-01-01", "granularity": "year"}]),
    ("The plant closed three days ago.", PUB,
     [{"surface": "three days ago", "start": "2025-03-23", "end": "2025-03-23"}]),
    ("It was agreed earlier this month.", PUB,
     [{"surface": "earlier this month", "start": "2025-03-01", "end": "2025-03-25",
       "granularity": "month"}]),
    ("Rates fell at the end of last year.", PUB,
     [{"surface": "end of last year", "start": "2024-09-01", "end": "2024-12-31"}]),
    ("Yesterday the talks ended.", None, [{"start": None, "resolution": "none"}]),
    ("On June 2, 2025 the talks opened. Yesterday, they ended.", None,
     [{"start": "2025-06-02"}, {"start": "2025-06-01", "resolution": "context"}]),
    # all-number days, when the order of day and month is certain
    ("Talks resumed on 03/24/2025.", None,
     [{"surface": "03/24/2025", "start": "2025-03-24", "granularity": "day"}]),
    ("Talks resumed on 24/03/2025 in Riyadh.", None, [{"start": "2025-03-24"}]),
    ("Talks resumed on 24.03.2025.", None, [{"start": "2025-03-24"}]),
    ("Talks resumed on 5/5/2025.", None, [{"start": "2025-05-05"}]),
    ("On Tuesday, 03/24/2025, talks resumed.", None,
     [{"surface": "Tuesday, 03/24/2025", "start": "2025-03-24", "weekday": 1}]),
]
# fmt: on


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_golden(
    ex: DateExtractor, text: str, published: date | None, expected: list[dict[str, Any]]
) -> None:
    got = [_view(text, h) for h in _find(ex, text, published)]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert {k: g[k] for k in e} == e, g


NOT_DATES = [
    "About 60% of the market and 85% of the supply.",
    "Shares fell $14 to $15.",
    "Prices may rise, we think. Do a check to be sure.",
    "Theresa May said the vote would go ahead.",
    "A speech by May drew applause.",
    "They march 18 miles a day.",
    "It shipped 2,023 tonnes.",
    "It shipped 2023 tons of ore.",
    "In 2000 tons of ore.",
    "It won by 2000 votes.",
    "Wages rose from 1900 to 2000 dollars.",
    "Between 1900 and 2000 people attended.",
    "The Boeing 737 and 1500 workers.",
    "Saudi Vision 2030 targets mining.",
    "The Mail on Sunday reported it, as did USA Today.",
    "Black Friday sales rose.",
    "Visit world-today-news.com for more.",
    "World Today News Chatbot",
    "In today's world, trade is political.",
    "Over the last year prices doubled, and over the next week they may fall.",
    "It was his last year in office.",
    "The Arab Spring changed the region.",
    "The fall of prices continued.",
    "He jogs every Monday.",
    "In the 2023-24 season, the team lost.",
    "Its fiscal third quarter and fiscal 2024 results.",
    "The first quarter of the century was turbulent.",
    "March 45, 2025 is not a day.",
    "February 30, 2025 is not a day either.",
    "Jan Smith and Mar Lopez spoke.",
    "COVID-2019 spread.",
    "the 1900s",
    "The talks resume until 1800 GMT.",
    "He quoted the Ides of March.",
    "Rain falls in the summer months.",
    "He works weekends and every weekend.",
    "Talks resumed on 03/04/2025.",  # March 4 or 3 April: the text does not say
    "Talks resumed on 31/02/2025.",
    "About 3/4 of the total was sold.",
    "Version 1.2.2025 shipped.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(ex: DateExtractor, text: str) -> None:
    hits = _find(ex, text, PUB)
    assert [text[h.start : h.end] for h in hits] == []


def test_every_never_date_phrase_is_blocked(ex: DateExtractor) -> None:
    for phrase in load_table("dates.yaml")["never_dates"]:
        text = f"On the call they discussed the {phrase} coverage."
        lo = text.index(phrase)
        hits = _find(ex, text, PUB)
        assert not [h for h in hits if h.start < lo + len(phrase) and lo < h.end], phrase


def test_extractor_contract(ex: DateExtractor) -> None:
    assert (ex.name, ex.version, ex.produces) == ("dates", "1", FactType.DATE)
    text = "On Tuesday, Russia made an offer. It follows talks on March 18, 2025."
    ctx = Context(text=text, sentences=(), published=PUB)
    hits = ex(ctx)
    assert all(isinstance(h.value, DateValue) for h in hits)
    assert [text[h.start : h.end] for h in hits] == ["Tuesday", "March 18, 2025"]


def test_confidence_is_lower_for_ambiguous_candidates(ex: DateExtractor) -> None:
    def conf(text: str, published: date | None = None) -> float:
        (hit,) = _find(ex, text, published)
        return hit.confidence

    full = conf("It was signed on March 24, 2025.")
    assert conf("It was signed in May.", PUB) < conf("It was signed in April.", PUB) < full
    assert conf("It was signed on Tuesday.") < conf("It was signed on Tuesday.", PUB)
    assert conf("It was signed on Tuesday.") < 0.5
    assert all(0.0 < c <= 1.0 for c in (full, conf("It rose in 2023.")))


def test_context_anchor_is_the_nearest_earlier_full_date(ex: DateExtractor) -> None:
    text = "On 2 January 2024 it began. On March 24, 2025 it ended. A call on March 18 followed."
    hits = _find(ex, text)
    last = hits[-1].value
    assert isinstance(last, DateValue)
    assert (last.start, last.resolution) == (_d("2025-03-18"), "context")


def test_closest_year_for_yearless_dates(ex: DateExtractor) -> None:
    text = "On January 5, 2025 the deal closed. The offer was made on December 18."
    last = _find(ex, text)[-1].value
    assert isinstance(last, DateValue)
    assert last.start == _d("2024-12-18")


def test_publication_date_wins_over_context(ex: DateExtractor) -> None:
    text = "On March 24, 2020 it began. On Friday it ended."
    last = _find(ex, text, PUB)[-1].value
    assert isinstance(last, DateValue)
    assert (last.start, last.resolution) == (_d("2025-03-21"), "published")


def test_spans_are_substrings_in_order(ex: DateExtractor) -> None:
    text = "Since 2019, and on Monday, March 24, 2025, then in mid-April and last week."
    hits = _find(ex, text, PUB)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert all(text[h.start : h.end].strip() == text[h.start : h.end] for h in hits)
    assert [text[h.start : h.end] for h in hits] == [
        "2019", "Monday, March 24, 2025", "mid-April", "last week"
    ]  # fmt: skip


def test_from_rules_reads_a_custom_folder(tmp_path: Path) -> None:
    table = load_table("dates.yaml")
    table["never_dates"] = [*table["never_dates"], "Operation Summer 2024"]
    (tmp_path / "dates.yaml").write_text(_dump(table), encoding="utf-8")
    custom = DateExtractor.from_rules(tmp_path)
    assert extract_dates("Operation Summer 2024 began.", extractor=custom) == []
    assert extract_dates("It began in summer 2024.", extractor=custom)


def test_from_rules_rejects_a_broken_table(tmp_path: Path) -> None:
    table = load_table("dates.yaml")
    del table["months"]
    (tmp_path / "dates.yaml").write_text(_dump(table), encoding="utf-8")
    with pytest.raises(RulesDataError, match="months"):
        DateExtractor.from_rules(tmp_path)


def test_extract_dates_builds_its_own_extractor() -> None:
    (hit,) = extract_dates("It opened on March 24, 2025.")
    assert isinstance(hit.value, DateValue)
    assert hit.value.start == _d("2025-03-24")


def test_published_datetime_is_accepted(ex: DateExtractor) -> None:
    from datetime import datetime

    (hit,) = _find(ex, "It ended yesterday.", datetime(2025, 3, 26, 18, 30))
    assert isinstance(hit.value, DateValue)
    assert hit.value.start == _d("2025-03-25")


def _dump(table: Any) -> str:
    import yaml

    return yaml.safe_dump(table, allow_unicode=True)
