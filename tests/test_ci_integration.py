"""The shipped CI integrations run the commands they say, and those commands gate.

``.pre-commit-hooks.yaml`` and ``docs/ci/factcheck.yml`` are executed here the way
pre-commit and GitHub Actions would execute them: the hook's entry plus its args plus
the staged file names; the workflow's ``run:`` steps in bash, in order, in a git
repository whose pull request adds an article with a planted conflict.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

ARTICLES = {
    "articles/wire.txt": (
        "Lakeside water plant opens\n\n"
        "The Lakeside water plant opened on Friday, May 16, 2025.\n"
        "The plant supplies 30% of the region's drinking water, the utility said.\n"
    ),
    "articles/daily.txt": (
        "New plant for Lakeside\n\n"
        "Lakeside opened its new water plant on May 16, 2025.\n"
        "It supplies about 30 percent of the region's drinking water.\n"
    ),
}
PLANTED = (
    "Water plant opens in Lakeside\n\n"
    "The plant supplies 55% of the region's drinking water, officials said on Friday.\n"
)


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "newsroom"
    for name, text in ARTICLES.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "corpus")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    _git(repo, "checkout", "-q", "-b", "new-article")
    (repo / "articles" / "nouvel média.txt").write_text(PLANTED, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "add an article")
    return repo


def _hook() -> dict[str, Any]:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return dict(hook)


def _run_hook(repo: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    hook = _hook()
    chosen = [f for f in files if re.search(hook["files"], f) and not re.search(hook["exclude"], f)]
    argv = [*shlex.split(hook["entry"]), "--corpus", "articles/", *chosen]
    return subprocess.run(argv, cwd=repo, env=_env(), capture_output=True, text=True, timeout=300)


def test_pre_commit_hook_refuses_a_new_conflict_until_reviewed(repo: Path) -> None:
    hook = _hook()
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    staged = ["articles/nouvel média.txt", "articles/factcheck-reviews.yaml", "README"]
    done = _run_hook(repo, staged)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "nouvel média.txt" in done.stdout and "55%" in done.stdout
    fingerprint = re.search(r"\b([0-9a-f]{16})\b", done.stdout)
    assert fingerprint is not None
    review = subprocess.run(
        [
            "factcheck",
            "review",
            "--set",
            fingerprint.group(1),
            "confirmed",
            "--corpus",
            "articles/",
            "--note",
            "the new outlet misquotes the utility",
        ],
        cwd=repo,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert review.returncode == 0, review.stderr
    assert (repo / "articles" / "factcheck-reviews.yaml").exists()
    again = _run_hook(repo, staged)
    assert again.returncode == 0, again.stdout + again.stderr


def _workflow_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "factcheck.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    return list(job["steps"])


def _run_workflow(repo: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run every ``run:`` step like the runner does (bash -e); stop at the first failure."""
    env = {**_env(), "GITHUB_BASE_REF": "main"}
    done: list[subprocess.CompletedProcess[str]] = []
    for step in _workflow_steps():
        if "run" not in step or step.get("name") == "Install factcheck":
            continue  # `uses:` actions, and the install: this test runs the installed one
        proc = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        done.append(proc)
        if proc.returncode != 0:
            break
    return done


def test_github_workflow_fails_the_pull_request_with_annotations_and_sarif(repo: Path) -> None:
    steps = _workflow_steps()
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    listed, checked = _run_workflow(repo)
    assert listed.returncode == 0 and listed.stdout.split() == ["articles/nouvel", "média.txt"]
    assert checked.returncode == 1, checked.stdout + checked.stderr
    [annotation] = [ln for ln in checked.stdout.splitlines() if ln.startswith("::")]
    assert annotation.startswith("::warning file=articles/nouvel média.txt,line=3,col=")
    assert (repo / "factcheck.sarif").exists()


def test_github_workflow_passes_when_no_article_changed(repo: Path) -> None:
    _git(repo, "checkout", "-q", "main")
    done = _run_workflow(repo)
    assert [p.returncode for p in done] == [0, 0]
    assert "no article changed" in done[-1].stdout
