"""Seals: a value changed outside the program (raw SQL on the SQLite file) is reported by
name of record, and a whole normal year through the services raises no alarm."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from awards_app.core.enums import Answer
from awards_app.core.errors import ConflictError
from awards_app.core.text import format_ref
from awards_app.db.engine import Database, open_database
from awards_app.db.models import (
    AuditEntry,
    Certificate,
    ConfirmedPlacement,
    Event,
    Judge,
    Nomination,
    Score,
)
from awards_app.services import catalogue, certificates, judging, people
from awards_app.services.judging import results
from awards_app.services.judging.scores import ScoreChange, store_scores
from awards_app.services.judging.seals import (
    accept_current_values,
    pin_seal_holds,
    seal_problems,
    verify_seals,
)
from awards_app.services.transfer import exports, nominations_import
from awards_app.services.transfer.event_json import reader as event_import
from tests.factories import award_demo, write_nominations_csv

PIN = "4821"


def _confirm(session: object, category_id: int) -> None:
    """Confirm a category, settling a tie with the lead judge's casting decision first."""
    (result,) = results.category_results(session, _event_of(session, category_id),  # type: ignore[arg-type]
                                         category_id=category_id)
    if result.problem:
        judges = judging.judges_of_category(session, category_id)  # type: ignore[arg-type]
        judging.set_lead_judge(session, category_id=category_id,  # type: ignore[arg-type]
                               judge_id=judges[0][0])
        tied = [r.nomination_id for r in result.ranking if r.tie_break == "unresolved"]
        results.record_casting_decision(session, category_id=category_id,  # type: ignore[arg-type]
                                        order=tied, reason="Agreed on the day")
    results.confirm_results(session, category_id)  # type: ignore[arg-type]


def _event_of(session: object, category_id: int) -> int:
    from awards_app.db.models import Category

    return session.get(Category, category_id).event_id  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="module")
def year_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo event judged and confirmed, two certificates issued, a judge's PIN set."""
    path = tmp_path_factory.mktemp("seals") / "year.sqlite3"
    database = open_database(path)
    try:
        event_id = award_demo(database)
        with database.session() as s:
            placed = s.scalars(select(ConfirmedPlacement.nomination_id)
                               .where(ConfirmedPlacement.placement == "winner")
                               .order_by(ConfirmedPlacement.id)).all()
            certificates.issue(s, event_id, placed[:2])
            judging.set_pin(s, s.scalars(select(Judge.id).order_by(Judge.id)).first() or 0, PIN)
    finally:
        database.close()
    return path


@pytest.fixture
def year(year_file: Path, tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    path = tmp_path / "copy.sqlite3"
    shutil.copyfile(year_file, path)
    database = open_database(path)
    yield database, path
    database.close()


def _sql(path: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def _problems(database: Database) -> list[str]:
    """The check of the one event there is (as the Results page runs it), else of all."""
    with database.read_session() as s:
        events = s.scalars(select(Event.id)).all()
        return verify_seals(s, events[0] if len(events) == 1 else None)


def _ref_of(database: Database, nomination_id: int) -> str:
    with database.read_session() as s:
        return format_ref(s.get(Nomination, nomination_id).number)  # type: ignore[union-attr]


# --- each kind of outside change is found -----------------------------------------------


def test_the_untouched_year_checks_clean(year: tuple[Database, Path]) -> None:
    assert _problems(year[0]) == []


def test_a_flipped_consent_is_reported(year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        nomination = s.scalars(select(Nomination).order_by(Nomination.id)).first()
        assert nomination is not None
        nominee_id, nid = nomination.nominee_id, nomination.id
        first_name = nomination.nominee.first_name
        answer = nomination.nominee.consent_public
    flipped = "no" if answer is Answer.YES else "yes"
    _sql(path, "UPDATE nominee SET consent_public = ? WHERE id = ?", flipped, nominee_id)
    (problem,) = _problems(database)
    assert problem.startswith(f"{_ref_of(database, nid)}'s young person: their consent answers")
    assert "changed outside the program since" in problem
    assert first_name not in problem


def test_a_hand_edited_score_is_reported_and_its_result_flagged(
        year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        score = s.scalars(select(Score).where(Score.value != 10).order_by(Score.id)).first()
        assert score is not None
        sid, nid = score.id, score.nomination_id
        judge = s.get(Judge, score.judge_id).name  # type: ignore[union-attr]
    _sql(path, "UPDATE score SET value = 10 WHERE id = ?", sid)
    ref = _ref_of(database, nid)
    with database.read_session() as s:
        found = seal_problems(s, None)
        confirmed = {c for (c,) in s.execute(select(ConfirmedPlacement.category_id).where(
            ConfirmedPlacement.nomination_id == nid))}
    messages = [p.message for p in found]
    assert any(f"{judge}'s score for {ref}" in m for m in messages), messages
    assert any(f"The scores or placements behind {ref}'s confirmed place" in m
               and "do not trust this result" in m for m in messages), messages
    assert {p.category_id for p in found} == confirmed  # the confirmed result is flagged


def test_a_deleted_score_behind_a_result_is_reported(year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        score = s.scalars(select(Score).order_by(Score.id)).first()
        assert score is not None
        sid, nid = score.id, score.nomination_id
    _sql(path, "DELETE FROM score WHERE id = ?", sid)
    (problem,) = _problems(database)
    assert problem.startswith(f"The scores or placements behind {_ref_of(database, nid)}'s")


def test_a_changed_placement_is_reported(year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        row = s.scalars(select(ConfirmedPlacement)
                        .where(ConfirmedPlacement.placement != "winner")
                        .order_by(ConfirmedPlacement.id)).first()
        assert row is not None
        pid, nid = row.id, row.nomination_id
    _sql(path, "UPDATE placement SET placement = 'winner' WHERE id = ?", pid)
    (problem,) = _problems(database)
    assert problem.startswith(f"{_ref_of(database, nid)}'s confirmed place in ")
    assert "was changed outside the program since" in problem


def test_a_changed_certificate_record_is_reported(year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        cert = s.scalars(select(Certificate).order_by(Certificate.id)).first()
        assert cert is not None
        cid, nid, name = cert.id, cert.nomination_id, cert.recipient_name
    _sql(path, "UPDATE certificate SET print_count = print_count + 5 WHERE id = ?", cid)
    (problem,) = _problems(database)
    assert problem.startswith(f"The certificate record for {_ref_of(database, nid)} (code ")
    assert name not in problem


def test_a_replaced_pin_hash_is_reported(year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        judge = s.scalars(select(Judge).where(Judge.pin_hash.is_not(None))).one()
        jid, name, stored = judge.id, judge.name, judge.pin_hash
        assert pin_seal_holds(s, jid)
    flipped = stored[:-1] + ("A" if stored[-1] != "A" else "B")  # type: ignore[index]
    _sql(path, "UPDATE judge SET pin_hash = ? WHERE id = ?", flipped, jid)
    (problem,) = _problems(database)
    assert problem.startswith(f"Judge {name}'s PIN or name were changed outside the program")
    assert "Set them a new PIN" in problem
    with database.read_session() as s:
        assert not pin_seal_holds(s, jid)


def test_a_removed_seal_is_reported(year: tuple[Database, Path]) -> None:
    database, path = year
    _sql(path, "UPDATE score SET seal = NULL WHERE id = (SELECT min(id) FROM score)")
    problems = _problems(database)
    assert any("was added outside the program, or its seal was removed" in p
               for p in problems), problems


def test_the_check_of_every_event_names_the_event(year: tuple[Database, Path]) -> None:
    database, path = year
    _sql(path, "UPDATE placement SET rank = rank + 1 WHERE id = (SELECT min(id) FROM placement)")
    with database.read_session() as s:
        everywhere = verify_seals(s, None)
        event_id = s.scalar(select(Nomination.event_id))
        assert event_id is not None
        one = verify_seals(s, event_id)
    assert len(everywhere) == len(one) == 1
    assert everywhere[0].endswith(one[0]) and everywhere[0] != one[0]


# --- the program does not launder an outside change -------------------------------------


def test_a_save_through_the_program_keeps_an_outside_change_reported(
        year: tuple[Database, Path]) -> None:
    database, path = year
    with database.read_session() as s:
        nomination = s.scalars(select(Nomination).order_by(Nomination.id)).first()
        assert nomination is not None
        nominee_id = nomination.nominee_id
        answer, photo = nomination.nominee.consent_public, nomination.nominee.consent_photo
    flipped = "no" if answer is Answer.YES else "yes"
    _sql(path, "UPDATE nominee SET consent_public = ? WHERE id = ?", flipped, nominee_id)
    other = Answer.NO if photo is not Answer.NO else Answer.YES
    with database.session() as s:
        people.update_nominee(s, nominee_id, consent_photo=other)
    assert len(_problems(database)) == 1  # saving another answer did not make it trusted
    with database.session() as s:  # the coordinator puts both answers back
        people.update_nominee(s, nominee_id, consent_public=answer, consent_photo=photo)
    assert _problems(database) == []


def test_confirming_refuses_a_hand_edited_score(year: tuple[Database, Path]) -> None:
    database, path = year
    with database.session() as s:
        placement = s.scalars(select(ConfirmedPlacement).order_by(ConfirmedPlacement.id)).first()
        assert placement is not None
        category_id, nid = placement.category_id, placement.nomination_id
        results.reopen_results(s, category_id, reason="Checking a score with a judge")
    _sql(path, "UPDATE score SET value = 1 WHERE nomination_id = ? AND id = "
               "(SELECT min(id) FROM score WHERE nomination_id = ?)", nid, nid)
    with pytest.raises(ConflictError, match="cannot be confirmed") as refused, \
            database.session() as s:
        results.confirm_results(s, category_id)
    assert _ref_of(database, nid) in str(refused.value)
    with database.session() as s:
        event_id = s.scalar(select(Nomination.event_id).where(Nomination.id == nid))
        assert event_id is not None
        assert accept_current_values(s, event_id=event_id) == 1
    assert _problems(database) == []
    with database.session() as s:
        results.confirm_results(s, category_id)
        assert s.scalar(select(AuditEntry.summary).where(
            AuditEntry.action == "accept_outside_changes")) == (
            "1 record(s) changed outside the program marked as checked")
    assert _problems(database) == []


# --- a normal year raises no alarm --------------------------------------------------------


def test_a_normal_year_through_the_services_checks_clean(
        year: tuple[Database, Path], tmp_path: Path) -> None:
    """Demo data, judging and confirmation (the fixture), then: reopening, rescoring through
    the window's and the import's paths, confirming again, consent edits, PINs, certificate
    prints, reprints, revocations and corrections, a nominations import and an event file
    exported and imported into another database."""
    database, _path = year
    with database.session() as s:
        year_id = s.scalar(select(Nomination.event_id))
        assert year_id is not None
        placement = s.scalars(select(ConfirmedPlacement).order_by(ConfirmedPlacement.id)).first()
        assert placement is not None
        category_id = placement.category_id
        results.reopen_results(s, category_id, reason="A young person asked us to check")
    with database.session() as s:
        scores = s.scalars(select(Score).join(Nomination).where(
            Nomination.category_id == category_id).order_by(Score.id)).all()
        judge_id = scores[0].judge_id
        mine = [sc for sc in scores if sc.judge_id == judge_id]
        judging.unlock_submission(s, judge_id=judge_id, category_id=category_id,
                                  reason="A score was typed wrongly")
        first, second = mine[0].nomination_id, mine[-1].nomination_id
        window = {sc.criterion_id: (sc.value % 10) + 1 for sc in mine
                  if sc.nomination_id == first}
        paper = tuple((sc.criterion_id, (sc.value % 9) + 1) for sc in mine
                      if sc.nomination_id == second)
    with database.session() as s:
        judging.save_scores(s, judge_id=judge_id, nomination_id=first, scores=window)
        store_scores(s, [ScoreChange(judge_id, second, paper)])
        judging.submit_category(s, judge_id=judge_id, category_id=category_id)
    with database.session() as s:
        _confirm(s, category_id)
    with database.session() as s:
        nominations = s.scalars(select(Nomination).where(Nomination.event_id == year_id)
                                .order_by(Nomination.id)).all()
        people.update_nominee(s, nominations[0].nominee_id, consent_public=Answer.YES,
                              consent_photo=Answer.NO, last_name="Newname")
        judges = s.scalars(select(Judge.id).order_by(Judge.id)).all()
        judging.set_pin(s, judges[1], "7391")
        judging.sign_in(s, judges[1], "0000")
        judging.sign_in(s, judges[1], "7391")
        judging.clear_pin(s, judges[0])
        winners = s.scalars(select(ConfirmedPlacement.nomination_id).order_by(
            ConfirmedPlacement.id)).all()
        issued = certificates.issue(s, year_id, winners[:4])
        certificates.issue(s, year_id, winners[:1])  # a reprint
    with database.session() as s:
        certificates.revoke(s, issued[1].code, "Printed by mistake")
        certificates.correct(s, issued[2].code, reason="Name misspelt")
    with database.session() as s:
        event_id = catalogue.create_event(s, name="Test Awards", year=2027,
                                          ceremony_date="2027-03-19").id
    with database.session() as s:
        nominations_import.import_nominations(
            s, event_id=event_id, path=write_nominations_csv(tmp_path / "n.csv", 12))
    assert _problems(database) == []

    exported = tmp_path / "year.json"
    with database.session() as s:
        exports.export_event(s, event_id=year_id, path=exported)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.session() as s:
            event_import.import_event(s, path=exported)
        assert _problems(other) == []
    finally:
        other.close()


def test_a_pin_planted_outside_the_program_is_refused_until_the_coordinator_sets_one(
        year: tuple[Database, Path]) -> None:
    """Someone with the file sets a judge's PIN hash to one of a PIN they know: signing in
    with it is refused; a PIN set by the coordinator works again and clears the report."""
    from argon2 import PasswordHasher

    database, path = year
    with database.read_session() as s:
        jid = s.scalars(select(Judge.id).where(Judge.pin_hash.is_not(None))).one()
    _sql(path, "UPDATE judge SET pin_hash = ? WHERE id = ?", PasswordHasher().hash("9999"), jid)
    with database.session() as s:
        refused = judging.sign_in(s, jid, "9999")
    assert not refused.ok and "changed outside the program" in refused.message
    with database.session() as s:
        judging.set_pin(s, jid, "2468")
    with database.session() as s:
        assert judging.sign_in(s, jid, "2468").ok
        assert pin_seal_holds(s, jid)
    assert _problems(database) == []


def test_awards_check_reports_a_flipped_consent(year: tuple[Database, Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from awards_app.cli.main import main

    database, path = year
    assert main(["--db", str(path), "check"]) == 0
    assert "is as the program wrote it" in capsys.readouterr().out
    _sql(path, "UPDATE nominee SET consent_certificate_name = 'yes' WHERE id = "
               "(SELECT min(id) FROM nominee WHERE consent_certificate_name = 'no')")
    assert main(["--db", str(path), "check"]) == 1
    err = capsys.readouterr().err
    assert "changed outside the program" in err and "consent" in err
