"""Certificates issued before their category's results were reopened need attention until
they match the confirmed result again (worked out, never stored)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from awards_app.db.engine import open_database
from awards_app.db.models import Category, Certificate, ConfirmedPlacement
from awards_app.services import certificates, nominations
from awards_app.services.certificates.attention import needing_attention
from awards_app.services.judging import results
from tests.factories import award_demo


@pytest.fixture(scope="module")
def awarded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("awarded") / "awarded.sqlite3"
    database = open_database(path)
    award_demo(database)
    database.close()
    return path


@pytest.fixture
def issued(awarded_file: Path, tmp_path: Path) -> Any:
    """Education Star's certificates issued (everyone placed in it, and the nominees)."""
    shutil.copyfile(awarded_file, tmp_path / "db.sqlite3")
    database = open_database(tmp_path / "db.sqlite3")
    with database.session() as s:
        category = s.scalar(select(Category).where(Category.name == "Education Star"))
        order = [p.nomination_id for p in s.scalars(
            select(ConfirmedPlacement).where(ConfirmedPlacement.category_id == category.id)
            .order_by(ConfirmedPlacement.rank))]
        certificates.issue(s, category.event_id, order)
        facts = {"event": category.event_id, "category": category.id, "order": order}
    yield database, facts
    database.close()


def test_nothing_needs_attention_while_results_stay_confirmed(issued: Any) -> None:
    database, facts = issued
    with database.read_session() as s:
        assert needing_attention(s, facts["event"]) == {}


def test_reopened_results_flag_every_live_certificate_until_they_match(issued: Any) -> None:
    database, facts = issued
    winner, runner_up, third = facts["order"][:3]
    with database.session() as s:
        results.reopen_results(s, facts["category"], reason="The runner-up asked to withdraw")
    with database.read_session() as s:
        waiting = needing_attention(s, facts["event"])
    assert set(waiting) == set(facts["order"])
    assert waiting[winner].message.startswith("Education Star's results were reopened on ")
    assert waiting[winner].message.endswith(
        "check this certificate once they are confirmed again.")
    assert waiting[winner].category == "Education Star"
    assert waiting[winner].ref.startswith("N-") and len(waiting[winner].code) == 16

    with database.session() as s:
        nominations.withdraw_nomination(s, runner_up, reason="Asked to withdraw")  # revokes
        results.confirm_results(s, facts["category"])
    with database.read_session() as s:
        waiting = needing_attention(s, facts["event"])
    assert winner not in waiting  # still the winner: the certificate is still right
    assert runner_up not in waiting  # revoked with the withdrawal
    assert waiting[third].message.startswith(
        "Now Runner-up, but it says Nominee (results reopened on ")

    with database.session() as s:  # a correction issues a new certificate: nothing left
        code = certificates.verify(s, _code(s, third)).code
        certificates.correct(s, code, reason="Placed runner-up after a withdrawal")
    with database.read_session() as s:
        assert third not in needing_attention(s, facts["event"])


def _code(session: Any, nomination_id: int) -> str:
    return session.scalar(select(Certificate.code).where(
        Certificate.nomination_id == nomination_id, Certificate.revoked_at.is_(None)))
