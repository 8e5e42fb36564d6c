"""Every kind of bad input becomes a coded, one-line InputError and the run goes on."""

from __future__ import annotations

import codecs
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import factcheck.ingest as ingest
from factcheck.errors import describe
from factcheck.ingest import read_paths, read_text_article
from factcheck.model import Article, InputError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = "The council met on Monday."


def run(*paths: str | Path, **kwargs: Any) -> tuple[tuple[Article, ...], tuple[InputError, ...]]:
    articles, errors = read_paths(list(paths), **kwargs)
    for error in errors:
        assert "\n" not in describe(error) and "\r" not in describe(error)
        assert error.code.startswith("FC-")
        assert error.fatal == error.code.startswith("FC-E")
    return articles, errors


def codes(errors: tuple[InputError, ...]) -> list[str]:
    return [e.code for e in errors]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_missing_path_does_not_stop_the_run(tmp_path: Path, good: Path) -> None:
    articles, errors = run(tmp_path / "nope.txt", good, "bad\x00path")
    assert [a.id for a in articles] == ["good.txt"]
    assert codes(errors) == ["FC-E001", "FC-E001"]
    assert errors[0].path == str(tmp_path / "nope.txt")


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    _, errors = run(tmp_path / "dangling.txt")
    assert codes(errors) == ["FC-E001"]
    assert "broken symbolic link" in errors[0].message


def test_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _, errors = run(tmp_path / "empty", tmp_path / "other")
    assert codes(errors) == ["FC-E002", "FC-E002"]
    assert "1 other file(s) ignored" in errors[1].message


@pytest.mark.parametrize("name", ["empty.txt", "whitespace.txt"])
def test_empty_files(name: str) -> None:
    articles, errors = run(FIXTURES / name)
    assert articles == ()
    assert codes(errors) == ["FC-E003"]


def test_only_boilerplate_is_empty(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<nav>Menu</nav><script>x()</script>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Leave a Comment\nNo comments:\n", encoding="utf-8")
    _, errors = run(tmp_path)
    assert codes(errors) == ["FC-E003", "FC-E003"]


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("nul.txt", None, "NUL"),
        ("doc.txt", b"%PDF-1.4\n...", "PDF"),
        ("img.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        ("pic.txt", b"GIF89a\x01\x00\x01\x00", "GIF"),
        ("bundle.json", b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        ("ctrl.txt", bytes(range(1, 9)) * 50 + b"some words", "control characters"),
    ],
)
def test_binary_files(tmp_path: Path, name: str, data: bytes | None, detail: str) -> None:
    path = tmp_path / name
    if data is None:
        shutil.copy(FIXTURES / "binary.txt", path)
    else:
        path.write_bytes(data)
    articles, errors = run(path)
    assert articles == ()
    assert codes(errors) == ["FC-E004"]
    assert detail in errors[0].message


def test_file_over_the_size_limit(tmp_path: Path, good: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 1_000_001)  # just over the 5 MB default
    articles, errors = run(big, good)
    assert [a.id for a in articles] == ["good.txt"]
    assert codes(errors) == ["FC-E005"]
    assert "5,000,005 bytes" in errors[0].message
    _, errors = run(good, max_bytes=10)
    assert codes(errors) == ["FC-E005"]


def test_cp1252_is_decoded_with_a_warning() -> None:
    articles, errors = run(FIXTURES / "cp1252.txt")
    assert articles[0].text == (
        'The minister\'s "final" offer - €5 million - was rejected by the café owners.'
    )
    assert articles[0].raw.startswith("The minister\u2019s \u201cfinal\u201d")
    assert [(e.code, e.fatal, e.line) for e in errors] == [("FC-W001", False, 1)]
    assert "cp1252" in errors[0].message
    assert articles[0].warnings == (f"FC-W001 {errors[0].message}",)


def test_mostly_utf8_keeps_its_utf8_characters(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Line one “quoted”.\n".encode() + b"Stray \x93byte\x94.")
    articles, errors = run(path)
    assert articles[0].raw == "Line one “quoted”.\nStray “byte”."
    assert [(e.code, e.line) for e in errors] == [("FC-W001", 2)]


def test_undefined_cp1252_bytes_fall_back_to_latin1(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"Caf\xe9 \x81 menu")
    articles, errors = run(tmp_path / "x.txt")
    assert articles[0].raw == "Café \x81 menu"
    assert articles[0].text == "Café menu"
    assert "latin-1" in errors[0].message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_unicode_with_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(("\ufeff" + "Zürich: 2.4 m.").encode(encoding))
    articles, errors = run(path)
    assert errors == ()
    assert articles[0].raw == "Zürich: 2.4 m."


def test_utf16_fixture_and_utf8_bom(tmp_path: Path) -> None:
    articles, errors = run(FIXTURES / "utf16_bom.txt")
    assert errors == ()
    assert articles[0].text == "The river rose 2.4 metres in Zürich on Sunday."
    (tmp_path / "bom8.txt").write_bytes(codecs.BOM_UTF8 + b"Plain text.")
    articles, _ = run(tmp_path / "bom8.txt")
    assert articles[0].raw == "Plain text."


def test_utf16_without_bom_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes("No mark here, just text.".encode("utf-16-le"))
    articles, errors = run(tmp_path / "x.txt")
    assert articles[0].text == "No mark here, just text."
    assert codes(errors) == ["FC-W001"]


def test_malformed_front_matter_is_a_warning_with_a_line() -> None:
    articles, errors = run(FIXTURES / "bad_front_matter.md")
    assert articles[0].text == "The water authority said supply would resume by Friday."
    assert articles[0].title is None
    assert [(e.code, e.fatal) for e in errors] == [("FC-W002", False)]
    assert errors[0].line is not None and 2 <= errors[0].line <= 4
    assert "malformed YAML" in errors[0].message


def test_front_matter_problems(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text("---\n- a\n- b\n---\nBody.", encoding="utf-8")
    (tmp_path / "date.md").write_text(
        "---\ntitle: T\ndate: 2024-13-45\n---\nBody.", encoding="utf-8"
    )
    (tmp_path / "field.md").write_text(
        "---\ntitle: [1, 2]\npublished: someday\n---\nBody.", encoding="utf-8"
    )
    articles, errors = run(tmp_path)
    assert [a.text for a in articles] == ["Body.", "Body.", "Body."]
    assert [(e.path.rsplit("/", 1)[-1], e.code, e.line) for e in errors] == [
        ("date.md", "FC-W002", 2),
        ("field.md", "FC-W003", 2),
        ("field.md", "FC-W003", 3),
        ("list.md", "FC-W002", 2),
    ]


def test_unclosed_front_matter_is_read_as_text() -> None:
    articles, errors = run(FIXTURES / "unclosed_front_matter.md")
    assert articles[0].text == "The authority said nothing else."
    assert [(e.code, e.line) for e in errors] == [("FC-W002", 1)]


def test_malformed_json_lines_keep_the_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "1", "text": "First."}\n{"id": "2", "text": \n'
        '{"id": "3", "text": "Third."}\n[[[[[[\n{"id": "5", "text": 12}\n'
        '{"id": "6", "text": "   "}\n{"id": "7", "text": "Seventh.", "url": 3}\n',
        encoding="utf-8",
    )
    articles, errors = run(path)
    assert [a.id for a in articles] == ["1", "3", "7"]
    assert [(e.code, e.line) for e in errors] == [
        ("FC-E008", 2),
        ("FC-E008", 4),
        ("FC-E007", 5),
        ("FC-E003", 6),
        ("FC-W003", 7),
    ]


def test_malformed_json_documents(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(
        '[{"id": "ok", "text": "Kept."},\n {"id": "bad" "text": "x"}]', encoding="utf-8"
    )
    (tmp_path / "b.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "c.json").write_text('{"text": ' + "9" * 5000 + "}", encoding="utf-8")
    (tmp_path / "d.json").write_text('"just a string"', encoding="utf-8")
    (tmp_path / "e.json").write_text('{"text": "A."} trailing', encoding="utf-8")
    (tmp_path / "f.json").write_text("[]", encoding="utf-8")
    articles, errors = run(tmp_path)
    assert [a.id for a in articles] == ["ok", "e.json#1"]
    assert [(e.path[-6:], e.code, e.line) for e in errors] == [
        ("a.json", "FC-E008", 2),
        ("b.json", "FC-E008", None),
        ("c.json", "FC-E007", 1),  # valid JSON: 'text' is a number, too large to read
        ("d.json", "FC-E008", 1),
        ("e.json", "FC-E008", 1),
        ("f.json", "FC-E003", None),
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_permission_denied(tmp_path: Path, good: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "x.txt").write_text("x", encoding="utf-8")
    closed.chmod(0)
    try:
        articles, errors = run(tmp_path)
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    assert [a.id for a in articles] == ["good.txt"]
    assert sorted(codes(errors)) == ["FC-E006", "FC-E006"]


def test_permission_denied_simulated(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    real_open = open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)
    articles, errors = run(tmp_path)
    assert [a.id for a in articles] == ["good.txt"]
    assert [(e.code, e.message) for e in errors] == [("FC-E006", "cannot read: permission denied")]


def test_symlink_loops(tmp_path: Path, good: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    articles, errors = run(tmp_path, tmp_path / "a.txt")
    assert [a.id for a in articles] == ["good.txt"]
    assert codes(errors) == ["FC-E009"] * 4
    assert "leads back" in errors[2].message


def test_not_a_regular_file(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.txt")
    for path in (tmp_path / "pipe.txt", tmp_path):  # must not block on the FIFO
        _, errors = run(path)
        assert codes(errors) == ["FC-E006"]
        assert "not a regular file" in errors[0].message


@pytest.mark.parametrize(
    "name", ["my story 1.txt", "Zürich – Bericht.md", "新闻 报道.html", "a'b\".txt"]
)
def test_awkward_file_names(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(GOOD, encoding="utf-8")
    articles, errors = run(path)
    assert errors == ()
    assert articles[0].id == name
    assert articles[0].path == str(path)
    articles, errors = run(tmp_path)
    assert (errors, articles[0].id) == ((), name)


def test_unknown_suffix_and_reviews_file(tmp_path: Path) -> None:
    (tmp_path / "story").write_text(GOOD, encoding="utf-8")
    (tmp_path / "factcheck-reviews.yaml").write_text("version: 1\n", encoding="utf-8")
    articles, errors = run(tmp_path / "story", tmp_path / "factcheck-reviews.yaml")
    assert [a.id for a in articles] == ["story"]
    assert [(e.code, e.fatal) for e in errors] == [("FC-W004", False), ("FC-E010", True)]


def test_reader_crash_becomes_an_error(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: Any) -> Any:
        raise RuntimeError("bug")

    (tmp_path / "x.md").write_text("# Title", encoding="utf-8")
    monkeypatch.setitem(ingest.READERS, ".md", boom)
    articles, errors = run(tmp_path)
    assert [a.id for a in articles] == ["good.txt"]
    assert codes(errors) == ["FC-E011"]
    assert "RuntimeError: bug" in errors[0].message


def test_whole_fixture_folder_never_raises() -> None:
    articles, errors = run(FIXTURES)
    assert len(articles) >= 8
    assert {"FC-E003", "FC-E004", "FC-E008", "FC-W001", "FC-W002"} <= set(codes(errors))


@pytest.mark.timeout(300)  # a hang guard, not a speed test
@pytest.mark.parametrize(
    "unit",
    ["<a ", "<a b='", '<a b="', "</", "<![CDATA[", "<!", "<?", "<!--", "<div>", '<a x="<b" '],
)
def test_hostile_html_is_linear(unit: str) -> None:
    """4x the input costs about 4x the work (10x allowed; quadratic would be 16x).

    Measured as this process's CPU time, best of five, so other work on the machine
    does not count; no absolute time is asserted.
    """

    def cost(size: int) -> float:
        html = "<p>Lead text.</p>" + unit * (size // len(unit))
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            try:
                read_text_article(html, "hostile.html")
            except Exception as exc:  # only the "no text" error is acceptable
                assert getattr(exc, "code", None) == "FC-E003"
            best = min(best, time.process_time() - start)
        return best

    small, large = cost(100_000), cost(400_000)
    assert large < 10 * max(small, 0.001), (small, large)


def test_deeply_nested_html() -> None:
    html = "<div>" * 100_000 + "Deep text." + "</div>" * 100_000
    assert read_text_article(html, "deep.html").text == "Deep text."


def test_only_web_urls_are_kept(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"id": "x", "url": "javascript:alert(1)", "title": "Two\\nlines", "text": "Body."}\n',
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("---\nurl: data:text/html,hi\n---\nBody.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        '<link rel="canonical" href="/relative"><meta property="og:url" '
        'content="https://example.com/c"><p>Body.</p>',
        encoding="utf-8",
    )
    articles, errors = run(tmp_path)
    assert [(a.url, a.title) for a in articles] == [
        (None, "Two lines"),
        (None, None),
        ("https://example.com/c", None),
    ]
    assert errors == ()  # dropped silently: the formatters never link them either


@pytest.mark.timeout(120)  # expanded, the bomb is 9**9 items: it would hang, not fail
def test_yaml_alias_bomb_in_front_matter() -> None:
    levels = "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    raw = f"---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n{levels}title: *i\n---\nBody."
    article = read_text_article(raw, "bomb.md")
    assert (article.title, article.text) == (None, "Body.")
    assert article.warnings[0].startswith("FC-W003")
