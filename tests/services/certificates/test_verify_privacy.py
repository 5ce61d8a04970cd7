"""Verification says no more than the certificate (issue 12, item 6), and certificates,
their files and verification answers never carry a surname without consent (item 8)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select, update

from awards_app.core.errors import ConflictError, ValidationError
from awards_app.core.text import name_key
from awards_app.db.engine import Database
from awards_app.db.models import Certificate, Nomination, Nominee
from awards_app.services import certificates
from tests.services.certificates.test_records import SURNAME, Awarded, award_education_star, today

MARKER = "Zqmarker placed in secure unit after police arrest"
#: Ben's surname as it could have been typed into his preferred name (Ben said no)
VARIANTS = [SURNAME, SURNAME.upper(), "Zqxsúrname", "Zqx\u200bsurname", "Zqxsurnаme",  # Cyrillic а
            "ZQX\u200dSÚRNAME"]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils is not installed")


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


def letters(text: str) -> str:
    """The letters a reader sees, whatever the case, accents or invisible characters."""
    decomposed = unicodedata.normalize("NFKD", name_key(text))
    return "".join(ch for ch in decomposed if ch.isalnum())


def has_surname(text: str) -> bool:
    return letters(SURNAME) in letters(text)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode()


def set_preferred(db: Database, nomination_id: int, preferred: str) -> None:
    """Straight into the table, as an older version or a hand-edited file could have stored
    it (the editor strips invisible characters on input)."""
    with db.session() as s:
        nominee_id = s.scalar(select(Nomination.nominee_id).where(Nomination.id == nomination_id))
        s.execute(update(Nominee).where(Nominee.id == nominee_id).values(preferred_name=preferred))


# --- item 6: only what the certificate shows -------------------------------------------------


def test_a_revoked_answer_never_gives_the_reason(db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Cal"]])
        certificates.revoke(s, issued.code, MARKER)
    with db.read_session() as s:
        answer = certificates.verify(s, issued.code_display)
    assert answer.status == "revoked"
    assert "Zqmarker" not in answer.message and "police" not in repr(answer)
    assert answer.message == (
        f"Revoked: {issued.code_display} (Cal, Highly commended — Education Star, Test Awards "
        f"2027) was revoked on {today()}. It is no longer valid.")
    with db.session() as s:
        new = certificates.correct(s, issued.code, reason=MARKER)
        answer = certificates.verify(s, issued.code)
    assert answer.message.endswith(f"was revoked on {today()}. It was replaced by {new}.")
    assert "Zqmarker" not in repr(answer)
    with db.read_session() as s:  # the reason is kept, for the coordinator
        log = certificates.certificate_log(s, awarded.event_id, code=issued.code)
    assert MARKER in [e.reason for e in log]


def test_someone_not_to_be_published_shows_as_first_name_and_initial(
        db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"]])
        nominee_id = s.scalar(select(Nomination.nominee_id).where(
            Nomination.id == awarded.ids["Amira"]))
        s.execute(update(Nominee).where(Nominee.id == nominee_id).values(do_not_publish=True))
    with db.read_session() as s:
        answer = certificates.verify(s, issued.code)
    assert issued.recipient == "Amira Hassan"  # the paper keeps what was printed
    assert answer.recipient == "Amira H."
    assert "Hassan" not in answer.message and answer.message.startswith(
        "Genuine: Amira H., Winner — Education Star, Test Awards 2027, issued")


def test_a_mistyped_check_character_is_named(db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"]])
    wrong = next(c for c in "0123456789ABCDEFGHJKMNPQRSTVWXYZ" if c != issued.code[-1])
    with db.read_session() as s:
        answer = certificates.verify(s, issued.code_display[:-1] + wrong.lower())
        short = certificates.verify(s, issued.code_display[:-1])
    assert answer.status == "mistyped" and answer.message == (
        "The last character doesn't match: check the code for a typing mistake.")
    assert answer.recipient == "" and short.status == "malformed"


# --- item 8: no surname without consent ----------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_surname_typed_into_the_preferred_name_is_never_printed(
        db: Database, awarded: Awarded, tmp_path: Path, variant: str) -> None:
    ben = awarded.ids["Ben"]
    set_preferred(db, ben, f"Pref5 {variant}")
    with db.read_session() as s:
        row = next(r for r in certificates.recipients(s, awarded.event_id)
                   if r.nomination_id == ben)
        preview, _ = certificates.preview_spec(s, awarded.event_id, ben)
    assert row.name_on_certificate == "Pref5" and preview.recipient == "Pref5"
    out, folder = tmp_path / "all.pdf", tmp_path / "each"
    folder.mkdir()
    run = certificates.generate(db, awarded.event_id, out, separate_dir=folder)
    assert run.certificates == 4
    names = [p.name for p in run.files]
    assert any("pref5" in name for name in names)
    assert not any(has_surname(name) for name in names)
    for path in run.files:
        text = pdf_text(path)
        assert not has_surname(text), path.name
    assert "Pref5" in pdf_text(out)
    with db.read_session() as s:
        code = s.scalar(select(Certificate.code).where(Certificate.nomination_id == ben))
        assert code is not None
        answer = certificates.verify(s, code)
    assert answer.recipient == "Pref5" and not has_surname(answer.message)


def test_an_override_with_the_surname_needs_consent(db: Database, awarded: Awarded) -> None:
    with db.session() as s, pytest.raises(ValidationError) as bad:
        certificates.set_name_override(s, awarded.ids["Ben"], "Benjamin ZQXSÚRNAME",
                                       "he asked")
    assert bad.value.fields == {"name"}
    assert "surname" in str(bad.value)
    with db.session() as s:  # with a yes it is the coordinator's choice
        assert certificates.set_name_override(
            s, awarded.ids["Amira"], "Mira Hassan", "the name she uses") == "Mira Hassan"


def test_a_certificate_printed_with_the_surname_is_not_reprinted(
        db: Database, awarded: Awarded, tmp_path: Path) -> None:
    """One issued before the rule caught the surname (an older version) keeps its code but is
    never printed again, its file never written, and verification leaves the surname out."""
    ben = awarded.ids["Ben"]
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [ben])
        s.execute(update(Certificate).where(Certificate.id == issued.certificate_id)
                  .values(recipient_name=f"Pref5 {SURNAME}"))
    folder = tmp_path / "each"
    folder.mkdir()
    run = certificates.generate(db, awarded.event_id, separate_dir=folder)
    assert run.certificates == 3
    assert any(note.startswith("N-0002 (Education Star): its certificate was issued with the "
                               "young person's surname") for note in run.skipped)
    assert not any(has_surname(p.name) or has_surname(repr(run)) for p in run.files)
    assert not any("n0002" in p.name.lower() for p in folder.iterdir())
    with db.session() as s:
        with pytest.raises(ConflictError, match="surname"):
            certificates.specs_for(s, awarded.event_id, [ben])
    with db.read_session() as s:
        answer = certificates.verify(s, issued.code)
        preview, _ = certificates.preview_spec(s, awarded.event_id, ben)
        flagged = [r.ref for r in certificates.recipients(s, awarded.event_id)
                   if r.surname_without_consent]
    assert answer.recipient == "Pref5" and not has_surname(answer.message)
    assert preview.recipient == "Ben" and flagged == ["N-0002"]
