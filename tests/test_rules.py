"""Structure of rule packs and their validation (proselint-style meta-tests)."""

import re
from pathlib import Path

import pytest

from factcheck.checks import registry
from factcheck.model import ClaimKind
from factcheck.resources import default_rules_dir
from factcheck.rules import RuleError, load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_every_rule_is_valid_and_documented() -> None:
    rules = load_rules(preview=True)
    assert rules, "the core pack ships rules"
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    checks = registry()
    for rule in rules:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", rule.id), rule.id
        assert rule.check in checks
        assert rule.conflict_examples and rule.no_conflict_examples, rule.id
        anchor = rule.doc.split("#", 1)[1]
        assert f"## {anchor}" in docs, f"{rule.id} is not documented in docs/rules.md"
        assert f"`{rule.id}`" in docs


def test_every_check_is_used_by_a_rule() -> None:
    used = {r.check for r in load_rules(preview=True)}
    assert used == set(registry())


def _pack(tmp_path: Path, body: str) -> Path:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "p.yaml").write_text(body, encoding="utf-8")
    return tmp_path


EXAMPLES = "    examples: {conflict: [['a']], no_conflict: [['b']]}\n"


def test_unknown_check_suggests_the_right_name(tmp_path: Path) -> None:
    rules_dir = _pack(
        tmp_path, "pack: p\nversion: 1\nrules:\n  - id: a.b\n    check: quantiy\n" + EXAMPLES
    )
    with pytest.raises(RuleError, match=r"p\.yaml.*a\.b.*did you mean 'quantity'"):
        load_rules(rules_dir)


def test_unknown_params_are_rejected(tmp_path: Path) -> None:
    rules_dir = _pack(
        tmp_path,
        "pack: p\nversion: 1\nrules:\n  - id: a.b\n    check: quantity\n"
        "    params: {tolerance: 3}\n" + EXAMPLES,
    )
    with pytest.raises(RuleError, match="unknown params"):
        load_rules(rules_dir)


def test_message_fields_must_exist(tmp_path: Path) -> None:
    rules_dir = _pack(
        tmp_path,
        "pack: p\nversion: 1\nrules:\n  - id: a.b\n    check: weekday\n    message: '{nope}'\n"
        + EXAMPLES,
    )
    with pytest.raises(RuleError, match="unknown field"):
        load_rules(rules_dir)


def test_examples_are_required(tmp_path: Path) -> None:
    rules_dir = _pack(tmp_path, "pack: p\nversion: 1\nrules:\n  - id: a.b\n    check: weekday\n")
    with pytest.raises(RuleError, match=r"examples\.conflict"):
        load_rules(rules_dir)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    rule = "  - id: a.b\n    check: weekday\n" + EXAMPLES
    rules_dir = _pack(tmp_path, "pack: p\nversion: 1\nrules:\n" + rule + rule)
    with pytest.raises(RuleError, match="already defined"):
        load_rules(rules_dir)


def test_select_and_ignore_most_specific_prefix_wins() -> None:
    ids = {r.id for r in load_rules(select=["officeholder"], ignore=["officeholder.story-time"])}
    assert "officeholder.former-in-office" in ids
    assert "officeholder.story-time" not in ids
    assert not any(i.startswith("quantity") for i in ids)
    ids = {r.id for r in load_rules(ignore=["officeholder"], select=["officeholder.story-time"])}
    assert "officeholder.story-time" in ids and "officeholder.former-in-office" not in ids


def test_rules_dir_ships_reference_tables() -> None:
    folder = default_rules_dir()
    for name in ("officeholders.yaml", "events.yaml"):
        assert (folder / name).is_file()


def test_a_check_requiring_a_claim_kind_nobody_builds_is_refused() -> None:
    from dataclasses import replace

    from factcheck.checks import checked, registry

    specs = dict(registry())
    assert all(spec.requires in set(ClaimKind) for spec in specs.values())
    specs["quantity"] = replace(specs["quantity"], requires="quantty")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="quantty"):
        checked(specs)


def test_every_check_lives_in_a_module_named_after_it() -> None:
    """A check is found by its name: ``quote-attribution`` in ``checks/quote_attribution``,
    the ``officeholder-*`` family in ``checks/officeholder``."""
    from factcheck.checks import registry

    for name, spec in registry().items():
        module = spec.run.__module__.rsplit(".", 1)[-1].replace("_", "-")
        assert name == module or name.startswith(f"{module}-"), (name, spec.run.__module__)


def test_the_architecture_names_each_check_as_the_registry_does() -> None:
    """ARCHITECTURE.md's table of checks (name, module, conflict kind, claim kind,
    rules) is what the registry and the core pack say, row for row."""
    text = (Path(__file__).resolve().parent.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rules = load_rules(preview=True)
    for name, spec in registry().items():
        module = spec.run.__module__.rsplit(".", 1)[-1]
        ids = ", ".join(f"`{r.id}`" for r in rules if r.check == name)
        row = (
            f"| `{name}` | `checks/{module}.py` | `{spec.kind.value}` | "
            f"`{spec.requires.value}` | {ids} |"
        )
        assert row in text, f"ARCHITECTURE.md lacks or misstates: {row}"
