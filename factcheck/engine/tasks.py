"""What the dask engine's workers run: one function per stage, over one partition.

Nothing here imports dask: each function takes and returns plain lists (a bag's
partition) or a pandas DataFrame (a partition of the claims), and calls the same
stage code the local engine calls (``read_file``, ``extract``, ``canonical_mention``,
``align_article``, ``block_drafts``). Records carry an ``order``, (file index, record
index in the file), so the client can put everything back in the order the local
engine works in, whatever partition it came from.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from factcheck.align import Tables, align_article, canonical_mention, figure_names
from factcheck.align.aliases import AliasIndex, build_alias_index
from factcheck.api import _Worker
from factcheck.checks import Env
from factcheck.compare import block_drafts
from factcheck.extract import build_extractors
from factcheck.ingest import FileRef, read_file
from factcheck.ingest.normalize import load_boilerplate
from factcheck.model import Article, Claim, InputError, Mention, OffsetMap, StoryTime
from factcheck.rules import Rule
from factcheck.store.incremental import text_key
from factcheck.store.mentions import CodecError, decode_mentions, encode_mentions
from factcheck.store.parquet import ParquetStore
from factcheck.vocab import Vocabulary, load_vocabulary

Order = tuple[int, int]
#: A file to read: its index in the listing, where it is, and its bytes when the
#: client read them for workers that cannot see the path (an error if it could not).
FileItem = tuple[int, FileRef, bytes | InputError | None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Read:
    """One article read (``article``), or a file's problems (``article`` None)."""

    order: Order
    article: Article | None
    errors: tuple[InputError, ...] = ()


@dataclass(frozen=True, slots=True)
class Extracted:
    order: Order
    article: Article
    mentions: tuple[Mention, ...]
    error: InputError | None
    stored: bool = False  # read from the claim store, not extracted


@dataclass(frozen=True, slots=True)
class Aligned:
    order: Order
    article: Article
    mentions: tuple[Mention, ...]  # with corpus-wide canonical names
    claims: tuple[Claim, ...]
    story: StoryTime | None


@dataclass(frozen=True, slots=True)
class Summary:
    """What the client gathers after extraction: small, whatever the corpus size."""

    names: Counter[str]
    errors: tuple[tuple[Order, InputError], ...]
    articles: tuple[tuple[Order, Article], ...]  # the kept articles, text left out
    stored: int = 0  # articles whose facts came from the claim store


# NOTE: per-process state of a worker: extractors, rules tables and the alias index
# take seconds to build, so each worker builds each once per run rather than once per
# partition. Each is keyed by what it was built from: the rules folder's content (its
# ``Vocabulary``, one value per folder and content), never its path alone, so a
# long-lived worker serving a run after a rules table was edited builds afresh instead
# of extracting with the old tables under the new claim-store key.
_BUILT: dict[Hashable, Any] = {}


def _once(key: Hashable, build: Any) -> Any:
    if key not in _BUILT:
        if len(_BUILT) > 16:  # a long-lived worker serving many runs
            _BUILT.clear()
        _BUILT[key] = build()
    return _BUILT[key]


def _rules(rules_dir: Path | None) -> Vocabulary:
    """The rules folder as this worker reads it now: equal only for the same content."""
    return load_vocabulary(rules_dir)


def _tables(rules_dir: Path | None) -> Tables:
    found: Tables = _once(("tables", _rules(rules_dir)), lambda: Tables.load(rules_dir))
    return found


def read_part(items: Sequence[FileItem], max_bytes: int, rules_dir: Path | None) -> list[Read]:
    """Read the files of one partition (from disk, or from the bytes shipped)."""
    boilerplate = _once(("boilerplate", _rules(rules_dir)), lambda: load_boilerplate(rules_dir))
    out: list[Read] = []
    for index, ref, data in items:
        if isinstance(data, InputError):
            out.append(Read((index, -1), None, (data,)))
            continue
        result = read_file(ref, max_bytes, boilerplate, data)
        if result.errors:
            out.append(Read((index, -1), None, tuple(result.errors)))
        out += [Read((index, k), a) for k, a in enumerate(result.articles)]
    return out


def read_summary(part: Sequence[Read]) -> list[tuple[list[tuple[Order, str, str]], list[Read]]]:
    """The ids and paths of one partition's articles, and its files' problems."""
    ids = [(r.order, r.article.id, r.article.path) for r in part if r.article is not None]
    return [(ids, [r for r in part if r.article is None])]


def extract_part(
    part: Sequence[Read],
    renames: Mapping[Order, str],
    rules_dir: Path | None,
    budget: float,
    store: ParquetStore | None = None,
) -> list[Extracted]:
    """Extract the facts of one partition's articles (ids renamed where ids repeat);
    with a claim store, only those whose text it does not hold, and store those."""
    articles = [
        (
            r.order,
            dataclasses.replace(r.article, id=renames[r.order])
            if r.order in renames
            else r.article,
        )
        for r in part
        if r.article is not None
    ]
    rules = _rules(rules_dir)  # once per partition: it reads the folder's tables
    keys = {order: text_key(a) for order, a in articles} if store is not None else {}
    stored = store.get(set(keys.values())) if store is not None else {}
    out: list[Extracted] = []
    fresh: dict[str, bytes] = {}
    for order, article in articles:
        data = stored.get(keys.get(order, ""))
        if data is not None:
            try:
                out.append(Extracted(order, article, decode_mentions(data, article.id), None, True))
                continue
            except CodecError:
                pass  # a damaged row: extracted afresh
        worker: _Worker = _once(
            ("extractors", rules, budget),
            lambda: _Worker(build_extractors(rules_dir), budget),
        )
        mentions, error = worker(article)
        out.append(Extracted(order, article, mentions, error))
        if store is not None and error is None:
            fresh[keys[order]] = encode_mentions(mentions)
    if store is not None:
        store.put(fresh)
    return out


def light(article: Article) -> Article:
    """``article`` without its text: what formatters read of an article (id, path and
    metadata), at a fraction of the size, for the client to hold for every article."""
    return dataclasses.replace(article, raw="", text="", offsets=OffsetMap())


def extract_summary(part: Sequence[Extracted], full: bool) -> list[Summary]:
    """Figure names, extraction errors and the kept articles of one partition."""
    names = Counter(figure_names(m for e in part for m in e.mentions))
    errors = tuple((e.order, e.error) for e in part if e.error is not None)
    kept = tuple(
        (e.order, e.article if full else light(e.article)) for e in part if e.error is None
    )
    return [Summary(names, errors, kept, sum(e.stored for e in part))]


def align_part(
    part: Sequence[Extracted], names: Counter[str], token: str, rules_dir: Path | None
) -> list[Aligned]:
    """Canonical names (from the corpus-wide alias index), claims and story times."""
    tables = _tables(rules_dir)
    index: AliasIndex = _once(
        ("aliases", token, _rules(rules_dir)),
        lambda: build_alias_index(names.elements(), tables.aliases),
    )
    out: list[Aligned] = []
    for e in part:
        if e.error is not None:
            continue
        mentions = tuple(canonical_mention(m, index) for m in e.mentions)
        claims, when = align_article(e.article, mentions, tables)
        out.append(Aligned(e.order, e.article, mentions, tuple(claims), when))
    return out


def story_part(part: Sequence[Aligned]) -> list[tuple[dict[str, StoryTime], int]]:
    """The story times of one partition's articles, and how many claims it holds."""
    story = {a.article.id: a.story for a in part if a.story is not None}
    return [(story, sum(len(a.claims) for a in part))]


CLAIM_COLUMNS = {"block": "object", "file": "int64", "record": "int64", "seq": "int64"}


def claim_rows(part: Sequence[Aligned]) -> list[tuple[str, int, int, int, bytes]]:
    """One row per claim: its block (the blocking key as JSON), where it comes from in
    corpus order, and the claim itself (pickled: a frozen dataclass tree)."""
    return [
        (json.dumps(list(c.key)), a.order[0], a.order[1], j, pickle.dumps(c, protocol=5))
        for a in part
        for j, c in enumerate(a.claims)
    ]


DRAFT_COLUMNS = {"rule": "int64", "block": "object", "seq": "int64", "draft": "object"}


def compare_part(
    frame: pd.DataFrame,
    rules: Sequence[Rule],
    story: Mapping[str, StoryTime],
    scope: frozenset[str],
    rules_dir: Path | None,
) -> pd.DataFrame:
    """Compare every block of one partition of the claims (blocks never straddle
    partitions: the claims were shuffled by block); one row per draft conflict."""
    tables = _tables(rules_dir)
    env = Env(offices=tables.offices, story=story, vocabulary=tables.vocabulary)
    rows: list[tuple[int, str, int, bytes]] = []
    ordered = frame.sort_values(["block", "file", "record", "seq"], kind="stable")
    for block, group in ordered.groupby("block", sort=True):
        claims: list[Claim] = [pickle.loads(b) for b in group["claim"]]
        if scope and not any(c.article_id in scope for c in claims):
            continue
        for seq, (rule, draft) in enumerate(block_drafts(claims, rules, env)):
            rows.append((rule, str(block), seq, pickle.dumps(draft, protocol=5)))
    return pd.DataFrame(rows, columns=list(DRAFT_COLUMNS), dtype=object).astype(DRAFT_COLUMNS)


def pick_articles(part: Sequence[Aligned], wanted: frozenset[str]) -> list[Article]:
    """The full articles of one partition that conflicts cite (for their evidence)."""
    return [a.article for a in part if a.article.id in wanted]


def facts_part(
    part: Sequence[Aligned],
) -> list[tuple[Order, tuple[Mention, ...], tuple[Claim, ...]]]:
    """Every fact of one partition, for a report that lists them all."""
    return [(a.order, a.mentions, a.claims) for a in part]
