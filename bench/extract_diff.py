"""Differential check: does this tree extract exactly what another revision extracts?

    python bench/extract_diff.py [--against REV] [--articles N] [--seed S] [--show K]

Speed work on the extractors must not change their output. This script extracts the
same articles twice, with the working tree's factcheck and with the factcheck of git
revision REV (default HEAD; its ``factcheck/`` and ``rules/`` are exported with
``git archive`` into a temporary folder), each in its own fresh process, and compares
every field of every mention. The articles: a synthetic corpus of N articles from
``bench/make_corpus.py`` (several outlets repeating each story, wire copies, rewrites,
truncations), the seeds and every article under ``tests/fixtures``.

It prints the number of mentions on each side, the CPU time each side spent
extracting after a warm-up (one core; same input, same session; extractors shared by
all articles, as in a run), and the mentions found by one side
only, grouped by fact type, with up to K examples; it exits 1 if the outputs differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def worker(folders: list[str], out: str) -> None:
    """Extract every article under ``folders`` with the factcheck on sys.path."""
    import time
    import warnings

    warnings.simplefilter("ignore")  # quantulum3 warns about its optional classifier
    import factcheck
    from factcheck.extract import build_extractors, extract
    from factcheck.ingest import read_paths, read_text_article

    articles, _ = read_paths(folders)  # unreadable fixtures are meant to fail: skip them
    extractors = build_extractors()
    # quantulum3 and dateparser load on first use: time the steady state, not that.
    warm = read_text_article("Warm up: 5% on March 3, 2024, said Dr. Jane Roe.", "warm.txt")
    extract(warm, extractors)
    started = time.process_time()
    found = [(a.path, extract(a, extractors)) for a in articles]
    spent = time.process_time() - started
    with open(out, "w", encoding="utf-8") as f:
        info = {"cpu_s": spent, "articles": len(articles), "package": factcheck.__file__}
        f.write(json.dumps(info) + "\n")
        for path, mentions in found:
            for m in mentions:
                f.write(json.dumps([path, every_field(m)], sort_keys=True, default=str) + "\n")


def every_field(m: Any) -> dict[str, Any]:
    """Every field of a mention by name, its value's too (tagged with the value's type).

    Read off the dataclass itself rather than through a factcheck function, so that
    both sides, this tree and an older revision, are compared the same way.
    """
    d = dataclasses.asdict(m)
    d["value"] = {"$type": type(m.value).__name__, **d["value"]}
    return d


def run_side(
    pythonpath: Path, folders: list[Path], out: Path
) -> tuple[dict[str, Any], Counter[str]]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    command = [sys.executable, __file__, "--worker", str(out), *map(str, folders)]
    # Run from a neutral folder, so that the working tree is not imported by accident.
    subprocess.run(command, check=True, env=env, cwd=tempfile.gettempdir())
    lines = out.read_text(encoding="utf-8").splitlines()
    info = json.loads(lines[0])
    if not Path(info["package"]).is_relative_to(pythonpath):
        raise SystemExit(f"expected factcheck from {pythonpath}, imported {info['package']}")
    return info, Counter(lines[1:])


def export(rev: str, dest: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "factcheck", "rules"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision to compare with")
    parser.add_argument("--articles", type=int, default=300, help="synthetic corpus size")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", type=int, default=3, help="examples per fact type")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[1:], args.worker[0])
        return 0
    from make_corpus import generate

    with tempfile.TemporaryDirectory(prefix="factcheck-diff-") as tmp:
        scratch = Path(tmp)
        corpus, old_tree = scratch / "corpus", scratch / "old"
        generate(args.articles, corpus, seed=args.seed)
        old_tree.mkdir()
        export(args.against, old_tree)
        folders = [corpus, ROOT / "seeds", ROOT / "tests" / "fixtures"]
        new_info, new = run_side(ROOT, folders, scratch / "new.jsonl")
        old_info, old = run_side(old_tree, folders, scratch / "old.jsonl")
    print(
        f"{int(new_info['articles'])} articles: {sum(old.values())} mentions at {args.against} "
        f"({old_info['cpu_s']:.2f} s CPU), {sum(new.values())} in the working tree "
        f"({new_info['cpu_s']:.2f} s CPU)"
    )
    only_old, only_new = old - new, new - old
    if not only_old and not only_new:
        print("outputs identical")
        return 0
    for label, side in ((f"only at {args.against}", only_old), ("only in the tree", only_new)):
        by_type = Counter(json.loads(line)[1]["type"] for line in side.elements())
        print(f"{label}: {sum(side.values())} mentions {dict(sorted(by_type.items()))}")
        shown: Counter[str] = Counter()
        for line in side:
            path, mention = json.loads(line)
            if shown[mention["type"]] < args.show:
                shown[mention["type"]] += 1
                print(f"  {path}: {mention['type']} {mention['surface']!r} {mention['value']}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
