"""Interactive triage of conflicts in a terminal, in the spirit of ``detect-secrets audit``.

Each decision is saved the moment it is made, through ``reviews.decide`` (locked and
atomic), so quitting, Ctrl-C or a crash never loses a decision already taken; detect-
secrets' audit only saves at the end. Reviewed findings are not shown again, so running
triage again resumes where the last session stopped.

Everything read from articles (sentences, values, summaries, ids) is printed through
``rich.text.Text`` and never parsed as Rich markup; control characters are shown as
escapes (``\\x1b``) rather than sent to the terminal.

This module only does terminal I/O; the file format and locking live in ``reviews``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from factcheck.model import Conflict, Evidence, Finding, Review, Severity, Status
from factcheck.review import file as reviews

__all__ = ["KEYS", "TriageSummary", "read_keypress", "read_note_line", "render_finding", "triage"]

KEYS: tuple[tuple[str, str], ...] = (
    ("c", "confirm: the sources really disagree"),
    ("d", "dismiss: not a real conflict (a false positive)"),
    ("e", "explain: the difference is explained; asks for a note"),
    ("n", "note: attach a note without deciding yet"),
    ("s", "skip: decide later"),
    ("b", "back: previous finding (its decision can be changed)"),
    ("u", "undo: take back this finding's last decision (unless changed on disk since)"),
    ("q", "quit: every decision is already saved"),
    ("?", "help"),
)

_PROMPT = "[c]onfirm [d]ismiss [e]xplain [n]ote [s]kip [b]ack [u]ndo [q]uit [?]help > "
_SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "bold yellow", Severity.LOW: "cyan"}
_STATUS_KEY = {"c": Status.CONFIRMED, "d": Status.DISMISSED, "e": Status.EXPLAINED}
_COLUMNS_PER_ROW = 3

# C0/C1 controls, DEL, and bidi controls that can visually reorder a line ("Trojan
# source"). Tab and newline are folded to spaces; everything else is shown escaped.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class TriageSummary:
    """What a triage session did. ``decisions`` holds the final decision per finding."""

    total: int
    already_reviewed: int
    decisions: tuple[Review, ...]
    skipped: tuple[str, ...]
    remaining: int
    interrupted: bool = False
    quit: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.decisions if r.status is status)


@dataclass(slots=True)
class _Session:
    """The state of one run of ``triage``: local to the call, never shared."""

    queue: tuple[Finding, ...]
    index: int = 0
    decisions: dict[str, Review] = field(default_factory=dict)
    # Per finding, the decisions saved in this session, last on top: ``u`` takes back
    # the top one through ``reviews.undo``, exactly as the app's undo does.
    history: dict[str, list[reviews.Decision]] = field(default_factory=dict)
    pending_notes: dict[str, str] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)


def triage(
    findings: Sequence[Finding],
    reviews_path: Path,
    *,
    reviewer: str,
    read_key: Callable[[], str] | None = None,
    console: Console,
    today: date,
    read_line: Callable[[], str] | None = None,
    lock_timeout: float = reviews.DEFAULT_LOCK_TIMEOUT,
) -> TriageSummary:
    """Walk the unreviewed findings one key at a time, saving each decision at once.

    ``read_key`` returns one key (default: ``read_keypress``, a single keypress on a
    terminal, a line otherwise); ``read_line`` returns a note typed after ``e``/``n``
    (default: ``read_note_line``). Findings that already have a review, given or saved
    in ``reviews_path`` meanwhile, are skipped. Ctrl-C ends the session cleanly; an
    unreadable reviews file raises ``reviews.ReviewsError`` before anything is shown.
    """
    key_source = read_key if read_key is not None else read_keypress
    line_source = read_line if read_line is not None else read_note_line
    on_disk = reviews.load_reviews(reviews_path)
    queue = tuple(f for f in findings if f.review is None and f.conflict.id not in on_disk)
    session = _Session(queue)
    interrupted = quit_early = False
    _say(console, f"{len(queue)} unreviewed of {len(findings)} conflicts; ? for help", "bold")

    def save(review: Review) -> bool:
        try:
            decision = reviews.decide(reviews_path, review, timeout=lock_timeout)
        except (reviews.ReviewsError, OSError) as exc:
            _say(console, f"not saved: {exc}", "bold red")
            return False
        session.history.setdefault(review.fingerprint, []).append(decision)
        session.decisions[review.fingerprint] = review
        session.skipped.discard(review.fingerprint)
        return True

    def decide(conflict: Conflict, status: Status, note: str) -> bool:
        review = Review(
            fingerprint=conflict.id,
            kind=conflict.kind.value,
            summary=conflict.summary,
            status=status,
            note=note,
            reviewer=reviewer,
            date=today.isoformat(),
        )
        if not save(review):
            return False
        session.pending_notes.pop(conflict.id, None)
        _say(console, f"saved: {status.value}", "green")
        return True

    def undo(fp: str) -> None:
        history = session.history.get(fp)
        if not history:
            _say(console, "nothing to undo: no decision yet", "yellow")
            return
        try:
            restored = reviews.undo(reviews_path, history[-1], timeout=lock_timeout)
        except reviews.UndoError as exc:
            history.clear()  # changed by someone else: none of it can be taken back now
            _say(console, f"not undone: {exc}", "bold red")
            return
        except (reviews.ReviewsError, OSError) as exc:
            _say(console, f"not undone: {exc}", "bold red")
            return
        history.pop()
        if restored is None:
            session.decisions.pop(fp, None)
            _say(console, "decision removed", "green")
        else:
            session.decisions[fp] = restored
            _say(console, f"back to: {restored.status.value}", "green")

    try:
        show = True
        while queue:
            if session.index >= len(queue):
                # The end: one chance to go back before finishing.
                _say(console, "End of the list: b to go back, any other key to finish > ", end="")
                key = _normalise(key_source())
                _say(console, key)
                if key != "b":
                    break
                session.index = len(queue) - 1
                show = True
                continue
            finding = queue[session.index]
            conflict = finding.conflict
            fp = conflict.id
            current = session.decisions.get(fp)
            note_so_far = session.pending_notes.get(fp, current.note if current else "")
            if show:
                console.print(
                    render_finding(
                        finding,
                        session.index + 1,
                        len(queue),
                        review=current,
                        pending_note=session.pending_notes.get(fp, ""),
                        markers=console.color_system is None,
                    )
                )
            show = True
            _say(console, _PROMPT, end="")
            key = _normalise(key_source())
            _say(console, key)  # the key is not echoed in cbreak mode
            if key in ("c", "d"):
                if decide(conflict, _STATUS_KEY[key], note_so_far):
                    session.index += 1
                else:
                    show = False
            elif key == "e":
                hint = f" (Enter keeps {note_so_far!r})" if note_so_far else " (Enter cancels)"
                _say(console, f"explanation{hint}: ", end="")
                note = _clean_note(line_source()) or note_so_far
                if not note:
                    _say(console, "cancelled: explain needs a note", "yellow")
                    show = False
                elif decide(conflict, Status.EXPLAINED, note):
                    session.index += 1
                else:
                    show = False
            elif key == "n":
                _say(console, "note: ", end="")
                note = _clean_note(line_source())
                show = False
                if current is not None:
                    edited = replace(current, note=note, reviewer=reviewer, date=today.isoformat())
                    if save(edited):
                        _say(console, "note saved", "green")
                elif note:
                    session.pending_notes[fp] = note
                    _say(console, "note kept; it is saved with your decision", "green")
                else:
                    session.pending_notes.pop(fp, None)
                    _say(console, "note cleared", "green")
            elif key == "s":
                if fp not in session.decisions:
                    session.skipped.add(fp)
                session.index += 1
            elif key == "b":
                if session.index == 0:
                    _say(console, "already at the first finding", "yellow")
                    show = False
                else:
                    session.index -= 1
            elif key == "u":
                show = False
                undo(fp)
            elif key == "q":
                quit_early = True
                break
            elif key == "?":
                console.print(_help())
                show = False
            else:
                _say(console, f"unknown key {key!r}; ? for help", "yellow")
                show = False
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    except EOFError:  # the input ended: same as quitting
        quit_early = session.index < len(queue)
        console.print()

    summary = TriageSummary(
        total=len(findings),
        already_reviewed=len(findings) - len(queue),
        decisions=tuple(
            session.decisions[f.conflict.id] for f in queue if f.conflict.id in session.decisions
        ),
        skipped=tuple(
            f.conflict.id
            for f in queue
            if f.conflict.id in session.skipped and f.conflict.id not in session.decisions
        ),
        remaining=len(queue) - len(session.decisions),
        interrupted=interrupted,
        quit=quit_early,
    )
    console.print(_summary_text(summary, reviews_path))
    return summary


def _normalise(raw: str) -> str:
    text = raw.strip()
    return text[:1].lower()


def _clean_note(raw: str) -> str:
    return " ".join(raw.split())


def _say(console: Console, message: str, style: str = "", *, end: str = "\n") -> None:
    console.print(Text(message, style=style), end=end)


# --- rendering (pure: Finding in, renderable out) -----------------------------------


def render_finding(
    finding: Finding,
    position: int,
    total: int,
    *,
    review: Review | None = None,
    pending_note: str = "",
    markers: bool = False,
) -> RenderableType:
    """One finding: a header line, the summary, then its evidence side by side.

    ``markers`` puts »« around the highlighted value, for consoles without colour.
    """
    c = finding.conflict
    review = review if review is not None else finding.review
    header = Text.assemble(
        (f"[{position}/{total}] ", "bold"),
        (c.severity.value.upper(), _SEVERITY_STYLE.get(c.severity, "bold")),
        "  ",
        (_visible(c.kind.value), "magenta"),
        f"  confidence {c.confidence:.2f}  ",
        (_visible(c.id), "cyan"),
        "  ",
        (_visible(c.rule_id), "dim"),
    )
    parts: list[RenderableType] = [Text(""), header, Text(_visible(c.summary), style="bold")]
    for start in range(0, len(c.evidence), _COLUMNS_PER_ROW):
        parts.append(_evidence_table(c.evidence[start : start + _COLUMNS_PER_ROW], markers))
    if c.doc:
        parts.append(Text.assemble(("doc: ", "dim"), _visible(c.doc)))
    if review is not None:
        line = Text.assemble(
            ("decision: ", "bold"),
            (review.status.value, "bold green"),
            f" by {_visible(review.reviewer or 'unknown')}",
            f" on {_visible(review.date)}" if review.date else "",
        )
        if review.note:
            line.append(f"; note: {_visible(review.note)}")
        parts.append(line)
    if pending_note:
        parts.append(Text(f"note (saved with the decision): {_visible(pending_note)}", "italic"))
    return Group(*parts)


def _evidence_table(evidence: Sequence[Evidence], markers: bool) -> Table:
    table = Table(box=box.ROUNDED, expand=True, show_lines=False, header_style="bold")
    for e in evidence:
        table.add_column(Text(_visible(e.article_id)), ratio=1, overflow="fold")
    table.add_row(*(_evidence_cell(e, markers) for e in evidence))
    return table


def _evidence_cell(e: Evidence, markers: bool) -> Text:
    cell = Text()
    cell.append(f"{_visible(e.path)}:{e.line}:{e.column}", style="dim")
    cell.append("\nvalue: ", style="bold")
    cell.append(_visible(e.value))
    cell.append("\n")
    cell.append_text(_highlight(e.sentence, e.local.start, e.local.end, markers))
    return cell


def _highlight(sentence: str, start: int, end: int, markers: bool) -> Text:
    start = max(0, min(start, len(sentence)))
    end = max(start, min(end, len(sentence)))
    text = Text(_visible(sentence[:start]))
    text.append("»" if markers else "")
    text.append(_visible(sentence[start:end]), style="bold reverse")
    text.append("«" if markers else "")
    text.append(_visible(sentence[end:]))
    return text


def _visible(text: str) -> str:
    """``text`` with tab/newline as spaces and other control characters escaped."""
    text = text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _help() -> Text:
    text = Text("keys:\n", style="bold")
    for key, meaning in KEYS:
        text.append(f"  {key}  ", style="bold")
        text.append(f"{meaning}\n")
    text.append("  (arrow keys: ← back, → skip)")
    return text


def _summary_text(summary: TriageSummary, path: Path) -> Text:
    counts = ", ".join(f"{summary.count(s)} {s.value}" for s in Status)
    text = Text()
    if summary.interrupted:
        text.append("interrupted; ", style="bold yellow")
    saved = len(summary.decisions)
    text.append(f"{saved} decision{'' if saved == 1 else 's'} saved to {_visible(str(path))}\n")
    text.append(f"{counts}; {len(summary.skipped)} skipped; {summary.remaining} still unreviewed")
    return text


# --- default input ------------------------------------------------------------------


def read_keypress(stream: TextIO | None = None) -> str:
    """One keypress from a terminal, or one line when ``stream`` is not a terminal.

    Raises ``EOFError`` at end of input and ``KeyboardInterrupt`` on Ctrl-C. The
    terminal mode is always restored, even when interrupted.
    """
    stream = sys.stdin if stream is None else stream
    try:
        import termios
        import tty
    except ImportError:  # pragma: no cover - not POSIX: read lines
        termios = tty = None  # type: ignore[assignment]
    if termios is None or not stream.isatty():
        line = stream.readline()
        if not line:
            raise EOFError
        return line.strip()
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        # NOTE: cbreak, not full raw mode: Ctrl-C still raises SIGINT, and TCSANOW
        # (not the default TCSAFLUSH) keeps keys typed ahead of the prompt.
        tty.setcbreak(fd, termios.TCSANOW)
        data = os.read(fd, 1)
        if data == b"\x1b":
            return _escape_sequence(fd)
        if data and data[0] >= 0xC0:  # the first byte of a multi-byte UTF-8 character
            data += os.read(fd, 3 if data[0] >= 0xF0 else 2 if data[0] >= 0xE0 else 1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if data == b"\x03":
        raise KeyboardInterrupt
    if data in (b"", b"\x04"):
        raise EOFError
    return data.decode("utf-8", "replace")


def _escape_sequence(fd: int) -> str:
    """Drain an escape sequence so it is not read as keys; arrows map to b/s."""
    import select

    rest = b""
    while len(rest) < 16 and select.select([fd], [], [], 0.03)[0]:
        chunk = os.read(fd, 16)
        if not chunk:
            break
        rest += chunk
    return {b"[D": "b", b"OD": "b", b"[C": "s", b"OC": "s"}.get(rest, "")


def read_note_line() -> str:
    """One line typed after the prompt; empty at end of input."""
    try:
        return input()
    except EOFError:
        return ""
