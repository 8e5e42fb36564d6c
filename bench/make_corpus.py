"""Generate a synthetic news corpus with conflicts planted at known places.

    python bench/make_corpus.py N [--out DIR] [--seed S] [--rate R]

Writes N articles about a handful of stories (``bench/corpus_data.py``) into DIR plus
``.manifest.json`` listing every planted conflict, so recall can be measured at any
scale. The corpus is meant to look like what a newsroom tool is fed, not to be easy:

- several outlets repeat each story's figures, in varied phrasings and with hedges
  ("nearly 60%", "about 24 per cent"), in .txt files (headline, byline, dateline) and
  .md files with front matter (title, source, publication date);
- wire copies: one wire text per story reprinted verbatim by many outlets, plus light
  rewrites of it (sentences dropped, re-ordered, rephrased);
- truncated articles (cut mid-sentence, as paywalled copy is);
- quotes inside quotes, repeated analyst quotes and roles, background sentences that
  legitimately name a former president or an earlier administration;
- filler sentences whose numbers are about other subjects (a company's revenue in
  billions of dollars, a country's inflation in percent) in the story's own units.

A planted conflict changes one fact in one article; the manifest names its kind (as
factcheck's ``Kind`` values), the article, the fact, the sentence as written, the
planted value and the value everybody else reports:

- quantity: a story figure changed by 35-80% (fact ``measure:<id>``);
- officeholder: the wrong US administration for the story's date (``administration``)
  or "former President X" while X is in office (``former``);
- person-role: the story's lead person given the second person's organisation
  (``role:<name>``);
- quote-attribution: the lead's quote attributed to the second person (``quote``);
- temporal-framing: the story's event given another date (``event-date``).

``fact_of(sentence)`` maps a sentence back to the fact template it was written from, so
a benchmark can tell whether a conflict compares one measure or two.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import corpus_data as data
from corpus_data import Person, Story

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
# Hidden, so that factcheck (which skips dot files) does not read it as an article.
MANIFEST = ".manifest.json"
PLANTS = ("quantity", "officeholder", "person-role", "quote-attribution", "temporal-framing")


@dataclass(frozen=True)
class Outlet:
    name: str
    british: bool


@dataclass
class Body:
    """An article body: paragraphs of (sentence, fact tag) pairs."""

    paragraphs: list[list[tuple[str, str]]] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(" ".join(s for s, _ in p) for p in self.paragraphs if p)


def _fmt(v: float) -> str:
    return f"{v:g}"


def _date_text(d: date, outlet: Outlet, rng: random.Random) -> str:
    if outlet.british:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if rng.random() < 0.4:
        return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _percent(text: str, outlet: Outlet) -> str:
    return text.replace("%", " per cent") if outlet.british else text


def _role_sentence(p: Person, rng: random.Random, org: str | None = None) -> str:
    org = org or p.org
    title = p.title
    acronym = f" ({p.acronym})" if p.acronym and org == p.org and rng.random() < 0.3 else ""
    form = rng.randrange(3)
    if form == 0:
        return f"{p.name}, {title} of the {org}{acronym}, said the talks had been constructive."
    if form == 1:
        return f"{org} {title} {p.name} said the talks had been constructive."
    return f"The talks had been constructive, said {p.name}, {title} of the {org}{acronym}."


def _quote_sentence(quote: str, speaker: str, rng: random.Random) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"\u201c{quote},\u201d {speaker} said."
    if form == 1:
        return f"{speaker} told reporters: \u201c{quote}.\u201d"
    return f"\u201c{quote},\u201d said {speaker}."


def _us_sentence(holder: str, rng: random.Random) -> str:
    surname = holder.split()[-1]
    return rng.choice(
        (
            f"U.S. President {holder} said he would study the proposal.",
            f"The {surname} administration has responded cautiously to the proposal.",
            f"President {holder} has not commented on the proposal.",
        )
    )


def _company(rng: random.Random) -> str:
    name = "".join(rng.choice(data.SYLLABLES) for _ in range(3)).capitalize()
    return f"{name} {rng.choice(data.COMPANY_SUFFIXES)}"


def _filler(rng: random.Random, story: Story, outlet: Outlet) -> tuple[str, str]:
    tag, template = rng.choice(data.FILLER)
    co = _company(rng)
    # A company (or country) named in several articles has the same figures in all of
    # them: the numbers come from its name, not from the article.
    subject = random.Random(f"{co}|{tag}")
    country = rng.choice(data.FILLER_COUNTRIES)
    month = MONTHS[(story.when.month - 2) % 12]
    if "{country}" in template:  # a country's figure for a month
        subject = random.Random(f"{country}|{tag}|{story.when.year}|{month}")
    text = template.format(
        co=co,
        n=subject.randrange(200, 90000),
        p=subject.randrange(2, 19),
        year=subject.randrange(1950, 2015),
        later=story.when.year + subject.randrange(2, 6),
        k=subject.randrange(3, 60),
        m=subject.randrange(5, 900),
        b=_fmt(round(subject.uniform(1, 20), 1)),
        country=country,
        x=_fmt(round(subject.uniform(1, 9), 1)),
        month=month,
    )
    return _percent(text, outlet), f"filler:{tag}"


def _analyst(rng: random.Random) -> str:
    name, role, quote = rng.choice(data.ANALYSTS)
    if rng.random() < 0.5:
        return f"\u201c{quote},\u201d said {name}, {role}."
    return f"{name}, {role}, said the market had expected the move."


def compose(story: Story, outlet: Outlet, rng: random.Random, dated: bool = True) -> Body:
    """A fresh article body about ``story`` in ``outlet``'s style."""
    event = (
        rng.choice(story.events).format(date=_date_text(story.when, outlet, rng))
        if dated
        else rng.choice(story.undated_events)
    )
    first: list[tuple[str, str]] = [(event, "event")]
    m0, *rest_measures = story.measures
    first.append(_measure(story, m0, m0.value, outlet, rng))
    tail: list[tuple[str, str]] = [_measure(story, m, m.value, outlet, rng) for m in rest_measures]
    tail.append((_role_sentence(story.lead, rng), f"role:{story.lead.name}"))
    if rng.random() < 0.6:
        tail.append((_role_sentence(story.second, rng), f"role:{story.second.name}"))
    tail.append((_quote_sentence(story.quotes[0], story.lead.name, rng), "quote"))
    if rng.random() < 0.5:
        tail.append((_quote_sentence(story.quotes[1], story.second.name, rng), "quote2"))
    if rng.random() < 0.15:
        surname = story.second.name.split()[-1]
        nested = (
            f"\u201cWhen {surname} told me \u2018{story.quotes[1]}\u2019, I knew we had a deal,"
            f"\u201d {story.lead.name} said."
        )
        tail.append((nested, "nested-quote"))
    if story.us_holder:
        tail.append((_us_sentence(story.us_holder, rng), "us"))
    tail.extend((s, "background") for s in story.background if rng.random() < 0.3)
    if rng.random() < 0.5:
        tail.append((_analyst(rng), "analyst"))
    tail.extend(_filler(rng, story, outlet) for _ in range(rng.randrange(5, 11)))
    rng.shuffle(tail)
    paragraphs = [first] + [tail[j : j + 3] for j in range(0, len(tail), 3)]
    return Body(paragraphs)


def _measure(
    story: Story, m: data.Measure, value: float, outlet: Outlet, rng: random.Random
) -> tuple[str, str]:
    return _percent(rng.choice(m.phrasings).format(v=_fmt(value)), outlet), f"measure:{m.id}"


def rewrite(wire: Body, story: Story, outlet: Outlet, rng: random.Random) -> Body:
    """A light rewrite of a wire body: a sentence or two dropped, a figure rephrased,
    paragraphs after the first re-ordered."""
    paragraphs = [list(p) for p in wire.paragraphs]
    droppable = [
        (i, j)
        for i, p in enumerate(paragraphs)
        for j, (_, tag) in enumerate(p)
        if tag.startswith("filler") or tag in ("analyst", "background")
    ]
    for i, j in sorted(rng.sample(droppable, min(len(droppable), rng.randrange(1, 3))))[::-1]:
        del paragraphs[i][j]
    by_id = {f"measure:{m.id}": m for m in story.measures}
    for p in paragraphs:
        for j, (_, tag) in enumerate(p):
            if tag in by_id and rng.random() < 0.5:
                p[j] = _measure(story, by_id[tag], by_id[tag].value, outlet, rng)
            elif tag == "quote" and rng.random() < 0.5:
                p[j] = (_quote_sentence(story.quotes[0], story.lead.name, rng), tag)
    head, tail = paragraphs[0], [p for p in paragraphs[1:] if p]
    rng.shuffle(tail)
    return Body([head, *tail])


def plant(
    body: Body, story: Story, kind: str, outlet: Outlet, rng: random.Random
) -> dict[str, str] | None:
    """Change one fact of ``body`` in place; return what was planted (None if impossible)."""

    def replace(tag: str, new: str) -> str | None:
        for p in body.paragraphs:
            for j, (text, t) in enumerate(p):
                if t == tag:
                    p[j] = (new, t)
                    return text
        return None

    def insert(tag: str, new: str) -> None:
        body.paragraphs[-1].append((new, tag))

    if kind == "quantity":
        present = [m for m in story.measures if _has(body, f"measure:{m.id}")]
        if not present:
            return None
        m = rng.choice(present)
        factor = rng.choice((rng.uniform(0.35, 0.6), rng.uniform(1.6, 2.2)))
        value = round(m.value * factor) if m.value >= 10 else round(m.value * factor, 1)
        sentence, _ = _measure(story, m, value, outlet, rng)
        replace(f"measure:{m.id}", sentence)
        return _entry(kind, f"measure:{m.id}", sentence, _fmt(value), _fmt(m.value))
    if kind == "officeholder":
        if not story.us_holder:
            return None
        wrong = "Joe Biden" if story.us_holder == "Donald Trump" else "Donald Trump"
        if rng.random() < 0.5:
            surname = wrong.split()[-1]
            sentence = f"The {surname} administration has responded cautiously to the proposal."
            fact, value = "administration", wrong
        else:
            sentence = f"Former President {story.us_holder} said he would study the proposal."
            fact, value = "former", f"former President {story.us_holder}"
        if replace("us", sentence) is None:
            insert("us", sentence)
        return _entry(kind, fact, sentence, value, story.us_holder)
    if kind == "person-role":
        lead = story.lead
        sentence = _role_sentence(lead, rng, org=story.second.org)
        if replace(f"role:{lead.name}", sentence) is None:
            insert(f"role:{lead.name}", sentence)
        return _entry(kind, f"role:{lead.name}", sentence, story.second.org, lead.org)
    if kind == "quote-attribution":
        sentence = _quote_sentence(story.quotes[0], story.second.name, rng)
        if replace("quote", sentence) is None:
            insert("quote", sentence)
        return _entry(kind, "quote", sentence, story.second.name, story.lead.name)
    if kind == "temporal-framing":
        shift = rng.choice((-1, 1)) * rng.randrange(5, 60)
        wrong_day = story.when + timedelta(days=shift)
        sentence = rng.choice(story.events).format(date=_date_text(wrong_day, outlet, rng))
        replace("event", sentence)
        return _entry(kind, "event-date", sentence, wrong_day.isoformat(), story.when.isoformat())
    raise ValueError(kind)


def _has(body: Body, tag: str) -> bool:
    return any(t == tag for p in body.paragraphs for _, t in p)


def _entry(kind: str, fact: str, sentence: str, value: str, expected: str) -> dict[str, str]:
    return {"kind": kind, "fact": fact, "sentence": sentence, "value": value, "expected": expected}


def render(
    story: Story,
    body: Body,
    outlet: Outlet,
    rng: random.Random,
    markdown: bool,
    keep: str | None,
) -> str:
    """The article file: headline, byline and dateline (or front matter), then the body,
    possibly truncated (never before the sentence ``keep``)."""
    headline = rng.choice(story.headlines)
    reporter = rng.choice(data.REPORTERS)
    text = body.text()
    credit = (
        f"{story.dateline} ({data.WIRE}) - "
        if outlet.name == data.WIRE or rng.random() < 0.5
        else ""
    )
    text = credit + text
    if rng.random() < 0.08:  # truncated copy: cut mid-sentence, after the planted fact
        floor = max(len(text) // 3, text.find(keep) + len(keep) if keep else 0)
        if floor < len(text) - 20:
            text = text[: rng.randrange(floor, len(text) - 10)].rstrip()
            text += rng.choice(("", "…", " ..."))
    if markdown:
        published = story.when + timedelta(days=rng.randrange(0, 3))
        front = f"---\ntitle: {headline}\nsource: {outlet.name}\npublished: {published}\n---\n"
        return f"{front}# {headline}\n\n*By {reporter}*\n\n" + text.replace("\n", "\n\n") + "\n"
    return f"{headline}\nBy {reporter}, {outlet.name}\n\n{text}\n"


def generate(n: int, out: Path, seed: int = 7, rate: float = 0.04) -> list[dict[str, str]]:
    """Write n articles and the manifest; return the manifest entries."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    outlets = [Outlet(name, british) for name, british in data.OUTLETS]
    wire_outlet = outlets[0]
    wires = {s.id: compose(s, wire_outlet, random.Random(f"{seed}-{s.id}")) for s in data.STORIES}
    manifest: list[dict[str, str]] = []
    width = len(str(n))
    for i in range(n):
        story = data.STORIES[i % len(data.STORIES)]
        outlet = rng.choice(outlets)
        roll = rng.random()
        if roll < 0.3:  # a verbatim wire copy
            body = Body([list(p) for p in wires[story.id].paragraphs])
        elif roll < 0.5:
            body = rewrite(wires[story.id], story, outlet, rng)
        else:
            body = compose(story, outlet, rng, dated=rng.random() > 0.05)
        planted: dict[str, str] | None = None
        # The first articles of each story stay clean so every story has a consensus.
        if i >= 3 * len(data.STORIES) and rng.random() < rate:
            kinds = [k for k in PLANTS if k != "officeholder" or story.us_holder]
            planted = plant(body, story, rng.choice(kinds), outlet, rng)
        markdown = rng.random() < 0.25
        name = f"{story.id}-{i:0{width}d}.{'md' if markdown else 'txt'}"
        keep = planted["sentence"] if planted else None
        (out / name).write_text(render(story, body, outlet, rng, markdown, keep), encoding="utf-8")
        if planted is not None:
            manifest.append({"article": name, "story": story.id, **planted})
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


# --- mapping sentences back to facts ----------------------------------------------


@cache
def _fact_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"\{[^}]*\}", template)
        body = r"(.+?)".join(re.escape(p) for p in parts)
        return re.compile(body.replace("%", "(?:%| per cent)"))

    found = [
        (f"{s.id}:{m.id}", pattern(p))
        for s in data.STORIES
        for m in s.measures
        for p in m.phrasings
    ]
    found += [(f"filler:{tag}", pattern(t)) for tag, t in data.FILLER]
    found += [(f"{s.id}:event", pattern(e)) for s in data.STORIES for e in s.events]
    return tuple(found)


def fact_of(sentence: str) -> str | None:
    """The fact template ``sentence`` was written from ("rare-earths:china-share",
    "filler:revenue"), or None for a sentence no template produced."""
    text = " ".join(sentence.replace("\u2019", "'").split())
    for fact, rx in _fact_patterns():
        if rx.search(text):
            return fact
    return None


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
