"""Reviews meet a run: pair conflicts with their reviews, find a conflict by prefix,
and where the reviews file and the reviewer's name come from when none is given."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from factcheck.model import Conflict, Finding, Review
from factcheck.review.entry import ReviewsError

__all__ = [
    "DEFAULT_REVIEWS_FILE",
    "apply_reviews",
    "default_reviewer",
    "default_reviews_path",
    "resolve_fingerprint",
]

DEFAULT_REVIEWS_FILE = "factcheck-reviews.yaml"


def apply_reviews(
    conflicts: Sequence[Conflict], reviews: Mapping[str, Review]
) -> tuple[tuple[Finding, ...], tuple[Review, ...]]:
    """Pair each conflict with its review, in conflict order, and list stale reviews.

    A stale review matches no conflict of this run (the conflict was fixed, or its
    facts changed so its fingerprint did). Stale reviews are returned sorted by
    fingerprint, never dropped; ``prune`` removes them from the file.
    """
    findings = tuple(Finding(c, reviews.get(c.id)) for c in conflicts)
    live = {c.id for c in conflicts}
    stale = tuple(reviews[fp] for fp in sorted(reviews) if fp not in live)
    return findings, stale


def resolve_fingerprint(prefix: str, ids: Iterable[str]) -> str:
    """The one id in ``ids`` that equals or starts with ``prefix`` (case-insensitive)."""
    wanted = prefix.strip().lower()
    if not wanted:
        raise ReviewsError("empty fingerprint")
    unique = sorted(set(ids))
    if wanted in unique:
        return wanted
    matches = [i for i in unique if i.lower().startswith(wanted)]
    if not matches:
        raise ReviewsError(f"no conflict id starts with {prefix!r}")
    if len(matches) > 1:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise ReviewsError(
            f"fingerprint prefix {prefix!r} is ambiguous ({len(matches)} conflicts: {shown}); "
            "give more characters"
        )
    return matches[0]


def default_reviews_path(
    paths: Sequence[str | Path], corpus: Sequence[str | Path] = (), cwd: Path | None = None
) -> Path:
    """Where the reviews file lives when none is named: at the corpus root.

    The corpus root is the ``--corpus`` folder, else the one folder given as input,
    else the current directory (the repository root in CI).
    """
    for group in (corpus, paths):
        folders = [Path(p) for p in group if Path(p).is_dir()]
        if len(folders) == 1 and len(folders) == len(group):
            return folders[0] / DEFAULT_REVIEWS_FILE
    return (cwd or Path.cwd()) / DEFAULT_REVIEWS_FILE


def default_reviewer(env: Mapping[str, str], *, cwd: Path | None = None) -> str:
    """``git config user.name`` (run with ``env``), else ``$USER``, else ``"unknown"``."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "config", "user.name"],
            env=dict(env),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        name = done.stdout.strip()
        if done.returncode == 0 and name:
            return name
    for var in ("USER", "LOGNAME", "USERNAME"):
        value = env.get(var, "").strip()
        if value:
            return value
    return "unknown"
