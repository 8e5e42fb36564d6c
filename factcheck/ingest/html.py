"""HTML reader: the visible article text, with every piece's offset into the raw HTML.

Parsing is done by ``html.parser.HTMLParser`` (streaming, no recursion, an explicit
element stack). Python 3.11's parser rescans to the end of the input for every
unclosed ``<a ``, ``</`` or ``<![``, which is quadratic on hostile input, so the text
is first *sanitised* by a linear scan that keeps the length and every offset: a ``<``
that does not start a complete tag becomes a placeholder (shown as ``<``), comments,
doctypes and processing instructions become spaces, and script/style contents become
spaces. The parser then only ever sees complete tags.

Hidden: script, style, noscript, template, nav, header, footer, aside, form, iframe,
svg and similar; elements marked ``hidden``/``aria-hidden``/``display:none``; and
elements whose class or id names comments, sharing, related links, newsletters,
cookies or chatbots. Metadata: title from og:title or <title>, published from
article:published_time (and similar meta) or the first <time datetime>, url from the
canonical link or og:url, source from og:site_name.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from factcheck import errors
from factcheck.ingest.normalize import Boilerplate, Piece
from factcheck.ingest.text import (
    Meta,
    ReadResult,
    Source,
    build_article,
    checked_meta,
    parse_published,
)
from factcheck.model import InputError


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SKIP = _words(
    "script style noscript template nav header footer aside form iframe svg math "
    "button select textarea object embed canvas dialog"
)
_VOID = _words("area base br col embed hr img input link meta param source track wbr")
_BLOCK = _words(
    "address article aside blockquote br caption dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul"
)
_CLOSES_P = _BLOCK - {"br", "td", "th", "tr", "li", "dd", "dt", "caption"}
_SELF_NESTING = _words("li dt dd tr td th option p")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_ROLES = _words("navigation banner contentinfo complementary search dialog")
# Meta keys holding the publication date, most specific first.
_PUBLISHED_KEYS: tuple[str, ...] = ("article:published_time", "og:published_time")
_PUBLISHED_KEYS += ("datepublished", "pubdate", "publishdate", "date", "dc.date", "dcterms.date")
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*")
_TAG_SCAN = re.compile(r"[<>]|=[=\s]*[\"']")
_END_TAG = re.compile(r"</[A-Za-z][^<>]*>")
_BOGUS = re.compile(r"<[!?/][^<>]*>")
_COMMENT_END = re.compile(r"--\s*>")
_HUGE_CHARREF = re.compile(r"&#(?:[0-9]{16,}|[xX][0-9a-fA-F]{16,})")
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_SPACES = {ord(c): " " for c in "\t\n\r\f\v\x85\u2028\u2029"}
_PLACEHOLDERS = [chr(c) for c in range(0xFDD0, 0xFDF0)]  # noncharacters


def read(source: Source, boilerplate: Boilerplate) -> ReadResult:
    """Read one HTML document into one Article."""
    raw = source.raw
    ph = next((c for c in _PLACEHOLDERS if c not in raw), _PLACEHOLDERS[0])
    fed = sanitize(raw, ph)
    parser = _Parser(fed, ph, boilerplate.hidden_classes)
    try:
        parser.feed(fed)
        parser.close()
    except (AssertionError, ValueError, RecursionError) as exc:  # defensive: should not happen
        raise errors.FactcheckError(errors.NOT_PARSEABLE, f"HTML parser failed: {exc}") from exc
    meta, warnings = parser.metadata(source.path)
    article = build_article(source, parser.pieces, boilerplate, meta, warnings)
    return ReadResult([article], warnings)


def sanitize(raw: str, ph: str = _PLACEHOLDERS[0]) -> str:
    """Same-length copy of ``raw`` in which every ``<`` starts a complete tag (linear time)."""
    # html.unescape raises on numbers past Python's int-digit limit: blank absurd refs.
    raw = _HUGE_CHARREF.sub(lambda m: " " * len(m.group()), raw)
    out: list[str] = []
    last = {'"': raw.rfind('"'), "'": raw.rfind("'")}
    last_gt = raw.rfind(">")
    dead: set[int] = set()  # scan positions already known to lead to a broken tag
    pos, n = 0, len(raw)
    i = raw.find("<")
    while 0 <= i < n:
        out.append(raw[pos:i])
        nxt = raw[i + 1 : i + 2]
        end, keep = -1, False
        if nxt.isascii() and nxt.isalpha():
            end = _start_tag_end(raw, i + 1, last, dead) if i < last_gt else n
            keep = end > 0 and i < last_gt  # a tag cut off by the end of file hides the rest
        elif raw.startswith("</", i) and (m := _END_TAG.match(raw, i)):
            end, keep = m.end(), True
        elif raw.startswith("<!--", i):
            m = _COMMENT_END.search(raw, i + 4)
            end = m.end() if m else n  # an unclosed comment hides the rest, as in browsers
        elif nxt in ("!", "?", "/") and i < last_gt and (m := _BOGUS.match(raw, i)):
            end = m.end()
        if end < 0:
            out.append(ph)
            pos = i + 1
        elif keep:
            out.append("<" + raw[i + 1 : end].replace("<", ph))
            pos = end
            name = _TAG_NAME.match(raw, i + 1)
            if name and name.group().lower() in ("script", "style"):
                close = re.compile(rf"</\s*{name.group()}\s*>", re.IGNORECASE).search(raw, end)
                stop = close.start() if close else n
                out.append(" " * (stop - end))
                pos = stop
        else:
            out.append(" " * (end - i))
            pos = end
        i = raw.find("<", pos)
    out.append(raw[pos:])
    return "".join(out)


def _start_tag_end(raw: str, j: int, last: dict[str, int], dead: set[int]) -> int:
    """End of the start tag whose name begins at ``j``, or -1 if it is never closed."""
    visited: list[int] = []
    while j not in dead:
        m = _TAG_SCAN.search(raw, j)
        if m is None or m.group() == "<":
            break
        if m.group() == ">":
            return m.end()
        quote = m.group()[-1]
        close = raw.find(quote, m.end()) if m.end() <= last[quote] else -1
        if close < 0:
            break
        j = close + 1
        visited.append(j)
    dead.update(visited)
    return -1


class _Parser(HTMLParser):
    """Collects visible text pieces and metadata; keeps an explicit element stack."""

    def __init__(self, fed: str, ph: str, junk: re.Pattern[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.fed, self.ph, self.junk = fed, ph, junk
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", fed))]
        self.pieces: list[Piece] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.open: dict[str, int] = {}
        self.hidden = self.pre = 0
        self.title: list[str] = []
        self.meta: dict[str, str] = {}

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _newline(self) -> None:
        if not self.hidden:
            self.pieces.append((self._offset(), "\n"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "").replace(self.ph, "<") for k, v in attrs}
        self._collect_meta(tag, values)
        top = self.stack[-1][0] if self.stack else ""
        if (tag in _CLOSES_P and top == "p") or (tag in _SELF_NESTING and top == tag):
            self._pop_to(top)
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._newline()
            return
        # A <header> inside an article is the article's own (headline, byline): keep it.
        own = tag == "header" and bool(self.open.get("article") or self.open.get("main"))
        hides = (tag in _SKIP and not own) or _is_junk(values, self.junk)
        self.stack.append((tag, hides))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.hidden += hides
        self.pre += tag == "pre"
        if tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if self.open.get(tag):
            self._pop_to(tag)
            if tag in _BLOCK:
                self._newline()

    def _pop_to(self, tag: str) -> None:
        while self.stack:
            name, hides = self.stack.pop()
            self.open[name] -= 1
            self.hidden -= hides
            self.pre -= name == "pre"
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        start = self._offset()
        if self.cdata_elem or self.fed.startswith("<", start):
            return  # script/style content, or a malformed tag the parser passed as text
        end = self.fed.find("<", start)
        end = len(self.fed) if end < 0 else end
        if self.open.get("title"):
            self.title.append(data.replace(self.ph, "<"))
        elif not self.hidden:
            self.pieces.extend(self._text_pieces(start, end))

    def _text_pieces(self, start: int, end: int) -> list[Piece]:
        """Split ``fed[start:end]`` at character references; each piece maps linearly."""
        chunk = self.fed[start:end].replace(self.ph, "<")
        spaces = {} if self.pre else _SPACES
        pieces: list[Piece] = []
        pos = 0
        for m in _ENTITY.finditer(chunk):
            src, dec = m.group(), unescape(m.group())
            if dec == src:
                continue
            keep = 0  # a named reference without ';' keeps the letters after it
            while keep < len(dec) - 1 and dec[-1 - keep] == src[-1 - keep]:
                keep += 1
            if m.start() > pos:
                pieces.append((start + pos, chunk[pos : m.start()].translate(spaces)))
            pieces.append((start + m.start(), dec[: len(dec) - keep].translate(spaces)))
            pos = m.end() - keep
        pieces.append((start + pos, chunk[pos:].translate(spaces)))
        return pieces

    def _collect_meta(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            if attrs.get("content") and key:
                self.meta.setdefault(key.lower(), attrs["content"])
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.meta.setdefault("canonical", attrs.get("href", ""))
        elif tag == "time" and attrs.get("datetime") and not self.hidden:
            self.meta.setdefault("time", attrs["datetime"])

    def metadata(self, path: str) -> tuple[Meta, list[InputError]]:
        """The article metadata, with FC-W003 for a publication date that cannot be read."""
        get = self.meta.get
        title = get("og:title") or " ".join("".join(self.title).split()) or None
        stamp = next((get(k) for k in (*_PUBLISHED_KEYS, "time") if get(k)), None)
        published = parse_published(stamp) if stamp else None
        warnings: list[InputError] = []
        if stamp and published is None:
            detail = f"publication date {stamp[:40]!r} is not a date"
            warnings.append(errors.input_error(errors.FIELD_IGNORED, path, detail))
        urls = [u.strip() for u in (get("canonical"), get("og:url")) if u and u.strip()]
        url = next((u for u in urls if u.lower().startswith(("http://", "https://"))), None)
        return checked_meta(Meta(title, get("og:site_name"), url, published)), warnings


def _is_junk(attrs: dict[str, str], junk: re.Pattern[str]) -> bool:
    """Attributes of an element whose content is not article text."""
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if attrs.get("role", "").lower() in _HIDDEN_ROLES:
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    names = f"{attrs.get('class', '')} {attrs.get('id', '')}".split()
    return any(junk.search(name) for name in names)
