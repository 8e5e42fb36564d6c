"""One frozen configuration object for a run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run depends on besides its input paths.

    ``reviews`` is the reviewed-findings file to apply (None: apply none).
    ``cache_dir`` holds the extraction cache (None: extract everything afresh).
    """

    rules_dir: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    preview: bool = False
    max_bytes: int = 5_000_000
    jobs: int = 0  # 0 = one worker per core for large corpora
    min_confidence: float = 0.0
    parallel_threshold: int = 40  # articles below this are extracted in-process
    time_budget: float = 20.0  # seconds per article before it is reported and skipped
    reviews: Path | None = None
    cache_dir: Path | None = None
