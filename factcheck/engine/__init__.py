"""Engines: where a run's extraction and comparison happen.

``local`` is ``factcheck.api`` itself (a process pool on this machine, the SQLite
cache). ``dask`` (``factcheck.engine.dask``) spreads the same stages over a Dask
cluster; it is imported only when chosen, so the default install never imports dask.
"""

from __future__ import annotations

from factcheck.errors import ENGINE_MISSING, MESSAGES, SCHEDULER_UNREACHABLE, one_line

__all__ = ["ENGINE_MISSING", "SCHEDULER_UNREACHABLE", "EngineError"]


class EngineError(Exception):
    """An engine that cannot run at all (not installed, no scheduler): a usage error
    for the whole run, not a problem with one input file."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code} {MESSAGES[code]}: {one_line(detail, 400)}")
        self.code = code
        self.detail = detail
