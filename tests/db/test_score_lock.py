"""Judges' score saves on a shared database share the write lock with each other, and only
with each other: every other write (a confirmation, a submission, an import) waits for the
saves under way and they for it. One judge's own saves still go one at a time. On SQLite
every writer has the lock alone, as before."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from awards_app.core.errors import ConflictError, DatabaseBusyError
from awards_app.db.engine import Database, open_database, shares_write_lock
from awards_app.db.models import JudgeTotal, Nomination, Score
from awards_app.services import judging
from awards_app.services.judging import results_cache
from tests.factories import judged_event


@pytest.fixture
def second(db_url: str) -> Iterator[Database]:
    """The same database opened again: another laptop's program."""
    other = open_database(db_url)
    yield other
    other.close()


def test_score_saves_share_the_lock_with_each_other_on_a_server_only(
        db: Database, second: Database, backend: str) -> None:
    with db.session(scores_only=True) as first:
        first.connection()  # the lock is taken at the start
        assert shares_write_lock(first) is (backend == "postgresql")
        if backend == "postgresql":
            with second.session(brief=True, scores_only=True) as beside:
                beside.connection()  # a second judge's save runs at the same moment
        else:
            with pytest.raises(DatabaseBusyError):
                with second.session(brief=True, scores_only=True) as beside:
                    beside.connection()
        with pytest.raises(DatabaseBusyError):  # any other write waits for the saves
            with second.session(brief=True) as other:
                other.connection()
    with db.session() as alone:
        alone.connection()
        assert not shares_write_lock(alone)
        with pytest.raises(DatabaseBusyError):  # and the saves wait for it
            with second.session(brief=True, scores_only=True) as beside:
                beside.connection()


@pytest.fixture
def judged(db: Database, event_id: int, tmp_path) -> tuple[list[int], list[tuple[int, list[int]]]]:  # type: ignore[no-untyped-def]
    """Two judges of every category, and (nomination, its criteria) for six accepted
    nominations."""
    return judged_event(db, event_id, tmp_path, nominations=6, judges=2)


def _save(database: Database, judge_id: int, nomination_id: int, criteria: list[int],
          value: int) -> None:
    database.write_patiently(lambda s: judging.save_scores(
        s, judge_id=judge_id, nomination_id=nomination_id,
        scores=dict.fromkeys(criteria, value)), scores_only=True)


def test_rankings_read_after_saves_side_by_side_are_the_fresh_ones(
        db: Database, event_id: int, backend: str,
        judged: tuple[list[int], list[tuple[int, list[int]]]]) -> None:
    judge_ids, work = judged
    with db.session() as s:
        results_cache.refresh(s, event_id)  # stored and trusted before judging starts
    for judge_number, judge_id in enumerate(judge_ids):
        for index, (nomination_id, criteria) in enumerate(work):
            _save(db, judge_id, nomination_id, criteria, 1 + (index * 3 + judge_number) % 10)
    with db.read_session() as s:
        categories = sorted(set(s.scalars(select(Nomination.category_id))))
        # side by side the stored ranking is not refreshed by each save: it is distrusted,
        # and what is read is computed afresh from the judge totals
        assert results_cache.trusted(s, event_id) is (backend == "sqlite")
        read = results_cache.standings(s, event_id, categories)
        fresh = {row.nomination_id: row for row in results_cache.compute(s, event_id)}
        assert s.scalar(select(JudgeTotal.total).limit(1)) is not None
    for standing in read.values():
        for stats in standing.stats():
            row = fresh[stats.nomination_id]
            assert (stats.judges, stats.score, stats.median) == (row.judges, row.score,
                                                                 row.median)
    assert sum(len(standing.rows) for standing in read.values()) == len(work)
    # a judge's submission stores them again: trusted, and the same figures
    first_category = categories[0]
    with db.session() as s:
        for judge_id in judge_ids:
            judging.submit_category(s, judge_id=judge_id, category_id=first_category)
    with db.read_session() as s:
        assert results_cache.trusted(s, event_id)
        stored = results_cache.standings(s, event_id, categories)
    for category_id in categories:
        assert stored[category_id].stored
        assert sorted(stored[category_id].stats()) == sorted(read[category_id].stats())


def test_a_save_side_by_side_is_refused_once_the_judge_has_submitted(
        db: Database, event_id: int,
        judged: tuple[list[int], list[tuple[int, list[int]]]]) -> None:
    judge_ids, work = judged
    with db.read_session() as s:
        category_of = dict(s.execute(select(Nomination.id, Nomination.category_id)).all())
    nomination_id, criteria = work[0]
    for judge_id in judge_ids:
        for n, cs in work:
            if category_of[n] == category_of[nomination_id]:
                _save(db, judge_id, n, cs, 5)
    with db.session() as s:
        judging.submit_category(s, judge_id=judge_ids[0],
                                category_id=category_of[nomination_id])
    with pytest.raises(ConflictError):
        _save(db, judge_ids[0], nomination_id, criteria, 9)
    _save(db, judge_ids[1], nomination_id, criteria, 9)  # the other judge has not submitted
    with db.read_session() as s:
        values = dict(s.execute(select(Score.judge_id, Score.value)
                                .where(Score.nomination_id == nomination_id)).all())
    assert values == {judge_ids[0]: 5, judge_ids[1]: 9}


def test_one_judge_on_two_laptops_saves_one_at_a_time(
        db: Database, second: Database, backend: str,
        judged: tuple[list[int], list[tuple[int, list[int]]]]) -> None:
    judge_ids, work = judged
    nomination_id, criteria = work[0]
    inside = threading.Event()
    order: list[str] = []

    def slow_first() -> None:
        def save(s):  # type: ignore[no-untyped-def]
            judging.save_scores(s, judge_id=judge_ids[0], nomination_id=nomination_id,
                                scores=dict.fromkeys(criteria, 3))
            inside.set()
            time.sleep(0.5)  # still saving when the other laptop saves
            order.append("first")
        db.write_patiently(save, scores_only=True)

    thread = threading.Thread(target=slow_first)
    thread.start()
    assert inside.wait(10)
    second.write_patiently(lambda s: (judging.save_scores(
        s, judge_id=judge_ids[0], nomination_id=nomination_id,
        scores=dict.fromkeys(criteria, 8)), order.append("second")), scores_only=True)
    thread.join(10)
    assert order == ["first", "second"]  # the second waited for the first: no clash
    with db.read_session() as s:
        assert set(s.scalars(select(Score.value).where(
            Score.judge_id == judge_ids[0], Score.nomination_id == nomination_id))) == {8}
        totals = s.scalars(select(JudgeTotal.total).where(
            JudgeTotal.judge_id == judge_ids[0],
            JudgeTotal.nomination_id == nomination_id)).all()
    assert len(totals) == 1
