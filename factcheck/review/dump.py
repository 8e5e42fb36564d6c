"""Writing the reviews file: deterministic text, one block per entry, never re-wrapped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import yaml

from factcheck.model import Review
from factcheck.review.entry import VERSION, entry_dict
from factcheck.review.memo import MEMO

__all__ = ["ENTRY_START", "HEAD", "HEADER", "dump_reviews"]


class _PureDumper(yaml.SafeDumper):
    """Block style, no anchors or aliases, unicode kept, lines never re-wrapped."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # NOTE: a multi-line note is written double-quoted with "\n" escapes, so every
    # entry stays one line per key and a diff never shows a half-rewritten paragraph.
    style = '"' if any(ch in data for ch in "\n\r\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_PureDumper.add_representer(str, _represent_str)

_Dumper: type[Any] = _PureDumper
if hasattr(yaml, "CSafeDumper"):

    class _CDumper(yaml.CSafeDumper):
        """``_PureDumper`` on libyaml; the tests hold the two to the same bytes."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    _CDumper.add_representer(str, _represent_str)  # type: ignore[arg-type]
    _Dumper = _CDumper


HEADER = (
    "# factcheck reviewed findings: one entry per conflict, sorted by fingerprint.\n"
    "# Written by `factcheck review`; hand edits are fine if the keys stay as they are.\n"
)
ENTRY_START = re.compile(r"^(?=- )", re.MULTILINE)
HEAD = f"version: {VERSION}\nreviews:\n"  # then the entries, each a "- " block at column 0


def dump_reviews(reviews: Iterable[Review], *, dumper: type[Any] | None = None) -> str:
    """The file text for ``reviews``: deterministic, so equal input gives equal bytes.

    Each entry's text is kept once written, so saving one decision into a large file
    dumps that one entry, not all of them.
    """
    ordered = sorted(reviews, key=lambda r: r.fingerprint)
    if not ordered:
        return HEADER + _dump({"version": VERSION, "reviews": []}, dumper)
    memo = MEMO.entry_text if dumper is None else {}
    missing = [r for r in ordered if r not in memo]
    if missing:
        if len(memo) > 200_000:  # a long session in the app: start again
            memo.clear()
            MEMO.text_entry.clear()
        # NOTE: libyaml writes a character beyond U+FFFF as an escape ("\U0001F600")
        # where PyYAML writes it as is; such entries go through the pure dumper, so a
        # file's bytes never depend on whether PyYAML was built with libyaml.
        wide = [r for r in missing if dumper is None and _beyond_bmp(r)]
        for group, how in ((wide, _PureDumper), ([r for r in missing if r not in wide], dumper)):
            if not group:
                continue
            chunks = ENTRY_START.split(_dump([entry_dict(r) for r in group], how))[1:]
            assert len(chunks) == len(group), "one block per entry"
            memo.update(zip(group, chunks, strict=True))
            if dumper is None:
                MEMO.text_entry.update(zip(chunks, group, strict=True))
    return HEADER + HEAD + "".join(memo[r] for r in ordered)


def _beyond_bmp(review: Review) -> bool:
    fields = (review.fingerprint, review.kind, review.summary, review.note, review.reviewer)
    return any(ch > "\uffff" for text in fields for ch in text)


def _dump(data: object, dumper: type[Any] | None) -> str:
    return yaml.dump(
        data,
        Dumper=dumper or _Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 30,  # never re-wrapped; libyaml takes no float("inf")
        indent=2,
        explicit_start=False,
    )
