"""The CI gate and hand review, end to end through the command line.

A small corpus of consistent articles, then a new article with a planted conflict:
the gate fails with JUnit, SARIF and GitHub output naming the new article; a
``review --set ... dismissed`` makes the same run pass; a white-space edit keeps the
review valid; changing the conflicting figure makes a new, unreviewed conflict.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from factcheck.cli import ExitCode, main
from factcheck.model import Review, Status
from factcheck.review import load_reviews, record

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"

CORPUS = {
    "harbour-daily.txt": (
        "Valmora port deal signed\n\n"
        "By Anna Berg\n\n"
        "The port of Valmora signed its expansion deal on Monday, June 9, 2025.\n"
        "The port handles 40% of the country's container traffic, the ministry said.\n"
        "Lena Okafor, chairman of the Valmora Dockworkers Union, welcomed the deal.\n"
    ),
    "coast-wire.txt": (
        "Valmora expansion approved\n\n"
        "Officials approved the Valmora port expansion on June 9, 2025.\n"
        "The port handles about 40 percent of the country's container traffic.\n"
    ),
}
NEW = (
    "Valmora port to grow\n\n"
    "The port handles 65% of the country's container traffic, officials said on Tuesday.\n"
    "Dockworkers said they hoped for more jobs.\n"
)


def _cli(*argv: str, cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(list(argv), out, err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "new-outlet.txt").write_text(NEW, encoding="utf-8")
    return tmp_path


def _check(repo: Path, *extra: str) -> tuple[int, str, str]:
    return _cli(
        "check", "incoming/new-outlet.txt", "--corpus", "corpus", "--jobs", "1", *extra, cwd=repo
    )


def test_the_corpus_alone_is_clean(repo: Path) -> None:
    code, out, err = _cli("check", "corpus", "--jobs", "1", cwd=repo)
    assert code == ExitCode.OK, out + err
    assert out.splitlines()[-1] == "2 articles, 0 conflicts (0 unreviewed), 0 input errors"


def test_new_article_with_a_planted_conflict_fails_with_ci_outputs(repo: Path) -> None:
    code, out, err = _check(
        repo, "--format", "github", "--format", "junit:out.xml", "--format", "sarif:out.sarif"
    )
    assert code == ExitCode.FINDINGS, err

    # GitHub: one annotation on the new article's sentence, line and column exact.
    [line] = [ln for ln in out.splitlines() if ln.startswith("::")]
    text = NEW.splitlines()
    col = text[2].index("65%") + 1
    assert line.startswith(f"::warning file=incoming/new-outlet.txt,line=3,col={col},title=")
    assert "65%25" in line and "40%25" in line  # % escaped as command.ts does

    # JUnit: one failing test case per conflict, pointing at the new article.
    suite = ET.parse(repo / "out.xml").getroot()
    cases = suite.findall(".//testcase")
    assert len(cases) == 1 and cases[0].get("file") == "incoming/new-outlet.txt"
    failure = cases[0].find("failure")
    assert failure is not None and "65%" in (failure.get("message") or "")

    # SARIF: valid 2.1.0, evidence locations as file + line + column.
    log = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    [result] = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("incoming/new-outlet.txt")
    assert (region["startLine"], region["startColumn"]) == (3, col)
    related = {r["physicalLocation"]["artifactLocation"]["uri"] for r in result["relatedLocations"]}
    assert any(u.endswith("corpus/harbour-daily.txt") for u in related)


def test_dismissed_review_passes_and_survives_whitespace_but_not_a_new_figure(
    repo: Path,
) -> None:
    code, out, _ = _check(repo, "--format", "json")
    assert code == ExitCode.FINDINGS
    [conflict] = json.loads(out)["conflicts"]
    fingerprint = conflict["id"]

    code, out, err = _cli(
        "review",
        "--set",
        fingerprint[:6],  # a prefix is enough when the articles are given
        "dismissed",
        "--note",
        "different years",
        "--reviewer",
        "Ada",
        "incoming/new-outlet.txt",
        "--corpus",
        "corpus",
        "--jobs",
        "1",
        cwd=repo,
    )
    assert code == ExitCode.OK, err
    reviews_file = repo / "corpus" / "factcheck-reviews.yaml"
    assert out == f"{fingerprint} dismissed saved to corpus/factcheck-reviews.yaml\n"
    saved = yaml.safe_load(reviews_file.read_text(encoding="utf-8"))
    assert saved["reviews"][0]["fingerprint"] == fingerprint
    assert saved["reviews"][0]["summary"] == conflict["summary"]

    code, out, _ = _check(repo)
    assert code == ExitCode.OK, out
    assert "[dismissed]" in out and "note: different years" in out

    # White space and an unrelated edit elsewhere keep the same fingerprint.
    new = repo / "incoming" / "new-outlet.txt"
    edited = NEW.replace("The port handles", "The  port\thandles") + "It rained in the evening.\n"
    new.write_text("\n" + edited, encoding="utf-8")
    code, out, _ = _check(repo, "--format", "json")
    assert code == ExitCode.OK
    assert [c["id"] for c in json.loads(out)["conflicts"]] == [fingerprint]

    # A different conflicting figure is a different conflict, unreviewed again.
    new.write_text(edited.replace("65%", "70%"), encoding="utf-8")
    code, out, _ = _check(repo, "--format", "json")
    assert code == ExitCode.FINDINGS
    data = json.loads(out)
    assert [c["status"] for c in data["conflicts"]] == ["new"]
    assert data["conflicts"][0]["id"] != fingerprint
    assert data["stale_reviews"] == []  # a run over part of the corpus cannot judge them

    # A full run over the whole corpus sees that the review matches nothing any more.
    code, out, _ = _cli(
        "review", "--list", "corpus", "incoming", "--reviews", str(reviews_file), cwd=repo
    )
    assert f"{fingerprint} dismissed STALE" in out
    assert load_reviews(reviews_file)  # listing never drops the stale review


def test_fail_on_threshold_and_reviews_option(repo: Path, tmp_path: Path) -> None:
    code, _, _ = _check(repo, "--fail-on", "high")
    assert code == ExitCode.OK  # a medium quantity conflict does not fail a high gate
    other = tmp_path / "elsewhere.yaml"
    other.write_text("version: 1\nreviews: []\n", encoding="utf-8")
    code, _, _ = _check(repo, "--reviews", str(other))
    assert code == ExitCode.FINDINGS


def test_unparseable_reviews_file_is_a_usage_error_and_left_alone(repo: Path) -> None:
    reviews_file = repo / "corpus" / "factcheck-reviews.yaml"
    broken = "version: 1\nreviews:\n- fingerprint: [unclosed\n"
    reviews_file.write_text(broken, encoding="utf-8")
    code, _, err = _check(repo)
    assert code == ExitCode.USAGE
    assert re.search(r"corpus/factcheck-reviews\.yaml:\d+:\d+: invalid YAML", err), err
    code, _, err = _cli(
        "review", "--set", "0123456789abcdef", "dismissed", "--corpus", "corpus", cwd=repo
    )
    assert code == ExitCode.USAGE
    assert reviews_file.read_text(encoding="utf-8") == broken


def test_prune_removes_stale_reviews_only_on_a_complete_run(repo: Path) -> None:
    code, out, _ = _cli("check", "corpus", "incoming", "--format", "json", cwd=repo)
    live = json.loads(out)["conflicts"][0]["id"]
    reviews_file = repo / "factcheck-reviews.yaml"  # two folders: the current directory
    code, _, err = _cli("review", "--set", live, "confirmed", "corpus", "incoming", cwd=repo)
    assert code == ExitCode.OK, err
    record(reviews_file, Review("ffffffffffffffff", "quantity", "gone", Status.CONFIRMED))
    code, _, err = _cli(
        "review", "--prune", "incoming", "--corpus", "corpus", "--jobs", "1", cwd=repo
    )
    assert code == ExitCode.USAGE and "not pruning" in err
    assert set(load_reviews(reviews_file)) == {live, "ffffffffffffffff"}
    code, out, _ = _cli("review", "--prune", "corpus", "incoming", "--jobs", "1", cwd=repo)
    assert code == ExitCode.OK
    assert "1 stale reviews pruned" in out
    assert set(load_reviews(reviews_file)) == {live}


def test_unknown_format_is_a_usage_error(repo: Path) -> None:
    code, _, err = _check(repo, "--format", "yaml")
    assert code == ExitCode.USAGE and "unknown format 'yaml'" in err
    code, _, err = _check(repo, "--format", "json", "--format", "text")
    assert code == ExitCode.USAGE and "standard output" in err


def test_sigint_mid_review_keeps_every_decision_made(repo: Path) -> None:
    (repo / "corpus" / "third.txt").write_text(
        "Valmora union leader speaks\n\n"
        "Lena Okafor, head of the Coastal Research Institute, spoke on June 10, 2025.\n",
        encoding="utf-8",
    )
    code, out, _ = _cli("check", "corpus", "incoming", "--format", "json", cwd=repo)
    assert code == ExitCode.FINDINGS
    ids = [c["id"] for c in json.loads(out)["conflicts"]]
    assert len(ids) >= 2, out
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "review", "corpus", "incoming", "--reviewer", "Bo"],
        cwd=repo,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    reviews_file = repo / "factcheck-reviews.yaml"
    try:
        assert proc.stdin is not None
        proc.stdin.write("d\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while not reviews_file.exists() or not load_reviews(reviews_file):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the decision never reached the file"
            time.sleep(0.05)
        time.sleep(0.3)  # it now waits for the key of the second conflict
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert "Traceback" not in err
    saved = load_reviews(reviews_file)
    assert [r.status.value for r in saved.values()] == ["dismissed"]
    assert next(iter(saved)) in ids
    assert "interrupted; 1 decision saved" in out


def test_pyproject_settings_are_defaults_the_command_line_overrides(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        "[tool.factcheck]\n"
        'corpus = ["corpus"]\n'
        'fail-on = "high"\n'
        'reviews = "decisions/reviews.yaml"\n'
        "jobs = 1\n",
        encoding="utf-8",
    )
    code, out, err = _cli("check", "incoming/new-outlet.txt", cwd=repo)
    assert code == ExitCode.OK, out + err  # corpus from pyproject; a medium conflict passes "high"
    assert "1 conflicts (1 unreviewed)" in out
    code, out, _ = _cli("check", "incoming/new-outlet.txt", "--fail-on", "low", cwd=repo)
    assert code == ExitCode.FINDINGS
    code, out, _ = _cli(
        "review", "--set", "0123456789abcdef", "dismissed", "incoming/new-outlet.txt", cwd=repo
    )
    assert code == ExitCode.USAGE and not (repo / "decisions").exists()  # unknown fingerprint
    code, out, err = _cli("review", "--set", "0123456789abcdef", "dismissed", cwd=repo)
    assert code == ExitCode.USAGE and "no conflict id starts with" in err  # nor in the corpus
    assert not (repo / "decisions").exists()
    code, out, _ = _cli("check", "incoming/new-outlet.txt", "--format", "json", cwd=repo)
    live = json.loads(out)["conflicts"][0]["id"]
    code, out, err = _cli("review", "--set", live[:8], "dismissed", "incoming/", cwd=repo)
    assert code == ExitCode.OK, err
    assert load_reviews(repo / "decisions" / "reviews.yaml")[live].summary


def test_a_broken_pyproject_is_a_usage_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.factcheck\n", encoding="utf-8")
    code, _, err = _cli("check", "incoming/new-outlet.txt", cwd=repo)
    assert code == ExitCode.USAGE and "pyproject.toml" in err
