"""Certificate services: who gets one, issue, reprint, correct, revoke, verify, log, consent."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from awards_app.core.certificates import format_long_date
from awards_app.core.codes import format_code, is_valid, new_code
from awards_app.core.errors import ConflictError, NotFoundError, ResultsLockedError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Certificate, CertificateLog, Nomination
from awards_app.services.catalogue import categories
from awards_app.services import certificates
from awards_app.services import judging
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.judging import results
from awards_app.services.catalogue import sponsors
from tests.conftest import words

SURNAME = "Zqxsurname"  # Ben said no to his surname on a certificate


def png(colour: str = "red", size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class Awarded:
    event_id: int
    education: int
    sports: int
    ids: dict[str, int]  # first name → nomination id
    logo: bytes


def award_education_star(db: Database, event_id: int) -> Awarded:
    """Education Star judged and confirmed: Amira winner, Ben runner-up, Cal highly
    commended, Dee nominee; sponsored by Acme (no logo) and Bakery (logo). Sports Hero has a
    nomination but no final results."""
    logo = png()
    with db.session() as s:
        cats = {c.name: c for c in categories.list_categories(s, event_id)}
        education, sports = cats["Education Star"], cats["Sports Hero"]
        categories.update_category(s, education.id, highly_commended_count=1)
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        bakery = sponsors.create_sponsor(s, event_id=event_id, name="Bakery", logo=logo)
        for sponsor in (acme, bakery):
            sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=education.id)
        judge = sponsors.create_judge(s, sponsor_id=acme.id, name="Ann Judge")
        worker = people.create_worker(s, name="Wendy Worker", email="wendy@council.example")
        ids = {}
        for first, last, consent, category in (
                ("Amira", "Hassan", "yes", education), ("Ben", SURNAME, "no", education),
                ("Cal", "Okafor", "", education), ("Dee", "Mensah", "yes", education),
                ("Eve", "Tran", "yes", sports)):
            nominee = people.create_nominee(s, first_name=first, last_name=last,
                                            date_of_birth="2006-07-08",
                                            consent_certificate_name=consent)
            nomination = nominations.create_nomination(
                s, event_id=event_id, category_id=category.id, nominee_id=nominee.id,
                worker_id=worker.id, success=words(30, "determined"),
                obstacles=words(30, "resilient"), status="accepted",
                citation=f"For {first}'s courage and kindness.")
            ids[first] = nomination.id
        criteria = [c.id for c in education.criteria]
        for first, value in (("Amira", 10), ("Ben", 8), ("Cal", 6), ("Dee", 4)):
            judging.save_scores(s, judge_id=judge.id, nomination_id=ids[first],
                                scores=dict.fromkeys(criteria, value))
        judging.submit_category(s, judge_id=judge.id, category_id=education.id)
        results.confirm_results(s, education.id)
        return Awarded(event_id, education.id, sports.id, ids, logo)


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


def today() -> str:
    return format_long_date(datetime.now().date())


def count(s: Session, model: type) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


# --- who gets one --------------------------------------------------------------------------


def test_recipients_come_from_confirmed_placements(db: Database, awarded: Awarded) -> None:
    with db.read_session() as s:
        rows = certificates.recipients(s, awarded.event_id)
        skipped = certificates.skipped_categories(s, awarded.event_id)
    assert [(r.name_on_certificate, r.placement, r.design, r.title, r.name_rule) for r in rows] == [
        ("Amira Hassan", "winner", "winner", "Winner", "full name"),
        ("Ben", "runner_up", "placed", "Runner-up", "first name only"),
        ("Cal", "highly_commended", "placed", "Highly commended", "first name only"),
        ("Dee Mensah", "nominee", "achievement", "Certificate of achievement", "full name"),
    ]
    assert {r.status for r in rows} == {"not issued"} and {r.code for r in rows} == {""}
    assert rows[0].citation == "For Amira's courage and kindness."
    assert skipped == ["Sports Hero: results are not final yet; its certificates wait until "
                       "they are confirmed."]


def test_kinds_and_category_filter(db: Database, awarded: Awarded) -> None:
    with db.read_session() as s:
        def names(**kw: object) -> list[str]:
            return [r.name_on_certificate.split()[0]
                    for r in certificates.recipients(s, awarded.event_id, **kw)]  # type: ignore[arg-type]
        assert names(kind="winners") == ["Amira"]
        assert names(kind="placed") == ["Amira", "Ben", "Cal"]
        assert names(kind="all") == ["Amira", "Ben", "Cal", "Dee"]
        assert names(category_id=awarded.sports) == []
        assert certificates.skipped_categories(s, awarded.event_id,
                                               category_id=awarded.education) == []
        with pytest.raises(ValidationError) as bad:
            certificates.recipients(s, awarded.event_id, kind="best")
    assert bad.value.fields == {"kind"}


# --- issuing and reprinting ----------------------------------------------------------------


def test_issue_freezes_what_is_printed(db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        issued = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"],
                                                          awarded.ids["Dee"]])
    amira, dee = issued
    assert is_valid(amira.code) and is_valid(dee.code) and amira.code != dee.code
    assert amira.new and amira.print_count == 1
    assert (amira.recipient, amira.title, amira.design, amira.category) == (
        "Amira Hassan", "Winner", "winner", "Education Star")
    assert (amira.event_name, amira.year, amira.ceremony_date) == ("Test Awards", 2027,
                                                                    "19 March 2027")
    assert amira.sponsor_name == "Acme and Bakery"
    assert amira.sponsor_logo == awarded.logo  # the first sponsor that has a logo
    assert amira.verification_text == amira.code_display == format_code(amira.code)
    assert amira.qr_mask in range(8)
    assert dee.title == "Certificate of achievement" and dee.design == "achievement"
    with db.read_session() as s:
        stored = s.scalar(select(Certificate).where(Certificate.code == amira.code))
        assert stored is not None and stored.print_count == 1 and stored.last_printed_at
        assert stored.citation == "For Amira's courage and kindness."
        assert [e.action for e in certificates.certificate_log(s, awarded.event_id)] == [
            "issue", "issue"]
        assert s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "issue",
                                                        AuditEntry.entity == "certificates")
                        ) == "2 issued"
        rows = {r.nomination_id: r for r in certificates.recipients(s, awarded.event_id)}
    assert rows[awarded.ids["Amira"]].status == "issued"
    assert rows[awarded.ids["Amira"]].code == amira.code_display
    assert rows[awarded.ids["Ben"]].status == "not issued"


def test_reprint_prints_the_stored_values_and_keeps_the_code(db: Database,
                                                             awarded: Awarded) -> None:
    amira = awarded.ids["Amira"]
    with db.session() as s:
        (first,) = certificates.issue(s, awarded.event_id, [amira])
    with db.session() as s:
        nominations.update_nomination(s, amira, citation="A new citation.")
        nomination = nominations.get_by_ref(s, awarded.event_id, "N-0001")
        people.update_nominee(s, nomination.nominee_id, preferred_name="Mira")
    with db.session() as s:
        (again,) = certificates.issue(s, awarded.event_id, [amira])
        row = certificates.recipients(s, awarded.event_id, kind="winners")[0]
    assert again.code == first.code and not again.new and again.print_count == 2
    assert again.citation == "For Amira's courage and kindness."
    assert again.recipient == "Amira Hassan"
    assert row.name_on_certificate == "Amira Hassan" and row.name_rule == "full name"
    assert row.changed == ("name", "citation") and not row.surname_without_consent
    with db.read_session() as s:
        assert [e.action for e in certificates.certificate_log(s, awarded.event_id)] == [
            "issue", "reprint"]
        assert s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "reprint")) == (
            "1 printed again")


def test_a_surname_printed_before_consent_was_withdrawn_is_not_reprinted(
        db: Database, awarded: Awarded) -> None:
    amira = awarded.ids["Amira"]
    with db.session() as s:
        (first,) = certificates.issue(s, awarded.event_id, [amira])
        nomination = nominations.get_by_ref(s, awarded.event_id, "N-0001")
        people.update_nominee(s, nomination.nominee_id, consent_certificate_name="no")
    with db.session() as s:
        row = certificates.recipients(s, awarded.event_id, kind="winners")[0]
        answer = certificates.verify(s, first.code)
        with pytest.raises(ConflictError, match="surname"):
            certificates.issue(s, awarded.event_id, [amira])
    assert row.name_on_certificate == "Amira Hassan" and row.name_rule == "first name only"
    assert row.surname_without_consent and row.changed == ("name",)
    assert answer.recipient == "Amira" and "Hassan" not in answer.message
    with db.session() as s:
        new = certificates.correct(s, first.code, reason="consent withdrawn")
        (printed,) = certificates.issue(s, awarded.event_id, [amira])
    assert printed.code_display == new and printed.recipient == "Amira"


def test_issue_refuses_nominations_without_final_results(db: Database, awarded: Awarded) -> None:
    with db.session() as s, pytest.raises(ValidationError) as bad:
        certificates.issue(s, awarded.event_id, [awarded.ids["Amira"], awarded.ids["Eve"]])
    assert bad.value.fields == {"nominations"}
    assert "N-0005: no confirmed result yet" in str(bad.value)
    with db.read_session() as s:
        assert count(s, Certificate) == 0


def test_one_live_certificate_per_nomination_in_the_database(db: Database,
                                                             awarded: Awarded) -> None:
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"]])
    with pytest.raises(IntegrityError), db.session() as s:
        stored = s.get(Certificate, issued.certificate_id)
        assert stored is not None
        s.add(Certificate(**{c.name: getattr(stored, c.name)
                             for c in Certificate.__table__.columns if c.name != "id"}
                          | {"code": new_code()}))
        s.flush()


def test_specs_for_and_previews(db: Database, awarded: Awarded) -> None:
    ben = awarded.ids["Ben"]
    with db.read_session() as s:
        preview, artwork = certificates.preview_spec(s, awarded.event_id, ben)
        assert count(s, Certificate) == 0  # previewing issues nothing
        sample, _ = certificates.sample_preview(s, awarded.event_id, design="achievement")
        with pytest.raises(ValidationError):
            certificates.preview_spec(s, awarded.event_id, awarded.ids["Eve"])
    assert preview.code_display == "PREVIEW" and preview.recipient == "Ben"
    assert preview.title == "Runner-up" and preview.design == "placed"
    assert preview.verification_text == "7KQM-3XTR-9VWZ-H"
    assert preview.sponsor_logo == awarded.logo
    assert artwork.page_size == "A4" and artwork.signatures == ()
    assert sample.design == "achievement" and sample.title == "Certificate of achievement"
    with db.session() as s:
        specs, _ = certificates.specs_for(s, awarded.event_id, [ben])
    with db.read_session() as s:
        shown, _ = certificates.preview_spec(s, awarded.event_id, ben)
    assert shown == specs[0] and is_valid(shown.code_display.replace("-", ""))


# --- consent and names ---------------------------------------------------------------------


def test_no_consent_keeps_the_surname_off_everything(db: Database, awarded: Awarded) -> None:
    ben = awarded.ids["Ben"]
    with db.session() as s:
        specs, _ = certificates.specs_for(s, awarded.event_id, [ben])
        preview, _ = certificates.preview_spec(s, awarded.event_id, ben)
        answer = certificates.verify(s, specs[0].code_display)
        listed = certificates.recipients(s, awarded.event_id)
        log = certificates.certificate_log(s, awarded.event_id)
    assert specs[0].recipient == "Ben"
    for text in (repr(specs[0]), repr(preview), answer.message, repr(listed), repr(log)):
        assert SURNAME not in text


def test_name_override_needs_a_reason_and_prints_on_the_next_issue(
        db: Database, awarded: Awarded) -> None:
    ben = awarded.ids["Ben"]
    with db.session() as s, pytest.raises(ValidationError) as bad:
        certificates.set_name_override(s, ben, "Benjamin", "")
    assert bad.value.fields == {"reason"}
    with db.session() as s, pytest.raises(ValidationError) as bad:
        certificates.set_name_override(s, ben, "1234", "a reason")
    assert bad.value.fields == {"name"}
    with db.read_session() as s:
        assert certificates.name_choice(s, ben) == certificates.NameChoice(
            rule_name="Ben", override="", reason="", name="Ben")
    with db.session() as s:
        assert certificates.set_name_override(s, ben, " Benjamin  B. ", "asked for it") == (
            "Benjamin B.")
        assert certificates.name_choice(s, ben) == certificates.NameChoice(
            rule_name="Ben", override="Benjamin B.", reason="asked for it", name="Benjamin B.")
        (issued,) = certificates.issue(s, awarded.event_id, [ben])
        row = certificates.recipients(s, awarded.event_id, kind="placed")[1]
    assert issued.recipient == "Benjamin B."
    assert row.name_rule == "override: asked for it" and row.changed == ()
    with db.session() as s:
        assert certificates.set_name_override(s, ben, "", "") == "Ben"
        row = certificates.recipients(s, awarded.event_id, kind="placed")[1]
    assert row.name_rule == "first name only" and row.changed == ("name",)
    assert row.name_on_certificate == "Benjamin B."  # as printed, until corrected


# --- corrections, revocations, verification -------------------------------------------------


def test_correct_revokes_the_old_and_issues_from_current_data(db: Database,
                                                              awarded: Awarded) -> None:
    cal = awarded.ids["Cal"]
    with db.session() as s:
        (old,) = certificates.issue(s, awarded.event_id, [cal])
        certificates.set_name_override(s, cal, "Calum", "prefers Calum")
    with db.session() as s:
        new_code_shown = certificates.correct(s, old.code_display.lower(),
                                              reason="name misspelt")
    with db.session() as s:
        old_answer = certificates.verify(s, old.code)
        new_answer = certificates.verify(s, new_code_shown)
        (reprinted,) = certificates.issue(s, awarded.event_id, [cal])
        (again,) = certificates.issue(s, awarded.event_id, [cal])
        with pytest.raises(ConflictError, match="already corrected"):
            certificates.correct(s, old.code, reason="again")
        log = [(e.action, e.code, e.reason, e.detail)
               for e in certificates.certificate_log(s, awarded.event_id)]
    assert old_answer.status == "revoked" and old_answer.replaced_by == new_code_shown
    assert "misspelt" not in old_answer.message  # the reason stays in the history
    assert new_answer.status == "genuine" and new_answer.recipient == "Calum"
    assert reprinted.code_display == new_code_shown and reprinted.recipient == "Calum"
    assert reprinted.print_count == 1 and again.print_count == 2
    assert log == [
        ("issue", old.code_display, "", ""),
        ("correct", old.code_display, "name misspelt", f"replaced by {new_code_shown}"),
        ("issue", new_code_shown, "name misspelt", f"replaces {old.code_display}"),
        ("print", new_code_shown, "", ""),
        ("reprint", new_code_shown, "", ""),
    ]


def test_revoked_certificates_are_never_reprinted(db: Database, awarded: Awarded) -> None:
    dee = awarded.ids["Dee"]
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [dee])
    with db.session() as s, pytest.raises(ValidationError) as bad:
        certificates.revoke(s, issued.code, "  ")
    assert bad.value.fields == {"reason"}
    with db.session() as s:
        certificates.revoke(s, issued.code_display, "issued by mistake")
    with db.session() as s:
        with pytest.raises(ConflictError, match="revoked"):
            certificates.issue(s, awarded.event_id, [dee])
        with pytest.raises(ConflictError, match="already revoked"):
            certificates.revoke(s, issued.code, "twice")
        with pytest.raises(ConflictError, match="never reprinted"):
            certificates.record_prints(s, [issued.certificate_id])
        row = next(r for r in certificates.recipients(s, awarded.event_id)
                   if r.nomination_id == dee)
        answer = certificates.verify(s, issued.code)
    assert row.status == "revoked" and row.code == issued.code_display
    assert answer.status == "revoked" and answer.replaced_by == ""
    assert answer.message == (
        f"Revoked: {issued.code_display} (Dee Mensah, Certificate of achievement — Education "
        f"Star, Test Awards 2027) was revoked on {today()}. It is no longer valid.")
    with db.session() as s:  # a correction puts a live one back
        replacement = certificates.correct(s, issued.code, reason="reinstated")
        (printed,) = certificates.issue(s, awarded.event_id, [dee])
        assert certificates.verify(s, issued.code).replaced_by == replacement
    assert printed.code_display == replacement


def test_verify_reads_what_people_and_scanners_type(db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        from awards_app.services.certificates.settings import CertificateSettings

        certificates.save_settings(s, awarded.event_id, CertificateSettings(
            verify_template="https://example.org/verify/{code}"))
        (issued,) = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"]])
    assert issued.verification_text == f"https://example.org/verify/{issued.code_display}"
    typed = [issued.code_display, issued.code.lower(), issued.code_display.replace("0", "O"),
             issued.code.replace("1", "l"), f" {issued.code[:6]} {issued.code[6:]} ",
             issued.verification_text, issued.verification_text.upper()]
    with db.read_session() as s:
        answers = [certificates.verify(s, text) for text in typed]
        unknown = certificates.verify(s, new_code())
        malformed = certificates.verify(s, issued.code[:-1] + ("A" if issued.code[-1] != "A"
                                                               else "B"))
        empty = certificates.verify(s, "")
    for answer in answers:
        assert answer.status == "genuine"
        assert answer.message == (f"Genuine: Amira Hassan, Winner — Education Star, "
                                  f"Test Awards 2027, issued {today()}.")
    assert unknown.status == "unknown" and "no certificate with the code" in unknown.message
    assert malformed.status == "mistyped" and malformed.message == (
        "The last character doesn't match: check the code for a typing mistake.")
    assert empty.status == "malformed" and empty.message.startswith("Not a certificate code")


def test_codes_that_are_not_stored_or_not_codes(db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        with pytest.raises(NotFoundError):
            certificates.revoke(s, new_code(), "why")
        with pytest.raises(ValidationError) as bad:
            certificates.correct(s, "hello", reason="why")
        assert bad.value.fields == {"code"}
        with pytest.raises(NotFoundError):
            certificates.certificate_log(s, awarded.event_id, code=new_code())


def test_log_for_one_certificate(db: Database, awarded: Awarded) -> None:
    with db.session() as s:
        a, b = certificates.issue(s, awarded.event_id, [awarded.ids["Amira"],
                                                        awarded.ids["Ben"]])
        certificates.issue(s, awarded.event_id, [awarded.ids["Amira"]])
        certificates.revoke(s, a.code, "lost in the post")
        entries = certificates.certificate_log(s, awarded.event_id, code=a.code_display)
        assert count(s, CertificateLog) == 4
    assert [(e.action, e.recipient, e.reason) for e in entries] == [
        ("issue", "Amira Hassan", ""), ("reprint", "Amira Hassan", ""),
        ("revoke", "Amira Hassan", "lost in the post")]
    assert {e.code for e in entries} == {a.code_display} != {b.code_display}


def test_withdrawing_a_nomination_revokes_its_certificate(db: Database,
                                                          awarded: Awarded) -> None:
    amira = awarded.ids["Amira"]
    with db.session() as s:
        (issued,) = certificates.issue(s, awarded.event_id, [amira])
    with pytest.raises(ResultsLockedError), db.session() as s:  # confirmed: reopen first
        nominations.withdraw_nomination(s, amira, reason="The young person asked us to")
    with db.session() as s:
        category_id = s.get(Nomination, amira).category_id
        results.reopen_results(s, category_id, reason="The young person asked to withdraw")
        nominations.withdraw_nomination(s, amira, reason="The young person asked us to")
    with db.read_session() as s:
        answer = certificates.verify(s, issued.code)
    assert answer.status == "revoked"
    assert "withdrawn" not in answer.message and "asked" not in answer.message
