"""``farmhand accounts import FILE.csv``, run as a user runs it (a subprocess), on SQLite and
PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from farmhand.store import accounts
from farmhand.store.db import Database
from tests.store.helpers import add_devices


def farmhand(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "farmhand", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_import_reports_refused_rows_and_keeps_the_good_ones(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    add_devices(db, ["R58M123ABC"])
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text(
        "username,platform,serial,package,enabled\n"
        "@alice,tiktok,R58M123ABC,,yes\n"
        "bob,instagram,,com.instagram.android,0\n"
        "carol,myspace,R58M123ABC,,1\n"
        "dave,tiktok,NOPE,,1\n",
        encoding="utf-8",
    )
    result = farmhand(
        "accounts", "import", str(csv_file), "--database", database_url, "--data-dir", str(tmp_path / "data")
    )
    assert result.returncode == 1, result.stderr  # some rows were refused
    assert "imported 2 account(s): 2 new, 0 updated" in result.stdout
    assert "line 4 (carol): platform" in result.stdout
    assert "line 5 (dave): serial: device NOPE is not known" in result.stdout
    with db.read() as conn:
        saved = {a.username: a for a in accounts.list_all(conn)}
    assert set(saved) == {"alice", "bob"}
    assert saved["alice"].serial == "R58M123ABC"
    assert saved["bob"].enabled is False

    again = farmhand("accounts", "import", str(csv_file), "--database", database_url)
    assert "imported 2 account(s): 0 new, 2 updated" in again.stdout


def test_import_of_a_missing_or_binary_file_says_why(tmp_path: Path) -> None:
    missing = farmhand("accounts", "import", str(tmp_path / "nope.csv"), "--data-dir", str(tmp_path))
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0garbage\x00\x81")
    refused = farmhand("accounts", "import", str(binary), "--data-dir", str(tmp_path))
    assert refused.returncode == 2
    assert "UTF-8" in refused.stderr
