"""Finding the young person and the worker a story names by what someone typed (the command
line): case and accents ignored, the young person by full or preferred name (and date of
birth when several share it), the worker by email or name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.errors import ValidationError
from awards_app.core.search import named
from awards_app.db.models import Nominee, Worker


def find_young_person(session: Session, typed: str, *, born: date | None = None) -> int:
    """The id of the young person called ``typed`` (born on ``born`` when given);
    ValidationError naming the fix when there is none, or several and no date of birth."""
    candidates = list(session.scalars(select(Nominee).order_by(Nominee.id)))
    if born is not None:
        candidates = [n for n in candidates if n.date_of_birth == born]
    found = named(candidates, typed, lambda n: f"{n.first_name} {n.last_name}") or named(
        candidates, typed, lambda n: n.preferred_name)
    if len(found) == 1:
        return found[0].id
    if not found:
        when = f" born {born:%d/%m/%Y}" if born is not None else ""
        raise ValidationError.single(
            "young_person", f"no young person called '{typed}'{when} is recorded; check the "
                            "spelling, or add them first (a nomination, or an import with "
                            "their date of birth)")
    raise ValidationError.single(
        "young_person", f"{len(found)} young people are called '{typed}'; add --born "
                        "YYYY-MM-DD to say which")


def find_worker(session: Session, typed: str) -> int:
    """The id of the worker whose email or name is ``typed``."""
    workers = list(session.scalars(select(Worker).order_by(Worker.id)))
    wanted = typed.strip().lower()
    found = [w for w in workers if w.email and w.email.lower() == wanted] or named(
        workers, typed, lambda w: w.name)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise ValidationError.single("worker", f"no worker called '{typed}' is recorded; "
                                               "check the spelling or give their email")
    raise ValidationError.single("worker", f"{len(found)} workers are called '{typed}'; give "
                                           "their email instead")
