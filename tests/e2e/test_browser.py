"""End to end in Debian's Chromium: the triage app, the static report, a 10k-conflict page."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import ThreadServer
from playwright.sync_api import Page, expect

from factcheck.cli import main
from factcheck.model import Status
from factcheck.review import DEFAULT_REVIEWS_FILE, load_reviews, set_status
from factcheck.serve import bind, create_app
from factcheck.serve.security import local_hosts, new_token
from factcheck.serve.state import ServeState
from factcheck.serve.synthetic import synthetic_result

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture()
def served(corpus: Path) -> Iterator[str]:
    """``factcheck serve`` as a user starts it; yields the URL it prints."""
    command = [sys.executable, "-m", "factcheck", "serve", corpus.name, "--port", "0"]
    command += ["--no-cache", "--jobs", "1", "--reviewer", "E2E Tester"]
    log = corpus.parent / "serve.stderr"
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            command, cwd=corpus.parent, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stdout = proc.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    try:
        url, deadline = "", time.monotonic() + 120
        while not url:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("factcheck serve did not start:\n" + log.read_text())
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line.startswith("open http://127.0.0.1:"):
                url = line.split()[1]
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _errors(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def test_keyboard_triage_persists_to_the_reviews_file(
    page: Page, served: str, corpus: Path, shots: Path
) -> None:
    errors = _errors(page)
    reviews = corpus / DEFAULT_REVIEWS_FILE
    page.goto(served)
    current = page.locator(".card.current")
    expect(current).to_have_count(1)
    total = page.locator(".card").count()
    assert total >= 4
    page.screenshot(path=str(shots / "serve.png"))
    page.keyboard.press("j")
    expect(current).to_have_attribute(
        "id", "c-" + (page.locator(".card").nth(1).get_attribute("data-id") or "")
    )
    page.keyboard.press("k")
    first = current.get_attribute("data-id")
    assert first == page.locator(".card").first.get_attribute("data-id")

    page.keyboard.press("d")
    expect(page.locator(f"#c-{first} .badge.status")).to_have_text("dismissed")
    expect(page.locator(".card.current")).not_to_have_attribute("data-id", first or "")
    saved = load_reviews(reviews)[first or ""]
    assert saved.status is Status.DISMISSED and saved.reviewer == "E2E Tester"

    page.reload()  # "new since last review" no longer lists it
    expect(page.locator(".card")).to_have_count(total - 1)
    expect(page.locator(f"#c-{first}")).to_have_count(0)
    page.goto(served + "?status=dismissed")
    expect(page.locator(f"#c-{first} .badge.status")).to_have_text("dismissed")

    # explain with a note, then undo it, all from the keyboard
    page.goto(served)
    expect(page.locator(".card.current")).to_have_count(1)
    second = page.locator(".card.current").get_attribute("data-id") or ""
    page.keyboard.press("e")
    page.keyboard.type("two different deals, 2023 and 2025")
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{second} .badge.status")).to_have_text("explained")
    assert load_reviews(reviews)[second].note == "two different deals, 2023 and 2025"
    page.keyboard.press("u")
    expect(page.locator(f"#c-{second} .badge.status")).to_have_text("new")
    assert second not in load_reviews(reviews) and first in load_reviews(reviews)
    assert errors == []


def test_static_report_filters_and_pictures(
    page: Page, corpus: Path, shots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus.parent)  # paths in the report as a user would give them
    out = corpus.parent / "reports"
    report = ["report", corpus.name, "-o", str(out), "--jobs", "1"]
    assert main(report) == 0
    conflicts = json.loads((out / "report.json").read_text(encoding="utf-8"))["conflicts"]
    quantity = [c["id"] for c in conflicts if c["kind"] == "quantity"]
    assert quantity and len(quantity) < len(conflicts)
    set_status(corpus / DEFAULT_REVIEWS_FILE, quantity[0], "dismissed", "ministry typo", "Ada")
    assert main(report) == 0  # again, from the extraction cache, with the review

    errors = _errors(page)
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.goto((out / "report.html").as_uri())
    for chart in ("timeline", "matrix", "dotplot"):
        svg = page.locator(f"svg.chart.{chart}").first
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 80
    expect(page.locator("svg.timeline g.event.outlier").first).to_be_visible()
    expect(page.locator("svg.matrix g.cell.outlier").first).to_be_visible()
    page.screenshot(path=str(shots / "report.png"))

    shown = page.locator("#shown")
    expect(shown).to_have_text(str(len(conflicts)))
    reviewed = page.locator(f"#c-{quantity[0]} .note")
    expect(reviewed).to_contain_text("dismissed by Ada")
    expect(reviewed).to_contain_text("ministry typo")

    page.locator("input[name=kind][value=quantity]").uncheck()
    expect(shown).to_have_text(str(len(conflicts) - len(quantity)))
    expect(page.locator(f"#c-{quantity[0]}")).to_be_hidden()
    assert "kind=" in page.evaluate("location.hash")
    page.reload()  # the filter lives in the URL
    expect(page.locator("input[name=kind][value=quantity]")).not_to_be_checked()
    expect(shown).to_have_text(str(len(conflicts) - len(quantity)))

    page.locator("input[name=kind][value=quantity]").check()
    articles = {e["article"] for c in conflicts for e in c["evidence"]}
    wire = next(a for a in articles if a.endswith("wire.md"))
    page.locator("select[name=source]").select_option(wire)
    with_wire = sum(1 for c in conflicts if wire in {e["article"] for e in c["evidence"]})
    expect(shown).to_have_text(str(with_wire))
    assert 0 < with_wire < len(conflicts)
    assert errors == []  # nothing blocked by the Content-Security-Policy


def test_a_page_of_ten_thousand_conflicts(page: Page, tmp_path: Path) -> None:
    result = synthetic_result(10_000)
    state = ServeState(result, tmp_path / "reviews.yaml", "E2E Tester")
    sock = bind(0)
    port = int(sock.getsockname()[1])
    app: Any = create_app(state, new_token(), local_hosts(port))
    errors = _errors(page)
    with ThreadServer(app, sock):
        page.goto(f"http://127.0.0.1:{port}/")
        expect(page.locator(".card")).to_have_count(50)
        expect(page.locator(".pager").first).to_contain_text("1–50 of 10000")
        page.keyboard.press("]")
        expect(page.locator(".pager").first).to_contain_text("51–100 of 10000")
        expect(page.locator(".card.current")).to_have_count(1)  # the page's script runs
        page.keyboard.press("j")
        target = page.locator(".card.current").get_attribute("data-id") or ""
        assert target == page.locator(".card").nth(1).get_attribute("data-id")
        page.keyboard.press("c")
        expect(page.locator(f"#c-{target} .badge.status")).to_have_text("confirmed")
    assert load_reviews(tmp_path / "reviews.yaml")[target].status is Status.CONFIRMED
    assert errors == []
