"""A virtual phone's file system, kept on the host disk under the phone's state folder.

Phone paths are normalized lexically (``..`` cannot climb above ``/``) and mapped below one
host folder; every mapping is checked once more with symlinks resolved, so no phone path ever
reaches a host file outside it. ``/sdcard``, ``/storage/self/primary`` and ``/mnt/sdcard`` are
the same place as ``/storage/emulated/0``, as on Android. The ADB ``shell`` user may write only
below the shared storage and ``/data/local/tmp``; the rest reads as a read-only system.

File contents stream (pushes and pulls of multi-gigabyte videos never sit in memory); modes
live in a small side file because host permission bits must stay readable for us.
"""

from __future__ import annotations

import errno
import io
import os
import posixpath
import shutil
import stat as statmod
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from farmhand.virtual.endpoint import FileStat
from farmhand.virtual.persist import read_json, write_json

EXTERNAL = "/storage/emulated/0"
_ALIASES = ("/sdcard", "/storage/self/primary", "/mnt/sdcard", "/mnt/user/0/primary")
WRITABLE = (EXTERNAL, "/data/local/tmp")
_SKELETON = (
    f"{EXTERNAL}/Alarms",
    f"{EXTERNAL}/Android/data",
    f"{EXTERNAL}/Android/media",
    f"{EXTERNAL}/DCIM/Camera",
    f"{EXTERNAL}/Documents",
    f"{EXTERNAL}/Download",
    f"{EXTERNAL}/Movies",
    f"{EXTERNAL}/Music",
    f"{EXTERNAL}/Notifications",
    f"{EXTERNAL}/Pictures",
    f"{EXTERNAL}/Podcasts",
    f"{EXTERNAL}/Ringtones",
    "/data/local/tmp",
    "/system/bin",
    "/system/app",
    "/vendor",
    "/proc",
    "/dev",
)
CHUNK = 64 * 1024


def _err(code: int, path: str) -> OSError:
    return OSError(code, os.strerror(code), path)


class _GuardedWriter(io.FileIO):
    """A host file opened for a phone write: fails with ENOSPC while the disk is "full"."""

    def __init__(self, host: Path, phone_path: str, full: Callable[[], bool]) -> None:
        super().__init__(host, "wb")
        self._phone_path = phone_path
        self._full = full

    def write(self, data: bytes | bytearray | memoryview, /) -> int:  # type: ignore[override]
        if self._full():
            raise _err(errno.ENOSPC, self._phone_path)
        return super().write(data)


class PhoneFS:
    def __init__(self, root: Path, disk_full: Callable[[], bool] = lambda: False) -> None:
        self._root = root
        self._disk_full = disk_full
        self._meta_path = root.parent / "fs-modes.json"
        self._lock = threading.Lock()
        fresh = not root.exists()
        root.mkdir(parents=True, exist_ok=True)
        self._real_root = os.path.realpath(root)
        loaded = read_json(self._meta_path)
        self._modes: dict[str, int] = {str(k): int(v) for k, v in (loaded or {}).items()}
        if fresh:
            for folder in _SKELETON:
                self._host_unchecked(folder).mkdir(parents=True, exist_ok=True)

    # --- paths -----------------------------------------------------------------------------
    @staticmethod
    def canonical(path: str, cwd: str = "/") -> str:
        """The normalized absolute phone path, with the shared-storage aliases resolved."""
        if "\x00" in path:
            raise _err(errno.EINVAL, path.replace("\x00", "\\0"))
        joined = posixpath.join(cwd or "/", path) if path else (cwd or "/")
        norm = posixpath.normpath(joined)
        if norm.startswith("//"):
            norm = "/" + norm.lstrip("/")
        for alias in _ALIASES:
            if norm == alias or norm.startswith(alias + "/"):
                norm = EXTERNAL + norm[len(alias) :]
                break
        return norm

    def _host_unchecked(self, canonical: str) -> Path:
        return self._root.joinpath(canonical.lstrip("/")) if canonical != "/" else self._root

    def host_path(self, path: str) -> Path:
        """The host file behind a phone path; PermissionError if it would leave the phone."""
        canonical = self.canonical(path)
        host = self._host_unchecked(canonical)
        real = os.path.realpath(host)
        if real != self._real_root and not real.startswith(self._real_root + os.sep):
            raise _err(errno.EACCES, canonical)
        return host

    @staticmethod
    def writable(canonical: str) -> bool:
        return any(canonical == area or canonical.startswith(area + "/") for area in WRITABLE)

    def _check_write(self, canonical: str) -> None:
        if not self.writable(canonical):
            raise _err(errno.EROFS if canonical.startswith("/system") else errno.EACCES, canonical)
        if self._disk_full():
            raise _err(errno.ENOSPC, canonical)

    # --- reading ---------------------------------------------------------------------------
    def stat(self, path: str) -> FileStat | None:
        canonical = self.canonical(path)
        try:
            st = self.host_path(canonical).stat()
        except OSError:
            return None
        is_dir = statmod.S_ISDIR(st.st_mode)
        default = 0o771 if canonical.startswith(EXTERNAL) and is_dir else (0o755 if is_dir else 0o644)
        perm = self._modes.get(canonical, default) & 0o7777
        kind = statmod.S_IFDIR if is_dir else statmod.S_IFREG
        return FileStat(mode=kind | perm, size=0 if is_dir else st.st_size, mtime=int(st.st_mtime))

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def is_dir(self, path: str) -> bool:
        st = self.stat(path)
        return st is not None and statmod.S_ISDIR(st.mode)

    def is_file(self, path: str) -> bool:
        st = self.stat(path)
        return st is not None and statmod.S_ISREG(st.mode)

    def listdir(self, path: str) -> list[tuple[str, FileStat]] | None:
        canonical = self.canonical(path)
        if not self.is_dir(canonical):
            return None
        entries = []
        for name in sorted(os.listdir(self.host_path(canonical))):
            if canonical == "/" and name == "fs-modes.json":
                continue
            child = posixpath.join(canonical, name)
            st = self.stat(child)
            if st is not None:
                entries.append((name, st))
        if canonical == "/":
            # /sdcard is a link to the shared storage on a real phone; list it like one.
            shared = self.stat(EXTERNAL)
            if shared is not None:
                entries = sorted([*entries, ("sdcard", shared)])
        return entries

    def read_bytes(self, path: str, limit: int | None = None) -> bytes | None:
        handle = self.open_read(path)
        if handle is None:
            return None
        with handle:
            return handle.read() if limit is None else handle.read(limit)

    def open_read(self, path: str) -> BinaryIO | None:
        if not self.is_file(path):
            return None
        try:
            return self.host_path(path).open("rb")
        except OSError:
            return None

    def walk_files(self, path: str) -> Iterator[str]:
        """Every file below a folder (phone paths), skipping folders holding ``.nomedia``."""
        canonical = self.canonical(path)
        host = self.host_path(canonical)
        if not host.is_dir():
            return
        for folder, dirs, files in os.walk(host):
            if ".nomedia" in files:
                dirs.clear()
                continue
            dirs.sort()
            rel = os.path.relpath(folder, self._root)
            base = "/" + rel.replace(os.sep, "/") if rel != "." else "/"
            for name in sorted(files):
                yield posixpath.join(base, name)

    # --- writing ---------------------------------------------------------------------------
    def _set_mode(self, canonical: str, mode: int | None) -> None:
        with self._lock:
            if mode is None:
                if self._modes.pop(canonical, None) is None:
                    return
            else:
                self._modes[canonical] = mode & 0o7777
            write_json(self._meta_path, self._modes)

    def _make_parents(self, canonical: str) -> None:
        parent = posixpath.dirname(canonical)
        if self.is_dir(parent):
            return
        if self.exists(parent):
            raise _err(errno.ENOTDIR, parent)
        self._check_write(parent)
        self.host_path(parent).mkdir(parents=True, exist_ok=True)

    def open_write(self, path: str, mode: int = 0o644, append: bool = False) -> BinaryIO:
        """A stream for a file's new content (parents created). ENOSPC while the disk is full,
        EACCES/EROFS outside the writable areas, EISDIR on a folder."""
        canonical = self.canonical(path)
        self._check_write(canonical)
        if self.is_dir(canonical):
            raise _err(errno.EISDIR, canonical)
        self._make_parents(canonical)
        host = self.host_path(canonical)
        if append:
            return host.open("ab")
        handle = _GuardedWriter(host, canonical, self._disk_full)
        self._set_mode(canonical, mode if mode != 0o644 else None)
        return handle

    def write_bytes(self, path: str, data: bytes, mode: int = 0o644, mtime: int | None = None) -> None:
        with self.open_write(path, mode) as handle:
            handle.write(data)
        if mtime is not None:
            self.set_mtime(path, mtime)

    def append_bytes(self, path: str, data: bytes) -> None:
        with self.open_write(path, append=True) as handle:
            handle.write(data)

    def set_mtime(self, path: str, mtime: int | float) -> None:
        canonical = self.canonical(path)
        if not self.writable(canonical):
            raise _err(errno.EACCES, canonical)
        os.utime(self.host_path(canonical), (time.time(), float(mtime)))

    def chmod(self, path: str, mode: int) -> None:
        canonical = self.canonical(path)
        if not self.exists(canonical):
            raise _err(errno.ENOENT, canonical)
        if not self.writable(canonical):
            raise _err(errno.EPERM, canonical)
        self._set_mode(canonical, mode)

    def mkdir(self, path: str, parents: bool = False) -> None:
        canonical = self.canonical(path)
        if self.exists(canonical):
            if parents and self.is_dir(canonical):
                return
            raise _err(errno.EEXIST, canonical)
        self._check_write(canonical)
        parent = posixpath.dirname(canonical)
        if not parents and not self.is_dir(parent):
            raise _err(errno.ENOENT, canonical)
        self.host_path(canonical).mkdir(parents=parents, exist_ok=parents)

    def remove(self, path: str, recursive: bool = False) -> None:
        canonical = self.canonical(path)
        st = self.stat(canonical)
        if st is None:
            raise _err(errno.ENOENT, canonical)
        if not self.writable(canonical) or canonical in WRITABLE:
            raise _err(errno.EACCES, canonical)
        host = self.host_path(canonical)
        if statmod.S_ISDIR(st.mode):
            if not recursive:
                raise _err(errno.EISDIR, canonical)
            shutil.rmtree(host)
            self._forget_below(canonical)
        else:
            host.unlink()
            self._set_mode(canonical, None)

    def rmdir(self, path: str) -> None:
        canonical = self.canonical(path)
        if not self.is_dir(canonical):
            raise _err(errno.ENOTDIR if self.exists(canonical) else errno.ENOENT, canonical)
        if not self.writable(canonical) or canonical in WRITABLE:
            raise _err(errno.EACCES, canonical)
        try:
            self.host_path(canonical).rmdir()
        except OSError as exc:
            raise _err(exc.errno or errno.ENOTEMPTY, canonical) from None

    def _forget_below(self, canonical: str) -> None:
        with self._lock:
            doomed = [p for p in self._modes if p == canonical or p.startswith(canonical + "/")]
            for p in doomed:
                del self._modes[p]
            if doomed:
                write_json(self._meta_path, self._modes)

    def copy(self, src: str, dst: str) -> None:
        source = self.open_read(src)
        if source is None:
            raise _err(errno.EISDIR if self.is_dir(src) else errno.ENOENT, self.canonical(src))
        with source, self.open_write(dst) as target:
            shutil.copyfileobj(source, target, CHUNK)

    def move(self, src: str, dst: str) -> None:
        s, d = self.canonical(src), self.canonical(dst)
        if not self.exists(s):
            raise _err(errno.ENOENT, s)
        self._check_write(s)
        self._check_write(d)
        self._make_parents(d)
        os.replace(self.host_path(s), self.host_path(d))
        mode = self._modes.get(s)
        self._forget_below(s)
        if mode is not None:
            self._set_mode(d, mode)

    def touch(self, path: str) -> None:
        canonical = self.canonical(path)
        if self.exists(canonical):
            self.set_mtime(canonical, time.time())
        else:
            self.write_bytes(canonical, b"")

    def free_bytes(self) -> int:
        if self._disk_full():
            return 0
        return shutil.disk_usage(self._root).free
