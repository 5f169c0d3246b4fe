"""A dashboard over a big seeded store and no engine (nothing runs): for checking that 500
phones and 10,000 tasks stay workable. Served by uvicorn in a thread of the test process."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta
from pathlib import Path

import uvicorn
from PIL import Image, ImageDraw
from sqlalchemy import update

from farmhand.api.app import create_app
from farmhand.api.context import AppContext
from farmhand.config import ServerConfig
from farmhand.domain import DeviceState, TaskStatus
from farmhand.store import devices, migrate, screens, tasks
from farmhand.store.db import Database
from farmhand.store.devices import DeviceSeen
from farmhand.store.schema import tasks as task_table
from farmhand.store.tasks import NewTask
from farmhand.timeutil import utcnow
from tests.web.live import free_port

HOST = "seeded"


def serial_of(index: int) -> str:
    return f"SEED{index:04d}"


def _picture(shade: int) -> bytes:
    image = Image.new("RGB", (135, 285), (20 + shade * 20, 40, 90))
    ImageDraw.Draw(image).text((10, 10), f"screen {shade}", fill="white")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    return out.getvalue()


def seed(db: Database, phones: int, task_count: int) -> None:
    now = utcnow()
    pictures = [_picture(shade) for shade in range(8)]
    with db.write() as conn:
        for index in range(phones):
            serial = serial_of(index)
            devices.report(conn, DeviceSeen(serial, DeviceState.ONLINE, kind="virtual"), HOST, now)
            screens.save(conn, serial, pictures[index % len(pictures)], "image/jpeg", now)
        new = [
            NewTask(
                serial=serial_of(i % phones),
                script_name=("post", "follow", "account_warmup")[i % 3],
                script_config={"target_users": [f"user{i}"]} if i % 3 == 1 else {},
                source=("api", "ui")[i % 2],
                run_at=now + timedelta(hours=2),
                max_retries=3,
            )
            for i in range(task_count)
        ]
        tasks.create(conn, new)
        # A quarter completed, a quarter failed: the list has something of each.
        done = task_table.c.id % 4 == 1
        conn.execute(update(task_table).where(done).values(status=int(TaskStatus.COMPLETED), ended_at=now))
        failed = task_table.c.id % 4 == 2
        conn.execute(
            update(task_table)
            .where(failed)
            .values(
                status=int(TaskStatus.FAILED),
                ended_at=now,
                error_code="UI_NOT_FOUND",
                remark="no Post button",
            )
        )


class SeededServer:
    def __init__(self, data_dir: Path, phones: int, task_count: int, api_token: str | None = None) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = ServerConfig(data_dir=data_dir, port=self.port, use_adb=False, api_token=api_token)
        self.db = Database(config.database)
        migrate.upgrade(self.db)
        seed(self.db, phones, task_count)
        app = create_app(AppContext(config=config, db=self.db))
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None, lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, name="seeded-dashboard", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise AssertionError("the seeded dashboard did not start")
            time.sleep(0.05)

    def set_state(self, serial: str, state: DeviceState) -> None:
        with self.db.write() as conn:
            if state == DeviceState.ONLINE:
                devices.report(conn, DeviceSeen(serial, state, kind="virtual"), HOST, utcnow())
            else:
                devices.mark_gone(conn, serial, state, utcnow())

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.db.dispose()
