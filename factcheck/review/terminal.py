"""Interactive triage of conflicts in a terminal, in the spirit of ``detect-secrets audit``.

Each decision is saved the moment it is made, through ``review.decide`` (locked and
atomic), so quitting, Ctrl-C or a crash never loses a decision already taken; detect-
secrets' audit only saves at the end. Reviewed findings are not shown again, so running
triage again resumes where the last session stopped.

Everything read from articles (sentences, values, summaries, ids) is printed through
``rich.text.Text`` and never parsed as Rich markup; control characters are shown as
escapes (``\\x1b``) rather than sent to the terminal.

This module only does terminal I/O; the file format and locking live in ``review``.
Each key is one handler in one table (``_KEYMAP``), which also gives the help text.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from factcheck import review
from factcheck.model import Conflict, Evidence, Finding, Review, Severity, Status

__all__ = ["KEYS", "TriageSummary", "read_keypress", "read_note_line", "render_finding", "triage"]

_PROMPT = "[c]onfirm [d]ismiss [e]xplain [n]ote [s]kip [b]ack [u]ndo [q]uit [?]help > "
_SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "bold yellow", Severity.LOW: "cyan"}
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


class _Next(Enum):
    """What the loop does after a key."""

    SHOW = "show"  # show the finding at ``index`` (the next one, or the same again)
    PROMPT = "prompt"  # ask for another key on the same finding, without showing it again
    QUIT = "quit"


@dataclass(slots=True)
class _Session:
    """The state of one run of ``triage``: local to the call, never shared."""

    queue: tuple[Finding, ...]
    reviews_path: Path
    reviewer: str
    today: date
    console: Console
    read_line: Callable[[], str]
    lock_timeout: float
    index: int = 0
    decisions: dict[str, Review] = field(default_factory=dict)
    # Per finding, the decisions saved in this session, last on top: ``u`` takes back
    # the top one through ``review.undo``, exactly as the app's undo does.
    history: dict[str, list[review.Decision]] = field(default_factory=dict)
    pending_notes: dict[str, str] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)

    def say(self, message: str, style: str = "", *, end: str = "\n") -> None:
        _say(self.console, message, style, end=end)

    def note_so_far(self, fp: str) -> str:
        current = self.decisions.get(fp)
        return self.pending_notes.get(fp, current.note if current else "")

    def save(self, decided: Review) -> bool:
        """Save one review now; False (and said) when the file could not be changed."""
        try:
            decision = review.decide(self.reviews_path, decided, timeout=self.lock_timeout)
        except (review.ReviewsError, OSError) as exc:
            self.say(f"not saved: {exc}", "bold red")
            return False
        self.history.setdefault(decided.fingerprint, []).append(decision)
        self.decisions[decided.fingerprint] = decided
        self.skipped.discard(decided.fingerprint)
        return True

    def decide(self, conflict: Conflict, status: Status, note: str) -> bool:
        decided = Review(
            fingerprint=conflict.id,
            kind=conflict.kind.value,
            summary=conflict.summary,
            status=status,
            note=note,
            reviewer=self.reviewer,
            date=self.today.isoformat(),
        )
        if not self.save(decided):
            return False
        self.pending_notes.pop(conflict.id, None)
        self.say(f"saved: {status.value}", "green")
        return True

    def advance_if(self, saved: bool) -> _Next:
        """After a decision: on to the next finding if it was saved, else ask again."""
        if not saved:
            return _Next.PROMPT
        self.index += 1
        return _Next.SHOW


def triage(
    findings: Sequence[Finding],
    reviews_path: Path,
    *,
    reviewer: str,
    read_key: Callable[[], str] | None = None,
    console: Console,
    today: date,
    read_line: Callable[[], str] | None = None,
    lock_timeout: float = review.DEFAULT_LOCK_TIMEOUT,
) -> TriageSummary:
    """Walk the unreviewed findings one key at a time, saving each decision at once.

    ``read_key`` returns one key (default: ``read_keypress``, a single keypress on a
    terminal, a line otherwise); ``read_line`` returns a note typed after ``e``/``n``
    (default: ``read_note_line``). Findings that already have a review, given or saved
    in ``reviews_path`` meanwhile, are skipped. Ctrl-C ends the session cleanly; an
    unreadable reviews file raises ``review.ReviewsError`` before anything is shown.
    """
    on_disk = review.load_reviews(reviews_path)
    queue = tuple(f for f in findings if f.review is None and f.conflict.id not in on_disk)
    session = _Session(
        queue,
        reviews_path,
        reviewer,
        today,
        console,
        read_line if read_line is not None else read_note_line,
        lock_timeout,
    )
    interrupted = quit_early = False
    _say(console, f"{len(queue)} unreviewed of {len(findings)} conflicts; ? for help", "bold")
    try:
        quit_early = _walk(session, read_key if read_key is not None else read_keypress)
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    except EOFError:  # the input ended: same as quitting
        quit_early = session.index < len(queue)
        console.print()
    summary = _summary(len(findings), session, interrupted=interrupted, quit_early=quit_early)
    console.print(_summary_text(summary, reviews_path))
    return summary


def _walk(session: _Session, read_key: Callable[[], str]) -> bool:
    """Show findings and act on keys until the end of the list; True when quit early."""
    queue, console = session.queue, session.console
    show = True
    while queue:
        if session.index >= len(queue):
            # The end: one chance to go back before finishing.
            session.say("End of the list: b to go back, any other key to finish > ", end="")
            key = _normalise(read_key())
            session.say(key)
            if key != "b":
                break
            session.index = len(queue) - 1
            show = True
            continue
        finding = queue[session.index]
        fp = finding.conflict.id
        if show:
            console.print(
                render_finding(
                    finding,
                    session.index + 1,
                    len(queue),
                    review=session.decisions.get(fp),
                    pending_note=session.pending_notes.get(fp, ""),
                    markers=console.color_system is None,
                )
            )
        session.say(_PROMPT, end="")
        key = _normalise(read_key())
        session.say(key)  # the key is not echoed in cbreak mode
        handler = _HANDLERS.get(key)
        if handler is None:
            session.say(f"unknown key {key!r}; ? for help", "yellow")
            show = False
            continue
        after = handler(session, finding.conflict)
        if after is _Next.QUIT:
            return True
        show = after is _Next.SHOW
    return False


def _summary(
    total: int, session: _Session, *, interrupted: bool, quit_early: bool
) -> TriageSummary:
    queue, decisions = session.queue, session.decisions
    return TriageSummary(
        total=total,
        already_reviewed=total - len(queue),
        decisions=tuple(decisions[f.conflict.id] for f in queue if f.conflict.id in decisions),
        skipped=tuple(
            f.conflict.id
            for f in queue
            if f.conflict.id in session.skipped and f.conflict.id not in decisions
        ),
        remaining=len(queue) - len(decisions),
        interrupted=interrupted,
        quit=quit_early,
    )


# --- one handler per key ------------------------------------------------------------


def _confirm(session: _Session, conflict: Conflict) -> _Next:
    note = session.note_so_far(conflict.id)
    return session.advance_if(session.decide(conflict, Status.CONFIRMED, note))


def _dismiss(session: _Session, conflict: Conflict) -> _Next:
    note = session.note_so_far(conflict.id)
    return session.advance_if(session.decide(conflict, Status.DISMISSED, note))


def _explain(session: _Session, conflict: Conflict) -> _Next:
    note_so_far = session.note_so_far(conflict.id)
    hint = f" (Enter keeps {note_so_far!r})" if note_so_far else " (Enter cancels)"
    session.say(f"explanation{hint}: ", end="")
    note = _clean_note(session.read_line()) or note_so_far
    if not note:
        session.say("cancelled: explain needs a note", "yellow")
        return _Next.PROMPT
    return session.advance_if(session.decide(conflict, Status.EXPLAINED, note))


def _note(session: _Session, conflict: Conflict) -> _Next:
    fp = conflict.id
    session.say("note: ", end="")
    note = _clean_note(session.read_line())
    current = session.decisions.get(fp)
    if current is not None:
        edited = replace(
            current, note=note, reviewer=session.reviewer, date=session.today.isoformat()
        )
        if session.save(edited):
            session.say("note saved", "green")
    elif note:
        session.pending_notes[fp] = note
        session.say("note kept; it is saved with your decision", "green")
    else:
        session.pending_notes.pop(fp, None)
        session.say("note cleared", "green")
    return _Next.PROMPT


def _skip(session: _Session, conflict: Conflict) -> _Next:
    if conflict.id not in session.decisions:
        session.skipped.add(conflict.id)
    session.index += 1
    return _Next.SHOW


def _back(session: _Session, conflict: Conflict) -> _Next:
    if session.index == 0:
        session.say("already at the first finding", "yellow")
        return _Next.PROMPT
    session.index -= 1
    return _Next.SHOW


def _undo(session: _Session, conflict: Conflict) -> _Next:
    fp = conflict.id
    history = session.history.get(fp)
    if not history:
        session.say("nothing to undo: no decision yet", "yellow")
        return _Next.PROMPT
    try:
        restored = review.undo(session.reviews_path, history[-1], timeout=session.lock_timeout)
    except review.UndoError as exc:
        history.clear()  # changed by someone else: none of it can be taken back now
        session.say(f"not undone: {exc}", "bold red")
        return _Next.PROMPT
    except (review.ReviewsError, OSError) as exc:
        session.say(f"not undone: {exc}", "bold red")
        return _Next.PROMPT
    history.pop()
    if restored is None:
        session.decisions.pop(fp, None)
        session.say("decision removed", "green")
    else:
        session.decisions[fp] = restored
        session.say(f"back to: {restored.status.value}", "green")
    return _Next.PROMPT


def _quit(session: _Session, conflict: Conflict) -> _Next:
    return _Next.QUIT


def _show_help(session: _Session, conflict: Conflict) -> _Next:
    session.console.print(_help())
    return _Next.PROMPT


_Handler = Callable[[_Session, Conflict], _Next]

# Each key, what the help says it does, and the handler that does it: one table, so the
# help and the keys cannot drift apart.
_KEYMAP: tuple[tuple[str, str, _Handler], ...] = (
    ("c", "confirm: the sources really disagree", _confirm),
    ("d", "dismiss: not a real conflict (a false positive)", _dismiss),
    ("e", "explain: the difference is explained; asks for a note", _explain),
    ("n", "note: attach a note without deciding yet", _note),
    ("s", "skip: decide later", _skip),
    ("b", "back: previous finding (its decision can be changed)", _back),
    ("u", "undo: take back this finding's last decision (unless changed on disk since)", _undo),
    ("q", "quit: every decision is already saved", _quit),
    ("?", "help", _show_help),
)
KEYS: tuple[tuple[str, str], ...] = tuple((key, meaning) for key, meaning, _ in _KEYMAP)
_HANDLERS: dict[str, _Handler] = {key: handler for key, _, handler in _KEYMAP}


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
