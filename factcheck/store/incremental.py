"""Incremental extraction: extract only the articles the cache has not seen.

``extract_with_cache`` looks every article up in the ``MentionCache`` by what
extraction reads of it (``text_key``), hands all the misses to ``extract_fn`` in one
batch (so a process pool still spreads them over cores), stores what it returns, and
gives back the mentions in article order, exactly as ``extract_fn`` over every article
would. The cache can only make a run faster: if it is damaged, locked or unwritable
the run goes on and ``CacheStats.warning`` says why.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from factcheck.model import Article, Mention
from factcheck.store.cache import CacheError, MentionCache

__all__ = [
    "Batch",
    "CacheStats",
    "ExtractFn",
    "cache_key",
    "extract_through",
    "extract_with_cache",
    "text_key",
]


class Batch(Protocol):
    """What a batch extractor may return instead of bare mentions (``api.Extraction``).

    ``articles`` are the articles it extracted completely; any other article of the
    batch failed (an error, a time budget) and is not cached, so the next run retries
    it instead of trusting an empty result.
    """

    @property
    def articles(self) -> Sequence[Article]: ...

    @property
    def mentions(self) -> Sequence[Mention]: ...


ExtractFn = Callable[[Sequence[Article]], "Sequence[Mention] | Batch"]
_Outcome = tuple[tuple[Mention, ...], tuple[str, ...]]  # mentions, ids of failed articles


@dataclass(frozen=True, slots=True)
class CacheStats:
    """``misses`` articles went to the extractors; the other ``hits`` did not.

    ``rebuilt`` says an existing cache was discarded (new extractor versions, another
    schema, a damaged file); ``warning`` is a message for the user, or None.
    ``failed`` lists the ids of articles the extractor did not report as extracted
    (only when it returns a ``Batch``); they were not cached.
    """

    hits: int
    misses: int
    rebuilt: bool = False
    warning: str | None = None
    failed: tuple[str, ...] = ()


def cache_key(extractor_versions: str, data_files: Iterable[Path] = ()) -> str:
    """The cache key: extractor versions plus a digest of the data tables they read.

    Extractors load tables from ``rules/``; editing one changes what they find without
    changing a version, so its bytes must be part of the key too.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in data_files):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode() + data)
    return f"{extractor_versions};data={digest.hexdigest()[:16]}"


def text_key(article: Article) -> str:
    """What the cache files an article's mentions under: everything extraction reads.

    ``extract`` reads the normalised text (``content_hash`` covers only that), the
    publication date (year-less dates resolve against it), and the raw text and offset
    map (every span and surface points into the raw text: the same words as .html and
    as .txt have different spans). The article's id and path are not in the key.
    """
    h = hashlib.blake2b(article.content_hash.encode(), digest_size=20)
    published = article.published.isoformat() if article.published is not None else ""
    h.update(f"\0{published}\0{article.offsets.norm}\0{article.offsets.raw}\0".encode())
    h.update(article.raw.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def extract_with_cache(
    articles: Sequence[Article],
    extract_fn: ExtractFn,
    cache_dir: Path | None,
    key: str,
) -> tuple[tuple[Mention, ...], CacheStats]:
    """Mentions of every article, in article order, extracting only cache misses.

    ``extract_fn`` extracts a batch of articles and returns their mentions, or a
    ``Batch`` saying which articles it extracted; it is called at most once, with the
    misses. ``key`` names the extractors and their versions (see ``cache_key``): a
    cache built under another key is rebuilt, never trusted. With ``cache_dir`` None
    this is just ``extract_fn(articles)``.
    """
    if cache_dir is None:
        mentions, failed = _call(extract_fn, articles)
        return mentions, CacheStats(hits=0, misses=len(articles), failed=failed)
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        # Mentions are told apart by article id only; two articles sharing one cannot
        # be filed separately, so do what the uncached run does.
        mentions, failed = _call(extract_fn, articles)
        warning = "duplicate article ids; extraction cache not used"
        return mentions, CacheStats(0, len(articles), warning=warning, failed=failed)
    try:
        cache = MentionCache.open(cache_dir, key)
    except CacheError as exc:
        mentions, failed = _call(extract_fn, articles)
        return mentions, CacheStats(0, len(articles), warning=str(exc), failed=failed)
    with cache:
        return extract_through(cache, articles, extract_fn)


def _call(extract_fn: ExtractFn, articles: Sequence[Article]) -> _Outcome:
    """Run ``extract_fn``: its mentions and the ids of the articles it failed on."""
    result = extract_fn(articles)
    if isinstance(result, Sequence):
        return tuple(result), ()
    done = {a.id for a in result.articles}
    return tuple(result.mentions), tuple(a.id for a in articles if a.id not in done)


def extract_through(
    cache: MentionCache, articles: Sequence[Article], extract_fn: ExtractFn
) -> tuple[tuple[Mention, ...], CacheStats]:
    """``extract_with_cache`` on a cache the caller has open (the corpus index's)."""
    pairs = [(text_key(a), a) for a in articles]
    first_id: dict[str, str] = {}  # text key -> id of the first article with that text
    for k, a in pairs:
        first_id.setdefault(k, a.id)
    by_key: dict[str, tuple[Mention, ...]] = cache.get_many(first_id, relabel=first_id)

    # One article per uncached text: a text seen twice in the run is extracted once.
    todo = [a for k, a in pairs if k not in by_key and first_id[k] == a.id]
    extra: list[Mention] = []
    failed_keys: set[str] = set()
    if todo:
        fresh, failed = _call(extract_fn, todo)
        grouped: dict[str, list[Mention]] = {a.id: [] for a in todo}
        for m in fresh:
            group = grouped.get(m.article_id)
            if group is None:
                extra.append(m)  # not one of the batch's articles: passed through uncached
            else:
                group.append(m)
        new = {text_key(a): tuple(grouped[a.id]) for a in todo}
        failed_ids = set(failed)
        failed_keys = {text_key(a) for a in todo if a.id in failed_ids}
        cache.put_many((k, first_id[k], ms) for k, ms in new.items() if k not in failed_keys)
        by_key.update(new)

    out: list[Mention] = []
    for k, a in pairs:
        found = by_key[k]
        if found and found[0].article_id != a.id:  # the same text under a second name
            found = tuple(dataclasses.replace(m, article_id=a.id) for m in found)
        out.extend(found)
    out.extend(extra)
    stats = CacheStats(
        hits=len(articles) - len(todo),
        misses=len(todo),
        rebuilt=cache.rebuilt,
        warning=cache.warning,
        failed=tuple(a.id for k, a in pairs if k in failed_keys),
    )
    return tuple(out), stats
