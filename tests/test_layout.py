"""The shape of the package: short functions, a root a newcomer reads in one screen,
and every package named in ARCHITECTURE.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "factcheck"

MAX_FUNCTION_LINES = 80
MAX_ROOT_MODULES = 16  # __init__ and __main__ included

# Functions allowed over MAX_FUNCTION_LINES, as "path/inside/factcheck.py:name" (none
# today; the test below fails when an entry is no longer long, so it cannot go stale).
KNOWN_LONG_FUNCTIONS: frozenset[str] = frozenset()


def _function_lengths() -> dict[str, int]:
    """Lines of every function and method in the package, def line to last line."""
    lengths: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                name = f"{where}:{node.name}"
                lengths[name] = max(lengths.get(name, 0), node.end_lineno - node.lineno + 1)
    return lengths


def test_no_function_over_80_lines() -> None:
    lengths = _function_lengths()
    long = {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES}
    unexpected = {name: n for name, n in long.items() if name not in KNOWN_LONG_FUNCTIONS}
    assert not unexpected, f"split these into named steps: {unexpected}"
    stale = sorted(KNOWN_LONG_FUNCTIONS - set(long))
    assert not stale, f"no longer long (or gone): remove from KNOWN_LONG_FUNCTIONS: {stale}"


def test_the_package_root_fits_on_one_screen() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_ROOT_MODULES, (
        f"{len(modules)} modules at the root of factcheck/ (at most {MAX_ROOT_MODULES}): "
        f"move some into a package: {modules}"
    )


def test_every_package_is_named_in_the_architecture() -> None:
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    packages = sorted(
        init.parent.relative_to(ROOT).as_posix()
        for init in PACKAGE.rglob("__init__.py")
        if init.parent != PACKAGE
    )
    assert packages, "no packages found: the test is looking in the wrong place"
    missing = [p for p in packages if f"`{p}/`" not in architecture]
    assert not missing, f"name these packages in ARCHITECTURE.md: {missing}"


def test_every_module_is_named_in_the_architecture() -> None:
    """A newcomer finds each module's job in ARCHITECTURE.md: its name appears there, in
    backticks, as a module (`name`), a file (`name.py`) or a package member (`name` +)."""
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [p for p in PACKAGE.rglob("*.py") if p.stem != "__init__"]
    assert modules, "no modules found: the test is looking in the wrong place"
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in modules
        if f"`{p.stem}`" not in architecture
        and f"{p.stem}.py`" not in architecture
        and not re.search(rf"`{re.escape(p.stem)}[` /(+:]", architecture)
    ]
    assert not missing, f"name these modules in ARCHITECTURE.md: {sorted(missing)}"


def _ast_sources(packages: tuple[str, ...]) -> set[Path]:
    """What ``store.key.code_sources`` must find, by an ``ast`` walk of the imports."""

    def files(parts: list[str]) -> list[Path]:
        out = [PACKAGE.joinpath(*parts[:i], "__init__.py") for i in range(len(parts))]
        if parts:
            base = PACKAGE.joinpath(*parts)
            out += [base.with_suffix(".py"), base / "__init__.py"]
        return [p for p in out if p.exists()]

    seen: set[Path] = set()
    todo = [p for name in packages for p in (PACKAGE / name).rglob("*.py")]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}: relative import (the key would miss it)"
                parts = (node.module or "").split(".")
                if parts[0] == "factcheck":
                    todo += files(parts[1:])
                    for alias in node.names:
                        todo += files([*parts[1:], alias.name])
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "factcheck":
                        todo += files(parts[1:])
    return seen


def test_the_cache_key_covers_every_module_the_cached_stages_import() -> None:
    """The cache key hashes the source of every module the cached packages import,
    found by scanning import lines; an ``ast`` walk must find exactly the same files
    (two consecutive ``from factcheck...`` lines once hid the second from the scan)."""
    from factcheck.store.key import CACHED_PACKAGES, code_sources

    expected = _ast_sources(CACHED_PACKAGES)
    found = set(code_sources(PACKAGE))
    assert PACKAGE / "checks" / "quote_attribution.py" in expected  # the quote index
    assert found == expected, sorted(str(p.relative_to(PACKAGE)) for p in found ^ expected)
