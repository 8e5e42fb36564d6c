"""Golden cases for the quantity extractor.

Each case lists only the fields it cares about (quantulum3's `quantities.json` style).
The sentences are written for these tests, not taken from the seed articles.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.extract.base import Context, Hit
from factcheck.extract.quantities import QuantityExtractor, extract_quantities
from factcheck.extract.quantity_lexicon import Lexicon
from factcheck.extract.quantity_tables import Tables
from factcheck.extract.quantity_units import UnitRead, UnitReader
from factcheck.extract.quantulum_tables import exact_starts, quantulum_units
from factcheck.model import FactType, Quantity
from factcheck.resources import RulesDataError, default_rules_dir
from factcheck.text.spans import sentences


@pytest.fixture(scope="module")
def extract() -> QuantityExtractor:
    return QuantityExtractor.from_rules()


def run(extract: QuantityExtractor, text: str) -> list[Hit]:
    return extract(Context(text=text, sentences=sentences(text)))


def only(extract: QuantityExtractor, text: str) -> tuple[str, Quantity, float]:
    hits = run(extract, text)
    assert len(hits) == 1, [(text[h.start : h.end], h.value) for h in hits]
    value = hits[0].value
    assert isinstance(value, Quantity)
    return text[hits[0].start : hits[0].end], value, hits[0].confidence


GOLDEN: list[tuple[str, dict[str, Any]]] = [
    (
        "Exports fell to nearly 40% of the total.",
        {"surface": "nearly 40%", "value": 40, "unit": "percentage", "dimension": "percentage",
         "qualifier": "approx", "low": 36, "high": 40},
    ),
    (
        "Officials put the cost at about $3.2 billion.",
        {"surface": "about $3.2 billion", "value": 3.2e9, "unit": "dollar", "dimension": "currency",
         "base_unit": "dollar", "qualifier": "approx", "low": 2.88e9, "high": 3.52e9},
    ),
    (
        "The plant can process up to 500 tonnes a day.",
        {"surface": "up to 500 tonnes", "value": 500, "dimension": "mass", "base_unit": "kilogram",
         "base_value": 5e5, "qualifier": "upper", "low": 0, "high": 5e5},
    ),
    (
        "More than 1,200 workers were hired.",
        {"surface": "More than 1,200", "value": 1200, "unit": "dimensionless", "dimension": "count",
         "qualifier": "lower", "low": 1200, "high": math.inf},
    ),
    (
        "Fewer than 40 firms applied.",
        {"surface": "Fewer than 40", "dimension": "count", "qualifier": "upper", "low": 0,
         "high": 40},
    ),
    (
        "The bridge is 1.5 km long.",
        {"surface": "1.5 km", "unit": "kilometre", "dimension": "length", "base_value": 1500,
         "base_unit": "metre", "qualifier": "exact"},
    ),
    (
        "The crate held 300 pounds of copper wire.",
        {"surface": "300 pounds", "unit": "pound-mass", "dimension": "mass",
         "base_unit": "kilogram", "base_value": 300 * 0.45359237},
    ),
    (
        "Tickets cost £45 each.",
        {"surface": "£45", "unit": "pound sterling", "dimension": "currency", "value": 45},
    ),
    (
        "The fine was 500 pounds sterling.",
        {"unit": "pound sterling", "dimension": "currency", "value": 500},
    ),
    (
        "Inflation hit 7.5 per cent in the spring.",
        {"surface": "7.5 per cent", "value": 7.5, "unit": "percentage"},
    ),
    (
        "Estimates range from 18 to 25 percent.",
        {"surface": "18 to 25 percent", "value": 18, "low": 18, "high": 25,
         "qualifier": "range", "dimension": "percentage"},
    ),
    (
        "The fund could reach 10 to 20 billion dollars.",
        {"value": 1e10, "low": 1e10, "high": 2e10, "qualifier": "range", "unit": "dollar"},
    ),
    (
        "Output was between 5 and 7 million tons.",
        {"value": 5e6, "low": 5e9, "high": 7e9, "qualifier": "range", "base_unit": "kilogram"},
    ),
    (
        "Analysts expect 10-20 billion in new loans.",
        {"surface": "10-20 billion", "low": 1e10, "high": 2e10, "qualifier": "range"},
    ),
    (
        "Two meters of snow fell overnight.",
        {"surface": "Two meters", "value": 2, "unit": "metre", "dimension": "length"},
    ),
    (
        "Sixty percent of voters agreed.",
        {"surface": "Sixty percent", "value": 60, "dimension": "percentage"},
    ),
    (
        "Half of the budget went to defence.",
        {"surface": "Half", "value": 0.5, "dimension": "percentage", "base_value": 50},
    ),
    (
        "It deployed 4,500 soldiers.",
        {"surface": "4,500", "value": 4500, "unit": "dimensionless", "dimension": "count"},
    ),
    (
        "The site covers 12 square miles.",
        {"surface": "12 square miles", "dimension": "area", "base_unit": "square metre"},
    ),
    (
        "Support fell 5 percentage points.",
        {"surface": "5 percentage points", "dimension": "percentage-point"},
    ),
    (
        "Turnout was 60% or more.",
        {"surface": "60% or more", "qualifier": "lower", "low": 60, "high": math.inf},
    ),
    (
        "Some 3.5m people live in the valley.",
        {"surface": "Some 3.5m", "value": 3.5e6, "dimension": "count", "qualifier": "approx"},
    ),
    (
        "The bill came to USD 5 million.",
        {"surface": "USD 5 million", "value": 5e6, "unit": "dollar", "base_unit": "dollar"},
    ),
    (
        "Half a million tonnes were shipped.",
        {"surface": "Half a million tonnes", "value": 5e5, "dimension": "mass"},
    ),
    (
        "About one in five adults owns a car.",
        {"surface": "About one in five", "value": 0.2, "dimension": "percentage", "base_value": 20},
    ),
    (
        "Temperatures hit 40 degrees Celsius at noon.",
        {"surface": "40 degrees Celsius", "dimension": "temperature"},
    ),
    (
        "Solar farms added 3 TWh last winter.",
        {"surface": "3 TWh", "dimension": "energy", "base_unit": "joule", "base_value": 1.08e16},
    ),
    # --- qualifiers, ranges and changes ---
    (
        "Prices could climb by 10 to 15 percent.",
        {"surface": "10 to 15 percent", "low": 10, "high": 15, "qualifier": "range"},
    ),
    (
        "The plan costs $2 billion to $3 billion.",
        {"surface": "$2 billion to $3 billion", "low": 2e9, "high": 3e9, "qualifier": "range"},
    ),
    (
        "Forecasters expect between 40 mm and 60 mm of rain.",
        {"surface": "between 40 mm and 60 mm", "base_unit": "metre", "low": 0.04, "high": 0.06,
         "qualifier": "range"},
    ),
    (
        "Doses of 44 mg to 50 mg were given.",
        {"surface": "44 mg to 50 mg", "unit": "milligram", "qualifier": "range"},
    ),
    (
        "Night temperatures ranged from -18 °C to -34 °C.",
        {"surface": "-18 °C to -34 °C", "low": -34, "high": -18, "qualifier": "range",
         "dimension": "temperature"},
    ),
    (
        "The design calls for an 8- to 16-meter mirror.",
        {"surface": "8- to 16-meter", "low": 8, "high": 16, "unit": "metre"},
    ),
    (
        "The bar weighs 2,000.45±0.01 pounds.",
        {"surface": "2,000.45±0.01 pounds", "qualifier": "range", "unit": "pound-mass",
         "low": 2000.44 * 0.45359237, "high": 2000.46 * 0.45359237},
    ),
    (
        "The navy ordered 32 more frigates.",
        {"surface": "32", "dimension": "count", "value": 32},
    ),
    # --- fractions and spelled numbers ---
    (
        "Exports fell by a third.",
        {"surface": "a third", "dimension": "percentage", "base_value": 100 / 3},
    ),
    (
        "Roughly a quarter voted against.",
        {"surface": "Roughly a quarter", "dimension": "percentage", "qualifier": "approx"},
    ),
    (
        "A quarter century has passed.",
        {"surface": "A quarter century", "unit": "century", "dimension": "time"},
    ),
    (
        "He walked half a mile home.",
        {"surface": "half a mile", "value": 0.5, "unit": "mile"},
    ),
    (
        "Rates rose half a percentage point.",
        {"surface": "half a percentage point", "value": 0.5, "dimension": "percentage-point"},
    ),
    (
        "She bought half a dozen eggs.",
        {"surface": "half a dozen", "value": 6, "dimension": "count"},
    ),
    (
        "The column marched two and a half miles.",
        {"surface": "two and a half miles", "value": 2.5, "unit": "mile"},
    ),
    (
        "The road runs one-half miles east.",
        {"surface": "one-half miles", "value": 0.5, "unit": "mile"},
    ),
    (
        "The truce held for 2½ years.",
        {"surface": "2½ years", "value": 2.5, "unit": "year"},
    ),
    (
        "Add ½ tbsp of salt.",
        {"surface": "½ tbsp", "value": 0.5, "unit": "tablespoon"},
    ),
    (
        "Troops advanced 2 1/2 miles.",
        {"surface": "2 1/2 miles", "value": 2.5, "unit": "mile"},
    ),
    (
        "Drill a 1/4 inch hole.",
        {"surface": "1/4 inch", "value": 0.25, "unit": "inch"},
    ),
    (
        "The door is 2 1/2 in thick.",
        {"surface": "2 1/2 in", "value": 2.5, "unit": "inch"},
    ),
    # --- numbers as written ---
    (
        "The central bank cut its rate to -0.5%.",
        {"surface": "-0.5%", "value": -0.5, "unit": "percentage"},
    ),
    (
        "About 10 000 people marched.",
        {"surface": "About 10 000", "value": 10000, "dimension": "count"},
    ),
    (
        "Italy's GDP is $2.174T.",
        {"surface": "$2.174T", "value": 2.174e12, "unit": "dollar"},
    ),
    (
        "The relay covered 0.5k miles.",
        {"surface": "0.5k miles", "value": 500, "unit": "mile"},
    ),
    (
        "Violet light oscillates at 4e14 s-1.",
        {"surface": "4e14 s-1", "value": 4e14, "unit": "inverse second"},
    ),
    # --- units ---
    (
        "Ukraine lost 40,000 hectares of farmland.",
        {"surface": "40,000 hectares", "unit": "hectare", "base_unit": "square metre",
         "base_value": 4e8},
    ),
    (
        "Pipelines carried 55 bcm of gas.",
        {"surface": "55 bcm", "dimension": "volume", "base_unit": "cubic metre",
         "base_value": 5.5e10},
    ),
    (
        "Output fell to 9 million bpd.",
        {"surface": "9 million bpd", "unit": "barrel per day", "base_value": 9e6},
    ),
    (
        "The country covers 301,338 km2.",
        {"surface": "301,338 km2", "unit": "square kilometre", "dimension": "area"},
    ),
    (
        "The lake holds 4km^3 of water.",
        {"surface": "4km^3", "unit": "cubic kilometre"},
    ),
    (
        "The panel produced 50 Wh.",
        {"surface": "50 Wh", "unit": "watt hour", "base_unit": "joule", "base_value": 1.8e5},
    ),
    (
        "This car only uses 10 l/km.",
        {"surface": "10 l/km", "unit": "litre per kilometre"},
    ),
    (
        "The probe sends two kb per second.",
        {"surface": "two kb per second", "unit": "kilobit per second"},
    ),
    (
        "Gold rose to $2,350 an ounce.",
        {"surface": "$2,350 an ounce", "unit": "dollar per ounce",
         "dimension": "currency-per-mass", "base_unit": "dollar per kilogram"},
    ),
    (
        "The job pays $15.4/hour.",
        {"surface": "$15.4/hour", "unit": "dollar per hour", "base_unit": "dollar per second"},
    ),
    (
        "Aluminium fetched $2,600 per tonne.",
        {"surface": "$2,600 per tonne", "base_unit": "dollar per kilogram", "base_value": 2.6},
    ),
    (
        "The firm earns $9 billion a year.",
        {"surface": "$9 billion", "unit": "dollar", "dimension": "currency"},
    ),
    (
        "Tickets cost $5 per head.",
        {"surface": "$5", "unit": "dollar"},
    ),
    (
        "Petrol rose 10 pence a litre.",
        {"surface": "10 pence a litre", "unit": "penny per litre",
         "dimension": "currency-per-volume"},
    ),
    (
        "Temperatures hit 30C at noon.",
        {"surface": "30C", "unit": "degree Celsius", "dimension": "temperature", "value": 30},
    ),
    (
        "Now it is -10C outside.",
        {"surface": "-10C", "unit": "degree Celsius", "value": -10},
    ),
    (
        "It is 30 C outside!",
        {"surface": "30 C", "unit": "degree Celsius"},
    ),
    (
        "The coldest reading was −273.15° on the Celsius scale.",
        {"surface": "−273.15°", "unit": "degree Celsius", "value": -273.15},
    ),
    (
        "Nothing moves at absolute zero.",
        {"surface": "absolute zero", "unit": "kelvin", "value": 0},
    ),
    (
        "He bought a twenty-pound bag of rice.",
        {"surface": "twenty-pound", "unit": "pound-mass"},
    ),
    (
        "She found a 20-pound note.",
        {"surface": "20-pound", "unit": "pound sterling"},
    ),
    (
        "Some 300 MPs backed the motion.",
        {"surface": "Some 300", "dimension": "count", "qualifier": "approx"},
    ),
    (
        "The shift lasted 3 hrs.",
        {"surface": "3 hrs", "unit": "hour", "base_value": 10800},
    ),
    (
        "The packet holds 1500 b.",
        {"surface": "1500 b", "unit": "bit"},
    ),
    (
        "Hubble predicted its position for six weeks' time.",
        {"surface": "six weeks'", "unit": "week"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[t for t, _ in GOLDEN])
def test_golden(extract: QuantityExtractor, text: str, expected: dict[str, Any]) -> None:
    surface, q, _ = only(extract, text)
    for field, want in expected.items():
        got = surface if field == "surface" else getattr(q, field)
        if isinstance(want, float | int) and not isinstance(want, bool):
            assert got == pytest.approx(want, rel=1e-9), field
        else:
            assert got == want, field


NOTHING = [
    "It was a key moment.",
    "There were signs of a thaw.",
    "Against a backdrop of war, a tacit agreement held.",
    "The treaty was signed in 2019.",
    "The 2019 sanctions remain in force.",
    "On April 3, 2024, the talks resumed.",
    "The summit on June 12 ended early; it had opened 10 June.",
    "The call ended at 4.30pm, then resumed at 10:45 and again at 9 a.m.",
    "The Su-57, the MiG-29, the G20 and COVID-19 were discussed.",
    "He finished 3rd in the 2nd round.",
    "It is one of the biggest ports.",
    "Section 301 rules, Article 5 of the treaty and Boeing 747 jets.",
    "5G networks, 3D printers and the 1990s; a 24/7 service after 9/11.",
    "In the second half of the year the two leaders met.",
    "Only 12 in the raid were hurt.",
    "Between 2020 and 2023 output rose.",
    "It ran from 2019 to 2022.",
    "The Formula One season and the Big Three automakers.",
    "Prices rose three times as fast.",
    "Hundreds of people and dozens of firms joined.",
    "Only 2 in 2023 were hurt, and 12 in the raid.",
    "Negotiators prepared for a third round and he sought a third term.",
    "For a fifth day, protesters marched.",
    "Half measures will not help.",
    "The iPhone 5C sold poorly.",
    "A 10k race was held.",
    "The strike began at 0600 hrs.",
    "The 10-year yield rose as 5-year bonds and 30-year mortgages hit a 12-year high.",
    "A kibibyte is 8x2^10 bits; the factor was 2.48×10−5.",
    "The 24/7 service and the 9/11 attacks; 3/4 of it.",
    "The team won 5 to 2.",
    "They led in both of the two halves.",
    "The F-16 and the MiG-29 flew; COVID-19 cases fell in 2023-24.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_junk_yields_nothing(extract: QuantityExtractor, text: str) -> None:
    hits = run(extract, text)
    assert hits == [], [(text[h.start : h.end], h.value) for h in hits]


def test_change_from_x_to_y_is_two_values_even_with_units(extract: QuantityExtractor) -> None:
    text = "The price rose from about $350 per kg to $680 per kg."
    hits = run(extract, text)
    assert [text[h.start : h.end] for h in hits] == ["about $350 per kg", "$680 per kg"]
    assert [h.value.unit for h in hits if isinstance(h.value, Quantity)] == [
        "dollar per kilogram"
    ] * 2


def test_and_without_between_gives_two_values(extract: QuantityExtractor) -> None:
    text = "They were given 45 and 50 mg of the drug."
    hits = run(extract, text)
    assert [text[h.start : h.end] for h in hits] == ["45", "50 mg"]
    assert all(isinstance(h.value, Quantity) and h.value.unit == "milligram" for h in hits)


def test_parenthesised_conversion_is_not_negative(extract: QuantityExtractor) -> None:
    text = "The fine was €50 ($54)."
    values = [h.value.value for h in run(extract, text) if isinstance(h.value, Quantity)]
    assert values == [50, 54]


def test_prices_per_unit_compare_only_with_the_same_compound(extract: QuantityExtractor) -> None:
    per_tonne = only(extract, "Cobalt fetched $680 per tonne.")[1]
    per_kg = only(extract, "Cobalt fetched $0.68 per kilogram.")[1]
    total = only(extract, "Cobalt exports fetched $680 million.")[1]
    assert per_tonne.base_unit == per_kg.base_unit == "dollar per kilogram"
    assert per_tonne.base_value == pytest.approx(per_kg.base_value)
    assert per_tonne.dimension == "currency-per-mass" != total.dimension
    assert per_tonne.base_unit != total.base_unit


def test_a_count_bridged_by_more_needs_a_noun(extract: QuantityExtractor) -> None:
    assert run(extract, "Output was 32 more than last year.") == []
    assert run(extract, "It took 3 more years.") == []


def test_change_is_two_values_not_a_range(extract: QuantityExtractor) -> None:
    text = "Prices rose from 3% to 5% in a year."
    hits = run(extract, text)
    assert [text[h.start : h.end] for h in hits] == ["3%", "5%"]
    assert all(isinstance(h.value, Quantity) and h.value.qualifier == "exact" for h in hits)


def test_change_across_units_is_two_values(extract: QuantityExtractor) -> None:
    text = "Shares fell 5% to $120 on Friday."
    assert [text[h.start : h.end] for h in run(extract, text)] == ["5%", "$120"]


def test_two_values_joined_by_and_are_separate(extract: QuantityExtractor) -> None:
    text = "Firms hold 30% of mining and 45% of smelting."
    hits = run(extract, text)
    assert [text[h.start : h.end] for h in hits] == ["30%", "45%"]


def test_pounds_follow_context(extract: QuantityExtractor) -> None:
    assert only(extract, "The rover weighs 900 pounds.")[1].unit == "pound-mass"
    assert only(extract, "He spent 5,000 pounds on a car.")[1].unit == "pound sterling"


def test_offsets_are_in_whole_text(extract: QuantityExtractor) -> None:
    text = "Intro line.\nThe dam holds 40 cubic metres. It cost €2.5m to build."
    surfaces = [text[h.start : h.end] for h in run(extract, text)]
    assert surfaces == ["40 cubic metres", "€2.5m"]


def test_confidence_is_lower_for_weak_readings(extract: QuantityExtractor) -> None:
    assert only(extract, "It deployed 4,500 soldiers.")[2] <= 0.6
    assert only(extract, "Sixty percent of voters agreed.")[2] < 0.8
    assert only(extract, "The price was ¥300 million.")[2] < 0.8
    assert only(extract, "Officials put the cost at $3.2 billion.")[2] >= 0.9


def test_contract_attributes(extract: QuantityExtractor) -> None:
    assert extract.name == "quantities"
    assert extract.version == "2"
    assert extract.produces is FactType.QUANTITY


def test_empty_context(extract: QuantityExtractor) -> None:
    assert extract(Context(text="", sentences=())) == []
    assert extract(Context(text="Exactly 12 tonnes.", sentences=()))  # no sentence spans


def test_convenience_function_matches_extractor(extract: QuantityExtractor) -> None:
    text = "About 70 tonnes and 15% of the haul."
    assert extract_quantities(text) == run(extract, text)


# --- the tables drive behaviour -----------------------------------------------------


def _copy_rules(tmp_path: Path) -> Path:
    for name in ("units.yaml", "dates.yaml"):  # units, and the calendar words of dates
        shutil.copy(default_rules_dir() / name, tmp_path / name)
    return tmp_path


def test_qualifier_bounds_come_from_units_yaml(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    table = yaml.safe_load((rules / "units.yaml").read_text(encoding="utf-8"))
    for q in table["qualifiers"]:
        if "about" in q["before"]:
            q["bounds"] = [0.8, 1.2]
    table["version"] = 2
    (rules / "units.yaml").write_text(yaml.safe_dump(table), encoding="utf-8")
    custom = QuantityExtractor.from_rules(rules)
    text = "They sold about 50 tonnes."
    (hit,) = custom(Context(text=text, sentences=sentences(text)))
    assert isinstance(hit.value, Quantity)
    assert (hit.value.low, hit.value.high) == pytest.approx((40_000, 60_000))
    assert custom.version != "2"  # an edited table must not reuse cached extractions


def test_unquoted_yaml_boolean_is_reported(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    text = (rules / "units.yaml").read_text(encoding="utf-8")
    (rules / "units.yaml").write_text(text.replace('"on"', "on", 1), encoding="utf-8")
    with pytest.raises(RulesDataError, match=r"units\.yaml"):
        QuantityExtractor.from_rules(rules)


def test_missing_table_is_reported(tmp_path: Path) -> None:
    with pytest.raises(RulesDataError):
        QuantityExtractor.from_rules(tmp_path)


def test_yaml_patterns_have_no_control_characters() -> None:
    """A regex written as "\\b" inside double quotes in YAML becomes a backspace."""
    raw = (default_rules_dir() / "units.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(raw)
    strings: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            strings.append(node)

    walk(table)
    assert not [s for s in strings if any(ord(c) < 32 and c != "\t" for c in s)]


# --- common units read without quantulum3 (quantity_lexicon) --------------------------

NEWS = """\
Copper exporters cut shipments as prices slide 6%

SANTIAGO, May 14 - Chile's copper exports fell 6% in April to 1.2 million tonnes, the \
mining ministry said on Tuesday, after a strike at the country's largest mine cost \
about $250 million in lost output. Shipments to China, which buys nearly 60% of the \
metal, dropped by 180,000 tons. The company expects to produce 1.4 million metric tons \
this year, down from 1.6 million tonnes in 2024, and will invest $3.1bn over five \
years in a 40 km pipeline and a 200 MW desalination plant covering 35 hectares.
"""

_CHILD = """
import json, sys
from factcheck.extract import build_extractors, extract
from factcheck.ingest import read_text_article
from factcheck.model import FactType

def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in ("quantulum3", "inflect"))

extractors = build_extractors()
built = loaded()
mentions = extract(read_text_article(sys.argv[1], "news.txt"), extractors)
print(json.dumps({
    "built": built,
    "after": loaded(),
    "quantities": [[m.surface, m.value.unit] for m in mentions if m.type is FactType.QUANTITY],
    "dates": [m.surface for m in mentions if m.type is FactType.DATE],
}))
"""


def _extract_in_child(text: str) -> dict[str, Any]:
    """Extract ``text`` in a fresh process, which shows what got imported."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, text], capture_output=True, text=True, check=True
    )
    out: dict[str, Any] = json.loads(done.stdout)
    return out


def test_typical_article_never_loads_quantulum3() -> None:
    out = _extract_in_child(NEWS)
    assert out["built"] == [] and out["after"] == [], "quantulum3 or inflect was imported"
    got = {tuple(q) for q in out["quantities"]}
    for q in [
        ("6%", "percentage"),
        ("1.2 million tonnes", "tonne"),
        ("about $250 million", "dollar"),
        ("nearly 60%", "percentage"),
        ("180,000 tons", "ton"),
        ("1.4 million metric tons", "tonne"),
        ("1.6 million tonnes", "tonne"),
        ("$3.1bn", "dollar"),
        ("over five years", "year"),
        ("40 km", "kilometre"),
        ("200 MW", "megawatt"),
        ("35 hectares", "hectare"),
    ]:
        assert q in got, (q, sorted(got))
    assert "May 14" in out["dates"]


def test_rare_unit_loads_quantulum3_when_first_needed() -> None:
    out = _extract_in_child("The storm brought gusts of 70 knots and a pressure of 96 kilopascals.")
    assert out["built"] == []  # building the extractors loads nothing
    assert "quantulum3.parser" in out["after"]
    assert {tuple(q) for q in out["quantities"]} >= {
        ("70 knots", "knot"),
        ("96 kilopascals", "kilopascal"),
    }


@pytest.fixture(scope="module")
def readers() -> tuple[UnitReader, UnitReader]:
    """A reader with the lexicon, and one asking quantulum3 about every window."""
    tables = Tables.load(None)
    plain = dataclasses.replace(tables, lexicon=Lexicon.none(tables.quantulum))
    return UnitReader(tables), UnitReader(plain)


# What follows a unit in news and what could make quantulum3 read further: joiners, unit
# words and symbols, glued letters, dashes, quotes, number words, training words that
# sway quantulum3's choice between units ("cash", "weigh", "of arc").
RESTS = ["", " ", ".", "’", " of wheat", " of refrigeration", " per day", " a year",
         " and more", " to nine", " last year", " ago", " old", " from the coast", " m", " s",
         " kg of", " ms", " steel", "/h", "-based", "2", "’s", "'s", " – said", " squared",
         " squaredm", " hourx", " x", " times", " Hg", " two", " tram line", " cash",
         " weigh", " of arc", " lap", " sterling", " of the money"]  # fmt: skip


def same_reading(readers: tuple[UnitReader, UnitReader], text: str, end: int) -> None:
    """The unit after the number ending at ``end``, and the same as the denominator of a
    price ("$7 per ..."), read alike with and without the lexicon."""
    lexicon, quantulum = readers
    assert lexicon.read(text, 0, end, 0, len(text)) == quantulum.read(text, 0, end, 0, len(text))
    price = UnitRead("dollar", "currency", "dollar", 1.0, end, 0.9)
    per = f"{text[:end]} per {text[end:].lstrip(' -')}"
    assert lexicon.per(per, end, len(per), price) == quantulum.per(per, end, len(per), price)


def test_lexicon_reads_every_spelling_as_quantulum3_does(
    readers: tuple[UnitReader, UnitReader],
) -> None:
    lexicon = Tables.load(None).lexicon
    for spelling in lexicon.spellings:
        assert lexicon.read(" " + spelling) is not None, spelling  # answered, not deferred
        for rest in RESTS:
            same_reading(readers, f"7 {spelling}{rest}", 1)
        for lead in ("", "-"):  # "7km", "a 7-km stretch"
            for rest in ("", " of wheat", " m", " hours", "-based"):
                same_reading(readers, f"7{lead}{spelling}{rest}", 1)


def test_junk_words_read_as_counts_as_quantulum3_does(
    readers: tuple[UnitReader, UnitReader],
) -> None:
    lexicon = Tables.load(None).lexicon
    assert {"in", "by", "at"} <= set(lexicon.junk_words)
    for word in lexicon.junk_words:
        for rest in RESTS:
            same_reading(readers, f"17 {word}{rest}", 2)
            same_reading(readers, f"17 {word.capitalize()}{rest}", 2)


def test_extraction_is_the_same_with_and_without_the_lexicon(
    corpus_dir: Path, seeds_dir: Path
) -> None:
    tables = Tables.load(None)
    with_lexicon = QuantityExtractor(tables)
    without = QuantityExtractor(dataclasses.replace(tables, lexicon=Lexicon.none(tables.quantulum)))
    paths = sorted(seeds_dir.glob("*.txt")) + sorted(corpus_dir.rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    texts += [text for text, _ in GOLDEN] + [NEWS]
    found = 0
    for text in texts:
        ctx = Context(text=text, sentences=sentences(text))
        hits = with_lexicon(ctx)
        assert hits == without(ctx), text[:80]
        found += len(hits)
    assert found > 100


def test_tables_read_from_json_match_quantulum3() -> None:
    """The unit words read from quantulum3's JSON files against the tables quantulum3
    builds itself: the prefilter's words exactly, the rest as supersets."""
    from quantulum3 import load
    from quantulum3 import regex as q3_regex

    q3 = quantulum_units()
    units = load.units("en_US")
    keys = {str(k) for k in [*units.surfaces_all, *units.symbols_all] if str(k).strip()}
    first = {k.split()[0].lower() for k in keys}
    assert q3.named_starts <= first <= q3.starts
    assert exact_starts() == first
    assert q3.symbols == {str(s) for s in units.symbols_all if str(s).strip()}
    assert dict(q3.entities) == {str(k): str(u.entity.name) for k, u in units.names.items()}
    low = {k.lower() for k in keys}
    word = re.compile(r"\w+")
    assert {k for k in low if word.fullmatch(k)} <= q3.words
    assert {k for k in low if " " in k} <= q3.continued
    assert {m.group() for k in low if not word.fullmatch(k) and (m := word.match(k))} <= q3.leads
    table = yaml.safe_load((default_rules_dir() / "units.yaml").read_text(encoding="utf-8"))
    numbers = {str(w).lower() for w in table["quantulum3_number_words"]}
    assert {str(w).lower() for w in q3_regex.numberwords("en_US") if w} <= numbers


def test_choice_between_units_is_quantulum3s() -> None:
    """Spellings several units share ("tons", "pounds", "minutes") are resolved by
    quantulum3's own no-classifier rule on its training texts."""
    from quantulum3 import load
    from quantulum3.no_classifier import disambiguate_no_classifier

    lexicon = Tables.load(None).lexicon
    units = load.units("en_US")
    answered = 0
    for window in ["7 tons of wheat", "7 pounds of rare earths", "7 pounds sterling",
                   "7 minutes of arc", "7 minutes late", "7 seconds", "7 pounds cash",
                   "7 tons", "7 minutes"]:  # fmt: skip
        spelled = window.split()[1]
        found = lexicon.read(window[1:])
        candidates = units.surfaces_lower[spelled.lower()]
        assert len(candidates) > 1, spelled
        if found is not None:
            answered += 1
            assert found[1] == disambiguate_no_classifier(candidates, window).name, window
    assert answered >= 6
