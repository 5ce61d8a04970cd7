"""Generated test data shared by tests and benchmarks."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from awards_app.services.transfer.imports import TEMPLATE_COLUMNS

FIRST = ["Amara", "Zoë", "Mohammed", "Łucja", "Seán", "Aisha", "Tiago", "Nguyễn", "Kwame",
         "Hodan", "Dóra", "Ali", "Grace", "Yusuf", "Ana-María", "Ruth", "Dmitri", "Leila"]
LAST = ["O'Connor", "Mensah", "Kowalski", "Haddad", "Smith-Jones", "Osei", "Ferreira", "Yilmaz",
        "D'Souza", "Nowak", "Abdi", "Tran", "Okafor", "Popescu", "Khan", "Murphy"]
CATEGORIES = ["Education Star", "Sports Hero", "Independence Star", "Life Changer",
              "Positive Role Model", "Inspirational Award", "Community Champion",
              "Culture Champion", "Care Leaver of the Year"]
WORDS = ("determined kind brave steady proud college football cooking budget friends "
         "mentor volunteer apprenticeship music art resilience courage hope").split()


def narrative(rng: random.Random, words: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def nomination_rows(count: int, *, seed: int = 7, ceremony: date = date(2027, 3, 19)) -> list[dict[str, str]]:
    """``count`` valid, distinct nomination rows (every nominee unique)."""
    rng = random.Random(seed)
    rows = []
    youngest = ceremony - timedelta(days=int(16.2 * 365.25))
    for i in range(count):
        dob = youngest - timedelta(days=rng.randrange(0, int(8.5 * 365)))
        worker = rng.randrange(60)
        rows.append({
            "category": CATEGORIES[i % len(CATEGORIES)],
            "nominee_first_name": rng.choice(FIRST),
            "nominee_last_name": f"{rng.choice(LAST)}-{i}",
            "nominee_preferred_name": "",
            "nominee_date_of_birth": dob.strftime("%d/%m/%Y") if i % 2 else dob.isoformat(),
            "out_of_area": rng.choice(["yes", "no", ""]),
            "nominator_name": f"Worker {worker}",
            "nominator_email": f"worker{worker}@council.example",
            "nominator_team": f"Team {worker % 5}",
            "success": narrative(rng),
            "obstacles": narrative(rng),
            "nominee_voice": "I did it." if i % 3 == 0 else "",
            "nominee_aware": rng.choice(["yes", "no", ""]),
            "consent_certificate_name": rng.choice(["yes", "no", ""]),
            "consent_public": rng.choice(["y", "n", ""]),
            "consent_photo": rng.choice(["true", "false", ""]),
        })
    return rows


def write_nominations_csv(path: Path, count: int, *, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS["nominations"]))
        writer.writeheader()
        writer.writerows(nomination_rows(count, seed=seed))
    return path


def award_demo(database: Any, *, seed: int = 2027) -> int:
    """The demo event after judging day: every category scored by all its judges, submitted,
    ties settled by the lead judge's casting decision, and every result confirmed.
    Returns the event id."""
    from awards_app.services import demo
    from awards_app.services import judging
    from awards_app.services.judging import results

    rng = random.Random(seed)
    with database.session() as session:
        event_id = demo.create_demo_event(session).id
    with database.session() as session:
        for row in judging.judging_progress(session, event_id):
            for item in judging.judge_queue(session, row.judge_id):
                if item.category_id == row.category_id:
                    judging.save_scores(session, judge_id=row.judge_id,
                                        nomination_id=item.nomination_id,
                                        scores={c.id: rng.randint(4, 10) for c in item.criteria})
            judging.submit_category(session, judge_id=row.judge_id, category_id=row.category_id)
    with database.session() as session:
        for result in results.category_results(session, event_id):
            if not result.ranking:
                continue
            if result.problem:
                judges = judging.judges_of_category(session, result.category_id)
                judging.set_lead_judge(session, category_id=result.category_id,
                                       judge_id=judges[0][0])
                tied = [r.nomination_id for r in result.ranking if r.tie_break == "unresolved"]
                results.record_casting_decision(session, category_id=result.category_id,
                                                order=tied, reason="Agreed on the day")
            results.confirm_results(session, result.category_id)
    return event_id


def json_round_trip(
    path: Path, target: Any, work: Path, *, include_pins: bool = False
) -> tuple[dict[str, Any], dict[str, Any], int]:
    """Import the event file ``path`` into the database ``target``, export it again, and
    return (first document, second document, imported event id), both without
    ``exported_at`` (the only key that must differ)."""
    import json

    from awards_app.services.transfer.event_json import reader as event_import
    from awards_app.services.transfer import exports

    with target.session() as session:
        imported_id = event_import.import_event(session, path=path).id
    again = work / "round-trip.json"
    with target.session() as session:
        exports.export_event(session, event_id=imported_id, path=again,
                             include_pins=include_pins)
    first = json.loads(path.read_text(encoding="utf-8"))
    second = json.loads(again.read_text(encoding="utf-8"))
    first.pop("exported_at"), second.pop("exported_at")
    return first, second, imported_id


def judged_event(database: Any, event_id: int, folder: Path, *, nominations: int,
                 judges: int) -> tuple[list[int], list[tuple[int, list[int]]]]:
    """``nominations`` accepted nominations imported into the event, one sponsor judging
    every category they are in, and its ``judges``; returns (judge ids, [(nomination id,
    its criteria ids)] in id order): what each judge has to score."""
    from sqlalchemy import select, update

    from awards_app.db.models import Criterion, Nomination
    from awards_app.services.catalogue import sponsors
    from awards_app.services.transfer import nominations_import

    path = write_nominations_csv(folder / "judged.csv", nominations)
    with database.session() as s:
        nominations_import.import_nominations(s, event_id=event_id, path=path)
        s.execute(update(Nomination).values(status="accepted"))
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Every category")
        for category_id in s.scalars(select(Nomination.category_id).distinct()):
            sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=category_id)
        judge_ids = [sponsors.create_judge(s, sponsor_id=sponsor.id, name=f"Judge {n}").id
                     for n in range(judges)]
    with database.read_session() as s:
        criteria: dict[int, list[int]] = {}
        for criterion_id, category_id in s.execute(select(Criterion.id, Criterion.category_id)):
            criteria.setdefault(category_id, []).append(criterion_id)
        work = [(n, criteria[c]) for n, c in s.execute(
            select(Nomination.id, Nomination.category_id).order_by(Nomination.id))]
    return judge_ids, work
