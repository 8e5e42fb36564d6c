"""Generate a synthetic news corpus with conflicts planted at known places.

    python bench/make_corpus.py N [--out DIR] [--seed S] [--rate R]

Writes N articles (``.txt``) about a handful of stories into DIR plus
``manifest.json`` listing every planted conflict (kind, article, what was changed), so
recall can be measured at any scale. Articles mix the story's facts (shares, tonnages,
money, dates, people with roles, quotes) in varied phrasings with filler sentences
whose numbers belong to article-specific subjects, as real copy does; a planted
conflict changes one fact in one article:

- quantity: a figure on the same measure changed by 35-80%;
- officeholder: the story's US administration named wrongly ("the Biden administration"
  for a 2025 story);
- person-role: a person given the leadership of a different organisation;
- quote-attribution: a story quote attributed to another named person.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


@dataclass(frozen=True)
class Measure:
    phrasings: tuple[str, ...]  # each with {v}
    value: float
    unit: str  # "%", "million tons", "billion"


@dataclass(frozen=True)
class Story:
    id: str
    headline: str
    country: str
    partner: str
    event_sentence: str  # with {date}
    when: date
    person: str
    role: str
    org: str
    other_org: str
    quote: str
    speaker: str
    other_speaker: str
    measures: tuple[Measure, ...]


STORIES = (
    Story(
        "lithium",
        "Chile and Germany sign lithium pact",
        "Chile",
        "Germany",
        "Chile and Germany signed the lithium agreement in Santiago on {date}.",
        date(2025, 4, 8),
        "Camila Reyes",
        "chairman",
        "Andean Lithium Fund",
        "Pacific Mining Institute",
        "This partnership will change how batteries are made across the whole of Europe",
        "Camila Reyes",
        "Tomas Weber",
        (
            Measure(
                (
                    "Chile produces {v}% of the world's lithium.",
                    "Officials noted that Chile produces {v}% of the world's lithium.",
                    "Chile, which produces about {v}% of the world's lithium, sees the pact as a milestone.",
                ),
                24,
                "%",
            ),
            Measure(
                (
                    "The agreement covers exports of {v} million tons of lithium carbonate a year.",
                    "Under the deal Chile will ship exports of {v} million tons of lithium carbonate a year.",
                ),
                1.5,
                "million tons",
            ),
        ),
    ),
    Story(
        "gas",
        "Norway offers Poland more gas",
        "Norway",
        "Poland",
        "Norway made the gas offer to Poland on {date}, officials in Warsaw said.",
        date(2025, 9, 16),
        "Ingrid Solberg",
        "head",
        "Nordic Energy Agency",
        "Baltic Pipeline Council",
        "We can deliver every cubic metre Poland needs through the coming winter season",
        "Ingrid Solberg",
        "Piotr Nowak",
        (
            Measure(
                (
                    "Norway supplies {v}% of Poland's natural gas imports.",
                    "Norway already supplies {v}% of Poland's natural gas imports, the agency said.",
                ),
                35,
                "%",
            ),
            Measure(
                (
                    "The offer is worth ${v} billion over five years.",
                    "Analysts put the offer at ${v} billion over five years.",
                ),
                12,
                "billion",
            ),
        ),
    ),
    Story(
        "wheat",
        "India resumes wheat exports to Egypt",
        "India",
        "Egypt",
        "India announced the wheat agreement with Egypt on {date}.",
        date(2026, 2, 3),
        "Arjun Mehta",
        "director",
        "Indian Grain Board",
        "Delhi Trade Institute",
        "Our farmers have produced a record harvest and the world should benefit from it",
        "Arjun Mehta",
        "Omar Hassan",
        (
            Measure(
                (
                    "India grows {v}% of the world's wheat.",
                    "India, which grows roughly {v}% of the world's wheat, had restricted sales.",
                ),
                14,
                "%",
            ),
            Measure(
                (
                    "The deal covers {v} million tons of wheat.",
                    "Egypt will buy {v} million tons of wheat under the deal.",
                ),
                3,
                "million tons",
            ),
        ),
    ),
    Story(
        "chips",
        "Japan funds chip plant in Canada",
        "Japan",
        "Canada",
        "Japan agreed to fund the chip plant in Canada on {date}.",
        date(2025, 11, 19),
        "Haruki Sato",
        "ceo",
        "Kanto Semiconductor Holdings",
        "Osaka Robotics Foundation",
        "This plant will make the most advanced chips ever produced in North America",
        "Haruki Sato",
        "Emily Tremblay",
        (
            Measure(
                (
                    "The plant will cost ${v} billion.",
                    "Officials said the plant will cost ${v} billion.",
                ),
                8,
                "billion",
            ),
            Measure(
                (
                    "Japan makes {v}% of the world's chip-making equipment.",
                    "Japan makes nearly {v}% of the world's chip-making equipment.",
                ),
                30,
                "%",
            ),
        ),
    ),
    Story(
        "rare-earths",
        "Russia offers US rare earth metals",
        "Russia",
        "United States",
        "Russia made the rare earth offer to the United States on {date}.",
        date(2025, 3, 24),
        "Pavel Orlov",
        "chairman",
        "Siberian Metals Fund",
        "Ural Geology Institute",
        "We are ready to work with American companies on every one of our deposits",
        "Pavel Orlov",
        "Sergei Volkov",
        (
            Measure(
                (
                    "China controls {v}% of global rare earth production.",
                    "China still controls nearly {v}% of global rare earth production.",
                ),
                60,
                "%",
            ),
            Measure(
                (
                    "Russia offered up to {v} million tons of aluminum a year.",
                    "The proposal includes up to {v} million tons of aluminum a year.",
                ),
                2,
                "million tons",
            ),
        ),
    ),
)

FILLER = (
    "The {co} group employs {n} people at its main site.",
    "Shares in {co} rose {p}% in early trading.",
    "{co} was founded in {year} and now operates in {k} countries.",
    "Analysts said the move reflects a broader shift in global supply chains.",
    "Critics warned that the plan could face legal challenges.",
    "The announcement was welcomed by industry groups.",
    "Negotiators met behind closed doors for several hours.",
    "Local media reported that protests were planned for the weekend.",
    "The ministry declined to give further details.",
    "Markets reacted calmly to the news.",
    "{co} reported revenue of ${m} million last quarter.",
    "Opposition lawmakers demanded a parliamentary debate on the deal.",
    "Environmental groups raised concerns about the impact on water supplies.",
    "The government said the details would be published in the coming weeks.",
)
SYLLABLES = (
    "bra",
    "vel",
    "tor",
    "min",
    "qua",
    "rex",
    "lon",
    "dar",
    "sen",
    "pol",
    "vik",
    "nor",
    "zen",
    "tal",
)


def _company(rng: random.Random, used: set[str]) -> str:
    while True:
        name = (
            "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            + " "
            + rng.choice(("Holdings", "Industries", "Logistics", "Partners"))
        )
        if name not in used:
            used.add(name)
            return name


def _date_text(d: date, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 1:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _fmt(v: float) -> str:
    return f"{v:g}"


def make_article(
    i: int, story: Story, rng: random.Random, used: set[str], plant: str | None
) -> tuple[str, dict[str, object] | None]:
    planted: dict[str, object] | None = None
    lines = [story.headline, ""]
    body = [story.event_sentence.format(date=_date_text(story.when, rng))]
    for mi, m in enumerate(story.measures):
        value = m.value
        if plant == "quantity" and mi == 0:
            factor = rng.choice((rng.uniform(0.35, 0.6), rng.uniform(1.6, 2.2)))
            value = round(m.value * factor) if m.value >= 10 else round(m.value * factor, 1)
            planted = {
                "kind": "quantity",
                "measure": m.phrasings[0],
                "value": _fmt(value),
                "expected": _fmt(m.value),
            }
        body.append(rng.choice(m.phrasings).format(v=_fmt(value)))
    org = story.other_org if plant == "person-role" else story.org
    if plant == "person-role":
        planted = {"kind": "person-role", "person": story.person, "org": org}
    body.append(f"{story.person}, {story.role} of the {org}, said the talks had been constructive.")
    speaker = story.other_speaker if plant == "quote-attribution" else story.speaker
    if plant == "quote-attribution":
        planted = {"kind": "quote-attribution", "speaker": speaker, "expected": story.speaker}
    body.append(f"\u201c{story.quote},\u201d {speaker} said.")
    if story.partner == "United States" or story.country == "United States":
        if plant == "officeholder":
            body.append("The Biden administration has responded cautiously to the offer.")
            planted = {"kind": "officeholder", "holder": "Joe Biden"}
        else:
            body.append("U.S. President Donald Trump said he would study the offer.")
    for _ in range(rng.randrange(6, 12)):
        body.append(
            rng.choice(FILLER).format(
                co=_company(rng, used),
                n=rng.randrange(200, 90000),
                p=rng.randrange(2, 19),
                year=rng.randrange(1950, 2015),
                k=rng.randrange(3, 60),
                m=rng.randrange(5, 900),
            )
        )
    head, tail = body[:2], body[2:]
    rng.shuffle(tail)
    paragraphs = [" ".join(head)] + [" ".join(tail[j : j + 3]) for j in range(0, len(tail), 3)]
    return "\n".join(lines + paragraphs) + "\n", planted


PLANTS = ("quantity", "person-role", "quote-attribution", "officeholder")


def generate(n: int, out: Path, seed: int = 7, rate: float = 0.04) -> list[dict[str, object]]:
    """Write n articles and the manifest; return the manifest entries."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    manifest: list[dict[str, object]] = []
    width = len(str(n))
    for i in range(n):
        story = STORIES[i % len(STORIES)]
        plant = None
        # The first articles of each story stay clean so every story has a consensus.
        if i >= 3 * len(STORIES) and rng.random() < rate:
            choices = [p for p in PLANTS if p != "officeholder" or story.partner == "United States"]
            plant = rng.choice(choices)
        text, planted = make_article(i, story, rng, used, plant)
        name = f"{story.id}-{i:0{width}d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        if planted is not None:
            manifest.append({"article": name, "story": story.id, **planted})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--rate", type=float, default=0.04, help="share of articles with a planted conflict"
    )
    args = parser.parse_args()
    out = args.out or Path("bench/out") / f"corpus-{args.n}"
    manifest = generate(args.n, out, args.seed, args.rate)
    print(f"wrote {args.n} articles and {len(manifest)} planted conflicts to {out}")


if __name__ == "__main__":
    main()
