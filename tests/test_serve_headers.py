"""Every response of the triage app carries the security headers, the framework's own
404 and 405 included."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.testclient import TestClient

from factcheck.serve.app import create_app
from factcheck.serve.security import SECURITY_HEADERS, local_hosts
from factcheck.serve.state import ServeState
from factcheck.serve.synthetic import synthetic_result

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    reviews = tmp_path_factory.mktemp("headers") / "factcheck-reviews.yaml"
    state = ServeState(synthetic_result(5, 10), reviews, "Ada", today=date(2025, 5, 1))
    return TestClient(create_app(state, "token-0123456789", local_hosts(PORT)), base_url=BASE)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/nosuch", 404),
        ("GET", "/static/../../etc/passwd", 404),
        ("DELETE", "/", 405),
        ("GET", "/decide", 405),
        ("PUT", "/undo", 405),
    ],
)
def test_every_response_has_the_security_headers(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, path)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_page_keeps_its_own_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'sha256-" in policy  # not replaced by the fallback


def test_a_refused_host_has_them_too(client: TestClient) -> None:
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 403
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert "content-security-policy" in response.headers
