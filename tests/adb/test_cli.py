"""``farmhand devices``, ``farmhand device dump`` and ``farmhand vphone``."""

from __future__ import annotations

import json
import random
import signal
import socket
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from farmhand.cli import devices, vphone


def free_port_pair() -> int:
    """Two free ports in a row, below the ephemeral range where client sockets land."""
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20000, 32000)
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("127.0.0.1", base))
                b.bind(("127.0.0.1", base + 1))
        except OSError:
            continue
        return base
    raise AssertionError("no two free ports in a row")


runner = CliRunner()


def test_connect_prints_the_serial_and_state(make_phones, adb_server):
    group = make_phones(connect=False)
    serial = group.serials[0]
    result = runner.invoke(devices.app, ["connect", serial, "--adb-port", str(adb_server.port)])
    assert result.exit_code == 0, result.output
    assert f"connected {serial} (device)" in result.output
    assert devices.connect_device(serial, adb_port=adb_server.port) == serial


def test_connect_errors_are_clear(adb_server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    refused = runner.invoke(
        devices.app, ["connect", f"127.0.0.1:{closed}", "--adb-port", str(adb_server.port)]
    )
    assert refused.exit_code == 1
    assert "refused" in refused.output
    malformed = runner.invoke(devices.app, ["connect", "phone:port", "--adb-port", str(adb_server.port)])
    assert malformed.exit_code == 2
    assert "port must be a number" in malformed.output


def test_list_shows_what_the_server_sees(make_phones, adb_server):
    group = make_phones()
    table = runner.invoke(devices.app, ["list", "--adb-port", str(adb_server.port)])
    assert table.exit_code == 0
    line = next(line for line in table.output.splitlines() if line.startswith(group.serials[0]))
    assert line.split() == [group.serials[0], "device", "tcp", "Fake_Phone"]
    as_json = runner.invoke(devices.app, ["list", "--json", "--adb-port", str(adb_server.port)])
    rows = [json.loads(line) for line in as_json.output.splitlines()]
    assert {"serial": group.serials[0], "state": "device", "kind": "tcp", "model": "Fake_Phone"} in rows


def test_dump_saves_hierarchy_and_screenshot(make_phones, adb_server, tmp_path):
    group = make_phones()
    out = tmp_path / "dumps"
    result = runner.invoke(
        devices.device_app, ["dump", group.serials[0], "--out", str(out), "--adb-port", str(adb_server.port)]
    )
    assert result.exit_code == 0, result.output
    xml = next(out.glob("*.xml"))
    png = next(out.glob("*.png"))
    assert "<hierarchy" in xml.read_text()
    assert png.read_bytes().startswith(b"\x89PNG")
    assert str(xml) in result.output


def test_dump_of_an_unknown_phone_says_so(adb_server, tmp_path):
    result = runner.invoke(
        devices.device_app,
        ["dump", "R58M000NONE", "--out", str(tmp_path), "--adb-port", str(adb_server.port)],
    )
    assert result.exit_code == 1
    assert "no phone R58M000NONE" in result.output
    assert list(tmp_path.iterdir()) == []


def test_plan_ports():
    assert vphone.plan_ports(3, 6000, [1, 2, 3]) == [6000, 6001, 6002]
    assert vphone.plan_ports(2, None, [21000, 22000]) == [21000, 22000]
    with pytest.raises(ValueError, match="base-port"):
        vphone.plan_ports(10, 65530, [])


def test_vphone_runs_phones_on_the_wire_until_interrupted(adb_server, tmp_path):
    base = free_port_pair()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "farmhand.cli.main",
            "vphone",
            "--count",
            "2",
            "--base-port",
            str(base),
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = []
        while not any("Ctrl-C" in line for line in lines):
            line = proc.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        serials = [f"127.0.0.1:{base}", f"127.0.0.1:{base + 1}"]
        for serial in serials:
            assert any(serial in line for line in lines)
        assert adb_server.connect(serials[1]) == serials[1]
        echoed = adb_server.run_adb("-s", serials[1], "shell", "getprop", "ro.product.model")
        assert echoed.returncode == 0
        assert echoed.stdout.strip()
        adb_server.disconnect(serials[1])
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert "virtual phones stopped" in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (tmp_path / "vphones" / "vphone-02").is_dir()
