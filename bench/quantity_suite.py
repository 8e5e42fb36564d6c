"""quantulum3's own test suite, run on raw quantulum3 and on factcheck's quantity extractor.

    python bench/quantity_suite.py [--verbose] [--corpus DIR]

The expected records are read at run time from the INSTALLED quantulum3 package
(``_lang/en_US/tests/quantities.json`` and ``quantities.ambiguity.json``); nothing is
copied into this repository. Each record is ``{"value", "unit", "surface"}`` plus an
optional ``"uncertainty"`` (quantulum3 writes a range as its midpoint +- uncertainty).

A predicted quantity matches an expected record *strictly*, as in quantulum3's own test
(``tests/test_no_classifier.py``, ``Quantity.__eq__``), when its value equals the
expected value, its unit name equals the expected unit name (case-insensitively) and its
surface is exactly the expected surface. factcheck's surface takes in the qualifier
("about 4 years", "60% or more") while quantulum3's does not, so factcheck's surface is
compared with one leading and one trailing qualifier of ``rules/units.yaml`` removed
("between" stays: it is part of both systems' range surfaces). factcheck writes a range
as low/high bounds (in the base unit) rather than as midpoint +- uncertainty, so a
factcheck range matches an expected range when its bounds, in the unit as written, are
midpoint +- uncertainty.
A *lenient* match only asks for the same value (or bounds) and unit on an overlapping
span. quantulum3's own "sentence" criterion (every expected record matched strictly and
nothing else reported) is shown as well.

factcheck deliberately drops or re-reads some things quantulum3's suite expects (bare
years, numbers inside names, bare numbers that count nothing, vague units such as
"dozen", spelled fractions read as shares). Every record factcheck misses is classified
by the rule of ``rules/units.yaml`` that explains it, or listed as unexplained.

Two policy-adjusted scores follow. The first removes, for BOTH systems, exactly the
records factcheck misses because of its four news policies: bare years are dates,
numbers inside names or models are labels, clock times are times, and a bare number that
counts no noun is not a quantity. The second also removes the records every other
documented rule explains (vague units, fractions read as shares, words and marks that
are not units in news, "a"/"an" as an article, a change read as two values,
parenthesised conversions, scientific notation). A record factcheck matches is never
removed, so neither score can hide a factcheck error.

A junk check on news prose then shows what each reports on phrases such as "a key
alternative supplier" (nothing is expected) and "920 pounds of rare earth materials"
(mass, not sterling). Last, the speed of factcheck's quantity extractor on news prose
(``seeds/`` plus the ``.txt``/``.md`` files of ``--corpus DIR``, e.g. one written by
``bench/make_corpus.py``) in characters per second, each round with quantulum3's window
cache emptied, against raw quantulum3 on a slice of the same text in the same run.
Always exits 0.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import math
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import quantulum3
    from quantulum3 import classifier as q3_classifier
    from quantulum3 import parser as q3_parser

from factcheck.model import Quantity
from factcheck.resources import load_table

SUITES = ("quantities.json", "quantities.ambiguity.json")


@dataclass(frozen=True)
class Expected:
    value: float
    unit: str
    surface: str
    uncertainty: float | None
    span: tuple[int, int] | None  # first occurrence of the surface, as quantulum3 places it


@dataclass(frozen=True)
class Case:
    suite: str
    text: str
    expected: tuple[Expected, ...]


@dataclass(frozen=True)
class Pred:
    value: float
    unit: str
    surface: str
    start: int
    end: int
    uncertainty: float | None = None
    low: float | None = None  # bounds in the unit as written (factcheck ranges only)
    high: float | None = None
    dimension: str = ""
    core: str = ""  # the surface compared strictly, when it differs (qualifier removed)

    def show(self) -> str:
        if self.low is not None and self.high is not None and self.low != self.high:
            return f"{self.surface!r} [{self.low:g}..{self.high:g}] {self.unit}"
        unc = f" +-{self.uncertainty:g}" if self.uncertainty else ""
        return f"{self.surface!r} {self.value:g}{unc} {self.unit}"


# --- loading the installed suite ----------------------------------------------------------


def suite_file(name: str) -> Any:
    return importlib.resources.files("quantulum3").joinpath("_lang", "en_US", "tests", name)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for name in SUITES:
        for raw in json.loads(suite_file(name).read_text(encoding="utf-8")):
            text = raw["req"]
            expected = []
            for item in raw["res"]:
                surface = item["surface"]
                pos = text.find(surface)
                unc = item.get("uncertainty")
                expected.append(
                    Expected(
                        float(item["value"]),
                        str(item["unit"]),
                        surface,
                        float(unc) if unc else None,
                        (pos, pos + len(surface)) if pos >= 0 else None,
                    )
                )
            cases.append(Case(name, text, tuple(expected)))
    return cases


# --- the two systems ----------------------------------------------------------------------


def run_quantulum3(text: str) -> list[Pred]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quants = q3_parser.parse(text)
    return [
        Pred(
            float(q.value),
            q.unit.name,
            q.surface,
            q.span[0],
            q.span[1],
            uncertainty=float(q.uncertainty) if q.uncertainty else None,
            dimension=q.unit.entity.name,
        )
        for q in quants
    ]


class Qualifiers:
    """Strips one leading and one trailing qualifier of units.yaml from a surface."""

    def __init__(self) -> None:
        t = load_table("units.yaml")
        before = [str(w) for q in t["qualifiers"] for w in q.get("before") or ()]
        after = [str(w) for q in t["qualifiers"] for w in q.get("after") or ()]
        self.lead = re.compile(rf"^(?:{_alt(before)})\s+(?=\S)", re.IGNORECASE)
        self.trail = re.compile(rf"(?<=\S)\s*(?:{_alt(after)})$", re.IGNORECASE)

    def strip(self, surface: str) -> str:
        return self.trail.sub("", self.lead.sub("", surface, count=1), count=1)


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])


def run_factcheck(text: str, qualifiers: Qualifiers | None = None) -> list[Pred]:
    from factcheck.extract.quantities import extract_quantities

    qualifiers = qualifiers or Qualifiers()
    out = []
    for hit in extract_quantities(text):
        q = hit.value
        assert isinstance(q, Quantity)
        low = high = None
        if q.qualifier == "range":
            # low/high are in the base unit; base_value/value is the unit's factor.
            factor = q.base_value / q.value if q.value else 1.0
            low, high = q.low / factor, q.high / factor
        surface = text[hit.start : hit.end]
        out.append(
            Pred(
                q.value,
                q.unit,
                surface,
                hit.start,
                hit.end,
                low=low,
                high=high,
                dimension=q.dimension,
                core=qualifiers.strip(surface),
            )
        )
    return out


# --- comparison ---------------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def same_number(e: Expected, p: Pred) -> bool:
    if e.uncertainty:
        if p.low is not None and p.high is not None:
            return _close(p.low, e.value - e.uncertainty) and _close(
                p.high, e.value + e.uncertainty
            )
        return _close(p.value, e.value) and _close(p.uncertainty or 0.0, e.uncertainty)
    if p.low is not None and p.high is not None and p.low != p.high:
        return False
    return _close(p.value, e.value)


def same_unit(e: Expected, p: Pred) -> bool:
    return e.unit.casefold() == p.unit.casefold()


def strict(e: Expected, p: Pred) -> bool:
    return same_number(e, p) and same_unit(e, p) and e.surface == (p.core or p.surface)


def lenient(e: Expected, p: Pred) -> bool:
    if not (same_number(e, p) and same_unit(e, p)):
        return False
    if e.span is None:
        return e.surface == p.surface
    return p.start < e.span[1] and e.span[0] < p.end


def assign(
    expected: Sequence[Expected], preds: Sequence[Pred], ok: Callable[[Expected, Pred], bool]
) -> dict[int, int]:
    """Expected index -> prediction index, one to one, first come first served."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for i, e in enumerate(expected):
        for j, p in enumerate(preds):
            if j not in used and ok(e, p):
                used.add(j)
                out[i] = j
                break
    return out


@dataclass
class Tally:
    expected: int = 0
    strict: int = 0
    lenient: int = 0
    predicted: int = 0
    extras: int = 0  # predictions matching no expected record, even leniently
    sentences: int = 0
    sentences_exact: int = 0


def tally(cases: Sequence[Case], preds: Sequence[Sequence[Pred]]) -> Tally:
    t = Tally()
    for case, ps in zip(cases, preds, strict=True):
        s = assign(case.expected, ps, strict)
        lm = assign(case.expected, ps, lenient)
        t.expected += len(case.expected)
        t.strict += len(s)
        t.lenient += len(lm)
        t.predicted += len(ps)
        t.extras += len(ps) - len(lm)
        t.sentences += 1
        t.sentences_exact += len(s) == len(case.expected) == len(ps)
    return t


# --- why factcheck misses a record --------------------------------------------------------


POLICY = "policy"  # one of the four news policies the first adjusted score removes
RULE = "rule"  # another documented rule, removed by the second adjusted score


class Reasons:
    """Classifies an expected record factcheck did not match by the design rule behind it.

    The tests look at the record and its sentence only (never at what either system
    reported), mirroring the rule of ``rules/units.yaml`` they name."""

    def __init__(self) -> None:
        t = load_table("units.yaml")
        self.years = (int(t["years"]["min"]), int(t["years"]["max"]))
        self.count_stop = {str(w).lower() for w in t["count_stopwords"]}
        self.exempt = {str(w).lower() for w in t["name_rule_exempt"]}
        self.name_prefixes = {str(w).lower() for w in t["name_prefixes"]}
        self.junk_units = {str(w).lower() for w in t["junk_units"]}
        self.fractions = {str(w).lower() for w in t["number_words"]["fractions"]}
        self.weak = {str(w).lower() for w in t["number_words"]["weak"]}
        self.time_suffixes = {str(w).lower() for w in t["time_suffixes"]}
        self.junk_surfaces = {str(w).lower() for w in t["junk_unit_surfaces"]}
        self.attached = {str(w).lower() for w in t["attached_letters"]}
        self.change = {str(w).lower() for w in t["ranges"]["change_words"]}

    def why(self, case: Case, e: Expected, fc: Sequence[Pred]) -> tuple[str, str]:
        """(reason, kind): kind is POLICY or RULE when a documented rule explains the
        miss, "" when nothing does."""
        text, unit = case.text, e.unit.lower()
        start, end = e.span or (0, 0)
        before = re.findall(r"[A-Za-z][\w'-]*|\S", text[:start])
        after = re.findall(r"[A-Za-z][\w'-]*|\S", text[end:])
        prev = before[-1] if before else ""
        nxt = after[0].lower() if after else ""
        first_word = not before or before[-1] in ".!?:\"'(“"
        unit_surface = re.sub(r"^[-−+(]?[\d.,]+[\d½⅓]*\s*", "", e.surface).strip().lower()
        glued = re.match(r"^[-−+]?[\d.,]+([A-Za-z]+)", e.surface)
        words = re.findall(r"[a-z]+", e.surface.lower())
        if unit_surface in self.time_suffixes:
            return "number before a clock-time suffix (time_suffixes: am, pm)", POLICY
        if re.search(r"\d\s*[x×]\s*(?:10|2)\s*(?:\^|[-−]?\d)", e.surface):
            return "scientific notation written with x10^n (2.48×10−5, 8x2^10)", RULE
        if unit_surface in self.junk_surfaces:
            return "unit written as an ordinary word or mark (junk_unit_surfaces: in, ', \")", RULE
        if glued and (
            glued.group(1).lower() not in self.attached
            or (len(glued.group(1)) == 1 and glued.group(1).isupper())
        ):
            return "letters glued to the number (attached_letters: 5G, 1Ga, 32K)", RULE
        if e.surface.startswith("(") and e.surface.endswith(")"):
            return "parenthesised amount: a conversion in news, not a negative", RULE
        if e.uncertainty and re.search(r"\bto\b", e.surface):
            lead = [w.lower() for w in before[-4:]]
            if "from" in lead and self.change & set(lead):
                return "a change 'rose from X to Y' is two values (ranges.change_words)", RULE
        if unit == "dimensionless":
            digits = e.surface.replace(",", "")
            if re.fullmatch(r"\d{4}", digits) and self.years[0] <= int(digits) <= self.years[1]:
                return "bare year (years are dates, reported by the date extractor)", POLICY
            if any(w in self.fractions for w in words) or "/" in e.surface:
                return "spelled or slashed fraction (factcheck reads fractions as shares)", RULE
            if prev and (
                prev.lower() in self.name_prefixes
                or (prev[0].isupper() and prev.lower() not in self.exempt and not first_word)
                or prev[-1].isdigit()
            ):
                return "number inside a name or model ('Voyager 2', 'English 101')", POLICY
            if not nxt or not nxt[0].isalpha() or nxt in self.count_stop:
                return "bare number that counts no noun (kept only as a count of a noun)", POLICY
        if unit in self.junk_units or unit in {"gross", "baker's dozen"}:
            return "vague or multiplier unit (junk_units: dozen, score, set, count)", RULE
        if words and words[0] in self.weak - {"one"} and e.value == 1 and unit != "dimensionless":
            return "'a'/'an' before a unit is an article, not a number (number_words.weak)", RULE
        overlapping = [p for p in fc if e.span and p.start < e.span[1] and e.span[0] < p.end]
        if not overlapping:
            return "dropped: no factcheck quantity at this span", ""
        p = overlapping[0]
        parts = []
        if not same_number(e, p):
            parts.append("value")
        if not same_unit(e, p):
            parts.append("unit")
        if e.surface != (p.core or p.surface):
            parts.append("surface")
        return f"read differently ({', '.join(parts)}): {p.show()}", ""


def removed(cases: Sequence[Case], fc: Sequence[Sequence[Pred]], kinds: set[str]) -> list[Case]:
    """The cases without the records factcheck misses for a reason of one of ``kinds``."""
    reasons = Reasons()
    out = []
    for case, ps in zip(cases, fc, strict=True):
        matched = assign(case.expected, ps, strict)
        keep = tuple(
            e
            for i, e in enumerate(case.expected)
            if i in matched or reasons.why(case, e, ps)[1] not in kinds
        )
        out.append(Case(case.suite, case.text, keep))
    return out


# --- junk check on news prose ---------------------------------------------------------------

# (sentence, [(surface, unit)] that must be found); anything else reported is junk.
JUNK_CHECK: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("China is seen as a key alternative supplier of the metals.", ()),
    ("Officials hailed a thaw in relations with Washington.", ()),
    ("The talks unfolded against a backdrop of new sanctions.", ()),
    ("Silence was read as a tacit acceptance of the deal.", ()),
    ("The shipment held 920 pounds of rare earth materials.", (("920 pounds", "pound-mass"),)),
    ("The auction house sold the painting for 920 pounds.", (("920 pounds", "pound sterling"),)),
    ("Britain pledged £920 million in aid.", (("£920 million", "pound sterling"),)),
    ("Russia is one of the largest producers of nickel.", ()),
    ("Negotiators are preparing for a third round of talks.", ()),
    ("The talks began at 2.15pm local time.", ()),
    ("The F-35 programme faces more delays.", ()),
    ("Leaders of the G7 met in Canada.", ()),
    ("Cases of COVID-19 rose sharply.", ()),
    ("The plant opened in 2023.", ()),
    ("The 2023 tariffs remain in force.", ()),
    ("The army deployed 2,023 troops.", (("2,023", "dimensionless"),)),
    ("Section 232 tariffs remain in place.", ()),
    ("A number of firms have already left.", ()),
    ("Officials may revisit the decision.", ()),
    ("Do the sanctions work?", ()),
    ("The 5G rollout has stalled.", ()),
    ("It was a turning point in the war, a moment of truth.", ()),
    ("Half-hearted measures will not help.", ()),
    ("Growth was weak in the first half of 2024.", ()),
)


def junk_report(verbose: bool) -> list[str]:
    lines = [
        "",
        "== junk check on news prose (expected quantities must be found; all else is junk)",
    ]
    head = f"{'system':<11} {'expected found':>14} {'junk hits':>9}"
    totals: dict[str, Counter[str]] = {"quantulum3": Counter(), "factcheck": Counter()}
    rows: list[str] = []
    for text, want in JUNK_CHECK:
        row = [f"  {text}"]
        for name, run in (("quantulum3", run_quantulum3), ("factcheck", run_factcheck)):
            preds = run(text)
            found = [
                any(p.surface == s and p.unit.casefold() == u.casefold() for p in preds)
                for s, u in want
            ]
            wanted = {s for s, _ in want}
            junk = [p for p in preds if p.surface not in wanted]
            wrong = [p for p in preds if p.surface in wanted and not any(found)]
            totals[name]["expected"] += len(want)
            totals[name]["found"] += sum(found)
            totals[name]["junk"] += len(junk)
            shown = ", ".join(p.show() for p in preds) or "-"
            mark = "ok" if all(found) and not junk else "BAD"
            row.append(f"      {name:<11} {mark:<3} {shown}")
            if wrong:
                row[-1] += "  (wrong unit)"
        rows.extend(row)
    lines.append(head)
    for name, c in totals.items():
        lines.append(f"{name:<11} {c['found']:>7}/{c['expected']:<6} {c['junk']:>9}")
    lines.append(f"({len(JUNK_CHECK)} sentences)")
    if verbose:
        lines.extend(rows)
    else:
        lines.extend(r for r in rows if " BAD " in r or not r.startswith("      "))
    return lines


# --- speed on news prose ---------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
BASELINE_CHARS = 20_000  # raw quantulum3 reads about 10 KB/s: a slice is enough


def speed_report(corpus: Path | None, rounds: int = 3) -> list[str]:
    from factcheck.extract import quantity_units
    from factcheck.extract.quantities import extract_quantities
    from factcheck.text.spans import sentences

    paths = sorted((ROOT / "seeds").glob("*.txt"))
    if corpus is not None:
        paths += sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    chars = sum(map(len, texts))
    calls = 0
    best = math.inf
    for _ in range(rounds):
        quantity_units._parse.cache_clear()
        t0 = time.perf_counter()
        hits = sum(len(extract_quantities(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
        calls = quantity_units._parse.cache_info().misses
    sample: list[str] = []
    for t in texts:
        for span in sentences(t):
            if sum(map(len, sample)) >= BASELINE_CHARS:
                break
            sample.append(t[span.start : span.end])
    t0 = time.perf_counter()
    for sentence in sample:
        run_quantulum3(sentence)
    q3 = sum(map(len, sample)) / (time.perf_counter() - t0)
    fc = chars / best
    where = f"seeds/{' + ' + str(corpus) if corpus else ''}"
    return [
        "",
        f"== speed on news prose ({where}: {len(texts)} files, {chars:,} chars)",
        f"factcheck quantity extractor {fc:>12,.0f} chars/s  ({hits} quantities, best of "
        f"{rounds} cold rounds, {calls} quantulum3 parses of distinct windows per round)",
        f"raw quantulum3               {q3:>12,.0f} chars/s  (first {sum(map(len, sample)):,}"
        " chars, sentence by sentence)",
        f"ratio factcheck / quantulum3 {fc / q3:>12.1f}",
    ]


# --- main -------------------------------------------------------------------------------------


def _pct(n: int, d: int) -> str:
    return f"{n:>4}/{d:<4} {100 * n / d:5.1f}%" if d else f"{n:>4}/{d:<4}   n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss and extra")
    ap.add_argument("--corpus", type=Path, help="more news files for the speed figures")
    args = ap.parse_args(argv)

    cases = load_cases()
    print(f"quantulum3 {getattr(quantulum3, '__version__', '?')} suite from {suite_file('')}")
    print(
        f"quantulum3 classifier: {'on' if q3_classifier.USE_CLF else 'off (scikit-learn absent)'};"
        " the ambiguity suite was written for the classifier"
    )
    t0 = time.perf_counter()
    raw = [run_quantulum3(c.text) for c in cases]
    t1 = time.perf_counter()
    qualifiers = Qualifiers()
    fc = [run_factcheck(c.text, qualifiers) for c in cases]
    t2 = time.perf_counter()
    print(f"{len(cases)} sentences; quantulum3 {t1 - t0:.1f}s, factcheck {t2 - t1:.1f}s")
    print()
    print(
        f"{'suite':<28} {'system':<11} {'strict (value+unit+surface)':>28} "
        f"{'lenient (value+unit)':>21} {'sentences exact':>17} {'extras':>7}"
    )
    for suite in (*SUITES, "all"):
        idx = [i for i, c in enumerate(cases) if suite in ("all", c.suite)]
        sub = [cases[i] for i in idx]
        for name, preds in (("quantulum3", raw), ("factcheck", fc)):
            t = tally(sub, [preds[i] for i in idx])
            print(
                f"{suite:<28} {name:<11} {_pct(t.strict, t.expected):>28} "
                f"{_pct(t.lenient, t.expected):>21} {_pct(t.sentences_exact, t.sentences):>17} "
                f"{t.extras:>7}"
            )

    for title, kinds in (
        (
            "policy-adjusted: records factcheck misses by its news policies (bare years are"
            " dates, numbers in names/models, clock times, bare numbers that count no noun)"
            " removed for both systems",
            {POLICY},
        ),
        ("adjusted for every documented rule (the policies above and all other rules)",
         {POLICY, RULE}),
    ):  # fmt: skip
        adjusted = removed(cases, fc, kinds)
        print()
        print(f"== {title}")
        for suite in (*SUITES, "all"):
            idx = [i for i, c in enumerate(adjusted) if suite in ("all", c.suite)]
            for name, preds in (("quantulum3", raw), ("factcheck", fc)):
                t = tally([adjusted[i] for i in idx], [preds[i] for i in idx])
                print(f"{suite:<28} {name:<11} {_pct(t.strict, t.expected):>28}")

    reasons = Reasons()
    deliberate: Counter[str] = Counter()
    unexplained: list[str] = []
    examples: dict[str, list[str]] = {}
    for case, ps in zip(cases, fc, strict=True):
        matched = assign(case.expected, ps, strict)
        for i, e in enumerate(case.expected):
            if i in matched:
                continue
            why, kind = reasons.why(case, e, ps)
            item = f"{e.surface!r} {e.value:g} {e.unit} -- in: {case.text[:90]!r}"
            if kind:
                deliberate[f"[{kind}] {why}"] += 1
                examples.setdefault(f"[{kind}] {why}", []).append(item)
            else:
                unexplained.append(f"{why}\n        expected {item}")
    missed = sum(deliberate.values()) + len(unexplained)
    print()
    print(f"== factcheck misses {missed} expected records (strict)")
    print(f"-- {sum(deliberate.values())} dropped or re-read by a deliberate rule:")
    for why, n in deliberate.most_common():
        print(f"   {n:>3}  {why}")
        for ex in examples[why][: None if args.verbose else 2]:
            print(f"          e.g. {ex}")
    kinds = Counter(u.split(":")[0].split(" (")[0] for u in unexplained)
    summary = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    print(f"-- {len(unexplained)} not explained by a documented rule ({summary}):")
    for line in unexplained if args.verbose else unexplained[:15]:
        print(f"   {line}")
    if not args.verbose and len(unexplained) > 15:
        print(f"   ... and {len(unexplained) - 15} more (--verbose)")

    if args.verbose:
        print()
        print("== factcheck extras (reported, matching no expected record even leniently)")
        for case, ps in zip(cases, fc, strict=True):
            used = set(assign(case.expected, ps, lenient).values())
            for j, p in enumerate(ps):
                if j not in used:
                    print(f"   {p.show()} -- in: {case.text[:90]!r}")

    for line in junk_report(args.verbose):
        print(line)
    for line in speed_report(args.corpus):
        print(line)
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
