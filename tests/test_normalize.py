"""normalize(): clean-up rules, boilerplate rules and the offset map back to raw text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.ingest.normalize import (
    NO_BOILERPLATE,
    Block,
    Boilerplate,
    load_boilerplate,
    normalize,
)
from factcheck.resources import RulesDataError


def norm(raw: str, bp: Boilerplate = NO_BOILERPLATE) -> str:
    return normalize([(0, raw)], bp)[0]


def assert_maps_back(raw: str, pieces: list[tuple[int, str]] | None = None) -> None:
    """Every word of the output maps back to the identical raw substring."""
    text, offsets = normalize(pieces or [(0, raw)], NO_BOILERPLATE)
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        span = offsets.span_to_raw(m.start(), m.end())
        assert raw[span.start : span.end] == m.group(), m.group()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The U.S.and Russia", "The U.S. and Russia"),
        ("the range.Dr Smith", "the range. Dr Smith"),
        ("access,especially", "access, especially"),
        ("costs,Russia said", "costs, Russia said"),
        ("in 2023.The deal", "in 2023. The deal"),
        ("Mr.Smith left", "Mr. Smith left"),
        ("e.g.the port", "e.g. the port"),
        ("he said.“We agree”", 'he said. "We agree"'),
        ("“It is done.”Then he left", '"It is done." Then he left'),
        ("Read;Council", "Read; Council"),
        ("Note:The vote", "Note: The vote"),
        ("What?No way", "What? No way"),
        ("wait...Then", "wait... Then"),
    ],
)
def test_inserts_missing_space(raw: str, expected: str) -> None:
    assert norm(raw) == expected
    assert_maps_back(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "It grew 3.5% to $1,000 and 1,234,567 units.",
        "The U.S. economy",
        "The U.S.",
        "e.g. this",
        "Ph.D. student",
        "the U.S.A today",
        "see https://example.com/a,b.Foo?x=1,Y=2 now",
        "www.Example.com/News.Today",
        "mail j.doe@Example.COM,Bob",
        "at 10:30 on 2024-03-01",
        "ASP.NET and node.js",
        "tags #Budget,Council",
    ],
)
def test_keeps_text_that_only_looks_glued(raw: str) -> None:
    assert norm(raw) == raw


def test_quotes_and_dashes_become_ascii_one_for_one() -> None:
    raw = "“Yes” – it’s ‘final’ — ok″"
    text, offsets = normalize([(0, raw)])
    assert text == "\"Yes\" - it's 'final' - ok\""
    assert len(text) == len(raw)
    assert offsets.norm == (0,)  # no shift at all


def test_white_space_lines_and_paragraphs() -> None:
    raw = "  One\t\ttwo   three  \r\nnext line\n\n\n\n  \nnew para\u00a0here\n\n"
    assert norm(raw) == "One two three\nnext line\n\nnew para here"


def test_invisible_and_control_characters_are_deleted() -> None:
    raw = "zero\u200bwidth soft\u00adhyphen bidi\u202egone\x07bell \ufeffbom"
    text, offsets = normalize([(0, raw)])
    assert text == "zerowidth softhyphen bidigonebell bom"
    # a word with a deleted character inside maps to the raw text including it
    span = offsets.span_to_raw(0, len("zerowidth"))
    assert raw[span.start : span.end] == "zero\u200bwidth"


def test_every_line_break_kind_ends_a_line() -> None:
    assert norm("a\rb\r\nc\u2028d\x0ce") == "a\nb\nc\nd\ne"


def test_offsets_map_words_back_after_shifts() -> None:
    raw = "  Lead  text,glued.Then more “quoted” text\n\n\nend.Done"
    text, offsets = normalize([(0, raw)])
    assert text == 'Lead text, glued. Then more "quoted" text\n\nend. Done'
    assert_maps_back(raw)
    # an inserted space maps to the raw character after it
    space = text.index("glued. ") + len("glued.")
    assert raw[offsets.to_raw(space)] == "T"


def test_pieces_with_gaps_map_to_their_raw_offsets() -> None:
    raw = "<p>First</p><p>Second&amp;third</p>"
    pieces = [(3, "First"), (8, "\n"), (15, "Second"), (21, "&"), (26, "third")]
    text, offsets = normalize(pieces)
    assert text == "First\nSecond&third"
    span = offsets.span_to_raw(text.index("Second"), text.index("Second") + 6)
    assert raw[span.start : span.end] == "Second"
    span = offsets.span_to_raw(text.index("third"), len(text))
    assert raw[span.start : span.end] == "third"


def test_breakpoints_only_where_the_mapping_shifts() -> None:
    text, offsets = normalize([(0, "a" * 10_000 + "  " + "b" * 10_000)])
    assert len(text) == 20_001
    assert len(offsets.norm) == 2


def test_empty_and_blank_input() -> None:
    assert normalize([]) == ("", normalize([(0, "")])[1])
    assert norm(" \n\t\n\u200b ") == ""


def test_boilerplate_lines_phrases_and_blocks() -> None:
    bp = Boilerplate(
        lines=(re.compile(r"(?i)leave a comment"),),
        phrases=(re.compile(r"^Post a Comment(?=[A-Z])"),),
        blocks=(
            Block(re.compile(r"Widget"), re.compile(r".{0,40}"), re.compile(r"Consent\.")),
            Block(re.compile(r"Also Read;.*"), re.compile(r"([A-Z]\w*\s*){1,4}"), max_lines=2),
        ),
    )
    raw = (
        "Intro line.\nLeave a comment\nPost a CommentThe real text.\n"
        "Widget\nHello there\n\nConsent.Kept after consent.\n"
        "Also Read; Some Headline\nWrapped Title\nNot a title, lowercase words.\n"
        "Widget\nno end marker here\n"
    )
    assert norm(raw, bp) == (
        "Intro line.\nThe real text.\nKept after consent.\n"
        "Not a title, lowercase words.\nWidget\nno end marker here"
    )


def test_shipped_boilerplate_rules(tmp_path: Path) -> None:
    bp = load_boilerplate()
    raw = (
        "Home » News » Story title\n"
        "Story title\n"
        "Body text about the port.\n"
        "#Port #Strike #Wire\n"
        'video-container">\n'
        "Leave a Comment\n"
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.\n"
        "×\nAvatar\nExample News\nExample News Chatbot\nHello, would you like to know more?\n \n\n"
        "By using this chatbot, you consent to the collection of data. "
        "Your data will only be used to assist.Second body paragraph.\n"
        "No comments:\nPost a CommentLast paragraph.\n"
    )
    assert norm(raw, bp) == (
        "Story title\nBody text about the port.\nSecond body paragraph.\nLast paragraph."
    )


def test_boilerplate_yaml_errors_name_the_entry(tmp_path: Path) -> None:
    (tmp_path / "boilerplate.yaml").write_text("lines:\n  - '(unclosed'\n", encoding="utf-8")
    with pytest.raises(RulesDataError, match=r"lines\[0\]"):
        load_boilerplate(tmp_path)
    (tmp_path / "boilerplate.yaml").write_text("blocks:\n  - follow: x\n", encoding="utf-8")
    with pytest.raises(RulesDataError, match=r"blocks\[0\]"):
        load_boilerplate(tmp_path)
    (tmp_path / "boilerplate.yaml").write_text("", encoding="utf-8")
    assert load_boilerplate(tmp_path) == Boilerplate()
