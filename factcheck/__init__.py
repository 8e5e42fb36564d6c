"""factcheck: find contradictions between news articles about the same story.

Library API (the CLI is a thin layer over these)::

    from factcheck import run, run_texts, extract_paths, load_rules
    result = run(["seeds/"])
    for finding in result.findings: ...
"""

from typing import Any

from factcheck.config import Config
from factcheck.model import (
    Article,
    Claim,
    Conflict,
    DateValue,
    Evidence,
    FactType,
    Figure,
    Finding,
    InputError,
    Kind,
    Mention,
    Quantity,
    Quotation,
    Review,
    RunResult,
    Severity,
    Span,
    Status,
)

__version__ = "0.1.0"
#: The name the package is installed under (``pip install``, ``importlib.metadata``).
DISTRIBUTION = "factcheck-news"

__all__ = [
    "Article",
    "Claim",
    "Config",
    "Conflict",
    "DateValue",
    "Evidence",
    "FactType",
    "Figure",
    "Finding",
    "InputError",
    "Kind",
    "Mention",
    "Quantity",
    "Quotation",
    "Review",
    "Rule",
    "RunResult",
    "Severity",
    "Span",
    "Status",
    "analyse",
    "extract_articles",
    "extract_paths",
    "load_rules",
    "run",
    "run_texts",
]


_LAZY = {
    "analyse": "factcheck.api",
    "extract_articles": "factcheck.api",
    "extract_paths": "factcheck.api",
    "run": "factcheck.api",
    "run_texts": "factcheck.api",
    "Rule": "factcheck.rules",
    "load_rules": "factcheck.rules",
}


def __getattr__(name: str) -> Any:
    # The pipeline imports quantulum3 and dateparser; load it on first use so that
    # importing the model types stays cheap.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
