"""What a quantity measures: subject, phrase and key.

Sentences are written for these tests. Each finds its quantity by surface text, so the
cases read like the prose they test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from factcheck.align.measure import Measure, MeasureReader, key_similarity, measure_of, same_measure
from factcheck.resources import RulesDataError, default_rules_dir


def m(sentence: str, surface: str, dimension: str) -> Measure:
    start = sentence.index(surface)
    return measure_of(sentence, start, start + len(surface), dimension)


def test_of_phrase_after_a_percentage() -> None:
    s = (
        "Indonesia currently dominates the nickel trade, controlling nearly 40% of "
        "global output and 70% of smelting capabilities."
    )
    first, second = m(s, "40%", "percentage"), m(s, "70%", "percentage")
    assert first.subject == "Indonesia"
    assert first.phrase == "share of global output"
    assert first.key == "percentage:global production"
    assert second.subject == "Indonesia"
    assert second.key == "percentage:capacity smelting"
    assert not same_measure(first.key, second.key)


def test_subject_after_an_introductory_clause() -> None:
    s = (
        "Before Brussels raised duties on Turkish steel in 2021, Turkey supplied about 12% "
        "of the EU market."
    )
    got = m(s, "12%", "percentage")
    assert got.subject == "Turkey"
    assert got.phrase == "share of EU market"
    assert got.key == "percentage:eu market"


def test_noun_after_the_quantity_with_its_preposition() -> None:
    s = "In 2022, Canada introduced a 35% tariff on Chinese electric vehicles."
    got = m(s, "35%", "percentage")
    assert got.subject == "Canada"
    assert got.phrase == "tariff on Chinese electric vehicles"
    assert "tariff" in got.key and "china" in got.key


def test_linked_phrases_give_different_keys() -> None:
    valued = "Chile holds vast copper reserves, valued at an estimated $2.1 trillion."
    worth = "He said the partnership could attract investments worth up to $9 billion."
    a, b = m(valued, "$2.1 trillion", "currency"), m(worth, "$9 billion", "currency")
    assert a.subject == "Chile"
    assert a.phrase == "vast copper reserves"
    assert b.phrase == "investments"
    assert b.subject is None
    assert not same_measure(a.key, b.key)


def test_mass_measures_differ() -> None:
    jet = "Each Rafale needs roughly 400 pounds of specialty alloys."
    ships = "Oslo resumed timber exports to Japan, offering up to 3 million tons annually."
    a, b = m(jet, "400 pounds", "mass"), m(ships, "3 million tons", "mass")
    assert a.subject == "Rafale"
    assert a.phrase == "specialty alloys"
    assert b.subject == "Oslo"
    assert b.phrase == "timber exports"
    assert not same_measure(a.key, b.key)


@pytest.mark.parametrize(
    ("one", "two", "dimension"),
    [
        (
            ("Peru mines 60% of global output.", "60%"),
            ("Sixty percent of world production comes from Peru.", "Sixty percent"),
            "percentage",
        ),
        (
            ("Mexico's share of the US aluminium market was 15% before the dispute.", "15%"),
            ("Mexico once held 15% of the American market.", "15%"),
            "percentage",
        ),
        (
            ("The army sent 3,000 troops to the border.", "3,000"),
            ("Officials said 3,000 soldiers had arrived.", "3,000"),
            "count",
        ),
        (
            ("A 25% duty on imported steel took effect.", "25%"),
            ("The government set a 25% tariff on imported steel.", "25%"),
            "percentage",
        ),
    ],
)
def test_paraphrases_share_a_key(
    one: tuple[str, str], two: tuple[str, str], dimension: str
) -> None:
    a, b = m(*one, dimension), m(*two, dimension)
    assert same_measure(a.key, b.key), (a, b)
    assert key_similarity(a.key, b.key) >= 90


def test_possessive_is_the_subject() -> None:
    got = m("Mexico's share of the US aluminium market was 15% in 2020.", "15%", "percentage")
    assert got.subject == "Mexico"
    assert got.phrase == "share of the US aluminium market"


def test_dimensions_never_share_keys() -> None:
    s = "The mine produced 40 tonnes of gold."
    mass, count = m(s, "40 tonnes", "mass"), m(s, "40 tonnes", "count")
    assert mass.key.startswith("mass:") and count.key.startswith("count:")
    assert key_similarity(mass.key, count.key) == 0
    assert not same_measure(mass.key, count.key)


def test_unreadable_measure_never_matches() -> None:
    got = m("It was 40%.", "40%", "percentage")
    assert got.key == "percentage:"
    assert not same_measure(got.key, got.key)


def test_keys_are_deterministic_sorted_lemmas() -> None:
    reader = MeasureReader.from_rules()
    assert reader.key("rare earth materials", "mass") == "mass:earth element rare"
    assert reader.key("Rare-Earth Material", "mass") == "mass:earth element rare"
    assert reader.key("the refining capabilities", "percentage") == "percentage:capacity refining"
    assert reader.key("U.S. exports", "currency") == "currency:export us"


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [("", 0, 0), ("40%", 0, 3), ("x", 5, 9), ("of of of 5% of", 9, 11), ("’s 5", -3, 2)],
)
def test_odd_offsets_do_not_crash(sentence: str, start: int, end: int) -> None:
    assert isinstance(measure_of(sentence, start, end, "count"), Measure)


def test_tables_drive_synonyms(tmp_path: Path) -> None:
    shutil.copy(default_rules_dir() / "measures.yaml", tmp_path / "measures.yaml")
    path = tmp_path / "measures.yaml"
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    table["synonyms"]["harvest"] = "production"
    path.write_text(yaml.safe_dump(table), encoding="utf-8")
    got = measure_of("Peru has 60% of the global harvest.", 9, 12, "percentage", rules_dir=tmp_path)
    assert got.key == "percentage:global production"


def test_unquoted_yaml_boolean_is_reported(tmp_path: Path) -> None:
    text = (default_rules_dir() / "measures.yaml").read_text(encoding="utf-8")
    (tmp_path / "measures.yaml").write_text(text.replace('"on"', "on", 1), encoding="utf-8")
    with pytest.raises(RulesDataError):
        MeasureReader.from_rules(tmp_path)


@pytest.mark.parametrize(
    ("sentence", "surface", "dimension", "key"),
    [
        # An auxiliary between the noun and its link is not part of the measure.
        (
            "Officials said the plant will cost $8 billion.",
            "$8 billion",
            "currency",
            "currency:plant",
        ),
        (
            "The offer is worth $12 billion over five years.",
            "$12 billion",
            "currency",
            "currency:offer",
        ),
        # A time phrase after the number is not what it measures.
        (
            "Torvel Logistics reported revenue of $290 million last quarter.",
            "$290 million",
            "currency",
            "currency:revenue",
        ),
        # A possessive inside the phrase does not end it.
        (
            "Chile produces 24% of the world's lithium.",
            "24%",
            "percentage",
            "percentage:global lithium",
        ),
    ],
)
def test_measure_phrases_found_in_wire_copy(
    sentence: str, surface: str, dimension: str, key: str
) -> None:
    assert m(sentence, surface, dimension).key == key


def test_two_world_shares_are_different_measures() -> None:
    lithium = m("Chile produces 24% of the world's lithium.", "24%", "percentage")
    wheat = m("India grows 14% of the world's wheat.", "14%", "percentage")
    assert not same_measure(lithium.key, wheat.key)


def test_a_figure_in_a_huge_sentence_is_read_in_its_own_neighbourhood() -> None:
    clause = "China controls nearly 60% of global rare earth production"
    huge = "; ".join(["Markets were calm"] * 400 + [clause] + ["traders said"] * 400) + "."
    assert len(huge) > 10_000
    assert m(huge, "60%", "percentage").key == m(clause + ".", "60%", "percentage").key


@pytest.mark.parametrize(
    ("sentence", "surface", "phrase", "key"),
    [
        (
            "Officials said 40 people were injured and 14 killed in the blaze.",
            "40",
            "people injured",
            "count:injured person",
        ),
        (
            "Officials said 40 people were injured and 14 killed in the blaze.",
            "14",
            "killed",
            "count:killed",
        ),
        ("Fourteen people were killed in the fire.", "Fourteen", "people killed", None),
        ("The fire killed 14 people, officials said.", "14", "people killed", None),
        ("Police arrested 52 protesters outside the ministry.", "52", "protesters arrested", None),
        ("The plant employs 2,300 workers.", "2,300", "workers employed", None),
        ("The carmaker laid off 300 workers in May.", "300", "workers laid off", None),
        # A predicate past a comma or another number is another clause's.
        ("In the crash, 12 passengers walked away unharmed.", "12", "passengers", None),
        ("Rescuers found 3 survivors, and 9 were dead.", "3", "survivors", None),
    ],
)
def test_a_count_names_what_happened_to_what_it_counts(
    sentence: str, surface: str, phrase: str | None, key: str | None
) -> None:
    got = m(sentence, surface, "count")
    if phrase is not None:
        assert got.phrase == phrase
    if key is not None:
        assert got.key == key


def test_counts_of_the_same_people_with_different_fates_are_different_measures() -> None:
    killed = m("Fourteen people were killed in the fire.", "Fourteen", "count")
    also_killed = m("The fire killed 14 people on Monday.", "14", "count")
    injured = m("Officials said 40 people were injured.", "40", "count")
    arrested = m("Police arrested 52 people outside the ministry.", "52", "count")
    employed = m("The plant employs 2,300 workers.", "2,300", "count")
    laid_off = m("The plant laid off 300 workers.", "300", "count")
    assert same_measure(killed.key, also_killed.key)
    assert not same_measure(killed.key, injured.key)
    assert not same_measure(injured.key, arrested.key)
    assert not same_measure(employed.key, laid_off.key)
