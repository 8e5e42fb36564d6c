"""Rule packs: YAML files in ``rules/packs/`` that bind checks to parameters.

Every rule is validated before a run: its ``check`` must be registered (with a "did
you mean" hint), its ``params`` must match the check's parameter dataclass, its message
may only use fields the check provides, ids are unique, and every rule ships
``examples.conflict`` and ``examples.no_conflict``.
"""

from __future__ import annotations

import dataclasses
import difflib
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck.checks import CheckSpec, registry
from factcheck.extract.lexicon import TITLE_CLASSES
from factcheck.model import Kind, Severity
from factcheck.resources import RulesDataError, default_rules_dir, safe_load
from factcheck.vocab import Vocabulary, load_vocabulary

CHECKS_FILE = "checks.yaml"


class RuleError(ValueError):
    """A rule pack is invalid; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    check: str
    kind: Kind
    severity: Severity
    message: str
    params: Any
    doc: str
    source: str
    preview: bool = False
    conflict_examples: tuple[tuple[str, ...], ...] = ()
    no_conflict_examples: tuple[tuple[str, ...], ...] = ()


def load_rules(
    rules_dir: Path | None = None,
    *,
    checks: Mapping[str, CheckSpec] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    preview: bool = False,
) -> tuple[Rule, ...]:
    """Load, validate and filter every pack under ``rules_dir/packs``.

    ``select``/``ignore`` take dotted id prefixes; the most specific prefix wins, so
    ``--ignore quantity --select quantity.share`` keeps ``quantity.share`` only. A
    prefix that names no rule (preview rules included) raises ``RuleError`` with a
    "did you mean": a misspelt ``--select`` must not switch every rule off.
    """
    checks = checks if checks is not None else registry()
    words = check_words(load_vocabulary(rules_dir), checks)
    folder = (rules_dir or default_rules_dir()) / "packs"
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        raise RuleError(f"{folder}: no rule packs found")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        for rule in _load_pack(path, checks, words):
            if rule.id in seen:
                raise RuleError(f"{path}: rule id {rule.id!r} already defined in {seen[rule.id]}")
            seen[rule.id] = str(path)
            rules.append(rule)
    check_prefixes(rules, select, "select")
    check_prefixes(rules, ignore, "ignore")
    return tuple(r for r in rules if (preview or not r.preview) and _enabled(r.id, select, ignore))


def check_prefixes(rules: Sequence[Rule], prefixes: Sequence[str], where: str) -> None:
    """Raise ``RuleError`` for the first prefix in ``prefixes`` that names no rule.

    A prefix names a rule when it is the rule's id or a dotted prefix of it
    (``quantity`` and ``quantity.share`` name ``quantity.share``; ``quant`` does not).
    ``where`` says where the prefixes came from (``--select``, a pyproject key).
    """
    names = {r.id for r in rules}
    for rule in rules:
        parts = rule.id.split(".")
        names.update(".".join(parts[:n]) for n in range(1, len(parts)))
    for prefix in prefixes:
        if prefix in names:
            continue
        close = difflib.get_close_matches(prefix, sorted(names), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; see 'factcheck rules'"
        raise RuleError(f"{where}: no rule id starts with {prefix!r}{hint}")


def _enabled(rule_id: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    def best(prefixes: Sequence[str]) -> int:
        lengths = [len(p) for p in prefixes if rule_id == p or rule_id.startswith(p + ".")]
        return max(lengths, default=-1)

    chosen = best(select) if select else 0
    return chosen >= 0 and chosen >= best(ignore)


def check_words(
    vocabulary: Vocabulary, checks: Mapping[str, CheckSpec] | None = None
) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """The word lists of ``checks.yaml``, by section, validated against the checks.

    A section is named by a check's ``words`` (``officeholder`` for the three
    officeholder checks); each of its keys must be a word-list parameter of that
    check, each value a list of words. Errors name the file and the key.
    """
    checks = checks if checks is not None else registry()
    # A folder without the table gets the shipped one (``vocab``): never empty lists.
    doc = vocabulary.table(CHECKS_FILE) or {}
    if not isinstance(doc, Mapping):
        raise RulesDataError(f"{CHECKS_FILE}: expected a mapping at the top level")
    sections = {spec.words or spec.name: spec for spec in checks.values()}
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for section, lists in doc.items():
        if section == "version":
            continue
        spec = sections.get(str(section))
        if spec is None:
            hint = difflib.get_close_matches(str(section), list(sections), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise RulesDataError(f"{CHECKS_FILE}: {section}: no such check{suggestion}")
        if not isinstance(lists, Mapping):
            raise RulesDataError(f"{CHECKS_FILE}: {section}: expected a mapping of word lists")
        fields = {f.name for f in dataclasses.fields(spec.params) if f.default == ()}
        for key, value in lists.items():
            if key not in fields:
                raise RulesDataError(
                    f"{CHECKS_FILE}: {section}.{key}: not a word list of check "
                    f"{spec.name!r}; expected some of {sorted(fields)}"
                )
            if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
                raise RulesDataError(
                    f"{CHECKS_FILE}: {section}.{key}: expected a list of words; quote words "
                    "like 'on' or 'no'"
                )
            out.setdefault(str(section), {})[str(key)] = tuple(value)
    return out


def check_params(name: str, rules_dir: Path | None = None, **params: Any) -> Any:
    """The parameters check ``name`` runs with when a rule sets only ``params``: its
    word lists from ``checks.yaml`` of ``rules_dir`` and the dataclass defaults."""
    spec = registry()[name]
    words = check_words(load_vocabulary(rules_dir))
    return spec.params(**{**words.get(spec.words or spec.name, {}), **params})


def _load_pack(
    path: Path,
    checks: Mapping[str, CheckSpec],
    words: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> list[Rule]:
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{path}: a rule pack needs 'pack', 'version' and a list of 'rules'")
    return [_parse_rule(path, i, raw, checks, words) for i, raw in enumerate(data["rules"])]


def _parse_rule(
    path: Path,
    index: int,
    raw: Any,
    checks: Mapping[str, CheckSpec],
    words: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> Rule:
    where = f"{path}: rules[{index}]"
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: each rule must be a mapping")
    rule_id = str(raw.get("id", ""))
    if not rule_id or rule_id != rule_id.strip() or " " in rule_id:
        raise RuleError(f"{where}: missing or invalid 'id'")
    where = f"{path}: rule {rule_id}"
    check_name = str(raw.get("check", ""))
    if check_name not in checks:
        hint = difflib.get_close_matches(check_name, list(checks), n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise RuleError(f"{where}: unknown check {check_name!r}{suggestion}")
    spec = checks[check_name]
    try:
        severity = Severity.parse(str(raw.get("severity", "medium")))
    except ValueError as exc:
        raise RuleError(f"{where}: severity must be low, medium or high") from exc
    message = str(raw.get("message") or spec.message or " ".join(f"{{{f}}}" for f in spec.fields))
    used = {f for _, f, _, _ in string.Formatter().parse(message) if f}
    unknown = used - set(spec.fields)
    if unknown:
        raise RuleError(
            f"{where}: message uses unknown field(s) {sorted(unknown)}; "
            f"check {check_name!r} provides {list(spec.fields)}"
        )
    examples = raw.get("examples") or {}
    conflict = _examples(where, examples, "conflict")
    no_conflict = _examples(where, examples, "no_conflict")
    return Rule(
        id=rule_id,
        check=check_name,
        kind=spec.kind,
        severity=severity,
        message=message,
        params=_params(where, spec, raw.get("params") or {}, words.get(spec.words or spec.name)),
        doc=str(raw.get("doc", f"docs/rules.md#{rule_id.replace('.', '-')}")),
        source=str(path),
        preview=bool(raw.get("preview", False)),
        conflict_examples=conflict,
        no_conflict_examples=no_conflict,
    )


def _examples(where: str, examples: Any, key: str) -> tuple[tuple[str, ...], ...]:
    items = examples.get(key) if isinstance(examples, dict) else None
    if not items or not isinstance(items, list):
        raise RuleError(f"{where}: every rule needs examples.{key} (a list of article lists)")
    out = []
    for item in items:
        texts = [item] if isinstance(item, str) else item
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise RuleError(f"{where}: examples.{key} entries are lists of article texts")
        out.append(tuple(texts))
    return tuple(out)


def _params(
    where: str, spec: CheckSpec, raw: Any, words: Mapping[str, tuple[str, ...]] | None
) -> Any:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: params must be a mapping")
    names = {f.name for f in dataclasses.fields(spec.params)}
    unknown = set(raw) - names
    if unknown:
        raise RuleError(
            f"{where}: unknown params {sorted(unknown)} for check {spec.name!r}; "
            f"expected some of {sorted(names)}"
        )
    try:
        params = spec.params(**{**(words or {}), **{k: _freeze(v) for k, v in raw.items()}})
    except (TypeError, ValueError) as exc:
        raise RuleError(f"{where}: invalid params: {exc}") from exc
    for f in dataclasses.fields(params):
        # A ``*_classes`` parameter names title classes of titles.yaml: a misspelt one
        # would match no title and switch the check off without a word.
        value = getattr(params, f.name)
        if f.name.endswith("_classes") and not set(value) <= TITLE_CLASSES:
            raise RuleError(
                f"{where}: params.{f.name}: unknown title class(es) "
                f"{sorted(set(value) - TITLE_CLASSES)}; "
                f"one of {sorted(TITLE_CLASSES)}"
            )
    return params


def _freeze(value: Any) -> Any:
    """Lists become tuples and dicts become sorted item tuples, so params stay hashable."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    return value
