"""How the reviews file scales: one decision on a large file, and many writers at once.

    python bench/reviews_scale.py [--entries N] [--writers W]

Prints, for a reviews file of N entries (default 10,000, about 2.5 MB):

1. one ``factcheck review --set FP dismissed`` in a fresh process (what a script pays:
   start-up, one parse, one save), and one decision in a long-running process that has
   read the file before (what the app pays per click); target: under 1 s each;
2. W (default 10) ``factcheck review --set`` processes started at once, each on its own
   fingerprint: how many decisions are on disk afterwards (target: all W), how many
   processes failed, and the wall time.

Exits 1 when a writer's decision is lost or a writer fails, else 0. No test asserts
these times; this script is where they are measured.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from factcheck.fsutil import atomic_write
from factcheck.model import Review, Status
from factcheck.review import change_status, dump_reviews, load_reviews


def make_file(path: Path, entries: int) -> list[str]:
    reviews = [
        Review(
            f"{i:016x}",
            "quantity",
            f"Share of exports from region {i}: 14% vs 41%",
            Status.CONFIRMED if i % 3 else Status.DISMISSED,
            "the wire copy was corrected later; see the follow-up story" if i % 2 else "",
            "Ada Lovelace",
            "2024-05-01",
        )
        for i in range(entries)
    ]
    atomic_write(path, dump_reviews(reviews))
    return [r.fingerprint for r in reviews]


def cli_set(path: Path, fingerprint: str, reviewer: str) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "factcheck", "review", "--set", fingerprint, "dismissed"]
    argv += ["--reviews", str(path), "--reviewer", reviewer]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--writers", type=int, default=10)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "factcheck-reviews.yaml"
        fps = make_file(path, args.entries)
        size = path.stat().st_size
        print(f"reviews file: {args.entries} entries, {size / 1e6:.1f} MB")

        code = (
            "import sys, time; from pathlib import Path; from factcheck.review import "
            "load_reviews; t = time.perf_counter(); load_reviews(Path(sys.argv[1])); "
            "print(f'{time.perf_counter() - t:.2f}')"
        )
        took = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"reading it in a fresh process (libyaml: {yaml.__with_libyaml__}): {took} s")

        started = time.perf_counter()
        proc = cli_set(path, fps[1], "bench")
        _, err = proc.communicate()
        took = time.perf_counter() - started
        ok &= proc.returncode == 0
        print(f"one `review --set` in a fresh process: {took:.2f} s (exit {proc.returncode})")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import factcheck.cli"], check=True)
        print(f"  of which interpreter start-up and imports: {time.perf_counter() - started:.2f} s")

        load_reviews(path)  # the app has shown a page: the file is read
        started = time.perf_counter()
        change_status(path, fps[2], "explained", "bench", "bench")
        print(f"one decision in a running process (the app): {time.perf_counter() - started:.3f} s")

        targets = fps[100 : 100 + args.writers]
        started = time.perf_counter()
        procs = [cli_set(path, fp, f"writer-{i}") for i, fp in enumerate(targets)]
        failed = 0
        for p in procs:
            _, err = p.communicate()
            if p.returncode != 0:
                failed += 1
                print(f"  writer failed: {err.decode(errors='replace').strip()}")
        wall = time.perf_counter() - started
        saved = load_reviews(path)
        kept = sum(
            1
            for i, fp in enumerate(targets)
            if saved[fp].reviewer == f"writer-{i}" and saved[fp].status is Status.DISMISSED
        )
        ok &= kept == len(targets) and failed == 0 and len(saved) == args.entries
        print(
            f"{len(targets)} concurrent `review --set`: {kept}/{len(targets)} decisions kept, "
            f"{failed} failed, {len(saved)} entries on file, {wall:.2f} s wall"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
