"""Readers and folder expansion on well-formed input (bad input: test_ingest_bad_input.py)."""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from factcheck.ingest import read_paths, read_text_article
from factcheck.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read_one(path: Path) -> Article:
    articles, errors = read_paths([path])
    assert len(articles) == 1, errors
    return articles[0]


def assert_words_map_back(article: Article) -> None:
    """Each word of ``text`` is the identical substring of ``raw`` at its mapped span."""
    for m in re.finditer(r"[A-Za-z0-9]+", article.text):
        span = article.offsets.span_to_raw(m.start(), m.end())
        assert article.raw[span.start : span.end] == m.group()


def test_plain_text() -> None:
    article = read_one(FIXTURES / "plain.txt")
    assert article.id == "plain.txt"
    assert article.path == str(FIXTURES / "plain.txt")
    assert article.raw == (FIXTURES / "plain.txt").read_text(encoding="utf-8")
    assert article.text.startswith("Library funding vote delayed\n\nThe council delayed")
    assert "March. Officials said the U.S. and state grants" in article.text
    assert "40% of costs, especially" in article.text
    assert "$1,000,000 (about 3.5% of spending) e.g. for new books." in article.text
    assert article.text.endswith("\n\nThe mayor did not comment.")
    for junk in ("Home »", "Also Read", "Next Spring", "#Library", "Akismet", "Comment\n"):
        assert junk not in article.text
    expected_hash = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert article.content_hash == expected_hash
    assert_words_map_back(article)


def test_markdown_front_matter_and_syntax() -> None:
    article = read_one(FIXTURES / "front_matter.md")
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.source == "Coastal Courier"
    assert article.url == "https://example.org/news/bridge-reopens"
    assert article.published == date(2024, 5, 14)
    assert article.text.splitlines()[0] == "Harbour bridge reopens"
    assert "The harbour bridge reopened on Tuesday after eight months of repairs" in article.text
    assert '"We are glad to have it back," said Mayor Ana Ruiz.' in article.text
    assert "Cyclists use the east lane." in article.text
    assert "Repairs began in September. The council" in article.text
    for syntax in ("---", "**", "](", "![", "title:", "bridge.jpg", "`", "> "):
        assert syntax not in article.text
    assert_words_map_back(article)


def test_html_visible_text_and_metadata() -> None:
    article = read_one(FIXTURES / "article.html")
    assert article.title == 'Dam inspection finds "minor" cracks'
    assert article.source == "River News"
    assert article.url == "https://example.net/dam-report?id=7&src=feed"
    assert article.published == date(2024, 6, 2)
    text = article.text
    assert text.startswith("Dam inspection finds minor cracks")
    assert "found 14 minor cracks. The dam holds 3.2 million" in text  # source newline = space
    assert '"There is no danger," said the chief engineer\'s office in a statement.' in text
    assert "statement. Repairs will cost about €400,000." in text
    assert "every 5 years\nunder national law." in text  # <br> ends the line
    assert "a < b, x<3 and bold nested text." in text
    hidden = (
        "not text", "Home", "daily river", "Commented-out", "Share on", "Flood warnings",
        "JavaScript", "Template text", "Hidden paragraph", "Invisible", "SVG label",
        "Great article", "Ask me", "Newsletter", "©", "href",
    )  # fmt: skip
    for phrase in hidden:
        assert phrase not in text, phrase
    assert text.endswith("\nUnclosed tag at the end")  # the tag cut off by EOF is dropped
    assert article.raw == (FIXTURES / "article.html").read_text(encoding="utf-8")
    assert_words_map_back(article)


def test_html_entities_map_to_their_reference() -> None:
    article = read_one(FIXTURES / "article.html")
    euro = article.text.index("€")
    assert article.raw.startswith("&euro;", article.offsets.to_raw(euro))
    quote = article.text.index('"There')
    assert article.raw.startswith("&ldquo;", article.offsets.to_raw(quote))


def test_jsonl_records() -> None:
    articles, errors = read_paths([FIXTURES / "records.jsonl"])
    by_id = {a.id: a for a in articles}
    assert list(by_id) == ["wire-1", "records.jsonl#4", "wire-5"]
    wire = by_id["wire-1"]
    assert (wire.title, wire.source, wire.url) == ("Port strike", "Wire", "https://example.com/w1")
    assert wire.published == date(2024, 3, 1)
    assert wire.path == str(FIXTURES / "records.jsonl")
    # raw is the record's text value, so spans index the article text, not the file
    assert wire.raw.startswith("Dock workers began a 48-hour strike on Friday.The union")
    assert wire.text.startswith("Dock workers began a 48-hour strike on Friday. The union")
    assert by_id["wire-5"].text == 'Café owners said "business is slow" near the port.'
    assert [(e.code, e.line) for e in errors] == [
        ("FC-E008", 2),
        ("FC-W003", 4),
        ("FC-E007", 5),
        ("FC-E007", 6),
    ]
    for article in articles:
        assert_words_map_back(article)


def test_json_array_records() -> None:
    articles, errors = read_paths([FIXTURES / "records.json"])
    assert errors == ()
    assert [a.id for a in articles] == ["a1", "2"]
    assert articles[1].title == "Second"
    assert articles[1].text == "Fares rose by 8% in January."


def test_json_single_object_and_fallback_ids(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('\n\n{"text": "Only one record."}', encoding="utf-8")
    (tmp_path / "many.json").write_text(
        '[\n{"text": "First."},\n\n{"text": "Second."}\n]', encoding="utf-8"
    )
    articles, errors = read_paths([tmp_path])
    assert errors == ()
    assert [a.id for a in articles] == ["many.json#2", "many.json#4", "one.json#3"]


def test_folder_expansion_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    for rel in (
        "b.txt", "a.md", "sub/c.html", "sub/deeper/d.json", ".git/e.txt", ".factcheck/f.txt",
        ".hidden.txt", "notes.yaml", "image.png", "factcheck-reviews.yaml", "sub/g.htm",
        "sub/h.markdown", "sub/i.jsonl", "UPPER.TXT",
    ):  # fmt: skip
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".json"):
            path.write_text('{"id": "rec", "text": "Record text."}', encoding="utf-8")
        elif rel.endswith(".jsonl"):
            path.write_text('{"text": "Line text."}\n', encoding="utf-8")
        else:
            path.write_text(f"Text of {rel}.", encoding="utf-8")
    articles, errors = read_paths([tmp_path])
    assert errors == ()
    assert [a.id for a in articles] == [
        "UPPER.TXT", "a.md", "b.txt", "c.html", "rec", "g.htm", "h.markdown", "i.jsonl#1",
    ]  # fmt: skip


def test_same_name_in_two_folders_gets_relative_path_ids(tmp_path: Path) -> None:
    for folder in ("reuters", "ap"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story from {folder}.", encoding="utf-8")
    (tmp_path / "unique.txt").write_text("Unique story.", encoding="utf-8")
    articles, _ = read_paths([tmp_path])
    assert [a.id for a in articles] == ["ap/story.txt", "reuters/story.txt", "unique.txt"]


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Once.", encoding="utf-8")
    articles, errors = read_paths([path, tmp_path, str(path)])
    assert [a.id for a in articles] == ["a.txt"]
    assert errors == ()


def test_duplicate_record_ids_are_renamed_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n', encoding="utf-8"
    )
    articles, errors = read_paths([tmp_path])
    assert [a.id for a in articles] == ["x", "x~2"]
    assert [(e.code, e.fatal) for e in errors] == [("FC-W005", False)]


def test_rules_dir_replaces_the_boilerplate(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "boilerplate.yaml").write_text("lines:\n  - 'DROP ME'\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Keep.\nDROP ME\nLeave a Comment\n", encoding="utf-8")
    articles, _ = read_paths([tmp_path / "a.txt"], rules_dir=rules)
    assert articles[0].text == "Keep.\nLeave a Comment"


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("inline.txt", "It rose 5%.The end.", "It rose 5%. The end."),
        ("x.md", "---\ntitle: T\n---\n# Head\n\n*Body* text.", "Head\n\nBody text."),
        ("x.html", "<p>One &amp; two</p><script>x</script>", "One & two"),
    ],
)
def test_read_text_article(name: str, raw: str, expected: str) -> None:
    article = read_text_article(raw, name)
    assert article.id == name
    assert article.raw == raw
    assert article.text == expected
    assert_words_map_back(article)


def test_seed_like_copy_paste_is_cleaned(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "copy.txt")
    articles, errors = read_paths([tmp_path])
    assert errors == ()
    assert "Akismet" not in articles[0].text


def test_header_inside_the_article_is_kept() -> None:
    html = (
        "<header>Site menu</header><article><header><h1>Bridge closes</h1></header>"
        "<p>Body.</p><footer>Tags: bridge</footer></article>"
    )
    assert read_text_article(html, "x.html").text == "Bridge closes\n\nBody."


def test_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    articles, errors = read_paths(str(tmp_path))  # a str is a Sequence[str] too
    assert ([a.id for a in articles], errors) == (["a.txt"], ())
