"""Start-up cost of extraction: what a CI gate run pays before its one new article.

    python bench/startup.py [--rounds R] [--corpus N] [--python PY]

Each figure is taken in a fresh Python process (best of R rounds), as a CI job runs:

1. building every extractor (``factcheck.extract.build_extractors``), then extracting
   one typical news article (percentages, money, tonnes, dates; written below), then a
   second, different article, with whether quantulum3's unit tables got loaded; and the
   same with the unit lexicon switched off (quantulum3 asked about every unit, as before
   it existed) as the baseline, with a digest of the mentions, which must not differ;
2. ``import quantulum3.parser`` and its first ``parse`` (the cost factcheck avoids when
   the lexicon of ``rules/units.yaml`` knows every unit), run by ``--python`` (default:
   this interpreter; any venv with quantulum3 installed, factcheck not needed), with
   the installed inflect version;
3. of the N articles ``bench/make_corpus.py N`` writes, how many ask quantulum3 about a
   unit at all (each ask counted whether or not quantulum3's window cache answers it),
   that is how many would make a fresh process load quantulum3.

Always exits 0 unless a child process fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# One paragraph a line, as articles come from a scraper or a CMS export.
ARTICLE = """\
Steelmakers brace for tariff hit as exports slump 12%

LONDON, March 4 (Wire) - Britain's steel exports fell 12% in February to 1.4 million \
tonnes, the lowest since 2009, after Washington raised tariffs on imported metal to 25 \
per cent, the trade body said on Tuesday.

The industry employs about 33,700 people and contributed £2.1 billion to the economy \
last year, down from $3.2bn in 2023. Analysts at the bank expect output to drop by a \
third by the end of 2025 unless the government provides up to £500 million in support.

"We are losing roughly 3,000 tonnes a week," said the body's chief executive, adding \
that energy prices of £180 per megawatt hour were twice those in France and Germany. \
Prices rose 4.5 percent on Monday, and shares in the largest producer fell nearly 8% \
to 215 pence. The plant covers 400 hectares, 25 km from the coast, and has run for 110 \
years.
"""

SECOND = """\
Oil exporters agree deeper output cut

VIENNA, June 2 - Producers agreed on Sunday to cut output by 1.2 million barrels per \
day from July, about 1% of world demand, sending Brent crude up 3.1% to $82 a barrel. \
The group pumps more than 40 percent of the world's oil. Saudi Arabia will lower its \
own production by a further 500,000 bpd for at least three months, the energy minister \
told reporters after a meeting that lasted nearly six hours.
"""

_BUILD = """
import dataclasses, hashlib, json, sys, time
t0 = time.perf_counter()
from factcheck.extract import build_extractors, extract
from factcheck.ingest import read_text_article
if sys.argv[3] == "baseline":  # quantulum3 asked about every unit, as before the lexicon
    from factcheck.extract.quantity_lexicon import Lexicon
    from factcheck.extract.quantity_tables import Tables
    load = Tables.load
    def without_lexicon(rules_dir):
        tables = load(rules_dir)
        return dataclasses.replace(tables, lexicon=Lexicon.none(tables.quantulum))
    Tables.load = staticmethod(without_lexicon)
extractors = build_extractors()
t1 = time.perf_counter()
first = extract(read_text_article(sys.argv[1], "first.txt"), extractors)
t2 = time.perf_counter()
second = extract(read_text_article(sys.argv[2], "second.txt"), extractors)
t3 = time.perf_counter()
q3 = sys.modules.get("quantulum3.load")
facts = repr([(m.type.value, m.span, m.value, m.confidence) for m in (*first, *second)])
print(json.dumps({
    "build": t1 - t0, "first": t2 - t1, "second": t3 - t2,
    "mentions": [len(first), len(second)],
    "digest": hashlib.sha256(facts.encode()).hexdigest()[:12],
    "units_loaded": bool(q3 is not None and q3._CACHED_UNITS),
    "q3_imported": "quantulum3.parser" in sys.modules,
    "inflect_imported": "inflect" in sys.modules,
}))
"""

_QUANTULUM3 = """
import json, time, warnings
from importlib.metadata import version
warnings.simplefilter("ignore")
t0 = time.perf_counter()
import quantulum3.parser
t1 = time.perf_counter()
quantulum3.parser.parse("The plant covers 400 hectares and produced 3.2 million tonnes.")
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "parse": t2 - t1, "inflect": version("inflect")}))
"""

_CORPUS = """
import json, pathlib, sys, warnings
warnings.simplefilter("ignore")
from factcheck.extract import quantity_units
from factcheck.extract.quantities import extract_quantities
asked = 0
real = quantity_units._parse
def spy(window):
    global asked
    asked += 1
    return real(window)
quantity_units._parse = spy  # every call asks quantulum3 (the cache sits inside)
files = sorted(p for p in pathlib.Path(sys.argv[1]).iterdir() if p.suffix in (".txt", ".md"))
loading = 0
for path in files:
    before = asked
    extract_quantities(path.read_text(encoding="utf-8"))
    loading += asked > before
print(json.dumps({"articles": len(files), "asking": loading, "asks": asked}))
"""


def _child(python: str, code: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [python, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child process failed: {done.stderr[-2000:]}")
    out: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _best(rows: list[dict[str, object]], key: str) -> float:
    return min(float(str(r[key])) for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="fresh processes per figure")
    ap.add_argument("--corpus", type=int, default=500, help="articles for figure 3")
    ap.add_argument("--python", default=sys.executable, help="interpreter for figure 2")
    args = ap.parse_args(argv)

    totals = {}
    for mode in ("lexicon", "baseline"):
        rows = [_child(sys.executable, _BUILD, ARTICLE, SECOND, mode) for _ in range(args.rounds)]
        build, first, second = (_best(rows, k) for k in ("build", "first", "second"))
        totals[mode] = build + first + second
        last = rows[-1]
        title = "factcheck" if mode == "lexicon" else "baseline: every unit asked of quantulum3"
        print(f"{title} (fresh process, best of {args.rounds}):")
        print(f"  import + build_extractors()      {build:6.2f} s")
        print(f"  extract typical article          {first:6.2f} s")
        print(f"  extract a second article         {second:6.2f} s")
        print(f"  total                            {totals[mode]:6.2f} s")
        print(f"  mentions {last['mentions']}, digest {last['digest']}")
        print(
            f"  quantulum3 units loaded: {last['units_loaded']}; quantulum3.parser imported: "
            f"{last['q3_imported']}; inflect imported: {last['inflect_imported']}"
        )
    print(f"baseline / factcheck: {totals['baseline'] / totals['lexicon']:.1f}x")

    q3 = [_child(args.python, _QUANTULUM3) for _ in range(args.rounds)]
    imp, parse = _best(q3, "import"), _best(q3, "parse")
    print(f"quantulum3 alone ({args.python}, inflect {q3[-1]['inflect']}), best of {args.rounds}:")
    print(f"  import quantulum3.parser         {imp:6.2f} s")
    print(f"  first parse (loads units)        {parse:6.2f} s")
    print(f"  total                            {imp + parse:6.2f} s")

    from make_corpus import generate

    with tempfile.TemporaryDirectory(prefix="factcheck-startup-") as tmp:
        generate(args.corpus, Path(tmp), seed=7)
        c = _child(sys.executable, _CORPUS, tmp)
    print(
        f"make_corpus {args.corpus}: {c['asking']} of {c['articles']} articles ask quantulum3"
        f" about a unit ({c['asks']} asks in all)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
