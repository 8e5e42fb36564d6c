"""The progress bar: shown for long runs on a terminal, silent everywhere else."""

from __future__ import annotations

import io

from factcheck.progress import rich_progress


def _run(total: int, terminal: bool) -> str:
    out = io.StringIO()
    with rich_progress(out, force_terminal=terminal, min_total=100) as update:
        for done in range(1, total + 1):
            update(done, total)
    return out.getvalue()


def test_silent_when_output_is_not_a_terminal() -> None:
    assert _run(500, terminal=False) == ""


def test_silent_for_a_short_run_on_a_terminal() -> None:
    assert _run(20, terminal=True) == ""


def test_a_long_run_on_a_terminal_draws_a_bar_and_erases_it() -> None:
    shown = _run(500, terminal=True)
    assert "extracting" in shown
    assert "500/500" in shown
