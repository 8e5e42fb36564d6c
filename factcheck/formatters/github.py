"""GitHub Actions workflow commands: one annotation per failing conflict.

Each open conflict at or above ``--fail-on`` becomes one line such as::

    ::error file=a.txt,line=3,col=14,title=quantity 3f2a...::China's share is 60% in a ...

high is ``error``, medium ``warning`` and low ``notice``. The annotation sits on the first
piece of evidence; the other pieces follow the summary on lines of their own inside the
message. Reviewed conflicts and those below the threshold print nothing, so the
annotations are exactly what fails the gate. Input errors are annotations on the file
that could not be read.

Escaping follows actions/toolkit ``packages/core/src/command.ts``: in the message ``%``,
CR and LF become ``%25``, ``%0D`` and ``%0A``; property values also get ``:`` -> ``%3A``
and ``,`` -> ``%2C``. The runner reads its log as UTF-8; other control characters are
replaced so that article text cannot drive the log viewer's terminal emulation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TextIO

from factcheck.formatters import FormatOptions
from factcheck.formatters.sarif import error_order, finding_order, relative_path
from factcheck.model import Finding, InputError, RunResult, Severity

COMMANDS = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}

# C0 controls other than TAB/LF/CR, DEL, C1 controls and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean(s: str) -> str:
    return _UNSAFE.sub("\ufffd", s)


def escape_data(s: str) -> str:
    """Escape a command's message (``escapeData`` in command.ts)."""
    return _clean(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a command property value (``escapeProperty`` in command.ts)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Mapping[str, object], message: str) -> str:
    """One workflow command line, without the trailing newline.

    Like command.ts, properties whose value is empty or None are left out.
    """
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None and value != ""
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _conflict_line(f: Finding, options: FormatOptions) -> str:
    c = f.conflict
    lines = [c.summary]
    props: dict[str, object] = {"title": f"{c.kind.value} {c.id}"}
    if c.evidence:
        first = c.evidence[0]
        props = {
            "file": relative_path(first.path, options.base_dir),
            "line": first.line,
            "col": first.column,
            **props,
        }
        lines.extend(
            f"{relative_path(e.path, options.base_dir)}:{e.line}:{e.column}: {e.sentence}"
            for e in c.evidence[1:]
        )
    return command(COMMANDS[c.severity], props, "\n".join(lines))


def _error_line(e: InputError, options: FormatOptions) -> str:
    props: dict[str, object] = {
        "file": relative_path(e.path, options.base_dir),
        "line": e.line,
        "title": e.code,
    }
    return command("error" if e.fatal else "warning", props, e.message)


def failing(result: RunResult, fail_on: Severity) -> list[Finding]:
    """Open findings at or above ``fail_on``, in report order: what fails the gate."""
    found = [f for f in result.findings if f.is_open and f.conflict.severity.rank >= fail_on.rank]
    return sorted(found, key=finding_order)


def write(result: RunResult, out: TextIO, options: FormatOptions) -> None:
    for e in sorted(result.errors, key=error_order):
        out.write(_error_line(e, options) + "\n")
    for f in failing(result, options.fail_on):
        out.write(_conflict_line(f, options) + "\n")
