"""Orchestration: paths in, RunResult out. Never prints, never exits."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from factcheck.align import Tables, align
from factcheck.budget import BudgetExceeded, time_budget
from factcheck.checks import Env
from factcheck.compare import compare
from factcheck.config import Config
from factcheck.errors import E_BUDGET, E_EXTRACT, make_error
from factcheck.extract import Extractor, build_extractors, extract
from factcheck.ingest import read_paths, read_text_article
from factcheck.model import Article, Finding, InputError, Mention, RunResult
from factcheck.rules import Rule, load_rules

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Extraction:
    articles: tuple[Article, ...]
    mentions: tuple[Mention, ...]
    errors: tuple[InputError, ...]


def extract_paths(
    paths: Sequence[str | Path], config: Config = Config(), progress: Progress | None = None
) -> Extraction:
    """Read every input and extract its facts; bad inputs become errors, never exceptions."""
    articles, errors = read_paths(paths, max_bytes=config.max_bytes, rules_dir=config.rules_dir)
    extraction = extract_articles(articles, config, progress)
    return Extraction(extraction.articles, extraction.mentions, errors + extraction.errors)


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
) -> RunResult:
    """Align and compare already-extracted facts."""
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
    timings = dict(stats or {})
    timings["compare_seconds"] = round(time.perf_counter() - started, 3)
    timings["claims"] = float(len(alignment.claims))
    return RunResult(
        articles=tuple(articles),
        mentions=alignment.mentions,
        findings=tuple(Finding(c) for c in conflicts),
        errors=tuple(errors),
        stats=tuple(sorted(timings.items())),
    )


def run(
    paths: Sequence[str | Path], config: Config = Config(), progress: Progress | None = None
) -> RunResult:
    """The whole pipeline over files and folders."""
    rules = load_rules(
        config.rules_dir, select=config.select, ignore=config.ignore, preview=config.preview
    )
    started = time.perf_counter()
    extraction = extract_paths(paths, config, progress)
    stats = {"extract_seconds": round(time.perf_counter() - started, 3)}
    return analyse(
        extraction.articles, extraction.mentions, extraction.errors, config, rules, stats
    )


def run_texts(texts: Sequence[str], config: Config = Config()) -> RunResult:
    """The whole pipeline over inline article texts (ids article-1.txt, article-2.txt, ...)."""
    articles = [read_text_article(t, f"article-{i}.txt") for i, t in enumerate(texts, 1)]
    extraction = extract_articles(articles, config)
    return analyse(extraction.articles, extraction.mentions, extraction.errors, config)
