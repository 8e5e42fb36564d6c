"""Routes of the triage app (Starlette).

GET pages read the loaded run and the reviews file as it is on disk; POST /decide and
POST /undo change the reviews file through ``ServeState`` (and so through
``factcheck.review``). No route takes a file name: articles are looked up by id in
the run loaded at start-up, so nothing a request says reaches the file system.
"""

from __future__ import annotations

from collections.abc import Collection
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from factcheck.model import Review, Status
from factcheck.review import ReviewsError
from factcheck.serve.security import (
    SECURITY_HEADERS,
    TOKEN_HEADER,
    LocalOnly,
    SecurityHeaders,
    content_security_policy,
    token_ok,
)
from factcheck.serve.state import ServeState, UndoError
from factcheck.serve.views import KINDS, SEVERITIES, STATUSES, Filters, card, page_of

MAX_NOTE = 4000


def _asset(name: str) -> str:
    return resources.files("factcheck.serve").joinpath("templates", name).read_text("utf-8")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("factcheck.serve", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def create_app(state: ServeState, token: str, hosts: Collection[str]) -> Starlette:
    """The app over ``state``; ``hosts`` are the Host values it answers (see security)."""
    pages = _Pages(state, token)
    routes = [
        Route("/", pages.conflicts, methods=["GET"]),
        Route("/pictures", pages.pictures, methods=["GET"]),
        Route("/article", pages.article, methods=["GET"]),
        Route("/decide", pages.decide, methods=["POST"]),
        Route("/undo", pages.undo, methods=["POST"]),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(LocalOnly, hosts=hosts)
    # Added last, so outermost: it also covers Starlette's own 404/405 and LocalOnly's 403.
    app.add_middleware(SecurityHeaders)
    return app


class _Pages:
    """The route handlers over one ``ServeState``: three pages and two form posts."""

    def __init__(self, state: ServeState, token: str) -> None:
        self.state = state
        self.token = token
        self.css, self.js = _asset("app.css"), _asset("app.js")
        self.headers = {
            **SECURITY_HEADERS,
            "Content-Security-Policy": content_security_policy(self.css, self.js),
        }
        self.env = _environment()

    # --- rendering -----------------------------------------------------------------

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        state = self.state
        snap = state.snapshot()
        counts = state.counts()
        html = self.env.get_template(name).render(
            css=Markup(self.css),  # our own static assets, never article data
            js=Markup(self.js),
            token=self.token,
            counts=counts,
            total=len(snap.findings),
            stale=len(snap.stale),
            reviews_path=str(state.reviews_path),
            reviewer=state.reviewer,
            can_undo=state.can_undo,
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=self.headers)

    def error_page(self, message: str, status: int) -> HTMLResponse:
        html = self.env.get_template("error.html.j2").render(
            css=Markup(self.css),
            js=Markup(self.js),
            token=self.token,
            message=message,
            status=status,
        )
        return HTMLResponse(html, status_code=status, headers=self.headers)

    # --- GET -----------------------------------------------------------------------

    def conflicts(self, request: Request) -> Response:
        state = self.state
        try:
            snap = state.snapshot()
        except ReviewsError as exc:
            return self.error_page(str(exc), 500)
        filters = Filters.parse(request.query_params.multi_items(), state.labels)
        view = page_of(snap.findings, filters)
        listed = sorted(
            view.facets["source"].items(), key=lambda kv: (-kv[1], state.labels.get(kv[0], kv[0]))
        )[:300]
        chosen = [s for s in filters.sources if s not in dict(listed)]
        return self.page(
            "conflicts.html.j2",
            filters=filters,
            view=view,
            cards=[card(f, state) for f in view.items],
            kinds=KINDS,
            severities=SEVERITIES,
            statuses=STATUSES,
            source_options=[(s, state.labels.get(s, s), n) for s, n in listed]
            + [(s, state.labels.get(s, s), 0) for s in chosen],
            here=str(request.url.path) + filters.query(page=view.number),
        )

    def pictures(self, request: Request) -> Response:
        try:
            drawn = self.state.pictures()
        except ReviewsError as exc:
            return self.error_page(str(exc), 500)
        return self.page("pictures.html.j2", pictures=drawn)

    def article(self, request: Request) -> Response:
        article_id = request.query_params.get("id", "")
        found = self.state.articles.get(article_id)
        if found is None:
            return self.error_page("no such article in this run", 404)
        text = found.raw
        start = _int(request.query_params.get("start"), 0, 0, len(text))
        end = _int(request.query_params.get("end"), start, start, len(text))
        try:
            return self.page(
                "article.html.j2",
                article=found,
                label=self.state.labels.get(found.id, found.id),
                before=text[:start],
                mark=text[start:end],
                after=text[end:],
            )
        except ReviewsError as exc:
            return self.error_page(str(exc), 500)

    # --- POST ----------------------------------------------------------------------

    async def decide(self, request: Request) -> Response:
        form = await _form(request)
        if form is None or not token_ok(self.token, _token(request, form)):
            return _refused(request)
        fingerprint = str(form.get("fingerprint", ""))
        status = str(form.get("status", ""))
        note = str(form.get("note", "")).strip()
        if len(note) > MAX_NOTE:
            return _failed(request, f"note longer than {MAX_NOTE} characters", 400)
        if status not in {s.value for s in Status}:
            return _failed(request, f"unknown status {status!r}", 400)
        if fingerprint not in self.state.by_id:
            return _failed(request, "no such conflict in this run", 404)
        try:
            saved = await run_in_threadpool(self.state.decide, fingerprint, status, note)
        except ReviewsError as exc:
            return _failed(request, str(exc), 409)
        if not _wants_json(request):
            return RedirectResponse(_next(form), status_code=303, headers=SECURITY_HEADERS)
        return await self.outcome(saved.fingerprint, saved, can_undo=True)

    async def undo(self, request: Request) -> Response:
        form = await _form(request)
        if form is None or not token_ok(self.token, _token(request, form)):
            return _refused(request)
        try:
            done = await run_in_threadpool(self.state.undo)
        except (UndoError, ReviewsError) as exc:
            return _failed(request, str(exc), 409)
        if not _wants_json(request):
            return RedirectResponse(_next(form), status_code=303, headers=SECURITY_HEADERS)
        return await self.outcome(done.fingerprint, done.before, can_undo=self.state.can_undo)

    async def outcome(self, fingerprint: str, now: Review | None, *, can_undo: bool) -> Response:
        """The JSON answer to a post: the conflict's review now ("new" when it has none)."""
        return JSONResponse(
            {
                "ok": True,
                "fingerprint": fingerprint,
                "status": now.status.value if now else "new",
                "note": now.note if now else "",
                "reviewer": now.reviewer if now else "",
                "date": now.date if now else "",
                "can_undo": can_undo,
                "counts": await run_in_threadpool(self.state.counts),
            },
            headers=SECURITY_HEADERS,
        )


async def _form(request: Request) -> FormData | None:
    try:
        return await request.form(max_files=0, max_fields=8, max_part_size=64 * 1024)
    except Exception:  # a malformed or oversized body is refused, never half-applied
        return None


def _token(request: Request, form: FormData) -> str | None:
    given = form.get("token")
    return str(given) if given else request.headers.get(TOKEN_HEADER)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _refused(request: Request) -> Response:
    return _failed(request, "missing or wrong token: reload the page", 403)


def _failed(request: Request, message: str, status: int) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message}, status, headers=SECURITY_HEADERS)
    return Response(message, status, media_type="text/plain", headers=SECURITY_HEADERS)


def _next(form: FormData) -> str:
    """Where a form post returns to: a path on this app only, never another host."""
    target = str(form.get("next", "/"))
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text or "")))
    except ValueError:
        return default
