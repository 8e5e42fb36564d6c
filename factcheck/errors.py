"""Coded messages for problems with the input corpus.

Every problem with one input file becomes an ``InputError`` value and the run goes on;
nothing here prints or exits. Codes are stable (documentation and CI logs refer to
them): ``FC-E…`` codes are fatal for the file or record they name (it was skipped),
``FC-W…`` codes are warnings (the article was still read).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from factcheck.model import InputError

MISSING_PATH = "FC-E001"
NO_ARTICLES = "FC-E002"
EMPTY = "FC-E003"
BINARY = "FC-E004"
TOO_LARGE = "FC-E005"
UNREADABLE = "FC-E006"
BAD_RECORD = "FC-E007"
BAD_JSON = "FC-E008"
SYMLINK_LOOP = "FC-E009"
NOT_AN_ARTICLE = "FC-E010"
NOT_PARSEABLE = "FC-E011"
EXTRACT_FAILED = "FC-E012"
BUDGET_EXCEEDED = "FC-E013"
ENGINE_MISSING = "FC-E014"
SCHEDULER_UNREACHABLE = "FC-E015"

FALLBACK_ENCODING = "FC-W001"
FRONT_MATTER_IGNORED = "FC-W002"
FIELD_IGNORED = "FC-W003"
UNKNOWN_SUFFIX = "FC-W004"
DUPLICATE_ID = "FC-W005"
CACHE_PROBLEM = "FC-W006"

#: One-line summary per code; a detail is appended after a colon.
MESSAGES = MappingProxyType(
    {
        MISSING_PATH: "path not found",
        NO_ARTICLES: "no article files in folder",
        EMPTY: "no text to read",
        BINARY: "binary file, not text",
        TOO_LARGE: "file too large",
        UNREADABLE: "cannot read",
        BAD_RECORD: "malformed metadata or record",
        BAD_JSON: "malformed JSON",
        SYMLINK_LOOP: "symlink loop",
        NOT_AN_ARTICLE: "not an article file",
        NOT_PARSEABLE: "cannot parse",
        EXTRACT_FAILED: "fact extraction failed",
        BUDGET_EXCEEDED: "time budget exceeded",
        ENGINE_MISSING: "engine not installed",
        SCHEDULER_UNREACHABLE: "cannot reach the dask scheduler",
        FALLBACK_ENCODING: "not valid UTF-8",
        FRONT_MATTER_IGNORED: "front matter ignored",
        FIELD_IGNORED: "metadata field ignored",
        UNKNOWN_SUFFIX: "unknown file type, read as plain text",
        DUPLICATE_ID: "duplicate article id",
        CACHE_PROBLEM: "extraction cache not used",
    }
)

_MAX_DETAIL = 200


class FactcheckError(Exception):
    """A coded problem raised inside a reader and turned into an ``InputError``."""

    def __init__(self, code: str, detail: str = "", *, line: int | None = None) -> None:
        super().__init__(f"{code} {detail}".strip())
        self.code = code
        self.detail = detail
        self.line = line

    def to_input_error(self, path: str | Path) -> InputError:
        return input_error(self.code, path, self.detail, line=self.line)


def is_fatal(code: str) -> bool:
    """``FC-E…`` codes mean the file or record was skipped."""
    return code.startswith("FC-E")


def one_line(text: str, limit: int = _MAX_DETAIL) -> str:
    """Collapse white space and control characters so a message stays on one line."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def printable(text: str) -> str:
    """``text`` with every unprintable character written as a backslash escape.

    For names shown to people (paths, article ids): a file name holding a line break,
    an ANSI escape sequence or bytes that are not UTF-8 must not split a one-line
    message, recolour a terminal or make UTF-8 output fail. An undecodable byte
    (Python keeps it as a lone surrogate, U+DC80-U+DCFF) is shown as ``\\xNN``.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(c: str) -> str:
    n = ord(c)
    if 0xDC80 <= n <= 0xDCFF:
        return f"\\x{n - 0xDC00:02x}"
    return repr(c)[1:-1]


def input_error(
    code: str, path: str | Path, detail: str = "", *, line: int | None = None
) -> InputError:
    """Build the ``InputError`` for ``code``; ``detail`` says what exactly went wrong.

    The path is made printable (see ``printable``) and the detail one line.
    """
    summary = MESSAGES[code]
    message = f"{summary}: {one_line(detail)}" if detail else summary
    return InputError(printable(str(path)), message, code, line, is_fatal(code))


# Names api.py uses for errors raised after ingest.
E_EXTRACT = EXTRACT_FAILED
E_BUDGET = BUDGET_EXCEEDED
E_CACHE = CACHE_PROBLEM
make_error = input_error


def describe(error: InputError) -> str:
    """``path[:line]: error|warning CODE: message``, one line (paths are printable, see
    ``input_error``): the form every command prints on standard error."""
    where = error.path if error.line is None else f"{error.path}:{error.line}"
    level = "error" if error.fatal else "warning"
    return f"{where}: {level} {error.code}: {error.message}"
