"""What the triage app holds: one loaded run, and the reviews file as it is on disk now.

The articles are read and compared once, at start-up. The reviews file is not held:
every read hashes the file's bytes and parses it again when they changed, so a file
edited by hand, by ``factcheck review`` or by ``git pull`` meanwhile is what the app
shows and what the next decision is added to. Every decision goes through
``factcheck.review`` (lock, re-read, atomic write), exactly as ``factcheck review``.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from factcheck import review
from factcheck.charts import Pictures, conflict_dotplots, draw, prepare
from factcheck.charts.aligned import Source, key_of, statuses
from factcheck.model import Conflict, Finding, Mention, Review, RunResult, Status
from factcheck.review import Decision, UndoError
from factcheck.rules import Rule

# One decide/undo for the app and the terminal triage: ``review.change_status``/``undo``.
__all__ = ["Decision", "ServeState", "Snapshot", "UndoError", "rule_params"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The run paired with one version of the reviews file."""

    digest: str
    findings: tuple[Finding, ...]
    stale: tuple[Review, ...]
    index: Mapping[str, Finding]
    status: Mapping[str, str]


class ServeState:
    """The loaded run, the reviews file and the undo stack, safe to share between threads."""

    def __init__(
        self,
        result: RunResult,
        reviews_path: Path,
        reviewer: str,
        *,
        rules: Mapping[str, Rule] | None = None,
        today: date | None = None,
    ) -> None:
        self.result = result
        self.reviews_path = Path(reviews_path)
        self.reviewer = reviewer
        self.rules: Mapping[str, Rule] = dict(rules or {})
        self.today = today
        self.conflicts: tuple[Conflict, ...] = result.conflicts
        self.by_id: dict[str, Conflict] = {c.id: c for c in self.conflicts}
        self.articles = {a.id: a for a in result.articles}
        # Grouping claims for the pictures does not depend on reviews: done once, here.
        self.charts = prepare(result)
        self.sources: tuple[Source, ...] = self.charts.sources
        self.labels = dict(self.charts.labels)
        self.mentions: dict[tuple[str, int, int], Mention] = {key_of(m): m for m in result.mentions}
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._pictures: tuple[str, Pictures] | None = None
        self._undo: list[Decision] = []

    # --- reading -------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The findings paired with the reviews file as it is on disk right now.

        Raises ``ReviewsError`` when the file does not parse; nothing is written then.
        """
        try:
            data = self.reviews_path.read_bytes()
        except FileNotFoundError:
            data = b""
        except OSError as exc:
            raise review.ReviewsError(f"{self.reviews_path}: cannot read: {exc}") from exc
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            if self._snapshot is not None and self._snapshot.digest == digest:
                return self._snapshot
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise review.ReviewsError(f"{self.reviews_path}: not UTF-8: {exc}") from exc
            loaded = review.parse_reviews(text, str(self.reviews_path)) if text else {}
            findings, stale = review.apply_reviews(self.conflicts, loaded)
            index = {f.conflict.id: f for f in findings}
            self._snapshot = Snapshot(digest, findings, stale, index, statuses(findings))
            return self._snapshot

    def pictures(self) -> Pictures:
        """The pictures for the current reviews (a dismissed conflict marks nothing)."""
        snap = self.snapshot()
        with self._lock:
            if self._pictures is None or self._pictures[0] != snap.digest:
                self._pictures = (snap.digest, draw(self.charts, snap.findings))
            return self._pictures[1]

    def dotplots(self, fingerprint: str) -> tuple[Markup, ...]:
        """The dot plots beside one conflict, marked by the reviews as they are now."""
        return conflict_dotplots(self.charts, fingerprint, self.snapshot().status)

    def counts(self) -> dict[str, int]:
        """How many conflicts are new, confirmed, dismissed, explained: the header line."""
        counts = dict.fromkeys(("new", *(s.value for s in Status)), 0)
        for f in self.snapshot().findings:
            counts[f.status] += 1
        return counts

    def finding(self, fingerprint: str) -> Finding | None:
        return self.snapshot().index.get(fingerprint)

    @property
    def can_undo(self) -> bool:
        with self._lock:
            return bool(self._undo)

    # --- writing -------------------------------------------------------------------

    def decide(self, fingerprint: str, status: Status | str, note: str = "") -> Review:
        """Save one decision now, through ``review.change_status``; it can be undone."""
        conflict = self.by_id.get(fingerprint)
        if conflict is None:
            raise KeyError(fingerprint)
        with self._lock:
            decision = review.change_status(
                self.reviews_path,
                fingerprint,
                status,
                note,
                self.reviewer,
                conflict.kind.value,
                conflict.summary,
                today=self.today,
            )
            self._undo.append(decision)
            return decision.after

    def undo(self) -> Decision:
        """Take back the last decision made in this app, unless it changed on disk since.

        The previous review is restored (or the entry removed when there was none);
        a decision someone else changed meanwhile is left alone and reported, and
        dropped from the undo stack. Check and write happen under one lock hold
        (``review.undo``).
        """
        with self._lock:
            if not self._undo:
                raise UndoError("nothing to undo")
            last = self._undo[-1]
            try:
                review.undo(self.reviews_path, last)
            except UndoError:
                self._undo.pop()  # it can never be undone now
                raise
            self._undo.pop()  # kept when the file was locked or broken: try again later
            return last


def rule_params(rule: Rule | None) -> list[tuple[str, str]]:
    """A rule's parameters as (name, value) text pairs, for the evidence trace."""
    if rule is None:
        return []
    params: Any = rule.params
    fields = getattr(params, "__dataclass_fields__", None)
    if fields is None:
        return [("params", str(params))] if params else []
    out = []
    for name in fields:
        value = getattr(params, name)
        if isinstance(value, tuple):
            value = ", ".join(str(v) for v in value)
        out.append((name, str(value)))
    return out
