"""Getting a post's files onto the phone where the apps look for them (notes 1.0 P1-P2).

Files go to the camera roll (``/sdcard/DCIM/Camera/``, the first thing every gallery shows,
newest first) under names farmhand makes up, so nothing a client named reaches the phone's
file system. The media store is told (``scan_volume``, with the scanner broadcast as fallback),
and a share intent needs the file's ``content://`` URI, read back with ``content query``.
Removal is registered before the push, so even a half-pushed file goes away.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from farmhand.devices.base import DeviceError
from farmhand.domain import ErrorCode
from farmhand.media import MediaError, media_kind, mime_type
from farmhand.scripts.base import ScriptContext, ScriptError

CAMERA_DIR = "/sdcard/DCIM/Camera"
STORAGE_ALIASES = ("/storage/emulated/0", "/sdcard")
URI_TIMEOUT = 30.0  # real seconds for the media store to index a file (videos take longer)
_ROW_ID = re.compile(r"_id=(\d+)")
SCAN_VOLUME = [
    "content",
    "call",
    "--uri",
    "content://media",
    "--method",
    "scan_volume",
    "--arg",
    "external_primary",
]


@dataclass(frozen=True, slots=True)
class PushedFile:
    local: Path
    remote: str  # /sdcard/DCIM/Camera/farmhand_...
    kind: str  # video | image
    mime: str

    @property
    def name(self) -> str:
        return self.remote.rsplit("/", 1)[-1]

    @property
    def table_uri(self) -> str:
        table = "video" if self.kind == "video" else "images"
        return f"content://media/external/{table}/media"


def remote_name(task_id: int, token: str, index: int, local: Path) -> str:
    """``farmhand_<task>_<token>_<n>.<ext>``: only letters, digits, ``_`` and ``.``; one token
    per run, so the files of a carousel sort (and are indexed) in the order they were given."""
    suffix = local.suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ""
    return f"farmhand_{task_id}_{token}_{index + 1:02d}{suffix}"


def push_media(ctx: ScriptContext, files: list[Path]) -> list[PushedFile]:
    """Push ``files`` in order (the last one ends up newest in the gallery)."""
    device = ctx.device
    pushed: list[PushedFile] = []
    token = secrets.token_hex(4)
    device.shell(["mkdir", "-p", CAMERA_DIR])
    for index, local in enumerate(files):
        try:
            kind = media_kind(local)
        except MediaError as exc:
            raise ScriptError(ErrorCode.MATERIAL_MISSING, str(exc)) from None
        remote = f"{CAMERA_DIR}/{remote_name(ctx.task_id, token, index, local)}"
        item = PushedFile(local=local, remote=remote, kind=kind, mime=mime_type(local))
        ctx.on_cleanup(f"remove {item.name}", _remover(ctx, remote))
        device.push(local, remote)
        ctx.log(f"pushed {local.name} as {remote}")
        pushed.append(item)
    return pushed


def _remover(ctx: ScriptContext, remote: str) -> Callable[[], None]:
    def remove() -> None:
        ctx.device.shell(["rm", "-f", remote], timeout=10.0).check(f"removing {remote}")
        # Let the media store forget the file too, so galleries do not show a dead thumbnail.
        ctx.device.shell(SCAN_VOLUME, timeout=10.0)

    return remove


def scan(ctx: ScriptContext, files: list[PushedFile]) -> None:
    """Make the media store index the pushed files."""
    result = ctx.device.shell(SCAN_VOLUME)
    text = result.stdout + result.stderr
    if result.ok and "Error" not in text and "Exception" not in text:
        return
    ctx.log("scan_volume refused; falling back to the media scanner broadcast")
    for item in files:
        ctx.device.shell(
            [
                "am",
                "broadcast",
                "-a",
                "android.intent.action.MEDIA_SCANNER_SCAN_FILE",
                "-d",
                f"file://{item.remote}",
            ]
        ).check("media scanner broadcast")


def content_uri(ctx: ScriptContext, item: PushedFile, timeout: float = URI_TIMEOUT) -> str:
    """The file's ``content://media/...`` URI, waiting for the media store to list it."""
    relative = item.remote.removeprefix("/sdcard")
    started = time.monotonic()
    while True:
        for root in STORAGE_ALIASES:
            where = f"_data='{root}{relative}'"
            result = ctx.device.shell(
                ["content", "query", "--uri", item.table_uri, "--projection", "_id", "--where", where]
            )
            match = _ROW_ID.search(result.stdout)
            if match:
                return f"{item.table_uri}/{match.group(1)}"
        if time.monotonic() - started >= timeout:
            raise ScriptError(
                ErrorCode.DEVICE_ERROR,
                f"the phone's media store did not list {item.remote} within {timeout:.0f} s",
            )
        ctx.wait_real(1.0)


def share_intent_args(component: str, pushed: list[PushedFile], uris: list[str]) -> list[str]:
    """``am start`` arguments sharing the pushed files with ``component``: ``SEND`` with the
    file's type for one file, ``SEND_MULTIPLE`` with ``video/*`` or ``image/*`` for several."""
    several = len(uris) > 1
    action = "android.intent.action.SEND_MULTIPLE" if several else "android.intent.action.SEND"
    mime = (pushed[0].kind + "/*") if several else pushed[0].mime
    args = ["-n", component, "-a", action, "-t", mime]
    for uri in uris:
        args += ["--eu", "android.intent.extra.STREAM", uri]
    args.append("--grant-read-uri-permission")
    return args


def prepare_media(
    ctx: ScriptContext, files: list[Path], *, need_uris: bool
) -> tuple[list[PushedFile], list[str]]:
    """Push, scan and (for share intents) look up the URIs; one step each in the log."""
    with ctx.step("push media"):
        pushed = push_media(ctx, files)
    with ctx.step("index media"):
        scan(ctx, pushed)
        uris: list[str] = []
        if need_uris:
            try:
                uris = [content_uri(ctx, item) for item in pushed]
            except DeviceError as exc:
                raise ScriptError(ErrorCode.DEVICE_ERROR, f"media store query failed: {exc}") from None
    return pushed, uris
