"""The corpus index: CI runs that pay only for what changed.

``check NEW --corpus DIR`` compares the new articles with every claim of the corpus
they share a block with. Re-reading, re-extracting and re-aligning a 10,000-article
corpus for that would cost minutes, so the index keeps what a run derives before
comparison in the extraction cache's SQLite file (``cache.py`` has the tables):

- per file, its stat stamp and the ids and text keys of the articles read from it,
  with the problems reading it met (replayed, so a warm run reports what a cold one
  does); per article, the article itself, decoded only when it is shown as evidence;
- per text, its mentions (the extraction cache) and the figure names they carry;
- per text and canonical naming of those figures, its story time and its claims,
  filed by blocking key.

A scoped run stats every file, builds the alias index over every article's names,
aligns only the articles whose claims are missing for their current naming, and loads
only the blocks the new articles have claims in, with every article's story time (the
officeholder check weighs an undated article against all dated ones). The result
equals what the in-memory pipeline gives for the same scope (tests/test_corpus_index.py
holds it to that).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from factcheck.align import Tables, align_article, canonical_mention, figure_names
from factcheck.align.aliases import AliasIndex, build_alias_index
from factcheck.ingest import (
    FileRef,
    list_files,
    read_file,
    read_from,
    renamed_error,
    unique_ids,
)
from factcheck.ingest.normalize import Boilerplate
from factcheck.ingest.text import ReadResult
from factcheck.model import Article, Claim, InputError, Mention, Quotation, StoryTime
from factcheck.store.cache import MentionCache
from factcheck.store.incremental import ExtractFn, extract_through, text_key
from factcheck.store.mentions import CodecError
from factcheck.store.payload import (
    ClaimSet,
    FileEntry,
    decode_article,
    decode_claims,
    decode_claimset,
    decode_file,
    encode_article,
    encode_claims,
    encode_claimset,
    encode_file,
)

__all__ = ["CachedReader", "IndexedCorpus", "Located", "Scoped", "load_scope", "locate"]

_SEP = "\x1f"
_T = TypeVar("_T")


def _stamp(ref: FileRef, max_bytes: int) -> str | None:
    """What must not change for a file's cached reading to stand; None if unstattable."""
    try:
        st = os.stat(ref.path)
    except (OSError, ValueError):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{ref.id}:{max_bytes}"


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
        for ref in refs:
            entry = _decoded(stored.get(_key(ref.path)), decode_file)
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
            article = _decoded(data, decode_article)
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


def _decoded(data: bytes | None, decode: Callable[[bytes], _T]) -> _T | None:
    if not data:
        return None
    try:
        return decode(data)
    except CodecError:
        return None  # a damaged row is a miss: read again and overwritten


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


# --- names and claims ----------------------------------------------------------------


def _names(mentions: Sequence[Mention]) -> bytes:
    speakers = [m.value.speaker for m in mentions if isinstance(m.value, Quotation)]
    doc = {"f": figure_names(mentions), "s": [s for s in speakers if s]}
    return json.dumps(doc, ensure_ascii=True).encode("ascii")


def _names_from(data: bytes) -> tuple[list[str], list[str]] | None:
    try:
        doc = json.loads(data)
        return [str(x) for x in doc["f"]], [str(x) for x in doc["s"]]
    except (ValueError, KeyError, TypeError):
        return None


def _naming(figures: Sequence[str], speakers: Sequence[str], index: AliasIndex) -> str:
    """A digest of how ``index`` names an article's figures and speakers."""
    pairs = sorted({n: index.canonical(n) for n in (*figures, *speakers)}.items())
    return hashlib.blake2b(json.dumps(pairs).encode(), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class Scoped:
    """A scoped comparison's inputs, loaded from the index."""

    articles: Mapping[str, Article]  # lazily loaded by id
    scope_articles: tuple[Article, ...]
    scope_mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    story: Mapping[str, StoryTime]
    failed: tuple[str, ...]  # ids whose extraction failed (not compared)


class _LazyArticles(Mapping[str, Article]):
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


def load_scope(
    found: IndexedCorpus,
    reader: CachedReader,
    cache: MentionCache,
    tables: Tables,
    extract: ExtractFn,
) -> Scoped:
    """Extract and align what the index lacks, then load the scope's blocks."""
    located = found.located
    scope = set(found.scope)
    articles = _LazyArticles(reader, located)
    first: dict[str, Located] = {}
    for x in located:
        first.setdefault(x.text_key, x)
    text_of = {x.id: x.text_key for x in located}

    # 1. Names of every text; mentions for the scope and for texts without names.
    names: dict[str, tuple[list[str], list[str]]] = {}
    for tk, data in cache.get_values("names", list(first)).items():
        got = _names_from(data)
        if got is not None:
            names[tk] = got
    need = [x for tk, x in first.items() if tk not in names or x.id in scope]
    need += [x for x in located if x.id in scope and first[x.text_key] is not x]
    mentions: dict[str, tuple[Mention, ...]] = {}  # text key -> raw mentions
    failed: set[str] = set()
    if need:
        todo = [articles[x.id] for x in dict.fromkeys(first[x.text_key] for x in need)]
        extracted, failures = _extract(cache, todo, extract)
        failed.update(failures)
        rows = []
        for a in todo:
            if a.id in failed:
                continue
            tk = text_of[a.id]
            mentions[tk] = extracted[a.id]
            if tk not in names:
                data = _names(mentions[tk])
                rows.append((tk, data))
                names[tk] = _names_from(data) or ([], [])
        cache.put_values("names", rows)

    # 2. One alias index over the whole corpus, in read order (as align builds it).
    live = [x for x in located if x.text_key in names and first[x.text_key].id not in failed]
    index = build_alias_index([n for x in live for n in names[x.text_key][0]], tables.aliases)
    naming = {tk: _naming(*names[tk], index) for tk in {x.text_key for x in live}}

    # 3. Claims for every text whose claims are missing under its current naming. Claim
    #    sets are decoded only where needed (the scope's, and those of texts whose
    #    claims are loaded); a damaged one is a miss there and then.
    keys = {tk: f"{tk}{_SEP}{n}" for tk, n in naming.items()}
    text_of_set = {key: tk for tk, key in keys.items()}
    stored = cache.get_values("claimsets", list(keys.values()))
    sets: dict[str, ClaimSet] = {}

    def claim_set(key: str) -> ClaimSet | None:
        if key not in sets and key in stored:
            owner = first[text_of_set[key]].id
            got = _decoded(stored.pop(key), functools.partial(decode_claimset, article_id=owner))
            if got is not None:
                sets[key] = got
        return sets.get(key)

    missing = [tk for tk, key in keys.items() if key not in stored]
    missing += [x.text_key for x in live if x.id in scope and claim_set(keys[x.text_key]) is None]
    missing = list(dict.fromkeys(missing))
    fresh: dict[str, dict[str, list[Claim]]] = {}  # set key -> block -> claims

    def align_texts(texts: Sequence[str]) -> None:
        """Align ``texts`` under the current naming and file their claims."""
        absent = [first[tk] for tk in texts if tk not in mentions]
        if absent:
            extracted, _ = _extract(cache, [articles[x.id] for x in absent], extract)
            for x in absent:
                mentions[x.text_key] = extracted.get(x.id, ())
        set_rows: list[tuple[str, bytes]] = []
        claim_rows: list[tuple[str, str, bytes]] = []
        for tk in texts:
            own = [canonical_mention(m, index) for m in mentions[tk]]
            claims, story = align_article(articles[first[tk].id], own, tables)
            by_block: dict[str, list[Claim]] = {}
            for c in claims:
                by_block.setdefault(_SEP.join(c.key), []).append(c)
            sets[keys[tk]] = ClaimSet(story, tuple(by_block))
            fresh[keys[tk]] = by_block
            set_rows.append((keys[tk], encode_claimset(sets[keys[tk]])))
            claim_rows += [
                (f"{keys[tk]}{_SEP}{b}", b, encode_claims(g)) for b, g in by_block.items()
            ]
        # One transaction: a claim set is never on file without its claims; the text's
        # claims under an older naming go at the same time.
        cache.put_claims(set_rows, claim_rows, replace=[tk + _SEP for tk in texts])

    if missing:
        align_texts(missing)

    # 4. The blocks the scope has claims in, with every current text's claims in them.
    blocks = sorted({b for x in live if x.id in scope for b in sets[keys[x.text_key]].blocks})
    wanted = set(blocks)
    by_set: dict[str, dict[str, list[Claim]]] = {k: dict(v) for k, v in fresh.items()}
    damaged: set[str] = set()
    for row_key, data in cache.claims_in_blocks(blocks):
        set_key, block = _split_claims_key(row_key)
        if set_key not in text_of_set or set_key in fresh:
            continue  # another naming's, or aligned just now
        try:
            owner = first[text_of_set[set_key]].id
            by_set.setdefault(set_key, {})[block] = list(decode_claims(data, owner))
        except CodecError:
            damaged.add(set_key)
    for set_key in set(by_set) - set(fresh):
        told = claim_set(set_key)
        if told is None or not wanted.intersection(told.blocks) <= set(by_set[set_key]):
            damaged.add(set_key)  # its claim set is damaged, or a row went missing
    # Every article's story time is a reference for the officeholder check ("the Biden
    # administration" against the articles dated to Trump's term), whether or not the
    # article has claims in these blocks: every claim set is read for it.
    damaged.update(keys[x.text_key] for x in live if claim_set(keys[x.text_key]) is None)
    if damaged:
        align_texts([tk for tk, key in keys.items() if key in damaged])
        for key in damaged:
            by_set[key] = dict(fresh[key])
    loaded: list[tuple[int, int, Claim]] = []
    for x in live:
        for block, group in by_set.get(keys[x.text_key], {}).items():
            if block in wanted:
                loaded += [(x.position, i, _relabel_claim(c, x.id)) for i, c in enumerate(group)]
    # Read order, and each article's own order inside a block: what align() would give.
    loaded.sort(key=lambda t: (t[0], t[1]))
    stories: dict[str, StoryTime] = {}
    for x in live:
        when = sets[keys[x.text_key]].story
        if when is not None:
            stories[x.id] = _relabel_story(when, x.id)
    scope_located = [x for x in live if x.id in scope]
    scope_articles = tuple(articles[x.id] for x in scope_located)
    scope_mentions = tuple(
        _relabel(canonical_mention(m, index), x.id)
        for x in scope_located
        for m in mentions.get(x.text_key, ())
    )
    return Scoped(
        articles=articles,
        scope_articles=scope_articles,
        scope_mentions=scope_mentions,
        claims=tuple(c for _, _, c in loaded),
        story=stories,
        failed=tuple(sorted(x.id for x in located if first[x.text_key].id in failed)),
    )


def _extract(
    cache: MentionCache, todo: Sequence[Article], extract: ExtractFn
) -> tuple[dict[str, tuple[Mention, ...]], tuple[str, ...]]:
    """Mentions of ``todo`` by article id (cached or extracted), and the ids that failed."""
    got, stats = extract_through(cache, todo, extract)
    by_id: dict[str, list[Mention]] = {a.id: [] for a in todo}
    for m in got:
        by_id.setdefault(m.article_id, []).append(m)
    return {k: tuple(v) for k, v in by_id.items()}, stats.failed


def _split_claims_key(row_key: str) -> tuple[str, str]:
    """``(claim set key, block)`` of a claims row key ``text key, naming, block``."""
    text, naming, block = row_key.split(_SEP, 2)
    return f"{text}{_SEP}{naming}", block


def _relabel_claim(c: Claim, article_id: str) -> Claim:
    if c.article_id == article_id:
        return c
    mentions = tuple(_relabel(m, article_id) for m in c.mentions)
    return replace(c, article_id=article_id, mentions=mentions)


def _relabel(m: Mention, article_id: str) -> Mention:
    return m if m.article_id == article_id else replace(m, article_id=article_id)


def _relabel_story(s: StoryTime, article_id: str) -> StoryTime:
    if s.mention is None:
        return s
    return replace(s, mention=_relabel(s.mention, article_id))
