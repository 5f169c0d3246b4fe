"""Virtual phones reached with the plain adb command line, through the real adb server."""

from __future__ import annotations

import os
import shlex

from farmhand.virtual.adb.services import sync as sync_service

from .conftest import wait_until


def test_connected_phone_is_listed_as_device_with_its_banner(make_phones):
    group = make_phones(2)
    listing = group.adb("devices", "-l").stdout.decode()
    for serial in group.serials:
        line = next(line for line in listing.splitlines() if line.startswith(serial))
        assert line.split()[1] == "device"
        assert "model:Fake_Phone" in line


def test_shell_v2_keeps_exit_code_and_stderr_apart(make_phones):
    group = make_phones()
    result = group.adb("-s", group.serials[0], "shell", "fail 3")
    assert result.returncode == 3
    assert result.stdout == b"out\n"
    assert result.stderr == b"err\n"
    ok = group.adb("-s", group.serials[0], "shell", "echo", "hello")
    assert (ok.returncode, ok.stdout) == (0, b"hello\n")


def test_shell_v2_forwards_stdin(make_phones):
    group = make_phones()
    result = group.adb("-s", group.serials[0], "shell", "cat", input=b"piped \xf0\x9f\x98\x80 bytes\n")
    assert result.stdout == b"piped \xf0\x9f\x98\x80 bytes\n"
    assert group.phones[0].stdins[-1] == b"piped \xf0\x9f\x98\x80 bytes\n"


def test_interactive_shell_runs_lines_until_exit(make_phones):
    group = make_phones()
    result = group.adb("-s", group.serials[0], "shell", input=b"echo one\nfail 4\nexit\n")
    assert b"one\n" in result.stdout
    assert group.phones[0].commands == ["echo one", "fail 4"]


def test_push_pull_and_ls_round_trip(make_phones, tmp_path):
    group = make_phones()
    serial = group.serials[0]
    payload = os.urandom(3 * 1024 * 1024 + 17)
    local = tmp_path / "clip.mp4"
    local.write_bytes(payload)
    pushed = group.adb("-s", serial, "push", str(local), "/sdcard/DCIM/Camera/clip.mp4")
    assert pushed.returncode == 0, pushed.stderr
    assert group.phones[0].local("/storage/emulated/0/DCIM/Camera/clip.mp4").read_bytes() == payload
    back = tmp_path / "back.mp4"
    pulled = group.adb("-s", serial, "pull", "/storage/emulated/0/DCIM/Camera/clip.mp4", str(back))
    assert pulled.returncode == 0, pulled.stderr
    assert back.read_bytes() == payload
    listing = group.adb("-s", serial, "ls", "/sdcard/DCIM/Camera").stdout.decode().splitlines()
    names = {line.split()[-1]: line.split() for line in listing}
    assert set(names) == {".", "..", "clip.mp4"}
    assert int(names["clip.mp4"][1], 16) == len(payload)


def test_pull_of_a_missing_file_fails_cleanly(make_phones, tmp_path):
    group = make_phones()
    result = group.adb("-s", group.serials[0], "pull", "/sdcard/nothing.bin", str(tmp_path / "x"))
    assert result.returncode != 0
    assert b"No such file or directory" in result.stdout + result.stderr  # adb 29 prints to stdout
    assert group.adb("-s", group.serials[0], "shell", "echo", "still").stdout == b"still\n"


def test_exec_out_screencap_returns_the_bytes_untouched(make_phones):
    group = make_phones()
    result = group.adb("-s", group.serials[0], "exec-out", "screencap -p")
    assert result.stdout == b"\x89PNG\r\n\x1a\nfake-png"


def test_big_push_streams_through_the_phone_in_bounded_chunks(make_phones, tmp_path):
    group = make_phones()
    phone = group.phones[0]
    writes: list[int] = []
    original = phone.open_write

    def recording_open_write(path, mode=0o644):
        target = original(path, mode)
        real_write = target.write

        def write(data):
            writes.append(len(data))
            return real_write(data)

        target.write = write  # type: ignore[method-assign]
        return target

    phone.open_write = recording_open_write  # type: ignore[method-assign]
    big = tmp_path / "big.bin"
    size = 200 * 1024 * 1024
    with big.open("wb") as out:
        out.truncate(size)
    result = group.adb("-s", group.serials[0], "push", str(big), "/sdcard/big.bin", timeout=240)
    assert result.returncode == 0, result.stderr
    assert phone.local("/sdcard/big.bin").stat().st_size == size
    assert sum(writes) == size
    assert max(writes) <= sync_service.WRITE_BATCH + sync_service.SYNC_DATA_MAX


def test_push_to_a_full_disk_fails_and_leaves_no_file(make_phones, tmp_path):
    group = make_phones()
    group.phones[0].disk_full = True
    local = tmp_path / "a.bin"
    local.write_bytes(b"x" * 100_000)
    result = group.adb("-s", group.serials[0], "push", str(local), "/sdcard/a.bin")
    assert result.returncode != 0
    assert b"No space left on device" in result.stdout + result.stderr
    assert not group.phones[0].local("/sdcard/a.bin").exists()


def test_unknown_services_are_refused_and_the_phone_keeps_working(make_phones):
    group = make_phones()
    serial = group.serials[0]
    assert group.adb("-s", serial, "reboot").returncode != 0
    assert group.adb("-s", serial, "root").returncode != 0
    assert group.adb("-s", serial, "shell", "echo", "alive").stdout == b"alive\n"


def test_unauthorized_phone_is_listed_until_allowed(make_phones, adb_server):
    group = make_phones(authorized=False, connect=False)
    serial = group.serials[0]
    assert adb_server.connect(serial, timeout=10) == serial
    assert adb_server.state_of(serial) == "unauthorized"
    assert group.adb("-s", serial, "shell", "echo", "x").returncode != 0
    group.phones[0].authorized_flag = True
    wait_until(lambda: adb_server.state_of(serial) == "device", what="authorized phone online")
    assert group.adb("-s", serial, "shell", "echo", "x").stdout == b"x\n"


def test_disconnect_switch_takes_the_phone_offline_and_back(make_phones, adb_server):
    group = make_phones()
    serial = group.serials[0]
    group.phones[0].connected_flag = False
    wait_until(lambda: adb_server.state_of(serial) == "offline", what="phone offline")
    assert group.adb("-s", serial, "shell", "echo", "x").returncode != 0
    group.phones[0].connected_flag = True
    wait_until(lambda: adb_server.state_of(serial) == "device", what="phone back online")
    assert group.adb("-s", serial, "shell", "echo", "back").stdout == b"back\n"


def test_install_falls_back_to_push_and_pm_install(make_phones, tmp_path):
    group = make_phones()
    apk = tmp_path / "app.apk"
    apk.write_bytes(b"PK\x03\x04 not really an apk")
    group.adb("-s", group.serials[0], "install", str(apk))
    commands = [shlex.split(cmd) for cmd in group.phones[0].commands]
    assert ["pm", "install", "/data/local/tmp/app.apk"] in commands
    assert ["rm", "/data/local/tmp/app.apk", "</dev/null"] in commands
