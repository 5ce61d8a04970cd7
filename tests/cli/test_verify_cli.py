"""``awards verify`` says only what the certificate shows (issue 12, item 6)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from awards_app.db.engine import Database
from awards_app.services import certificates
from tests.conftest import CliResult
from tests.services.certificates.test_records import SURNAME, Awarded, award_education_star

MARKER = "Zqmarker placed in secure unit; safeguarding referral"


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


def test_verify_a_revoked_certificate_keeps_the_reason_private(
        cli: Callable[..., CliResult], db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Dee"]])
    revoked = cli("certificate", "revoke", issued.code_display, "--reason", MARKER)
    assert revoked.code == 0, revoked.err
    answer = cli("verify", issued.code_display)
    assert answer.code == 1 and answer.out.startswith(f"Revoked: {issued.code_display} (Dee")
    assert "Zqmarker" not in answer.out + answer.err and "referral" not in answer.out
    log = cli("certificate", "log", issued.code_display)  # the coordinator still sees why
    assert MARKER in log.out


def test_verify_names_a_mistyped_check_character(
        cli: Callable[..., CliResult], db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"]])
    wrong = "A" if issued.code[-1] != "A" else "B"
    answer = cli("verify", issued.code[:-1] + wrong)
    assert answer.code == 2
    assert answer.out.strip() == ("The last character doesn't match: check the code for a "
                                  "typing mistake.")


def test_certificate_list_flags_a_surname_printed_without_consent(
        cli: Callable[..., CliResult], db: Database, awarded: Awarded) -> None:
    from sqlalchemy import update

    from awards_app.db.models import Certificate

    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Ben"]])
        s.execute(update(Certificate).where(Certificate.id == issued.certificate_id)
                  .values(recipient_name=f"Ben {SURNAME}"))
    listed = cli("certificate", "list")
    line = next(x for x in listed.out.splitlines() if x.startswith("N-0002"))
    assert "printed with the surname they did not agree to: correct it" in line
    assert "N-0001" in listed.out and "did not agree" not in listed.out.replace(line, "")
