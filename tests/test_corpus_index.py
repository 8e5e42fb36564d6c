"""The corpus index gives exactly what the in-memory pipeline gives, cold and warm.

A scoped run (``check NEW --corpus DIR``) through the cache loads only the blocks the
new articles have claims in; these tests hold it to the uncached run's findings,
evidence, errors and scope, through edits that must invalidate parts of the index: a
changed figure, a new article that changes how a name is canonicalised, a file turned
bad, and damaged rows in the cache file.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from factcheck import Config, RunResult, run
from factcheck.serialize import error_dict, finding_dict
from factcheck.store.cache import FILENAME

CORPUS = {
    "wire.txt": (
        "Port of Valmora deal signed\n\n"
        "The port of Valmora signed its expansion deal with Norway on Monday, June 9, 2025.\n"
        "The port handles 40% of the country's container traffic, the ministry said.\n"
        "Lena Okafor, chairman of the Valmora Dockworkers Union, welcomed the deal.\n"
        '"This deal protects every job on the quay," Okafor said.\n'
    ),
    "copy-of-wire.txt": (
        "Port of Valmora deal signed\n\n"
        "The port of Valmora signed its expansion deal with Norway on Monday, June 9, 2025.\n"
        "The port handles 40% of the country's container traffic, the ministry said.\n"
        "Lena Okafor, chairman of the Valmora Dockworkers Union, welcomed the deal.\n"
        '"This deal protects every job on the quay," Okafor said.\n'
    ),
    "daily.md": (
        "---\ntitle: Valmora expansion\npublished: 2025-06-10\n---\n"
        "Officials approved the Valmora port expansion with Norway on June 9, 2025.\n"
        "The port handles about 40 percent of the country's container traffic.\n"
        "Former President Donald Trump called the deal a disaster on Monday.\n"
    ),
    "feed.jsonl": (
        '{"id": "feed-1", "published": "2025-06-11", "text": "Valmora port workers vote. '
        "The port handles 41% of the country's container traffic, union officials said.\"}\n"
        "{not json}\n"
        '{"id": "feed-2", "text": "The harbour of Eastport handles 12% of regional trade."}\n'
    ),
    "empty.txt": "",
}
NEW = {
    "new-outlet.txt": (
        "Valmora port to grow\n\n"
        "The port handles 65% of the country's container traffic, officials said on Tuesday.\n"
        "Lena Okafor, head of the Coastal Research Institute, spoke at the signing.\n"
        '"This deal protects every job on the quay," said Marco Diaz, the port director.\n'
    ),
    "second.txt": "Valmora port news\n\nThe port handles 40% of the country's container traffic.\n",
}


def _corpus(root: Path) -> tuple[Path, Path]:
    corpus, new = root / "corpus", root / "new"
    for folder, files in ((corpus, CORPUS), (new, NEW)):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return corpus, new


def _facts(result: RunResult) -> dict[str, Any]:
    """Everything a scoped run reports, in a comparable shape."""
    return {
        "findings": [finding_dict(f) for f in result.findings],
        "errors": sorted(
            (e["path"], e["code"], e["message"]) for e in map(error_dict, result.errors)
        ),
        "scope": result.scope,
        "articles": [a.id for a in result.articles],
        "mentions": sorted((m.article_id, m.span.start, m.surface) for m in result.mentions),
    }


def _both(new: Path, corpus: Path, cache: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    plain = run([new], Config(jobs=1), corpus=[corpus])
    indexed = run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus])
    return _facts(plain), _facts(indexed)


@pytest.fixture()
def tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    corpus, new = _corpus(tmp_path)
    return corpus, new, tmp_path / "cache"


def test_cold_and_warm_index_runs_equal_the_in_memory_run(tree: tuple[Path, Path, Path]) -> None:
    corpus, new, cache = tree
    plain, cold = _both(new, corpus, cache)
    assert plain["findings"], "the fixture must produce conflicts"
    assert {"quantity", "person-role", "quote-attribution"} <= {
        f["kind"] for f in plain["findings"]
    }
    assert cold == plain
    warm = _facts(run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus]))
    assert warm == plain
    # The warm run read no corpus file again and aligned nothing.
    result = run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus])
    stats = dict(result.stats)
    assert stats["files_cached"] == len(CORPUS) + len(NEW)
    assert stats["corpus_articles"] == 7


def test_dated_articles_with_no_claim_in_the_new_blocks_still_date_the_story(
    tmp_path: Path,
) -> None:
    """An undated "Biden administration" is weighed against every dated article of the
    corpus, including articles that share no block with it (no name, no quote): a warm
    run must read their story times too, not only the claims of its own blocks."""
    corpus, new = tmp_path / "corpus", tmp_path / "new"
    corpus.mkdir()
    new.mkdir()
    for i in (1, 2, 3):
        (corpus / f"dated{i}.txt").write_text(
            "Port deal offered\n\nNorway offered the United States a share of the Valmora "
            f"port on Monday, March 24, 2025, officials in Oslo said.\nStatement {i} followed.\n",
            encoding="utf-8",
        )
    (new / "undated.txt").write_text(
        "Port deal offered\n\nThe Biden administration met Norway's offer of a share of the "
        "Valmora port to the United States with skepticism.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    plain, cold = _both(new, corpus, cache)
    assert [f["kind"] for f in plain["findings"]] == ["officeholder"]
    assert cold == plain
    warm = _facts(run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus]))
    assert warm == plain


def test_a_changed_corpus_figure_is_seen_by_the_next_run(tree: tuple[Path, Path, Path]) -> None:
    corpus, new, cache = tree
    _both(new, corpus, cache)
    (corpus / "daily.md").write_text(
        CORPUS["daily.md"].replace("about 40 percent", "about 65 percent"), encoding="utf-8"
    )
    plain, indexed = _both(new, corpus, cache)
    assert indexed == plain


def test_a_new_full_name_recanonicalises_old_articles(tree: tuple[Path, Path, Path]) -> None:
    corpus, new, cache = tree
    _both(new, corpus, cache)
    # "Okafor" alone now has one full name to resolve to in the corpus.
    (corpus / "profile.txt").write_text(
        "Union leader profile\n\nLena Okafor, chairman of the Valmora Dockworkers Union, "
        'said on June 12, 2025: "We will not back down."\n',
        encoding="utf-8",
    )
    (new / "third.txt").write_text(
        '"We will not back down," said Okafor of the union on June 12, 2025.\n', encoding="utf-8"
    )
    plain, indexed = _both(new, corpus, cache)
    assert indexed == plain


def test_a_file_turned_bad_is_reported_warm_as_cold(tree: tuple[Path, Path, Path]) -> None:
    corpus, new, cache = tree
    _both(new, corpus, cache)
    (corpus / "wire.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    plain, indexed = _both(new, corpus, cache)
    assert indexed == plain
    assert any(code == "FC-E004" for _, code, _ in indexed["errors"])


def test_damaged_index_rows_are_rebuilt_not_trusted(tree: tuple[Path, Path, Path]) -> None:
    corpus, new, cache = tree
    plain, _ = _both(new, corpus, cache)
    with sqlite3.connect(cache / FILENAME) as db:
        db.execute("UPDATE claims SET value = x'00ff'")
        db.execute("DELETE FROM names WHERE rowid % 2 = 0")
        db.execute("UPDATE articles SET value = x'7801'")
    indexed = _facts(run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus]))
    assert indexed["findings"] == plain["findings"]
    with sqlite3.connect(cache / FILENAME) as db:
        db.execute("UPDATE claimsets SET value = x'00'")
        db.execute("UPDATE files SET value = x'78'")
    indexed = _facts(run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus]))
    assert indexed == plain


def test_an_older_cache_schema_is_rebuilt_without_a_warning(tmp_path: Path) -> None:
    corpus, new = _corpus(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    with sqlite3.connect(cache / FILENAME) as db:
        db.execute("CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(
            "CREATE TABLE mentions(content_hash TEXT PRIMARY KEY, article_id TEXT NOT NULL,"
            " payload BLOB NOT NULL)"
        )
        db.execute("INSERT INTO meta VALUES ('schema', '1')")
    result = run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus])
    assert not [e for e in result.errors if e.code == "FC-W006"]


FIXTURES = Path(__file__).resolve().parent / "fixtures"
_FIRST_NUMBER = re.compile(r"(?<![\w.,])(\d+)(?![\w])")


def test_each_fixture_article_rewritten_as_new_gives_the_in_memory_result(
    tmp_path: Path,
) -> None:
    """The CI case, over and over: a corpus cached once, then one new article at a time
    (a rewrite of a corpus article with one figure changed: a planted conflict), each
    checked unseen and then again warm, and each held to the uncached run."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = [
        *sorted((FIXTURES / "corpus").glob("*/*.*")),
        *sorted((FIXTURES / "extract_golden").glob("*.*")),
        *sorted((FIXTURES / "figures").glob("*.txt")),
    ]
    for src in sources:
        (corpus / f"{src.parent.name}-{src.name}").write_bytes(src.read_bytes())
    cache = tmp_path / "cache"
    run([tmp_path / "none"], Config(jobs=1, cache_dir=cache), corpus=[corpus])  # fill it
    rewritten = 0
    for i, src in enumerate(s for s in sources if s.suffix in (".txt", ".md")):
        text = src.read_text(encoding="utf-8")
        m = _FIRST_NUMBER.search(text.split("\n\n", 1)[-1])
        if m is None:
            continue
        body_at = len(text) - len(text.split("\n\n", 1)[-1])
        start, end = body_at + m.start(1), body_at + m.end(1)
        new = tmp_path / f"new-{i}"
        new.mkdir()
        changed = str(int(m.group(1)) * 3 + 7)
        (new / f"rewrite-{src.name}").write_text(text[:start] + changed + text[end:], "utf-8")
        plain = _facts(run([new], Config(jobs=1), corpus=[corpus]))
        unseen = _facts(run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus]))
        warm = _facts(run([new], Config(jobs=1, cache_dir=cache), corpus=[corpus]))
        assert unseen == plain, src.name
        assert warm == plain, src.name
        rewritten += 1
    assert rewritten >= 8
