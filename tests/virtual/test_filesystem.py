"""The phone's file system: aliases, confinement to the state folder, disk full, streaming."""

from __future__ import annotations

import errno
import os
import tracemalloc
from pathlib import Path

import pytest

from farmhand.devices.virtual import VirtualDevice
from farmhand.virtual.filesystem import PhoneFS
from farmhand.virtual.phone import VirtualPhone
from tests.virtual.conftest import sh


def test_sdcard_is_the_shared_storage(phone: VirtualPhone) -> None:
    assert phone.write_file("/sdcard/DCIM/Camera/a.txt", b"hello") is None
    assert phone.read_file("/storage/emulated/0/DCIM/Camera/a.txt") == b"hello"
    assert phone.read_file("/storage/self/primary/DCIM/Camera/a.txt") == b"hello"
    assert sh(phone, "cat /storage/emulated/0/DCIM/Camera/a.txt")[0] == "hello"
    listed = phone.listdir("/sdcard/DCIM/Camera")
    assert listed is not None
    assert [name for name, _ in listed] == ["a.txt"]
    assert phone.fs.canonical("/sdcard/../sdcard/./DCIM") == "/storage/emulated/0/DCIM"


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/sdcard/../../../../../../tmp/escape",
        "/data/local/tmp/../../../../../../../../escape",
    ],
)
def test_dotdot_never_leaves_the_phone(phone: VirtualPhone, path: str) -> None:
    host = phone.fs.host_path(path)
    root = (phone.state_dir / "fs").resolve()
    assert str(host.resolve()).startswith(str(root))
    assert phone.read_file("/../../etc/passwd") is None


def test_symlink_out_of_the_phone_is_refused(phone: VirtualPhone, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret")
    link = phone.fs.host_path("/sdcard/Download") / "link"
    os.symlink(tmp_path, link)
    with pytest.raises(PermissionError):
        phone.fs.host_path("/sdcard/Download/link/secret.txt")
    assert phone.read_file("/sdcard/Download/link/secret.txt") is None
    assert phone.stat("/sdcard/Download/link/secret.txt") is None
    out, _err, code = sh(phone, "cat /sdcard/Download/link/secret.txt")
    assert code != 0
    assert "host secret" not in out
    with pytest.raises(OSError):  # noqa: PT011 - EACCES or ENOENT, both refuse
        phone.open_write("/sdcard/Download/link/new.txt")
    assert not (tmp_path / "new.txt").exists()


def test_only_shared_storage_and_tmp_are_writable(phone: VirtualPhone) -> None:
    with pytest.raises(OSError, match=r"Read-only|Permission denied") as refused:
        phone.open_write("/system/bin/evil")
    assert refused.value.errno in (errno.EROFS, errno.EACCES)
    assert phone.write_file("/data/local/tmp/ok.bin", b"1") is None
    assert phone.write_file("/data/data/com.x/file", b"1") is not None
    _out, _err, code = sh(phone, "rm -rf /sdcard")
    assert code == 1
    assert phone.fs.is_dir("/sdcard/DCIM")


def test_disk_full_knob(phone: VirtualPhone) -> None:
    phone.set_knob("disk_full", True)
    with pytest.raises(OSError, match="No space left") as full:
        phone.open_write("/sdcard/DCIM/Camera/v.mp4")
    assert full.value.errno == errno.ENOSPC
    assert "No space left on device" in (phone.write_file("/sdcard/x", b"1") or "")
    assert "No space left" in sh(phone, "echo x > /sdcard/y")[1]
    assert "100%" in sh(phone, "df")[0]
    phone.set_knob("disk_full", False)
    assert phone.write_file("/sdcard/x", b"1") is None


def test_disk_filling_during_a_stream(phone: VirtualPhone) -> None:
    sink = phone.open_write("/sdcard/DCIM/Camera/big.mp4")
    sink.write(b"a" * 1000)
    phone.set_knob("disk_full", True)
    with pytest.raises(OSError, match="No space left") as full:
        sink.write(b"b" * 1000)
    sink.close()
    assert full.value.errno == errno.ENOSPC


def test_modes_and_mtimes(phone: VirtualPhone) -> None:
    assert phone.write_file("/data/local/tmp/tool", b"#!", mode=0o755, mtime=1_700_000_000) is None
    st = phone.stat("/data/local/tmp/tool")
    assert st is not None
    assert (st.mode & 0o777, st.mtime, st.size) == (0o755, 1_700_000_000, 2)
    assert st.mode & 0o170000 == 0o100000
    folder = phone.stat("/sdcard/DCIM")
    assert folder is not None
    assert folder.mode & 0o170000 == 0o040000
    assert sh(phone, "chmod 600 /data/local/tmp/tool; stat -c %a /data/local/tmp/tool")[0] == "600\n"


def test_large_files_stream_without_being_held_in_memory(phone: VirtualPhone, tmp_path: Path) -> None:
    size = 48 * 1024 * 1024
    source = tmp_path / "big.mp4"
    with source.open("wb") as handle:
        handle.truncate(size)  # sparse: cheap to make, still 48 MB to stream
    device = VirtualDevice(phone)
    tracemalloc.start()
    try:
        device.push(source, "/sdcard/DCIM/Camera/big.mp4", timeout=120)
        device.pull("/sdcard/DCIM/Camera/big.mp4", tmp_path / "back.mp4", timeout=120)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (tmp_path / "back.mp4").stat().st_size == size
    assert peak < 8 * 1024 * 1024  # streamed in chunks, never the whole file
    st = phone.stat("/sdcard/DCIM/Camera/big.mp4")
    assert st is not None
    assert st.size == size


def test_file_commands(phone: VirtualPhone) -> None:
    out, err, code = sh(
        phone,
        "mkdir -p /sdcard/a/b && echo x > /sdcard/a/b/f && cp /sdcard/a/b/f /sdcard/a/g && "
        "mv /sdcard/a/g /sdcard/a/h && ls /sdcard/a && rm -r /sdcard/a && ls /sdcard/a",
    )
    assert out == "b\nh\n"
    assert code == 1
    assert "No such file" in err
    assert sh(phone, "mkdir /sdcard/x/y")[2] == 1
    assert sh(phone, "rm /sdcard/nothing")[2] == 1
    assert sh(phone, "rm -f /sdcard/nothing")[2] == 0
    md5 = sh(phone, "echo -n abc > /data/local/tmp/h; toybox md5sum /data/local/tmp/h")[0]
    assert md5 == "900150983cd24fb0d6963f7d28e17f72  /data/local/tmp/h\n"
    assert sh(phone, "stat -c %s /data/local/tmp/h")[0] == "3\n"
    assert "drwx" in sh(phone, "ls -l /sdcard")[0]


def test_fs_rejects_nul_bytes(tmp_path: Path) -> None:
    fs = PhoneFS(tmp_path / "fs")
    with pytest.raises(OSError):  # noqa: PT011
        fs.canonical("/sdcard/a\x00b")
