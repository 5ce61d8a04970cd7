"""Print runs: issue in one transaction, draw in the data folder, move into place; cancel
leaves nothing."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from awards_app.core.errors import Cancelled, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import Certificate, CertificateLog
from awards_app.pdf import certificate as renderer
from awards_app.services.certificates import settings as certificate_settings
from awards_app.services.certificates import staging
from awards_app.services import certificates
from tests.services.certificates.test_records import SURNAME, Awarded, award_education_star

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils is not installed")


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """An empty folder for the output (the database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, timeout=60)
    return unicodedata.normalize("NFKC", done.stdout.decode())


def pdf_pages(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line.split()[1] for line in done.stdout.splitlines()
                    if line.startswith("Pages:")))


def test_settings_choices_match_the_renderer() -> None:
    assert certificate_settings.PAGE_SIZES == tuple(renderer.PAGE_SIZES)
    assert certificate_settings.BORDER_STYLES == renderer.BORDER_STYLES


@needs_poppler
def test_one_combined_pdf_then_reprints(db: Database, awarded: Awarded, outdir: Path) -> None:
    out = outdir / "certificates.pdf"
    seen: list[tuple[int, int]] = []
    run = certificates.generate(db, awarded.event_id, out, progress=lambda d, t: seen.append((d, t)))
    assert run.files == (out,) and run.certificates == 4
    assert (run.issued, run.reprinted) == (4, 0)
    assert run.skipped == ("Sports Hero: results are not final yet; its certificates wait "
                           "until they are confirmed.",)
    assert seen[-1] == (4, 4) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert pdf_pages(out) == 4
    text = pdf_text(out)
    for expected in ("Amira Hassan", "Ben", "Cal", "Dee Mensah", "Education Star",
                     "19 March 2027", "Acme and Bakery"):
        assert expected in text, expected
    assert SURNAME not in text and "Okafor" not in text  # no consent, no surname
    with db.read_session() as s:
        stored = list(s.scalars(select(Certificate)))
        for cert in stored:
            assert cert.print_count == 1 and cert.last_printed_at is not None
            assert cert.code.lower() not in text.lower()  # codes are shown with dashes
            assert certificates.verify(s, cert.code).code in text
    assert sorted(outdir.iterdir()) == [out]  # no temporary file left behind

    again = certificates.generate(db, awarded.event_id, out, kind="placed")
    assert (again.certificates, again.issued, again.reprinted) == (3, 0, 3)
    with db.read_session() as s:
        counts = sorted(c.print_count for c in s.scalars(select(Certificate)))
        actions = [e.action for e in certificates.certificate_log(s, awarded.event_id)]
    assert counts == [1, 2, 2, 2]
    assert actions.count("issue") == 4 and actions.count("reprint") == 3


@needs_poppler
def test_separate_files_with_safe_unique_names(db: Database, awarded: Awarded,
                                               outdir: Path) -> None:
    folder = outdir / "each"
    out = outdir / "all.pdf"
    seen: list[tuple[int, int]] = []
    run = certificates.generate(db, awarded.event_id, out, separate_dir=folder,
                                progress=lambda d, t: seen.append((d, t)))
    assert run.files[0] == out
    assert [p.name for p in run.files[1:]] == [
        "N0001-education-star-amira-hassan.pdf", "N0002-education-star-ben.pdf",
        "N0003-education-star-cal.pdf", "N0004-education-star-dee-mensah.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in run.files[1:]]
    assert seen[-1] == (8, 8)
    assert all(pdf_pages(p) == 1 for p in run.files[1:])
    assert "Ben" in pdf_text(folder / "N0002-education-star-ben.pdf")
    assert SURNAME not in pdf_text(folder / "N0002-education-star-ben.pdf")
    with db.read_session() as s:  # two files, one printing each
        assert {c.print_count for c in s.scalars(select(Certificate))} == {1}


def test_cancelling_leaves_no_file_and_keeps_the_codes(
        db: Database, awarded: Awarded, outdir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where runs draw
    jobs = staging.jobs_dir()
    out = outdir / "certificates.pdf"
    out.write_bytes(b"an older run")
    folder = outdir / "each"
    calls = 0

    def cancel_soon() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    with pytest.raises(Cancelled):
        certificates.generate(db, awarded.event_id, out, separate_dir=folder,
                              is_cancelled=cancel_soon)
    assert out.read_bytes() == b"an older run"  # the previous file is untouched
    assert sorted(p.name for p in outdir.iterdir()) == ["certificates.pdf", "each"]
    assert list(folder.iterdir()) == [] and list(jobs.iterdir()) == []
    with db.read_session() as s:
        codes = {c.nomination_id: c.code for c in s.scalars(select(Certificate))}
        assert len(codes) == 4  # issuing happened and stays
        assert {c.print_count for c in s.scalars(select(Certificate))} == {0}
        assert set(s.scalars(select(CertificateLog.action))) == {"issue"}

    with pytest.raises(Cancelled):  # cancelled while the combined file is being drawn
        certificates.generate(db, awarded.event_id, out, is_cancelled=lambda: True)
    assert out.read_bytes() == b"an older run" and len(list(outdir.iterdir())) == 2
    assert list(jobs.iterdir()) == []  # nor anything in the program's own folder

    run = certificates.generate(db, awarded.event_id, out)
    assert (run.issued, run.reprinted) == (0, 4)  # the same codes, now printed
    with db.read_session() as s:
        assert {c.nomination_id: c.code for c in s.scalars(select(Certificate))} == codes
        actions = [e.action for e in certificates.certificate_log(s, awarded.event_id)]
    assert actions == ["issue"] * 4 + ["print"] * 4


def test_revoked_and_unconfirmed_are_skipped_with_reasons(db: Database, awarded: Awarded,
                                                          outdir: Path) -> None:
    with db.session() as s:
        (dee,) = certificates.issue(s, awarded.event_id, [awarded.ids["Dee"]])
        certificates.revoke(s, dee.code, "duplicate")
    run = certificates.generate(db, awarded.event_id, outdir / "c.pdf")
    assert run.certificates == 3
    assert run.skipped[-1] == (f"N-0004 (Education Star): certificate {dee.code_display} was "
                               "revoked; use Correct to issue a new one.")
    picked = certificates.generate(db, awarded.event_id, outdir / "one.pdf",
                                   nomination_ids=[awarded.ids["Cal"], awarded.ids["Eve"]])
    assert picked.certificates == 1 and picked.reprinted == 1
    assert picked.skipped[-1] == "N-0005: no confirmed result among the certificates chosen."


def test_nothing_to_print_and_bad_targets(db: Database, event_id: int, outdir: Path) -> None:
    with pytest.raises(ValidationError) as bad:
        certificates.generate(db, event_id, outdir / "c.pdf")
    assert bad.value.fields == {"certificates"}
    for out in (outdir / "c.txt", outdir / "missing" / "c.pdf", None):
        with pytest.raises(ValidationError) as bad:
            certificates.generate(db, event_id, out)
        assert bad.value.fields == {"out"}
    assert list(outdir.iterdir()) == []
