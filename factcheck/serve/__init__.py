"""``factcheck serve``: a local web app to triage conflicts in the browser.

``prepare`` builds the state from a finished run; ``serve`` binds 127.0.0.1 (never
another interface), prints the URL and runs uvicorn until interrupted.
"""

from __future__ import annotations

import gc
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from factcheck.model import RunResult
from factcheck.rules import Rule
from factcheck.serve.app import create_app
from factcheck.serve.security import local_hosts, new_token
from factcheck.serve.state import ServeState

__all__ = ["HOST", "ServeState", "bind", "create_app", "serve"]

HOST = "127.0.0.1"


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    result: RunResult,
    reviews_path: Path,
    reviewer: str,
    out: TextIO,
    *,
    port: int = 8765,
    rules: Mapping[str, Rule] | None = None,
    started: Callable[[str], None] | None = None,
) -> None:
    """Run the app over ``result`` until Ctrl-C; prints the URL once it listens."""
    import uvicorn

    sock = bind(port)
    actual = int(sock.getsockname()[1])
    state = ServeState(result, reviews_path, reviewer, rules=rules)
    # NOTE: the run stays alive and unchanged for the whole session; moving it out of
    # the collector's reach keeps full collections during requests cheap.
    gc.collect()
    gc.freeze()
    app = create_app(state, new_token(), local_hosts(actual))
    url = f"http://{HOST}:{actual}/"
    out.write(f"factcheck serve: {len(result.findings)} conflicts, reviews in {reviews_path}\n")
    out.write(f"open {url}  (Ctrl-C to stop)\n")
    out.flush()
    if started is not None:
        started(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
