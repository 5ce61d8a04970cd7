"""Print runs killed with SIGKILL at several moments, as `awards certificates` in its own
process: what is left is in the program's own data folder (or, after the prints were
recorded, one registered temporary beside the target), the next run from anywhere settles
it, and afterwards the only files with certificates are the finished ones, each recorded.
Earlier versions' leftovers in destination folders are settled too."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from awards_app.core.codes import format_code
from awards_app.core.errors import AwardsError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import AuditEntry, Certificate, CertificateLog
from awards_app.services import catalogue, certificates, judging, nominations, people
from awards_app.services.catalogue import categories, sponsors
from awards_app.services.certificates import runs, staging
from awards_app.services.common import audit
from awards_app.services.judging import results
from tests.conftest import words
from tests.pdftools import tool
from tests.services.certificates.test_generate import pdf_pages, pdf_text
from tests.services.certificates.test_generate_races import CODE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills with SIGKILL (POSIX)")

ROOT = Path(__file__).resolve().parents[3]
COUNT = 50  # certificates a run makes: long enough to be caught drawing
PRINTS = ("print", "reprint")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with COUNT confirmed placements in Education Star (built once)."""
    path = tmp_path_factory.mktemp("template") / "awards.sqlite3"
    database = open_database(path)
    with database.session() as s:
        event = catalogue.create_event(s, name="Kill Awards", year=2027,
                                       ceremony_date="2027-03-19")
        category = {c.name: c for c in categories.list_categories(s, event.id)}[
            "Education Star"]
        acme = sponsors.create_sponsor(s, event_id=event.id, name="Acme")
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=category.id)
        judge = sponsors.create_judge(s, sponsor_id=acme.id, name="Ann Judge")
        worker = people.create_worker(s, name="Wendy Worker", email="wendy@council.example")
        criteria = [c.id for c in category.criteria]
        for i in range(COUNT):
            nominee = people.create_nominee(s, first_name=f"Young{i}", last_name=f"Person{i}",
                                            date_of_birth="2006-07-08",
                                            consent_certificate_name="yes")
            nomination = nominations.create_nomination(
                s, event_id=event.id, category_id=category.id, nominee_id=nominee.id,
                worker_id=worker.id, success=words(30, "determined"),
                obstacles=words(30, "resilient"), status="accepted",
                citation=f"For courage number {i}.")
            judging.save_scores(s, judge_id=judge.id, nomination_id=nomination.id,
                                scores=dict.fromkeys(criteria, 10 - i if i < 3 else 1 + i % 7))
        judging.submit_category(s, judge_id=judge.id, category_id=category.id)
        results.confirm_results(s, category.id)
    database.close()
    return path


class Place:
    """One test's database, data folder, destination folder and a folder for other runs."""

    def __init__(self, root: Path, template: Path, data: Path) -> None:
        self.root, self.data = root, data
        self.db = root / "awards.sqlite3"
        for suffix in ("", "-wal"):
            if Path(f"{template}{suffix}").exists():
                shutil.copy(f"{template}{suffix}", f"{self.db}{suffix}")
        self.out = root / "out"  # the person's folder, with a file of their own
        self.out.mkdir()
        (self.out / "my letter.txt").write_text("mine", encoding="utf-8")
        self.other = root / "other"  # where the next run writes
        self.other.mkdir()
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(data)}

    @property
    def jobs(self) -> Path:
        return staging.jobs_dir()  # under the data folder, as the runs' environment says

    def args(self, layout: str, folder: Path | None = None) -> list[str]:
        folder = folder or self.out
        wanted = {"combined": ["--out", str(folder / "certificates.pdf")],
                  "separate": ["--separate", str(folder / "each")]}
        both = wanted["combined"] + wanted["separate"]
        return ["--db", str(self.db), "certificates", *wanted.get(layout, both)]

    def awards(self, *args: str) -> None:
        """A whole run of `awards …`, as a person would start it."""
        done = subprocess.run([sys.executable, "-m", "awards_app.cli.main", *args], cwd=ROOT,
                              env=self.env, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()

    def kill_when(self, moment: Callable[[], bool], args: list[str],
                  script: str | None = None) -> None:
        """Start a run, wait for ``moment``, SIGKILL it (``script``: it kills itself)."""
        command = ["-c", script] if script else ["-m", "awards_app.cli.main"]
        err = self.root / "stderr.txt"
        with err.open("wb") as stderr:
            run = subprocess.Popen([sys.executable, *command, *args], cwd=ROOT, env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
            deadline = time.monotonic() + 120
            try:
                while not moment():
                    if run.poll() is not None:
                        break
                    assert time.monotonic() < deadline, "the moment never came"
                    time.sleep(0.002)
                else:
                    run.send_signal(signal.SIGKILL)
            finally:
                if run.poll() is None and time.monotonic() >= deadline:
                    run.kill()
                run.wait(timeout=60)
        assert run.returncode == -signal.SIGKILL, err.read_text(encoding="utf-8")
        err.unlink()

    def jobs_now(self) -> list[Path]:
        return sorted(p for p in self.jobs.iterdir() if p.is_dir()) if self.jobs.is_dir() else []

    def staged(self) -> list[Path]:
        """Files the live or dead runs have in their job folders."""
        return [f for job in self.jobs_now() for f in job.glob("*/*")]

    def manifests(self) -> list[dict[str, object]]:
        return [json.loads((job / staging.MANIFEST).read_text(encoding="utf-8"))
                for job in self.jobs_now() if (job / staging.MANIFEST).exists()]

    def files(self) -> set[Path]:
        """Every file under this test's folders but the database."""
        return {p for p in self.root.rglob("*") if p.is_file() and not p.name.startswith(
            "awards.sqlite3")} | {p for p in self.data.rglob("*") if p.is_file()}


def print_log(db: Path) -> tuple[list[str], int]:
    """Codes (shown form) of the print log's entries in order, and the print runs recorded."""
    database = open_database(db)
    try:
        with database.read_session() as s:
            codes = [format_code(code) for code in s.scalars(
                select(Certificate.code)
                .join(CertificateLog, CertificateLog.certificate_id == Certificate.id)
                .where(CertificateLog.action.in_(PRINTS)).order_by(CertificateLog.id))]
            runs = len(s.scalars(select(AuditEntry.id).where(
                AuditEntry.action == staging.PRINT_RUN)).all())
    finally:
        database.close()
    return codes, runs


def codes_in(files: list[Path]) -> list[str]:
    return sorted(code for path in files for code in CODE.findall(pdf_text(path)))


@pytest.fixture(autouse=True)
def poppler() -> None:
    tool("pdftotext", "poppler-utils")
    tool("pdfinfo", "poppler-utils")


def make_place(root: Path, template: Path, data: Path,
               monkeypatch: pytest.MonkeyPatch) -> Place:
    monkeypatch.setenv("XDG_DATA_HOME", str(data))  # this process asks the same folder
    return Place(root, template, data)


@pytest.fixture
def place(tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch) -> Place:
    return make_place(tmp_path, template, tmp_path / "data", monkeypatch)


def only_findable_leftovers(place: Place) -> None:
    """After a kill: the person's folder holds nothing new but finished files and the
    temporaries a job names; everything else is in the program's own data folder."""
    named = {Path(str(entry["temporary"])) for manifest in place.manifests()
             for entry in manifest["places"]}  # type: ignore[attr-defined]
    for path in place.root.rglob(".*"):
        assert path in named, f"{path} is beside the person's files and no job names it"
    entries = sorted(p.name for p in place.jobs.iterdir())
    assert entries and all(staging._LEFTOVER.fullmatch(name) for name in entries), entries
    assert (place.jobs.stat().st_mode & 0o777) == 0o700
    for job in place.jobs_now():
        assert (job.stat().st_mode & 0o777) == 0o700
        for item in job.rglob("*"):
            assert item.stat().st_mode & 0o077 == 0, f"{item} is readable by others"


def nothing_but_finished(place: Place, finished: list[Path]) -> None:
    """No job left and no file anywhere but the finished ones (and the person's own)."""
    assert place.jobs_now() == [] and list(place.jobs.iterdir()) == []
    assert place.files() == {*finished, place.out / "my letter.txt"}


KILL_PLACING = """
import os, shutil, signal, sys
from awards_app.cli.main import main
from awards_app.services.certificates import runs, staging
from awards_app.services.common import audit

how, after = sys.argv[1].split(":")  # move:5 = killed on the 6th rename into place,
moves, after = 0, int(after)         # copy:2 = killed half-way through the 3rd copy
real_move, real_copy = staging._move, shutil.copyfileobj

def move(item, target, temporary):
    global moves
    moves += 1
    if how == "move" and moves > after:
        os.kill(os.getpid(), signal.SIGKILL)
    real_move(item, target, temporary)

def copy(source, out, size):
    out.write(source.read(4096))
    out.flush()
    if how == "copy" and moves > after:
        os.kill(os.getpid(), signal.SIGKILL)
    real_copy(source, out, size)

staging._move, staging.shutil.copyfileobj = move, copy
sys.exit(main(sys.argv[2:]))
"""


MOMENTS: dict[str, tuple[str, Callable[[Place], bool]]] = {
    "its job folder made": ("combined", lambda p: bool(p.jobs_now())),
    "the combined file half drawn": ("combined", lambda p: any(
        f.stat().st_size > 20_000 for f in p.staged())),
    "ten files of one each drawn": ("separate", lambda p: len(p.staged()) >= 10),
    "one each drawn, the combined file begun": ("both", lambda p: any(
        f.name == "certificates.pdf" for f in p.staged())),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_killed_while_drawing_the_next_run_anywhere_removes_what_is_left(
        place: Place, moment: str) -> None:
    layout, when = MOMENTS[moment]
    place.kill_when(lambda: when(place), place.args(layout))
    only_findable_leftovers(place)
    assert [m["state"] for m in place.manifests()] in ([], ["drawing"], ["recording"])
    assert print_log(place.db) == ([], 0), (  # nothing recorded, and nothing in place:
        "the kill came only after the run recorded its prints (a very busy machine?)")
    named = {str(entry["temporary"]) for manifest in place.manifests()
             for entry in manifest["places"]}  # type: ignore[attr-defined]
    # nothing new in the person's folder but, if the kill came while the run checked it
    # could write there, the one temporary its job names (the next run removes it)
    assert {p.name for p in place.out.rglob("*") if str(p.absolute()) not in named} <= {
        "each", "my letter.txt"}

    place.awards(*place.args("combined", place.other))  # the next run, into another folder
    again = place.other / "certificates.pdf"
    nothing_but_finished(place, [again])
    printed, runs = print_log(place.db)
    assert runs == 1 and sorted(printed) == codes_in([again]) and len(printed) == COUNT
    assert pdf_pages(again) == COUNT


@pytest.mark.parametrize("across", [False, True], ids=["one file system", "across two"])
def test_killed_while_putting_files_in_place_the_next_run_finishes(
        tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch, across: bool) -> None:
    data = tmp_path / "data"
    if across:  # the data folder on another file system: files are copied beside the target
        shm = Path("/dev/shm")
        if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
            pytest.skip("needs a second file system at /dev/shm for the data folder")
        data = Path(tempfile.mkdtemp(prefix="awards-test-", dir=shm))
    place = make_place(tmp_path, template, data, monkeypatch)
    try:
        how = "copy:2" if across else "move:5"
        place.kill_when(lambda: False, [how, *place.args("both")], script=KILL_PLACING)
        only_findable_leftovers(place)
        (manifest,) = place.manifests()
        assert manifest["state"] == "placing"
        printed, runs = print_log(place.db)
        assert runs == 1 and len(printed) == COUNT  # recorded: the files must follow
        each = place.out / "each"
        placed = sorted(each.iterdir())
        assert len([p for p in placed if not p.name.startswith(".")]) == (2 if across else 5)
        if across:  # the half-copied file is the run's registered temporary
            assert [p.name for p in placed if p.name.startswith(".")] == [
                staging.beside_name(place.jobs_now()[0].name)]
        assert not (place.out / "certificates.pdf").exists()

        place.awards(*place.args("combined", place.other))  # the next run, elsewhere
        mine = [place.out / "certificates.pdf", *sorted(each.iterdir())]
        again = place.other / "certificates.pdf"
        nothing_but_finished(place, [*mine, again])
        printed, runs = print_log(place.db)
        assert runs == 2 and len(printed) == 2 * COUNT
        assert len(mine) == 1 + COUNT and pdf_pages(mine[0]) == COUNT
        assert codes_in(mine[:1]) == codes_in(mine[1:]) == sorted(printed[:COUNT])
        assert codes_in([again]) == sorted(printed[COUNT:])
    finally:
        if across:
            shutil.rmtree(data, ignore_errors=True)


KILL_CHECKING = """
import os, pathlib, signal, sys
from awards_app.cli.main import main

real_unlink = pathlib.Path.unlink

def unlink(self, missing_ok=False):  # killed between making and removing the write check
    if self.name.startswith(".awards-print-") and self.name.endswith(".part"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_unlink(self, missing_ok)

pathlib.Path.unlink = unlink
sys.exit(main(sys.argv[1:]))
"""


def test_killed_while_checking_the_folder_can_be_written_the_next_run_removes_the_check(
        place: Place) -> None:
    """The empty file that checks a destination folder can be written is the run's one
    named temporary: a kill before it goes leaves it findable, and the next run removes it."""
    place.kill_when(lambda: False, place.args("combined"), script=KILL_CHECKING)
    only_findable_leftovers(place)
    (manifest,) = place.manifests()
    assert manifest["state"] == "drawing"
    (temporary,) = [Path(str(entry["temporary"])) for entry in manifest["places"]]  # type: ignore[attr-defined]
    assert temporary.parent == place.out and temporary.stat().st_size == 0
    assert sorted(p.name for p in place.out.iterdir()) == [temporary.name, "my letter.txt"]

    place.awards(*place.args("combined", place.other))
    nothing_but_finished(place, [place.other / "certificates.pdf"])


def test_a_program_start_removes_a_killed_runs_job(place: Place) -> None:
    """Before any database is open, as at start-up: a run killed while drawing never
    recorded anything, so its job goes without asking."""
    place.kill_when(lambda: len(place.staged()) >= 5, place.args("separate"))
    only_findable_leftovers(place)
    assert staging.settle_leftovers(None) == []
    assert place.jobs_now() == [] and list(place.jobs.iterdir()) == []
    assert list((place.out / "each").iterdir()) == [] and print_log(place.db) == ([], 0)


def test_what_earlier_versions_left_beside_the_target_is_settled(place: Place) -> None:
    """A staging folder of the previous version that never recorded its run, and the first
    versions' temporaries (once an hour old), are removed by the next run into the folder;
    a young one, perhaps a live run's, stays; the person's own files are never touched."""
    old_run = "0" * 32
    staged = place.out / f".awards-print-{old_run}.partial"
    staged.mkdir()
    (staged / "run.json").write_text(json.dumps({"run": old_run,
                                                 "database": str(place.db)}))
    (staged / "certificates.pdf").write_bytes(b"%PDF- names")
    (place.out / f".awards-print-{old_run}.lock").write_bytes(b"")
    first_folder = place.out / ".certificates-ab12cd34"
    first_folder.mkdir()
    (first_folder / "N0001-x.pdf").write_bytes(b"%PDF- names")
    first_file = place.out / ".certificates-x9y8z7w6.part"
    first_file.write_bytes(b"%PDF- names")
    young = place.out / ".certificates-young123"
    young.mkdir()
    hour_ago = time.time() - 3700
    for path in (first_folder, first_file):
        os.utime(path, (hour_ago, hour_ago))
    database = open_database(place.db)
    try:
        run = certificates.generate(database, 1, place.out / "certificates.pdf")
    finally:
        database.close()
    assert run.recovered == ()
    assert sorted(p.name for p in place.out.iterdir()) == [
        ".certificates-young123", "certificates.pdf", "my letter.txt"]


KILL_PRINTING = """
import os, signal
from awards_app.services.certificates.staging import PrivateFolder

folder = PrivateFolder()  # as the window keeps the PDF it sends to the printer
(folder.path / "certificates.pdf").write_bytes(b"%PDF- names")
print(folder.path, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_printers_private_copy_goes_with_its_job_or_after_a_kill(place: Place) -> None:
    live = staging.PrivateFolder()
    (live.path / "certificates.pdf").write_bytes(b"%PDF- names")
    done = subprocess.run([sys.executable, "-c", KILL_PRINTING], cwd=ROOT, env=place.env,
                          capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    dead = Path(done.stdout.decode().strip())
    assert dead.parent == place.jobs and (dead / "certificates.pdf").is_file()
    assert (dead.stat().st_mode & 0o777) == 0o700

    assert staging.settle_leftovers(None) == []  # at start-up, or before the next run
    assert not dead.exists() and (live.path / "certificates.pdf").is_file()  # live: kept
    live.remove()
    live.remove()
    assert list(place.jobs.iterdir()) == []


def dead_while_recording(database: Database, folder: Path, run: str) -> Path:
    """A run that drew one file and died while its write may have been committing."""
    job = staging.Staging(database, run).__enter__()
    (job.place(folder, field="out") / "certificates.pdf").write_bytes(b"%PDF- names")
    job.recording()
    assert job._fd is not None
    os.close(job._fd)  # dies: no clean-up runs
    return job.job


@pytest.mark.parametrize("recorded", [False, True], ids=["not recorded", "recorded"])
def test_a_run_dead_while_recording_is_settled_by_its_own_database_only(
        db: Database, event_id: int, tmp_path: Path, recorded: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    out, run = tmp_path / "out", "a" * 32
    job = dead_while_recording(db, out, run)
    if recorded:
        with db.session() as s:
            audit(s, staging.PRINT_RUN, "certificates", event_id, event_id=event_id,
                  summary=f"run {run}: 1 certificate(s) printed")
    another = open_database(tmp_path / "another.sqlite3")
    try:
        assert staging.settle_leftovers(another) == []  # only the database named can say
    finally:
        another.close()
    assert staging.settle_leftovers(None) == [] and job.is_dir()
    assert list(out.iterdir()) == []

    moved = staging.settle_leftovers(db)
    assert moved == ([out / "certificates.pdf"] if recorded else [])
    assert sorted(p.name for p in out.iterdir()) == (["certificates.pdf"] if recorded else [])
    assert list(staging.jobs_dir().iterdir()) == []


def test_a_run_that_fails_mid_way_leaves_nothing(
        place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected failure while drawing (here: the third file) takes the job with it."""
    real, calls = runs._draw, []

    def draw(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(*args, **kwargs)

    monkeypatch.setattr(runs, "_draw", draw)
    database = open_database(place.db)
    try:
        with pytest.raises(OSError):
            certificates.generate(database, 1, place.out / "c.pdf",
                                  separate_dir=place.out / "each")
    finally:
        database.close()
    assert list(place.jobs.iterdir()) == [] and print_log(place.db) == ([], 0)
    assert sorted(p.name for p in place.out.rglob("*")) == ["each", "my letter.txt"]


def test_a_data_folder_that_cannot_be_written_prints_nothing_and_says_so(
        place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = place.root / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    database = open_database(place.db)
    try:
        with pytest.raises(AwardsError) as refused:
            certificates.generate(database, 1, place.out / "c.pdf")
    finally:
        database.close()
    message = str(refused.value)
    assert message.startswith("Nothing was printed: the program's own folder ")
    assert "Error" not in message and "Traceback" not in message
    assert sorted(p.name for p in place.out.iterdir()) == ["my letter.txt"]
    assert print_log(place.db) == ([], 0)
