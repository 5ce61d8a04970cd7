"""The paper route from the command line: PINs, score import, submission, results, confirm."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from awards_app.db.engine import open_database
from awards_app.services import judging


def assignments(db_url: str) -> list[tuple[str, str, str, list[str]]]:
    """(judge, ref, category, criteria) for every judge × nomination to score in the demo."""
    database = open_database(db_url)
    try:
        with database.read_session() as s:
            from awards_app.services.events import require_current_event

            event_id = require_current_event(s).id
            out = []
            for row in judging.judging_progress(s, event_id):
                for item in judging.judge_queue(s, row.judge_id):
                    if item.category_id == row.category_id:
                        out.append((row.judge, item.ref, item.category,
                                    [c.name for c in item.criteria]))
            return out
    finally:
        database.close()


def write_scores(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["judge", "nomination_ref", "criterion", "score", "comment"])
        writer.writerows(rows)
    return path


def test_paper_route_end_to_end(cli, db_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("init", "--demo").code == 0
    progress = cli("judging", "progress")
    assert progress.code == 0 and "0 of" in progress.out and "(no PIN yet)" in progress.out
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))  # piped in, never an argument
    assert cli("judging", "pin", "Eleanor Askew").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    bad_pin = cli("judging", "pin", "Eleanor Askew")
    assert bad_pin.code == 2 and "4 to 8 digits" in bad_pin.err
    shown = cli("judging", "pin", "Eleanor Askew", "--pin", "2468")
    assert shown.code == 2 and "not taken on the command line" in shown.err

    work = assignments(db_url)
    assert work
    rng = random.Random(5)
    rows = [[judge, ref, criterion, str(rng.randint(3, 10)), "Inspiring" if i == 0 else ""]
            for judge, ref, _cat, criteria in work for i, criterion in enumerate(criteria)]

    bad = write_scores(tmp_path / "bad.csv", [
        *rows[:3],
        [work[0][0], "N-9999", "Achievement", "5", ""],
        [work[0][0], work[0][1], "Achievement", "11", ""],
        ["Nobody Known", work[0][1], "Achievement", "5", ""],
        [work[0][0], work[0][1], "Teamwork", "5", ""],
    ])
    refused = cli("import", "scores", str(bad))
    assert refused.code == 2
    for expected in ("Row 5, 'nomination_ref'", "Row 6, 'score': 11 is outside 1–10",
                     "Row 7, 'judge'", "Row 8, 'criterion'"):
        assert expected in refused.err, expected
    still = json.loads(cli("results", "--format", "json").out)
    assert all(r["score"] is None for c in still for r in c["ranking"])  # nothing stored

    good = write_scores(tmp_path / "scores.csv", rows)
    rehearsed = cli("import", "scores", str(good), "--dry-run")
    assert rehearsed.code == 0, rehearsed.err
    assert rehearsed.out.strip() == (f"All {len(rows):,} rows are ready to import "
                                     f"({len(rows):,} scores); nothing was stored.")
    unchanged = json.loads(cli("results", "--format", "json").out)
    assert all(r["score"] is None for c in unchanged for r in c["ranking"])
    refused_dry = cli("import", "scores", str(bad), "--dry-run")
    assert refused_dry.code == 2 and "Row 6, 'score': 11 is outside 1–10" in refused_dry.err
    event_dry = cli("import", "event", str(good), "--dry-run")
    assert event_dry.code == 2 and "--dry-run" in event_dry.err

    imported = cli("import", "scores", str(good))
    assert imported.code == 0, imported.err
    assert f"Imported {len(rows)} rows" in imported.out

    provisional = json.loads(cli("results", "--format", "json").out)
    assert {c["status"] for c in provisional} == {"provisional"}
    first = provisional[0]
    assert set(first["ranking"][0]) == {"nomination_ref", "rank", "score", "normalised_score",
                                        "median", "spread", "tie", "tie_break", "placement"}
    scores = [r["score"] for r in first["ranking"] if r["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    assert all(round(s, 4) == s for s in scores)

    category = first["category"]
    for judge in sorted({j for j, _r, cat, _c in work if cat == category}):
        assert cli("judging", "submit", judge, "--category", category).code == 0
    complete = json.loads(cli("results", "--category", category, "--format", "json").out)
    assert complete[0]["status"] == "complete"
    confirmed = cli("judging", "confirm", "--category", category)
    if confirmed.code == 2:  # a tie at a placement boundary: the lead judge decides
        assert "casting decision" in confirmed.err
    else:
        assert confirmed.code == 0 and "Winner(s): N-" in confirmed.out
        final = json.loads(cli("results", "--category", category, "--format", "json").out)
        assert final[0]["status"] == "final"
        assert [r["placement"] for r in final[0]["ranking"]].count("winner") == 1
        locked = cli("import", "scores", str(good))
        assert locked.code == 2 and "already submitted" in locked.err

    table = cli("results")
    assert table.code == 0 and category in table.out
    as_csv = cli("results", "--format", "csv")
    assert as_csv.out.splitlines()[0].startswith("category,status,nomination_ref,rank")


def test_conflicted_judge_scores_are_refused(cli, db_url: str, tmp_path: Path) -> None:
    cli("init", "--demo")
    judge, ref, _category, criteria = assignments(db_url)[0]
    assert cli("judging", "conflict", judge, ref, "--kind", "knows",
               "--note", "Neighbour").code == 0
    refused = cli("import", "scores", str(write_scores(
        tmp_path / "s.csv", [[judge, ref, criteria[0], "7", ""]])))
    assert refused.code == 2 and "conflict of interest" in refused.err


def test_tie_breaks_before_and_after_scoring(cli, db_url: str, tmp_path: Path) -> None:
    cli("init", "--demo")
    assert cli("judging", "tie-breaks", "--rules", "median,obstacles,casting",
               "--normalised").code == 0
    bad = cli("judging", "tie-breaks", "--rules", "coin-toss")
    assert bad.code == 2
    judge, ref, _category, criteria = assignments(db_url)[0]
    cli("import", "scores", str(write_scores(tmp_path / "s.csv",
                                             [[judge, ref, criteria[0], "7", ""]])))
    late = cli("judging", "tie-breaks", "--rules", "obstacles")
    assert late.code == 2 and "fixed" in late.err
