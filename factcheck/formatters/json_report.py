"""JSON output: the report schema documented in the README (``version`` 1)."""

from __future__ import annotations

import json
from typing import TextIO

from factcheck.formatters import FormatOptions
from factcheck.model import RunResult
from factcheck.serialize import result_dict


def render(result: RunResult) -> str:
    return json.dumps(result_dict(result), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(result: RunResult, out: TextIO, options: FormatOptions) -> None:
    out.write(render(result))
