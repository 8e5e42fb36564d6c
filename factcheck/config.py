"""One frozen configuration object for a run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run depends on besides its input paths.

    ``reviews`` is the reviewed-findings file to apply (None: apply none).
    ``cache_dir`` holds the extraction cache (None: extract everything afresh).
    ``engine`` is where the work runs (``ENGINES``); ``scheduler``, ``claim_store`` and
    ``ship_text`` concern only the dask engine (see README "Running on a cluster").
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
    engine: str = "local"  # "local" (process pool) or "dask" (factcheck.engine.dask)
    scheduler: str | None = None  # dask: a scheduler address; None: a LocalCluster here
    claim_store: str | None = None  # dask: Parquet store of extracted facts (path or URL)
    ship_text: bool | None = None  # dask: send file bytes to the workers (None: by trying)


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
    "engine": str,
    "scheduler": str,
    "claim-store": str,
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

    Paths are resolved against the pyproject's folder. Raises ``ValueError`` naming the
    file when it is not valid TOML, when ``[tool.factcheck]`` holds an unknown key
    (with a "did you mean"), or a value of the wrong type or out of range: a setting
    that is silently ignored could switch a CI gate off.
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
    tool = data.get("tool", {})
    table = tool.get("factcheck", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ValueError(f"{path}: [tool.factcheck] is not a table")
    values: dict[str, object] = {}
    for written, value in table.items():
        key = str(written).replace("_", "-")
        expected = PROJECT_KEYS.get(key)
        if expected is None:
            close = difflib.get_close_matches(key, PROJECT_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"{path}: unknown key {written!r} in [tool.factcheck]{hint}")
        problem = _value_problem(key, value, expected)
        if problem:
            raise ValueError(f"{path}: [tool.factcheck] {written}: {problem}")
        if key in ("rules", "cache-dir", "reviews"):
            value = str(path.parent / str(value))
        elif key == "claim-store" and "://" not in str(value):
            value = str(path.parent / str(value))  # a URL (s3://...) is kept as written
        elif key == "corpus" and isinstance(value, list):
            value = [str(path.parent / str(v)) for v in value]
        values[key] = value
    return ProjectConfig(path, values)


#: The engines a run may use (``--engine``): see ``factcheck.engine``.
ENGINES = ("local", "dask")

#: The severities ``fail-on`` takes (``model.Severity`` values).
_SEVERITIES = ("low", "medium", "high")


def _value_problem(key: str, value: object, expected: type | tuple[type, ...]) -> str:
    """What is wrong with ``value`` for ``key`` (empty: nothing)."""
    if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
        names = expected if isinstance(expected, tuple) else (expected,)
        wanted = " or ".join(_TYPE_NAMES[t] for t in names)
        return f"must be {wanted}, not {_TYPE_NAMES.get(type(value), type(value).__name__)}"
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return "must be a list of strings"
    problem = range_problem(key, value)
    if problem:
        return problem
    if key == "engine" and value not in ENGINES:
        import difflib

        close = difflib.get_close_matches(str(value), ENGINES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{value!r} is not one of {', '.join(ENGINES)}{hint}"
    if key == "fail-on" and value not in _SEVERITIES:
        import difflib

        close = difflib.get_close_matches(str(value), _SEVERITIES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{value!r} is not one of {', '.join(_SEVERITIES)}{hint}"
    return ""


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    list: "a list",
    bool: "true or false",
    int: "an integer",
    float: "a number",
    dict: "a table",
}


def range_problem(key: str, value: object) -> str:
    """Why a numeric setting is out of range (empty: it is fine).

    ``key`` is the option's name as written in pyproject (``min-confidence``); the
    command line applies the same limits, so a gate never runs with a setting that
    means nothing (a confidence of 2 drops every conflict).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return f"must be a finite number, not {value}"
    if key == "min-confidence" and not 0.0 <= number <= 1.0:
        return f"must be between 0 and 1, not {value}"
    if key == "max-bytes" and number <= 0:
        return f"must be a positive number of bytes, not {value}"
    if key in ("jobs", "time-budget") and number < 0:
        return f"must be 0 or more, not {value}"
    return ""
