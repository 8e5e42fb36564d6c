"""Plain text output for terminals and logs.

Input errors are not repeated here: the command line prints them on standard error
(every command, one form), and the last line counts them.
"""

from __future__ import annotations

from typing import TextIO

from factcheck.formatters import FormatOptions
from factcheck.model import RunResult


def _snippet(sentence: str, start: int, end: int, width: int = 70) -> str:
    left = sentence[max(0, start - width // 2) : start]
    right = sentence[end : end + width // 2]
    lead = "…" if start > width // 2 else ""
    tail = "…" if end + width // 2 < len(sentence) else ""
    return f"{lead}{left}[[{sentence[start:end]}]]{right}{tail}"


def write(result: RunResult, out: TextIO, options: FormatOptions) -> None:
    for f in result.findings:
        c = f.conflict
        out.write(
            f"{c.severity.value.upper():6} {c.kind.value:17} {c.id}  conf={c.confidence:.2f}  "
            f"[{f.status}] {c.summary}\n"
        )
        for e in c.evidence:
            snippet = " ".join(_snippet(e.sentence, e.local.start, e.local.end).split())
            out.write(f"    {e.path}:{e.line}:{e.column}: {snippet}\n")
        if f.review and f.review.note:
            out.write(f"    note: {f.review.note}\n")
    open_count = sum(1 for f in result.findings if f.is_open)
    fatal = sum(1 for e in result.errors if e.fatal)
    out.write(
        f"{len(result.articles)} articles, {len(result.findings)} conflicts "
        f"({open_count} unreviewed), {fatal} input errors\n"
    )
