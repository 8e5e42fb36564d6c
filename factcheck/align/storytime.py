"""When each article's story happens.

The publication date when the metadata gives one; otherwise the latest date the article
itself reports as having happened (day or month precision, resolved, not in a sentence
about the future). An article cannot be written before the events it reports, so this
is a lower bound on when it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from factcheck.model import Article, DateValue, Mention, StoryTime

_FUTURE = re.compile(
    r"\b(will|could|would|might|may|expected|expects|plans?|planned|scheduled|next|upcoming|"
    r"coming|looking forward|waiting for)\b",
    re.IGNORECASE,
)
_PRECISE = frozenset({"day", "weekday", "week", "month"})


def story_time(
    article: Article, mentions: Iterable[Mention], lead: Sequence[str] = ()
) -> StoryTime | None:
    """When the story of ``article`` happens; ``lead`` names the countries of its lead."""
    if article.published is not None:
        return StoryTime(article.published, "published", lead=tuple(lead))
    best: tuple[Mention, DateValue] | None = None
    future: dict[str, bool] = {}  # one search per sentence, not per date (quadratic)
    for m in mentions:
        v = m.value
        if not isinstance(v, DateValue) or v.start is None or v.granularity not in _PRECISE:
            continue
        if m.sentence not in future:
            future[m.sentence] = _FUTURE.search(m.sentence) is not None
        if future[m.sentence]:
            continue
        if best is None or (v.start, v.end) > (best[1].start, best[1].end):
            best = (m, v)
    if best is None or best[1].start is None:
        return None
    return StoryTime(best[1].start, "text", best[0], tuple(lead))
