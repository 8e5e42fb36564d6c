"""Registry of checks: check name -> CheckSpec. One module per kind of conflict."""

from __future__ import annotations

from collections.abc import Mapping

from factcheck.checks.base import CheckSpec, Draft, Env
from factcheck.model import ClaimKind

__all__ = ["CheckSpec", "Draft", "Env", "checked", "registry"]


def registry() -> Mapping[str, CheckSpec]:
    """Build the mapping of built-in checks (a fresh dict each call: no global state)."""
    from factcheck.checks import (
        happening_date,
        officeholder,
        person_role,
        quantity,
        quote_attribution,
        temporal_framing,
        weekday,
    )

    specs = (
        quantity.SPEC,
        temporal_framing.SPEC,
        happening_date.SPEC,
        officeholder.FORMER_SPEC,
        officeholder.OUT_OF_OFFICE_SPEC,
        officeholder.STORY_SPEC,
        person_role.SPEC,
        quote_attribution.SPEC,
        weekday.SPEC,
    )
    return checked({s.name: s for s in specs})


def checked(specs: Mapping[str, CheckSpec]) -> dict[str, CheckSpec]:
    """``specs`` as a registry, refusing a check that requires a claim kind align does not
    build (``requires="offce"`` would otherwise wait for claims forever, in silence).

    What align builds is what its builder modules declare (``align.PRODUCES``), so a
    kind added to ``ClaimKind`` without a builder is refused too."""
    from factcheck.align import PRODUCES

    for name, spec in specs.items():
        if not isinstance(spec.requires, ClaimKind) or spec.requires not in PRODUCES:
            known = ", ".join(sorted(k.value for k in PRODUCES))
            raise ValueError(
                f"check {name!r} requires claim kind {spec.requires!r}, which align does "
                f"not build (known kinds: {known})"
            )
    return dict(specs)
