"""Interactive triage driven by scripted keys; every decision must be on disk at once."""

from __future__ import annotations

import io
import os
import pty
import signal
import subprocess
import sys
import termios
import textwrap
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from factcheck.model import Conflict, Evidence, Finding, Kind, Review, Severity, Span, Status
from factcheck.review import ReviewsError, load_reviews, record
from factcheck.review.terminal import TriageSummary, read_keypress, render_finding, triage

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2024, 5, 1)


def evidence(article: str, sentence: str, surface: str, value: str) -> Evidence:
    start = sentence.index(surface)
    return Evidence(
        article_id=article,
        path=f"news/{article}.txt",
        sentence=sentence,
        local=Span(start, start + len(surface)),
        span=Span(100 + start, 100 + start + len(surface)),
        line=3,
        column=start + 1,
        surface=surface,
        value=value,
    )


def make_conflict(
    n: int, *, summary: str = "", sentences: tuple[str, str] | None = None
) -> Conflict:
    left, right = sentences or (f"Exports rose {n}% in 2023.", f"Exports rose {n + 40}% in 2023.")
    return Conflict(
        id=f"{n:016x}",
        rule_id="quantity.share",
        kind=Kind.QUANTITY,
        severity=Severity.HIGH,
        confidence=0.87,
        summary=summary or f"Export growth: {n}% vs {n + 40}%",
        evidence=(
            evidence("reuters", left, f"{n}%", f"{n} percent"),
            evidence("ap", right, f"{n + 40}%", f"{n + 40} percent"),
        ),
    )


FIRST, SECOND, THIRD = (f"{n:016x}" for n in (1, 2, 3))


class Script:
    """Scripted keys; records what was on disk each time a key was asked for."""

    def __init__(
        self, path: Path, keys: Iterable[str | BaseException], lines: Iterable[str] = ()
    ) -> None:
        self.path = path
        self.keys = list(keys)
        self.lines = list(lines)
        self.on_disk: list[dict[str, Status]] = []

    def read_key(self) -> str:
        self.on_disk.append({fp: r.status for fp, r in load_reviews(self.path).items()})
        if not self.keys:
            raise EOFError
        key = self.keys.pop(0)
        if isinstance(key, BaseException):
            raise key
        return key

    def read_line(self) -> str:
        return self.lines.pop(0)


def run(
    path: Path,
    keys: Iterable[str | BaseException],
    lines: Iterable[str] = (),
    findings: list[Finding] | None = None,
) -> tuple[TriageSummary, Script, str]:
    script = Script(path, keys, lines)
    out = io.StringIO()
    console = Console(file=out, width=240, color_system=None)
    findings = findings if findings is not None else [Finding(make_conflict(n)) for n in (1, 2, 3)]
    summary = triage(
        findings,
        path,
        reviewer="ada",
        read_key=script.read_key,
        read_line=script.read_line,
        console=console,
        today=TODAY,
    )
    return summary, script, out.getvalue()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "reviews.yaml"


C, D, E = Status.CONFIRMED, Status.DISMISSED, Status.EXPLAINED


def test_confirm_dismiss_explain_each_saved_at_once(path: Path) -> None:
    summary, script, out = run(path, ["c", "d", "e", "x"], ["the AP counts re-exports"])
    assert script.on_disk == [
        {},
        {FIRST: C},
        {FIRST: C, SECOND: D},
        {FIRST: C, SECOND: D, THIRD: E},  # the end-of-list prompt
    ]
    saved = load_reviews(path)
    assert saved[THIRD] == Review(
        THIRD,
        "quantity",
        "Export growth: 3% vs 43%",
        E,
        "the AP counts re-exports",
        "ada",
        "2024-05-01",
    )
    assert (summary.count(C), summary.count(D), summary.count(E)) == (1, 1, 1)
    assert summary.remaining == 0 and not summary.interrupted and not summary.quit
    assert "[1/3] HIGH  quantity  confidence 0.87  0000000000000001" in out
    assert "3 decisions saved" in out and "1 confirmed, 1 dismissed, 1 explained" in out


def test_evidence_is_shown_side_by_side_with_location_value_and_highlight(path: Path) -> None:
    _, _, out = run(path, ["q"])
    row = next(line for line in out.splitlines() if "news/reuters.txt" in line)
    assert "news/reuters.txt:3:14" in row and "news/ap.txt:3:14" in row
    assert any(
        "value: 1 percent" in line and "value: 41 percent" in line for line in out.splitlines()
    )
    assert "Exports rose »1%« in 2023." in out


def test_skip_then_back_then_decide(path: Path) -> None:
    summary, script, _ = run(path, ["s", "b", "d", "s", "q"])
    assert script.on_disk == [{}, {}, {}, {FIRST: D}, {FIRST: D}]
    assert summary.skipped == (SECOND,)
    assert summary.quit and summary.remaining == 2


def test_back_shows_the_previous_decision_and_can_change_it(path: Path) -> None:
    summary, script, out = run(path, ["c", "b", "d", "q"])
    assert script.on_disk[-1] == {FIRST: D}
    assert "decision: confirmed by ada on 2024-05-01" in out
    assert [r.status for r in summary.decisions] == [D]


def test_back_at_the_first_finding_stays(path: Path) -> None:
    _, _, out = run(path, ["b", "q"])
    assert "already at the first finding" in out


def test_end_of_list_offers_one_step_back(path: Path) -> None:
    findings = [Finding(make_conflict(1))]
    _, script, _ = run(path, ["c", "b", "d", "x"], findings=findings)
    assert script.on_disk == [{}, {FIRST: C}, {FIRST: C}, {FIRST: D}]


def test_quit_keeps_what_was_decided(path: Path) -> None:
    summary, _, out = run(path, ["d", "q"])
    assert load_reviews(path) == {
        FIRST: Review(FIRST, "quantity", "Export growth: 1% vs 41%", D, "", "ada", "2024-05-01")
    }
    assert summary.quit and summary.remaining == 2
    assert "1 decision saved" in out and "2 still unreviewed" in out


def test_reviewed_findings_are_skipped_so_a_new_session_resumes(path: Path) -> None:
    run(path, ["c", "q"])
    record(path, Review(THIRD, "quantity", "", D, reviewer="grace"))  # saved by someone else
    summary, _, out = run(path, ["d"])
    assert summary.already_reviewed == 2
    assert "[1/1]" in out and "0000000000000002" in out and "[1/2]" not in out
    assert load_reviews(path)[SECOND].status is D


def test_given_reviews_are_skipped_too(path: Path) -> None:
    findings = [
        Finding(make_conflict(1), Review(FIRST, "quantity", "", C)),
        Finding(make_conflict(2)),
    ]
    summary, _, out = run(path, ["d", "x"], findings=findings)
    assert summary.already_reviewed == 1 and "[1/1]" in out
    assert list(load_reviews(path)) == [SECOND]


def test_explain_with_empty_note_is_cancelled(path: Path) -> None:
    _, script, out = run(path, ["e", "q"], [""])
    assert script.on_disk == [{}, {}]
    assert "explain needs a note" in out


def test_note_is_kept_until_the_decision_and_edits_a_saved_one(path: Path) -> None:
    run(path, ["n", "d", "c", "b", "n", "q"], ["  wire   typo ", "first only"])
    saved = load_reviews(path)
    assert saved[FIRST].note == "wire typo"
    assert (saved[SECOND].status, saved[SECOND].note) == (C, "first only")


def test_explain_reuses_a_pending_note(path: Path) -> None:
    run(path, ["n", "e", "q"], ["different base years", ""])
    assert load_reviews(path)[FIRST].note == "different base years"


def test_undo_removes_the_decision(path: Path) -> None:
    summary, script, out = run(path, ["c", "b", "u", "q"])
    assert script.on_disk == [{}, {FIRST: C}, {FIRST: C}, {}]
    assert summary.decisions == () and summary.remaining == 3
    _, _, out = run(path, ["u", "q"])
    assert "nothing to undo" in out


def test_undo_restores_the_previous_decision_like_the_app(path: Path) -> None:
    # c, back, d, back: the second decision replaced the first; undo brings the first back
    summary, script, out = run(path, ["c", "b", "d", "b", "u", "u", "u", "q"])
    assert script.on_disk[4:] == [{FIRST: D}, {FIRST: C}, {}, {}]
    assert "back to: confirmed" in out and "decision removed" in out
    assert "nothing to undo" in out and summary.decisions == ()


def test_undo_leaves_a_decision_changed_on_disk_alone(path: Path) -> None:
    grace = Review(FIRST, "quantity", "s", D, "checked by phone", "grace", "2024-05-02")
    keys = iter(["c", "b", "u", "q"])

    def read_key() -> str:
        key = next(keys)
        if key == "u":  # `factcheck review --set` in another terminal, just before the undo
            record(path, grace)
        return key

    out = io.StringIO()
    triage(
        [Finding(make_conflict(n)) for n in (1, 2, 3)],
        path,
        reviewer="ada",
        read_key=read_key,
        read_line=lambda: "",
        console=Console(file=out, width=240, color_system=None),
        today=TODAY,
    )
    assert load_reviews(path) == {FIRST: grace}
    assert "not undone" in out.getvalue() and "changed" in out.getvalue()


def test_help_and_unknown_keys(path: Path) -> None:
    _, _, out = run(path, ["?", "z", "", "q"])
    assert "explain: the difference is explained" in out
    assert "unknown key 'z'" in out


def test_hostile_text_is_printed_literally(path: Path) -> None:
    hostile = (
        "Rates [bold red]x[/] rose \x1b[31m9%\x1b]0;pwned\x07 \u202eevil [link=http://x]y[/link]."
    )
    c = make_conflict(
        9, summary="[bold]S[/] \x1b[2J :smile:", sentences=(hostile, "Rates rose 49%.")
    )
    _, _, out = run(path, ["q"], findings=[Finding(c)])
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "[bold red]x[/]" in out
    assert "[link=http://x]y[/link]" in out
    assert r"\x1b[31m" in out and r"\x1b]0;pwned\x07" in out and r"\u202e" in out
    assert r"[bold]S[/] \x1b[2J :smile:" in out


def test_hostile_text_on_a_colour_terminal_sends_no_raw_escapes() -> None:
    c = make_conflict(9, sentences=("Rates rose \x1b]0;pwned\x07 9%.", "Rates rose [red]49%[/]."))
    out = io.StringIO()
    console = Console(file=out, width=160, force_terminal=True, color_system="truecolor")
    console.print(render_finding(Finding(c), 1, 1))
    assert "\x1b]0;pwned" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "[red]" in out.getvalue()


def test_many_evidence_items_wrap_into_rows() -> None:
    base = make_conflict(1)
    c = Conflict(base.id, base.rule_id, base.kind, base.severity, 0.5, "s", base.evidence * 3)
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(render_finding(Finding(c), 1, 1))
    assert out.getvalue().count("news/reuters.txt:3:14") == 3
    assert sum(1 for line in out.getvalue().splitlines() if line.startswith("╭")) == 2


def test_keyboard_interrupt_mid_session_leaves_a_valid_file(path: Path) -> None:
    summary, _, out = run(path, ["c", "e", KeyboardInterrupt()], ["explained by timing"])
    saved = load_reviews(path)
    assert {fp: r.status for fp, r in saved.items()} == {FIRST: C, SECOND: E}
    assert summary.interrupted and [r.fingerprint for r in summary.decisions] == [FIRST, SECOND]
    assert "interrupted; 2 decisions saved" in out


def test_end_of_input_is_a_quit(path: Path) -> None:
    summary, _, _ = run(path, ["c"])
    assert summary.quit and not summary.interrupted
    assert list(load_reviews(path)) == [FIRST]


def test_a_file_broken_mid_session_is_not_overwritten(path: Path) -> None:
    keys = ["c", "c", "q"]

    def read_key() -> str:
        if len(keys) == 2:  # someone breaks the file while the second finding is shown
            path.write_text("version: 1\nreviews: [oops\n")
        return keys.pop(0)

    out = io.StringIO()
    summary = triage(
        [Finding(make_conflict(n)) for n in (1, 2)],
        path,
        reviewer="ada",
        read_key=read_key,
        read_line=lambda: "",
        console=Console(file=out, width=200, color_system=None),
        today=TODAY,
    )
    assert path.read_text() == "version: 1\nreviews: [oops\n"
    assert "not saved" in out.getvalue() and f"{path}:3:1: invalid YAML" in out.getvalue()
    assert [r.fingerprint for r in summary.decisions] == [FIRST]  # saved before the break


def test_an_unreadable_file_stops_before_the_session(path: Path) -> None:
    path.write_text("version: 1\nreviews:\n- fingerprint: a\n  status: maybe\n")
    with pytest.raises(ReviewsError, match=r":4: invalid status"):
        run(path, ["c"])


# --- default input -----------------------------------------------------------------


def test_read_keypress_reads_lines_when_not_a_terminal() -> None:
    stream = io.StringIO("c\n  Dismiss \n")
    assert read_keypress(stream) == "c"
    assert read_keypress(stream) == "Dismiss"
    with pytest.raises(EOFError):
        read_keypress(stream)


@pytest.mark.parametrize(
    ("typed", "key"),
    [(b"c", "c"), ("é".encode(), "é"), (b"\x1b[D", "b"), (b"\x1b[C", "s"), (b"\x1b[A", "")],
)
def test_read_keypress_on_a_terminal_restores_its_mode(typed: bytes, key: str) -> None:
    master, slave = pty.openpty()
    try:
        with open(slave, closefd=False) as tty_in:
            before = termios.tcgetattr(slave)
            os.write(master, typed)
            assert read_keypress(tty_in) == key
            assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


# --- a real SIGINT -----------------------------------------------------------------

SESSION = textwrap.dedent(
    """\
    import sys
    from datetime import date
    from pathlib import Path
    from rich.console import Console
    from factcheck.model import Conflict, Evidence, Finding, Kind, Severity, Span
    from factcheck.review.terminal import triage

    def conflict(n):
        ev = Evidence("a", "a.txt", f"Up {n}%.", Span(3, 5), Span(3, 5), 1, 4, f"{n}%", str(n))
        fp = f"{n:016x}"
        return Conflict(fp, "quantity.share", Kind.QUANTITY, Severity.LOW, 0.5, "s", (ev, ev))

    summary = triage(
        [Finding(conflict(n)) for n in (1, 2, 3)],
        Path(sys.argv[1]),
        reviewer="sig",
        console=Console(file=sys.stdout, width=100),
        today=date(2024, 5, 1),
    )  # default read_key: lines, since stdin is a pipe
    print("INTERRUPTED" if summary.interrupted else "DONE", flush=True)
    sys.exit(130 if summary.interrupted else 0)
    """
)


def test_real_sigint_keeps_every_decision(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    script = tmp_path / "session.py"
    script.write_text(SESSION)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdin is not None
        proc.stdin.write("c\nd\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while len(load_reviews(path)) < 2:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "decisions never reached the file"
            time.sleep(0.02)
        time.sleep(0.3)  # let it block reading the third key
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "INTERRUPTED" in out and "Traceback" not in err
    saved = load_reviews(path)
    assert {fp: r.status for fp, r in saved.items()} == {FIRST: C, SECOND: D}
