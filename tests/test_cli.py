"""The command line, called in-process through cli.main (exit codes and exact outputs)."""

import io
import json
import re
from pathlib import Path
from typing import TextIO

import pytest

from factcheck.cli import COMMANDS, ExitCode, main
from factcheck.formatters import FormatOptions
from factcheck.model import RunResult

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_report_writes_html_json_and_csv(corpus_dir: Path, tmp_path: Path) -> None:
    code, out, _ = _run("report", str(corpus_dir / "conflict"), "-o", str(tmp_path), "--jobs", "1")
    assert code == ExitCode.OK
    assert {p.name for p in tmp_path.iterdir()} == {"report.html", "report.json", "facts.csv"}
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {a["id"] for a in data["articles"]} == {"alpha.txt", "bravo.md", "charlie-1"}
    for c in data["conflicts"]:
        assert {"id", "kind", "severity", "summary", "evidence", "confidence"} <= set(c)
        for e in c["evidence"]:
            assert {"article", "sentence", "span", "value", "line", "column"} <= set(e)
    assert data["errors"] == []
    header = (tmp_path / "facts.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("article,type,surface,span,sentence,value,unit")
    assert "wrote" in out


def test_check_exit_codes(corpus_dir: Path, tmp_path: Path) -> None:
    code, out, _ = _run("check", str(corpus_dir / "conflict"), "--jobs", "1")
    assert code == ExitCode.FINDINGS
    assert "unreviewed" in out.splitlines()[-1]
    code, out, _ = _run("check", str(corpus_dir / "clean"), "--jobs", "1")
    assert code == ExitCode.OK, out
    code, out, _ = _run(
        "check",
        str(corpus_dir / "conflict"),
        "--fail-on",
        "high",
        "--select",
        "person-role",
        "--jobs",
        "1",
    )
    assert code == ExitCode.OK  # person-role conflicts are medium
    code, _, _ = _run("check", str(tmp_path / "missing.txt"))
    assert code == ExitCode.USAGE


def test_check_json_is_machine_readable(corpus_dir: Path) -> None:
    code, out, _ = _run("check", str(corpus_dir / "conflict"), "--format", "json", "--jobs", "1")
    assert code == ExitCode.FINDINGS
    data = json.loads(out)
    assert data["conflicts"] and all(c["status"] == "new" for c in data["conflicts"])


def test_extract_json_facts_index_the_file(corpus_dir: Path) -> None:
    path = corpus_dir / "conflict" / "alpha.txt"
    code, out, _ = _run("extract", str(path), "--format", "json", "--jobs", "1")
    assert code == ExitCode.OK
    facts = json.loads(out)["facts"]
    raw = path.read_text(encoding="utf-8")
    assert {f["type"] for f in facts} == {"quantity", "date", "figure"}
    for f in facts:
        start, end = f["span"]
        assert raw[start:end] == f["surface"]
    shares = [f for f in facts if f["type"] == "quantity" and f["unit"] == "percentage"]
    assert [f["value"] for f in shares] == [40]


def test_extract_csv(corpus_dir: Path) -> None:
    code, out, _ = _run("extract", str(corpus_dir / "clean"), "--format", "csv", "--jobs", "1")
    assert code == ExitCode.OK
    assert out.splitlines()[0].startswith("article,type,surface,span")


def test_usage_errors() -> None:
    assert _run()[0] == ExitCode.USAGE
    assert _run("nonsense")[0] == ExitCode.USAGE
    assert _run("check", "x", "--format", "yaml")[0] == ExitCode.USAGE
    assert _run("--help")[0] == ExitCode.OK


def test_rules_command_lists_every_rule() -> None:
    code, out, _ = _run("rules")
    assert code == ExitCode.OK
    assert "quantity.same-measure" in out and "officeholder.story-time" in out


def test_every_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"factcheck {command}" in readme


_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def test_every_option_is_documented() -> None:
    """Every long option a command's ``--help`` lists is named in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = set()
    for command in COMMANDS:
        code, out, _ = _run(command, "--help")
        assert code == ExitCode.OK and out.startswith(f"usage: factcheck {command}")
        flags = set(_FLAG.findall(out)) - {"--help"}
        missing |= {
            (command, flag)
            for flag in flags
            if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", readme)
        }
    assert not missing, f"options missing from README.md: {sorted(missing)}"


class _EntryPoint:
    """What ``importlib.metadata`` gives for one ``factcheck.formatters`` entry point."""

    def __init__(self, name: str, target: object) -> None:
        self.name = name
        self._target = target

    def load(self) -> object:
        return self._target


def test_third_party_formatter_from_entry_point(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.formatters as formatters

    def count(result: RunResult, out: TextIO, options: FormatOptions) -> None:
        out.write(f"conflicts={len(result.findings)}\n")

    def hijack(result: RunResult, out: TextIO, options: FormatOptions) -> None:
        out.write("not the built-in json\n")

    plugins = [_EntryPoint("count", count), _EntryPoint("json", hijack)]
    monkeypatch.setattr(formatters.metadata, "entry_points", lambda group: plugins)
    assert {"text", "json", "html", "junit", "sarif", "github", "count"} == set(
        formatters.registry()
    )
    code, out, _ = _run("check", str(corpus_dir / "conflict"), "--jobs", "1", "--format", "count")
    assert code == ExitCode.FINDINGS
    assert re.fullmatch(r"conflicts=[1-9]\d*\n", out)
    # A plugin cannot take over a built-in name.
    code, out, _ = _run("check", str(corpus_dir / "conflict"), "--jobs", "1", "--format", "json")
    assert json.loads(out)["version"] == 1
    code, _, err = _run("check", str(corpus_dir / "conflict"), "--format", "nosuch")
    assert code == ExitCode.USAGE
    assert "unknown format 'nosuch'" in err


def test_evidence_from_json_records_points_at_the_records_own_lines(tmp_path: Path) -> None:
    """CI annotations for a .jsonl feed land on the line of the record that says it, at
    the column where the file writes the highlighted words (through JSON escapes)."""
    said = (
        "Lakeland supplies {v}% of Ostmark\u2019s natural gas imports, "
        "the \u201cministry\u201d said."
    )
    records = [
        {"id": f"wire-{i}", "text": f"Gas deal\n\n{said.format(v=35)}"} for i in range(4)
    ] + [{"id": "odd", "title": "Gas deal", "text": f"Gas deal\n\n{said.format(v=13)}"}]
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps(r, ensure_ascii=i % 2 == 0) for i, r in enumerate(records)]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _run("check", str(feed), "--jobs", "1", "--format", "github")
    assert code == ExitCode.FINDINGS
    m = re.match(r"::\w+ file=[^,]+,line=(\d+),col=(\d+),", out)
    assert m, out
    line, col = int(m.group(1)), int(m.group(2))
    assert line == 5  # the "odd" record
    assert lines[line - 1][col - 1 :].startswith("13%")
    sarif = tmp_path / "out.sarif"
    code, _, _ = _run("check", str(feed), "--jobs", "1", "--format", f"sarif:{sarif}")
    data = json.loads(sarif.read_text(encoding="utf-8"))
    file_text = feed.read_text(encoding="utf-8")
    for result in data["runs"][0]["results"]:
        for loc in result["locations"]:
            region = loc["physicalLocation"]["region"]
            start, length = region["charOffset"], region["charLength"]
            written = file_text[start : start + length]
            assert json.loads(f'"{written}"') == region["snippet"]["text"]
            row = file_text.split("\n")[region["startLine"] - 1]
            assert row[region["startColumn"] - 1 :].startswith(written)
            assert region["endLine"] == region["startLine"]
