"""The mention cache and incremental extraction.

Articles are built directly and extraction is a fake that counts what it is asked to
do, so these tests prove which articles were (not) re-extracted without depending on
the real extractors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import multiprocessing
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.model import Article, FactType, Figure, Mention, OffsetMap, Quantity, Span
from factcheck.store.cache import FILENAME, MentionCache
from factcheck.store.incremental import CacheStats, cache_key, extract_with_cache, text_key

KEY = "dates@1,quantities@1,figures@1,quotes@1;schema=1"


def article(article_id: str, text: str, published: date | None = None) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(article_id, article_id, text, text, OffsetMap(), digest, published=published)


def corpus(n: int, prefix: str = "a") -> list[Article]:
    return [
        article(f"{prefix}{i:04d}.txt", f"Story {prefix}{i}: {i * 7}% of {i + 3} voters.")
        for i in range(n)
    ]


class FakeExtract:
    """Every number is a quantity and the first word a figure; counts calls and articles."""

    def __init__(self, version: str = "1") -> None:
        self.version = version
        self.calls: list[list[str]] = []

    @property
    def extracted(self) -> list[str]:
        return [a for call in self.calls for a in call]

    def __call__(self, articles: Sequence[Article]) -> tuple[Mention, ...]:
        self.calls.append([a.id for a in articles])
        return tuple(m for a in articles for m in self.one(a))

    def one(self, a: Article) -> tuple[Mention, ...]:
        out = []
        whole = Span(0, len(a.text))
        for found in re.finditer(r"\d+", a.text):
            v = float(found.group())
            q = Quantity(v, "count", "count", v, "count", v, v)
            span = Span(found.start(), found.end())
            out.append(
                Mention(
                    a.id,
                    FactType.QUANTITY,
                    found.group(),
                    span,
                    a.text,
                    whole,
                    span,
                    q,
                    1.0,
                    f"q@{self.version}",
                )
            )
        first = a.text.split()[0] if a.text.split() else ""
        if first.istitle():
            fig = Figure("person", first, first)
            span = Span(0, len(first))
            out.append(
                Mention(a.id, FactType.FIGURE, first, span, a.text, whole, span, fig, 0.5, "f@1")
            )
        return tuple(out)


def expected(articles: Sequence[Article]) -> tuple[Mention, ...]:
    """What extraction without any cache returns."""
    return FakeExtract()(articles)


# --- hits and misses ----------------------------------------------------------------------


def test_cold_run_extracts_everything_warm_run_nothing(tmp_path: Path) -> None:
    arts = corpus(50)
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert mentions == expected(arts)
    assert stats == CacheStats(hits=0, misses=50)
    assert len(fake.calls) == 1  # the misses go out in one batch, for the process pool

    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert mentions == expected(arts)
    assert stats == CacheStats(hits=50, misses=0)
    assert fake.calls == []


def test_one_new_article_is_the_only_one_extracted(tmp_path: Path) -> None:
    arts = corpus(30)
    extract_with_cache(arts, FakeExtract(), tmp_path, KEY)
    new = article("new.txt", "Breaking: 12 more.")
    fake = FakeExtract()
    mentions, stats = extract_with_cache([*arts[:10], new, *arts[10:]], fake, tmp_path, KEY)
    assert fake.calls == [["new.txt"]]
    assert (stats.hits, stats.misses) == (30, 1)
    assert mentions == expected([*arts[:10], new, *arts[10:]])  # in article order


def test_changed_text_is_a_miss(tmp_path: Path) -> None:
    arts = corpus(10)
    extract_with_cache(arts, FakeExtract(), tmp_path, KEY)
    arts[4] = article(arts[4].id, arts[4].text + " Updated: 99 votes.")
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert fake.extracted == [arts[4].id]
    assert (stats.hits, stats.misses) == (9, 1)
    assert mentions == expected(arts)


def test_other_publication_date_is_a_miss(tmp_path: Path) -> None:
    """Year-less dates resolve against the publication date, so it is part of the key."""
    a = article("a.txt", "Story 1.", date(2025, 3, 1))
    extract_with_cache([a], FakeExtract(), tmp_path, KEY)
    fake = FakeExtract()
    extract_with_cache([dataclasses.replace(a, published=date(2024, 3, 1))], fake, tmp_path, KEY)
    assert fake.extracted == ["a.txt"]


def test_same_text_from_another_raw_file_is_a_miss(tmp_path: Path) -> None:
    """content_hash covers the normalised text; spans point into the raw text."""
    a = article("a.txt", "Story 1.")
    extract_with_cache([a], FakeExtract(), tmp_path, KEY)
    as_html = dataclasses.replace(a, raw="<p>Story 1.</p>", offsets=OffsetMap((0,), (3,)))
    fake = FakeExtract()
    extract_with_cache([as_html], fake, tmp_path, KEY)
    assert fake.extracted == ["a.txt"]
    curly = dataclasses.replace(a, raw="Story 1\u2024")  # same length, other character
    extract_with_cache([curly], fake, tmp_path, KEY)
    assert fake.extracted == ["a.txt", "a.txt"]


def test_renamed_file_with_same_text_is_a_hit_under_its_new_id(tmp_path: Path) -> None:
    arts = corpus(5)
    extract_with_cache(arts, FakeExtract(), tmp_path, KEY)
    renamed = [dataclasses.replace(a, id=f"moved/{a.id}", path=f"moved/{a.path}") for a in arts]
    fake = FakeExtract()
    mentions, stats = extract_with_cache(renamed, fake, tmp_path, KEY)
    assert fake.calls == []
    assert stats.hits == 5
    assert mentions == expected(renamed)
    assert {m.article_id for m in mentions} == {a.id for a in renamed}


def test_same_text_twice_in_one_run_is_extracted_once(tmp_path: Path) -> None:
    a = article("a.txt", "Story: 5 and 6.")
    b = dataclasses.replace(a, id="b.txt", path="b.txt")
    fake = FakeExtract()
    mentions, stats = extract_with_cache([a, b], fake, tmp_path, KEY)
    assert fake.extracted == ["a.txt"]
    assert mentions == expected([a, b])
    assert (stats.hits, stats.misses) == (1, 1)
    fake = FakeExtract()
    assert extract_with_cache([b, a], fake, tmp_path, KEY)[0] == expected([b, a])
    assert fake.calls == []


def test_article_without_mentions_is_cached_too(tmp_path: Path) -> None:
    quiet = article("quiet.txt", "nothing to see here")
    assert extract_with_cache([quiet], FakeExtract(), tmp_path, KEY)[0] == ()
    fake = FakeExtract()
    assert extract_with_cache([quiet], fake, tmp_path, KEY) == ((), CacheStats(1, 0))
    assert fake.calls == []


def test_without_a_cache_folder_it_just_extracts(tmp_path: Path) -> None:
    arts = corpus(3)
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, None, KEY)
    assert mentions == expected(arts) and fake.calls == [[a.id for a in arts]]
    assert stats == CacheStats(hits=0, misses=3)
    assert list(tmp_path.iterdir()) == []


def test_duplicate_ids_bypass_the_cache(tmp_path: Path) -> None:
    arts = [article("same.txt", "One 1."), article("same.txt", "Two 2.")]
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert mentions == expected(arts)
    assert stats.warning and "duplicate" in stats.warning


def test_mentions_of_unknown_articles_pass_through(tmp_path: Path) -> None:
    arts = corpus(2)
    stray = FakeExtract().one(article("elsewhere.txt", "Stray 5."))

    def extract_fn(batch: Sequence[Article]) -> tuple[Mention, ...]:
        return (*expected(batch), *stray)

    mentions, _ = extract_with_cache(arts, extract_fn, tmp_path, KEY)
    assert mentions == (*expected(arts), *stray)
    assert extract_with_cache(arts, FakeExtract(), tmp_path, KEY)[0] == expected(arts)


@dataclasses.dataclass(frozen=True)
class Extraction:
    """The shape of ``api.Extraction``: the articles extracted in full, and mentions."""

    articles: tuple[Article, ...]
    mentions: tuple[Mention, ...]


def test_articles_that_failed_are_not_cached(tmp_path: Path) -> None:
    """An article over its time budget must be retried next run, not cached as empty."""
    arts = corpus(4)
    twin = dataclasses.replace(arts[1], id="twin.txt", path="twin.txt")  # same text
    calls: list[list[str]] = []

    def timing_out(batch: Sequence[Article]) -> Extraction:
        calls.append([a.id for a in batch])
        kept = tuple(a for a in batch if a.id != arts[1].id)
        return Extraction(kept, expected(kept))

    mentions, stats = extract_with_cache([*arts, twin], timing_out, tmp_path, KEY)
    assert mentions == expected([arts[0], arts[2], arts[3]])
    assert stats.failed == (arts[1].id, "twin.txt")
    fake = FakeExtract()
    mentions, stats = extract_with_cache([*arts, twin], fake, tmp_path, KEY)
    assert fake.calls == [[arts[1].id]]  # retried; the rest were cached
    assert mentions == expected([*arts, twin]) and stats.failed == ()


def test_failed_articles_are_reported_without_a_cache_too() -> None:
    arts = corpus(2)

    def none_done(batch: Sequence[Article]) -> Extraction:
        return Extraction((), ())

    assert extract_with_cache(arts, none_done, None, KEY)[1].failed == (arts[0].id, arts[1].id)


# --- keys and versions --------------------------------------------------------------------


def test_new_extractor_version_rebuilds_the_cache(tmp_path: Path) -> None:
    arts = corpus(8)
    extract_with_cache(arts, FakeExtract("1"), tmp_path, "q@1")
    fake = FakeExtract("2")
    mentions, stats = extract_with_cache(arts, fake, tmp_path, "q@2")
    assert stats.rebuilt and stats.warning is None
    assert (stats.hits, stats.misses) == (0, 8)
    assert {m.extractor for m in mentions} == {"q@2", "f@1"}
    with MentionCache.open(tmp_path, "q@2") as cache:
        assert cache.count() == 8 and not cache.rebuilt
    # ... and back: the old key finds nothing it could trust.
    fake = FakeExtract("1")
    _, stats = extract_with_cache(arts, fake, tmp_path, "q@1")
    assert stats.rebuilt and stats.misses == 8


def test_other_schema_version_rebuilds_the_cache(tmp_path: Path) -> None:
    arts = corpus(4)
    extract_with_cache(arts, FakeExtract(), tmp_path, KEY)
    with sqlite3.connect(tmp_path / FILENAME) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE name = 'store'")
    conn.close()
    fake = FakeExtract()
    _, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert stats.rebuilt and stats.misses == 4


def test_cache_key_covers_the_data_tables(tmp_path: Path) -> None:
    table = tmp_path / "units.yaml"
    table.write_text('percent: ["%"]\n')
    before = cache_key("q@1", [table])
    assert before == cache_key("q@1", [table]) and before.startswith("q@1;")
    table.write_text('percent: ["%", "pct"]\n')
    assert cache_key("q@1", [table]) != before
    assert cache_key("q@2", [table]) != cache_key("q@1", [table])


def test_a_process_with_a_stale_key_neither_reads_nor_writes(tmp_path: Path) -> None:
    """Two CI jobs on different extractor versions must not feed each other stale facts."""
    a = article("a.txt", "Story 1.")
    old = MentionCache.open(tmp_path, "q@1")
    new = MentionCache.open(tmp_path, "q@2")  # re-keys the file under the old handle
    assert new.rebuilt  # the file was created under q@1
    new.put_many([(text_key(a), a.id, FakeExtract("2").one(a))])
    assert old.get_many([text_key(a)]) == {}
    assert old.put_many([(text_key(a), a.id, FakeExtract("1").one(a))]) == 0
    assert old.warning and "re-keyed" in old.warning
    old.close()
    assert {m.extractor for m in new.get_many([text_key(a)])[text_key(a)]} == {"q@2", "f@1"}
    new.close()


# --- damage -------------------------------------------------------------------------------


def _warm(tmp_path: Path, n: int = 20) -> list[Article]:
    arts = corpus(n)
    extract_with_cache(arts, FakeExtract(), tmp_path, KEY)
    db = tmp_path / FILENAME
    assert db.exists() and not Path(f"{db}-wal").exists()  # checkpointed on close
    return arts


def _still_correct(tmp_path: Path, arts: list[Article]) -> CacheStats:
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert mentions == expected(arts)
    # ... and the rebuilt cache works: the next run is all hits.
    fake = FakeExtract()
    again, later = extract_with_cache(arts, fake, tmp_path, KEY)
    assert again == expected(arts) and fake.calls == [] and later.warning is None
    return stats


def test_random_bytes_are_rebuilt_with_a_warning(tmp_path: Path) -> None:
    arts = _warm(tmp_path)
    (tmp_path / FILENAME).write_bytes(os.urandom(64 * 1024))
    stats = _still_correct(tmp_path, arts)
    assert stats.rebuilt and stats.misses == len(arts)
    assert stats.warning and "damaged" in stats.warning


@pytest.mark.parametrize("keep", ["half", "most", "100 bytes", "nothing"])
def test_truncated_file_is_rebuilt(tmp_path: Path, keep: str) -> None:
    arts = _warm(tmp_path, 300)
    db = tmp_path / FILENAME
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.truncate(
            {"half": size // 2, "most": size * 9 // 10, "100 bytes": 100, "nothing": 0}[keep]
        )
    stats = _still_correct(tmp_path, arts)
    if keep != "nothing":  # an empty file is simply a new, empty database
        assert stats.rebuilt and stats.warning
    assert stats.misses == len(arts)


def test_garbage_mid_file_is_detected_when_read(tmp_path: Path) -> None:
    """Damage past the pages ``open`` reads surfaces in get_many: rebuilt, not a crash."""
    arts = _warm(tmp_path, 300)
    db = tmp_path / FILENAME
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(size // 4))
    stats = _still_correct(tmp_path, arts)
    assert stats.warning  # damaged pages, or damaged payloads: either way reported
    assert stats.misses > 0


def test_foreign_database_is_rebuilt(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILENAME) as conn:
        conn.execute("CREATE TABLE mentions(id INTEGER, data TEXT)")
        conn.execute("INSERT INTO mentions VALUES (1, 'x')")
    conn.close()
    arts = corpus(3)
    stats = _still_correct(tmp_path, arts)
    assert stats.rebuilt and stats.warning and "did not hold" in stats.warning


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    arts = _warm(tmp_path, 5)
    with sqlite3.connect(tmp_path / FILENAME) as conn:
        conn.execute(
            "UPDATE mentions SET payload = ? WHERE content_hash = ?",
            (b"zbroken", text_key(arts[2])),
        )
    conn.close()
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert mentions == expected(arts)
    assert fake.extracted == [arts[2].id]
    assert stats.warning and "1 damaged" in stats.warning and not stats.rebuilt
    fake = FakeExtract()
    extract_with_cache(arts, fake, tmp_path, KEY)
    assert fake.calls == []  # overwritten with a good entry


def test_unusable_cache_folder_never_fails_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    arts = corpus(3)
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts, fake, blocker, KEY)
    assert mentions == expected(arts) and stats.misses == 3
    assert stats.warning and "cache" in stats.warning


def test_unencodable_mentions_are_returned_but_not_cached(tmp_path: Path) -> None:
    arts = corpus(2)

    def extract_fn(batch: Sequence[Article]) -> tuple[Mention, ...]:
        out = list(expected(batch))
        out[0] = dataclasses.replace(out[0], value=("not", "a", "value"))  # type: ignore[arg-type]
        return tuple(out)

    mentions, stats = extract_with_cache(arts, extract_fn, tmp_path, KEY)
    assert len(mentions) == len(expected(arts))
    assert stats.warning and arts[0].id in stats.warning
    fake = FakeExtract()
    extract_with_cache(arts, fake, tmp_path, KEY)
    assert fake.extracted == [arts[0].id]


# --- MentionCache directly ----------------------------------------------------------------


def test_get_many_takes_more_keys_than_one_query_may_bind(tmp_path: Path) -> None:
    """More hashes than SQLite binds in one statement: found all the same, no warning."""
    limit = sqlite3.connect(":memory:").getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    arts = corpus(20)
    missing = [f"missing-{i}" for i in range(limit)]
    with MentionCache.open(tmp_path, KEY) as cache:
        assert cache.put_many((text_key(a), a.id, FakeExtract().one(a)) for a in arts) == len(arts)
        found = cache.get_many(missing + [text_key(a) for a in arts])
        assert found == {text_key(a): FakeExtract().one(a) for a in arts}
        assert cache.warning is None


def test_get_many_relabels(tmp_path: Path) -> None:
    a = article("a.txt", "Story 5.")
    with MentionCache.open(tmp_path, KEY) as cache:
        cache.put_many([(text_key(a), a.id, FakeExtract().one(a))])
        (got,) = cache.get_many([text_key(a)], relabel={text_key(a): "b.txt"}).values()
        assert got and all(m.article_id == "b.txt" for m in got)
        (got,) = cache.get_many([text_key(a)]).values()
        assert all(m.article_id == "a.txt" for m in got)


def _connect(folder: Path) -> sqlite3.Connection:
    """A connection of another job to the cache file, outside MentionCache."""
    return sqlite3.connect(folder / FILENAME, isolation_level=None)


def test_cache_file_is_in_wal_mode(tmp_path: Path) -> None:
    """Readers never block a writer: WAL is a property of the file, seen by every job."""
    MentionCache.open(tmp_path, KEY).close()
    with contextlib.closing(_connect(tmp_path)) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_writer_gives_up_after_its_timeout_with_a_warning(tmp_path: Path) -> None:
    """A write lock held past ``timeout`` makes a miss and a warning, never an error."""
    a = article("a.txt", "One 1.")
    MentionCache.open(tmp_path, KEY).close()
    with contextlib.closing(_connect(tmp_path)) as other:
        other.execute("BEGIN IMMEDIATE")  # another job, mid-write, for longer than 0.1 s
        with MentionCache.open(tmp_path, KEY, timeout=0.1) as cache:
            assert cache.put_many([(text_key(a), a.id, FakeExtract().one(a))]) == 0
            assert cache.warning and "locked" in cache.warning
        other.execute("ROLLBACK")


def test_writer_waits_for_another_writer(tmp_path: Path) -> None:
    """A write arriving while another job holds the write lock waits, then succeeds."""
    a, b = article("a.txt", "One 1."), article("b.txt", "Two 2.")
    outcome: list[tuple[int, str | None]] = []

    def other_job() -> None:
        with MentionCache.open(tmp_path, KEY) as cache:
            stored = cache.put_many([(text_key(b), b.id, FakeExtract().one(b))])
            outcome.append((stored, cache.warning))

    with MentionCache.open(tmp_path, KEY) as first, contextlib.closing(_connect(tmp_path)) as raw:
        raw.execute("BEGIN IMMEDIATE")  # a job, mid-write
        raw.execute("INSERT INTO mentions VALUES ('x', 'x.txt', X'00')")
        writer = threading.Thread(target=other_job)
        writer.start()
        time.sleep(0.5)
        assert writer.is_alive() and outcome == []  # waiting, not failed
        raw.execute("COMMIT")
        writer.join(timeout=30)
        assert outcome == [(1, None)]
        first.put_many([(text_key(a), a.id, FakeExtract().one(a))])
        found = first.get_many([text_key(a), text_key(b), "x"])
        assert set(found) == {text_key(a), text_key(b)}  # 'x' holds a damaged payload
        assert first.warning and "1 damaged" in first.warning


@pytest.mark.skipif(os.name != "posix", reason="uses fork")
def test_a_job_killed_mid_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    arts = _warm(tmp_path, 5)
    late = [article(f"late{i}.txt", f"Late story {i}: {i} votes.") for i in range(5)]
    pid = os.fork()
    if pid == 0:  # the job that dies: rows inserted, never committed
        raw = _connect(tmp_path)
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(
            "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?)",
            [(text_key(a), a.id, b"zhalf") for a in arts + late],
        )
        os._exit(1)
    os.waitpid(pid, 0)
    fake = FakeExtract()
    mentions, stats = extract_with_cache(arts + late, fake, tmp_path, KEY)
    assert fake.extracted == [a.id for a in late]  # the old rows, intact; no new ones
    assert mentions == expected(arts + late) and stats.warning is None


def _ci_job(folder: str, prefix: str, n: int, barrier: object, results: object) -> None:
    """One CI job: its own articles plus a shared set, written while the other job writes."""
    arts = corpus(n, prefix) + corpus(n, "shared")
    barrier.wait()  # type: ignore[attr-defined]
    for _ in range(3):
        mentions, stats = extract_with_cache(arts, FakeExtract(), Path(folder), KEY)
        ok = mentions == expected(arts) and stats.warning is None and not stats.rebuilt
        results.put((prefix, ok, stats.warning))  # type: ignore[attr-defined]


@pytest.mark.skipif(os.name != "posix", reason="uses fork")
def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(3), ctx.Queue()
    jobs = [
        ctx.Process(target=_ci_job, args=(str(tmp_path), p, 300, barrier, results)) for p in "xyz"
    ]
    for job in jobs:
        job.start()
    outcomes = [results.get(timeout=120) for _ in range(3 * 3)]
    for job in jobs:
        job.join(timeout=60)
        assert job.exitcode == 0
    assert all(ok for _, ok, _ in outcomes), outcomes
    fake = FakeExtract()
    arts = corpus(300, "x") + corpus(300, "y") + corpus(300, "z") + corpus(300, "shared")
    mentions, stats = extract_with_cache(arts, fake, tmp_path, KEY)
    assert fake.calls == [] and mentions == expected(arts) and stats.hits == len(arts)


# --- equivalence with uncached extraction --------------------------------------------------

Edits = list[tuple[str, int]]
EDITS = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "rename", "drop", "dup"]), st.integers(0, 50)),
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=4), st.booleans())
def test_every_run_equals_uncached_extraction(
    runs: list[list[tuple[str, int]]], bump: bool
) -> None:
    """Any sequence of corpus edits between runs: the cache never changes the result."""
    with tempfile.TemporaryDirectory() as folder:
        arts = corpus(6)
        fresh = 0
        for r, edits in enumerate(runs):
            for op, n in edits:
                i = n % len(arts) if arts else 0
                fresh += 1
                if op == "add" or not arts:
                    arts.append(article(f"new{fresh}.txt", f"Added {fresh} with {n} items."))
                elif op == "edit":
                    arts[i] = article(arts[i].id, arts[i].text + f" {n}.")
                elif op == "rename":
                    arts[i] = dataclasses.replace(arts[i], id=f"renamed{fresh}.txt")
                elif op == "drop":
                    del arts[i]
                elif op == "dup":
                    arts.append(dataclasses.replace(arts[i], id=f"copy{fresh}.txt"))
            key = f"q@{r if bump else 0}"
            fake = FakeExtract()
            mentions, stats = extract_with_cache(arts, fake, Path(folder), key)
            assert mentions == expected(arts)
            assert stats.hits + stats.misses == len(arts)
            assert len(set(fake.extracted)) == len(fake.extracted) == stats.misses
