"""Corpus-wide name merging (factcheck.align.aliases)."""

from __future__ import annotations

import pytest

from factcheck.align.aliases import AliasIndex, build_alias_index
from factcheck.extract.lexicon import Lexicon
from factcheck.resources import load_table
from factcheck.text.names import NameText


@pytest.fixture(scope="module")
def table() -> dict[str, object]:
    return load_table("aliases.yaml")  # type: ignore[no-any-return]


def index(names: list[str], table: dict[str, object] | None = None) -> AliasIndex:
    return build_alias_index(names, table)


def test_case_slips_merge() -> None:
    idx = index(["Donald Trump", "donald Trump", "Donald Trump"])
    assert idx.canonical("donald Trump") == "Donald Trump"
    assert idx.canonical("DONALD TRUMP") == "Donald Trump"


def test_case_slip_prefers_the_well_cased_form_even_when_rarer() -> None:
    assert (
        index(["anna petrova", "anna petrova", "Anna Petrova"]).canonical("anna petrova")
        == "Anna Petrova"
    )


def test_surname_goes_to_the_unique_full_name() -> None:
    idx = index(["Vladimir Putin", "Putin", "Kirill Dmitriev"])
    assert idx.canonical("Putin") == "Vladimir Putin"
    assert idx.canonical("Dmitriev") == "Kirill Dmitriev"


def test_surname_shared_by_two_full_names_is_left() -> None:
    idx = index(["Joe Biden", "Hunter Biden", "Biden"])
    assert idx.canonical("Biden") == "Biden"
    assert idx.canonical("Hunter Biden") == "Hunter Biden"
    assert idx.canonical("Joe Biden") == "Joe Biden"


def test_table_surname_alias_yields_to_a_corpus_namesake(table: dict[str, object]) -> None:
    assert index(["Putin"], table).canonical("Putin") == "Vladimir Putin"
    assert index(["Ivan Putin", "Putin"], table).canonical("Putin") == "Putin"


def test_honorifics_are_stripped() -> None:
    idx = index(["Anna Petrova", "Dr. Petrova", "Dr. Sharma"])
    assert idx.canonical("Dr. Petrova") == "Anna Petrova"
    assert idx.canonical("Prof. Anna Petrova") == "Anna Petrova"
    assert idx.canonical("Dr. Sharma") == "Sharma"


def test_known_aliases_from_the_table(table: dict[str, object]) -> None:
    idx = index(
        ["RDIF", "Russian Direct Investment Fund", "NATO", "Zelenskyy", "J.D. Vance"], table
    )
    assert idx.canonical("RDIF") == "Russian Direct Investment Fund"
    assert idx.canonical("NATO") == "North Atlantic Treaty Organization"
    assert idx.canonical("Zelenskyy") == "Volodymyr Zelensky"
    assert idx.canonical("J.D. Vance") == "JD Vance"
    assert idx.canonical("Sergei Lavrov") == "Sergey Lavrov"  # never seen, still in the table


def test_flat_alias_table() -> None:
    idx = index(["RDIF"], {"RDIF": "Russian Direct Investment Fund"})
    assert idx.canonical("RDIF") == "Russian Direct Investment Fund"


@pytest.mark.parametrize(
    ("names", "variant", "expected"),
    [
        (["Kirill Dmitriev", "Kirill Dmitriyev"], "Kirill Dmitriyev", "Kirill Dmitriev"),
        (["Kirill Dmitriev", "Dmitriyev"], "Dmitriyev", "Kirill Dmitriev"),
        (
            ["Sergey Lavrova", "Sergei Lavrova", "Sergey Lavrova"],
            "Sergei Lavrova",
            "Sergey Lavrova",
        ),
        (
            ["Department of Defense", "Department of Defense", "Department of Defence"],
            "Department of Defence",
            "Department of Defense",
        ),
    ],
)
def test_small_spelling_variants_merge(names: list[str], variant: str, expected: str) -> None:
    assert index(names).canonical(variant) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joe Biden", "Hunter Biden"),
        ("Jill Biden", "Joe Biden"),
        ("George H. Bush", "George W. Bush"),
        ("Ivana Trump", "Ivanka Trump"),
        ("International Policy Institute", "International Peace Institute"),
        ("Donald Trump", "Donald Trump Jr."),
    ],
)
def test_different_figures_never_merge(a: str, b: str) -> None:
    idx = index([a, a, b])
    assert idx.canonical(b) != idx.canonical(a)


def test_descriptions_and_pronouns_pass_through(table: dict[str, object]) -> None:
    idx = index(["Vladimir Putin"], table)
    for text in ("the official", "a spokesperson", "he", "", "Senior Editor"):
        assert idx.canonical(text) == text


def test_name_key_and_clean_name() -> None:
    names = Lexicon.from_rules().names
    key, clean = names.key, names.clean
    assert key("J.D. Vance") == key("J. D. Vance") == key("jd vance") == "jd vance"
    assert key("Volodymyr Zelenskyy") != key("Volodymyr Zelensky")
    assert key("Erdoğan") == "erdogan"
    assert clean("Dr. Anna Petrova’s") == "Anna Petrova"
    assert clean("  Mr.  Putin ") == "Putin"
    assert clean("Messrs. Smith") == "Smith"  # titles.yaml's honorifics, all of them


def test_honorifics_come_from_the_titles_table() -> None:
    names = NameText.of(["rabbi", "dr"])
    assert names.clean("Rabbi Cohen") == "Cohen"
    assert names.key("Dr. Rabbi Cohen") == "cohen"
    assert NameText.of([]).clean("Dr. Cohen") == "Dr. Cohen"


def test_deterministic_regardless_of_order() -> None:
    names = [
        "Kirill Dmitriev",
        "Kirill Dmitriyev",
        "Dmitriev",
        "kirill dmitriev",
        "Putin",
        "Vladimir Putin",
    ]
    a, b = index(names), index(list(reversed(names)))
    assert {n: a.canonical(n) for n in names} == {n: b.canonical(n) for n in names}
