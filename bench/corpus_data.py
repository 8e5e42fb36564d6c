"""The stories, outlets and filler that ``bench/make_corpus.py`` writes articles from.

Every sentence template here is news prose with ``{placeholders}``; ``make_corpus``
fills them and remembers which fact each sentence states, so the benchmark can tell a
conflict between two statements of one measure from one between different measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Measure:
    """One figure of a story: several phrasings of it, each with ``{v}``."""

    id: str
    phrasings: tuple[str, ...]
    value: float


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    org: str
    acronym: str = ""


@dataclass(frozen=True)
class Story:
    id: str
    headlines: tuple[str, ...]
    dateline: str
    events: tuple[str, ...]  # with {date}; the story's event
    undated_events: tuple[str, ...]  # the same event without a date
    when: date
    lead: Person
    second: Person
    quotes: tuple[str, str]  # said by lead, said by second
    measures: tuple[Measure, ...]
    us_holder: str = ""  # the US president during the story, for stories involving the US
    background: tuple[str, ...] = ()  # context sentences without checkable conflicts


RARE = Story(
    id="rare-earths",
    headlines=(
        "Russia offers US rare earth metals",
        "Kremlin pitches rare earth deal to Washington",
        "Moscow dangles rare earths and aluminum before US",
    ),
    dateline="MOSCOW",
    events=(
        "Russia made the rare earth offer to the United States on {date}.",
        "The offer was made by Russia to the United States on {date}, officials said.",
    ),
    undated_events=("Russia made the rare earth offer to the United States this week.",),
    when=date(2025, 3, 24),
    lead=Person("Pavel Orlov", "chairman", "Siberian Metals Fund", "SMF"),
    second=Person("Sergei Volkov", "director", "Ural Geology Institute"),
    quotes=(
        "We are ready to work with American companies on every one of our deposits",
        "Our surveys show reserves that nobody has touched since the Soviet era",
    ),
    measures=(
        Measure(
            "china-share",
            (
                "China controls {v}% of global rare earth production.",
                "China still controls nearly {v}% of global rare earth production.",
                "China, which controls about {v}% of global rare earth production, "
                "has restricted exports.",
            ),
            60,
        ),
        Measure(
            "aluminum",
            (
                "Russia offered up to {v} million tons of aluminum a year.",
                "The proposal includes up to {v} million tons of aluminum a year.",
            ),
            2,
        ),
        Measure(
            "investment",
            (
                "The deal could attract investments worth up to ${v} billion.",
                "Officials said the deal could attract investments worth up to ${v} billion.",
            ),
            15,
        ),
    ),
    us_holder="Donald Trump",
    background=(
        "The United States imposed a 200% tariff on Russian aluminum in 2023, "
        "under the Biden administration.",
        "Former President Barack Obama first restricted imports of Russian metals in 2014.",
    ),
)

SOLAR = Story(
    id="solar",
    headlines=(
        "US and India sign solar panel pact",
        "Washington and New Delhi agree on solar supply chain",
        "India to supply US with solar modules under new deal",
    ),
    dateline="NEW DELHI",
    events=(
        "The United States and India signed the solar agreement in New Delhi on {date}.",
        "India and the United States signed the solar agreement on {date}, officials said.",
    ),
    undated_events=("The United States and India signed the solar agreement this week.",),
    when=date(2024, 6, 12),
    lead=Person("Priya Nair", "director", "National Solar Mission", "NSM"),
    second=Person("Mark Ellison", "chairman", "American Solar Council"),
    quotes=(
        "Indian factories can now build the panels American homes have been waiting for",
        "This agreement gives our installers a second source they can finally rely on",
    ),
    measures=(
        Measure(
            "india-share",
            (
                "India makes {v}% of the solar modules installed in the United States.",
                "India already makes about {v}% of the solar modules installed in the "
                "United States.",
            ),
            11,
        ),
        Measure(
            "deal-value",
            (
                "The agreement is worth ${v} billion over four years.",
                "Officials put the value of the agreement at ${v} billion over four years.",
            ),
            4.5,
        ),
    ),
    us_holder="Joe Biden",
    background=(
        "The tariffs on imported solar cells were first imposed in 2018 by former "
        "President Donald Trump.",
    ),
)

LITHIUM = Story(
    id="lithium",
    headlines=(
        "Chile and Germany sign lithium pact",
        "Germany secures Chilean lithium for its battery makers",
        "Santiago and Berlin seal lithium deal",
    ),
    dateline="SANTIAGO",
    events=(
        "Chile and Germany signed the lithium agreement in Santiago on {date}.",
        "The lithium agreement was signed by Chile and Germany on {date} in Santiago.",
    ),
    undated_events=("Chile and Germany signed the lithium agreement in Santiago this week.",),
    when=date(2025, 4, 8),
    lead=Person("Camila Reyes", "chairman", "Andean Lithium Fund", "ALF"),
    second=Person("Tomas Weber", "head", "Pacific Mining Institute"),
    quotes=(
        "This partnership will change how batteries are made across the whole of Europe",
        "German carmakers need a supply they can plan around for the next twenty years",
    ),
    measures=(
        Measure(
            "chile-share",
            (
                "Chile produces {v}% of the world's lithium.",
                "Officials noted that Chile produces {v}% of the world's lithium.",
                "Chile, which produces about {v}% of the world's lithium, sees the pact as a "
                "milestone.",
            ),
            24,
        ),
        Measure(
            "carbonate",
            (
                "The agreement covers exports of {v} million tons of lithium carbonate a year.",
                "Under the deal Chile will ship exports of {v} million tons of lithium "
                "carbonate a year.",
            ),
            1.5,
        ),
    ),
)

GAS = Story(
    id="gas",
    headlines=(
        "Norway offers Poland more gas",
        "Oslo pledges extra gas to Warsaw before winter",
        "Poland turns to Norway for winter gas",
    ),
    dateline="OSLO",
    events=(
        "Norway made the gas offer to Poland on {date}, officials in Warsaw said.",
        "The gas offer was made by Norway to Poland on {date}.",
    ),
    undated_events=("Norway made the gas offer to Poland this week, officials in Warsaw said.",),
    when=date(2025, 9, 16),
    lead=Person("Ingrid Solberg", "head", "Nordic Energy Agency", "NEA"),
    second=Person("Piotr Nowak", "chairman", "Baltic Pipeline Council"),
    quotes=(
        "We can deliver every cubic metre Poland needs through the coming winter season",
        "The pipeline has spare capacity and we intend to use all of it this year",
    ),
    measures=(
        Measure(
            "norway-share",
            (
                "Norway supplies {v}% of Poland's natural gas imports.",
                "Norway already supplies {v}% of Poland's natural gas imports, the agency said.",
            ),
            35,
        ),
        Measure(
            "offer-value",
            (
                "The offer is worth ${v} billion over five years.",
                "Analysts put the offer at ${v} billion over five years.",
            ),
            12,
        ),
    ),
)

WHEAT = Story(
    id="wheat",
    headlines=(
        "India resumes wheat exports to Egypt",
        "Egypt secures Indian wheat as prices climb",
        "India lifts curbs for wheat sales to Cairo",
    ),
    dateline="CAIRO",
    events=(
        "India announced the wheat agreement with Egypt on {date}.",
        "The wheat agreement between India and Egypt was announced on {date}.",
    ),
    undated_events=("India announced the wheat agreement with Egypt this week.",),
    when=date(2026, 2, 3),
    lead=Person("Arjun Mehta", "director", "Indian Grain Board", "IGB"),
    second=Person("Omar Hassan", "head", "Delhi Trade Institute"),
    quotes=(
        "Our farmers have produced a record harvest and the world should benefit from it",
        "Egyptian bakers will see the first shipments arrive before the end of spring",
    ),
    measures=(
        Measure(
            "india-wheat-share",
            (
                "India grows {v}% of the world's wheat.",
                "India, which grows roughly {v}% of the world's wheat, had restricted sales.",
            ),
            14,
        ),
        Measure(
            "tonnage",
            (
                "The deal covers {v} million tons of wheat.",
                "Egypt will buy {v} million tons of wheat under the deal.",
            ),
            3,
        ),
    ),
)

CHIPS = Story(
    id="chips",
    headlines=(
        "Japan funds chip plant in Canada",
        "Tokyo backs Canadian semiconductor factory",
        "Japanese money for an Ontario chip plant",
    ),
    dateline="OTTAWA",
    events=(
        "Japan agreed to fund the chip plant in Canada on {date}.",
        "The agreement to fund the chip plant was reached by Japan and Canada on {date}.",
    ),
    undated_events=("Japan agreed this week to fund the chip plant in Canada.",),
    when=date(2025, 11, 19),
    lead=Person("Haruki Sato", "chief executive", "Kanto Semiconductor Holdings"),
    second=Person("Emily Tremblay", "chairman", "Osaka Robotics Foundation"),
    quotes=(
        "This plant will make the most advanced chips ever produced in North America",
        "Ontario has the engineers and the power grid that a plant like this demands",
    ),
    measures=(
        Measure(
            "plant-cost",
            (
                "The plant will cost ${v} billion.",
                "Officials said the plant will cost ${v} billion.",
            ),
            8,
        ),
        Measure(
            "japan-equipment",
            (
                "Japan makes {v}% of the world's chip-making equipment.",
                "Japan makes nearly {v}% of the world's chip-making equipment.",
            ),
            30,
        ),
    ),
)

STORIES = (RARE, SOLAR, LITHIUM, GAS, WHEAT, CHIPS)

# Outlets: a name and whether it writes "per cent" and dates as "24 March 2025".
OUTLETS = (
    ("Global Wire", False),
    ("The Daily Ledger", False),
    ("Metro Herald", False),
    ("The Northern Courier", True),
    ("Capital Business Review", False),
    ("The Evening Standard-Times", True),
    ("Harbour Post", False),
    ("Continental Tribune", True),
)
WIRE = "Global Wire"
REPORTERS = (
    "Ana Duarte", "Lena Fischer", "Tom Hartley", "Mei Tanaka", "Jonas Berg",
    "Sofia Marin", "David Okafor", "Claire Dubois", "Ravi Kumar", "Nadia Petrova",
)  # fmt: skip

# Analysts quoted in many articles, always with the same role: repeated consistent
# roles must never conflict.
# Analysts quoted in many articles, always with the same role and their own words:
# repeated consistent roles and quotes must never conflict.
ANALYSTS = (
    ("Helen Marsh", "chief economist at Northbridge Capital",
     "Markets had priced in most of this already, so the reaction was muted"),
    ("Victor Lang", "an analyst at Ferro Securities",
     "The real test comes when the first contracts are signed and deliveries begin"),
    ("Julia Novak", "head of research at Danube Partners",
     "Nobody should expect prices to move much before the end of the year"),
    ("Marco Bellini", "a senior fellow at the Lisbon Policy Forum",
     "Governments are finally treating supply chains as a question of security"),
)  # fmt: skip

# Sentences about other subjects. Numbers in them belong to those subjects (a company's
# staff, its revenue, a country's inflation) and must never be compared with a story's
# figures, even when the unit is the same.
FILLER = (
    ("staff", "The {co} group employs {n:,} people at its main site."),
    ("shares", "Shares in {co} rose {p}% in early trading."),
    ("founded", "{co} was founded in {year} and now operates in {k} countries."),
    ("revenue", "{co} reported revenue of ${m} million last quarter."),
    ("capex", "{co} plans to spend ${b} billion on new factories by {later}."),
    ("inflation", "Inflation in {country} stood at {x}% in {month}."),
    ("growth", "{country}'s economy grew {x}% last year, official data showed."),
    ("stake", "{co} holds a {p}% stake in the venture."),
    ("plain", "Analysts said the move reflects a broader shift in global supply chains."),
    ("plain", "Critics warned that the plan could face legal challenges."),
    ("plain", "The announcement was welcomed by industry groups."),
    ("plain", "Negotiators met behind closed doors for several hours."),
    ("plain", "Local media reported that protests were planned for the weekend."),
    ("plain", "The ministry declined to give further details."),
    ("plain", "Markets reacted calmly to the news."),
    ("plain", "Opposition lawmakers demanded a parliamentary debate on the deal."),
    ("plain", "Environmental groups raised concerns about the impact on water supplies."),
    ("plain", "The government said the details would be published in the coming weeks."),
)
FILLER_COUNTRIES = ("Brazil", "Mexico", "Turkey", "Vietnam", "Kenya", "Peru", "Spain")
SYLLABLES = ("bra", "vel", "tor", "min", "qua", "rex", "lon", "dar", "sen", "pol", "vik",
             "nor", "zen", "tal")  # fmt: skip
COMPANY_SUFFIXES = ("Holdings", "Industries", "Logistics", "Partners")
