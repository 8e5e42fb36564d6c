"""Bytes to text: pick the encoding, reject what is not text.

Order: a byte-order mark wins (UTF-8, UTF-16, UTF-32); then strict UTF-8; then, for
files that are not valid UTF-8, every undecodable byte is read as cp1252 (falling back
to latin-1 for the five bytes cp1252 leaves undefined), with a warning. Files that are
mostly valid UTF-8 keep their UTF-8 characters and only the stray bytes are re-read,
so one bad byte does not turn every curly quote into mojibake.

Binary files (known magic numbers, NUL bytes outside UTF-16, many control
characters) and files with no visible characters are rejected with a coded error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from factcheck import errors
from factcheck.errors import FactcheckError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.epub)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x00\x00\x01\x00", "icon image"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text (tab, line breaks and form feed do).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f]")
_CONTROL_RATIO = 0.10
_SAMPLE = 65_536
_ESCAPED = re.compile("[\udc80-\udcff]+")
# latin-1 decodes every byte; this table turns 0x80-0x9f into cp1252's characters
# (the five bytes cp1252 leaves undefined stay as latin-1 control characters).
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_C1_TO_CP1252 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in _CP1252_UNDEFINED
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used and, when a fallback was needed, why."""

    text: str
    encoding: str
    warning: str | None = None
    warning_line: int | None = None


def decode(data: bytes) -> Decoded:
    """Decode file bytes; raise ``FactcheckError`` (FC-E003/FC-E004) for non-text."""
    if not data:
        raise FactcheckError(errors.EMPTY, "file is empty (0 bytes)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise FactcheckError(errors.BINARY, f"looks like a {kind}")
    decoded = _decode_text(data)
    sample = decoded.text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if controls and controls > _CONTROL_RATIO * len(sample):
        raise FactcheckError(
            errors.BINARY, f"{controls} control characters in the first {len(sample)}"
        )
    if not decoded.text.strip():
        raise FactcheckError(errors.EMPTY, "file contains only white space")
    return decoded


def _decode_text(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data[len(bom) :], encoding)
    if b"\x00" in data:
        utf16 = _sniff_utf16(data)
        if utf16 is None:
            raise FactcheckError(errors.BINARY, "contains NUL bytes")
        return Decoded(
            data.decode(utf16, "replace"), utf16, f"no byte-order mark; decoded as {utf16}"
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    line = data.count(b"\n", 0, first_bad) + 1
    escaped = data.decode("utf-8", "surrogateescape")
    bad = sum(len(m.group()) for m in _ESCAPED.finditer(escaped))
    where = f"byte 0x{data[first_bad]:02x} at line {line}"
    if any(ord(c) > 0x7F for c in _ESCAPED.sub("", escaped)):
        text = _ESCAPED.sub(
            lambda m: _cp1252(m.group().encode("utf-8", "surrogateescape")), escaped
        )
        note = f"{where}; {bad} invalid byte(s) decoded as cp1252, the rest as UTF-8"
        return Decoded(text, "utf-8+cp1252", note, line)
    undefined = sum(data.count(bytes([b])) for b in _CP1252_UNDEFINED)
    encoding = "cp1252" if not undefined else "cp1252+latin-1"
    return Decoded(_cp1252(data), encoding, f"{where}; decoded as {encoding}", line)


def _decode_bom(body: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(body.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        return Decoded(
            body.decode(encoding, "replace"),
            encoding,
            f"invalid {encoding} at byte {exc.start}; replaced with U+FFFD",
        )


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII-heavy text has a NUL in every other byte."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd >= 0.9 * half and even < 0.1 * half:
        return "utf-16-le"
    if even >= 0.9 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_C1_TO_CP1252)
