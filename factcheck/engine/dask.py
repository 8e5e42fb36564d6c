"""The dask engine: the local engine's stages, spread over a Dask cluster.

1. The client lists the files (``list_files``: cheap, no file is opened) and puts them
   in a bag; workers read them where they are or, when the workers cannot see the
   paths, from bytes the client read and scattered (``Config.ship_text``).
2. The client gathers the article ids (repeated ids are renamed as ``read_paths``
   renames them); workers extract each article's facts.
3. The client gathers the figure names (a counter of distinct names) and builds
   nothing from them: every worker builds the same alias index from the same counter,
   and aligns its articles (canonical names, claims, story times).
4. Story times are gathered (one per article) and broadcast; the claims become a Dask
   DataFrame shuffled by blocking key, and each partition's blocks are compared on a
   worker (``compare.block_drafts``).
5. Only the drafts come back, with the few articles they cite; the client turns them
   into conflicts (``compare.to_conflicts``), applies the reviews and builds the
   ``RunResult`` through ``api``, so every formatter, the gate and the reviews file
   work unchanged.

The client never holds every claim: only the conflicts, one small record per article
(id, path, metadata) and the names counter, unless the caller asks for every fact
(``facts=True``: ``factcheck report`` writes them to ``facts.csv``). Bags are
persisted on the workers, so a worker lost mid-run is recomputed by Dask from the
graph, and the result does not change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factcheck.api import Progress, findings_of, index_key, scoped_view
from factcheck.compare import to_conflicts
from factcheck.config import Config
from factcheck.engine import EngineError, tasks
from factcheck.errors import ENGINE_MISSING, SCHEDULER_UNREACHABLE, FactcheckError
from factcheck.ingest import FileRef, list_files, read_bytes, read_from, renamed_error, unique_ids
from factcheck.model import Claim, InputError, Mention, Review, RunResult, StoryTime
from factcheck.rules import Rule
from factcheck.store.parquet import ParquetStore

INSTALL = "pip install 'factcheck-news[dask]'"
FILES_PER_PARTITION = 200


@contextmanager
def connect(config: Config) -> Iterator[Any]:
    """A ``distributed.Client``: to ``config.scheduler``, else to a ``LocalCluster`` of
    ``config.jobs`` (default: one per core) single-threaded worker processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(
            ENGINE_MISSING, f"--engine dask needs dask and distributed ({exc}): {INSTALL}"
        ) from None
    if config.scheduler:
        try:
            client = Client(config.scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(SCHEDULER_UNREACHABLE, f"{config.scheduler}: {exc}") from None
        with client:
            yield client
        return
    workers = config.jobs or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run(
    paths: Sequence[str | Path],
    config: Config,
    rules: Sequence[Rule],
    reviews: Mapping[str, Review],
    progress: Progress | None = None,
    *,
    corpus: Sequence[str | Path] = (),
    facts: bool = True,
) -> RunResult:
    """``api.run`` on a Dask cluster: the same conflicts, findings and errors."""
    with connect(config) as client:
        return _Run(client, config, progress).run(paths, corpus, rules, reviews, facts)


class _Run:
    """One run on one client; each method is one stage and gathers only summaries."""

    STAGES = 5

    def __init__(self, client: Any, config: Config, progress: Progress | None) -> None:
        self.client = client
        self.config = config
        self.progress = progress
        self.stage = 0

    def _done(self) -> None:
        self.stage += 1
        if self.progress is not None:
            self.progress(self.stage, self.STAGES)

    def run(
        self,
        paths: Sequence[str | Path],
        corpus: Sequence[str | Path],
        rules: Sequence[Rule],
        reviews: Mapping[str, Review],
        facts: bool,
    ) -> RunResult:
        started = time.perf_counter()
        extracted, summaries, read_errors = self._extract([*paths, *corpus], facts)
        extracted_at = time.perf_counter()
        aligned, story, n_claims = self._align(extracted, summaries)
        del extracted  # the aligned records hold the articles from here on
        kept = [a for s in summaries for a in s.articles]
        kept.sort(key=lambda pair: pair[0])
        articles = tuple(a for _, a in kept)
        in_paths = read_from(paths)
        scope = tuple(a.id for a in articles if in_paths(a.path)) if corpus else ()
        drafts = self._compare(aligned, rules, story, frozenset(scope))
        self._done()
        cited = frozenset(m.article_id for _, _, _, d in drafts for m, _ in d.evidence)
        full = {a.id: a for a in aligned.map_partitions(tasks.pick_articles, cited).compute()}
        conflicts = to_conflicts(((rules[r], d) for r, _, _, d in drafts), full)
        findings, stale = findings_of(conflicts, self.config, reviews, scope)
        mentions: tuple[Mention, ...] = ()
        claims: tuple[Claim, ...] = ()
        if facts:
            mentions, claims = _facts(aligned.map_partitions(tasks.facts_part).compute())
        self._done()
        extract_errors = sorted(
            (pair for s in summaries for pair in s.errors), key=lambda pair: pair[0]
        )
        errors = (*read_errors, *(e for _, e in extract_errors))
        shown, mentions = scoped_view(articles, mentions, scope, findings)
        stats = {
            "extract_seconds": round(extracted_at - started, 3),
            "compare_seconds": round(time.perf_counter() - extracted_at, 3),
            "claims": float(n_claims),
            "corpus_articles": float(len(articles)),
            "cache_hits": float(sum(s.stored for s in summaries)),
        }
        return RunResult(
            articles=shown,
            mentions=mentions,
            findings=findings,
            errors=errors,
            stale_reviews=stale,
            stats=tuple(sorted(stats.items())),
            scope=tuple(sorted(scope)),
            claims=claims,
        )

    def _extract(
        self, paths: Sequence[str | Path], facts: bool
    ) -> tuple[Any, list[tasks.Summary], list[InputError]]:
        """Read and extract on the workers: the persisted bag of extracted articles, the
        summaries gathered from it, and the reading problems in listing order."""
        files, listed = self._files(paths)
        read = files.map_partitions(
            tasks.read_part, self.config.max_bytes, self.config.rules_dir
        ).persist()
        renames, read_errors = self._ids(read, listed)
        self._done()
        store = None
        if self.config.claim_store:
            url = self.config.claim_store
            if "://" not in url:  # a worker elsewhere resolves a relative path elsewhere
                url = os.path.abspath(url)
            store = ParquetStore(url, index_key(self.config.rules_dir))
        extracted = read.map_partitions(
            tasks.extract_part, renames, self.config.rules_dir, self.config.time_budget, store
        ).persist()
        summaries: list[tasks.Summary] = extracted.map_partitions(
            tasks.extract_summary, facts
        ).compute()
        self._done()
        return extracted, summaries, read_errors

    def _align(
        self, extracted: Any, summaries: Sequence[tasks.Summary]
    ) -> tuple[Any, dict[str, StoryTime], int]:
        """Align on the workers with the corpus-wide names: the persisted bag of aligned
        articles, every story time and the number of claims."""
        names: Counter[str] = Counter()
        for s in summaries:
            names.update(s.names)
        token = hashlib.sha256(pickle.dumps(sorted(names.items()))).hexdigest()
        aligned = extracted.map_partitions(
            tasks.align_part, _literal("names", names, token), token, self.config.rules_dir
        ).persist()
        story: dict[str, StoryTime] = {}
        n_claims = 0
        for part, count in aligned.map_partitions(tasks.story_part).compute():
            story.update(part)
            n_claims += count
        self._done()
        return aligned, story, n_claims

    def _files(self, paths: Sequence[str | Path]) -> tuple[Any, list[FileRef | InputError]]:
        """The bag of files to read, and the listing (with problems finding files)."""
        import dask.bag as db

        listed = list_files(paths)
        items: list[tasks.FileItem] = [
            (i, e, None) for i, e in enumerate(listed) if isinstance(e, FileRef)
        ]
        parts = max(1, -(-len(items) // FILES_PER_PARTITION))
        parts = max(parts, min(len(items), 2 * _workers(self.client)))
        chunks = _chunks(items, parts)
        if self._ship(items):
            futures = [self.client.scatter(_with_bytes(c, self.config.max_bytes)) for c in chunks]
            return db.from_delayed([_delayed(f) for f in futures]), listed
        return db.from_sequence(items, npartitions=max(1, parts)), listed

    def _ship(self, items: Sequence[tasks.FileItem]) -> bool:
        """Whether the client must send file bytes: asked for, or (by trying) the workers
        of a remote scheduler do not see the first file as this machine does."""
        if self.config.ship_text is not None or not self.config.scheduler or not items:
            return bool(self.config.ship_text)
        path = items[0][1].path
        try:
            here = os.stat(path)
        except OSError:
            return False
        seen = self.client.run(_sees, path, here.st_size, here.st_mtime_ns)
        return not all(seen.values())

    def _ids(
        self, read: Any, listed: Sequence[FileRef | InputError]
    ) -> tuple[dict[tasks.Order, str], list[InputError]]:
        """Renames for repeated article ids, and the reading problems in listing order."""
        ids: list[tuple[tasks.Order, str, str]] = []
        problems: list[tuple[tasks.Order, InputError]] = [
            ((i, -1), e) for i, e in enumerate(listed) if isinstance(e, InputError)
        ]
        for part_ids, part_problems in read.map_partitions(tasks.read_summary).compute():
            ids += part_ids
            problems += [(r.order, e) for r in part_problems for e in r.errors]
        ids.sort()
        problems.sort(key=lambda pair: pair[0])
        renames: dict[tasks.Order, str] = {}
        notes: list[InputError] = []
        for (order, old, path), new in zip(ids, unique_ids([i for _, i, _ in ids]), strict=True):
            if new != old:
                renames[order] = new
                notes.append(renamed_error(path, old, new))
        return renames, [*(e for _, e in problems), *notes]

    def _compare(
        self,
        aligned: Any,
        rules: Sequence[Rule],
        story: Mapping[str, StoryTime],
        scope: frozenset[str],
    ) -> list[tuple[int, tuple[str, ...], int, Any]]:
        """Every block compared on a worker; the drafts in ``compare``'s order."""
        import pandas as pd

        meta = pd.DataFrame(
            {k: pd.Series(dtype=t) for k, t in tasks.CLAIM_COLUMNS.items()}
            | {"claim": pd.Series(dtype=object)}
        )
        claims = aligned.map_partitions(tasks.claim_rows).to_dataframe(meta=meta)
        nparts = max(1, claims.npartitions)
        shuffled = claims.shuffle(on="block", npartitions=nparts)
        draft_meta = pd.DataFrame({k: pd.Series(dtype=t) for k, t in tasks.DRAFT_COLUMNS.items()})
        story_key = _literal("story", dict(story))
        frame = shuffled.map_partitions(
            tasks.compare_part,
            list(rules),
            story_key,
            scope,
            self.config.rules_dir,
            meta=draft_meta,
        ).compute()
        drafts = [
            (int(r), tuple(json.loads(b)), int(s), pickle.loads(d))
            for r, b, s, d in frame.itertuples(index=False)
        ]
        drafts.sort(key=lambda row: row[:3])
        return drafts


def _facts(
    parts: Sequence[tuple[tasks.Order, tuple[Mention, ...], tuple[Claim, ...]]],
) -> tuple[tuple[Mention, ...], tuple[Claim, ...]]:
    ordered = sorted(parts, key=lambda row: row[0])
    return (
        tuple(m for _, ms, _ in ordered for m in ms),
        tuple(c for _, _, cs in ordered for c in cs),
    )


def _chunks(items: Sequence[tasks.FileItem], parts: int) -> list[list[tasks.FileItem]]:
    size = max(1, -(-len(items) // max(1, parts)))
    return [list(items[k : k + size]) for k in range(0, len(items), size)]


def _with_bytes(chunk: Sequence[tasks.FileItem], max_bytes: int) -> list[tasks.FileItem]:
    """A chunk of files with their bytes read here (or the coded reason they cannot be)."""
    out: list[tasks.FileItem] = []
    for index, ref, _ in chunk:
        try:
            out.append((index, ref, read_bytes(ref.path, max_bytes)))
        except FactcheckError as exc:
            out.append((index, ref, exc.to_input_error(ref.path)))
    return out


def _literal(what: str, value: object, token: str | None = None) -> Any:
    """``value`` as one key of the graph: sent to the scheduler once, fetched by each
    worker once, and (unlike scattered data) recomputable if every holder dies."""
    import uuid

    from dask.delayed import delayed

    return delayed(value, name=f"{what}-{token or uuid.uuid4().hex}", traverse=False)


def _delayed(future: Any) -> Any:
    from dask.delayed import delayed

    return delayed(future)


def _sees(path: str, size: int, mtime_ns: int) -> bool:
    """On a worker: whether ``path`` is there, as the client sees it."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return info.st_size == size and info.st_mtime_ns == mtime_ns


def _workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))
