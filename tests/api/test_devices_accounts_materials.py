"""Devices, accounts (incl. CSV import) and the material library through the API."""

from __future__ import annotations

import base64
from typing import Any

from tests.api.conftest import MP4_HEAD, PNG_HEAD, Api


def test_device_list_and_one_device(api: Api) -> None:
    data: Any = api.call("GET", "/device")
    assert data["total"] == 4
    by_serial = {d["serial"]: d for d in data["items"]}
    assert by_serial["R58M123ABC"]["state"] == "online" and by_serial["OFFLINE1"]["state"] == "offline"
    assert by_serial["R58M123ABC"]["busy"] is False and by_serial["R58M123ABC"]["task_id"] is None
    one: Any = api.call("GET", "/device/127.0.0.1:5601")
    assert one["serial"] == "127.0.0.1:5601"
    assert "NOPE" in api.call("GET", "/device/NOPE", 40401)["message"]  # type: ignore[index]
    assert api.call("GET", "/device", params={"state": "offline"})["total"] == 1  # type: ignore[index]


def test_accounts_bind_list_patch_delete(api: Api) -> None:
    created: Any = api.call(
        "POST", "/account", json={"username": "@Alice_1", "platform": "tiktok", "serial": "R58M123ABC"}
    )
    assert created["username"] == "Alice_1" and created["enabled"] is True
    api.call(
        "POST",
        "/account",
        json={
            "username": "Alice_1",
            "platform": "tiktok",
            "serial": "SERIAL3",
            "package": "com.ss.android.ugc.trill",
        },
    )
    listed: Any = api.call("GET", "/account")
    assert [(a["username"], a["serial"], a["package"]) for a in listed["items"]] == [
        ("Alice_1", "SERIAL3", "com.ss.android.ugc.trill")
    ]
    patched: Any = api.call("PATCH", "/account/Alice_1", json={"enabled": False})
    assert patched["enabled"] is False
    assert api.call("GET", "/account", params={"enabled": True})["total"] == 0  # type: ignore[index]
    for bad, needle in (
        ({"username": "x", "platform": "myspace", "serial": "R58M123ABC"}, "platform"),
        ({"platform": "tiktok"}, "username"),
        ({"username": "x", "platform": "tiktok", "serial": "NOPE"}, "NOPE"),
        ({"username": "a b", "platform": "tiktok"}, "spaces"),
    ):
        code = 40401 if needle == "NOPE" else 40001
        assert needle in api.call("POST", "/account", code, json=bad)["message"]  # type: ignore[index]
    assert api.call("DELETE", "/account/Alice_1") == {"deleted": "Alice_1"}
    api.call("DELETE", "/account/Alice_1", 40401)


def test_account_csv_import_reports_refused_rows(api: Api) -> None:
    text = (
        "username,platform,serial,package,enabled\n"
        "alice,tiktok,R58M123ABC,,1\n"
        "bob,instagram,SERIAL3,com.instagram.android,no\n"
        "carol,myspace,R58M123ABC,,1\n"
        "dave,tiktok,UNKNOWN,,1\n"
        "alice,tiktok,SERIAL3,,1\n"
        "erin\n"
        "frank,tiktok,,,maybe\n"
    )
    data: Any = api.call("POST", "/account/import", json={"csv": text})
    assert data["imported"] == 2 and data["created"] == 2
    refused = {r["line"]: r["reason"] for r in data["refused"]}
    assert set(refused) == {4, 5, 6, 7, 8}
    assert "platform" in refused[4] and "UNKNOWN" in refused[5] and "line 2" in refused[6]
    assert "columns" in refused[7] and "maybe" in refused[8]
    accounts: Any = api.call("GET", "/account")
    assert {(a["username"], a["enabled"]) for a in accounts["items"]} == {("alice", True), ("bob", False)}


def test_materials_register_upload_tag_list(api: Api) -> None:
    registered: Any = api.call(
        "POST", "/material", json={"path": str(api.media / "clip.mp4"), "tags": "Cats, dogs"}
    )
    assert (
        registered["kind"] == "video"
        and registered["tags"] == ["cats", "dogs"]
        and registered["used"] is False
    )
    uploaded: Any = api.call(
        "POST",
        "/material",
        json={
            "filename": "../../evil name.png",
            "tags": ["cats"],
            "content_base64": base64.b64encode(PNG_HEAD).decode(),
        },
    )
    assert uploaded["kind"] == "image" and uploaded["name"] == "evil_name.png"
    assert uploaded["path"].startswith(str(api.ctx.config.materials_dir))
    page: Any = api.call("GET", "/material", params={"tag": "dogs"})
    assert [m["id"] for m in page["items"]] == [registered["id"]]
    assert api.call("GET", "/material", params={"tag": "cats"})["total"] == 2  # type: ignore[index]
    assert api.call("GET", "/material", params={"kind": "image"})["total"] == 1  # type: ignore[index]
    tagged: Any = api.call("PATCH", f"/material/{registered['id']}", json={"tags": ["birds"]})
    assert tagged["tags"] == ["birds"]
    api.call("POST", "/material", 40901, json={"path": str(api.media / "clip.mp4")})
    for bad in (
        {"path": "/etc/passwd"},
        {"path": str(api.media / "fake.mp4")},
        {"filename": "x.mp4", "content_base64": "!!!"},
        {"filename": "x.mp4", "content_base64": base64.b64encode(b"nope").decode()},
        {"filename": "x.exe", "content_base64": base64.b64encode(MP4_HEAD).decode()},
    ):
        api.call("POST", "/material", 40001, json=bad)
    bad_upload: Any = api.call(
        "POST",
        "/material",
        40001,
        json={"filename": "holiday.mp4", "content_base64": base64.b64encode(b"not a video").decode()},
    )
    assert "holiday.mp4" in bad_upload["message"]
    assert ".upload-" not in bad_upload["message"]
    assert api.call("GET", "/material")["total"] == 2  # type: ignore[index]
    assert api.call("DELETE", f"/material/{uploaded['id']}") == {"deleted": uploaded["id"]}
