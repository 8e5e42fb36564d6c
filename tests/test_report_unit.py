"""``factcheck report`` writes its three files as one unit, and never an empty run
over a good report (a typo in a path)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from factcheck import fsutil
from factcheck.cli import ExitCode, main

OUTPUTS = ("report.html", "report.json", "facts.csv")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def reported(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("China controls 60% of global production.", "utf-8")
    (corpus / "b.txt").write_text("China controls 40% of global production.", "utf-8")
    out = tmp_path / "myreport"
    code, _, err = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    assert code == ExitCode.OK, err
    return corpus, out


def test_a_typo_in_the_path_leaves_the_previous_report(
    reported: tuple[Path, Path], tmp_path: Path
) -> None:
    _, out = reported
    before = _snapshot(out)
    code, stdout, err = cli("report", str(tmp_path / "nosuch.txt"), "-o", str(out))
    assert code == ExitCode.USAGE
    assert f"{tmp_path / 'nosuch.txt'}: error FC-E001" in err
    assert f"factcheck: error: no article could be read; {out} left as it was" in err
    assert "wrote" not in stdout
    assert _snapshot(out) == before


def test_no_report_folder_is_created_for_a_run_that_read_nothing(tmp_path: Path) -> None:
    code, _, _ = cli("report", str(tmp_path / "nosuch"), "-o", str(tmp_path / "new"))
    assert code == ExitCode.USAGE
    assert not (tmp_path / "new").exists()


def test_a_partly_readable_run_still_writes_its_report(
    reported: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, out = reported
    code, _, _ = cli("report", str(corpus), str(tmp_path / "nosuch.txt"), "-o", str(out))
    assert code == ExitCode.USAGE  # one input was missing ...
    assert "nosuch.txt" in (out / "report.json").read_text(encoding="utf-8")  # ... and named


def test_a_crash_between_renames_never_mixes_old_and_new_files(
    reported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the first rename: the folder is wholly old or wholly new."""
    corpus, out = reported
    before = _snapshot(out)
    (corpus / "c.txt").write_text("China controls 90% of global production.", "utf-8")
    calls = 0

    def second_rename_interrupted(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        os.replace(src, dst)

    fake = SimpleNamespace(**{name: getattr(os, name) for name in dir(os)})
    fake.replace = second_rename_interrupted
    monkeypatch.setattr(fsutil, "os", fake)
    code, _, _ = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    monkeypatch.undo()
    assert code == ExitCode.INTERRUPTED
    after = _snapshot(out)
    assert after == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["corpus", "myreport"]  # no debris


def test_other_files_in_the_report_folder_are_kept(reported: tuple[Path, Path]) -> None:
    corpus, out = reported
    (out / ".gitkeep").write_text("", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    os.chmod(out / "report.json", 0o640)
    old_json = (out / "report.json").read_bytes()
    (corpus / "c.txt").write_text("China controls 90% of global production.", "utf-8")
    code, _, err = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    assert code == ExitCode.OK, err
    assert sorted(p.name for p in out.iterdir()) == sorted([".gitkeep", *OUTPUTS, "notes.txt"])
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "report.json").read_bytes() != old_json
    assert (out / "report.json").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in out.parent.iterdir()) == ["corpus", "myreport"]


def test_the_current_folder_as_output_is_written_in_place(
    reported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = reported
    monkeypatch.chdir(out)
    code, _, err = cli("report", str(corpus), "-o", ".", "--jobs", "1", "--no-cache")
    assert code == ExitCode.OK, err
    assert Path.cwd() == out and {p.name for p in out.iterdir()} == set(OUTPUTS)
