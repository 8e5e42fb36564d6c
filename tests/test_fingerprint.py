from hypothesis import given
from hypothesis import strategies as st

from factcheck.fingerprint import fingerprint


def test_whitespace_and_case_do_not_change_the_fingerprint() -> None:
    assert fingerprint("r", ["China  controls", "60 percent"]) == fingerprint(
        "r", ["china controls", " 60 percent "]
    )


def test_any_fact_change_changes_it() -> None:
    base = fingerprint("quantity.same-measure", ["production", "a.txt", "60 percent"])
    assert base != fingerprint("quantity.same-measure", ["production", "a.txt", "40 percent"])
    assert base != fingerprint("quantity.other", ["production", "a.txt", "60 percent"])


@given(st.lists(st.text(), max_size=5))
def test_fingerprint_is_short_hex(parts: list[str]) -> None:
    fp = fingerprint("rule", parts)
    assert len(fp) == 16 and int(fp, 16) >= 0
    assert fp == fingerprint("rule", parts)
