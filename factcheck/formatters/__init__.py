"""Formatter registry: name -> function(result, out, options).

Built-in formatters go through the same lookup as third-party ones, which register
under the ``factcheck.formatters`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import TextIO

from factcheck.model import RunResult, Severity


@dataclass(frozen=True, slots=True)
class FormatOptions:
    fail_on: Severity = Severity.LOW
    base_dir: str = ""


Formatter = Callable[[RunResult, TextIO, FormatOptions], None]


def registry() -> Mapping[str, Formatter]:
    from factcheck.formatters import github, html_report, json_report, junit, sarif, text

    found: dict[str, Formatter] = {
        "text": text.write,
        "json": json_report.write,
        "html": html_report.write,
        "junit": junit.write,
        "sarif": sarif.write,
        "github": github.write,
    }
    for ep in metadata.entry_points(group="factcheck.formatters"):
        found.setdefault(ep.name, ep.load())
    return found
