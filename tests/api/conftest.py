"""An API over a real store (SQLite and PostgreSQL), with no engine: tasks stay where the API
puts them, so the API's own rules are tested without timing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from farmhand.api.app import create_app
from farmhand.api.context import AppContext
from farmhand.config import ServerConfig
from farmhand.domain import DeviceState
from farmhand.store.db import Database
from tests.store.helpers import add_devices

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Api:
    """A TestClient that knows the TikMatrix envelope."""

    def __init__(self, client: TestClient, ctx: AppContext, media: Path) -> None:
        self.client = client
        self.ctx = ctx
        self.db = ctx.db
        self.media = media

    def call(self, method: str, path: str, expect: int = 0, **kwargs: object) -> object:
        response = self.client.request(method, f"/api/v1{path}", **kwargs)  # type: ignore[arg-type]
        body = response.json()
        assert set(body) == {"code", "message", "data"}, body
        assert body["code"] == expect, body
        assert response.status_code == (200 if expect == 0 else expect // 100)
        if expect == 0:
            assert body["message"] == "success"
        return body["data"] if expect == 0 else body

    def create(self, body: dict[str, object], expect: int = 0, **kwargs: object) -> object:
        return self.call("POST", "/task", expect, json=body, **kwargs)


@pytest.fixture
def media(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(MP4_HEAD)
    (folder / "photo.png").write_bytes(PNG_HEAD)
    (folder / "fake.mp4").write_bytes(b"this is not a video")
    (folder / "notes.txt").write_text("hello")
    (folder / "sub").mkdir()
    return folder


@pytest.fixture
def api(db: Database, tmp_path: Path, media: Path) -> Iterator[Api]:
    config = ServerConfig(data_dir=tmp_path / "data", material_roots=(media,), use_adb=False)
    ctx = AppContext(config=config, db=db)
    add_devices(db, ["R58M123ABC", "127.0.0.1:5601", "SERIAL3"])
    add_devices(db, ["OFFLINE1"], state=DeviceState.OFFLINE)
    with TestClient(
        create_app(ctx), base_url="http://127.0.0.1:50809", raise_server_exceptions=False
    ) as client:
        yield Api(client, ctx, media)
