"""The HTML report: self-contained, filterable, and safe with hostile article text."""

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck import Config, RunResult, run
from factcheck.formatters import FormatOptions
from factcheck.formatters.html_report import is_safe_url, render

HOSTILE = [
    "Officials said <script>alert('x')</script> China controls 60% of global production.",
    "China controls 40% of global production. "
    '<img src=x onerror="alert(1)"> </style><b onclick=alert(2)>',
    '"Quote-breaking" \' attribute " onmouseover=alert(3) text. Visit javascript:alert(4) now.',
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def hostile_result(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("hostile")
    for i, text in enumerate(HOSTILE):
        (folder / f"h{i}<x>.txt").write_text(text, encoding="utf-8")
    (folder / "meta.md").write_text(
        "---\ntitle: \"<script>alert('t')</script>\"\nurl: javascript:alert(5)\n---\n"
        "China controls 60% of global production.\n",
        encoding="utf-8",
    )
    return run([folder], Config(jobs=1))


def test_only_our_own_script_and_style(hostile_result: RunResult) -> None:
    html = render(hostile_result)
    parser = _Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith("javascript:")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_no_network_and_a_strict_csp(hostile_result: RunResult) -> None:
    html = render(hostile_result)
    parser = _Collector()
    parser.feed(html)
    csp = [
        a.get("content") or ""
        for t, a in parser.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    directives = {d.split()[0]: d.split()[1:] for d in csp[0].split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"]
    assert "connect-src" not in directives or directives["connect-src"] == ["'none'"]
    for tag, attrs in parser.tags:
        assert "src" not in attrs, tag  # no images, scripts or frames from anywhere
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        if "href" in attrs:
            assert tag == "a" and is_safe_url(attrs["href"])
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@import" not in style and "url(" not in style


def test_url_links_only_for_http() -> None:
    assert is_safe_url("https://example.org/a")
    assert not is_safe_url("javascript:alert(1)")
    assert not is_safe_url("data:text/html,<b>")
    assert not is_safe_url(" JAVASCRIPT:alert(1)")
    assert not is_safe_url(None)


def test_report_has_filters_counts_and_highlights(corpus_dir: Path) -> None:
    result = run([corpus_dir / "conflict"], Config(jobs=1))
    out = io.StringIO()
    from factcheck.formatters.html_report import write

    write(result, out, FormatOptions())
    html = out.getvalue()
    assert 'name="kind"' in html and 'name="severity"' in html
    assert html.count('class="card ') == len(result.findings)
    assert "<mark>65%</mark>" in html
    assert 'href="https://example.org/valmora"' in html
