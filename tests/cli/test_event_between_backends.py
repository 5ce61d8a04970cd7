"""An event exported from a database file imports into a shared database, and back, with the
same contents (`awards export` / `awards import event` keep working between the two, beside
`move-to`, which moves a whole database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from awards_app.cli.main import main
from awards_app.db.engine import open_database
from tests import pg
from tests.factories import award_demo

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                "server (AWARDS_TEST_PG)")


def _awards(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> str:
    capsys.readouterr()
    code = main(["--db", db, *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _document(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text("utf-8"))
    document.pop("exported_at")
    return document


def test_an_event_goes_from_a_file_to_a_server_and_back_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file_db = str(tmp_path / "awards.sqlite3")
    database = open_database(file_db)
    award_demo(database)  # judged, confirmed: every part of an event file is in it
    database.close()
    with pg.fresh_database() as server_db:
        _awards(capsys, file_db, "export", "--out", str(tmp_path / "from-file.json"))
        _awards(capsys, server_db, "import", "event", str(tmp_path / "from-file.json"))
        _awards(capsys, server_db, "export", "--out", str(tmp_path / "from-server.json"))
        back = str(tmp_path / "back.sqlite3")
        _awards(capsys, back, "import", "event", str(tmp_path / "from-server.json"))
        _awards(capsys, back, "export", "--out", str(tmp_path / "back.json"))
        first = _document(tmp_path / "from-file.json")
        assert first["categories"] and first["nominations"]
        assert _document(tmp_path / "from-server.json") == first
        assert _document(tmp_path / "back.json") == first
        statuses = {_awards(capsys, where, "status") for where in (file_db, server_db, back)}
        assert len(statuses) == 1
