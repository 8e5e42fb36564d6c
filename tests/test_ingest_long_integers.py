"""A valid JSON article holding an integer longer than Python converts by default
(4,300 digits) is read; a field that needs the number says it is too large."""

from __future__ import annotations

import io
import json
from pathlib import Path

from factcheck.cli import ExitCode, main

HUGE = "9" * 5000
TEXT = "China controls 60% of global production, the ministry said on Monday."


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def _facts(path: Path) -> tuple[int, list[dict[str, object]], str]:
    code, out, err = cli("extract", str(path), "--format", "json", "--no-cache")
    return code, json.loads(out)["facts"], err


def test_a_long_integer_in_another_field_does_not_stop_the_record(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(f'{{"id": "a1", "views": {HUGE}, "text": "{TEXT}"}}\n', encoding="utf-8")
    code, facts, err = _facts(feed)
    assert code == ExitCode.OK, err
    assert {f["article"] for f in facts} == {"a1"}
    assert "FC-E008" not in err


def test_a_json_file_with_a_long_negative_integer_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "story.json"
    doc.write_text(
        f'[{{"id": "b1", "score": -{HUGE}, "nested": [{HUGE}], "text": "{TEXT}"}}]',
        encoding="utf-8",
    )
    code, facts, err = _facts(doc)
    assert code == ExitCode.OK, err
    assert {f["article"] for f in facts} == {"b1"}


def test_a_field_that_needs_the_number_names_it(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        f'{{"id": {HUGE}, "title": {HUGE}, "text": "{TEXT}"}}\n{{"id": "c2", "text": {HUGE}}}\n',
        encoding="utf-8",
    )
    code, facts, err = _facts(feed)
    assert code == ExitCode.USAGE  # the second record has no text to read
    assert {f["article"] for f in facts} == {"feed.jsonl#1"}
    assert (
        f"{feed}:1: warning FC-W003: metadata field ignored: 'id' of the record is an "
        "integer of 5000 digits, too large to read; using 'feed.jsonl#1'" in err
    )
    assert "'title' of record feed.jsonl#1 is an integer of 5000 digits, too large" in err
    assert (
        f"{feed}:2: error FC-E007: malformed metadata or record: 'text' of the record is "
        "an integer of 5000 digits, too large to read" in err
    )
    assert "FC-E008" not in err


def test_ordinary_integers_are_still_numbers(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(f'{{"id": 12345, "text": "{TEXT}"}}\n', encoding="utf-8")
    code, facts, _ = _facts(feed)
    assert code == ExitCode.OK and {f["article"] for f in facts} == {"12345"}
