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
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["WriteError", "atomic_write", "atomic_write_all", "atomic_write_folder"]


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


def atomic_write_folder(
    folder: Path, files: Iterable[tuple[str, str | bytes]], encoding: str = "utf-8"
) -> None:
    """Write several files into ``folder`` as one unit: a reader sees all old or all new.

    The files are written into a temporary folder beside ``folder`` (``.NAME.<random>.tmp``)
    together with hard links to every other file already in ``folder`` (copies where
    links are not possible), then the two folders are swapped by two renames: ``folder``
    aside, the new one into place; the old one is then deleted. Between the renames the
    folder is briefly absent, never half old and half new. A failure before the swap
    changes nothing and removes the temporary folder.

    A folder that cannot be swapped safely is written file by file through
    ``atomic_write_all`` (each file whole, a crash between renames can mix versions):
    a symbolic link, a folder holding sub-folders or links, and the current working
    directory or one of its parents.
    """
    folder = Path(folder)
    files = [(str(name), data) for name, data in files]
    if not _swappable(folder):
        atomic_write_all([(folder / name, data) for name, data in files], encoding)
        return
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _error(folder, exc) from exc
    old: Path | None = None
    try:
        os.chmod(staged, _folder_mode(folder))
        names = {name for name, _ in files}
        for name, data in files:
            _write_file(staged / name, folder / name, data, encoding)
        if folder.is_dir():
            for entry in os.scandir(folder):
                if entry.name not in names:
                    _carry(Path(entry.path), staged / entry.name)
            # an empty folder of our own, which rename(2) replaces with the old one
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=parent))
            try:
                os.replace(folder, old)
            except OSError as exc:
                raise _error(folder, exc) from exc
        try:
            os.replace(staged, folder)
        except BaseException as exc:
            if old is not None:
                with contextlib.suppress(OSError):
                    os.replace(old, folder)
                old = None
            if isinstance(exc, OSError):
                raise _error(folder, exc) from exc
            raise
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        if old is not None and folder.exists():
            with contextlib.suppress(OSError):
                os.rmdir(old)  # still the empty placeholder: the old folder never moved
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(parent)


def _swappable(folder: Path) -> bool:
    """Whether ``folder`` may be replaced by a renamed folder (see atomic_write_folder)."""
    if folder.is_symlink():
        return False
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False  # not ours to replace: writing into it fails with a named error
    try:
        here = Path.cwd().resolve()
        if folder.resolve() in (here, *here.parents):
            return False
        return all(entry.is_file(follow_symlinks=False) for entry in os.scandir(folder))
    except OSError:
        return False


def _carry(source: Path, target: Path) -> None:
    """Keep a file that is not ours: a hard link in the new folder (else a copy)."""
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError as exc:
            raise _error(source, exc) from exc


def _folder_mode(folder: Path) -> int:
    return _mode(folder, 0o777)


def _write_file(tmp: Path, path: Path, data: str | bytes, encoding: str) -> None:
    """Write ``tmp`` (a new file in a private folder) for target ``path``; flush to disk."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        _fill(fd, path, payload)
    except OSError as exc:
        raise _error(path, exc) from exc


def _stage(path: Path, data: str | bytes, encoding: str) -> str:
    """Write ``data`` to a new temporary file beside ``path``; return its name."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        _fill(fd, path, payload)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _error(path, exc) from exc
        raise
    return tmp


def _fill(fd: int, path: Path, payload: bytes) -> None:
    """Write ``payload`` to the new file ``fd`` stands for and flush it to disk. The file
    was created 0600: it takes the mode of the ``path`` it replaces, else the umask's."""
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), _target_mode(path))
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())


def _error(path: Path, exc: OSError) -> WriteError:
    if isinstance(exc, WriteError):
        return exc
    reason = exc.strerror or str(exc)
    return WriteError(exc.errno or 0, f"cannot write {path}: {reason}", str(path))


def _target_mode(path: Path) -> int:
    return _mode(path, 0o666)


def _mode(path: Path, full: int) -> int:
    """The mode of ``path`` as it stands, else ``full`` less the umask (a new one)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return full & ~umask


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
