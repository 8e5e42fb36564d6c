"""Every rule's shipped examples, run through the whole pipeline."""

import pytest

from factcheck import Config, load_rules, run_texts

CASES = [
    pytest.param(rule.id, texts, expected, id=f"{rule.id}-{'conflict' if expected else 'ok'}-{i}")
    for rule in load_rules(preview=True)
    for expected, examples in ((True, rule.conflict_examples), (False, rule.no_conflict_examples))
    for i, texts in enumerate(examples)
]


@pytest.mark.parametrize(("rule_id", "texts", "expected"), CASES)
def test_rule_example(rule_id: str, texts: tuple[str, ...], expected: bool) -> None:
    result = run_texts(texts, Config(select=(rule_id,), preview=True, jobs=1))
    fired = [f.conflict for f in result.findings if f.conflict.rule_id == rule_id]
    if expected:
        assert fired, f"{rule_id} should fire on {texts}"
    else:
        assert not fired, f"{rule_id} fired on {texts}: {[c.summary for c in fired]}"
