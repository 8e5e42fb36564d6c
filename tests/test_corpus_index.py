"""The corpus index gives exactly what the in-memory pipeline gives, cold and warm.

A scoped run (``check NEW --corpus DIR``) through the cache loads only the blocks the
new articles have claims in; these tests hold it to the uncached run's findings,
evidence, errors and scope, through edits that must invalidate parts of the index: a
changed figure, a new article that changes how a name is canonicalised, a file turned
bad, and damaged rows in the cache file.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck import Config, RunResult, run
from factcheck.resources import default_rules_dir
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


# --- quotations, aliases and files between runs -----------------------------------------

QUOTE_CORPUS = {
    # A chain the check groups: the new article's quote is near harbour-b's, which is near
    # harbour-c's; harbour-c's is not near the new one's, yet it decides the reference.
    "harbour-b.txt": (
        "Harbour deal\n\nThe port of Valmora signed its deal on Monday, June 9, 2025.\n"
        '"The harbour expansion protects every job on the quay," said Ingrid Haugen.\n'
    ),
    "harbour-c.txt": (
        "Harbour vote\n\nDockworkers voted on the Valmora deal on June 10, 2025.\n"
        '"The harbour expansion protects every job on quay," Ingrid Haugen said.\n'
    ),
    # The same words with other numbers are another quotation; with the same, the same.
    "sales-60.txt": (
        "Output plans\n\n"
        '"We will sell 60 percent of the output to our partners next year," said Pavel Orlov.\n'
    ),
    "sales-40.txt": (
        "Output plans\n\n"
        '"We will sell 40 percent of the output to our partners next year," said Anna Lind.\n'
    ),
    # A name known only here: the new article's "Ingrid Haugan" is resolved to it.
    "cranes.txt": (
        "Cranes\n\nIngrid Haugen, chair of the Valmora Port Authority, spoke on Monday.\n"
        '"We never sold a single crane to the buyers from Oslo," said Ingrid Haugen.\n'
    ),
    "cranes-lie.txt": (
        'Cranes again\n\n"We never sold a single crane to the buyers from Oslo," said Tomas Lie.\n'
    ),
    "unrelated.txt": (
        'Weather\n\n"The storm will pass over the northern coast by Friday night," said Eva Holm.\n'
    ),
}
QUOTE_NEW = (
    "Valmora port\n\n"
    '"The harbour expansion protects every single job on the old quay," said Jonas Berg.\n'
    '"We will sell 40 percent of the output to our partners next year," said Jonas Berg.\n'
)
QUOTE_NEW_SPELLING = (
    'Cranes\n\n"We never sold a single crane to the buyers from Oslo," said Ingrid Haugan.\n'
)


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _unseen_then_warm(new: Path, corpus: Path, cache: Path, config: Config) -> dict[str, Any]:
    """The uncached run's facts, after holding the unseen and the warm run to them."""
    plain = _facts(run([new], config, corpus=[corpus]))
    cached = replace(config, cache_dir=cache)
    assert _facts(run([new], cached, corpus=[corpus])) == plain  # unseen
    assert _facts(run([new], cached, corpus=[corpus])) == plain  # warm
    return plain


def test_quotes_near_the_new_ones_give_the_uncached_findings(tmp_path: Path) -> None:
    """Only quotations near the new ones are loaded from the index, near ones of near
    ones included; other numbers inside make another quotation; a speaker's full name
    learned from the corpus names the new article's speaker."""
    corpus, new, cache = tmp_path / "corpus", tmp_path / "new", tmp_path / "cache"
    _write(corpus, QUOTE_CORPUS)
    run([tmp_path / "none"], Config(jobs=1, cache_dir=cache), corpus=[corpus])  # fill it
    _write(new, {"berg.txt": QUOTE_NEW, "haugan.txt": QUOTE_NEW_SPELLING})
    plain = _unseen_then_warm(new, corpus, cache, Config(jobs=1))
    quotes = [f for f in plain["findings"] if f["kind"] == "quote-attribution"]
    cited = {e["article"] for f in quotes for e in f["evidence"]}
    # harbour-c joins only through harbour-b, and makes Ingrid Haugen the reference.
    assert {"harbour-b.txt", "harbour-c.txt"} <= cited
    assert "sales-40.txt" in cited and "sales-60.txt" not in cited
    # "Ingrid Haugan" is Ingrid Haugen: she has two articles, so Tomas Lie differs.
    assert any(
        "cranes-lie.txt attributes" in f["summary"] and "haugan.txt" in f["summary"] for f in quotes
    )
    assert "unrelated.txt" not in cited


def test_quote_pairs_are_capped_by_the_whole_corpus(tmp_path: Path) -> None:
    """With few quotations compared all against all and word pairs capped (rule params),
    the check must count texts and pair users over the whole corpus, not over the
    quotations a scoped run loads: here "we will" is used by more quotations than the
    cap, so the two quotes that share only that pair are never compared."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    pack = rules / "packs" / "core.yaml"
    text = pack.read_text(encoding="utf-8")
    old = "      similarity: 90\n      min_words: 6\n"
    assert text.count(old) == 1
    pack.write_text(text.replace(old, old + "      exhaustive: 1\n      max_bucket: 2\n"), "utf-8")
    corpus, new, cache = tmp_path / "corpus", tmp_path / "new", tmp_path / "cache"
    plans = (
        "Plans\n\n"
        '"We will negotiata everythina carefulla tomorroa," said Marta Kowalski.\n'
        '"Every crane on the quay will be replaced by the spring," said Marta Kowalski.\n'
    )
    fillers = {
        f"filler-{i}.txt": f'Plans\n\n"We will {words}," said {who}.\n'
        for i, (words, who) in enumerate(
            [
                ("build the new terminal before the winter", "Eva Holm"),
                ("never accept the proposal from the ministry", "Pavel Orlov"),
                ("open the northern gate to the trucks again", "Anna Lind"),
            ]
        )
    }
    _write(corpus, {"plans.txt": plans, **fillers})
    _write(
        new,
        {
            "berg.txt": "Plans\n\n"
            '"We will negotiate everything carefully tomorrow," said Jonas Berg.\n'
            '"Every crane on the quay will be replaced by the spring," said Jonas Berg.\n'
        },
    )
    config = Config(jobs=1, rules_dir=rules)
    run([tmp_path / "none"], replace(config, cache_dir=cache), corpus=[corpus])  # fill it
    plain = _unseen_then_warm(new, corpus, cache, config)
    quoted = [f["summary"] for f in plain["findings"] if f["kind"] == "quote-attribution"]
    assert quoted and all("Every crane" in q for q in quoted)


def test_corpus_files_changed_removed_and_added_between_runs(
    tree: tuple[Path, Path, Path],
) -> None:
    """Files are told changed by one walk's stat (size, times, inode), not by reading."""
    corpus, new, cache = tree
    first, _ = _both(new, corpus, cache)
    wire = corpus / "wire.txt"
    # An edit of the same size, with a new modification time.
    edited = CORPUS["wire.txt"].replace("every job on", "every cow on")
    assert len(edited) == len(CORPUS["wire.txt"])
    before = wire.stat()
    wire.write_text(edited, encoding="utf-8")
    os.utime(wire, ns=(before.st_atime_ns, before.st_mtime_ns + 7_000_000_000))
    plain, indexed = _both(new, corpus, cache)
    assert indexed == plain
    assert plain["findings"] != first["findings"]
    # An edit that changes the size; a file removed; a file added.
    (corpus / "daily.md").write_text(
        CORPUS["daily.md"].replace("about 40 percent", "about 41.5 percent"), encoding="utf-8"
    )
    (corpus / "copy-of-wire.txt").unlink()
    (corpus / "late.txt").write_text(
        "Valmora late edition\n\nThe port handles 52% of the country's container traffic.\n",
        encoding="utf-8",
    )
    again, indexed = _both(new, corpus, cache)
    assert indexed == again
    assert again["findings"] != plain["findings"]
