"""``sync:``: the file service behind ``adb push``, ``pull`` and ``ls`` (AOSP ``SYNC.TXT``,
``file_sync_protocol.h``). Files are streamed through the phone's ``open_write`` and
``open_read`` in bounded chunks, so a 2 GB push never sits in memory."""

from __future__ import annotations

import errno
import logging
import shlex
import stat
import struct
from typing import IO

from farmhand.virtual.adb.runtime import PhoneRuntime
from farmhand.virtual.adb.streams import Stream, StreamClosed
from farmhand.virtual.endpoint import FileStat

log = logging.getLogger(__name__)

_REQUEST = struct.Struct("<4sI")
_STAT_V1 = struct.Struct("<4sIII")
# id, errno, dev, ino, mode, nlink, uid, gid, size, atime, mtime, ctime
_STAT_V2 = struct.Struct("<4sIQQIIIIQqqq")
_DENT_V1 = struct.Struct("<4sIIII")
_DENT_V2 = struct.Struct("<4sIQQIIIIQqqqI")

MAX_PATH = 1024
SYNC_DATA_MAX = 64 * 1024
# How much pushed data we gather before handing it to the phone (fewer thread hops).
WRITE_BATCH = 1024 * 1024
# Android's sdcard_rw group; what adbd reports for files on shared storage.
_UID = 0
_GID = 1015


async def sync_service(stream: Stream, phone: PhoneRuntime) -> None:
    while True:
        try:
            request, length = _REQUEST.unpack(await stream.read_exactly(_REQUEST.size))
        except StreamClosed:
            return
        if request == b"QUIT":
            return
        if length > MAX_PATH:
            await _fail(stream, f"path too long ({length} bytes)")
            return
        raw = await stream.read_exactly(length) if length else b""
        try:
            path = raw.decode("utf-8")
        except UnicodeDecodeError:
            await _fail(stream, "path is not UTF-8")
            return
        if request == b"STAT":
            await _stat_v1(stream, phone, path)
        elif request in (b"STA2", b"LST2"):
            await _stat_v2(stream, phone, path, request)
        elif request == b"LIST":
            await _list(stream, phone, path, v2=False)
        elif request == b"LIS2":
            await _list(stream, phone, path, v2=True)
        elif request == b"SEND":
            if not await _send(stream, phone, path):
                return
        elif request == b"RECV":
            await _recv(stream, phone, path)
        else:
            await _fail(stream, f"unknown sync request {request!r}")
            return


async def _fail(stream: Stream, message: str) -> None:
    data = message.encode()
    await stream.write(_REQUEST.pack(b"FAIL", len(data)) + data)


async def _stat_v1(stream: Stream, phone: PhoneRuntime, path: str) -> None:
    info = await phone.call(phone.endpoint.stat, path)
    if info is None:
        await stream.write(_STAT_V1.pack(b"STAT", 0, 0, 0))
    else:
        await stream.write(_STAT_V1.pack(b"STAT", info.mode, min(info.size, 0xFFFFFFFF), info.mtime))


def _v2_fields(info: FileStat | None) -> tuple[int, ...]:
    if info is None:
        return (errno.ENOENT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    nlink = 2 if stat.S_ISDIR(info.mode) else 1
    return (0, 0, 0, info.mode, nlink, _UID, _GID, info.size, info.mtime, info.mtime, info.mtime)


async def _stat_v2(stream: Stream, phone: PhoneRuntime, path: str, request: bytes) -> None:
    info = await phone.call(phone.endpoint.stat, path)
    await stream.write(_STAT_V2.pack(request, *_v2_fields(info)))


async def _list(stream: Stream, phone: PhoneRuntime, path: str, *, v2: bool) -> None:
    entries = await phone.call(phone.endpoint.listdir, path)
    folder = await phone.call(phone.endpoint.stat, path) if entries is not None else None
    listing: list[tuple[str, FileStat]] = []
    if entries is not None and folder is not None:
        listing = [(".", folder), ("..", folder), *entries]
    out = bytearray()
    for name, info in listing:
        encoded = name.encode("utf-8", errors="surrogateescape")
        if v2:
            out += _DENT_V2.pack(b"DNT2", *_v2_fields(info), len(encoded)) + encoded
        else:
            size = min(info.size, 0xFFFFFFFF)
            out += _DENT_V1.pack(b"DENT", info.mode, size, info.mtime, len(encoded)) + encoded
    # The end marker is a whole zeroed entry: 20 bytes for LIST, 76 for LIS2 (a short one
    # leaves `adb ls` waiting forever).
    out += _DENT_V2.pack(b"DONE", *(0,) * 12) if v2 else _DENT_V1.pack(b"DONE", 0, 0, 0, 0)
    await stream.write(bytes(out))


async def _send(stream: Stream, phone: PhoneRuntime, spec: str) -> bool:
    """Receive a pushed file. Returns False if the stream cannot go on."""
    path, _, mode_text = spec.rpartition(",")
    if not path or not mode_text.isdigit():
        path, mode = spec, 0o644
    else:
        mode = int(mode_text)
    if stat.S_ISLNK(mode):
        await _drain_data(stream)
        await _fail(stream, "symbolic links are not supported")
        return True
    error: str | None = None
    target: IO[bytes] | None = None
    try:
        target = await phone.call(phone.endpoint.open_write, path, stat.S_IMODE(mode) or 0o644)
    except OSError as exc:
        error = f"{path}: {exc.strerror or exc}"
    batch = bytearray()
    complete = False
    mtime = 0
    try:
        while True:
            request, length = _REQUEST.unpack(await stream.read_exactly(_REQUEST.size))
            if request == b"DATA":
                if length > SYNC_DATA_MAX:
                    await _fail(stream, f"data chunk of {length} bytes exceeds {SYNC_DATA_MAX}")
                    return False
                chunk = await stream.read_exactly(length)
                if target is not None and error is None:
                    batch += chunk
                    if len(batch) >= WRITE_BATCH:
                        error = await _write(phone, target, batch, path)
                        batch = bytearray()
            elif request == b"DONE":
                if target is not None and error is None and batch:
                    error = await _write(phone, target, batch, path)
                complete, mtime = True, length
                break
            else:
                await _fail(stream, f"unexpected {request!r} during a push")
                return False
    finally:
        if target is not None:
            try:
                await phone.call(target.close)
            except OSError as exc:
                error = error or f"{path}: {exc.strerror or exc}"
        if target is not None and (error is not None or not complete):
            # As adbd does: no half-written file is left behind.
            await phone.call(phone.endpoint.run, shlex.join(["rm", "-f", path]), b"")
    # Phone models that can keep the host's file time get it (``adb push`` preserves mtimes).
    set_mtime = getattr(phone.endpoint, "set_mtime", None)
    if error is None and mtime and callable(set_mtime):
        try:
            await phone.call(set_mtime, path, mtime)
        except OSError as exc:
            error = f"{path}: {exc.strerror or exc}"
    if error is not None:
        await _fail(stream, error)
    else:
        await stream.write(_REQUEST.pack(b"OKAY", 0))
    return True


async def _write(phone: PhoneRuntime, target: IO[bytes], data: bytearray, path: str) -> str | None:
    try:
        await phone.call(target.write, bytes(data))
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None


async def _drain_data(stream: Stream) -> None:
    while True:
        request, length = _REQUEST.unpack(await stream.read_exactly(_REQUEST.size))
        if request != b"DATA":
            return
        await stream.read_exactly(length)


async def _recv(stream: Stream, phone: PhoneRuntime, path: str) -> None:
    try:
        source = await phone.call(phone.endpoint.open_read, path)
    except OSError as exc:
        await _fail(stream, f"{path}: {exc.strerror or exc}")
        return
    if source is None:
        await _fail(stream, f"remote object '{path}' does not exist")
        return
    try:
        while True:
            block = await phone.call(source.read, WRITE_BATCH)
            if not block:
                break
            out = bytearray()
            for start in range(0, len(block), SYNC_DATA_MAX):
                chunk = block[start : start + SYNC_DATA_MAX]
                out += _REQUEST.pack(b"DATA", len(chunk)) + chunk
            await stream.write(bytes(out))
    except OSError as exc:
        await _fail(stream, f"{path}: {exc.strerror or exc}")
        return
    finally:
        await phone.call(source.close)
    await stream.write(_REQUEST.pack(b"DONE", 0))
