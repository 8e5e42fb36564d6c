"""Orchestration: paths in, RunResult out. Never prints, never exits."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from factcheck import __version__
from factcheck.align import Tables, align
from factcheck.budget import BudgetExceeded, time_budget
from factcheck.checks import CheckSpec, Env
from factcheck.checks.quote_attribution import Params as QuoteParams
from factcheck.compare import compare
from factcheck.config import Config
from factcheck.errors import E_BUDGET, E_CACHE, E_EXTRACT, make_error
from factcheck.extract import Extractor, build_extractors, extract
from factcheck.ingest import read_from, read_paths, read_text_article
from factcheck.ingest.normalize import load_boilerplate
from factcheck.model import Article, Conflict, Finding, InputError, Mention, Review, RunResult
from factcheck.resources import default_rules_dir
from factcheck.review import apply_reviews, load_reviews
from factcheck.rules import Rule, load_rules
from factcheck.store import CacheError, Store, gc_paused, open_store, store_key

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

    With ``config.cache_dir`` set, only files and articles the cache has not seen are
    read and extracted.
    """
    with _open_cache(config) as (store, notes):
        articles, errors = _read(paths, config, store)
        extraction = _extract(articles, config, progress, store)
    return Extraction(
        extraction.articles, extraction.mentions, (*errors, *notes, *extraction.errors)
    )


def index_key(rules_dir: Path | None = None) -> str:
    """The cache key for this code and the rules in ``rules_dir`` (``store.store_key``)."""
    folder = rules_dir or default_rules_dir()
    return store_key(__version__, Path(__file__).resolve().parent, folder)


@contextmanager
def _open_cache(config: Config) -> Iterator[tuple[Store | None, list[InputError]]]:
    """The store of ``config.cache_dir``, or None (no cache asked for, or unusable).

    A cache problem never fails the run: it becomes a warning (FC-W006) and the run
    reads and extracts everything afresh.
    """
    notes: list[InputError] = []
    if config.cache_dir is None:
        yield None, notes
        return
    boilerplate = load_boilerplate(config.rules_dir)
    key = index_key(config.rules_dir)
    try:
        store = open_store(
            config.cache_dir, key, max_bytes=config.max_bytes, boilerplate=boilerplate
        )
    except CacheError as exc:
        notes.append(make_error(E_CACHE, str(config.cache_dir), str(exc)))
        yield None, notes
        return
    with store:
        yield store, notes
        if store.warning:
            notes.append(make_error(E_CACHE, str(config.cache_dir), store.warning))


def _read(
    paths: Sequence[str | Path], config: Config, store: Store | None
) -> tuple[tuple[Article, ...], tuple[InputError, ...]]:
    reader = None if store is None else store.read
    return read_paths(paths, max_bytes=config.max_bytes, rules_dir=config.rules_dir, reader=reader)


def _extract(
    articles: Sequence[Article],
    config: Config,
    progress: Progress | None,
    store: Store | None,
) -> Extraction:
    """``extract_articles`` through the cache, if there is one.

    Extractors are built only when some article is not cached, so a warm run does not
    pay for loading quantulum3 and dateparser.
    """
    if store is None:
        return extract_articles(articles, config, progress)
    batch, errors = _batch(config, progress)
    mentions, stats = store.extract(articles, batch)
    failed = set(stats.failed)
    kept = tuple(a for a in articles if a.id not in failed)
    return Extraction(kept, mentions, tuple(errors), cache_hits=stats.hits)


def _batch(
    config: Config, progress: Progress | None
) -> tuple[Callable[[Sequence[Article]], Extraction], list[InputError]]:
    """An extraction function for the cache to call on its misses, and its errors."""
    errors: list[InputError] = []

    def batch(todo: Sequence[Article]) -> Extraction:
        done = extract_articles(todo, config, progress)
        errors.extend(done.errors)
        return done

    return batch, errors


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
    checks: Mapping[str, CheckSpec] | None = None,
) -> RunResult:
    """Align and compare already-extracted facts, then pair conflicts with reviews.

    ``checks`` is the check registry the rules bind to (default: the built-in one); a
    rule loaded with ``load_rules(..., checks=...)`` needs the same registry here.

    ``scope`` limits the findings to conflicts with evidence in one of those articles
    (the new articles of a CI run), compared with every claim of the corpus that shares
    a block with theirs. Such a run sees only part of the conflicts, so it cannot tell
    whether a review went stale: stale reviews are judged by full runs only.
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
    env = Env(offices=tables.offices, story=alignment.story, vocabulary=tables.vocabulary)
    by_id = {a.id: a for a in articles}
    conflicts = compare(alignment.claims, rules, env, by_id, checks, scope=scope)
    findings, stale = findings_of(conflicts, config, reviews, scope)
    timings = dict(stats or {})
    timings["compare_seconds"] = round(time.perf_counter() - started, 3)
    timings["claims"] = float(len(alignment.claims))
    timings["corpus_articles"] = float(len(articles))
    shown, mentions = scoped_view(articles, alignment.mentions, scope, findings)
    return RunResult(
        articles=shown,
        mentions=mentions,
        findings=findings,
        errors=tuple(errors),
        stale_reviews=stale,
        stats=tuple(sorted(timings.items())),
        scope=tuple(sorted(scope)),
        claims=alignment.claims,
    )


def findings_of(
    conflicts: Sequence[Conflict],
    config: Config,
    reviews: Mapping[str, Review] | None,
    scope: Collection[str],
) -> tuple[tuple[Finding, ...], tuple[Review, ...]]:
    """Conflicts above the confidence floor, paired with their reviews, within ``scope``.

    A scoped run sees only part of the conflicts, so it cannot tell whether a review
    went stale: stale reviews are judged by full runs only.
    """
    kept = tuple(c for c in conflicts if c.confidence >= config.min_confidence)
    findings, stale = apply_reviews(kept, reviews or {})
    if not scope:
        return findings, stale
    wanted = set(scope)
    return tuple(f for f in findings if wanted.intersection(f.conflict.articles)), ()


def shown_of(
    articles: Mapping[str, Article], scope: set[str], findings: Sequence[Finding]
) -> tuple[Article, ...]:
    """What a scoped run reports: its own articles and those its conflicts cite."""
    cited = scope | {a for f in findings for a in f.conflict.articles}
    return tuple(articles[i] for i in articles if i in cited)


def scoped_view(
    articles: Sequence[Article],
    mentions: Sequence[Mention],
    scope: Collection[str],
    findings: Sequence[Finding],
) -> tuple[tuple[Article, ...], tuple[Mention, ...]]:
    """The articles and facts a run reports: all of them, or for a scoped run its own
    articles with those its conflicts cite (``shown_of``), and its own articles' facts."""
    if not scope:
        return tuple(articles), tuple(mentions)
    wanted = set(scope)
    shown = shown_of({a.id: a for a in articles}, wanted, findings)
    return shown, tuple(m for m in mentions if m.article_id in wanted)


def run(
    paths: Sequence[str | Path],
    config: Config = Config(),
    progress: Progress | None = None,
    *,
    corpus: Sequence[str | Path] = (),
    facts: bool = True,
) -> RunResult:
    """The whole pipeline over files and folders.

    With ``corpus``, the articles under ``paths`` are checked against every article of
    the corpus and only conflicts involving them are reported (``RunResult.scope``).
    ``config.reviews`` names the reviews file to apply; a file that does not parse
    raises ``ReviewsError`` (naming its line) before any work is done.

    ``config.engine`` picks where the work happens: ``local`` (this function: a
    process pool and the SQLite cache) or ``dask`` (``factcheck.engine.dask``; raises
    ``EngineError`` when dask is not installed or the scheduler cannot be reached).
    ``facts=False`` says the caller reads no facts (``RunResult.mentions`` and
    ``claims``): the dask engine then leaves them on the workers and brings back the
    conflicts only, and the articles without their text.
    """
    rules = load_rules(
        config.rules_dir, select=config.select, ignore=config.ignore, preview=config.preview
    )
    reviews = load_reviews(config.reviews) if config.reviews is not None else {}
    if config.engine == "dask":
        from factcheck.engine import dask as dask_engine

        return dask_engine.run(paths, config, rules, reviews, progress, corpus=corpus, facts=facts)
    started = time.perf_counter()
    with _open_cache(config) as (store, notes):
        if store is not None and corpus:
            result = _run_indexed(paths, corpus, config, rules, reviews, progress, store)
        else:
            articles, errors = _read([*paths, *corpus], config, store)
            extraction = _extract(articles, config, progress, store)
            stats = {
                "extract_seconds": round(time.perf_counter() - started, 3),
                "cache_hits": float(extraction.cache_hits),
            }
            in_paths = read_from(paths)
            scope = tuple(a.id for a in extraction.articles if in_paths(a.path)) if corpus else ()
            result = analyse(
                extraction.articles,
                extraction.mentions,
                errors + extraction.errors,
                config,
                rules,
                stats,
                reviews=reviews,
                scope=scope,
            )
    return dataclasses.replace(result, errors=(*result.errors, *notes)) if notes else result


def _run_indexed(
    paths: Sequence[str | Path],
    corpus: Sequence[str | Path],
    config: Config,
    rules: Sequence[Rule],
    reviews: Mapping[str, Review],
    progress: Progress | None,
    store: Store,
) -> RunResult:
    """A scoped run through the corpus index: see ``factcheck.store.index``."""
    started = time.perf_counter()
    # The rules tables, the corpus index, the claims loaded from it and the comparison
    # allocate hundreds of thousands of objects that live until the end, none in a
    # reference cycle: the collector would rescan them over and over (a tenth of a warm
    # run at 10,000 articles) and free nothing. It runs again once the comparison is done.
    with gc_paused():
        tables = Tables.load(config.rules_dir)
        batch, extract_errors = _batch(config, progress)
        quote_params = [r.params for r in rules if isinstance(r.params, QuoteParams)]
        found = store.scope(paths, corpus, tables, batch, quote_params)
        scoped = found.scoped
        loaded = time.perf_counter()
        env = Env(
            offices=tables.offices,
            story=scoped.story,
            vocabulary=tables.vocabulary,
            quotes=scoped.quotes,
        )
        conflicts = compare(scoped.claims, rules, env, scoped.articles, scope=found.scope)
    findings, stale = findings_of(conflicts, config, reviews, found.scope)
    shown = shown_of(scoped.articles, set(found.scope), findings)
    stats = {
        "extract_seconds": round(loaded - started, 3),
        "compare_seconds": round(time.perf_counter() - loaded, 3),
        "claims": float(len(scoped.claims)),
        "corpus_articles": float(found.articles),
        "files_cached": float(found.files_cached),
    }
    return RunResult(
        articles=shown,
        mentions=scoped.scope_mentions,
        findings=findings,
        errors=(*found.errors, *extract_errors),
        stale_reviews=stale,
        stats=tuple(sorted(stats.items())),
        scope=tuple(sorted(found.scope)),
        claims=scoped.claims,
    )


def run_texts(texts: Sequence[str], config: Config = Config()) -> RunResult:
    """The whole pipeline over inline article texts (ids article-1.txt, article-2.txt, ...)."""
    articles = [read_text_article(t, f"article-{i}.txt") for i, t in enumerate(texts, 1)]
    extraction = extract_articles(articles, config)
    return analyse(extraction.articles, extraction.mentions, extraction.errors, config)
