"""Paper scores imported in two phases: read and check without the write lock, then one short
write that checks again what may have changed meanwhile.

What must hold: a judge can save (and the coordinator can commit anything) while an import is
being checked; whatever changed in between is refused by ``store`` with exactly the errors a
fresh check would give, and nothing is stored; the set-based store leaves the same scores,
comments, judge totals and stored results as saving each judge × nomination with
``save_scores`` did; and the judge totals equal ``core.scoring.judge_total``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from awards_app.cli import commands
from awards_app.core import scoring
from awards_app.core.errors import AwardsError, Cancelled, ConflictError, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import (
    AuditEntry,
    Category,
    Criterion,
    JudgeTotal,
    NominationTotal,
    Score,
    ScoreComment,
)
from awards_app.services import demo, judging
from awards_app.services.events import require_current_event
from awards_app.services.judging import results_cache
from awards_app.services.judging.judge_view import JudgeItem
from awards_app.services.judging.scores import ScoreChange, store_scores
from awards_app.services.transfer import importers, score_import

HEADER = ["judge", "nomination_ref", "criterion", "score", "comment"]


@pytest.fixture
def demo_event(db: Database) -> int:
    with db.session() as s:
        return demo.create_demo_event(s).id


@pytest.fixture
def other(db_url: str) -> Iterator[Database]:
    """A second program on the same database file that waits at most 0.2 s for a lock, so a
    write that would wait for the import fails at once instead of after the usual 10 s."""
    database = open_database(db_url)
    database.wait_for_writers(200)
    yield database
    database.close()


def work(db: Database, event_id: int) -> list[tuple[str, JudgeItem]]:
    """(judge name, item) for every judge × nomination to score in the event."""
    with db.read_session() as s:
        return [(row.judge, item)
                for row in judging.judging_progress(s, event_id)
                for item in judging.judge_queue(s, row.judge_id)
                if item.category_id == row.category_id]


def write_scores(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows)
    return path


def full_rows(items: list[tuple[str, JudgeItem]], rng: random.Random) -> list[list[Any]]:
    return [[judge, item.ref, c.name, rng.randint(c.scale_min, c.scale_max), ""]
            for judge, item in items for c in item.criteria]


def current_event(database: Database) -> int:
    with database.read_session() as s:
        return require_current_event(s).id


def judge_id_of(db: Database, event_id: int, name: str) -> int:
    with db.read_session() as s:
        return judging.find_judge(s, event_id, name).id


def stored(db: Database) -> dict[str, Any]:
    """Everything a score import may change, in a comparable form."""
    with db.read_session() as s:
        return {
            "scores": sorted(s.execute(select(Score.judge_id, Score.nomination_id,
                                              Score.criterion_id, Score.value)).all()),
            "comments": sorted(s.execute(select(ScoreComment.judge_id,
                                                ScoreComment.nomination_id,
                                                ScoreComment.comment)).all()),
            "totals": sorted(s.execute(select(JudgeTotal.judge_id, JudgeTotal.nomination_id,
                                              JudgeTotal.total, JudgeTotal.obstacles,
                                              JudgeTotal.criteria_scored)).all()),
            "results": sorted(tuple(r) for r in s.execute(
                select(*NominationTotal.__table__.c)).all()),
            "audit": s.scalar(select(func.count(AuditEntry.id))),
        }


def prepare(db: Database, event_id: int, path: Path) -> importers.ImportPlan:
    with db.read_session() as s:
        return importers.prepare(s, "scores", event_id=event_id, path=path)


def store(db: Database, plan: importers.ImportPlan) -> Any:
    with db.session() as s:
        return importers.store(s, plan)


def fresh_errors(db: Database, event_id: int, path: Path) -> AwardsError:
    """What checking the file from scratch says now."""
    with pytest.raises(AwardsError) as caught, db.read_session() as s:
        importers.check(s, "scores", event_id=event_id, path=path)
    return caught.value


def same_rows(mine: list[tuple[Any, ...]], theirs: list[tuple[Any, ...]]) -> bool:
    """Equal rows; floats equal to their last bits (SQLite sums a group's scores in the order
    it reads them, which can differ when the same scores were written in another order)."""
    if len(mine) != len(theirs):
        return False
    for a, b in zip(mine, theirs, strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(x, float) and isinstance(y, float):
                if x != pytest.approx(y, rel=1e-12, abs=1e-12):
                    return False
            elif x != y:
                return False
    return True


def described(error: AwardsError) -> tuple[type, str, list[tuple[str, str, int | None]]]:
    fields = ([(e.field, e.message, e.row) for e in error.errors]
              if isinstance(error, ValidationError) else [])
    return type(error), str(error), fields


# --- the write lock ------------------------------------------------------------------------


def test_the_cli_import_lets_a_judge_save_while_it_reads_and_checks(
        cli, db_path: Path, tmp_path: Path, other: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails when the whole import runs in one write session: the judge's save, made while
    the import reports progress on checking its rows, cannot get the lock."""
    assert cli("init", "--demo").code == 0
    event_id = current_event(other)
    items = work(other, event_id)
    (judge, first), (other_judge, second) = items[0], items[-1]
    path = write_scores(tmp_path / "scores.csv", full_rows([(judge, first)], random.Random(1)))
    saved: list[str] = []

    def judge_saves(done: int, total: int) -> None:
        if saved:
            return
        judge_id = judge_id_of(other, event_id, other_judge)
        with other.session() as s:  # commits, or raises "database is locked"
            judging.save_scores(s, judge_id=judge_id, nomination_id=second.nomination_id,
                                scores={c.id: c.scale_max for c in second.criteria},
                                comment="Saved during the import")
        saved.append(f"{done}/{total}")

    monkeypatch.setattr(commands, "_progress", lambda _enabled: judge_saves)
    result = cli("import", "scores", str(path))
    assert result.code == 0, result.err
    assert saved
    with other.read_session() as s:
        comments = set(s.scalars(select(ScoreComment.comment)))
        imported = s.scalar(select(func.count(Score.id))
                            .where(Score.nomination_id == first.nomination_id))
    assert "Saved during the import" in comments
    assert imported == len(first.criteria)


def test_a_dry_run_takes_no_write_lock(cli, db_path: Path, tmp_path: Path, other: Database,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("init", "--demo").code == 0
    judge, item = work(other, current_event(other))[0]
    path = write_scores(tmp_path / "scores.csv", full_rows([(judge, item)], random.Random(2)))
    writes: list[int] = []

    def coordinator_writes(_done: int, _total: int) -> None:
        with other.session() as s:
            s.execute(update(Category).where(Category.id == item.category_id)
                      .values(description="Changed during a dry run"))
        writes.append(1)

    monkeypatch.setattr(commands, "_progress", lambda _enabled: coordinator_writes)
    result = cli("import", "scores", str(path), "--dry-run")
    assert result.code == 0, result.err
    assert writes and "nothing was stored" in result.out


def test_another_program_commits_between_prepare_and_store(
        db: Database, demo_event: int, tmp_path: Path, other: Database) -> None:
    items = work(db, demo_event)
    path = write_scores(tmp_path / "s.csv", full_rows(items[:3], random.Random(3)))
    with db.read_session() as s:
        plan = importers.prepare(s, "scores", event_id=demo_event, path=path)
        # Still inside the read session: a writer does not wait for it.
        judge, item = items[-1]
        with other.session() as w:
            judging.save_scores(w, judge_id=judge_id_of(other, demo_event, judge),
                                nomination_id=item.nomination_id,
                                scores={item.criteria[0].id: item.criteria[0].scale_min})
    assert plan.result is not None
    result = store(db, plan)
    assert result == plan.result
    assert result.details == {"scores": sum(len(i.criteria) for _j, i in items[:3])}
    assert len(stored(db)["scores"]) == result.rows + 1


def test_the_plan_is_plain_frozen_data(db: Database, demo_event: int, tmp_path: Path) -> None:
    items = work(db, demo_event)
    path = write_scores(tmp_path / "s.csv", full_rows(items[:2], random.Random(4)))
    plan = prepare(db, demo_event, path)
    assert isinstance(plan.prepared, score_import.ScorePlan)
    with pytest.raises(AttributeError):
        plan.prepared.rows[0].value = 3  # type: ignore[misc]
    row = plan.prepared.rows[0]
    assert all(isinstance(getattr(row, f), (int, str, type(None))) for f in row.__slots__)


# --- what changed meanwhile ----------------------------------------------------------------


def score_and_submit(database: Database, event_id: int, judge: str, category_id: int,
                     items: list[tuple[str, JudgeItem]]) -> None:
    judge_id = judge_id_of(database, event_id, judge)
    with database.session() as s:
        for name, item in items:
            if name == judge and item.category_id == category_id:
                judging.save_scores(s, judge_id=judge_id, nomination_id=item.nomination_id,
                                    scores={c.id: c.scale_min for c in item.criteria})
        judging.submit_category(s, judge_id=judge_id, category_id=category_id)


def test_a_judge_who_submitted_meanwhile_makes_store_refuse(
        db: Database, demo_event: int, tmp_path: Path) -> None:
    items = work(db, demo_event)
    judge, item = items[0]
    path = write_scores(tmp_path / "s.csv", full_rows(items[:4], random.Random(5)))
    plan = prepare(db, demo_event, path)
    score_and_submit(db, demo_event, judge, item.category_id, items)
    before = stored(db)

    with pytest.raises(ValidationError) as refused:
        store(db, plan)

    assert stored(db) == before  # nothing of the file, no audit entry
    assert refused.value.source == "s.csv"
    messages = [e.message for e in refused.value.errors]
    assert messages and all(m == f"{judge} has already submitted {item.category}"
                            for m in messages)
    assert described(refused.value) == described(fresh_errors(db, demo_event, path))


def test_final_results_meanwhile_make_store_refuse_as_a_fresh_check_would(
        db: Database, demo_event: int, tmp_path: Path) -> None:
    items = work(db, demo_event)
    path = write_scores(tmp_path / "s.csv", full_rows(items[:4], random.Random(6)))
    plan = prepare(db, demo_event, path)
    with db.session() as s:  # as confirming would leave it (the rules around it aside)
        s.execute(update(Category).where(Category.id == items[0][1].category_id)
                  .values(results_confirmed_at=datetime(2027, 3, 1)))
    before = stored(db)
    with pytest.raises(ConflictError) as refused:
        store(db, plan)
    assert stored(db) == before
    assert described(refused.value) == described(fresh_errors(db, demo_event, path))


def test_a_conflict_declared_meanwhile_makes_store_refuse(
        db: Database, demo_event: int, tmp_path: Path) -> None:
    items = work(db, demo_event)
    judge, item = items[1]
    path = write_scores(tmp_path / "s.csv", full_rows(items[:4], random.Random(7)))
    plan = prepare(db, demo_event, path)
    with db.session() as s:
        judging.declare_conflict(s, judge_id=judge_id_of(db, demo_event, judge), kind="knows",
                                 nomination_id=item.nomination_id, note="Neighbour")
    before = stored(db)
    with pytest.raises(ValidationError) as refused:
        store(db, plan)
    assert stored(db) == before
    assert {e.message for e in refused.value.errors} == {
        f"{judge} has a conflict of interest with {item.ref}"}
    assert described(refused.value) == described(fresh_errors(db, demo_event, path))


def test_a_cancelled_store_stores_nothing(db: Database, demo_event: int, tmp_path: Path) -> None:
    items = work(db, demo_event)
    path = write_scores(tmp_path / "s.csv", full_rows(items[:2], random.Random(8)))
    plan = prepare(db, demo_event, path)
    before = stored(db)
    with pytest.raises(Cancelled), db.session() as s:
        importers.store(s, plan, cancelled=lambda: True)
    assert stored(db) == before


# --- the same as save_scores, and as the reference -----------------------------------------


def apply_with_save_scores(database: Database, event_id: int, rows: list[list[Any]]) -> None:
    """What the import did before it was set-based: save_scores per judge × nomination, with
    the last non-blank comment of its rows (else ""), then the results refreshed once."""
    with database.read_session() as s:
        refs = {i.ref: i for _j, i in work(database, event_id)}
    planned: dict[tuple[str, str], dict[int, int]] = {}
    comments: dict[tuple[str, str], str] = {}
    for judge, ref, criterion, value, comment in rows:
        item = refs[ref]
        criterion_id = next(c.id for c in item.criteria if c.name == criterion)
        planned.setdefault((judge, ref), {})[criterion_id] = int(value)
        if comment.strip():
            comments[(judge, ref)] = comment.strip()
    with database.session() as s:
        for (judge, ref), scores in planned.items():
            judging.save_scores(s, judge_id=judging.find_judge(s, event_id, judge).id,
                                nomination_id=refs[ref].nomination_id, scores=scores,
                                comment=comments.get((judge, ref), ""), refresh_results=False)
        results_cache.refresh(s, event_id)


def earlier_scores(database: Database, event_id: int, items: list[tuple[str, JudgeItem]],
                   rng: random.Random) -> None:
    """Scores and comments already stored before the import, some to be overwritten."""
    with database.session() as s:
        for judge, item in items:
            judging.save_scores(
                s, judge_id=judging.find_judge(s, event_id, judge).id,
                nomination_id=item.nomination_id,
                scores={c.id: rng.randint(c.scale_min, c.scale_max) for c in item.criteria},
                comment=rng.choice(["", "Earlier note"]))


def import_file_rows(items: list[tuple[str, JudgeItem]], rng: random.Random) -> list[list[Any]]:
    """Some pairs fully scored, some with one criterion only (the others must keep theirs),
    comments on some rows (two on one pair: the last one counts), values often unchanged."""
    rows: list[list[Any]] = []
    for n, (judge, item) in enumerate(items):
        criteria = item.criteria if n % 3 else item.criteria[:1]
        for k, c in enumerate(criteria):
            value = rng.choice([c.scale_min, c.scale_max, rng.randint(c.scale_min, c.scale_max)])
            note = rng.choice(["", "", "  Brave and steady  ", f"Note {n}.{k}"])
            rows.append([judge, item.ref, c.name, value, note])
    return rows


def test_the_set_based_store_equals_save_scores_pair_by_pair(
        db: Database, demo_event: int, tmp_path: Path) -> None:
    rng = random.Random(9)
    items = work(db, demo_event)
    reference = open_database(tmp_path / "reference.sqlite3")
    try:
        with reference.session() as s:
            assert demo.create_demo_event(s).id == demo_event
        assert [(j, i.nomination_id) for j, i in work(reference, demo_event)] == [
            (j, i.nomination_id) for j, i in items]
        already = items[::2]
        state = rng.getstate()
        earlier_scores(db, demo_event, already, rng)
        rng.setstate(state)
        earlier_scores(reference, demo_event, already, rng)
        rows = import_file_rows(items[: len(items) * 2 // 3], rng)
        path = write_scores(tmp_path / "s.csv", rows)
        with db.read_session() as s:
            kept = dict(((j, n, c), (v, at)) for j, n, c, v, at in s.execute(
                select(Score.judge_id, Score.nomination_id, Score.criterion_id, Score.value,
                       Score.updated_at)))

        store(db, prepare(db, demo_event, path))
        apply_with_save_scores(reference, demo_event, rows)

        mine, theirs = stored(db), stored(reference)
        assert mine["audit"] == theirs["audit"] + 1  # the import's own entry
        for key in ("scores", "comments", "totals", "results"):
            assert same_rows(mine[key], theirs[key]), key
        with db.read_session() as s:  # updated_at moves only where the value did
            for j, n, c, v, at in s.execute(select(Score.judge_id, Score.nomination_id,
                                                   Score.criterion_id, Score.value,
                                                   Score.updated_at)):
                if (j, n, c) in kept and kept[(j, n, c)][0] == v:
                    assert at == kept[(j, n, c)][1]
                elif (j, n, c) in kept:
                    assert at > kept[(j, n, c)][1]
    finally:
        reference.close()


def test_imported_totals_equal_the_core_reference(
        db: Database, demo_event: int, tmp_path: Path) -> None:
    rng = random.Random(10)
    items = work(db, demo_event)
    rows = import_file_rows(items, rng)
    path = write_scores(tmp_path / "s.csv", rows)
    store(db, prepare(db, demo_event, path))
    with db.read_session() as s:
        criteria = {c.id: c for c in s.scalars(select(Criterion))}
        scored: dict[tuple[int, int], list[tuple[int, float, int, int]]] = {}
        for j, n, c, v in s.execute(select(Score.judge_id, Score.nomination_id,
                                           Score.criterion_id, Score.value)):
            crit = criteria[c]
            scored.setdefault((j, n), []).append((v, crit.weight, crit.scale_min,
                                                  crit.scale_max))
        totals = {(j, n): (t, k) for j, n, t, k in s.execute(
            select(JudgeTotal.judge_id, JudgeTotal.nomination_id, JudgeTotal.total,
                   JudgeTotal.criteria_scored))}
    assert set(totals) == set(scored) and len(totals) == len(items)
    for pair, values in scored.items():
        total, count = totals[pair]
        assert count == len(values)
        assert total == pytest.approx(scoring.judge_total(values), rel=1e-9, abs=1e-9)


def test_one_session_import_and_dry_run_still_work(
        db: Database, demo_event: int, tmp_path: Path) -> None:
    items = work(db, demo_event)
    path = write_scores(tmp_path / "s.csv", full_rows(items[:3], random.Random(11)))
    before = stored(db)
    with db.session() as s:
        checked = score_import.import_scores(s, event_id=demo_event, path=path, dry_run=True)
    assert stored(db) == before
    seen: list[tuple[int, int]] = []
    progress: Callable[[int, int], None] = lambda done, total: seen.append((done, total))  # noqa: E731
    with db.session() as s:
        done = score_import.import_scores(s, event_id=demo_event, path=path, progress=progress)
    assert done == checked and seen[-1] == (done.rows, done.rows)
    assert len(stored(db)["scores"]) == done.rows


def test_store_scores_itself_refuses_a_submitted_category(
        db: Database, demo_event: int) -> None:
    """The bulk writer keeps the lock save_scores keeps, whoever calls it."""
    items = work(db, demo_event)
    judge, item = items[0]
    score_and_submit(db, demo_event, judge, item.category_id, items)
    before = stored(db)
    change = ScoreChange(judge_id=judge_id_of(db, demo_event, judge),
                         nomination_id=item.nomination_id,
                         scores=((item.criteria[0].id, item.criteria[0].scale_max),))
    with pytest.raises(ConflictError, match="submitted"), db.session() as s:
        store_scores(s, [change])
    assert stored(db) == before


def test_a_score_in_other_digits_is_refused_by_row_not_a_crash(tmp_path: Path) -> None:
    """'²' and '٣' pass str.isdigit() but are not scores someone typed on a 1–10 scale."""
    database = open_database(tmp_path / "digits.sqlite3")
    try:
        with database.session() as s:
            event_id = demo.create_demo_event(s).id
        with database.read_session() as s:
            row = judging.judging_progress(s, event_id)[0]
            item = judging.judge_queue(s, row.judge_id)[0]
            criterion = item.criteria[0].name
        path = tmp_path / "scores.csv"
        path.write_text("judge,nomination_ref,criterion,score\n"
                        f"{row.judge},{item.ref},{criterion},²\n"
                        f"{row.judge},{item.ref},{criterion},٣\n", encoding="utf-8")
        with pytest.raises(ValidationError) as refused, database.read_session() as s:
            importers.check(s, "scores", event_id=event_id, path=path)
        assert [(e.row, e.field, e.message) for e in refused.value.errors] == [
            (2, "score", "'²' is not a whole number from 1 to 10"),
            (3, "score", "'٣' is not a whole number from 1 to 10")]
    finally:
        database.close()
