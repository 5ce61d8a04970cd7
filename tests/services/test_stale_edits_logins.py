"""On a shared database two people are two logins: a save from a stale copy is refused
naming the login that changed the record (the audit trail's actor is the database login,
not a name the program was told), and a confirmed category stays locked for every login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from awards_app.core.enums import Answer
from awards_app.core.errors import ResultsLockedError, StaleEditError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Category
from awards_app.services import nominations, users
from tests.factories import award_demo
from tests.pgroles import as_login, made_names, unique
from tests.services.test_stale_edits import Setup, setup

__all__ = ["setup"]  # the fixture, shared with the stale-edit tests of one login

PASSWORD = "a long enough password"


@pytest.fixture
def team(db: Database, db_url: str, backend: str) -> Iterator[tuple[Database, Database, str]]:
    """Ann's and Ben's programs on one shared database, and Ann's login."""
    if backend != "postgresql":
        pytest.skip("logins are a shared PostgreSQL database's")
    for made in made_names():
        ann, ben = unique(made, "ann"), unique(made, "ben")
        with db.session() as s:
            users.add_user(s, ann, PASSWORD)
            users.add_user(s, ben, PASSWORD)
        as_ann, as_ben = open_database(as_login(db_url, ann)), open_database(as_login(db_url, ben))
        try:
            yield as_ann, as_ben, ann
        finally:
            as_ann.close()
            as_ben.close()


def test_a_stale_save_names_the_other_login(setup: Setup,
                                            team: tuple[Database, Database, str]) -> None:
    as_ann, as_ben, ann = team
    event_id, nomination_id = setup.event_id, setup.nomination_id
    with as_ben.read_session() as s:
        bens = nominations.nomination_form(s, event_id, nomination_id)
    with as_ann.read_session() as s:
        anns = nominations.nomination_form(s, event_id, nomination_id)
    with as_ann.session() as s:
        nominations.save_nomination_form(
            s, event_id=event_id, nomination_id=nomination_id, nominee_id=setup.nominee_id,
            loaded=anns, nominee={**anns.nominee, "consent_certificate_name": Answer.NO},
            nomination=anns.nomination)
    with pytest.raises(StaleEditError) as refused, as_ben.session() as s:
        nominations.save_nomination_form(
            s, event_id=event_id, nomination_id=nomination_id, nominee_id=setup.nominee_id,
            loaded=bens, nominee=bens.nominee,
            nomination={**bens.nomination, "citation": "For steering her own course."})
    assert refused.value.who == ann
    assert ann in str(refused.value)
    with as_ben.read_session() as s:
        now = nominations.nomination_form(s, event_id, nomination_id)
    assert now.nominee["consent_certificate_name"] == Answer.NO  # Ann's answer stands


def test_a_confirmed_category_is_locked_for_every_login(
        db: Database, team: tuple[Database, Database, str]) -> None:
    from awards_app.services import judging
    from awards_app.services.judging import results

    as_ann, as_ben, _ann = team
    event_id = award_demo(db)
    with as_ben.read_session() as s:
        confirmed = [r for r in results.category_results(s, event_id)
                     if r.ranking and s.get(Category, r.category_id).results_confirmed_at]
        row = next(iter(judging.judging_progress(s, event_id)))
        item = next(i for i in judging.judge_queue(s, row.judge_id)
                    if i.category_id == confirmed[0].category_id)
    for program in (as_ann, as_ben):
        with pytest.raises(ResultsLockedError):
            program.write_patiently(lambda s: judging.save_scores(
                s, judge_id=row.judge_id, nomination_id=item.nomination_id,
                scores={c.id: 1 for c in item.criteria}), scores_only=True)
