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

This module reads the file (parse, check, upgrade); ``entry`` holds the fields of one
entry, ``dump`` writes the file, and every change goes through ``session``: take an
exclusive lock (``lock``: a ``.lock`` file beside the reviews file), re-read the file,
change it, write it with ``atomic_write``, release. So each decision is on disk as soon
as it is made, and two processes saving at once both keep their decisions. A file that
does not parse is never overwritten.

Older file versions are upgraded on load, one step per version (``_UPGRADES``), the
way detect-secrets upgrades its baseline; the next save writes the current version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from factcheck.model import Review
from factcheck.review.dump import ENTRY_START, HEAD, HEADER, dump_reviews
from factcheck.review.entry import VERSION, ReviewsError, key_line, line_of, read_entry, value_node
from factcheck.review.memo import MEMO

__all__ = ["Upgrade", "load_reviews", "parse_reviews"]

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]

# One step per old version: ``_UPGRADES[n]`` turns a version-n document (as loaded) into
# a version-(n+1) document. Version 1 is the first format, so there is nothing to
# upgrade yet; a future version 2 adds ``1: _upgrade_1_to_2`` here. Steps must keep the
# entries in order (one out per one in) so errors can still point at their lines.
_UPGRADES: Mapping[int, Upgrade] = MappingProxyType({})


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, BaseResolver):
    """A safe loader that reads every scalar as a string.

    With the default resolvers, a note of ``no`` loads as False, ``null`` as None and an
    all-digit fingerprint as an int (with leading zeros lost); here every value stays
    the text that was written, and ``read_entry`` decides what is valid.
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
    hit = MEMO.get(source, text)
    if hit is None:
        hit = _parse_known(text, source)
        if hit is None:
            hit = _parse(text, source, upgrades)
        MEMO.put(source, text, hit)
    return hit


def _parse_known(text: str, source: str) -> dict[str, Review] | None:
    """The reviews of ``text`` from entries already known, or None to parse it all.

    When another process saved one decision since this one read the file, all but
    one entry are ones this process has read or written, word for word: only the new
    entries are parsed. The result is accepted only if writing it gives ``text`` back
    byte for byte; writing and reading round-trip, so it is then what a full parse
    gives. Anything else (a hand edit, a comment, an error) gets a full parse.
    """
    head = HEADER + HEAD
    if not text.startswith(head) or not MEMO.text_entry:
        return None
    chunks = ENTRY_START.split(text[len(head) :])
    if chunks[0]:
        return None
    found: list[Review] = []
    for chunk in chunks[1:]:
        known = MEMO.text_entry.get(chunk)
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
            f"{source}:{line_of(root)}: expected a mapping with 'version' and 'reviews'"
        )
    _check_unique_keys(root, source)
    version = _version(data, root, source)
    if version > VERSION:
        raise ReviewsError(
            f"{source}:{line_of(value_node(root, 'version') or root)}: reviews file version "
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
        raise ReviewsError(f"{source}:{key_line(root, key)}: unknown top-level key {key!r}")
    entries = data.get("reviews", [])
    entries_node = value_node(root, "reviews")
    if entries in ("", None):
        return {}
    if not isinstance(entries, list):
        raise ReviewsError(f"{source}:{line_of(entries_node or root)}: 'reviews' must be a list")
    items: list[Node] = list(entries_node.value) if isinstance(entries_node, SequenceNode) else []
    reviews: dict[str, Review] = {}
    first_line: dict[str, int] = {}
    for index, raw in enumerate(entries):
        node = items[index] if len(items) == len(entries) else None
        review = read_entry(raw, node, source)
        line = line_of(node) if node is not None else 0
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
                            f"{source}:{line_of(k)}: duplicate key {k.value!r} "
                            f"(also on line {seen[k.value]})"
                        )
                    seen[k.value] = line_of(k)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _version(data: Mapping[str, Any], root: Node, source: str) -> int:
    raw = data.get("version")
    if raw is None:
        raise ReviewsError(
            f"{source}:{line_of(root)}: missing 'version' (this factcheck writes {VERSION})"
        )
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"[0-9]+", raw.strip()):
        return int(raw)
    node = value_node(root, "version") or root
    raise ReviewsError(f"{source}:{line_of(node)}: 'version' must be a whole number, got {raw!r}")
