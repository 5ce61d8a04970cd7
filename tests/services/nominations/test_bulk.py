"""Bulk status changes (issue 13, item 4): all or none, locks hold, one undo-able audit step.

The property test drives random bulk changes, undos and confirmations against a model of
what should happen: a nomination in a confirmed category never moves, a refused change stores
nothing, and an undo restores exactly the statuses from before its step (or is refused when
any of them changed since)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from awards_app.core.enums import NominationStatus as S
from awards_app.core.errors import ConflictError, ResultsLockedError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Category, Nomination, utcnow
from awards_app.services import nominations, people
from awards_app.services.catalogue import categories
from tests.conftest import words


@dataclass(frozen=True)
class World:
    event_id: int
    ids: tuple[int, ...]  # six nominations: two in each of three categories
    category_ids: tuple[int, int, int]  # the third is confirmed


@pytest.fixture
def world(db: Database, event_id: int) -> World:
    with db.session() as s:
        cats = categories.list_categories(s, event_id)[:3]
        ids = []
        for i in range(6):
            nominee = people.create_nominee(s, first_name=f"Young{i}", last_name="Person",
                                            date_of_birth="2006-06-01")
            n = nominations.create_nomination(
                s, event_id=event_id, category_id=cats[i // 2].id, nominee_id=nominee.id,
                success=words(30), obstacles=words(30, "brave"))
            ids.append(n.id)
        s.get(Category, cats[2].id).results_confirmed_at = utcnow()  # type: ignore[union-attr]
        return World(event_id, tuple(ids), (cats[0].id, cats[1].id, cats[2].id))


def statuses(db: Database, ids: tuple[int, ...]) -> dict[int, S]:
    with db.read_session() as s:
        return {n.id: n.status for n in s.scalars(select(Nomination).where(Nomination.id.in_(ids)))}


def test_accept_many_is_one_audit_step_and_undo_restores(db: Database, world: World) -> None:
    a, b, c, d = world.ids[:4]
    with db.session() as s:
        nominations.update_nomination(s, b, status=S.SHORTLISTED)
    with db.session() as s:
        plan = nominations.plan_bulk(s, nomination_ids=[a, b, c], status="accepted")
        assert plan.to_move == ("N-0001", "N-0002", "N-0003") and not plan.refused
        result = nominations.set_status_bulk(s, nomination_ids=[a, b, c], status="accepted")
    assert statuses(db, (a, b, c, d)) == {a: S.ACCEPTED, b: S.ACCEPTED, c: S.ACCEPTED,
                                          d: S.SUBMITTED}
    with db.read_session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "bulk_status")).all()
        assert [e.id for e in entries] == [result.audit_id]
        assert "N-0001 (was submitted" in entries[0].summary
        assert "N-0002 (was shortlisted" in entries[0].summary
        step = nominations.last_bulk(s, world.event_id)
        assert step is not None and step.audit_id == result.audit_id and step.count == 3
    with db.session() as s:
        nominations.undo_bulk(s, audit_id=result.audit_id or 0)
    assert statuses(db, (a, b, c, d)) == {a: S.SUBMITTED, b: S.SHORTLISTED, c: S.SUBMITTED,
                                          d: S.SUBMITTED}
    with db.read_session() as s:
        assert nominations.last_bulk(s, world.event_id) is None
    with pytest.raises(ConflictError, match="already been undone"), db.session() as s:
        nominations.undo_bulk(s, audit_id=result.audit_id or 0)


def test_a_confirmed_category_refuses_the_whole_change(db: Database, world: World) -> None:
    chosen = (world.ids[0], world.ids[4])  # the second is in the confirmed category
    with db.read_session() as s:
        plan = nominations.plan_bulk(s, nomination_ids=chosen, status="shortlisted")
        assert plan.to_move == ("N-0001",) and [r.ref for r in plan.refused] == ["N-0005"]
    with pytest.raises(nominations.BulkRefusedError) as caught, db.session() as s:
        nominations.set_status_bulk(s, nomination_ids=chosen, status="shortlisted")
    assert "N-0005" in str(caught.value) and "Nothing was changed" in str(caught.value)
    assert "confirmed" in str(caught.value)
    assert set(statuses(db, chosen).values()) == {S.SUBMITTED}


def test_withdraw_with_one_reason_and_undo_reinstates(db: Database, world: World) -> None:
    a, b = world.ids[:2]
    with pytest.raises(ValidationError, match="Reason"), db.session() as s:
        nominations.set_status_bulk(s, nomination_ids=[a, b], status="withdrawn", reason=" ")
    with db.session() as s:
        result = nominations.set_status_bulk(s, nomination_ids=[a, b], status="withdrawn",
                                             reason="Moved out of the area")
    with db.read_session() as s:
        assert {n.withdrawn_reason for n in map(lambda i: s.get(Nomination, i), (a, b))
                if n is not None} == {"Moved out of the area"}
    with pytest.raises(nominations.BulkRefusedError, match="already withdrawn"), db.session() as s:
        nominations.set_status_bulk(s, nomination_ids=[a], status="withdrawn", reason="Again")
    with pytest.raises(nominations.BulkRefusedError, match="reinstate"), db.session() as s:
        nominations.set_status_bulk(s, nomination_ids=[a], status="accepted")
    with db.session() as s:
        nominations.undo_bulk(s, audit_id=result.audit_id or 0)
    assert statuses(db, (a, b)) == {a: S.SUBMITTED, b: S.SUBMITTED}


def test_undo_refused_naming_who_changed_what(db: Database, world: World,
                                              as_user: Callable[[str], None]) -> None:
    a, b = world.ids[:2]
    with db.session() as s:
        result = nominations.set_status_bulk(s, nomination_ids=[a, b], status="accepted")
    as_user("ben")
    with db.session() as s:
        nominations.update_nomination(s, b, citation="For never giving up.")
    as_user("ann")
    with pytest.raises(nominations.BulkRefusedError) as caught, db.session() as s:
        nominations.undo_bulk(s, audit_id=result.audit_id or 0)
    message = str(caught.value)
    assert "N-0002" in message and "ben" in message and "citation" in message
    assert "N-0001" not in message
    assert statuses(db, (a, b)) == {a: S.ACCEPTED, b: S.ACCEPTED}


def test_a_draft_short_of_words_is_named(db: Database, world: World) -> None:
    with db.session() as s:
        nominee = people.create_nominee(s, first_name="Dee", last_name="Raft",
                                        date_of_birth="2006-06-01")
        draft = nominations.create_nomination(
            s, event_id=world.event_id, category_id=world.category_ids[0],
            nominee_id=nominee.id, success="Just started", obstacles="", status="draft").id
    with pytest.raises(nominations.BulkRefusedError, match="N-0007"), db.session() as s:
        nominations.set_status_bulk(s, nomination_ids=[world.ids[0], draft], status="accepted")
    assert statuses(db, (world.ids[0], draft)) == {world.ids[0]: S.SUBMITTED, draft: S.DRAFT}


def test_the_list_of_refs_stops_at_ten() -> None:
    refs = [f"N-{i:04d}" for i in range(1, 23)]
    assert nominations.list_refs(refs).endswith("N-0010 and 12 more")
    assert nominations.list_refs(refs[:3]) == "N-0001, N-0002 and N-0003"


# --- the property test ---------------------------------------------------------------------

STATUSES = ("accepted", "shortlisted", "submitted", "withdrawn")
ops = st.lists(st.one_of(
    st.tuples(st.just("bulk"), st.sets(st.integers(0, 5), min_size=1),
              st.sampled_from(STATUSES)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("toggle")),  # confirm or reopen the second category's results
    st.tuples(st.just("edit"), st.integers(0, 5)),  # someone edits one in its editor
), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=ops)
def test_random_bulk_changes_keep_the_locks_and_undo_exactly(
        db: Database, world: World, steps: list[tuple]) -> None:  # type: ignore[type-arg]
    ids = world.ids
    confirmed = {world.category_ids[2]}
    with db.read_session() as s:
        category_of = {i: s.get(Nomination, i).category_id for i in ids}  # type: ignore[union-attr]
        for cid in world.category_ids:
            if s.get(Category, cid).results_confirmed_at is not None:  # type: ignore[union-attr]
                confirmed.add(cid)
            else:
                confirmed.discard(cid)
    changes = dict.fromkeys(ids, 0)  # how often each nomination has moved (the model's versions)
    undo_stack: list[tuple[int, dict[int, S], dict[int, int]]] = []
    for step in steps:
        before = statuses(db, ids)
        if step[0] == "toggle":
            with db.session() as s:
                category = s.get(Category, world.category_ids[1])
                assert category is not None
                category.results_confirmed_at = (None if category.results_confirmed_at
                                                 else utcnow())
            confirmed ^= {world.category_ids[1]}
            continue
        if step[0] == "edit":
            nomination_id = ids[step[1]]
            if before[nomination_id] is S.WITHDRAWN:
                continue
            with db.session() as s:
                nominations.update_nomination(s, nomination_id,
                                              citation=f"Edit {changes[nomination_id] + 1}")
            changes[nomination_id] += 1
            continue
        if step[0] == "bulk":
            chosen = [ids[i] for i in sorted(step[1])]
            target = S(step[2])
            # one already at the wanted status is left as it is (not moved, so not locked out)
            blocked = [i for i in chosen
                       if (before[i] is not target or target is S.WITHDRAWN)
                       and (category_of[i] in confirmed or before[i] is S.WITHDRAWN)]
            moving = [i for i in chosen if before[i] is not target]
            try:
                with db.session() as s:
                    result = nominations.set_status_bulk(s, nomination_ids=chosen,
                                                         status=target, reason="Asked to")
            except nominations.BulkRefusedError:
                assert blocked, "refused although every one could move"
                assert statuses(db, ids) == before, "a refused change stored something"
                continue
            assert not blocked, "a locked or withdrawn nomination moved"
            after = statuses(db, ids)
            assert after == {**before, **{i: target for i in chosen}}
            if moving:
                for i in moving:
                    changes[i] += 1
                assert result.audit_id is not None
                undo_stack.append((result.audit_id, {i: before[i] for i in moving},
                                   {i: changes[i] for i in moving}))
            else:
                assert result.audit_id is None
        else:
            if not undo_stack:
                continue
            audit_id, previous, counts = undo_stack[-1]
            stale = any(changes[i] != counts[i] for i in previous)
            locked = any(category_of[i] in confirmed for i in previous)
            try:
                with db.session() as s:
                    nominations.undo_bulk(s, audit_id=audit_id)
            except (nominations.BulkRefusedError, ResultsLockedError):
                assert stale or locked, "undo refused although nothing changed since"
                assert statuses(db, ids) == before
                continue
            assert not stale and not locked, "undo went ahead over a later change"
            undo_stack.pop()
            for i in previous:
                changes[i] += 1
            assert statuses(db, ids) == {**before, **previous}, "undo did not restore exactly"
    # whatever happened, the first confirmed category's nominations never moved
    final = statuses(db, ids)
    assert final[ids[4]] is S.SUBMITTED and final[ids[5]] is S.SUBMITTED
