"""The corpus index: CI runs that pay only for what changed.

``check NEW --corpus DIR`` compares the new articles with every claim of the corpus
they share a block with. Re-reading, re-extracting and re-aligning a 10,000-article
corpus for that would cost minutes, so the index keeps what a run derives before
comparison in the extraction cache's SQLite file (``cache.py`` has the tables):

- per file, its stat stamp and the articles read from it (``files.py``);
- per text, its mentions (the extraction cache) and the figure names they carry;
- per text and canonical naming of those figures, its story time and its claims,
  filed by blocking key, and its quotations by word pair (``quotes.py``).

``load_scope`` takes the located corpus through four steps: the names of every text
(extracting the scope and any text never seen), one alias index over them and each
text's naming, alignment of the texts whose claims are missing under their naming,
and the claims of the blocks the new articles have claims in (of the quote block,
only the quotations near the new ones), with every article's story time (the
officeholder check weighs an undated article against all dated ones), each decoded
from its claim set only when the check asks for it. The result
equals what the in-memory pipeline gives for the same scope (tests/test_corpus_index.py
holds it to that).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from factcheck.align import Tables, align_article, canonical_mention, figure_names
from factcheck.align.aliases import build_alias_index
from factcheck.checks.base import QuoteCatalogue
from factcheck.checks.quote_attribution import Params as QuoteParams
from factcheck.model import Article, Claim, ClaimKind, Mention, Quotation, StoryTime
from factcheck.store.cache import MentionCache, QuoteRows, gc_paused
from factcheck.store.files import CachedReader, IndexedCorpus, LazyArticles, Located
from factcheck.store.incremental import ExtractFn, extract_through
from factcheck.store.mentions import CodecError
from factcheck.store.payload import (
    ClaimSet,
    decode_claims,
    decode_claimset,
    decoded,
    encode_claims,
    encode_claimset,
)
from factcheck.store.quotes import near_quotes, quote_rows

__all__ = ["Scoped", "load_scope"]

_SEP = "\x1f"
_QUOTE_BLOCK = str(ClaimKind.QUOTE.value)
Names = tuple[list[str], list[str]]  # figure names, quote speakers


def _names(mentions: Sequence[Mention]) -> bytes:
    speakers = [m.value.speaker for m in mentions if isinstance(m.value, Quotation)]
    doc = {"f": figure_names(mentions), "s": [s for s in speakers if s]}
    return json.dumps(doc, ensure_ascii=True).encode("ascii")


def _names_from(data: bytes) -> Names | None:
    try:
        doc = json.loads(data)
        return [str(x) for x in doc["f"]], [str(x) for x in doc["s"]]
    except (ValueError, KeyError, TypeError):
        return None


def _naming(names: Names, canonical: Mapping[str, str]) -> str:
    """A digest of how the alias index (``canonical``) names a text's figures and speakers."""
    pairs = sorted({n: canonical[n] for n in (*names[0], *names[1])}.items())
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
    quotes: QuoteCatalogue | None = None  # the whole corpus's quotations, counted


def load_scope(
    found: IndexedCorpus,
    reader: CachedReader,
    cache: MentionCache,
    tables: Tables,
    extract: ExtractFn,
    quote_params: Sequence[QuoteParams] = (),
) -> Scoped:
    """Extract and align what the index lacks, then load the scope's blocks.

    ``quote_params`` are the params of the enabled quote-attribution rules: only the
    quotations they could group with the scope's are loaded (none without such rules).
    """
    loader = _Loader(found, reader, cache, tables, extract)
    loader.read_names()
    loader.name_texts()
    loader.align_missing()
    return loader.load(quote_params)


class _Loader:
    """One scoped load: the state its steps share (see ``load_scope``)."""

    def __init__(
        self,
        found: IndexedCorpus,
        reader: CachedReader,
        cache: MentionCache,
        tables: Tables,
        extract: ExtractFn,
    ) -> None:
        self.located = found.located
        self.scope = set(found.scope)
        self.cache, self.tables, self.extract = cache, tables, extract
        self.articles = LazyArticles(reader, found.located)
        self.first: dict[str, Located] = {}  # text key -> its first article
        for x in found.located:
            self.first.setdefault(x.text_key, x)
        self.names: dict[str, Names] = {}  # text key -> names
        self.mentions: dict[str, tuple[Mention, ...]] = {}  # text key -> raw mentions
        self.failed: set[str] = set()  # ids of articles whose extraction failed
        self.live: list[Located] = []  # articles compared: extracted, in read order
        self.index = build_alias_index(())
        self.keys: dict[str, str] = {}  # text key -> claim set key under its naming
        self.stored: dict[str, bytes] = {}  # claim set key -> undecoded claim set
        self.sets: dict[str, ClaimSet] = {}  # claim set key -> claim set
        self.fresh: dict[str, dict[str, list[Claim]]] = {}  # aligned now: set -> blocks

    # --- 1. names -------------------------------------------------------------------

    def read_names(self) -> None:
        """Names of every text; mentions for the scope and for texts without names."""
        for tk, data in self.cache.get_values("names", list(self.first)).items():
            got = _names_from(data)
            if got is not None:
                self.names[tk] = got
        need = [x for tk, x in self.first.items() if tk not in self.names or x.id in self.scope]
        need += [x for x in self.located if x.id in self.scope and self.first[x.text_key] is not x]
        if not need:
            return
        extracted = self._extract(need)
        rows = []
        for x in dict.fromkeys(self.first[y.text_key] for y in need):
            tk = x.text_key
            if x.id in self.failed:
                continue
            self.mentions[tk] = extracted[x.id]
            if tk not in self.names:
                data = _names(self.mentions[tk])
                rows.append((tk, data))
                self.names[tk] = _names_from(data) or ([], [])
        self.cache.put_values("names", rows)

    def _extract(self, texts: Sequence[Located]) -> dict[str, tuple[Mention, ...]]:
        """Mentions by article id of the first article of each of ``texts``."""
        todo = [self.articles[x.id] for x in dict.fromkeys(self.first[x.text_key] for x in texts)]
        got, stats = extract_through(self.cache, todo, self.extract)
        self.failed.update(stats.failed)
        by_id: dict[str, list[Mention]] = {a.id: [] for a in todo}
        for m in got:
            by_id.setdefault(m.article_id, []).append(m)
        return {k: tuple(v) for k, v in by_id.items()}

    # --- 2. one alias index, and each text's naming -----------------------------------

    def name_texts(self) -> None:
        """One alias index over the corpus (as align builds it) and each text's set key."""
        first, names = self.first, self.names
        self.live = [
            x
            for x in self.located
            if x.text_key in names and first[x.text_key].id not in self.failed
        ]
        self.index = build_alias_index(
            [n for x in self.live for n in names[x.text_key][0]], self.tables.aliases
        )
        texts = {x.text_key for x in self.live}
        distinct = {n for tk in texts for group in names[tk] for n in group}
        canonical = {n: self.index.canonical(n) for n in distinct}
        self.keys = {tk: f"{tk}{_SEP}{_naming(names[tk], canonical)}" for tk in texts}
        self.stored = self.cache.get_values("claimsets", list(self.keys.values()))

    def _claim_set(self, key: str) -> ClaimSet | None:
        """A claim set, decoded on first use; None if missing or damaged."""
        if key not in self.sets and key in self.stored:
            owner = self.first[key.split(_SEP, 1)[0]].id
            got = decoded(
                self.stored.pop(key), functools.partial(decode_claimset, article_id=owner)
            )
            if got is not None:
                self.sets[key] = got
        return self.sets.get(key)

    # --- 3. alignment of what is missing ---------------------------------------------

    def align_missing(self) -> None:
        """Align every text whose claims are missing under its current naming."""
        missing = [tk for tk, key in self.keys.items() if key not in self.stored]
        missing += [
            x.text_key
            for x in self.live
            if x.id in self.scope and self._claim_set(self.keys[x.text_key]) is None
        ]
        if missing:
            self._align(list(dict.fromkeys(missing)))

    def _align(self, texts: Sequence[str]) -> None:
        """Align ``texts`` under the current naming and file their claims."""
        absent = [self.first[tk] for tk in texts if tk not in self.mentions]
        if absent:
            extracted = self._extract(absent)
            for x in absent:
                self.mentions[x.text_key] = extracted.get(x.id, ())
        set_rows: list[tuple[str, bytes]] = []
        claim_rows: list[tuple[str, str, bytes]] = []
        quotes = QuoteRows()
        for tk in texts:
            key = self.keys[tk]
            own = [canonical_mention(m, self.index) for m in self.mentions[tk]]
            claims, story = align_article(self.articles[self.first[tk].id], own, self.tables)
            by_block: dict[str, list[Claim]] = {}
            for c in claims:
                by_block.setdefault(_SEP.join(c.key), []).append(c)
            self.sets[key] = ClaimSet(story, tuple(by_block))
            self.fresh[key] = by_block
            set_rows.append((key, encode_claimset(self.sets[key])))
            claim_rows += [(f"{key}{_SEP}{b}", b, encode_claims(g)) for b, g in by_block.items()]
            got = quote_rows(key, by_block.get(_QUOTE_BLOCK, ()))
            quotes.keys += got.keys
            quotes.texts += got.texts
            quotes.pairs += got.pairs
        # One transaction: a claim set is never on file without its claims; the text's
        # claims under an older naming go at the same time.
        self.cache.put_claims(
            set_rows, claim_rows, replace=[tk + _SEP for tk in texts], quotes=quotes
        )

    # --- 4. the scope's blocks ------------------------------------------------------

    def load(self, quote_params: Sequence[QuoteParams]) -> Scoped:
        """The claims of the scope's blocks, every story time, and the scope itself."""
        keys = self.keys
        scope_live = [x for x in self.live if x.id in self.scope]
        blocks = {b for x in scope_live for b in self._known(keys[x.text_key]).blocks}
        plain = blocks - {_QUOTE_BLOCK}
        quoted: Collection[str] = ()
        catalogue = None
        if _QUOTE_BLOCK in blocks and quote_params:
            scope_sets = {keys[x.text_key] for x in scope_live}
            near = near_quotes(self.cache, set(keys.values()), scope_sets, quote_params)
            quoted, catalogue = near.sets, near.catalogue
        by_set = self._claims(sorted(plain), quoted)
        loaded: list[tuple[int, int, Claim]] = []
        for x in self.live:
            key = keys[x.text_key]
            wanted = plain | {_QUOTE_BLOCK} if key in quoted else plain
            for block, group in by_set.get(key, {}).items():
                if block in wanted:
                    loaded += [
                        (x.position, i, _relabel_claim(c, x.id)) for i, c in enumerate(group)
                    ]
        # Read order, and each article's own order inside a block: what align() would give.
        loaded.sort(key=lambda t: (t[0], t[1]))
        return Scoped(
            articles=self.articles,
            scope_articles=tuple(self.articles[x.id] for x in scope_live),
            scope_mentions=tuple(
                _relabel(canonical_mention(m, self.index), x.id)
                for x in scope_live
                for m in self.mentions.get(x.text_key, ())
            ),
            claims=tuple(c for _, _, c in loaded),
            story=_Stories(self),
            failed=tuple(
                sorted(x.id for x in self.located if self.first[x.text_key].id in self.failed)
            ),
            quotes=catalogue,
        )

    def _known(self, key: str) -> ClaimSet:
        got = self._claim_set(key)
        assert got is not None, "every scope text is aligned by align_missing"
        return got

    def _claims(
        self, plain: Sequence[str], quoted: Collection[str]
    ) -> dict[str, dict[str, list[Claim]]]:
        """Claims by claim set and block: every set's in ``plain``, and the quote block's
        of the ``quoted`` sets. A damaged or missing row realigns its text."""
        rows = self.cache.claims_in_blocks(plain)
        rows += self.cache.get_values(
            "claims", [f"{k}{_SEP}{_QUOTE_BLOCK}" for k in quoted]
        ).items()
        owners = {key: tk for tk, key in self.keys.items()}
        by_set: dict[str, dict[str, list[Claim]]] = {}
        damaged: set[str] = set()
        with gc_paused():  # thousands of claims, all alive until the comparison
            for row_key, data in rows:
                set_key, block = _split_claims_key(row_key)
                if set_key not in owners or set_key in self.fresh:
                    continue  # another naming's, or aligned just now
                try:
                    owner = self.first[owners[set_key]].id
                    by_set.setdefault(set_key, {})[block] = list(decode_claims(data, owner))
                except CodecError:
                    damaged.add(set_key)
        wanted = set(plain)
        for set_key in set(by_set) - set(self.fresh):
            told = self._claim_set(set_key)
            need = wanted | {_QUOTE_BLOCK} if set_key in quoted else wanted
            if told is None or not need.intersection(told.blocks) <= set(by_set[set_key]):
                damaged.add(set_key)  # its claim set is damaged, or a row went missing
        if damaged:
            self._align([tk for tk, key in self.keys.items() if key in damaged])
        for key, blocks in self.fresh.items():
            by_set[key] = dict(blocks)
        return by_set

    def story(self, x: Located) -> StoryTime | None:
        """The story time of ``x``, from its claim set (realigned if damaged)."""
        key = self.keys[x.text_key]
        if self._claim_set(key) is None:  # damaged: derive it again
            self._align([x.text_key])
        when = self.sets[key].story
        return None if when is None else _relabel_story(when, x.id)


class _Stories(Mapping[str, StoryTime]):
    """Every compared article's story time, decoded from its claim set on first use.

    The officeholder check asks for the story times of the articles in its blocks, and
    iterates over all of them only when an article does not date itself: most runs
    never decode most of the corpus's claim sets.
    """

    def __init__(self, loader: _Loader) -> None:
        self._loader = loader
        self._where = {x.id: x for x in loader.live}
        self._known: dict[str, StoryTime | None] = {}

    def _get(self, article_id: str) -> StoryTime | None:
        if article_id not in self._known:
            where = self._where.get(article_id)
            self._known[article_id] = None if where is None else self._loader.story(where)
        return self._known[article_id]

    def __getitem__(self, article_id: str) -> StoryTime:
        got = self._get(article_id)
        if got is None:
            raise KeyError(article_id)
        return got

    def __iter__(self) -> Iterator[str]:
        return iter([i for i in self._where if self._get(i) is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


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
