"""Reading the corpus: paths in, ``Article`` values and coded ``InputError`` values out.

``read_paths`` expands folders (recursively, sorted; hidden entries and the reviews
file are skipped), reads each file with the reader for its suffix and never raises
for a bad input: every problem becomes an ``InputError`` naming the file, and the rest
of the corpus is read. Article ids are file names, made unique with the path relative
to the folder given when two files share a name; JSON records use their ``id`` field.
Rules errors (an invalid ``boilerplate.yaml``) are configuration errors and raise
``RulesDataError``.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck import errors
from factcheck.errors import FactcheckError
from factcheck.ingest import html, jsonl, markdown
from factcheck.ingest import text as plain
from factcheck.ingest.decode import decode
from factcheck.ingest.normalize import Boilerplate, load_boilerplate, normalize
from factcheck.ingest.text import ReadResult, Source
from factcheck.model import Article, InputError

__all__ = [
    "READERS",
    "REVIEWS_FILE",
    "FileRef",
    "list_files",
    "normalize",
    "read_bytes",
    "read_file",
    "read_from",
    "read_paths",
    "read_text_article",
    "stamp_of",
    "unique_ids",
]

Reader = Callable[[Source, Boilerplate], ReadResult]
READERS: dict[str, Reader] = {
    ".txt": plain.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".json": jsonl.read_json,
    ".jsonl": jsonl.read_jsonl,
}
REVIEWS_FILE = "factcheck-reviews.yaml"
DEFAULT_MAX_BYTES = 5_000_000


@dataclasses.dataclass(frozen=True, slots=True)
class _Found:
    path: str  # as shown to the user: the argument, joined with the path below it
    rel: str  # relative to the folder argument (the file name for a file argument)
    explicit: bool
    stamp: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class FileRef:
    """One input file to read: its path as shown to the user and its article id."""

    path: str
    id: str
    # What the walk that found it saw: size, modification and change times and inode
    # (``stamp``); a cache compares it instead of asking the file system again.
    stamp: str | None = dataclasses.field(default=None, compare=False)


def list_files(paths: Sequence[str | Path]) -> list[FileRef | InputError]:
    """Every file ``read_paths`` would read, in order, with the problems met finding them."""
    entries = _collect(paths)
    found = [e for e in entries if isinstance(e, _Found)]
    ids = dict(zip(found, _file_ids(found), strict=True))
    return [e if isinstance(e, InputError) else FileRef(e.path, ids[e], e.stamp) for e in entries]


def read_from(paths: Sequence[str | Path]) -> Callable[[str], bool]:
    """A test of whether an article path (``Article.path``) was read from ``paths``.

    ``read_paths`` builds each article's path by joining the argument it came from
    with the path below it, and reads a file given twice only for its first argument,
    so a prefix test on the arguments as written is exact.
    """
    roots = frozenset(os.fspath(p) for p in paths)
    prefixes = tuple(os.path.join(r, "") for r in roots)
    return lambda path: path in roots or path.startswith(prefixes)


def read_file(
    ref: FileRef, max_bytes: int, boilerplate: Boilerplate, data: bytes | None = None
) -> ReadResult:
    """Read one file's articles; never raises (a reader bug becomes an InputError).

    ``data`` is the file's bytes when they were read elsewhere (``read_bytes``, on a
    machine that sees the file, for one that does not).
    """
    try:
        return _read_file(ref, max_bytes, boilerplate, data)
    except Exception as exc:  # a reader bug must not end the run for the whole corpus
        detail = f"internal error: {type(exc).__name__}: {exc}"
        return ReadResult([], [errors.input_error(errors.NOT_PARSEABLE, ref.path, detail)])


def read_paths(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rules_dir: Path | None = None,
    reader: Callable[[FileRef], ReadResult] | None = None,
) -> tuple[tuple[Article, ...], tuple[InputError, ...]]:
    """Read every article under ``paths``; problems come back as ``InputError`` values.

    ``reader`` reads one file in place of ``read_file`` (the corpus index passes one
    that answers from its cache when the file has not changed).
    """
    boilerplate = load_boilerplate(rules_dir)
    articles: list[Article] = []
    problems: list[InputError] = []
    for entry in list_files(paths):
        if isinstance(entry, InputError):
            problems.append(entry)
            continue
        result = reader(entry) if reader else read_file(entry, max_bytes, boilerplate)
        articles += result.articles
        problems += result.errors
    return _unique_ids(articles, problems)


def read_text_article(
    text: str,
    id: str = "inline.txt",
    *,
    path: str | None = None,
    rules_dir: Path | None = None,
    boilerplate: Boilerplate | None = None,
) -> Article:
    """Build one Article from a string, choosing the reader by the suffix of ``id``.

    ``.md``/``.markdown`` and ``.html``/``.htm`` use those readers, anything else is
    plain text. Warnings end up in ``Article.warnings``; a fatal problem (no visible
    text) raises ``FactcheckError``. Meant for tests and library callers.
    """
    bp = boilerplate if boilerplate is not None else load_boilerplate(rules_dir)
    suffix = Path(id).suffix.lower()
    reader = READERS[suffix] if suffix in (".md", ".markdown", ".html", ".htm") else plain.read
    result = reader(Source(id, path or id, text), bp)
    return result.articles[0]


def _collect(paths: Sequence[str | Path]) -> list[_Found | InputError]:
    """Files to read, in argument order, folders expanded; errors where paths fail."""
    out: list[_Found | InputError] = []
    seen: set[tuple[int, int]] = set()
    for arg in [paths] if isinstance(paths, (str, Path)) else paths:
        name = os.fspath(arg)
        try:
            info = os.stat(name)
        except (OSError, ValueError) as exc:
            out.append(_os_error(name, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            out += _walk(name, info, seen)
        elif (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            out.append(_Found(name, Path(name).name, True, stamp_of(info)))
    return out


def _walk(root: str, info: os.stat_result, seen: set[tuple[int, int]]) -> list[_Found | InputError]:
    """Article files below ``root``, sorted by relative path; loops are reported."""
    problems: list[_Found | InputError] = []
    files: list[tuple[tuple[str, ...], str, tuple[int, int], str]] = []
    root_key = (info.st_dev, info.st_ino)
    visited = {root_key}
    stack: list[tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]]] = [
        (root, (), (root_key,))
    ]
    ignored = 0
    while stack:
        folder, rel, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it)
        except OSError as exc:
            problems.append(_os_error(folder, exc))
            continue
        for name in names:
            path = os.path.join(folder, name)
            wanted = Path(name).suffix.lower() in READERS and name != REVIEWS_FILE
            if name.startswith("."):
                continue
            try:
                st = os.stat(path)
            except OSError as exc:
                if wanted or exc.errno == errno.ELOOP:
                    problems.append(_os_error(path, exc))
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if key in ancestors:
                    detail = f"{path} leads back to a folder above it; not followed"
                    problems.append(errors.input_error(errors.SYMLINK_LOOP, path, detail))
                elif key not in visited:
                    visited.add(key)
                    stack.append((path, (*rel, name), (*ancestors, key)))
            elif wanted:
                files.append(((*rel, name), path, key, stamp_of(st)))
            else:
                ignored += 1
    out = problems
    for rel_parts, path, key, stamp in sorted(files):
        if key not in seen:
            seen.add(key)
            out.append(_Found(path, "/".join(rel_parts), False, stamp))
    if not files:
        kinds = " ".join(sorted(READERS))
        detail = f"{root} holds no {kinds} files ({ignored} other file(s) ignored)"
        out.append(errors.input_error(errors.NO_ARTICLES, root, detail))
    return out


def _os_problem(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, ValueError):
        return errors.MISSING_PATH, f"invalid path ({exc})"
    err = getattr(exc, "errno", None)
    if err == errno.ELOOP:
        return errors.SYMLINK_LOOP, "too many levels of symbolic links"
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return errors.MISSING_PATH, "no such file or folder"
    if isinstance(exc, PermissionError):
        return errors.UNREADABLE, "permission denied"
    return errors.UNREADABLE, getattr(exc, "strerror", None) or str(exc)


def _os_error(path: str, exc: BaseException) -> InputError:
    code, detail = _os_problem(exc)
    if code == errors.MISSING_PATH and os.path.islink(path):
        detail = f"broken symbolic link to {os.readlink(path)}"
    return errors.input_error(code, path, detail)


def stamp_of(info: os.stat_result) -> str:
    """What must not change for a file to be the one read before: size, times, inode."""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def _file_ids(found: list[_Found]) -> list[str]:
    """File names, or longer relative paths where names collide; always unique."""
    # The name is the last part of ``rel`` (a file argument's rel is its name): cheaper
    # than a Path per file, which a 10,000-file corpus feels.
    names = Counter(f.rel.rpartition("/")[2] for f in found)
    rels = Counter(f.rel for f in found)
    candidates = []
    for f in found:
        name = f.rel.rpartition("/")[2]
        candidate = name if names[name] == 1 else f.rel if rels[f.rel] == 1 else f.path
        candidates.append(candidate.replace(os.sep, "/"))
    return unique_ids(candidates)


def _read_file(
    found: FileRef, max_bytes: int, bp: Boilerplate, data: bytes | None = None
) -> ReadResult:
    file_id = found.id
    name = Path(found.path).name
    suffix = Path(name).suffix.lower()
    notes: list[InputError] = []
    if name == REVIEWS_FILE:
        detail = "this is factcheck's reviews file"
        return ReadResult([], [errors.input_error(errors.NOT_AN_ARTICLE, found.path, detail)])
    reader = READERS.get(suffix)
    if reader is None:
        reader = plain.read
        kind = f"'{suffix}'" if suffix else "no suffix"
        notes.append(errors.input_error(errors.UNKNOWN_SUFFIX, found.path, kind))
    try:
        decoded = decode(data if data is not None else read_bytes(found.path, max_bytes))
        if decoded.warning:
            notes.append(
                errors.input_error(
                    errors.FALLBACK_ENCODING, found.path, decoded.warning, line=decoded.warning_line
                )
            )
        shown = errors.printable(file_id), errors.printable(found.path)
        result = reader(Source(*shown, decoded.text, tuple(notes)), bp)
    except FactcheckError as exc:
        # The file is skipped: its one line is the reason, not how it would have been read.
        return ReadResult([], [exc.to_input_error(found.path)])
    result.errors[:0] = notes
    return result


def read_bytes(path: str, max_bytes: int) -> bytes:
    """A file's bytes, at most ``max_bytes``; raises ``FactcheckError`` (coded) when it
    cannot be read or is too large."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise FactcheckError(errors.UNREADABLE, "not a regular file")
        if info.st_size > max_bytes:
            raise FactcheckError(errors.TOO_LARGE, _too_large(info.st_size, max_bytes))
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise FactcheckError(*_os_problem(exc)) from exc
    if len(data) > max_bytes:
        raise FactcheckError(errors.TOO_LARGE, _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the limit of {limit:,} bytes (max_bytes)"


def unique_ids(ids: Sequence[str]) -> list[str]:
    """``ids`` with repeats renamed ``id~2``, ``id~3``: the ids ``read_paths`` gives."""
    used: set[str] = set()
    out: list[str] = []
    for old in ids:
        new, n = old, 1
        while new in used:
            n += 1
            new = f"{old}~{n}"
        used.add(new)
        out.append(new)
    return out


def renamed_error(path: str, old: str, new: str) -> InputError:
    """The FC-W005 warning for an id ``unique_ids`` renamed."""
    detail = f"id {old!r} is already used; renamed to {new!r}"
    return errors.input_error(errors.DUPLICATE_ID, path, detail)


def _unique_ids(
    articles: list[Article], problems: list[InputError]
) -> tuple[tuple[Article, ...], tuple[InputError, ...]]:
    """Rename repeated ids (JSON records reusing an id) to ``id~2``, ``id~3``, with FC-W005."""
    out: list[Article] = []
    for article, new in zip(articles, unique_ids([a.id for a in articles]), strict=True):
        if new != article.id:
            problems.append(renamed_error(article.path, article.id, new))
            article = dataclasses.replace(article, id=new)
        out.append(article)
    return tuple(out), tuple(problems)
