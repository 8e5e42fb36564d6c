"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Each file is written to a temporary file in the same folder, flushed to disk, then
renamed over the target (``os.replace`` is atomic on POSIX and Windows). A failure at
any point (disk full, permission denied, the process interrupted) removes the
temporary file and leaves the previous version untouched; a process killed outright
can leave a ``.<name>.<random>.tmp`` file behind, never a damaged target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["WriteError", "atomic_write", "atomic_write_all"]


class WriteError(OSError):
    """An output file could not be written; the message names it. Nothing was changed."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def atomic_write(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to a temporary file in the same folder, fsync it, then rename."""
    atomic_write_all([(Path(path), data)], encoding)


def atomic_write_all(files: Iterable[tuple[Path, str | bytes]], encoding: str = "utf-8") -> None:
    """Write several files so that a failure changes none of them.

    Every temporary file is written and flushed before the first rename, so running
    out of space or being interrupted while writing leaves every previous version in
    place. (The renames themselves are one after the other, so a crash between two of
    them can still mix versions: each file is whole either way.)
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(Path(path), data, encoding), Path(path)))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _error(path, exc) from exc
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    for folder in {path.parent for _, path in staged}:
        _fsync_dir(folder)


def _stage(path: Path, data: str | bytes, encoding: str) -> str:
    """Write ``data`` to a new temporary file beside ``path``; return its name."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp creates 0600; keep the mode of the file we replace, else honour umask.
            os.fchmod(fh.fileno(), _target_mode(path))
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _error(path, exc) from exc
        raise
    return tmp


def _error(path: Path, exc: OSError) -> WriteError:
    if isinstance(exc, WriteError):
        return exc
    reason = exc.strerror or str(exc)
    return WriteError(exc.errno or 0, f"cannot write {path}: {reason}", str(path))


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
