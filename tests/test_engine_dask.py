"""``--engine dask`` gives what ``--engine local`` gives, on a two-worker cluster.

One ``LocalCluster`` per test module (two single-threaded worker processes over
loopback), reached through ``--scheduler ADDRESS`` as a remote cluster would be. Each
test runs the command line with both engines and compares the whole JSON output, the
standard error and the exit code.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck import api
from factcheck.cli import main
from factcheck.config import Config

distributed = pytest.importorskip(
    "distributed", reason="the dask engine needs the dask extra: pip install -e '.[dask]'"
)
pytest.importorskip("dask.dataframe", reason="the dask engine needs dask[dataframe]")

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev" / "articles"
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def both(scheduler: str, *argv: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """``check ARGV --format json`` with the local engine, then with the dask engine."""
    common = ["check", *argv, "--format", "json", "--no-cache"]
    local = cli(*common, "--engine", "local")
    dask = cli(*common, "--engine", "dask", "--scheduler", scheduler)
    return local, dask


def same(local: tuple[int, str, str], dask: tuple[int, str, str]) -> dict[str, object]:
    assert dask[0] == local[0]
    assert dask[2] == local[2]
    assert json.loads(dask[1]) == json.loads(local[1])
    found: dict[str, object] = json.loads(local[1])
    return found


def test_seeds_same_conflicts_fingerprints_and_exit_code(scheduler: str, seeds_dir: Path) -> None:
    local, dask = both(scheduler, str(seeds_dir))
    found = same(local, dask)
    assert local[0] == 1
    conflicts = found["conflicts"]
    assert isinstance(conflicts, list) and len(conflicts) == 3


@pytest.mark.skipif(not REALDEV.is_dir(), reason="../shared/realdev absent")
def test_realdev_and_our_real_stories_same_result(scheduler: str) -> None:
    """``../shared/realdev`` (five stories in one folder) and our four stories."""
    ours = sorted(str(p / "articles") for p in (ROOT / "tests/fixtures/real").iterdir())
    assert len(ours) >= 4
    local, dask = both(scheduler, str(REALDEV), *ours)
    found = same(local, dask)
    assert found["conflicts"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from make_corpus import generate

    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    generate(1000, folder)
    return folder


def test_thousand_synthetic_articles_same_result(scheduler: str, synthetic: Path) -> None:
    local, dask = both(scheduler, str(synthetic))
    found = same(local, dask)
    articles = found["articles"]
    assert isinstance(articles, list) and len(articles) == 1000


def test_report_same_files(scheduler: str, seeds_dir: Path, tmp_path: Path) -> None:
    """``report`` gathers every fact: the three files are byte for byte the same."""
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / engine
        extra = ["--scheduler", scheduler] if engine == "dask" else []
        code, _, err = cli(
            "report", str(seeds_dir), "-o", str(out), "--no-cache", "--engine", engine, *extra
        )
        assert code == 0, err
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_check_with_the_html_format_keeps_the_facts(
    scheduler: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """``check --format html:FILE`` draws the facts: the dask engine keeps them for it,
    so the page is the local engine's, byte for byte."""
    pages = []
    for engine in ("local", "dask"):
        page = tmp_path / f"{engine}.html"
        extra = ["--scheduler", scheduler] if engine == "dask" else []
        code, _, err = cli(
            "check",
            str(seeds_dir),
            "--format",
            f"html:{page}",
            "--no-cache",
            "--engine",
            engine,
            *extra,
        )
        assert code in (0, 1), err
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]


def test_worker_killed_mid_run_is_retried(scheduler: str, synthetic: Path) -> None:
    """A worker killed after extraction (its persisted articles lost) is restarted by
    its nanny and Dask recomputes what it held: the result does not change."""
    with distributed.Client(scheduler) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if done == 2 and not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    paths = [str(synthetic)]
    dask = api.run(paths, Config(engine="dask", scheduler=scheduler), progress, facts=False)
    local = api.run(paths, Config(jobs=2), facts=False)
    assert killed == [victim]
    assert dask.conflicts == local.conflicts
    assert [f.conflict.id for f in dask.findings] == [f.conflict.id for f in local.findings]
    assert dask.errors == local.errors


def test_bad_files_are_one_coded_error_each(
    scheduler: str, seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in sorted(seeds_dir.glob("*.txt"))[:3]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_bytes(
        "Caf\u00e9 prices rose 5% on March 3, 2025.".encode("cp1252")
    )
    local, dask = both(scheduler, str(folder))
    found = same(local, dask)
    assert local[0] == 2
    lines = dask[2].splitlines()
    assert sum("garbage.txt" in ln and "FC-E004" in ln for ln in lines) == 1
    assert sum("empty.txt" in ln and "FC-E003" in ln for ln in lines) == 1
    assert sum("latin.txt" in ln and "FC-W001" in ln for ln in lines) == 1
    articles = found["articles"]
    assert isinstance(articles, list) and len(articles) == 4


def test_shipped_text_same_result(scheduler: str, seeds_dir: Path, tmp_path: Path) -> None:
    """Workers that cannot see the files get their bytes from the client."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in sorted(seeds_dir.glob("*.txt")):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    common = ["check", str(folder), "--format", "json", "--no-cache"]
    local = cli(*common)
    shipped = cli(*common, "--engine", "dask", "--scheduler", scheduler, "--ship-text")
    same(local, shipped)


def test_scoped_corpus_run_same_result(scheduler: str, seeds_dir: Path, tmp_path: Path) -> None:
    new = sorted(seeds_dir.glob("*.txt"))[1]
    local, dask = both(scheduler, str(new), "--corpus", str(seeds_dir))
    found = same(local, dask)
    assert found["scope"] == [new.name]


def test_claim_store_serves_a_second_run_and_survives_damage(
    scheduler: str, seeds_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    config = Config(engine="dask", scheduler=scheduler, claim_store=str(store))
    local = api.run([seeds_dir], Config(jobs=1), facts=False)
    first = api.run([seeds_dir], config, facts=False)
    second = api.run([seeds_dir], config, facts=False)
    assert dict(first.stats)["cache_hits"] == 0
    assert dict(second.stats)["cache_hits"] == len(local.articles) == 5
    files = sorted(store.glob("key=v*/bucket=*/part-*.parquet"))
    assert files
    for f in files:  # damaged files are misses: everything is extracted afresh
        f.write_bytes(b"not parquet")
    third = api.run([seeds_dir], config, facts=False)
    assert dict(third.stats)["cache_hits"] == 0
    # The damaged files stay, but no longer hide the rows written after them.
    fourth = api.run([seeds_dir], config, facts=False)
    assert dict(fourth.stats)["cache_hits"] == 5
    for result in (first, second, third, fourth):
        assert result.conflicts == local.conflicts
        assert result.errors == local.errors


def test_nothing_readable_same_result(scheduler: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    local, dask = both(scheduler, str(tmp_path / "nosuch"), str(tmp_path / "empty"))
    same(local, dask)
    assert local[0] == 2
    assert "FC-E001" in dask[2] and "FC-E002" in dask[2]


def test_claim_store_key_folders_never_share_rows(tmp_path: Path) -> None:
    """Another version, rules table or stage source (another key) never reads a row."""
    from factcheck.store.parquet import ParquetStore

    old = ParquetStore(str(tmp_path), "factcheck 0.1.0;data=aaaa")
    new = ParquetStore(str(tmp_path), "factcheck 0.1.0;data=bbbb")
    old.put({"a1": b"x", "f2": b"y"})
    assert old.get({"a1", "f2", "00"}) == {"a1": b"x", "f2": b"y"}
    assert new.get({"a1", "f2"}) == {}
    assert old.root != new.root and Path(old.root).is_dir() and not Path(new.root).exists()
