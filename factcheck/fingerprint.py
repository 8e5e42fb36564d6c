"""Stable ids for conflicts.

A fingerprint hashes the rule id and the normalised facts a check names as the
conflict's identity (article ids, measures, values, names). It never includes offsets,
line numbers or whole sentences, so it survives re-runs, file re-ordering, white-space
edits and unrelated edits elsewhere in an article, and changes when a conflicting fact
changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def normalise(part: str) -> str:
    return " ".join(part.split()).casefold()


def fingerprint(rule_id: str, identity: Iterable[str]) -> str:
    payload = "\x1f".join([rule_id, *(normalise(p) for p in identity)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
