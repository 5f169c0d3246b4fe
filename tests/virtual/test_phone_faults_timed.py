"""The timed drop: ``disconnect_for`` takes a phone off for a while, then it comes back."""

from __future__ import annotations

from pathlib import Path

from farmhand.virtual.phone import VirtualPhone


def test_disconnect_for_drops_the_phone_then_brings_it_back(tmp_path: Path) -> None:
    now = [1000.0]
    phone = VirtualPhone("vphone-01", tmp_path / "p", clock=lambda: now[0])
    assert phone.connected
    phone.run("farmhand-vphone knob disconnect_for 5")
    assert not phone.connected
    now[0] += 4.9
    assert not phone.connected
    now[0] += 0.2
    assert phone.connected
    phone.set_knob("disconnect_for", 0)
    assert phone.connected
