"""Generated test data shared by tests and benchmarks."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from awards_app.services.imports import TEMPLATE_COLUMNS

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
