"""Accuracy on real published articles: recall, non-conflicts flagged, precision.

    python bench/realdev.py [SET ...] [--verbose] [--judged FILE]

A SET is a folder with ``articles/`` and ``gold.yaml`` in the format of
``../shared/realdev`` (the default) or ``tests/fixtures/real/<story>``; ``--own`` scores
every story under ``tests/fixtures/real/`` as one set. Each set is run through the
whole pipeline (``api.run``, no cache, no reviews) and scored with the rules of
realdev's ``score.py`` (imported from it, so the scoring is the corpus's own):

- a gold conflict is found when one reported conflict has evidence on two sides;
- a gold non-conflict is flagged when one reported conflict covers both statements
  and nothing else.

Printed: recall per gold kind and overall, non-conflicts flagged, the figures of gold
quantity statements that were extracted at all, and every reported conflict that
matches no gold conflict, with the verdict kept for its fingerprint in
``bench/realdev-judged.yaml`` (real or false, and why). Precision is (gold-matched +
judged real) / reported; an unjudged conflict counts as false until someone judges it.

This is a benchmark, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev"
OWN = ROOT / "tests" / "fixtures" / "real"
JUDGED = Path(__file__).with_name("realdev-judged.yaml")
sys.path.insert(0, str(ROOT))

from factcheck import api  # noqa: E402
from factcheck.config import Config  # noqa: E402
from factcheck.formatters.json_report import render as render_json  # noqa: E402
from factcheck.model import FactType, RunResult  # noqa: E402

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def load_scorer() -> ModuleType:
    """realdev's score.py, imported as a module (its rules are the benchmark's)."""
    spec = importlib.util.spec_from_file_location("realdev_score", REALDEV / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {REALDEV / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_set(articles: list[Path]) -> tuple[RunResult, list[dict[str, Any]]]:
    config = Config()  # no cache dir, no reviews: every article afresh
    result = api.run([str(p) for p in articles], config)
    report = json.loads(render_json(result))
    return result, report["conflicts"]


def score_set(
    name: str, folders: list[Path], judged: dict[str, dict[str, str]], verbose: bool
) -> dict[str, float]:
    score = load_scorer()
    articles: list[Path] = []
    gold: dict[str, list[dict[str, Any]]] = {"conflicts": [], "non_conflicts": []}
    for folder in folders:
        articles += sorted((folder / "articles").glob("*.md"))
        g = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
        for key in gold:
            gold[key] += [dict(item, id=f"{folder.name}:{item['id']}") for item in g[key]]
    result, reported = run_set(articles)
    for rc in reported:
        for ev in rc["evidence"]:
            ev["_text"] = score.norm(ev.get("sentence", ""))
    per_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    matched: set[int] = set()
    missed = []
    for c in gold["conflicts"]:
        hits = [n for n, rc in enumerate(reported) if score.finds(rc, c)]
        matched.update(hits)
        per_kind[c["kind"]][1] += 1
        per_kind[c["kind"]][0] += bool(hits)
        if not hits:
            missed.append(c)
    flagged = [p["id"] for p in gold["non_conflicts"] if any(score.flags(rc, p) for rc in reported)]
    print(f"== {name}: {len(articles)} articles, {len(reported)} conflicts reported")
    found = sum(v[0] for v in per_kind.values())
    total = sum(v[1] for v in per_kind.values())
    print("Recall by kind:")
    for kind in sorted(per_kind):
        got, n = per_kind[kind]
        print(f"  {kind:28s} {got:3d}/{n:<3d} {got / n:6.1%}")
    print(f"  {'ALL':28s} {found:3d}/{total:<3d} {found / max(total, 1):6.1%}")
    print(
        f"Non-conflicts flagged: {len(flagged)}/{len(gold['non_conflicts'])}"
        + (f"  ({', '.join(flagged)})" if flagged else "")
    )
    got_figures, all_figures = _figures_read(result, gold["conflicts"])
    print(f"Figures of gold quantity statements extracted: {got_figures}/{all_figures}")
    real = len(matched)
    unjudged = 0
    print("Reported conflicts matching no gold conflict:")
    for n, rc in enumerate(reported):
        if n in matched:
            continue
        verdict = judged.get(rc["id"])
        if verdict is None:
            unjudged += 1
            label = "UNJUDGED"
        else:
            label = str(verdict.get("verdict", "?")).upper()
            real += label == "REAL"
        print(f"  {rc['id']} {label:8s} {rc['kind']:18s} {rc['confidence']:.2f} {rc['summary']}")
        if verbose or verdict is None:
            for ev in rc["evidence"]:
                print(f"      {ev['article']}: {ev['sentence'][:160]}")
        if verdict is not None and verdict.get("reason"):
            print(f"      -> {verdict['reason']}")
    precision = real / len(reported) if reported else 1.0
    print(
        f"Precision: {real}/{len(reported)} = {precision:.3f} "
        f"(gold-matched {len(matched)}, judged real {real - len(matched)}, unjudged {unjudged})"
    )
    if verbose:
        print("Missed:")
        for c in missed:
            print(f"  {c['id']} {c['kind']}: {c['explanation'][:110]}")
            for s in c["statements"]:
                print(f"      {s['file']}: {s['quote']}")
    return {
        "recall": found / max(total, 1),
        "flagged": float(len(flagged)),
        "precision": precision,
    }


def _figures_read(result: RunResult, conflicts: list[dict[str, Any]]) -> tuple[int, int]:
    """How many numbers written in gold quantity statements lie inside an extracted
    quantity (a figure can only be compared once it is read)."""
    by_file: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    raw: dict[str, str] = {}
    for article in result.articles:
        raw[Path(article.path).name] = article.raw
    for m in result.mentions:
        if m.type is FactType.QUANTITY:
            by_file[Path(m.article_id).name].append((m.span.start, m.span.end))
    got = total = 0
    seen: set[tuple[str, int]] = set()
    for c in conflicts:
        if c["kind"] != "quantity":
            continue
        for st in c["statements"]:
            text = raw.get(st["file"], "")
            at = _find(text, st["quote"])
            if at < 0:
                continue
            for num in _NUMBER.finditer(st["quote"]):
                pos = at + num.start()
                if (st["file"], pos) in seen:
                    continue
                seen.add((st["file"], pos))
                total += 1
                got += any(s <= pos < e for s, e in by_file.get(st["file"], ()))
    return got, total


def _find(text: str, quote: str) -> int:
    """Where ``quote`` starts in ``text``, allowing any run of whitespace between words."""
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    return m.start() if m else -1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", type=Path, help="folders with articles/ and gold.yaml")
    ap.add_argument("--own", action="store_true", help="score tests/fixtures/real/* as one set")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--judged", type=Path, default=JUDGED)
    args = ap.parse_args(argv)
    judged_list = yaml.safe_load(args.judged.read_text()) if args.judged.exists() else None
    judged = {str(j["fingerprint"]): j for j in judged_list or []}
    if args.own:
        stories = sorted(p for p in OWN.iterdir() if (p / "gold.yaml").exists())
        score_set("own stories (" + ", ".join(p.name for p in stories) + ")", stories, judged,
                  args.verbose)  # fmt: skip
        for story in stories:
            score_set(story.name, [story], judged, args.verbose)
    for folder in args.sets or ([] if args.own else [REALDEV]):
        score_set(folder.name, [folder], judged, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
