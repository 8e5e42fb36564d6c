"""facts.csv and ``extract --format csv``: one fixed column set, and no live formulas."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from factcheck.cli import ExitCode, main

ROOT = Path(__file__).resolve().parent.parent
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
EVIL_NAME = '=HYPERLINK(A1,"click").txt'
EVIL_TEXT = (
    "@SUM(1+1) China controls 60% of global production, the ministry said.\n\n"
    "=1+2 Russia offered up to 2 million tons on Monday, March 24, 2025.\n"
)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _documented_columns() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"`facts\.csv` columns(.*?)`span` is written", readme, re.DOTALL)
    assert found, "README documents the facts.csv columns"
    return re.findall(r"`([a-z_]+)`", found.group(1))


def _check_neutralised(rows: list[list[str]]) -> None:
    header, body = rows[0], rows[1:]
    assert body
    for row in body:
        assert len(row) == len(header), row
        for cell in row:
            if re.fullmatch(r"-?[0-9.e+-]+", cell):
                continue  # a number, written as a number
            assert not cell.startswith(DANGEROUS), (cell, row)


def test_formula_cells_are_neutralised_in_extract_csv(tmp_path: Path) -> None:
    (tmp_path / EVIL_NAME).write_text(EVIL_TEXT, encoding="utf-8")
    code, out, err = cli("extract", str(tmp_path), "--format", "csv", "--no-cache")
    assert code == ExitCode.OK, err
    rows = _rows(out)
    _check_neutralised(rows)
    assert {r[0] for r in rows[1:]} == {"'" + EVIL_NAME}
    sentences = {r[rows[0].index("sentence")] for r in rows[1:]}
    assert any(s.startswith("'@SUM(1+1)") or s.startswith("'=1+2") for s in sentences), sentences


def test_formula_cells_are_neutralised_in_facts_csv(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / EVIL_NAME).write_text(EVIL_TEXT, encoding="utf-8")
    code, _, err = cli("report", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-cache")
    assert code == ExitCode.OK, err
    rows = _rows((tmp_path / "out" / "facts.csv").read_text(encoding="utf-8"))
    _check_neutralised(rows)
    assert {r[0] for r in rows[1:]} == {"'" + EVIL_NAME}


def test_one_documented_column_set_for_every_fact_type(tmp_path: Path) -> None:
    code, out, err = cli("extract", str(ROOT / "seeds"), "--format", "csv", "--no-cache")
    assert code == ExitCode.OK, err
    rows = _rows(out)
    header = rows[0]
    assert header == _documented_columns()
    types = {r[1] for r in rows[1:]}
    assert types == {"quantity", "date", "figure"}
    quantities = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[1] == "quantity"]
    # the columns the first fact (a date on the seeds) lacked are there and filled
    assert all(q["dimension"] for q in quantities)
    assert any(q["low"] and q["high"] for q in quantities)
    # and JSON agrees with CSV on which facts there are
    code, out, _ = cli("extract", str(ROOT / "seeds"), "--format", "json", "--no-cache")
    assert len(rows) - 1 == len(json.loads(out)["facts"])


def test_an_empty_extraction_still_has_the_whole_header(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Nothing checkable here at all, friends.\n", "utf-8")
    code, out, _ = cli("extract", str(tmp_path), "--format", "csv", "--no-cache")
    assert code == ExitCode.OK
    assert _rows(out) == [_documented_columns()]
