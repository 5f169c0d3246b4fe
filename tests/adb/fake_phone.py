"""A small PhoneEndpoint for testing the wire front without the phone model: files in a
temporary folder, a handful of shell commands, and a record of every command line received."""

from __future__ import annotations

import base64
import shlex
import stat
import threading
import time
from pathlib import Path
from typing import IO, Any

from farmhand.virtual.endpoint import FileStat, ShellOutcome


class FakePhone:
    def __init__(self, name: str, root: Path) -> None:
        self._name = name
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.connected_flag = True
        self.authorized_flag = True
        self.disk_full = False
        self.commands: list[str] = []
        self.stdins: list[bytes] = []
        self.rpc_calls: list[tuple[str, Any]] = []
        self.delay_s = 0.0
        self.gate: threading.Event | None = None  # when set up, every command waits for it
        self.ime_installed = ["com.android.adbkeyboard/.AdbIME"]
        self.ime = "com.google.android.inputmethod.latin/.LatinIME"
        self.typed: list[str] = []
        self._lock = threading.Lock()

    # --- switches ----------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    def banner(self) -> dict[str, str]:
        return {"ro.product.name": "fake", "ro.product.model": "Fake_Phone", "ro.product.device": "fakedev"}

    @property
    def connected(self) -> bool:
        return self.connected_flag

    @property
    def authorized(self) -> bool:
        return self.authorized_flag

    # --- files ------------------------------------------------------------------------------------------
    def local(self, path: str) -> Path:
        if path.startswith("/sdcard"):
            path = "/storage/emulated/0" + path[len("/sdcard") :]
        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
        return self.root.joinpath(*parts)

    def stat(self, path: str) -> FileStat | None:
        target = self.local(path)
        if not target.exists():
            return None
        info = target.stat()
        return FileStat(mode=info.st_mode, size=info.st_size, mtime=int(info.st_mtime))

    def listdir(self, path: str) -> list[tuple[str, FileStat]] | None:
        target = self.local(path)
        if not target.is_dir():
            return None
        out = []
        for child in sorted(target.iterdir()):
            info = self.stat(f"{path.rstrip('/')}/{child.name}")
            assert info is not None
            out.append((child.name, info))
        return out

    def read_file(self, path: str) -> bytes | None:
        target = self.local(path)
        return target.read_bytes() if target.is_file() else None

    def write_file(self, path: str, data: bytes, mode: int = 0o644, mtime: int | None = None) -> str | None:
        with self.open_write(path, mode) as out:
            out.write(data)
        return None

    def open_read(self, path: str) -> IO[bytes] | None:
        target = self.local(path)
        return target.open("rb") if target.is_file() else None

    def open_write(self, path: str, mode: int = 0o644) -> IO[bytes]:
        if self.disk_full:
            raise OSError(28, "No space left on device")
        target = self.local(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("wb")

    # --- shell ------------------------------------------------------------------------------------------
    def run(self, command: str, stdin: bytes = b"") -> ShellOutcome:
        with self._lock:
            self.commands.append(command)
            self.stdins.append(stdin)
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.gate is not None:
            self.gate.wait(60)
        lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        tokens = list(lexer)
        out, err, status = b"", b"", 0
        current: list[str] = []
        for token in [*tokens, ";"]:
            if token not in (";", "&&"):
                current.append(token)
                continue
            if current:
                args = [t.replace("$?", str(status)) for t in current]
                o, e, status = self._one(args, stdin)
                out, err = out + o, err + e
            current = []
        return ShellOutcome(out, err, status)

    def _one(self, args: list[str], stdin: bytes) -> tuple[bytes, bytes, int]:
        name, rest = args[0], args[1:]
        if name == "echo":
            return (" ".join(rest) + "\n").encode(), b"", 0
        if name == "args":  # one argument per line, to check quoting end to end
            return "".join(f"<{a}>\n" for a in rest).encode(), b"", 0
        if name == "cat":
            if not rest:
                return stdin, b"", 0
            data = self.read_file(rest[0])
            if data is None:
                return b"", f"cat: {rest[0]}: No such file or directory\n".encode(), 1
            return data, b"", 0
        if name == "fail":
            return b"out\n", b"err\n", int(rest[0]) if rest else 1
        if name == "true":
            return b"", b"", 0
        if name == "false":
            return b"", b"", 1
        if name == "rm":
            for path in rest:
                if not path.startswith("-") and self.local(path).is_file():
                    self.local(path).unlink()
            return b"", b"", 0
        if name == "getprop":
            props = {"ro.product.model": "Fake_Phone", "ro.build.version.release": "13"}
            if rest:
                return (props.get(rest[0], "") + "\n").encode(), b"", 0
            return "".join(f"[{k}]: [{v}]\n" for k, v in props.items()).encode(), b"", 0
        if name == "dumpsys" and rest[:1] == ["battery"]:
            return b"Current Battery Service state:\n  level: 77\n", b"", 0
        if name == "wm":
            return b"Physical size: 1080x2400\n", b"", 0
        if name == "settings" and rest[:3] == ["get", "secure", "default_input_method"]:
            return (self.ime + "\n").encode(), b"", 0
        if name == "ime" and rest[:1] == ["list"]:
            return "".join(f"{i}\n" for i in self.ime_installed).encode(), b"", 0
        if name == "ime" and rest[:1] in (["enable"], ["set"]) and len(rest) == 2:
            if rest[1] not in self.ime_installed:
                return b"", f"Unknown input method {rest[1]}\n".encode(), 1
            if rest[0] == "set":
                self.ime = rest[1]
            return b"", b"", 0
        if name == "am" and rest[:2] == ["broadcast", "-a"] and rest[3:4] == ["--es"]:
            action, payload = rest[2], rest[5]
            if action == "ADB_INPUT_B64" and self.ime == "com.android.adbkeyboard/.AdbIME":
                self.typed.append(base64.b64decode(payload).decode("utf-8"))
                return b"Broadcasting: Intent { act=ADB_INPUT_B64 }\nBroadcast completed: result=-1\n", b"", 0
            return b"Broadcast completed: result=0\n", b"", 0
        if name == "screencap":
            return b"\x89PNG\r\n\x1a\nfake-png", b"", 0
        return b"", f"/system/bin/sh: {name}: inaccessible or not found\n".encode(), 127

    def uiautomator_rpc(self, method: str, params: list[Any] | dict[str, Any]) -> Any:
        self.rpc_calls.append((method, params))
        if method == "dumpWindowHierarchy":
            return '<?xml version=\'1.0\' ?><hierarchy rotation="0"><node text="fake" /></hierarchy>'
        if method == "deviceInfo":
            return {"displayWidth": 1080, "displayHeight": 2400, "productName": "fake"}
        raise NotImplementedError(method)


def is_dir_mode(mode: int) -> bool:
    return stat.S_ISDIR(mode)
