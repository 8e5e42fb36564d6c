"""A per-article time budget, so one pathological article cannot stall a run.

Uses a POSIX interval timer (SIGALRM) where one is available and we are on the main
thread of the process (always true in pool workers); elsewhere the budget is not
enforced and the call simply runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class BudgetExceeded(Exception):
    """Raised inside the budgeted block when its time runs out."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    if seconds <= 0 or not _can_alarm():
        yield
        return

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(f"exceeded the {seconds:g} s time budget")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
