"""The triage app through Starlette's test client: decisions, guards, filters, pages."""

from __future__ import annotations

import fcntl
import re
import shutil
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from factcheck import Config, RunResult, run
from factcheck.fsutil import atomic_write
from factcheck.model import Review, Status
from factcheck.review import dump_reviews, load_reviews, lock_path, set_status
from factcheck.rules import load_rules
from factcheck.serve import bind, create_app
from factcheck.serve.security import local_hosts
from factcheck.serve.state import ServeState, UndoError
from factcheck.serve.synthetic import synthetic_result

CORPUS = Path(__file__).parent / "e2e" / "corpus"
TOKEN = "test-token-0123456789"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
JSON = {"Accept": "application/json"}
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve") / "corpus"
    shutil.copytree(CORPUS, folder)
    herald = folder / "herald.md"
    text = herald.read_text(encoding="utf-8")
    text = text.replace("source: Evening Herald", f"source: Evening Herald {HOSTILE}")
    herald.write_text(
        text.replace("Canada produces 25%", f"Canada {HOSTILE} produces 25%"), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def result(corpus: Path) -> RunResult:
    found = run([corpus], Config(jobs=1))
    kinds = {f.conflict.kind.value for f in found.findings}
    assert {"quantity", "temporal-framing"} <= kinds, kinds  # the fixture's planted conflicts
    return found


@pytest.fixture()
def reviews_path(tmp_path: Path) -> Path:
    return tmp_path / "factcheck-reviews.yaml"


def _client(result: RunResult, reviews_path: Path) -> tuple[TestClient, ServeState]:
    rules = {r.id: r for r in load_rules()}
    state = ServeState(result, reviews_path, "Ada", rules=rules, today=date(2025, 5, 1))
    app = create_app(state, TOKEN, local_hosts(PORT))
    return TestClient(app, base_url=BASE), state


@pytest.fixture()
def client(result: RunResult, reviews_path: Path) -> TestClient:
    return _client(result, reviews_path)[0]


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="card[^"]*" id="c-([0-9a-f]+)"', html)


def _decide(client: TestClient, fingerprint: str, status: str, note: str = "") -> dict[str, object]:
    response = client.post(
        "/decide",
        data={"token": TOKEN, "fingerprint": fingerprint, "status": status, "note": note},
        headers=JSON,
    )
    body: dict[str, object] = response.json()
    body["http"] = response.status_code
    return body


# --- decisions ---------------------------------------------------------------------


def test_opens_on_new_and_a_decision_is_saved_at_once(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    first = client.get("/")
    assert first.status_code == 200
    listed = _cards(first.text)
    assert len(listed) == len(result.findings)
    target = listed[0]
    body = _decide(client, target, "dismissed", "wire copy, corrected later")
    assert body["http"] == 200 and body["status"] == "dismissed"
    saved = load_reviews(reviews_path)[target]
    assert saved.status is Status.DISMISSED
    assert saved.note == "wire copy, corrected later"
    assert (saved.reviewer, saved.date) == ("Ada", "2025-05-01")
    conflict = next(f.conflict for f in result.findings if f.conflict.id == target)
    assert (saved.kind, saved.summary) == (conflict.kind.value, conflict.summary)
    assert target not in _cards(client.get("/").text)  # "new" no longer lists it
    assert _cards(client.get("/?status=dismissed").text) == [target]


def test_form_post_without_javascript_redirects_to_a_local_page_only(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    fingerprint = result.findings[0].conflict.id
    form = {"token": TOKEN, "fingerprint": fingerprint, "status": "confirmed", "note": ""}
    done = client.post("/decide", data={**form, "next": "/?status=&page=1"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/?status=&page=1"
    for hostile in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        done = client.post("/decide", data={**form, "next": hostile}, follow_redirects=False)
        assert done.headers["location"] == "/"
    assert load_reviews(reviews_path)[fingerprint].status is Status.CONFIRMED


def test_explained_needs_a_note_and_unknown_values_are_refused(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    fingerprint = result.findings[0].conflict.id
    assert _decide(client, fingerprint, "explained")["http"] == 409
    assert _decide(client, fingerprint, "maybe")["http"] == 400
    assert _decide(client, "0" * 16, "dismissed")["http"] == 404
    assert _decide(client, fingerprint, "dismissed", "x" * 5000)["http"] == 400
    assert not reviews_path.exists()
    body = _decide(client, fingerprint, "explained", "different years")
    assert body["http"] == 200 and load_reviews(reviews_path)[fingerprint].note == "different years"


def test_undo_restores_what_was_there_before(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    a, b = (f.conflict.id for f in result.findings[:2])
    _decide(client, a, "confirmed")
    _decide(client, a, "dismissed")
    _decide(client, b, "dismissed")
    undo = client.post("/undo", data={"token": TOKEN}, headers=JSON).json()
    assert undo["fingerprint"] == b and undo["status"] == "new"
    assert b not in load_reviews(reviews_path)
    undo = client.post("/undo", data={"token": TOKEN}, headers=JSON).json()
    assert undo["status"] == "confirmed"
    assert load_reviews(reviews_path)[a].status is Status.CONFIRMED
    client.post("/undo", data={"token": TOKEN}, headers=JSON)
    assert load_reviews(reviews_path) == {}
    empty = client.post("/undo", data={"token": TOKEN}, headers=JSON)
    assert empty.status_code == 409 and "nothing to undo" in empty.json()["error"]


def test_undo_leaves_a_decision_changed_on_disk_alone(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    fingerprint = result.findings[0].conflict.id
    _decide(client, fingerprint, "dismissed")
    set_status(reviews_path, fingerprint, "confirmed", "checked by phone", "Grace")
    refused = client.post("/undo", data={"token": TOKEN}, headers=JSON)
    assert refused.status_code == 409 and "changed" in refused.json()["error"]
    assert load_reviews(reviews_path)[fingerprint].reviewer == "Grace"


def test_a_file_edited_on_disk_meanwhile_is_reloaded_not_overwritten(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    a, b = (f.conflict.id for f in result.findings[:2])
    client.get("/")  # the app has read the (missing) file once
    set_status(reviews_path, b, "explained", "two different deals", "Grace")  # like the CLI
    page = client.get("/?status=explained").text
    assert _cards(page) == [b] and "two different deals" in page
    _decide(client, a, "dismissed")
    on_disk = load_reviews(reviews_path)
    assert on_disk[a].status is Status.DISMISSED
    assert on_disk[b].status is Status.EXPLAINED and on_disk[b].reviewer == "Grace"


def test_a_broken_reviews_file_is_reported_and_never_overwritten(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    reviews_path.write_text("version: 1\nreviews: [unclosed\n", encoding="utf-8")
    before = reviews_path.read_bytes()
    page = client.get("/")
    assert page.status_code == 500 and str(reviews_path) in page.text
    assert _decide(client, result.findings[0].conflict.id, "dismissed")["http"] == 409
    assert reviews_path.read_bytes() == before


# --- guards --------------------------------------------------------------------------


def test_state_changes_need_the_token(
    client: TestClient, result: RunResult, reviews_path: Path
) -> None:
    form = {"fingerprint": result.findings[0].conflict.id, "status": "dismissed"}
    assert client.post("/decide", data=form).status_code == 403
    assert client.post("/decide", data={**form, "token": "wrong"}).status_code == 403
    assert client.post("/decide", data={**form, "token": ""}).status_code == 403
    assert client.post("/undo", data={}).status_code == 403
    assert not reviews_path.exists()
    header = client.post("/decide", data=form, headers={"X-Factcheck-Token": TOKEN, **JSON})
    assert header.status_code == 200 and reviews_path.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Host": f"evil.example:{PORT}"},
        {"Host": "127.0.0.1:9999"},
        {"Host": f"127.0.0.1:{PORT}.evil.example"},
        {"Origin": "http://evil.example"},
        {"Origin": f"http://evil.example:{PORT}"},
        {"Origin": "null"},
    ],
)
def test_requests_not_addressed_to_this_app_are_refused(
    client: TestClient, result: RunResult, reviews_path: Path, headers: dict[str, str]
) -> None:
    assert client.get("/", headers=headers).status_code == 403
    form = {"token": TOKEN, "fingerprint": result.findings[0].conflict.id, "status": "dismissed"}
    assert client.post("/decide", data=form, headers=headers).status_code == 403
    assert not reviews_path.exists()


def test_local_names_and_own_origin_are_accepted(client: TestClient) -> None:
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200
    assert client.get("/", headers={"Origin": BASE}).status_code == 200
    cross = client.post("/undo", data={"token": TOKEN}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403


def test_strict_headers_and_only_our_own_script(client: TestClient) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "unsafe-inline" not in csp and "connect-src 'self'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.text.count("<script>") == 1 and page.text.count("<script") == 1
    assert 'src="' not in page.text  # nothing is loaded from anywhere


def test_article_text_is_escaped_everywhere(client: TestClient, result: RunResult) -> None:
    herald = next(a for a in result.articles if a.id.endswith("herald.md"))
    pages = [
        client.get("/?status=").text,
        client.get("/pictures").text,
        client.get("/article", params={"id": herald.id, "start": 0, "end": 10}).text,
    ]
    for html in pages:
        assert "<img src=x" not in html and "<script>alert" not in html
        assert "&lt;script&gt;alert(2)" in html or "&lt;img" in html


@pytest.mark.parametrize(
    "article", ["../../../../etc/passwd", "/etc/passwd", "herald.md/../../x", "%2e%2e/etc"]
)
def test_no_request_reaches_the_file_system(client: TestClient, article: str) -> None:
    assert client.get("/article", params={"id": article}).status_code == 404
    assert client.get(f"/article/{article}").status_code == 404
    assert client.get(f"/{article}").status_code == 404


def test_binds_the_loopback_address_only() -> None:
    sock = bind(0)
    try:
        host, port = sock.getsockname()
        assert host == "127.0.0.1" and port > 0
    finally:
        sock.close()


# --- filters, trace, pages -----------------------------------------------------------


def test_filters_live_in_the_url(client: TestClient, result: RunResult) -> None:
    ids = {f.conflict.id: f.conflict for f in result.findings}
    temporal = {k for k, c in ids.items() if c.kind.value == "temporal-framing"}
    assert temporal and set(_cards(client.get("/?kind=temporal-framing").text)) == temporal
    wire = next(a.id for a in result.articles if a.id.endswith("wire.md"))
    expected = {f.conflict.id for f in result.findings if wire in f.conflict.articles}
    assert expected and expected != set(ids)
    assert set(_cards(client.get("/", params={"source": wire}).text)) == expected
    high = {k for k, c in ids.items() if c.severity.value == "high"}
    assert set(_cards(client.get("/?severity=high").text)) == high
    assert not _cards(client.get("/?severity=high&severity=low&kind=weekday").text)
    # unknown values are ignored, never echoed
    odd = client.get("/?kind=<b>x</b>&severity=bogus&status=")
    assert set(_cards(odd.text)) == {f.conflict.id for f in result.findings}
    assert "<b>x</b>" not in odd.text


def test_evidence_trace(client: TestClient, result: RunResult) -> None:
    finding = next(f for f in result.findings if f.conflict.kind.value == "quantity")
    html = client.get("/", params={"focus": finding.conflict.id}).text
    card = html[html.index(f'id="c-{finding.conflict.id}"') :]
    card = card[: card.index("</article>")]
    assert card.count('class="ev"') == len(finding.conflict.evidence)
    assert card.count("<mark>") == len(finding.conflict.evidence)
    for label in ("raw text", "compared as", "normalised", "bounds", "extractor"):
        assert f"<th>{label}</th>" in card
    assert "(approx)" in card and "(exact)" in card  # "nearly 60%" next to "25%"
    assert "quantities@" in card  # the extractor and its version
    assert finding.conflict.rule_id in card and "<th>measure_similarity</th>" in card
    assert '<svg class="chart dotplot"' in card and 'class="dot outlier"' in card


def test_pagination(tmp_path: Path) -> None:
    # (the browser tests load a page of 10,000; 1,210 is enough to test the arithmetic)
    result = synthetic_result(1_210, articles=100)
    client, _ = _client(result, tmp_path / "reviews.yaml")
    first = client.get("/")
    assert first.status_code == 200
    assert len(_cards(first.text)) == 50 and "1–50 of 1210" in first.text
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    last = client.get("/?page=25").text
    assert "page 25 of 25" in last and 'rel="next"' not in last
    assert len(_cards(last)) == 10 and "1201–1210 of 1210" in last
    assert "page 25 of 25" in client.get("/?page=999999").text  # clamped
    wanted = result.findings[432].conflict.id
    focused = client.get("/", params={"focus": wanted}).text
    assert wanted in _cards(focused) and "page 9 of 25" in focused
    small = client.get("/?per=20&kind=quantity&severity=high").text
    assert len(_cards(small)) == 20  # the links to other pages keep the filters
    assert 'href="?kind=quantity&amp;severity=high&amp;status=new&amp;page=2&amp;per=20"' in small
    assert len(_cards(client.get("/?per=100000&status=").text)) == 500


def test_pictures_page(client: TestClient) -> None:
    html = client.get("/pictures").text
    for chart in ("timeline", "matrix", "dotplot"):
        assert f'<svg class="chart {chart}"' in html


def test_cli_reports_a_port_in_use(corpus: Path, tmp_path: Path) -> None:
    import io

    from factcheck.cli import ExitCode, main

    taken = bind(0)
    try:
        port = str(taken.getsockname()[1])
        out, err = io.StringIO(), io.StringIO()
        args = ["serve", str(corpus), "--port", port, "--no-cache", "--jobs", "1"]
        code = main([*args, "--reviews", str(tmp_path / "r.yaml")], out, err)
    finally:
        taken.close()
    assert code == ExitCode.USAGE
    assert f"cannot listen on 127.0.0.1:{port}" in err.getvalue()
    assert "open http" not in out.getvalue()


# --- a decision saved by another process while the app decides or undoes ------------


def _meanwhile(reviews_path: Path, action: Callable[[], object], saved: Review) -> object:
    """Run ``action`` in a thread while another "process" holds the lock and saves ``saved``.

    The test holds the reviews file's lock (as ``factcheck review --set`` would), lets
    ``action`` start and wait on it, writes ``saved`` as that process would, then
    releases the lock. Returns what ``action`` returned or raised.
    """
    outcome: list[object] = []

    def target() -> None:
        try:
            outcome.append(action())
        except Exception as exc:  # reported to the test, not lost in the thread
            outcome.append(exc)

    with open(lock_path(reviews_path), "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        thread = threading.Thread(target=target)
        thread.start()
        time.sleep(0.5)  # let the action read what it reads before the lock (the old race)
        on_disk = load_reviews(reviews_path)
        on_disk[saved.fingerprint] = saved
        atomic_write(reviews_path, dump_reviews(on_disk.values()))
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    thread.join(timeout=60)
    assert not thread.is_alive() and len(outcome) == 1
    return outcome[0]


def test_undo_never_deletes_a_decision_saved_meanwhile(
    result: RunResult, reviews_path: Path
) -> None:
    _, state = _client(result, reviews_path)
    fingerprint = result.findings[0].conflict.id
    state.decide(fingerprint, "dismissed")
    grace = Review(fingerprint, "quantity", "s", Status.CONFIRMED, "phone", "Grace", "2025-05-02")
    outcome = _meanwhile(reviews_path, state.undo, grace)
    assert isinstance(outcome, UndoError) and "changed" in str(outcome)
    assert load_reviews(reviews_path)[fingerprint] == grace
    assert not state.can_undo


def test_decide_remembers_the_decision_saved_meanwhile_and_undo_restores_it(
    result: RunResult, reviews_path: Path
) -> None:
    _, state = _client(result, reviews_path)
    fingerprint = result.findings[0].conflict.id
    grace = Review(fingerprint, "quantity", "s", Status.CONFIRMED, "phone", "Grace", "2025-05-02")
    saved = _meanwhile(reviews_path, lambda: state.decide(fingerprint, "dismissed"), grace)
    assert isinstance(saved, Review) and saved.status is Status.DISMISSED
    assert state.undo().before == grace
    assert load_reviews(reviews_path)[fingerprint] == grace


def test_header_counts_follow_each_decision_without_a_reload(
    client: TestClient, result: RunResult
) -> None:
    total = len(result.findings)
    page = client.get("/").text
    assert f'<span id="count-new">{total}</span>' in page
    assert '<span id="count-dismissed">0</span>' in page
    fingerprint = result.findings[0].conflict.id
    body = _decide(client, fingerprint, "dismissed")
    assert body["counts"] == {"new": total - 1, "confirmed": 0, "dismissed": 1, "explained": 0}
    undone = client.post("/undo", data={"token": TOKEN}, headers=JSON).json()
    assert undone["counts"] == {"new": total, "confirmed": 0, "dismissed": 0, "explained": 0}
    assert "tally(data.counts)" in page  # the page's script writes them into the header
