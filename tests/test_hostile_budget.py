"""The per-article time budget: an article that takes too long is reported (FC-E013) and
skipped, in-process, in the process pool and from a thread, and the rest is kept."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from pathlib import Path

import pytest

from factcheck.api import Extraction, extract_articles
from factcheck.budget import BudgetExceeded, time_budget
from factcheck.cli import ExitCode, main
from factcheck.config import Config
from factcheck.ingest import read_text_article
from factcheck.model import Article

BUDGET = 0.5


def _small(i: int) -> Article:
    text = f"China controls {i}% of global production, the ministry said on Monday."
    return read_text_article(text, f"small-{i}.txt")


@pytest.fixture(scope="module")
def slow() -> Article:
    """A real article that takes seconds to extract: thousands of dense, fact-laden lines."""
    text = " ".join(
        f"President Vladimir Putin said {i}% of March {i % 28 + 1}, 2020 exports rose."
        for i in range(6000)
    )
    return read_text_article(text, "slow.txt")


def _check(done: Extraction) -> None:
    """The slow article was cut off by the budget (FC-E013), not extracted: had the
    budget not fired it would be among the articles, with no error."""
    assert [a.id for a in done.articles] == ["small-1.txt", "small-2.txt", "small-3.txt"]
    assert [(e.path, e.code, e.fatal) for e in done.errors] == [("slow.txt", "FC-E013", True)]
    assert done.errors[0].message == (
        f"time budget exceeded: exceeded the {BUDGET:g} s time budget; article skipped"
    )
    assert {m.article_id for m in done.mentions} == {"small-1.txt", "small-2.txt", "small-3.txt"}


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "process-pool"])
def test_over_budget_article_is_reported_not_waited_for(slow: Article, jobs: int) -> None:
    articles = [_small(1), slow, _small(2), _small(3)]
    config = Config(jobs=jobs, parallel_threshold=1, time_budget=BUDGET)
    _check(extract_articles(articles, config))


def test_budget_works_from_a_thread(slow: Article) -> None:
    """A library caller on a worker thread (no SIGALRM there) still gets the budget."""
    box: list[Extraction] = []
    articles = [_small(1), slow, _small(2), _small(3)]
    worker = threading.Thread(
        target=lambda: box.append(extract_articles(articles, Config(jobs=1, time_budget=BUDGET)))
    )
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive() and box
    _check(box[0])


def test_cli_reports_the_article_and_exits_2(tmp_path: Path, slow: Article) -> None:
    (tmp_path / "slow.txt").write_text(slow.raw, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(_small(1).raw, encoding="utf-8")
    out = io.StringIO()
    argv = ["check", str(tmp_path), "--time-budget", str(BUDGET), "--format", "json"]
    code = main([*argv, "--jobs", "1", "--no-cache"], out, io.StringIO())
    assert code == ExitCode.USAGE
    data = json.loads(out.getvalue())
    assert [a["id"] for a in data["articles"]] == ["fine.txt"]
    assert [(e["path"], e["code"]) for e in data["errors"]] == [
        (str(tmp_path / "slow.txt"), "FC-E013")
    ]


def _busy(seconds: float) -> None:
    """Pure Python work that swallows every ``Exception``, as careless library code does."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            sum(range(1000))
        except Exception:  # swallowing everything is the point of the test
            continue


@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "other-thread"])
def test_except_exception_cannot_swallow_the_budget(in_thread: bool) -> None:
    caught: list[BudgetExceeded] = []

    def body() -> None:
        # _busy(30) returns normally if the budget is swallowed: then nothing is caught.
        try:
            with time_budget(0.2):
                _busy(30)
        except BudgetExceeded as exc:
            caught.append(exc)

    if in_thread:
        t = threading.Thread(target=body)
        t.start()
        t.join(timeout=60)
    else:
        body()
    assert caught


@pytest.mark.timeout(120)  # not interrupted, the match runs for days: a hang, not a pass
def test_long_regex_match_is_interrupted() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")  # catastrophic backtracking


def test_budgets_nest_without_cancelling_each_other() -> None:
    # A longer inner budget does not extend the outer one: the message names which fired
    # (had none fired, _busy(30) would return and pytest.raises fail).
    with pytest.raises(BudgetExceeded, match=r"0\.3 s"), time_budget(0.3), time_budget(30):
        _busy(30)
    with pytest.raises(BudgetExceeded, match=r"0\.6 s"), time_budget(0.6):
        with pytest.raises(BudgetExceeded, match=r"0\.1 s"), time_budget(0.1):
            _busy(30)
        _busy(30)  # the outer budget still runs after the inner one ended


def test_no_budget_and_a_finished_block_leave_no_alarm() -> None:
    with time_budget(0):
        _busy(0.05)
    with time_budget(0.2):
        pass
    _busy(0.5)  # a stray alarm from the block above would raise here


def test_an_interruption_ignored_in_a_destructor_is_not_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The interpreter ignores an exception raised in a destructor and reports it as
    "Exception ignored in ..."; for the budget's own interruption (the timer fires
    again) that report is noise on a user's terminal. Any other report still goes out."""
    import gc
    import sys

    seen: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_type))

    class Raises:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def __del__(self) -> None:
            raise self.exc

    with time_budget(60):
        Raises(BudgetExceeded("late"))
        Raises(ValueError("a real problem"))
        gc.collect()
    assert seen == [ValueError]
