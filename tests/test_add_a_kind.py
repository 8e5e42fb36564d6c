"""ARCHITECTURE.md's "Adding a conflict kind" recipe, followed end to end.

A new check (a share of a whole above 100%) is written as the recipe says (a ``Params``
dataclass, a ``check`` yielding ``Draft``s, a ``SPEC``), added to the registry, bound by
a rule in a pack with its examples, and run through the public pipeline. If a step of
the recipe stops being enough, this test fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from factcheck import Config, analyse, extract_articles, load_rules
from factcheck.align import PRODUCES
from factcheck.checks import CheckSpec, Draft, Env, checked, registry
from factcheck.ingest import read_text_article
from factcheck.model import Claim, ClaimKind, Kind, Quantity
from factcheck.resources import default_rules_dir


@dataclass(frozen=True, slots=True)
class Params:
    limit: float = 100.0


def check(block: Sequence[Claim], params: Params, env: Env) -> Iterator[Draft]:
    for c in block:
        v = c.value
        if not isinstance(v, Quantity) or v.dimension != "percentage":
            continue
        if "change" in c.attr("flags"):  # "rose by 150%" is no share of a whole
            continue
        if v.value is not None and v.value > params.limit:
            yield Draft(
                fields={"text": c.display, "article": c.article_id},
                confidence=0.9,
                evidence=((c.mentions[0], c.display),),
                identity=(c.article_id, c.display),
            )


SPEC = CheckSpec(
    name="share-over-whole",
    kind=Kind.QUANTITY,
    requires=ClaimKind.QUANTITY,
    params=Params,
    fields=("text", "article"),
    run=check,
)

PACK = """\
pack: extra
version: 1
rules:
  - id: quantity.share-over-whole
    check: share-over-whole
    severity: high
    message: "{article} gives a share above the whole: {text}"
    doc: docs/rules.md#quantity-share-over-whole
    params:
      limit: 100
    examples:
      conflict:
        - - "China controls 160% of global rare earth production, officials said."
      no_conflict:
        - - "China controls 60% of global rare earth production, officials said."
"""


@pytest.fixture(scope="module")
def specs() -> dict[str, CheckSpec]:
    return checked({**registry(), SPEC.name: SPEC})  # recipe step 2


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "packs" / "extra.yaml").write_text(PACK, encoding="utf-8")  # recipe step 3
    return folder


def test_the_new_rule_loads_only_with_its_check_registered(
    specs: dict[str, CheckSpec], rules_dir: Path
) -> None:
    rules = load_rules(rules_dir, select=("quantity.share-over-whole",), checks=specs)
    assert [r.id for r in rules] == ["quantity.share-over-whole"]
    with pytest.raises(ValueError, match="share-over-whole"):
        load_rules(rules_dir)  # the built-in registry does not know the check


def test_the_new_rule_fires_on_its_examples_and_only_there(
    specs: dict[str, CheckSpec], rules_dir: Path
) -> None:
    (rule,) = load_rules(rules_dir, select=("quantity.share-over-whole",), checks=specs)
    config = Config(rules_dir=rules_dir, jobs=1)
    cases = [(t, True) for t in rule.conflict_examples]
    cases += [(t, False) for t in rule.no_conflict_examples]
    assert cases
    for texts, expected in cases:
        articles = [read_text_article(t, f"a{i}.txt") for i, t in enumerate(texts)]
        extraction = extract_articles(articles, config)
        result = analyse(
            extraction.articles, extraction.mentions, config=config, rules=(rule,), checks=specs
        )
        fired = [f for f in result.findings if f.conflict.rule_id == rule.id]
        assert bool(fired) is expected, texts


def test_a_check_on_a_kind_align_does_not_build_is_refused() -> None:
    assert set(ClaimKind) == PRODUCES, "every claim kind has a builder in align"
    stray = replace(SPEC, requires="share")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="share-over-whole"):
        checked({**registry(), SPEC.name: stray})
