"""JUnit XML for CI test-report views (Jenkins, GitLab, Azure Pipelines, CircleCI).

Layout::

    <testsuites name="factcheck" tests= failures= errors= skipped=>
      <testsuite name="factcheck.conflicts" ...>   one <testcase> per conflict
      <testsuite name="factcheck.inputs" ...>      one <testcase> per input problem (if any)

A conflict's ``classname`` is its rule id and its ``name`` is ``"<fingerprint> <summary>"``.
Open conflicts at or above ``fail_on`` are ``<failure>``s whose body lists the evidence
as ``path:line:col: sentence``, so the failures are exactly what fails the gate. Reviewed
conflicts (confirmed, dismissed, explained) are ``<skipped>`` with the review note; open
ones below the threshold pass, with their details in ``<system-out>``. Unreadable inputs
are ``<error>``s; warnings about inputs that were still read pass, with ``<system-out>``.
A run with no conflict still reports one passing test case, because some consumers
(Jenkins' junit step) fail a build whose report holds no test at all.

Text goes through ``xml_escape``: characters XML 1.0 cannot carry at all (NUL, ESC,
lone surrogates...) become ``#xNN`` as in pytest's ``bin_xml_escape``; ElementTree
escapes the rest. The document is pure ASCII (non-ASCII as character references), so its
bytes do not depend on the output stream's encoding. No timestamps, times or host names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from factcheck.formatters import FormatOptions
from factcheck.formatters.sarif import error_order, finding_order, relative_path
from factcheck.model import Finding, InputError, RunResult

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
CONFLICT_SUITE = "factcheck.conflicts"
INPUT_SUITE = "factcheck.inputs"

# Everything outside the XML 1.0 Char production (#x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF]), plus DEL (as pytest) and the C1 controls, which
# XML 1.0 discourages.
_LINE_BREAK = re.compile(r"\r\n?")
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _hex(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"#x{code:02X}" if code <= 0xFF else f"#x{code:04X}"


def xml_escape(s: str) -> str:
    """Replace characters XML cannot carry by a visible ``#xNN`` (pytest's convention).

    Markup characters (``<``, ``&``, ``]]>``) are left to ElementTree, which escapes them.
    """
    return _ILLEGAL_XML.sub(_hex, s)


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _details(f: Finding, options: FormatOptions) -> str:
    c = f.conflict
    lines = [c.summary, ""]
    lines.extend(
        f"{relative_path(e.path, options.base_dir)}:{e.line}:{e.column}: {e.sentence}"
        for e in c.evidence
    )
    lines.append("")
    lines.append(
        f"rule {c.rule_id}, {c.kind.value}, severity {c.severity.value}, "
        f"confidence {c.confidence:.2f}, status {f.status}"
    )
    if c.doc:
        lines.append(f"doc: {c.doc}")
    if f.review is not None and f.review.note:
        lines.append(f"note: {f.review.note}")
    return "\n".join(lines) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_escape(v) for k, v in attrs.items()})
    if text is not None:
        # A parser turns CR and CRLF in text into LF anyway; doing it here keeps CR out of
        # the file. (Attributes keep theirs: ElementTree writes them as &#13;.)
        el.text = xml_escape(_LINE_BREAK.sub("\n", text))
    return el


def _counts(suite: ET.Element) -> dict[str, int]:
    cases = suite.findall("testcase")
    return {
        "tests": len(cases),
        "failures": sum(1 for t in cases if t.find("failure") is not None),
        "errors": sum(1 for t in cases if t.find("error") is not None),
        "skipped": sum(1 for t in cases if t.find("skipped") is not None),
    }


def _set_counts(el: ET.Element, counts: dict[str, int]) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        el.set(key, str(counts[key]))


def _conflict_case(suite: ET.Element, f: Finding, options: FormatOptions) -> None:
    c = f.conflict
    attrs = {"classname": c.rule_id, "name": _one_line(f"{c.id} {c.summary}")}
    if c.evidence:
        attrs["file"] = relative_path(c.evidence[0].path, options.base_dir)
        attrs["line"] = str(c.evidence[0].line)
    case = _sub(suite, "testcase", **attrs)
    if f.review is not None:
        message = f.review.status.value + (f": {f.review.note}" if f.review.note else "")
        _sub(case, "skipped", message=message)
        _sub(case, "system-out", _details(f, options))
    elif c.severity.rank >= options.fail_on.rank:
        _sub(case, "failure", _details(f, options), message=c.summary, type=c.kind.value)
    else:
        _sub(case, "system-out", _details(f, options))


def _input_case(suite: ET.Element, e: InputError, options: FormatOptions) -> None:
    path = relative_path(e.path, options.base_dir)
    where = f"{path}:{e.line}" if e.line else path
    attrs = {"classname": INPUT_SUITE, "name": _one_line(f"{e.code} {where}"), "file": path}
    if e.line:
        attrs["line"] = str(e.line)
    case = _sub(suite, "testcase", **attrs)
    level = "error" if e.fatal else "warning"
    body = f"{where}: {level} {e.code}: {e.message}\n"
    if e.fatal:
        _sub(case, "error", body, message=e.message, type=e.code)
    else:
        _sub(case, "system-out", body)


def build(result: RunResult, options: FormatOptions) -> ET.Element:
    """The ``<testsuites>`` element for ``result``."""
    root = ET.Element("testsuites", {"name": "factcheck"})
    conflicts = _sub(root, "testsuite", name=CONFLICT_SUITE)
    props = _sub(conflicts, "properties")
    _sub(props, "property", name="fail_on", value=options.fail_on.value)
    _sub(props, "property", name="articles", value=str(len(result.articles)))
    for f in sorted(result.findings, key=finding_order):
        _conflict_case(conflicts, f, options)
    if not result.findings:
        _sub(
            conflicts,
            "testcase",
            classname="factcheck",
            name=f"no conflicts in {len(result.articles)} articles",
        )
    suites = [conflicts]
    if result.errors:
        inputs = _sub(root, "testsuite", name=INPUT_SUITE)
        for e in sorted(result.errors, key=error_order):
            _input_case(inputs, e, options)
        suites.append(inputs)
    total = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in suites:
        counts = _counts(suite)
        _set_counts(suite, counts)
        for key, value in counts.items():
            total[key] += value
    _set_counts(root, total)
    return root


def render(result: RunResult, options: FormatOptions) -> str:
    root = build(result, options)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="us-ascii", xml_declaration=False)
    return XML_DECLARATION + body.decode("ascii") + "\n"


def write(result: RunResult, out: TextIO, options: FormatOptions) -> None:
    out.write(render(result, options))
