"""The must-not-crash list (quantulum3 keeps ``errors.json``): every input in
``tests/fixtures/must_not_crash.jsonl`` goes through the whole pipeline in one CLI run.

Each line is one input: ``name`` and ``suffix`` name the file; its content is ``text``
(or ``hex`` for raw bytes), repeated ``repeat`` times between ``prefix`` and
``suffix_text``, so that a million digits stays one short line here. ``note`` says
why the input is on the list. Add every input that ever crashed or hung a run.

Nothing may crash (exit 3, an exception, a reader or extractor error: FC-E011 /
FC-E012), nothing may run out of its time budget (FC-E013), every file ends up either
read or reported by name, and the HTML report carries no markup from the inputs.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from factcheck.cli import ExitCode, main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from report_audit import audit  # noqa: E402

CASES = ROOT / "tests" / "fixtures" / "must_not_crash.jsonl"


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]


def content(case: dict[str, Any]) -> bytes:
    body = bytes.fromhex(case["hex"]) if "hex" in case else case["text"].encode("utf-8")
    before = case.get("prefix", "").encode("utf-8")
    after = case.get("suffix_text", "").encode("utf-8")
    return before + body * case.get("repeat", 1) + after


def test_the_list_is_well_formed() -> None:
    cases = load_cases()
    names = [c["name"] + c["suffix"] for c in cases]
    assert len(names) == len(set(names)) >= 60
    for c in cases:
        assert set(c) <= {
            "name",
            "suffix",
            "text",
            "hex",
            "repeat",
            "prefix",
            "suffix_text",
            "note",
        }
        assert ("text" in c) != ("hex" in c), c["name"]
    sizes = {c["name"]: len(content(c)) for c in cases}
    assert sizes["million-digits"] > 1_000_000  # the "a million digits"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path, list[Path]]:
    folder = tmp_path_factory.mktemp("must-not-crash")
    files = []
    for case in load_cases():
        path = folder / "in" / (case["name"] + case["suffix"])
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content(case))
        files.append(path)
    out, err = io.StringIO(), io.StringIO()
    argv = ["report", str(folder / "in"), "-o", str(folder / "out"), "--jobs", "1"]
    code = main([*argv, "--cache-dir", str(folder / "cache")], out, err)
    return code, err.getvalue(), folder / "out", files


def test_nothing_crashes_or_hangs(run: tuple[int, str, Path, list[Path]]) -> None:
    code, err, out, _ = run
    assert code in (ExitCode.OK, ExitCode.USAGE), err
    assert "internal error" not in err
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    bugs = [e for e in data["errors"] if e["code"] in ("FC-E011", "FC-E012", "FC-E013")]
    assert bugs == []


def test_every_file_is_read_or_named(run: tuple[int, str, Path, list[Path]]) -> None:
    _, _, out, files = run
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    accounted = {a["path"] for a in data["articles"]} | {e["path"] for e in data["errors"]}
    assert {str(f) for f in files} - accounted == set()
    assert len(data["articles"]) >= 50


def test_report_is_clean(run: tuple[int, str, Path, list[Path]]) -> None:
    _, _, out, _ = run
    assert audit((out / "report.html").read_text(encoding="utf-8")) == []
