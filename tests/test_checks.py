"""Checks on hand-built claims: precision rules that must hold whatever the extractors do."""

from builders import pct, quantity_claim

from factcheck.checks import Env, registry
from factcheck.checks.quantity import Params as QParams
from factcheck.offices import load_offices

ENV = Env(offices=load_offices())
QUANTITY = registry()["quantity"]


def test_same_measure_different_values_conflict() -> None:
    a = quantity_claim(
        "a.txt",
        "China controls 60% of global production.",
        "60%",
        pct(60),
        "percentage:global production",
    )
    b = quantity_claim(
        "b.txt",
        "China controls 40% of global production.",
        "40%",
        pct(40),
        "percentage:global production",
    )
    drafts = list(QUANTITY.run([a, b], QParams(), ENV))
    assert len(drafts) == 1
    assert drafts[0].evidence[0][0].article_id in {"a.txt", "b.txt"}


def test_different_measures_never_conflict() -> None:
    a = quantity_claim(
        "a.txt",
        "China controls nearly 60% of global production.",
        "60%",
        pct(60),
        "percentage:global production",
    )
    b = quantity_claim(
        "b.txt",
        "China controls 85% of refining capacity.",
        "85%",
        pct(85),
        "percentage:refining capacity",
    )
    assert list(QUANTITY.run([a, b], QParams(), ENV)) == []


def test_qualifier_bounds_make_values_compatible() -> None:
    a = quantity_claim(
        "a.txt",
        "China controls nearly 60% of production.",
        "nearly 60%",
        pct(60, 54, 60, "approx"),
        "percentage:production",
    )
    b = quantity_claim(
        "b.txt", "China controls 57% of production.", "57%", pct(57), "percentage:production"
    )
    assert list(QUANTITY.run([a, b], QParams(), ENV)) == []


def test_majority_is_the_reference_and_outlier_is_one_finding() -> None:
    claims = [
        quantity_claim(
            f"wire-{i}.txt",
            "China controls 60% of global production.",
            "60%",
            pct(60),
            "percentage:global production",
        )
        for i in range(5)
    ]
    claims.append(
        quantity_claim(
            "outlier.txt",
            "China controls 40% of global production.",
            "40%",
            pct(40),
            "percentage:global production",
        )
    )
    drafts = list(QUANTITY.run(claims, QParams(), ENV))
    assert len(drafts) == 1
    assert drafts[0].fields["article"] == "outlier.txt"
    assert len(drafts[0].evidence) >= 2


def test_change_sentences_are_skipped() -> None:
    a = quantity_claim(
        "a.txt", "China's share rose to 60% of production.", "60%", pct(60), "percentage:production"
    )
    b = quantity_claim(
        "b.txt", "China controls 40% of production.", "40%", pct(40), "percentage:production"
    )
    assert list(QUANTITY.run([a, b], QParams(), ENV)) == []
