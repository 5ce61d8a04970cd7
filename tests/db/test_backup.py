"""awards backup / restore / check: checked copies, rotation, refusing anything unsound."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from awards_app.db import backup
from tests.conftest import CliResult


def nomination_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM nomination").fetchone()[0])
    finally:
        conn.close()


def event_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM event ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_backup_is_checked_and_rotated(cli, db_path: Path) -> None:
    assert cli("init", "--demo").code == 0
    made = []
    for _ in range(12):
        result: CliResult = cli("backup")
        assert result.code == 0, result.err
        made.append(Path(result.out.split("Backed up to ")[1].split(" (checked)")[0]))
    kept = backup.list_backups(db_path)
    assert len(kept) == 10
    assert kept == made[-10:]
    assert all(p.parent == db_path.parent / "backups" for p in kept)
    assert backup.integrity_errors(kept[-1]) == []
    assert nomination_count(kept[-1]) == 54
    # A standalone backup does not rely on a -wal file beside it.
    assert not kept[-1].with_name(kept[-1].name + "-wal").exists()


@pytest.mark.sqlite_only
def test_backup_to_a_chosen_file(cli, db_path: Path, tmp_path: Path) -> None:
    cli("init", "--demo")
    target = tmp_path / "usb" / "copy.sqlite3"
    assert cli("backup", "--to", str(target)).code == 0
    assert nomination_count(target) == 54
    again = cli("backup", "--to", str(target))
    assert again.code == 1 and "already exists" in again.err


@pytest.mark.sqlite_only
def test_restore_brings_back_the_data_and_keeps_the_replaced_copy(
    cli, db_path: Path, tmp_path: Path
) -> None:
    cli("init", "--demo")
    saved = tmp_path / "saved.sqlite3"
    cli("backup", "--to", str(saved))
    assert cli("event", "set", "--name", "Renamed").code == 0
    assert event_names(db_path) == ["Renamed"]

    result = cli("restore", str(saved))
    assert result.code == 0, result.err
    assert event_names(db_path) == ["Northbridge Care Leavers Awards"]
    safety = [p for p in backup.list_backups(db_path) if "before-restore" in p.name]
    assert len(safety) == 1 and event_names(safety[0]) == ["Renamed"]
    assert cli("check").code == 0


@pytest.mark.sqlite_only
def test_restore_refuses_unsound_files(cli, db_path: Path, tmp_path: Path) -> None:
    cli("init", "--demo")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for bad, message in ((junk, "not a sound database"), (foreign, "not an Awards App database"),
                         (tmp_path / "missing.sqlite3", "does not exist")):
        result = cli("restore", str(bad))
        assert result.code == 1
        assert message in result.err
        assert "Traceback" not in result.err
    assert nomination_count(db_path) == 54
    assert [p for p in backup.list_backups(db_path) if "before-restore" in p.name] == []


@pytest.mark.sqlite_only
def test_check_reports_a_damaged_file(cli, db_path: Path) -> None:
    cli("init", "--demo")
    ok = cli("check")
    assert ok.code == 0 and "integrity ok" in ok.out
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)
    data = bytearray(db_path.read_bytes())
    for offset in range(4096 * 2, len(data) - 10, 97):
        data[offset] ^= 0xFF
    db_path.write_bytes(bytes(data))
    damaged = cli("check")
    assert damaged.code == 1
    assert "integrity" in damaged.err or "damaged" in damaged.err
    assert "Traceback" not in damaged.err
