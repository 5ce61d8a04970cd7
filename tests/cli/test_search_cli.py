"""The command line finds what people type: `awards list … --search` and names of judges,
categories and events typed without their accents (issue 13, item 5)."""

from __future__ import annotations


import pytest
from sqlalchemy import select

from awards_app.db.engine import open_database
from awards_app.db.models import Category, Event, Judge


def _rename(db_url: str, model: type, old: str, new: str) -> None:
    database = open_database(db_url)
    try:
        with database.session() as session:
            record = session.scalar(select(model).where(model.name == old))
            assert record is not None
            record.name = new
    finally:
        database.close()


@pytest.mark.parametrize(("typed", "name"), [
    ("zoe", "Zoë Hartley"),
    ("LUCJA zielinska", "Łucja Zielińska"),
    ("sevval yildiz", "Şevval Yıldız"),
    ("nguyen", "Mai Nguyễn"),
    ("celik", "Mehmet Çelik"),
    ("ionut", "Ionuț Dumitrescu"),
    ("anamaria", "Ana-María Popescu"),
    ("ليلى", "ليلى حداد"),
    ("коваленко", "Олена Коваленко"),
    ("νικολαος", "Νικόλαος Παπαδόπουλος"),
])
def test_list_search_ignores_case_and_accents(cli, typed: str, name: str) -> None:
    assert cli("init", "--demo").code == 0
    everyone = cli("list", "nominees").out.splitlines()
    result = cli("list", "nominees", "--search", typed)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines and len(lines) < len(everyone)
    assert all(name in line for line in lines)


def test_list_nominations_search_looks_in_the_full_name(cli) -> None:
    assert cli("init", "--demo").code == 0
    lines = cli("list", "nominations", "--search", "zielinska").out.splitlines()
    # the list shows the name they are known by; the search also looks in their full name
    assert lines and all("Łucja" in line for line in lines)
    assert cli("list", "nominations", "--search", "nobody here").out == ""


def test_a_judge_category_and_event_are_found_without_their_accents(cli, db_url: str) -> None:
    assert cli("init", "--demo").code == 0
    _rename(db_url, Judge, "Sandra Kowalczyk", "Łukasz Kowalczyk")
    _rename(db_url, Category, "Community Champion", "Communauté Champion")
    ref = cli("list", "nominations", "--category", "communaute CHAMPION").out.split()[0]
    assert ref.startswith("N-")
    result = cli("judging", "conflict", "lukasz kowalczyk", ref, "--kind", "knows")
    assert result.code == 0, result.err
    assert "Łukasz Kowalczyk" in result.out
    database = open_database(db_url)
    try:
        with database.session() as session:
            event = session.scalars(select(Event)).one()
            plain = f"{event.name} {event.year}".casefold()
            event.name = event.name.replace("e", "é", 1)
            assert event.name.casefold() not in plain
    finally:
        database.close()
    assert cli("event", "use", plain).code == 0
    assert cli("event", "use", "no such event").code != 0


def test_two_judges_alike_but_for_accents_are_not_guessed(cli, db_url: str) -> None:
    assert cli("init", "--demo").code == 0
    _rename(db_url, Judge, "Sandra Kowalczyk", "Zoë Hart")
    _rename(db_url, Judge, "Pauline Ashworth", "Zoé Hart")
    ref = cli("list", "nominations", "--category", "Community Champion").out.split()[0]
    refused = cli("judging", "conflict", "zoe hart", ref, "--kind", "knows")
    assert refused.code != 0
    assert "accents" in refused.err and "email" in refused.err
    chosen = cli("judging", "conflict", "Zoé Hart", ref, "--kind", "knows")  # as written
    assert chosen.code == 0, chosen.err
    assert "Zoé Hart" in chosen.out
