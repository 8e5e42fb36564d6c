"""A per-article time budget, so one pathological article cannot stall a run.

``time_budget(seconds)`` raises ``BudgetExceeded`` inside the block once its time is
up. How it interrupts the block:

- On the main thread of a process (the CLI, and every worker of the process pool,
  which runs its tasks on its main thread) a POSIX interval timer (``SIGALRM``)
  raises the exception from the signal handler. Long regular-expression matches
  check for signals, so they are interrupted too.
- On any other thread (a library caller running factcheck from a thread) a timer
  thread raises the exception asynchronously in the budgeted thread
  (``PyThreadState_SetAsyncExc``). That interrupts Python code, not one long call
  into C.

NOTE: ``BudgetExceeded`` derives from ``BaseException``, not ``Exception``, so that a
``try/except Exception`` around a library call inside the block (quantulum3 is
wrapped that way) cannot swallow it. The timer also fires again every
``_REFIRE`` seconds until the block ends, in case something swallows it anyway: the
interpreter does when the exception lands in a destructor or a garbage-collector
callback, and the "Exception ignored" report it would print for that is silenced.
Budgets nest: an inner budget never extends or cancels an outer one.
"""

from __future__ import annotations

import ctypes
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["BudgetExceeded", "time_budget"]

_REFIRE = 0.25  # seconds between repeated interruptions once the budget is spent


class BudgetExceeded(BaseException):
    """Raised inside the budgeted block when its time runs out."""

    default = "exceeded the time budget"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the block with at most ``seconds`` of wall-clock time (0 or less: no limit)."""
    if seconds <= 0:
        yield
        return
    _quiet_when_ignored()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm_budget(seconds):
            yield
    else:
        with _thread_budget(seconds):
            yield


def _quiet_when_ignored() -> None:
    """Install, once, an ``sys.unraisablehook`` that drops the report of a budget
    interruption the interpreter ignored (the timer fires again); every other report
    goes to the hook that was there before."""
    if getattr(sys.unraisablehook, "_factcheck_budget", False):
        return
    previous = sys.unraisablehook

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        kind = unraisable.exc_type
        if kind is not None and issubclass(kind, BudgetExceeded):
            return
        previous(unraisable)

    hook._factcheck_budget = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


@contextmanager
def _alarm_budget(seconds: float) -> Iterator[None]:
    message = _message(seconds)

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(message)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _expired)
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    # An enclosing budget that ends sooner keeps its own deadline.
    own = outer_delay == 0 or seconds < outer_delay
    if own:
        signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE)
    else:
        signal.signal(signal.SIGALRM, previous)
    try:
        yield
    finally:
        if own:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer_delay:
                # Give the enclosing budget what is left of its time (at least a tick,
                # so an outer budget that ran out meanwhile still fires).
                left = max(outer_delay - (time.monotonic() - started), 1e-3)
                signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


@contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    # The exception is raised as a class, so the message travels as a class attribute.
    expired = type("BudgetExceeded", (BudgetExceeded,), {"default": _message(seconds)})
    target = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()

    def _watch() -> None:
        delay = seconds
        while not done.wait(delay):
            with lock:
                if done.is_set():
                    return
                _async_raise(target, expired)
            delay = _REFIRE

    watcher = threading.Thread(target=_watch, name="factcheck-time-budget", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            _async_raise(target, None)  # drop an interruption not yet delivered
        watcher.join()


def _message(seconds: float) -> str:
    return f"exceeded the {seconds:g} s time budget"


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )
