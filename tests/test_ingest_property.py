"""Properties of normalisation and the readers on arbitrary input.

normalize never raises; every output position maps into the raw text; a word that was
not altered maps back to the identical raw substring; readers and the decoder fail only
with coded errors.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import FactcheckError, is_fatal
from factcheck.ingest import read_paths, read_text_article
from factcheck.ingest.decode import decode
from factcheck.ingest.normalize import NO_BOILERPLATE, Boilerplate, load_boilerplate, normalize
from factcheck.model import Article, InputError, OffsetMap

BOILERPLATE = load_boilerplate()
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
WORD = re.compile(r"[A-Za-z0-9]+")
# Characters that exercise every rule: glue punctuation, quotes, white space of all
# kinds, invisible characters, line breaks, plus ordinary letters and digits.
NASTY = (
    "aAbZz09 .,;:!?$%#@/-'\"“”‘’–—…\t\n\r\x0b\x0c\u2028\xa0\u3000\u200b\u00ad\u202e\x00\x07\ufeff"
)
text_st = st.text(alphabet=st.sampled_from(NASTY), max_size=200) | st.text(max_size=80)
words_st = st.lists(
    st.sampled_from(
        [
            "U.S.",
            "and",
            "range.Dr",
            "3.5",
            "$1,000",
            "access,especially",
            "e.g.",
            "“Quote”",
            "http://x.io/a,b",
            "\n",
            "  ",
            "Leave a Comment\n",
            "#A #B\n",
        ]
    ),
    max_size=30,
).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_map(raw: str, text: str, offsets: OffsetMap, gaps: bool = False) -> None:
    """Positions map into ``raw``; unaltered words map to identical raw substrings.

    With ``gaps`` (a reader dropped raw text, like a tag between two letters) a word
    whose raw span is longer than the word spans a gap and is not compared.
    """
    assert offsets.norm[0] == 0
    for pos, char in enumerate(text):
        at = offsets.to_raw(pos)
        assert 0 <= at < len(raw), (pos, at)
        if char.isalnum():
            assert raw[at] == char
    for m in WORD.finditer(text):
        span = offsets.span_to_raw(m.start(), m.end())
        source = INVISIBLE.sub("", raw[span.start : span.end])
        if not gaps or len(source) == len(m.group()):
            assert source == m.group()


@SETTINGS
@given(raw=text_st | words_st, shipped=st.booleans())
def test_normalize_whole_text(raw: str, shipped: bool) -> None:
    bp: Boilerplate = BOILERPLATE if shipped else NO_BOILERPLATE
    text, offsets = normalize([(0, raw)], bp)
    check_map(raw, text, offsets)
    assert "  " not in text and "\n\n\n" not in text
    assert text == text.strip()


@SETTINGS
@given(raw=text_st | words_st, data=st.data())
def test_normalize_pieces_with_gaps(raw: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=8)))
    bounds = [0, *cuts, len(raw)]
    pieces: list[tuple[int, str]] = []
    for a, b in itertools.pairwise(bounds):
        if data.draw(st.booleans()):
            pieces.append((a, raw[a:b]))
        elif a < len(raw) and data.draw(st.booleans()):
            pieces.append((a, "\n"))  # a synthetic break, as the HTML reader adds
    text, offsets = normalize(pieces, NO_BOILERPLATE)
    if text:
        check_map(raw, text, offsets, gaps=True)


def check_article(article: Article) -> None:
    for pos, char in enumerate(article.text):
        at = article.offsets.to_raw(pos)
        assert 0 <= at < len(article.raw)
        if char.isalnum():
            assert article.raw[at] in (char, "&")  # "&" when it came from a reference


HTML_TOKENS = (
    "<p>", "</p>", "<div class='share'>", "</div>", "<script>", "</script>", "<br>",
    '<a href="x>y">', "</a>", "<!--", "-->", "<", ">", "&amp;", "&#65;", "&bogus;",
    "<![CDATA[", "]]>", "<nav>", "Word", "3.5", " ", "\n", "U.S.and", "“q”", "&",
)  # fmt: skip
html_st = st.lists(st.sampled_from(HTML_TOKENS), max_size=40).map("".join)


@SETTINGS
@given(raw=html_st | st.text(max_size=100))
def test_html_reader(raw: str) -> None:
    try:
        article = read_text_article(raw, "x.html", boilerplate=NO_BOILERPLATE)
    except FactcheckError as exc:
        assert exc.code == "FC-E003"
        return
    check_article(article)


MD_TOKENS = (
    "---\n", "title: x\n", "date: [\n", "# ", "**", "*", "_", "[link](http://a)", "![i](b)",
    "`", "> ", "- ", "1. ", "Word", " ", "\n", "<b>", "\\*", "<http://x.y>", "```\n",
)  # fmt: skip
md_st = st.lists(st.sampled_from(MD_TOKENS), max_size=40).map("".join)


@SETTINGS
@given(raw=md_st)
def test_markdown_reader(raw: str) -> None:
    try:
        article = read_text_article(raw, "x.md", boilerplate=NO_BOILERPLATE)
    except FactcheckError as exc:
        assert exc.code == "FC-E003"
        return
    check_article(article)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_decode_only_fails_with_coded_errors(data: bytes) -> None:
    try:
        decoded = decode(data)
    except FactcheckError as exc:
        assert exc.code in ("FC-E003", "FC-E004")
        return
    assert decoded.text.strip()


SUFFIXES = (".txt", ".md", ".html", ".json", ".jsonl", ".csv", "")
BYTES_ST = (
    st.binary(max_size=300)
    | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.text(alphabet=st.sampled_from(NASTY), max_size=200).map(str.encode)
    | st.text(max_size=100).map(lambda t: t.encode("utf-16"))
    | html_st.map(str.encode)
    | md_st.map(str.encode)
)
JSON_ST = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
RECORD_ST = st.fixed_dictionaries(
    {},
    optional={
        k: st.text(max_size=40) | JSON_ST for k in ("id", "title", "source", "url", "published")
    }
    | {"text": text_st | words_st | JSON_ST},
)


def check_read(articles: tuple[Article, ...], problems: tuple[InputError, ...]) -> None:
    """What any reader returns is safe to print, write as UTF-8 and index."""
    for article in articles:
        for value in (article.id, article.path, article.title or "", article.source or ""):
            assert value.isprintable(), value
        for value in (article.raw, article.text, article.url or ""):
            value.encode("utf-8")  # no lone surrogates
        assert article.text and article.text == article.text.strip()
        check_article(article)
        assert article.url is None or article.url.startswith(("http://", "https://"))
    for problem in problems:
        assert problem.path.isprintable() and problem.message.isprintable()
        assert problem.code.startswith(("FC-E", "FC-W")) and problem.fatal == is_fatal(problem.code)


@SETTINGS
@given(data=BYTES_ST, suffix=st.sampled_from(SUFFIXES), name=st.text(min_size=1, max_size=12))
def test_read_paths_on_any_bytes_and_name(data: bytes, suffix: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        safe = "".join(c for c in name if c not in "/\x00") or "x"
        try:
            path = Path(folder) / (safe + suffix)
            path.write_bytes(data)
        except (OSError, UnicodeEncodeError):
            return  # a name this file system refuses is not an input anyone can give
        check_read(*read_paths([folder]))


@SETTINGS
@given(records=st.lists(RECORD_ST | JSON_ST, max_size=5), garbage=st.text(max_size=30))
def test_json_records_of_any_shape(records: list[object], garbage: str) -> None:
    feed = "\n".join([json.dumps(r) for r in records] + [garbage])
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "feed.jsonl").write_text(feed, encoding="utf-8")
        (Path(folder) / "all.json").write_text(json.dumps(records), encoding="utf-8")
        articles, problems = read_paths([folder])
        check_read(articles, problems)
        per_line = [
            p.line
            for p in problems
            if p.path.endswith("feed.jsonl") and p.code in ("FC-E007", "FC-E008")
        ]
        lines = feed.count("\n") + 1
        assert all(line is not None and 1 <= line <= lines for line in per_line)


# --- where a JSON record's text is written -----------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(min_size=1, max_size=80).filter(str.strip),
    ascii_only=st.booleans(),
    before=st.dictionaries(st.sampled_from(["id", "title", "meta"]), st.text(max_size=10)),
    indent=st.sampled_from([None, 2]),
)
def test_a_record_text_origin_points_at_its_characters_in_the_file(
    text: str, ascii_only: bool, before: dict[str, str], indent: int | None
) -> None:
    """Every position of a record's text maps to where the file writes it: the file
    from the literal's start to that place decodes to the text before the position."""
    from factcheck.ingest.jsonl import text_origin

    record: dict[str, object] = {**before, "nested": {"text": "not this"}, "text": text}
    written = json.dumps(record, ensure_ascii=ascii_only, indent=indent)
    raw = "\n\n" + written + "\n"
    origin = text_origin(raw, 2, 2 + len(written), record)
    assert origin is not None
    start_line, _, start = origin.locate(0)
    assert raw[start - 1] == '"'
    for pos in range(len(text) + 1):
        line, column, offset = origin.locate(pos)
        assert line == start_line  # a JSON string is written on one line
        assert json.loads('"' + raw[start:offset] + '"') == text[:pos]
        line_start = raw.rfind("\n", 0, offset) + 1
        assert column == offset - line_start + 1
