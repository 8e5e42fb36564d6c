"""The pictures: well-formed, escaped SVG that marks what the checks found."""

from __future__ import annotations

import dataclasses
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck import Config, RunResult, run
from factcheck.charts import draw, pictures, prepare
from factcheck.charts.svg import date_ticks, nice_ticks
from factcheck.model import Finding, Kind, Review, Status

CORPUS = Path(__file__).parent / "e2e" / "corpus"
SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "title", "text", "line", "rect", "circle", "path"}
HOSTILE = '<script>alert(1)</script><a href="javascript:x">'


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("charts") / "corpus"
    shutil.copytree(CORPUS, folder)
    wire = folder / "wire.md"
    wire.write_text(
        wire.read_text(encoding="utf-8").replace("source: Global Wire", f"source: '{HOSTILE}'"),
        encoding="utf-8",
    )
    return run([folder], Config(jobs=1))


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # inline SVG must be well-formed XML
    for el in root.iter():
        assert el.tag.removeprefix(SVG) in ALLOWED, el.tag
        for name in el.attrib:
            assert not name.lower().startswith("on") and "href" not in name.lower(), name
    return root


def _classes(root: ET.Element, tag: str = "g") -> list[str]:
    return [el.get("class", "") for el in root.iter(f"{SVG}{tag}")]


def _text(root: ET.Element) -> str:
    return " ".join(t for el in root.iter() for t in (el.text, el.tail) if t)


def test_every_picture_is_well_formed_and_escapes_article_text(result: RunResult) -> None:
    drawn = pictures(result)
    assert drawn.timeline is not None and drawn.matrix is not None and drawn.dotplots
    svgs = [str(drawn.timeline), str(drawn.matrix), *(str(svg) for _, svg in drawn.dotplots)]
    for svg in svgs:
        _parse(svg)
        assert "<script" not in svg and 'javascript:x">' not in svg
    assert any("&lt;script&gt;" in svg for svg in svgs)  # the outlet name, as text


def test_timeline_joins_the_conflicting_placements_of_one_event(result: RunResult) -> None:
    temporal = [f for f in result.findings if f.conflict.kind is Kind.TEMPORAL_FRAMING]
    assert temporal
    root = _parse(str(pictures(result).timeline))
    events = _classes(root)
    assert events.count("event outlier") >= 1 and events.count("event reference") >= 2
    links = [el for el in root.iter(f"{SVG}line") if el.get("class") == "link"]
    assert len(links) == int(root.get("data-links", "0")) >= 2
    labels = _text(root)
    assert "2023" in labels and "2025" in labels and "offer" in labels
    rows = [el for el in root.iter(f"{SVG}g") if el.get("class") == "source-row"]
    assert len(rows) == len(result.articles)  # each source on its own row


def test_dot_plot_draws_ranges_and_marks_the_outlier(result: RunResult) -> None:
    drawn = pictures(result)
    share = next(svg for label, svg in drawn.dotplots if "lithium" in label and "%" in str(svg))
    root = _parse(str(share))
    dots = [el for el in root.iter(f"{SVG}g") if el.get("class", "").startswith("dot")]
    outliers = [d for d in dots if d.get("class") == "dot outlier"]
    assert len(dots) == 4 and len(outliers) == 1
    assert "25%" in _text(outliers[0])
    ranged = [d for d in dots if len(list(d.iter(f"{SVG}line"))) == 1]
    labels = {(el.text or "").strip() for d in ranged for el in d.iter(f"{SVG}text")}
    assert {"nearly 60%", "about 60%"} <= labels
    ore = next(svg for label, svg in drawn.dotplots if "ore" in label)
    # "up to 2 million tons" is a range from 0 to 2 million; nothing disagrees
    ore_root = _parse(str(ore))
    assert ore_root.get("data-outliers") == "0" and "dot outlier" not in _classes(ore_root)
    assert "up to 2 million tons" in _text(ore_root)


def test_matrix_has_a_row_per_aligned_claim_and_a_column_per_source(result: RunResult) -> None:
    data = prepare(result)
    root = _parse(str(draw(data, result.findings).matrix))
    rows = [el for el in root.iter(f"{SVG}g") if el.get("class", "").startswith("row")]
    assert len(rows) == len(data.rows) == int(root.get("data-rows", "0"))
    columns = [el for el in root.iter(f"{SVG}text") if el.get("class") == "col"]
    assert len(columns) == len(result.articles)
    cells = _classes(root)
    assert cells.count("cell outlier") >= 3  # the herald's share, exports and offer date
    assert "cell agree" in cells and "cell empty" in cells


def test_a_dismissed_conflict_marks_nothing(result: RunResult) -> None:
    dismissed = tuple(
        Finding(f.conflict, Review(f.conflict.id, "", "", Status.DISMISSED))
        for f in result.findings
    )
    drawn = draw(prepare(result), dismissed)
    for svg in (drawn.timeline, drawn.matrix, *(s for _, s in drawn.dotplots)):
        assert not any(c.endswith(" outlier") for c in _classes(_parse(str(svg))))


def test_nothing_to_draw() -> None:
    empty = RunResult(articles=(), mentions=(), findings=(), errors=())
    drawn = pictures(empty)
    assert drawn.timeline is None and drawn.matrix is None and drawn.dotplots == ()


def test_values_in_different_units_never_share_an_axis(result: RunResult) -> None:
    claims = [c for c in result.claims if c.kind == "quantity" and "ore" in c.topic]
    assert len(claims) >= 3
    q = claims[0].value
    moved = dataclasses.replace(claims[0], value=dataclasses.replace(q, base_unit="dollar"))
    changed = dataclasses.replace(
        result, claims=tuple(moved if c is claims[0] else c for c in result.claims)
    )
    ore = [str(svg) for label, svg in pictures(changed).dotplots if "ore" in label]
    assert len(ore) == 1 and "kilogram" in ore[0]
    assert len(_classes(_parse(ore[0]))) == len(claims) - 1  # the dollar value is left out


@given(st.floats(-1e12, 1e12), st.floats(0, 1e12))
def test_ticks_cover_the_range(low: float, width: float) -> None:
    ticks = nice_ticks(low, low + width)
    assert ticks == sorted(ticks) and len(ticks) >= 2
    assert ticks[0] <= low + 1e-6 * max(1.0, abs(low))
    assert ticks[-1] >= (low + width) - 1e-6 * max(1.0, abs(low + width))


@given(st.dates(date(1900, 1, 1), date(2100, 1, 1)), st.integers(0, 20_000))
def test_date_ticks_are_ordered_and_labelled(start: date, days: int) -> None:
    end = date.fromordinal(min(start.toordinal() + days, date(2100, 12, 31).toordinal()))
    ticks = date_ticks(start, end)
    assert ticks and [d for d, _ in ticks] == sorted(d for d, _ in ticks)
    assert all(label for _, label in ticks)
