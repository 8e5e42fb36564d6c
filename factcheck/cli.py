"""Command line: argument parsing only. Each command is one API call plus formatters.

Exit codes (``ExitCode``): 0 clean; 1 open conflicts at or above ``--fail-on``;
2 usage error, or some input could not be read (the rest is still processed and
reported); 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from factcheck import api
from factcheck.config import Config
from factcheck.formatters import FormatOptions, registry
from factcheck.fsutil import atomic_write
from factcheck.model import RunResult, Severity
from factcheck.resources import RulesDataError
from factcheck.rules import RuleError, load_rules
from factcheck.serialize import facts


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


COMMANDS = ("report", "check", "extract", "rules")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    p.add_argument(
        "--rules", type=Path, default=None, metavar="DIR", help="rules folder (default: built-in)"
    )
    p.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="PREFIX",
        help="enable only rules with this id prefix",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="PREFIX",
        help="disable rules with this id prefix",
    )
    p.add_argument("--preview", action="store_true", help="also run rules marked preview")
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="drop conflicts below this confidence",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=5_000_000,
        metavar="N",
        help="skip files larger than N bytes",
    )
    p.add_argument(
        "--jobs", type=int, default=0, metavar="N", help="worker processes (default: one per core)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck", description="Find contradictions between news articles."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    report = sub.add_parser("report", help="write an HTML + JSON discrepancy report and facts.csv")
    _common(report)
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help="output folder (default: reports/)",
    )
    check = sub.add_parser("check", help="CI gate: exit 1 when unreviewed conflicts are found")
    _common(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default="low",
        help="lowest severity that fails the gate",
    )
    extract = sub.add_parser("extract", help="print every extracted fact")
    _common(extract)
    extract.add_argument("--format", choices=("json", "csv"), default="json")
    rules = sub.add_parser("rules", help="list the enabled rules")
    rules.add_argument("--rules", type=Path, default=None, metavar="DIR")
    return parser


def _config(args: argparse.Namespace) -> Config:
    return Config(
        rules_dir=args.rules,
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        preview=args.preview,
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        min_confidence=args.min_confidence,
    )


def _progress(stderr: TextIO) -> AbstractContextManager[api.Progress | None]:
    """A Rich progress bar on an interactive terminal; nothing otherwise."""
    if not stderr.isatty():
        return nullcontext(None)
    from factcheck.progress import rich_progress

    return rich_progress(stderr)


def _input_status(result: RunResult) -> ExitCode:
    return ExitCode.USAGE if any(e.fatal for e in result.errors) else ExitCode.OK


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    with _progress(err) as progress:
        result = api.run(args.paths, _config(args), progress)
    fmts = registry()
    written = []
    for name, filename in (("html", "report.html"), ("json", "report.json")):
        buf = io.StringIO()
        fmts[name](result, buf, FormatOptions())
        atomic_write(args.output / filename, buf.getvalue())
        written.append(args.output / filename)
    atomic_write(args.output / "facts.csv", _facts_csv(result))
    written.append(args.output / "facts.csv")
    for e in result.errors:
        err.write(f"{e.path}: {'error' if e.fatal else 'warning'} {e.code}: {e.message}\n")
    out.write(f"{len(result.articles)} articles, {len(result.findings)} conflicts\n")
    for path in written:
        out.write(f"wrote {path}\n")
    return _input_status(result)


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    with _progress(err) as progress:
        result = api.run(args.paths, _config(args), progress)
    fail_on = Severity.parse(args.fail_on)
    registry()[args.format](result, out, FormatOptions(fail_on=fail_on))
    if any(e.fatal for e in result.errors):
        return ExitCode.USAGE
    failing = [f for f in result.findings if f.is_open and f.conflict.severity.rank >= fail_on.rank]
    return ExitCode.FINDINGS if failing else ExitCode.OK


def cmd_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    with _progress(err) as progress:
        extraction = api.extract_paths(args.paths, _config(args), progress)
    for e in extraction.errors:
        err.write(f"{e.path}: {'error' if e.fatal else 'warning'} {e.code}: {e.message}\n")
    rows = facts(extraction.mentions)
    if args.format == "csv":
        out.write(_rows_csv(rows))
    else:
        out.write(json.dumps({"facts": rows}, ensure_ascii=False, indent=2) + "\n")
    return ExitCode.USAGE if any(e.fatal for e in extraction.errors) else ExitCode.OK


def cmd_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    for rule in load_rules(args.rules, preview=True):
        flag = " (preview)" if rule.preview else ""
        out.write(f"{rule.id:32} {rule.kind.value:17} {rule.severity.value:6} {rule.doc}{flag}\n")
    return ExitCode.OK


def _facts_csv(result: RunResult) -> str:
    return _rows_csv(facts(result.mentions))


def _rows_csv(rows: list[dict[str, object]]) -> str:
    import pandas as pd

    frame = pd.DataFrame(
        rows,
        columns=list(rows[0])
        if rows
        else ["article", "type", "surface", "span", "sentence", "value", "unit"],
    )
    if not frame.empty:
        frame["span"] = frame["span"].map(lambda s: f"{s[0]}-{s[1]}")
    return str(frame.to_csv(index=False))


HANDLERS = {"report": cmd_report, "check": cmd_check, "extract": cmd_extract, "rules": cmd_rules}


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Entry point; returns the exit code instead of exiting, so tests can call it."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and ExitCode.USAGE
    try:
        return int(HANDLERS[args.command](args, out, err))
    except (RuleError, RulesDataError) as exc:
        err.write(f"factcheck: {exc}\n")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        err.write("factcheck: interrupted\n")
        return 130
    except Exception as exc:
        err.write(f"factcheck: internal error: {exc!r}\n")
        return ExitCode.INTERNAL
