"""Precision / recall / F1 of the extractors on the hand-labelled news sentences.

    python bench/extraction_quality.py [--verbose] [--raw] [--labelled PATH]

Runs ``extract_quantities``, ``extract_dates`` (with each sentence's publication date)
and ``extract_figures`` on every sentence of ``tests/fixtures/extraction/labelled.jsonl``
and matches their hits to the gold facts; the matching rules are documented in
``tests/extraction_scoring.py``, which ``tests/test_extraction_quality.py`` shares.
Prints one row per fact type with PASS/FAIL against the targets (precision >= 0.95,
recall >= 0.90). ``--verbose`` lists every false negative and false positive with the
overlapping counterpart and the fields that differ. ``--raw`` scores the quantity
extractor's own output, without the pipeline's removal of quantities inside dates.

This is a benchmark, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import extraction_scoring as es  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list every FP and FN")
    ap.add_argument(
        "--raw",
        action="store_true",
        help="keep quantities that overlap a date (the pipeline drops them)",
    )
    ap.add_argument("--labelled", type=Path, default=es.LABELLED, help="labelled JSONL file")
    args = ap.parse_args(argv)

    warnings.filterwarnings("ignore", module="quantulum3")
    t0 = time.perf_counter()
    sentences = es.load_labelled(args.labelled)
    runners, missing = es.load_runners()
    t1 = time.perf_counter()
    predictions = es.predict(sentences, runners, date_filter=not args.raw)
    t2 = time.perf_counter()
    scores = es.score(sentences, predictions, missing)

    empty = sum(1 for s in sentences if not s.facts)
    where = args.labelled.relative_to(ROOT) if args.labelled.is_relative_to(ROOT) else args.labelled
    print(f"labelled set: {where} -- {len(sentences)} sentences ({empty} with no facts)")
    mode = (
        "raw quantity output"
        if args.raw
        else "quantities overlapping a date dropped, as the pipeline does"
    )
    print(f"mode: {mode}; load {t1 - t0:.1f}s, extract {t2 - t1:.1f}s")
    print()
    print(es.format_table(scores))
    overall = all(sc.passed for sc in scores.values())
    print()
    print(f"overall: {'PASS' if overall else 'FAIL'}")
    if args.verbose:
        for kind in es.TYPES:
            sc = scores[kind]
            if sc.available:
                print()
                print(es.format_misses(sc))
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
