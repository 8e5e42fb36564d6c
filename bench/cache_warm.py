"""Cold vs warm extraction through the mention cache.

    python bench/cache_warm.py [N] [--fake] [--seed S] [--keep DIR]

Generates N short synthetic news articles (default 10000), extracts them all through
``extract_with_cache`` into an empty cache (cold), adds one new article and runs again
(warm), then prints cold and warm seconds, their ratio, hits/misses and where the warm
time goes. ``--fake`` swaps the real extractors for regex stand-ins that go through the
same ``factcheck.extract.extract`` driver (for when the real ones are not importable).

Warm runs include building the extractors for the one new article, as a CI job must;
``start-up`` shows how much of it that is. The first warm run shares the cold run's
process (imports and module state already warm); the second is a fresh process, as a
CI job is, against the same cache.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from factcheck.cache import FILENAME, MentionCache
from factcheck.extract import Context, Extractor, Hit, extract, extractor_versions
from factcheck.incremental import cache_key, extract_with_cache, text_key
from factcheck.model import (
    Article,
    DateValue,
    FactType,
    Figure,
    Mention,
    OffsetMap,
    Quantity,
    Quotation,
    Value,
)
from factcheck.resources import default_rules_dir

# --- synthetic articles -----------------------------------------------------------------

_MONTHS = "January February March April May June July August September October November December"
_FIRST = ("Maria", "John", "Wei", "Fatima", "Olga", "Carlos", "Amara", "Kenji", "Priya", "David")
_LAST = ("Petrov", "Smith", "Chen", "Haddad", "Novak", "Garcia", "Okafor", "Tanaka", "Rao", "Cohen")
_TITLES = ("President", "Minister", "Governor", "Mayor", "Chairman", "Senator")
_PLACES = ("Springfield", "Riverton", "Lakeside", "Northgate", "Eastport", "Hillview")
_ORGS = ("the Port Authority", "the Ministry of Health", "Acme Corp", "the city council")
_THINGS = ("flood defences", "the new bridge", "school meals", "rail upgrades", "vaccines")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def article_text(rng: random.Random, i: int) -> str:
    """A short news-like text with dates, money, percentages, people and a quote."""
    months = _MONTHS.split()
    year = rng.randint(2015, 2025)
    day = f"{rng.choice(months)} {rng.randint(1, 28)}, {year}"
    who, other = _name(rng), _name(rng)
    title = rng.choice(_TITLES)
    place = rng.choice(_PLACES)
    money = rng.choice(
        (f"${rng.randint(2, 950)} million", f"${rng.randint(1, 40)}.{rng.randint(1, 9)} billion")
    )
    return "\n".join(
        (
            f"{place}, {day} - {title} {who} said on Tuesday that {rng.choice(_ORGS)} "
            f"would spend {money} on {rng.choice(_THINGS)}, "
            f"up {rng.randint(1, 60)}% from {year - 1}.",
            f"About {rng.randint(100, 90000):,} people live in the area, according to a "
            f"{rng.randint(2001, year)} census.",
            f'"We cannot wait another {rng.randint(2, 12)} years," {who} told reporters.',
            f"Critics led by {rng.choice(_TITLES)} {other} said the plan would cost "
            f"{rng.randint(2, 90)}% more than promised and take until "
            f"{rng.choice(months)} {year + rng.randint(1, 5)}.",
            f"Officials expect {rng.randint(3, 400)} new jobs and {rng.randint(1, 30)} tons of "
            f"steel to be delivered by {rng.choice(months)} {rng.randint(1, 28)}.",
            f"Story reference {i}.",
        )
    )


def make_article(text: str, i: int, published: date | None = None) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    name = f"article-{i:05d}.txt"
    return Article(name, name, text, text, OffsetMap(), digest, published=published)


# --- fake extractors (regex stand-ins with the real Extractor protocol) ----------------

_MONTH = "(?:" + "|".join(_MONTHS.split()) + ")"


class _Regex:
    """One regex, one FactType; ``make`` turns a match into a value."""

    def __init__(
        self, name: str, produces: FactType, pattern: str, make: Callable[[re.Match[str]], Value]
    ):
        self.name = name
        self.version = "fake-1"
        self.produces = produces
        self._re = re.compile(pattern)
        self._make = make

    def __call__(self, ctx: Context) -> list[Hit]:
        return [Hit(m.start(), m.end(), self._make(m), 0.9) for m in self._re.finditer(ctx.text)]


def _date(m: re.Match[str]) -> DateValue:
    if m["year"] is None:
        return DateValue(None, None, "day", resolution="none")
    months = _MONTHS.split()
    d = date(int(m["year"]), months.index(m["month"]) + 1, int(m["day"] or 1))
    if m["day"] is None:
        return DateValue(d, d.replace(day=28), "month")
    return DateValue(d, d, "day")


def _quantity(m: re.Match[str]) -> Quantity:
    value = float(m["num"].replace(",", ""))
    scale = {"million": 1e6, "billion": 1e9}.get(m["scale"] or "", 1.0)
    unit = "percentage" if m["pct"] else ("dollar" if m["cur"] else (m["unit"] or "dimensionless"))
    v = value * scale
    approx = m.group(0).startswith("About")
    return Quantity(
        v,
        unit,
        unit,
        v,
        unit,
        v * 0.9 if approx else v,
        v * 1.1 if approx else v,
        "approx" if approx else "exact",
    )


def fake_extractors() -> tuple[Extractor, ...]:
    return (
        _Regex(
            "dates",
            FactType.DATE,
            rf"\b(?P<month>{_MONTH})\b(?: (?P<day>\d{{1,2}})\b)?(?:,? (?P<year>\d{{4}}))?",
            _date,
        ),
        _Regex(
            "quantities",
            FactType.QUANTITY,
            r"(?:About )?(?P<cur>\$)?(?P<num>\d[\d,]*(?:\.\d+)?)"
            r"(?: (?P<scale>million|billion))?(?P<pct>%)?(?: (?P<unit>tons|people|jobs|years))?",
            _quantity,
        ),
        _Regex(
            "figures",
            FactType.FIGURE,
            r"(?P<title>" + "|".join(_TITLES) + r") (?P<name>[A-Z][a-z]+ [A-Z][a-z]+)",
            lambda m: Figure("person", m["name"], m["name"], m["title"].lower()),
        ),
        _Regex(
            "quotes",
            FactType.QUOTE,
            r'"(?P<q>[^"]+)," (?P<who>[A-Z][a-z]+ [A-Z][a-z]+)',
            lambda m: Quotation(m["q"], m["who"]),
        ),
    )


# --- the benchmark ----------------------------------------------------------------------


class LazyExtract:
    """``extract_fn`` for extract_with_cache: builds the extractors on first use only."""

    def __init__(self, build: Callable[[], Sequence[Extractor]]) -> None:
        self._build = build
        self._extractors: Sequence[Extractor] | None = None
        self.startup = 0.0  # seconds building the extractors
        self.seconds = 0.0  # seconds in this function, start-up included
        self.articles = 0

    def __call__(self, articles: Sequence[Article]) -> tuple[Mention, ...]:
        started = time.perf_counter()
        self.articles += len(articles)
        if self._extractors is None:
            self._extractors = self._build()
            self.startup = time.perf_counter() - started
        found = tuple(m for a in articles for m in extract(a, self._extractors))
        self.seconds += time.perf_counter() - started
        return found


def versions(fake: bool) -> str:
    """Extractor versions without building the extractors (building takes seconds)."""
    if fake:
        return extractor_versions(fake_extractors())
    from factcheck.extract.dates import DateExtractor
    from factcheck.extract.figures import FigureExtractor
    from factcheck.extract.quantities import QuantityExtractor
    from factcheck.extract.quotes import QuoteExtractor

    classes = (DateExtractor, QuantityExtractor, FigureExtractor, QuoteExtractor)
    return ",".join(f"{c.name}@{c.version}" for c in classes)


def key_for(fake: bool, rules: Path) -> str:
    """The cache key as api.py would build it: versions plus the tables they read."""
    if fake:
        return cache_key(versions(True))
    tables = ("dates.yaml", "units.yaml", "measures.yaml", "titles.yaml", "aliases.yaml")
    return cache_key(versions(False), [rules / t for t in tables if (rules / t).exists()])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="corpus size")
    parser.add_argument(
        "--fake", action="store_true", help="regex stand-ins for the real extractors"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="cache folder to use (default: a temporary one)")
    parser.add_argument("--rules", type=Path, help="rules folder (default: a snapshot of rules/)")
    parser.add_argument(
        "--warm-only", action="store_true", help="(internal) one warm run against --keep"
    )
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    corpus = [
        make_article(article_text(rng, i), i, date(2025, 3, 1 + i % 28)) for i in range(args.n)
    ]
    new = make_article(article_text(rng, args.n), args.n, date(2025, 4, 1))
    if args.warm_only:
        build = builder(args.fake, args.rules)
        return warm_only(args.keep, corpus, args.n + 1, build, key_for(args.fake, args.rules))

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        folder = args.keep or Path(tmp) / "cache"
        # A snapshot of the tables, so that edits to rules/ during a long cold run do
        # not re-key the cache between the runs being compared.
        rules = args.rules or Path(shutil.copytree(default_rules_dir(), Path(tmp) / "rules"))
        build = builder(args.fake, rules)
        key = key_for(args.fake, rules)
        assert versions(args.fake) == extractor_versions(build()), "versions() is out of date"

        cold_fn = LazyExtract(build)
        started = time.perf_counter()
        cold_mentions, cold = extract_with_cache(corpus, cold_fn, folder, key)
        cold_s = time.perf_counter() - started

        warm_fn = LazyExtract(build)
        started = time.perf_counter()
        warm_mentions, warm = extract_with_cache([*corpus, new], warm_fn, folder, key)
        warm_s = time.perf_counter() - started

        same = warm_mentions[: len(cold_mentions)] == cold_mentions
        assert same and warm_fn.articles == 1, "warm run differs from cold run"
        count = len(cold_mentions)
        del cold_mentions, warm_mentions  # measure the lookup on a heap like a fresh run's

        # Where the warm time goes: one lookup of every hash, with decoding.
        with MentionCache.open(folder, key) as cache:
            started = time.perf_counter()
            found = cache.get_many(text_key(a) for a in corpus)
            lookup_s = time.perf_counter() - started
        assert len(found) == len(corpus)
        del found
        db_bytes = (folder / FILENAME).stat().st_size

        kind = "fake (regex) extractors" if args.fake else "real extractors"
        print(f"corpus: {args.n} articles, {count} mentions, {kind}")
        print(f"cold: {cold_s:8.3f} s  hits={cold.hits} misses={cold.misses}")
        print(
            f"  of which extraction {cold_fn.seconds:.3f} s, cache {cold_s - cold_fn.seconds:.3f} s"
        )
        print(f"warm: {warm_s:8.3f} s  hits={warm.hits} misses={warm.misses}  (same process)")
        print(f"  of which extraction {warm_fn.seconds:.3f} s, start-up {warm_fn.startup:.3f} s")
        print(f"  cache work (all but extraction): {warm_s - warm_fn.seconds:.3f} s")
        print(f"  get_many + decode of all {args.n} texts alone: {lookup_s:.3f} s")
        print(f"ratio cold/warm: {cold_s / warm_s:.1f}x")
        print(f"cache file: {db_bytes / 1e6:.1f} MB")
        if warm.warning:
            print(f"warning: {warm.warning}")
        sys.stdout.flush()
        # A CI job is a fresh process: nothing imported, no extractor built yet.
        command = [sys.executable, __file__, str(args.n), "--seed", str(args.seed)]
        command += ["--warm-only", "--keep", str(folder), "--rules", str(rules)]
        command += ["--fake"] if args.fake else []
        subprocess.run(command, check=True)
    return 0


def builder(fake: bool, rules: Path) -> Callable[[], Sequence[Extractor]]:
    if fake:
        return fake_extractors
    from factcheck.extract import build_extractors

    return functools.partial(build_extractors, rules)


def warm_only(
    folder: Path,
    corpus: list[Article],
    index: int,
    build: Callable[[], Sequence[Extractor]],
    key: str,
) -> int:
    """One warm run as a fresh CI process does it: lookup, one new article."""
    rng = random.Random(index)
    new = make_article(article_text(rng, index), index, date(2025, 4, 2))
    fn = LazyExtract(build)
    started = time.perf_counter()
    mentions, stats = extract_with_cache([*corpus, new], fn, folder, key)
    warm_s = time.perf_counter() - started
    assert fn.articles == 1 and stats.misses == 1 and not stats.rebuilt, stats
    print(
        f"warm, fresh process: {warm_s:.3f} s  hits={stats.hits} misses={stats.misses}"
        f" ({len(mentions)} mentions)"
    )
    print(f"  of which extraction {fn.seconds:.3f} s, start-up {fn.startup:.3f} s")
    print(f"  cache work (all but extraction): {warm_s - fn.seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
