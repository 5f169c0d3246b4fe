"""Schema migrations, applied at start-up (``farmhand serve`` and ``farmhand agent``).

Several hosts may start at once against one PostgreSQL database; an advisory lock makes them
take turns, so each migration runs once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from farmhand.store.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x6661726D  # "farm"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(db: Database) -> None:
    """Bring the schema to the newest revision."""
    config = alembic_config()
    with db.engine.begin() as conn:
        if not db.is_sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
