"""``farmhand serve``: the store, the engine and the API in one process.

Start-up order: data directory lock, migrations, settings from the command line, phones,
engine, HTTP. Shutdown runs the other way: HTTP stops taking requests, the engine stops its
running tasks (recorded INTERRUPTED), phones are released.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import socket
from pathlib import Path
from typing import IO

import uvicorn

from farmhand import __version__
from farmhand.api.app import create_app
from farmhand.api.context import AppContext
from farmhand.config import ServerConfig
from farmhand.engine.engine import Engine
from farmhand.engine.hub import DeviceHub
from farmhand.engine.sources import DeviceSource
from farmhand.store import migrate
from farmhand.store import settings as settings_store
from farmhand.store.db import Database

log = logging.getLogger("farmhand")


class StartupError(Exception):
    """farmhand cannot start; the message says what to change."""


class DataDirLock:
    """One server per data directory: two would both think they own its phones and tasks."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "farmhand.lock"
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise StartupError(
                f"the data directory {self.path.parent} is in use by {owner}; "
                "stop it, or choose another --data-dir"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"farmhand pid {os.getpid()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def open_store(config: ServerConfig) -> Database:
    db = Database(config.database)
    try:
        migrate.upgrade(db)
    except Exception as exc:
        raise StartupError(
            f"cannot open the database {db.engine.url.render_as_string(hide_password=True)}: {exc}"
        ) from exc
    return db


def apply_command_line_settings(db: Database, config: ServerConfig) -> settings_store.RuntimeSettings:
    changes: dict[str, object] = {}
    if config.plan is not None:
        changes["plan"] = config.plan
    if config.time_scale is not None:
        changes["time_scale"] = config.time_scale
    if config.max_concurrent_devices is not None:
        changes["max_concurrent_devices"] = config.max_concurrent_devices
    try:
        return db.run_write(lambda c: settings_store.save(c, changes))
    except ValueError as exc:
        raise StartupError(str(exc)) from None


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupError(
                    f"port {port} on {host} is in use (another farmhand?); choose --port"
                ) from None
            raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def build_sources(config: ServerConfig, db: Database) -> list[DeviceSource]:
    """Phones for this host: virtual ones if asked, and whatever the adb server sees (with
    the TCP phones connected before, which are connected again)."""
    from farmhand.engine.device_sources import sources_for
    from farmhand.store import devices

    with db.read() as conn:
        kept = devices.kept_addresses(conn, config.host_name)
    return sources_for(config, kept=kept)


def serve(config: ServerConfig) -> None:
    config.check()
    lock = DataDirLock(config.data_dir)
    lock.acquire()
    try:
        check_port_free(config.host, config.port)
        db = open_store(config)
        settings = apply_command_line_settings(db, config)
        hub = DeviceHub(build_sources(config, db))
        engine = Engine(db, hub, host_name=config.host_name, roots=config.roots)
        ctx = AppContext(config=config, db=db, wake_engine=engine.wake)
        app = create_app(ctx)
        log.info(
            "farmhand %s: data in %s, database %s, plan %s, time scale %g",
            __version__,
            config.data_dir,
            db.dialect,
            settings.plan,
            settings.time_scale,
        )
        engine.start()
        try:
            server = uvicorn.Server(
                uvicorn.Config(
                    app,
                    host=config.host,
                    port=config.port,
                    log_config=None,
                    timeout_graceful_shutdown=5,
                    lifespan="off",
                )
            )
            log.info("serving %s  (dashboard /, API /api/v1, docs /docs); Ctrl-C stops", config.base_url)
            # uvicorn re-raises the Ctrl-C it already handled: this is the clean way out.
            with contextlib.suppress(KeyboardInterrupt):
                server.run()
        finally:
            engine.stop()
            db.dispose()
    finally:
        lock.release()
