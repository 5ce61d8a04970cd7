"""Reading the judging part of an event JSON (format version 2, written by exports.py).

Checks the event's tie-break rules and scoring mode, each category's lead judge and
confirmation time, and the ``judging`` lists: scorecards (scores and comments), submissions,
conflicts, casting decisions and confirmed placements. References are the file's natural
keys — a nomination's ref, a judge's sponsor and name, a category's name, a criterion's name
within the nomination's category, a young person's file key — and every problem is reported
at once with its path in the file. :func:`check_judging` needs no database: it resolves the
keys to places in the import's plan (:class:`ImportedKeys`); :func:`store_judging` writes
the rows with the ids those places were given. Judge totals are derived, so they are
recomputed rather than read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from awards_app.core.enums import ConflictKind
from awards_app.core.scoring import DEFAULT_TIE_BREAKS, UNRESOLVED, Placement, TieBreak
from awards_app.core.text import name_key
from awards_app.db.models import (
    CastingDecision,
    ConfirmedPlacement,
    Conflict,
    Score,
    ScoreComment,
    Submission,
)
from awards_app.services.judging.scores import refresh_totals
from awards_app.services.transfer.event_json.fields import FileChecker
from awards_app.services.transfer.event_json.rows import StoredIds
from awards_app.services.transfer.rows import TABLES, TableRows, database_rows, write_rows

PIN_HASH_PREFIX = "$argon2"
JudgeKey = tuple[str, str]  # (name_key(sponsor name), name_key(judge name))


class CriterionKey(NamedTuple):
    """What a score is checked against: a criterion's place in the plan, name and scale."""

    id: int
    name: str
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class ImportedKeys:
    """What the rest of the import will create, found by the file's natural keys: each
    "id" here is the record's place in the plan (``StoredIds`` turns it into a real id)."""

    categories: Mapping[str, int]  # name_key(category name) → place
    category_names: Mapping[int, str]  # place → name as stored
    criteria: Mapping[int, Mapping[str, CriterionKey]]  # category → name_key(name) → it
    judges: Mapping[JudgeKey, int]  # → place
    nominations: Mapping[str, tuple[int, int]]  # ref → (nomination place, category place)
    nominees: Mapping[str, int]  # file key → young person's place


@dataclass(frozen=True)
class JudgingPart:
    """The judging part of a file, checked: rows whose references are places in the plan."""

    tie_breaks: str  # comma-separated TieBreak values, as Event.tie_breaks
    normalised_results: bool
    categories: Mapping[int, tuple[int | None, datetime | None]]  # lead judge, confirmed at
    rows: tuple[TableRows, ...]  # scores, comments, submissions, conflicts, casting, placements


def judge_key(sponsor: str, name: str) -> JudgeKey:
    return name_key(sponsor), name_key(name)


def clean_pin_hash(value: Any) -> str | None:
    """A judge's PIN hash from the file (argon2 hashes are safe to carry); raises ValueError."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(PIN_HASH_PREFIX) or len(value) > 200:
        raise ValueError("is not an argon2 PIN hash; leave it null and set the PIN again")
    # argon2 (cffi) loads only when a file carries PIN hashes (start-up time)
    from argon2 import PasswordHasher, extract_parameters
    from argon2.exceptions import InvalidHashError

    try:
        given = extract_parameters(value)
    except (InvalidHashError, ValueError):
        raise ValueError("is not an argon2 PIN hash; leave it null and set the PIN again"
                         ) from None
    own = PasswordHasher()
    if (given.type != own.type or given.memory_cost < own.memory_cost
            or given.time_cost < own.time_cost or given.parallelism < own.parallelism):
        # A cheap hash is one a PIN can quickly be guessed from.
        raise ValueError(
            f"is made more cheaply than this program's own PIN hashes (memory {given.memory_cost} "
            f"KiB, {given.time_cost} passes, {given.parallelism} lanes; at least "
            f"{own.memory_cost} KiB, {own.time_cost} passes, {own.parallelism} lanes), so a PIN "
            "could be guessed from it; leave it null and set the PIN again")
    return value


class _Reader(FileChecker):
    """Checks the judging records, remembering every problem with its path in the file."""

    def __init__(self, keys: ImportedKeys) -> None:
        super().__init__()
        self.keys = keys
        self.category_names = keys.category_names
        self.criteria = keys.criteria

    def judge(self, path: str, value: Any, *, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if not (isinstance(value, dict) and isinstance(value.get("sponsor"), str)
                and isinstance(value.get("name"), str)):
            self.add(path, 'must name a judge as {"sponsor": …, "name": …}')
            return None
        judge_id = self.keys.judges.get(judge_key(value["sponsor"], value["name"]))
        if judge_id is None:
            self.add(path, f"'{value['name']}' of '{value['sponsor']}' is not a judge in this "
                           "file")
        return judge_id

    def nomination(self, path: str, value: Any, *, optional: bool = False
                   ) -> tuple[int, int] | None:
        if value is None and optional:
            return None
        found = self.keys.nominations.get(value) if isinstance(value, str) else None
        if found is None:
            self.add(path, f"'{value}' is not a nomination ref in this file")
        return found

    def category(self, path: str, value: Any) -> int | None:
        found = self.keys.categories.get(name_key(value)) if isinstance(value, str) else None
        if found is None:
            self.add(path, f"'{value}' is not a category in this file")
        return found


def judging_size(document: Mapping[str, Any]) -> int:
    """How many scorecards the file holds, for progress."""
    section = document.get("judging")
    cards = section.get("scorecards") if isinstance(section, dict) else None
    return len(cards) if isinstance(cards, list) else 0


def check_judging(
    document: Mapping[str, Any],
    keys: ImportedKeys,
    dialect: Dialect,
    progress: Callable[[int], None],
) -> JudgingPart:
    """Check the event's judging settings and records (rows prepared for ``dialect``); every
    problem is raised at once (a ValidationError), each named by its path in the file."""
    r = _Reader(keys)
    tie_breaks, normalised = _event_settings(r, document.get("event") or {})
    categories = _category_settings(r, document.get("categories") or [])
    section = document.get("judging", {})
    if not isinstance(section, dict):
        r.add("judging", "must be an object")
        section = {}
    scores, comments = _scorecards(r, section, progress)
    rows: dict[type[Any], list[dict[str, Any]]] = {
        Score: scores, ScoreComment: comments, Submission: _submissions(r, section),
        Conflict: _conflicts(r, section), CastingDecision: _casting(r, section),
        ConfirmedPlacement: _placements(r, section),
    }
    r.raise_if_any()
    return JudgingPart(tie_breaks=tie_breaks, normalised_results=normalised,
                       categories=categories,
                       rows=tuple(database_rows(dialect, model.__tablename__, items)
                                  for model, items in rows.items() if items))


def store_judging(session: Session, part: JudgingPart, ids: StoredIds) -> None:
    """Write a checked judging part for the stored event (``ids``: where the plan's places
    went), then recompute its judge totals and stored results once."""
    settings = [{"category": ids.categories[place], "lead": None if lead is None
                 else ids.judges[lead], "confirmed": confirmed}
                for place, (lead, confirmed) in part.categories.items()
                if lead is not None or confirmed is not None]
    if settings:
        category = TABLES["category"]
        session.execute(update(category).where(category.c.id == bindparam("category"))
                        .values(lead_judge_id=bindparam("lead"),
                                results_confirmed_at=bindparam("confirmed")), settings)
    for rows in part.rows:
        write_rows(session, rows, ids)
    refresh_totals(session, event_id=ids.event)


def _event_settings(r: _Reader, event: Any) -> tuple[str, bool]:
    default = ",".join(t.value for t in DEFAULT_TIE_BREAKS)
    if not isinstance(event, dict):
        return default, False
    rules = event.get("tie_breaks")
    tie_breaks = default
    if rules is not None:
        choices = tuple(t.value for t in TieBreak)
        if not isinstance(rules, list) or any(rule not in choices for rule in rules):
            r.add("event.tie_breaks", f"must be a list of {', '.join(choices)}, in the order "
                                      "to apply them")
        elif len(set(rules)) != len(rules):
            r.add("event.tie_breaks", "names a rule more than once")
        else:
            tie_breaks = ",".join(rules)
    normalised = event.get("normalised_results", False)
    if not isinstance(normalised, bool):
        r.add("event.normalised_results", "must be true or false")
        normalised = False
    return tie_breaks, normalised


def _category_settings(
    r: _Reader, specs: Any
) -> dict[int, tuple[int | None, datetime | None]]:
    """category id → (lead judge id, results confirmed at)."""
    out: dict[int, tuple[int | None, datetime | None]] = {}
    for i, spec in enumerate(specs if isinstance(specs, list) else []):
        if not isinstance(spec, dict):
            continue  # the category import has reported it
        category_id = r.keys.categories.get(name_key(str(spec.get("name", ""))))
        lead = r.judge(f"categories[{i}].lead_judge", spec.get("lead_judge"), optional=True)
        confirmed = r.when(f"categories[{i}].results_confirmed_at",
                           spec.get("results_confirmed_at"), optional=True)
        if category_id is not None:
            out[category_id] = (lead, confirmed)
    return out


def _scorecards(
    r: _Reader, section: Mapping[str, Any], progress: Callable[[int], None]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    scores: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    seen: dict[Any, str] = {}
    for done, (path, card) in enumerate(r.records(section, "scorecards", where="judging"), start=1):
        if done % 500 == 0:
            progress(done)
        found = r.nomination(f"{path}.nomination", card.get("nomination"))
        judge_id = r.judge(f"{path}.judge", card.get("judge"))
        values = card.get("scores", {})
        if not isinstance(values, dict):
            r.add(f"{path}.scores", "must be an object of criterion name → score")
            values = {}
        scored_at = r.when(f"{path}.scored_at", card.get("scored_at"), optional=not values)
        comment = r.text(f"{path}.comment", card.get("comment"), max_length=4000,
                         optional=True)
        if found is None or judge_id is None:
            continue
        nomination_id, category_id = found
        if not r.once(seen, (judge_id, nomination_id), path, "the same judge and nomination"):
            continue
        criteria = r.criteria.get(category_id, {})
        named: set[int] = set()
        for name, value in values.items():
            where = f"{path}.scores.{name}"
            criterion = criteria.get(name_key(name))
            if criterion is None:
                r.add(where, f"'{name}' is not a criterion of {r.category_names[category_id]}")
            elif criterion.id in named:
                r.add(where, f"scores {criterion.name} a second time")
            elif not isinstance(value, int) or isinstance(value, bool):
                r.add(where, f"{value!r} is not a whole number")
            elif not criterion.scale_min <= value <= criterion.scale_max:
                r.add(where, f"{value} is outside {criterion.name}'s scale "
                             f"{criterion.scale_min}–{criterion.scale_max}")
            else:
                named.add(criterion.id)
                scores.append({"judge_id": judge_id, "nomination_id": nomination_id,
                               "criterion_id": criterion.id, "value": value,
                               "updated_at": scored_at})
        if comment is not None:
            comments.append({"judge_id": judge_id, "nomination_id": nomination_id,
                             "comment": comment})
    return scores, comments


def _submissions(r: _Reader, section: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    seen: dict[Any, str] = {}
    for path, item in r.records(section, "submissions", where="judging"):
        judge_id = r.judge(f"{path}.judge", item.get("judge"))
        category_id = r.category(f"{path}.category", item.get("category"))
        at = r.when(f"{path}.submitted_at", item.get("submitted_at"))
        if judge_id is not None and category_id is not None and r.once(
                seen, (judge_id, category_id), path, "the same judge and category"):
            out.append({"judge_id": judge_id, "category_id": category_id, "submitted_at": at})
    return out


def _conflicts(r: _Reader, section: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    kinds = tuple(k.value for k in ConflictKind)
    for path, item in r.records(section, "conflicts", where="judging"):
        judge_id = r.judge(f"{path}.judge", item.get("judge"))
        found = r.nomination(f"{path}.nomination", item.get("nomination"), optional=True)
        nominee_key = item.get("nominee")
        nominee_id = None
        if nominee_key is not None:
            nominee_id = r.keys.nominees.get(str(nominee_key))
            if nominee_id is None:
                r.add(f"{path}.nominee", f"'{nominee_key}' is not a nominee key in this file")
        if item.get("nomination") is None and nominee_key is None:
            r.add(path, "names neither a nomination nor a young person (nominee)")
        kind = r.choice(f"{path}.kind", item.get("kind"), kinds)
        declared_by = r.choice(f"{path}.declared_by", item.get("declared_by"),
                               ("judge", "coordinator"))
        note = r.text(f"{path}.note", item.get("note", ""), max_length=2000)
        at = r.when(f"{path}.created_at", item.get("created_at"))
        out.append({"judge_id": judge_id, "nomination_id": found[0] if found else None,
                    "nominee_id": nominee_id, "kind": ConflictKind(kind) if kind else None,
                    "note": note, "declared_by": declared_by, "created_at": at})
    return out


def _casting(r: _Reader, section: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    seen: dict[Any, str] = {}
    for path, item in r.records(section, "casting_decisions", where="judging"):
        category_id = r.category(f"{path}.category", item.get("category"))
        found = r.nomination(f"{path}.nomination", item.get("nomination"))
        position = r.whole(f"{path}.position", item.get("position"), minimum=1)
        judge_id = r.judge(f"{path}.judge", item.get("judge"), optional=True)
        reason = r.text(f"{path}.reason", item.get("reason", ""), max_length=4000)
        at = r.when(f"{path}.decided_at", item.get("decided_at"))
        if category_id is not None and found is not None and r.once(
                seen, (category_id, found[0]), path, "the same category and nomination"):
            out.append({"category_id": category_id, "nomination_id": found[0],
                        "position": position, "judge_id": judge_id,
                        "reason": reason,
                        "decided_at": at})
    return out


def _placements(r: _Reader, section: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    seen: dict[Any, str] = {}
    tie_breaks = (*(t.value for t in TieBreak), UNRESOLVED)
    for path, item in r.records(section, "placements", where="judging"):
        category_id = r.category(f"{path}.category", item.get("category"))
        found = r.nomination(f"{path}.nomination", item.get("nomination"))
        placement = r.choice(f"{path}.placement", item.get("placement"),
                             tuple(p.value for p in Placement))
        rank = r.whole(f"{path}.rank", item.get("rank"), minimum=1, optional=True)
        score = r.number(f"{path}.score", item.get("score"))
        normalised = r.number(f"{path}.normalised_score", item.get("normalised_score"))
        tie_break = item.get("tie_break")
        if tie_break is not None:
            tie_break = r.choice(f"{path}.tie_break", tie_break, tie_breaks)
        at = r.when(f"{path}.confirmed_at", item.get("confirmed_at"))
        if category_id is not None and found is not None and r.once(
                seen, (category_id, found[0]), path, "the same category and nomination"):
            out.append({"category_id": category_id, "nomination_id": found[0],
                        "placement": placement, "rank": rank, "score": score,
                        "normalised_score": normalised, "tie_break": tie_break,
                        "confirmed_at": at})
    return out
