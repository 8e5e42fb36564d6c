"""What the reviews file code remembers between calls: the last text parsed, the entries written."""

from __future__ import annotations

from collections.abc import Mapping

from factcheck.model import Review

__all__ = ["MEMO"]


class _Memo:
    """The last text parsed and the last entries written, per reviews file.

    NOTE: keyed by the file's content, not its modification time and size: a decision
    changed from "confirmed" to "dismissed" within one timestamp tick keeps the size
    and may keep the mtime, while comparing the bytes (about a millisecond for a
    10,000-entry file) is never wrong. So the memo can never be stale and nothing has
    to clear it; it only saves the parse when the file has not changed.
    """

    def __init__(self) -> None:
        self.parsed: dict[str, tuple[str, dict[str, Review]]] = {}
        self.entry_text: dict[Review, str] = {}
        self.text_entry: dict[str, Review] = {}  # the same, the other way round

    def get(self, source: str, text: str) -> dict[str, Review] | None:
        hit = self.parsed.get(source)
        return dict(hit[1]) if hit is not None and hit[0] == text else None

    def put(self, source: str, text: str, reviews: Mapping[str, Review]) -> None:
        if len(self.parsed) >= 8 and source not in self.parsed:
            self.parsed.pop(next(iter(self.parsed)))
        self.parsed[source] = (text, dict(reviews))


MEMO = _Memo()
