"""Scoring a run against a real-article set's gold.yaml, by the rules of
``../shared/realdev/score.py`` (its docstring): evidence covers a gold statement when it
names the same file and its sentence contains the quote or the quote contains the
sentence, whitespace collapsed and lower-cased; a gold conflict is found when one
reported conflict covers statements on two sides; a non-conflict is flagged when one
reported conflict covers both its statements and nothing else."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck import Config, RunResult, run

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "tests" / "fixtures" / "real"
REALDEV = ROOT.parent / "shared" / "realdev"


@dataclass(frozen=True)
class Score:
    found: dict[str, tuple[int, int]]  # gold kind -> (found, total)
    flagged: list[str]
    reported: int

    def recall(self, kind: str | None = None) -> float:
        pairs = [v for k, v in self.found.items() if kind is None or k == kind]
        got, total = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
        return got / total if total else 1.0


def _norm(s: str) -> str:
    return " ".join(str(s).split()).lower()


def _covers(ev: tuple[str, str], statement: dict[str, Any]) -> bool:
    name, sentence = ev
    quote = _norm(statement["quote"])
    return name == statement["file"] and bool(sentence) and (quote in sentence or sentence in quote)


def score(folder: Path, result: RunResult | None = None) -> Score:
    """Run factcheck over ``folder/articles`` (unless ``result`` is given) and score it."""
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    if result is None:
        result = run([folder / "articles"], Config(jobs=1))
    reported = [
        [(Path(e.path).name, _norm(e.sentence)) for e in f.conflict.evidence]
        for f in result.findings
    ]
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in gold["conflicts"]:
        sts, sides = c["statements"], c["sides"]
        hit = False
        for evs in reported:
            covered = [any(_covers(ev, sts[i]) for ev in evs) for i in range(len(sts))]
            if sum(any(covered[i] for i in side) for side in sides) >= 2:
                hit = True
                break
        found[c["kind"]][1] += 1
        found[c["kind"]][0] += hit
    flagged = []
    for p in gold["non_conflicts"]:
        a, b = p["statements"]
        for evs in reported:
            if (
                any(_covers(ev, a) for ev in evs)
                and any(_covers(ev, b) for ev in evs)
                and all(_covers(ev, a) or _covers(ev, b) for ev in evs)
            ):
                flagged.append(p["id"])
                break
    return Score({k: (v[0], v[1]) for k, v in found.items()}, flagged, len(reported))
