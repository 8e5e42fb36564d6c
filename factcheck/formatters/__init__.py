"""Formatter registry: name -> function(result, out, options).

Built-in formatters go through the same lookup as third-party ones, which register
under the ``factcheck.formatters`` entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import TextIO

from factcheck.model import RunResult, Severity


@dataclass(frozen=True, slots=True)
class FormatOptions:
    fail_on: Severity = Severity.LOW
    base_dir: str = ""


Formatter = Callable[[RunResult, TextIO, FormatOptions], None]


_BUILT_IN = {
    "text": "text",
    "json": "json_report",
    "html": "html_report",
    "junit": "junit",
    "sarif": "sarif",
    "github": "github",
}


class _Registry(Mapping[str, Formatter]):
    """Formatters by name. A built-in one is imported when it is asked for (the HTML
    report's Jinja2 is not a CI gate's cost); the installed distributions are scanned
    for third-party ones only when a name is not built in, or all are listed."""

    def __init__(self) -> None:
        self._loaded: dict[str, Formatter] = {}
        self._plugins: dict[str, metadata.EntryPoint] | None = None

    def _entry_points(self) -> dict[str, metadata.EntryPoint]:
        if self._plugins is None:
            found = metadata.entry_points(group="factcheck.formatters")
            self._plugins = {ep.name: ep for ep in found if ep.name not in _BUILT_IN}
        return self._plugins

    def __getitem__(self, name: str) -> Formatter:
        if name not in self._loaded:
            if name in _BUILT_IN:
                module = importlib.import_module(f"factcheck.formatters.{_BUILT_IN[name]}")
                self._loaded[name] = module.write
            else:
                self._loaded[name] = self._entry_points()[name].load()
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in _BUILT_IN or name in self._entry_points()

    def __iter__(self) -> Iterator[str]:
        yield from _BUILT_IN
        yield from self._entry_points()

    def __len__(self) -> int:
        return len(_BUILT_IN) + len(self._entry_points())


def registry() -> Mapping[str, Formatter]:
    """The built-in formatters and those registered under ``factcheck.formatters``
    (a built-in name cannot be taken over)."""
    return _Registry()
