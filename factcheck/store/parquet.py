"""The claim store of a cluster: extracted facts as Parquet, where every worker sees it.

The SQLite cache (``store.cache``) serves one machine. Workers on several machines
share this store instead: a folder or any fsspec URL they can all reach
(``--claim-store PATH``, ``s3://bucket/factcheck``, ...), laid out as::

    PATH/key=v<STORE_VERSION>-<digest>/bucket=<h>/part-<uuid>.parquet   columns: text, mentions

- ``key`` is ``STORE_VERSION`` and a digest of ``api.index_key`` (the factcheck
  version, the rules tables and the source of every stage whose output is stored), so
  a change to any of them writes a new key folder and never reads an old one; old key
  folders can be deleted at will.
- ``text`` is ``incremental.text_key``: everything extraction reads of an article
  (text, raw text, offsets, publication date), never its id or path, so a file moved,
  renamed or shared by two corpora is a hit.
- ``mentions`` is ``mentions.encode_mentions`` (checked JSON, zlib; never pickle).
- ``bucket`` is the first hex digit of ``text``: a task reads only the buckets its
  articles fall in, and each task writes at most one new file per bucket (files are
  only ever added, so two runs writing at once never clash).

What is stored is the extraction (the costly stage), not aligned claims: a claim's
names are canonical corpus-wide, so the same article aligns differently in another
corpus. A store that cannot be read or written only makes a run slower: a damaged file
makes its bucket a miss.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from factcheck.store.key import STORE_VERSION

__all__ = ["ParquetStore"]


@dataclass(frozen=True, slots=True)
class ParquetStore:
    """One key folder of the store at ``url``; see the module docstring."""

    url: str
    key: str  # api.index_key

    @property
    def root(self) -> str:
        digest = hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:16]
        return f"{self.url.rstrip('/')}/key=v{STORE_VERSION}-{digest}"

    def get(self, texts: Collection[str]) -> dict[str, bytes]:
        """The stored mentions of those text keys that are in the store."""
        import pyarrow.parquet as pq

        fs, root = _fs(self.root)
        found: dict[str, bytes] = {}
        for bucket, wanted in _buckets(texts).items():
            folder = f"{root}/bucket={bucket}"
            filters = [("text", "in", sorted(wanted))]
            try:
                if not fs.exists(folder):
                    continue
                table = pq.read_table(folder, filesystem=fs, filters=filters)
            except Exception:  # a damaged or foreign file: read the others one by one
                table = _read_files(fs, folder, filters)
                if table is None:
                    continue
            for text, data in zip(
                table.column("text").to_pylist(), table.column("mentions").to_pylist(), strict=True
            ):
                found[text] = data
        return found

    def put(self, rows: Mapping[str, bytes]) -> None:
        """Add rows (text key -> encoded mentions): one new file per bucket."""
        if not rows:
            return
        try:
            self._put(rows)
        except Exception:  # an unwritable store costs the next run time, never this one
            return

    def _put(self, rows: Mapping[str, bytes]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        fs, root = _fs(self.root)
        for bucket, texts in _buckets(rows).items():
            folder = f"{root}/bucket={bucket}"
            ordered = sorted(texts)
            table = pa.table(
                {
                    "text": pa.array(ordered, pa.string()),
                    "mentions": pa.array([rows[t] for t in ordered], pa.binary()),
                }
            )
            fs.makedirs(folder, exist_ok=True)
            # Written under a hidden name, then renamed: a reader never sees half a file
            # (Parquet readers skip names starting with "." or "_").
            name = f"part-{uuid.uuid4().hex}.parquet"
            pq.write_table(table, f"{folder}/.{name}", filesystem=fs)
            fs.mv(f"{folder}/.{name}", f"{folder}/{name}")


def _read_files(fs: Any, folder: str, filters: list[Any]) -> Any:
    """The rows of a bucket's readable files, skipping damaged ones (their rows are
    misses, extracted again and added in a new file), or None when none is readable."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = []
    for path in sorted(fs.ls(folder, detail=False)):
        name = str(path).rsplit("/", 1)[-1]
        if name.startswith((".", "_")) or not name.endswith(".parquet"):
            continue
        try:
            tables.append(pq.read_table(path, filesystem=fs, filters=filters))
        except Exception:
            continue
    return pa.concat_tables(tables) if tables else None


def _buckets(texts: Collection[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for text in texts:
        out.setdefault(text[:1], set()).add(text)
    return out


def _fs(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url)
    return fs, str(root)
