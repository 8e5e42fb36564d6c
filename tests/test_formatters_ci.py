"""CI formats: JUnit XML, SARIF 2.1.0 and GitHub workflow commands.

Golden files live in tests/golden/ and are built from the hand-made ``RESULT`` below,
whose text is deliberately hostile (markup, ``]]>``, NUL and ESC, ``%``, ``,``, ``:``,
line breaks, non-ASCII). To regenerate them after an intended change::

    FACTCHECK_UPDATE_GOLDEN=1 pytest tests/test_formatters_ci.py

and review the diff. SARIF is validated against the official OASIS schema, vendored as
tests/schemas/sarif-schema-2.1.0.json (SARIF 2.1.0 errata01, "id"
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json,
the same file as oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json;
sha256 c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e).
"""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factcheck
from factcheck.formatters import FormatOptions, github, junit, sarif
from factcheck.model import (
    Article,
    Conflict,
    Evidence,
    Finding,
    InputError,
    Kind,
    OffsetMap,
    Review,
    RunResult,
    Severity,
    Span,
    Status,
)
from factcheck.text.spans import LineIndex

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
SARIF_SCHEMA = TESTS / "schemas" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1"

OPTIONS = FormatOptions(fail_on=Severity.MEDIUM, base_dir="corpus")
TOOL = sarif.ToolInfo(version="9.9.9", information_uri="https://example.org/factcheck")


# --- a hand-made run ------------------------------------------------------------------


def _article(aid: str, path: str, raw: str) -> Article:
    return Article(
        id=aid, path=path, raw=raw, text=raw, offsets=OffsetMap(), content_hash=f"sha:{aid}"
    )


ALPHA = _article(
    "alpha",
    "corpus/alpha & <one>.txt",
    "Trade & <Tariffs>\n"
    "Officials said China controls 60% of global production.\n"
    "The talks were held on Monday, March 18, 2025.\n",
)
ZURICH = _article(
    "zürich",
    "corpus/zürich, report:2.md",
    "# Ünïcode ]]> title\r\n"
    "China controls 40% of global production, the report said.\r\n"
    'President Biden said the deal was "100% done".\r\n',
)
WRAPPED = _article(
    "wrapped",
    "corpus/wrapped.html",
    "<html><body><p>The summit took place on March\n20, 2025, in Riyadh.</p>\n"
    "<p>Ambassador Smith, chairman of the fund, spoke.</p></body></html>\n",
)


def _evidence(article: Article, surface: str, value: str, sentence: str) -> Evidence:
    """Evidence whose span, line and column really point into ``article.raw``."""
    start = article.raw.index(surface)
    line, column = LineIndex(article.raw).position(start)
    flat = " ".join(surface.split())
    local = sentence.index(flat)
    return Evidence(
        article_id=article.id,
        path=article.path,
        sentence=sentence,
        local=Span(local, local + len(flat)),
        span=Span(start, start + len(surface)),
        line=line,
        column=column,
        surface=surface,
        value=value,
    )


HOSTILE = "]]> <b>&amp; \x00\x1b[31m 100%, a:b\r\nsecond line – naïve ✓"

E_60 = _evidence(ALPHA, "60%", "60%", "Officials said China controls 60% of global production.")
E_40 = _evidence(ZURICH, "40%", "40%", "China controls 40% of global production, the report said.")
E_MARCH18 = _evidence(
    ALPHA, "March 18, 2025", "2025-03-18", "The talks were held on Monday, March 18, 2025."
)
E_MARCH20 = _evidence(
    WRAPPED, "March\n20, 2025", "2025-03-20", "The summit took place on March 20, 2025, in Riyadh."
)
E_BIDEN = _evidence(
    ZURICH, "President Biden", "Biden", 'President Biden said the deal was "100% done".'
)
E_SMITH = _evidence(
    WRAPPED, "Ambassador Smith", "ambassador", "Ambassador Smith, chairman of the fund, spoke."
)
E_CHAIR = _evidence(
    WRAPPED, "chairman of the fund", "chairman", "Ambassador Smith, chairman of the fund, spoke."
)
E_QUOTE = _evidence(
    ZURICH, '"100% done"', "Biden", 'President Biden said the deal was "100% done".'
)
E_MONDAY = _evidence(
    ALPHA, "Monday, March 18, 2025", "Monday", "The talks were held on Monday, March 18, 2025."
)


def _conflict(
    cid: str,
    rule: str,
    kind: Kind,
    severity: Severity,
    confidence: float,
    summary: str,
    evidence: tuple[Evidence, ...],
    doc: str = "",
) -> Conflict:
    return Conflict(
        id=cid,
        rule_id=rule,
        kind=kind,
        severity=severity,
        confidence=confidence,
        summary=summary,
        evidence=evidence,
        doc=doc or f"docs/rules.md#{rule.replace('.', '-')}",
    )


def _review(c: Conflict, status: Status, note: str = "") -> Review:
    return Review(fingerprint=c.id, kind=c.kind.value, summary=c.summary, status=status, note=note)


C_QUANTITY = _conflict(
    "q0a1b2c3d4e5f607",
    "quantity.same-measure",
    Kind.QUANTITY,
    Severity.HIGH,
    0.91,
    f"china: share of global production is 60% in alpha but 40% in zürich {HOSTILE}",
    (E_60, E_40),
)
C_TEMPORAL = _conflict(
    "t1b2c3d4e5f60718",
    "temporal.event-date",
    Kind.TEMPORAL_FRAMING,
    Severity.MEDIUM,
    0.8,
    "wrapped places the summit (US, Russia) on 2025-03-20; alpha on 2025-03-18",
    (E_MARCH20, E_MARCH18),
)
C_OFFICE = _conflict(
    "o2c3d4e5f6071829",
    "officeholder.story-time",
    Kind.OFFICEHOLDER,
    Severity.LOW,
    0.55,
    "zürich names Biden as president while the story is dated to Trump's term",
    (E_BIDEN,),
    doc="https://example.org/factcheck/rules#officeholder-story-time",
)
C_ROLE = _conflict(
    "p3d4e5f60718293a",
    "person-role.exclusive",
    Kind.PERSON_ROLE,
    Severity.MEDIUM,
    0.7,
    "Smith is ambassador and chairman of the fund",
    (E_SMITH, E_CHAIR),
)
C_QUOTE = _conflict(
    "u4e5f60718293a4b",
    "quote-attribution.speaker",
    Kind.QUOTE_ATTRIBUTION,
    Severity.HIGH,
    0.66,
    '"100% done" is attributed to Biden in zürich and to Trump in alpha',
    (E_QUOTE,),
)
C_WEEKDAY = _conflict(
    "w5f60718293a4b5c",
    "weekday.mismatch",
    Kind.WEEKDAY,
    Severity.HIGH,
    0.99,
    "alpha: Monday, March 18, 2025 was a Tuesday",
    (E_MONDAY,),
)

FINDINGS = (
    Finding(C_QUANTITY),
    Finding(C_TEMPORAL),
    Finding(C_OFFICE),
    Finding(C_ROLE, _review(C_ROLE, Status.DISMISSED, f"Both are real; see <memo> & {HOSTILE}")),
    Finding(C_QUOTE, _review(C_QUOTE, Status.EXPLAINED)),
    Finding(C_WEEKDAY, _review(C_WEEKDAY, Status.CONFIRMED, "Reported to the desk.")),
)
ERRORS = (
    InputError(
        path="corpus/broken%file,v1:2.txt",
        message="could not decode: invalid byte 0xff at 12\nsee the log",
        code="FC-E002",
    ),
    InputError(
        path="corpus/alpha & <one>.txt",
        message="no title; using the first line",
        code="FC-W001",
        line=1,
        fatal=False,
    ),
)
RESULT = RunResult(articles=(ALPHA, ZURICH, WRAPPED), mentions=(), findings=FINDINGS, errors=ERRORS)
EMPTY = RunResult(articles=(ALPHA,), mentions=(), findings=(), errors=())


def _shuffled(result: RunResult) -> RunResult:
    return RunResult(
        articles=result.articles,
        mentions=result.mentions,
        findings=tuple(reversed(result.findings)),
        errors=tuple(reversed(result.errors)),
    )


def _render(write: Any, result: RunResult, options: FormatOptions = OPTIONS) -> str:
    buf = io.StringIO()
    write(result, buf, options)
    return buf.getvalue()


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text, f"{name} differs; see the module docstring"


# --- golden files ---------------------------------------------------------------------


def test_junit_golden() -> None:
    _golden("junit.xml", _render(junit.write, RESULT))


def test_sarif_golden() -> None:
    _golden("sarif.json", sarif.render(RESULT, OPTIONS, TOOL))


def test_github_golden() -> None:
    _golden("github.txt", _render(github.write, RESULT))


@pytest.mark.parametrize("name", ["junit", "sarif", "github"])
def test_output_does_not_depend_on_input_order(name: str) -> None:
    write = {"junit": junit.write, "sarif": sarif.write, "github": github.write}[name]
    first = _render(write, RESULT)
    assert first == _render(write, RESULT)
    assert first == _render(write, _shuffled(RESULT))


# --- SARIF ----------------------------------------------------------------------------

_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")


def _is_uri_reference(s: object) -> bool:
    if not isinstance(s, str) or not _URI_CHARS.fullmatch(s):
        return False
    head = re.split(r"[/?#]", s, maxsplit=1)[0]
    return ":" not in head or bool(_SCHEME.fullmatch(head.split(":", 1)[0]))


def _is_uri(s: object) -> bool:
    return _is_uri_reference(s) and bool(urlsplit(str(s)).scheme)


# jsonschema checks "uri" formats only with an optional package; check them here instead.
FORMATS = jsonschema.FormatChecker()
FORMATS.checks("uri")(_is_uri)
FORMATS.checks("uri-reference")(_is_uri_reference)


def _validate_sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=FORMATS)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return log


def test_vendored_schema_is_the_official_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == sarif.SARIF_SCHEMA
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(schema)


@pytest.mark.parametrize(
    "result", [RESULT, EMPTY, _shuffled(RESULT)], ids=["full", "empty", "shuffled"]
)
def test_sarif_is_valid(result: RunResult) -> None:
    _validate_sarif(sarif.render(result, OPTIONS, TOOL))
    _validate_sarif(_render(sarif.write, result, FormatOptions()))


def test_sarif_schema_check_catches_mistakes() -> None:
    log = json.loads(sarif.render(RESULT, OPTIONS, TOOL))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        _validate_sarif(json.dumps(log))


def test_sarif_tool_and_rules() -> None:
    log = _validate_sarif(_render(sarif.write, RESULT))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "factcheck"
    assert driver["version"] == factcheck.__version__
    assert [r["id"] for r in driver["rules"]] == sorted({f.conflict.rule_id for f in FINDINGS})
    by_id = {r["id"]: r for r in driver["rules"]}
    # An absolute doc is the helpUri; a repository path cannot be one (it must be absolute).
    assert by_id["officeholder.story-time"]["helpUri"] == C_OFFICE.doc
    assert "helpUri" not in by_id["quantity.same-measure"]
    assert "docs/rules.md#quantity-same-measure" in by_id["quantity.same-measure"]["help"]["text"]
    assert all(r["shortDescription"]["text"] for r in driver["rules"])


def test_sarif_results() -> None:
    log = _validate_sarif(sarif.render(RESULT, OPTIONS, TOOL))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = {r["partialFingerprints"]["factcheck/v1"]: r for r in run["results"]}
    assert set(results) == {f.conflict.id for f in FINDINGS}
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]

    q = results[C_QUANTITY.id]
    assert q["level"] == "error"
    assert q["message"]["text"] == C_QUANTITY.summary
    assert q["properties"] == {
        "kind": "quantity",
        "severity": "high",
        "confidence": 0.91,
        "status": "new",
    }
    assert "suppressions" not in q
    [loc] = q["locations"]
    [rel] = q["relatedLocations"]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "alpha%20%26%20%3Cone%3E.txt"
    assert unquote(rel["physicalLocation"]["artifactLocation"]["uri"]) == "zürich, report:2.md"
    region = rel["physicalLocation"]["region"]
    assert region == {
        "startLine": 2,
        "startColumn": 16,
        "endLine": 2,
        "endColumn": 19,
        "charOffset": ZURICH.raw.index("40%"),
        "charLength": 3,
        "snippet": {"text": "40%"},
    }
    context = rel["physicalLocation"]["contextRegion"]
    assert context["snippet"]["text"] == E_40.sentence
    assert {loc["id"], rel["id"]} == {0, 1}

    assert results[C_TEMPORAL.id]["level"] == "warning"
    assert results[C_OFFICE.id]["level"] == "note"

    dismissed = results[C_ROLE.id]
    assert dismissed["properties"]["status"] == "dismissed"
    assert dismissed["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": FINDINGS[3].review.note}  # type: ignore[union-attr]
    ]
    assert results[C_QUOTE.id]["suppressions"] == [{"kind": "external", "status": "accepted"}]
    assert results[C_WEEKDAY.id]["suppressions"][0]["justification"] == "Reported to the desk."


def test_sarif_region_spanning_lines() -> None:
    log = json.loads(sarif.render(RESULT, OPTIONS, TOOL))
    [r] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "temporal.event-date"]
    region = r["locations"][0]["physicalLocation"]["region"]
    start = WRAPPED.raw.index("March\n20")
    assert (region["startLine"], region["startColumn"]) == (1, WRAPPED.raw.index("March") + 1)
    # "March\n20, 2025" ends on line 2 just after "2025": endColumn is exclusive.
    assert (region["endLine"], region["endColumn"]) == (2, len("20, 2025") + 1)
    assert (region["charOffset"], region["charLength"]) == (start, len("March\n20, 2025"))
    assert region["snippet"]["text"] == "March\n20, 2025"


def test_sarif_regions_point_at_the_surface() -> None:
    """Line/column and charOffset/charLength agree with each other and with the file."""
    raw_by_uri = {sarif.artifact_uri(a.path, OPTIONS.base_dir): a.raw for a in RESULT.articles}
    log = json.loads(sarif.render(RESULT, OPTIONS, TOOL))
    checked = 0
    for result in log["runs"][0]["results"]:
        for loc in result.get("locations", []) + result.get("relatedLocations", []):
            physical = loc["physicalLocation"]
            raw = raw_by_uri[physical["artifactLocation"]["uri"]]
            starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw)]
            region = physical["region"]
            start, length = region["charOffset"], region["charLength"]
            assert raw[start : start + length] == region["snippet"]["text"]
            assert starts[region["startLine"] - 1] + region["startColumn"] - 1 == start
            assert starts[region["endLine"] - 1] + region["endColumn"] - 1 == start + length
            checked += 1
    assert checked == sum(len(f.conflict.evidence) for f in FINDINGS)


@pytest.mark.parametrize(
    ("line", "column", "surface", "end"),
    [
        (3, 5, "abc", (3, 8)),
        (3, 5, "", (3, 5)),
        (3, 5, "ab\ncd", (4, 3)),
        (3, 5, "ab\r\ncd\rxyz", (5, 4)),
        (3, 5, "ab\n", (4, 1)),
    ],
)
def test_end_position(line: int, column: int, surface: str, end: tuple[int, int]) -> None:
    assert sarif.end_position(line, column, surface) == end


def test_sarif_input_errors_are_notifications() -> None:
    log = json.loads(sarif.render(RESULT, OPTIONS, TOOL))
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["descriptor"]["id"]) for n in notes] == [
        ("warning", "FC-W001"),
        ("error", "FC-E002"),
    ]
    uri = notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == "broken%file,v1:2.txt"
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    empty = json.loads(sarif.render(EMPTY, OPTIONS, TOOL))
    assert empty["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert empty["runs"][0]["results"] == []


def test_sarif_has_no_timestamps() -> None:
    text = sarif.render(RESULT, OPTIONS, TOOL)
    assert "Utc" not in text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", text)
    assert text.isascii()


@pytest.mark.parametrize(
    ("path", "base", "uri"),
    [
        ("corpus/a b.txt", "corpus", "a%20b.txt"),
        ("corpus/sub/a.txt", "", "corpus/sub/a.txt"),
        ("other/a.txt", "corpus", "other/a.txt"),  # outside base_dir: left as given
        ("c:d.txt", "", "c%3Ad.txt"),  # not a URI scheme
        ("/abs/100%.txt", "", "file:///abs/100%25.txt"),
    ],
)
def test_artifact_uri(path: str, base: str, uri: str) -> None:
    assert sarif.artifact_uri(path, base) == uri
    assert _is_uri_reference(uri)


# --- JUnit ----------------------------------------------------------------------------


def _junit(result: RunResult, options: FormatOptions = OPTIONS) -> ET.Element:
    text = _render(junit.write, result, options)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert text.isascii()
    return ET.fromstring(text.encode("ascii"))


def _counts(el: ET.Element) -> tuple[int, int, int, int]:
    return tuple(int(el.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped"))  # type: ignore[return-value]


def test_junit_counts() -> None:
    root = _junit(RESULT)
    assert root.tag == "testsuites"
    conflicts, inputs = root.findall("testsuite")
    assert conflicts.get("name") == "factcheck.conflicts"
    assert inputs.get("name") == "factcheck.inputs"
    # quantity (high) and temporal (medium) fail; officeholder (low) passes below
    # --fail-on medium; the three reviewed ones are skipped.
    assert _counts(conflicts) == (6, 2, 0, 3)
    assert _counts(inputs) == (2, 0, 1, 0)
    assert _counts(root) == (8, 2, 1, 3)
    assert len(root.findall(".//testcase")) == 8


def test_junit_failures_carry_evidence() -> None:
    root = _junit(RESULT)
    cases = {c.get("name", "").split(" ")[0]: c for c in root.iter("testcase")}
    q = cases[C_QUANTITY.id]
    assert q.get("classname") == "quantity.same-measure"
    assert q.get("file") == "alpha & <one>.txt"
    assert q.get("line") == "2"
    failure = q.find("failure")
    assert failure is not None
    assert failure.get("type") == "quantity"
    # Attributes keep CR/LF (as character references); illegal characters become #xNN.
    assert failure.get("message") == junit.xml_escape(C_QUANTITY.summary)
    assert "#x00#x1B[31m" in (failure.get("message") or "")
    body = failure.text or ""
    assert f"alpha & <one>.txt:2:{E_60.column}: {E_60.sentence}" in body
    assert f"zürich, report:2.md:2:16: {E_40.sentence}" in body
    assert "]]> <b>&amp;" in body
    assert "\n" not in (q.get("name") or "")

    office = cases[C_OFFICE.id]
    assert office.find("failure") is None and office.find("skipped") is None
    assert "severity low" in (office.findtext("system-out") or "")

    dismissed = cases[C_ROLE.id].find("skipped")
    assert dismissed is not None
    assert (dismissed.get("message") or "").startswith("dismissed: Both are real; see <memo>")
    explained = cases[C_QUOTE.id].find("skipped")
    assert explained is not None and explained.get("message") == "explained"
    confirmed = cases[C_WEEKDAY.id].find("skipped")
    assert confirmed is not None and confirmed.get("message") == "confirmed: Reported to the desk."


def test_junit_input_errors() -> None:
    root = _junit(RESULT)
    inputs = root.findall("testsuite")[1]
    warning, fatal = inputs.findall("testcase")
    assert warning.find("error") is None
    assert "warning FC-W001" in (warning.findtext("system-out") or "")
    error = fatal.find("error")
    assert error is not None
    assert error.get("type") == "FC-E002"
    assert fatal.get("file") == "broken%file,v1:2.txt"
    assert "invalid byte 0xff" in (error.text or "")


def test_junit_fail_on_threshold() -> None:
    root = _junit(RESULT, FormatOptions(fail_on=Severity.HIGH))
    assert _counts(root.findall("testsuite")[0]) == (6, 1, 0, 3)
    root = _junit(RESULT, FormatOptions(fail_on=Severity.LOW))
    assert _counts(root.findall("testsuite")[0]) == (6, 3, 0, 3)


def test_junit_empty_run_still_has_a_test() -> None:
    root = _junit(EMPTY)
    [suite] = root.findall("testsuite")
    assert _counts(root) == (1, 0, 0, 0)
    assert suite.find("testcase/failure") is None


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain <&> ]]>", "plain <&> ]]>"),
        ("\x00\x08\x0b\x1b\x7f\x85", "#x00#x08#x0B#x1B#x7F#x85"),
        ("\t\n\r ok é ✓ 😀", "\t\n\r ok é ✓ 😀"),
        ("\ud800\ufffe", "#xD800#xFFFE"),
    ],
)
def test_xml_escape(raw: str, escaped: str) -> None:
    assert junit.xml_escape(raw) == escaped


# --- GitHub ---------------------------------------------------------------------------


def _unescape_data(s: str) -> str:
    return s.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def _unescape_property(s: str) -> str:
    return _unescape_data(s.replace("%3A", ":").replace("%2C", ","))


_COMMAND = re.compile(r"::(?P<name>[a-z]+)(?: (?P<props>[^:]*))?::(?P<message>.*)")


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one command the way the runner does (ActionCommand.TryParseV2)."""
    m = _COMMAND.fullmatch(line)
    assert m, line
    props = {}
    for pair in (m["props"] or "").split(","):
        key, _, value = pair.partition("=")
        props[key] = _unescape_property(value)
    return m["name"], props, _unescape_data(m["message"])


def test_github_commands() -> None:
    lines = _render(github.write, RESULT).splitlines()
    assert len(lines) == 4  # 2 input problems, then the 2 open conflicts at or above medium
    parsed = [_parse(line) for line in lines]
    assert [p[0] for p in parsed] == ["warning", "error", "error", "warning"]

    _, props, message = parsed[1]
    assert props == {"file": "broken%file,v1:2.txt", "title": "FC-E002"}
    assert message == ERRORS[0].message

    _, props, message = parsed[2]
    assert props == {
        "file": "alpha & <one>.txt",
        "line": "2",
        "col": str(E_60.column),
        "title": f"quantity {C_QUANTITY.id}",
    }
    # NUL and ESC are replaced, so article text cannot drive the log's terminal emulation.
    summary = C_QUANTITY.summary.replace("\x00", "\ufffd").replace("\x1b", "\ufffd")
    assert message == f"{summary}\nzürich, report:2.md:2:16: {E_40.sentence}"
    assert parsed[3][1]["file"] == "wrapped.html"


def test_github_threshold_and_reviews() -> None:
    text = _render(github.write, RESULT, FormatOptions(fail_on=Severity.LOW))
    assert f"title=officeholder {C_OFFICE.id}" in text
    assert "::notice " in text
    for reviewed in (C_ROLE, C_QUOTE, C_WEEKDAY):
        assert reviewed.id not in text
    assert _render(github.write, EMPTY) == ""


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
        ("\x1b[31m", "\ufffd[31m", "\ufffd[31m"),
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


# --- any text at all ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    summary=st.text(),
    note=st.text(),
    path=st.text(min_size=1),
)
def test_any_text_gives_valid_output(summary: str, note: str, path: str) -> None:
    e = Evidence("a", path, summary, Span(0, 0), Span(0, len(summary)), 1, 1, summary, note)
    c = _conflict(
        "f" * 16, "quantity.same-measure", Kind.QUANTITY, Severity.HIGH, 0.5, summary, (e,)
    )
    result = RunResult(
        articles=(),
        mentions=(),
        findings=(Finding(c), Finding(C_ROLE, _review(C_ROLE, Status.DISMISSED, note))),
        errors=(InputError(path, summary),),
    )
    options = FormatOptions(fail_on=Severity.LOW)

    root = _junit(result, options)
    assert _counts(root) == (3, 1, 1, 1)

    # The runner splits its log on CR and LF only (not on U+2028 and friends).
    lines = re.split("\r\n|\r|\n", _render(github.write, result, options))
    assert lines.pop() == ""
    assert len(lines) == 2
    for line in lines:
        _parse(line)

    log = json.loads(_render(sarif.write, result, options))
    assert log["runs"][0]["results"][0]["partialFingerprints"] == {"factcheck/v1": "f" * 16}
