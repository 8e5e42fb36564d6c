"""The triage app's guards: local Host and Origin only, a per-run token, strict headers.

DNS rebinding: a page on an attacker's domain can make the browser resolve that domain
to 127.0.0.1 and talk to this app as if same-origin. The Host header still names the
attacker's domain, so every request whose Host is not the address the app is bound to
is refused, and so is any request carrying an Origin other than the app's own.

CSRF: every state-changing request must carry the run's token (a form field or the
``X-Factcheck-Token`` header). The token is random per run and only ever written into
the app's own pages, which other origins cannot read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Collection, Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-factcheck-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_ok(expected: str, given: str | None) -> bool:
    """Constant-time comparison; a missing or empty token never passes."""
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


def local_hosts(port: int, names: Iterable[str] = ("127.0.0.1", "localhost")) -> frozenset[str]:
    """The Host header values a browser sends for the app bound to ``port``."""
    return frozenset(f"{name}:{port}" for name in names)


def sha256_source(text: str) -> str:
    """The CSP source expression for an inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """Only our own hashed style and script; requests and forms to this origin only."""
    return (
        "default-src 'none'; img-src data:; "
        f"style-src {sha256_source(css)}; script-src {sha256_source(js)}; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


#: For a response that sets no policy of its own (Starlette's default 404 and 405, an
#: error): nothing may load, run or frame it.
FALLBACK_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """ASGI middleware giving every response the security headers, whoever made it.

    The routes set them (and their own Content-Security-Policy), but responses made by
    the framework itself, such as the default 404 and 405, would go out without them.
    A header the response already has is kept.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = FALLBACK_CSP
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LocalOnly:
    """ASGI middleware refusing requests not addressed to this app on this machine."""

    def __init__(self, app: ASGIApp, hosts: Collection[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.origins = frozenset(f"http://{h}" for h in self.hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        reason = self.refusal(headers, str(scope.get("method", "GET")))
        if reason is not None:
            response = PlainTextResponse(reason, status_code=403, headers=SECURITY_HEADERS)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, headers: Headers, method: str) -> str | None:
        """Why a request is refused, or None when it may proceed."""
        host = headers.get("host", "").strip().lower()
        if host not in self.hosts:
            return "refused: this app only answers requests addressed to " + ", ".join(
                sorted(self.hosts)
            )
        origin = headers.get("origin")
        if origin is not None and origin.strip().lower() not in self.origins:
            return "refused: cross-origin request"
        if method not in SAFE_METHODS and headers.get("sec-fetch-site") == "cross-site":
            return "refused: cross-site request"
        return None
