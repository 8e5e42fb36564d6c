"""One frozen configuration object for a run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run depends on besides its input paths.

    ``reviews`` is the reviewed-findings file to apply (None: apply none).
    ``cache_dir`` holds the extraction cache (None: extract everything afresh).
    """

    rules_dir: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    preview: bool = False
    max_bytes: int = 5_000_000
    jobs: int = 0  # 0 = one worker per core for large corpora
    min_confidence: float = 0.0
    parallel_threshold: int = 40  # articles below this are extracted in-process
    time_budget: float = 20.0  # seconds per article before it is reported and skipped
    reviews: Path | None = None
    cache_dir: Path | None = None


# --- [tool.factcheck] in pyproject.toml ---------------------------------------------------

#: Settings a project may keep in ``[tool.factcheck]``, with the type each must have.
#: They become the command line's defaults, so an option given on the command line wins.
PROJECT_KEYS: dict[str, type | tuple[type, ...]] = {
    "rules": str,
    "select": list,
    "ignore": list,
    "preview": bool,
    "min-confidence": (int, float),
    "max-bytes": int,
    "time-budget": (int, float),
    "jobs": int,
    "cache-dir": str,
    "reviews": str,
    "corpus": list,
    "fail-on": str,
    "format": list,
}


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """``[tool.factcheck]`` as read: values keyed by option name, plus warnings."""

    path: Path | None
    values: dict[str, object]
    warnings: tuple[str, ...] = ()


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_project_config(start: Path) -> ProjectConfig:
    """Read ``[tool.factcheck]`` from the nearest pyproject.toml (black's discovery).

    Unknown keys and values of the wrong type are warned about and ignored, with a
    "did you mean" suggestion; paths are resolved against the pyproject's folder.
    Raises ``ValueError`` naming the file when it is not valid TOML.
    """
    import difflib
    import tomllib

    path = find_pyproject(start)
    if path is None:
        return ProjectConfig(None, {})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read [tool.factcheck]: {exc}") from exc
    table = data.get("tool", {}).get("factcheck", {})
    if not isinstance(table, dict):
        return ProjectConfig(path, {}, (f"{path}: [tool.factcheck] is not a table; ignored",))
    values: dict[str, object] = {}
    warnings: list[str] = []
    for written, value in table.items():
        key = str(written).replace("_", "-")
        expected = PROJECT_KEYS.get(key)
        if expected is None:
            close = difflib.get_close_matches(key, PROJECT_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            warnings.append(f"{path}: unknown key {written!r} in [tool.factcheck]{hint}")
            continue
        if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
            warnings.append(f"{path}: [tool.factcheck] {key} has the wrong type; ignored")
            continue
        if key in ("rules", "cache-dir", "reviews"):
            value = str(path.parent / str(value))
        elif key == "corpus" and isinstance(value, list):
            value = [str(path.parent / str(v)) for v in value]
        values[key] = value
    return ProjectConfig(path, values, tuple(warnings))
