"""How fast the triage app serves its first page with many conflicts.

    python bench/serve_page.py [N] [--baseline B] [--repeat R]

Builds a synthetic run of N conflicts (default 10000; no extraction) and a baseline run
of B (default 100), starts the app over each in this process and measures, through
Starlette's test client (in-process HTTP, no sockets):

- start-up: building the app's state (grouping claims for the pictures, indexes);
- first page: the very first GET / (nothing cached: reviews file read and paired with
  every conflict, templates compiled);
- warm page: the median of R more GET / requests;
- deep page: the last page of every conflict (``?status=&page=last``);
- decision: one POST /decide (locked, atomic write of the reviews file) followed by
  the next GET /, which re-reads and re-pairs the changed file;
- pictures: GET /pictures.

Target (issue 6): first page under 1 s on this machine at N = 10000. The N run goes
first, so its first page also pays the process's one-off costs; the ratio to the
baseline shows how the cost of each step grows with the number of conflicts.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from starlette.testclient import TestClient

from factcheck.serve import create_app
from factcheck.serve.security import local_hosts
from factcheck.serve.state import ServeState
from factcheck.serve.synthetic import synthetic_result

TOKEN = "bench-token"
PORT = 8765


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(conflicts: int, repeat: int, folder: Path) -> dict[str, float]:
    built = time.perf_counter()
    result = synthetic_result(conflicts, articles=max(3, conflicts // 20))
    figures = {"build": time.perf_counter() - built}
    state_box: list[ServeState] = []
    figures["start-up"] = _seconds(
        lambda: state_box.append(ServeState(result, folder / f"reviews-{conflicts}.yaml", "bench"))
    )
    state = state_box[0]
    client = TestClient(
        create_app(state, TOKEN, local_hosts(PORT)), base_url=f"http://127.0.0.1:{PORT}"
    )

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    figures["first page"] = _seconds(lambda: get("/"))
    figures["warm page"] = statistics.median(_seconds(lambda: get("/")) for _ in range(repeat))
    pages = max(1, -(-conflicts // 50))
    figures["deep page"] = _seconds(lambda: get(f"/?status=&page={pages}"))
    target = result.findings[0].conflict.id

    def decide_and_reload() -> None:
        done = client.post(
            "/decide",
            data={"token": TOKEN, "fingerprint": target, "status": "dismissed"},
            headers={"Accept": "application/json"},
        )
        assert done.status_code == 200, done.text
        get("/")

    figures["decision + page"] = _seconds(decide_and_reload)
    figures["pictures"] = _seconds(lambda: get("/pictures"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conflicts", nargs="?", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # The big run goes first, so its first page pays every one-off cost of the
        # process (imports, chart templates) exactly as a freshly started app does.
        big = measure(args.conflicts, args.repeat, Path(tmp))
        base = measure(args.baseline, args.repeat, Path(tmp))
    print(f"{'':18}{args.baseline:>10} {args.conflicts:>10}   ratio")
    for name in big:
        ratio = big[name] / base[name] if base[name] else float("nan")
        print(f"{name:18}{base[name]:>9.3f}s {big[name]:>9.3f}s {ratio:>7.1f}x")
    verdict = "under" if big["first page"] < 1.0 else "OVER"
    print(f"first page at {args.conflicts} conflicts: {big['first page']:.3f} s ({verdict} 1 s)")


if __name__ == "__main__":
    main()
