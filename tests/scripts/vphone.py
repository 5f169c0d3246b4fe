"""Running a script end to end on a virtual phone, in process, as the engine would: validate
the config, build the context, run, then the cleanups whatever the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from farmhand.devices.virtual import VirtualDevice
from farmhand.domain import DEFAULT_PACKAGES, Platform
from farmhand.scripts.base import ScriptError
from farmhand.scripts.registry import get_script
from farmhand.virtual.phone import VirtualPhone

from .fakes import FakeHooks, make_ctx

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(4096)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(2048)
TIKTOK = DEFAULT_PACKAGES[Platform.TIKTOK]
INSTAGRAM = DEFAULT_PACKAGES[Platform.INSTAGRAM]


@dataclass
class Run:
    phone: VirtualPhone
    hooks: FakeHooks
    remark: str | None = None
    error: ScriptError | None = None
    cleaned: list[str] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return self.error.code.value if self.error else None

    def state(self, package: str = TIKTOK) -> dict[str, Any]:
        return self.phone.app_state(package) or {}

    def journal(self, kind: str) -> list[dict[str, Any]]:
        return self.phone.journal.entries(kind)

    def camera_roll(self) -> list[str]:
        out = self.phone.run("ls /sdcard/DCIM/Camera").stdout.decode()
        return [name for name in out.split() if name]


def new_phone(tmp_path: Path, *, knobs: dict[str, Any] | None = None, seed: int = 1) -> VirtualPhone:
    phone = VirtualPhone("vphone-01", tmp_path / "phone", seed=seed)
    phone.set_knob("upload_seconds", 0.3)
    for name, value in (knobs or {}).items():
        phone.set_knob(name, value)
    return phone


def media(tmp_path: Path, count: int = 1, kind: str = "video") -> list[Path]:
    folder = tmp_path / "materials"
    folder.mkdir(exist_ok=True)
    files = []
    for i in range(count):
        path = folder / (f"clip{i}.mp4" if kind == "video" else f"photo{i}.jpg")
        path.write_bytes(MP4 if kind == "video" else JPEG)
        files.append(path)
    return files


def run_script(
    phone: VirtualPhone,
    name: str,
    config: dict[str, Any],
    *,
    platform: Platform = Platform.TIKTOK,
    account: str | None = None,
    materials: list[Path] | None = None,
    time_scale: float = 0.002,
    package: str | None = None,
) -> Run:
    script = get_script(name)
    assert script is not None
    validated = script.config_model.model_validate(config, context={"check_files": False})
    device = VirtualDevice(phone)
    ctx, hooks = make_ctx(
        device,
        validated,
        platform=platform,
        account=account,
        materials=materials,
        time_scale=time_scale,
        package=package,
    )
    run = Run(phone=phone, hooks=hooks)
    try:
        run.remark = script.run(ctx)
    except ScriptError as exc:
        run.error = exc
    finally:
        for what, action in ctx.cleanups():
            action()
            run.cleaned.append(what)
    return run
