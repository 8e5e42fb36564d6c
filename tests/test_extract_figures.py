"""The figure extractor: people with roles, administrations, organisations.

Each case lists only the fields it is about (quantulum3-style); fixture articles are our
own fictional stories in ``tests/fixtures/figures``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck.extract.base import Context, Hit
from factcheck.extract.figures import FigureExtractor, extract_figures
from factcheck.extract.lexicon import Lexicon
from factcheck.model import FactType, Figure
from factcheck.resources import RulesDataError, default_rules_dir, load_table
from factcheck.text.spans import sentences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "figures"


def figures(text: str) -> list[tuple[str, Figure, float]]:
    hits = extract_figures(text)
    out = []
    for h in hits:
        assert isinstance(h.value, Figure)
        assert 0 <= h.start < h.end <= len(text)
        out.append((text[h.start : h.end], h.value, h.confidence))
    return out


def find(text: str, **fields: Any) -> list[Figure]:
    return [f for _, f, _ in figures(text) if all(getattr(f, k) == v for k, v in fields.items())]


def one(text: str, **fields: Any) -> Figure:
    found = find(text, **fields)
    assert len(found) == 1, (fields, [f for _, f, _ in figures(text)])
    return found[0]


def people(text: str) -> set[str]:
    return {f.canonical for _, f, _ in figures(text) if f.kind == "person"}


def test_contract() -> None:
    extractor = FigureExtractor.from_rules()
    assert (extractor.name, extractor.version, extractor.produces) == (
        "figures",
        "1",
        FactType.FIGURE,
    )
    text = "Russian President Vladimir Putin spoke."
    hits = extractor(Context(text, sentences(text)))
    assert all(isinstance(h, Hit) for h in hits)


# --- titles before names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "U.S. President Donald Trump signed it.",
            dict(name="Donald Trump", title="president", org="United States"),
        ),
        (
            "It was praised by former President donald Trump.",
            dict(name="donald Trump", title="president", modifier="former"),
        ),
        ("Russian President Vladimir Putin met them.", dict(title="president", org="Russia")),
        ("Kremlin spokesman Dmitry Peskov declined.", dict(title="spokesperson", org="Kremlin")),
        ("President-elect Donald Trump named picks.", dict(title="president", modifier="elect")),
        (
            "Acting Defense Secretary John Harlow signed.",
            dict(title="defense secretary", modifier="acting"),
        ),
        (
            "RDIF CEO Kirill Dmitriev said so.",
            dict(title="ceo", org="Russian Direct Investment Fund"),
        ),
        (
            "The chairman of the Northern Shipping Fund, Maria Lopez, spoke.",
            dict(title="chairman", org="Northern Shipping Fund"),
        ),
    ],
)
def test_title_before_name(text: str, fields: dict[str, Any]) -> None:
    one(text, kind="person", **fields)


def test_honorific_is_not_a_role() -> None:
    f = one("Dr. Anna Petrova said the estimates were too high.", kind="person")
    assert (f.canonical, f.name, f.title) == ("Anna Petrova", "Anna Petrova", None)


# --- appositives ---------------------------------------------------------------------------


def test_two_roles_in_one_appositive() -> None:
    text = (
        "Kirill Dmitriev, Russian President Vladimir Putin’s envoy for international cooperation "
        "and chairman of the Russian Direct Investment Fund (RDIF), said this in an interview."
    )
    envoy = one(text, canonical="Kirill Dmitriev", title="envoy")
    assert envoy.role == "Russian President Vladimir Putin’s envoy for international cooperation"
    assert envoy.org is None
    chairman = one(text, canonical="Kirill Dmitriev", title="chairman")
    assert chairman.org == "Russian Direct Investment Fund"
    one(text, canonical="Vladimir Putin", title="president", org="Russia")
    one(text, kind="organisation", canonical="Russian Direct Investment Fund")


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "“It is risky,” explained Dr. Elena Ivanova, a geopolitical analyst at the "
            "International Policy Institute.",
            dict(canonical="Elena Ivanova", title="analyst", org="International Policy Institute"),
        ),
        (
            "“Supply matters,” noted Robert Hayes, CEO of a leading semiconductor company.",
            dict(
                canonical="Robert Hayes",
                title="ceo",
                org=None,
                role="CEO of a leading semiconductor company",
            ),
        ),
        (
            "Sergey Lavrov, Russia's foreign minister, dismissed it.",
            dict(title="foreign minister", org="Russia"),
        ),
        (
            "Olaf Scholz, the German chancellor, called for calm.",
            dict(title="chancellor", org="Germany"),
        ),
        ("Trump, the former president, said so.", dict(title="president", modifier="former")),
        (
            "Ivan Petrov, who heads the Arctic Minerals Institute, agreed.",
            dict(title="head", org="Arctic Minerals Institute"),
        ),
    ],
)
def test_appositive(text: str, fields: dict[str, Any]) -> None:
    one(text, kind="person", **fields)


@pytest.mark.parametrize(
    ("text", "titled"),
    [
        ("Dr. Petrova, is this offer a genuine gesture of cooperation?", set()),
        (
            "Putin, Trump, President Xi and Prime Minister Modi met.",
            {("Xi Jinping", "president"), ("Narendra Modi", "prime minister")},
        ),
        ("John Smith, 45, a father of three, was arrested.", set()),
        ("Smith, however, disagreed with the minister.", set()),
    ],
)
def test_not_an_appositive_role(text: str, titled: set[tuple[str, str]]) -> None:
    assert {(f.canonical, f.title) for _, f, _ in figures(text) if f.title} == titled


# --- unnamed descriptions ------------------------------------------------------------------


def test_description_resolves_to_the_person_under_discussion() -> None:
    text = (FIXTURES / "lithium_talks.txt").read_text(encoding="utf-8")
    found = [(s, f, c) for s, f, c in figures(text) if f.kind == "person" and f.name == ""]
    assert len(found) == 1
    surface, f, confidence = found[0]
    assert surface == "head of the Coastal Research Institute"
    assert (f.canonical, f.title, f.org) == ("Ines Okafor", "head", "Coastal Research Institute")
    assert confidence < 0.6


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez spoke on Monday. Officials from the Department of Commerce were there.",
        "Maria Lopez spoke on Monday. A senior Kremlin official said the talks were useful.",
        "Maria Lopez spoke on Monday. The head of state did not attend.",
        "Maria Lopez met Ivan Petrov. Later, the head of the Coastal Research Institute spoke.",
        "Putin spoke on Monday. The head of the Central Bank of Russia said rates would stay.",
        "Maria Lopez met the head of the Coastal Research Institute on Monday.",
    ],
)
def test_generic_or_ambiguous_descriptions_are_not_resolved(text: str) -> None:
    assert not [f for _, f, _ in figures(text) if f.kind == "person" and f.name == ""]


# --- administrations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical", "name"),
    [
        ("The Biden administration imposed curbs.", "Joe Biden", "Biden"),
        ("The Trump White House disagreed.", "Donald Trump", "Trump"),
        ("The Obama-era rules were repealed.", "Barack Obama", "Obama"),
        ("Trump's administration lifted them.", "Donald Trump", "Trump"),
    ],
)
def test_administration(text: str, canonical: str, name: str) -> None:
    f = one(text, kind="administration")
    assert (f.canonical, f.name, f.title, f.org) == (canonical, name, "president", "United States")
    assert not find(text, kind="person")  # the surname is not also a bare person


@pytest.mark.parametrize(
    "text",
    ["The U.S. administration declined to comment.", "The Bush administration invaded Iraq."],
)
def test_no_administration_without_a_unique_president(text: str) -> None:
    assert not find(text, kind="administration")


# --- organisations -------------------------------------------------------------------------


def test_organisations_and_acronyms() -> None:
    text = (
        "Officials from the Department of Commerce and the Department of Defense met the "
        "Valmora Sovereign Wealth Fund (VSWF). The VSWF and NATO said little. "
        "The International Policy Institute was not consulted."
    )
    orgs = [(s, f.canonical) for s, f, _ in figures(text) if f.kind == "organisation"]
    assert ("Department of Commerce", "Department of Commerce") in orgs
    assert ("Department of Defense", "Department of Defense") in orgs
    assert ("Valmora Sovereign Wealth Fund (VSWF)", "Valmora Sovereign Wealth Fund") in orgs
    assert ("VSWF", "Valmora Sovereign Wealth Fund") in orgs
    assert ("NATO", "North Atlantic Treaty Organization") in orgs
    assert ("International Policy Institute", "International Policy Institute") in orgs
    assert not people(text)


# --- bare names, canonical names, and what is not a person ----------------------------------


def test_bare_names_and_in_article_canonical() -> None:
    text = "Vladimir Putin came. Putin said little. Later Dmitriev added that vladimir Putin came."
    bare = [(s, f.canonical, f.title) for s, f, _ in figures(text) if f.kind == "person"]
    assert bare == [
        ("Vladimir Putin", "Vladimir Putin", None),
        ("Putin", "Vladimir Putin", None),
        ("Dmitriev", "Kirill Dmitriev", None),
        ("vladimir Putin", "Vladimir Putin", None),
    ]


def test_surname_shared_by_two_people_stays_unresolved() -> None:
    text = "Hunter Biden testified. Joe Biden watched. Biden said he was proud."
    assert people(text) == {"Hunter Biden", "Joe Biden", "Biden"}


def test_honorific_surname_resolves_to_the_full_name() -> None:
    text = (
        "With us is Dr. Anna Petrova. Dr. Petrova, welcome. dr.Petrova: Thanks. Dr. petrova: Yes."
    )
    assert people(text) == {"Anna Petrova"}
    assert len(find(text, kind="person")) == 4


@pytest.mark.parametrize(
    "text",
    [
        "Analysts said the move was expected. Officials noted that talks continue.",
        "Sources said the offer stands. Moscow said it would respond. Washington said nothing.",
        "Will Russia accept? May 5 was a Monday. Mark the date in March.",
        "Lockheed Martin said profits rose. General Motors said it would cut jobs.",
        "Rare Earths Gamble: Is Russia's Offer A Strategic Trap For Europe?",
        "Photo: Charlie Rivers",
        "By Marianna Kovacs",
        "#Russia #Putin #RareEarths",
        "Security Concerns: Dependence on Russian minerals could create vulnerabilities.",
    ],
)
def test_not_people(text: str) -> None:
    assert not people(text)


def test_fixture_article_people() -> None:
    text = (FIXTURES / "lithium_talks.txt").read_text(encoding="utf-8")
    assert people(text) == {"Donald Trump", "Ines Okafor", "Tomas Reyes", "Robert Hayes"}
    one(text, canonical="Donald Trump", modifier="former", title="president")
    assert len(find(text, canonical="Ines Okafor", name="Ines Okafor")) == 2  # envoy, chairman


# --- robustness and tables -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "“",
        "”Hello”",
        "Dr.",
        "Mr. ",
        "the head of the",
        "A (B) C, D",
        "é" * 50,
        "Ж Ж Ж",
        "-" * 300,
    ],
)
def test_must_not_crash(text: str) -> None:
    figures(text)


def test_custom_rules_dir_and_malformed_tables(tmp_path: Path) -> None:
    for name in ("titles.yaml", "aliases.yaml", "dates.yaml"):
        (tmp_path / name).write_text(
            (default_rules_dir() / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert FigureExtractor.from_rules(tmp_path).name == "figures"
    (tmp_path / "titles.yaml").write_text("titles: {boss: {class: nonsense}}\n", encoding="utf-8")
    with pytest.raises(RulesDataError, match=r"titles\.yaml"):
        FigureExtractor.from_rules(tmp_path)


def test_every_officeholder_is_a_known_person() -> None:
    lexicon = Lexicon.from_rules()
    offices = load_table("officeholders.yaml")["offices"]
    holders = {t["holder"] for o in offices.values() for t in o["terms"]}
    unknown = {h for h in holders if lexicon.person(h) is None or lexicon.person(h).canonical != h}  # type: ignore[union-attr]
    assert not unknown


def test_a_full_name_after_a_reporting_verb_is_a_person() -> None:
    text = "\u201cThe pipeline has spare capacity this year,\u201d said Piotr Nowak."
    assert [f.canonical for _, f, _ in figures(text) if f.kind == "person"] == ["Piotr Nowak"]


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("National Solar Mission director Priya Nair spoke.", "National Solar Mission"),
        # The sentence before is not part of the organisation's name.
        (
            "He heads the Pacific Mining Institute. Andean Lithium Fund chairman Camila "
            "Reyes spoke.",
            "Andean Lithium Fund",
        ),
        ("It was Reyes. Andean Lithium Fund chairman Camila Reyes spoke.", "Andean Lithium Fund"),
    ],
)
def test_organisation_before_a_title(text: str, org: str) -> None:
    roles = [f for _, f, _ in figures(text) if f.kind == "person" and f.title]
    assert [f.org for f in roles] == [org]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Finance minister Jan Horak said the budget was balanced.", {"Jan Horak"}),
        ("The talks with Jan Kowalski ended on Jan. 12.", {"Jan Kowalski"}),
        # A month before a name, or a date, is no given name.
        ("In Jan, Anna Weiss resigned.", {"Anna Weiss"}),
        ("Prices rose in Jan 2025, said Mara Loy.", {"Mara Loy"}),
        ("On Jan 5 Vladimir Putin spoke.", {"Vladimir Putin"}),
    ],
)
def test_a_month_that_is_a_given_name(text: str, expected: set[str]) -> None:
    assert people(text) == expected
