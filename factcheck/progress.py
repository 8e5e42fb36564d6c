"""A Rich progress bar for long runs that stays out of the way otherwise.

The bar appears only on a terminal and only for runs of at least ``min_total`` articles,
so short runs, pipes, CI logs and redirected output see nothing. It is transient: once
the run ends it is erased and leaves the terminal as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

MIN_TOTAL = 200


@contextmanager
def rich_progress(
    stream: TextIO,
    *,
    min_total: int = MIN_TOTAL,
    description: str = "extracting",
    force_terminal: bool | None = None,
) -> Iterator[Callable[[int, int], None]]:
    """Yield ``update(done, total)``; the bar starts on the first update of a long run."""
    console = Console(file=stream, force_terminal=force_terminal)
    bar: Progress | None = None
    task: TaskID | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < min_total or not console.is_terminal:
                return
            bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            task = bar.add_task(description, total=total)
        assert task is not None
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
