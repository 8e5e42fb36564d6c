"""The core on sentences of real published articles (each with its page's address).

Each case keeps only the sentences it needs. Figures must be read where real copy puts
them (a noun before the number, a parenthesis, "of which"), compared only when they
measure one thing at one time, and never across different measures.
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from factcheck import Config, Conflict, Kind, run_texts
from factcheck.extract.quantities import extract_quantities


def conflicts(texts: list[str], kind: Kind) -> list[Conflict]:
    result = run_texts(texts, Config(jobs=1))
    return [f.conflict for f in result.findings if f.conflict.kind is kind]


# https://dailytrust.com/breaking-inec-declares-tinubu-president-elect/
DAILYTRUST = (
    "He said valid votes were 24,025940 and rejected votes were 939,278, while the total "
    "votes cast were 24,966218."
)
# https://standardmirror.ng/inec-pronounced-tinubu-president-elect/
STANDARDMIRROR = "The total number of votes cast was 24,965,218."
# https://thenationonline.net/inec-declares-tinubu-president-elect/
THENATION = "The total vote cast is 24,965,218 while rejected vote is 24,025,940."


def test_a_count_read_before_its_number_is_compared_digit_for_digit() -> None:
    found = conflicts([DAILYTRUST, STANDARDMIRROR], Kind.QUANTITY)
    assert len(found) == 1
    surfaces = {e.surface for e in found[0].evidence}
    assert surfaces == {"24,966218", "24,965,218"}


def test_valid_and_rejected_votes_are_different_measures() -> None:
    found = conflicts([DAILYTRUST, THENATION], Kind.QUANTITY)
    # Rejected votes: 939,278 against 24,025,940 (realdev D25); the valid votes of one
    # article are never set against the rejected votes of the other as one measure.
    rejected = [c for c in found if {"939,278", "24,025,940"} <= {e.surface for e in c.evidence}]
    assert len(rejected) == 1
    for c in found:
        assert "valid" not in c.summary


# https://reliefweb.int/report/uganda/uganda-ebola-outbreak-update-dg-echo-ministry-health-who-ngo-media-echo-daily-flash-26-september-2022
RELIEFWEB = (
    "As of 25 September, the Minister of Health reports 36 Ebola Virus Disease (EVD) "
    "case-patients in Mubende and Kyegegwa districts (18 confirmed, 18 suspected) and 23 "
    "cumulative deaths (4 confirmed, 19 probable)."
)
# https://www.aa.com.tr/en/africa/ebola-cases-rise-across-ugandan-districts/2694311
FANEWS = (
    "Uganda's health ministry said the cumulative number of confirmed and suspected deaths "
    "rose to 23. The ministry said five of the deceased patients were confirmed to have "
    "died of the disease, while 18 were listed as probable deaths."
)
# https://unmc.edu/healthsecurity/transmission/?p=460
UNMC = (
    "As of 25 September 2022, a cumulative number of 18 confirmed and 18 probable cases "
    "have been reported from Mubende, Kyegegwa and Kassanda districts, including 23 deaths, "
    "of which five were among confirmed cases."
)


def test_parts_of_one_total_conflict_when_outlets_give_the_same_total() -> None:
    found = conflicts([RELIEFWEB, FANEWS], Kind.QUANTITY)
    pairs = [{e.surface for e in c.evidence} for c in found]
    assert {"18", "19"} in pairs  # probable deaths within the same 23
    assert any({"4", "five"} <= p for p in pairs)  # confirmed deaths


def test_a_label_difference_on_the_same_numbers_is_not_a_conflict() -> None:
    # 18 probable against 18 suspected cases: different words, identical numbers (N45).
    found = conflicts([RELIEFWEB, UNMC], Kind.QUANTITY)
    for c in found:
        assert "cases" not in c.summary or "18" not in {e.surface for e in c.evidence}


# https://www.fox5dc.com/news/who-are-the-victims-of-the-baltimore-key-bridge-collapse
FOX5 = "They identified the victim as 40-year-old Miguel Luna, from El Salvador."
# https://www.wpxi.com/news/what-we-know-about-victims-baltimore-bridge-collapse/
WPXI = "Miguel Luna, 49, among those missing, was a father of three."


def test_a_persons_age_is_one_figure_across_outlets() -> None:
    found = conflicts([FOX5, WPXI], Kind.QUANTITY)
    assert len(found) == 1
    assert {e.surface for e in found[0].evidence} == {"40-year-old", "49"}
    assert conflicts([FOX5, "Miguel Luna, 40, among those missing."], Kind.QUANTITY) == []


# https://www.eastcoastdaily.in/2022/11/05/twitter-layoffs-affect-at-least-50-percent-of-workforce.html
EASTCOAST = "Yoel Roth, Twitter's Head of Safety and Integrity, took to the social media platform."
# https://allblogthings.com/twitter-laid-off-50-percent-of-staff
ALLBLOG = "In a tweet Safety and Integrity Head Yoel Roth says that the layoffs affected staff."
# https://apcialis.com/cnn-twitter-layoffs-nearly-50-percent (a machine-translated CNN copy)
APCIALIS = "That is according to Yoel Roth, the platform's chief security and integrity officer."


def test_one_post_in_other_words_is_not_a_role_conflict() -> None:
    assert conflicts([EASTCOAST, ALLBLOG], Kind.PERSON_ROLE) == []


def test_two_different_charges_are_a_role_conflict() -> None:
    found = conflicts([EASTCOAST, APCIALIS], Kind.PERSON_ROLE)
    assert len(found) == 1


# https://www.pulse.ng/news/politics/bola-tinubu-wins-2023-presidential-election/
PULSE = (
    "But as it stands, the 70-year-old will take over from Muhammadu Buhari as Nigeria's "
    "new president on May 29, 2023."
)
# https://dailyreviewonline.com/inec-presents-certificates-of-return/
DAILYREVIEW = (
    "Mr Tinubu would be sworn in as president of the nation on June 12, 2023, the nation's "
    "democracy day."
)


def test_one_happening_in_other_words_on_two_dates_conflicts() -> None:
    found = conflicts([PULSE, DAILYREVIEW], Kind.TEMPORAL_FRAMING)
    assert len(found) == 1
    assert found[0].rule_id == "temporal.happening-date"


def _indian(n: int) -> str:
    """``n`` grouped the Indian way: the last three digits, then pairs (6,10,533)."""
    digits = str(n)
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([p for p in [head, *pairs] if p] + [tail])


@given(st.integers(min_value=100_000, max_value=99_99_99_999))
def test_indian_digit_grouping_reads_the_digits_written(n: int) -> None:
    text = f"The candidate polled {_indian(n)} votes in the state."
    values = [h.value.value for h in extract_quantities(text)]
    assert values == [float(n)]


# https://newsable.asianetnews.com/india/coromandel-express-derails-after-colliding-with-goods-train
ASIANET = "The accident happened around 7.20 pm near Bahanaga Bazar station."
# https://zeenews.india.com/india/odisha-train-accident-explained-how-3-trains-crashed
ZEENEWS = "The incident happened near the Bahanaga Bazaar Railway station at around 18.55 Hrs."
# https://www.dailyexcelsior.com/233-killed-900-injured-in-triple-train-crash/
EXCELSIOR = "The train crash happened near the Bahanaga Baazar station around 7 pm on Friday."


def test_one_happening_at_two_clock_times_conflicts() -> None:
    found = conflicts([ASIANET, ZEENEWS], Kind.TEMPORAL_FRAMING)
    assert len(found) == 1
    assert {e.value for e in found[0].evidence} == {"19:20", "18:55"}


def test_a_rounded_clock_time_holds_a_precise_one() -> None:
    assert conflicts([ASIANET, EXCELSIOR], Kind.TEMPORAL_FRAMING) == []


@functools.cache
def _clock() -> Any:
    from factcheck.extract.clock import ClockExtractor

    return ClockExtractor.from_rules()  # built once: hypothesis times every example


@given(
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=59),
    st.sampled_from(["am", "pm", "a.m.", "p.m.", " pm", " am"]),
)
def test_clock_times_read_as_minutes_after_midnight(hour: int, minute: int, ap: str) -> None:
    from factcheck.extract import Context

    text = f"It happened at {hour}.{minute:02d}{ap} near the station."
    (hit,) = _clock()(Context(text=text, sentences=(), published=None))
    expected = (hour % 12 + (12 if "p" in ap else 0)) * 60 + minute
    assert hit.value.minute == expected
