"""The reviewed-findings file: format, errors, locking, stale reviews, upgrades."""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.cli import main
from factcheck.model import Conflict, Evidence, Kind, Review, Severity, Span, Status
from factcheck.review import (
    FIELDS,
    VERSION,
    ReviewsError,
    apply_reviews,
    default_reviewer,
    dump_reviews,
    load_reviews,
    lock_path,
    parse_reviews,
    prune,
    record,
    remove,
    resolve_fingerprint,
    set_status,
)

ROOT = Path(__file__).resolve().parent.parent


def review(fp: str, status: Status = Status.CONFIRMED, **kw: str) -> Review:
    values = {
        "kind": "quantity",
        "summary": f"summary of {fp}",
        "reviewer": "ada",
        "date": "2024-05-01",
    }
    values.update(kw)
    return Review(fingerprint=fp, status=status, **values)


def conflict(fp: str) -> Conflict:
    sentence = "Exports rose 14% in 2023."
    ev = Evidence("a", "a.txt", sentence, Span(13, 16), Span(13, 16), 1, 14, "14%", "14 percent")
    return Conflict(
        fp, "quantity.share", Kind.QUANTITY, Severity.HIGH, 0.9, f"conflict {fp}", (ev, ev)
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "reviews.yaml"


# --- format ------------------------------------------------------------------------


def test_missing_file_is_empty(path: Path) -> None:
    assert load_reviews(path) == {}


def test_round_trip_keeps_every_field(path: Path) -> None:
    tricky = [
        review("00000000000000a1", Status.DISMISSED, note="no", summary="yes"),
        review("0000000000000123", Status.EXPLAINED, note="null", summary="~"),
        review("00000000000000b2", summary="Share: 14% vs 41% # not a comment", note="- item"),
        review("00000000000000c3", summary="“Zitat” — 中文 — ελληνικά", note="&anchor *alias !tag"),
        review("00000000000000d4", note="two\nlines  ", reviewer="", date=""),
        review(
            "00000000000000e5", summary="[bold red]x[/] \x1b[31m \u202e", note="'quoted' \"double\""
        ),
        review("00000000000000f6", note="  leading and trailing  ", summary="1e3"),
    ]
    for r in tricky:
        record(path, r)
    assert load_reviews(path) == {r.fingerprint: r for r in tricky}
    # an all-digit fingerprint must not turn into an int (or lose its leading zeros)
    assert "0000000000000123" in load_reviews(path)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.builds(
            Review,
            fingerprint=st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
            kind=st.text(st.characters(codec="utf-8")),
            summary=st.text(st.characters(codec="utf-8")),
            status=st.sampled_from(Status),
            note=st.text(st.characters(codec="utf-8")),
            reviewer=st.text(st.characters(codec="utf-8")),
            date=st.dates().map(date.isoformat) | st.just(""),
        ),
        unique_by=lambda r: r.fingerprint,
        max_size=4,
    )
)
def test_round_trip_any_text(reviews: list[Review]) -> None:
    text = dump_reviews(reviews)
    assert parse_reviews(text) == {r.fingerprint: r for r in reviews}
    assert dump_reviews(parse_reviews(text).values()) == text


def test_file_layout_is_sorted_with_fixed_key_order(path: Path) -> None:
    record(path, review("ffff000000000000"))
    record(path, review("0000ffff00000000", Status.DISMISSED, note="wire typo"))
    record(path, review("8888000000000000", Status.EXPLAINED, note="different dates"))
    text = path.read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body[:2] == ["version: 1", "reviews:"]
    assert body[2:9] == [
        "- fingerprint: 0000ffff00000000",
        "  kind: quantity",
        "  summary: summary of 0000ffff00000000",
        "  status: dismissed",
        "  note: wire typo",
        "  reviewer: ada",
        "  date: 2024-05-01",
    ]
    fps = [line.split(": ")[1].strip("'") for line in body if line.startswith("- fingerprint")]
    assert fps == ["0000ffff00000000", "8888000000000000", "ffff000000000000"]
    keys = [line.strip("- ").split(":")[0] for line in body[2:]]
    assert keys == list(FIELDS) * 3


def test_saving_twice_gives_identical_bytes(path: Path) -> None:
    rs = [review(f"{i:016x}", note=f"note {i}") for i in (5, 1, 3)]
    for r in rs:
        record(path, r)
    first = path.read_bytes()
    for r in reversed(rs):  # same decisions again, other order
        record(path, r)
    assert path.read_bytes() == first
    assert dump_reviews(load_reviews(path).values()).encode() == first


def test_long_lines_are_not_wrapped_and_no_anchors(path: Path) -> None:
    long = "word " * 200
    record(path, review("0000000000000001", summary=long, note=long))
    record(path, review("0000000000000002", summary=long, note=long))
    text = path.read_text(encoding="utf-8")
    assert len([line for line in text.splitlines() if not line.startswith("#")]) == 2 + 2 * 7
    assert "&id" not in text and "*id" not in text
    assert "{" not in text  # block style only


def test_unicode_is_written_as_is(path: Path) -> None:
    record(path, review("0000000000000001", summary="“Zitat” — 中文"))
    assert "“Zitat” — 中文" in path.read_text(encoding="utf-8")


def test_one_decision_changes_one_entry(path: Path) -> None:
    for i in range(5):
        record(path, review(f"{i:016x}"))
    before = path.read_text(encoding="utf-8").splitlines()
    record(path, review(f"{2:016x}", Status.DISMISSED, note="false positive"))
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [after[i] for i in changed] == ["  status: dismissed", "  note: false positive"]


# --- errors ------------------------------------------------------------------------

VALID = textwrap.dedent(
    """\
    version: 1
    reviews:
    - fingerprint: 0000000000000001
      kind: quantity
      summary: one
      status: confirmed
      note: ''
      reviewer: ada
      date: 2024-05-01
    """
)


def test_yaml_syntax_error_names_file_and_line_and_record_leaves_file_untouched(
    path: Path,
) -> None:
    broken = VALID + "- fingerprint: [oops\n  status: confirmed\n"
    path.write_text(broken, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ReviewsError, match=rf"^{path}:1[01]:\d+: invalid YAML"):
        load_reviews(path)
    with pytest.raises(ReviewsError, match=str(path)):
        record(path, review("0000000000000002"))
    assert path.read_bytes() == before
    with pytest.raises(ReviewsError):
        prune(path, [])
    with pytest.raises(ReviewsError):
        remove(path, "0000000000000001")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["reviews.yaml", "reviews.yaml.lock"]


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ("  status: dismised\n", 11, "did you mean 'dismissed'"),
        ("  stauts: confirmed\n", 11, "unknown review key 'stauts'; did you mean 'status'"),
        ("  status: confirmed\n  date: 2024-13-40\n", 12, "invalid date"),
        ("  status: confirmed\n  note: [a, b]\n", 12, "'note' must be text"),
        ("  status: confirmed\n  status: dismissed\n", 12, "duplicate key 'status'"),
        ("  kind: quantity\n", 10, "missing 'status'"),
    ],
)
def test_bad_entry_names_its_line(path: Path, entry: str, line: int, message: str) -> None:
    path.write_text(VALID + "- fingerprint: 0000000000000002\n" + entry, encoding="utf-8")
    with pytest.raises(ReviewsError) as info:
        load_reviews(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert message in str(info.value)


def test_raw_control_character_names_its_line(path: Path) -> None:
    path.write_text(VALID.replace("summary: one", "summary: o\x1bne"), encoding="utf-8")
    with pytest.raises(
        ReviewsError, match=rf"^{path}:5: invalid YAML: (special|control) characters"
    ):
        load_reviews(path)


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nreviews: " + "[" * 5000 + "]" * 5000 + "\n",
        "version: 1\nl0: &l0 [x, x]\n"
        + "".join(f"l{i + 1}: &l{i + 1} [*l{i}, *l{i}]\n" for i in range(40))
        + "reviews: [*l40]\n",
    ],
    ids=["deep", "billion-laughs"],
)
@pytest.mark.timeout(120)  # a hang guard: expanded, 2**40 items would never finish
def test_hostile_yaml_fails_fast(text: str) -> None:
    with pytest.raises(ReviewsError):
        parse_reviews(text, "f.yaml")


def test_entry_that_is_not_a_mapping(path: Path) -> None:
    path.write_text(VALID + "- just text\n", encoding="utf-8")
    with pytest.raises(ReviewsError, match=rf"^{path}:10: each review must be a mapping"):
        load_reviews(path)


def test_duplicate_fingerprint_is_an_error_not_a_silent_pick(path: Path) -> None:
    path.write_text(VALID + VALID.split("reviews:\n")[1].replace("confirmed", "dismissed"))
    with pytest.raises(ReviewsError, match=r":10: duplicate review .* \(first on line 3\)"):
        load_reviews(path)


def test_merge_conflict_markers_are_reported(path: Path) -> None:
    path.write_text(
        VALID.replace(
            "  status: confirmed\n",
            "<<<<<<< HEAD\n  status: confirmed\n=======\n  status: dismissed\n>>>>>>> other\n",
        )
    )
    with pytest.raises(ReviewsError, match=rf"^{path}:6: unresolved git merge conflict"):
        load_reviews(path)


def test_newer_version_is_refused(path: Path) -> None:
    path.write_text(VALID.replace("version: 1", f"version: {VERSION + 1}"))
    with pytest.raises(ReviewsError, match=r"newer than this factcheck supports"):
        load_reviews(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviews: []\n", "missing 'version'"),
        ("version: one\nreviews: []\n", "must be a whole number"),
        ("- a\n- b\n", "expected a mapping"),
        ("version: 1\nreviews: {a: b}\n", "'reviews' must be a list"),
        ("version: 1\nreviewz: []\n", "unknown top-level key 'reviewz'"),
    ],
)
def test_bad_top_level(text: str, message: str) -> None:
    with pytest.raises(ReviewsError, match=message):
        parse_reviews(text, "f.yaml")


@pytest.mark.parametrize(
    "text", ["", "# only a comment\n", "version: 1\nreviews:\n", "version: 1\nreviews: []\n"]
)
def test_empty_files(text: str) -> None:
    assert parse_reviews(text) == {}


# --- upgrades ----------------------------------------------------------------------

VERSION_0 = textwrap.dedent(
    """\
    version: 0
    reviews:
    - id: 00000000000000aa
      kind: quantity
      summary: old one
      status: dismissed
      note: wire typo
    - id: 00000000000000bb
      status: explained
      note: [not, text]
    """
)


def _fake_upgrade_0(doc: dict[str, Any]) -> dict[str, Any]:
    """A made-up version 0 whose entries said ``id`` instead of ``fingerprint``."""
    entries = [
        {("fingerprint" if k == "id" else k): v for k, v in e.items()} for e in doc["reviews"]
    ]
    return {"version": 1, "reviews": entries}


def test_older_version_goes_through_its_upgrade_step(path: Path) -> None:
    path.write_text(VERSION_0.split("- id: 00000000000000bb")[0], encoding="utf-8")
    loaded = load_reviews(path, upgrades={0: _fake_upgrade_0})
    assert loaded == {
        "00000000000000aa": Review(
            "00000000000000aa", "quantity", "old one", Status.DISMISSED, "wire typo"
        )
    }
    assert dump_reviews(loaded.values()).splitlines()[2] == f"version: {VERSION}"


def test_upgraded_entry_errors_still_name_the_line(path: Path) -> None:
    path.write_text(VERSION_0, encoding="utf-8")
    with pytest.raises(ReviewsError, match=rf"^{path}:10: 'note' must be text"):
        load_reviews(path, upgrades={0: _fake_upgrade_0})


def test_version_without_upgrade_step_is_refused(path: Path) -> None:
    path.write_text(VERSION_0, encoding="utf-8")
    with pytest.raises(ReviewsError, match="cannot upgrade reviews file from version 0"):
        load_reviews(path)


# --- stale reviews, prune, remove, set_status ---------------------------------------


def test_apply_reviews_pairs_in_conflict_order_and_keeps_stale() -> None:
    conflicts = [
        conflict("00000000000000c2"),
        conflict("00000000000000c1"),
        conflict("00000000000000c3"),
    ]
    reviews = {
        "00000000000000c1": review("00000000000000c1"),
        "00000000000000ff": review("00000000000000ff"),
        "00000000000000ee": review("00000000000000ee"),
    }
    findings, stale = apply_reviews(conflicts, reviews)
    assert [f.conflict.id for f in findings] == [c.id for c in conflicts]
    assert [f.review for f in findings] == [None, reviews["00000000000000c1"], None]
    assert [f.status for f in findings] == ["new", "confirmed", "new"]
    assert stale == (reviews["00000000000000ee"], reviews["00000000000000ff"])


def test_prune_removes_only_stale_and_returns_them(path: Path) -> None:
    for fp in ("0000000000000001", "0000000000000002", "0000000000000003"):
        record(path, review(fp))
    removed = prune(path, {"0000000000000002", "00000000000000ab"})
    assert [r.fingerprint for r in removed] == ["0000000000000001", "0000000000000003"]
    assert list(load_reviews(path)) == ["0000000000000002"]
    before = path.read_bytes()
    assert prune(path, ["0000000000000002"]) == ()
    assert path.read_bytes() == before


def test_prune_and_remove_do_not_create_a_missing_file(path: Path) -> None:
    assert prune(path, []) == ()
    assert remove(path, "0000000000000001") is None
    assert not path.exists()


def test_remove_undoes_one_decision(path: Path) -> None:
    record(path, review("0000000000000001"))
    record(path, review("0000000000000002"))
    assert remove(path, "0000000000000001") == review("0000000000000001")
    assert list(load_reviews(path)) == ["0000000000000002"]


def test_set_status_keeps_kind_and_summary_on_file(path: Path) -> None:
    record(path, review("0000000000000001", summary="Share: 14% vs 41%"))
    saved = set_status(
        path, "0000000000000001", "dismissed", "typo", "grace", today=date(2024, 6, 2)
    )
    assert saved == Review(
        "0000000000000001",
        "quantity",
        "Share: 14% vs 41%",
        Status.DISMISSED,
        "typo",
        "grace",
        "2024-06-02",
    )
    assert load_reviews(path)["0000000000000001"] == saved
    fresh = set_status(
        path,
        "0000000000000002",
        Status.CONFIRMED,
        "",
        "grace",
        kind="weekday",
        summary="s",
        today=date(2024, 6, 2),
    )
    assert (fresh.kind, fresh.summary) == ("weekday", "s")


@pytest.mark.parametrize(
    ("status", "note", "message"),
    [("explained", " ", "needs a note"), ("dismised", "x", "invalid status 'dismised'")],
)
def test_set_status_refuses(path: Path, status: str, note: str, message: str) -> None:
    with pytest.raises(ReviewsError, match=message):
        set_status(path, "0000000000000001", status, note, "grace")
    assert not path.exists()


def test_resolve_fingerprint() -> None:
    ids = ["3f2a9c0d41e7b658", "3f2b000000000000", "aaaa000000000000", "aaaa000000000000"]
    assert resolve_fingerprint("3f2a", ids) == "3f2a9c0d41e7b658"
    assert resolve_fingerprint(" AAAA ", ids) == "aaaa000000000000"
    assert resolve_fingerprint("3f2b000000000000", ids) == "3f2b000000000000"
    with pytest.raises(
        ReviewsError, match=r"ambiguous \(2 conflicts: 3f2a9c0d41e7b658, 3f2b000000000000\)"
    ):
        resolve_fingerprint("3f2", ids)
    with pytest.raises(ReviewsError, match="no conflict id starts with 'beef'"):
        resolve_fingerprint("beef", ids)
    with pytest.raises(ReviewsError, match="empty"):
        resolve_fingerprint("", ids)


# --- default reviewer ----------------------------------------------------------------


def _git_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(tmp_path),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path.parent),
        **extra,
    }


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_default_reviewer_prefers_git_user_name(tmp_path: Path) -> None:
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Grace Hopper\n")
    env = _git_env(tmp_path, USER="ghopper")
    assert default_reviewer(env, cwd=tmp_path) == "Grace Hopper"


def test_default_reviewer_falls_back_to_user_then_unknown(tmp_path: Path) -> None:
    (tmp_path / "gitconfig").write_text("")
    assert default_reviewer(_git_env(tmp_path, USER="ghopper"), cwd=tmp_path) == "ghopper"
    assert default_reviewer(_git_env(tmp_path), cwd=tmp_path) == "unknown"
    no_git = {"PATH": str(tmp_path / "empty"), "USER": "ghopper"}
    assert default_reviewer(no_git, cwd=tmp_path) == "ghopper"


# --- locking and concurrency ----------------------------------------------------------


@pytest.mark.timeout(120)
def test_lock_timeout_is_a_clear_error(path: Path) -> None:
    record(path, review("0000000000000001"))
    before = path.read_bytes()
    with open(lock_path(path), "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        # The lock is never released here: a timeout that did not fire would hang
        # (the pytest-timeout guard), not pass.
        with pytest.raises(ReviewsError, match=r"timed out after 0.2s waiting for the lock"):
            record(path, review("0000000000000002"), timeout=0.2)
    assert path.read_bytes() == before
    record(path, review("0000000000000002"), timeout=0.2)  # free again
    assert len(load_reviews(path)) == 2


WRITER = textwrap.dedent(
    """\
    import sys, time
    from pathlib import Path
    from factcheck.model import Review, Status
    from factcheck.review import record

    path, tag, ready, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    ready.touch()
    while not go.exists():
        time.sleep(0.001)
    for i in range(30):
        fp = f"{tag}{i:015x}"
        summary = f"{tag} decision {i}"
        record(path, Review(fp, "quantity", summary, Status.CONFIRMED, "", tag, "2024-05-01"))
    """
)


def test_two_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), tag, str(tmp_path / f"ready-{tag}"), str(go)],
            cwd=ROOT,
        )
        for tag in ("a", "b")
    ]
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready-{t}").exists() for t in "ab"):
            assert time.monotonic() < deadline, "writers did not start"
            assert all(p.poll() is None for p in procs), "a writer died early"
            time.sleep(0.01)
        go.touch()
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    saved = load_reviews(path)
    assert len(saved) == 60
    assert set(saved) == {f"{t}{i:015x}" for t in "ab" for i in range(30)}
    assert saved["b00000000000001d"].summary == "b decision 29"


# --- review --set writes only what can be read back ----------------------------------


def _set(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["review", "--set", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "fingerprint",
    ["fc4cb06d 65220929", "", " ", "\t", "a\tb", "a\nb", "x: y", "a:\n b"],
)
def test_set_refuses_a_fingerprint_the_loader_would_reject(path: Path, fingerprint: str) -> None:
    record(path, review("0000000000000001"))
    before = path.read_bytes()
    with pytest.raises(ReviewsError, match="fingerprint"):
        set_status(path, fingerprint, "dismissed", "", "ada", "quantity", "s")
    code, _, err = _set(fingerprint, "dismissed", "--reviews", str(path))
    assert code == 2 and err.startswith("factcheck: ")
    assert path.read_bytes() == before
    assert load_reviews(path) == {"0000000000000001": review("0000000000000001")}


def test_set_without_articles_changes_only_a_fingerprint_on_file(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _set("2f02", "dismissed")
    assert code == 2 and "give the article PATHs" in err
    assert not (tmp_path / "factcheck-reviews.yaml").exists()
    record(path, review("2f02aaaaaaaaaaaa"))
    code, _, err = _set("2f02", "dismissed", "--reviews", str(path))  # no prefix without articles
    assert code == 2 and "no review for '2f02'" in err
    code, _, err = _set("2f02aaaaaaaaaaaa", "dismissed", "--reviews", str(path), "--note", "ok")
    assert code == 0, err
    saved = load_reviews(path)["2f02aaaaaaaaaaaa"]
    assert (saved.status, saved.kind, saved.summary) == (
        Status.DISMISSED,
        "quantity",
        "summary of 2f02aaaaaaaaaaaa",
    )


def test_set_with_a_configured_corpus_finds_the_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "tests" / "e2e" / "corpus", tmp_path / "corpus")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.factcheck]\ncorpus = ["corpus"]\njobs = 1\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "corpus" / "factcheck-reviews.yaml"
    code, _, err = _set("ffffffffffffffff", "dismissed")
    assert code == 2 and "no conflict id starts with" in err and not path.exists()
    out = io.StringIO()
    assert main(["check", "corpus", "--format", "json"], out, io.StringIO()) == 1
    conflict = json.loads(out.getvalue())["conflicts"][0]
    code, _, err = _set(conflict["id"][:6], "dismissed")
    assert code == 0, err
    saved = load_reviews(path)[conflict["id"]]
    assert (saved.kind, saved.summary) == (conflict["kind"], conflict["summary"])


# --- scale: work per decision does not grow with the file ------------------------------


def _many(n: int) -> list[Review]:
    return [review(f"{i:016x}", note="wire copy" if i % 2 else "") for i in range(n)]


def test_a_decision_on_a_file_already_read_does_not_parse_or_write_out_every_entry(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(path, review("ffffffffffffffff"))
    path.write_text(dump_reviews(_many(400)), encoding="utf-8")  # as another process wrote it
    assert len(load_reviews(path)) == 400  # the app shows a page: the file is read once
    built = []
    original = yaml.nodes.MappingNode.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(1)  # one per entry parsed or written out (and one per document)
        original(self, *args, **kwargs)

    monkeypatch.setattr(yaml.nodes.MappingNode, "__init__", counting)
    set_status(path, "0000000000000007", "dismissed", "", "grace")
    assert len(built) <= 4  # the one entry changed, not the 400 on file
    built.clear()
    record(path, review("0000000000000008", Status.EXPLAINED, note="two deals"))
    assert len(built) <= 4
    on_disk = path.read_text(encoding="utf-8")
    monkeypatch.undo()
    assert on_disk == dump_reviews(load_reviews(path).values())
    assert load_reviews(path)["0000000000000007"].reviewer == "grace"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=6))
def test_the_fast_dumper_writes_the_same_bytes_as_the_pure_one(texts: list[str]) -> None:
    from factcheck.review.dump import _PureDumper

    reviews = [
        review(f"{i:016x}", summary=t, note=t[::-1], reviewer=t.strip() or "x")
        for i, t in enumerate(texts)
    ]
    whole = yaml.dump(
        {"version": VERSION, "reviews": [_entry(r) for r in reviews]},
        Dumper=_PureDumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        indent=2,
    )
    written = dump_reviews(reviews)
    assert written.endswith(whole)  # one document, entry by entry, as before
    assert written == dump_reviews(reviews, dumper=_PureDumper)
    assert parse_reviews(written, "<fresh source>") == {r.fingerprint: r for r in reviews}


def _entry(r: Review) -> dict[str, object]:
    return {
        "fingerprint": r.fingerprint,
        "kind": r.kind,
        "summary": r.summary,
        "status": r.status.value,
        "note": r.note,
        "reviewer": r.reviewer,
        "date": date.fromisoformat(r.date) if r.date else "",
    }


WRITER_ARGV = (sys.executable, "-m", "factcheck", "review", "--set")


def test_ten_cli_writers_at_once_on_a_large_file_all_keep_their_decision(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    path.write_text(dump_reviews(_many(2000)), encoding="utf-8")
    targets = [f"{i:016x}" for i in range(100, 110)]
    procs = [
        subprocess.Popen(
            [*WRITER_ARGV, fp, "dismissed", "--reviews", str(path), "--reviewer", f"w{i}"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for i, fp in enumerate(targets)
    ]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 10, errors
    saved = load_reviews(path)
    assert len(saved) == 2000
    assert [(saved[fp].status, saved[fp].reviewer) for fp in targets] == [
        (Status.DISMISSED, f"w{i}") for i in range(10)
    ]
