"""SARIF 2.1.0 output for code-scanning dashboards (GitHub code scanning, VS Code, Azure).

Built as plain dicts and ``json.dumps`` (no ``sarif_om``). The log is a pure function of
the ``RunResult``, the options and the tool identity: no timestamps, no absolute paths
unless an input path was absolute, results and rules sorted, so two runs over the same
input give the same bytes. ``tests/test_formatters_ci.py`` validates the output against
the official OASIS schema.

Choices worth knowing:

- Columns and ``charOffset`` count Unicode code points (Python string indices), so the
  run declares ``columnKind: unicodeCodePoints``.
- ``region.snippet`` is the highlighted surface text, because SARIF (3.30.13) defines a
  region's snippet as exactly the region's contents; the whole sentence goes in
  ``contextRegion.snippet``, the lines around the region.
- ``helpUri`` and ``informationUri`` must be absolute URIs. A rule ``doc`` that is a
  repository-relative path (``docs/rules.md#...``) goes in ``help.text`` instead, and
  ``informationUri`` comes from the installed package's ``Project-URL`` metadata
  (``[project.urls]`` in pyproject.toml), and is left out while there is none.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

from factcheck.formatters import FormatOptions
from factcheck.model import Conflict, Evidence, Finding, InputError, Kind, RunResult, Severity
from factcheck.text.spans import LINE_BREAK

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "factcheck/v1"

LEVELS = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}

# One line per kind of conflict for ``rule.shortDescription``; rules of a kind share it.
KIND_DESCRIPTIONS = {
    Kind.QUANTITY: "Sources give different values for the same quantity.",
    Kind.TEMPORAL_FRAMING: "Sources place the same event at times that do not overlap.",
    Kind.OFFICEHOLDER: "A title or office does not fit who held it at the time of the story.",
    Kind.PERSON_ROLE: "Sources give the same person roles that exclude each other.",
    Kind.QUOTE_ATTRIBUTION: "Sources attribute the same quotation to different speakers.",
    Kind.WEEKDAY: "A stated weekday does not match the date it goes with.",
}

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ToolInfo:
    """Who wrote the log: ``tool.driver`` fields that do not come from the RunResult."""

    version: str
    information_uri: str = ""


def tool_info() -> ToolInfo:
    """The installed factcheck: its version and its home page from package metadata."""
    from factcheck import __version__

    return ToolInfo(version=__version__, information_uri=_project_url())


def _project_url() -> str:
    from factcheck import DISTRIBUTION

    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""
    urls: dict[str, str] = {}
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        urls.setdefault(label.strip().lower(), url.strip())
    for label in ("homepage", "repository", "source", "documentation"):
        if _is_absolute_uri(urls.get(label, "")):
            return urls[label]
    home = (meta.get_all("Home-page") or [""])[0]
    return home if _is_absolute_uri(home) else ""


def _is_absolute_uri(text: str) -> bool:
    parts = urlsplit(text)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("urn", "mailto")))


# --- paths ----------------------------------------------------------------------------


def relative_path(path: str, base_dir: str = "") -> str:
    """``path`` relative to ``base_dir`` (when given and ``path`` lies inside it), with
    forward slashes. Also used by the JUnit and GitHub formatters, so that every CI
    format names a file the same way."""
    if base_dir:
        try:
            rel = os.path.relpath(path, base_dir)
        except ValueError:  # Windows: another drive
            rel = path
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
            path = rel
    return path.replace(os.sep, "/") if os.sep != "/" else path


def artifact_uri(path: str, base_dir: str = "") -> str:
    """A URI reference for ``path``: relative and percent-encoded, or ``file:`` when absolute."""
    rel = relative_path(path, base_dir)
    pure = PurePath(rel)
    if pure.is_absolute():
        return pure.as_uri()
    # ':' is encoded too, so that "a:b.txt" cannot be read as a URI scheme.
    return quote(rel, safe="/")


# --- building blocks ------------------------------------------------------------------


def _text(s: str) -> str:
    # A lone surrogate (from surrogateescape decoding) is not valid in JSON text.
    return _SURROGATE.sub("\ufffd", s)


def end_position(line: int, column: int, surface: str) -> tuple[int, int]:
    """1-based (endLine, endColumn) of ``surface`` starting at (line, column).

    SARIF's endColumn is exclusive: the column just past the last character. Line breaks
    inside the surface (HTML sources often wrap) move the end to a later line.
    """
    parts = LINE_BREAK.split(surface)
    if len(parts) == 1:
        return line, column + len(surface)
    return line + len(parts) - 1, len(parts[-1]) + 1


def _region(e: Evidence) -> dict[str, Any]:
    end_line, end_column = e.end or end_position(e.line, e.column, e.surface)
    chars = e.file_span or e.span  # a JSON record's evidence: its characters in the file
    return {
        "startLine": e.line,
        "startColumn": e.column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": chars.start,
        "charLength": chars.end - chars.start,
        "snippet": {"text": _text(e.surface)},
    }


def _location(e: Evidence, index: int, options: FormatOptions) -> dict[str, Any]:
    region = _region(e)
    said = f"{e.article_id}: {e.value}" if e.value else e.article_id
    return {
        "id": index,
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(e.path, options.base_dir)},
            "region": region,
            "contextRegion": {
                "startLine": region["startLine"],
                "endLine": region["endLine"],
                "snippet": {"text": _text(e.sentence)},
            },
        },
        "message": {"text": _text(said)},
    }


def _rule(c: Conflict) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": c.rule_id,
        "shortDescription": {"text": KIND_DESCRIPTIONS.get(c.kind, f"{c.kind.value} conflict")},
    }
    if _is_absolute_uri(c.doc):
        rule["helpUri"] = c.doc
    elif c.doc:
        rule["help"] = {"text": _text(f"Documentation: {c.doc}")}
    rule["properties"] = {"kind": c.kind.value, "tags": ["factcheck", c.kind.value]}
    return rule


def _result(f: Finding, rule_index: int, options: FormatOptions) -> dict[str, Any]:
    c = f.conflict
    result: dict[str, Any] = {
        "ruleId": c.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[c.severity],
        "message": {"text": _text(c.summary)},
    }
    if c.evidence:
        result["locations"] = [_location(c.evidence[0], 0, options)]
    if len(c.evidence) > 1:
        result["relatedLocations"] = [
            _location(e, i, options) for i, e in enumerate(c.evidence[1:], start=1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: c.id}
    if f.review is not None:
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if f.review.note:
            suppression["justification"] = _text(f.review.note)
        result["suppressions"] = [suppression]
    result["properties"] = {
        "kind": c.kind.value,
        "severity": c.severity.value,
        "confidence": c.confidence,
        "status": f.status,
    }
    return result


def _notification(e: InputError, options: FormatOptions) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(e.path, options.base_dir)}}
    if e.line:
        physical["region"] = {"startLine": e.line}
    return {
        "level": "error" if e.fatal else "warning",
        "message": {"text": _text(e.message)},
        "descriptor": {"id": e.code},
        "locations": [{"physicalLocation": physical}],
    }


def finding_order(f: Finding) -> tuple[int, float, str, str]:
    """Most severe first, then most confident, then rule id and fingerprint (total order)."""
    c = f.conflict
    return (-c.severity.rank, -c.confidence, c.rule_id, c.id)


def error_order(e: InputError) -> tuple[str, int, str, str]:
    return (e.path, e.line or 0, e.code, e.message)


# --- the log --------------------------------------------------------------------------


def sarif_log(
    result: RunResult, options: FormatOptions, tool: ToolInfo | None = None
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict. ``tool`` defaults to the installed factcheck."""
    tool = tool or tool_info()
    findings = sorted(result.findings, key=finding_order)
    first_of_rule: dict[str, Conflict] = {}
    for f in sorted(findings, key=lambda f: (f.conflict.rule_id, f.conflict.id)):
        first_of_rule.setdefault(f.conflict.rule_id, f.conflict)
    rule_ids = sorted(first_of_rule)
    rule_index = {rule_id: i for i, rule_id in enumerate(rule_ids)}

    driver: dict[str, Any] = {"name": "factcheck", "version": tool.version}
    if tool.information_uri:
        driver["informationUri"] = tool.information_uri
    driver["rules"] = [_rule(first_of_rule[r]) for r in rule_ids]

    errors = sorted(result.errors, key=error_order)
    invocation: dict[str, Any] = {"executionSuccessful": not any(e.fatal for e in errors)}
    if errors:
        invocation["toolExecutionNotifications"] = [_notification(e, options) for e in errors]

    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index[f.conflict.rule_id], options) for f in findings],
        "properties": {"failOn": options.fail_on.value},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(result: RunResult, options: FormatOptions, tool: ToolInfo | None = None) -> str:
    # ensure_ascii: the bytes are the same whatever encoding the output stream has.
    return json.dumps(sarif_log(result, options, tool), indent=2, ensure_ascii=True) + "\n"


def write(result: RunResult, out: TextIO, options: FormatOptions) -> None:
    out.write(render(result, options))
