"""Locating and reading the data files in ``rules/``.

In a source checkout (and an editable install) the tables live in ``rules/`` beside
the package; a wheel carries them as ``factcheck/_rules``. Users may point at their own
folder with ``--rules``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent

# libyaml's loader reads the tables ten times faster than the pure-Python one (they
# are read on every run); PyYAML wheels ship it, a source build may not.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the C loader when it is available."""
    return yaml.load(text, Loader=SafeLoader)  # a safe loader either way


def default_rules_dir() -> Path:
    """The rules folder shipped with factcheck."""
    for candidate in (_PACKAGE / "_rules", _PACKAGE.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("factcheck's rules/ folder is missing from this installation")


class RulesDataError(ValueError):
    """A data table in rules/ is missing or malformed; the message names the file."""


def load_table(name: str, rules_dir: Path | None = None) -> Any:
    """Load ``rules_dir/name`` (YAML) and return the parsed document."""
    path = (rules_dir or default_rules_dir()) / name
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RulesDataError(f"{path}: rules table not found") from exc
    except yaml.YAMLError as exc:
        raise RulesDataError(f"{path}: invalid YAML: {exc}") from exc
