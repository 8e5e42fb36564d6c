"""What a cached value depends on: the source of the code that produced it.

The cache key covers the source of every module whose output the cache serves. That
set is not a list kept by hand (moving a module would silently drop it from the key):
it is every ``factcheck`` module the cached packages import, followed transitively
through their ``import`` statements.
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

_IMPORT = re.compile(
    r"^\s*(?:from\s+(factcheck(?:\.\w+)*)\s+import\s+([\w\s,()]+)|import\s+(factcheck(?:\.\w+)*))",
    re.MULTILINE,
)


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
    for match in _IMPORT.finditer(source):
        module = match.group(1) or match.group(3)
        names = [n.strip(" ()") for n in (match.group(2) or "").split(",")]
        parts = module.split(".")[1:]
        out.extend(_module_files(root, parts))
        if match.group(1):  # "from factcheck.pkg import mod": mod may be a module
            for name in names:
                word = name.split(" as ")[0].strip()
                if word:
                    out.extend(p for p in _module_files(root, [*parts, word]) if p.exists())
    return [p for p in out if p.exists()]


def _module_files(root: Path, parts: list[str]) -> list[Path]:
    base = root.joinpath(*parts) if parts else root
    return [base.with_suffix(".py"), base / "__init__.py"] if parts else [root / "__init__.py"]
