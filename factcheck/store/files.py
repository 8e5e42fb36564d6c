"""The corpus's files and articles in the index: a warm run reads only what changed.

Per file, the index keeps its stat stamp (size, modification and change times, inode)
and the ids and text keys of the articles read from it, with the problems reading it
met (replayed, so a warm run reports what a cold one does); per article, the article
itself, decoded only when it is shown as evidence. ``locate`` lists the files with one
walk of the folders (``ingest.list_files`` stats each file once; the stamp comes from
that same stat) and reads only the files whose stamp changed.

Why the walk's stat and not ``git ls-files -s`` or ``git status`` (a CI corpus is often
a git work tree): the walk is needed anyway, to list the files in read order and give
them ids, and its stat costs nothing more; git trusts its own index only after it has
stat'ed every tracked file itself, in a second process started per run; it knows
nothing of untracked files the corpus folder holds, and needs git and a work tree that
a downloaded corpus does not have. A same-size edit shows in the modification and
change times (a change time cannot be set back), a file replaced in the inode.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from factcheck.ingest import (
    FileRef,
    list_files,
    read_file,
    read_from,
    renamed_error,
    stamp_of,
    unique_ids,
)
from factcheck.ingest.normalize import Boilerplate
from factcheck.ingest.text import ReadResult
from factcheck.model import Article, InputError
from factcheck.store.cache import MentionCache, gc_paused
from factcheck.store.incremental import text_key
from factcheck.store.payload import (
    FileEntry,
    decode_article,
    decode_file,
    decoded,
    encode_article,
    encode_file,
)

__all__ = ["CachedReader", "IndexedCorpus", "LazyArticles", "Located", "locate"]

_SEP = "\x1f"


def _stamp(ref: FileRef, max_bytes: int) -> str | None:
    """What must not change for a file's cached reading to stand; None if unstattable.

    The walk that listed the file stat'ed it already (``FileRef.stamp``); a file
    named otherwise is stat'ed here.
    """
    seen = ref.stamp
    if seen is None:
        try:
            st = os.stat(ref.path)
        except (OSError, ValueError):
            return None
        seen = stamp_of(st)
    return f"{seen}:{ref.id}:{max_bytes}"


def _key(path: str) -> str:
    """``path`` as an SQLite key: a name that is not UTF-8 (surrogate escapes) as hex."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "\x01" + path.encode("utf-8", "surrogateescape").hex()
    return path


def _article_key(path: str, i: int) -> str:
    return f"{_key(path)}{_SEP}{i}"


class CachedReader:
    """``ingest.read_file`` answered from the index when the file has not changed.

    Passed to ``read_paths`` as its ``reader`` by full runs; ``entries`` is the same
    for scoped runs, which need only the ids and text keys of unchanged files.
    """

    def __init__(self, cache: MentionCache, max_bytes: int, boilerplate: Boilerplate) -> None:
        self._cache = cache
        self._max_bytes = max_bytes
        self._boilerplate = boilerplate
        self.fresh: dict[str, Article] = {}  # article key -> article read in this run
        self.hits = 0

    def entries(self, refs: Sequence[FileRef]) -> dict[str, FileEntry]:
        """Every file's entry, reading (and filing) only the files that changed."""
        stamps = {r.path: _stamp(r, self._max_bytes) for r in refs}
        stored = self._cache.get_values("files", [_key(p) for p, s in stamps.items() if s])
        out: dict[str, FileEntry] = {}
        misses: list[FileRef] = []
        with gc_paused():  # one entry per file of the corpus, all kept
            for ref in refs:
                entry = decoded(stored.get(_key(ref.path)), decode_file)
                if entry is not None and entry.stamp == stamps[ref.path]:
                    out[ref.path] = entry
                    self.hits += 1
                else:
                    misses.append(ref)
        if misses:
            out.update(self._read(misses, stamps))
        return out

    def __call__(self, ref: FileRef) -> ReadResult:
        """One file's ``ReadResult``, from the index when unchanged."""
        entry = self.entries([ref])[ref.path]
        keys = [_article_key(ref.path, i) for i in range(len(entry.articles))]
        articles = self.articles(keys)
        if len(articles) != len(keys):  # a damaged article row: read the file again
            entry = self.reread(ref)
            keys = [_article_key(ref.path, i) for i in range(len(entry.articles))]
            articles = self.articles(keys)
        return ReadResult(list(articles.values()), list(entry.errors))

    def reread(self, ref: FileRef) -> FileEntry:
        """Read ``ref`` afresh and file it, whatever the index holds."""
        return self._read([ref], {ref.path: _stamp(ref, self._max_bytes)})[ref.path]

    def articles(self, keys: Sequence[str]) -> dict[str, Article]:
        """Articles by article key: read in this run, else decoded from the index."""
        out = {k: self.fresh[k] for k in keys if k in self.fresh}
        rows = self._cache.get_values("articles", [k for k in keys if k not in out])
        for k, data in rows.items():
            article = decoded(data, decode_article)
            if article is not None:
                out[k] = article
        return {k: out[k] for k in keys if k in out}

    def _read(
        self, refs: Sequence[FileRef], stamps: Mapping[str, str | None]
    ) -> dict[str, FileEntry]:
        out: dict[str, FileEntry] = {}
        files: list[tuple[str, bytes]] = []
        rows: list[tuple[str, bytes]] = []
        for ref in refs:
            result = read_file(ref, self._max_bytes, self._boilerplate)
            entry = FileEntry(
                stamps[ref.path] or "",
                tuple((a.id, text_key(a)) for a in result.articles),
                tuple(result.errors),
            )
            out[ref.path] = entry
            for i, article in enumerate(result.articles):
                key = _article_key(ref.path, i)
                self.fresh[key] = article
                rows.append((key, encode_article(article)))
            if entry.stamp:  # a file that could not even be stat'ed is not filed
                files.append((_key(ref.path), encode_file(entry)))
        self._cache.put_values("articles", rows)
        self._cache.put_values("files", files)
        return out


@dataclass(frozen=True, slots=True)
class Located:
    """One article of the corpus, in read order, as the index knows it."""

    id: str
    path: str
    text_key: str
    key: str  # article key: where the article itself is filed
    position: int
    file_id: str  # the id ``read_paths`` gives the file (records in it have their own)


@dataclass(frozen=True, slots=True)
class IndexedCorpus:
    """What ``load_scope`` found: the articles in order, their problems, and the scope."""

    located: tuple[Located, ...]
    errors: tuple[InputError, ...]
    scope: tuple[str, ...]


def locate(
    paths: Sequence[str | Path], corpus: Sequence[str | Path], reader: CachedReader
) -> IndexedCorpus:
    """Every article under ``paths`` and ``corpus`` with ids as ``read_paths`` gives them."""
    entries: list[FileRef | InputError] = list_files([*paths, *corpus])
    refs = [e for e in entries if isinstance(e, FileRef)]
    files = reader.entries(refs)
    errors: list[InputError] = []
    raw: list[tuple[FileRef, int, str, str]] = []  # file, index, id, text key
    for entry in entries:
        if isinstance(entry, InputError):
            errors.append(entry)
            continue
        got = files[entry.path]
        errors.extend(got.errors)
        raw.extend((entry, i, aid, tk) for i, (aid, tk) in enumerate(got.articles))
    located: list[Located] = []
    for position, ((ref, i, old, tk), new) in enumerate(
        zip(raw, unique_ids([r[2] for r in raw]), strict=True)
    ):
        if new != old:
            errors.append(renamed_error(ref.path, old, new))
        located.append(Located(new, ref.path, tk, _article_key(ref.path, i), position, ref.id))
    in_paths = read_from(paths)
    scope = tuple(x.id for x in located if in_paths(x.path))
    return IndexedCorpus(tuple(located), tuple(errors), scope)


class LazyArticles(Mapping[str, Article]):
    """Articles by id, decoded from the index on first use (only evidence needs them)."""

    def __init__(self, reader: CachedReader, located: Sequence[Located]) -> None:
        self._reader = reader
        self._where = {x.id: x for x in located}
        self._loaded: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        if article_id not in self._loaded:
            where = self._where[article_id]
            found = self._reader.articles([where.key])
            if where.key not in found:  # a damaged row: read the file again
                self._reader.reread(FileRef(where.path, where.file_id))
                found = self._reader.articles([where.key])
            if where.key not in found:
                raise KeyError(article_id)
            article = found[where.key]
            if article.id != article_id:
                article = replace(article, id=article_id)
            self._loaded[article_id] = article
        return self._loaded[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    @property
    def loaded(self) -> tuple[Article, ...]:
        return tuple(self._loaded.values())
