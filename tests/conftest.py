"""Fixtures shared by the whole suite: a migrated store on SQLite and on PostgreSQL.

PostgreSQL is the one at ``FARMHAND_TEST_POSTGRES`` (default: the local server's ``test``
database, trust auth). Each test gets a schema of its own, dropped afterwards, so tests never
see each other's rows and can run against a shared database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from farmhand.store import migrate
from farmhand.store.db import Database, normalize_url

POSTGRES = os.environ.get("FARMHAND_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres_schema_url(schema: str) -> str:
    base = normalize_url(POSTGRES)
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections live in a fresh schema of the test PostgreSQL database."""
    schema = f"fh_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(POSTGRES), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using it runs twice: on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'farmhand.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    migrate.upgrade(database)
    yield database
    database.dispose()
