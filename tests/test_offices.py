import itertools
from datetime import date

import pytest

from factcheck.align.offices import OfficeTable, load_offices
from factcheck.resources import RulesDataError


@pytest.fixture(scope="module")
def offices() -> OfficeTable:
    return load_offices()


def test_us_president_terms(offices: OfficeTable) -> None:
    office = offices.find("president", "United States", None)
    assert office is not None and office.id == "us-president"
    assert office.holders_during(date(2025, 3, 18), date(2025, 3, 18)) == ("Donald Trump",)
    assert office.holders_during(date(2023, 6, 1), date(2023, 6, 1)) == ("Joe Biden",)
    # The inauguration day belongs to the incoming president.
    assert office.holders_during(date(2025, 1, 20), date(2025, 1, 20)) == ("Donald Trump",)
    # A whole year can span two holders.
    assert set(office.holders_during(date(2021, 1, 1), date(2021, 12, 31))) == {
        "Donald Trump",
        "Joe Biden",
    }


def test_find_by_person_when_no_country(offices: OfficeTable) -> None:
    office = offices.find("president", None, "Vladimir Putin")
    assert office is not None and office.id == "russia-president"
    assert offices.find("president", None, "Nobody Known") is None
    assert offices.find(None, "Russia", "Vladimir Putin") is None


def test_administration_lookup(offices: OfficeTable) -> None:
    office = offices.administration("Joe Biden")
    assert office is not None and office.id == "us-president"
    assert offices.administration("Vladimir Putin") is None  # no "Putin administration" office


def test_every_table_covers_required_offices(offices: OfficeTable) -> None:
    ids = {o.id for o in offices.offices}
    assert {
        "us-president",
        "us-vice-president",
        "russia-president",
        "ukraine-president",
        "china-president",
    } <= ids
    for office in offices.offices:
        terms = sorted(office.terms, key=lambda t: t.start)
        for a, b in itertools.pairwise(terms):
            assert a.end is not None and a.end <= b.start, f"overlapping terms in {office.id}"


def test_malformed_table_names_the_file() -> None:
    with pytest.raises(RulesDataError, match=r"officeholders\.yaml"):
        OfficeTable.from_mapping({"offices": {"x": {"title": "president"}}})


@pytest.mark.parametrize(
    ("title", "country", "day", "holder"),
    [
        ("prime minister", "Canada", date(2025, 3, 13), "Justin Trudeau"),
        ("prime minister", "Canada", date(2025, 3, 14), "Mark Carney"),
        ("chancellor", "Germany", date(2025, 5, 5), "Olaf Scholz"),
        ("chancellor", "Germany", date(2025, 5, 6), "Friedrich Merz"),
        ("president", "France", date(2017, 5, 13), "François Hollande"),
        ("prime minister", "United Kingdom", date(2024, 7, 5), "Keir Starmer"),
    ],
)
def test_handovers_of_other_heads_of_government(
    offices: OfficeTable, title: str, country: str, day: date, holder: str
) -> None:
    office = offices.find(title, country, None)
    assert office is not None
    assert office.holders_during(day, day) == (holder,)


def test_a_name_with_a_title_of_another_country_is_not_that_office(
    offices: OfficeTable,
) -> None:
    # "President Emmanuel Macron" with no country: the only president's office he held.
    office = offices.find("president", None, "Emmanuel Macron")
    assert office is not None and office.id == "france-president"
    assert offices.find("chancellor", None, "Emmanuel Macron") is None
