"""`awards judging-packs`: every judge's pack, and nothing judges must not see."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from awards_app.db.engine import open_database
from awards_app.db.models import Nomination, Sponsor
from awards_app.services import people
from awards_app.services.catalogue import sponsors

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils is installed by scripts/setup-debian.sh")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_packs_hold_no_identifying_details(cli, db_path: Path, tmp_path: Path) -> None:
    assert cli("init", "--demo").code == 0
    database = open_database(db_path)
    with database.session() as s:
        judged = s.scalars(select(Nomination).where(
            Nomination.status.in_(["accepted", "shortlisted"]))).all()
        for n in judged:
            people.update_nominee(s, n.nominee_id, last_name=f"Surnamemarker{n.number}",
                                  date_of_birth="2004-02-29")
            if n.worker_id:
                people.update_worker(s, n.worker_id, name="Workermarker Person",
                                     team="Teammarker Team")
        for sponsor in s.scalars(select(Sponsor)).all():
            sponsors.update_sponsor(s, sponsor.id, contact_name="Contactmarker Person",
                                    contact_email="contactmarker@sponsor.example",
                                    contact_phone="01632 960999")
        refs = {n.ref for n in judged}
    database.close()

    out = tmp_path / "packs.pdf"
    result = cli("judging-packs", "--out", str(out))
    assert result.code == 0, result.err
    text = pdf_text(out)
    for marker in ("Surnamemarker", "Workermarker", "Teammarker", "Contactmarker",
                   "contactmarker@", "29/02/2004", "2004-02-29", "01632 960999"):
        assert marker not in text, marker
    for ref in refs:
        assert ref in text, ref
    assert "Confidential" in text and "Obstacles overcome" in text
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_one_judges_pack_and_bad_requests(cli, tmp_path: Path) -> None:
    cli("init", "--demo")
    one = tmp_path / "one.pdf"
    result = cli("judging-packs", "--out", str(one), "--judge", "Eleanor Askew")
    assert result.code == 0, result.err
    text = pdf_text(one)
    assert "Eleanor Askew" in text and "Ravinder Patel" not in text
    assert cli("judging-packs", "--out", str(tmp_path / "x.txt")).code == 2
    unknown = cli("judging-packs", "--out", str(tmp_path / "y.pdf"), "--judge", "Nobody")
    assert unknown.code == 2 and "no judge called" in unknown.err
