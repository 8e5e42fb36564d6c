"""Score the extractors against the hand-labelled sentences in ``fixtures/extraction``.

Shared by ``bench/extraction_quality.py`` (prints the table) and
``tests/test_extraction_quality.py`` (asserts the targets); nothing else scores.

The labelled set is JSON lines, one sentence each::

    {"id": "q-001", "text": "...", "published": "2025-03-24" | null,
     "facts": [{"type": "quantity", "surface": "nearly 60%", "value": 60, ...}, ...]}

A gold fact lists only the fields its labeller was sure of, and only those are compared
(as quantulum3's own tests do). A quantity's surface is what a reader would quote: it
takes in the qualifier and the "between" of a range ("nearly 60%", "60% or more",
"between 5 and 7 million tons"), the currency sign and the unit ("$680 per kilogram").
``surface`` locates the fact in the text: the first whole-word occurrence, or the n-th
(0-based) when the fact has ``"occurrence": n``.

A prediction matches a gold fact of the same type when

* their spans overlap,
* for quantities and dates, the surfaces agree after stripping surrounding white space
  and punctuation (figures are matched on overlap alone: whether a figure's span takes
  in its title, "U.S. President Donald Trump" or "Donald Trump", is a convention, and the
  title is checked through the ``title``/``org`` fields instead),
* every other field the gold fact lists agrees: numbers within a relative tolerance of
  ``REL_TOL`` (``"inf"`` stands for an open upper bound), dates as ISO strings (null for
  an unplaced date), strings with white space collapsed (case-insensitively, except the
  proper names in ``CASED``: "vladimir Putin" must come out as "Vladimir Putin"), and a
  null gold string only with an empty prediction.

Each prediction matches at most one gold fact and vice versa. Unmatched predictions are
false positives, unmatched gold facts false negatives.

By default the quantity predictions that overlap a date prediction are dropped before
scoring, as the pipeline's extraction driver (``factcheck.extract.extract``) drops them;
pass ``date_filter=False`` to score the quantity extractor's raw output.
"""

from __future__ import annotations

import importlib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

LABELLED = Path(__file__).resolve().parent / "fixtures" / "extraction" / "labelled.jsonl"

TYPES = ("quantity", "date", "figure")
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
REL_TOL = 1e-3

# The fields a gold fact may list, per type (the attributes of the model value).
FIELDS: Mapping[str, frozenset[str]] = {
    "quantity": frozenset(
        {"value", "unit", "dimension", "base_value", "base_unit", "low", "high", "qualifier"}
    ),
    "date": frozenset({"start", "end", "granularity", "weekday", "relative", "resolution"}),
    "figure": frozenset({"canonical", "kind", "name", "title", "modifier", "org", "role"}),
}
_META = frozenset({"type", "surface", "occurrence", "note"})
SURFACE_COMPARED = frozenset({"quantity", "date"})
CASED = frozenset({"canonical", "name", "org"})  # proper names: compared case-sensitively
_STRIP = " \t\n.,;:!?\"'()[]{}“”‘’«»"

# extractor module, function name, fact type
EXTRACTORS = (
    ("factcheck.extract.quantities", "extract_quantities", "quantity"),
    ("factcheck.extract.dates", "extract_dates", "date"),
    ("factcheck.extract.figures", "extract_figures", "figure"),
)


class LabelError(ValueError):
    """The labelled file is malformed; the message names the sentence."""


@dataclass(frozen=True)
class Gold:
    type: str
    surface: str
    start: int
    end: int
    fields: Mapping[str, Any]

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.fields.items())
        return f"{self.surface!r} {{{shown}}}"


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    published: date | None
    facts: tuple[Gold, ...]


@dataclass(frozen=True)
class Predicted:
    type: str
    start: int
    end: int
    surface: str
    value: Any
    confidence: float = 1.0

    def describe(self) -> str:
        v = self.value
        if v is None:
            return repr(self.surface)
        slots = getattr(type(v), "__slots__", ())
        shown = ", ".join(f"{k}={getattr(v, k)!r}" for k in slots)
        return f"{self.surface!r} {type(v).__name__}({shown})"


@dataclass(frozen=True)
class Miss:
    """A false negative or false positive, with the nearest counterpart that overlapped it."""

    sentence: Sentence
    item: Gold | Predicted
    near: Gold | Predicted | None = None
    differences: tuple[str, ...] = ()


@dataclass
class TypeScore:
    type: str
    gold: int = 0
    predicted: int = 0
    tp: int = 0
    false_positives: list[Miss] = field(default_factory=list)
    false_negatives: list[Miss] = field(default_factory=list)
    available: bool = True
    note: str = ""

    @property
    def fp(self) -> int:
        return len(self.false_positives)

    @property
    def fn(self) -> int:
        return len(self.false_negatives)

    @property
    def boundary_only(self) -> int:
        """False negatives whose overlapping prediction differs in the surface alone."""
        return sum(
            1
            for m in self.false_negatives
            if m.differences and all(d.startswith("surface ") for d in m.differences)
        )

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def passed(self) -> bool:
        return (
            self.available and self.precision >= TARGET_PRECISION and self.recall >= TARGET_RECALL
        )


# --- loading ----------------------------------------------------------------------------


def locate(text: str, surface: str, occurrence: int = 0) -> tuple[int, int] | None:
    """The span of the ``occurrence``-th whole-word occurrence of ``surface`` in ``text``."""
    if not surface:
        return None
    pattern = re.escape(surface)
    if surface[0].isalnum():
        pattern = r"(?<!\w)" + pattern
    if surface[-1].isalnum():
        pattern += r"(?!\w)"
    found = [m.span() for m in re.finditer(pattern, text)]
    return found[occurrence] if occurrence < len(found) else None


def load_labelled(path: Path = LABELLED) -> list[Sentence]:
    """Read and check the labelled set; raises `LabelError` on any malformed line."""
    sentences: list[Sentence] = []
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelError(f"{path.name}:{lineno}: {exc}") from exc
        sid = str(raw.get("id", f"line {lineno}"))
        if sid in seen:
            raise LabelError(f"{sid}: duplicate id")
        seen.add(sid)
        text = raw.get("text")
        if not isinstance(text, str) or not text:
            raise LabelError(f"{sid}: missing text")
        published = date.fromisoformat(raw["published"]) if raw.get("published") else None
        facts = tuple(_gold(sid, text, f) for f in raw.get("facts", []))
        sentences.append(Sentence(sid, text, published, facts))
    return sentences


def _gold(sid: str, text: str, raw: Mapping[str, Any]) -> Gold:
    kind = str(raw.get("type"))
    if kind not in FIELDS:
        raise LabelError(f"{sid}: unknown fact type {kind!r}")
    unknown = set(raw) - FIELDS[kind] - _META
    if unknown:
        raise LabelError(f"{sid}: {kind} fact lists unknown fields {sorted(unknown)}")
    surface = str(raw.get("surface", ""))
    span = locate(text, surface, int(raw.get("occurrence", 0)))
    if span is None:
        raise LabelError(f"{sid}: surface {surface!r} not found in the text")
    fields = {k: v for k, v in raw.items() if k in FIELDS[kind]}
    return Gold(kind, surface, span[0], span[1], fields)


# --- comparing ----------------------------------------------------------------------------


def norm_surface(s: str) -> str:
    return s.strip(_STRIP)


def _norm_str(v: Any) -> str:
    return " ".join(str(v).split()).casefold()


def _num(v: Any) -> float:
    if isinstance(v, str) and v.strip().lower() in {"inf", "+inf", "infinity"}:
        return math.inf
    return float(v)


def _same(gold: Any, pred: Any, cased: bool = False) -> bool:
    if gold is None:
        return pred is None or pred == ""
    if isinstance(gold, bool):
        return isinstance(pred, bool) and pred == gold
    if isinstance(pred, date):
        return isinstance(gold, str) and pred.isoformat() == gold
    if isinstance(gold, int | float) or (isinstance(gold, str) and _is_inf(gold)):
        if isinstance(pred, bool) or not isinstance(pred, int | float):
            return False
        g, p = _num(gold), float(pred)
        if math.isinf(g) or math.isinf(p):
            return g == p
        return math.isclose(g, p, rel_tol=REL_TOL, abs_tol=1e-9)
    if pred is None:
        return False
    if cased:
        return " ".join(str(gold).split()) == " ".join(str(pred).split())
    return _norm_str(gold) == _norm_str(pred)


def _is_inf(s: str) -> bool:
    return s.strip().lower() in {"inf", "+inf", "infinity"}


def differences(gold: Gold, pred: Predicted) -> tuple[str, ...]:
    """The gold fields (and surface, where compared) that ``pred`` gets wrong."""
    out: list[str] = []
    if gold.type in SURFACE_COMPARED and norm_surface(gold.surface) != norm_surface(pred.surface):
        out.append(f"surface {pred.surface!r} != {gold.surface!r}")
    for name, want in gold.fields.items():
        got = getattr(pred.value, name, None)
        if not _same(want, got, cased=name in CASED):
            out.append(f"{name} {got!r} != {want!r}")
    return tuple(out)


def _overlap(a: Gold | Predicted, b: Gold | Predicted) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match_sentence(
    sentence: Sentence, kind: str, preds: Sequence[Predicted]
) -> tuple[int, list[Miss], list[Miss]]:
    """Match one sentence's predictions of one type: (true positives, FPs, FNs)."""
    golds = [g for g in sentence.facts if g.type == kind]
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if _overlap(g, p) > 0 and not differences(g, p):
                pairs.append((g.start, -_overlap(g, p), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in sorted(pairs):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    fns = [_miss(sentence, g, preds, used_p) for gi, g in enumerate(golds) if gi not in used_g]
    fps = [_miss(sentence, p, golds, used_g) for pi, p in enumerate(preds) if pi not in used_p]
    return len(used_g), fps, fns


def _miss(
    sentence: Sentence,
    item: Gold | Predicted,
    others: Sequence[Gold | Predicted],
    used: set[int],
) -> Miss:
    near = [(o, i) for i, o in enumerate(others) if _overlap(item, o) > 0]
    if not near:
        return Miss(sentence, item)
    # Prefer an unmatched counterpart: that is the one this miss most likely was meant to be.
    near.sort(key=lambda oi: (oi[1] in used, -_overlap(item, oi[0])))
    other = near[0][0]
    gold, pred = (item, other) if isinstance(item, Gold) else (other, item)
    assert isinstance(gold, Gold) and isinstance(pred, Predicted)
    return Miss(sentence, item, other, differences(gold, pred))


# --- running --------------------------------------------------------------------------------


Runner = Callable[[Sentence], list[Predicted]]


def load_runners() -> tuple[dict[str, Runner], dict[str, str]]:
    """One runner per fact type whose extractor module exists, and why the others are missing."""
    runners: dict[str, Runner] = {}
    missing: dict[str, str] = {}
    for module_name, func_name, kind in EXTRACTORS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            missing[kind] = f"{module_name} does not exist"
            continue
        func = getattr(module, func_name, None)
        if func is None:
            missing[kind] = f"{module_name}.{func_name} does not exist"
            continue
        runners[kind] = _runner(module, func, kind)
    return runners, missing


def _runner(module: Any, func: Callable[..., Any], kind: str) -> Runner:
    if kind == "date":
        # Build the date extractor once: extract_dates compiles its rules on every call
        # unless it is handed an extractor.
        extractor = module.DateExtractor.from_rules() if hasattr(module, "DateExtractor") else None

        def run_dates(s: Sentence) -> list[Predicted]:
            kwargs = {"extractor": extractor} if extractor is not None else {}
            return _predictions(s.text, kind, func(s.text, s.published, **kwargs))

        return run_dates

    def run(s: Sentence) -> list[Predicted]:
        return _predictions(s.text, kind, func(s.text))

    return run


def _predictions(text: str, kind: str, hits: Iterable[Any]) -> list[Predicted]:
    return [
        Predicted(kind, h.start, h.end, text[h.start : h.end], h.value, h.confidence) for h in hits
    ]


def predict(
    sentences: Sequence[Sentence], runners: Mapping[str, Runner], date_filter: bool = True
) -> dict[str, dict[str, list[Predicted]]]:
    """``{sentence id: {type: predictions}}`` for every available extractor."""
    out: dict[str, dict[str, list[Predicted]]] = {}
    for s in sentences:
        preds = {kind: run(s) for kind, run in runners.items()}
        if date_filter and "quantity" in preds and "date" in preds:
            dates = preds["date"]
            preds["quantity"] = [
                q for q in preds["quantity"] if not any(_overlap(q, d) > 0 for d in dates)
            ]
        out[s.id] = preds
    return out


def score(
    sentences: Sequence[Sentence],
    predictions: Mapping[str, Mapping[str, Sequence[Predicted]]],
    missing: Mapping[str, str] | None = None,
) -> dict[str, TypeScore]:
    missing = missing or {}
    scores = {kind: TypeScore(kind) for kind in TYPES}
    for kind, reason in missing.items():
        scores[kind].available = False
        scores[kind].note = reason
    for s in sentences:
        for kind in TYPES:
            sc = scores[kind]
            sc.gold += sum(1 for g in s.facts if g.type == kind)
            if not sc.available:
                continue
            preds = list(predictions.get(s.id, {}).get(kind, ()))
            tp, fps, fns = match_sentence(s, kind, preds)
            sc.predicted += len(preds)
            sc.tp += tp
            sc.false_positives.extend(fps)
            sc.false_negatives.extend(fns)
    return scores


def evaluate(
    path: Path = LABELLED, date_filter: bool = True
) -> tuple[list[Sentence], dict[str, TypeScore]]:
    """Load the labelled set, run every available extractor and score it."""
    sentences = load_labelled(path)
    runners, missing = load_runners()
    predictions = predict(sentences, runners, date_filter)
    return sentences, score(sentences, predictions, missing)


# --- reporting ------------------------------------------------------------------------------


def format_table(scores: Mapping[str, TypeScore]) -> str:
    head = (
        f"{'type':<9} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5} "
        f"{'precision':>9} {'recall':>7} {'f1':>6}  target (P>={TARGET_PRECISION:.2f}, "
        f"R>={TARGET_RECALL:.2f})"
    )
    lines = [head, "-" * len(head)]
    for kind in TYPES:
        sc = scores[kind]
        if not sc.available:
            lines.append(f"{kind:<9} {sc.gold:>5}  -- not run: {sc.note}  FAIL")
            continue
        verdict = "PASS" if sc.passed else "FAIL"
        why = []
        if sc.precision < TARGET_PRECISION:
            why.append("precision")
        if sc.recall < TARGET_RECALL:
            why.append("recall")
        lines.append(
            f"{kind:<9} {sc.gold:>5} {sc.predicted:>5} {sc.tp:>5} {sc.fp:>5} {sc.fn:>5} "
            f"{sc.precision:>9.3f} {sc.recall:>7.3f} {sc.f1:>6.3f}  {verdict}"
            + (f" ({', '.join(why)} below target)" if why else "")
        )
    for kind in TYPES:
        sc = scores[kind]
        if sc.available and sc.boundary_only:
            lines.append(
                f"note: {sc.boundary_only} of the {sc.fn} {kind} false negatives have an "
                "overlapping prediction that is right in every field but the surface "
                "(span boundaries)"
            )
    return "\n".join(lines)


def format_misses(sc: TypeScore, limit: int | None = None) -> str:
    """Every false negative and false positive of one type, with what it was near."""
    lines: list[str] = []
    for title, misses in (
        ("false negatives", sc.false_negatives),
        ("false positives", sc.false_positives),
    ):
        lines.append(f"== {sc.type}: {len(misses)} {title}")
        for m in misses[:limit]:
            lines.append(f"  [{m.sentence.id}] {m.sentence.text}")
            if isinstance(m.item, Gold):
                lines.append(f"      missed   {m.item.describe()}")
            else:
                lines.append(f"      spurious {m.item.describe()}")
            if m.near is not None:
                label = "predicted" if isinstance(m.near, Predicted) else "gold     "
                lines.append(f"      {label} {m.near.describe()}")
                for d in m.differences:
                    lines.append(f"          differs: {d}")
        if limit is not None and len(misses) > limit:
            lines.append(f"  ... and {len(misses) - limit} more")
    return "\n".join(lines)
