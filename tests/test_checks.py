"""Checks on hand-built claims: precision rules that must hold whatever the extractors do."""

import pytest
from builders import aligned, mention, pct, quantity_claim

from factcheck.align.offices import load_offices
from factcheck.checks import Env, registry
from factcheck.checks.quote_attribution import Params as QuoteParams
from factcheck.model import Claim, Quotation
from factcheck.rules import check_params

ENV = Env(offices=load_offices())
QUANTITY = registry()["quantity"]


def test_same_measure_different_values_conflict() -> None:
    a = quantity_claim("a.txt", "China controls 60% of global production.", "60%", pct(60))
    b = quantity_claim("b.txt", "China controls 40% of global production.", "40%", pct(40))
    drafts = list(QUANTITY.run([a, b], check_params("quantity"), ENV))
    assert len(drafts) == 1
    assert drafts[0].evidence[0][0].article_id in {"a.txt", "b.txt"}


def test_different_measures_never_conflict() -> None:
    a = quantity_claim("a.txt", "China controls nearly 60% of global production.", "60%", pct(60))
    b = quantity_claim("b.txt", "China controls 85% of refining capacity.", "85%", pct(85))
    assert list(QUANTITY.run([a, b], check_params("quantity"), ENV)) == []


def test_qualifier_bounds_make_values_compatible() -> None:
    a = quantity_claim(
        "a.txt", "China controls nearly 60% of production.", "nearly 60%", pct(60, 54, 60, "approx")
    )
    b = quantity_claim("b.txt", "China controls 57% of production.", "57%", pct(57))
    assert list(QUANTITY.run([a, b], check_params("quantity"), ENV)) == []


def test_majority_is_the_reference_and_outlier_is_one_finding() -> None:
    claims = [
        quantity_claim(f"wire-{i}.txt", "China controls 60% of global production.", "60%", pct(60))
        for i in range(5)
    ]
    claims.append(
        quantity_claim("outlier.txt", "China controls 40% of global production.", "40%", pct(40))
    )
    drafts = list(QUANTITY.run(claims, check_params("quantity"), ENV))
    assert len(drafts) == 1
    assert drafts[0].fields["article"] == "outlier.txt"
    assert len(drafts[0].evidence) >= 2


def test_change_sentences_are_skipped() -> None:
    a = quantity_claim("a.txt", "China's share rose to 60% of production.", "60%", pct(60))
    b = quantity_claim("b.txt", "China controls 40% of production.", "40%", pct(40))
    assert list(QUANTITY.run([a, b], check_params("quantity"), ENV)) == []


def _quote_claim(article: str, text: str, speaker: str) -> Claim:
    sentence = f"\u201c{text},\u201d {speaker} said."
    return aligned(mention(article, sentence, text, Quotation(text, speaker)))


@pytest.mark.parametrize("exhaustive", [2000, 0])
def test_near_same_quotes_are_grouped_with_and_without_blocking(exhaustive: int) -> None:
    # exhaustive=0 forces the word-pair blocking a corpus of many distinct quotes uses.
    said = "We are ready to offer our partners the opportunity to work together"
    variant = "We are ready to offer our partners an opportunity to work together"
    claims = [_quote_claim(f"a{i}.txt", said, "Vladimir Putin") for i in range(3)]
    claims.append(_quote_claim("b.txt", variant, "Kirill Dmitriev"))
    claims += [
        _quote_claim(f"x{i}.txt", f"Quotation number {i} about something else entirely", "Jane Roe")
        for i in range(50)
    ]
    params = QuoteParams(exhaustive=exhaustive)
    drafts = list(registry()["quote-attribution"].run(claims, params, ENV))
    assert [d.fields["article"] for d in drafts] == ["b.txt"]
