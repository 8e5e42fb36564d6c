"""A CI gate run over one new article against a large cached corpus, cold vs warm.

    python bench/ci_warm.py [N] [--seed S] [--repeat R] [--compare M]

Generates N articles with ``bench/make_corpus.py``, then runs, each as a fresh
``factcheck check NEW --corpus CORPUS --format json`` process (as a CI job does):

1. uncached (``--no-cache``): the baseline, everything read, extracted, aligned;
2. cold: an empty cache, which the run fills;
3. warm: the same new article again: nothing changed;
4. warm, new article: another article never seen before (the usual CI case: it is
   extracted, so quantulum3 and dateparser are loaded, and aligned; the corpus is not);
   run R times (default 3), each on a fresh copy of the warm cache, and the median
   kept, because the machine is noisy;

and prints each wall time, the ratios to the cold run, and checks that every run
reports the same conflicts for the same article. With ``--compare M`` it does the
same for an M-article corpus (cold fill and the warm unseen runs only) and prints
the ratio of the two warm unseen medians: how the cost of checking one article grows
with the corpus. Always exits 0 unless a run fails.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate


def _check(
    new: Path, corpus: Path, cache: Path | None, cwd: Path
) -> tuple[float, dict[str, object]]:
    argv = [sys.executable, "-m", "factcheck", "check", str(new), "--corpus", str(corpus)]
    argv += ["--format", "json", "--fail-on", "high"]
    argv += ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    started = time.perf_counter()
    cpu = _children_cpu()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    _CPU.append(_children_cpu() - cpu)
    if done.returncode not in (0, 1):
        raise SystemExit(f"factcheck failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


# CPU seconds (user + system) of each run, in run order: steadier than wall time when
# other work shares the machine.
_CPU: list[float] = []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _ids(report: dict[str, object]) -> list[str]:
    conflicts = report["conflicts"]
    assert isinstance(conflicts, list)
    return sorted(str(c["id"]) for c in conflicts)


def _corpus(root: Path, n: int, seed: int) -> tuple[Path, Path, Path]:
    """An n-article corpus under ``root``, and two new articles with planted conflicts."""
    corpus = root / "corpus"
    manifest = generate(n + 2, corpus, seed=seed)
    # Two articles with a planted conflict play the new ones; the rest is the corpus.
    planted = [corpus / str(p["article"]) for p in manifest[-2:]]
    incoming = root / "incoming"
    incoming.mkdir()
    first, second = (incoming / p.name for p in planted)
    shutil.move(planted[0], first)
    shutil.move(planted[1], second)
    return corpus, first, second


def _unseen(
    new: Path, corpus: Path, cache: Path, cwd: Path, repeat: int
) -> tuple[float, dict[str, object]]:
    """The median wall time of checking ``new``, unseen, against the warm ``cache``."""
    times: list[float] = []
    cpu: list[float] = []
    report: dict[str, object] = {}
    for _ in range(repeat):
        trial = cwd / "cache-trial"
        shutil.rmtree(trial, ignore_errors=True)
        shutil.copytree(cache, trial)
        seconds, report = _check(new, corpus, trial, cwd)
        times.append(seconds)
        cpu.append(_CPU[-1])
    shutil.rmtree(cwd / "cache-trial", ignore_errors=True)
    _UNSEEN_CPU.append(statistics.median(cpu))
    return statistics.median(times), report


_UNSEEN_CPU: list[float] = []  # median CPU seconds of each ``_unseen`` call


def _compare(m: int, seed: int, repeat: int) -> float:
    """The median warm unseen time at an m-article corpus (fill, then unseen runs)."""
    with tempfile.TemporaryDirectory(prefix="factcheck-ci-") as tmp:
        root = Path(tmp)
        corpus, first, second = _corpus(root, m, seed)
        cache = root / "cache"
        _check(first, corpus, cache, root)
        seconds, _ = _unseen(second, corpus, cache, root, repeat)
        return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="corpus size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="warm unseen runs (median)")
    parser.add_argument("--compare", type=int, metavar="M", help="also time an M-article corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factcheck-ci-") as tmp:
        root = Path(tmp)
        corpus, first, second = _corpus(root, args.n, args.seed)
        cache = root / "cache"

        base_s, base = _check(first, corpus, None, root)
        cold_s, cold = _check(first, corpus, cache, root)
        warm_s, warm = _check(first, corpus, cache, root)
        fresh_s, fresh = _unseen(second, corpus, cache, root, args.repeat)
        _, fresh_base = _check(second, corpus, None, root)

        assert _ids(cold) == _ids(base) == _ids(warm), "cached runs differ from the baseline"
        assert _ids(fresh) == _ids(fresh_base), "the warm run on a new article differs"
        size = (cache / "mentions.sqlite3").stat().st_size / 1e6
        print(f"corpus: {args.n} articles; one new article checked against it per run")
        print(f"{'uncached (baseline):':30} {base_s:8.2f} s  ({len(_ids(base))} conflicts)")
        for label, seconds in (
            ("cold (fills the cache):", cold_s),
            ("warm, same article:", warm_s),
            (f"warm, unseen (median of {args.repeat}):", fresh_s),
        ):
            print(f"{label:30} {seconds:8.2f} s  (cold / this = {cold_s / seconds:.1f}x)")
        print(f"{'  its CPU time (median):':30} {_UNSEEN_CPU[0]:8.2f} s")
        print(f"cache file: {size:.1f} MB; every run reports the same conflicts")
    if args.compare:
        other = _compare(args.compare, args.seed, args.repeat)
        cpu, other_cpu = _UNSEEN_CPU
        print(
            f"warm unseen at {args.compare} articles: {other:.2f} s, CPU {other_cpu:.2f} s"
            f" (median of {args.repeat})"
        )
        print(
            f"warm unseen {args.n} / {args.compare}: {fresh_s / other:.2f}x wall time,"
            f" {cpu / other_cpu:.2f}x CPU time"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
