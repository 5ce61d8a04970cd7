"""One table of importers for the window and the command line: each kind runs its own
importer, an unknown kind is refused by name, and a dry run keeps nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Score, Sponsor
from awards_app.services import demo, judging
from awards_app.services.transfer import importers, nominations_import, score_import, sponsor_import
from awards_app.services.transfer import goodnews_import
from awards_app.services.transfer.importers import IMPORTERS, ImportKind


def test_every_kind_has_its_importer() -> None:
    assert {k: i.run for k, i in IMPORTERS.items()} == {
        ImportKind.NOMINATIONS: nominations_import.import_nominations,
        ImportKind.SPONSORS: sponsor_import.import_sponsors,
        ImportKind.SCORES: score_import.import_scores,
        ImportKind.GOOD_NEWS: goodnews_import.import_good_news,
    }
    assert [i.label for i in IMPORTERS.values()] == [
        "Nominations", "Sponsors and judges", "Paper scores", "Good news stories"]


def test_an_unknown_kind_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        importers.preview(tmp_path / "x.csv", "judges")
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("kind", "'judges' is not something to import (choose from: nominations, sponsors, "
                 "scores, good_news)")]


def _demo_scores(db: Database, path: Path) -> tuple[int, int]:
    """A scores file for every criterion of the first judge's first nomination."""
    with db.session() as s:
        event_id = demo.create_demo_event(s).id
    with db.read_session() as s:
        row = judging.judging_progress(s, event_id)[0]
        item = judging.judge_queue(s, row.judge_id)[0]
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["judge", "nomination_ref", "criterion", "score", "comment"])
            for criterion in item.criteria:
                out.writerow([row.judge, item.ref, criterion.name, criterion.scale_max, ""])
        return event_id, len(item.criteria)


def _counts(db: Database) -> tuple[int, int]:
    with db.read_session() as s:
        return (s.scalar(select(func.count(Score.id))) or 0,
                s.scalar(select(func.count(AuditEntry.id))) or 0)


def test_a_dry_run_of_scores_reports_and_keeps_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    event_id, criteria = _demo_scores(db, path)
    before = _counts(db)
    with db.session() as s:
        checked = importers.run_import(s, "scores", event_id=event_id, path=path, dry_run=True)
    assert (checked.rows, checked.details) == (criteria, {"scores": criteria})
    assert _counts(db) == before
    with db.session() as s:
        stored = importers.run_import(s, "scores", event_id=event_id, path=path)
    assert stored == checked
    scores, audits = _counts(db)
    assert (scores, audits) == (before[0] + criteria, before[1] + 1)


def test_preview_reads_a_scores_file_as_written(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    _event_id, criteria = _demo_scores(db, path)
    columns, rows = importers.preview(path, "scores")
    assert columns == ["judge", "nomination_ref", "criterion", "score", "comment"]
    assert [r.row for r in rows] == list(range(2, 2 + criteria))


def test_a_dry_run_of_sponsors_through_the_table_keeps_nothing(db: Database, event_id: int,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "sponsors.csv"
    path.write_text("sponsor,category,judge_name,judge_email\n"
                    "Acme Ltd,Education Star,Ann Judge,ann@acme.example\n", encoding="utf-8")
    with db.session() as s:
        result = importers.run_import(s, "sponsors", event_id=event_id, path=path,
                                      dry_run=True)
    assert result.details_text() == " (1 new sponsor, 1 sponsorship, 1 new judge)"
    with db.read_session() as s:
        assert s.scalar(select(func.count(Sponsor.id))) == 0
