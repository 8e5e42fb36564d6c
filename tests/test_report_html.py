"""The HTML report: self-contained, filterable, and safe with hostile article text.

The security tests write a corpus of hostile articles (markup in the text, in the
metadata, in file names and record ids), run the CLI's ``report`` command on it and
parse the page with an HTML parser (``tests/report_audit.py``): the only script and
style elements are the report's own, no element has an event-handler attribute,
nothing loads from the network, and the hostile text is shown, escaped.
"""

import io
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck import Config, RunResult, run
from factcheck.cli import ExitCode, main
from factcheck.formatters import FormatOptions
from factcheck.formatters.html_report import is_safe_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from report_audit import LEAK_TAG, audit, text_of  # noqa: E402

SCRIPT = "<script>alert('x')</script>"
BAD_NAME = "<script>alert('f') <img src=x onerror=alert(0)>.txt"
HOSTILE = [
    f"Officials said {SCRIPT} China controls 60% of global production.",
    "China controls 40% of global production. "
    '<img src=x onerror="alert(1)"> </style><b onclick=alert(2)>',
    '"Quote-breaking" \' attribute " onmouseover=alert(3) text. Visit javascript:alert(4) now.',
    f"China controls 45% <{LEAK_TAG}>x</{LEAK_TAG}> of global production, President"
    " <svg/onload=alert(5)> Vladimir Putin said </textarea></title><!-- --!> ]]> <![CDATA[ x.",
    '<a href="javascript:alert(6)">link</a> &lt;script&gt; {{ 7*7 }} ${alert(8)}'
    " China controls 55% of global production.",
]
META = (
    "---\ntitle: \"<script>alert('t')</script>\"\nsource: '<img src=x onerror=alert(9)>'\n"
    "url: javascript:alert(5)\n---\nChina controls 60% of global production.\n"
)
RECORDS = [
    {
        "id": "<img src=x onerror=alert(10)>",
        "title": '"><script>alert(11)</script>',
        "source": "</style><style>body{display:none}</style>",
        "url": 'https://example.org/a"onmouseover="alert(12)',
        "text": f"China controls 35% of global production. {SCRIPT}",
    },
    {"id": "r2", "url": " JaVaScRiPt:alert(13)", "text": "China controls 50% of production."},
    {"id": "r3", "url": "data:text/html,<script>x</script>", "text": "China controls 65%."},
]
HTML_ARTICLE = (
    "<html><head><title>&lt;script&gt;alert(14)&lt;/script&gt;</title>"
    '<meta property="og:url" content="javascript:alert(15)"></head><body>'
    "<p>China controls 70% of global production.</p><script>alert(16)</script>"
    "<p onclick=alert(17)>&lt;img src=x onerror=alert(18)&gt;</p></body></html>"
)


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for i, text in enumerate(HOSTILE):
        (folder / f"h{i}<img src=x onerror=alert({i})>.txt").write_text(text, encoding="utf-8")
    (folder / "meta.md").write_text(META, encoding="utf-8")
    (folder / "page.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in RECORDS) + f'{{"bad": {SCRIPT}\n',
        encoding="utf-8",
    )
    (folder / BAD_NAME).write_bytes(b"%PDF-1.4 binary")  # an error naming markup
    return folder


@pytest.fixture(scope="module")
def hostile_result(hostile_dir: Path) -> RunResult:
    return run([hostile_dir], Config(jobs=1))


@pytest.fixture(scope="module")
def hostile_report(hostile_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The report the CLI writes for the hostile corpus."""
    out = tmp_path_factory.mktemp("hostile-out")
    argv = ["report", str(hostile_dir), "-o", str(out), "--jobs", "1", "--no-cache"]
    err = io.StringIO()
    assert main(argv, io.StringIO(), err) == ExitCode.USAGE, err.getvalue()  # PDF, bad line
    return (out / "report.html").read_text(encoding="utf-8")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(html)
    return parser.tags


def test_hostile_corpus_reaches_conflicts_metadata_and_errors(hostile_result: RunResult) -> None:
    """The corpus only tests something if hostile text reaches every part of the page."""
    assert len(hostile_result.articles) >= 9
    evidence = [e.sentence for f in hostile_result.findings for e in f.conflict.evidence]
    assert any(SCRIPT in s for s in evidence), evidence
    assert any(a.title and "<script>" in a.title for a in hostile_result.articles)
    assert any(a.source and "onerror" in a.source for a in hostile_result.articles)
    assert any(a.id.startswith("<img") for a in hostile_result.articles)
    assert any(e.path.endswith(BAD_NAME) for e in hostile_result.errors)


def test_only_our_own_script_and_style(hostile_report: str) -> None:
    assert audit(hostile_report) == []
    for tag, attrs in _tags(hostile_report):
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
        for value in attrs.values():
            assert "javascript:" not in (value or "").lower(), (tag, attrs)
    assert "<script>alert" not in hostile_report
    assert "<img src=x" not in hostile_report


def test_hostile_text_is_shown_not_dropped(hostile_report: str) -> None:
    """Escaped, not stripped: the reader sees exactly what the article says."""
    shown = text_of(hostile_report)
    for needle in (
        SCRIPT,
        "<img src=x onerror=alert(10)>",
        '"><script>alert(11)</script>',
        "<img src=x onerror=alert(9)>",
        "{{ 7*7 }}",
        f"<{LEAK_TAG}>x</{LEAK_TAG}>",
        BAD_NAME,
    ):
        assert needle in shown, needle


def test_links_only_for_web_urls(hostile_report: str) -> None:
    hrefs = [a["href"] or "" for _, a in _tags(hostile_report) if "href" in a]
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ['https://example.org/a"onmouseover="alert(12)']


def test_audit_catches_what_it_should() -> None:
    """The auditor must fail on every kind of leak it exists to find."""
    clean = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    assert audit(clean) == []
    for leak in (
        "<script>alert(1)</script>",
        "<style>body{}</style>",
        "<img src=x onerror=alert(1)>",
        "<p onclick=x>",
        '<a href="javascript:alert(1)">',
        f"<{LEAK_TAG}>",
        "<b>",
        '<link rel=stylesheet href="https://evil.example/x.css">',
        '<script type="application/json">{"a": "</script><p>"}</script>',
    ):
        assert audit(clean + leak), leak


def test_no_network_and_a_strict_csp(hostile_report: str) -> None:
    html = hostile_report
    tags = _tags(html)
    csp = [
        a.get("content") or ""
        for t, a in tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    directives = {d.split()[0]: d.split()[1:] for d in csp[0].split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"]
    assert "connect-src" not in directives or directives["connect-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp[0] and "'unsafe-eval'" not in csp[0]
    for tag, attrs in tags:
        assert "src" not in attrs, tag  # no images, scripts or frames from anywhere
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        if "href" in attrs and not (attrs["href"] or "").startswith("#"):
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


def test_report_shows_pictures_and_each_review(tmp_path: Path) -> None:
    import shutil

    from factcheck.formatters.html_report import render
    from factcheck.review import set_status

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "e2e" / "corpus", corpus)
    first = run([corpus], Config(jobs=1))
    target = first.findings[0].conflict.id
    reviews = corpus / "factcheck-reviews.yaml"
    set_status(reviews, target, "explained", "two deals <b>not one</b>", "Ada")
    html = render(run([corpus], Config(jobs=1, reviews=reviews)))
    for chart in ("timeline", "matrix", "dotplot"):
        assert f'<svg class="chart {chart}"' in html
    card = html[html.index(f'id="c-{target}"') :]
    card = card[: card.index("</article>")]
    assert 'data-status="explained"' in card and "by Ada" in card
    assert "two deals &lt;b&gt;not one&lt;/b&gt;" in card
    assert html.count("Not reviewed yet") == len(first.findings) - 1
    assert '<select name="source">' in html
