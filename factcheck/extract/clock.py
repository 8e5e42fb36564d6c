"""Clock times: "around 7.20 pm", "at 18.55 Hrs", "4:10am", "0809 UTC", "3 pm".

A clock time dates a happening to the minute ("The accident happened around 7.20 pm";
"at around 18.55 Hrs on Friday"), so it is a date mention of granularity "time" whose
``minute`` counts from midnight. The day is not placed here (``start``/``end`` stay
None): the sentence's own date says it, and the happening check compares clock times
of one happening only when nothing tells their days apart. A time zone the text names
right after the time ("GMT", "UTC", "IST", "UK time") is kept, so "11:15 GMT" and
"4.45 pm IST" are never compared as if they were one clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from factcheck.extract.base import Context, Hit
from factcheck.model import DateValue, FactType
from factcheck.resources import RulesDataError
from factcheck.vocab import load_vocabulary

__all__ = ["ClockExtractor"]


def _patterns(zones: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """The clock patterns, with ``zones`` (dates.yaml ``time_zones``) after a time."""
    names = "|".join(re.escape(z).replace(r"\ ", r"\s+") for z in zones) or "(?!)"
    zone = rf"(?:\s*(?P<zone>{names}))?"
    return (
        # 7.20 pm, 4:10am, 10:30 a.m.
        re.compile(
            r"(?<![\d.:,])(?P<h>1[0-2]|0?[1-9])[.:](?P<m>[0-5]\d)\s*(?P<ap>[ap])\.?\s?m\b\.?"
            + zone,
            re.I,
        ),
        # 7 pm, 3pm, 11 a.m.
        re.compile(r"(?<![\d.:,])(?P<h>1[0-2]|0?[1-9])\s*(?P<ap>[ap])\.?\s?m\b\.?" + zone, re.I),
        # 18.55 Hrs, 12:05 hours, 14:00 GMT
        re.compile(
            r"(?<![\d.:,])(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)"
            r"(?:\s*(?:hrs\.?|hours|h)\b" + zone + r"|\s*(?P<zone2>GMT|UTC|BST|IST|WAT|EAT)\b)",
            re.I,
        ),
        # 0809 UTC, 1930 hrs
        re.compile(
            r"(?<![\d.:,])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:hrs\b|hours\b"
            r"|(?P<zone2>GMT|UTC|BST|IST)\b)",
            re.I,
        ),
    )


class ClockExtractor:
    """Finds clock times; see the module docstring."""

    name = "clock"
    version = "1"
    produces = FactType.DATE

    def __init__(self, zones: Sequence[str]) -> None:
        self._patterns = _patterns(zones)

    @classmethod
    def from_rules(cls, rules_dir: Path | None = None) -> ClockExtractor:
        """Build the extractor with the time zones of ``rules_dir/dates.yaml``."""
        zones = (load_vocabulary(rules_dir).table("dates.yaml") or {}).get("time_zones") or []
        if not isinstance(zones, list) or not all(isinstance(z, str) for z in zones):
            raise RulesDataError("dates.yaml: time_zones must be a list of names")
        return cls(zones)

    def __call__(self, ctx: Context) -> list[Hit]:
        hits: list[Hit] = []
        taken: list[tuple[int, int]] = []
        for pattern in self._patterns:
            for m in pattern.finditer(ctx.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                minute = _minute(m)
                if minute is None:
                    continue
                zone = " ".join((_group(m, "zone") or _group(m, "zone2") or "").lower().split())
                value = DateValue(None, None, "time", resolution="none", minute=minute, zone=zone)
                hits.append(Hit(m.start(), m.end(), value, 0.8))
                taken.append((m.start(), m.end()))
        return sorted(hits, key=lambda h: h.start)


def _group(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


def _minute(m: re.Match[str]) -> int | None:
    hour = int(m.group("h"))
    minutes = int(_group(m, "m") or 0)
    ap = (_group(m, "ap") or "").lower()
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "p" else 0)
    if not (0 <= hour <= 23 and 0 <= minutes <= 59):
        return None
    return hour * 60 + minutes
