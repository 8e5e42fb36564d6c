"""What a cached value depends on: the source of the code that produced it.

The cache key covers the source of every module whose output the cache serves. That
set is not a list kept by hand (moving a module would silently drop it from the key):
it is every ``factcheck`` module the cached packages import, followed transitively
through their ``import`` statements (and the ``__init__`` of every package on the
way, which importing runs). The versions of the libraries whose output is stored are
part of the key too (``store.store_key``).
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["CACHED_PACKAGES", "STORE_VERSION", "code_sources"]

# One version for everything the store writes: the SQLite schema, the mention codec and
# the index payloads. Bump it when any of them changes shape; a cache of another
# version is rebuilt, never read.
STORE_VERSION = 4

# The stages whose output the cache stores: reading, extraction, alignment, and the
# codecs that write it.
CACHED_PACKAGES = ("ingest", "extract", "align", "store")

# ``from factcheck.x import a, b`` (one line, or a parenthesised list over several) and
# ``import factcheck.x``; every line is matched on its own, so no match runs on into
# the next import. tests/test_layout.py holds this equal to an ``ast`` walk.
_FROM = re.compile(
    r"^[ \t]*from[ \t]+(factcheck(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)", re.MULTILINE
)
_PLAIN = re.compile(r"^[ \t]*import[ \t]+(factcheck(?:\.\w+)*)", re.MULTILINE)


def code_sources(root: Path, packages: tuple[str, ...] = CACHED_PACKAGES) -> list[Path]:
    """The source files of ``packages`` under ``root`` and of every module they import."""
    seen: set[Path] = set()
    todo = [p for name in packages for p in sorted((root / name).rglob("*.py"))]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(_imported(root, path.read_text(encoding="utf-8")))
    return sorted(seen)


def _imported(root: Path, source: str) -> list[Path]:
    out: list[Path] = []
    for match in _PLAIN.finditer(source):
        out.extend(_module_files(root, match.group(1).split(".")[1:]))
    for match in _FROM.finditer(source):
        parts = match.group(1).split(".")[1:]
        out.extend(_module_files(root, parts))
        for name in match.group(2).strip("()").split(","):  # a name may be a module
            word = name.split(" as ")[0].strip()
            if word.isidentifier():
                out.extend(_module_files(root, [*parts, word]))
    return [p for p in out if p.exists()]


def _module_files(root: Path, parts: list[str]) -> list[Path]:
    """The files importing ``factcheck.<parts>`` runs: the module (or package) and the
    ``__init__`` of every package above it."""
    out = [root.joinpath(*parts[:i], "__init__.py") for i in range(len(parts))]
    if parts:
        base = root.joinpath(*parts)
        out += [base.with_suffix(".py"), base / "__init__.py"]
    return out
