"""Finds the literal word lists in Python source (for tests/test_vocabulary.py).

A word list is a set, list or tuple of string literals, the words of a
``word_set("...")``, ``_words("...")`` or ``"...".split()`` call, or a regex alternation of words
(``(?:majority|total|tally)``). Each is reported with the name that holds it: the
assignment it sits in (``_STOP``, ``Params.change_words``), else the function.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_WORD_CALLS = frozenset(["word_set", "_words"])  # helpers that split a string of words
_WORDISH = re.compile(r"[A-Za-z][A-Za-z.'’ -]*")
# An alternation of at least three words, not part of a longer regex atom.
_ALTERNATION = re.compile(
    r"(?<![\w\\])(?:[A-Za-z][A-Za-z'’ -]*(?:\\\.)?\|){2,}[A-Za-z][A-Za-z'’ -]*(?![\w\\])"
)


@dataclass(frozen=True)
class WordList:
    module: str  # "factcheck/align/frames.py"
    owner: str  # "_GENERIC_NAME", "Params.change_words", "check"
    line: int
    words: tuple[str, ...]


def word_lists(root: Path, package: Path) -> Iterator[WordList]:
    """Every word list of three words or more in the modules under ``package``."""
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        yield from _Finder(module).run(tree)


class _Finder:
    def __init__(self, module: str) -> None:
        self.module = module
        self.found: list[WordList] = []

    def run(self, tree: ast.Module) -> list[WordList]:
        self._visit(tree, [])
        return self.found

    def _visit(self, node: ast.AST, owners: list[str]) -> None:
        owners = owners + _names(node)
        words = _literal_words(node)
        if words is not None:
            if len(words) >= 3:
                self._add(node, owners, words)
            return  # its strings are counted once, as this list
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for m in _ALTERNATION.finditer(node.value):
                alternatives = tuple(w.replace("\\.", ".") for w in m.group().split("|"))
                self._add(node, owners, alternatives)
            return
        for child in ast.iter_child_nodes(node):
            self._visit(child, owners)

    def _add(self, node: ast.AST, owners: list[str], words: tuple[str, ...]) -> None:
        owner = ".".join(owners) or "<module>"
        self.found.append(WordList(self.module, owner, getattr(node, "lineno", 0), words))


def _names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets[:1]
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    if targets and isinstance(targets[0], ast.Name):
        return [targets[0].id]
    if targets and isinstance(targets[0], ast.Attribute):
        return [targets[0].attr]
    return []


def _literal_words(node: ast.AST) -> tuple[str, ...] | None:
    """The words of a literal list node, or None when ``node`` is no word list."""
    if isinstance(node, ast.Set | ast.List | ast.Tuple) and node.elts:
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(values) == len(node.elts) and all(
            isinstance(v, str) and _WORDISH.fullmatch(v.strip() or "-") for v in values
        ):
            return tuple(str(v) for v in values)
        return None
    if not isinstance(node, ast.Call):
        return None
    func, args = node.func, node.args
    if isinstance(func, ast.Name) and func.id in _WORD_CALLS and args:
        text = args[0]
    elif isinstance(func, ast.Attribute) and func.attr == "split" and not args:
        text = func.value
    else:
        return None
    if isinstance(text, ast.Constant) and isinstance(text.value, str):
        return tuple(text.value.split())
    return None
