"""Every change to the reviews file: one locked, atomic read-change-write per decision.

The terminal triage (``terminal``), ``factcheck review --set``/``--prune`` and the app
(``factcheck.serve.state``) all decide, undo and prune here, so each decision is on disk
as soon as it is made, and two processes saving at once both keep their decisions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from factcheck.fsutil import atomic_write
from factcheck.model import Review, Status
from factcheck.review.dump import dump_reviews
from factcheck.review.entry import ReviewsError, entry_dict, read_entry
from factcheck.review.file import load_reviews
from factcheck.review.lock import locked
from factcheck.review.memo import MEMO

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "Decision",
    "UndoError",
    "change_status",
    "decide",
    "prune",
    "record",
    "remove",
    "set_status",
    "undo",
]

DEFAULT_LOCK_TIMEOUT = 10.0

_T = TypeVar("_T")


class UndoError(ReviewsError):
    """A decision cannot be taken back: its entry changed on disk since it was made."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One saved decision, as it can be undone: the entry before it and the one saved."""

    fingerprint: str
    before: Review | None
    after: Review


def _update(path: Path, change: Callable[[dict[str, Review]], _T], timeout: float) -> _T:
    """Lock, re-read from disk, apply ``change`` in place, write atomically if changed.

    Re-reading under the lock keeps decisions another process saved meanwhile. If the
    file does not parse, ``load_reviews`` raises before anything is written.

    The slow part of a large file, parsing it and writing out every entry, is done
    first, outside the lock; under the lock the file is read again and parsed only if
    someone changed it in between, so the lock is held for the read-check-write alone
    and many writers at once each wait for milliseconds, not seconds.
    """
    path = Path(path)
    with contextlib.suppress(ReviewsError):  # raised again, under the lock, if it persists
        dump_reviews(load_reviews(path).values())
    with locked(path, timeout):
        reviews = load_reviews(path)
        before = dict(reviews)
        result = change(reviews)
        if reviews != before:
            for key, review in reviews.items():
                if before.get(key) != review:
                    _check_writable(key, review, str(path))
            text = dump_reviews(reviews.values())
            atomic_write(path, text)
            MEMO.put(str(path), text, reviews)
        return result


def _check_writable(key: str, review: Review, source: str) -> None:
    """Refuse an entry the loader would reject or read back differently.

    NOTE: ``review --set "fc4cb06d 65220929"`` used to be saved, and every later run
    then failed on the file; the loader's own rules (``read_entry``) decide here, before
    anything is written, so what is saved can always be read back.
    """
    if not key or key != key.strip() or any(ch.isspace() for ch in key):
        raise ReviewsError(f"not saved: invalid fingerprint {key!r} (no spaces, tabs or newlines)")
    try:
        loaded = read_entry(entry_dict(review), None, source)
    except ReviewsError as exc:
        raise ReviewsError(f"not saved: {exc}") from None
    if loaded != review or key != review.fingerprint:
        raise ReviewsError(
            f"{source}: not saved: the entry for {review.fingerprint!r} would read back "
            f"as {loaded.fingerprint!r}"
        )


def record(path: Path, review: Review, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
    """Save one decision now: insert or replace the entry for ``review.fingerprint``."""

    def upsert(reviews: dict[str, Review]) -> None:
        reviews[review.fingerprint] = review

    _update(path, upsert, timeout)


def remove(path: Path, fingerprint: str, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Review | None:
    """Delete the decision for ``fingerprint`` (undo); returns it, or None if absent."""

    def drop(reviews: dict[str, Review]) -> Review | None:
        return reviews.pop(fingerprint, None)

    return _update(path, drop, timeout)


def prune(
    path: Path, live: Collection[str], *, timeout: float = DEFAULT_LOCK_TIMEOUT
) -> tuple[Review, ...]:
    """Delete reviews whose fingerprint is not in ``live``; returns them by fingerprint.

    ``live`` must be every conflict id of a complete run: ids missing because an
    article failed to load or a rule was disabled would lose their decisions.
    """
    keep = set(live)

    def drop_stale(reviews: dict[str, Review]) -> tuple[Review, ...]:
        stale = tuple(reviews[fp] for fp in sorted(reviews) if fp not in keep)
        for review in stale:
            del reviews[review.fingerprint]
        return stale

    return _update(path, drop_stale, timeout)


def decide(path: Path, review: Review, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Decision:
    """Save one decision now and return it with the entry it replaced, for ``undo``.

    The entry replaced is read under the same lock hold as the write, so ``before`` is
    what was on disk at that moment, including a decision another process saved since
    this one last read the file. The terminal triage and the app both decide here.
    """
    return _decide(path, review.fingerprint, lambda _old: review, timeout)


def undo(path: Path, decision: Decision, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Review | None:
    """Take ``decision`` back: restore the entry before it, or remove the one it added.

    Checked and written under one lock hold: when the entry on disk is no longer
    ``decision.after`` (someone changed or removed it since), nothing is written and
    ``UndoError`` says so, so a decision saved meanwhile is never lost. Returns the
    entry restored (None when the decision had added it).
    """
    fingerprint = decision.fingerprint

    def restore(reviews: dict[str, Review]) -> Review | None:
        if reviews.get(fingerprint) != decision.after:
            raise UndoError(
                f"the decision on {fingerprint} changed in {path} since it was made; not undone"
            )
        if decision.before is None:
            del reviews[fingerprint]
        else:
            reviews[fingerprint] = decision.before
        return decision.before

    return _update(path, restore, timeout)


def _decide(
    path: Path, fingerprint: str, build: Callable[[Review | None], Review], timeout: float
) -> Decision:
    def upsert(reviews: dict[str, Review]) -> Decision:
        before = reviews.get(fingerprint)
        after = build(before)
        reviews[fingerprint] = after
        return Decision(fingerprint, before, after)

    return _update(path, upsert, timeout)


def set_status(
    path: Path,
    fingerprint: str,
    status: Status | str,
    note: str,
    reviewer: str,
    kind: str = "",
    summary: str = "",
    *,
    today: date | None = None,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Review:
    """Record ``status`` for one fingerprint (``factcheck review --set FP STATUS``).

    ``fingerprint`` must be complete (see ``resolve_fingerprint``). An empty ``kind``
    or ``summary`` keeps the one already on file. ``explained`` needs a note.
    Returns the review as saved.
    """
    return change_status(
        path, fingerprint, status, note, reviewer, kind, summary, today=today, timeout=timeout
    ).after


def change_status(
    path: Path,
    fingerprint: str,
    status: Status | str,
    note: str,
    reviewer: str,
    kind: str = "",
    summary: str = "",
    *,
    today: date | None = None,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Decision:
    """``set_status``, returning the whole ``Decision`` so it can be undone."""
    try:
        status = Status(str(status).strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ReviewsError(f"invalid status {status!r} (one of {choices})") from None
    if status is Status.EXPLAINED and not note.strip():
        raise ReviewsError("status 'explained' needs a note (--note)")
    day = (today or date.today()).isoformat()

    def build(old: Review | None) -> Review:
        return Review(
            fingerprint=fingerprint,
            kind=kind or (old.kind if old else ""),
            summary=summary or (old.summary if old else ""),
            status=status,
            note=note,
            reviewer=reviewer,
            date=day,
        )

    return _decide(path, fingerprint, build, timeout)
