"""``awards parity [--json]``: the service's figures as text and as JSON; rates held back for
small numbers show as "–" and null."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from awards_app.db.engine import open_database
from awards_app.services import parity
from awards_app.services.events import require_current_event


def service_report(db_url: str) -> parity.ParityReport:
    database = open_database(db_url)
    try:
        with database.read_session() as s:
            return parity.parity(s, require_current_event(s).id)
    finally:
        database.close()


def test_json_is_the_service_report(cli: Any, db_url: str) -> None:
    assert cli("init", "--demo").code == 0
    done = cli("parity", "--json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data == json.loads(json.dumps(parity.report_data(service_report(db_url))))
    rows = {r["group"]: r["stages"] for r in data["where_young_people_live"]["rows"]}
    assert set(rows) == {parity.IN_CITY, parity.OUT_OF_AREA, parity.TOTAL}
    for stages in rows.values():
        for figure in stages.values():
            if figure["share"] is not None or figure["of_own_nominations"] is not None:
                assert figure["count"] >= parity.SMALL
    assert rows[parity.OUT_OF_AREA]["nominations"]["count"] == 14
    assert rows[parity.OUT_OF_AREA]["shortlisted"] == {"count": 0, "share": None,
                                                       "of_own_nominations": None}


def test_text_shows_counts_shares_and_held_back_rates(cli: Any, db_url: str) -> None:
    assert cli("init", "--demo").code == 0
    done = cli("parity")
    assert done.code == 0, done.err
    report = service_report(db_url)
    lines = done.out.splitlines()
    out = next(line for line in lines if line.startswith(parity.OUT_OF_AREA))
    figure = next(r for r in report.area.rows if r.name == parity.OUT_OF_AREA).figure(
        parity.Stage.NOMINATIONS)
    assert figure.share is not None
    assert f" {figure.count} ({parity.percent(figure.share)}) " in out
    assert "Of their own nominations:" in lines and "How this is counted:" in lines
    assert any("below 5 is shown without a percentage" in line for line in lines)
    assert "–" in done.out  # the demo's shortlisted young people out of area: held back
    assert report.window_words in done.out
    for sentence in report.sentences or (parity.NO_FINDINGS,):
        assert sentence in done.out
    assert "Finding(" not in done.out


def test_without_an_event_it_says_how_to_make_one(cli: Any) -> None:
    assert cli("init").code == 0
    done = cli("parity")
    assert done.code == 2 and "There is no event yet" in done.err
    assert "Traceback" not in done.err


def test_results_sheet_carries_the_parity_figures(cli: Any, db_url: str,
                                                  tmp_path: Path) -> None:
    import openpyxl

    assert cli("init", "--demo").code == 0
    done = cli("results-sheet", "--out", str(tmp_path / "sheet.csv"))
    assert done.code == 0, done.err
    beside = tmp_path / "sheet-parity.csv"
    assert f"Wrote the parity figures to {beside}." in done.out
    text = beside.read_text("utf-8-sig")
    report = service_report(db_url)
    assert all(row.name in text for row in report.teams.rows)
    assert (beside.stat().st_mode & 0o077) == 0  # private, like every file written
    assert cli("results-sheet", "--out", str(tmp_path / "sheet.xlsx")).code == 0
    assert openpyxl.load_workbook(tmp_path / "sheet.xlsx").sheetnames == ["Results", "Parity"]
