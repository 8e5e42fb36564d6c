"""Plain-text reader, and the pieces every reader shares.

``Source`` is what a reader is handed (decoded text plus where it came from); every
reader is a function ``(Source, Boilerplate) -> ReadResult``. ``build_article`` turns
text pieces into an ``Article`` (normalised text, offset map, content hash), and
``parse_published`` reads the publication dates found in front matter, HTML meta tags
and JSON records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from factcheck import errors
from factcheck.ingest.normalize import Boilerplate, Piece, normalize
from factcheck.model import Article, InputError


@dataclass(frozen=True, slots=True)
class Source:
    """One decoded input handed to a reader."""

    id: str
    path: str
    raw: str
    warnings: tuple[InputError, ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata a reader found alongside the text."""

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass(slots=True)
class ReadResult:
    """What one reader produced from one file: articles plus errors and warnings."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]|\s*$)")
_SLASH_DATE = re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*$")
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
_TEXT_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y")
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (JSON ``"\\ud800"`` escapes) replaced by U+FFFD.

    A lone surrogate cannot be written as UTF-8, so one would make every report fail.
    The replacement is one character for one, so offsets into the text still hold.
    """
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def parse_published(value: object) -> date | None:
    """A date from a ``date``/``datetime`` or a string (ISO 8601, RFC 2822, "March 3, 2025").

    Returns None when the value cannot be read; callers warn with FC-W003.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = value.strip()
    m = _ISO_DATE.match(text) or _SLASH_DATE.match(text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        for fmt in _TEXT_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        return parsedate_to_datetime(text).date()
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def shown(value: object) -> str:
    """A short, safe rendering of an untrusted metadata value for a message.

    Containers are only named: ``str()`` of a YAML alias bomb would never finish.
    """
    if isinstance(value, (str, int, float, date)) and not isinstance(value, bool):
        return repr(str(value)[:40])
    return f"a {type(value).__name__}"


def checked_meta(meta: Meta) -> Meta:
    """One-line title and source; only absolute http(s) URLs are kept.

    Metadata comes from untrusted files and ends up in reports, so a ``javascript:`` or
    ``data:`` URL is dropped here as well as in the formatters (not reported: it is not
    a problem the user has to fix).
    """
    title, source = (errors.one_line(v or "", 500) or None for v in (meta.title, meta.source))
    url = (meta.url or "").strip()
    # isprintable: no invisible or direction-changing characters in a link people click.
    web = len(url) <= 2000 and _WEB_URL.fullmatch(url) is not None and url.isprintable()
    return Meta(title, source, url if web else None, meta.published)


def build_article(
    source: Source,
    pieces: Sequence[Piece],
    boilerplate: Boilerplate,
    meta: Meta = Meta(),
    warnings: Sequence[InputError] = (),
    *,
    article_id: str | None = None,
    raw: str | None = None,
) -> Article:
    """Normalise ``pieces`` into an Article; FC-E003 when no visible text is left.

    ``raw`` overrides ``source.raw`` (JSON records: the record's text value). Every
    string of the article is valid Unicode and its id and path are printable.
    """
    pieces = [(start, valid_unicode(piece)) for start, piece in pieces]
    text, offsets = normalize(pieces, boilerplate)
    if not text:
        raise errors.FactcheckError(errors.EMPTY, "no visible text after clean-up")
    notes = tuple(f"{w.code} {w.message}" for w in (*source.warnings, *warnings))
    return Article(
        id=errors.printable(article_id or source.id),
        path=errors.printable(source.path),
        raw=valid_unicode(source.raw if raw is None else raw),
        text=text,
        offsets=offsets,
        content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        title=meta.title,
        source=meta.source,
        url=meta.url,
        published=meta.published,
        warnings=notes,
    )


def read(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """A .txt file: the whole file is article text, with no metadata."""
    return ReadResult([build_article(source, [(0, source.raw)], boilerplate)])
