"""Fuzz the whole command line with generated hostile inputs.

    python bench/fuzz.py [--count 10000] [--batch 250] [--seed 0] [--limit 120]
                         [--time-budget 5] [--jobs 1] [--keep DIR]

Generates ``--count`` hostile inputs (news-like text laced with markup, hostile
metadata in Markdown front matter, HTML and JSON Lines, broken encodings, binary
files, empty files, pathological text, awkward file names, symlink loops, random JSON)
from ``--seed``, writes them in batches of ``--batch`` files to a folder and runs
``factcheck.cli.main(["report", folder, ...])`` in-process in a worker process, one
batch per run. The parent watches the wall clock: a run that takes longer than
``--limit`` seconds is killed and counted as hung. Every batch that fails is split
in halves and re-run until the inputs that cause the failure are found.

Prints how many inputs ran, crashed (exit code 3, an exception out of ``cli.main``,
a dead worker, or an internal-error code FC-E011/FC-E012 for the input), hung (a run
over the wall-clock limit), or leaked markup into the HTML report (a foreign element
such as the ``<fcleak>`` marker the generator puts in article text, a script or style
the report's CSP does not allow, an on* attribute, a non-http(s) link; see
``tests/report_audit.py``), plus how many were reported over their time budget
(FC-E013: reported, not hung) and the figures of the run. Expected: all ran,
0 crashed, 0 hung, 0 leaked.

This is a benchmark, not a test: it exits 0 unless something crashed, hung or leaked.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from report_audit import LEAK_TAG, audit  # noqa: E402

from factcheck.errors import printable  # noqa: E402

# --- generating hostile inputs -----------------------------------------------------------

NEWS_TEXT = (
    "China controls 60% of global production. Russia offered the US 2 million tons of rare "
    "earth metals on Monday, March 24, 2025, President Vladimir Putin said. \u201cWe are ready "
    "to work together,\u201d Kirill Dmitriev, head of the Russian Direct Investment Fund "
    "(RDIF), told reporters. The deal, worth up to $14.8 trillion, was first discussed in "
    "mid-April last year under the Biden administration. Exports rose 14 per cent to "
    "1,200 tonnes in 2023-24, the ministry said."
)
NEWS = NEWS_TEXT.split(" ")
MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "</style><style>*{}</style>",
    "<svg/onload=alert(3)>", '"><script>alert(4)</script>', "' onmouseover='alert(5)",
    '" onfocus="alert(6)" autofocus="', "javascript:alert(7)", "</textarea>", "</title>",
    "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<iframe src=//evil>", "<a href=javascript:x>",
    "<base href=//evil/>", "<link rel=stylesheet href=//evil>", "<meta http-equiv=refresh>",
    "&lt;script&gt;", "&#x3C;script&#x3E;", "&amp;", "&#0;", "&#xD800;", "{{ 7*7 }}", "${x}",
    "<math><mi xlink:href=javascript:x>", "<object data=x>", "<form action=//evil>",
    "<input onfocus=alert(8) autofocus>", "<details open ontoggle=alert(9)>", "</script>",
    "<style>@import url(//evil);</style>", "<x style=background:url(//evil)>",
]  # fmt: skip
ODD = [
    "\u202e", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028", "\u2029", "\x85", "\x00",
    "\x1b[31m", "\x07", "\r", "\t", "\u0301", "\U0001f600", "\u00a0", "\u3000", "ſ", "İ",
    "ß", "\ufffd", "\\", "%s", "%n", "'", '"', "`", "\u2019", "\u201c", "\u201d",
]  # fmt: skip
FACTS = [
    "60%", "40 per cent", "$14.8 trillion", "up to 2 million tons", "nearly half", "9" * 40,
    "1e400", "18 to 25 percent", "10 to 20 billion", "2.15pm", "March 24, 2025", "Monday",
    "the 1990s", "Q3", "last year", "February 30, 2025", "President Putin", "Mr. Lavrov",
    "former President Trump", "the Biden administration", "\u201cWe will not retreat,\u201d",
]  # fmt: skip
NAMES = [
    "a b", "caf\u00e9", "\u65b0\u95fb", "x\ny", "<b>x</b>", "'\"", "-o", "--help", "a\tb",
    "\u202egnp.", "..", "...", "#1", "%20", "con", "a" * 180, "\U0001f600", "x;rm -rf",
]  # fmt: skip


def _hostile_text(rnd: random.Random, words: int) -> str:
    out: list[str] = []
    for _ in range(words):
        roll = rnd.random()
        if roll < 0.55:
            out.append(rnd.choice(NEWS))
        elif roll < 0.72:
            out.append(rnd.choice(FACTS))
        elif roll < 0.86:
            out.append(rnd.choice(MARKUP))
        elif roll < 0.93:
            out.append(f"<{LEAK_TAG}>" if rnd.random() < 0.5 else f"<{LEAK_TAG} onclick=x>")
        else:
            out.append(rnd.choice(ODD))
    glue = rnd.choice([" ", " ", " ", "", "\n", "\n\n"])
    return glue.join(out)


def _pathological(rnd: random.Random) -> str:
    n = rnd.choice([2_000, 20_000, 100_000])
    unit = rnd.choice(
        [
            "7", ".", "(", "<div>", '"', "\u201c", "March 24, 2025, ", "60% ", "Dr. ", "a",
            "President ", "\n", "word ", "<a b='", "&amp;", "- ", "**", "| ", ":", "1,",
        ]
    )  # fmt: skip
    reps = max(1, n // len(unit))
    return rnd.choice(NEWS) + " " + unit * reps + " " + _hostile_text(rnd, 20)


def _front_matter(rnd: random.Random) -> str:
    fields = {
        "title": _hostile_text(rnd, 4),
        "source": _hostile_text(rnd, 3),
        "url": rnd.choice(
            [
                "javascript:alert(1)",
                " JaVaScRiPt:x",
                "data:text/html,<b>",
                "https://ok.example/a",
                'https://x.example/"><script>x</script>',
                "//evil",
                "vbscript:x",
                "https:/x",
                "http://\u202eevil.example",
                "file:///etc/passwd",
            ]
        ),
        "published": rnd.choice(["2025-03-24", "2025-13-45", "yesterday", "[1, 2]", "1e400"]),
    }
    lines = [f"{k}: {json.dumps(v)}" for k, v in fields.items() if rnd.random() < 0.8]
    if rnd.random() < 0.15:
        lines.append(
            rnd.choice(["title: [unclosed", "- list", "a: &a [*a]", "!!python/x y", "\t:"])
        )
    return "---\n" + "\n".join(lines) + "\n---\n"


def _html(rnd: random.Random, body: str) -> str:
    head = (
        f"<title>{_hostile_text(rnd, 4)}</title>"
        f'<meta property="og:url" content="{rnd.choice(["javascript:x", "https://ok.example"])}">'
        f'<meta name="author" content="{_hostile_text(rnd, 2)}">'
    )
    wrap = rnd.choice(["<p>{}</p>", "<div><span>{}</span></div>", "{}", "<article>{}"])
    return f"<html><head>{head}</head><body>{wrap.format(body)}<script>x()</script></body>"


def _record(rnd: random.Random) -> str:
    record: dict[str, Any] = {"text": _hostile_text(rnd, rnd.randint(0, 60))}
    for key in ("id", "title", "source", "url", "published"):
        if rnd.random() < 0.6:
            record[key] = rnd.choice(
                [_hostile_text(rnd, 2), 12, None, [1], {"a": 1}, 1e308, True, "../../x", ""]
            )
    if rnd.random() < 0.1:
        record["text"] = rnd.choice([None, 5, ["x"], {"t": "x"}])
    line = json.dumps(record, ensure_ascii=rnd.random() < 0.5)
    if rnd.random() < 0.1:
        line = line.replace('"text"', '"text\\ud800"').replace("alert", "\\udc00alert")
    if rnd.random() < 0.1:
        line = line[: rnd.randint(0, len(line))]
    return line


def _encoded(rnd: random.Random, text: str) -> bytes:
    choice = rnd.randrange(9)
    if choice == 0:
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    if choice == 1:
        return text.encode("utf-16-be", "surrogatepass")
    if choice == 2:
        return text.encode("utf-32", "surrogatepass")
    if choice == 3:
        return text.encode("cp1252", "replace")
    if choice == 4:
        return text.encode("latin-1", "replace")
    if choice == 5:
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rnd.randint(1, 5)):
            data.insert(rnd.randint(0, len(data)), rnd.choice([0x80, 0xC3, 0xFF, 0xFE, 0xED]))
        return bytes(data)
    if choice == 6:
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


def _binary(rnd: random.Random) -> bytes:
    magic = rnd.choice([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b""])
    return magic + bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 2000)))


def _name(rnd: random.Random, i: int, suffix: str) -> bytes:
    stem = f"{i:05d}"
    if rnd.random() < 0.3:
        stem += " " + rnd.choice(NAMES).replace("/", "_").replace("\x00", "_")
    raw = stem.encode("utf-8")[:200]
    if rnd.random() < 0.03:
        raw += b"\xff\xfe"  # not UTF-8
    return raw + suffix.encode()


@dataclass(frozen=True)
class Input:
    """One generated input: a file (or a symlink) in the batch folder."""

    name: bytes
    data: bytes = b""
    link: bytes | None = None  # a symlink to this name (relative) instead of a file


def generate(rnd: random.Random, i: int) -> Input:
    roll = rnd.random()
    suffix = rnd.choice([".txt", ".md", ".html", ".jsonl", ".json", ".txt", ".md", ".htm"])
    if roll < 0.04:
        return Input(_name(rnd, i, suffix), _binary(rnd))
    if roll < 0.06:
        return Input(_name(rnd, i, suffix), rnd.choice([b"", b" \n\t", b"\xef\xbb\xbf", b"\x00"]))
    if roll < 0.07:
        other = _name(rnd, i, ".txt")
        return Input(_name(rnd, i, ".txt") + b"-loop.txt", link=other + b"-loop.txt")
    if roll < 0.08:
        return Input(_name(rnd, i, ".md") + b"-dangling.md", link=b"missing-target.md")
    text = _pathological(rnd) if roll < 0.11 else _hostile_text(rnd, rnd.randint(1, 150))
    if suffix in (".md",):
        text = (_front_matter(rnd) if rnd.random() < 0.7 else "") + text
    elif suffix in (".html", ".htm"):
        text = _html(rnd, text)
    elif suffix == ".jsonl":
        text = "\n".join(_record(rnd) for _ in range(rnd.randint(1, 6)))
    elif suffix == ".json":
        records = [_record(rnd) for _ in range(rnd.randint(1, 4))]
        text = rnd.choice(["[" + ",".join(records) + "]", records[0], "[" * 5000, "{}"])
    return Input(
        _name(rnd, i, suffix),
        _encoded(rnd, text) if rnd.random() < 0.15 else text.encode("utf-8", "surrogatepass"),
    )


def write_batch(folder: Path, inputs: Sequence[Input]) -> list[str]:
    """Write ``inputs`` into ``folder``; returns the paths as factcheck reports them."""
    folder.mkdir(parents=True)
    base = os.fsencode(folder)
    paths = []
    for item in inputs:
        target = os.path.join(base, item.name)
        if item.link is not None:
            os.symlink(item.link, target)
            if item.link.endswith(b"-loop.txt") and not os.path.lexists(
                os.path.join(base, item.link)
            ):
                os.symlink(item.name, os.path.join(base, item.link))
        else:
            with open(target, "wb") as fh:
                fh.write(item.data)
        paths.append(os.fsdecode(target))
    return paths


# --- running batches in a worker process ------------------------------------------------


def _worker(conn: Connection, options: list[str]) -> None:
    """Runs in the child: one ``cli.main`` per batch folder received, until None."""
    if hasattr(os, "setpgrp"):
        os.setpgrp()  # its own process group, so a hang kills the --jobs pool with it
    from factcheck.cli import main

    while True:
        job = conn.recv()
        if job is None:
            return
        folder, out = job
        err = io.StringIO()
        started = time.perf_counter()
        try:
            code: int | str = main(["report", folder, "-o", out, *options], io.StringIO(), err)
        except BaseException as exc:  # anything escaping main is a crash
            code = f"exception {type(exc).__name__}: {exc}"
        conn.send((code, err.getvalue()[-2000:], time.perf_counter() - started))


class Runner:
    """A worker process that runs batches and is replaced when it hangs or dies."""

    def __init__(self, options: list[str], limit: float) -> None:
        self.options, self.limit = options, limit
        self.ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        # Not a daemon: daemonic processes may not start the --jobs process pool.
        self.proc = self.ctx.Process(target=_worker, args=(child, self.options))
        self.proc.start()

    def _kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (AttributeError, OSError):
            self.proc.kill()
        self.proc.join()

    def run(self, folder: Path, out: Path) -> tuple[str, Any, str, float]:
        """("ok", exit code, stderr, seconds), ("hung", ...) or ("died", ...)."""
        self.conn.send((str(folder), str(out)))
        if not self.conn.poll(self.limit):
            self._kill()
            self._start()
            return "hung", None, "", self.limit
        try:
            code, err, seconds = self.conn.recv()
        except EOFError:
            self.proc.join()
            code = self.proc.exitcode
            self._start()
            return "died", code, "", 0.0
        return "ok", code, err, seconds

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(timeout=30)
        if self.proc.is_alive():
            self._kill()


# --- judging a run ------------------------------------------------------------------------


@dataclass
class Verdict:
    """What one run says about its inputs: the ones that failed, by kind."""

    crashed: set[str] = field(default_factory=set)
    hung: set[str] = field(default_factory=set)
    leaked: set[str] = field(default_factory=set)
    over_budget: set[str] = field(default_factory=set)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    codes: Counter[str] = field(default_factory=Counter)
    shown: Counter[str] = field(default_factory=Counter)  # articles, facts, conflicts

    @property
    def batch_failed(self) -> str | None:
        for kind in ("crashed", "hung", "leaked"):
            if "*" in getattr(self, kind):
                return kind
        return None


def judge(runner: Runner, work: Path, paths: list[str], inputs: Sequence[Input]) -> Verdict:
    """Run one batch and check its exit code, outputs, report markup and errors."""
    folder = work / "in"
    out = work / "out"
    write_batch(folder, inputs)
    status, code, err, seconds = runner.run(folder, out)
    v = Verdict(seconds=seconds)
    if status == "hung":
        v.hung.add("*")
        return v
    if status == "died" or not isinstance(code, int) or code not in (0, 2):
        v.crashed.add("*")
        v.notes.append(f"{status} exit={code}: {err.strip().splitlines()[-1:]}")
        return v
    try:
        html = (out / "report.html").read_text(encoding="utf-8")
        data = json.loads((out / "report.json").read_text(encoding="utf-8"))
        rows = list(csv.reader(io.StringIO((out / "facts.csv").read_text(encoding="utf-8"))))
        assert rows and rows[0][:2] == ["article", "type"], rows[:1]
    except (OSError, ValueError, AssertionError) as exc:
        v.crashed.add("*")
        v.notes.append(f"outputs unreadable: {exc!r}")
        return v
    v.shown.update(articles=len(data["articles"]), facts=len(rows) - 1)
    v.shown.update(conflicts=len(data["conflicts"]))
    problems = audit(html)
    if problems:
        v.leaked.add("*")
        v.notes.extend(problems[:3])
    for e in data["errors"]:
        v.codes[e["code"]] += 1
        if e["code"] in ("FC-E011", "FC-E012"):
            v.crashed.add(e["path"])
            v.notes.append(f"{e['path']}: {e['code']} {e['message']}")
        elif e["code"] == "FC-E013":
            v.over_budget.add(e["path"])
    accounted = {a["path"] for a in data["articles"]} | {e["path"] for e in data["errors"]}
    missing = [p for p in paths if p not in accounted and str(folder) not in accounted]
    if missing:
        v.crashed.update(missing)
        v.notes.append(f"inputs neither read nor reported: {missing[:3]}")
    return v


def bisect(
    run: Callable[[Sequence[int]], Verdict], indexes: Sequence[int], kind: str, depth: int = 0
) -> list[int]:
    """The inputs among ``indexes`` that make a run fail with ``kind`` (by halving)."""
    if len(indexes) == 1:
        return list(indexes)
    half = len(indexes) // 2
    found: list[int] = []
    for part in (indexes[:half], indexes[half:]):
        if getattr(run(part), kind) and depth < 12:
            found += bisect(run, part, kind, depth + 1)
    return found


def _disable_autoescape() -> None:
    """Break the report on purpose (the worker is forked, so it inherits this)."""
    from jinja2 import Environment, PackageLoader

    from factcheck.formatters import html_report

    def unsafe() -> Environment:
        loader = PackageLoader("factcheck.formatters", "templates")
        return Environment(loader=loader, autoescape=False)

    html_report._environment = unsafe


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10_000, help="inputs to generate")
    ap.add_argument("--batch", type=int, default=250, help="inputs per CLI run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=float, default=120.0, help="wall-clock seconds per run")
    ap.add_argument("--time-budget", type=float, default=5.0, help="per-article budget")
    ap.add_argument("--jobs", type=int, default=1, help="factcheck --jobs (2+: process pool)")
    ap.add_argument("--keep", type=Path, default=None, help="copy failing inputs here")
    ap.add_argument(
        "--self-check",
        action="store_true",
        help="render the report with autoescape off: the fuzzer must then count leaks",
    )
    args = ap.parse_args(argv)
    if args.self_check:
        _disable_autoescape()

    rnd = random.Random(args.seed)
    inputs = [generate(rnd, i) for i in range(args.count)]
    scratch = Path(tempfile.mkdtemp(prefix="factcheck-fuzz-"))
    options = [
        "--jobs", str(args.jobs), "--time-budget", str(args.time_budget),
        "--cache-dir", str(scratch / "cache"), "--max-bytes", "1000000",
    ]  # fmt: skip
    started = time.perf_counter()
    runner = Runner(options, args.limit)
    runs = 0
    totals: dict[str, set[int]] = {k: set() for k in ("crashed", "hung", "leaked", "over_budget")}
    codes: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    notes: list[str] = []
    slowest = 0.0

    def run(indexes: Sequence[int]) -> Verdict:
        nonlocal runs, slowest
        runs += 1
        work = scratch / f"run-{runs:05d}"
        batch = [inputs[i] for i in indexes]
        # Paths as factcheck reports them (printable: see factcheck.errors.printable).
        paths = [
            printable(os.fsdecode(os.path.join(os.fsencode(work / "in"), b.name))) for b in batch
        ]
        verdict = judge(runner, work, paths, batch)
        slowest = max(slowest, verdict.seconds)
        by_shown = dict(zip(paths, indexes, strict=True))
        for kind in ("crashed", "leaked", "over_budget"):
            for p in getattr(verdict, kind) - {"*"}:
                if p in by_shown:
                    totals[kind].add(by_shown[p])
        shutil.rmtree(work, ignore_errors=True)
        return verdict

    try:
        for first in range(0, args.count, args.batch):
            indexes = list(range(first, min(first + args.batch, args.count)))
            verdict = run(indexes)
            codes.update(verdict.codes)
            shown.update(verdict.shown)
            notes.extend(verdict.notes[:5])
            kind = verdict.batch_failed
            if kind is not None:
                culprits = bisect(run, indexes, kind)
                totals[kind].update(culprits or indexes)
            done = min(first + args.batch, args.count)
            print(f"  {done:>6} inputs, {time.perf_counter() - started:6.1f} s", flush=True)
    finally:
        runner.close()

    failed = totals["crashed"] | totals["hung"] | totals["leaked"]
    if args.keep and failed:
        args.keep.mkdir(parents=True, exist_ok=True)
        for i in sorted(failed):
            target = os.path.join(os.fsencode(args.keep), inputs[i].name)
            with open(target, "wb") as fh:
                fh.write(inputs[i].data)
    shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.perf_counter() - started
    ran = args.count - len(totals["hung"] | totals["crashed"])
    print(f"fuzz: seed {args.seed}, {args.count} inputs in {runs} CLI runs, {elapsed:.1f} s")
    print(f"ran:     {ran}")
    print(f"crashed: {len(totals['crashed'])}")
    print(f"hung:    {len(totals['hung'])}")
    print(f"leaked:  {len(totals['leaked'])}")
    over = len(totals["over_budget"])
    print(f"reported over the {args.time_budget:g} s time budget (FC-E013): {over}")
    print(f"slowest run: {slowest:.1f} s of a {args.limit:g} s limit")
    print(
        f"reached the report: {shown['articles']} articles, {shown['facts']} facts, "
        f"{shown['conflicts']} conflicts"
    )
    print("error codes seen: " + ", ".join(f"{k} {v}" for k, v in sorted(codes.items())))
    for note in notes[:20]:
        print(f"  note: {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
