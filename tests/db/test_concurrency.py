"""Several programs writing to one database at the same moment (on SQLite, and on the
PostgreSQL test server when there is one): nomination numbers stay unique and gapless, a
worker two imports both name is stored once, and no judge's scores are lost."""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.db.engine import Database, open_database
from awards_app.db.models import Certificate, JudgeTotal, Nomination, Score, Worker
from awards_app.services import judging
from awards_app.services.judging import results_cache
from awards_app.services.judging import scores as score_service
from awards_app.services.transfer import nominations_import
from tests.factories import judged_event, write_nominations_csv

PROCESSES = 4
ROWS = 8
SETS = 12


def _import(url: str, event_id: int, path: str, start: Any, out: Any) -> None:
    database = open_database(url)
    start.wait()
    try:
        result = database.write_patiently(lambda s: nominations_import.import_nominations(
            s, event_id=event_id, path=Path(path)))
        out.put(("ok", result.created))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(("failed", type(exc).__name__))
    finally:
        database.close()


def _judge(url: str, judge_id: int, work: list[tuple[int, list[int]]], start: Any,
           out: Any) -> None:
    database = open_database(url)
    rng = random.Random(judge_id)
    start.wait()
    saved = 0
    for nomination_id, criteria in work:
        values: dict[int, int | None] = {c: rng.randint(1, 10) for c in criteria}

        def save(session: Session, n: int = nomination_id,
                 v: dict[int, int | None] = values) -> None:
            score_service.save_scores(session, judge_id=judge_id, nomination_id=n, scores=v)

        database.write_patiently(save, scores_only=True)  # as the judging window saves
        saved += len(values)
    database.close()
    out.put(saved)


def _run_together(target: Any, argument_lists: list[tuple[Any, ...]]) -> list[Any]:
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(len(argument_lists)), context.Queue()
    processes = [context.Process(target=target, args=(*args, start, out))
                 for args in argument_lists]
    for process in processes:
        process.start()
    results = [out.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return results


def test_imports_at_the_same_moment_number_every_nomination_once(
        db: Database, db_url: str, event_id: int, tmp_path: Path) -> None:
    paths = [str(write_nominations_csv(tmp_path / f"part{n}.csv", ROWS, seed=100 + n))
             for n in range(PROCESSES)]
    results = _run_together(_import, [(db_url, event_id, path) for path in paths])
    assert results == [("ok", ROWS)] * PROCESSES
    with db.read_session() as s:
        numbers = s.scalars(select(Nomination.number).order_by(Nomination.number)).all()
        assert numbers == list(range(1, PROCESSES * ROWS + 1))
        emails = s.scalars(select(Worker.email)).all()
        assert len(emails) == len(set(emails))  # a worker both files name is stored once


def test_judges_saving_at_the_same_moment_lose_nothing(
        db: Database, db_url: str, event_id: int, tmp_path: Path) -> None:
    judge_ids, work = judged_event(db, event_id, tmp_path, nominations=SETS, judges=PROCESSES)
    with db.read_session() as s:
        assert len(s.execute(judging.assignments_query(event_id)).all()) == PROCESSES * SETS
    saved = _run_together(_judge, [(db_url, j, work) for j in judge_ids])
    expected = sum(len(c) for _n, c in work)
    assert saved == [expected] * PROCESSES
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Score)) == PROCESSES * expected
        per_judge = {judge_id: count for judge_id, count in s.execute(
            select(Score.judge_id, func.count()).group_by(Score.judge_id))}
        assert per_judge == {j: expected for j in judge_ids}
        # every save's judge total is there, and the ranking read is the fresh one
        assert s.scalar(select(func.count()).select_from(JudgeTotal)) == PROCESSES * SETS
        categories = sorted({c for _n, c in s.execute(
            select(Nomination.id, Nomination.category_id))})
        read = results_cache.standings(s, event_id, categories)
        fresh = {row.nomination_id: row for row in results_cache.compute(s, event_id)}
    for standing in read.values():
        for stats in standing.stats():
            assert stats.judges == PROCESSES
            assert stats.score == pytest.approx(fresh[stats.nomination_id].score)


def _issue(url: str, event_id: int, nomination_ids: list[int], start: Any, out: Any) -> None:
    from awards_app.services.certificates import runs

    database = open_database(url)
    start.wait()
    try:
        issued = database.write_patiently(lambda s: [
            (c.nomination_id, c.code) for c in runs.issue(s, event_id, nomination_ids)])
        out.put(("ok", issued))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(("failed", type(exc).__name__))
    finally:
        database.close()


def test_certificates_issued_at_the_same_moment_get_one_code_each(
        db: Database, db_url: str) -> None:
    from awards_app.services.certificates import data
    from tests.factories import award_demo

    event_id = award_demo(db)
    with db.read_session() as s:
        placed = sorted(r.nomination_id for r in data.placement_rows(s, event_id))
    assert len(placed) >= 8
    rng = random.Random(3)
    # each program issues an overlapping share, in its own order
    shares = [rng.sample(placed, k=len(placed) * 3 // 4) for _ in range(PROCESSES)]
    results = _run_together(_issue, [(db_url, event_id, share) for share in shares])
    assert all(status == "ok" for status, _issued in results), results
    code_of: dict[int, str] = {}
    for _status, issued in results:
        for nomination_id, code in issued:
            assert code_of.setdefault(nomination_id, code) == code  # everyone got the same
    with db.read_session() as s:
        stored = s.execute(select(Certificate.nomination_id, Certificate.code)).all()
    assert sorted(stored) == sorted(code_of.items())  # one certificate a nomination
    assert len({code for _n, code in stored}) == len(stored)
