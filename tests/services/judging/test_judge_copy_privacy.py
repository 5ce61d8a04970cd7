"""What judges read holds nothing private (issue 12, item 2): a nomination with a marker value
in every private field — and those values written into its narratives and into the
coordinator's edited copy — shows none of them, normalised, in the judge view or the paper
packs; the preferred name the pseudonym shows stays readable unless the young person asked
not to be published."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from awards_app.db.engine import Database
from awards_app.services import judging, nominations, people
from awards_app.services.catalogue import categories, sponsors
from awards_app.services.judging import packs
from tests.conftest import words

LEGAL = "Qlegalname"
PREFERRED = "Zoe"
SURNAME = "Zqxmarker"
DOB = date(2005, 7, 13)
WORKER_FIRST, WORKER_LAST = "Wrkfirst", "Wrklast"
WORKER_EMAIL = "wrkmarker@council.example"
TEAM = "Teammarker Leaving Care Team"
PHONE = "(0161) 496 0000"
POSTCODE = "M1  4ST"  # a double space
EMAIL = "zoe.q@mail.example"
ADDRESS = "14 Mill Lane"

#: every private value, as it may be written: none may reach a judge (compared normalised)
MARKERS = (LEGAL, SURNAME, "13/07/2005", "13 July 2005", "2005-07-13", WORKER_FIRST,
           WORKER_LAST, WORKER_EMAIL, "Teammarker", PHONE, POSTCODE, EMAIL, ADDRESS)

NARRATIVE = (f"{LEGAL} {SURNAME} (known as {PREFERRED}, born 13/07/2005) lives at {ADDRESS}, "
             f"{POSTCODE}; call {PHONE} or email {EMAIL}. Her worker {WORKER_FIRST} "
             f"{WORKER_LAST} ({WORKER_EMAIL}) of Teammarker says she never gives up. "
             + words(30, "determined"))
OBSTACLES = (f"Born on 13 July 2005 ({DOB.isoformat()}), {PREFERRED} moved home six times. "
             + words(30, "resilient"))
VOICE = f"I am {PREFERRED}. My worker {WORKER_FIRST} helped me. Ring me on {PHONE}."


def normalised(text: str) -> str:
    """Letters and digits only, case-folded and without accents: "M1  4ST" is "m14st"."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in folded if c.isalnum())


def leaks(texts: list[str]) -> list[str]:
    """The markers found in any of ``texts``, each text searched on its own."""
    return [m for m in MARKERS if any(normalised(m) in normalised(t) for t in texts)]


def strings_of(value: Any) -> Iterator[str]:
    """Every string a judge item holds, however deep."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings_of(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_of(key)
            yield from strings_of(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from strings_of(item)


@pytest.fixture
def setup(db: Database, event_id: int) -> dict[str, int]:
    return make_marked_nominations(db, event_id)


def make_marked_nominations(db: Database, event_id: int) -> dict[str, int]:
    """Education Star judged by Ann (sponsor Acme): Zoe's nomination with a marker in every
    private field and in its narratives, and another nomination without markers."""
    with db.session() as s:
        education = {c.name: c for c in categories.list_categories(s, event_id)}[
            "Education Star"]
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=education.id)
        ann = sponsors.create_judge(s, sponsor_id=acme.id, name="Ann Judge")
        worker = people.create_worker(s, name=f"{WORKER_FIRST} {WORKER_LAST}",
                                      email=WORKER_EMAIL, team=TEAM)
        zoe = people.create_nominee(s, first_name=LEGAL, last_name=SURNAME,
                                    preferred_name=PREFERRED, date_of_birth=DOB.isoformat())
        nomination = nominations.create_nomination(
            s, event_id=event_id, category_id=education.id, nominee_id=zoe.id,
            worker_id=worker.id, success=NARRATIVE, obstacles=OBSTACLES, nominee_voice=VOICE,
            status="accepted")
        other = people.create_nominee(s, first_name="Ben", last_name="Ng",
                                      date_of_birth="2006-01-02")
        plain = nominations.create_nomination(
            s, event_id=event_id, category_id=education.id, nominee_id=other.id,
            success=words(30, "steady"), obstacles=words(30, "brave"), status="accepted")
        return {"ann": ann.id, "zoe": nomination.id, "zoe_nominee": zoe.id,
                "ben": plain.id, "event": event_id, "worker": worker.id}


def queue(db: Database, judge_id: int) -> list[judging.JudgeItem]:
    with db.read_session() as s:
        return judging.judge_queue(s, judge_id)


def test_the_judge_view_holds_no_private_value(db: Database, setup: dict[str, int]) -> None:
    items = queue(db, setup["ann"])
    zoe = next(i for i in items if i.nomination_id == setup["zoe"])
    assert leaks(list(strings_of(items))) == []
    assert zoe.pseudonym == "Zoe Z."
    assert PREFERRED in zoe.success and PREFERRED in zoe.voice  # the name judges see stays
    for mask in ("[surname]", "[name]", "[date of birth]", "[phone]", "[postcode]", "[email]",
                 "[address]"):
        assert mask in zoe.success + zoe.obstacles + zoe.voice, mask


def test_a_young_person_not_to_be_published_loses_their_preferred_name_too(
        db: Database, setup: dict[str, int]) -> None:
    with db.session() as s:
        people.update_nominee(s, setup["zoe_nominee"], do_not_publish=True)
    zoe = next(i for i in queue(db, setup["ann"]) if i.nomination_id == setup["zoe"])
    assert zoe.pseudonym.startswith("Nominee ")
    texts = list(strings_of(zoe))
    assert leaks(texts) == []
    assert not any(normalised(PREFERRED) in normalised(t).replace("nominee", "") for t in texts)


def test_an_edited_copy_is_masked_for_judges_and_flagged_to_the_coordinator(
        db: Database, setup: dict[str, int]) -> None:
    edit = (f"{PREFERRED} {SURNAME}, call {PHONE}. Her worker {WORKER_FIRST} {WORKER_LAST} "
            f"says so.")
    with db.read_session() as s:
        found = judging.would_mask(s, setup["zoe"], [edit, "", ""])
    assert found == ["the surname", "a phone number", "a name"]  # the worker's whole name
    assert judging.describe_masks(found) == (
        "3 details would be masked for judges: the surname, a phone number, a name.")
    assert judging.describe_masks(["a name", "a name"]) == (
        "2 details would be masked for judges: a name.")
    assert judging.describe_masks([]) == ""
    with db.session() as s:
        judging.set_judge_copy(s, setup["zoe"], success=edit, obstacles="", voice="")
    zoe = next(i for i in queue(db, setup["ann"]) if i.nomination_id == setup["zoe"])
    assert zoe.success == "Zoe [surname], call [phone]. Her worker [name] says so."
    assert leaks(list(strings_of(zoe))) == []
    with db.read_session() as s:  # stored as typed: the coordinator's own words stay theirs
        assert judging.judge_copy_for_edit(s, setup["zoe"]).values["judge_success"] == edit


def test_the_judging_packs_hold_no_private_value(db: Database, setup: dict[str, int],
                                                 tmp_path: Path) -> None:
    with db.session() as s:  # the edited copy goes on paper masked too
        judging.set_judge_copy(s, setup["zoe"], success=f"{SURNAME} did it. {PHONE}.",
                               obstacles="", voice="")
    path = tmp_path / "packs.pdf"
    with db.read_session() as s:
        assert packs.write_packs(s, setup["event"], path) >= 1
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "Zoe Z." in text and "[surname] did it" in text  # the pack is Zoe's, read back
    pages = text.split("\f") + text.splitlines()
    assert leaks(pages) == []
    assert normalised(SURNAME) not in normalised(text)
