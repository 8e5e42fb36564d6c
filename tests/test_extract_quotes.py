"""The quote extractor: quotation marks, scare quotes, attribution, transcripts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from factcheck.extract.base import Context
from factcheck.extract.quotes import QuoteExtractor, extract_quotes, is_quotation, pair_quotes
from factcheck.model import FactType, Quotation
from factcheck.text.spans import sentences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "figures"


def quotes(text: str) -> list[tuple[str, Quotation]]:
    out = []
    for h in extract_quotes(text):
        assert isinstance(h.value, Quotation)
        out.append((text[h.start : h.end], h.value))
    return out


def speakers(text: str) -> list[str | None]:
    return [q.speaker for _, q in quotes(text)]


def test_contract_and_span_includes_marks() -> None:
    extractor = QuoteExtractor.from_rules()
    assert (extractor.name, extractor.version, extractor.produces) == (
        "quotes",
        "1",
        FactType.QUOTE,
    )
    text = "“We are ready to offer our partners the opportunity to work together,” Putin said."
    (hit,) = extractor(Context(text, sentences(text)))
    assert (
        text[hit.start : hit.end]
        == "“We are ready to offer our partners the opportunity to work together,”"
    )
    assert hit.value == Quotation(
        "We are ready to offer our partners the opportunity to work together", "Vladimir Putin"
    )


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will not retreat from these talks," Lavrov said.', "Sergey Lavrov"),
        ("“We will not retreat from these talks,” said Sergey Lavrov.", "Sergey Lavrov"),
        (
            "“We will not retreat from these talks,” Sergey Lavrov, the minister, said.",
            "Sergey Lavrov",
        ),
        ("According to Kaja Kallas, “sanctions will stay until the war ends.”", "Kaja Kallas"),
        ("“Sanctions will stay until the war ends,” according to Kaja Kallas.", "Kaja Kallas"),
        ("Robert Hayes noted, “Supply is vital for the future of our industry.”", "Robert Hayes"),
        ("As Dr. Sharma emphasizes,”The U.S. must carefully weigh the risks.”", "Sharma"),
        (
            "U.S. President Donald Trump hinted at “major economic development transactions "
            "with Russia,” officials said.",
            "Donald Trump",
        ),
        ("Dmitriev seems confident: “We are moving forward with the projects.”", "Kirill Dmitriev"),
        ("“This initiative represents an opportunity,” the official stated.", "the official"),
        (
            "A spokesperson said, “The company will review the decision carefully.”",
            "a spokesperson",
        ),
        ("‘We are ready to talk at any moment,’ Zelensky said.", "Volodymyr Zelensky"),
        (
            "The Kremlin said: “We are open to any proposal that respects our interests.”",
            "the Kremlin",
        ),
        ("Moscow said: “We will respond to any provocation with force.”", None),
    ],
)
def test_attribution(text: str, speaker: str | None) -> None:
    assert speakers(text) == [speaker]


def test_pronoun_resolves_to_the_one_person_named_before() -> None:
    text = (
        "According to Dmitriev, Moscow and Washington see a chance. “Rare earth metals are an "
        "important area for both of us,” he said."
    )
    assert speakers(text) == ["Kirill Dmitriev"]


def test_ambiguous_pronoun_is_kept_as_written() -> None:
    text = "Trump met Putin in Alaska. “It was a very productive meeting for everyone,” he said."
    assert speakers(text) == ["he"]


def test_continued_quote_keeps_its_speaker() -> None:
    text = (
        "“We are ready to work together with everyone,” Putin said. "
        "“If they show interest, we can explore options.”"
    )
    assert speakers(text) == ["Vladimir Putin", "Vladimir Putin"]


def test_quote_spanning_sentences_and_nested_quotes() -> None:
    text = "“The talks failed. Nobody said ‘never’ though, and we will try again,” Okafor said."
    ((surface, q),) = quotes(text)
    assert q.text == "The talks failed. Nobody said ‘never’ though, and we will try again"
    assert surface.startswith("“The talks") and surface.endswith("again,”")


@pytest.mark.parametrize(
    "text",
    [
        "Rare earths are not actually “rare” in terms of abundance.",
        "Analysts called the plan a “game changer” for the region.",
        "The offer comes with “complex implications” given the context.",
        "The book “The Art of the Deal” sold well.",
        "He said “no”.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotations(text: str) -> None:
    assert quotes(text) == []


def test_is_quotation() -> None:
    assert not is_quotation("rare")
    assert not is_quotation("Operation Warp Speed Now")
    assert is_quotation("We are moving forward.")


def test_pairing_stays_inside_a_paragraph() -> None:
    text = (
        "“An opener that never closes\nand a “new quote with enough words here” in the next line."
    )
    second = text.index("\n") + 1
    assert pair_quotes(text, 0, second - 1) == []
    pairs = pair_quotes(text, second, len(text))
    assert [text[o + 1 : c] for o, c in pairs] == ["new quote with enough words here"]


def test_interview_transcript() -> None:
    text = (FIXTURES / "interview.txt").read_text(encoding="utf-8")
    found = quotes(text)
    assert [q.speaker for _, q in found] == ["Lena Varga"] * 3
    assert found[0][1].text.startswith("Thank you for having me.")
    assert not any("Most refining" in q.text for _, q in found)  # "Supply Risks:" is no speaker
    assert not any("Welcome back" in q.text for _, q in found)  # the host is no named speaker


def test_list_items_are_not_a_transcript() -> None:
    text = (
        "Security Concerns: Dependence on Russia.\n"
        "Sanctions Policy: Any deal needs exemptions.\n"
        "Political Repercussions: Allies may object strongly."
    )
    assert quotes(text) == []


def test_fixture_article() -> None:
    text = (FIXTURES / "lithium_talks.txt").read_text(encoding="utf-8")
    assert speakers(text) == ["Ines Okafor", "Ines Okafor", "Tomas Reyes", "Robert Hayes"]


@pytest.mark.parametrize(
    "text", ["", "“", "”", '"""', "“”", "‘’", "a: b", "Dr.: x", "“" * 100 + "x"]
)
def test_must_not_crash(text: str) -> None:
    quotes(text)


def test_a_closed_sentence_is_not_attributed_to_the_next_sentence() -> None:
    text = (
        "Mark Ellison told reporters: \u201cThis agreement gives our installers a second "
        "source they can rely on.\u201d U.S. President Joe Biden said he would study it."
    )
    assert speakers(text) == ["Mark Ellison"]


def test_the_name_right_after_said_is_the_speaker() -> None:
    text = (
        "\u201cEgyptian bakers will see the first shipments arrive before spring,\u201d said "
        "Omar Hassan. Arjun Mehta, director of the Indian Grain Board, agreed."
    )
    assert speakers(text) == ["Omar Hassan"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A lower-case title between the verb and the name.
        (
            '"We see a recovery in the second half," said central bank governor Anna Weiss.',
            "Anna Weiss",
        ),
        ('"The budget is balanced," said finance minister Jan Horak.', "Jan Horak"),
        # An appositive between the speaker and the colon.
        ('Governor Anna Weiss, 59, told parliament: "We see a recovery soon."', "Anna Weiss"),
        # A speaker and a colon, the headline and transcript convention.
        ('Putin: "We are ready to offer our partners access to our deposits."', "Vladimir Putin"),
        ('Moscow: "We are ready to offer our partners access to our deposits."', None),
        ('Update at 10:00: "We are ready to offer our partners access to our deposits."', None),
        # Words after the verb that hold no person are no attribution; the speaker
        # named before the quotation still is.
        (
            'Anna Weiss said: "We see a recovery," adding on Monday that rates would hold.',
            "Anna Weiss",
        ),
        ('"We see a recovery," said on Monday a spokesperson for the bank.', None),
    ],
)
def test_titled_and_appositive_attributions(text: str, speaker: str | None) -> None:
    assert speakers(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "'We are ready to offer our partners access to rare earths,' said Kirill Dmitriev.",
            [("We are ready to offer our partners access to rare earths", "Kirill Dmitriev")],
        ),
        # An apostrophe before a number, in a word or after a plural is no quotation mark.
        (
            "In the '90s, prices fell. 'We're ready to offer the partners' stake to buyers,' "
            "Kirill Dmitriev said.",
            [("We're ready to offer the partners' stake to buyers", "Kirill Dmitriev")],
        ),
        (
            "'Yes,' she said, 'we will sign the agreement with them before the summer ends.'",
            [("we will sign the agreement with them before the summer ends.", "she")],
        ),
        ("He called it a 'historic day,' aides said.", []),
    ],
)
def test_british_single_quotes_in_normalised_text(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    """Normalisation writes ‘curly’ quotes straight, so 'single-quoted' passages (the
    house style of many British outlets) must be read in their straight form."""
    from factcheck import Config, run_texts

    result = run_texts([f"Talks\n\n{text}"], Config(jobs=1))
    got = [
        (m.value.text, m.value.speaker) for m in result.mentions if isinstance(m.value, Quotation)
    ]
    assert got == expected


def test_mixed_quote_marks_never_give_overlapping_quotations() -> None:
    # Found by hypothesis (test_extract_property.test_quote_hits): a straight pair and
    # a curly pair crossing each other paired two overlapping spans.
    text = (
        'Vladimir Putin, President, said "President" on Monday, March 24, 2025. '
        "'President President President \u201c President,' Vladimir Putin told reporters. "
        "Vladimir Putin, President, said \u201dPresident\u201d on Monday, March 24, 2025."
    )
    hits = extract_quotes(text)
    for a, b in itertools.pairwise(hits):
        assert a.end <= b.start
