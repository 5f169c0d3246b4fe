"""A restarted phone keeps its state; a farm keeps its phones' ports."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from farmhand.virtual import journal as journal_mod
from farmhand.virtual.farm import VirtualFarm
from farmhand.virtual.knobs import KnobError
from farmhand.virtual.phone import VirtualPhone
from tests.virtual.conftest import NOTES, notes, sh


def test_restart_keeps_files_packages_states_knobs_and_answers(
    make_phone: Callable[..., VirtualPhone],
) -> None:
    phone = make_phone()
    phone.write_file("/sdcard/DCIM/Camera/keep.mp4", b"\x00\x00\x00\x18ftypmp42")
    sh(phone, "content call --uri content://media --method scan_volume --arg external_primary")
    sh(phone, f"monkey -p {NOTES} -c android.intent.category.LAUNCHER 1")
    sh(phone, "input tap 170 900")  # liked: app state
    sh(phone, "input tap 800 570")  # camera permission dialog
    sh(phone, "input tap 540 1400")  # "While using the app"
    sh(phone, "farmhand-vphone knob captcha on; farmhand-vphone knob upload_seconds 7.5")
    sh(phone, "ime enable com.android.adbkeyboard/.AdbIME; ime set com.android.adbkeyboard/.AdbIME")
    sh(phone, "cmd clipboard set copied text")
    media_id = phone.media.items()[0].media_id
    assert notes(phone).state == {"liked": True, "photos": 1}

    again = make_phone()
    assert again.read_file("/sdcard/DCIM/Camera/keep.mp4") == b"\x00\x00\x00\x18ftypmp42"
    assert again.media.items()[0].media_id == media_id
    assert again.app_state(NOTES) == {"liked": True, "photos": 1}
    assert again.knob("captcha") is True
    assert again.knob("upload_seconds") == 7.5
    assert again.packages.is_granted(NOTES, "android.permission.CAMERA")
    assert (
        sh(again, "settings get secure default_input_method")[0].strip() == "com.android.adbkeyboard/.AdbIME"
    )
    assert again.clipboard == "copied text"
    assert again.focused()[0] == "com.android.launcher3"  # like a reboot: back on the home screen
    assert any(e["kind"] == "tap" for e in again.journal.entries())
    sh(again, f"monkey -p {NOTES} -c android.intent.category.LAUNCHER 1")
    sh(again, "input tap 800 570")
    assert "grant_dialog" not in again.dump_xml()
    assert again.app_state(NOTES) == {"liked": True, "photos": 2}


def test_journal_rotates_once_full_and_reads_both_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_mod, "MAX_BYTES", 200)
    journal = journal_mod.Journal(tmp_path / "fresh" / "journal.jsonl", clock=lambda: 1.0)
    for n in range(30):  # some 35 bytes each: several rotations
        journal.record("tap", {"n": n})
    rotated = (tmp_path / "fresh" / "journal.1.jsonl").read_text().splitlines()
    older = [json.loads(line)["n"] for line in rotated]
    kept = [e["n"] for e in journal.entries("tap")]
    assert older and kept[: len(older)] == older  # the rotated file is read first
    assert kept == list(range(kept[0], 30))  # oldest first, nothing lost since the last rotation
    assert kept[0] > 0  # what came before the rotated file is gone


def test_pm_clear_forgets_state_and_answers(phone: VirtualPhone) -> None:
    sh(phone, f"monkey -p {NOTES} -c android.intent.category.LAUNCHER 1")
    sh(phone, "input tap 170 900")
    sh(phone, f"pm grant {NOTES} android.permission.CAMERA")
    assert sh(phone, f"pm clear {NOTES}")[0] == "Success\n"
    assert phone.app_state(NOTES) in (None, {})
    assert not phone.packages.is_granted(NOTES, "android.permission.CAMERA")
    assert sh(phone, "pm clear no.such.pkg")[2] == 1


def test_knob_errors_name_the_problem(phone: VirtualPhone) -> None:
    with pytest.raises(KnobError, match="unknown knob 'captch'"):
        phone.set_knob("captch", True)
    with pytest.raises(KnobError, match="locale"):
        phone.set_knob("locale", "de")
    with pytest.raises(KnobError, match="must be >= 0"):
        phone.set_knob("upload_seconds", -1)
    with pytest.raises(KnobError, match="unknown profile"):
        phone.set_knob("id_profile", "tiktok-99")
    _out, err, code = sh(phone, "farmhand-vphone knob slow_ms lots")
    assert code == 1
    assert "slow_ms" in err
    assert sh(phone, "farmhand-vphone knob id_profile tiktok-35,ig-300")[2] == 0
    assert sh(phone, "getprop persist.sys.locale")[0] == "en-US\n"
    sh(phone, "farmhand-vphone knob locale fr")
    assert sh(phone, "getprop persist.sys.locale")[0] == "fr-FR\n"
    assert '"locale": "fr"' in sh(phone, "farmhand-vphone knobs")[0]


def test_disconnect_and_unauthorized_knobs(phone: VirtualPhone) -> None:
    assert (phone.connected, phone.authorized) == (True, True)
    phone.set_knob("disconnect", True)
    phone.set_knob("unauthorized", "1")
    assert (phone.connected, phone.authorized) == (False, False)


def test_farm_remembers_ports_and_grows(tmp_path: Path) -> None:
    farm = VirtualFarm(tmp_path, 3, seed=11)
    first = {p.name: p.serial for p in farm.phones}
    assert list(first) == ["vphone-01", "vphone-02", "vphone-03"]
    assert len(set(first.values())) == 3
    assert all(s.startswith("127.0.0.1:") for s in first.values())
    farm.phones[0].phone.write_file("/sdcard/marker", b"1")

    grown = VirtualFarm(tmp_path, 5)
    assert {p.name: p.serial for p in grown.phones[:3]} == first
    assert len({p.port for p in grown.phones}) == 5
    assert grown.seed == 11
    assert grown.phone("vphone-01").phone.read_file("/sdcard/marker") == b"1"
    assert grown.phone(first["vphone-02"]).name == "vphone-02"

    shrunk = VirtualFarm(tmp_path, 2)
    assert [p.name for p in shrunk.phones] == ["vphone-01", "vphone-02"]
    assert (tmp_path / "vphones" / "vphone-05" / "phone.json").exists()
    again = VirtualFarm(tmp_path, 5)
    assert {p.name: p.port for p in again.phones} == {p.name: p.port for p in grown.phones}


def test_farm_moves_off_a_taken_port(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    farm = VirtualFarm(tmp_path, 2, seed=5)
    taken_port = farm.phones[1].port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", taken_port))
        squatter.listen()
        with caplog.at_level(logging.WARNING, logger="farmhand.virtual.farm"):
            moved = VirtualFarm(tmp_path, 2)
    assert moved.phones[0].port == farm.phones[0].port
    assert moved.phones[1].port != taken_port
    assert f"remembered port {taken_port} is taken" in caplog.text
    assert VirtualFarm(tmp_path, 2).phones[1].port == moved.phones[1].port


def test_two_farms_coexist(tmp_path: Path) -> None:
    one = VirtualFarm(tmp_path / "a", 3, seed=1)
    two = VirtualFarm(tmp_path / "b", 3, seed=1)
    assert not {p.port for p in one.phones} & {p.port for p in two.phones}
    one.phones[0].phone.write_file("/sdcard/only-a", b"a")
    assert two.phones[0].phone.read_file("/sdcard/only-a") is None


def test_farm_rejects_bad_counts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="count"):
        VirtualFarm(tmp_path, -1)


def test_many_phones_are_cheap(tmp_path: Path) -> None:
    threads = threading.active_count()
    farm = VirtualFarm(tmp_path, 500, seed=2)
    assert len(farm) == 500
    assert threading.active_count() == threads  # no thread per phone
    assert sh(farm.phones[499].phone, "getprop ro.serialno")[0] == "vphone-500\n"
    profiles = {p.phone.profile.key for p in farm.phones}
    assert len(profiles) > 1  # a farm looks varied
