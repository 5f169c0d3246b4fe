"""The adb server control: binary, addresses, and connect errors that come fast and clear."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from farmhand.devices.adb_server import AdbConnectError, AdbServer, AdbServerError, find_adb, parse_address

from .conftest import free_port


def test_find_adb_gives_an_executable():
    path = find_adb()
    assert path.is_file()
    assert os.access(path, os.X_OK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.168.1.20:5555", ("192.168.1.20", 5555)),
        ("phone-7.lan", ("phone-7.lan", 5555)),
        (" 127.0.0.1:5601 ", ("127.0.0.1", 5601)),
        ("[::1]:5037", ("::1", 5037)),
    ],
)
def test_parse_address_accepts(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("host:0", "port"),
        ("host:99999", "port"),
        ("host:abc", "port"),
        (":5555", "host"),
        ("::1:5555", "IPv6"),
    ],
)
def test_parse_address_names_the_problem(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_address(text)


def test_bad_server_port_is_refused():
    with pytest.raises(ValueError, match="port"):
        AdbServer(port=70000)


def test_connect_to_a_closed_port_is_refused_clearly(adb_server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(AdbConnectError, match="refused"):
        adb_server.connect(f"127.0.0.1:{port}", timeout=3)
    assert f"127.0.0.1:{port}" not in adb_server.kept


@pytest.fixture
def tcp_service() -> Iterator[Callable[[Callable[[socket.socket], None]], int]]:
    servers: list[socket.socket] = []

    def start(handler: Callable[[socket.socket], None]) -> int:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        servers.append(server)

        def loop() -> None:
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                threading.Thread(target=handler, args=(conn,), daemon=True).start()

        threading.Thread(target=loop, daemon=True).start()
        return int(server.getsockname()[1])

    yield start
    for server in servers:
        server.close()


def test_connect_to_a_silent_service_fails_within_the_timeout(adb_server, tcp_service):
    release = threading.Event()

    def silent(conn: socket.socket) -> None:
        release.wait(30)
        conn.close()

    port = tcp_service(silent)
    try:
        with pytest.raises(AdbConnectError, match="not an ADB device"):
            adb_server.connect(f"127.0.0.1:{port}", timeout=1.5)
    finally:
        release.set()
    assert adb_server.state_of(f"127.0.0.1:{port}") is None


def test_connect_to_an_http_service_fails_clearly(adb_server, tcp_service):
    def http(conn: socket.socket) -> None:
        conn.recv(100)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        conn.close()

    port = tcp_service(http)
    with pytest.raises(AdbConnectError, match="not an ADB device"):
        adb_server.connect(f"127.0.0.1:{port}", timeout=3)
    assert adb_server.state_of(f"127.0.0.1:{port}") is None


def test_connect_keeps_the_address_and_disconnect_forgets_it(make_phones, adb_server):
    group = make_phones(connect=False)
    serial = group.serials[0]
    assert adb_server.connect(serial) == serial
    assert serial in adb_server.kept
    assert adb_server.state_of(serial) == "device"
    adb_server.disconnect(serial)
    assert serial not in adb_server.kept
    assert adb_server.state_of(serial) is None


def test_a_stopped_server_is_not_started_again_behind_our_back():
    server = AdbServer(port=free_port())
    server.stop()
    with pytest.raises(AdbServerError, match=str(server.port)):
        server.devices()
    assert not server.is_running()


def test_farmhand_adb_names_the_binary(monkeypatch, tmp_path):
    monkeypatch.setenv("FARMHAND_ADB", str(find_adb()))
    assert find_adb().is_file()
    monkeypatch.setenv("FARMHAND_ADB", str(tmp_path / "no-adb-here"))
    with pytest.raises(AdbServerError, match="FARMHAND_ADB"):
        find_adb()
