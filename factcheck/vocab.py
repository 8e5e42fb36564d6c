"""The run's vocabulary: every table at the top of a rules folder, read once.

Each stage takes its part of one ``Vocabulary`` value: ingest ``boilerplate.yaml``,
extract ``titles.yaml``, ``aliases.yaml``, ``dates.yaml`` and ``units.yaml``, align
``officeholders.yaml``, ``events.yaml``, ``frames.yaml`` and ``measures.yaml``, the
checks ``checks.yaml`` (through ``rules.load_rules``). ``load_vocabulary`` reads a
folder once per process and hands out the same value until a table changes, so every
stage of a run (and every lexicon, reader and table built from it) sees one reading.

Only the folder's top-level ``*.yaml`` files are vocabulary: that is also what the
cache key hashes (``api.index_key``, the shipped tables included), so a word added
anywhere here rebuilds the cache. A user's folder written by an older factcheck gets
what this version added to the tables (``ADDED``) from the shipped ones. Rule
packs (``packs/``) bind checks to parameters and are read by
``factcheck.rules``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from factcheck.resources import RulesDataError, default_rules_dir, load_table

__all__ = ["Vocabulary", "load_vocabulary"]


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    """The parsed tables of one rules folder, by file name ("titles.yaml").

    Compared and hashed by identity: values built from a vocabulary (a lexicon, a
    frame reader) are cached per vocabulary, and one folder read once gives one value.
    """

    folder: Path
    tables: Mapping[str, Any]

    def table(self, name: str) -> Any:
        """The parsed document of ``name``; ``RulesDataError`` when the file is missing."""
        try:
            return self.tables[name]
        except KeyError:
            raise RulesDataError(f"{self.folder / name}: rules table not found") from None


def load_vocabulary(rules_dir: Path | None = None) -> Vocabulary:
    """The vocabulary of ``rules_dir`` (the shipped rules by default), read once.

    The value is cached per folder and the content of its tables, so an edited table
    is parsed afresh and an unchanged folder is parsed once (hashing the bytes costs
    a fraction of a millisecond; parsing them, tens).
    """
    folder = (rules_dir or default_rules_dir()).resolve()
    digests = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = path.read_bytes()
        except OSError:
            continue  # vanished or unreadable: reported as missing when asked for
        digests.append((path.name, hashlib.blake2b(data, digest_size=16).digest()))
    return _read(str(folder), tuple(digests))


@functools.lru_cache(maxsize=8)
def _read(folder: str, digests: tuple[tuple[str, bytes], ...]) -> Vocabulary:
    path = Path(folder)
    tables = {name: load_table(name, path) for name, _ in digests}
    shipped = default_rules_dir().resolve()
    if path != shipped:
        tables = _completed(tables, load_vocabulary(shipped).tables)
    return Vocabulary(path, MappingProxyType(tables))


# What this version added to the rules tables: a folder written by an older factcheck
# lacks them, and reads them from the shipped tables (a table, or top-level keys of
# one). Anything else missing is still an error naming the table and the key.
ADDED: Mapping[str, tuple[str, ...] | None] = MappingProxyType(
    {
        "checks.yaml": None,  # the whole table
        "aliases.yaml": ("name_particles",),
        "boilerplate.yaml": ("hidden_classes",),
        "dates.yaml": ("time_zones",),
        "frames.yaml": ("generic_name_words",),
        "titles.yaml": ("organisation_name_words",),
        "units.yaml": ("tally_nouns",),
    }
)


def _completed(own: Mapping[str, Any], shipped: Mapping[str, Any]) -> dict[str, Any]:
    """A user's tables, with what ``ADDED`` names taken from the shipped ones when the
    folder lacks it. What the folder has always wins; a key set to an empty list stays
    empty. Never a crash on an older folder, nor an empty word list in silence."""
    out = dict(own)
    for name, keys in ADDED.items():
        doc, base = own.get(name), shipped.get(name)
        if base is None:
            continue
        if keys is None:
            out.setdefault(name, base)
        elif isinstance(doc, Mapping) and isinstance(base, Mapping):
            missing = {k: base[k] for k in keys if k not in doc and k in base}
            if missing:
                out[name] = {**doc, **missing}
    return out
