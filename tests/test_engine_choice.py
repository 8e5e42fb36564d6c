"""Choosing an engine: strict names, and a coded error when dask is not installed.

These need no dask: they run whether or not the ``dask`` extra is installed.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.cli import ExitCode, main


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def repo(tmp_path: Path, seeds_dir: Path) -> Iterator[Path]:
    (tmp_path / "a.txt").write_bytes(sorted(seeds_dir.glob("*.txt"))[0].read_bytes())
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


@pytest.mark.parametrize("command", ["check", "report"])
def test_an_unknown_engine_is_a_usage_error_with_a_suggestion(repo: Path, command: str) -> None:
    code, _, err = _cli(command, ".", "--engine", "dsk")
    assert code == ExitCode.USAGE
    assert "'dsk' is not one of local, dask; did you mean 'dask'?" in err
    assert f"usage: factcheck {command}" in err


def test_an_unknown_engine_in_pyproject_is_a_usage_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.factcheck]\nengine = "locl"\n', encoding="utf-8")
    code, _, err = _cli("check", ".", "--no-cache")
    assert code == ExitCode.USAGE
    assert "engine: 'locl' is not one of local, dask; did you mean 'local'?" in err


def test_without_dask_the_dask_engine_is_a_coded_error_naming_the_extra(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes "import distributed" fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, out, err = _cli("check", ".", "--no-cache", "--engine", "dask")
    assert code == ExitCode.USAGE
    assert out == ""
    assert err.startswith("factcheck: error: FC-E014 engine not installed:"), err
    assert "pip install 'factcheck-news[dask]'" in err


def test_an_unreachable_scheduler_is_a_coded_error(repo: Path) -> None:
    pytest.importorskip("distributed", reason="the dask engine needs the dask extra")
    code, _, err = _cli(
        "check", ".", "--no-cache", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"
    )
    assert code == ExitCode.USAGE
    assert "FC-E015 cannot reach the dask scheduler: tcp://127.0.0.1:9" in err


def test_the_default_engine_never_imports_dask(repo: Path) -> None:
    import subprocess

    probe = (
        "import sys, io; from factcheck.cli import main; "
        "main(['check', '.', '--no-cache'], io.StringIO(), io.StringIO()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=repo, timeout=300
    )
    assert done.stdout.strip() == "[]", done.stderr
