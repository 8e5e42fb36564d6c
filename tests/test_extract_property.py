"""Properties of every extractor and of the whole ingest + extract path, on any input.

Extractors (figures, quotes here; dates in test_dates_property.py, quantities in
test_quantities_property.py) never raise, their hits lie inside the normalised text
and the values are well formed. Through ``read_text_article`` + ``extract`` (every
extractor, every reader) each mention's ``surface`` is exactly ``raw[span]``, its span
lies inside the raw file text, its highlight inside its sentence is the normalised
text of the hit, the raw surface holds the same letters and digits, and every number
is finite.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import FactcheckError
from factcheck.extract import Extractor, build_extractors, extract
from factcheck.extract.base import Context
from factcheck.extract.figures import FigureExtractor
from factcheck.extract.quotes import QuoteExtractor
from factcheck.ingest import read_text_article
from factcheck.ingest.normalize import NO_BOILERPLATE
from factcheck.model import Article, DateValue, Figure, Quantity, Quotation
from factcheck.text.spans import sentences

WORDS = [
    "President", "Vladimir", "Putin", "Donald", "Trump", "former", "acting", "Minister",
    "Sergey", "Lavrov", "Kirill", "Dmitriev", "head", "chairman", "of", "the", "Russian",
    "Direct", "Investment", "Fund", "(RDIF)", "RDIF", "Kremlin", "administration", "Biden",
    "Mr.", "Dr.", "said", "told", "according", "to", "“", "”", '"', "‘", "’", "'", ":",
    "said:", ",", ".", "\n", "\n\n", " ", "We", "will", "offer", "rare", "earth", "metals",
    "60%", "40", "per", "cent", "$14.8", "trillion", "million", "tons", "March", "24,",
    "2025", "Monday", "last", "year", "mid-April", "1990s", "Q3", "U.S.", "China's",
    "Ukraine", "Moscow", "Washington", "e.g.", "—", "–", "-", "(", ")", "9" * 30, "1e400",
    "\u00a0", "\u200b", "\u202e", "\ufeff", "\x00", "ſ", "İ", "ß", "\U0001f600", "\ud800",
]  # fmt: skip
MARKUP = [
    "<p>", "</p>", "<b>", "</b>", "<script>x</script>", "<br>", "&amp;", "&#8220;", "&nbsp;",
    "<!--", "-->", "**", "_", "# ", "> ", "- ", "[a](http://x.y)", "`", "---\n", "title: t\n",
]  # fmt: skip
# News-like sentences, so that every extractor fires, with noise glued in at random.
TEMPLATES = [
    "{name}, {title}, said {q}{words}{q} on {date}.",
    "{q}{words},{q} {name} told reporters.",
    "{title} {name} said China controls {num} of global {words}.",
    "The {org} offered {num} {unit} by {date}, {name} said: {q}{words}.{q}",
    "{name}: {words} {num}.",
]
FILL = {
    "name": ["Vladimir Putin", "Putin", "Donald Trump", "Mr. Lavrov", "Kirill Dmitriev", "he"],
    "title": ["President", "former President", "head of the RDIF", "Foreign Minister", ""],
    "org": ["Russian Direct Investment Fund (RDIF)", "Kremlin", "Biden administration", "EU"],
    "q": ['"', "“", "”", "‘", "'", ""],
    "num": ["60%", "40 per cent", "$14.8 trillion", "up to 2 million", "nearly half", "9" * 30],
    "unit": ["tons", "tonnes of rare earths", "barrels", "", "km"],
    "date": ["Monday, March 24, 2025", "mid-April", "last year", "2023-24", "Q3", "the 1990s"],
}
sentence_st = st.builds(
    lambda template, picks, words: template.format(words=words, **picks),
    st.sampled_from(TEMPLATES),
    st.fixed_dictionaries({k: st.sampled_from(v) for k, v in FILL.items()}),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
)
parts = sentence_st | st.sampled_from(WORDS) | st.text(max_size=3)
joins = st.sampled_from([" ", "", "\n", "\n\n"])
plain_st = st.tuples(st.lists(parts, max_size=20), joins).map(lambda p: p[1].join(p[0]))
marked_st = st.lists(parts | st.sampled_from(MARKUP), max_size=30).map(" ".join)
published_st = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_NOT_WORD = re.compile(r"[\W_]+")


@pytest.fixture(scope="module")
def extractors() -> tuple[Extractor, ...]:
    return build_extractors()


@pytest.fixture(scope="module")
def figures() -> FigureExtractor:
    return FigureExtractor.from_rules()


@pytest.fixture(scope="module")
def quotes() -> QuoteExtractor:
    return QuoteExtractor.from_rules()


def _context(text: str, published: date | None = None) -> Context:
    return Context(text=text, sentences=sentences(text), published=published)


def _sound_span(text: str, start: int, end: int) -> str:
    assert 0 <= start < end <= len(text), (start, end, len(text))
    surface = text[start:end]
    assert surface.strip(), surface
    return surface


@SETTINGS
@given(text=plain_st)
def test_figure_hits(figures: FigureExtractor, text: str) -> None:
    for hit in figures(_context(text)):
        surface = _sound_span(text, hit.start, hit.end)
        v = hit.value
        assert isinstance(v, Figure)
        assert v.kind in ("person", "administration", "organisation")
        assert v.canonical.strip() and v.name.strip()
        assert 0.0 < hit.confidence <= 1.0
        if v.role is not None:
            assert v.role in text
        assert _NOT_WORD.sub("", v.name).lower() in _NOT_WORD.sub("", text).lower(), surface


@SETTINGS
@given(text=plain_st)
def test_quote_hits(quotes: QuoteExtractor, text: str) -> None:
    previous = 0
    for hit in quotes(_context(text)):
        surface = _sound_span(text, hit.start, hit.end)
        v = hit.value
        assert isinstance(v, Quotation)
        assert v.text.strip() and v.text in surface
        assert v.speaker is None or v.speaker.strip()
        assert 0.0 < hit.confidence <= 1.0
        assert hit.start >= previous  # in order, never overlapping
        previous = hit.end


def _check_value(value: object) -> None:
    if isinstance(value, Quantity):
        numbers = (value.value, value.base_value, value.low, value.high)
        assert all(math.isfinite(x) for x in numbers), value
        assert value.low <= value.high
    elif isinstance(value, DateValue):
        assert (value.start is None) == (value.end is None)
        assert value.start is None or value.end is None or value.start <= value.end
    else:
        assert isinstance(value, (Figure, Quotation))


def _letters(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def _check_article(article: Article, extractors: tuple[Extractor, ...], exact: bool) -> None:
    mentions = extract(article, extractors)
    keys = [(m.span.start, m.span.end, m.type.value) for m in mentions]
    assert keys == sorted(keys)
    for m in mentions:
        assert 0 <= m.span.start < m.span.end <= len(article.raw)
        assert m.surface == article.raw[m.span.start : m.span.end]
        assert m.sentence_span.start <= m.span.start and m.span.end <= m.sentence_span.end
        assert 0 <= m.local.start < m.local.end <= len(m.sentence)
        shown = m.sentence[m.local.start : m.local.end]
        assert shown.strip() and shown in article.text
        # The raw surface says the same letters and digits as the normalised hit (HTML
        # references like "&amp;" add letters, so there the hit's must appear in order).
        if exact:
            assert _letters(m.surface) == _letters(shown), (m.surface, shown)
        else:
            assert _is_subsequence(_letters(shown), _letters(m.surface)), (m.surface, shown)
        assert 0.0 < m.confidence <= 1.0
        _check_value(m.value)


@SETTINGS
@given(raw=plain_st, suffix=st.sampled_from([".txt", ".md"]))
def test_text_and_markdown_articles(
    extractors: tuple[Extractor, ...], raw: str, suffix: str
) -> None:
    try:
        article = read_text_article(raw, f"a{suffix}", boilerplate=NO_BOILERPLATE)
    except FactcheckError as exc:
        assert exc.code == "FC-E003"
        return
    _check_article(article, extractors, exact=suffix == ".txt")


@SETTINGS
@given(raw=marked_st, suffix=st.sampled_from([".html", ".md"]))
def test_marked_up_articles(extractors: tuple[Extractor, ...], raw: str, suffix: str) -> None:
    try:
        article = read_text_article(raw, f"a{suffix}", boilerplate=NO_BOILERPLATE)
    except FactcheckError as exc:
        assert exc.code == "FC-E003"
        return
    _check_article(article, extractors, exact=False)
