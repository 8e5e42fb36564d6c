"""The gate must not pass by accident: every setting it does not understand is refused.

A misspelt rule prefix, pyproject key or value, an out-of-range number or an unknown
flag is a usage error (exit 2) with a suggestion, and every command prints problems
on standard error in one form (README "Diagnostics").
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from factcheck.cli import ExitCode, main

ARTICLE = (
    "Port deal signed\n\n"
    "The port handles 40% of the country's container traffic, the ministry said.\n"
)
CONFLICTING = (
    "Port to grow\n\nThe port handles 65% of the country's container traffic, officials said.\n"
)


def _cli(*argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(list(argv), out, err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CONFLICTING, encoding="utf-8")
    return tmp_path


def test_the_planted_conflict_fails_the_gate(repo: Path) -> None:
    code, out, _ = _cli("check", ".", "--jobs", "1", "--no-cache", cwd=repo)
    assert code == ExitCode.FINDINGS, out


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_prefix_is_a_usage_error_with_a_suggestion(repo: Path, option: str) -> None:
    code, out, err = _cli("check", ".", option, "quantty", "--no-cache", cwd=repo)
    assert code == ExitCode.USAGE, out
    assert (
        f"factcheck: error: {option}: no rule id starts with 'quantty'; "
        "did you mean 'quantity'?" in err
    )
    assert out == ""  # refused before any work


def test_a_partial_word_is_not_a_prefix(repo: Path) -> None:
    code, _, err = _cli("extract", ".", "--select", "quant", "--no-cache", cwd=repo)
    assert code == ExitCode.USAGE and "'quant'" in err


def test_known_prefixes_still_work(repo: Path) -> None:
    code, _, err = _cli(
        "check", ".", "--select", "quantity", "--ignore", "quantity.same-measure", cwd=repo
    )
    assert code in (ExitCode.OK, ExitCode.FINDINGS), err


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--min-confidence", "2", "between 0 and 1"),
        ("--min-confidence", "-0.1", "between 0 and 1"),
        ("--min-confidence", "nan", "finite"),
        ("--jobs", "-1", "0 or more"),
        ("--max-bytes", "0", "positive"),
        ("--max-bytes", "-5", "positive"),
        ("--time-budget", "-5", "0 or more"),
    ],
)
def test_out_of_range_numbers_are_refused(
    repo: Path, option: str, value: str, problem: str
) -> None:
    code, out, err = _cli("check", ".", f"{option}={value}", cwd=repo)
    assert code == ExitCode.USAGE, out
    assert f"argument {option}: " in err and problem in err
    assert "usage: factcheck check" in err


def test_a_misspelt_flag_gets_the_subcommand_usage_and_a_suggestion(repo: Path) -> None:
    code, _, err = _cli("check", ".", "--fial-on", "high", cwd=repo)
    assert code == ExitCode.USAGE
    assert "usage: factcheck check" in err
    assert "--fial-on (did you mean --fail-on?)" in err
    assert "usage: factcheck [-h]" not in err


def test_version_comes_from_the_installed_package_metadata() -> None:
    from importlib import metadata

    from factcheck import DISTRIBUTION

    code, out, _ = _cli("--version")
    assert code == ExitCode.OK
    assert out == f"factcheck {metadata.version(DISTRIBUTION)}\n"


def _pyproject(repo: Path, body: str) -> None:
    (repo / "pyproject.toml").write_text("[tool.factcheck]\n" + body, encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'fail_onn = "low"\n',
            "unknown key 'fail_onn' in [tool.factcheck]; did you mean 'fail-on'?",
        ),
        (
            'fail-on = "hihg"\n',
            "fail-on: 'hihg' is not one of low, medium, high; did you mean 'high'?",
        ),
        ("jobs = -1\n", "jobs: must be 0 or more, not -1"),
        ("min-confidence = 2\n", "min-confidence: must be between 0 and 1, not 2"),
        ("max-bytes = 0\n", "max-bytes: must be a positive number of bytes, not 0"),
        ("time-budget = -5\n", "time-budget: must be 0 or more, not -5"),
        ('jobs = "2"\n', "jobs: must be an integer, not a string"),
        ("select = [1]\n", "select: must be a list of strings"),
        ('select = ["quantty"]\n', "select: no rule id starts with 'quantty'; did you mean"),
        ('ignore = ["offceholder"]\n', "ignore: no rule id starts with 'offceholder'"),
        (
            'format = ["sarf"]\n',
            "format: unknown format 'sarf' (one of text, json, junit, sarif, github); "
            "did you mean 'sarif'?",
        ),
    ],
)
def test_pyproject_keys_and_values_are_checked(repo: Path, body: str, message: str) -> None:
    _pyproject(repo, body)
    code, out, err = _cli("check", ".", "--no-cache", cwd=repo)
    assert code == ExitCode.USAGE, out
    assert message in err, err
    assert str(repo / "pyproject.toml") in err


def test_a_valid_pyproject_still_applies(repo: Path) -> None:
    _pyproject(repo, 'ignore = ["quantity"]\nfail-on = "high"\njobs = 1\n')
    code, out, err = _cli("check", ".", "--no-cache", cwd=repo)
    assert code == ExitCode.OK, out + err


def test_every_command_prints_input_errors_on_stderr_in_one_form(tmp_path: Path) -> None:
    missing = tmp_path / "nosuch"
    line = f"{missing}: error FC-E001: path not found"
    for argv in (
        ["check", str(missing)],
        ["check", str(missing), "--format", "json"],
        ["report", str(missing), "-o", str(tmp_path / "out")],
        ["extract", str(missing)],
    ):
        code, out, err = _cli(*argv, "--no-cache")
        assert code == ExitCode.USAGE, argv
        assert err.startswith(line), (argv, err)
        assert line not in out, argv


def test_a_problem_with_no_file_names_factcheck(repo: Path) -> None:
    code, _, err = _cli("check", ".", "--format", "yaml", cwd=repo)
    assert code == ExitCode.USAGE
    assert err.startswith("factcheck: error: unknown format 'yaml'")
