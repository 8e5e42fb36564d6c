"""The package installs as itself: distribution ``factcheck-news`` (``factcheck`` on the
package index is an unrelated library), import package and command ``factcheck``, and
the wheel and sdist carry the rules and every template."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from factcheck import DISTRIBUTION
from factcheck.cli import ExitCode, main

ROOT = Path(__file__).resolve().parent.parent


def test_the_distribution_is_factcheck_news_with_the_factcheck_command() -> None:
    assert DISTRIBUTION == "factcheck-news"
    dist = metadata.distribution(DISTRIBUTION)
    assert dist.metadata["Name"] == "factcheck-news"
    scripts = {e.name: e.value for e in dist.entry_points if e.group == "console_scripts"}
    assert scripts == {"factcheck": "factcheck.cli:main"}
    out = io.StringIO()
    assert main(["--version"], out, io.StringIO()) == ExitCode.OK
    assert out.getvalue() == f"factcheck {dist.version}\n"


def test_the_actions_workflow_installs_this_distribution() -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "factcheck.yml").read_text("utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    install = next(s for s in steps if s.get("name") == "Install factcheck")
    assert install["run"].split() == ["pip", "install", DISTRIBUTION]


def _shipped(root: Path) -> set[str]:
    """Files the installed package needs besides Python modules: templates and assets."""
    return {
        p.relative_to(root).as_posix()
        for p in (root / "factcheck").rglob("*")
        if p.is_file() and "templates" in p.parts and p.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An sdist and a wheel built from it (as ``python -m build`` does), offline."""
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


def test_the_wheel_carries_the_rules_and_templates(built: tuple[Path, Path]) -> None:
    _, wheel = built
    assert wheel.name.startswith("factcheck_news-")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert "Name: factcheck-news\n" in zf.read(meta).decode("utf-8")
    rules = {
        "factcheck/_rules/" + p.relative_to(ROOT / "rules").as_posix()
        for p in (ROOT / "rules").rglob("*.yaml")
    }
    assert rules and rules <= names, sorted(rules - names)
    assert _shipped(ROOT) <= names, sorted(_shipped(ROOT) - names)
    assert not any(n.startswith(("tests/", "seeds/", "bench/")) for n in names)


def test_the_sdist_carries_what_the_wheel_is_built_from(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as tf:
        top, *_ = tf.getnames()[0].split("/")
        names = {n.partition("/")[2] for n in tf.getnames()}
    assert top.startswith("factcheck_news-")
    assert {"pyproject.toml", "README.md", "rules/officeholders.yaml"} <= names
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml")} <= names
    assert _shipped(ROOT) <= names
    assert any(n.startswith("seeds/") for n in names)
    assert not any(n.startswith((".factcheck/", "reports/")) or "__pycache__" in n for n in names)
