"""Throughput, scale and planted-conflict recall, all in one run.

    python bench/throughput.py [--sizes 1000 10000] [--raw-chars 40000] [--jobs N]

1. Extraction speed: factcheck's extractors vs raw quantulum3 ``parser.parse`` plus raw
   dateparser ``search_dates`` over the same text (a sample of the synthetic corpus),
   in chars/s, and their ratio. Both sides are warmed up first.
2. For each corpus size: whole-pipeline wall time (ingest → report JSON), peak memory
   (this process plus the largest worker), and recall of the planted conflicts from
   ``bench/make_corpus.py``; conflicts that match no planted one are counted as false.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate

from factcheck import Config, RunResult, run
from factcheck.extract import build_extractors, extract
from factcheck.ingest import read_text_article


def _sample_text(folder: Path, chars: int) -> list[str]:
    texts: list[str] = []
    total = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        total += len(text)
        if total >= chars:
            break
    return texts


def extraction_speed(folder: Path, raw_chars: int) -> dict[str, float]:
    from dateparser.search import search_dates
    from quantulum3 import parser as q3

    texts = _sample_text(folder, raw_chars)
    n_chars = sum(len(t) for t in texts)
    # Warm up both sides: quantulum3 and dateparser load lazily and slowly.
    extractors = build_extractors()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q3.parse("about 5 metres on March 3, 2024")
        search_dates("on March 3, 2024", languages=["en"])
        extract(
            read_text_article("Warm up: 5% on March 3, 2024, said Dr. Jane Roe.", "w.txt"),
            extractors,
        )

        started = time.perf_counter()
        for i, text in enumerate(texts):
            extract(read_text_article(text, f"s{i}.txt"), extractors)
        ours = time.perf_counter() - started

        started = time.perf_counter()
        for text in texts:
            q3.parse(text)
            search_dates(text, languages=["en"])
        raw = time.perf_counter() - started
    return {
        "chars": n_chars,
        "factcheck_chars_per_s": n_chars / ours,
        "raw_chars_per_s": n_chars / raw,
        "ratio": raw / ours,
    }


def _matches(planted: dict[str, object], result: RunResult) -> bool:
    for f in result.findings:
        c = f.conflict
        if c.kind.value != planted["kind"]:
            continue
        articles = [e.article_id for e in c.evidence]
        if planted["kind"] in ("quantity", "officeholder"):
            if articles and articles[0] == planted["article"]:
                return True
        elif planted["article"] in articles:
            return True
    return False


def _explained(conflict_articles: list[str], kind: str, planted: list[dict[str, object]]) -> bool:
    planted_articles = {str(p["article"]) for p in planted if p["kind"] == kind}
    return bool(planted_articles.intersection(conflict_articles))


def pipeline(folder: Path, jobs: int) -> dict[str, float]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = run([folder], Config(jobs=jobs))
    from factcheck.formatters.json_report import render

    render(result)
    elapsed = time.perf_counter() - started
    found = sum(_matches(p, result) for p in manifest)
    false = [
        f.conflict
        for f in result.findings
        if not _explained(
            [e.article_id for e in f.conflict.evidence], f.conflict.kind.value, manifest
        )
    ]
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "articles": len(result.articles),
        "seconds": elapsed,
        "peak_mb_self": self_peak,
        "peak_mb_worker": child_peak,
        "planted": len(manifest),
        "recall": found / len(manifest) if manifest else 1.0,
        "conflicts": len(result.findings),
        "false_conflicts": len(false),
        "false_quantity": sum(1 for c in false if c.kind.value == "quantity"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--raw-chars", type=int, default=40000, help="text for the raw-library comparison"
    )
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"corpus-{size}"
            generate(size, folder)
            if size == args.sizes[0]:
                speed = extraction_speed(folder, args.raw_chars)
                print(
                    f"extraction over {speed['chars']:.0f} chars: "
                    f"factcheck {speed['factcheck_chars_per_s']:,.0f} chars/s, "
                    f"raw quantulum3+dateparser {speed['raw_chars_per_s']:,.0f} chars/s, "
                    f"ratio {speed['ratio']:.1f}x"
                )
            figures = pipeline(folder, args.jobs)
            print(
                f"{figures['articles']:.0f} articles: {figures['seconds']:.1f} s end to end, "
                f"peak memory {figures['peak_mb_self']:.0f} MB (main) + "
                f"{figures['peak_mb_worker']:.0f} MB (largest worker), "
                f"planted recall {figures['recall']:.3f} ({figures['planted']:.0f} planted), "
                f"{figures['conflicts']:.0f} conflicts, {figures['false_conflicts']:.0f} unplanted "
                f"({figures['false_quantity']:.0f} quantity)"
            )
            sys.stdout.flush()
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
