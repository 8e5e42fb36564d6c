"""Command line: argument parsing only. Each command is one API call plus formatters.

Exit codes (``ExitCode``): 0 clean; 1 open conflicts at or above ``--fail-on``;
2 usage error, or some input could not be read (the rest is still processed and
reported); 3 internal error (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext, redirect_stderr, redirect_stdout
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from factcheck import api
from factcheck.config import ENGINES, Config, ProjectConfig, load_project_config, range_problem
from factcheck.engine import EngineError
from factcheck.formatters import FormatOptions, registry
from factcheck.fsutil import WriteError, atomic_write, atomic_write_folder
from factcheck.model import RunResult, Severity, Status
from factcheck.resources import RulesDataError
from factcheck.review import (
    ReviewsError,
    default_reviewer,
    default_reviews_path,
    load_reviews,
    prune,
    resolve_fingerprint,
    set_status,
)
from factcheck.rules import RuleError, check_prefixes, load_rules
from factcheck.serialize import facts, facts_csv


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130


CHECK_FORMATS = ("text", "json", "junit", "sarif", "github")
DEFAULT_CACHE_DIR = Path(".factcheck")

Handler = Callable[[argparse.Namespace, TextIO, TextIO], ExitCode]


# --- option sets shared by commands ----------------------------------------------------


# Every option's default, applied once after parsing: built-in defaults, then the
# project's [tool.factcheck], then what the command line says (black's layering).
# Options are parsed with argparse.SUPPRESS so that "not given" is visible.
DEFAULTS: dict[str, object] = {
    "paths": [],
    "rules": None,
    "select": [],
    "ignore": [],
    "preview": False,
    "min_confidence": 0.0,
    "max_bytes": 5_000_000,
    "time_budget": 20.0,
    "jobs": 0,
    "cache_dir": DEFAULT_CACHE_DIR,
    "no_cache": False,
    "corpus": [],
    "reviews": None,
    "output": Path("reports"),
    "format": [],
    "fail_on": "low",
    "set": None,
    "note": "",
    "reviewer": None,
    "prune": False,
    "list": False,
    "port": 8765,
    "engine": "local",
    "scheduler": None,
    "claim_store": None,
    "ship_text": None,
}
_INPUT_OPTIONS = frozenset(
    {"rules", "select", "ignore", "preview", "min_confidence", "max_bytes", "time_budget"}
    | {"jobs", "cache_dir", "no_cache"}
)
_CORPUS_OPTIONS = frozenset({"corpus", "reviews"})
_ENGINE_OPTIONS = frozenset({"engine", "scheduler", "claim_store"})
#: Which [tool.factcheck] settings each command takes.
PROJECT_OPTIONS: dict[str, frozenset[str]] = {
    "report": _INPUT_OPTIONS | _CORPUS_OPTIONS | _ENGINE_OPTIONS | {"output"},
    "check": _INPUT_OPTIONS | _CORPUS_OPTIONS | _ENGINE_OPTIONS | {"format", "fail_on"},
    "review": _INPUT_OPTIONS | _CORPUS_OPTIONS,
    "serve": _INPUT_OPTIONS | _CORPUS_OPTIONS,
    "extract": _INPUT_OPTIONS,
    "rules": frozenset({"rules"}),
}
_PATH_OPTIONS = frozenset({"rules", "cache_dir", "reviews", "output"})


def _limited(kind: type[int] | type[float], key: str) -> Callable[[str], int | float]:
    """An argparse type: parse with ``kind``, then apply the range ``key`` allows."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        problem = range_problem(key, value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def _inputs(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    p.add_argument(
        "paths",
        nargs="+" if required else "*",
        metavar="PATH",
        help="article files or folders",
    )
    p.add_argument("--rules", type=Path, metavar="DIR", help="rules folder")
    p.add_argument("--select", action="append", metavar="PREFIX", help="only rules with this id")
    p.add_argument("--ignore", action="append", metavar="PREFIX", help="skip rules with this id")
    p.add_argument("--preview", action="store_true", help="also run rules marked preview")
    p.add_argument(
        "--min-confidence",
        type=_limited(float, "min-confidence"),
        metavar="X",
        help="drop conflicts below X (0 to 1)",
    )
    p.add_argument(
        "--max-bytes",
        type=_limited(int, "max-bytes"),
        metavar="N",
        help="skip larger files (5 MB)",
    )
    p.add_argument(
        "--time-budget",
        type=_limited(float, "time-budget"),
        metavar="SECONDS",
        help="per-article extraction time limit (default 20; 0: none)",
    )
    p.add_argument(
        "--jobs",
        type=_limited(int, "jobs"),
        metavar="N",
        help="worker processes (0: one per core)",
    )
    p.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="extraction cache folder (default: .factcheck/)",
    )
    p.add_argument("--no-cache", action="store_true", help="extract every article afresh")


def _corpus(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--corpus",
        action="append",
        metavar="DIR",
        help="compare against this corpus and report only conflicts involving PATHs",
    )
    p.add_argument(
        "--reviews",
        type=Path,
        metavar="FILE",
        help="reviewed-findings file (default: factcheck-reviews.yaml at the corpus root)",
    )


def _engine_name(text: str) -> str:
    """An argparse type: one of ``config.ENGINES``, else a "did you mean"."""
    if text not in ENGINES:
        close = difflib.get_close_matches(text, ENGINES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(ENGINES)}{hint}")
    return text


def _engine(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--engine",
        type=_engine_name,
        metavar="NAME",
        help="where the work runs: local (process pool, default) or dask (a cluster)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask: the scheduler of an existing cluster (default: a local cluster)",
    )
    p.add_argument(
        "--claim-store",
        metavar="PATH",
        help="dask: Parquet store of extracted facts the workers share (path or URL)",
    )
    ship = p.add_mutually_exclusive_group()
    ship.add_argument(
        "--ship-text",
        dest="ship_text",
        action="store_true",
        help="dask: send file contents to the workers (default: only when they cannot "
        "see the files)",
    )
    ship.add_argument(
        "--no-ship-text",
        dest="ship_text",
        action="store_false",
        help="dask: workers read the files at their paths",
    )


def version() -> str:
    """The installed distribution's version (``factcheck-news``), from its metadata."""
    from importlib import metadata

    from factcheck import DISTRIBUTION, __version__

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return __version__


class _Parser(argparse.ArgumentParser):
    """argparse, plus the parser of each subcommand by name (for its usage line)."""

    commands: dict[str, argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="factcheck", description="Find contradictions between news articles.")
    parser.commands = {}
    parser.add_argument("--version", action="version", version=f"factcheck {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        made = sub.add_parser(name, help=help, argument_default=argparse.SUPPRESS)
        parser.commands[name] = made
        return made

    report = command("report", "write an HTML + JSON discrepancy report and facts.csv")
    _inputs(report)
    _corpus(report)
    _engine(report)
    report.add_argument("-o", "--output", type=Path, metavar="DIR", help="output folder")

    check = command("check", "CI gate: exit 1 when unreviewed conflicts are found")
    _inputs(check)
    _corpus(check)
    _engine(check)
    check.add_argument(
        "--format",
        action="append",
        metavar="NAME[:FILE]",
        help=f"output format, repeatable ({', '.join(CHECK_FORMATS)}); default text",
    )
    check.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        help="lowest severity that fails the gate (default: low)",
    )

    review = command("review", "triage conflicts: confirm, dismiss or explain")
    _inputs(review, required=False)
    _corpus(review)
    review.add_argument(
        "--set",
        nargs=2,
        metavar=("FINGERPRINT", "STATUS"),
        help="record one decision without the interactive loop "
        f"(STATUS: {', '.join(s.value for s in Status)})",
    )
    review.add_argument("--note", help="note for --set (required for explained)")
    review.add_argument("--reviewer", help="name recorded with each decision")
    review.add_argument(
        "--prune", action="store_true", help="delete reviews that match no current conflict"
    )
    review.add_argument(
        "--list", action="store_true", help="print the recorded reviews and which are stale"
    )

    extract = command("extract", "print every extracted fact")
    _inputs(extract)
    extract.add_argument("--format", choices=("json", "csv"), help="default: json")

    serve = command("serve", "triage conflicts in a local web app (127.0.0.1 only)")
    _inputs(serve)
    _corpus(serve)
    serve.add_argument(
        "--port", type=int, metavar="N", help="port on 127.0.0.1 (default 8765; 0: any free one)"
    )
    serve.add_argument("--reviewer", help="name recorded with each decision")

    rules = command("rules", "list the rules")
    rules.add_argument("--rules", type=Path, metavar="DIR")
    return parser


def resolve_options(args: argparse.Namespace, project: ProjectConfig) -> argparse.Namespace:
    """Layer built-in defaults < ``[tool.factcheck]`` < the command line, once."""
    merged = dict(DEFAULTS)
    if args.command == "extract":
        merged["format"] = "json"
    for key, value in project.values.items():
        dest = key.replace("-", "_")
        if dest in PROJECT_OPTIONS.get(args.command, frozenset()):
            merged[dest] = Path(str(value)) if dest in _PATH_OPTIONS else value
    merged.update(vars(args))
    return argparse.Namespace(**merged)


def _config(args: argparse.Namespace, *, reviews: Path | None = None) -> Config:
    return Config(
        rules_dir=args.rules,
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        preview=args.preview,
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        min_confidence=args.min_confidence,
        time_budget=args.time_budget,
        reviews=reviews,
        cache_dir=None if args.no_cache else args.cache_dir,
        engine=args.engine,
        scheduler=args.scheduler,
        claim_store=args.claim_store,
        ship_text=args.ship_text,
    )


def _reviews_path(args: argparse.Namespace) -> Path:
    return args.reviews or default_reviews_path(args.paths, args.corpus)


def _progress(stderr: TextIO) -> AbstractContextManager[api.Progress | None]:
    """A Rich progress bar on an interactive terminal; nothing otherwise."""
    if not stderr.isatty():
        return nullcontext(None)
    from factcheck.progress import rich_progress

    return rich_progress(stderr)


def _run(
    args: argparse.Namespace, err: TextIO, reviews: Path | None, *, facts: bool = True
) -> RunResult:
    with _progress(err) as progress:
        return api.run(
            args.paths,
            _config(args, reviews=reviews),
            progress,
            corpus=tuple(args.corpus),
            facts=facts,
        )


# Every message on standard error has one form, for every command:
#     WHERE: LEVEL[ CODE]: MESSAGE
# WHERE is the input (``path`` or ``path:line``) or ``factcheck`` for a problem with no
# file (usage, configuration, an output that cannot be written); LEVEL is ``error`` or
# ``warning``; CODE is an input problem's FC-E/FC-W code. See README "Diagnostics".


def _fail(err: TextIO, message: str) -> None:
    """One ``factcheck: error: ...`` line on standard error."""
    err.write(f"factcheck: error: {message}\n")


def _write_errors(result_errors: Sequence[object], err: TextIO) -> None:
    from factcheck.errors import describe
    from factcheck.model import InputError

    for e in result_errors:
        if isinstance(e, InputError):
            err.write(describe(e) + "\n")


def _input_status(result: RunResult) -> ExitCode:
    return ExitCode.USAGE if any(e.fatal for e in result.errors) else ExitCode.OK


# --- commands ----------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    result = _run(args, err, _reviews_path(args))
    _write_errors(result.errors, err)
    if not result.articles:
        # A typo in a path must not replace the last good report with an empty one.
        _fail(err, f"no article could be read; {args.output} left as it was")
        return ExitCode.USAGE
    fmts = registry()
    outputs: list[tuple[str, str]] = []
    for name, filename in (("html", "report.html"), ("json", "report.json")):
        buf = io.StringIO()
        fmts[name](result, buf, FormatOptions())
        outputs.append((filename, buf.getvalue()))
    outputs.append(("facts.csv", facts_csv(facts(result.mentions))))
    # One unit: a reader never sees a new report.html beside an old report.json.
    atomic_write_folder(args.output, outputs)
    open_count = sum(1 for f in result.findings if f.is_open)
    out.write(
        f"{len(result.articles)} articles, {len(result.findings)} conflicts "
        f"({open_count} unreviewed)\n"
    )
    for filename, _ in outputs:
        out.write(f"wrote {args.output / filename}\n")
    return _input_status(result)


def _formats(specs: Sequence[str]) -> list[tuple[str, Path | None]]:
    """``NAME`` or ``NAME:FILE`` per ``--format``; raises ValueError naming a bad one."""
    chosen: list[tuple[str, Path | None]] = []
    for spec in specs or ["text"]:
        name, sep, target = spec.partition(":")
        if name not in CHECK_FORMATS and name not in registry():
            close = difflib.get_close_matches(name, [*CHECK_FORMATS, *registry()], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown format {name!r} (one of {', '.join(CHECK_FORMATS)}){hint}")
        chosen.append((name, Path(target) if sep and target else None))
    if sum(1 for _, target in chosen if target is None) > 1:
        raise ValueError("only one --format may go to standard output; give the others :FILE")
    return chosen


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    try:
        chosen = _formats(args.format)
    except ValueError as exc:
        _fail(err, str(exc))
        return ExitCode.USAGE
    # The gate's own formats read conflicts and articles, never every fact; any other
    # registered format (the HTML report) may draw the facts, so they are kept for it.
    facts = any(name not in CHECK_FORMATS for name, _ in chosen)
    result = _run(args, err, _reviews_path(args), facts=facts)
    _write_errors(result.errors, err)
    fail_on = Severity.parse(args.fail_on)
    options = FormatOptions(fail_on=fail_on, base_dir=os.getcwd())
    fmts = registry()
    for name, target in chosen:
        if target is None:
            fmts[name](result, out, options)
        else:
            buf = io.StringIO()
            fmts[name](result, buf, options)
            atomic_write(target, buf.getvalue())
    if any(e.fatal for e in result.errors):
        return ExitCode.USAGE
    failing = [f for f in result.findings if f.is_open and f.conflict.severity.rank >= fail_on.rank]
    return ExitCode.FINDINGS if failing else ExitCode.OK


def cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    path = _reviews_path(args)
    reviewer = args.reviewer or default_reviewer(os.environ)
    if args.set is not None:
        return _review_set(args, path, reviewer, out, err)
    if not args.paths:
        _fail(err, "review needs article PATHs (or --set FINGERPRINT STATUS)")
        return ExitCode.USAGE
    result = _run(args, err, path)
    _write_errors(result.errors, err)
    if args.prune:
        return _review_prune(args, result, path, out, err)
    if args.list:
        return _review_list(result, path, out)
    from rich.console import Console

    from factcheck.review.terminal import triage

    console = Console(file=out, highlight=False, force_terminal=out.isatty() or None)
    # The triage's own summary says what was saved and what is left.
    summary = triage(result.findings, path, reviewer=reviewer, console=console, today=date.today())
    return ExitCode.INTERRUPTED if summary.interrupted else ExitCode.OK


def _review_set(
    args: argparse.Namespace, path: Path, reviewer: str, out: TextIO, err: TextIO
) -> ExitCode:
    fingerprint, status = args.set
    kind = summary = ""
    if args.paths or args.corpus:
        # With articles (given, or the configured corpus), a prefix is enough and the
        # kind and summary are filled in.
        whole = argparse.Namespace(**{**vars(args), "paths": args.corpus, "corpus": []})
        result = _run(args if args.paths else whole, err, path)
        by_id = {f.conflict.id: f.conflict for f in result.findings}
        fingerprint = resolve_fingerprint(fingerprint, by_id)
        kind, summary = by_id[fingerprint].kind.value, by_id[fingerprint].summary
    elif fingerprint.strip() in load_reviews(path):
        fingerprint = fingerprint.strip()
    else:
        # NOTE: without articles nothing says what the fingerprint names; saving it
        # anyway wrote entries with no kind or summary, for conflicts that may not exist.
        raise ReviewsError(
            f"{path}: no review for {fingerprint!r}; give the article PATHs "
            "(or --corpus) so the conflict can be found"
        )
    saved = set_status(path, fingerprint, status, args.note, reviewer, kind, summary)
    out.write(f"{saved.fingerprint} {saved.status.value} saved to {path}\n")
    return ExitCode.OK


def _review_prune(
    args: argparse.Namespace, result: RunResult, path: Path, out: TextIO, err: TextIO
) -> ExitCode:
    if any(e.fatal for e in result.errors) or args.select or args.ignore or args.corpus:
        _fail(
            err,
            "not pruning: this run does not see every conflict "
            "(input errors, --select/--ignore or --corpus); reviews would be lost",
        )
        return ExitCode.USAGE
    dropped = prune(path, [f.conflict.id for f in result.findings])
    for r in dropped:
        out.write(f"pruned {r.fingerprint} {r.status.value} {r.summary}\n")
    out.write(f"{len(dropped)} stale reviews pruned from {path}\n")
    return ExitCode.OK


def _review_list(result: RunResult, path: Path, out: TextIO) -> ExitCode:
    for f in result.findings:
        if f.review is not None:
            out.write(f"{f.conflict.id} {f.review.status.value:9} {f.conflict.summary}\n")
    for r in result.stale_reviews:
        out.write(f"{r.fingerprint} {r.status.value:9} STALE {r.summary}\n")
    reviewed = sum(1 for f in result.findings if f.review is not None)
    out.write(
        f"{path}: {reviewed} reviews in use, {len(result.stale_reviews)} stale, "
        f"{len(result.findings) - reviewed} conflicts unreviewed\n"
    )
    return ExitCode.OK


def cmd_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    with _progress(err) as progress:
        extraction = api.extract_paths(args.paths, _config(args), progress)
    _write_errors(extraction.errors, err)
    rows = facts(extraction.mentions)
    if args.format == "csv":
        out.write(facts_csv(rows))
    else:
        out.write(json.dumps({"facts": rows}, ensure_ascii=False, indent=2) + "\n")
    return ExitCode.USAGE if any(e.fatal for e in extraction.errors) else ExitCode.OK


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    from factcheck.serve import serve

    path = _reviews_path(args)
    reviewer = args.reviewer or default_reviewer(os.environ)
    result = _run(args, err, path)
    _write_errors(result.errors, err)
    rules = load_rules(args.rules, select=args.select, ignore=args.ignore, preview=args.preview)
    try:
        serve(result, path, reviewer, out, port=args.port, rules={r.id: r for r in rules})
    except OSError as exc:
        _fail(err, f"cannot listen on 127.0.0.1:{args.port}: {exc}")
        return ExitCode.USAGE
    return ExitCode.OK


def cmd_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    for rule in load_rules(args.rules, preview=True):
        flag = " (preview)" if rule.preview else ""
        out.write(f"{rule.id:32} {rule.kind.value:17} {rule.severity.value:6} {rule.doc}{flag}\n")
    return ExitCode.OK


HANDLERS: dict[str, Handler] = {
    "report": cmd_report,
    "check": cmd_check,
    "review": cmd_review,
    "extract": cmd_extract,
    "rules": cmd_rules,
    "serve": cmd_serve,
}
COMMANDS = tuple(HANDLERS)


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an unknown option is refused with its subcommand's usage.

    argparse reports options a subcommand does not know with the top-level usage; here
    the subcommand's own parser reports them, with the closest option it does know.
    """
    args, extras = parser.parse_known_args(argv)
    if extras:
        sub = getattr(parser, "commands", {}).get(getattr(args, "command", None), parser)
        known = [o for a in sub._actions for o in a.option_strings if o.startswith("--")]
        hints = []
        for extra in extras:
            close = difflib.get_close_matches(extra.partition("=")[0], known, n=1)
            if extra.startswith("-") and close:
                hints.append(f"{extra} (did you mean {close[0]}?)")
            else:
                hints.append(extra)
        sub.error(f"unrecognized arguments: {' '.join(hints)}")
    return args


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Entry point; returns the exit code instead of exiting, so tests can call it."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        # argparse prints usage, help and --version itself: to our streams.
        with redirect_stdout(out), redirect_stderr(err):
            args = _parse(parser, argv)
    except SystemExit as exc:
        return int(exc.code or 0) and ExitCode.USAGE
    try:
        project = load_project_config(Path.cwd())
        args = resolve_options(args, project)
        _check_rule_prefixes(args, project)
        _check_project_formats(project)
    except (ValueError, RulesDataError) as exc:
        _fail(err, str(exc))
        return ExitCode.USAGE
    try:
        return int(HANDLERS[args.command](args, out, err))
    except (RuleError, RulesDataError, ReviewsError, WriteError, EngineError) as exc:
        _fail(err, str(exc))
        return ExitCode.USAGE
    except KeyboardInterrupt:
        _fail(err, "interrupted")
        return ExitCode.INTERRUPTED
    except Exception as exc:  # the last line of defence reports a bug, never hides it
        _fail(err, f"internal error: {exc!r}")
        return ExitCode.INTERNAL
    finally:
        if argv is None:
            _spare_exit()


def _spare_exit() -> None:
    """The process exits next (``argv`` None: the console script, ``python -m``).

    NOTE: the interpreter collects reference cycles once more as it exits, scanning
    every object still alive: after a warm CI run, the corpus index and its claims,
    hundreds of thousands of objects (about 0.1 s of a warm run at 10,000 articles,
    ``bench/ci_warm.py``). Frozen objects are left out of that scan; the process ends
    all the same. Tests that call ``main`` with arguments are not affected.
    """
    gc.freeze()


def _check_project_formats(project: ProjectConfig) -> None:
    """A ``format`` in pyproject must name a known format, whatever the command."""
    formats = project.values.get("format")
    if isinstance(formats, list) and formats:
        try:
            _formats([str(f) for f in formats])
        except ValueError as exc:
            raise ValueError(f"{project.path}: [tool.factcheck] format: {exc}") from exc


def _check_rule_prefixes(args: argparse.Namespace, project: ProjectConfig) -> None:
    """Refuse a ``--select``/``--ignore`` prefix (or pyproject one) that names no rule.

    Done before any work, for every command that takes them (``extract`` too), and
    naming where the prefix was written. Raises ``RuleError``.
    """
    if not (getattr(args, "select", None) or getattr(args, "ignore", None)):
        return
    every_rule = load_rules(args.rules, preview=True)
    for key in ("select", "ignore"):
        from_project = project.values.get(key)
        written = from_project if isinstance(from_project, list) else []
        if written and key in PROJECT_OPTIONS.get(args.command, frozenset()):
            check_prefixes(every_rule, [str(p) for p in written], f"{project.path}: {key}")
        check_prefixes(every_rule, getattr(args, key), f"--{key}")
