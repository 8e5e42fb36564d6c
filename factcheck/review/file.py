"""The reviewed-findings file: people's decisions on conflicts, kept in git.

One YAML file maps each conflict fingerprint (``Conflict.id``) to a ``Review``::

    version: 1
    reviews:
    - fingerprint: 3f2a9c0d41e7b658
      kind: quantity
      summary: 'Share of exports: 14% vs 41%'
      status: dismissed
      note: typo in the wire copy, corrected later
      reviewer: Ada Lovelace
      date: 2024-05-01

Entries are sorted by fingerprint and keep their keys in a fixed order, and lines are
never re-wrapped, so one decision is one small hunk in a diff and concurrent decisions
on different conflicts merge cleanly.

Every change goes through ``_update``: take an exclusive lock (a ``.lock`` file beside
the reviews file), re-read the file, change it, write it with ``atomic_write``, release.
So each decision is on disk as soon as it is made, and two processes saving at once
both keep their decisions. A file that does not parse is never overwritten.

Older file versions are upgraded on load, one step per version (``_UPGRADES``), the
way detect-secrets upgrades its baseline; the next save writes the current version.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from factcheck.fsutil import atomic_write
from factcheck.model import Conflict, Finding, Review, Status

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "DEFAULT_REVIEWS_FILE",
    "VERSION",
    "Decision",
    "ReviewsError",
    "UndoError",
    "apply_reviews",
    "change_status",
    "decide",
    "default_reviewer",
    "default_reviews_path",
    "dump_reviews",
    "load_reviews",
    "lock_path",
    "parse_reviews",
    "prune",
    "record",
    "remove",
    "resolve_fingerprint",
    "set_status",
    "undo",
]

VERSION = 1
DEFAULT_REVIEWS_FILE = "factcheck-reviews.yaml"
DEFAULT_LOCK_TIMEOUT = 10.0

FIELDS = ("fingerprint", "kind", "summary", "status", "note", "reviewer", "date")
_REQUIRED = ("fingerprint", "status")

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]

# One step per old version: ``_UPGRADES[n]`` turns a version-n document (as loaded) into
# a version-(n+1) document. Version 1 is the first format, so there is nothing to
# upgrade yet; a future version 2 adds ``1: _upgrade_1_to_2`` here. Steps must keep the
# entries in order (one out per one in) so errors can still point at their lines.
_UPGRADES: Mapping[int, Upgrade] = MappingProxyType({})

_T = TypeVar("_T")


class ReviewsError(ValueError):
    """The reviews file cannot be read, locked or changed; the message names the file."""


class UndoError(ReviewsError):
    """A decision cannot be taken back: its entry changed on disk since it was made."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One saved decision, as it can be undone: the entry before it and the one saved."""

    fingerprint: str
    before: Review | None
    after: Review


# --- reading -----------------------------------------------------------------------


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, BaseResolver):
    """A safe loader that reads every scalar as a string.

    With the default resolvers, a note of ``no`` loads as False, ``null`` as None and an
    all-digit fingerprint as an int (with leading zeros lost); here every value stays
    the text that was written, and the schema below decides what is valid.
    """

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)


try:  # libyaml: parsing a 10,000-entry file takes a fraction of a second, not 12 s
    from yaml import cyaml as _cyaml
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _cyaml = None  # type: ignore[assignment]
_CParser: Any = getattr(_cyaml, "CParser", None)


def _loader(text: str) -> Any:
    """The fastest available loader that reads every scalar as a string."""
    if _CParser is None:  # pragma: no cover - PyYAML built without libyaml
        return _Loader(text)
    return _CLoader(text)


if _CParser is not None:

    class _CLoader(_CParser, SafeConstructor, BaseResolver):  # type: ignore[misc]
        """``_Loader`` on libyaml: the same nodes, marks and errors, ten times faster."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            BaseResolver.__init__(self)


class _Memo:
    """The last text parsed and the last entries written, per reviews file.

    NOTE: keyed by the file's content, not its modification time and size: a decision
    changed from "confirmed" to "dismissed" within one timestamp tick keeps the size
    and may keep the mtime, while comparing the bytes (about a millisecond for a
    10,000-entry file) is never wrong. So the memo can never be stale and nothing has
    to clear it; it only saves the parse when the file has not changed.
    """

    def __init__(self) -> None:
        self.parsed: dict[str, tuple[str, dict[str, Review]]] = {}
        self.entry_text: dict[Review, str] = {}
        self.text_entry: dict[str, Review] = {}  # the same, the other way round

    def get(self, source: str, text: str) -> dict[str, Review] | None:
        hit = self.parsed.get(source)
        return dict(hit[1]) if hit is not None and hit[0] == text else None

    def put(self, source: str, text: str, reviews: Mapping[str, Review]) -> None:
        if len(self.parsed) >= 8 and source not in self.parsed:
            self.parsed.pop(next(iter(self.parsed)))
        self.parsed[source] = (text, dict(reviews))


_MEMO = _Memo()


def load_reviews(path: Path, *, upgrades: Mapping[int, Upgrade] = _UPGRADES) -> dict[str, Review]:
    """Read the reviews file into ``{fingerprint: Review}``; a missing file is empty.

    Raises ``ReviewsError`` naming the file and line when the YAML does not parse, an
    entry is invalid, or the file was written by a newer factcheck.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewsError(f"{path}: cannot read reviews file: {exc}") from exc
    return parse_reviews(text, str(path), upgrades=upgrades)


def parse_reviews(
    text: str, source: str = "<reviews>", *, upgrades: Mapping[int, Upgrade] = _UPGRADES
) -> dict[str, Review]:
    """Parse the text of a reviews file; ``source`` names it in error messages.

    The text last parsed per ``source`` is remembered, so reading a file that has not
    changed since (the app on every page, a save after its own read) parses nothing.
    """
    if upgrades is not _UPGRADES:
        return _parse(text, source, upgrades)
    hit = _MEMO.get(source, text)
    if hit is None:
        hit = _parse_known(text, source)
        if hit is None:
            hit = _parse(text, source, upgrades)
        _MEMO.put(source, text, hit)
    return hit


def _parse_known(text: str, source: str) -> dict[str, Review] | None:
    """The reviews of ``text`` from entries already known, or None to parse it all.

    When another process saved one decision since this one read the file, all but
    one entry are ones this process has read or written, word for word: only the new
    entries are parsed. The result is accepted only if writing it gives ``text`` back
    byte for byte; writing and reading round-trip, so it is then what a full parse
    gives. Anything else (a hand edit, a comment, an error) gets a full parse.
    """
    head = _HEADER + _HEAD
    if not text.startswith(head) or not _MEMO.text_entry:
        return None
    chunks = _ENTRY_START.split(text[len(head) :])
    if chunks[0]:
        return None
    found: list[Review] = []
    for chunk in chunks[1:]:
        known = _MEMO.text_entry.get(chunk)
        if known is None:
            try:
                alone = _parse(head + chunk, source, _UPGRADES)
            except ReviewsError:
                return None
            if len(alone) != 1:
                return None
            known = next(iter(alone.values()))
        found.append(known)
    reviews = {r.fingerprint: r for r in found}
    if len(reviews) != len(found) or dump_reviews(found) != text:
        return None
    return reviews


def _parse(text: str, source: str, upgrades: Mapping[int, Upgrade]) -> dict[str, Review]:
    marker = _merge_marker(text)
    if marker is not None:
        raise ReviewsError(f"{source}:{marker}: unresolved git merge conflict marker")
    try:
        loader = _loader(text)  # the reader rejects control characters here
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise ReviewsError(_yaml_error_message(source, exc)) from exc
    except yaml.reader.ReaderError as exc:  # e.g. a raw control character
        line = text.count("\n", 0, exc.position) + 1
        raise ReviewsError(f"{source}:{line}: invalid YAML: {exc.reason}") from exc
    except yaml.YAMLError as exc:
        raise ReviewsError(f"{source}: invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise ReviewsError(f"{source}: invalid YAML: nested too deeply") from exc
    if data is None or data == "":
        return {}
    assert root is not None
    if not isinstance(data, dict):
        raise ReviewsError(
            f"{source}:{_line(root)}: expected a mapping with 'version' and 'reviews'"
        )
    _check_unique_keys(root, source)
    version = _version(data, root, source)
    if version > VERSION:
        raise ReviewsError(
            f"{source}:{_line(_value_node(root, 'version') or root)}: reviews file version "
            f"{version} is newer than this factcheck supports ({VERSION}); upgrade factcheck"
        )
    while version < VERSION:
        step = upgrades.get(version)
        if step is None:
            raise ReviewsError(f"{source}: cannot upgrade reviews file from version {version}")
        data = step(data)
        upgraded = _version(data, root, source)
        if upgraded <= version:
            raise ReviewsError(f"{source}: upgrade step from version {version} did not upgrade")
        version = upgraded
    unknown = sorted(set(data) - {"version", "reviews"})
    if unknown:
        key = unknown[0]
        raise ReviewsError(f"{source}:{_key_line(root, key)}: unknown top-level key {key!r}")
    entries = data.get("reviews", [])
    entries_node = _value_node(root, "reviews")
    if entries in ("", None):
        return {}
    if not isinstance(entries, list):
        raise ReviewsError(f"{source}:{_line(entries_node or root)}: 'reviews' must be a list")
    items: list[Node] = list(entries_node.value) if isinstance(entries_node, SequenceNode) else []
    reviews: dict[str, Review] = {}
    first_line: dict[str, int] = {}
    for index, raw in enumerate(entries):
        node = items[index] if len(items) == len(entries) else None
        review = _entry(raw, node, source)
        line = _line(node) if node is not None else 0
        if review.fingerprint in reviews:
            where = (
                f"line {first_line[review.fingerprint]}"
                if first_line[review.fingerprint]
                else "above"
            )
            raise ReviewsError(
                f"{source}:{line or '?'}: duplicate review for fingerprint "
                f"{review.fingerprint} (first on {where}); keep one entry"
            )
        reviews[review.fingerprint] = review
        first_line[review.fingerprint] = line
    return reviews


def _merge_marker(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line.rstrip() == "=======":
            return number
    return None


def _yaml_error_message(source: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark is not None else source
    problem = exc.problem or exc.context or "invalid YAML"
    return f"{where}: invalid YAML: {problem}"


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _value_node(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def _key_line(mapping: Node, key: str) -> int:
    if isinstance(mapping, MappingNode):
        for k, _v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return _line(k)
    return _line(mapping)


def _check_unique_keys(root: Node, source: str) -> None:
    """PyYAML keeps the last of two equal keys; a union merge can produce them.

    Iterative, and each node is visited once, so aliases cannot blow the walk up.
    """
    stack, visited = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                if isinstance(k, ScalarNode):
                    if k.value in seen:
                        raise ReviewsError(
                            f"{source}:{_line(k)}: duplicate key {k.value!r} "
                            f"(also on line {seen[k.value]})"
                        )
                    seen[k.value] = _line(k)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _version(data: Mapping[str, Any], root: Node, source: str) -> int:
    raw = data.get("version")
    if raw is None:
        raise ReviewsError(
            f"{source}:{_line(root)}: missing 'version' (this factcheck writes {VERSION})"
        )
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"[0-9]+", raw.strip()):
        return int(raw)
    node = _value_node(root, "version") or root
    raise ReviewsError(f"{source}:{_line(node)}: 'version' must be a whole number, got {raw!r}")


def _entry(raw: object, node: Node | None, source: str) -> Review:
    def fail(message: str, key: str | None = None) -> ReviewsError:
        target = None
        if node is not None:
            target = (_value_node(node, key) if key else None) or node
        where = f"{source}:{_line(target)}" if target is not None else source
        return ReviewsError(f"{where}: {message}")

    if not isinstance(raw, dict):
        raise fail("each review must be a mapping of " + ", ".join(FIELDS))
    for key in raw:
        if key not in FIELDS:
            hint = difflib.get_close_matches(str(key), FIELDS, n=1)
            suffix = f"; did you mean {hint[0]!r}?" if hint else ""
            target = _key_line(node, str(key)) if node is not None else 0
            raise ReviewsError(f"{source}:{target or '?'}: unknown review key {key!r}{suffix}")
    for key in _REQUIRED:
        if key not in raw or raw[key] in ("", None):
            raise fail(f"review is missing {key!r}")
    values: dict[str, str] = {}
    for key in FIELDS:
        value = raw.get(key, "")
        if isinstance(value, date):  # a loader with the default resolvers gives dates
            value = value.isoformat()
        if not isinstance(value, str):
            raise fail(f"{key!r} must be text, got {type(value).__name__}", key)
        values[key] = value
    fingerprint = values["fingerprint"].strip()
    if not fingerprint or any(ch.isspace() for ch in fingerprint):
        raise fail(f"invalid fingerprint {values['fingerprint']!r}", "fingerprint")
    try:
        status = Status(values["status"].strip().lower())
    except ValueError:
        choices = [s.value for s in Status]
        hint = difflib.get_close_matches(values["status"].strip().lower(), choices, n=1)
        suffix = f"; did you mean {hint[0]!r}?" if hint else ""
        raise fail(
            f"invalid status {values['status']!r} (one of {', '.join(choices)}){suffix}", "status"
        ) from None
    day = values["date"].strip()
    if day:
        try:
            day = date.fromisoformat(day).isoformat()
        except ValueError:
            raise fail(f"invalid date {values['date']!r} (expected YYYY-MM-DD)", "date") from None
    return Review(
        fingerprint=fingerprint,
        kind=values["kind"],
        summary=values["summary"],
        status=status,
        note=values["note"],
        reviewer=values["reviewer"],
        date=day,
    )


# --- writing -----------------------------------------------------------------------


class _PureDumper(yaml.SafeDumper):
    """Block style, no anchors or aliases, unicode kept, lines never re-wrapped."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # NOTE: a multi-line note is written double-quoted with "\n" escapes, so every
    # entry stays one line per key and a diff never shows a half-rewritten paragraph.
    style = '"' if any(ch in data for ch in "\n\r\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_PureDumper.add_representer(str, _represent_str)

_Dumper: type[Any] = _PureDumper
if hasattr(yaml, "CSafeDumper"):

    class _CDumper(yaml.CSafeDumper):
        """``_PureDumper`` on libyaml; the tests hold the two to the same bytes."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    _CDumper.add_representer(str, _represent_str)  # type: ignore[arg-type]
    _Dumper = _CDumper


_HEADER = (
    "# factcheck reviewed findings: one entry per conflict, sorted by fingerprint.\n"
    "# Written by `factcheck review`; hand edits are fine if the keys stay as they are.\n"
)
_ENTRY_START = re.compile(r"^(?=- )", re.MULTILINE)
_HEAD = f"version: {VERSION}\nreviews:\n"  # then the entries, each a "- " block at column 0


def dump_reviews(reviews: Iterable[Review], *, dumper: type[Any] | None = None) -> str:
    """The file text for ``reviews``: deterministic, so equal input gives equal bytes.

    Each entry's text is kept once written, so saving one decision into a large file
    dumps that one entry, not all of them.
    """
    ordered = sorted(reviews, key=lambda r: r.fingerprint)
    if not ordered:
        return _HEADER + _dump({"version": VERSION, "reviews": []}, dumper)
    memo = _MEMO.entry_text if dumper is None else {}
    missing = [r for r in ordered if r not in memo]
    if missing:
        if len(memo) > 200_000:  # a long session in the app: start again
            memo.clear()
            _MEMO.text_entry.clear()
        # NOTE: libyaml writes a character beyond U+FFFF as an escape ("\U0001F600")
        # where PyYAML writes it as is; such entries go through the pure dumper, so a
        # file's bytes never depend on whether PyYAML was built with libyaml.
        wide = [r for r in missing if dumper is None and _beyond_bmp(r)]
        for group, how in ((wide, _PureDumper), ([r for r in missing if r not in wide], dumper)):
            if not group:
                continue
            chunks = _ENTRY_START.split(_dump([_entry_dict(r) for r in group], how))[1:]
            assert len(chunks) == len(group), "one block per entry"
            memo.update(zip(group, chunks, strict=True))
            if dumper is None:
                _MEMO.text_entry.update(zip(chunks, group, strict=True))
    return _HEADER + _HEAD + "".join(memo[r] for r in ordered)


def _beyond_bmp(review: Review) -> bool:
    fields = (review.fingerprint, review.kind, review.summary, review.note, review.reviewer)
    return any(ch > "\uffff" for text in fields for ch in text)


def _dump(data: object, dumper: type[Any] | None) -> str:
    return yaml.dump(
        data,
        Dumper=dumper or _Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 30,  # never re-wrapped; libyaml takes no float("inf")
        indent=2,
        explicit_start=False,
    )


def _entry_dict(review: Review) -> dict[str, object]:
    day: object = review.date
    with contextlib.suppress(ValueError):
        # a real date object is written unquoted (2024-05-01, not '2024-05-01')
        day = date.fromisoformat(review.date) if review.date else ""
    return {
        "fingerprint": review.fingerprint,
        "kind": review.kind,
        "summary": review.summary,
        "status": review.status.value,
        "note": review.note,
        "reviewer": review.reviewer,
        "date": day,
    }


# --- locked read-modify-write ------------------------------------------------------


def lock_path(path: Path) -> Path:
    """The lock file beside the reviews file (kept, not deleted: see ``_locked``)."""
    path = Path(path)
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def _locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path(path)`` or raise after ``timeout`` seconds.

    NOTE: the lock file is never removed. Deleting it would let a process that opened
    the old file and one that created a new one both "hold" the lock.
    """
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise ReviewsError(
                    f"{path}: timed out after {timeout:g}s waiting for the lock {lock}; "
                    "is another `factcheck review` saving?"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _update(path: Path, change: Callable[[dict[str, Review]], _T], timeout: float) -> _T:
    """Lock, re-read from disk, apply ``change`` in place, write atomically if changed.

    Re-reading under the lock keeps decisions another process saved meanwhile. If the
    file does not parse, ``load_reviews`` raises before anything is written.

    The slow part of a large file, parsing it and writing out every entry, is done
    first, outside the lock; under the lock the file is read again and parsed only if
    someone changed it in between, so the lock is held for the read-check-write alone
    and many writers at once each wait for milliseconds, not seconds.
    """
    path = Path(path)
    with contextlib.suppress(ReviewsError):  # raised again, under the lock, if it persists
        dump_reviews(load_reviews(path).values())
    with _locked(path, timeout):
        reviews = load_reviews(path)
        before = dict(reviews)
        result = change(reviews)
        if reviews != before:
            for key, review in reviews.items():
                if before.get(key) != review:
                    _check_writable(key, review, str(path))
            text = dump_reviews(reviews.values())
            atomic_write(path, text)
            _MEMO.put(str(path), text, reviews)
        return result


def _check_writable(key: str, review: Review, source: str) -> None:
    """Refuse an entry the loader would reject or read back differently.

    NOTE: ``review --set "fc4cb06d 65220929"`` used to be saved, and every later run
    then failed on the file; the loader's own rules (``_entry``) decide here, before
    anything is written, so what is saved can always be read back.
    """
    if not key or key != key.strip() or any(ch.isspace() for ch in key):
        raise ReviewsError(f"not saved: invalid fingerprint {key!r} (no spaces, tabs or newlines)")
    try:
        loaded = _entry(_entry_dict(review), None, source)
    except ReviewsError as exc:
        raise ReviewsError(f"not saved: {exc}") from None
    if loaded != review or key != review.fingerprint:
        raise ReviewsError(
            f"{source}: not saved: the entry for {review.fingerprint!r} would read back "
            f"as {loaded.fingerprint!r}"
        )


def record(path: Path, review: Review, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
    """Save one decision now: insert or replace the entry for ``review.fingerprint``."""

    def upsert(reviews: dict[str, Review]) -> None:
        reviews[review.fingerprint] = review

    _update(path, upsert, timeout)


def remove(path: Path, fingerprint: str, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Review | None:
    """Delete the decision for ``fingerprint`` (undo); returns it, or None if absent."""

    def drop(reviews: dict[str, Review]) -> Review | None:
        return reviews.pop(fingerprint, None)

    return _update(path, drop, timeout)


def prune(
    path: Path, live: Collection[str], *, timeout: float = DEFAULT_LOCK_TIMEOUT
) -> tuple[Review, ...]:
    """Delete reviews whose fingerprint is not in ``live``; returns them by fingerprint.

    ``live`` must be every conflict id of a complete run: ids missing because an
    article failed to load or a rule was disabled would lose their decisions.
    """
    keep = set(live)

    def drop_stale(reviews: dict[str, Review]) -> tuple[Review, ...]:
        stale = tuple(reviews[fp] for fp in sorted(reviews) if fp not in keep)
        for review in stale:
            del reviews[review.fingerprint]
        return stale

    return _update(path, drop_stale, timeout)


def decide(path: Path, review: Review, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Decision:
    """Save one decision now and return it with the entry it replaced, for ``undo``.

    The entry replaced is read under the same lock hold as the write, so ``before`` is
    what was on disk at that moment, including a decision another process saved since
    this one last read the file. The terminal triage and the app both decide here.
    """
    return _decide(path, review.fingerprint, lambda _old: review, timeout)


def undo(path: Path, decision: Decision, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Review | None:
    """Take ``decision`` back: restore the entry before it, or remove the one it added.

    Checked and written under one lock hold: when the entry on disk is no longer
    ``decision.after`` (someone changed or removed it since), nothing is written and
    ``UndoError`` says so, so a decision saved meanwhile is never lost. Returns the
    entry restored (None when the decision had added it).
    """
    fingerprint = decision.fingerprint

    def restore(reviews: dict[str, Review]) -> Review | None:
        if reviews.get(fingerprint) != decision.after:
            raise UndoError(
                f"the decision on {fingerprint} changed in {path} since it was made; not undone"
            )
        if decision.before is None:
            del reviews[fingerprint]
        else:
            reviews[fingerprint] = decision.before
        return decision.before

    return _update(path, restore, timeout)


def _decide(
    path: Path, fingerprint: str, build: Callable[[Review | None], Review], timeout: float
) -> Decision:
    def upsert(reviews: dict[str, Review]) -> Decision:
        before = reviews.get(fingerprint)
        after = build(before)
        reviews[fingerprint] = after
        return Decision(fingerprint, before, after)

    return _update(path, upsert, timeout)


def set_status(
    path: Path,
    fingerprint: str,
    status: Status | str,
    note: str,
    reviewer: str,
    kind: str = "",
    summary: str = "",
    *,
    today: date | None = None,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Review:
    """Record ``status`` for one fingerprint (``factcheck review --set FP STATUS``).

    ``fingerprint`` must be complete (see ``resolve_fingerprint``). An empty ``kind``
    or ``summary`` keeps the one already on file. ``explained`` needs a note.
    Returns the review as saved.
    """
    return change_status(
        path, fingerprint, status, note, reviewer, kind, summary, today=today, timeout=timeout
    ).after


def change_status(
    path: Path,
    fingerprint: str,
    status: Status | str,
    note: str,
    reviewer: str,
    kind: str = "",
    summary: str = "",
    *,
    today: date | None = None,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Decision:
    """``set_status``, returning the whole ``Decision`` so it can be undone."""
    try:
        status = Status(str(status).strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ReviewsError(f"invalid status {status!r} (one of {choices})") from None
    if status is Status.EXPLAINED and not note.strip():
        raise ReviewsError("status 'explained' needs a note (--note)")
    day = (today or date.today()).isoformat()

    def build(old: Review | None) -> Review:
        return Review(
            fingerprint=fingerprint,
            kind=kind or (old.kind if old else ""),
            summary=summary or (old.summary if old else ""),
            status=status,
            note=note,
            reviewer=reviewer,
            date=day,
        )

    return _decide(path, fingerprint, build, timeout)


# --- pure helpers ------------------------------------------------------------------


def apply_reviews(
    conflicts: Sequence[Conflict], reviews: Mapping[str, Review]
) -> tuple[tuple[Finding, ...], tuple[Review, ...]]:
    """Pair each conflict with its review, in conflict order, and list stale reviews.

    A stale review matches no conflict of this run (the conflict was fixed, or its
    facts changed so its fingerprint did). Stale reviews are returned sorted by
    fingerprint, never dropped; ``prune`` removes them from the file.
    """
    findings = tuple(Finding(c, reviews.get(c.id)) for c in conflicts)
    live = {c.id for c in conflicts}
    stale = tuple(reviews[fp] for fp in sorted(reviews) if fp not in live)
    return findings, stale


def resolve_fingerprint(prefix: str, ids: Iterable[str]) -> str:
    """The one id in ``ids`` that equals or starts with ``prefix`` (case-insensitive)."""
    wanted = prefix.strip().lower()
    if not wanted:
        raise ReviewsError("empty fingerprint")
    unique = sorted(set(ids))
    if wanted in unique:
        return wanted
    matches = [i for i in unique if i.lower().startswith(wanted)]
    if not matches:
        raise ReviewsError(f"no conflict id starts with {prefix!r}")
    if len(matches) > 1:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise ReviewsError(
            f"fingerprint prefix {prefix!r} is ambiguous ({len(matches)} conflicts: {shown}); "
            "give more characters"
        )
    return matches[0]


def default_reviews_path(
    paths: Sequence[str | Path], corpus: Sequence[str | Path] = (), cwd: Path | None = None
) -> Path:
    """Where the reviews file lives when none is named: at the corpus root.

    The corpus root is the ``--corpus`` folder, else the one folder given as input,
    else the current directory (the repository root in CI).
    """
    for group in (corpus, paths):
        folders = [Path(p) for p in group if Path(p).is_dir()]
        if len(folders) == 1 and len(folders) == len(group):
            return folders[0] / DEFAULT_REVIEWS_FILE
    return (cwd or Path.cwd()) / DEFAULT_REVIEWS_FILE


def default_reviewer(env: Mapping[str, str], *, cwd: Path | None = None) -> str:
    """``git config user.name`` (run with ``env``), else ``$USER``, else ``"unknown"``."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "config", "user.name"],
            env=dict(env),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        name = done.stdout.strip()
        if done.returncode == 0 and name:
            return name
    for var in ("USER", "LOGNAME", "USERNAME"):
        value = env.get(var, "").strip()
        if value:
            return value
    return "unknown"
