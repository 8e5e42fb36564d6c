"""Precision on corpus-shaped input: many outlets, wire copies, several stories at once.

Each test is a handful of fixture articles written for it (fictional people and
organisations) and pins down one way a large corpus used to produce false conflicts,
or hide a real one, found with ``bench/make_corpus.py``.
"""

from __future__ import annotations

from factcheck import Config, Conflict, Kind, run_texts


def conflicts(texts: list[str], kind: Kind) -> list[Conflict]:
    result = run_texts(texts, Config(jobs=1))
    return [f.conflict for f in result.findings if f.conflict.kind is kind]


# --- person-role ------------------------------------------------------------------------

ROLE = "Marta Kowal, chairman of the Vistula Shipping Fund, said the talks went well."
OTHER_ROLE = "Marta Kowal, head of the Carpathian Rail Institute, said the talks went well."


def test_one_role_conflict_per_dissenting_article_not_per_pair() -> None:
    texts = [ROLE] * 5 + [OTHER_ROLE] * 2
    found = conflicts(texts, Kind.PERSON_ROLE)
    # Two dissenting articles, each against the consensus: two findings, not 5 x 2 pairs.
    assert len(found) == 2
    assert {c.evidence[0].article_id for c in found} == {"article-6.txt", "article-7.txt"}
    for c in found:
        assert "Carpathian Rail Institute" in c.evidence[0].sentence
        assert all("Vistula Shipping Fund" in e.sentence for e in c.evidence[1:])
        assert "and 1 more" in c.summary or "article-1.txt" in c.summary


def test_a_second_post_many_articles_give_is_not_a_conflict() -> None:
    texts = [ROLE] * 4 + [OTHER_ROLE] * 3
    assert conflicts(texts, Kind.PERSON_ROLE) == []


def test_office_with_and_without_its_country_is_one_office() -> None:
    texts = [
        "U.S. President Lyle Danvers said he would study the proposal.",
        "President Lyle Danvers has not commented on the proposal.",
        "President Lyle Danvers has not commented on the offer.",
    ]
    assert conflicts(texts, Kind.PERSON_ROLE) == []


def test_organisation_names_stop_at_the_end_of_a_sentence() -> None:
    texts = [
        "The talks were constructive, said Ivo Brandt, head of the Alpine Ore Institute. "
        "Baltic Ferry Fund chairman Marta Kowal said the talks went well.",
        "Baltic Ferry Fund chairman Marta Kowal said the talks went well.",
        "Marta Kowal, chairman of the Baltic Ferry Fund, declined to comment.",
    ]
    assert conflicts(texts, Kind.PERSON_ROLE) == []


# --- quantity -------------------------------------------------------------------------


def test_wire_copies_with_one_changed_figure() -> None:
    wire = "Lakeland supplies {v}% of Ostmark's natural gas imports. The talks went on."
    texts = [wire.format(v=35)] * 4 + [wire.format(v=13)]
    found = conflicts(texts, Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-5.txt"]


def test_the_deal_of_one_story_is_not_the_deal_of_another() -> None:
    chile = (
        "Chile and Germany sign lithium pact\nThe agreement is worth $4.5 billion over four years."
    )
    norway = "Norway and Poland sign gas pact\nThe agreement is worth $12 billion over five years."
    assert conflicts([chile, chile, norway, norway], Kind.QUANTITY) == []
    changed = chile.replace("$4.5 billion", "$9 billion")
    found = conflicts([chile, chile, norway, changed], Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-4.txt"]
    assert "Chile and Germany story" in found[0].summary


def test_people_killed_and_people_injured_are_different_counts() -> None:
    # Several outlets on one fire: the injured and the dead are counted apart, in one
    # sentence or in two, and a count qualified by "at least" is no contradiction.
    fire = "Fire at Karsk chemical plant\n"
    texts = [
        fire + "A fire at the Karsk chemical plant killed at least 9 people, officials said.",
        fire + "Fourteen people were killed in the fire at the Karsk chemical plant.",
        fire + "Officials said 40 people were injured and 14 killed at the Karsk plant.",
        fire + "The Karsk plant employs 2,300 workers; it laid off 300 workers last year.",
    ]
    assert conflicts(texts, Kind.QUANTITY) == []
    # The same fate with another number still conflicts.
    texts.append(fire + "Six people were killed in the fire at the Karsk chemical plant.")
    found = conflicts(texts, Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-5.txt"]


def test_a_value_in_another_currency_does_not_hide_a_conflict() -> None:
    # The dollar and pound figures are not comparable with the euro ones; they must not
    # join the euro figures' clusters and so hide that two of those disagree.
    deal = "Lakeland gas deal\nThe Lakeland gas deal is worth {v}, officials said."
    texts = [deal.format(v=v) for v in ("$1.2 billion", "€1.1 billion", "£900 million")]
    texts.append(deal.format(v="1.9 billion euros"))
    found = conflicts(texts, Kind.QUANTITY)
    assert [(c.evidence[0].article_id, c.evidence[1].article_id) for c in found] == [
        ("article-4.txt", "article-2.txt")
    ]
    # Different currencies alone never conflict.
    assert conflicts(texts[:3], Kind.QUANTITY) == []


def test_a_value_for_another_year_does_not_hide_a_conflict() -> None:
    rate = "Ostmark jobs data\nUnemployment in Ostmark stood at {v}% in {y}, the office said."
    texts = [
        rate.format(v=4.1, y=2023),
        rate.format(v=5.2, y=2025),
        rate.format(v=5.2, y=2025),
        rate.format(v=8.9, y=2025),
    ]
    found = conflicts(texts, Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-4.txt"]


def test_values_for_different_months_without_a_year_do_not_conflict() -> None:
    # No publication date: "in February" and "in October" cannot be placed on the
    # calendar, but they are still two different months.
    rate = "Unemployment in Ostmark stood at {v}% in {m}, the office said."
    texts = [rate.format(v=4.1, m="February")] * 2 + [rate.format(v=7.9, m="October")] * 2
    assert conflicts(texts, Kind.QUANTITY) == []
    texts.append(rate.format(v=9.9, m="February"))
    found = conflicts(texts, Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-5.txt"]


def test_a_number_whose_measure_cannot_be_read_is_never_compared() -> None:
    texts = [
        "Velmira Holdings plans to spend $4.5 billion on new factories.",
        "Velmira Holdings plans to spend $9 billion on new factories.",
    ]
    assert conflicts(texts, Kind.QUANTITY) == []


def test_values_for_different_months_do_not_conflict() -> None:
    texts = [
        "On 16 September 2025 the talks began. Inflation in Ostmark stood at 2.4% in August.",
        "On 16 September 2025 the talks began. Inflation in Ostmark stood at 3.9% in March.",
    ]
    assert conflicts(texts, Kind.QUANTITY) == []


def test_cost_and_revenue_are_read_as_measures() -> None:
    plant = "Japan and Canada agree chip plant\nOfficials said the plant will cost ${v} billion."
    texts = [plant.format(v=8)] * 3 + [plant.format(v=3.8)]
    found = conflicts(texts, Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-4.txt"]
    revenue = [
        "Torvel Logistics reported revenue of $290 million last quarter.",
        "Torvel Logistics reported revenue of $855 million last quarter.",
    ]
    (c,) = conflicts(revenue, Kind.QUANTITY)
    assert "revenue" in c.summary


# --- quote attribution ------------------------------------------------------------------

QUOTE = "This partnership will change how batteries are made across the whole of Europe"


def test_every_misattributing_article_is_reported() -> None:
    texts = [f"\u201c{QUOTE},\u201d Camila Reyes said."] * 3
    texts += [f"\u201c{QUOTE},\u201d Tomas Weber said."] * 2
    found = conflicts(texts, Kind.QUOTE_ATTRIBUTION)
    assert sorted(c.evidence[0].article_id for c in found) == ["article-4.txt", "article-5.txt"]


def test_a_quote_that_ends_its_sentence_is_not_attributed_to_the_next_one() -> None:
    texts = [
        f"Mark Ellison told reporters: \u201c{QUOTE}.\u201d U.S. President Lyle Danvers said "
        "he would study the proposal.",
        f"\u201c{QUOTE},\u201d said Mark Ellison. Priya Nair, director of the solar mission, "
        "agreed.",
        f"\u201c{QUOTE},\u201d Mark Ellison said.",
    ]
    assert conflicts(texts, Kind.QUOTE_ATTRIBUTION) == []


def test_a_quote_inside_a_quote_keeps_its_outer_speaker() -> None:
    inner = "Our surveys show reserves that nobody has touched since the Soviet era"
    texts = [f"\u201c{inner},\u201d said Sergei Volkov."] * 3
    texts.append(
        f"\u201cWhen Volkov told me \u2018{inner}\u2019, I knew we had a deal,\u201d "
        "Pavel Orlov said."
    )
    assert conflicts(texts, Kind.QUOTE_ATTRIBUTION) == []


# --- officeholder -----------------------------------------------------------------------


def test_wrong_administration_in_an_article_that_dates_its_story() -> None:
    texts = [
        "Russia made the rare earth offer to the United States on March 24, 2025. "
        "The Biden administration has responded cautiously to the proposal.",
    ]
    (c,) = conflicts(texts, Kind.OFFICEHOLDER)
    assert c.rule_id == "officeholder.story-time"
    assert "Joe Biden" in c.summary and "Donald Trump" in c.summary


def test_history_in_a_dated_story_is_not_a_wrong_administration() -> None:
    texts = [
        "Russia made the rare earth offer to the United States on March 24, 2025. "
        "The United States imposed a 200% tariff on Russian aluminum in 2023, under the "
        "Biden administration. Former President Barack Obama first restricted imports "
        "of Russian metals in 2014. President Donald Trump has not commented.",
    ]
    assert conflicts(texts, Kind.OFFICEHOLDER) == []


def test_undated_articles_are_compared_with_their_own_story_only() -> None:
    solar = (
        "US and India sign solar panel pact\nThe United States and India signed the "
        "solar agreement in New Delhi on {when}. {who}"
    )
    rare = (
        "Russia offers US rare earth metals\nRussia made the rare earth offer to the "
        "United States on {when}. {who}"
    )
    texts = [
        solar.format(when="June 12, 2024", who="The tariffs were first imposed in 2018 by "
                     "former President Donald Trump."),
        solar.format(when="June 12, 2024", who="President Joe Biden called it a milestone."),
        solar.format(when="this week", who="President Joe Biden called it a milestone."),
        rare.format(when="March 24, 2025", who="President Donald Trump will study it."),
        rare.format(when="March 24, 2025", who="President Donald Trump will study it."),
        rare.format(when="March 24, 2025", who="President Donald Trump will study it."),
    ]  # fmt: skip
    assert conflicts(texts, Kind.OFFICEHOLDER) == []
    texts.append(rare.format(when="this week", who="The Biden administration is wary."))
    (c,) = conflicts(texts, Kind.OFFICEHOLDER)
    assert c.evidence[0].article_id == "article-7.txt"
    assert {e.article_id for e in c.evidence[1:]} <= {
        "article-4.txt",
        "article-5.txt",
        "article-6.txt",
    }


# --- temporal framing -------------------------------------------------------------------


def test_event_dates_between_countries_beyond_the_big_powers() -> None:
    event = "Norway made the gas offer to Poland on {d}, officials in Warsaw said."
    texts = [event.format(d="September 16, 2025")] * 3 + [event.format(d="5 November 2025")]
    (c,) = conflicts(texts, Kind.TEMPORAL_FRAMING)
    assert c.evidence[0].article_id == "article-4.txt"


# --- truncated copies, caps and coarse dates -------------------------------------------


def test_a_cut_off_last_sentence_is_not_evidence() -> None:
    whole = (
        "Japan and Canada agree chip plant\nThe plant will cost $8 billion. \u201cOntario "
        "has the engineers and the power grid that a plant like this demands,\u201d Emily "
        "Tremblay said. Haruki Sato, chief executive of the Kanto Semiconductor Holdings, "
        "spoke."
    )
    texts = [whole] * 3
    texts.append(whole.split("Haruki")[0] + "Haruki Sato, chief executive of the Osaka Ro")
    texts.append(whole.split("\u201cOntario")[0] + "The factory will cost $3\u2026")
    texts.append(
        "Japan and Canada agree chip plant\nHaruki Sato spoke. \u201cOntario has the "
        "engineers and the power grid that a plant like this demands,\u201d Emil ..."
    )
    result = run_texts(texts, Config(jobs=1))
    assert [f.conflict.summary for f in result.findings] == []


def test_two_caps_of_one_offer_are_two_figures() -> None:
    offer = "Russia offered up to {v} million tons of aluminum a year."
    found = conflicts([offer.format(v=2)] * 3 + [offer.format(v=4)], Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-4.txt"]
    # A cap and a figure below it agree; so do two lower bounds.
    assert (
        conflicts(
            [offer.format(v=2)] * 3 + [offer.format(v=1.5).replace("up to ", "")], Kind.QUANTITY
        )
        == []
    )
    crowd = "More than {v} people attended the rally in the capital."
    assert conflicts([crowd.format(v=50)] * 2 + [crowd.format(v=60)], Kind.QUANTITY) == []


def test_a_coarse_date_does_not_excuse_a_wrong_day() -> None:
    event = "India announced the wheat agreement with Egypt on {d}."
    texts = [event.format(d="February 3, 2026")] * 3
    texts.append(
        "On February 5, 2026, officials said India announced the wheat agreement with "
        "Egypt this week."
    )
    texts.append(event.format(d="February 8, 2026"))
    found = conflicts(texts, Kind.TEMPORAL_FRAMING)
    assert [c.evidence[0].article_id for c in found] == ["article-5.txt"]
    assert "February 3, 2026" in found[0].summary


# --- officeholder: "former" judged on the sentence's own date ----------------------------


def test_former_title_is_judged_on_its_own_sentence_date() -> None:
    # The article's latest date is in 2023 (Biden in office); the sentence with
    # "former President" is dated to a day of Trump's first term.
    text = (
        "Trade talks resumed on June 5, 2023, officials said.\n"
        "The dispute began when former President Donald Trump imposed tariffs on "
        "March 8, 2018."
    )
    [found] = conflicts([text], Kind.OFFICEHOLDER)
    assert found.rule_id == "officeholder.former-in-office"
    assert [e.value for e in found.evidence] == ["former president", "2018-03-08"]
    assert "March 8, 2018" in found.evidence[1].surface


def test_former_title_for_a_day_out_of_office_is_fine_whatever_the_story_date() -> None:
    # The story is dated to Trump's second term, but the sentence to a day of Biden's.
    text = (
        "Trade talks resumed on June 5, 2025, officials said.\n"
        "Former President Donald Trump criticised the deal at a rally on "
        "March 8, 2022."
    )
    assert conflicts([text], Kind.OFFICEHOLDER) == []


def test_heads_of_government_beyond_presidents_are_checked_by_date() -> None:
    texts = [
        "Ottawa talks\nCanadian Prime Minister Justin Trudeau spoke on Monday, March 24, 2025.",
        "Berlin talks\nFormer Chancellor Olaf Scholz spoke on Monday, March 24, 2025.",
        "Paris talks\nFrench President Emmanuel Macron spoke on Monday, March 24, 2025.",
    ]
    found = conflicts(texts, Kind.OFFICEHOLDER)
    assert sorted(c.evidence[0].article_id for c in found) == ["article-1.txt", "article-2.txt"]
    assert any("Mark Carney" in c.summary for c in found)


def test_a_quote_misattributed_in_british_single_quotes_is_found() -> None:
    said = "We are ready to offer our partners access to our rare earth deposits"
    texts = [f'Talks\n"{said}," said Kirill Dmitriev.'] * 2 + [
        f"Talks\n\u2018{said},\u2019 said Dmitry Peskov."
    ]
    found = conflicts(texts, Kind.QUOTE_ATTRIBUTION)
    assert [c.evidence[0].article_id for c in found] == ["article-3.txt"]


def test_summaries_agree_in_number_with_the_articles_they_name() -> None:
    said = "We are ready to offer our partners access to our rare earth deposits"
    one = conflicts(
        [f'Talks\n"{said}," said Kirill Dmitriev.', f'Talks\n"{said}," said Dmitry Peskov.'],
        Kind.QUOTE_ATTRIBUTION,
    )
    assert one and all(" attributes it to " in c.summary for c in one)
    many = conflicts(
        [f'Talks\n"{said}," said Kirill Dmitriev.'] * 2 + [f'Talks\n"{said}," said Dmitry Peskov.'],
        Kind.QUOTE_ATTRIBUTION,
    )
    assert many and all(" attribute it to " in c.summary for c in many)
    dated = conflicts(
        [
            "Talks\nRussia and the United States began talks on Monday, March 24, 2025. "
            "Biden's administration welcomed the offer."
        ],
        Kind.OFFICEHOLDER,
    )
    assert dated and all(") places it under Donald Trump" in c.summary for c in dated)


def test_a_tenor_names_an_instrument_and_is_not_a_figure() -> None:
    # "5-year bonds" and "10-year bonds" are two kinds of bond, not two durations of one.
    sale = "Bond sale\nThe Treasury sold {n}-year bonds on Tuesday, traders said."
    assert conflicts([sale.format(n=5), sale.format(n=10)], Kind.QUANTITY) == []
    record = "Bond sale\nThe {n}-year yield hit a {m}-year high, well below the {m}-year average."
    assert conflicts([record.format(n=10, m=12), record.format(n=30, m=5)], Kind.QUANTITY) == []
    # A duration a source states about one thing still conflicts.
    lease = "Port lease\nThe port signed a {n}-year lease with Lakeland Shipping."
    found = conflicts([lease.format(n=99)] * 2 + [lease.format(n=50)], Kind.QUANTITY)
    assert [c.evidence[0].article_id for c in found] == ["article-3.txt"]
