"""Issue 12, item 4 (first part): everything the program writes that holds personal data is
readable by its owner only — 0600 files in 0700 folders — whatever the user's umask, and an
earlier version's world-readable database is made private when it is opened."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
ROOT = Path(__file__).resolve().parents[2]


def awards(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "awards_app.cli.main", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False,
                          preexec_fn=lambda: os.umask(0o022))  # a usual, generous umask
    assert done.returncode == 0, done.stderr


def open_to_others(folder: Path) -> list[str]:
    found = []
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(folder)} {oct(mode)}")
    return found


def test_everything_written_is_its_owners_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    out = home / "work"  # the coordinator's own folder, where files are saved
    out.mkdir(mode=0o700)
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
    db = home / "data" / "awards.sqlite3"
    awards(env, "--db", str(db), "init", "--demo")
    awards(env, "--db", str(db), "backup")
    awards(env, "--db", str(db), "export", "--out", str(out / "event.json"))
    awards(env, "--db", str(db), "export", "--out", str(out / "event.xlsx"))
    awards(env, "--db", str(db), "template", "nominations", "--out", str(out / "t.csv"))
    awards(env, "--db", str(db), "judging-packs", "--out", str(out / "packs.pdf"))
    awards(env, "--db", str(db), "list", "nominations")
    written = [p for p in home.rglob("*") if p.is_file()]
    assert len(written) >= 7 and db.exists() and (out / "packs.pdf").exists()
    assert open_to_others(home) == []


def test_an_earlier_world_readable_database_is_made_private(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    db = tmp_path / "old" / "awards.sqlite3"
    awards(env, "--db", str(db), "init")
    awards(env, "--db", str(db), "backup")
    for path in (db, db.parent / "backups"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # as an earlier version left them
    awards(env, "--db", str(db), "check")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE((db.parent / "backups").stat().st_mode) == 0o700
