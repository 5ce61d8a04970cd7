"""What encryption at rest (SQLCipher) costs, plain against encrypted, on the same data:

- opening (with the checks every open runs: SQLite's integrity check, the schema comparison)
  the demo event and a 10,000-nomination event (3 judges × 3 criteria per nomination);
  "first" is the first open in a new program (it derives the key from the passphrase once:
  PBKDF2-HMAC-SHA512, 256,000 rounds), "again" a later open in the same program;
- importing 10,000 nominations (prepare, then store) into a new database;
- ranking every category of the 10,000-nomination event (results.category_results);
- a checked backup of the 10,000-nomination database.

Run: python benchmarks/encryption_bench.py [--repeat N]
Everything is built in a temporary folder (about a minute) and removed afterwards.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, update  # noqa: E402

from awards_app.db import backup, encryption  # noqa: E402
from awards_app.db.engine import open_database  # noqa: E402
from awards_app.db.models import Criterion, Nomination, Score  # noqa: E402
from awards_app.services import catalogue, demo, events, judging  # noqa: E402
from awards_app.services.catalogue import categories, sponsors  # noqa: E402
from awards_app.services.judging import results  # noqa: E402
from awards_app.services.transfer import importers  # noqa: E402
from tests.factories import write_nominations_csv  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"
ROWS = 10_000


def _median(repeat: int, job: Callable[[], object], before: Callable[[], None] = lambda: None
            ) -> float:
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _new_program(path: Path, encrypted: bool) -> Callable[[], None]:
    """What a new program knows: only the passphrase it was given (no derived key)."""
    def reset() -> None:
        encryption.forget_all()
        if encrypted:
            encryption.remember_passphrase(path, PASSPHRASE)
    return reset


def _encrypted_copy(plain: Path, folder: Path) -> Path:
    copy = folder / plain.name.replace(".sqlite3", "-encrypted.sqlite3")
    shutil.copy2(plain, copy)
    backup.change_encryption(copy, PASSPHRASE, convert_backups=False)
    shutil.rmtree(backup.backups_dir(copy), ignore_errors=True)  # the safety copy
    return copy


def build_demo(folder: Path) -> Path:
    path = folder / "demo.sqlite3"
    database = open_database(path)
    with database.session() as session:
        demo.create_demo_event(session)
    database.close()
    return path


def build_large(folder: Path, csv_path: Path) -> Path:
    """10,000 accepted nominations, each scored by its category's 3 judges on 3 criteria."""
    path = folder / "large.sqlite3"
    database = open_database(path)
    with database.session() as session:
        event_id = catalogue.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19").id
        for category in categories.list_categories(session, event_id):
            sponsor = sponsors.create_sponsor(session, event_id=event_id,
                                              name=f"Sponsor of {category.name}")
            sponsors.sponsor_category(session, sponsor_id=sponsor.id, category_id=category.id)
            for n in range(3):
                sponsors.create_judge(session, sponsor_id=sponsor.id,
                                      name=f"Judge {n} {category.id}")
    with database.read_session() as session:
        plan = importers.prepare(session, "nominations", event_id=event_id, path=csv_path)
    with database.session() as session:
        importers.store(session, plan)
    rng = random.Random(3)
    with database.session() as session:
        session.execute(update(Nomination).values(status="accepted"))
        criteria: dict[int, list[int]] = {}
        for criterion_id, category_id in session.execute(
                select(Criterion.id, Criterion.category_id)):
            criteria.setdefault(category_id, []).append(criterion_id)
        pairs = session.execute(judging.assignments_query(event_id)).all()
        rows = [{"judge_id": j, "nomination_id": n, "criterion_id": c,
                 "value": rng.randint(1, 10)}
                for j, n, cat in pairs for c in criteria[cat]]
        for start in range(0, len(rows), 50_000):
            session.execute(insert(Score), rows[start:start + 50_000])
        judging.refresh_totals(session, event_id=event_id)
    database.close()
    return path


def time_open(path: Path, encrypted: bool, repeat: int) -> tuple[float, float]:
    reset = _new_program(path, encrypted)
    first = _median(repeat, lambda: open_database(path).close(), before=reset)
    reset()
    open_database(path).close()
    again = _median(repeat, lambda: open_database(path).close())
    return first, again


def time_import(folder: Path, csv_path: Path, encrypted: bool, repeat: int) -> float:
    times = []
    for index in range(repeat):
        path = folder / f"import-{'e' if encrypted else 'p'}{index}.sqlite3"
        encryption.forget_all()
        if encrypted:
            encryption.remember_passphrase(path, PASSPHRASE)  # a new encrypted database
        database = open_database(path)
        with database.session() as session:
            event_id = catalogue.create_event(
                session, name="Bench", year=2027, ceremony_date="2027-03-19").id
        started = time.perf_counter()
        with database.read_session() as session:
            plan = importers.prepare(session, "nominations", event_id=event_id, path=csv_path)
        with database.session() as session:
            importers.store(session, plan)
        times.append(time.perf_counter() - started)
        database.close()
        assert encryption.is_encrypted(path) == encrypted
    return statistics.median(times)


def time_ranking(path: Path, encrypted: bool, repeat: int) -> tuple[float, int]:
    _new_program(path, encrypted)()
    database = open_database(path)
    try:
        with database.read_session() as session:
            event_id = events.require_current_event(session).id
            ranked = results.category_results(session, event_id)
            count = sum(len(r.ranking) for r in ranked)
            return _median(repeat, lambda: results.category_results(session, event_id)), count
    finally:
        database.close()


def time_backup(path: Path, encrypted: bool, repeat: int, folder: Path) -> float:
    _new_program(path, encrypted)()
    targets = iter(folder / f"backup-{'e' if encrypted else 'p'}{i}.sqlite3"
                   for i in range(repeat))
    return _median(repeat, lambda: backup.backup_database(path, to=next(targets)))


def _line(label: str, plain: float, encrypted: float) -> None:
    ratio = encrypted / plain if plain else float("nan")
    print(f"{label:<44} {plain:8.3f} s {encrypted:9.3f} s   ×{ratio:.2f}  "
          f"(+{encrypted - plain:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    repeat = args.repeat
    with tempfile.TemporaryDirectory(prefix="awards-encryption-bench-") as tmp:
        folder = Path(tmp)
        csv_path = write_nominations_csv(folder / "nominations.csv", ROWS)
        print("building the databases (about a minute)…", flush=True)
        demo_plain = build_demo(folder)
        large_plain = build_large(folder, csv_path)
        demo_enc = _encrypted_copy(demo_plain, folder)
        large_enc = _encrypted_copy(large_plain, folder)
        print(f"demo {demo_plain.stat().st_size / 1e6:.1f} MB, {ROWS:,} nominations "
              f"{large_plain.stat().st_size / 1e6:.1f} MB; medians of {repeat} runs\n")
        print(f"{'':<44} {'plain':>10} {'encrypted':>11}")
        for label, plain, enc in (("demo", demo_plain, demo_enc),
                                  (f"{ROWS:,} nominations", large_plain, large_enc)):
            p_first, p_again = time_open(plain, False, repeat)
            e_first, e_again = time_open(enc, True, repeat)
            _line(f"open {label}, first in a program", p_first, e_first)
            _line(f"open {label}, again", p_again, e_again)
        _line(f"import {ROWS:,} nominations (new database)",
              time_import(folder, csv_path, False, repeat),
              time_import(folder, csv_path, True, repeat))
        (p_rank, count), (e_rank, _) = (time_ranking(large_plain, False, repeat),
                                        time_ranking(large_enc, True, repeat))
        _line(f"rank every category ({count:,} nominations)", p_rank, e_rank)
        _line(f"checked backup of {ROWS:,} nominations",
              time_backup(large_plain, False, repeat, folder),
              time_backup(large_enc, True, repeat, folder))
        encryption.forget_all()


if __name__ == "__main__":
    main()
