"""Audit a generated HTML report for markup that did not come from the report itself.

Shared by the security tests (tests/test_report_html.py, tests/test_hostile_*.py) and
the fuzzer (bench/fuzz.py). ``audit(html)`` parses the page with the standard library
HTML parser (the same tokenisation rules a browser applies) and returns one line per
problem; an empty list means the page is clean:

- every ``<script>`` and ``<style>`` element is one the Content-Security-Policy allows
  by hash (or a ``<script type="application/json">`` data island holding valid JSON);
- no element carries an event-handler (``on*``) attribute;
- nothing loads from anywhere: no ``src``-like attribute except ``data:`` images, no
  ``<link>``, ``<base>``, frames or plugins, links only to http(s) URLs or to ``#ids``;
- no tag appears that the report's own templates never write (unescaped article
  markup), and no tag named ``LEAK_TAG`` (the marker fuzzers put in article text).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LEAK_TAG = "fcleak"
_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9:-]*)")
_FORBIDDEN = frozenset({"base", "link", "iframe", "frame", "frameset", "object", "embed", "applet"})
_SRC_LIKE = frozenset(
    {"src", "srcset", "action", "formaction", "poster", "background", "data", "xlink:href", "ping"}
)
_META_OK = frozenset({"charset", "content-security-policy", "viewport", "referrer"})


@cache
def template_tags() -> frozenset[str]:
    """Every tag name the report's templates and chart code can write."""
    sources = [
        *ROOT.glob("factcheck/formatters/templates/*"),
        *ROOT.glob("factcheck/charts/**/*.j2"),
        *ROOT.glob("factcheck/charts/**/*.py"),
    ]
    names: set[str] = set()
    for path in sources:
        names.update(m.lower() for m in _TAG.findall(path.read_text(encoding="utf-8")))
    return frozenset(names - {LEAK_TAG})


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw_text: dict[int, list[str]] = {}  # script/style bodies by element index
        self._open: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = len(self.elements) - 1
            self.raw_text[self._open] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.raw_text[self._open].append(data)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _csp(elements: list[tuple[str, list[tuple[str, str | None]]]]) -> dict[str, list[str]]:
    for tag, attrs in elements:
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            policy = a.get("content") or ""
            return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    return {}


def _is_web(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def audit(html: str, allowed_tags: frozenset[str] | None = None) -> list[str]:
    """Problems found in ``html`` (empty when it is clean); see the module docstring."""
    page = _Page()
    page.feed(html)
    page.close()
    allowed = template_tags() if allowed_tags is None else allowed_tags
    csp = _csp(page.elements)
    problems: list[str] = []
    if csp.get("default-src") != ["'none'"]:
        problems.append(f"Content-Security-Policy default-src is not 'none': {csp}")
    for i, (tag, attrs) in enumerate(page.elements):
        a = dict(attrs)
        if tag == LEAK_TAG or tag not in allowed:
            problems.append(f"foreign element <{tag}>")
        if tag in _FORBIDDEN:
            problems.append(f"element <{tag}> loads or embeds content")
        if tag in ("script", "style"):
            body = "".join(page.raw_text.get(i, []))
            allowed_hashes = csp.get("script-src" if tag == "script" else "style-src", [])
            if tag == "script" and (a.get("type") or "").lower() == "application/json":
                try:
                    json.loads(body)
                except ValueError:
                    problems.append("JSON data island does not parse (broken out of?)")
            elif _sha(body) not in allowed_hashes:
                problems.append(f"<{tag}> not allowed by the CSP: {body[:60]!r}")
            if "src" in a:
                problems.append(f"<{tag} src={a['src']!r}>")
        if tag == "meta":
            kind = "charset" if "charset" in a else (a.get("http-equiv") or a.get("name") or "")
            if kind.lower() not in _META_OK:
                problems.append(f"unexpected <meta {attrs}>")
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            elif name in _SRC_LIKE and not (tag == "img" and value.startswith("data:image/")):
                problems.append(f"<{tag} {name}={value[:60]!r}> loads a resource")
            elif name == "href" and not (value.startswith("#") or (tag == "a" and _is_web(value))):
                problems.append(f"<{tag} href={value[:60]!r}> is not an http(s) link")
    for i, (tag, _) in enumerate(page.elements):
        if tag == "style":
            body = "".join(page.raw_text.get(i, []))
            if "@import" in body or "url(" in body.replace("url(data:", ""):
                problems.append("stylesheet loads a resource")
    return problems


def text_of(html: str) -> str:
    """All character data of the page outside scripts and styles (entities decoded)."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
