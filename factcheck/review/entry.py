"""One entry of the reviews file: its fields, how a loaded one is checked, how one is written.

The loader (``file``) and the writer (``dump``) both go through here, and a save
(``session``) checks each changed entry with ``read_entry(entry_dict(review))``, so what
is written can always be read back.
"""

from __future__ import annotations

import contextlib
import difflib
from datetime import date

from yaml.nodes import MappingNode, Node, ScalarNode

from factcheck.model import Review, Status

__all__ = [
    "FIELDS",
    "VERSION",
    "ReviewsError",
    "entry_dict",
    "key_line",
    "line_of",
    "read_entry",
    "value_node",
]

VERSION = 1

FIELDS = ("fingerprint", "kind", "summary", "status", "note", "reviewer", "date")
_REQUIRED = ("fingerprint", "status")


class ReviewsError(ValueError):
    """The reviews file cannot be read, locked or changed; the message names the file."""


# --- where a node is ---------------------------------------------------------------


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def value_node(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def key_line(mapping: Node, key: str) -> int:
    if isinstance(mapping, MappingNode):
        for k, _v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return line_of(k)
    return line_of(mapping)


# --- one entry, read and written -------------------------------------------------


def read_entry(raw: object, node: Node | None, source: str) -> Review:
    def fail(message: str, key: str | None = None) -> ReviewsError:
        target = None
        if node is not None:
            target = (value_node(node, key) if key else None) or node
        where = f"{source}:{line_of(target)}" if target is not None else source
        return ReviewsError(f"{where}: {message}")

    if not isinstance(raw, dict):
        raise fail("each review must be a mapping of " + ", ".join(FIELDS))
    for key in raw:
        if key not in FIELDS:
            hint = difflib.get_close_matches(str(key), FIELDS, n=1)
            suffix = f"; did you mean {hint[0]!r}?" if hint else ""
            target = key_line(node, str(key)) if node is not None else 0
            raise ReviewsError(f"{source}:{target or '?'}: unknown review key {key!r}{suffix}")
    for key in _REQUIRED:
        if key not in raw or raw[key] in ("", None):
            raise fail(f"review is missing {key!r}")
    values: dict[str, str] = {}
    for key in FIELDS:
        value = raw.get(key, "")
        if isinstance(value, date):  # a loader with the default resolvers gives dates
            value = value.isoformat()
        if not isinstance(value, str):
            raise fail(f"{key!r} must be text, got {type(value).__name__}", key)
        values[key] = value
    fingerprint = values["fingerprint"].strip()
    if not fingerprint or any(ch.isspace() for ch in fingerprint):
        raise fail(f"invalid fingerprint {values['fingerprint']!r}", "fingerprint")
    try:
        status = Status(values["status"].strip().lower())
    except ValueError:
        choices = [s.value for s in Status]
        hint = difflib.get_close_matches(values["status"].strip().lower(), choices, n=1)
        suffix = f"; did you mean {hint[0]!r}?" if hint else ""
        raise fail(
            f"invalid status {values['status']!r} (one of {', '.join(choices)}){suffix}", "status"
        ) from None
    day = values["date"].strip()
    if day:
        try:
            day = date.fromisoformat(day).isoformat()
        except ValueError:
            raise fail(f"invalid date {values['date']!r} (expected YYYY-MM-DD)", "date") from None
    return Review(
        fingerprint=fingerprint,
        kind=values["kind"],
        summary=values["summary"],
        status=status,
        note=values["note"],
        reviewer=values["reviewer"],
        date=day,
    )


def entry_dict(review: Review) -> dict[str, object]:
    day: object = review.date
    with contextlib.suppress(ValueError):
        # a real date object is written unquoted (2024-05-01, not '2024-05-01')
        day = date.fromisoformat(review.date) if review.date else ""
    return {
        "fingerprint": review.fingerprint,
        "kind": review.kind,
        "summary": review.summary,
        "status": review.status.value,
        "note": review.note,
        "reviewer": review.reviewer,
        "date": day,
    }
