"""``awards certificates``, ``awards verify`` and ``awards certificate …`` end to end."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from awards_app.cli import certificate_commands
from awards_app.core.codes import new_code
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Certificate, CertificateLog
from tests.services.certificates.test_records import SURNAME, Awarded, award_education_star

tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftoppm", "pdftotext", "zbarimg", "qpdf")),
    reason="needs poppler-utils, zbar-tools and qpdf")


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


@dataclass(frozen=True)
class Stored:
    code: str
    verification_text: str


def stored(db: Database) -> dict[str, Stored]:
    """Live certificates by the recipient's printed name."""
    with db.read_session() as s:
        return {c.recipient_name: Stored(c.code, c.verification_text) for c in s.scalars(
            select(Certificate).where(Certificate.revoked_at.is_(None)))}


def decode_qr_codes(pdf: Path, work: Path) -> list[str]:
    """Every page rendered at 200 dpi and its QR code read back exactly (UTF-8 bytes)."""
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(work / "page")], check=True,
                   timeout=120)
    found = []
    for page in sorted(work.glob("page*.png")):
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(page)],
                              capture_output=True, timeout=60)
        assert done.returncode == 0, f"no QR code found on {page.name}"
        found.append(done.stdout.decode("utf-8").removesuffix("\n"))
    return found


@tools
def test_print_verify_revoke_correct_end_to_end(cli, db: Database, awarded: Awarded,
                                                tmp_path: Path) -> None:
    out = tmp_path / "print" / "certificates.pdf"
    out.parent.mkdir()
    from awards_app.services.certificates import settings as certificate_settings

    with db.session() as s:
        certificate_settings.save_settings(s, awarded.event_id, certificate_settings.
                                           CertificateSettings(
                                               verify_template="https://awards.example.org/"
                                                               "verify/{code}"))
    made = cli("certificates", "--out", str(out))
    assert made.code == 0, made.err
    assert "Wrote 4 certificate(s) to" in made.out and "(4 new, 0 printed before)" in made.out
    assert "Skipped Sports Hero: results are not final yet" in made.out
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0

    certs = stored(db)
    assert set(certs) == {"Amira Hassan", "Ben", "Cal", "Dee Mensah"}
    decoded = decode_qr_codes(out, tmp_path)
    in_order = [certs[n].verification_text for n in ("Amira Hassan", "Ben", "Cal", "Dee Mensah")]
    assert decoded == in_order
    assert all(t.startswith("https://awards.example.org/verify/") for t in decoded)

    text = unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode())
    assert "Amira Hassan" in text and SURNAME not in text

    amira = certs["Amira Hassan"]
    genuine = cli("verify", amira.code.lower())
    assert genuine.code == 0
    issued = genuine.out.strip().rsplit("issued ", 1)[1]
    assert genuine.out.strip() == (f"Genuine: Amira Hassan, Winner — Education Star, "
                                   f"Test Awards 2027, issued {issued}")
    scanned = cli("verify", decoded[0])  # what a USB scanner types: the whole URL
    assert scanned.code == 0 and scanned.out == genuine.out
    spaced = cli("verify", amira.code[:4], amira.code[4:8], amira.code[8:])
    assert spaced.code == 0

    unknown = cli("verify", new_code())
    assert unknown.code == 1 and unknown.out.startswith("Unknown:")
    malformed = cli("verify", "ABC-123")
    assert malformed.code == 2 and malformed.out.startswith("Not a certificate code")

    ben = certs["Ben"]
    shown_ben = f"{ben.code[:4]}-{ben.code[4:8]}-{ben.code[8:12]}-{ben.code[12]}"
    revoked = cli("certificate", "revoke", ben.code, "--reason", "printed twice")
    assert revoked.code == 0 and f"Revoked {shown_ben}." in revoked.out
    answer = cli("verify", ben.code)
    assert answer.code == 1 and answer.out.startswith(f"Revoked: {shown_ben} (Ben, Runner-up")
    assert "printed twice" not in answer.out  # the reason stays in the history
    again = cli("certificate", "revoke", ben.code, "--reason", "again")
    assert again.code == 2 and "already revoked" in again.err
    with pytest.raises(SystemExit) as usage:  # argparse: a reason is required
        cli("certificate", "revoke", ben.code)
    assert usage.value.code == 2

    renamed = cli("certificate", "name", "N-0003", "--name", "Calum O.", "--reason",
                  "his chosen name")
    assert renamed.code == 0 and "'Calum O.'" in renamed.out
    listing = cli("certificate", "list", "--kind", "placed")
    assert listing.code == 0
    assert "N-0003  Education Star — Highly commended: Cal [override: his chosen name]" in (
        listing.out)
    assert "(changed since printed: name)" in listing.out
    assert f"{shown_ben} revoked" in listing.out

    cal = certs["Cal"]
    corrected = cli("certificate", "correct", cal.code, "--reason", "name changed")
    assert corrected.code == 0, corrected.err
    new_shown = corrected.out.split(" issued ")[1].split(" ")[0]
    assert cli("verify", new_shown).out.startswith("Genuine: Calum O., Highly commended")
    assert f"It was replaced by {new_shown}." in cli("verify", cal.code).out

    rerun = cli("certificates", "--out", str(out), "--kind", "placed")
    assert rerun.code == 0
    assert "Wrote 2 certificate(s)" in rerun.out and "(0 new, 2 printed before)" in rerun.out
    assert "N-0002 (Education Star): certificate" in rerun.out and "was revoked" in rerun.out

    log = cli("certificate", "log")
    assert log.code == 0
    actions = [line.split()[2] for line in log.out.splitlines()]
    assert actions == (["issue"] * 4 + ["print"] * 4
                       + ["revoke", "correct", "issue", "reprint", "print"])
    one = cli("certificate", "log", cal.code.lower())
    assert [line.split()[2] for line in one.out.splitlines()] == ["issue", "print", "correct"]
    assert "name changed; replaced by" in one.out


@tools
def test_separate_files_kind_and_category(cli, awarded: Awarded, tmp_path: Path) -> None:
    folder = tmp_path / "each"
    made = cli("certificates", "--separate", str(folder), "--kind", "winners",
               "--category", "education star", "--progress")
    assert made.code == 0, made.err
    assert sorted(p.name for p in folder.iterdir()) == ["N0001-education-star-amira-hassan.pdf"]
    assert f"Wrote 1 file(s) to {folder} (1 new, 0 printed before)." in made.out
    assert "progress 1/1" in made.err
    assert "Skipped" not in made.out  # Sports Hero is not part of this run

    both = cli("certificates", "--out", str(tmp_path / "all.pdf"), "--separate", str(folder))
    assert both.code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "N0001-education-star-amira-hassan.pdf", "N0002-education-star-ben.pdf",
        "N0003-education-star-cal.pdf", "N0004-education-star-dee-mensah.pdf"]
    assert "Wrote 4 file(s) to" in both.out
    text = subprocess.run(["pdftotext", str(folder / "N0002-education-star-ben.pdf"), "-"],
                          capture_output=True, check=True).stdout.decode()
    assert "Ben" in text and SURNAME not in text
    assert len(decode_qr_codes(folder / "N0002-education-star-ben.pdf", tmp_path)) == 1


def test_usage_errors(cli, event_id: int, tmp_path: Path) -> None:
    nothing = cli("certificates", "--out", str(tmp_path / "c.pdf"))
    assert nothing.code == 2 and "nobody to print" in nothing.err
    neither = cli("certificates")
    assert neither.code == 2 and "choose a PDF file" in neither.err
    wrong = cli("certificates", "--out", str(tmp_path / "c.txt"))
    assert wrong.code == 2 and "must end in .pdf" in wrong.err
    category = cli("certificates", "--out", str(tmp_path / "c.pdf"), "--category", "Nope")
    assert category.code == 2 and "'Nope' is not a category" in category.err
    with pytest.raises(SystemExit) as usage:
        cli("certificates", "--out", str(tmp_path / "c.pdf"), "--kind", "best")
    assert usage.value.code == 2
    empty_log = cli("certificate", "log")
    assert empty_log.code == 0 and "No certificates have been issued yet." in empty_log.out
    listing = cli("certificate", "list")
    assert listing.code == 0 and "no certificates to print" in listing.out
    unknown = cli("certificate", "correct", new_code(), "--reason", "x")
    assert unknown.code == 2 and "No certificate has the code" in unknown.err
    assert cli("verify", "not-a-code").code == 2


def test_interrupting_a_print_run_says_the_codes_stay(cli, event_id: int, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from awards_app.services import certificates

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(certificates, "generate", interrupted)
    result = cli("certificates", "--out", str(tmp_path / "c.pdf"))
    assert result.code == 1
    assert "the unfinished step was not stored" in result.err
    assert "codes already issued stay" in result.err


def while_printing(monkeypatch: pytest.MonkeyPatch, step: int,
                   change: Callable[[], None]) -> None:
    """``awards certificates`` makes ``change`` once, when ``step`` pages are drawn (0: all)."""
    done_already = False

    def progress(done: int, total: int) -> None:
        nonlocal done_already
        if not done_already and done >= (step or total):
            done_already = True
            change()

    monkeypatch.setattr(certificate_commands, "_progress", lambda _enabled: progress)


@tools
def test_a_withdrawal_while_printing_is_left_out_and_said(
        cli, db: Database, db_url: str, awarded: Awarded, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10, item 5: 'awards withdraw N-0002' while 'awards certificates' draws."""
    from awards_app.services import nominations
    from awards_app.services.judging import results

    def withdraw_ben() -> None:  # as a coordinator would, from another window
        other = open_database(db_url)
        try:
            with other.session() as s:
                results.reopen_results(s, awarded.education, reason="Ben asked to withdraw")
            with other.session() as s:
                nominations.withdraw_nomination(s, awarded.ids["Ben"], reason="He asked us to")
            with other.session() as s:
                results.confirm_results(s, awarded.education)
        finally:
            other.close()

    out = tmp_path / "certificates.pdf"
    while_printing(monkeypatch, 2, withdraw_ben)
    made = cli("certificates", "--out", str(out))
    assert made.code == 0, made.err
    lines = made.out.splitlines()
    assert "N-0002 (Education Star): its certificate was revoked while printing; left out." in (
        lines)
    assert "Wrote 3 certificate(s) to" in made.out and "(3 new, 0 printed before)" in made.out
    certs = stored(db)
    assert set(certs) == {"Amira Hassan", "Cal", "Dee Mensah"}  # Ben's is revoked
    assert decode_qr_codes(out, tmp_path) == [certs[name].verification_text
                                              for name in ("Amira Hassan", "Cal", "Dee Mensah")]
    with db.read_session() as s:
        printed = set(s.scalars(select(Certificate.recipient_name).join(
            CertificateLog, CertificateLog.certificate_id == Certificate.id)
            .where(CertificateLog.action == "print")))
    assert printed == set(certs)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_prints_that_cannot_be_recorded_leave_no_file(
        cli, db: Database, awarded: Awarded, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def lock_the_database() -> None:
        def commit(self: Session) -> None:
            raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))

        monkeypatch.setattr(Session, "commit", commit)

    out = tmp_path / "print" / "certificates.pdf"
    out.parent.mkdir()
    while_printing(monkeypatch, 0, lock_the_database)
    failed = cli("certificates", "--out", str(out))
    monkeypatch.undo()
    assert failed.code == 1
    assert failed.err.startswith("awards: Nothing was printed: the prints could not be "
                                 "recorded")
    assert "Error" not in failed.err and "locked" not in failed.err and "COMMIT" not in (
        failed.err)
    assert "Wrote" not in failed.out and list(out.parent.iterdir()) == []
    with db.read_session() as s:
        assert set(s.scalars(select(CertificateLog.action))) == {"issue"}
        assert {c.print_count for c in s.scalars(select(Certificate))} == {0}
