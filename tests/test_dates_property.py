"""Property test: the date extractor never raises and every hit is well formed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.extract.dates import DateExtractor, extract_dates
from factcheck.model import DateValue

# Fragments that reach every branch of the candidate pass, plus their look-alikes.
FRAGMENTS = [
    "March", "march", "MARCH", "Mar.", "Mar", "May", "may", "Sept.", "February", "april",
    "24", "29", "30", "31", "0", "00", "1", "24th", "3rd", "2025", "2024", "1800", "2100",
    "1900", "0000", "9999", "2,023", "60%", "$14", "2023-24", "2025-03-24", "2025-02-30",
    "1990s", "'90s", "’20s", "1900s", "Q3", "q4", "third", "quarter", "fiscal", "of", "the",
    "on", "in", "by", "to", "since", "between", "and", "from", "Monday", "Mon.", "tuesday",
    "Sunday", "Times", "every", "last", "this", "next", "past", "week", "month", "year",
    "years", "ago", "two", "a", "an", "earlier", "later", "early", "mid", "mid-", "late",
    "end", "summer", "Fall", "winter", "spring", "yesterday", "Today", "today's", "tonight",
    "night", "will", "tons", "people", "'s", "’s", "world", "www.x.com", "@", "-", "–", ",",
    ".", ":", "(", ")", "\n", "\u00a0", "Q", "4th", "weekend", "first half of", "laſt", "ſunday",
    "\u212aw", "١٢", "²", "2.15", "2.15pm", "2,15", "1.234", "20.25",
]  # fmt: skip

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).flatmap(
    lambda parts: st.sampled_from([" ", "", "-", ", "]).map(lambda sep: sep.join(parts))
)
published = st.one_of(st.none(), st.dates(), st.just(date.min), st.just(date.max))

GRANULARITIES = {"day", "week", "month", "quarter", "season", "year", "decade", "weekday"}
RESOLUTIONS = {"absolute", "published", "context", "none"}


@pytest.fixture(scope="module")
def ex() -> DateExtractor:
    return DateExtractor.from_rules()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts, pub=published)
def test_hits_are_well_formed(ex: DateExtractor, text: str, pub: date | None) -> None:
    hits = extract_dates(text, pub, extractor=ex)
    previous_end = 0
    for hit in hits:
        surface = text[hit.start : hit.end]
        assert 0 <= hit.start < hit.end <= len(text)
        assert surface == surface.strip() and surface
        assert hit.start >= previous_end  # sorted, never overlapping
        previous_end = hit.end
        assert 0.0 < hit.confidence <= 1.0
        v = hit.value
        assert isinstance(v, DateValue)
        assert v.granularity in GRANULARITIES and v.resolution in RESOLUTIONS
        assert (v.start is None) == (v.end is None)
        if v.start is not None and v.end is not None:
            assert v.start <= v.end
        assert (v.start is None) == (v.resolution == "none")
        assert v.weekday is None or 0 <= v.weekday <= 6
        assert v.relative == (v.resolution != "absolute")
        if v.resolution == "published":
            assert pub is not None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200), pub=published)
def test_arbitrary_text_never_raises(ex: DateExtractor, text: str, pub: date | None) -> None:
    for hit in extract_dates(text, pub, extractor=ex):
        assert text[hit.start : hit.end]
