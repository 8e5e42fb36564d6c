"""Registry of checks: check name -> CheckSpec. One module per kind of conflict."""

from __future__ import annotations

from collections.abc import Mapping

from factcheck.checks.base import CheckSpec, Draft, Env, StoryTime

__all__ = ["CheckSpec", "Draft", "Env", "StoryTime", "registry"]


def registry() -> Mapping[str, CheckSpec]:
    """Build the mapping of built-in checks (a fresh dict each call: no global state)."""
    from factcheck.checks import (
        happening,
        officeholder,
        person_role,
        quantity,
        quote,
        temporal,
        weekday,
    )

    specs = (
        quantity.SPEC,
        temporal.SPEC,
        happening.SPEC,
        officeholder.FORMER_SPEC,
        officeholder.OUT_OF_OFFICE_SPEC,
        officeholder.STORY_SPEC,
        person_role.SPEC,
        quote.SPEC,
        weekday.SPEC,
    )
    return {s.name: s for s in specs}
