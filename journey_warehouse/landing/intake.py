"""Which landing files the loader may take, and a private, stable copy of each one it takes.

- A file is **complete** when it has not changed (size, mtime and ctime) for
  ``JW_LANDING_SETTLE_SECONDS``, or when a ``_SUCCESS`` marker in its folder was written after its
  last change. Anything else is left for a later run: it is never read half-written.
- Entries that are not plain files with a clean name are **rejected without being opened**:
  symlinks (never followed, so nothing outside the landing folder is read), FIFOs and other
  special files, hidden files (a name or folder starting with a dot) and names that are not
  UTF-8 or hold control characters.
- The loader parses a **private copy** made here: the copy's bytes are the ones hashed, a file that
  changes while it is copied is not taken, and DuckDB never sees a landing file name (glob
  characters, quotes, odd bytes). A failed read is retried and then left for the next run; it is
  never recorded as a content problem.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .contract import Dataset

log = logging.getLogger(__name__)

MARKER = "_SUCCESS"  # written by a sender after its files: they are complete, whatever their age
CHUNK = 8 * 1024 * 1024
READ_ATTEMPTS = 3  # a failing read is retried this often within a run, then left for the next one
READ_RETRY_SECONDS = 0.5  # times the attempt number

COPY_PREFIX = "jw-landing-"  # private copies: <temp folder>/jw-landing-<pid>-<random>/

_warned_folders: set[tuple[str, int]] = set()


class Pending(Exception):  # not an error: the file is taken by a later run
    """The file is not taken in this run (incomplete, changing, unreadable for now)."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One landing entry a dataset's file pattern matches, as found (never followed)."""

    path: Path
    relative: str  # printable path below the landing folder
    name: str  # printable file name: what the ledger and the alerts show
    size: int
    mtime_ns: int
    changed_ns: int  # the later of mtime and ctime: a copy that keeps the mtime still counts
    problem: tuple[str, str] | None = None  # (reason_code, message): rejected unopened
    complete: bool = True

    @property
    def entry_key(self) -> str:
        """Ledger key of an entry rejected unopened: its path, size and mtime, never its content
        (so a file renamed to a clean name, or a symlink replaced by the file, loads)."""
        parts = [b"entry", os.fsencode(self.relative), str(self.size).encode(),
                 str(self.mtime_ns).encode()]  # fmt: skip
        return hashlib.sha256(b"\0".join(parts)).hexdigest()


def printable(name: str) -> str:
    """A file name as text that logs, alerts and DuckDB can hold: bytes that are not UTF-8 as
    ``\\xNN``, control characters escaped."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _name_problem(relative: str) -> str | None:
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    if any(not c.isprintable() for c in relative):
        return "contains control characters"
    return None


def _changed_ns(st: os.stat_result) -> int:
    return max(st.st_mtime_ns, st.st_ctime_ns)


def _marker_ns(folder: str) -> int | None:
    try:
        st = os.lstat(os.path.join(folder, MARKER))
    except OSError:
        return None
    return _changed_ns(st) if stat.S_ISREG(st.st_mode) else None


def _matches(dataset: Dataset, name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in dataset.patterns)


def scan(
    landing_dir: Path, dataset: Dataset, settle_seconds: float, now: float | None = None
) -> list[Entry]:
    """Every entry below ``landing_dir`` that one of the dataset's patterns matches (a hidden
    entry by its name without the leading dots), oldest name first."""
    now_ns = int((time.time() if now is None else now) * 1e9)
    settle_ns = int(settle_seconds * 1e9)
    found: list[Entry] = []
    for folder, dirs, files in os.walk(landing_dir, followlinks=False, onerror=_unlisted):
        base = os.path.relpath(folder, landing_dir)
        hidden_folder = base != "." and any(p.startswith(".") for p in Path(base).parts)
        marker_ns = _marker_ns(folder)
        # os.walk lists a symlinked folder among the folders and does not enter it
        linked = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        for name in sorted(files) + sorted(linked):
            if not _matches(dataset, name.lstrip(".")):
                if name in linked:
                    _warn_linked_folder(os.path.join(folder, name))
                continue
            path = Path(folder, name)
            relative = os.path.normpath(os.path.join(base, name))
            try:
                st = os.lstat(path)
            except OSError:  # gone since it was listed
                continue
            problem = _problem(st, relative, name, hidden_folder)
            changed = _changed_ns(st)
            complete = now_ns - changed >= settle_ns or (
                marker_ns is not None and changed <= marker_ns
            )
            found.append(
                Entry(path, printable(relative), printable(name), st.st_size, st.st_mtime_ns,
                      changed, problem, complete)
            )  # fmt: skip
    return sorted(found, key=lambda e: (e.name, e.relative))


def _problem(
    st: os.stat_result, relative: str, name: str, hidden_folder: bool
) -> tuple[str, str] | None:
    shown = printable(relative)
    if stat.S_ISLNK(st.st_mode):
        return ("symlink", f"{shown} is a symbolic link: links are not followed (deliver the "
                           "file itself into the landing folder)")  # fmt: skip
    if not stat.S_ISREG(st.st_mode):
        return ("not_a_regular_file", f"{shown} is not a regular file (a FIFO, socket, device "
                                      "or folder): only plain files are read")  # fmt: skip
    if why := _name_problem(relative):
        return ("invalid_file_name", f"the file name {shown} {why}: rename the file (names "
                                     "must be UTF-8 text) and it is loaded")  # fmt: skip
    if name.startswith(".") or hidden_folder:
        return ("hidden_file", f"{shown} is hidden (its name or a folder starts with a dot): "
                               "hidden files are not loaded, rename it to load it")  # fmt: skip
    return None


def _unlisted(error: OSError) -> None:
    """A folder that cannot be listed: its files are not seen, so say so."""
    log.warning("cannot list %s: %s (its files are not loaded)",
                printable(str(error.filename)), error.strerror)  # fmt: skip


def _warn_linked_folder(path: str) -> None:
    try:
        key = (path, os.lstat(path).st_mtime_ns)
    except OSError:
        return
    if key not in _warned_folders:
        _warned_folders.add(key)
        log.warning("not following the symlinked folder %s (links are never followed)",
                    printable(path))  # fmt: skip


def complete_files(
    landing_dir: Path, dataset: Dataset, settle_seconds: float, now: float | None = None
) -> list[Path]:
    """The files of one dataset that the loader would read now (complete, plain, clean names)."""
    return [
        e.path for e in scan(landing_dir, dataset, settle_seconds, now)
        if e.problem is None and e.complete
    ]  # fmt: skip


def _open(path: Path) -> int:
    """Open without following a link and without blocking on a FIFO swapped in since the scan."""
    return os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def _retrying(entry: Entry, action: str, step):
    """Run ``step`` with retries on OSError; a file that stays unreadable is left pending."""
    for attempt in range(1, READ_ATTEMPTS + 1):
        try:
            return step()
        except FileNotFoundError:
            raise Pending("read_error", f"{entry.relative} vanished before it was read") from None
        except OSError as exc:
            if attempt == READ_ATTEMPTS:
                raise Pending(
                    "read_error",
                    f"{entry.relative} could not be {action} ({READ_ATTEMPTS} attempts): {exc}; "
                    "it is taken by a later run",
                ) from None
            log.warning("reading %s failed (%s), retrying", entry.relative, exc)
            time.sleep(READ_RETRY_SECONDS * attempt)
    raise AssertionError("unreachable")


def _read(entry: Entry, target: Path | None) -> str:
    """Hash the file (copying it to ``target``) and check it did not change meanwhile."""
    fd = _open(entry.path)
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise Pending("incomplete", f"{entry.relative} is no longer a regular file")
        if (before.st_size, before.st_mtime_ns) != (entry.size, entry.mtime_ns):
            raise Pending("incomplete", f"{entry.relative} changed since it was found")
        digest = hashlib.sha256()
        copied = 0
        with os.fdopen(os.dup(fd), "rb") as src:
            if target is None:
                for chunk in _chunks(src):
                    digest.update(chunk)
                    copied += len(chunk)
            else:
                with target.open("wb") as dst:
                    for chunk in _chunks(src):
                        digest.update(chunk)
                        dst.write(chunk)
                        copied += len(chunk)
        after = os.fstat(fd)
        still = os.lstat(entry.path)
    finally:
        os.close(fd)
    if (
        copied != before.st_size
        or (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)
        or (still.st_ino, still.st_dev) != (before.st_ino, before.st_dev)
    ):
        raise Pending("incomplete", f"{entry.relative} changed while it was read")
    return digest.hexdigest()


def content_hash(entry: Entry) -> str:
    """The sha256 of the file as it is now (retried on read errors; raises Pending)."""
    return _retrying(entry, "read", lambda: _read(entry, None))


def private_copy(entry: Entry, target: Path, expected_hash: str | None = None) -> str:
    """Copy the file to ``target`` and return the copy's sha256 (raises Pending)."""
    digest = _retrying(entry, "copied", lambda: _read(entry, target))
    if expected_hash is not None and digest != expected_hash:
        raise Pending("incomplete", f"{entry.relative} changed while it was read")
    return digest


def entry_for(path: Path, landing_dir: Path | None = None) -> Entry:
    """An entry for one explicitly named file (taken whatever its age)."""
    st = os.lstat(path)
    relative = os.path.relpath(path, landing_dir) if landing_dir else path.name
    hidden_folder = any(p.startswith(".") for p in Path(relative).parent.parts if p != "..")
    return Entry(path, printable(relative), printable(path.name), st.st_size, st.st_mtime_ns,
                 _changed_ns(st), _problem(st, relative, path.name, hidden_folder))  # fmt: skip


def copy_folder() -> tempfile.TemporaryDirectory:
    """A private folder for one file's copy, named after this process."""
    return tempfile.TemporaryDirectory(prefix=f"{COPY_PREFIX}{os.getpid()}-")


def remove_stale_copies() -> None:
    """Remove the copies a killed loader left behind (its process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{COPY_PREFIX}*-*"):
        pid = folder.name.removeprefix(COPY_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            log.info("removed %s, left by a loader that was killed", folder)
        except OSError:  # alive, another user's
            continue
