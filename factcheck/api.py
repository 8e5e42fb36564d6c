"""Orchestration: paths in, RunResult out. Never prints, never exits."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from factcheck.align import Tables, align
from factcheck.budget import BudgetExceeded, time_budget
from factcheck.checks import Env
from factcheck.compare import compare
from factcheck.config import Config
from factcheck.errors import E_BUDGET, E_CACHE, E_EXTRACT, make_error
from factcheck.extract import Extractor, build_extractors, extract, extractor_versions
from factcheck.incremental import cache_key, extract_with_cache
from factcheck.ingest import read_paths, read_text_article
from factcheck.model import Article, InputError, Mention, Review, RunResult
from factcheck.resources import default_rules_dir
from factcheck.reviews import apply_reviews, load_reviews
from factcheck.rules import Rule, load_rules

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Extraction:
    articles: tuple[Article, ...]
    mentions: tuple[Mention, ...]
    errors: tuple[InputError, ...]
    cache_hits: int = 0


def extract_paths(
    paths: Sequence[str | Path], config: Config = Config(), progress: Progress | None = None
) -> Extraction:
    """Read every input and extract its facts; bad inputs become errors, never exceptions.

    With ``config.cache_dir`` set, only articles the cache has not seen are extracted.
    """
    articles, errors = read_paths(paths, max_bytes=config.max_bytes, rules_dir=config.rules_dir)
    extraction = extract_cached(articles, config, progress)
    return Extraction(extraction.articles, extraction.mentions, errors + extraction.errors)


def extraction_key(rules_dir: Path | None = None) -> str:
    """The extraction cache key: extractor versions plus the bytes of the data tables.

    Every top-level table in the rules folder counts (packs only steer comparison), so
    editing ``units.yaml`` or ``titles.yaml`` rebuilds the cache instead of trusting it.
    """
    from factcheck import extract as package
    from factcheck.extract import extractor_classes

    folder = rules_dir or default_rules_dir()
    # The extractors' own source counts too: a code change that forgot to bump a
    # version must not be served stale mentions from an older build.
    code = Path(package.__file__).parent
    files = [*folder.glob("*.yaml"), *code.glob("*.py"), code.parent / "textspan.py"]
    return cache_key(extractor_versions(extractor_classes()), sorted(files))


def extract_cached(
    articles: Sequence[Article], config: Config = Config(), progress: Progress | None = None
) -> Extraction:
    """``extract_articles`` through the cache in ``config.cache_dir`` (if any).

    Extractors are built only when some article is not cached, so a warm run does not
    pay for loading quantulum3 and dateparser. A cache problem never fails the run: it
    becomes a warning (FC-W) and the articles are extracted afresh.
    """
    if config.cache_dir is None:
        return extract_articles(articles, config, progress)
    errors: list[InputError] = []

    def batch(todo: Sequence[Article]) -> Extraction:
        done = extract_articles(todo, config, progress)
        errors.extend(done.errors)
        return done

    key = extraction_key(config.rules_dir)
    mentions, stats = extract_with_cache(articles, batch, config.cache_dir, key)
    if stats.warning:
        errors.append(make_error(E_CACHE, str(config.cache_dir), stats.warning))
    failed = set(stats.failed)
    kept = tuple(a for a in articles if a.id not in failed)
    return Extraction(kept, mentions, tuple(errors), cache_hits=stats.hits)


def extract_articles(
    articles: Sequence[Article], config: Config = Config(), progress: Progress | None = None
) -> Extraction:
    """Extract every article; one that fails or runs out of time becomes an error."""
    jobs = config.jobs or os.cpu_count() or 1
    outcomes: list[_Outcome] = []
    if jobs > 1 and len(articles) >= config.parallel_threshold:
        chunk = max(1, min(64, len(articles) // (jobs * 8)))
        with ProcessPoolExecutor(
            max_workers=jobs,
            initializer=_init_worker,
            initargs=(config.rules_dir, config.time_budget),
        ) as pool:
            for done, outcome in enumerate(
                pool.map(_extract_in_worker, articles, chunksize=chunk), 1
            ):
                outcomes.append(outcome)
                if progress is not None:
                    progress(done, len(articles))
    else:
        worker = _Worker(build_extractors(config.rules_dir), config.time_budget)
        for done, article in enumerate(articles, 1):
            outcomes.append(worker(article))
            if progress is not None:
                progress(done, len(articles))
    kept = tuple(a for a, o in zip(articles, outcomes, strict=True) if o[1] is None)
    mentions = tuple(m for found, _ in outcomes for m in found)
    errors = tuple(e for _, e in outcomes if e is not None)
    return Extraction(kept, mentions, errors)


_Outcome = tuple[tuple[Mention, ...], InputError | None]


@dataclass(frozen=True, slots=True)
class _Worker:
    extractors: tuple[Extractor, ...]
    budget: float

    def __call__(self, article: Article) -> _Outcome:
        try:
            with time_budget(self.budget):
                return extract(article, self.extractors), None
        except BudgetExceeded as exc:
            return (), make_error(E_BUDGET, article.path, f"{exc}; article skipped")
        except Exception as exc:
            return (), make_error(E_EXTRACT, article.path, f"extraction failed: {exc!r}")


# NOTE: per-process state for the pool's workers only. quantulum3 and dateparser take
# seconds to warm up, so each worker builds its extractors once, not once per article.
_WORKER: _Worker | None = None


def _init_worker(rules_dir: Path | None, budget: float) -> None:
    global _WORKER
    _WORKER = _Worker(build_extractors(rules_dir), budget)


def _extract_in_worker(article: Article) -> _Outcome:
    assert _WORKER is not None
    return _WORKER(article)


def analyse(
    articles: Sequence[Article],
    mentions: Sequence[Mention],
    errors: Sequence[InputError] = (),
    config: Config = Config(),
    rules: Sequence[Rule] | None = None,
    stats: dict[str, float] | None = None,
    *,
    reviews: Mapping[str, Review] | None = None,
    scope: Collection[str] = (),
) -> RunResult:
    """Align and compare already-extracted facts, then pair conflicts with reviews.

    ``scope`` limits the findings to conflicts with evidence in one of those articles
    (the new articles of a CI run); every article is still compared. Stale reviews are
    judged against all conflicts, so a review of an out-of-scope conflict is not stale.
    """
    rules = (
        rules
        if rules is not None
        else load_rules(
            config.rules_dir, select=config.select, ignore=config.ignore, preview=config.preview
        )
    )
    tables = Tables.load(config.rules_dir)
    started = time.perf_counter()
    alignment = align(articles, mentions, tables)
    env = Env(offices=tables.offices, story=alignment.story)
    conflicts = compare(alignment.claims, rules, env, {a.id: a for a in articles})
    conflicts = tuple(c for c in conflicts if c.confidence >= config.min_confidence)
    findings, stale = apply_reviews(conflicts, reviews or {})
    wanted = set(scope)
    if wanted:
        findings = tuple(f for f in findings if wanted.intersection(f.conflict.articles))
    timings = dict(stats or {})
    timings["compare_seconds"] = round(time.perf_counter() - started, 3)
    timings["claims"] = float(len(alignment.claims))
    return RunResult(
        articles=tuple(articles),
        mentions=alignment.mentions,
        findings=findings,
        errors=tuple(errors),
        stale_reviews=stale,
        stats=tuple(sorted(timings.items())),
        scope=tuple(sorted(wanted)),
        claims=alignment.claims,
    )


def run(
    paths: Sequence[str | Path],
    config: Config = Config(),
    progress: Progress | None = None,
    *,
    corpus: Sequence[str | Path] = (),
) -> RunResult:
    """The whole pipeline over files and folders.

    With ``corpus``, the articles under ``paths`` are checked against every article of
    the corpus and only conflicts involving them are reported (``RunResult.scope``).
    ``config.reviews`` names the reviews file to apply; a file that does not parse
    raises ``ReviewsError`` (naming its line) before any work is done.
    """
    rules = load_rules(
        config.rules_dir, select=config.select, ignore=config.ignore, preview=config.preview
    )
    reviews = load_reviews(config.reviews) if config.reviews is not None else {}
    started = time.perf_counter()
    articles, errors = read_paths(
        [*paths, *corpus], max_bytes=config.max_bytes, rules_dir=config.rules_dir
    )
    extraction = extract_cached(articles, config, progress)
    stats = {
        "extract_seconds": round(time.perf_counter() - started, 3),
        "cache_hits": float(extraction.cache_hits),
    }
    scope = _under(extraction.articles, paths) if corpus else ()
    return analyse(
        extraction.articles,
        extraction.mentions,
        errors + extraction.errors,
        config,
        rules,
        stats,
        reviews=reviews,
        scope=scope,
    )


def _under(articles: Sequence[Article], paths: Sequence[str | Path]) -> tuple[str, ...]:
    """Ids of the articles read from ``paths`` (files, or files below folders).

    ``read_paths`` builds each article's path by joining the argument it came from
    with the path below it, and reads a file given twice only for its first argument,
    so a prefix test on the arguments as written is exact.
    """
    roots = [os.fspath(p) for p in paths]
    prefixes = tuple(os.path.join(r, "") for r in roots)
    return tuple(a.id for a in articles if a.path in roots or a.path.startswith(prefixes))


def run_texts(texts: Sequence[str], config: Config = Config()) -> RunResult:
    """The whole pipeline over inline article texts (ids article-1.txt, article-2.txt, ...)."""
    articles = [read_text_article(t, f"article-{i}.txt") for i, t in enumerate(texts, 1)]
    extraction = extract_articles(articles, config)
    return analyse(extraction.articles, extraction.mentions, extraction.errors, config)
