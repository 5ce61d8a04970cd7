"""Print runs against changes made meanwhile: the files appear only with the records of what
they hold; a certificate revoked while printing is left out of both; a failed final write
leaves neither; a killed run's leftovers are settled by the next run (more kills in
test_leftovers.py)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from awards_app.core.codes import format_code
from awards_app.core.enums import NominationStatus
from awards_app.core.errors import ConflictError, DatabaseError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Certificate, CertificateLog, Nomination
from awards_app.services import certificates
from awards_app.services.certificates import staging
from awards_app.services.judging import results
from tests.pdftools import tool
from tests.services.certificates.test_generate import pdf_pages, pdf_text
from tests.services.certificates.test_records import Awarded, award_education_star

ROOT = Path(__file__).resolve().parents[3]
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]\b")
PRINTS = ("print", "reprint")
REFS = {"Amira": "N-0001", "Ben": "N-0002", "Cal": "N-0003", "Dee": "N-0004"}


@pytest.fixture(autouse=True)
def poppler() -> None:
    tool("pdftotext", "poppler-utils")
    tool("pdfinfo", "poppler-utils")


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


@pytest.fixture
def other(db_url: str) -> Iterator[Database]:
    """The same database opened a second time: another person's window or command."""
    second = open_database(db_url)
    yield second
    second.close()


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own data folder, where runs draw (a killed run in a subprocess too)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return staging.jobs_dir()


def in_jobs(jobs: Path) -> list[str]:
    """What print runs left in the data folder."""
    return sorted(p.name for p in jobs.iterdir()) if jobs.is_dir() else []


def code_of(database: Database, nomination_id: int) -> str:
    with database.read_session() as s:
        return s.scalars(select(Certificate.code).where(
            Certificate.nomination_id == nomination_id).order_by(Certificate.id)).all()[-1]


def revoke(database: Database, nomination_id: int) -> None:
    with database.session() as s:
        certificates.revoke(s, code_of(database, nomination_id), "withdrawn by the young person")


def once_at(step: int, change: Callable[[], None]) -> Callable[[int, int], None]:
    """A progress callback making ``change`` once, when ``step`` pages are drawn (0: last)."""
    done_already = False

    def progress(done: int, total: int) -> None:
        nonlocal done_already
        if not done_already and done >= (step or total):
            done_already = True
            change()

    return progress


def codes_in(files: tuple[Path, ...]) -> set[str]:
    """Every certificate code printed in these PDFs (shown form)."""
    return {code for path in files for code in CODE.findall(pdf_text(path))}


def print_entries(db: Database, *, after: int = 0) -> list[str]:
    """Shown codes of the print and reprint log entries with ids above ``after``."""
    with db.read_session() as s:
        return [format_code(code) for code in s.scalars(
            select(Certificate.code).join(CertificateLog,
                                          CertificateLog.certificate_id == Certificate.id)
            .where(CertificateLog.action.in_(PRINTS), CertificateLog.id > after)
            .order_by(CertificateLog.id))]


def last_log_id(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(CertificateLog.id).order_by(CertificateLog.id.desc())) or 0


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


LAYOUTS = {"combined": (True, False), "separate": (False, True), "both": (True, True)}


def targets(outdir: Path, layout: str, name: str = "certificates.pdf") -> dict[str, Path | None]:
    combined, separate = LAYOUTS[layout]
    return {"out": outdir / name if combined else None,
            "separate_dir": outdir / "each" if separate else None}


@pytest.mark.parametrize("step", [1, 0], ids=["after the first page", "after the last page"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_certificate_revoked_while_printing_is_left_out_of_files_and_log(
        db: Database, other: Database, awarded: Awarded, outdir: Path, layout: str,
        step: int) -> None:
    ben = awarded.ids["Ben"]
    run = certificates.generate(db, awarded.event_id, **targets(outdir, layout),
                                progress=once_at(step, lambda: revoke(other, ben)))
    note = "N-0002 (Education Star): its certificate was revoked while printing; left out."
    assert run.left_out == (note,) and note in run.skipped
    assert (run.certificates, run.issued, run.reprinted) == (3, 3, 0)
    ben_code = format_code(code_of(db, ben))
    printed = print_entries(db)
    assert sorted(printed) == sorted(codes_in(run.files)) and len(printed) == 3
    assert ben_code not in printed
    if LAYOUTS[layout][0]:
        assert run.files[0] == outdir / "certificates.pdf" and pdf_pages(run.files[0]) == 3
    if LAYOUTS[layout][1]:
        assert sorted(p.name for p in (outdir / "each").iterdir()) == [
            "N0001-education-star-amira-hassan.pdf", "N0003-education-star-cal.pdf",
            "N0004-education-star-dee-mensah.pdf"]
    with db.read_session() as s:
        assert [e.action for e in certificates.certificate_log(s, 0, code=ben_code)] == [
            "issue", "revoke"]
        assert {c.nomination_id: c.print_count for c in s.scalars(select(Certificate))} == {
            awarded.ids["Amira"]: 1, ben: 0, awarded.ids["Cal"]: 1, awarded.ids["Dee"]: 1}
    assert hidden(outdir) == []  # no staging folder or lock left behind


def withdraw_without_revoking(database: Database, nomination_id: int) -> None:
    with database.session() as s:
        s.execute(update(Nomination).where(Nomination.id == nomination_id)
                  .values(status=NominationStatus.WITHDRAWN))


def correct(database: Database, nomination_id: int) -> None:
    with database.session() as s:
        certificates.correct(s, code_of(database, nomination_id), reason="name misspelt")


def reopen(database: Database, category_id: int) -> None:
    with database.session() as s:
        results.reopen_results(s, category_id, reason="a young person asked to withdraw")


@pytest.mark.parametrize(("change", "why"), [
    (correct, "its certificate was corrected while printing (print the new one next time)"),
    (withdraw_without_revoking, "it was withdrawn while printing"),
])
def test_other_changes_while_printing_leave_it_out_too(
        db: Database, other: Database, awarded: Awarded, outdir: Path,
        change: Callable[[Database, int], None], why: str) -> None:
    cal = awarded.ids["Cal"]
    run = certificates.generate(db, awarded.event_id, outdir / "c.pdf",
                                progress=once_at(1, lambda: change(other, cal)))
    assert run.left_out == (f"N-0003 (Education Star): {why}; left out.",)
    assert sorted(print_entries(db)) == sorted(codes_in(run.files)) and run.certificates == 3


def test_results_reopened_while_printing_print_nothing(db: Database, other: Database,
                                                       awarded: Awarded, outdir: Path) -> None:
    out = outdir / "c.pdf"
    with pytest.raises(ConflictError) as refused:
        certificates.generate(db, awarded.event_id, out,
                              progress=once_at(2, lambda: reopen(other, awarded.education)))
    assert str(refused.value).startswith("Nothing was printed: every certificate in this run "
                                         "changed while it was drawn.")
    assert "N-0001 (Education Star): its results were reopened while printing" in (
        str(refused.value))
    assert list(outdir.iterdir()) == [] and print_entries(db) == []


def test_revoked_again_at_every_drawing_prints_nothing(db: Database, other: Database,
                                                      awarded: Awarded, outdir: Path) -> None:
    """The combined file is drawn again without what was revoked, but not for ever."""
    victims = [awarded.ids[name] for name in ("Amira", "Ben", "Cal")]
    drawn: set[int] = set()

    def progress(done: int, total: int) -> None:
        if done == total and total not in drawn:  # the end of each drawing (a new total)
            drawn.add(total)
            revoke(other, victims.pop(0))

    out = outdir / "c.pdf"
    with pytest.raises(ConflictError) as refused:
        certificates.generate(db, awarded.event_id, out, progress=progress)
    assert str(refused.value).startswith("Nothing was printed: certificates kept being "
                                         "revoked while the file was drawn. Run it again. "
                                         "N-0001 (Education Star)")
    assert victims == [] and list(outdir.iterdir()) == [] and print_entries(db) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_revoking_one_after_another_keeps_log_and_files_equal(
        db: Database, other: Database, awarded: Awarded, outdir: Path, layout: str) -> None:
    """Each run loses one more certificate while printing (at a different moment); the
    prints each run records are exactly the certificates in the files it returns."""
    order = ["Cal", "Amira", "Dee", "Ben"]
    for i, name in enumerate(order):
        before = last_log_id(db)
        victim = awarded.ids[name]
        progress = once_at(i % 3, lambda victim=victim: revoke(other, victim))
        if i == len(order) - 1:  # the last one left: nothing to print
            with pytest.raises(ConflictError):
                certificates.generate(db, awarded.event_id, **targets(outdir, layout),
                                      progress=progress)
            assert print_entries(db, after=before) == []
            break
        run = certificates.generate(db, awarded.event_id, **targets(outdir, layout),
                                    progress=progress)
        assert run.certificates == len(order) - 1 - i
        assert len(run.left_out) == 1 and run.left_out[0].startswith(REFS[name])
        printed = print_entries(db, after=before)
        assert sorted(printed) == sorted(codes_in(run.files)) and len(printed) == len(
            set(printed)) == run.certificates
        for path in run.files:
            pages = pdf_pages(path)
            assert pages == (run.certificates if path.parent == outdir else 1)
        assert hidden(outdir) == []


def locked_on_commit(monkeypatch: pytest.MonkeyPatch, *, after_commit: bool = False
                     ) -> Callable[[], None]:
    """From now on every commit fails as SQLite does when another writer holds the file
    (``after_commit``: it fails only after storing, as a lost connection might)."""
    real_commit = Session.commit

    def commit(self: Session) -> None:
        if after_commit:
            real_commit(self)
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))

    return lambda: monkeypatch.setattr(Session, "commit", commit)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_failed_final_write_leaves_no_file_and_no_print(
        db: Database, awarded: Awarded, outdir: Path, layout: str,
        monkeypatch: pytest.MonkeyPatch, jobs: Path) -> None:
    where = targets(outdir, layout)
    if where["out"] is not None:
        where["out"].write_bytes(b"an older run")
    with pytest.raises(DatabaseError) as failed:
        certificates.generate(db, awarded.event_id, **where,
                              progress=once_at(0, locked_on_commit(monkeypatch)))
    monkeypatch.undo()
    message = str(failed.value)
    assert message.startswith("Nothing was printed: the prints could not be recorded")
    assert "no file was written" in message
    assert "locked" not in message and "Error" not in message and "COMMIT" not in message
    if where["out"] is not None:
        assert where["out"].read_bytes() == b"an older run"
    if where["separate_dir"] is not None:
        assert list(where["separate_dir"].iterdir()) == []
    assert hidden(outdir) == [] and print_entries(db) == [] and in_jobs(jobs) == []
    with db.read_session() as s:  # the codes were issued before drawing, and stay
        assert {c.print_count for c in s.scalars(select(Certificate))} == {0}
        assert len(s.scalars(select(Certificate)).all()) == 4


def test_a_commit_that_failed_after_storing_still_finishes(
        db: Database, awarded: Awarded, outdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database decides: a commit reported as failed but stored moves the files in."""
    out = outdir / "c.pdf"
    run = certificates.generate(db, awarded.event_id, out, progress=once_at(
        0, locked_on_commit(monkeypatch, after_commit=True)))
    monkeypatch.undo()
    assert run.files == (out,) and pdf_pages(out) == 4
    assert sorted(print_entries(db)) == sorted(codes_in(run.files))
    assert hidden(outdir) == []


KILLED_RUN = """
import os, sys
from pathlib import Path
from awards_app.db.engine import open_database
from awards_app.services import certificates
from awards_app.services.certificates import staging

database, out, when, event_id = sys.argv[1:]
progress = None
if when == "drawing":
    progress = lambda done, total: os._exit(9) if done == 2 else None
else:  # killed after the prints were recorded, before the files moved into place
    staging.Staging.finish = lambda self, **kwargs: os._exit(9)
certificates.generate(open_database(database), int(event_id), Path(out), progress=progress)
"""


def kill_a_run(db_url: str, out: Path, when: str, event_id: int) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_RUN, db_url, str(out), when,
                           str(event_id)], cwd=ROOT, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 9, done.stderr.decode()


def test_a_run_killed_while_drawing_leaves_nothing_the_next_run_keeps(
        db: Database, db_url: str, awarded: Awarded, outdir: Path, jobs: Path) -> None:
    out = outdir / "certificates.pdf"
    kill_a_run(db_url, out, "drawing", awarded.event_id)
    assert list(outdir.iterdir()) == []  # nothing beside the person's files ...
    (job,) = [p for p in jobs.iterdir() if p.is_dir()]  # ... only a private job folder
    manifest = json.loads((job / staging.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["state"] == "drawing" and manifest["places"][0]["folder"] == str(outdir)
    assert print_entries(db) == []

    run = certificates.generate(db, awarded.event_id, outdir / "again.pdf")
    assert run.recovered == ()
    assert sorted(p.name for p in outdir.iterdir()) == ["again.pdf"]  # leftovers removed
    assert in_jobs(jobs) == []
    assert sorted(print_entries(db)) == sorted(codes_in(run.files))


def test_a_run_killed_after_recording_is_finished_by_the_next_run(
        db: Database, db_url: str, awarded: Awarded, outdir: Path, jobs: Path) -> None:
    out = outdir / "certificates.pdf"
    kill_a_run(db_url, out, "recorded", awarded.event_id)
    assert list(outdir.iterdir()) == [] and len(print_entries(db)) == 4  # recorded, not placed

    run = certificates.generate(db, awarded.event_id, outdir / "again.pdf")
    assert run.recovered == (out,)
    assert in_jobs(jobs) == []
    assert sorted(p.name for p in outdir.iterdir()) == ["again.pdf", "certificates.pdf"]
    printed = print_entries(db)
    assert sorted(printed[:4]) == sorted(codes_in((out,))) and pdf_pages(out) == 4
    assert sorted(printed[4:]) == sorted(codes_in(run.files))


def test_a_live_run_is_not_taken_for_a_killed_one(db: Database, other: Database,
                                                  awarded: Awarded, outdir: Path,
                                                  jobs: Path) -> None:
    """Another run while this one draws leaves its job folder alone."""
    seen: list[str] = []

    def meanwhile() -> None:
        seen.extend(in_jobs(jobs))
        certificates.generate(other, awarded.event_id, outdir / "other.pdf")

    run = certificates.generate(db, awarded.event_id, outdir / "mine.pdf",
                                separate_dir=outdir, progress=once_at(2, meanwhile))
    assert len(seen) == 2 and seen[1] == seen[0] + ".lock"  # it was there, and survived:
    assert run.certificates == 4 and pdf_pages(outdir / "mine.pdf") == 4
    assert len(run.files) == 5 and all(p.exists() for p in run.files)
    assert hidden(outdir) == [] and in_jobs(jobs) == []
