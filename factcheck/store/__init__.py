"""Persistence between runs: what a run asks of the cache, behind one entry point.

``open_store`` opens the cache folder for the current code and rules and gives a
``Store``, which is all the pipeline (``api.py``) sees of persistence:

- ``Store.read``: ``ingest.read_file`` answered from the index for unchanged files;
- ``Store.extract``: extraction of only the texts the cache has not seen;
- ``Store.scope``: a scoped run's inputs (the new articles against the corpus),
  loaded from the corpus index.

Inside, one module per job:

- ``cache``: the SQLite file (mentions by text, files, articles, index payloads, quotes);
- ``mentions``: mentions to and from cache bytes;
- ``payload``: the corpus index's payloads (names, claims by block, story times);
- ``incremental``: extraction through the cache, keyed by text;
- ``files``: the corpus's files and articles, read again only when their stat changed;
- ``quotes``: the corpus's quotations by word pair;
- ``index``: the corpus index a warm run loads instead of re-reading the corpus;
- ``key``: one ``STORE_VERSION`` and the cache key over the code the cache serves.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.align import Tables
from factcheck.checks.quote_attribution import Params as QuoteParams
from factcheck.ingest.normalize import Boilerplate
from factcheck.model import Article, InputError, Mention
from factcheck.resources import default_rules_dir
from factcheck.store.cache import CacheError, MentionCache, gc_paused
from factcheck.store.files import CachedReader, locate
from factcheck.store.incremental import CacheStats, ExtractFn, cache_key, extract_through
from factcheck.store.index import Scoped, load_scope
from factcheck.store.key import code_sources

__all__ = ["CacheError", "Scope", "Store", "gc_paused", "open_store", "store_key"]


def store_key(version: str, package: Path, rules_dir: Path) -> str:
    """The cache key: the rules tables and the code whose output the cache serves.

    Every top-level table in the rules folder counts (packs only steer comparison), so
    editing ``units.yaml`` or ``titles.yaml`` rebuilds the cache instead of trusting it.
    The source of the stages whose output is cached (reading, extraction, alignment)
    counts too, extractor versions included: a code change that forgot to bump a
    version is never served stale facts, and no extractor is imported to ask. So do
    the versions of the libraries whose output is stored (``LIBRARIES``): upgrading
    quantulum3 or dateparser rebuilds the cache.
    """
    sources = code_sources(package)
    libraries = " ".join(f"{name}={_version(name)}" for name in LIBRARIES)
    # A user's folder lacking a table or key reads it from the shipped tables (vocab).
    tables = {p.resolve() for d in (rules_dir, default_rules_dir()) for p in d.glob("*.yaml")}
    return cache_key(f"factcheck {version} {libraries}", [*tables, *sources])


# The libraries that shape what is extracted and aligned, so what the cache stores.
LIBRARIES = ("quantulum3", "dateparser", "simplemma", "rapidfuzz", "inflect")


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@dataclass(frozen=True, slots=True)
class Scope:
    """A scoped run's inputs: the corpus located, and what the index loaded for it."""

    scoped: Scoped
    articles: int  # articles of the corpus and the new paths, in read order
    scope: tuple[str, ...]  # ids of the new articles
    errors: tuple[InputError, ...]
    files_cached: int  # files whose reading the index answered


class Store:
    """The cache a run reads and fills; open it with ``open_store``, use it in ``with``."""

    def __init__(self, cache: MentionCache, max_bytes: int, boilerplate: Boilerplate) -> None:
        self._cache = cache
        self.read = CachedReader(cache, max_bytes, boilerplate)

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def warning(self) -> str | None:
        """Everything that went wrong with the cache so far, or None."""
        return self._cache.warning

    def extract(
        self, articles: Sequence[Article], extract: ExtractFn
    ) -> tuple[tuple[Mention, ...], CacheStats]:
        """Mentions of every article, in order; ``extract`` runs on the misses only."""
        return extract_through(self._cache, articles, extract)

    def scope(
        self,
        paths: Sequence[str | Path],
        corpus: Sequence[str | Path],
        tables: Tables,
        extract: ExtractFn,
        quote_params: Sequence[QuoteParams] = (),
    ) -> Scope:
        """The articles under ``paths`` against the corpus: see ``store.index``."""
        found = locate(paths, corpus, self.read)
        scoped = load_scope(found, self.read, self._cache, tables, extract, quote_params)
        return Scope(scoped, len(found.located), found.scope, found.errors, self.read.hits)


def open_store(folder: Path, key: str, *, max_bytes: int, boilerplate: Boilerplate) -> Store:
    """The store in ``folder`` for cache key ``key`` (see ``store_key``); close it after.

    Raises ``CacheError`` when no usable cache can be had; any later problem only
    makes the run slower and is reported by ``Store.warning``.
    """
    return Store(MentionCache.open(folder, key), max_bytes, boilerplate)
