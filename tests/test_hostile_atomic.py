"""Nothing the user has is lost: reports, JSON, CSV and the reviews file are replaced
whole or not at all, a reviews file that does not parse is never rewritten, and two
processes recording reviews at once both keep their decisions."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

import pytest

from factcheck import fsutil
from factcheck.cli import ExitCode, main
from factcheck.fsutil import WriteError, atomic_write
from factcheck.model import Review, Status
from factcheck.review import ReviewsError, load_reviews, record

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("report.html", "report.json", "facts.csv")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def _faulty_os(monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> None:
    """Give ``fsutil`` (only) an ``os`` module with some functions replaced."""
    fake = SimpleNamespace(**{name: getattr(os, name) for name in dir(os)})
    for name, value in overrides.items():
        setattr(fake, name, value)
    monkeypatch.setattr(fsutil, "os", fake)


class _DiskFills:
    """``os.fdopen`` whose files, from the ``nth`` call on, write half and then fail."""

    def __init__(self, nth: int) -> None:
        self.calls = 0
        self.nth = nth

    def __call__(self, fd: int, mode: str = "r") -> BinaryIO:
        self.calls += 1
        fh = os.fdopen(fd, mode)
        if self.calls < self.nth:
            return fh
        real_write = fh.write

        def write(data: bytes) -> int:
            real_write(data[: len(data) // 2])
            fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        fh.write = write  # type: ignore[method-assign]
        return fh


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def reported(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A corpus, its report folder after one good run, and the bytes of that report."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("China controls 60% of global production.", "utf-8")
    (corpus / "b.txt").write_text("China controls 40% of global production.", "utf-8")
    out = tmp_path / "out"
    code, _, err = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    assert code == ExitCode.OK, err
    (corpus / "c.txt").write_text("China controls 90% of global production.", "utf-8")
    return corpus, out, {name: (out / name).read_bytes() for name in OUTPUTS}


def test_disk_full_midway_keeps_the_whole_previous_report(
    reported: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out, before = reported
    _faulty_os(monkeypatch, fdopen=_DiskFills(nth=2))  # report.html staged, report.json fails
    code, _, err = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    assert code == ExitCode.USAGE
    assert f"cannot write {out / 'report.json'}: No space left on device" in err
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert _leftovers(out) == []
    monkeypatch.undo()
    code, _, _ = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    assert code == ExitCode.OK and (out / "report.json").read_bytes() != before["report.json"]


def test_interrupted_before_the_rename_keeps_the_previous_report(
    reported: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out, before = reported

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    _faulty_os(monkeypatch, replace=interrupted)
    code, _, err = cli("report", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache")
    assert code == ExitCode.INTERRUPTED, err
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert _leftovers(out) == []


def test_check_output_file_is_atomic_too(
    reported: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out, _ = reported
    target = out / "check.sarif"
    target.write_text("previous", encoding="utf-8")
    _faulty_os(monkeypatch, fdopen=_DiskFills(nth=1))
    argv = ["check", str(corpus), "--format", f"sarif:{target}", "--jobs", "1", "--no-cache"]
    code, _, err = cli(*argv)
    assert code == ExitCode.USAGE and f"cannot write {target}" in err
    assert target.read_text(encoding="utf-8") == "previous"
    assert _leftovers(out) == []


def test_write_errors_name_the_file_and_keep_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "is-a-folder"
    folder.mkdir()
    with pytest.raises(WriteError, match=f"cannot write {folder}"):
        atomic_write(folder, "x")
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    atomic_write(kept, "new")
    assert (kept.read_text(encoding="utf-8"), kept.stat().st_mode & 0o777) == ("new", 0o640)


WRITER = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    from factcheck.fsutil import atomic_write
    path, size = Path(sys.argv[1]), int(sys.argv[2])
    i = 0
    while True:
        atomic_write(path, (b"ab"[i % 2 : i % 2 + 1]) * size)
        i += 1
    """
)


def test_a_reader_never_sees_half_a_file_and_a_kill_leaves_a_whole_one(tmp_path: Path) -> None:
    """A real process rewrites the file in a loop and is killed; every read is whole."""
    path, size = tmp_path / "report.json", 1_000_000
    atomic_write(path, b"a" * size)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(size)], cwd=ROOT)
    try:
        seen: set[bytes] = set()
        started = time.monotonic()
        while len(seen) < 2 or time.monotonic() - started < 1.0:  # both versions, >= 1 s
            data = path.read_bytes()
            assert len(data) == size and data.count(data[:1]) == size
            seen.add(data[:1])
            assert time.monotonic() - started < 60, "the writer never replaced the file"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    data = path.read_bytes()
    assert len(data) == size and data.count(data[:1]) == size


# --- the reviews file --------------------------------------------------------------------


def _review(fp: str) -> Review:
    return Review(fp, "quantity", "Share: 60% vs 40%", Status.CONFIRMED, "", "ada", "2024-05-01")


def test_reviews_write_failure_keeps_every_earlier_decision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.yaml"
    record(path, _review("0000000000000001"))
    before = path.read_bytes()
    _faulty_os(monkeypatch, fdopen=_DiskFills(nth=1))
    with pytest.raises(WriteError, match="No space left"):
        record(path, _review("0000000000000002"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []
    record(path, _review("0000000000000002"))  # the lock was released
    assert sorted(load_reviews(path)) == ["0000000000000001", "0000000000000002"]


BROKEN = (
    "version: 1\nreviews:\n- fingerprint: 0000000000000001\n  status: confirmed: yes\n"
    "- fingerprint: 0000000000000002\n  status: dismissed\n"
)


def test_a_reviews_file_that_does_not_parse_is_never_rewritten(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("China controls 60% of global production.", "utf-8")
    path = tmp_path / "reviews.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    for argv in (
        ["review", "--set", "0000000000000002", "dismissed", "--reviews", str(path)],
        ["review", str(corpus), "--prune", "--reviews", str(path), "--no-cache"],
        ["check", str(corpus), "--reviews", str(path), "--no-cache"],
        ["report", str(corpus), "--reviews", str(path), "-o", str(tmp_path / "o"), "--no-cache"],
    ):
        code, _, err = cli(*argv, "--jobs", "1") if argv[0] != "review" else cli(*argv)
        assert code == ExitCode.USAGE, (argv, err)
        assert f"{path}:4:20: invalid YAML" in err, err  # names the line
        assert path.read_text(encoding="utf-8") == BROKEN
    with pytest.raises(ReviewsError, match=rf"^{path}:4:20: invalid YAML"):
        load_reviews(path)


CLI_WRITER = textwrap.dedent(
    """\
    import io, sys, time
    from pathlib import Path
    from factcheck.cli import main

    path, tag, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    Path(sys.argv[4]).touch()
    while not go.exists():
        time.sleep(0.001)
    for i in range(25):
        argv = ["review", "--set", f"{tag}{i:015x}", "confirmed", "--reviews", path,
                "--reviewer", tag]
        assert main(argv, io.StringIO(), sys.stderr) == 0
    """
)


def test_two_cli_processes_recording_reviews_at_once_lose_nothing(tmp_path: Path) -> None:
    path, go = tmp_path / "reviews.yaml", tmp_path / "go"
    # --set without articles only changes fingerprints the file already holds
    for tag in "ab":
        for i in range(25):
            record(path, Review(f"{tag}{i:015x}", "quantity", "s", Status.DISMISSED, "", "x", ""))
    ready = {tag: tmp_path / f"ready-{tag}" for tag in "ab"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI_WRITER, str(path), tag, str(go), str(ready[tag])],
            cwd=ROOT,
        )
        for tag in "ab"
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in ready.values()):
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
            time.sleep(0.01)
        go.touch()
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    saved = load_reviews(path)
    assert set(saved) == {f"{t}{i:015x}" for t in "ab" for i in range(25)}
    assert {r.reviewer for r in saved.values()} == {"a", "b"}
    assert {r.status for r in saved.values()} == {Status.CONFIRMED}
