"""Human review of conflicts: the reviews file, every change to it, and the terminal loop.

- ``file``: read the reviews file (parse, check, upgrade older versions);
  ``entry``: the fields of one entry; ``dump``: write the file; ``memo``: what is
  remembered between reads and writes so an unchanged file is not parsed again;
- ``lock``: the lock file beside the reviews file;
- ``session``: every change (record, remove, prune, decide, undo, change_status), each a
  locked, atomic read-change-write; the terminal loop, the CLI and the app all use it;
- ``apply``: reviews meet a run (apply_reviews, resolve_fingerprint, default paths);
- ``terminal``: the interactive terminal triage (imported on its own: it needs Rich).

Callers import from here: ``from factcheck import review`` or
``from factcheck.review import apply_reviews, decide``.
"""

from factcheck.review.apply import (
    DEFAULT_REVIEWS_FILE,
    apply_reviews,
    default_reviewer,
    default_reviews_path,
    resolve_fingerprint,
)
from factcheck.review.dump import dump_reviews
from factcheck.review.entry import FIELDS, VERSION, ReviewsError
from factcheck.review.file import Upgrade, load_reviews, parse_reviews
from factcheck.review.lock import lock_path
from factcheck.review.session import (
    DEFAULT_LOCK_TIMEOUT,
    Decision,
    UndoError,
    change_status,
    decide,
    prune,
    record,
    remove,
    set_status,
    undo,
)

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "DEFAULT_REVIEWS_FILE",
    "FIELDS",
    "VERSION",
    "Decision",
    "ReviewsError",
    "UndoError",
    "Upgrade",
    "apply_reviews",
    "change_status",
    "decide",
    "default_reviewer",
    "default_reviews_path",
    "dump_reviews",
    "load_reviews",
    "lock_path",
    "parse_reviews",
    "prune",
    "record",
    "remove",
    "resolve_fingerprint",
    "set_status",
    "undo",
]
