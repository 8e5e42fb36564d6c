"""The local engine against the dask engine on large synthetic corpora.

    python bench/dask_scale.py [--sizes 10000 50000] [--engines local dask]
                               [--workers 2] [--keep DIR]
    python bench/dask_scale.py --sizes 200000 --engines dask     # the 200k run

For each size, a corpus from ``bench/make_corpus.py`` is generated once, then each
engine runs ``check``'s work on it (``api.run(..., facts=False)`` plus the JSON report,
as ``factcheck check --format json`` does) in a fresh process, so peak memory is the
run's own:

- local: a process pool of ``--workers`` processes; peak memory of the main process
  and of the largest pool worker (``getrusage``).
- dask: a ``LocalCluster`` of ``--workers`` single-threaded worker processes started
  in the run's process and reached by address (``--scheduler``), as a remote cluster
  would be; peak memory of the client process (it also hosts the scheduler and the
  nannies) and of the largest worker (``getrusage`` run on each worker).

Planted recall is scored as ``bench/throughput.py`` scores it (``account``), and the
conflicts of the two engines are compared fingerprint for fingerprint.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def one(engine: str, folder: Path, workers: int) -> dict[str, object]:
    """Run one engine over ``folder`` in this process; the figures as a dict."""
    from make_corpus import MANIFEST
    from throughput import account

    from factcheck import api
    from factcheck.config import Config
    from factcheck.formatters.json_report import render

    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    worker_peak = 0.0
    if engine == "dask":
        import logging

        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
        config = Config(engine="dask", scheduler=cluster.scheduler_address)
    else:
        config = Config(jobs=workers)
    started = time.perf_counter()
    result = api.run([folder], config, facts=False)
    render(result)
    seconds = time.perf_counter() - started
    if engine == "dask":
        with Client(cluster.scheduler_address) as client:
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        worker_peak = max(peaks.values()) / 1024
        cluster.close()
    else:
        worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stats = dict(result.stats)
    scored = account(result, manifest)
    return {
        "engine": engine,
        "articles": len(result.articles),
        "seconds": round(seconds, 1),
        "extract_seconds": stats.get("extract_seconds", 0.0),
        "compare_seconds": stats.get("compare_seconds", 0.0),
        "claims": stats.get("claims", 0.0),
        "peak_mb_client": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_mb_worker": round(worker_peak),
        "conflicts": len(result.findings),
        "fingerprints": sorted(f.conflict.id for f in result.findings),
        "planted": scored["planted"],
        "recall": scored["recall"],
        "true": scored["true"],
        "false": len(scored["false"]),  # type: ignore[arg-type]
        "errors": len(result.errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="generate corpora here and keep them")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], Path(args.one[1]), args.workers)))
        return
    from make_corpus import generate

    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for size in args.sizes:
            folder = base / f"corpus-{size}"
            if not folder.is_dir():
                generate(size, folder)
            figures = []
            for engine in args.engines:
                done = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--one",
                        engine,
                        str(folder),
                        "--workers",
                        str(args.workers),
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    print(f"{size} {engine}: failed\n{done.stderr[-3000:]}")
                    continue
                fig = json.loads(done.stdout.strip().splitlines()[-1])
                figures.append(fig)
                print(
                    f"{size} articles, {engine}: {fig['seconds']:.1f} s (read + extract "
                    f"{fig['extract_seconds']:.1f} s, align + compare "
                    f"{fig['compare_seconds']:.1f} s, "
                    f"{fig['claims']:.0f} claims); peak memory client {fig['peak_mb_client']} "
                    f"MB, largest worker {fig['peak_mb_worker']} MB; planted recall "
                    f"{fig['recall']:.3f} ({fig['true']} true of {fig['planted']} planted), "
                    f"{fig['false']} false, {fig['conflicts']} conflicts, "
                    f"{fig['errors']} input errors",
                    flush=True,
                )
            if len(figures) == 2:
                same = figures[0]["fingerprints"] == figures[1]["fingerprints"]
                print(f"  same fingerprints for both engines: {same}", flush=True)


if __name__ == "__main__":
    main()
