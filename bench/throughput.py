"""Throughput, scale and planted-conflict recall, all in one run.

    python bench/throughput.py [--sizes 1000 10000] [--raw-chars 40000] [--jobs N]
                               [--repeat 5] [--show 3]

1. Extraction speed: factcheck's extractors vs raw quantulum3 ``parser.parse`` plus raw
   dateparser ``search_dates`` over the same text (articles taken evenly across the
   synthetic corpus, already read), in chars per CPU-second on one core, and their ratio. Both
   sides are warmed up first and timed in turns, ``--repeat`` rounds (factcheck with
   freshly built extractors each time); the best time of each side counts.
2. For each corpus size: whole-pipeline wall time (ingest -> report JSON) on all cores,
   its stages, peak memory (this process plus the largest worker), and the comparison
   time, whose growth between sizes is printed next to the growth in claims.
3. Exact accounting against the manifest from ``bench/make_corpus.py``: a conflict
   is true only if its kind is the planted kind and its first evidence (the dissenting
   statement) is the planted sentence in the planted article stating the planted value.
   Recall is the share of plants with a true conflict; every other conflict is false,
   counted by rule, and quantity conflicts between sentences written from different
   measure templates are counted separately.
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
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import MANIFEST, fact_of, generate

from factcheck import Config, Conflict, RunResult, run
from factcheck.extract import build_extractors, extract
from factcheck.extract.base import Context
from factcheck.ingest import load_boilerplate, read_text_article
from factcheck.model import Article
from factcheck.text.spans import sentences


def _sample(folder: Path, chars: int) -> list[Article]:
    """About ``chars`` characters of articles, taken evenly across the corpus (every
    story, wire copies and originals alike)."""
    boilerplate = load_boilerplate()
    articles: list[Article] = []
    total = 0
    paths = sorted(folder.glob("*.txt"))
    step = max(1, len(paths) // max(1, chars // 1000))
    for path in paths[::step]:
        article = read_text_article(
            path.read_text(encoding="utf-8"), path.name, boilerplate=boilerplate
        )
        articles.append(article)
        total += len(article.text)
        if total >= chars:
            break
    return articles


def _best(repeat: int, *setups: Callable[[], Callable[[], object]]) -> list[float]:
    """The least CPU time of each side over ``repeat`` rounds; a round runs every side
    once, each from a fresh ``setup()`` (so no memo of an earlier run helps a later one).
    CPU time, not wall time: every side runs on one core in this process. The sides take
    turns within a round, so a slow spell of this shared machine falls on both sides
    rather than on every run of one."""
    best = [float("inf")] * len(setups)
    for _ in range(repeat):
        for i, setup in enumerate(setups):
            fn = setup()
            started = time.process_time()
            fn()
            best[i] = min(best[i], time.process_time() - started)
    return best


def extraction_speed(folder: Path, raw_chars: int, repeat: int) -> dict[str, float]:
    from dateparser.search import search_dates
    from quantulum3 import parser as q3

    articles = _sample(folder, raw_chars)
    texts = [a.text for a in articles]
    n_chars = sum(len(t) for t in texts)
    warm = read_text_article("Warm up: 5% on March 3, 2024, said Dr. Jane Roe.", "w.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Warm up both sides: quantulum3 and dateparser load lazily and slowly.
        q3.parse("about 5 metres on March 3, 2024")
        search_dates("on March 3, 2024", languages=["en"])

        def ours() -> Callable[[], object]:
            extractors = build_extractors()
            extract(warm, extractors)
            return lambda: [extract(a, extractors) for a in articles]

        def raw() -> Callable[[], object]:
            return lambda: [(q3.parse(t), search_dates(t, languages=["en"])) for t in texts]

        ours_s, raw_s = _best(repeat, ours, raw)
        per = _per_extractor(articles, repeat)
    return {
        "chars": n_chars,
        "factcheck_chars_per_s": n_chars / ours_s,
        "raw_chars_per_s": n_chars / raw_s,
        "ratio": raw_s / ours_s,
        **{f"{name}_chars_per_s": n_chars / s for name, s in per.items()},
    }


def _per_extractor(articles: Sequence[Article], repeat: int) -> dict[str, float]:
    """CPU time of each extractor over the sample, run in pipeline order on fresh
    contexts (the quote extractor reuses the names the figure extractor read)."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        extractors = build_extractors()
        spent = dict.fromkeys((e.name for e in extractors), 0.0)
        for a in articles:
            ctx = Context(a.text, sentences(a.text), a.published)
            for e in extractors:
                started = time.process_time()
                e(ctx)
                spent[e.name] += time.process_time() - started
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return best


# --- accounting -----------------------------------------------------------------------


def _norm(text: str) -> str:
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    return " ".join(text.split()).lower()


def _matches(conflict: Conflict, plant: dict[str, str]) -> bool:
    if conflict.kind.value != plant["kind"] or not conflict.evidence:
        return False
    first = conflict.evidence[0]
    if first.article_id != plant["article"]:
        return False
    said, planted = _norm(first.sentence), _norm(plant["sentence"])
    if not (planted in said or (len(said) > 20 and said in planted)):
        return False
    shown = _norm(" ".join((first.surface, first.value, conflict.summary))).replace(",", "")
    return _norm(plant["value"]) in shown


def _between_measures(conflict: Conflict) -> bool:
    facts = {fact_of(e.sentence) for e in conflict.evidence}
    return len(facts) > 1 or None in facts or any(str(f).startswith("filler") for f in facts)


def account(result: RunResult, manifest: list[dict[str, str]]) -> dict[str, object]:
    by_article: dict[str, list[dict[str, str]]] = {}
    for p in manifest:
        by_article.setdefault(p["article"], []).append(p)
    found: Counter[int] = Counter()
    false: list[Conflict] = []
    for f in result.findings:
        c = f.conflict
        first = c.evidence[0].article_id if c.evidence else ""
        hit = next((id(p) for p in by_article.get(first, []) if _matches(c, p)), None)
        if hit is None:
            false.append(c)
        else:
            found[hit] += 1
    recalled = [p for p in manifest if found[id(p)]]
    by_kind = Counter(p["kind"] for p in manifest)
    kind_found = Counter(p["kind"] for p in recalled)
    return {
        "planted": len(manifest),
        "recall": len(recalled) / len(manifest) if manifest else 1.0,
        "recall_by_kind": {k: f"{kind_found[k]}/{n}" for k, n in sorted(by_kind.items())},
        "true": sum(found.values()),
        "duplicates": sum(n - 1 for n in found.values()),
        "false": false,
        "false_by_rule": Counter(c.rule_id for c in false),
        "false_between_measures": [
            c for c in false if c.kind.value == "quantity" and _between_measures(c)
        ],
        "missed": [p for p in manifest if not found[id(p)]],
    }


def pipeline(folder: Path, jobs: int) -> dict[str, object]:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = run([folder], Config(jobs=jobs))
    from factcheck.formatters.json_report import render

    render(result)
    elapsed = time.perf_counter() - started
    stats = dict(result.stats)
    return {
        "articles": len(result.articles),
        "seconds": elapsed,
        "extract_seconds": stats.get("extract_seconds", 0.0),
        "compare_seconds": stats.get("compare_seconds", 0.0),
        "claims": stats.get("claims", 0.0),
        "peak_mb_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_mb_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "conflicts": len(result.findings),
        "errors": len(result.errors),
        **account(result, manifest),
    }


def _report(fig: dict[str, object], show: int) -> None:
    false = fig["false"]
    assert isinstance(false, list)
    by_rule = fig["false_by_rule"]
    assert isinstance(by_rule, Counter)
    between = fig["false_between_measures"]
    assert isinstance(between, list)
    print(
        f"{fig['articles']} articles: {fig['seconds']:.1f} s end to end "
        f"(extract {fig['extract_seconds']:.1f} s, compare {fig['compare_seconds']:.2f} s "
        f"over {fig['claims']:.0f} claims), peak memory {fig['peak_mb_self']:.0f} MB (main) + "
        f"{fig['peak_mb_worker']:.0f} MB (largest worker), {fig['errors']} input errors"
    )
    print(
        f"  planted recall {fig['recall']:.3f} ({fig['planted']} planted; by kind "
        f"{fig['recall_by_kind']}), {fig['conflicts']} conflicts: {fig['true']} true "
        f"({fig['duplicates']} duplicates), {len(false)} false"
    )
    rules = ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items())) or "none"
    print(f"  false conflicts by rule: {rules}")
    print(f"  false conflicts between different measures: {len(between)}")
    for c in false[:show] + between[:show]:
        print(f"    false: {c.summary[:220]}")
    missed = fig["missed"]
    assert isinstance(missed, list)
    for p in missed[:show]:
        print(f"    missed: {p['kind']} {p['article']}: {p['sentence']}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--raw-chars", type=int, default=40000, help="text for the raw-library comparison"
    )
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="timings per side; best counts")
    parser.add_argument("--show", type=int, default=3, help="examples of false/missed to print")
    args = parser.parse_args()
    compares: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"corpus-{size}"
            generate(size, folder)
            if size == args.sizes[0]:
                speed = extraction_speed(folder, args.raw_chars, args.repeat)
                print(
                    f"extraction over {speed['chars']:.0f} chars (one core, CPU time, best of "
                    f"{args.repeat}): factcheck {speed['factcheck_chars_per_s']:,.0f} chars/s, "
                    f"raw quantulum3+dateparser {speed['raw_chars_per_s']:,.0f} chars/s, "
                    f"ratio {speed['ratio']:.1f}x"
                )
                parts = ", ".join(
                    f"{k.removesuffix('_chars_per_s')} {v:,.0f}"
                    for k, v in speed.items()
                    if k.endswith("_chars_per_s") and not k.startswith(("factcheck", "raw"))
                )
                print(f"  per extractor (chars/s): {parts}")
            figures = pipeline(folder, args.jobs)
            _report(figures, args.show)
            compares.append(
                (size, float(str(figures["compare_seconds"])), float(str(figures["claims"])))
            )
    if len(compares) >= 2:
        (n0, t0, c0), (n1, t1, c1) = compares[0], compares[-1]
        print(
            f"compare time: {t0:.2f} s at {n0} articles, {t1:.2f} s at {n1} articles: "
            f"x{t1 / max(t0, 1e-9):.1f} for x{c1 / max(c0, 1):.1f} claims"
        )
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
